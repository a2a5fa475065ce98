"""The timeline picture as data: budget phases, 年度 boundaries, 補正予算 months, today, the user's
milestones and a paper's 実施事項. Both the plotly chart and the PDF drawing read :func:`chart_items`.
Also the .ics file of the deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go

from worksheets.fiscal import CalendarRules, Verdict, fy_label, in_fiscal_year, month_end, wareki
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import TimelinePlan

PHASE_COLOURS = {
    "対話": "#70AD47",
    "予算要求": "#5B9BD5",
    "査定": "#A5A5A5",
    "予算案": "#FFC000",
    "議決": "#C00000",
    "執行": "#264478",
    "実施事項": "#ED7D31",
}


@dataclass(frozen=True)
class Bar:
    row: str
    start: date
    end: date  # inclusive
    kind: str  # a PHASE_COLOURS key
    label: str = ""


@dataclass(frozen=True)
class Mark:
    day: date
    label: str
    kind: str  # boundary | today | supplementary | milestone


@dataclass(frozen=True)
class Chart:
    start: date
    end: date
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...]
    rows: tuple[str, ...]  # top to bottom


def paper_start(plan: TimelinePlan, paper: DiscussionPaper, verdict: Verdict) -> date:
    """Where column 1 of the paper's schedule falls: the desired start, else the paper's start month
    in the earliest fundable 年度 (or the 年度 after contact)."""
    if plan.desired_start is not None:
        return plan.desired_start.replace(day=1)
    fy = verdict.earliest_fiscal_year or verdict.contact_fiscal_year + 1
    return in_fiscal_year(fy, paper.schedule_start_month)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, 1)


def chart_items(
    plan: TimelinePlan, cal: CalendarRules, verdict: Verdict, today: date, paper: DiscussionPaper | None = None
) -> Chart:
    first_fy = verdict.contact_fiscal_year
    fys = [first_fy, first_fy + 1, first_fy + 2]
    start, end = date(first_fy, 4, 1), date(first_fy + 3, 3, 31)
    bars: list[Bar] = []
    rows: list[str] = []
    for fy in fys:  # the budget for fy + 1 is compiled during fy
        row = f"予算編成 {wareki(fy + 1)}予算"
        rows.append(row)
        rq = in_fiscal_year(fy, *cal.request)
        bars += [
            Bar(
                row, in_fiscal_year(fy, cal.dialogue_start_month), month_end(fy, cal.dialogue_end_month), "対話", "対話"
            ),
            Bar(row, month_end(fy, cal.dialogue_end_month) + timedelta(days=1), rq, "予算要求", "要求"),
            Bar(row, rq + timedelta(days=1), in_fiscal_year(fy, *cal.assessment), "査定", "査定"),
            Bar(row, in_fiscal_year(fy, cal.proposal_month), month_end(fy, cal.proposal_month), "予算案", "予算案"),
            Bar(row, in_fiscal_year(fy, cal.vote_month), month_end(fy, cal.vote_month), "議決", "議決"),
        ]
        execution = f"執行 {wareki(fy)}"
        rows.append(execution)
        bars.append(Bar(execution, date(fy, 4, 1), date(fy + 1, 3, 31), "執行", fy_label(fy)))
    marks = [Mark(date(fy, 4, 1), fy_label(fy), "boundary") for fy in [*fys, first_fy + 3]]
    marks += [
        Mark(in_fiscal_year(fy, m), f"補正予算（{m}月）", "supplementary")
        for fy in fys
        for m in cal.supplementary_months
    ]
    if start <= today <= end:
        marks.append(Mark(today, "今日", "today"))
    marks += [Mark(m.day, m.label or "マイルストーン", "milestone") for m in plan.milestones if m.day is not None]
    if paper is not None:
        first = paper_start(plan, paper, verdict)
        group = type(paper).model_fields["schedule"].metadata[0]
        for index, row in enumerate(paper.schedule):
            months = row.months()
            if not months or not row.task.strip():
                continue
            name = f"{group.item_title(index)} {row.task}"
            rows.append(name)
            s = _add_months(first, months[0] - 1)
            e = _add_months(first, months[-1]) - timedelta(days=1)
            bars.append(Bar(name, s, e, "実施事項", row.task))
    return Chart(start, end, tuple(bars), tuple(marks), tuple(rows))


def build_figure(chart: Chart) -> go.Figure:
    """The plotly timeline: bars per budget phase, 年度 boundaries, 補正予算, today and milestones."""
    fig = go.Figure()
    seen: set[str] = set()
    for bar in chart.bars:
        end = bar.end + timedelta(days=1)
        fig.add_trace(
            go.Bar(
                y=[bar.row],
                x=[(end - bar.start).days * 86_400_000],
                base=[bar.start.isoformat()],
                orientation="h",
                name=bar.kind,
                legendgroup=bar.kind,
                showlegend=bar.kind not in seen,
                marker_color=PHASE_COLOURS[bar.kind],
                text=[bar.label],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"{bar.label}<br>{bar.start:%Y-%m-%d} ～ {bar.end:%Y-%m-%d}<extra>{bar.kind}</extra>",
            )
        )
        seen.add(bar.kind)
    for mark in chart.marks:
        style = {
            "boundary": {"line_color": "#404040", "line_width": 2},
            "today": {"line_color": "#C00000", "line_width": 2, "line_dash": "dash"},
            "supplementary": {"line_color": "#BF9000", "line_width": 1, "line_dash": "dot"},
            "milestone": {"line_color": "#7030A0", "line_width": 1.5, "line_dash": "dashdot"},
        }[mark.kind]
        fig.add_shape(
            type="line",
            x0=mark.day.isoformat(),
            x1=mark.day.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            name=f"{mark.kind}:{mark.label}",
            **style,
        )
        if mark.kind != "supplementary":
            fig.add_annotation(
                x=mark.day.isoformat(),
                y=1.0,
                yref="paper",
                text=mark.label,
                showarrow=False,
                yanchor="bottom",
                font={"size": 10, "color": style["line_color"]},
                textangle=-30,
            )
    fig.update_layout(
        barmode="overlay",
        height=140 + 34 * len(chart.rows),
        margin={"l": 10, "r": 10, "t": 80, "b": 30},
        xaxis={
            "type": "date",
            "range": [chart.start.isoformat(), (chart.end + timedelta(days=1)).isoformat()],
            "dtick": "M1",
            "tickformat": "%-m月",
            "ticklabelmode": "period",
        },
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(chart.rows))},
        legend={"orientation": "h", "y": -0.15},
        font={"family": "IPAexGothic, Noto Sans JP, sans-serif"},
    )
    return fig


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: lines of at most 75 octets, continuation lines start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def to_ics(verdict: Verdict, project: str, stamp: date) -> bytes:
    """The verdict's deadlines as all-day events (.ics) staff can put in their calendar."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kanmin-worksheets//timeline//JA", "CALSCALE:GREGORIAN"]
    for i, deadline in enumerate(verdict.deadlines):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{stamp:%Y%m%d}-{i}-{deadline.day:%Y%m%d}@kanmin-worksheets",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{deadline.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(deadline.label)}",
            f"DESCRIPTION:{_ics_text(f'{project}（目安・実践ガイドの予算編成スケジュールより）')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(f for line in lines for f in _fold(line)) + "\r\n").encode("utf-8")
