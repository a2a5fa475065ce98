"""The 三方よし diagram: 行政, 民間 and 社会 with their stakeholders and what flows between them.

Drawn with reportlab graphics, so the same picture goes into the PDF and (as SVG) onto the page,
offline and without a browser. The guide's 図表24 is an image that its text does not carry, so
this drawing is the app's own; :data:`NOTE` says so under it. Its arrows are only the flows
between the three parties that the guide's text on each exit states (``data/exits.json``, each
flow with the guide's words it rests on).

Every text is wrapped with the Japanese line-breaking rules of :mod:`worksheets.layout`, and
arrow labels are placed where they overprint neither a box, the centre text nor another label.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from worksheets.formats.fonts import printable, register
from worksheets.layout import wrap_text
from worksheets.reference import exit_for
from worksheets.sheets.sanpo_yoshi import SIDE_NAMES, SanpoYoshiMap
from worksheets.text import split_lines

BOX_COLOURS = {"行政": "#DDEBF7", "民間": "#FCE4D6", "社会": "#E2EFDA"}
EDGE_COLOURS = {"行政": "#2F5597", "民間": "#C55A11", "社会": "#548235"}
NOTE = (
    "※図は本アプリによる整理です（実践ガイドの図表24「官民連携を通じて目指す三方よし」そのものではありません）。"
    "矢印は、実践ガイド「各利害関係者の役割と官民連携の「出口」を明確にする」が出口ごとに述べる役割とメリットのうち、"
    "三者の間のやり取りとして書かれているものだけを示します。"
)
NO_EXIT = "出口を選ぶと、ガイドが出口ごとに述べる三者の間のやり取りを矢印で示します。"
LABEL_SIZE = 8.5
LEADING = 1.4


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break text into lines no wider than ``width``, with Japanese line-breaking rules."""
    lines = wrap_text(printable(text), lambda ch: stringWidth(ch, font, size), width)
    lines = [line for line in lines if line.strip()]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box, gap: float = 1.0) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )


def _items(text: str) -> list[str]:
    """A field's lines as items without the bullets the user typed (the drawing adds its own)."""
    return [line.lstrip("・-*＊ 　") for line in split_lines(text)]


def _section(label: str, items: list[str], font: str, width: float) -> list[tuple[str, str, float]]:
    """``(label, text, indent)`` lines: one item follows its label; several go below it, one ・ each."""
    items = [i for i in items if i]
    if not items:
        return []
    size = 8.5
    head = f"{label}："
    if len(items) == 1:
        indent = stringWidth(head, font, size)
        lines = wrap(items[0], font, size, width - indent, 99)
        return [(head if i == 0 else "", line, indent) for i, line in enumerate(lines)]
    bullet = stringWidth("・", font, size)
    out = [(head, "", 0.0)]
    for item in items:
        lines = wrap(item, font, size, width - bullet, 99)
        out += [("", ("・" if i == 0 else "") + line, 0.0 if i == 0 else bullet) for i, line in enumerate(lines)]
    return out


def _fit(sections: list[list[tuple[str, str, float]]], capacity: int) -> list[tuple[str, str, float]]:
    """Lines for a box of ``capacity`` lines: every section keeps a share, cut ones end with …."""
    share = [min(len(s), 2) for s in sections]
    spare = capacity - sum(share)
    if spare < 0:  # not even two lines each: take the sections in order
        share = [0] * len(sections)
        spare = capacity
    for i, s in enumerate(sections):
        extra = min(len(s) - share[i], max(spare, 0))
        share[i] += extra
        spare -= extra
    out: list[tuple[str, str, float]] = []
    for s, n in zip(sections, share, strict=True):
        kept = s[:n]
        if n < len(s) and kept:
            label, text, indent = kept[-1]
            kept[-1] = (label, (text[:-1] if len(text) > 1 else text) + "…", indent)
        out += kept
    return out


def _box(d: Drawing, sheet: SanpoYoshiMap, side: str, box: Box, font: str) -> None:
    x, y, w, h = box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0
    edge = colors.HexColor(EDGE_COLOURS[side])
    d.add(Rect(x, y, w, h, rx=3 * mm, ry=3 * mm, fillColor=colors.HexColor(BOX_COLOURS[side]), strokeColor=edge))
    d.add(String(x + 3 * mm, y + h - 6 * mm, f"{SIDE_NAMES[side]}よし", fontName=font, fontSize=11, fillColor=edge))
    inner = w - 6 * mm
    party = sheet.party(side)
    members = sheet.members(side)
    sections = [
        _section("メリット", _items(party["benefits"]) or ["（未記入）"], font, inner),
        _section("役割", _items(party["roles"]), font, inner),
        _section("利害関係者", ["、".join(f"{m.name}（{m.beneficiary}）" for m in members)], font, inner),
        _section("資源", ["／".join(party["resources"])], font, inner),
    ]
    top = y + h - 6 * mm - 5.5 * mm
    step = 8.5 * LEADING
    capacity = max(int((top - (y + 2 * mm)) // step) + 1, 1)
    cursor = top
    for label, text, indent in _fit(sections, capacity):
        if label:
            d.add(String(x + 3 * mm, cursor, label, fontName=font, fontSize=8.5, fillColor=edge))
        if text:
            d.add(String(x + 3 * mm + indent, cursor, text, fontName=font, fontSize=8.5))
        cursor -= step


def _arrow(d: Drawing, start: tuple[float, float], end: tuple[float, float], colour: str) -> None:
    (x0, y0), (x1, y1) = start, end
    d.add(Line(x0, y0, x1, y1, strokeColor=colors.HexColor(colour), strokeWidth=1.4))
    angle = math.atan2(y1 - y0, x1 - x0)
    size = 3 * mm
    left = (x1 - size * math.cos(angle - 0.4), y1 - size * math.sin(angle - 0.4))
    right = (x1 - size * math.cos(angle + 0.4), y1 - size * math.sin(angle + 0.4))
    d.add(Polygon([x1, y1, *left, *right], fillColor=colors.HexColor(colour), strokeColor=None))


@dataclass(frozen=True)
class Route:
    """Where the arrows between two parties run and on which side their labels go."""

    parties: tuple[str, str]
    ends: tuple[tuple[float, float], tuple[float, float]]  # at the first party's box, at the other's
    shift: tuple[float, float]  # how a second, opposite arrow is moved off the first
    label_side: str  # "above" (horizontal arrows), "left" or "right" (the arrows to 社会)


def _routes(boxes: dict[str, Box]) -> dict[frozenset[str], Route]:
    gov, biz, soc = boxes["行政"], boxes["民間"], boxes["社会"]
    gap = 2 * mm
    w = gov.x1 - gov.x0
    mid = (gov.y0 + gov.y1) / 2
    return {
        frozenset(("行政", "民間")): Route(
            ("行政", "民間"), ((gov.x1 + gap, mid), (biz.x0 - gap, mid)), (0.0, -8 * mm), "above"
        ),
        frozenset(("行政", "社会")): Route(
            ("行政", "社会"),
            ((gov.x0 + w * 0.8, gov.y0 - gap), (soc.x0 + w * 0.12, soc.y1 + gap)),
            (7 * mm, 0.0),
            "left",
        ),
        frozenset(("民間", "社会")): Route(
            ("民間", "社会"),
            ((biz.x1 - w * 0.8, biz.y0 - gap), (soc.x1 - w * 0.12, soc.y1 + gap)),
            (-7 * mm, 0.0),
            "right",
        ),
    }


def _label(
    d: Drawing, lines: list[str], anchor: tuple[float, float], align: str, taken: list[Box], font: str, colour: str
) -> None:
    """Label lines next to ``anchor`` (``align``: the anchor is the label's left, middle or right),
    moved down or up in small steps until it overprints nothing already placed."""
    width = max(stringWidth(line, font, LABEL_SIZE) for line in lines)
    height = len(lines) * LABEL_SIZE * LEADING
    x = {"left": anchor[0], "middle": anchor[0] - width / 2, "right": anchor[0] - width}[align]
    for step in (0, -1, 1, -2, 2, -3, 3, -4, 4):
        y = anchor[1] + step * 2.5 * mm
        box = Box(x, y - height / 2, x + width, y + height / 2)
        if not any(box.hits(other) for other in taken):
            break
    taken.append(box)
    baseline = box.y1 - LABEL_SIZE
    for line in lines:
        d.add(
            String(
                box.x0 if align != "middle" else (box.x0 + box.x1) / 2,
                baseline,
                line,
                fontName=font,
                fontSize=LABEL_SIZE,
                textAnchor="middle" if align == "middle" else "start",
                fillColor=colors.HexColor(colour),
            )
        )
        baseline -= LABEL_SIZE * LEADING


def _centre(d: Drawing, sheet: SanpoYoshiMap, font: str, cx: float, cy: float, width: float) -> Box:
    """三方よし, the exit and the project in the middle of the triangle; returns the area used."""
    exit_info = exit_for(sheet.exit) if sheet.exit else None
    exit_text = f"出口{exit_info['id']} {exit_info['name']}" if exit_info else NO_EXIT
    lines = [
        ("三方よし", 12.0),
        *((t, 8.5) for t in wrap(exit_text, font, 8.5, width, 3)),
        *((t, 8.0) for t in wrap(sheet.project or "（事業名：未記入）", font, 8.0, width, 2)),
    ]
    height = sum(size * LEADING for _, size in lines)
    cursor = cy + height / 2 - lines[0][1]
    for text, size in lines:
        d.add(String(cx, cursor, text, fontName=font, fontSize=size, textAnchor="middle"))
        cursor -= size * LEADING
    used = max(stringWidth(t, font, s) for t, s in lines)
    return Box(cx - used / 2, cy - height / 2, cx + used / 2, cy + height / 2)


def draw_map(sheet: SanpoYoshiMap, width: float = 270 * mm, height: float = 165 * mm) -> Drawing:
    """行政 and 民間 at the top, 社会 below them; between them the arrows of the chosen exit."""
    font = register()
    d = Drawing(width, height)
    d.initialFontName = font  # keep reportlab from selecting (unembedded) Helvetica
    w, h = width * 0.36, height * 0.38
    boxes = {
        "行政": Box(0.0, height - h, w, height),
        "民間": Box(width - w, height - h, width, height),
        "社会": Box((width - w) / 2, 0.0, (width + w) / 2, h),
    }
    for side, box in boxes.items():
        _box(d, sheet, side, box, font)
    routes = _routes(boxes)
    left = routes[frozenset(("行政", "社会"))].ends[1][0]
    right = routes[frozenset(("民間", "社会"))].ends[1][0]
    taken = list(boxes.values())
    taken.append(_centre(d, sheet, font, width / 2, height / 2, right - left - 24 * mm))
    exit_info = exit_for(sheet.exit) if sheet.exit else None
    flows = [tuple(f[:3]) for f in exit_info["flows"]] if exit_info else []
    count = Counter(frozenset((source, target)) for source, target, _ in flows)
    seen: Counter[frozenset[str]] = Counter()
    for source, target, text in flows:
        key = frozenset((source, target))
        route, nth = routes[key], seen[key]
        seen[key] += 1
        dx, dy = route.shift if nth else (0.0, 0.0)
        a, b = ((x + dx, y + dy) for x, y in route.ends)
        colour = EDGE_COLOURS[source]
        _arrow(d, *((a, b) if source == route.parties[0] else (b, a)), colour)
        lines = wrap(text, font, LABEL_SIZE, width * 0.2, 2)
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        if route.label_side == "above":  # the first arrow's label above it, a second's below
            offset = len(lines) * LABEL_SIZE * LEADING / 2 + 1.5 * mm
            _label(d, lines, (mx, my - offset if nth else my + offset), "middle", taken, font, colour)
            continue
        # beside the first arrow, away from the centre text; with two arrows, one label above the other
        y = my + (0.0 if count[key] == 1 else (-5 * mm if nth else 5 * mm))
        half = len(lines) * LABEL_SIZE * LEADING / 2
        (x0, y0), (x1, y1) = route.ends
        on_line = [x0 + (x1 - x0) * (yy - y0) / (y1 - y0) for yy in (y - half, y + half)]
        if route.label_side == "left":
            _label(d, lines, (min(on_line) - 3 * mm, y), "right", taken, font, colour)
        else:
            _label(d, lines, (max(on_line) + 3 * mm, y), "left", taken, font, colour)
    return d


def to_svg(sheet: SanpoYoshiMap) -> str:
    return str(renderSVG.drawToString(draw_map(sheet)))
