from components.sheet_page import render_sheet_page

render_sheet_page("pilot_plan")
