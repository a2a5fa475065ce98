from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
from worksheets.document import Document, document_from_dict

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own draft database."""
    db = tmp_path / "drafts.sqlite3"
    monkeypatch.setenv("WORKSHEETS_DB", str(db))
    return db


def wait_for_bundles(timeout: float = 120.0) -> None:
    """Wait for the process's workshop bundle builds and pre-renders (threads named ``bundle-…``), including any an
    earlier test's dashboard left running: a pre-render never starts while one runs."""
    import threading

    from worksheets import workshop_bundle

    for thread in [t for t in threading.enumerate() if t.name.startswith("bundle-")]:
        thread.join(timeout)
    assert workshop_bundle._BUILDS == 0


def load_sample(name: str) -> Document:
    return document_from_dict(json.loads((SAMPLES / name).read_text(encoding="utf-8")))


@pytest.fixture
def fukuoka() -> Document:
    return load_sample("issue_detail_fukuoka.json")


@pytest.fixture
def kasumigaura() -> Document:
    return load_sample("issue_sheet_kasumigaura.json")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e drives a real browser: mark it, so ``pytest -m "not browser"`` is the fast loop."""
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if e2e in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
