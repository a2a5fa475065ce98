from components.sheet_page import render_sheet_page
from components.timeline_panel import render_pickers, render_timeline

render_sheet_page("timeline_plan", before_form=render_pickers, after_form=render_timeline)
