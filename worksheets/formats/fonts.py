"""The Japanese TrueType font embedded in every PDF.

IPAexGothic (TrueType/glyf outlines, IPA Font License) comes from the ``matplotlib-fontja``
wheel that ``pip install -r requirements.txt`` installs; the package is located without being
imported (importing it would pull in matplotlib). reportlab cannot read CFF/OTF fonts.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "IPAexGothic"
REPLACEMENT = "〓"  # the customary 下駄 mark for a character the font cannot show


def font_path() -> Path:
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja is not installed: run pip install -r requirements.txt")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(f"IPAexGothic not found at {path}")
    return path


@cache
def register() -> str:
    """Register the font once per process (≈20 ms) and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
    return FONT_NAME


@cache
def _glyphs() -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(FONT_NAME)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(text: str) -> list[str]:
    """Characters in ``text`` the embedded font cannot draw (e.g. 𠮷, emoji), in order seen."""
    have = _glyphs()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in "\n\t" and ord(ch) not in have:
            seen.setdefault(ch)
    return list(seen)


def printable(text: str) -> str:
    """``text`` with characters the font lacks replaced by 〓, so nothing becomes silent tofu."""
    missing = set(missing_glyphs(text))
    if not missing:
        return text
    return "".join(REPLACEMENT if ch in missing else ch for ch in text)
