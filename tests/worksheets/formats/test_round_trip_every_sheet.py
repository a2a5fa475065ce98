"""One round-trip property over every registered sheet type, with values derived from each sheet's spec.

A sheet registered tomorrow is covered without touching this file; a field that the Excel layout does not
place (or places where it cannot be read back) fails here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.worksheets.formats.strategies import sheets_of
from worksheets.document import Document
from worksheets.formats import json_format, xlsx_format
from worksheets.registry import SHEETS


@pytest.mark.parametrize("sheet_type", sorted(SHEETS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_sheet_type_round_trips_through_json_and_excel(sheet_type: str, data: st.DataObject) -> None:
    sheet = data.draw(sheets_of(SHEETS[sheet_type].model))
    doc = Document(sheet_type, sheet)
    assert json_format.import_(json_format.export(doc)) == doc
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc
