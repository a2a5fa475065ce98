"""Showing user text in Streamlit elements that interpret Markdown (messages, labels, captions).

Streamlit renders the body of ``st.error``/``st.warning``/``st.info``/``st.success``/``st.markdown``
and of labels as Markdown with its own extensions: ``[x](url)`` links, ``![](url)`` images fetched
from anywhere, ``:red[…]`` colours, ``:material/…:`` icons, ``$…$`` maths and bare-URL autolinks.
Any text that came from a user or a file passes through one of these functions first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from worksheets.links import Piece

_MD = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'])")


def md_escape(text: str, limit: int = 80) -> str:
    """User text made inert for Markdown (no links, images or emphasis), shortened to one line."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return _MD.sub(r"\\\1", one_line)


def plain(text: str) -> str:
    """A whole message shown as plain text: every Markdown character escaped, line breaks kept."""
    return "  \n".join(_MD.sub(r"\\\1", line) for line in str(text).split("\n"))


def inline(text: str) -> str:
    """A fragment of user text for inside a Markdown line: escaped, line breaks shown as 「↵」."""
    return _MD.sub(r"\\\1", str(text).replace("\r", "").replace("\n", "↵ "))


def diff_markdown(pieces: Iterable[Piece], limit: int) -> str:
    """A character diff as Markdown: removed text struck through on red, added text bold on green; every piece
    escaped and cut to ``limit`` characters (the change notice and the version comparison both draw it)."""
    out = []
    for piece in pieces:
        text = inline(piece.text[:limit])
        if piece.kind != "same" and not text.strip():
            text = "␣" * min(len(piece.text), 5)  # a changed space must still be visible
        if piece.kind == "same":
            out.append(text)
        elif piece.kind == "del":
            out.append(f":red-background[~~{text}~~]")
        else:
            out.append(f":green-background[**{text}**]")
    return "".join(out)
