from components.sheet_page import render_sheet_page

render_sheet_page("dialogue_check")
