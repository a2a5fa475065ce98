from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from openpyxl import Workbook, load_workbook

from tests.worksheets.formats.strategies import issue_details, issue_sheets
from worksheets import formats
from worksheets.document import Document
from worksheets.errors import InputError
from worksheets.formats import xlsx_format
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.spec import with_value

INJECTIONS = ["=1+1", '=HYPERLINK("http://x","y")', "+cmd", "-1+2", "@SUM(1)", "\t=1"]


@settings(max_examples=40, deadline=None)
@given(issue_sheets)
def test_issue_sheet_round_trips(sheet: IssueSheet) -> None:
    doc = Document("issue_sheet", sheet)
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc


@settings(max_examples=25, deadline=None)
@given(issue_details)
def test_issue_detail_round_trips(sheet: IssueDetail) -> None:
    doc = Document("issue_detail", sheet)
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc


def test_round_trip_keeps_issue_count_line_breaks_and_full_width() -> None:
    items = [IssueItem(title=f"課題{i}\n二行目　全角", strengths=["①強み", "髙ｶﾅ"]) for i in range(7)]
    doc = Document("issue_sheet", IssueSheet(theme="＝全角テーマ", years=5, ideal="あ\n\nい", issues=items))
    back = xlsx_format.import_(xlsx_format.export(doc))
    assert back == doc
    assert len(back.sheet.issues) == 7  # type: ignore[attr-defined]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_stays_text(text: str) -> None:
    sheet = with_value(IssueDetail(), "issue", text)
    doc = Document("issue_detail", sheet)
    data = xlsx_format.export(doc)
    assert "<f>" not in _sheet_xml(data)
    wb = load_workbook(io.BytesIO(data))
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row if c.value == text)
    assert cell.data_type == "s"
    if text[0] in "=+-@\t":
        assert cell.quotePrefix
    assert xlsx_format.import_(data).sheet.issue == text  # type: ignore[attr-defined]


def test_layout_is_printable_a4_landscape_with_merged_cells(kasumigaura: Document) -> None:
    wb = load_workbook(io.BytesIO(xlsx_format.export(kasumigaura)))
    assert wb.sheetnames == ["課題整理シート1／2", "課題整理シート2／2", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    ws = wb["課題整理シート1／2"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert len(ws.merged_cells.ranges) > 5
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "②現状" in texts
    assert "③ギャップ" in texts
    assert any(t.startswith("【これまでの取組】\n") for t in texts)
    value = next(c for row in ws.iter_rows() for c in row if c.value == kasumigaura.sheet.situation)  # type: ignore[attr-defined]
    assert value.alignment.wrap_text


def test_values_come_back_after_rows_are_moved_in_excel(kasumigaura: Document) -> None:
    wb = load_workbook(io.BytesIO(xlsx_format.export(kasumigaura)))
    ws = wb["課題整理シート1／2"]
    ws.insert_rows(1, amount=3)  # openpyxl does not move names: emulate Excel by shifting them
    for dn in wb.defined_names.values():
        sheet, ref = next(iter(dn.destinations))
        if sheet == ws.title:
            col, row = ref.split("$")[1:]
            dn.attr_text = f"'{sheet}'!${col}${int(row) + 3}"
    ws["A1"] = "メモ"
    buf = io.BytesIO()
    wb.save(buf)
    assert xlsx_format.import_(buf.getvalue()) == kasumigaura


def test_edited_cell_value_is_read_back(fukuoka: Document) -> None:
    wb = load_workbook(io.BytesIO(xlsx_format.export(fukuoka)))
    sheet, ref = next(iter(wb.defined_names["ws.indicator"].destinations))
    wb[sheet][ref.replace("$", "")] = "就労者数（Excelで修正）"
    buf = io.BytesIO()
    wb.save(buf)
    assert xlsx_format.import_(buf.getvalue()).sheet.indicator == "就労者数（Excelで修正）"  # type: ignore[attr-defined]


def _modified(doc: Document, ref_name: str, value: object) -> bytes:
    wb = load_workbook(io.BytesIO(xlsx_format.export(doc)))
    sheet, ref = next(iter(wb.defined_names[ref_name].destinations))
    wb[sheet][ref.replace("$", "")] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_formula_typed_in_excel_is_refused_with_its_cell(fukuoka: Document) -> None:
    with pytest.raises(InputError, match=r"セル .*（a\.誰がどのように困っているのか） に数式"):
        xlsx_format.import_(_modified(fukuoka, "ws.who_troubled", "=1+1"))


def test_a_non_number_in_the_years_cell_is_explained(kasumigaura: Document) -> None:
    with pytest.raises(InputError, match="〇年後"):
        xlsx_format.import_(_modified(kasumigaura, "ws.years", "五"))
    assert xlsx_format.import_(_modified(kasumigaura, "ws.years", "10年後")).sheet.years == 10  # type: ignore[attr-defined]


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not a workbook at all", "Excel ブック"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "パスワード"),
        (b"PK\x03\x04broken", "壊れています"),
        (_zip({"[Content_Types].xml": b"<x/>", "bomb.xml": b"0" * 20_000_000}), "圧縮"),
        (_zip({f"f{i}.xml": b"x" for i in range(150)}), "中身の数"),
        (_zip({"[Content_Types].xml": b"<Types>macroEnabled</Types>"}), "マクロ"),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/vbaProject.bin": b"x"}), "マクロ"),
        (b"", "空"),
    ],
)
def test_bad_xlsx_gets_a_japanese_message(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        formats.load("upload.xlsx", raw)


def test_a_foreign_workbook_is_refused() -> None:
    buf = io.BytesIO()
    Workbook().save(buf)
    with pytest.raises(InputError, match="_meta"):
        xlsx_format.import_(buf.getvalue())


def test_json_renamed_xlsx_is_explained() -> None:
    with pytest.raises(InputError, match="中身は JSON"):
        formats.load("x.xlsx", b'{"a": 1}')
