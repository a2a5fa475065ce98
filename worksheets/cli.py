"""Command line for batches: ``worksheets <command>`` (or ``python -m worksheets <command>``).

Commands:

``validate FILE``
    Check a sheet file (JSON / Excel) and print its completeness; a 案件 file (JSON) is checked too.
``convert FILE -o OUT`` (one file)
    json↔xlsx and json/xlsx→pdf, chosen by the extensions; a 案件 file becomes one PDF.
``convert FILE|FOLDER ... -o OUTDIR [--to pdf|xlsx|json] [-j N]`` (batch)
    Many files or folders into one folder, in a process pool (see :mod:`worksheets.batch`).
``lint FILE``
    Find 自治体語・スタートアップ語 (図表8) and show the paraphrases; exit 3 when some were found.
``timeline [--first-contact DATE] [--calendar FILE] [--no-budget] [--procurement M] [--json]``
    The 年度 a first contact still reaches, with the deadlines (目安). ``M`` is one of the timeline's 調達の方法,
    by its first words (``企画競争``) or in full.
``schema SHEET_TYPE|case``
    The JSON Schema of a sheet type's file, or of the 案件 file (``case``).

Errors are printed in Japanese on stderr with exit status 1 (2 for wrong usage, 70 for a defect).
Imports are lazy: ``validate`` of one JSON file loads neither reportlab nor openpyxl.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from worksheets import formats
from worksheets.errors import InputError
from worksheets.formats.limits import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from worksheets.document import Document


def _read(path: str) -> Document:
    from worksheets import formats

    p = Path(path)
    if not p.is_file():
        raise InputError(f"ファイル「{path}」が見つかりません。")
    with p.open("rb") as fh:  # never read more than the limit (plus one byte to detect "too big")
        data = fh.read(MAX_UPLOAD_BYTES + 1)
    return formats.load(p.name, data)


def envelope_schema(sheet_type: str) -> dict[str, Any]:
    from worksheets.document import SCHEMA_VERSION
    from worksheets.registry import SHEETS

    spec = SHEETS[sheet_type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": spec.title,
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "sheet_type", "data"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "sheet_type": {"const": sheet_type},
            "data": spec.model.model_json_schema(),
        },
    }


def _case(path: str) -> Any:
    """The 案件 file at ``path`` (issue 17), or None when it is a sheet file."""
    from worksheets import case_file

    p = Path(path)
    if p.suffix.lower() not in (".json", ".xlsx") or not p.is_file():
        return None
    with p.open("rb") as fh:
        data = fh.read(case_file.MAX_CASE_BYTES + 1)
    if p.suffix.lower() == ".xlsx":
        from worksheets.formats import case_xlsx

        return case_file.parse(data) if case_xlsx.is_case_book(data) else None
    try:
        is_case = case_file.is_case(json.loads(data.decode("utf-8-sig")))
    except (ValueError, RecursionError):  # not JSON, or hostile: the sheet reader says what is wrong
        return None
    return case_file.parse(data) if is_case else None


def cmd_validate(args: argparse.Namespace) -> int:
    from worksheets.spec import completeness, missing_minimum

    case = _case(args.file)
    if case is not None:
        print(f"OK: 案件「{case.name}」（シート{len(case.sheets)}枚、版{len(case.versions)}、面談{len(case.meetings)}回）")
        return 0
    doc = _read(args.file)
    print(f"OK: {doc.title}（{doc.sheet_type}）")
    for part in completeness(doc.sheet):
        mark = {"done": "済", "partial": "一部", "empty": "未記入"}[part.state]
        print(f"  {part.part}: {mark}（{part.filled}/{part.total}）")
    missing = missing_minimum(doc.sheet)
    if missing:
        print("  最低限の項目で未記入: " + "、".join(e.label for e in missing))
    return 0


def _convert_one(source: str, output: str) -> None:
    from worksheets import formats
    from worksheets.formats import pdf_format

    case = _case(source)
    if case is not None:
        from worksheets.formats import case_pdf, case_xlsx

        target = Path(output).suffix.lower()
        if target == ".pdf":
            Path(output).write_bytes(case_pdf.whole_case(case))
        elif target == ".xlsx":
            Path(output).write_bytes(case_xlsx.export(case.model_dump(mode="json")))
        elif target == ".json":
            Path(output).write_bytes(case.model_dump_json(indent=2).encode("utf-8"))
        else:
            raise InputError("案件ファイルは PDF・Excel（.xlsx）・JSON に変換できます（-o 案件.pdf など）。")
        print(f"{source} → {output}（案件「{case.name}」）")
        return
    doc = _read(source)
    data = formats.export(doc, output)
    if output.lower().endswith(".pdf"):
        for warning in pdf_format.warnings(doc):
            print("注意: " + warning, file=sys.stderr)
    Path(output).write_bytes(data)
    print(f"{source} → {output}（{doc.title}）")


def cmd_convert(args: argparse.Namespace) -> int:
    from worksheets import batch

    out = Path(args.output)
    # One file to a named file (``convert a.json -o a.pdf``): the original form, unchanged.
    single = len(args.input) == 1 and not Path(args.input[0]).is_dir() and not out.is_dir()
    if single and out.suffix and args.to is None:
        _convert_one(args.input[0], args.output)
        return 0
    return batch.run(args.input, out, to=args.to or "pdf", jobs=args.jobs)


def cmd_lint(args: argparse.Namespace) -> int:
    """Flag 図表8 jargon; exit 0 when clean, 3 when terms were found (like a linter)."""
    from worksheets import jargon

    doc = _read(args.file)
    findings = jargon.check(doc.sheet)
    for f in findings:
        print(f"{f.label}: 「{f.term.term}」（{f.term.category}）→ 言い換え例: {f.term.paraphrase}")
    if not findings:
        print("図表8の自治体語・スタートアップ語は見つかりませんでした。")
    return 3 if findings else 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from datetime import date

    from worksheets import fiscal
    from worksheets.fiscal import CalendarRules
    from worksheets.sheets.budget_calendar import BudgetCalendar

    try:
        contact = date.fromisoformat(args.first_contact) if args.first_contact else date.today()
    except ValueError:
        raise InputError(f"--first-contact は YYYY-MM-DD で指定してください（「{args.first_contact}」）。") from None
    rules = CalendarRules()
    if args.calendar:
        doc = _read(args.calendar)
        if not isinstance(doc.sheet, BudgetCalendar):
            raise InputError(f"「{args.calendar}」は予算カレンダーではありません（{doc.title}）。")
        rules = doc.sheet.rules()
    try:
        method = fiscal.Procurement.from_text(args.procurement) if args.procurement else fiscal.Procurement.UNDECIDED
    except ValueError:
        names = "、".join(m.value.split("（")[0] for m in fiscal.Procurement)
        raise InputError(f"--procurement「{args.procurement}」は不明です。選べる方法: {names}") from None
    result = fiscal.verdict(contact, rules, needs_budget=not args.no_budget, procurement=method)
    warnings = list(rules.warnings())
    if args.json:
        print(json.dumps({**result.to_json(), "warnings": warnings}, ensure_ascii=False, indent=2))
        return 0
    print(f"初回接触: {contact:%Y-%m-%d}（{fiscal.fy_label(result.contact_fiscal_year)}）　カレンダー: {rules.name}")
    for warning in warnings:
        print(f"注意（カレンダーの日付が矛盾しています）: {warning}")
    print(f"判定（目安）: {result.line}")
    for d in result.deadlines:
        print(f"  {d.day:%Y-%m-%d}  {d.label}")
    for alternative in result.alternatives:
        print(f"  選択肢: {alternative}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from worksheets.registry import SHEETS

    if args.sheet == "case":  # the 案件 file (issue 17)
        from worksheets.case_file import json_schema

        print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.sheet not in SHEETS:
        raise InputError(f"シートの種類「{args.sheet}」は不明です。選べる種類: {', '.join(SHEETS)}")
    print(json.dumps(envelope_schema(args.sheet), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="worksheets", description="官民連携ワークシートのファイル操作")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="JSON / Excel ファイルを検査する")
    p.add_argument("file")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser(
        "convert",
        help="json↔xlsx、json/xlsx→pdf に変換する（拡張子で判定）。複数のファイルやフォルダーは -o のフォルダーへまとめて変換",
    )
    p.add_argument("input", nargs="+", help="変換するファイル（複数可）またはフォルダー")
    p.add_argument("-o", "--output", required=True, help="出力ファイル（1件のとき）または出力フォルダー")
    p.add_argument("--to", choices=[e.removeprefix(".") for e in formats.FORMATS], help="まとめて変換するときの形式（既定: pdf）")
    p.add_argument("-j", "--jobs", type=int, help="並列に変換するプロセス数（既定: CPU の数）")
    p.set_defaults(func=cmd_convert)
    p = sub.add_parser("lint", help="自治体語・スタートアップ語（図表8）を探して言い換え例を示す")
    p.add_argument("file")
    p.set_defaults(func=cmd_lint)
    p = sub.add_parser("timeline", help="初回接触の日から、間に合う年度と期限を判定する（目安）")
    p.add_argument("--first-contact", help="YYYY-MM-DD（省略時は今日）")
    p.add_argument("--calendar", help="予算カレンダーの JSON / Excel（省略時は一般的なスケジュール）")
    p.add_argument("--no-budget", action="store_true", help="自治体の予算を使わない計画")
    p.add_argument("--procurement", help="調達の方法（例: 企画競争）")
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.set_defaults(func=cmd_timeline)
    p = sub.add_parser("schema", help="シートの JSON Schema を出力する")
    p.add_argument("sheet", help="シートの種類（例: issue_sheet）。案件ファイルは case")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"エラー: ファイルを読み書きできません（{exc.strerror or exc}）。", file=sys.stderr)
        return 1
    except Exception as exc:  # a defect, never a traceback for the user: say so in Japanese, exit 70
        print(f"エラー: 予期しない問題で処理を中止しました（{type(exc).__name__}）。", file=sys.stderr)
        return 70
