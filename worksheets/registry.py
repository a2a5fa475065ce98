"""All sheet kinds the app knows, by their stable ``sheet_type``."""

from __future__ import annotations

from worksheets.sheets import issue_detail, issue_sheet
from worksheets.spec import SheetSpec

SHEETS: dict[str, SheetSpec] = {s.sheet_type: s for s in (issue_sheet.SPEC, issue_detail.SPEC)}


def get_spec(sheet_type: str) -> SheetSpec:
    return SHEETS[sheet_type]
