"""Text equivalents of the app's pictures (issue 16, WCAG 1.1.1): the 三方よし diagram and the timeline
chart, said in words from the same data the pictures are drawn from (:mod:`worksheets.diagram`,
:func:`worksheets.timeline.chart_items`), for screen readers and for narrow screens."""

from __future__ import annotations

from worksheets.fiscal import Verdict
from worksheets.reference import exit_for
from worksheets.sheets.sanpo_yoshi import SIDE_NAMES, SIDES, SanpoYoshiMap
from worksheets.text import split_lines
from worksheets.timeline import Chart

DIAGRAM_ORDER = ("行政", "民間", "社会")  # as drawn: 行政 top left, 民間 top right, 社会 below


def _items(text: str) -> str:
    return "、".join(line.lstrip("・-* 　") for line in split_lines(text) if line.strip()) or "（未記入）"


def sanpo_lines(sheet: SanpoYoshiMap) -> list[str]:
    """The diagram in words: the centre (exit, project), each party's box, then every arrow."""
    info = exit_for(sheet.exit) if sheet.exit else None
    exit_text = f"出口{info['id']} {info['name']}" if info else "（未選択）"
    lines = [
        "三方よしの図：行政・民間・社会の三者と、そのあいだのやり取り。",
        f"出口：{exit_text}",
        f"事業名：{sheet.project.strip() or '（未記入）'}",
    ]
    for side in DIAGRAM_ORDER:
        party = sheet.party(side)
        members = sheet.members(side)
        lines.append(f"【{SIDE_NAMES[side]}よし】")
        lines.append(f"メリット：{_items(party['benefits'])}")
        lines.append(f"役割：{_items(party['roles'])}")
        who = "、".join(f"{m.name}（{m.beneficiary}）" if m.beneficiary else m.name for m in members)
        lines.append(f"利害関係者：{who or '（なし）'}")
        lines.append(f"資源：{'／'.join(party['resources']) or '（なし）'}")
    flows = [tuple(f[:3]) for f in info["flows"]] if info else []
    if flows:
        lines.append("【矢印（三者のあいだのやり取り）】")
        lines.extend(f"{source} → {target}：{text}" for source, target, text in flows)
    else:
        lines.append("矢印：出口を選ぶと、三者のあいだのやり取りが矢印で示されます。")
    counts = "、".join(f"{side} {len(sheet.members(side))}人" for side in SIDES)
    lines.append(f"利害関係者の数：{counts}")
    return lines


def sanpo_summary(sheet: SanpoYoshiMap) -> str:
    """A short alt text for the image itself (the full text is :func:`sanpo_lines`)."""
    info = exit_for(sheet.exit) if sheet.exit else None
    where = f"出口{info['id']} {info['name']}" if info else "出口は未選択"
    return f"三方よしの図（{where}）。行政・民間・社会の役割とメリットを示す図です。内容は下の「図の内容（テキスト）」にあります。"


def timeline_lines(chart: Chart, verdict: Verdict) -> list[str]:
    """The chart in words: the verdict, each row's phases with their dates, the marked days, the deadlines."""
    lines = [
        f"タイムライン：{chart.start:%Y-%m-%d} から {chart.end:%Y-%m-%d} まで。",
        f"判定（目安）：{verdict.line}",
    ]
    for row in chart.rows:
        bars = [b for b in chart.bars if b.row == row]
        if not bars:
            continue
        lines.append(f"【{row}】")
        lines.extend(
            f"{b.start:%Y-%m-%d}〜{b.end:%Y-%m-%d}　{b.label or b.kind}" for b in sorted(bars, key=lambda b: b.start)
        )
    marks = [m for m in chart.marks if m.label]
    if marks:
        lines.append("【目印の日】")
        lines.extend(f"{m.day:%Y-%m-%d}　{m.label}" for m in sorted(marks, key=lambda m: m.day))
    if verdict.deadlines:
        lines.append("【これからの期限・予定（目安）】")
        lines.extend(f"{d.day:%Y-%m-%d}　{d.label}" for d in verdict.deadlines)
    return lines
