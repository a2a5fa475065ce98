"""事業概要資料 PDF: the summary's text (page 1), the 三方よし diagram with its note (page 2), then the
三方よし table and 出典 (the diagram shortens long text, the table does not)."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from worksheets.diagram import NOTE, draw_map
from worksheets.formats.fonts import register
from worksheets.formats.pdf_format import Paragraph, _band_table, _bands, _footer, _styles, markup, template
from worksheets.sheets.project_summary import ProjectSummary, layout, sanpo_map

FRAME_PADDING = 6  # reportlab's default Frame padding on each side, in points
GAP = 3 * mm
TITLE = "事業概要資料"


def render(sheet: ProjectSummary) -> bytes:
    font = register()
    st = _styles(font)
    buf = io.BytesIO()
    doc = template(buf, TITLE, font)
    text_page, sanpo_page = layout(sheet)
    title = Paragraph(markup("三方よし：" + (sheet.project or "（事業名：未記入）")), st["title"])
    note = Paragraph(markup(NOTE), st["note"])
    inner = doc.width - 2 * FRAME_PADDING
    used = title.wrap(inner, doc.height)[1] + note.wrap(inner, doc.height)[1] + 2 * GAP
    story = [
        *(_band_table(band, text_page, doc.width, st) for band in _bands(text_page)),
        PageBreak(),
        title,
        Spacer(1, GAP),
        draw_map(sanpo_map(sheet), inner, doc.height - 2 * FRAME_PADDING - used - 1),
        Spacer(1, GAP),
        note,
        PageBreak(),
        *(_band_table(band, sanpo_page, doc.width, st) for band in _bands(sanpo_page)),
    ]
    doc.build(story, onFirstPage=_footer(TITLE), onLaterPages=_footer(TITLE))
    return buf.getvalue()
