"""Budget-calendar rules (DOMAIN.md §3.3) at the month edges and over every day of ten years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksheets.fiscal import CalendarRules, Severity, fiscal_year, parse_month_day, parse_months, verdict, wareki

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
    assert "2027年6月頃 事業者決定（企画競争：公示から3か月）"  # the default calendar's 企画競争の期間 in labels
    assert all(d.day >= date(2026, 6, 1) for d in result.deadlines)
    assert [d.day for d in result.deadlines] == sorted(d.day for d in result.deadlines)
    assert result.alternatives == ()


def test_late_contact_gets_the_guides_alternatives() -> None:
    result = verdict(date(2026, 11, 24), DEFAULT, desired_start=date(2027, 4, 1))
    assert result.severity is Severity.LATE
    text = " ".join(str(a) for a in result.alternatives)
    for word in ("トライアル実証", "無償で最小限の試験的提供", "出口②", "出口③", "既存事業の見直し"):
        assert word in text
    assert "補正予算" not in text  # not a way out (issue 14 #11): only a note to watch it
    assert "補正予算" in result.notes[0].text
    assert "あまり一般的ではありません" in result.notes[0].quote
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


def test_month_list_parsing_is_one_function() -> None:
    assert parse_months("3,6,9,12") == parse_months("3・6・9・12") == parse_months("3、6、9、12") == (3, 6, 9, 12)
    with pytest.raises(ValueError, match="カンマ区切り"):
        parse_months("3,13")


# Issue 13 #7: severity from the user's goal. Before, a contact in 1–3月 was red 「翌々年度」 although it is
# earlier than an April contact aiming at the same 年度 (which was green).
def test_a_january_contact_is_not_worse_than_an_april_one_for_the_same_year() -> None:
    january, april = verdict(date(2027, 1, 15), DEFAULT), verdict(date(2027, 4, 15), DEFAULT)
    assert (january.status, april.status) == ("next_next", "ok")  # the CLI's status keeps its meaning
    assert january.earliest_fiscal_year == april.earliest_fiscal_year == 2028
    assert january.severity is april.severity is Severity.OK
    assert january.alternatives == ()
    assert "2028年度（令和10年度）" in january.headline
    wish = verdict(date(2027, 1, 15), DEFAULT, desired_start=date(2028, 6, 1))
    assert wish.severity is Severity.OK
    assert wish.category == "間に合う時期です"


def test_a_wish_earlier_than_the_calendar_allows_is_late() -> None:
    result = verdict(date(2026, 11, 2), DEFAULT, desired_start=date(2027, 5, 1))
    assert result.severity is Severity.LATE
    assert result.category == "希望の時期に間に合いません"
    assert "2027年度（令和9年度）の当初予算には間に合いません" in result.headline
    assert "最短は2028年度（令和10年度）" in result.headline
    assert result.alternatives


def test_a_later_wish_lists_the_deadlines_of_that_cycle() -> None:
    result = verdict(date(2026, 5, 1), DEFAULT, desired_start=date(2028, 4, 1))
    assert result.severity is Severity.OK
    assert result.target_fiscal_year == 2028
    assert "2027年10月31日までに枠組み合意" in [d.label for d in result.deadlines]


def test_a_pilot_ending_after_the_request_deadline_is_flagged_for_exit_1() -> None:
    late = verdict(date(2026, 5, 1), DEFAULT, pilot_end=date(2026, 12, 31), exit_label="① 自治体“へ”導入する")
    assert late.severity is Severity.CAUTION
    assert late.alternatives
    assert late.category.startswith("要注意")
    assert "2026年10月31日" in late.headline
    assert "2028年度（令和10年度）" in late.headline
    early = verdict(date(2026, 5, 1), DEFAULT, pilot_end=date(2026, 9, 30), exit_label="① 自治体“へ”導入する")
    assert early.severity is Severity.OK
    assert "2027年度（令和9年度）" in early.headline
    other_exit = verdict(date(2026, 5, 1), DEFAULT, pilot_end=date(2026, 12, 31), exit_label="③ 自治体“と共に”創る")
    assert other_exit.severity is Severity.OK


# Issue 13 #5: a calendar's own dates drive every text, and contradictions are reported.
def test_an_early_request_deadline_drives_the_text_the_order_and_a_warning() -> None:
    cal = CalendarRules(name="B市", request=(9, 15))
    result = verdict(date(2026, 8, 20), cal)
    assert "2026年9月15日までに枠組みを合意" in result.headline  # not 10月31日
    assert "10月31日" not in result.headline
    days = [d.day for d in result.deadlines]
    assert days == sorted(days)
    labels = [d.label for d in result.deadlines]
    assert labels.index("2026年9月15日までに枠組み合意") < labels.index("2026年9月15日 予算要求の締切")
    assert any("枠組み合意の期限（10月31日）が予算要求の締切（9月15日）より後" in w for w in cal.warnings())
    assert verdict(date(2026, 9, 20), cal).status == "next_next"


def test_contradictions_in_a_calendar_are_named() -> None:
    assert CalendarRules().warnings() == ()
    bad = CalendarRules(request=(12, 31), assessment=(11, 30), proposal_month=3, vote_month=2, dialogue_start_month=9)
    text = " ".join(bad.warnings())
    for part in ("予算要求の締切（12月31日）が査定の終了（11月30日）より後", "予算案の公表月（3月）が議決の月（2月）より後",
                 "対話の開始月（9月）が終了月（8月）より後"):
        assert part in text


def test_options_follow_the_exit_and_name_their_source() -> None:
    every = verdict(date(2026, 11, 2), DEFAULT, desired_start=date(2027, 5, 1))
    ids = " ".join(str(a) for a in every.alternatives)
    for word in ("企業が負担", "ふるさと納税", "逆プロポ", "活動支援金", "交付金"):
        assert word in ids, word
    assert all(a.source for a in every.alternatives)
    co_create = verdict(date(2026, 11, 2), DEFAULT, desired_start=date(2027, 5, 1), exit_label="③ 自治体“と共に”創る")
    texts = " ".join(a.text for a in co_create.alternatives)
    assert "企業が負担" in texts
    assert "既存事業の見直し" not in texts
    replace = next(a for a in every.alternatives if "既存事業の見直し" in a.text)
    assert "優位性" in replace.text  # the guide's condition is kept (issue 14 #11)


@settings(deadline=None, max_examples=300)
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2038, 12, 31)),
)
def test_a_wish_is_late_exactly_when_it_is_earlier_than_the_calendar_allows(contact: date, wish: date) -> None:
    result = verdict(contact, DEFAULT, desired_start=wish)
    assert result.earliest_fiscal_year is not None
    late = fiscal_year(wish) < result.earliest_fiscal_year
    assert (result.severity is Severity.LATE) == late
    assert bool(result.alternatives) == (result.severity is not Severity.OK)
    assert result.target_fiscal_year == max(fiscal_year(wish), result.earliest_fiscal_year)
    days = [d.day for d in result.deadlines]
    assert days == sorted(days)
    assert result.line.startswith(result.category)


def test_status_is_an_enum_with_the_cli_values() -> None:
    """issue 15: the verdict code branches on Status members, and the CLI still prints the same words."""
    from worksheets.fiscal import Status

    assert [s.value for s in Status] == ["ok", "at_risk", "next_next", "no_budget"]
    result = verdict(date(2027, 8, 1), CalendarRules())
    assert result.status is Status.AT_RISK
    assert result.to_json()["status"] == "at_risk"
    assert verdict(date(2027, 8, 1), CalendarRules(), needs_budget=False).status is Status.NO_BUDGET
