"""Sidebar: page links that keep the workspace id, and 「最近の下書き」 of this workspace."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.safe import md_escape
from components.state import store, store_unavailable, updated_label, workspace_id
from worksheets.registry import SHEETS

RECENT = "drafts.recent"  # the fragment key: a sheet's first save reruns this list (components.reruns)


def render_sidebar(pages: Sequence[st.Page], sheet_pages: dict[str, st.Page]) -> None:
    ws = workspace_id()
    with st.sidebar:
        if st.session_state.pop("ws.invalid", False):
            st.warning(
                "URL のワークスペース ID（ws=）が正しくないため、新しいワークスペースで開いています。"
                "以前の下書きは、保存したときの URL をそのまま開いてください。"
            )
        for page in pages:
            st.page_link(page, query_params={"ws": ws})
        st.divider()
        st.fragment(key=RECENT)(_recent)(sheet_pages)


def _recent(sheet_pages: dict[str, st.Page]) -> None:
    ws = workspace_id()
    try:  # a broken store gives a Japanese page, not a traceback
        drafts = store().recent(ws, limit=10)
    except Exception as exc:
        store_unavailable(exc)
        return
    st.markdown("**最近の下書き**")
    if not drafts:
        st.caption("まだありません。")
    for draft in drafts:
        draft_page = sheet_pages.get(draft.sheet_type)
        if draft_page is None:
            continue
        title = md_escape(draft.title or "（無題）", 30)
        label = f"{SHEETS[draft.sheet_type].title}：{title}（{updated_label(draft.updated_at)}）"
        st.page_link(draft_page, label=label, query_params={"ws": ws, "draft": draft.id})
    st.caption(
        "下書きは自動で保存され、30日以上保管されます。このページの URL をブックマークすると、別の端末からも続きを開けます。"
    )
