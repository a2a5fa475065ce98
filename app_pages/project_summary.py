from components.sheet_page import render_sheet_page
from components.summary_panel import render_diagram

render_sheet_page("project_summary", after_form=render_diagram)
