from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "worksheets", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_convert_sample_to_pdf_and_xlsx_and_back(sample: str, tmp_path: Path) -> None:
    src = SAMPLES / sample
    pdf, xlsx, back = tmp_path / "out.pdf", tmp_path / "out.xlsx", tmp_path / "back.json"
    assert run("convert", str(src), "-o", str(pdf)).returncode == 0
    assert run("convert", str(src), "-o", str(xlsx)).returncode == 0
    result = run("convert", str(xlsx), "-o", str(back))
    assert result.returncode == 0, result.stderr
    assert json.loads(back.read_text(encoding="utf-8")) == json.loads(src.read_text(encoding="utf-8"))
    data = json.loads(src.read_text(encoding="utf-8"))["data"]
    first = next(v for v in data.values() if isinstance(v, str) and v)
    assert squash(first) in squash("".join(pages_text(pdf.read_bytes())))


def test_xlsx_to_pdf(tmp_path: Path) -> None:
    xlsx = tmp_path / "f.xlsx"
    assert main(["convert", str(SAMPLES / "issue_detail_fukuoka.json"), "-o", str(xlsx)]) == 0
    assert main(["convert", str(xlsx), "-o", str(tmp_path / "f.pdf")]) == 0
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")


def test_validate_reports_completeness(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLES / "issue_sheet_kasumigaura.json")]) == 0
    out = capsys.readouterr().out
    assert "OK: 課題整理シート" in out
    assert "②現状: 済" in out
    assert "①ありたい姿: 一部" in out


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b'{"schema_version": 7, "sheet_type": "issue_sheet", "data": {}}', "x.json", "schema_version 7"),
        (b"{broken", "x.json", "書き方に誤り"),
        (b"\x89PNG\r\n\x1a\n", "x.json", "画像"),
        (b"PK\x03\x04junk", "x.xlsx", "壊れて"),
    ],
)
def test_bad_input_exits_non_zero_with_japanese_message(
    content: bytes, name: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_unknown_output_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "none.json")]) == 1
    assert "見つかりません" in capsys.readouterr().err
    assert main(["convert", str(SAMPLES / "issue_detail_fukuoka.json"), "-o", str(tmp_path / "x.docx")]) == 1
    assert "対応していません" in capsys.readouterr().err


def test_schema_is_json_schema_of_the_saved_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "issue_sheet"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["sheet_type"] == {"const": "issue_sheet"}
    assert schema["properties"]["data"]["additionalProperties"] is False
    assert "issues" in schema["properties"]["data"]["properties"]
    assert main(["schema", "nope"]) == 1


def test_usage_error_exits_2() -> None:
    assert run("convert", "only-input").returncode == 2


def test_lint_flags_jargon_with_paraphrases(tmp_path: Path) -> None:
    path = tmp_path / "paper.json"
    paper = {
        "schema_version": 1,
        "sheet_type": "discussion_paper",
        "data": {"how": "全国にスケールする", "team_municipality": "原課に相談"},
    }
    path.write_text(json.dumps(paper, ensure_ascii=False), encoding="utf-8")
    result = run("lint", str(path))
    assert result.returncode == 3
    assert "「スケール(する)」（スタートアップ語）→ 言い換え例: (事業を)拡大する" in result.stdout
    assert "自治体: 「原課」（自治体語）→ 言い換え例: 担当課、担当部署" in result.stdout
    clean = run("lint", str(SAMPLES / "discussion_paper_iwata.json"))
    assert clean.returncode == 0


def test_timeline_json(tmp_path: Path) -> None:
    result = run("timeline", "--first-contact", "2027-08-01", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["contact_fiscal_year"] == 2027
    assert data["earliest_fiscal_year"] == 2028
    assert data["earliest_fiscal_year_label"] == "令和10年度"
    assert data["status"] == "at_risk"
    assert {"date": "2027-10-31", "label": "2027年10月31日までに枠組み合意"} in data["deadlines"]
    none = json.loads(run("timeline", "--first-contact", "2027-08-01", "--no-budget", "--json").stdout)
    assert none["status"] == "no_budget"
    assert none["earliest_fiscal_year"] is None


def test_timeline_with_a_custom_calendar_file(tmp_path: Path) -> None:
    cal = tmp_path / "cal.json"
    cal.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "sheet_type": "budget_calendar",
                "data": {"name": "A市", "first_contact_deadline": "6/30", "agreement_deadline": "9/30"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    data = json.loads(run("timeline", "--first-contact", "2027-07-15", "--calendar", str(cal), "--json").stdout)
    assert data["status"] == "at_risk"
    assert {"date": "2027-09-30", "label": "2027年9月30日までに枠組み合意"} in data["deadlines"]
    wrong = run("timeline", "--calendar", str(SAMPLES / "lean_canvas_iwata.json"))
    assert wrong.returncode == 1
    assert "予算カレンダーではありません" in wrong.stderr
    bad = run("timeline", "--first-contact", "2027/07/15")
    assert bad.returncode == 1
    assert "YYYY-MM-DD" in bad.stderr


def _hostile_files() -> dict[str, bytes]:
    from tests.worksheets.formats.test_hostile import JSON_CASES, XLSX_CASES

    files = {f"{name}.json": make() for name, (make, _) in JSON_CASES.items()}
    files.update({f"{name}.xlsx": make() for name, (make, _) in XLSX_CASES.items()})
    return files


def test_no_cli_command_prints_a_traceback_on_any_hostile_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """issue 12 #5: every read error is the Japanese message on stderr with status 1, for every command."""
    files = _hostile_files()
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        for argv in (
            ["validate", str(path)],
            ["convert", str(path), "-o", str(tmp_path / "out.pdf")],
            ["convert", str(path), "-o", str(tmp_path / "out.json")],
            ["lint", str(path)],
            ["timeline", "--calendar", str(path), "--first-contact", "2026-05-01"],
        ):
            assert main(argv) == 1, (name, argv)
            err = capsys.readouterr().err
            assert err.startswith("エラー: "), (name, argv, err)
            assert "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()


def test_malformed_xlsx_through_the_real_process_has_no_traceback(tmp_path: Path) -> None:
    from tests.worksheets.formats.test_hostile import XLSX_CASES

    path = tmp_path / "broken.xlsx"
    path.write_bytes(XLSX_CASES["malformed_sheet_xml"][0]())
    result = run("convert", str(path), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert "壊れています" in result.stderr
    assert "Traceback" not in result.stderr


def _mixed_inputs(tmp_path: Path) -> tuple[list[Path], Path]:
    """Three good sheets (JSON, Excel, in a folder) and three bad ones."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    good_json = folder / "kasumigaura.json"
    good_json.write_bytes((SAMPLES / "issue_sheet_kasumigaura.json").read_bytes())
    assert main(["convert", str(SAMPLES / "lean_canvas_iwata.json"), "-o", str(folder / "sub" / "canvas.xlsx")]) == 0
    (folder / "broken.json").write_bytes(b"{broken")
    (folder / "sub" / "zip.xlsx").write_bytes(b"PK\x03\x04junk")
    (folder / "notes.txt").write_text("not a sheet", encoding="utf-8")  # ignored inside a folder
    extra = tmp_path / "fukuoka.json"
    extra.write_bytes((SAMPLES / "issue_detail_fukuoka.json").read_bytes())
    return [folder, extra, tmp_path / "missing.json"], folder


def test_batch_convert_mixed_good_and_bad_files_in_a_pool(tmp_path: Path) -> None:
    inputs, _ = _mixed_inputs(tmp_path)
    out = tmp_path / "out"
    result = run("convert", *map(str, inputs), "-o", str(out), "-j", "2")
    assert result.returncode == 1, result.stderr  # some failed: non-zero, but every good file is there
    assert sorted(p.name for p in out.iterdir()) == ["canvas.pdf", "fukuoka.pdf", "kasumigaura.pdf"]
    for name, sample in [
        ("kasumigaura.pdf", "issue_sheet_kasumigaura.json"),
        ("canvas.pdf", "lean_canvas_iwata.json"),
        ("fukuoka.pdf", "issue_detail_fukuoka.json"),
    ]:
        data = json.loads((SAMPLES / sample).read_text(encoding="utf-8"))["data"]
        first = next(v for v in data.values() if isinstance(v, str) and v)
        assert squash(first) in squash("".join(pages_text((out / name).read_bytes()))), name
    assert "6件中3件をPDFに変換しました" in result.stdout
    assert "変換できなかったファイル（3件）" in result.stderr
    assert "broken.json: JSON の書き方に誤り" in result.stderr
    assert "zip.xlsx: Excel ファイルが壊れています" in result.stderr
    assert "missing.json" in result.stderr
    assert "見つかりません" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.glob("*.tmp"))


def test_batch_convert_all_good_exits_zero_and_names_stay_unique(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a"
    a.mkdir()
    (a / "same.json").write_bytes((SAMPLES / "issue_sheet_kasumigaura.json").read_bytes())
    assert main(["convert", str(SAMPLES / "issue_detail_fukuoka.json"), "-o", str(a / "same.xlsx")]) == 0
    capsys.readouterr()
    assert main(["convert", str(a), "-o", str(tmp_path / "out"), "--to", "json", "-j", "1"]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["same.json", "same_2.json"]
    kinds = {json.loads((tmp_path / "out" / n).read_text(encoding="utf-8"))["sheet_type"] for n in names}
    assert kinds == {"issue_sheet", "issue_detail"}
    assert "2件中2件をJSONに変換しました" in capsys.readouterr().out


def test_batch_progress_bar_only_on_a_terminal() -> None:
    import io

    from worksheets.batch import Progress, Result

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(4, stream)
        bar.step(Result("a.json", "a.pdf"))
        bar.step(Result("b.json", "b.pdf", "壊れています"))
        bar.close()
    assert "2/4" in tty.getvalue()
    assert "失敗 1件" in tty.getvalue()
    assert "#" * 15 in tty.getvalue()
    assert pipe.getvalue() == ""


def test_single_file_with_unknown_type_does_not_create_a_folder(tmp_path: Path) -> None:
    assert main(["convert", str(SAMPLES / "issue_detail_fukuoka.json"), "-o", str(tmp_path / "x.docx")]) == 1
    assert not (tmp_path / "x.docx").exists()


def test_validate_of_one_json_file_does_not_import_reportlab_or_openpyxl() -> None:
    code = (
        "import sys; from worksheets.cli import main; rc = main(['validate', sys.argv[1]]);"
        "print(sorted(m for m in ('reportlab', 'openpyxl', 'pypdf') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES / "issue_sheet_kasumigaura.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_module_docstring_lists_every_command() -> None:
    """issue 15: the docstring listed three of five commands; it must name each one the parser has."""
    import argparse

    from worksheets import cli

    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    doc = cli.__doc__ or ""
    for command in sub.choices:
        assert f"``{command} " in doc, command
    assert "(one file)" in doc
    assert "(batch)" in doc
    assert "|case``" in doc  # schema of the 案件 file


def test_batch_warm_up_leaves_numpy_out_and_both_formats_working(tmp_path: Path) -> None:
    # A fresh process, as the command is: openpyxl is imported with numpy hidden, the batch still
    # writes and reads Excel, and numpy itself stays importable for anything that wants it later.
    script = f"""
import sys
from pathlib import Path
from worksheets import batch
src = {str(SAMPLES / "issue_sheet_kasumigaura.json")!r}
out = Path({str(tmp_path)!r})
jobs = [(src, str(out / "a.xlsx")), (src, str(out / "a.pdf"))]
batch._warm([o for _, o in jobs])
assert "openpyxl" in sys.modules, "openpyxl not warmed for the .xlsx output"
assert "numpy" not in sys.modules, "numpy was imported"
results = batch.convert_all(jobs, workers=2)
assert all(r.error is None for r in results), results
again = batch.convert_all([(str(out / "a.xlsx"), str(out / "b.json"))], workers=1)
assert again[0].error is None, again
import numpy
print("ok", numpy.__name__)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "numpy"]
    back = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert back == json.loads((SAMPLES / "issue_sheet_kasumigaura.json").read_text(encoding="utf-8"))
