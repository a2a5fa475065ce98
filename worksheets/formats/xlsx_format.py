"""Excel (.xlsx) laid out like the paper form, and read back by the same cell map.

Every value cell the layout marks with a field path gets a workbook-level defined name
(``ws.<path>``), so reading does not depend on row numbers: a user may resize or move rows
in Excel and the values still come back. Values are always written as text or numbers,
never formulas; a hidden ``_meta`` sheet carries ``schema_version`` and ``sheet_type``.
"""

from __future__ import annotations

import io
import math
import time
import zipfile
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from worksheets.document import CASE_NOT_SHEET, Document, check_envelope, document_from_data
from worksheets.errors import InputError
from worksheets.formats import declared, xlsx_cells
from worksheets.formats.limits import check_size, sniff
from worksheets.layout import Cell, GridPage, Role
from worksheets.registry import SHEETS
from worksheets.spec import Kind, data_from_paths, spec_at
from worksheets.text import split_lines

if TYPE_CHECKING:  # openpyxl writes the files; reading them needs none of it (xlsx_cells)
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

title, extensions, media_type = declared(__name__)  # declared once, in worksheets.formats.INFOS

NAME_PREFIX = "ws."
META_SHEET = "_meta"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MAX_ENTRIES = 100
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
# One XML part of a real file is at most ~2.3 MB (issue sheet, 20 課題, every field full); a larger part is
# refused before any parser sees it. Inside a part, no single markup token (tag, comment, PI) may exceed
# MAX_TOKEN: expat rescans an unfinished token on every chunk openpyxl feeds it, so one 45 MB comment
# took 40 s although the archive ratio looked normal.
MAX_XML_PART = 4 * 1024 * 1024
MAX_TOKEN = 256 * 1024
SCAN_SECONDS = 0.5
MAX_ROW = 1000
MAX_COL = 50

PAGE_WIDTH_CHARS = 150  # the printable width of an A4 landscape page, in Excel width units
LINE_HEIGHT = 13.5
MAX_ROW_HEIGHT = 409

@cache
def _styles() -> dict[Role, tuple[Font, PatternFill | None]]:
    from openpyxl.styles import Font, PatternFill

    return {
        Role.TITLE: (Font(name="IPAexGothic", size=14, bold=True), None),
        Role.HEADING: (
            Font(name="IPAexGothic", size=11, bold=True, color="FFFFFF"),
            PatternFill("solid", fgColor="44546A"),
        ),
        Role.LABEL: (Font(name="IPAexGothic", size=10, bold=True), PatternFill("solid", fgColor="D9E1F2")),
        Role.PROMPT: (Font(name="IPAexGothic", size=8, color="404040"), PatternFill("solid", fgColor="F2F2F2")),
        Role.VALUE: (Font(name="IPAexGothic", size=10), None),
        Role.NOTE: (Font(name="IPAexGothic", size=8, color="404040"), None),
        Role.BAR: (Font(name="IPAexGothic", size=8), PatternFill("solid", fgColor="5B9BD5")),
    }


def _cell_text(cell: Cell) -> str:
    if cell.role is Role.PROMPT or (cell.heading and cell.path is None):
        return "\n".join(x for x in (cell.heading, cell.text) if x)
    return cell.text


def put_text(target: Any, text: str) -> None:
    """Write user text into a cell as text: never a formula, whatever it starts with."""
    if not text:
        return
    target.value = text
    target.data_type = "s"
    if text.startswith(FORMULA_START):
        target.quotePrefix = True


@cache
def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _put(ws: Worksheet, cell: Cell) -> None:
    from openpyxl.styles import Alignment

    target = ws.cell(row=cell.row + 1, column=cell.col + 1)
    text = _cell_text(cell)
    if cell.kind is not None and cell.kind.is_number and cell.path:
        target.value = int(text) if text else None
        target.number_format = f'0"{cell.unit}"' if cell.unit else "0"
    else:
        put_text(target, text)
    font, fill = _styles()[cell.role]
    wrap = cell.role is not Role.TITLE
    for r in range(cell.row + 1, cell.row + cell.rowspan + 1):
        for c in range(cell.col + 1, cell.col + cell.colspan + 1):
            each = ws.cell(row=r, column=c)
            each.font = font
            if fill is not None:
                each.fill = fill
            if cell.role is not Role.TITLE:
                each.border = _border()
            each.alignment = Alignment(
                wrap_text=wrap, vertical="top", horizontal="center" if cell.role is Role.HEADING else "left"
            )
    if cell.rowspan > 1 or cell.colspan > 1:
        ws.merge_cells(
            start_row=cell.row + 1,
            start_column=cell.col + 1,
            end_row=cell.row + cell.rowspan,
            end_column=cell.col + cell.colspan,
        )


def _estimate_lines(text: str, width_chars: float, font_size: float) -> int:
    per_line = max(1.0, width_chars * 10 / font_size / 2)  # full-width characters per line
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _row_heights(page: GridPage, widths: list[float]) -> dict[int, float]:
    heights: dict[int, float] = {}
    for cell in page.cells:
        size = _styles()[cell.role][0].size or 10
        width = sum(widths[cell.col : cell.col + cell.colspan])
        lines = _estimate_lines(_cell_text(cell), width, size)
        minimum = 3 if cell.role is Role.VALUE and cell.kind in (Kind.LONG, Kind.LINES) else 1
        need = max(lines, minimum) * LINE_HEIGHT * size / 10 / cell.rowspan
        for r in range(cell.row, cell.row + cell.rowspan):
            heights[r] = max(heights.get(r, 0), need)
    return {r: min(h, MAX_ROW_HEIGHT) for r, h in heights.items()}


def _write_page(ws: Worksheet, page: GridPage) -> None:
    from openpyxl.utils import get_column_letter

    total = sum(page.col_widths)
    widths = [PAGE_WIDTH_CHARS * w / total for w in page.col_widths]
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    for cell in page.cells:
        _put(ws, cell)
    for r, height in _row_heights(page, widths).items():
        ws.row_dimensions[r + 1].height = height
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def export(doc: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    wb.remove(wb.active)
    for page in SHEETS[doc.sheet_type].layout(doc.sheet):
        ws = wb.create_sheet(page.name[:31])
        _write_page(ws, page)
        for cell in page.cells:
            if cell.path is not None:
                ref = f"'{ws.title}'!${get_column_letter(cell.col + 1)}${cell.row + 1}"
                wb.defined_names[NAME_PREFIX + cell.path] = DefinedName(NAME_PREFIX + cell.path, attr_text=ref)
    meta = wb.create_sheet(META_SHEET)
    envelope = doc.to_dict()
    meta.append(["schema_version", envelope["schema_version"]])
    meta.append(["sheet_type", envelope["sheet_type"]])
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_BAD_XML = "Excel ファイルの中身が壊れています（{part} を XML として読めません）。このアプリで保存した .xlsx を選んでください。"
_DTD = "Excel ファイルに DTD（エンティティ定義）が含まれています。安全のため読み込みを中止しました。"
_SLOW = "Excel ファイルの中身（{part}）が大きすぎるか複雑すぎます。このアプリで保存した .xlsx を選んでください。"


class _Refused(Exception):
    pass


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, deadline: float) -> None:
    """Check one XML part before it is parsed: bounded size, well-formed, no DTD, no giant token.

    The part is read (never more than MAX_XML_PART + 1 bytes, whatever the header claims) and parsed in
    one call, which is linear; only start tags, comments and processing instructions reach Python.
    """
    part = info.filename[:80]
    if info.file_size > MAX_XML_PART:
        raise InputError(_SLOW.format(part=part))
    try:
        with zf.open(info) as fh:
            xml = fh.read(MAX_XML_PART + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise InputError("Excel ファイルが壊れています（ZIP として読めません）。") from None
    if len(xml) > MAX_XML_PART:
        raise InputError(_SLOW.format(part=part))
    parser = expat.ParserCreate()
    last = [0]

    def event(*_: object) -> None:
        here = parser.CurrentByteIndex
        if here - last[0] > MAX_TOKEN:
            raise _Refused(_SLOW)
        last[0] = here

    def dtd(*_: object) -> None:
        raise _Refused(_DTD)

    parser.StartElementHandler = event
    parser.CommentHandler = event
    parser.ProcessingInstructionHandler = event
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    try:
        parser.Parse(xml, True)
        if len(xml) - last[0] > MAX_TOKEN:
            raise _Refused(_SLOW)
    except _Refused as exc:
        raise InputError(str(exc).format(part=part)) from None
    except expat.ExpatError:
        raise InputError(_BAD_XML.format(part=part)) from None
    if time.perf_counter() > deadline:
        raise InputError(_SLOW.format(part=part))


def _check_archive(data: bytes) -> None:
    kind = sniff(data)
    if kind == "ole":
        raise InputError(
            "パスワードで保護された Excel か、古い形式（.xls）のファイルです。"
            "パスワードを外し、「Excel ブック（.xlsx）」として保存し直してください。"
        )
    if kind != "xlsx":
        raise InputError("Excel ブック（.xlsx）ではありません。このアプリで保存した .xlsx を選んでください。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise InputError("Excel ファイルの中身の数が多すぎます。このアプリで保存した .xlsx を選んでください。")
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise InputError("Excel ファイルの展開後のサイズが大きすぎます（50 MB 超）。")
            for info in infos:
                if info.file_size > 100_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError("Excel ファイルの圧縮率が異常です（圧縮爆弾の疑い）。読み込みを中止しました。")
                if info.filename.lower().endswith("vbaproject.bin"):
                    raise InputError("マクロ付きブック（.xlsm）は読み込めません。.xlsx で保存し直してください。")
            deadline = time.perf_counter() + SCAN_SECONDS
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _scan_xml(zf, info, deadline)
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in zf.namelist() else b""
    except zipfile.BadZipFile:
        raise InputError("Excel ファイルが壊れています（ZIP として読めません）。") from None
    if b"macroEnabled" in types:
        raise InputError("マクロ付きブック（.xlsm）は読み込めません。.xlsx で保存し直してください。")


def _coerce(kind: Kind, value: Any, where: str) -> Any:
    if kind is Kind.DATE:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date().isoformat()
        text = str(value).strip()
        try:
            return date.fromisoformat(text.replace("/", "-")).isoformat()
        except ValueError:
            raise InputError(f"{where}: 日付は 2027-07-31 の形式で入力してください（「{text[:20]}」）。") from None
    if kind.is_number:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise InputError(f"{where}: 数値を入力してください。")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).strip().removesuffix("年後").removesuffix("か月目")
        if text.isdigit():
            return int(text)
        raise InputError(f"{where}: 整数で入力してください（「{str(value)[:20]}」は数値ではありません）。")
    text = "" if value is None else str(value)
    return split_lines(text) if kind is Kind.LINES else text


def open_workbook(data: bytes) -> xlsx_cells.Workbook:
    """An untrusted .xlsx file's cells, after the archive checks; :class:`InputError` in Japanese."""
    _check_archive(data)
    try:
        return xlsx_cells.Workbook(data)
    except Exception as exc:  # zipfile, defusedxml and the reader raise many kinds on malformed parts
        raise InputError(
            f"Excel ファイルを読み込めません（{type(exc).__name__}）。このアプリで保存した .xlsx を選んでください。"
        ) from None


def meta_values(wb: xlsx_cells.Workbook) -> dict[str, Any] | None:
    """The hidden _meta sheet's name → value rows (the first 10), or None when there is no such sheet."""
    if META_SHEET not in wb.sheetnames:
        return None
    rows: dict[int, dict[int, Any]] = {}
    for c in wb.cells(META_SHEET, max_row=10, max_col=2):
        rows.setdefault(c.row, {})[c.column] = c.value
    return {str(r[1]): r.get(2) for r in rows.values() if r.get(1)}


def import_(data: bytes) -> Document:
    check_size(data)
    wb = open_workbook(data)
    try:
        return _read(wb)
    except InputError:
        raise
    except Exception as exc:  # sheets are parsed when read: a broken one fails here
        raise InputError(
            f"Excel ファイルを読み込めません（{type(exc).__name__}）。このアプリで保存した .xlsx を選んでください。"
        ) from None
    finally:
        wb.close()


def _read(wb: xlsx_cells.Workbook) -> Document:
    meta = meta_values(wb)
    if meta is None:
        raise InputError("このアプリで保存した Excel ではありません（_meta シートがありません）。")
    if meta.get("kind") == "case":
        raise InputError(CASE_NOT_SHEET)
    sheet_type = check_envelope(meta.get("schema_version"), meta.get("sheet_type"))
    model = SHEETS[sheet_type].model
    wanted: dict[str, dict[tuple[int, int], str]] = {}
    for name, value in wb.defined_names.items():
        if not name.startswith(NAME_PREFIX):
            continue
        path = name[len(NAME_PREFIX) :]
        if spec_at(model, path) is None:
            raise InputError(f"様式にない項目の名前「{path[:50]}」があります。")
        dest = xlsx_cells.destination(value)
        if dest is None:
            raise InputError(f"項目「{path[:50]}」のセル指定が正しくありません。")
        sheet_title, ref = dest
        min_row, min_col = xlsx_cells.cell_position(ref)
        if sheet_title not in wb.sheetnames or min_row > MAX_ROW or min_col > MAX_COL:
            raise InputError(f"項目「{path[:50]}」のセル指定が正しくありません。")
        wanted.setdefault(sheet_title, {})[(min_row, min_col)] = path
    if not wanted:
        raise InputError("このアプリで保存した Excel ではありません（入力欄が見つかりません）。")
    values: dict[str, Any] = {}
    for sheet_title, cells in wanted.items():
        max_row = max(r for r, _ in cells)
        max_col = max(c for _, c in cells)
        for cell in wb.cells(sheet_title, max_row=max_row, max_col=max_col):
            at = cells.get((cell.row, cell.column))
            if at is None:
                continue
            spec = spec_at(model, at)
            assert spec is not None
            where = f"シート「{sheet_title}」セル {cell.coordinate}（{spec.label}）"
            if cell.formula:
                raise InputError(
                    f"{where} に数式があります。数式は読み込めません。値を文字として入力してください。"
                )
            values[at] = _coerce(spec.kind, cell.value, where)
    for path in (p for cells in wanted.values() for p in cells.values()):
        spec = spec_at(model, path)
        assert spec is not None
        values.setdefault(path, _coerce(spec.kind, None, path))
    return document_from_data(sheet_type, data_from_paths(model, values), "Excel ")
