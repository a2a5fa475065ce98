"""三方よしマップ PDF: the diagram on page 1, then the tables (parties and stakeholders)."""

from __future__ import annotations

import io

from reportlab.platypus import PageBreak

from worksheets.diagram import draw_map
from worksheets.document import Document
from worksheets.formats.fonts import register
from worksheets.formats.pdf_format import Paragraph, _footer, _styles, grid_story, markup, template
from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap


def render(sheet: SanpoYoshiMap) -> bytes:
    font = register()
    st = _styles(font)
    buf = io.BytesIO()
    doc = template(buf, "三方よしマップ", font)
    story = [
        Paragraph(markup("三方よしマップ：" + (sheet.project or "（事業名：未記入）")), st["title"]),
        draw_map(sheet, doc.width, doc.height - 12 * 2.8346),
        PageBreak(),
        *grid_story(Document("sanpo_yoshi", sheet), st, doc.width),
    ]
    doc.build(story, onFirstPage=_footer("三方よしマップ"), onLaterPages=_footer("三方よしマップ"))
    return buf.getvalue()
