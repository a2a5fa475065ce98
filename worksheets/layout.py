"""The printed grid of a sheet: one layout that both the Excel writer and the PDF renderer draw.

A sheet module declares where each field sits in the guide's figure with a small builder
function returning :class:`GridPage` objects. Cells take their labels and hints from the field
spec (:mod:`worksheets.spec`), never from a second copy of the wording.
"""

from __future__ import annotations

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
