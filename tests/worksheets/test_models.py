from __future__ import annotations

import pytest
from pydantic import ValidationError

from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.text import LONG_MAX


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError):
        IssueSheet.model_validate({"theme": "x", "extra": 1})
    with pytest.raises(ValidationError):
        IssueItem.model_validate({"title": "x", "owner": "y"})


def test_line_breaks_are_unified_and_control_characters_dropped() -> None:
    sheet = IssueSheet(ideal="一行目\r\n二行目\r三行目\x00\x07\tタブ\ufffe")
    assert sheet.ideal == "一行目\n二行目\n三行目\tタブ"


def test_short_text_is_one_line() -> None:
    with pytest.raises(ValidationError):
        IssueSheet(theme="a\nb")


def test_strength_items_are_trimmed_and_blank_ones_dropped() -> None:
    assert IssueItem(strengths=["  調整力 ", "", "   ", "広報"]).strengths == ["調整力", "広報"]


def test_lengths_and_ranges_are_limited() -> None:
    with pytest.raises(ValidationError):
        IssueSheet(ideal="あ" * (LONG_MAX + 1))
    with pytest.raises(ValidationError):
        IssueSheet(years=0)
    with pytest.raises(ValidationError):
        IssueSheet(issues=[])
    with pytest.raises(ValidationError):
        IssueSheet(issues=[IssueItem()] * 21)
    assert IssueSheet(years=100).years == 100


def test_formula_like_text_is_plain_text() -> None:
    assert IssueDetail(issue="=1+1").issue == "=1+1"
