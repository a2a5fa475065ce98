"""Showing user text in Streamlit elements that interpret Markdown (labels, captions)."""

from __future__ import annotations

import re

_MD = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md_escape(text: str, limit: int = 80) -> str:
    """User text made inert for Markdown (no links, images or emphasis), shortened to one line."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return _MD.sub(r"\\\1", one_line)
