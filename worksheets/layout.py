"""The printed grid of a sheet: one layout that both the Excel writer and the PDF renderer draw.

A sheet module declares where each field sits in the guide's figure with a small builder
function returning :class:`GridPage` objects. Cells take their labels and hints from the field
spec (:mod:`worksheets.spec`), never from a second copy of the wording.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel

from worksheets.spec import Entry, Kind, entry
from worksheets.text import join_lines


class Role(StrEnum):
    TITLE = "title"  # the sheet's name at the top
    HEADING = "heading"  # the guide's bold column headings (②現状 …)
    LABEL = "label"  # a short label before a value on the same row
    PROMPT = "prompt"  # a box heading with its 記載のポイント
    VALUE = "value"  # the user's text
    NOTE = "note"  # fixed small print
    BAR = "bar"  # a filled schedule cell (a month in which an 実施事項 runs)


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None  # VALUE cells that hold a field (read back from Excel)
    kind: Kind | None = None
    heading: str = ""  # PROMPT cells: bold first line; ``text`` then holds the hint
    unit: str = ""  # NUMBER cells: printed after the number


@dataclass
class GridPage:
    name: str  # Excel tab name
    title: str
    col_widths: tuple[float, ...]  # relative widths
    cells: list[Cell] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def add(self, cell: Cell) -> None:
        self.cells.append(cell)


def display_text(e: Entry) -> str:
    """A field's value as printed text (lists one item per line, numbers as digits)."""
    if e.value is None:
        return ""
    if e.spec.kind is Kind.LINES:
        return join_lines(list(e.value))
    return str(e.value)


def value_cell(
    sheet: BaseModel,
    path: str,
    row: int,
    col: int,
    *,
    rowspan: int = 1,
    colspan: int = 1,
    linked: bool = True,
) -> Cell:
    """The cell holding a field. ``linked=False`` prints a copy that is not read back."""
    e = entry(sheet, path)
    return Cell(
        row,
        col,
        display_text(e),
        Role.VALUE,
        rowspan,
        colspan,
        path=path if linked else None,
        kind=e.spec.kind,
        unit=e.spec.unit,
    )


def prompt_cell(
    sheet: BaseModel,
    path: str,
    row: int,
    col: int,
    *,
    colspan: int = 1,
    heading: str | None = None,
    hint: str | None = None,
) -> Cell:
    """A box heading with its 記載のポイント, taken from the spec."""
    e = entry(sheet, path)
    return Cell(
        row,
        col,
        e.spec.hint if hint is None else hint,
        Role.PROMPT,
        1,
        colspan,
        heading=e.spec.label if heading is None else heading,
    )


def label_cell(sheet: BaseModel, path: str, row: int, col: int, *, colspan: int = 1) -> Cell:
    return Cell(row, col, entry(sheet, path).spec.label, Role.LABEL, 1, colspan)


# Japanese line breaking (禁則処理, after JIS X 4051): characters that may not begin a line
# (closing brackets and punctuation, small kana, the long-vowel mark, iteration marks, middle
# dots) and characters that may not end one (opening brackets). Every printed text goes through
# :func:`line_ranges`: the PDF's paragraphs and the 三方よし diagram.
NO_LINE_START = frozenset(
    "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”»"
    "？！?!：；:;‼⁇⁈⁉・･ー―‐–〜～々〻ゝゞヽヾ゛゜"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“«")
_WORD_PUNCT = frozenset("/:.-_?=&%#@~+")
_FUZZ = 1e-6


def _word_char(ch: str) -> bool:
    return len(ch) == 1 and ch.isascii() and (ch.isalnum() or ch in _WORD_PUNCT)


def break_before(chars: Sequence[str], start: int, overflow: int) -> int:
    """Index of the first character of the next line, for a line from ``start`` that
    ``chars[overflow]`` no longer fits on.

    A Latin word or URL is kept whole when the second half of the line has a space or a
    Japanese character to break after. Then the break moves back (追い出し, so nothing hangs
    outside the frame) until the next line does not start with a :data:`NO_LINE_START`
    character and this line does not end with a :data:`NO_LINE_END` one. A line always keeps
    at least one character, so wrapping always progresses.
    """
    b = overflow
    if _word_char(chars[overflow]) and _word_char(chars[overflow - 1]):
        for j in range(overflow - 1, (start + overflow) // 2, -1):
            if not _word_char(chars[j - 1]):
                b = j
                break
    candidate = b
    while b > start + 1 and (chars[b] in NO_LINE_START or chars[b - 1] in NO_LINE_END):
        b -= 1
    if chars[b] in NO_LINE_START or chars[b - 1] in NO_LINE_END:
        return candidate  # e.g. a line of nothing but closing brackets: no good break exists
    return b


def line_ranges(
    chars: Sequence[str],
    widths: Sequence[float],
    max_width: Callable[[int], float],
    is_break: Callable[[int], bool] = lambda i: False,
) -> list[tuple[int, int, bool]]:
    """Wrap ``chars`` into lines no wider than ``max_width(line_number)``.

    Returns ``(start, end, hard)`` per line: ``chars[start:end]``, and whether it ends at a hard
    break (``is_break(end - 1)``). Spaces at a soft break are dropped.
    """
    out: list[tuple[int, int, bool]] = []
    n = len(chars)
    start = 0
    while start < n:
        limit = max_width(len(out))
        used = 0.0
        i = start
        while i < n:
            if is_break(i):
                out.append((start, i + 1, True))
                i += 1
                break
            if used + widths[i] > limit + _FUZZ and i > start:
                i = break_before(chars, start, i)
                out.append((start, i, False))
                while i < n and chars[i] == " " and not is_break(i):
                    i += 1
                break
            used += widths[i]
            i += 1
        else:
            out.append((start, n, False))
        start = i
    return out


def wrap_text(text: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """Plain text broken into lines no wider than ``max_width`` (its own line breaks kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        widths = [width_of(ch) for ch in paragraph]
        lines += [paragraph[a:b] for a, b, _ in line_ranges(paragraph, widths, lambda _: max_width)] or [""]
    return lines
