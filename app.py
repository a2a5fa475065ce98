"""Router and shared frame: page config, navigation, the sidebar. No sheet logic here."""

import streamlit as st

from components.autosave import install_scripts
from components.drafts import render_sidebar
from components.workshop_join import render_banner
from worksheets.registry import SHEETS

st.set_page_config(page_title="官民連携ワークシート", page_icon="data/favicon.png", layout="wide")

# One page per sheet: app_pages/<sheet_type>.py, titled with the guide's name of the sheet.
ICONS = {
    "issue_sheet": ":material/edit_note:",
    "issue_detail": ":material/table_view:",
    "lean_canvas": ":material/dashboard:",
    "discussion_paper": ":material/forum:",
    "sanpo_yoshi": ":material/diversity_3:",
    "timeline_plan": ":material/calendar_month:",
    "budget_calendar": ":material/event_note:",
}
home = st.Page("app_pages/home.py", title="ホーム", icon=":material/home:", default=True)
sheet_pages = {
    sheet_type: st.Page(f"app_pages/{sheet_type}.py", title=SHEETS[sheet_type].title, icon=icon, url_path=sheet_type)
    for sheet_type, icon in ICONS.items()
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
pages = [home, *sheet_pages.values(), *workshop_pages]
page = st.navigation(pages, position="hidden")
render_banner()
render_sidebar(pages, sheet_pages)
with st.sidebar:
    install_scripts()
page.run()
