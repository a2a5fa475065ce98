"""All sheet kinds the app knows, by their stable ``sheet_type``."""

from __future__ import annotations

from worksheets.sheets import (
    budget_calendar,
    budget_prep,
    dialogue_check,
    discussion_paper,
    internal_coordination,
    issue_detail,
    issue_sheet,
    lean_canvas,
    pilot_plan,
    prior_research,
    procurement_nav,
    project_summary,
    sanpo_yoshi,
    timeline_plan,
)
from worksheets.spec import SheetSpec

SHEETS: dict[str, SheetSpec] = {
    s.sheet_type: s
    for s in (
        issue_sheet.SPEC,
        issue_detail.SPEC,
        lean_canvas.SPEC,
        discussion_paper.SPEC,
        sanpo_yoshi.SPEC,
        timeline_plan.SPEC,
        budget_calendar.SPEC,
        dialogue_check.SPEC,
        internal_coordination.SPEC,
        budget_prep.SPEC,
        prior_research.SPEC,
        procurement_nav.SPEC,
        pilot_plan.SPEC,
        project_summary.SPEC,
    )
}


def get_spec(sheet_type: str) -> SheetSpec:
    return SHEETS[sheet_type]
