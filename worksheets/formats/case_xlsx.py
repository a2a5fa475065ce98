"""The 案件 file as an Excel book: the same content as the JSON envelope, readable row by row, lossless.

Each part of the envelope gets its own worksheet (案件, シート, 版, コメント, 面談); a worksheet lists
every value of that part as one row: its place (``["sheets", 0, "data", "theme"]`` as JSON), its type
and its value. Every value is written as text (never a formula, whatever it starts with), so numbers,
times and empty lists come back exactly and the Excel file imports to the same 案件 as the JSON file.

Reading is untrusted input and goes through the sheets' Excel guards
(:func:`worksheets.formats.xlsx_format._check_archive`: archive size, part size, no DTD, no macros);
a formula in any cell is refused. The result is an ordinary dict for :func:`worksheets.case_file.parse`.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from worksheets.errors import InputError
from worksheets.formats import xlsx_cells, xlsx_format
from worksheets.formats.limits import check_size

META_SHEET = "_meta"
PARTS = {"name": "案件", "stage": "案件", "sheets": "シート", "versions": "版", "comments": "コメント", "meetings": "面談"}
HEADER = ("場所", "型", "値")
ROWS_PER_SHEET = 20_000
CHUNK = 32_000  # an Excel cell holds at most 32,767 characters: longer text continues in the next columns
MAX_CHUNKS = 40
MAX_DEPTH = 20
TOO_BIG = "この案件は大きすぎて Excel に書き出せません。案件ファイル（JSON）で書き出してください。"


def _flatten(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str, str]]:
    if isinstance(value, dict):
        yield path, "object", ""
        for k, v in value.items():
            yield from _flatten(v, [*path, str(k)])
    elif isinstance(value, list):
        yield path, "array", ""
        for i, v in enumerate(value):
            yield from _flatten(v, [*path, i])
    elif isinstance(value, bool):
        yield path, "bool", "true" if value else "false"
    elif isinstance(value, int):
        yield path, "int", str(value)
    elif isinstance(value, float):
        yield path, "float", repr(value)
    elif value is None:
        yield path, "null", ""
    elif ILLEGAL_CHARACTERS_RE.search(value) or "\r" in value:
        yield path, "json", json.dumps(value)  # control characters a cell cannot hold
    else:
        yield path, "str", value


def export(envelope: dict[str, Any]) -> bytes:
    """The envelope (``CaseFile.model_dump(mode="json")``) as an .xlsx book."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets: dict[str, Any] = {}
    for key, value in envelope.items():
        if key in PARTS:
            title = PARTS[key]
            rows = list(_flatten(value, [key]))
            sheets.setdefault(title, []).extend(rows)
    for title, rows in sheets.items():
        for n, start in enumerate(range(0, max(len(rows), 1), ROWS_PER_SHEET)):
            ws = wb.create_sheet(title if n == 0 else f"{title}({n + 1})")
            ws.append(list(HEADER))
            for cell in ws[1]:
                cell.font = Font(bold=True)
            ws.column_dimensions["A"].width = 40
            ws.column_dimensions["C"].width = 80
            for r, (path, kind, text) in enumerate(rows[start : start + ROWS_PER_SHEET], start=2):
                xlsx_format.put_text(ws.cell(row=r, column=1), json.dumps(path, ensure_ascii=False))
                ws.cell(row=r, column=2).value = kind
                for i in range(0, len(text), CHUNK):
                    xlsx_format.put_text(ws.cell(row=r, column=3 + i // CHUNK), text[i : i + CHUNK])
    meta = wb.create_sheet(META_SHEET)
    meta.append(["schema_version", envelope["schema_version"]])
    meta.append(["kind", envelope["kind"]])
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    try:  # what we write must pass our own reader's guards
        check_size(data, _max_bytes())
        xlsx_format._check_archive(data)
    except InputError:
        raise InputError(TOO_BIG) from None
    return data


def _max_bytes() -> int:
    from worksheets.case_file import MAX_CASE_BYTES

    return MAX_CASE_BYTES


def _leaf(kind: str, text: str, where: str) -> Any:
    try:
        if kind == "str":
            return text
        if kind == "object":
            return {}
        if kind == "array":
            return []
        if kind == "null":
            return None
        if kind == "bool" and text in ("true", "false"):
            return text == "true"
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "json":
            value = json.loads(text)
            if isinstance(value, str):
                return value
    except ValueError:
        pass
    raise InputError(f"{where}: 型「{kind[:20]}」の値「{text[:20]}」を読めません。書き出したファイルを編集せずに使ってください。")


def _place(root: dict[str, Any], path: Any, value: Any, where: str) -> None:
    bad = InputError(f"{where}: 場所の指定が正しくありません。書き出したファイルを編集せずに使ってください。")
    if not isinstance(path, list) or not path or len(path) > MAX_DEPTH or path[0] not in PARTS:
        raise bad
    parent: Any = root
    for step in path[:-1]:
        in_dict = isinstance(parent, dict) and isinstance(step, str) and step in parent
        in_list = isinstance(parent, list) and type(step) is int and 0 <= step < len(parent)
        if not (in_dict or in_list):
            raise bad
        parent = parent[step]
        if not isinstance(parent, dict | list):
            raise bad
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str) and last not in parent:
        parent[last] = value
    elif isinstance(parent, list) and type(last) is int and last == len(parent):
        parent.append(value)
    else:
        raise bad


def import_(data: bytes) -> dict[str, Any]:
    """The envelope dict of an .xlsx 案件 file (untrusted), for :func:`worksheets.case_file.parse`."""
    check_size(data, _max_bytes())
    wb = xlsx_format.open_workbook(data)
    try:
        return _read(wb)
    except InputError:
        raise
    except Exception as exc:  # sheets are parsed when read: a broken one fails here
        raise InputError(f"Excel ファイルを読み込めません（{type(exc).__name__}）。") from None
    finally:
        wb.close()


def _rows(wb: xlsx_cells.Workbook, title: str) -> Iterator[list[xlsx_cells.Cell]]:
    """The rows from the second on (under the header), each its cells in column order."""
    row: list[xlsx_cells.Cell] = []
    for cell in wb.cells(title, max_row=sys.maxsize, max_col=2 + MAX_CHUNKS):
        if row and cell.row != row[0].row:
            yield row
            row = []
        if cell.row >= 2:
            row.append(cell)
    if row:
        yield row


def _read(wb: xlsx_cells.Workbook) -> dict[str, Any]:
    meta = xlsx_format.meta_values(wb)
    if meta is None:
        raise InputError("このアプリで書き出した案件の Excel ではありません（_meta シートがありません）。")
    if meta.get("kind") != "case":
        raise InputError(
            "このファイルは案件ファイルではありません（シートの Excel です）。シートの画面の「保存した JSON / Excel を読み込む」から開いてください。"
        )
    root: dict[str, Any] = {"schema_version": meta.get("schema_version"), "kind": meta.get("kind")}
    titles = set(PARTS.values())
    for title in wb.sheetnames:
        base = title.split("(")[0]
        if title == META_SHEET:
            continue
        if base not in titles:
            raise InputError(f"案件の Excel にないはずのシート「{title[:31]}」があります。")
        for cells in _rows(wb, title):
            cells = [c for c in cells if c.value is not None or c.formula]
            if not cells:
                continue
            where = f"シート「{title}」{cells[0].coordinate} の行"
            if any(c.formula for c in cells):
                raise InputError(f"{where} に数式があります。数式は読み込めません。")
            by_column = {c.column: c.value for c in cells}
            values = ["" if by_column.get(col) is None else str(by_column[col]) for col in range(1, 3 + MAX_CHUNKS)]
            try:
                path = json.loads(values[0])
            except ValueError:
                raise InputError(f"{where}: 場所「{values[0][:30]}」を読めません。") from None
            _place(root, path, _leaf(values[1], "".join(values[2:]), where), where)
    return root


def is_case_book(data: bytes) -> bool:
    """Whether an .xlsx file is a 案件 book (a sheet's book has ``sheet_type`` in its _meta instead).

    The file passes the Excel guards first; anything unreadable is left to the sheets' reader to explain.
    """
    try:
        check_size(data, _max_bytes())
        wb = xlsx_format.open_workbook(data)
    except Exception:  # the sheets' reader gives the message
        return False
    try:
        meta = xlsx_format.meta_values(wb)
        return meta is not None and meta.get("kind") == "case"
    except Exception:
        return False
    finally:
        wb.close()
