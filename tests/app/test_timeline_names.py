"""issue 13 #13: the timeline's PDF and .ics are named after the plan and the date, not 「タイムライン.pdf」."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from streamlit.delta_generator import DeltaGenerator

from tests.app.helpers import key, open_page


def test_timeline_downloads_are_named_by_project_and_date(monkeypatch: pytest.MonkeyPatch) -> None:
    names: list[str] = []  # deferred downloads keep the name server-side: record what the page passes
    original = DeltaGenerator.download_button

    def recording(self: DeltaGenerator, *args: Any, **kwargs: Any) -> Any:
        names.append(str(kwargs.get("file_name")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    at = open_page("timeline_plan")
    at.text_input(key=key("timeline_plan", "project")).input("オンデマンド交通の実証").run()
    today = f"{date.today():%Y-%m-%d}"
    assert f"タイムライン_オンデマンド交通の実証_{today}.pdf" in names
    assert f"タイムライン_オンデマンド交通の実証_{today}.ics" in names
    assert "タイムライン.pdf" not in names[-3:]
