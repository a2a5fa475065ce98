"""Every declared field sits exactly once in every placement: the page's form grid and the printed layout.

A field added to a model and to ``layout()`` but forgotten in ``SheetSpec.form_grid`` would have no widget on the
page (and the reverse would drop it from Excel and the PDF); these tests fail on either omission.
"""

from __future__ import annotations

from collections import Counter

import pytest

from worksheets.layout import Role
from worksheets.registry import SHEETS
from worksheets.spec import FieldSpec, declared, empty_item, entries, item_model

SHEET_TYPES = sorted(SHEETS)


def _visible_top_level(sheet_type: str) -> set[str]:
    return {
        name for name, spec in declared(SHEETS[sheet_type].model) if not (isinstance(spec, FieldSpec) and spec.hidden)
    }


@pytest.mark.parametrize("sheet_type", [t for t in SHEET_TYPES if SHEETS[t].form_grid is not None])
def test_form_grid_places_every_visible_field_once(sheet_type: str) -> None:
    grid = SHEETS[sheet_type].form_grid
    assert grid is not None
    placed = Counter(name for row in grid for names in row for name in names)
    twice = sorted(name for name, n in placed.items() if n > 1)
    assert twice == [], f"{sheet_type}: placed more than once in form_grid: {twice}"
    visible = _visible_top_level(sheet_type)
    assert sorted(visible - set(placed)) == [], f"{sheet_type}: declared but missing from form_grid"
    assert sorted(set(placed) - visible) == [], f"{sheet_type}: form_grid names something not declared"


def _full(sheet_type: str):  # every group at least two items, so per-item placement is exercised
    sheet = SHEETS[sheet_type].model()
    for name, spec in declared(type(sheet)):
        if isinstance(spec, FieldSpec):
            continue
        items = list(getattr(sheet, name))
        while len(items) < min(2, spec.max_items):
            items.append(empty_item(sheet, name))
        sheet = type(sheet).model_validate({**sheet.model_dump(), name: [i.model_dump() for i in items]})
    return sheet


@pytest.mark.parametrize("sheet_type", SHEET_TYPES)
def test_printed_layout_places_every_field_once(sheet_type: str) -> None:
    sheet = _full(sheet_type)
    cells = [c for page in SHEETS[sheet_type].layout(sheet) for c in page.cells if c.role is Role.VALUE and c.path]
    placed = Counter(c.path for c in cells)
    twice = sorted(p for p, n in placed.items() if n > 1)
    assert twice == [], f"{sheet_type}: printed more than once: {twice}"
    expected = {e.path for e in entries(sheet) if not e.spec.hidden}
    assert sorted(expected - set(placed)) == [], f"{sheet_type}: declared field missing from the printed layout"


def test_item_models_resolve() -> None:  # guards the helper above against a group without an item model
    for sheet_type in SHEET_TYPES:
        model = SHEETS[sheet_type].model
        for name, spec in declared(model):
            if not isinstance(spec, FieldSpec):
                assert item_model(model, name) is not None
