"""The 案件 file: export → import on another server is lossless; hostile files are refused in Japanese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksheets import case_file, cases, history, review
from worksheets.cases import Action
from worksheets.errors import InputError
from worksheets.registry import SHEETS
from worksheets.store import DraftStore

WS = "e" * 22
OTHER_WS = "i" * 22


def _data(sheet_type: str = "issue_sheet", **fields: object) -> str:
    model = SHEETS[sheet_type].model.model_validate(fields)
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False)


def _build(store: DraftStore) -> cases.Case:
    case = cases.create(store, WS, "〇〇市 × 株式会社△△ 外国人市民への情報提供", "連携先の探索段階")
    issue = store.create(WS, "issue_sheet", _data(theme="外国人市民への情報提供"), "外国人市民")
    store.save(issue.id, _data(theme="外国人住民への情報提供"), "外国人住民", 1)
    history.set_name(store, issue.id, 1, "第1回面談で提示")
    paper = store.create(WS, "discussion_paper", _data("discussion_paper", theme="ペーパー"), "ペーパー")
    for d in (issue, paper):
        cases.add_sheet(store, case, d.id)
    link = review.create(store, issue.id)
    c = review.add_comment(store, link.id, "theme", "企画課 山田", "対象は？", "外国人住民への情報提供")
    review.answer(store, issue.id, c.id, "住民全体です")
    review.resolve(store, issue.id, c.id)
    cases.add_meeting(
        store,
        case,
        "2026-10-01",
        "企画課、△△",
        {issue.id: 1},
        {f"{issue.id}:theme": "仮"},
        [Action("見積もり", "△△", "2026-10-20")],
    )
    return case


def _without_times(file: case_file.CaseFile) -> dict[str, object]:
    out = file.model_dump(mode="json")
    for c in out["comments"]:  # type: ignore[union-attr]
        c.pop("created_at")
    return out


def test_export_import_round_trip_on_another_server(tmp_path: Path) -> None:
    first = DraftStore(tmp_path / "a.sqlite3")
    case = _build(first)
    data = case_file.dumps(first, case)
    text = data.decode("utf-8")
    assert json.loads(text)["kind"] == "case"
    for d in cases.sheets(first, case):
        assert d.id not in text  # draft ids are edit links: never in the file
    second = DraftStore(tmp_path / "b.sqlite3")
    imported = case_file.load(second, OTHER_WS, data)
    assert _without_times(case_file.export(second, imported)) == _without_times(case_file.export(first, case))
    [issue, _paper] = cases.sheets(second, imported)
    assert issue.version == 2
    assert [(v.version, v.name) for v in history.named(second, issue.id)] == [(1, "第1回面談で提示")]
    assert imported.stage == "連携先の探索段階"


def test_hostile_case_files_are_refused(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "a.sqlite3")
    good = json.loads(case_file.dumps(store, _build(store)))
    with pytest.raises(InputError, match="JSON"):
        case_file.parse(b"{nope")
    with pytest.raises(InputError, match="案件ファイルではありません"):
        case_file.parse(json.dumps({**good, "kind": "sheet"}).encode())
    bad = json.loads(json.dumps(good))
    bad["versions"][0]["sheet"] = "sheet9"
    with pytest.raises(InputError, match="ファイルにないシート"):
        case_file.parse(json.dumps(bad).encode())
    bad = json.loads(json.dumps(good))
    bad["sheets"][0]["data"]["theme"] = "x" * 100_000
    with pytest.raises(InputError):
        case_file.parse(json.dumps(bad).encode())
    bad = json.loads(json.dumps(good))
    bad["sheets"][0]["extra"] = 1
    with pytest.raises(InputError, match="内容に問題"):
        case_file.parse(json.dumps(bad).encode())
    assert cases.cases(store, OTHER_WS) == []  # nothing half-imported


def test_json_schema_describes_the_envelope() -> None:
    schema = case_file.json_schema()
    assert schema["properties"]["kind"]["const"] == "case"
    assert {"sheets", "versions", "comments", "meetings"} <= set(schema["properties"])


def test_cli_schema_validate_and_convert_a_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.worksheets.formats.pdftext import pages_text, squash
    from worksheets.cli import main

    assert main(["schema", "case"]) == 0
    assert json.loads(capsys.readouterr().out)["properties"]["kind"]["const"] == "case"
    store = DraftStore(tmp_path / "a.sqlite3")
    path = tmp_path / "case.json"
    path.write_bytes(case_file.dumps(store, _build(store)))
    assert main(["validate", str(path)]) == 0
    assert "案件「〇〇市 × 株式会社△△ 外国人市民への情報提供」（シート2枚、版3、面談1回）" in capsys.readouterr().out
    out = tmp_path / "case.pdf"
    assert main(["convert", str(path), "-o", str(out)]) == 0
    pages = pages_text(out.read_bytes())
    text = squash("\n".join(pages))
    assert squash("外国人住民への情報提供") in text  # the issue sheet
    assert squash("ペーパー") in text  # the paper
    assert squash("面談記録") in squash(pages[-1])
    assert squash("見積もり（担当：△△、期限：2026-10-20、未完了）") in squash(pages[-1])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": 1, "kind": "case", "name": ""}), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "案件ファイルの内容に問題があります" in capsys.readouterr().err


def test_excel_export_import_equals_the_json_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first = DraftStore(tmp_path / "a.sqlite3")
    case = _build(first)
    paper = cases.sheets(first, case)[1]
    tricky = '=HYPERLINK("http://x") 外国人'  # starts like a formula
    first.save(paper.id, _data("discussion_paper", theme=tricky), "ペーパー", paper.version)
    data = case_file.dumps_xlsx(first, case)
    assert data.startswith(b"PK")
    book = load_workbook(__import__("io").BytesIO(data))
    assert {"案件", "シート", "版", "コメント", "面談"} <= set(book.sheetnames)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)  # a text starting with = is text, not a formula
    for d in cases.sheets(first, case):
        assert all(d.id not in str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    second = DraftStore(tmp_path / "b.sqlite3")
    imported = case_file.load(second, OTHER_WS, data)
    want = _without_times(case_file.export(first, case))
    assert _without_times(case_file.export(second, imported)) == want
    third = DraftStore(tmp_path / "c.sqlite3")  # and the same as the JSON file imports to
    via_json = case_file.load(third, OTHER_WS, case_file.dumps(first, case))
    assert _without_times(case_file.export(third, via_json)) == want
    assert case_file.parse(data) == case_file.export(first, case)  # the very same envelope as the JSON file
    assert tricky in json.loads(cases.sheets(second, imported)[1].data).values()


def _edited(data: bytes, change: object) -> bytes:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    change(book)  # type: ignore[operator]
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_hostile_case_excel_files_are_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    store = DraftStore(tmp_path / "a.sqlite3")
    good = case_file.dumps_xlsx(store, _build(store))

    def formula(book: object) -> None:
        book["案件"]["C2"] = "=1+1"  # type: ignore[index]

    with pytest.raises(InputError, match="数式"):
        case_file.parse(_edited(good, formula))

    def wrong_type(book: object) -> None:
        book["版"]["B3"] = "int"  # type: ignore[index]
        book["版"]["C3"] = "abc"  # type: ignore[index]

    with pytest.raises(InputError):
        case_file.parse(_edited(good, wrong_type))

    def bad_place(book: object) -> None:
        book["シート"]["A3"] = '["sheets", 5]'  # type: ignore[index]

    with pytest.raises(InputError, match="場所"):
        case_file.parse(_edited(good, bad_place))
    buf = io.BytesIO()  # a DTD in a part: the sheets' Excel guard refuses it
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
            dst.writestr(info, body)
    with pytest.raises(InputError, match="DTD"):
        case_file.parse(buf.getvalue())
    from worksheets.document import document_from_data
    from worksheets.formats import xlsx_format

    sheet_book = xlsx_format.export(document_from_data("issue_sheet", json.loads(_data(theme="単体")), ""))
    with pytest.raises(InputError, match="案件ファイルではありません"):
        case_file.parse(sheet_book)
    assert cases.cases(store, OTHER_WS) == []


def test_cli_validates_and_converts_an_excel_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.worksheets.formats.pdftext import pages_text, squash
    from worksheets.cli import main

    store = DraftStore(tmp_path / "a.sqlite3")
    path = tmp_path / "case.xlsx"
    path.write_bytes(case_file.dumps_xlsx(store, _build(store)))
    assert main(["validate", str(path)]) == 0
    assert "案件「〇〇市 × 株式会社△△ 外国人市民への情報提供」（シート2枚、版3、面談1回）" in capsys.readouterr().out
    out = tmp_path / "case.pdf"
    assert main(["convert", str(path), "-o", str(out)]) == 0
    pages = pages_text(out.read_bytes())
    assert squash("外国人住民への情報提供") in squash("\n".join(pages))
    assert squash("面談記録") in squash(pages[-1])
    back = tmp_path / "back.json"  # Excel → JSON → Excel: the same 案件 each way
    assert main(["convert", str(path), "-o", str(back)]) == 0
    again = tmp_path / "again.xlsx"
    assert main(["convert", str(back), "-o", str(again)]) == 0
    assert case_file.parse(again.read_bytes()) == case_file.parse(back.read_bytes()) == case_file.parse(path.read_bytes())


def test_a_case_file_opened_as_a_sheet_says_it_is_a_case(tmp_path: Path) -> None:
    from worksheets import formats

    store = DraftStore(tmp_path / "a.sqlite3")
    case = _build(store)
    for name, data in (("a.json", case_file.dumps(store, case)), ("a.xlsx", case_file.dumps_xlsx(store, case))):
        with pytest.raises(InputError, match="これは案件ファイルです"):
            formats.load(name, data)


def test_an_imported_sheet_is_stored_as_every_draft_is(tmp_path: Path) -> None:
    """Each sheet and kept version of the file is stored as worksheets.document.stored_data writes the model (all
    fields, cleaned text), not the file's JSON as it came. Failed on the old code (the file's JSON as it came)."""
    from worksheets.document import document_from_data, stored_data

    first = DraftStore(tmp_path / "a.sqlite3")
    envelope = json.loads(case_file.dumps(first, _build(first)))
    sent = {"theme": "外国人住民\u202eへの情報提供", "ideal": "一行目\r\n二行目"}  # a hand-edited file: few fields
    envelope["sheets"][0]["data"] = sent
    for v in envelope["versions"]:
        if v["sheet"] == envelope["sheets"][0]["key"]:
            v["data"] = sent
    second = DraftStore(tmp_path / "b.sqlite3")
    imported = case_file.load(second, OTHER_WS, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
    issue = next(d for d in cases.sheets(second, imported) if d.sheet_type == "issue_sheet")
    expected = stored_data(document_from_data("issue_sheet", sent).sheet)
    assert issue.data == expected
    assert "\u202e" not in issue.data
    assert json.loads(issue.data)["ideal"] == "一行目\n二行目"
    kept = history.contents(second, issue.id, [v.version for v in history.versions(second, issue.id)])
    assert kept
    assert all(data == json.loads(expected) for data in kept.values())
