"""The frame every sheet page shares: draft status, meter, form, save and load."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import reruns
from components.history_panel import render_history
from components.jargon import render_jargon
from components.links import render_carry_panel, render_source_changes
from components.meter import render_meter
from components.review_panel import render_reviews
from components.safe import md_escape
from components.save_load import render_downloads, render_starts, render_upload
from components.sheet_form import render_form
from components.state import SAVE_FAILED, OpenSheet, current, open_sheet, resolve_conflict, updated_label
from worksheets.registry import SHEETS


def _not_found(sheet_type: str) -> None:
    st.warning("下書きが見つかりません。URL を確かめるか、新しい下書きを始めてください。")
    if st.button("新しい下書きを始める", key=f"notfound.{sheet_type}"):
        del st.query_params["draft"]
        st.rerun()


def _conflict(sheet_type: str, cur: OpenSheet) -> None:
    assert cur.conflict is not None
    st.error(
        "この下書きは別のタブまたは別の端末で更新されています"
        f"（{updated_label(cur.conflict.updated_at)} 保存）。両方で変更した項目があります。"
        "どちらの内容を残すか選んでください（片方だけで変更した項目は、どちらを選んでも残ります）。"
    )
    for label, mine, theirs in cur.conflicts:
        st.markdown(f"**{md_escape(label, 80)}**")
        a, b = st.columns(2)
        a.caption("あなたの入力（まだ保存されていません）")
        a.text(mine or "（空欄）")
        b.caption("別のタブ・端末で保存された内容")
        b.text(theirs or "（空欄）")
    a, b = st.columns(2)
    a.button(
        "自分の入力で上書き保存",
        key=f"mine.{sheet_type}",
        on_click=reruns.redraw_body,
        args=(sheet_type, resolve_conflict, True),
        width="stretch",
    )
    b.button(
        "保存済みの最新版を読み込む（自分の入力は破棄）",
        key=f"theirs.{sheet_type}",
        on_click=reruns.redraw_body,
        args=(sheet_type, resolve_conflict, False),
        width="stretch",
    )


def _status(cur: OpenSheet) -> None:
    """Only what the server confirmed: 保存済み after a save that succeeded, otherwise say so. (While the
    connection is down, autosave.js hides this line: nothing can be confirmed then.)"""
    with st.container(key="worksheets-status"):
        _status_text(cur)


def _status_text(cur: OpenSheet) -> None:
    if "_new" in cur.errors:  # a new draft (empty, sample, upload) could not be stored
        st.error(cur.errors.pop("_new"))
    if cur.unsaved is not None:
        st.warning(f"{SAVE_FAILED}。次に入力したときに、もう一度保存します。")
    elif not cur.draft_id:
        st.caption("まだ保存されていません。入力すると自動で保存され、この URL から続きを開けるようになります。")
    else:
        st.caption(f"✔ 自動保存済み（第{cur.version}版）。この URL を開けば、いつでも続きから再開できます。")


def _status_part(sheet_type: str) -> None:
    cur = current(sheet_type)
    if cur.notice:  # here, not at the top of the page: a settled conflict reruns only the body
        st.success(cur.notice)
        cur.notice = ""
    if cur.conflict is not None:
        _conflict(sheet_type, cur)
    else:
        _status(cur)
    title = getattr(cur.sheet, "title", None)
    if isinstance(title, str):  # e.g. the paper's 【タイトル】〇〇市区町村における△△について
        st.markdown(f"**【タイトル】{md_escape(title, 200)}**")


def _meter_part(sheet_type: str) -> None:
    cur, spec = current(sheet_type), SHEETS[sheet_type]
    render_meter(cur.sheet, spec.meter_title, spec.minimum_note)
    if spec.jargon_check:
        render_jargon(cur.sheet)


def _reviews_part(sheet_type: str) -> None:
    reruns.drawn(sheet_type, reruns.REVIEWS)
    render_reviews(current(sheet_type))


def _after_part(sheet_type: str, after_form: Callable[[OpenSheet], None]) -> None:
    after_form(current(sheet_type))


def _history_part(sheet_type: str) -> None:
    render_history(current(sheet_type))


def _downloads_part(sheet_type: str) -> None:
    render_downloads(current(sheet_type))  # file names follow the テーマ as it is typed


def _sheet_body(sheet_type: str, after_form: Callable[[OpenSheet], None] | None) -> None:
    """The sheet: a fragment (an edit does not rerun the page around it) made of keyed parts, so that an
    edit reruns only the parts it changed (components.reruns)."""
    cur = current(sheet_type)
    if cur.created:  # the first save created the draft: a full run shows it in 最近の下書き at once
        st.rerun(scope="app")
    reruns.apply_pending(sheet_type)
    reruns.fragment(sheet_type, reruns.STATUS, _status_part, sheet_type)
    reruns.fragment(sheet_type, reruns.METER, _meter_part, sheet_type)
    reruns.fragment(sheet_type, reruns.REVIEWS, _reviews_part, sheet_type)
    render_form(cur)
    if after_form is not None:
        reruns.fragment(sheet_type, reruns.AFTER, _after_part, sheet_type, after_form)
    reruns.fragment(sheet_type, reruns.HISTORY, _history_part, sheet_type)
    st.divider()
    st.subheader("保存・印刷")
    reruns.fragment(sheet_type, reruns.DOWNLOADS, _downloads_part, sheet_type)


def render_sheet_page(
    sheet_type: str,
    before_form: Callable[[OpenSheet], None] | None = None,
    after_form: Callable[[OpenSheet], None] | None = None,
) -> None:
    spec = SHEETS[sheet_type]
    st.title(spec.title)
    st.write(spec.description)
    cur = open_sheet(sheet_type)
    if cur is None:
        _not_found(sheet_type)
        return
    render_starts(cur)
    render_source_changes(cur)
    render_carry_panel(cur)
    if before_form is not None:
        before_form(cur)
    st.session_state[f"after.{sheet_type}"] = after_form is not None
    reruns.fragment(sheet_type, reruns.BODY, _sheet_body, sheet_type, after_form)
    render_upload(cur)
    # Hidden; autosave.js clicks it after a reconnect: a full run, because a restarted server has
    # forgotten this page's fragment and would silently drop every edit made inside it.
    with st.container(key="worksheets-resync"):
        st.button("再接続", key=f"resync.{sheet_type}")
