"""Text value types shared by every sheet.

Why: every renderer (form, Excel, PDF) must see the same normalised text, so normalisation
happens once, at model validation: line breaks become ``\\n`` and invisible control characters
(which openpyxl refuses to write and PDFs cannot show) are dropped, and so are bidi overrides and
zero-width characters (which can make printed text read differently from what was stored). Tabs
and line breaks stay.

Names (participant, team, workshop) go through :func:`clean_name`: the same cleaning, plus every
other invisible format character, and whitespace folded into single spaces on one line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

SHORT_MAX = 200
LONG_MAX = 5000
LINE_MAX = 500
LIST_MAX = 50

# C0/C1 controls (but tab and newline), noncharacters, lone surrogates; bidi embeddings, overrides
# and isolates (U+202A–U+202E, U+2066–U+2069); zero-width space, word joiner, BOM.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff"
    "\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]"
)
# Invisible in a name: the above plus joiners, direction marks, soft hyphen, Hangul fillers …
_NAME_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0")


def normalize_text(value: object) -> object:
    """Unify line breaks; drop control characters other than tab and newline, bidi overrides and
    zero-width characters."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_name(value: str | None) -> str:
    """A display name as every renderer can show it: one line, no control, format (Cf: bidi,
    zero-width, joiners …) or unassigned characters, whitespace runs folded to one space, trimmed.
    An all-invisible name becomes ``""`` (callers refuse it with a Japanese message)."""
    out: list[str] = []
    for ch in _CONTROL.sub("", value or ""):
        cat = unicodedata.category(ch)
        if ch == "\u3000":  # the full-width space of 「山田　太郎」 stays
            out.append(ch)
        elif ch.isspace() or cat in ("Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Cn") or ch in _NAME_INVISIBLE:
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _single_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("改行を含めることはできません")
    return value


def _clean_lines(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


ShortText = Annotated[str, BeforeValidator(normalize_text), AfterValidator(_single_line), Field(max_length=SHORT_MAX)]
LongText = Annotated[str, BeforeValidator(normalize_text), Field(max_length=LONG_MAX)]
Line = Annotated[str, BeforeValidator(normalize_text), AfterValidator(_single_line), Field(max_length=LINE_MAX)]
Lines = Annotated[list[Line], AfterValidator(_clean_lines), Field(max_length=LIST_MAX)]


def split_lines(text: str) -> list[str]:
    """Turn a multi-line text box (one item per line) into list items."""
    return [line.strip() for line in str(normalize_text(text)).split("\n") if line.strip()]


def join_lines(items: list[str]) -> str:
    return "\n".join(items)
