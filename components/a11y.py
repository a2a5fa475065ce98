"""Accessibility fixes for Streamlit's own frame (issue 16): the document language and contrast.

Installed once per page by app.py. Both are constant (never user data): ``a11y.js`` sets
``<html lang="ja">`` (Streamlit's index.html says ``en``), and :data:`STYLE` darkens Streamlit's grey
caption text (#828180 faded to 60 % on white is 3.9:1, below WCAG 1.4.3's 4.5:1) and keeps a visible keyboard focus.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

# #555 is 7.5:1 on white and 6.6:1 on the sidebar's #f0f2f6 (WCAG AA asks 4.5:1 for normal text).
CAPTION = "#555555"
# Streamlit fades captions with opacity 0.6 on top of its grey: both are replaced.
STYLE = (
    "[data-testid=stCaptionContainer] { opacity: 1 !important; }"
    f" [data-testid=stCaptionContainer], [data-testid=stCaptionContainer] * {{ color: {CAPTION} !important; }}"
    " :focus-visible { outline: 2px solid #1a56b0 !important; outline-offset: 2px; }"
    # A table row's cells have collapsed labels (「マイルストーン1：日付」), read from the column headers.
    # Below 640 px Streamlit stacks the columns away from those headers: show each cell's label instead.
    " @media (max-width: 640px) {"
    " [data-testid=stHorizontalBlock] [data-testid=stWidgetLabel] { display: flex !important; } }"
)


@cache
def _script() -> str:
    return Path(__file__).with_name("a11y.js").read_text(encoding="utf-8")


def install_a11y() -> None:
    st.html(f"<script>{_script()}</script>", unsafe_allow_javascript=True)
    st.html(f"<style>{STYLE}</style>")
