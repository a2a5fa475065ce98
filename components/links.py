"""「キャンバスから作成」「課題整理シートから作成」 and the notice when a linked source changed."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from components.safe import diff_markdown, inline, md_escape
from components.state import (
    OpenSheet,
    current,
    doc_from_draft,
    draft_choices,
    save_sheet,
    start_new,
    store,
    updated_label,
)
from worksheets import cases
from worksheets.document import Document, new_document
from worksheets.links import Carry, apply, as_text, carries_into, changes, char_diff, get_carry, overwrites
from worksheets.registry import SHEETS
from worksheets.spec import entry


def _pending_key(sheet_type: str) -> str:
    return f"pending_carry.{sheet_type}"


def _source(carry: Carry, source_id: str) -> tuple[int, dict[str, Any]] | None:
    draft = store().get(source_id)
    if draft is None or draft.sheet_type != carry.source_type:
        return None
    return draft.version, carry.values(doc_from_draft(draft).sheet)


def _link(cur: OpenSheet, carry: Carry, source_id: str, version: int, values: dict[str, Any]) -> None:
    store().link(cur.draft_id, source_id, carry.id, version, json.dumps(values, ensure_ascii=False))
    cases.join_source(store(), cur.draft_id, source_id)  # a sheet made from another joins its 案件 (issue 17)


def request_carry(sheet_type: str, carry_id: str, source_id: str, as_new: bool) -> None:
    carry = get_carry(carry_id)
    found = _source(carry, source_id)
    cur = current(sheet_type)
    if found is None:
        cur.errors["_carry"] = "元のシートが見つかりません。"
        return
    version, values = found
    if as_new:
        doc = new_document(sheet_type)
        new = start_new(
            sheet_type,
            Document(sheet_type, apply(doc.sheet, values, overwrite=True)),
            f"{carry.label}：新しい{SHEETS[sheet_type].title}を作成しました。",
        )
        _link(new, carry, source_id, version, values)
        return
    if overwrites(cur.sheet, values):  # the user confirms before any text is replaced
        st.session_state[_pending_key(sheet_type)] = (carry_id, source_id, version, values)
        return
    confirm_carry(sheet_type, overwrite=False, pending=(carry_id, source_id, version, values))


def confirm_carry(
    sheet_type: str, overwrite: bool, pending: tuple[str, str, int, dict[str, Any]] | None = None
) -> None:
    pending = pending or st.session_state.pop(_pending_key(sheet_type), None)
    if pending is None:
        return
    carry_id, source_id, version, values = pending
    carry = get_carry(carry_id)
    cur = current(sheet_type)
    save_sheet(cur, apply(cur.sheet, values, overwrite=overwrite), reseed=True)
    _link(cur, carry, source_id, version, values)
    cur.notice = f"{carry.label}：{SHEETS[carry.source_type].title}の内容を取り込みました。"


def cancel_carry(sheet_type: str) -> None:
    st.session_state.pop(_pending_key(sheet_type), None)


def take_changes(sheet_type: str, carry_id: str, source_id: str) -> None:
    carry = get_carry(carry_id)
    found = _source(carry, source_id)
    cur = current(sheet_type)
    if found is None:
        return
    version, values = found
    link = next(k for k in store().links(cur.draft_id) if k.carry == carry_id)
    changed = {c.path: c.new for c in changes(cur.sheet, json.loads(link.snapshot), values)}
    save_sheet(cur, apply(cur.sheet, changed, overwrite=True), reseed=True)
    _link(cur, carry, source_id, version, values)
    cur.notice = "出典のシートの変更を取り込みました。"


_MAX_PIECE = 200


def _highlighted(old: Any, new: Any) -> str:
    """The change itself: removed text struck through on red, added text on green, context around it."""
    if not as_text(old):
        return f":green-background[{inline(as_text(new)[:_MAX_PIECE]) or '（空欄）'}]（新しく入力）"
    if not as_text(new):
        return f":red-background[~~{inline(as_text(old)[:_MAX_PIECE])}~~]（削除）"
    return diff_markdown(char_diff(old, new), _MAX_PIECE)


def render_source_changes(cur: OpenSheet) -> None:
    for link in store().links(cur.draft_id):
        carry = get_carry(link.carry)
        draft = store().get(link.source)
        if draft is None or draft.version == link.source_version:
            continue
        diff = changes(cur.sheet, json.loads(link.snapshot), carry.values(doc_from_draft(draft).sheet))
        if not diff:
            continue
        with st.container(border=True):
            st.warning(
                f"出典の「{SHEETS[carry.source_type].title}：{md_escape(draft.title or '（無題）', 30)}」が"
                f"{updated_label(draft.updated_at)} に更新されています。変更された項目："
            )
            st.caption("取り消し線（赤）が前の内容、太字（緑）が新しい内容です。")
            for change in diff:
                st.markdown(f"- **{md_escape(change.label)}**：{_highlighted(change.old, change.new)}")
            st.button(
                "この変更を取り込む",
                key=f"take.{cur.sheet_type}.{carry.id}",
                on_click=take_changes,
                args=(cur.sheet_type, carry.id, draft.id),
            )


def render_carry_panel(cur: OpenSheet) -> None:
    carries = carries_into(cur.sheet_type)
    if not carries:
        return
    pending = st.session_state.get(_pending_key(cur.sheet_type))
    if pending is not None:
        carry_id, _, _, values = pending
        labels = "、".join(entry(cur.sheet, p).label for p in overwrites(cur.sheet, values))
        st.warning(f"{get_carry(carry_id).label}：次の項目にはすでに入力があります。上書きしますか？\n\n{labels}")
        a, b, c = st.columns(3)
        a.button(
            "上書きして取り込む",
            key=f"carry.yes.{cur.sheet_type}",
            on_click=confirm_carry,
            args=(cur.sheet_type, True),
            type="primary",
            width="stretch",
        )
        b.button(
            "空欄の項目だけ取り込む",
            key=f"carry.blank.{cur.sheet_type}",
            on_click=confirm_carry,
            args=(cur.sheet_type, False),
            width="stretch",
        )
        c.button(
            "やめる",
            key=f"carry.no.{cur.sheet_type}",
            on_click=cancel_carry,
            args=(cur.sheet_type,),
            width="stretch",
        )
    with st.expander("他のシートから作成", expanded=False):
        for carry in carries:
            source_title = SHEETS[carry.source_type].title
            names = draft_choices(carry.source_type)
            if not names:
                st.caption(f"{carry.label}：この作業スペースに「{source_title}」の下書きがありません。")
                continue
            choice = st.selectbox(
                f"{carry.label}：元にする{source_title}",
                list(names),
                format_func=names.__getitem__,
                key=f"carry.src.{cur.sheet_type}.{carry.id}",
            )
            a, b = st.columns(2)
            a.button(
                f"{carry.label}（このシートに取り込む）",
                key=f"carry.in.{cur.sheet_type}.{carry.id}",
                on_click=request_carry,
                args=(cur.sheet_type, carry.id, choice, False),
                width="stretch",
            )
            b.button(
                f"{carry.label}（新しいシートとして）",
                key=f"carry.new.{cur.sheet_type}.{carry.id}",
                on_click=request_carry,
                args=(cur.sheet_type, carry.id, choice, True),
                width="stretch",
            )
        if "_carry" in cur.errors:
            st.error(cur.errors.pop("_carry"))
