"""The .xlsx cell reader (worksheets/formats/xlsx_cells.py) reads what openpyxl reads, from the app's
own files, from files another program saved again, and from the XML forms Excel writes.

fixtures/issue_sheet_kasumigaura_libreoffice.xlsx: the かすみがうら市 sample exported by this app, opened
and saved again by LibreOffice Calc 7 (``soffice --convert-to xlsx:"Calc MS Excel 2007 XML"``): shared
strings instead of inline ones, its own styles, unquoted names where it can.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import SAMPLES, load_sample
from worksheets.errors import InputError
from worksheets.formats import xlsx_cells, xlsx_format

FIXTURES = Path(__file__).parent / "fixtures"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FORMULA = object()  # a formula cell, whatever its text (openpyxl gives "=…", this reader only says so)
_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _openpyxl_cells(data: bytes, sheet: str) -> dict[tuple[int, int], object]:
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return {
            (c.row, c.column): FORMULA if c.data_type == "f" else c.value
            for row in wb[sheet].iter_rows()
            for c in row
            if getattr(c, "value", None) is not None
        }
    finally:
        wb.close()


def _cells(data: bytes, sheet: str) -> dict[tuple[int, int], object]:
    wb = xlsx_cells.Workbook(data)
    try:
        return {
            (c.row, c.column): FORMULA if c.formula else c.value
            for c in wb.cells(sheet, 10**6, 16_384)
            if c.value is not None or c.formula
        }
    finally:
        wb.close()


def _same_as_openpyxl(data: bytes) -> None:
    wb = xlsx_cells.Workbook(data)
    theirs = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == theirs.sheetnames
    assert wb.defined_names == {name: d.value for name, d in theirs.defined_names.items()}
    theirs.close()
    for sheet in wb.sheetnames:
        assert _cells(data, sheet) == _openpyxl_cells(data, sheet), sheet


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_the_apps_own_files_read_as_openpyxl_reads_them(name: str) -> None:
    _same_as_openpyxl(xlsx_format.export(load_sample(name)))


def test_a_file_libreoffice_saved_again_reads_as_openpyxl_reads_it_and_to_the_same_sheet() -> None:
    data = (FIXTURES / "issue_sheet_kasumigaura_libreoffice.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()  # what makes it another program's file
    _same_as_openpyxl(data)
    assert xlsx_format.import_(data) == load_sample("issue_sheet_kasumigaura.json")


def test_values_of_every_type_openpyxl_writes() -> None:
    book = Workbook()
    ws = book.active
    ws.title = "値"
    ws["A1"] = "共有文字列"
    ws["A2"] = 42
    ws["A3"] = 2.5
    ws["A4"] = True
    ws["A5"] = datetime(2027, 7, 31)
    ws["A5"].number_format = "yyyy/m/d"
    ws["A6"] = datetime(2027, 7, 31, 13, 45)
    ws["A7"] = time(9, 30)
    ws["A8"] = "=SUM(A2:A3)"
    ws["A9"] = 45_000
    ws["A9"].number_format = 'yyyy"年"m"月"d"日"'
    ws["A10"] = 1.25
    ws["A10"].number_format = "[h]:mm:ss"
    ws["A11"] = 46_599
    ws["A11"].number_format = '"番号"0'  # a literal with d/m/y letters in quotes is not a date
    ws["C3"] = "離れたセル"
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    _same_as_openpyxl(data)
    wb = xlsx_cells.Workbook(data)
    got = {c.coordinate: (c.value, c.formula) for c in wb.cells("値", 20, 5)}
    assert got["A1"] == ("共有文字列", False)
    assert got["A2"] == (42, False)
    assert got["A4"] == (True, False)
    assert got["A5"] == (datetime(2027, 7, 31), False)
    assert got["A7"] == (time(9, 30), False)
    assert got["A8"] == (None, True)
    assert got["A9"] == (datetime(2023, 3, 15), False)
    assert got["A10"] == (timedelta(hours=30), False)
    assert got["A11"] == (46_599, False)
    assert got["C3"] == ("離れたセル", False)


def _book(sheet_xml: str, *, shared: str = "", styles: str = "", workbook_pr: str = "", ns: str = MAIN) -> bytes:
    """A minimal workbook of one sheet 「表」, its parts written as Excel writes them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEETML}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEETML}.worksheet+xml"/>'
            + (
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SPREADSHEETML}.sharedStrings+xml"/>'
                if shared
                else ""
            )
            + (f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEETML}.styles+xml"/>' if styles else "")
            + "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{REL}">{workbook_pr}<sheets>'
            '<sheet name="表" sheetId="1" r:id="rId1"/></sheets>'
            "<definedNames><definedName name=\"ws.a\">'表'!$B$2</definedName>"
            '<definedName name="local" localSheetId="0">表!$A$1</definedName></definedNames></workbook>',
        )
        rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        if shared:
            rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
            zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{shared}</sst>')
        if styles:
            rels += f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
            zf.writestr("xl/styles.xml", f'<styleSheet xmlns="{ns}">{styles}</styleSheet>')
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        zf.writestr(
            "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{ns}"><sheetData>{sheet_xml}</sheetData></worksheet>'
        )
    return buf.getvalue()


def test_rich_text_runs_are_joined_and_phonetic_guides_left_out() -> None:
    # Japanese Excel stores the reading (ふりがな) of typed kanji in <rPh>: it is not the cell's text
    shared = (
        '<si><r><t>霞ヶ浦</t></r><r><rPr><b/></rPr><t xml:space="preserve">の 課題</t></r>'
        '<rPh sb="0" eb="3"><t>カスミガウラ</t></rPh><phoneticPr fontId="1"/></si>'
        '<si><t>二つ目</t><rPh sb="0" eb="1"><t>フタ</t></rPh></si>'
    )
    sheet = (
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c>'
        '<c r="D2" t="inlineStr"><is><r><t>インライン</t></r><r><t>の続き</t></r></is></c></row>'
    )
    data = _book(sheet, shared=shared)
    assert _cells(data, "表") == {(2, 2): "霞ヶ浦の 課題", (2, 3): "二つ目", (2, 4): "インラインの続き"}
    assert _cells(data, "表") == _openpyxl_cells(data, "表")


def test_cells_and_rows_without_references_count_on_from_the_last_one() -> None:
    sheet = '<row><c t="inlineStr"><is><t>A1</t></is></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'
    data = _book(sheet)
    assert _cells(data, "表") == {(1, 1): "A1", (1, 2): 2, (2, 3): 3, (2, 4): 4}
    assert _cells(data, "表") == _openpyxl_cells(data, "表")


def test_booleans_errors_formula_results_and_iso_dates() -> None:
    sheet = (
        '<row r="1"><c r="A1" t="b"><v>0</v></c><c r="B1" t="e"><v>#N/A</v></c>'
        '<c r="C1" t="str"><f>A1&amp;"x"</f><v>FALSEx</v></c><c r="D1" t="d"><v>2027-07-31T00:00:00</v></c>'
        '<c r="E1"><f t="shared" si="0"/><v>1</v></c><c r="F1"><v></v></c></row>'
    )
    wb = xlsx_cells.Workbook(_book(sheet))
    got = {c.coordinate: (c.value, c.formula) for c in wb.cells("表", 5, 10)}
    assert got == {
        "A1": (False, False),
        "B1": ("#N/A", False),
        "C1": (None, True),  # a formula, whatever its cached result
        "D1": (datetime(2027, 7, 31), False),
        "E1": (None, True),  # a shared formula has no text of its own: still a formula
    }


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl, on this minimal styles part
def test_dates_by_style_the_1904_system_and_the_japanese_built_in_formats() -> None:
    styles = (
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="31"/></cellXfs>'
    )
    sheet = '<row r="1"><c r="A1"><v>46599</v></c><c r="B1" s="1"><v>46599</v></c><c r="C1" s="2"><v>46599</v></c><c r="D1" s="3"><v>46599</v></c></row>'
    got = _cells(_book(sheet, styles=styles), "表")
    assert got == {
        (1, 1): 46599,
        (1, 2): datetime(2027, 7, 31),
        (1, 3): datetime(2027, 7, 31),
        (1, 4): datetime(2027, 7, 31),
    }
    # ids 27-36 / 50-58 are the East Asian date formats: openpyxl leaves them numbers, this reader does not
    assert _openpyxl_cells(_book(sheet, styles=styles), "表")[(1, 4)] == 46599
    mac = _cells(_book(sheet, styles=styles, workbook_pr='<workbookPr date1904="1"/>'), "表")
    assert mac[(1, 2)] == datetime(2031, 8, 1)  # the same serial counted from 1904-01-01


def test_a_date_cell_typed_in_excel_imports_as_the_date() -> None:
    # A user types 2027/7/31 over a 日付 field in Excel: Excel stores a serial number in a date style
    doc = load_sample("pilot_plan_iwata.json")
    data = xlsx_format.export(doc)
    date_paths = [p for p, s in _date_fields(doc)]
    assert date_paths, "the pilot plan has date fields"
    edited = _retype_as_date_serial(data, date_paths[0], 46_599)
    back = xlsx_format.import_(edited)
    assert _value(back, date_paths[0]) == date(2027, 7, 31)


def _date_fields(doc: object) -> list[tuple[str, object]]:
    from worksheets.spec import Kind, entries

    return [(e.path, e.spec) for e in entries(doc.sheet) if e.spec.kind is Kind.DATE]  # type: ignore[attr-defined]


def _value(doc: object, path: str) -> object:
    from worksheets.spec import entry

    return entry(doc.sheet, path).value  # type: ignore[attr-defined]


def _retype_as_date_serial(data: bytes, path: str, serial: int) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet, ref = book.defined_names[xlsx_format.NAME_PREFIX + path].destinations.__next__()
    cell = book[sheet][ref.replace("$", "")]
    cell.value = serial
    cell.number_format = "yyyy/m/d"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_the_strict_ooxml_namespace_reads_too() -> None:
    data = _book('<row r="2"><c r="B2" t="inlineStr"><is><t>厳密</t></is></c></row>', ns=STRICT)
    wb = xlsx_cells.Workbook(data)
    assert wb.sheetnames == ["表"]
    assert wb.defined_names == {"ws.a": "'表'!$B$2"}  # the sheet-scoped name is not the workbook's
    assert [c.value for c in wb.cells("表", 5, 5)] == ["厳密"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'課題整理シート1／2'!$B$2", ("課題整理シート1／2", "$B$2")),
        ("実証計画シート!$A$10", ("実証計画シート", "$A$10")),
        ("'It''s'!B2:C3", ("It's", "B2")),
        ("'表'!$B$2,'表'!$C$3", None),
        ("OFFSET('表'!$B$2,1,0)", None),
        ("1", None),
        ("#REF!", None),
    ],
)
def test_a_defined_name_has_one_destination_or_none(value: str, expected: tuple[str, str] | None) -> None:
    got = xlsx_cells.destination(value)
    assert (got[0], got[1].split(":")[0]) == expected if expected else got is None  # type: ignore[index]


LIBREOFFICE = "libreoffice"


@pytest.mark.parametrize(
    ("source", "part", "old", "new", "says"),
    [
        ("app", "xl/worksheets/sheet2.xml", b'r="A', b'r="1', "Excel ファイルを読み込めません"),  # not a cell reference
        (
            "app",
            "xl/worksheets/sheet2.xml",
            b"<sheetData>",
            b"<sheetData><row><c",
            "Excel ファイルの中身が壊れています",
        ),
        (
            "app",
            "xl/_rels/workbook.xml.rels",
            b"worksheets/sheet1.xml",
            b"worksheets/nowhere.xml",
            "セル指定が正しくありません",
        ),
        (
            LIBREOFFICE,
            "xl/worksheets/sheet1.xml",
            b't="s"><v>2</v>',
            b't="s"><v>9999</v>',
            "Excel ファイルを読み込めません",
        ),
        # a sheet part that is not XML (so not scanned by the archive check) is never parsed
        (
            "app",
            "xl/_rels/workbook.xml.rels",
            b"worksheets/sheet1.xml",
            b"worksheets/sheet1.bin",
            "Excel ファイルを読み込めません",
        ),
    ],
)
def test_a_broken_part_is_a_japanese_message(source: str, part: str, old: bytes, new: bytes, says: str) -> None:
    good = (
        (FIXTURES / "issue_sheet_kasumigaura_libreoffice.xlsx").read_bytes()
        if source == LIBREOFFICE
        else xlsx_format.export(load_sample("issue_sheet_kasumigaura.json"))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == part:
                assert old in body
                body = body.replace(old, new, 1)
            dst.writestr(info, body)
            if new.endswith(b".bin") and info.filename == "xl/worksheets/sheet1.xml":
                dst.writestr("xl/worksheets/sheet1.bin", body)  # the same sheet under a name not scanned
    with pytest.raises(InputError) as err:
        xlsx_format.import_(buf.getvalue())
    assert says in str(err.value)
