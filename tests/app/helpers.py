"""Driving the real app with Streamlit's AppTest, page by page."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from worksheets.registry import SHEETS

# Every registered sheet's page (app.py builds its navigation from the same registry), then the other pages.
PAGES = {
    "home": "app_pages/home.py",
    **{sheet_type: f"app_pages/{sheet_type}.py" for sheet_type in SHEETS},
    "workshop": "app_pages/workshop.py",
    "workshop_admin": "app_pages/workshop_admin.py",
}


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if query:
        at.query_params.update(query)
    at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def url_params(at: AppTest) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def key(sheet: str, path: str) -> str:
    return f"f.{sheet}.{path}"


def texts(at: AppTest) -> str:
    """Everything the page says in plain elements (for message checks)."""
    parts = []
    for kind in ("title", "markdown", "caption", "error", "warning", "success", "info"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.proto.text for e in at.get("progress")]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(parts))  # as shown: Markdown escapes removed
