"""企画競争's 公示 and 事業者決定 in the timeline follow the chosen 予算カレンダー's 企画競争の期間
(procurement_months, 1–12 か月): the deadline list and the chart's 調達 bar agree, and the page's resolver, the
PDF and the CLI show the same dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.cli import main
from worksheets.document import Document
from worksheets.fiscal import CalendarRules, Procurement, verdict
from worksheets.formats import json_format, pdf_format
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.timeline_plan import TimelinePlan, calendar_json
from worksheets.timeline_resolve import ResolvedTimeline, resolve

CONTACT = date(2026, 5, 1)  # in time for 2027年度: 公示 2027-04-01
PROPOSAL = Procurement.PROPOSAL.value


def _plan(months: int | None = None, own: int | None = None) -> TimelinePlan:
    values = calendar_json(BudgetCalendar(name="C市", procurement_months=months)) if months else ""
    return TimelinePlan(
        project="見守り", first_contact=CONTACT, procurement=PROPOSAL, calendar_values=values, procurement_months=own
    )


def _last_day(months: int) -> date:
    """The end of the ``months``-th month counted from April 2027 (3 → 2027-06-30)."""
    y, m = divmod(3 + months, 12)
    return date(2027 + y, m + 1, 1) - timedelta(days=1)


def _decided(r: ResolvedTimeline) -> tuple[date, str]:
    found = [(d.day, d.label) for d in r.verdict.deadlines if "事業者決定" in d.label]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("months", range(1, 13))
def test_decision_date_follows_the_calendars_procurement_months(months: int) -> None:
    """Before: 10–12 か月 (which the calendar allows) raised IllegalMonthError in fiscal.budget_deadlines and
    the label always said 「公示から2～3か月」 whatever the calendar said (seen failing)."""
    r = resolve(_plan(months), CONTACT)
    day, label = _decided(r)
    assert day == _last_day(months)
    assert label == f"{day.year}年{day.month}月頃 事業者決定（企画競争：公示から{months}か月）"
    bar = next(b for b in r.chart.bars if b.kind == "調達")
    assert bar.start == date(2027, 4, 1)  # 公示: the 年度's budget is in force
    assert bar.end == min(day, r.chart.end)  # the bar ends where the deadline says
    from worksheets.fiscal import procurement_window  # the one place both dates are computed

    assert procurement_window(2027, months) == (date(2027, 4, 1), _last_day(months))


def test_the_default_calendar_keeps_todays_dates() -> None:
    assert CalendarRules().procurement_months == 3
    for r in (resolve(_plan(), CONTACT), resolve(_plan(3), CONTACT)):
        assert _decided(r)[0] == date(2027, 6, 30)
        bar = next(b for b in r.chart.bars if b.kind == "調達")
        assert (bar.start, bar.end) == (date(2027, 4, 1), date(2027, 6, 30))


def test_the_plans_own_procurement_months_moves_the_deadline_with_the_bar() -> None:
    """The 調達方法ナビ's duration carried into the plan drew the bar; the deadline kept the calendar's months."""
    r = resolve(_plan(months=3, own=5), CONTACT)
    bar = next(b for b in r.chart.bars if b.kind == "調達")
    assert _decided(r) == (date(2027, 8, 31), "2027年8月頃 事業者決定（企画競争：公示から5か月）")
    assert bar.end == date(2027, 8, 31)


def test_page_pdf_and_cli_show_the_same_decision_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan(7)
    day, label = _decided(resolve(plan, CONTACT))  # what the page shows (components.timeline_panel resolves)
    assert day == date(2027, 10, 31)
    expected = squash(f"{day:%Y-%m-%d}{label}")
    doc = Document("timeline_plan", plan)
    assert expected in squash("".join(pages_text(pdf_format.export(doc))))  # the PDF (viewer, bundle)
    saved = tmp_path / "plan.json"
    saved.write_bytes(json_format.export(doc))
    assert main(["convert", str(saved), "-o", str(tmp_path / "plan.pdf")]) == 0  # the CLI's PDF
    assert expected in squash("".join(pages_text((tmp_path / "plan.pdf").read_bytes())))
    cal = tmp_path / "cal.json"
    cal.write_bytes(json_format.export(Document("budget_calendar", BudgetCalendar(name="C市", procurement_months=7))))
    capsys.readouterr()
    assert main(["timeline", "--first-contact", CONTACT.isoformat(), "--calendar", str(cal), "--procurement", "企画競争"]) == 0
    assert f"{day:%Y-%m-%d}  {label}" in capsys.readouterr().out  # the CLI's verdict
    same = verdict(CONTACT, BudgetCalendar(procurement_months=7).rules(), procurement=Procurement.PROPOSAL)
    assert [(d.day, d.label) for d in same.deadlines if "事業者決定" in d.label] == [(day, label)]
