"""A4 landscape PDF that looks like the guide's figures: ruled tables, guide headings.

User text is always escaped before it reaches reportlab's Paragraph (which parses markup),
wrapped with Japanese line-breaking rules (``wordWrap='CJK'``), and a long cell is split across
pages instead of being cut (``splitInRow``). Characters the font lacks print as 〓 and are
reported by :func:`warnings` so the UI can tell the user.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine

from worksheets.document import Document
from worksheets.formats import declared
from worksheets.formats.fonts import missing_glyphs, printable, register
from worksheets.layout import Cell, GridPage, Role, line_ranges
from worksheets.registry import SHEETS
from worksheets.spec import Kind, entries

title, extensions, media_type = declared(__name__)  # declared once, in worksheets.formats.INFOS

PAGE = landscape(A4)
MARGIN = 10 * mm
EMPTY_VALUE_HEIGHT = 16 * mm
CELL_PADDING = 4
SMALLEST_LABEL = 7.0

_FILL = {
    Role.HEADING: colors.HexColor("#44546A"),
    Role.LABEL: colors.HexColor("#D9E1F2"),
    Role.PROMPT: colors.HexColor("#F2F2F2"),
    Role.BAR: colors.HexColor("#5B9BD5"),
}


class Paragraph(_Paragraph):  # type: ignore[misc]  # reportlab ships no types: its Paragraph is Any
    """reportlab's Paragraph with the app's Japanese line breaking (:func:`layout.line_ranges`).

    Why: reportlab's own CJK wrapping only hangs a single closing mark past the right edge
    (so it overprints the next cell), lets a line end with 「（」 and start with 「ー」, small
    kana or a second closing mark. Every PDF paragraph of the app uses this class.
    """

    def breakLinesCJK(self, maxWidths: float | Sequence[float]) -> Any:  # reportlab's name, returns its ParaLines
        if not isinstance(maxWidths, Sequence):  # one width for every line
            maxWidths = [maxWidths]
        split = hasattr(self, "blPara") and bool(getattr(self, "_splitpara", 0))  # a part of a split paragraph
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags

        def limit(n: int) -> float:
            return float(maxWidths[min(n, len(maxWidths) - 1)])

        if not frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, lines=[])
        plain = _plain_text(frags)
        if plain is not None:
            # one style throughout (most cells, and hints whose lines are joined by <br/>): plain
            # lines, as reportlab's own single-fragment case. Why not reportlab's general path:
            # it builds and compares an object per character (a third of a sheet's drawing time).
            f = next(f for f in frags if not hasattr(f, "lineBreak"))
            if split:
                return f.clone(kind=0, lines=self.blPara.lines)
            if getattr(self, "_ja_widths", None) is None:  # wrap() runs many times while tables split
                self._ja_widths = char_widths(plain, f.fontName, f.fontSize)
            widths = self._ja_widths
            lines: list[tuple[float, list[str]]] = []
            for start, end, hard in line_ranges(plain, widths, limit, lambda i: plain[i] == "\n"):
                text = plain[start : end - 1] if hard else plain[start:end]
                lines.append((limit(len(lines)) - sum(widths[start:end]), [text]))
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if split:
            return self.blPara
        if getattr(self, "_ja_chars", None) is None:
            self._ja_chars = [
                u for f in frags for u in ([cjkU(t, f, "utf8") for t in f.text] if f.text else [cjkU("", f, "utf8")])
            ]
        chars = self._ja_chars
        bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        para_lines: list[Any] = []  # reportlab's line objects
        for start, end, hard in line_ranges(
            chars, [u.width for u in chars], limit, lambda i: hasattr(chars[i].frag, "lineBreak")
        ):
            width = limit(len(para_lines))
            used = sum(u.width for u in chars[start:end])
            para_lines.append(makeCJKParaLine(chars[start:end], width, used, width - used, hard, bounds))
        return ParaLines(kind=1, lines=para_lines)


_STYLE_KEYS = ("fontName", "fontSize", "bold", "italic", "textColor", "backColor", "rise", "link", "us_lines", "nobr")


def _plain_text(frags: Sequence[Any]) -> str | None:
    """The paragraph's text with "\\n" at its line breaks when every fragment is plain text in one
    style (what :func:`markup` makes); None for anything else (bold runs, images, links)."""
    first = next((f for f in frags if not hasattr(f, "lineBreak")), None)
    if first is None:
        return None
    style = tuple(getattr(first, key, None) for key in _STYLE_KEYS)
    parts: list[str] = []
    for f in frags:
        if hasattr(f, "cbDefn") or hasattr(f, "img") or getattr(f, "underline", False) or getattr(f, "strike", False):
            return None
        if hasattr(f, "lineBreak"):
            parts.append("\n")
            continue
        if tuple(getattr(f, key, None) for key in _STYLE_KEYS) != style:
            return None
        parts.append(f.text if hasattr(f, "text") else "".join(getattr(f, "words", [])))
    return "".join(parts)


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def char_widths(text: str, font: str, size: float) -> list[float]:
    """Each character's advance width (a line break: 0), from a per-font-and-size table."""
    table = _WIDTHS.setdefault((font, size), {"\n": 0.0})
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, font, size)
        out.append(w)
    return out


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=14, leading=18),
        "heading": ParagraphStyle("heading", base, fontSize=10.5, leading=13, textColor=colors.white, alignment=1),
        "label": ParagraphStyle("label", base, fontSize=9),
        "prompt_head": ParagraphStyle("prompt_head", base, fontSize=9, leading=11),
        "prompt": ParagraphStyle("prompt", base, fontSize=7, leading=9, textColor=colors.HexColor("#404040")),
        "value": base,
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=10, textColor=colors.HexColor("#404040")),
        "bar": ParagraphStyle("bar", base, fontSize=7, leading=9),
    }


def markup(text: str) -> str:
    """User text as safe Paragraph markup: escaped, font-checked, line breaks kept."""
    return escape(printable(text)).replace("\n", "<br/>")


def _value_text(cell: Cell) -> str:
    if cell.kind is Kind.LINES and cell.text:
        return "\n".join(f"・{line}" for line in cell.text.split("\n"))
    if cell.kind is not None and cell.kind.is_number:
        return f"{cell.text or '〇'}{cell.unit}"
    return cell.text


def _label_style(text: str, style: ParagraphStyle, width: float) -> ParagraphStyle:
    """A label that would wrap in its narrow column (スタートアップ / 名) prints a little smaller
    on one line instead, down to :data:`SMALLEST_LABEL` points; a longer one wraps as usual."""
    if "\n" in text or stringWidth(text, style.fontName, style.fontSize) <= width:
        return style
    size = style.fontSize * width / stringWidth(text, style.fontName, style.fontSize)
    if size < SMALLEST_LABEL:
        return style
    size = math.floor(size * 10) / 10
    return ParagraphStyle(f"{style.name}_fit", style, fontSize=size, leading=style.leading * size / style.fontSize)


def _flowables(cell: Cell, st: dict[str, ParagraphStyle], width: float = 0.0) -> list[Flowable]:
    if cell.role is Role.PROMPT:
        out: list[Flowable] = []
        if cell.heading:
            out.append(Paragraph(markup(cell.heading), st["prompt_head"]))
        if cell.text:
            out.append(Paragraph(markup(cell.text), st["prompt"]))
        return out
    if cell.role is Role.VALUE:
        # One paragraph per source line, so a long cell can split between them across pages.
        head = [Paragraph(markup(cell.heading), st["prompt_head"])] if cell.heading else []
        return head + [Paragraph(markup(line) or "&nbsp;", st["value"]) for line in _value_text(cell).split("\n")]
    style = st[cell.role.value]
    if cell.role is Role.LABEL and width > 0:
        style = _label_style(printable(cell.text), style, width)
    return [Paragraph(markup(cell.text), style)]


def _bands(page: GridPage) -> list[list[Cell]]:
    """Consecutive rows that no cell spans across, top to bottom."""
    cells = sorted(page.cells, key=lambda c: (c.row, c.col))
    bands: list[list[Cell]] = []
    band_end = -1
    for cell in cells:
        if cell.row >= band_end:
            bands.append([])
        bands[-1].append(cell)
        band_end = max(band_end, cell.row + cell.rowspan)
    return bands


def _band_table(band: list[Cell], page: GridPage, width: float, st: dict[str, ParagraphStyle]) -> Table:
    """One band as a table whose columns are only the boundaries its cells use.

    Why: reportlab mis-sizes paragraphs of column-spanning cells when it splits a row across
    pages; with per-band columns no value cell spans columns.
    """
    n_cols = len(page.col_widths)
    edges = sorted({0, n_cols} | {c.col for c in band} | {c.col + c.colspan for c in band})
    index = {edge: i for i, edge in enumerate(edges)}
    top = band[0].row
    n_rows = max(c.row + c.rowspan for c in band) - top
    grid: list[list[object]] = [["" for _ in edges[:-1]] for _ in range(n_rows)]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st["value"].fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    min_heights = [0.0] * n_rows
    total = sum(page.col_widths)
    widths = [width * sum(page.col_widths[a:b]) / total for a, b in itertools.pairwise(edges)]
    for cell in band:
        row, col = cell.row - top, index[cell.col]
        last_col, last_row = index[cell.col + cell.colspan] - 1, row + cell.rowspan - 1
        grid[row][col] = _flowables(cell, st, sum(widths[col : last_col + 1]) - 2 * CELL_PADDING)
        if cell.role is Role.VALUE and cell.rowspan > 1:
            # Why: reportlab cannot split a row-spanning cell across pages. The text goes in the
            # first row and the rest of the box is an empty span; one BOX around both looks the same.
            style.append(("SPAN", (col, row), (last_col, row)))
            style.append(("SPAN", (col, row + 1), (last_col, last_row)))
        elif last_col > col or last_row > row:
            style.append(("SPAN", (col, row), (last_col, last_row)))
        if cell.role is not Role.TITLE:
            style.append(("BOX", (col, row), (last_col, last_row), 0.6, colors.black))
        if cell.role in _FILL:
            style.append(("BACKGROUND", (col, row), (last_col, last_row), _FILL[cell.role]))
        if cell.role is Role.VALUE and cell.kind in (Kind.LONG, Kind.LINES) and cell.rowspan == 1:
            min_heights[row] = max(min_heights[row], EMPTY_VALUE_HEIGHT)
    return Table(
        grid, colWidths=widths, style=TableStyle(style), splitInRow=1, minRowHeights=min_heights, hAlign="LEFT"
    )


def _footer(sheet_title: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(register(), 7)
        canvas.drawString(MARGIN, 6 * mm, f"官民連携ワークシート ─ {sheet_title}")
        canvas.drawRightString(PAGE[0] - MARGIN, 6 * mm, f"{doc.page} ページ")
        canvas.restoreState()

    return draw


def grid_story(doc: Document, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """The sheet's printed grid as flowables, a page break between the figure's pages."""
    story: list[Flowable] = []
    for i, page in enumerate(SHEETS[doc.sheet_type].layout(doc.sheet)):
        if i:
            story.append(PageBreak())
        story.extend(_band_table(band, page, width, st) for band in _bands(page))
    return story


_SHARED_CANVAS: ContextVar[Canvas | None] = ContextVar("shared_canvas", default=None)


@contextmanager
def shared_canvas(canvas: Canvas) -> Iterator[None]:
    """Inside this block every sheet's PDF is drawn onto ``canvas`` (whose ``save`` the caller
    makes a no-op) instead of a file of its own: several sheets in one PDF with one embedded font
    subset (the workshop bundle's team PDFs)."""
    token = _SHARED_CANVAS.set(canvas)
    try:
        yield
    finally:
        _SHARED_CANVAS.reset(token)


class _Template(SimpleDocTemplate):  # type: ignore[misc]  # reportlab ships no types: SimpleDocTemplate is Any
    def build(self, flowables: list[Flowable], onFirstPage: Callable[..., None] = lambda *a: None,
              onLaterPages: Callable[..., None] = lambda *a: None, canvasmaker: Callable[..., Canvas] = Canvas) -> None:
        shared = _SHARED_CANVAS.get()
        if shared is not None:
            canvasmaker = lambda *args, **kwargs: shared  # noqa: E731
        super().build(flowables, onFirstPage=onFirstPage, onLaterPages=onLaterPages, canvasmaker=canvasmaker)


def template(buf: io.BytesIO, title: str, font: str) -> SimpleDocTemplate:
    return _Template(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="官民連携ワークシート",
        invariant=1,
        initialFontName=font,  # the canvas preamble would otherwise select Helvetica, which is not embedded
    )


def warnings(doc: Document) -> list[str]:
    """Japanese warnings for characters the PDF font cannot show (printed as 〓)."""
    out = []
    for e in entries(doc.sheet):
        text = "\n".join(e.value) if isinstance(e.value, list) else str(e.value or "")
        missing = missing_glyphs(text)
        if missing:
            shown = "".join(missing[:10])
            out.append(f"「{e.label}」の文字 {shown} は PDF のフォントにないため「〓」で印刷されます。")
    return out


def export(doc: Document) -> bytes:
    spec = SHEETS[doc.sheet_type]
    if spec.pdf is not None:
        return spec.pdf(doc)
    font = register()
    st = _styles(font)
    buf = io.BytesIO()
    doc_template = template(buf, spec.title, font)
    story = grid_story(doc, st, doc_template.width)
    footer = _footer(spec.title)
    doc_template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
