"""The 三方よし diagram: 行政, 民間 and 社会 with their stakeholders and what flows between them.

Drawn with reportlab graphics, so the same picture goes into the PDF and (as SVG) onto the page,
offline and without a browser.
"""

from __future__ import annotations

import math

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from worksheets.formats.fonts import printable, register
from worksheets.layout import wrap_text
from worksheets.reference import exit_for
from worksheets.sheets.sanpo_yoshi import SIDE_NAMES, SanpoYoshiMap

BOX_COLOURS = {"行政": "#DDEBF7", "民間": "#FCE4D6", "社会": "#E2EFDA"}
EDGE_COLOURS = {"行政": "#2F5597", "民間": "#C55A11", "社会": "#548235"}


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


def _box(d: Drawing, sheet: SanpoYoshiMap, side: str, x: float, y: float, w: float, h: float, font: str) -> None:
    d.add(
        Rect(
            x,
            y,
            w,
            h,
            rx=3 * mm,
            ry=3 * mm,
            fillColor=colors.HexColor(BOX_COLOURS[side]),
            strokeColor=colors.HexColor(EDGE_COLOURS[side]),
            strokeWidth=1.5,
        )
    )
    top = y + h - 6 * mm
    d.add(
        String(
            x + 3 * mm,
            top,
            f"{SIDE_NAMES[side]}よし",
            fontName=font,
            fontSize=11,
            fillColor=colors.HexColor(EDGE_COLOURS[side]),
        )
    )
    lines: list[tuple[str, float]] = []
    party = sheet.party(side)
    for line in wrap("メリット：" + (party["benefits"] or "（未記入）"), font, 9, w - 6 * mm, 5):
        lines.append((line, 9))
    members = sheet.members(side)
    if members:
        names = "、".join(f"{m.name}（{m.beneficiary}）" for m in members[:6])
        more = f" ほか{len(members) - 6}" if len(members) > 6 else ""
        lines += [(line, 8.5) for line in wrap("利害関係者：" + names + more, font, 8.5, w - 6 * mm, 3)]
    if party["resources"]:
        lines += [(line, 8) for line in wrap("資源：" + "／".join(party["resources"]), font, 8, w - 6 * mm, 2)]
    cursor = top - 5.5 * mm
    for line, size in lines:
        if cursor < y + 2 * mm:
            break
        d.add(String(x + 3 * mm, cursor, line, fontName=font, fontSize=size))
        cursor -= size * 1.45


def _arrow(d: Drawing, x0: float, y0: float, x1: float, y1: float, label: str, font: str, colour: str) -> None:
    d.add(Line(x0, y0, x1, y1, strokeColor=colors.HexColor(colour), strokeWidth=1.4))
    angle = math.atan2(y1 - y0, x1 - x0)
    size = 3 * mm
    left = (x1 - size * math.cos(angle - 0.4), y1 - size * math.sin(angle - 0.4))
    right = (x1 - size * math.cos(angle + 0.4), y1 - size * math.sin(angle + 0.4))
    d.add(Polygon([x1, y1, *left, *right], fillColor=colors.HexColor(colour), strokeColor=None))
    if label:
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        text = printable(label)
        width = stringWidth(text, font, 8.5) + 2 * mm
        d.add(Rect(mx - width / 2, my - 1.8 * mm, width, 4.8 * mm, fillColor=colors.white, strokeColor=None))
        d.add(String(mx, my, text, fontName=font, fontSize=8.5, textAnchor="middle", fillColor=colors.HexColor(colour)))


def draw_map(sheet: SanpoYoshiMap, width: float = 270 * mm, height: float = 165 * mm) -> Drawing:
    font = register()
    d = Drawing(width, height)
    d.initialFontName = font  # keep reportlab from selecting (unembedded) Helvetica
    w, h = width * 0.36, height * 0.36
    boxes = {
        "行政": (0.0, height - h),
        "民間": (width - w, height - h),
        "社会": ((width - w) / 2, 0.0),
    }
    for side, (x, y) in boxes.items():
        _box(d, sheet, side, x, y, w, h, font)
    exit_info = exit_for(sheet.exit) if sheet.exit else None
    centre = {side: (x + w / 2, y + h / 2) for side, (x, y) in boxes.items()}
    # the exit and the project sit at the top, in the gap between the 行政 and 民間 boxes
    gap = width - 2 * w - 6 * mm
    exit_text = f"出口{exit_info['id']} {exit_info['name']}" if exit_info else "出口：未選択"
    lines = [
        ("三方よし", 11),
        *((t, 8.5) for t in wrap(exit_text, font, 8.5, gap, 2)),
        *((t, 8) for t in wrap(sheet.project or "（事業名：未記入）", font, 8, gap, 2)),
    ]
    cursor = height - 5 * mm
    for text, size in lines:
        d.add(String(width / 2, cursor, text, fontName=font, fontSize=size, textAnchor="middle"))
        cursor -= size * 1.5
    flows = exit_info["flows"] if exit_info else [["行政", "民間", ""], ["民間", "社会", ""], ["社会", "行政", ""]]
    pairs: dict[frozenset[str], int] = {}
    for source, target, label in flows:
        (x0, y0), (x1, y1) = centre[source], centre[target]
        key = frozenset((source, target))
        offset = 3.5 * mm * (1 if pairs.get(key, 0) == 0 else -1)
        pairs[key] = pairs.get(key, 0) + 1
        angle = math.atan2(y1 - y0, x1 - x0)
        # the normal of the pair (not of the direction), so two opposite flows sit on opposite sides
        a, b = sorted((source, target))
        base = math.atan2(centre[b][1] - centre[a][1], centre[b][0] - centre[a][0])
        nx, ny = -math.sin(base) * offset, math.cos(base) * offset
        # from the edge of one box to the edge of the other
        t0, t1 = _edge(w, h, angle), _edge(w, h, angle + math.pi)
        sx, sy = x0 + math.cos(angle) * t0 + nx, y0 + math.sin(angle) * t0 + ny
        ex, ey = x1 + math.cos(angle + math.pi) * t1 + nx, y1 + math.sin(angle + math.pi) * t1 + ny
        _arrow(d, sx, sy, ex, ey, label, font, EDGE_COLOURS[source])
    return d


def _edge(w: float, h: float, angle: float) -> float:
    """Distance from a box's centre to its border along ``angle`` (plus a small gap)."""
    c, s = abs(math.cos(angle)), abs(math.sin(angle))
    return min(w / 2 / c if c else math.inf, h / 2 / s if s else math.inf) + 2 * mm


def to_svg(sheet: SanpoYoshiMap) -> str:
    return str(renderSVG.drawToString(draw_map(sheet)))
