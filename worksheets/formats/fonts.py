"""The Japanese TrueType font embedded in every PDF.

IPAexGothic (TrueType/glyf outlines, IPA Font License) comes from the ``matplotlib-fontja``
wheel that ``pip install -r requirements.txt`` installs; the package is located without being
imported (importing it would pull in matplotlib). reportlab cannot read CFF/OTF fonts.
"""

from __future__ import annotations

import importlib.util
import zlib
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
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


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]  # reportlab ships no types
    """reportlab's FlateDecode filter at zlib level 1 instead of 6.

    Why: the embedded font subsets (50-120 KB a PDF) took 4-7 ms each to compress, a sixth of a
    sheet's PDF; level 1 is 5-9 times faster and no larger on TrueType glyph data (measured on
    IPAexGothic: 66 KB of glyphs → 26.8 KB at level 1, 29.0 KB at level 6).
    """

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


def _configure_reportlab() -> None:
    # Every stream is Flate-compressed binary: reportlab's default also ASCII85-encodes each one
    # (a quarter larger, and an encoding pass), which only mattered for 7-bit mail transports.
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress = _FastFlate()


@cache
def register() -> str:
    """Register the font once per process (≈20 ms) and return its name; every PDF of the app
    is drawn after this call, so it also sets reportlab's stream encoding (:func:`_configure_reportlab`)."""
    _configure_reportlab()
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
