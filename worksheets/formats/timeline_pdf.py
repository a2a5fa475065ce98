"""The timeline as an A4 landscape PDF: the chart drawn with reportlab (no browser, works offline
and in CI), then the verdict, the deadlines ahead and, when late, the guide's alternatives."""

from __future__ import annotations

import io
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from worksheets.fiscal import CalendarRules, Verdict, verdict
from worksheets.formats.fonts import printable, register
from worksheets.formats.pdf_format import _footer, _styles, markup, template
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.timeline import PHASE_COLOURS, Chart, chart_items

LABEL_W = 62 * mm
ROW_H = 7 * mm
TOP = 16 * mm
BOTTOM = 8 * mm
MARK_COLOURS = {"boundary": "#404040", "today": "#C00000", "supplementary": "#BF9000", "milestone": "#7030A0"}


def draw_chart(chart: Chart, width: float, font: str) -> Drawing:
    height = TOP + ROW_H * len(chart.rows) + BOTTOM
    d = Drawing(width, height)
    d.initialFontName = font  # reportlab's graphics state would otherwise start in (unembedded) Helvetica
    span = (chart.end - chart.start).days + 1
    plot_w = width - LABEL_W

    def x(day: date) -> float:
        return LABEL_W + plot_w * (day - chart.start).days / span

    def y(row: str) -> float:
        return height - TOP - ROW_H * (chart.rows.index(row) + 1)

    d.add(Rect(LABEL_W, BOTTOM, plot_w, height - TOP - BOTTOM, fillColor=colors.HexColor("#F5F7FA"), strokeColor=None))
    for row in chart.rows:
        d.add(
            String(
                LABEL_W - 2, y(row) + ROW_H / 2 - 2.5, printable(row)[:28], fontName=font, fontSize=7, textAnchor="end"
            )
        )
    month = chart.start
    while month <= chart.end:  # month ticks
        d.add(Line(x(month), BOTTOM, x(month), BOTTOM - 1.5 * mm, strokeColor=colors.grey, strokeWidth=0.3))
        d.add(String(x(month) + 1, BOTTOM - 5 * mm, f"{month.month}月", fontName=font, fontSize=5.5))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    for bar in chart.bars:
        x0, x1 = x(bar.start), x(bar.end) + plot_w / span
        d.add(
            Rect(
                x0,
                y(bar.row) + 1,
                max(x1 - x0, 0.8),
                ROW_H - 2,
                fillColor=colors.HexColor(PHASE_COLOURS[bar.kind]),
                strokeColor=None,
            )
        )
        fits = int((x1 - x0 - 4) / 6.5)  # full-width characters of 6.5 pt that fit inside the bar
        if bar.label and fits >= 2:
            d.add(
                String(
                    (x0 + x1) / 2,
                    y(bar.row) + ROW_H / 2 - 2.3,
                    printable(bar.label)[:fits],
                    fontName=font,
                    fontSize=6.5,
                    textAnchor="middle",
                    fillColor=colors.white,
                )
            )
    for mark in chart.marks:
        colour = colors.HexColor(MARK_COLOURS[mark.kind])
        dash = {"today": [3, 2], "supplementary": [1, 2], "milestone": [4, 1, 1, 1]}.get(mark.kind)
        d.add(
            Line(
                x(mark.day),
                BOTTOM,
                x(mark.day),
                height - TOP + 2,
                strokeColor=colour,
                strokeWidth=1.2 if mark.kind != "supplementary" else 0.5,
                strokeDashArray=dash,
            )
        )
        if mark.kind in ("boundary", "today", "milestone"):
            level = {"boundary": 9, "today": 4, "milestone": 0}[mark.kind]
            d.add(
                String(
                    x(mark.day) + 1,
                    height - TOP + 3 + level,
                    printable(mark.label)[:30],
                    fontName=font,
                    fontSize=6.5,
                    fillColor=colour,
                )
            )
    legend_x = LABEL_W
    for kind, colour in [
        *PHASE_COLOURS.items(),
        ("補正予算の月", MARK_COLOURS["supplementary"]),
        ("今日", MARK_COLOURS["today"]),
    ]:
        d.add(Rect(legend_x, 1, 3 * mm, 2.5 * mm, fillColor=colors.HexColor(colour), strokeColor=None))
        d.add(String(legend_x + 4 * mm, 1.5, kind, fontName=font, fontSize=6))
        legend_x += 22 * mm
    return d


def render(plan: TimelinePlan, cal: CalendarRules, today: date, paper: DiscussionPaper | None = None) -> bytes:
    font = register()
    st = _styles(font)
    contact = plan.first_contact or today
    result: Verdict = verdict(contact, cal, needs_budget=plan.needs_budget == "必要", procurement=plan.procurement)
    chart = chart_items(plan, cal, result, today, paper)
    buf = io.BytesIO()
    doc = template(buf, "タイムライン", font)
    title = f"タイムライン：{plan.project or '（提案名なし）'}" + (
        f"（{plan.municipality}）" if plan.municipality else ""
    )
    story: list[Flowable] = [
        Paragraph(markup(title), st["title"]),
        Paragraph(
            markup(
                f"初回接触 {contact:%Y年%m月%d日}（{result.contact_fiscal_year}年度）　カレンダー：{cal.name}　"
                f"※すべて目安です（実践ガイド p.25, p.29, p.81–83 の予算編成スケジュールより）"
            ),
            st["note"],
        ),
        Spacer(1, 2 * mm),
        draw_chart(chart, doc.width, font),
        Spacer(1, 3 * mm),
        Paragraph(markup(f"判定（目安）：{result.headline}"), st["value"]),
    ]
    rows = [[Paragraph("日付", st["label"]), Paragraph("これからの期限・予定", st["label"])]]
    rows += [
        [Paragraph(f"{d.day:%Y-%m-%d}", st["value"]), Paragraph(markup(d.label), st["value"])] for d in result.deadlines
    ]
    if len(rows) > 1:
        table = Table(rows, colWidths=[30 * mm, doc.width - 30 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [Spacer(1, 2 * mm), table]
    if result.alternatives:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph("間に合わないときの選択肢（実践ガイドより）", st["label"]))
        story += [Paragraph(markup(f"・{a}"), st["value"]) for a in result.alternatives]
    doc.build(story, onFirstPage=_footer("タイムライン"), onLaterPages=_footer("タイムライン"))
    return buf.getvalue()
