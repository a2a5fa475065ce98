"""Hypothesis strategies: sheets full of the Japanese text users really type."""

from __future__ import annotations

from hypothesis import strategies as st

from worksheets.sheets.discussion_paper import DiscussionPaper, ScheduleRow
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.sheets.lean_canvas import LeanCanvas

SPECIAL = ["①", "髙", "ｶﾅ", "=1+1", "<b>", "&amp;", "+cmd", "-1+2", "@SUM(1)", "\t=1", "〜", "（令和７年度）", "　"]
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Co"))
ONE_LINE = st.lists(st.sampled_from(SPECIAL) | st.text(CHARS, max_size=8), max_size=6).map("".join)
MULTI_LINE = st.lists(ONE_LINE, max_size=4).map("\n".join)


def _short(text: str) -> str:
    return text[:200]


issue_items = st.builds(
    IssueItem,
    title=MULTI_LINE,
    shortage=MULTI_LINE,
    strengths=st.lists(ONE_LINE.map(lambda s: s[:400]), max_size=4),
)

issue_sheets = st.builds(
    IssueSheet,
    theme=ONE_LINE.map(_short),
    municipality=ONE_LINE.map(_short),
    department=ONE_LINE.map(_short),
    person=ONE_LINE.map(_short),
    years=st.none() | st.integers(1, 100),
    ideal=MULTI_LINE,
    past_work=MULTI_LINE,
    situation=MULTI_LINE,
    if_continued=MULTI_LINE,
    gap=MULTI_LINE,
    issues=st.lists(issue_items, min_size=1, max_size=6),
)

issue_details = st.builds(
    IssueDetail,
    issue=ONE_LINE.map(_short),
    organization=ONE_LINE.map(_short),
    who_troubled=MULTI_LINE,
    background=MULTI_LINE,
    indicator=MULTI_LINE,
    provider_role=MULTI_LINE,
    proposal_example=MULTI_LINE,
    municipality_role=MULTI_LINE,
    support=MULTI_LINE,
    reference=MULTI_LINE,
)

lean_canvases = st.builds(
    LeanCanvas,
    theme=ONE_LINE.map(_short),
    company=ONE_LINE.map(_short),
    municipality=ONE_LINE.map(_short),
    problem=MULTI_LINE,
    beneficiaries=MULTI_LINE,
    value=MULTI_LINE,
    activities=MULTI_LINE,
    channels=MULTI_LINE,
    costs=MULTI_LINE,
    revenue=MULTI_LINE,
    advantage=MULTI_LINE,
    kpi=MULTI_LINE,
)

months = st.none() | st.integers(1, 8)
discussion_papers = st.builds(
    DiscussionPaper,
    municipality=ONE_LINE.map(_short),
    theme=ONE_LINE.map(_short),
    why=MULTI_LINE,
    how=MULTI_LINE,
    what=MULTI_LINE,
    whom=MULTI_LINE,
    budget=MULTI_LINE,
    team_municipality=MULTI_LINE,
    team_startup=MULTI_LINE,
    schedule_start_month=st.integers(1, 12),
    where=MULTI_LINE,
    schedule=st.lists(
        st.builds(ScheduleRow, task=ONE_LINE.map(_short), start=months, end=months), min_size=1, max_size=12
    ),
)
