"""The timeline picture as data: budget phases, 年度 boundaries, 補正予算 months, today, 初回接触, the
user's milestones and a paper's 実施事項. Both the plotly chart and the PDF drawing read :func:`chart_items`,
:data:`MARK_STYLES` and :func:`label_slots`.
Also the .ics file of the deadlines.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go

from worksheets.fiscal import (
    CalendarRules,
    Procurement,
    Verdict,
    fy_label,
    in_fiscal_year,
    month_end,
    procurement_window,
    wareki,
)
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
    "調達": "#7F6000",
}
PROCUREMENT_ROW = "調達（公示～事業者決定）"


@dataclass(frozen=True)
class MarkStyle:
    colour: str
    width: float
    dash: str  # plotly's name
    dash_array: tuple[float, ...] | None  # reportlab's
    labelled: bool = True


# One place for the vertical marks' look (plotly chart and PDF drawing).
MARK_STYLES = {
    "boundary": MarkStyle("#404040", 1.2, "solid", None),
    "today": MarkStyle("#C00000", 1.2, "dash", (3, 2)),
    "contact": MarkStyle("#2E7D32", 1.2, "dash", (2, 1)),
    "desired": MarkStyle("#1F4E79", 1.2, "dot", (1, 1)),
    "supplementary": MarkStyle("#BF9000", 0.5, "dot", (1, 2), labelled=False),
    "milestone": MarkStyle("#7030A0", 1.2, "dashdot", (4, 1, 1, 1)),
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
    kind: str  # a MARK_STYLES key


@dataclass(frozen=True)
class Chart:
    start: date
    end: date
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...]
    rows: tuple[str, ...]  # top to bottom

    def fraction(self, day: date) -> float:
        """Where a day falls across the plot, 0 (left) to 1 (right edge)."""
        return (day - self.start).days / ((self.end - self.start).days + 1)


@dataclass(frozen=True)
class LabelSlot:
    mark: Mark
    level: int  # 0 = next to the plot, 1 above it …
    anchor: str  # "start": text runs right of the line; "end": left of it (at the right edge)


def label_slots(chart: Chart, char_width: float, gap: float = 0.004) -> list[LabelSlot]:
    """Levels for the marks' labels so that no two overprint each other and none runs past the right
    edge. ``char_width`` is one full-width character as a fraction of the plot width."""
    placed: dict[int, list[tuple[float, float]]] = {}
    out = []
    marks = sorted((m for m in chart.marks if MARK_STYLES[m.kind].labelled), key=lambda m: (m.day, m.kind))
    for mark in marks:
        x = chart.fraction(mark.day)
        width = sum(char_width if ord(c) > 0xFF else char_width * 0.55 for c in mark.label) + gap
        anchor = "end" if x + width > 1.0 else "start"
        span = (x - width, x) if anchor == "end" else (x, x + width)
        level = 0
        while any(span[0] < b and a < span[1] for a, b in placed.get(level, [])):
            level += 1
        placed.setdefault(level, []).append(span)
        out.append(LabelSlot(mark, level, anchor))
    return out


LABEL_MAX = 24  # characters of a mark's label on the chart (the full text is in the table and the .ics)


def short_label(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def labelled_bars(chart: Chart) -> list[bool]:
    """Per bar: may its label be drawn? Not where another bar of its row lies under the label's
    place (a calendar whose dates contradict each other makes phases overlap)."""
    out: list[bool] = []
    seen: dict[str, list[tuple[date, date, date | None]]] = {}  # row -> (start, end, label middle)
    for bar in chart.bars:
        middle = bar.start + (bar.end - bar.start) / 2
        earlier = seen.setdefault(bar.row, [])
        clash = any(s <= middle <= e for s, e, _ in earlier) or any(
            m is not None and bar.start <= m <= bar.end for _, _, m in earlier
        )
        shown = bool(bar.label) and not clash
        out.append(shown)
        earlier.append((bar.start, bar.end, middle if shown else None))
    return out


def paper_start(paper: DiscussionPaper, contact: date) -> date:
    """Where column 1 of the paper's schedule falls: the paper's start month, at or after the month
    of first contact (a paper planning 9–12月 written in June means this September)."""
    first = date(contact.year, paper.schedule_start_month, 1)
    return first if first >= contact.replace(day=1) else date(contact.year + 1, paper.schedule_start_month, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, 1)


def _phase(row: str, start: date, end: date, kind: str, label: str) -> Bar:
    """A bar that never vanishes: a calendar whose dates contradict each other gets at least the
    deadline's own month."""
    return Bar(row, start if start <= end else end.replace(day=1), end, kind, label)


def procurement_bar(plan: TimelinePlan, cal: CalendarRules, verdict: Verdict, end: date) -> Bar | None:
    """The procurement after the budget is in force: from April of the 年度 the verdict aims at, for the
    plan's 調達にかかる期間 (from the 調達方法ナビ), else the calendar's months for 企画競争."""
    months = plan.procurement_months
    if months is None and plan.procurement == Procurement.PROPOSAL:
        months = cal.procurement_months
    fy = verdict.target_fiscal_year
    if months is None or fy is None or date(fy, 4, 1) > end:
        return None
    first, last = procurement_window(fy, months)  # the dates the deadline list shows too
    method = "調達" if plan.procurement == Procurement.UNDECIDED else plan.procurement
    return Bar(PROCUREMENT_ROW, first, min(last, end), "調達", f"{method}（{months}か月）")


def chart_items(
    plan: TimelinePlan, cal: CalendarRules, verdict: Verdict, today: date, paper: DiscussionPaper | None = None
) -> Chart:
    first_fy = verdict.contact_fiscal_year
    fys = [first_fy, first_fy + 1, first_fy + 2]
    start, end = date(first_fy, 4, 1), date(first_fy + 3, 3, 31)
    bars: list[Bar] = []
    rows: list[str] = []
    for fy in fys:  # the budget for fy + 1 is compiled during fy
        name = f"予算編成 {wareki(fy + 1)}予算"
        rows.append(name)
        dialogue_end = month_end(fy, cal.dialogue_end_month)
        rq, asmt = in_fiscal_year(fy, *cal.request), in_fiscal_year(fy, *cal.assessment)
        bars += [
            _phase(name, in_fiscal_year(fy, cal.dialogue_start_month), dialogue_end, "対話", "対話"),
            _phase(name, dialogue_end + timedelta(days=1), rq, "予算要求", "要求"),
            _phase(name, rq + timedelta(days=1), asmt, "査定", "査定"),
            _phase(name, in_fiscal_year(fy, cal.proposal_month), month_end(fy, cal.proposal_month), "予算案", "予算案"),
            _phase(name, in_fiscal_year(fy, cal.vote_month), month_end(fy, cal.vote_month), "議決", "議決"),
        ]
        execution = f"執行 {wareki(fy)}"
        rows.append(execution)
        bars.append(Bar(execution, date(fy, 4, 1), date(fy + 1, 3, 31), "執行", fy_label(fy)))
    procurement = procurement_bar(plan, cal, verdict, end)
    if procurement is not None:
        rows.append(PROCUREMENT_ROW)
        bars.append(procurement)
    marks = [Mark(date(fy, 4, 1), fy_label(fy), "boundary") for fy in [*fys, first_fy + 3]]
    marks += [
        Mark(in_fiscal_year(fy, m), f"補正予算（{m}月）", "supplementary")
        for fy in fys
        for m in cal.supplementary_months
    ]
    if start <= today <= end:
        marks.append(Mark(today, "今日", "today"))
    marks.append(Mark(verdict.contact, "初回接触", "contact"))
    if plan.desired_start is not None and start <= plan.desired_start <= end:
        marks.append(Mark(plan.desired_start, "希望する開始", "desired"))
    marks += [
        Mark(m.day, short_label(m.label or "マイルストーン"), "milestone")
        for m in plan.milestones
        if m.day is not None and start <= m.day <= end
    ]
    if paper is not None:
        first = paper_start(paper, verdict.contact)
        group = type(paper).model_fields["schedule"].metadata[0]
        for index, item in enumerate(paper.schedule):
            months = item.months()
            if not months or not item.task.strip():
                continue
            name = f"{group.item_title(index)} {short_label(item.task)}"
            s = add_months(first, months[0] - 1)
            e = min(add_months(first, months[-1]) - timedelta(days=1), end)
            if s > end:
                continue
            rows.append(name)
            bars.append(Bar(name, s, e, "実施事項", item.task))
    return Chart(start, end, tuple(bars), tuple(marks), tuple(rows))


def plain(text: str) -> str:
    """User text as plotly shows it literally (plotly reads a subset of HTML in every string)."""
    return html.escape(text, quote=True)


def build_figure(chart: Chart) -> go.Figure:
    """The plotly timeline: bars per budget phase, 年度 boundaries, 補正予算, today and milestones.
    Every user-derived string is escaped (a label 「<a href=…>」 stays text)."""
    fig = go.Figure()
    seen: set[str] = set()
    for bar, shown in zip(chart.bars, labelled_bars(chart), strict=True):
        end = bar.end + timedelta(days=1)
        fig.add_trace(
            go.Bar(
                y=[plain(bar.row)],
                x=[(end - bar.start).days * 86_400_000],
                base=[bar.start.isoformat()],
                orientation="h",
                name=bar.kind,
                legendgroup=bar.kind,
                showlegend=bar.kind not in seen,
                marker_color=PHASE_COLOURS[bar.kind],
                text=[plain(bar.label) if shown else ""],
                textposition="inside",
                insidetextanchor="middle",
                customdata=[f"{plain(bar.label)}<br>{bar.start:%Y-%m-%d} ～ {bar.end:%Y-%m-%d}"],
                hovertemplate=f"%{{customdata}}<extra>{bar.kind}</extra>",
            )
        )
        seen.add(bar.kind)
    for mark in chart.marks:
        style = MARK_STYLES[mark.kind]
        fig.add_shape(
            type="line",
            x0=mark.day.isoformat(),
            x1=mark.day.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            name=f"{mark.kind}:{plain(mark.label)}",
            line={"color": style.colour, "width": style.width * 1.5, "dash": style.dash},
        )
    slots = label_slots(chart, char_width=1 / 60)  # 11 px characters on a plot about 660 px wide
    for slot in slots:
        fig.add_annotation(
            x=slot.mark.day.isoformat(),
            y=1.0,
            yref="paper",
            text=plain(slot.mark.label),
            showarrow=False,
            xanchor="left" if slot.anchor == "start" else "right",
            yanchor="bottom",
            yshift=2 + 16 * slot.level,
            font={"size": 10, "color": MARK_STYLES[slot.mark.kind].colour},
        )
    levels = 1 + max((s.level for s in slots), default=0)
    fig.update_layout(
        barmode="overlay",
        height=120 + 16 * levels + 34 * len(chart.rows),
        margin={"l": 10, "r": 10, "t": 20 + 16 * levels, "b": 30},
        xaxis={
            "type": "date",
            "range": [chart.start.isoformat(), (chart.end + timedelta(days=1)).isoformat()],
            "dtick": "M1",
            "tickformat": "%-m月",
            "ticklabelmode": "period",
        },
        yaxis={"categoryorder": "array", "categoryarray": [plain(r) for r in reversed(chart.rows)]},
        legend={"orientation": "h", "y": -0.15},
        font={"family": "IPAexGothic, Noto Sans JP, sans-serif"},
    )
    return fig


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: lines of at most 75 octets, continuation lines start with a space."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def to_ics(verdict: Verdict, project: str, stamp: date, plan: TimelinePlan | None = None) -> bytes:
    """The verdict's deadlines and the user's own milestones as all-day events (.ics)."""
    events = [(d.day, d.label, f"{project}（目安・実践ガイドの予算編成スケジュールより）") for d in verdict.deadlines]
    if plan is not None:
        events += [(m.day, m.label or "マイルストーン", f"{project}（自分の予定）") for m in plan.milestones if m.day]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kanmin-worksheets//timeline//JA", "CALSCALE:GREGORIAN"]
    for i, (day, summary, description) in enumerate(sorted(events, key=lambda e: e[0])):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{stamp:%Y%m%d}-{i}-{day:%Y%m%d}@kanmin-worksheets",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(f for line in lines for f in _fold(line)) + "\r\n").encode("utf-8")
