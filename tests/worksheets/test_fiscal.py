"""Budget-calendar rules (DOMAIN.md §3.3) at the month edges and over every day of ten years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksheets.fiscal import CalendarRules, fiscal_year, parse_month_day, verdict, wareki

DEFAULT = CalendarRules()


@pytest.mark.parametrize(
    ("day", "status", "contact_fy", "earliest"),
    [
        (date(2027, 3, 31), "next_next", 2026, 2028),
        (date(2027, 4, 1), "ok", 2027, 2028),
        (date(2027, 7, 31), "ok", 2027, 2028),
        (date(2027, 8, 1), "at_risk", 2027, 2028),
        (date(2027, 10, 31), "at_risk", 2027, 2028),
        (date(2027, 11, 1), "next_next", 2027, 2029),
        (date(2027, 12, 31), "next_next", 2027, 2029),
        (date(2028, 1, 1), "next_next", 2027, 2029),
    ],
)
def test_month_edges(day: date, status: str, contact_fy: int, earliest: int) -> None:
    result = verdict(day, DEFAULT)
    assert (result.status, result.contact_fiscal_year, result.earliest_fiscal_year) == (status, contact_fy, earliest)


def test_wareki_labels() -> None:
    assert wareki(2028) == "令和10年度"
    assert wareki(2019) == "令和元年度"
    assert wareki(2026) == "令和8年度"
    assert wareki(2018) == "平成30年度"
    assert verdict(date(2026, 11, 24), DEFAULT).earliest_label == "令和10年度"


def test_deadlines_are_dated_and_ahead_of_the_contact() -> None:
    result = verdict(date(2026, 6, 1), DEFAULT, procurement="企画競争（プロポーザル）")
    labels = [d.label for d in result.deadlines]
    assert "2026年7月31日までに初回接触" in labels
    assert "2026年10月31日までに枠組み合意" in labels
    assert "2027年3月 議会（当初予算の議決）" in labels
    assert "2027年6月頃 事業者決定（企画競争：公示から2～3か月）" in labels
    assert all(d.day >= date(2026, 6, 1) for d in result.deadlines)
    assert [d.day for d in result.deadlines] == sorted(d.day for d in result.deadlines)
    assert result.alternatives == ()


def test_late_contact_gets_the_guides_alternatives() -> None:
    result = verdict(date(2026, 11, 24), DEFAULT)
    text = " ".join(result.alternatives)
    for word in ("トライアル実証", "無償で最小限の試験的提供", "出口②", "出口③", "補正予算", "既存事業の見直し"):
        assert word in text
    assert "2027年7月31日までに初回接触" in [d.label for d in result.deadlines]  # the path to 翌々年度


def test_no_budget_gives_no_budget_verdict() -> None:
    result = verdict(date(2026, 11, 24), DEFAULT, needs_budget=False)
    assert result.status == "no_budget"
    assert result.earliest_fiscal_year is None
    assert result.deadlines == ()


START = date(2020, 1, 1)


def test_every_day_of_ten_years_follows_the_rules() -> None:
    day = START
    while day < date(2030, 1, 1):
        result = verdict(day, DEFAULT)
        fy = fiscal_year(day)
        assert result.contact_fiscal_year == fy == (day.year if day.month >= 4 else day.year - 1)
        if 4 <= day.month <= 7:
            expected = ("ok", fy + 1)
        elif 8 <= day.month <= 10:
            expected = ("at_risk", fy + 1)
        else:
            expected = ("next_next", fy + 2)
        assert (result.status, result.earliest_fiscal_year) == expected, day
        assert all(d.day >= day for d in result.deadlines)
        assert result.deadlines[-1].day.year == (result.earliest_fiscal_year or 0) + 1  # the 年度末
        day += timedelta(days=1)


@settings(deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_earliest_year_is_always_after_the_contact_year(day: date) -> None:
    result = verdict(day, DEFAULT)
    assert result.earliest_fiscal_year in (result.contact_fiscal_year + 1, result.contact_fiscal_year + 2)
    assert (result.status == "next_next") == (result.earliest_fiscal_year == result.contact_fiscal_year + 2)


def test_a_custom_calendar_moves_the_edges() -> None:
    early = CalendarRules(name="A市", first_contact=(6, 30), agreement=(9, 30), request=(9, 30))
    assert verdict(date(2027, 7, 1), early).status == "at_risk"
    assert verdict(date(2027, 10, 1), early).status == "next_next"
    assert verdict(date(2027, 10, 1), DEFAULT).status == "at_risk"
    labels = [d.label for d in verdict(date(2027, 5, 1), early).deadlines]
    assert "2027年9月30日 予算要求の締切" in labels


def test_month_day_parsing() -> None:
    assert parse_month_day("10/31") == (10, 31)
    assert parse_month_day("2/29") == (2, 29)
    with pytest.raises(ValueError, match="月/日"):
        parse_month_day("10月末")
    with pytest.raises(ValueError, match="月/日"):
        parse_month_day("13/1")
