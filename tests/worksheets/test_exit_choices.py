"""The exit choices (① “へ”導入 ② “を介して”広める ③ “と共に”創る) of every sheet that asks for one come from
data/exits.json, built once in worksheets.reference; 三方よしマップ checks its exit like the others."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from pydantic import BaseModel, ValidationError

from tests.conftest import SAMPLES
from worksheets.formats import json_format, xlsx_format
from worksheets.reference import DATA
from worksheets.sheets.procurement_nav import ProcurementNav
from worksheets.sheets.project_summary import ProjectSummary
from worksheets.sheets.sanpo_yoshi import CheckKind, SanpoYoshiMap, checks
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.spec import FieldSpec, declared

# Read straight from the data file, not through worksheets.reference.
LABELS = tuple(f"{e['id']} {e['name']}" for e in json.loads((DATA / "exits.json").read_text("utf-8"))["exits"])
# Each sheet with its undecided value: blank, except the timeline whose files have always said 「未定」.
SHEETS: dict[type[BaseModel], str] = {SanpoYoshiMap: "", ProjectSummary: "", ProcurementNav: "", TimelinePlan: "未定"}


def _literal_args(model: type[BaseModel]) -> tuple[object, ...]:
    annotation = model.model_fields["exit"].annotation
    return get_args(annotation)


@pytest.mark.parametrize("model", list(SHEETS), ids=lambda m: m.__name__)
def test_every_sheets_exit_choices_are_the_data_files(model: type[BaseModel]) -> None:
    assert len(LABELS) == 3
    undecided = SHEETS[model]
    spec = dict(declared(model))["exit"]
    assert isinstance(spec, FieldSpec)
    assert spec.choices == (undecided, *LABELS)  # what the widget and the Excel file offer
    assert _literal_args(model) == (undecided, *LABELS)  # what validation accepts
    for label in LABELS:
        assert model.model_validate({"exit": label}).exit == label  # type: ignore[attr-defined]
    assert model().exit == undecided  # type: ignore[attr-defined]


@pytest.mark.parametrize("model", list(SHEETS), ids=lambda m: m.__name__)
def test_older_and_shortened_wordings_keep_their_exit_everywhere(model: type[BaseModel]) -> None:
    """The timeline's files were saved with 「① 自治体“へ”導入する」; blank and 「未定」 are each sheet's undecided value."""
    assert model.model_validate({"exit": "① 自治体“へ”導入する"}).exit == LABELS[0]  # type: ignore[attr-defined]
    assert model.model_validate({"exit": " ③ 自治体“と共に”創る "}).exit == LABELS[2]  # type: ignore[attr-defined]
    for undecided in ("", "未定"):
        assert model.model_validate({"exit": undecided}).exit == SHEETS[model]  # type: ignore[attr-defined]


@pytest.mark.parametrize("model", [ProjectSummary, ProcurementNav, TimelinePlan], ids=lambda m: m.__name__)
def test_the_other_sheets_refuse_an_exit_the_guide_does_not_name(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"exit": "その他"})


def test_the_samples_exits_load_unchanged() -> None:
    for name in ("sanpo_yoshi_iwata.json", "project_summary_iwata.json", "procurement_nav_toyonaka.json"):
        raw = json.loads((SAMPLES / name).read_text("utf-8"))
        doc = json_format.import_((SAMPLES / name).read_bytes())
        assert raw["data"]["exit"] in LABELS
        assert doc.sheet.exit == raw["data"]["exit"]  # type: ignore[attr-defined]


def _sanpo_file(exit_text: str) -> bytes:
    data = {"schema_version": 1, "sheet_type": "sanpo_yoshi", "data": {"project": "事業", "exit": exit_text}}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_sanpo_exit_is_now_checked_but_an_unknown_saved_text_loads_as_undecided_with_a_note() -> None:
    """Before, SanpoYoshiMap.exit was a plain str: 「<b>その他</b>」 loaded as the exit, with no note (seen)."""
    doc = json_format.import_(_sanpo_file("<b>その他</b>\n（検討中）"))  # loads, is not refused
    sheet = doc.sheet
    assert isinstance(sheet, SanpoYoshiMap)
    assert sheet.exit == ""  # 未定（未選択）
    assert sheet.exit_unknown == "<b>その他</b> （検討中）"  # the text is kept, not lost
    notes = [c.message for c in checks(sheet) if c.kind is CheckKind.UNKNOWN_EXIT]
    assert notes == [
        "読み込んだファイルの出口「<b>その他</b> （検討中）」は、ガイドの3つの出口（①②③）のどれでもないため、"
        "「未定」（未選択）にしました。あてはまる出口を選んでください。"
    ]
    # the note survives saving and reloading (JSON and Excel) ...
    assert json.loads(json_format.export(doc))["data"]["exit_unknown"] == "<b>その他</b> （検討中）"
    again = json_format.import_(json_format.export(doc)).sheet
    assert again == sheet
    assert xlsx_format.import_(xlsx_format.export(doc)).sheet == sheet
    # ... until an exit is chosen
    chosen = SanpoYoshiMap.model_validate({**sheet.model_dump(), "exit": LABELS[1]})
    assert chosen.exit_unknown == ""
    assert not [c for c in checks(chosen) if c.kind is CheckKind.UNKNOWN_EXIT]


def test_sanpo_a_very_long_unknown_exit_text_still_loads() -> None:
    sheet = json_format.import_(_sanpo_file("あ" * 5000)).sheet
    assert isinstance(sheet, SanpoYoshiMap)
    assert sheet.exit == ""
    assert len(sheet.exit_unknown) == 200
    assert sheet.exit_unknown.endswith("…")


def test_sanpo_known_exits_load_without_a_note() -> None:
    for label in ("", "未定", *LABELS):
        sheet = SanpoYoshiMap.model_validate({"exit": label})
        assert sheet.exit_unknown == ""
        assert not [c for c in checks(sheet) if c.kind is CheckKind.UNKNOWN_EXIT]
        assert "exit_unknown" not in sheet.model_dump(mode="json")  # such files are saved exactly as before
