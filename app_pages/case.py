"""案件: the sheets of one proposal, its stage and the meeting log."""

from components.case_panel import render_case_page

render_case_page()
