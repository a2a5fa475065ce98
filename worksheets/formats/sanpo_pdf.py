"""三方よしマップ PDF: the diagram with its note on page 1, then the tables (parties and stakeholders)."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from worksheets.diagram import NOTE, draw_map
from worksheets.document import Document
from worksheets.formats.fonts import register
from worksheets.formats.pdf_format import Paragraph, _footer, _styles, grid_story, markup, template
from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap

FRAME_PADDING = 6  # reportlab's default Frame padding on each side, in points
GAP = 3 * mm


def render(sheet: SanpoYoshiMap) -> bytes:
    font = register()
    st = _styles(font)
    buf = io.BytesIO()
    doc = template(buf, "三方よしマップ", font)
    title = Paragraph(markup("三方よしマップ：" + (sheet.project or "（事業名：未記入）")), st["title"])
    note = Paragraph(markup(NOTE), st["note"])
    inner = doc.width - 2 * FRAME_PADDING
    used = title.wrap(inner, doc.height)[1] + note.wrap(inner, doc.height)[1] + 2 * GAP
    story = [
        title,
        Spacer(1, GAP),
        draw_map(sheet, inner, doc.height - 2 * FRAME_PADDING - used - 1),
        Spacer(1, GAP),
        note,
        PageBreak(),
        *grid_story(Document("sanpo_yoshi", sheet), st, doc.width),
    ]
    doc.build(story, onFirstPage=_footer("三方よしマップ"), onLaterPages=_footer("三方よしマップ"))
    return buf.getvalue()
