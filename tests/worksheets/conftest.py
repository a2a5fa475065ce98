"""Shared by the store-level tests: ``store`` on each backend (a module may define its own ``store``, which
wins), and a sheet's stored JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from worksheets.document import stored_data
from worksheets.registry import SHEETS
from worksheets.store import DraftStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DraftStore:
    """The same test on SQLite and on the real PostgreSQL (tests/postgres.py)."""
    if request.param == "sqlite":
        return DraftStore(tmp_path / "d.sqlite3")
    return DraftStore(str(request.getfixturevalue("postgres_url")))


def sheet_json(sheet_type: str = "issue_sheet", **fields: object) -> str:
    """A valid sheet of this type with these fields, as the store keeps it."""
    return stored_data(SHEETS[sheet_type].model.model_validate(fields))
