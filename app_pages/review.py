"""The counterpart's review page (opened by a review link): read-only sheet, comments per field."""

from components.review_panel import render_review_page

render_review_page()
