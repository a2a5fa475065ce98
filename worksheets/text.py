"""Text value types shared by every sheet.

Why: every renderer (form, Excel, PDF) must see the same normalised text, so normalisation
happens once, at model validation: line breaks become ``\\n`` and invisible control characters
(which openpyxl refuses to write and PDFs cannot show) are dropped. Tabs and line breaks stay.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

SHORT_MAX = 200
LONG_MAX = 5000
LINE_MAX = 500
LIST_MAX = 50

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def normalize_text(value: object) -> object:
    """Unify line breaks and drop control characters other than tab and newline."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


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
