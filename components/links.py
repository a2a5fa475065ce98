"""「キャンバスから作成」「課題整理シートから作成」 and the notice when a linked source changed.

Only drawing and callbacks: the workflow (reading the source, what would be overwritten, applying,
recording the link, the source's later changes) is :mod:`worksheets.carry_over`. The session keeps a
carry that waits for the user's confirmation; the open sheet is saved through :mod:`components.state`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.safe import diff_markdown, inline, md_escape
from components.state import OpenSheet, current, draft_choices, save_sheet, start_new, store, updated_label
from worksheets import carry_over
from worksheets.carry_over import Pending
from worksheets.links import as_text, carries_into, char_diff
from worksheets.registry import SHEETS


def _pending_key(sheet_type: str) -> str:
    return f"pending_carry.{sheet_type}"


def _carry_in(cur: OpenSheet, pending: Pending, *, overwrite: bool) -> None:
    save_sheet(cur, pending.applied(cur.sheet, overwrite=overwrite), reseed=True)
    carry_over.record_link(store(), cur.draft_id, pending)
    cur.notice = f"{pending.carry.label}：{SHEETS[pending.carry.source_type].title}の内容を取り込みました。"


def request_carry(sheet_type: str, carry_id: str, source_id: str, as_new: bool) -> None:
    pending = carry_over.read_source(store(), carry_id, source_id)
    cur = current(sheet_type)
    if pending is None:
        cur.errors["_carry"] = "元のシートが見つかりません。"
        return
    if as_new:
        new = start_new(
            sheet_type,
            pending.as_new_document(),
            f"{pending.carry.label}：新しい{SHEETS[sheet_type].title}を作成しました。",
        )
        if new.created:  # not when the store refused it: start_new then returns the sheet still open
            carry_over.record_link(store(), new.draft_id, pending)
        return
    if pending.overwrites(cur.sheet):  # the user confirms before any text is replaced
        st.session_state[_pending_key(sheet_type)] = pending
        return
    _carry_in(cur, pending, overwrite=False)


def confirm_carry(sheet_type: str, overwrite: bool) -> None:
    pending = st.session_state.pop(_pending_key(sheet_type), None)
    if isinstance(pending, Pending):
        _carry_in(current(sheet_type), pending, overwrite=overwrite)


def cancel_carry(sheet_type: str) -> None:
    st.session_state.pop(_pending_key(sheet_type), None)


def take_changes(sheet_type: str, carry_id: str, source_id: str) -> None:
    cur = current(sheet_type)
    found = carry_over.take_changes(store(), cur.draft_id, cur.sheet, carry_id, source_id)
    if found is None:
        return
    sheet, pending = found
    save_sheet(cur, sheet, reseed=True)
    carry_over.record_link(store(), cur.draft_id, pending)
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
    for found in carry_over.changed_sources(store(), cur.draft_id, cur.sheet):
        carry, draft = found.carry, found.source
        with st.container(border=True):
            st.warning(
                f"出典の「{SHEETS[carry.source_type].title}：{md_escape(draft.title or '（無題）', 30)}」が"
                f"{updated_label(draft.updated_at)} に更新されています。変更された項目："
            )
            st.caption("取り消し線（赤）が前の内容、太字（緑）が新しい内容です。")
            for change in found.changes:
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
    if isinstance(pending, Pending):
        labels = "、".join(pending.overwritten_labels(cur.sheet))
        st.warning(f"{pending.carry.label}：次の項目にはすでに入力があります。上書きしますか？\n\n{labels}")
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
