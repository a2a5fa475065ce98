"""Installs the app's own constant scripts (never user data) into the page: autosave, the workshop timer and
the Japanese wording of Streamlit's own widget texts (i18n.js), with the little CSS they rely on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

SCRIPTS = ("autosave.js", "timer.js", "i18n.js")


@cache
def _scripts() -> str:
    return "\n".join((Path(__file__).with_name(name)).read_text(encoding="utf-8") for name in SCRIPTS)


STYLE = (
    ".st-key-worksheets-resync { display: none; }"  # the hidden button autosave.js clicks after a reconnect
    " body.worksheets-offline .st-key-worksheets-status { display: none; }"  # no 保存済み while disconnected
    # A long page name (対話チェックシート（6つの観点）) wraps in the sidebar instead of being cut off.
    " [data-testid=stSidebar] [data-testid=stPageLink-NavLink] [data-testid=stMarkdownContainer] p"
    " { white-space: normal; overflow: visible; text-overflow: clip; }"
    " [data-testid=stSidebar] [data-testid=stPageLink-NavLink] > span { overflow: visible; white-space: normal; }"
)


def install_scripts() -> None:
    st.html(f"<script>{_scripts()}</script>", unsafe_allow_javascript=True)
    st.html(f"<style>{STYLE}</style>")
