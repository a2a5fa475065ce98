"""The facilitator's bundle: one ZIP with every team's sheets as PDF, one Excel workbook with
every answer (one row per participant and sheet, for 集計) and the JSON files.

Layout of the ZIP::

    pdf/<チーム>.pdf                     every member's sheets, member by member
    集計.xlsx                            「一覧」 (participant × sheet) and one worksheet per sheet type
    json/<チーム>/<表示名>_<シート>.json  the same files the sheet pages download
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from pypdf import PdfReader, PdfWriter

from worksheets.document import document_from_stored
from worksheets.formats import json_format, pdf_format
from worksheets.formats.xlsx_format import put_text
from worksheets.store import DraftStore, Participant
from worksheets.workshop import Progress, Workshop, answers, progress, sheet_title

SUMMARY_SHEET = "一覧"
SUMMARY_HEADER = ("チーム", "表示名", "シート", "記入率（%）", "最低限の項目", "未記入の最低限項目", "最終更新")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="44546A")


def safe_name(text: str, limit: int = 40) -> str:
    """A file or folder name from user text: no path separators, control or reserved characters."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:limit] or "_"


def _stamp(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""


def _minimum_text(row: Progress) -> str:
    if row.minimum_done is None:
        return "未着手"
    return "そろった" if row.minimum_done else "未記入あり"


def _header(ws: object, values: list[str]) -> None:
    ws.append(values)  # type: ignore[attr-defined]
    for cell in ws[1]:  # type: ignore[index]
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"  # type: ignore[attr-defined]


def workbook(workshop: Workshop, rows: list[Progress]) -> bytes:
    """「一覧」: one row per participant and sheet; then per sheet type one row per participant
    with every answer in its own column (group items expanded: 課題1, 課題2 …)."""
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    _header(summary, list(SUMMARY_HEADER))
    for row in rows:
        summary.append([None, None, sheet_title(row.sheet_type), row.percent, _minimum_text(row), None, None])
        r = summary.max_row
        put_text(summary.cell(row=r, column=1), row.participant.team)
        put_text(summary.cell(row=r, column=2), row.participant.name)
        put_text(summary.cell(row=r, column=6), "、".join(row.missing))
        put_text(summary.cell(row=r, column=7), _stamp(row.updated_at))
    for sheet_type in workshop.sheets:
        ws = wb.create_sheet(safe_name(sheet_title(sheet_type), 31))
        these = [r for r in rows if r.sheet_type == sheet_type]
        filled = {r.participant.id: answers(r.draft) for r in these if r.draft is not None}
        labels: list[str] = []
        for pairs in filled.values():
            for label, _ in pairs:
                if label not in labels:
                    labels.append(label)
        _header(ws, ["チーム", "表示名", *labels])
        for n, r in enumerate(these, start=2):
            values = dict(filled.get(r.participant.id, []))
            put_text(ws.cell(row=n, column=1), r.participant.team)
            put_text(ws.cell(row=n, column=2), r.participant.name)
            for i, label in enumerate(labels, start=3):
                cell = ws.cell(row=n, column=i)
                put_text(cell, values.get(label, ""))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i in range(1, len(labels) + 3):
            ws.column_dimensions[get_column_letter(i)].width = 14 if i <= 2 else 30
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 14
    summary.column_dimensions["C"].width = 26
    summary.column_dimensions["F"].width = 40
    summary.column_dimensions["G"].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _member_files(rows: list[Progress]) -> dict[str, str]:
    """participant id -> a unique, safe file-name stem (two people may share a display name)."""
    names: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    for row in rows:
        p: Participant = row.participant
        if p.id in names:
            continue
        stem = safe_name(p.name, 30)
        if (p.team, stem) in used:
            stem = f"{stem}_{p.id[:4]}"
        used.add((p.team, stem))
        names[p.id] = stem
    return names


def build(store: DraftStore, workshop: Workshop) -> bytes:
    rows = progress(store, workshop)
    stems = _member_files(rows)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        team_pdfs: dict[str, PdfWriter] = {}
        for row in rows:
            if row.draft is None or not row.started:
                continue
            doc = document_from_stored(row.sheet_type, row.draft.data)
            team = safe_name(row.participant.team)
            stem = f"{stems[row.participant.id]}_{safe_name(sheet_title(row.sheet_type))}"
            zf.writestr(f"json/{team}/{stem}.json", json_format.export(doc))
            writer = team_pdfs.setdefault(team, PdfWriter())
            writer.append(
                PdfReader(io.BytesIO(pdf_format.export(doc))),
                outline_item=f"{row.participant.name} {sheet_title(row.sheet_type)}",
            )
        for team, writer in team_pdfs.items():
            out = io.BytesIO()
            writer.write(out)
            zf.writestr(f"pdf/{team}.pdf", out.getvalue())
        zf.writestr("集計.xlsx", workbook(workshop, rows))
    return buf.getvalue()


def file_name(workshop: Workshop) -> str:
    return f"workshop_{workshop.held_on.isoformat()}_{safe_name(workshop.name, 30)}.zip"
