from components.sanpo_panel import render_additions, render_map
from components.sheet_page import render_sheet_page

render_sheet_page("sanpo_yoshi", before_form=render_additions, after_form=render_map)
