"""Reading a PDF back the way a test should: its text, its pages, its fonts."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

FOOTER = re.compile(r"官民連携ワークシート ─ .*?\n?\d+ ページ")


def pages_text(data: bytes) -> list[str]:
    """Each page's text without the running footer (so a cell continued over pages reads as one)."""
    return [FOOTER.sub("", p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """NFKC and no white space, so wrapped lines compare equal to the source text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def fonts(data: bytes) -> dict[str, bool]:
    """BaseFont name -> embedded?"""
    out: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            embedded = desc is not None and any(
                k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out[str(font["/BaseFont"])] = embedded
    return out
