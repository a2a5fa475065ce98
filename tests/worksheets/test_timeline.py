"""Timeline chart, calendar sheet, PDF and .ics."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from tests.conftest import load_sample
from tests.worksheets.formats.pdftext import fonts, pages_text, squash
from worksheets.document import Document
from worksheets.fiscal import CalendarRules, verdict
from worksheets.formats import json_format, pdf_format, timeline_pdf, xlsx_format
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import Milestone, TimelinePlan, paper_json
from worksheets.timeline import build_figure, chart_items, labelled_bars, to_ics

TODAY = date(2026, 11, 24)


@pytest.fixture
def paper() -> DiscussionPaper:
    sheet = load_sample("discussion_paper_iwata.json").sheet
    assert isinstance(sheet, DiscussionPaper)
    return sheet


def _chart(plan: TimelinePlan, paper: DiscussionPaper | None = None, cal: CalendarRules | None = None):
    rules = cal or CalendarRules()
    return chart_items(plan, rules, verdict(plan.first_contact or TODAY, rules), TODAY, paper)


def test_chart_covers_contact_year_and_two_more_with_every_phase(paper: DiscussionPaper) -> None:
    plan = TimelinePlan(milestones=[Milestone(label="庁内説明", day=date(2027, 6, 1))])
    chart = _chart(plan, paper)
    assert chart.start == date(2026, 4, 1)
    assert chart.end == date(2029, 3, 31)
    kinds = {b.kind for b in chart.bars}
    assert {"対話", "予算要求", "査定", "予算案", "議決", "執行", "実施事項"} <= kinds
    votes = sorted(b.start for b in chart.bars if b.kind == "議決")
    assert votes == [date(2027, 3, 1), date(2028, 3, 1), date(2029, 3, 1)]
    marks = {(m.kind, m.day) for m in chart.marks}
    assert {("boundary", date(y, 4, 1)) for y in (2026, 2027, 2028, 2029)} <= marks
    assert ("today", TODAY) in marks
    assert ("milestone", date(2027, 6, 1)) in marks
    assert ("supplementary", date(2026, 6, 1)) in marks
    assert "執行 令和8年度" in chart.rows


def test_paper_tasks_sit_in_the_months_the_paper_names(paper: DiscussionPaper) -> None:
    """Issue 13 #6: the paper's 実施事項 are not anchored to 希望する開始時期 (failed before: next year's months)."""
    tasks = [b for b in _chart(TimelinePlan(), paper).bars if b.kind == "実施事項"]
    assert [(t.label, t.start, t.end) for t in tasks] == [  # paper starts in 4月; contact 2026-11 → April 2027
        ("（例示）参加する市内事業所の募集", date(2027, 4, 1), date(2027, 5, 31)),
        ("3ヶ月間の実証実験", date(2027, 6, 1), date(2027, 8, 31)),
        ("（例示）結果の整理と、対象拡大の準備", date(2027, 9, 1), date(2027, 11, 30)),
    ]
    autumn = paper.model_copy(update={"schedule_start_month": 9})
    plan = TimelinePlan(first_contact=date(2026, 6, 10), desired_start=date(2027, 5, 1))
    moved = [b for b in _chart(plan, autumn).bars if b.kind == "実施事項"]
    assert moved[0].start == date(2026, 9, 1)  # this September, not the desired start's year
    marks = {(m.kind, m.day, m.label) for m in _chart(plan, autumn).marks}
    assert ("contact", date(2026, 6, 10), "初回接触") in marks


def test_figure_has_phases_boundaries_and_today_line(paper: DiscussionPaper) -> None:
    fig = build_figure(_chart(TimelinePlan(), paper))
    assert {t.name for t in fig.data} >= {"対話", "予算要求", "査定", "予算案", "議決", "執行", "実施事項"}
    shapes = [s.name for s in fig.layout.shapes]
    assert "today:今日" in shapes
    assert sum(name.startswith("boundary:") for name in shapes) == 4
    assert "boundary:2027年度（令和9年度）" in shapes
    assert any(name.startswith("supplementary:") for name in shapes)
    assert fig.layout.xaxis.type == "date"


def test_calendar_sheet_defaults_come_from_data_and_round_trip() -> None:
    cal = BudgetCalendar()
    assert cal.rules() == CalendarRules()
    chiba = BudgetCalendar(name="A市", request_deadline="9/30", supplementary_months="6,9")
    doc = Document("budget_calendar", chiba)
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc
    assert json_format.import_(json_format.export(doc)) == doc
    assert chiba.rules().request == (9, 30)
    assert chiba.rules().supplementary_months == (6, 9)
    with pytest.raises(ValidationError):
        BudgetCalendar(agreement_deadline="10月末")
    with pytest.raises(ValidationError):
        BudgetCalendar(supplementary_months="3,13")


def test_timeline_plan_round_trips() -> None:
    plan = TimelinePlan(
        project="健康アプリ",
        first_contact=date(2027, 8, 1),
        needs_budget="不要",
        procurement="企画競争（プロポーザル）",
        milestones=[Milestone(label="=1+1", day=date(2027, 9, 1))],
    )
    doc = Document("timeline_plan", plan)
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc
    assert json_format.import_(json_format.export(doc)) == doc


def test_timeline_pdf_draws_the_chart_and_lists_deadlines(paper: DiscussionPaper) -> None:
    plan = TimelinePlan(
        project="健康アプリ", municipality="磐田市", milestones=[Milestone(label="庁内説明", day=date(2027, 6, 1))]
    )
    plan = plan.model_copy(update={"paper_values": paper_json(paper)})
    data = timeline_pdf.render_plan(plan, TODAY)
    text = squash("".join(pages_text(data)))
    for word in (
        "タイムライン:健康アプリ",
        "2026年度(令和8年度)",
        "2028年度(令和10年度)",
        "今日",
        "庁内説明",
        "議決",
        "2027年7月31日までに初回接触",
        "2027年10月31日までに枠組み合意",
        "2028年3月議会",
        "2028年度(令和10年度)の当初予算に向けて準備する時期です",
        "実施事項A",
        "目安",
    ):
        assert squash(word) in text, word
    assert all("IPAexGothic" in name and embedded for name, embedded in fonts(data).items())


def test_plain_pdf_export_of_a_plan_uses_the_default_calendar() -> None:
    data = pdf_format.export(Document("timeline_plan", TimelinePlan(project="x", first_contact=date(2027, 5, 1))))
    text = squash("".join(pages_text(data)))
    assert squash("2027年7月31日までに初回接触") in text
    assert squash("一般的なスケジュール（目安）") in text


def test_ics_parses_with_one_all_day_event_per_deadline() -> None:
    result = verdict(TODAY, CalendarRules())
    cal = Calendar.from_ical(to_ics(result, "健康アプリ; 実証, 第1期", TODAY))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(result.deadlines)
    first = events[1]  # ordered by date
    assert first.decoded("DTSTART") == date(2027, 7, 31)
    assert str(first["SUMMARY"]) == "2027年7月31日までに初回接触"
    assert "健康アプリ; 実証, 第1期" in str(first["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    raw = to_ics(result, "x", TODAY)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_ics_includes_the_users_own_milestones() -> None:
    """Issue 13 #8: the .ics held only the budget deadlines (failed before: no milestone event)."""
    result = verdict(TODAY, CalendarRules())
    plan = TimelinePlan(milestones=[Milestone(label="庁内説明", day=date(2027, 1, 20)), Milestone(label="未定")])
    events = list(Calendar.from_ical(to_ics(result, "健康アプリ", TODAY, plan)).walk("VEVENT"))
    assert len(events) == len(result.deadlines) + 1
    mine = [e for e in events if str(e["SUMMARY"]) == "庁内説明"]
    assert mine
    assert mine[0].decoded("DTSTART") == date(2027, 1, 20)
    assert "自分の予定" in str(mine[0]["DESCRIPTION"])
    days = [e.decoded("DTSTART") for e in events]
    assert days == sorted(days)


def test_a_contradictory_calendar_keeps_every_bar_and_labels_only_what_fits() -> None:
    """Issue 13 #5: with 要求 before the end of 対話 the 要求 bar vanished (negative length) before."""
    cal = CalendarRules(request=(7, 15))
    chart = _chart(TimelinePlan(first_contact=date(2026, 5, 1)), cal=cal)
    requests = [b for b in chart.bars if b.kind == "予算要求"]
    assert len(requests) == 3
    assert all(b.start <= b.end for b in chart.bars)
    assert requests[0].end == date(2026, 7, 15)
    shown = dict(zip(chart.bars, labelled_bars(chart), strict=True))
    assert not shown[requests[0]]  # it lies inside 対話: no second label over 「対話」
    fig = build_figure(chart)
    assert [t.text[0] for t in fig.data if t.name == "予算要求"] == ["", "", ""]
    assessments = [b for b in chart.bars if b.kind == "査定"]
    assert shown[assessments[0]]  # overlapping only at its start: its label stays
