"""Router and shared frame: page config, navigation, the sidebar. No sheet logic here."""

import streamlit as st

from components.a11y import install_a11y
from components.autosave import install_scripts
from components.drafts import render_sidebar
from components.server_tuning import tune_server
from components.workshop_join import render_banner
from worksheets.registry import SHEETS

tune_server()  # once per process: TCP_NODELAY on the WebSockets (40 ms less per rerun)
st.set_page_config(page_title="官民連携ワークシート", page_icon="data/favicon.png", layout="wide")

# One page per registered sheet: app_pages/<sheet_type>.py, titled and iconed by its SheetSpec.
home = st.Page("app_pages/home.py", title="ホーム", icon=":material/home:", default=True)
sheet_pages = {
    sheet_type: st.Page(f"app_pages/{sheet_type}.py", title=spec.title, icon=spec.icon, url_path=sheet_type)
    for sheet_type, spec in SHEETS.items()
}
workshop_pages = [
    st.Page("app_pages/workshop.py", title="ワークショップ（参加）", icon=":material/groups:", url_path="workshop"),
    st.Page(
        "app_pages/workshop_admin.py",
        title="ワークショップ（ファシリテーター）",
        icon=":material/co_present:",
        url_path="workshop_admin",
    ),
]
case_page = st.Page("app_pages/case.py", title="案件", icon=":material/folder_shared:", url_path="case")
pages = [home, case_page, *sheet_pages.values(), *workshop_pages]
if st.query_params.get("review"):  # a review link: that page alone, no drafts, no navigation (issue 17)
    install_scripts()  # Japanese widget strings and lang="ja" on the counterpart's page too
    install_a11y()
    st.navigation(
        [st.Page("app_pages/review.py", title="シートの確認", url_path="review", default=True)], position="hidden"
    ).run()
    st.stop()
page = st.navigation(pages, position="hidden")
render_banner()
render_sidebar(pages, sheet_pages)
with st.sidebar:
    install_scripts()
    install_a11y()
page.run()
