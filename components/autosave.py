"""Installs autosave.js (our own constant script, never user data) into the page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st


@cache
def _script() -> str:
    return (Path(__file__).with_name("autosave.js")).read_text(encoding="utf-8")


def install_autosave() -> None:
    st.html(f"<script>{_script()}</script>", unsafe_allow_javascript=True)
