"""Hostile files (reliability notes, test cases 8-12): each is refused quickly, within a memory budget,
with a Japanese message; nothing formula-like ever becomes a formula."""

from __future__ import annotations

import io
import json
import random
import time
import tomllib
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT, load_sample
from worksheets import formats
from worksheets.document import Document
from worksheets.errors import InputError
from worksheets.formats import xlsx_format
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet

LIMIT_SECONDS = 1.0
LIMIT_BYTES = 100 * 1024 * 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak_rss() -> bool:
    """Linux: writing 5 to clear_refs resets the process's peak RSS (VmHWM) to its current RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@contextmanager
def budget() -> Iterator[None]:
    """CPU time, Python allocations and real RSS growth (peak during the block minus RSS before).

    The time is this process's CPU time, not the wall clock: what a hostile file costs the server, the same on a
    busy machine (where other processes' work would stretch the wall clock) as on an idle one."""
    rss_before = _status_kb("VmRSS")
    rss_measured = _reset_peak_rss()
    tracemalloc.start()
    start = time.process_time()
    try:
        yield
    finally:
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < LIMIT_SECONDS, f"took {elapsed:.2f} s"
        assert peak < LIMIT_BYTES, f"peak {peak / 1e6:.0f} MB"
        if rss_measured:
            growth = (_status_kb("VmHWM") - rss_before) * 1024
            assert growth < LIMIT_BYTES, f"RSS grew {growth / 1e6:.0f} MB"


def rejected(name: str, data: bytes, message: str) -> None:
    with budget(), pytest.raises(InputError, match=message):
        formats.load(name, data)


def _env(**data: object) -> dict[str, object]:
    return {"schema_version": 1, "sheet_type": "issue_sheet", "data": data}


JSON_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "shift_jis": (lambda: json.dumps(_env(theme="市役所"), ensure_ascii=False).encode("cp932"), "Shift_JIS"),
    "duplicate_keys": (
        lambda: b'{"schema_version": 1, "sheet_type": "issue_sheet", "sheet_type": "x", "data": {}}',
        "2回",
    ),
    "unknown_version": (lambda: json.dumps({**_env(), "schema_version": 99}).encode(), "schema_version 99"),
    "extra_keys": (lambda: json.dumps(_env(owner="x")).encode(), "様式にありません"),
    "ten_mb_string": (lambda: json.dumps(_env(ideal="a" * 10_000_000)).encode(), "大きすぎます"),
    "hundred_thousand_items": (lambda: json.dumps(_env(issues=[{}] * 100_000)).encode(), "項目が多すぎます"),
    "deep_nesting": (lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "入れ子"),
    "nan": (lambda: b'{"schema_version": 1, "sheet_type": "issue_sheet", "data": {"years": NaN}}', "NaN"),
    "lone_surrogate": (
        lambda: b'{"schema_version": 1, "sheet_type": "issue_sheet", "data": {"theme": "\\udc00"}}',
        "サロゲート",
    ),
    "png_renamed": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(2000), "画像"),
    "empty": (lambda: b"", "空"),
    "over_the_limit": (lambda: b" " * (3 * 1024 * 1024), "大きすぎます"),
}


@pytest.mark.parametrize("case", list(JSON_CASES))
def test_hostile_json_is_refused_fast(case: str) -> None:
    make, message = JSON_CASES[case]
    rejected("upload.json", make(), message)


def test_utf8_bom_json_is_accepted() -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(_env(theme="テーマ"), ensure_ascii=False).encode()
    with budget():
        assert formats.load("bom.json", raw).sheet.theme == "テーマ"  # type: ignore[attr-defined]


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _our_xlsx() -> dict[str, bytes]:
    data = xlsx_format.export(load_sample("issue_detail_fukuoka.json"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _with_part(name: str, content: bytes) -> bytes:
    parts = _our_xlsx()
    parts[name] = content
    return _zip(parts)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet>&lol3;</worksheet>'
)
MILLION_ROWS = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + b"<row><c><v>1</v></c></row>" * 1_048_576  # row numbers are optional in SpreadsheetML
    + b"</sheetData></worksheet>"
)

def _sparse(size: int, seed: int = 1) -> bytes:
    """Mostly "a" with a rare "b": compresses about 70:1, under the archive ratio check (100:1)."""
    rnd = random.Random(seed)
    block = bytes(98 if rnd.random() < 0.006 else 97 for _ in range(1_000_000))
    return (block * (size // len(block) + 1))[:size]


def _in_sheet(fragment: bytes, where: bytes = b"<sheetData") -> bytes:
    parts = _our_xlsx()
    sheet = parts["xl/worksheets/sheet1.xml"]
    i = sheet.index(where)
    parts["xl/worksheets/sheet1.xml"] = sheet[:i] + fragment + sheet[i:]
    return _zip(parts)


def _dense_cells() -> bytes:
    rnd = random.Random(2)  # 3.9 MB of small cells in one row: under the part cap, varied enough to pass the ratio
    cells = b"".join(b"<c><v>%d</v></c>" % rnd.randrange(10**6) for _ in range(260_000))
    parts = _our_xlsx()
    parts["xl/worksheets/sheet1.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        + cells
        + b"</row></sheetData></worksheet>"
    )
    return _zip(parts)


XLSX_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    # issue 12 #4: 0.7 MB file, a 45 MB comment inside the sheet XML (ratio ~70:1); took 40 s before
    "huge_comment_in_sheet": (lambda: _in_sheet(b"<!--" + _sparse(45_000_000) + b"-->"), "大きすぎるか複雑すぎ"),
    "comment_just_under_part_cap": (lambda: _in_sheet(b"<!--" + _sparse(3_900_000) + b"-->"), "大きすぎるか複雑すぎ"),
    "huge_attribute": (lambda: _in_sheet(b'<x a="' + _sparse(3_900_000) + b'"/>'), "大きすぎるか複雑すぎ"),
    "whitespace_inside_a_tag": (lambda: _in_sheet(b"<x" + _sparse(3_900_000).replace(b"a", b" ").replace(b"b", b"\n") + b"/>"), "大きすぎるか複雑すぎ"),
    "huge_processing_instruction": (lambda: _in_sheet(b"<?pi " + _sparse(3_900_000) + b"?>"), "大きすぎるか複雑すぎ"),
    "dense_cells": (_dense_cells, "読み込めません|大きすぎるか複雑すぎ|壊れて"),
    # issue 12 #5: malformed XML used to reach openpyxl and surface as an English page / a traceback
    "malformed_sheet_xml": (lambda: _with_part("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"), "壊れて"),
    "malformed_workbook_xml": (lambda: _with_part("xl/workbook.xml", b"<workbook><sheets></workbook>"), "壊れて"),
    "malformed_meta_sheet": (lambda: _with_part("xl/worksheets/sheet2.xml", b"\xff\xfe<bad"), "壊れて"),
    "not_xml_styles": (lambda: _with_part("xl/styles.xml", b"not xml at all"), "壊れて"),
    "entity_dtd": (lambda: _with_part("xl/worksheets/sheet1.xml", BILLION_LAUGHS), "DTD"),
    "zip_bomb_ratio": (lambda: _with_part("xl/media/bomb.bin", bytes(30_000_000)), "圧縮"),
    "over_50_mb_uncompressed": (
        lambda: _zip({**_our_xlsx(), **{f"xl/media/n{i}.bin": bytes(range(256)) * 50_000 for i in range(5)}}),
        "展開後のサイズ",
    ),
    "too_many_entries": (lambda: _zip({**_our_xlsx(), **{f"xl/x{i}.xml": b"<a/>" for i in range(200)}}), "中身の数"),
    "million_rows": (lambda: _with_part("xl/worksheets/sheet1.xml", MILLION_ROWS), "圧縮|展開後のサイズ"),
    "password_protected": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "パスワード"),
    "xls_renamed": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), r"古い形式（\.xls）"),
    "xlsm_renamed": (
        lambda: _with_part(
            "[Content_Types].xml",
            _our_xlsx()["[Content_Types].xml"].replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"),
        ),
        "マクロ",
    ),
    "not_a_zip": (lambda: b"PK\x03\x04" + bytes(100), "壊れて"),
}


@pytest.fixture(scope="module")
def xlsx_cases() -> dict[str, bytes]:
    return {name: make() for name, (make, _) in XLSX_CASES.items()}  # built outside the measured budget


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_hostile_xlsx_is_refused_fast(case: str, xlsx_cases: dict[str, bytes]) -> None:
    data = xlsx_cases[case]
    if len(data) > formats.limits.MAX_UPLOAD_BYTES:
        pytest.fail(f"{case} is {len(data)} bytes: make it fit the upload limit so the deeper guard is exercised")
    rejected("upload.xlsx", data, XLSX_CASES[case][1])


def test_a_far_away_cell_does_not_make_reading_slow() -> None:
    wb = load_workbook(io.BytesIO(xlsx_format.export(load_sample("issue_detail_fukuoka.json"))))
    wb.worksheets[0]["A1048576"] = "遠くのセル"
    buf = io.BytesIO()
    wb.save(buf)
    with budget():
        assert xlsx_format.import_(buf.getvalue()).sheet.issue.startswith("外出困難")  # type: ignore[attr-defined]


INJECTIONS = ["=1+1", '=HYPERLINK("http://example.invalid","x")', "+cmd", "-1+2", "@SUM(1)", "\t=1"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_injection_never_becomes_a_formula_in_any_export(text: str) -> None:
    doc = Document("issue_detail", IssueDetail(issue=text, who_troubled=text, reference=text))
    xlsx = xlsx_format.export(doc)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/"))
    assert b"<f>" not in xml
    assert b"<f " not in xml
    back = xlsx_format.import_(xlsx).sheet
    assert (back.issue, back.who_troubled, back.reference) == (text, text, text)  # type: ignore[attr-defined]
    assert json.loads(formats.export(doc, "x.json"))["data"]["issue"] == text


def test_streamlit_config_has_safe_defaults() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # issue 12 #11: the server refuses what the app would refuse anyway (unused uploads stay in memory)
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == formats.limits.MAX_UPLOAD_BYTES
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "allowedHosts" in readme


def test_the_largest_real_file_still_loads_within_the_budget() -> None:
    """The part cap must not refuse a genuine file: an issue sheet with 20 課題 and every field full."""
    rnd = random.Random(0)

    def text(n: int) -> str:
        return "".join(chr(rnd.randint(0x4E00, 0x9FFF)) for _ in range(n))

    items = [IssueItem(title=text(5000), shortage=text(5000), strengths=[text(500)] * 50) for _ in range(20)]
    sheet = IssueSheet(theme=text(200), ideal=text(5000), past_work=text(5000), gap=text(5000), issues=items)
    data = xlsx_format.export(Document("issue_sheet", sheet))
    assert len(data) <= formats.limits.MAX_UPLOAD_BYTES
    with budget():
        back = formats.load("full.xlsx", data).sheet
    assert back == sheet
