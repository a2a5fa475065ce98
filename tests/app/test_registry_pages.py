"""A sheet type cannot exist without its page: navigation, icons and the test page list come from the registry."""

from __future__ import annotations

import pytest

from tests.app.helpers import PAGES, open_page
from tests.conftest import ROOT
from worksheets.registry import SHEETS


@pytest.mark.parametrize("sheet_type", sorted(SHEETS))
def test_every_registered_sheet_has_its_page_file_and_icon(sheet_type: str) -> None:
    page = ROOT / "app_pages" / f"{sheet_type}.py"
    assert page.is_file(), f"register a sheet only with its page: {page.relative_to(ROOT)} is missing"
    assert f'"{sheet_type}"' in page.read_text(encoding="utf-8"), "the page must render its own sheet type"
    assert SHEETS[sheet_type].icon.startswith(":material/")
    assert PAGES[sheet_type] == f"app_pages/{sheet_type}.py"


@pytest.mark.parametrize("sheet_type", sorted(SHEETS))
def test_every_registered_sheet_page_runs_under_its_title(sheet_type: str) -> None:
    at = open_page(sheet_type)
    assert [t.value for t in at.title][:1] == [SHEETS[sheet_type].title]
