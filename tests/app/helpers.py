"""Driving the real app with Streamlit's AppTest, page by page."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = {
    "home": "app_pages/home.py",
    "issue_sheet": "app_pages/issue_sheet.py",
    "issue_detail": "app_pages/issue_detail.py",
    "lean_canvas": "app_pages/lean_canvas.py",
    "discussion_paper": "app_pages/discussion_paper.py",
    "sanpo_yoshi": "app_pages/sanpo_yoshi.py",
    "timeline_plan": "app_pages/timeline_plan.py",
    "budget_calendar": "app_pages/budget_calendar.py",
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
