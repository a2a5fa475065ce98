"""The timeline as an A4 landscape PDF: the chart drawn with reportlab (no browser, works offline
and in CI), then the verdict (with its category), the deadlines ahead and, when the goal is not met,
the ways forward — side by side so that everything fits on one page."""

from __future__ import annotations

import io
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from worksheets.formats.fonts import printable, register
from worksheets.formats.pdf_format import Paragraph, _footer, _styles, markup, template
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.timeline import MARK_STYLES, PHASE_COLOURS, Chart, label_slots, labelled_bars
from worksheets.timeline_resolve import ResolvedTimeline, resolve

LABEL_W: float = 62 * mm
MAX_ROW_H: float = 6.5 * mm
MIN_ROW_H: float = 3.6 * mm
CHART_ROWS_H: float = 78 * mm  # the rows never take more than this (a long paper gets thinner rows) …
CHART_ROWS_H_WITH_OPTIONS: float = 56 * mm  # … and less when the ways forward must fit on the page too
MARK_SIZE = 6.5
LEVEL_H = MARK_SIZE + 2.5
TICK_H: float = 5 * mm
LEGEND_H: float = 4 * mm
LEGEND = [
    *PHASE_COLOURS.items(),
    ("補正予算の月", MARK_STYLES["supplementary"].colour),
    ("今日", MARK_STYLES["today"].colour),
    ("初回接触", MARK_STYLES["contact"].colour),
    ("希望する開始", MARK_STYLES["desired"].colour),
    ("マイルストーン", MARK_STYLES["milestone"].colour),
]


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut (with …) to fit ``width`` points."""
    text = printable(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _legend_lines(font: str, width: float) -> list[list[tuple[str, str, float]]]:
    lines: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for label, colour in LEGEND:
        w = 4 * mm + stringWidth(label, font, 6) + 3 * mm
        if x + w > width and lines[-1]:
            lines.append([])
            x = 0.0
        lines[-1].append((label, colour, x))
        x += w
    return lines


def draw_chart(chart: Chart, width: float, font: str, rows_height: float = CHART_ROWS_H) -> Drawing:
    plot_w = width - LABEL_W
    slots = label_slots(chart, char_width=MARK_SIZE / plot_w, gap=2 / plot_w)
    levels = 1 + max((s.level for s in slots), default=0)
    legend = _legend_lines(font, plot_w)
    row_h = max(MIN_ROW_H, min(MAX_ROW_H, rows_height / max(len(chart.rows), 1)))
    top = 2 + LEVEL_H * levels
    bottom = TICK_H + LEGEND_H * len(legend)
    height = top + row_h * len(chart.rows) + bottom
    d = Drawing(width, height)
    d.initialFontName = font  # reportlab's graphics state would otherwise start in (unembedded) Helvetica
    span = (chart.end - chart.start).days + 1

    def x(day: date) -> float:
        return LABEL_W + plot_w * (day - chart.start).days / span

    def y(row: str) -> float:
        return height - top - row_h * (chart.rows.index(row) + 1)

    plot_top = height - top
    d.add(Rect(LABEL_W, bottom, plot_w, plot_top - bottom, fillColor=colors.HexColor("#F5F7FA"), strokeColor=None))
    row_size = min(7.0, row_h * 0.75)
    for row in chart.rows:
        d.add(
            String(
                LABEL_W - 2,
                y(row) + row_h / 2 - row_size * 0.35,
                _fit(row, font, row_size, LABEL_W - 4),
                fontName=font,
                fontSize=row_size,
                textAnchor="end",
            )
        )
    month = chart.start
    while month <= chart.end:  # month ticks, the label centred in its month
        next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        d.add(Line(x(month), bottom, x(month), bottom - 1.5 * mm, strokeColor=colors.grey, strokeWidth=0.3))
        d.add(
            String(
                (x(month) + x(next_month)) / 2,
                bottom - TICK_H + 1.2 * mm,
                f"{month.month}月",
                fontName=font,
                fontSize=5.5,
                textAnchor="middle",
            )
        )
        month = next_month
    bar_size = min(6.5, row_h * 0.7)
    used: dict[str, list[tuple[float, float]]] = {}
    for bar, shown in zip(chart.bars, labelled_bars(chart), strict=True):
        x0, x1 = x(bar.start), x(bar.end) + plot_w / span
        d.add(
            Rect(
                x0,
                y(bar.row) + 0.6,
                max(x1 - x0, 0.8),
                row_h - 1.2,
                fillColor=colors.HexColor(PHASE_COLOURS[bar.kind]),
                strokeColor=None,
            )
        )
        label = _fit(bar.label, font, bar_size, x1 - x0 - 3) if shown else ""
        text_w = stringWidth(label, font, bar_size)
        mid = (x0 + x1) / 2
        spot = (mid - text_w / 2 - 1, mid + text_w / 2 + 1)
        if len(label) < 2 or label == "…" or any(spot[0] < b and a < spot[1] for a, b in used.get(bar.row, [])):
            continue  # too narrow, or it would overprint another label of this row
        used.setdefault(bar.row, []).append(spot)
        d.add(
            String(
                mid,
                y(bar.row) + row_h / 2 - bar_size * 0.35,
                label,
                fontName=font,
                fontSize=bar_size,
                textAnchor="middle",
                fillColor=colors.white,
            )
        )
    for mark in chart.marks:
        style = MARK_STYLES[mark.kind]
        d.add(
            Line(
                x(mark.day),
                bottom,
                x(mark.day),
                plot_top + 1,
                strokeColor=colors.HexColor(style.colour),
                strokeWidth=style.width,
                strokeDashArray=list(style.dash_array) if style.dash_array else None,
            )
        )
    for slot in slots:
        style = MARK_STYLES[slot.mark.kind]
        px = x(slot.mark.day)
        d.add(
            String(
                px + 1 if slot.anchor == "start" else px - 1,
                plot_top + 2 + LEVEL_H * slot.level,
                printable(slot.mark.label),
                fontName=font,
                fontSize=MARK_SIZE,
                fillColor=colors.HexColor(style.colour),
                textAnchor=slot.anchor,
            )
        )
    for n, line in enumerate(legend):
        ly = bottom - TICK_H - LEGEND_H * (n + 1) + 1
        for label, colour, lx in line:
            d.add(Rect(LABEL_W + lx, ly, 3 * mm, 2.5 * mm, fillColor=colors.HexColor(colour), strokeColor=None))
            d.add(String(LABEL_W + lx + 4 * mm, ly + 0.8, label, fontName=font, fontSize=6))
    return d


def _small(st: dict[str, ParagraphStyle]) -> ParagraphStyle:
    return ParagraphStyle("small", st["value"], fontSize=7, leading=8.8)


def render_resolved(r: ResolvedTimeline) -> bytes:
    font = register()
    st = _styles(font)
    small = _small(st)
    plan, result = r.plan, r.verdict
    buf = io.BytesIO()
    doc = template(buf, "タイムライン", font)
    title = f"タイムライン：{plan.project or '（提案名なし）'}" + (
        f"（{plan.municipality}）" if plan.municipality else ""
    )
    paper = f"　ペーパー：{r.paper.title}" if r.paper is not None else ""
    story: list[Flowable] = [
        Paragraph(markup(title), st["title"]),
        Paragraph(
            markup(
                f"初回接触 {result.contact:%Y年%m月%d日}（{result.contact_fiscal_year}年度）　カレンダー：{r.rules.name}"
                f"{paper}　※すべて目安です（実践ガイド p.25, p.29, p.81–83 の予算編成スケジュールより）"
            ),
            st["note"],
        ),
    ]
    story += [Paragraph(markup(f"注意：カレンダーの日付が矛盾しています。{w}"), st["note"]) for w in r.warnings]
    story += [
        Spacer(1, 1.5 * mm),
        draw_chart(r.chart, doc.width, font, CHART_ROWS_H_WITH_OPTIONS if result.alternatives else CHART_ROWS_H),
        Spacer(1, 2 * mm),
        Paragraph(markup(f"判定（目安）：{result.line}"), st["value"]),
        Spacer(1, 1.5 * mm),
    ]
    left: list[Flowable] = []
    if result.deadlines:
        rows = [[Paragraph("日付", small), Paragraph("これからの期限・予定", small)]]
        rows += [[Paragraph(f"{d.day:%Y-%m-%d}", small), Paragraph(markup(d.label), small)] for d in result.deadlines]
        left_w = doc.width * (0.48 if result.alternatives else 1.0)
        table = Table(rows, colWidths=[20 * mm, left_w - 20 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        left.append(table)
    if result.alternatives:
        right: list[Flowable] = [Paragraph("間に合わないときの選択肢（出典つき）", st["label"])]
        right += [Paragraph(markup(f"・{a}"), small) for a in result.alternatives]
        right += [Paragraph(markup(f"※{n}"), small) for n in result.notes]
        both = Table([[left, right]], colWidths=[doc.width * 0.5, doc.width * 0.5])
        both.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 3 * mm),
                ]
            )
        )
        story.append(both)
    else:
        story += left
    doc.build(story, onFirstPage=_footer("タイムライン"), onLaterPages=_footer("タイムライン"))
    return buf.getvalue()


def render_plan(plan: TimelinePlan, today: date) -> bytes:
    """The plan as every caller prints it: its embedded calendar and paper."""
    return render_resolved(resolve(plan, today))
