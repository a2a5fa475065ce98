from components.procurement_panel import render_disclaimer, render_methods
from components.sheet_page import render_sheet_page

render_sheet_page("procurement_nav", before_form=render_disclaimer, after_form=render_methods)
