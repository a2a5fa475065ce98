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


def test_the_drawn_calendars_vary_their_dates_and_months() -> None:
    """The calendar's 「月/日」 and month-list fields are drawn too, not always left at their defaults (every drawn
    value used to fail the field's own validator and fall back to the default calendar)."""
    from hypothesis import find

    from worksheets.sheets.budget_calendar import BudgetCalendar

    default = BudgetCalendar()
    calendars = sheets_of(BudgetCalendar)
    assert find(calendars, lambda c: c.first_contact_deadline != default.first_contact_deadline).rules()
    assert find(calendars, lambda c: c.supplementary_months != default.supplementary_months).rules()
    assert find(calendars, lambda c: c.dialogue_start_month != default.dialogue_start_month)
