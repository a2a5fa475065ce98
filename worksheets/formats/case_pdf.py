"""「前回からの変更点」: the A4 sheet a startup brings to the next meeting.

For each sheet of the 案件, the fields changed since the version discussed at the previous meeting
(old and new text side by side; unchanged fields left out), then the open review comments and the
previous meeting's agreed actions with their status. All user text is escaped (``markup``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from worksheets import cases, history, review
from worksheets.cases import Action, Case, SheetChanges
from worksheets.formats.fonts import register
from worksheets.formats.pdf_format import Paragraph, _footer, _styles, markup, template
from worksheets.links import as_text
from worksheets.registry import SHEETS

if TYPE_CHECKING:
    from worksheets.store import DraftStore

TITLE = "前回からの変更点"
HEAD = colors.HexColor("#1f4e79")
CELL_MAX = 3000  # characters of one side of a change printed (the rest continues on the screen/JSON)


@dataclass(frozen=True)
class OpenComment:
    sheet: str
    field: str
    author: str
    body: str
    suggestion: str


def _cut(text: str) -> str:
    return text if len(text) <= CELL_MAX else text[:CELL_MAX] + "…（以下略）"


def export(
    case_name: str,
    previous: str,
    sheets: list[SheetChanges],
    comments: list[OpenComment],
    actions: list[Action],
) -> bytes:
    """``previous``: how the previous meeting is named (e.g. 「2026-10-01 の面談」), or "" for none."""
    font = register()
    st = _styles(font)
    buf = io.BytesIO()
    doc = template(buf, TITLE, font)
    width = doc.width
    story: list[Flowable] = [
        Paragraph(f"<b>{TITLE}</b>　{markup(case_name)}", st["title"]),
        Paragraph(
            markup(
                f"比較の基準：{previous}で扱った版"
                if previous
                else "前回の面談の記録がないため、現在の内容をすべて示します。"
            ),
            st["note"],
        ),
        Spacer(0, 3 * mm),
    ]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    head = _styles(font)["heading"]
    for sheet in sheets:
        title = SHEETS[sheet.draft.sheet_type].title
        since = (
            f"第{sheet.since}版" + (f"「{sheet.since_name}」" if sheet.since_name else "")
            if sheet.since
            else "（前回はなし）"
        )
        story.append(
            Paragraph(
                f"<b>{markup(title)}：{markup(sheet.draft.title or '（無題）')}</b>　{markup(since)} → 第{sheet.draft.version}版",
                st["label"],
            )
        )
        if not sheet.changes:
            story += [Paragraph("変更はありません。", st["note"]), Spacer(0, 3 * mm)]
            continue
        rows = [[Paragraph("項目", head), Paragraph("前回の内容", head), Paragraph("現在の内容", head)]]
        for change in sheet.changes:
            rows.append(
                [
                    Paragraph(markup(change.label), st["label"]),
                    Paragraph(markup(_cut(as_text(change.old))) or "（空欄）", st["value"]),
                    Paragraph(markup(_cut(as_text(change.new))) or "（空欄）", st["value"]),
                ]
            )
        table = Table(rows, colWidths=[0.18 * width, 0.41 * width, 0.41 * width], repeatRows=1, splitByRow=True)
        table.setStyle(grid)
        story += [table, Spacer(0, 4 * mm)]
    story.append(Paragraph("<b>未解決のコメント（確認用リンクから）</b>", st["label"]))
    if comments:
        rows = [[Paragraph(h, head) for h in ("シート・項目", "コメントした人", "コメント", "提案された文章")]]
        for c in comments:
            rows.append(
                [
                    Paragraph(markup(f"{c.sheet}：{c.field}"), st["note"]),
                    Paragraph(markup(c.author), st["note"]),
                    Paragraph(markup(_cut(c.body)), st["value"]),
                    Paragraph(markup(_cut(c.suggestion)), st["value"]),
                ]
            )
        table = Table(rows, colWidths=[0.2 * width, 0.14 * width, 0.33 * width, 0.33 * width], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(Paragraph("ありません。", st["note"]))
    story += [Spacer(0, 4 * mm), Paragraph("<b>前回の面談で決めた次のアクション</b>", st["label"])]
    if actions:
        rows = [[Paragraph(h, head) for h in ("アクション", "担当", "期限", "状況")]]
        for a in actions:
            rows.append(
                [
                    Paragraph(markup(a.text), st["value"]),
                    Paragraph(markup(a.owner), st["value"]),
                    Paragraph(markup(a.due), st["value"]),
                    Paragraph("完了" if a.done else "未完了", st["value"]),
                ]
            )
        table = Table(rows, colWidths=[0.5 * width, 0.2 * width, 0.15 * width, 0.15 * width], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(Paragraph("ありません。", st["note"]))
    footer = _footer(f"{TITLE}（{case_name[:40]}）")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def for_case(store: DraftStore, case: Case) -> bytes:
    """The PDF for the next meeting of ``case``: changes since the latest recorded meeting."""
    log = cases.meetings(store, case)
    previous = log[-1] if log else None
    found = cases.changes_since(store, case, previous)
    open_comments = []
    for sheet in found:
        for c in review.comments(store, sheet.draft.id):
            if not c.resolved:
                open_comments.append(
                    OpenComment(
                        SHEETS[sheet.draft.sheet_type].title,
                        history.label(sheet.draft.sheet_type, c.path),
                        c.author,
                        c.body,
                        c.suggestion,
                    )
                )
    label = f"{previous.held_on} の面談" if previous else ""
    return export(case.name, label, found, open_comments, list(previous.actions) if previous else [])


def meeting_log(name: str, sheet_titles: dict[str, str], meetings: list[Any]) -> bytes:
    """The 面談記録 of an 案件 as A4 pages (``meetings``: :class:`worksheets.case_file.MeetingEntry`)."""
    font = register()
    st = _styles(font)
    head = st["heading"]
    buf = io.BytesIO()
    doc = template(buf, "面談記録", font)
    width = doc.width
    story: list[Flowable] = [Paragraph(f"<b>面談記録</b>　{markup(name)}", st["title"]), Spacer(0, 3 * mm)]
    if not meetings:
        story.append(Paragraph("面談の記録はまだありません。", st["note"]))
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (0, -1), HEAD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    for m in meetings:
        discussed = "、".join(f"{sheet_titles.get(k, k)} 第{v}版" for k, v in m.discussed.items()) or "—"
        notes = "\n".join(
            (f"{sheet_titles.get(k.partition(':')[0], '')} {k.partition(':')[2]}：" if k else "") + v
            for k, v in m.notes.items()
        )
        actions = "\n".join(
            f"・{a.text}（担当：{a.owner or '—'}、期限：{a.due or '—'}、{'完了' if a.done else '未完了'}）"
            for a in m.actions
        )
        rows = [
            ["面談日", m.held_on],
            ["出席者", m.attendees or "—"],
            ["扱った版", discussed],
            ["メモ", notes or "—"],
            ["次のアクション", actions or "—"],
        ]
        table = Table(
            [[Paragraph(k, head), Paragraph(markup(_cut(v)), st["value"])] for k, v in rows],
            colWidths=[0.16 * width, 0.84 * width],
            splitByRow=True,
        )
        table.setStyle(grid)
        story += [table, Spacer(0, 4 * mm)]
    footer = _footer(f"面談記録（{name[:40]}）")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def whole_case(file: Any) -> bytes:
    """Every sheet of a :class:`worksheets.case_file.CaseFile` (as each prints alone), then its meeting log."""
    from pypdf import PdfReader, PdfWriter

    from worksheets.document import document_from_data
    from worksheets.formats import pdf_format

    writer = PdfWriter()
    titles = {}
    for s in file.sheets:
        doc = document_from_data(s.sheet_type, s.data)
        titles[s.key] = SHEETS[s.sheet_type].title
        writer.append(PdfReader(io.BytesIO(pdf_format.export(doc))))
    writer.append(PdfReader(io.BytesIO(meeting_log(file.name, titles, file.meetings))))
    writer.add_metadata({"/Title": file.name})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
