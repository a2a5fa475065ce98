"""Router and shared frame: page config, navigation, the sidebar. No sheet logic here."""

import streamlit as st

from components.autosave import install_autosave
from components.drafts import render_sidebar

st.set_page_config(page_title="官民連携ワークシート", page_icon=":material/handshake:", layout="wide")

home = st.Page("app_pages/home.py", title="ホーム", icon=":material/home:", default=True)
sheet_pages = {
    "issue_sheet": st.Page(
        "app_pages/issue_sheet.py", title="課題整理シート", icon=":material/edit_note:", url_path="issue_sheet"
    ),
    "issue_detail": st.Page(
        "app_pages/issue_detail.py",
        title="課題整理シート［詳細版］",
        icon=":material/table_view:",
        url_path="issue_detail",
    ),
}
pages = [home, *sheet_pages.values()]
page = st.navigation(pages, position="hidden")
render_sidebar(pages, sheet_pages)
with st.sidebar:
    install_autosave()
page.run()
