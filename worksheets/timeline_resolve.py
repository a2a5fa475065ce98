"""What a timeline shows, resolved once for every caller (page, PDF, workshop bundle, viewer, CLI).

A plan names its 予算カレンダー and ディスカッションペーパー by draft id and also embeds their values.
:func:`embed` refreshes the embedded values from the linked drafts (when they exist); :func:`resolve`
then reads the embedded values only, so a file, a stored draft and the page print the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from worksheets.fiscal import Budget, CalendarRules, Procurement, Verdict, verdict
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import (
    TimelinePlan,
    calendar_json,
    embedded_calendar,
    embedded_paper,
    paper_json,
)
from worksheets.spec import SheetModel
from worksheets.timeline import Chart, add_months, chart_items, paper_start

Lookup = Callable[[str], SheetModel | None]  # draft id -> the stored sheet (None when gone)


@dataclass(frozen=True)
class ResolvedTimeline:
    plan: TimelinePlan
    rules: CalendarRules
    paper: DiscussionPaper | None
    verdict: Verdict
    warnings: tuple[str, ...]  # contradictions in the calendar
    chart: Chart
    today: date


def embed(plan: TimelinePlan, lookup: Lookup) -> TimelinePlan:
    """The plan with the linked calendar's and paper's current values embedded. A link whose draft is
    gone keeps the values embedded before; no link means no embedded values."""
    cal_text, paper_text = plan.calendar_values, plan.paper_values
    if not plan.calendar_id:
        cal_text = ""
    elif isinstance(found := lookup(plan.calendar_id), BudgetCalendar):
        cal_text = calendar_json(found)
    if not plan.paper_id:
        paper_text = ""
    elif isinstance(found := lookup(plan.paper_id), DiscussionPaper):
        paper_text = paper_json(found)
    if (cal_text, paper_text) == (plan.calendar_values, plan.paper_values):
        return plan
    return plan.model_copy(update={"calendar_values": cal_text, "paper_values": paper_text})


def rules_of(plan: TimelinePlan) -> CalendarRules:
    sheet = embedded_calendar(plan.calendar_values)
    return CalendarRules() if sheet is None else sheet.rules()


def pilot_end(plan: TimelinePlan, paper: DiscussionPaper | None, contact: date) -> date | None:
    """When the 実証 ends: the latest 実証 row of the paper's schedule or milestone named 実証."""
    ends = [m.day for m in plan.milestones if m.day is not None and "実証" in m.label]
    if paper is not None:
        first = paper_start(paper, contact)
        for row in paper.schedule:
            if "実証" in row.task and row.months():
                ends.append(add_months(first, row.months()[-1]) - timedelta(days=1))
    return max(ends) if ends else None


def resolve(plan: TimelinePlan, today: date, lookup: Lookup | None = None) -> ResolvedTimeline:
    """Calendar, paper, verdict and chart of a plan (``lookup`` refreshes the embedded values first)."""
    if lookup is not None:
        plan = embed(plan, lookup)
    rules = rules_of(plan)
    paper = embedded_paper(plan.paper_values)
    contact = plan.first_contact or today
    result = verdict(
        contact,
        rules,
        needs_budget=plan.needs_budget == Budget.NEEDED,
        procurement=Procurement(plan.procurement),
        procurement_months=plan.procurement_months,
        desired_start=plan.desired_start,
        pilot_end=pilot_end(plan, paper, contact),
        exit_label=plan.exit,
    )
    chart = chart_items(plan, rules, result, today, paper)
    return ResolvedTimeline(plan, rules, paper, result, rules.warnings(), chart, today)
