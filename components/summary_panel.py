"""事業概要資料 page piece: the 三方よし diagram its PDF prints on page 2, and that PDF's download."""

from __future__ import annotations

import streamlit as st

from components.sanpo_panel import render_pdf_download, render_text_equivalent
from components.state import OpenSheet
from worksheets.alt_text import sanpo_lines, sanpo_summary
from worksheets.diagram import NOTE, to_svg
from worksheets.sheets.project_summary import ProjectSummary, sanpo_map


def render_diagram(cur: OpenSheet) -> None:
    sheet = cur.sheet
    assert isinstance(sheet, ProjectSummary)
    st.subheader("三方よしの図（PDF の2ページ目）")
    sanpo = sanpo_map(sheet)
    st.image(to_svg(sanpo), width="stretch", alt=sanpo_summary(sanpo))
    render_text_equivalent(sanpo_lines(sanpo))
    st.caption(NOTE)
    st.caption(
        "PDF は A4 横で、1ページ目に事業の内容、2ページ目に三方よしの図、その後に三方よしのメリットと出典が入ります。"
    )
    render_pdf_download(cur)
