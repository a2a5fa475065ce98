"""The CLI's timeline command: the calendar's contradictions in a `warnings` list, the verdict line with
its category, and the `status` values unchanged (issue 13 #5, #7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksheets.cli import main
from worksheets.document import Document
from worksheets.formats import json_format
from worksheets.sheets.budget_calendar import BudgetCalendar


def _calendar(tmp_path: Path, **values: object) -> str:
    path = tmp_path / "cal.json"
    path.write_bytes(json_format.export(Document("budget_calendar", BudgetCalendar(name="B市", **values))))
    return str(path)


def test_json_carries_the_calendars_contradictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cal = _calendar(tmp_path, request_deadline="9/15")
    assert main(["timeline", "--first-contact", "2027-08-20", "--calendar", cal, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == [
        "枠組み合意の期限（10月31日）が予算要求の締切（9月15日）より後です。"
        "合意は要求の前に済ませる必要があるため、判定では9月15日を合意の期限として扱います。"
    ]
    assert data["status"] == "at_risk"
    assert "2027年9月15日までに枠組みを合意" in data["headline"]
    days = [d["date"] for d in data["deadlines"]]
    assert days == sorted(days)
    assert all(set(a) == {"text", "quote", "source"} for a in data["alternatives"])


def test_a_consistent_calendar_has_an_empty_warnings_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--first-contact", "2027-01-15", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == []
    assert data["status"] == "next_next"  # meaning kept: the earliest is two 年度 after the contact's
    assert data["severity"] == "ok"  # … which for a January contact is simply the next cycle


def test_text_output_names_the_warning_and_the_category(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cal = _calendar(tmp_path, request_deadline="9/15")
    assert main(["timeline", "--first-contact", "2027-08-20", "--calendar", cal]) == 0
    out = capsys.readouterr().out
    assert "注意（カレンダーの日付が矛盾しています）: 枠組み合意の期限（10月31日）" in out
    assert "判定（目安）: 要注意（間に合うかは枠組み合意しだい）" in out
