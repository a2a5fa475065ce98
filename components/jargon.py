"""用語チェック: 自治体語 / スタートアップ語 found in the sheet, with the guide's 言い換え例."""

from __future__ import annotations

import streamlit as st

from components.safe import md_escape
from worksheets.jargon import check
from worksheets.spec import SheetModel


def render_jargon(sheet: SheetModel) -> None:
    findings = check(sheet)
    with st.expander(f"用語チェック（{len(findings)}件）", expanded=bool(findings)):
        if not findings:
            st.caption("図表8の自治体語・スタートアップ語は見つかりませんでした。")
            return
        st.caption(
            "相手に馴染みがない可能性が高い言葉です（図表8。表記ゆれも含めて探しています）。言い換えを検討しましょう。"
        )
        for f in findings:
            st.markdown(
                f"- **{md_escape(f.label)}**：「{md_escape(f.term.term)}」（{f.term.category}）"
                f" → 言い換え例：{md_escape(f.term.paraphrase)}　_{md_escape(f.term.meaning)}_"
            )
