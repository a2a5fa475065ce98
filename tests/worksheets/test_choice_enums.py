"""issue 15: the choice wordings the code branches on are enums (one place each), the sheets' declared
choices are exactly those enums' values, and files keep the same saved wording."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from worksheets import procurement as P
from worksheets.cli import main
from worksheets.fiscal import Budget, Procurement
from worksheets.registry import SHEETS
from worksheets.sheets.procurement_nav import EXIT_CHOICES, ProcurementNav
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.spec import FieldSpec, GroupSpec, declared, item_model

# Every (sheet model, field) whose choices the code branches on, with the enum that words them.
ENUM_FIELDS: list[tuple[type[BaseModel], str, type[StrEnum]]] = [
    (TimelinePlan, "needs_budget", Budget),
    (TimelinePlan, "procurement", Procurement),
    (ProcurementNav, "spec_definable", P.Spec),
    (ProcurementNav, "novelty", P.Novelty),
    (ProcurementNav, "amount", P.Amount),
    (ProcurementNav, "exclusivity", P.Exclusivity),
    (ProcurementNav, "shared", P.Shared),
    (ProcurementNav, "saas", P.Saas),
]


@pytest.mark.parametrize(("model", "name", "enum"), ENUM_FIELDS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_declared_choices_are_the_enums_values_in_order(model: type[BaseModel], name: str, enum: type[StrEnum]) -> None:
    spec = dict(declared(model))[name]
    assert isinstance(spec, FieldSpec)
    assert spec.choices == tuple(e.value for e in enum)  # what the form offers and the print shows
    assert all(type(c) is str for c in spec.choices)  # plain text in widgets and files
    assert get_args(model.model_fields[name].annotation) == spec.choices  # what the model accepts
    for choice in spec.choices:  # each offered choice loads, and saves as the same wording
        value = model.model_validate({name: choice}).model_dump(mode="json")[name]
        assert value == choice
        assert type(value) is str
    with pytest.raises(ValueError, match=name):
        model.model_validate({name: "どれでもない"})


def test_every_choice_field_accepts_exactly_its_declared_choices() -> None:
    """In every registered sheet, a choice field whose model type is a Literal (enum-backed or read from
    data files) accepts exactly the choices its FieldSpec offers, in the same order."""
    checked = 0
    for spec in SHEETS.values():
        models = [spec.model, *(item_model(spec.model, n) for n, f in declared(spec.model) if isinstance(f, GroupSpec))]
        for model in models:
            for name, field in declared(model):
                annotation = model.model_fields[name].annotation
                if isinstance(field, FieldSpec) and get_origin(annotation) is Literal:
                    assert get_args(annotation) == field.choices, (spec.sheet_type, name)
                    checked += 1
    assert checked >= len(ENUM_FIELDS) + 4  # the enum fields, the three exits and 選んだ調達方法 at least


def test_navi_methods_map_onto_the_timelines_procurement_choices() -> None:
    """data/procurement_methods.json carries a method into the timeline by this wording."""
    targets = {m["timeline"] for m in P.methods()}
    assert targets - {""} <= {p.value for p in Procurement}
    assert Procurement.PROPOSAL in targets


def test_saved_wording_of_a_sample_is_unchanged() -> None:
    root = Path(__file__).resolve().parents[2] / "data" / "samples"
    raw = json.loads((root / "procurement_nav_toyonaka.json").read_text(encoding="utf-8"))
    sheet = ProcurementNav.model_validate(raw["data"])
    assert sheet.model_dump(mode="json") == raw["data"]
    assert all(type(v) is str for v in sheet.model_dump().values() if isinstance(v, str))  # plain text, no enum


def test_assess_branches_on_the_enums() -> None:
    none = P.Answers(exit="", amount=P.Amount.NO_SPEND)
    assert {x.fit for x in P.assess(none) if x.method["id"] != "agreement"} == {P.Fit.UNLIKELY}
    exit_two = EXIT_CHOICES[2]
    assert exit_two.startswith("②")
    for exclusivity, fit in ((P.Exclusivity.HIGH, P.Fit.DEPENDS), (P.Exclusivity.LOW, P.Fit.CANDIDATE)):
        found = P.assess(P.Answers(exit=exit_two, exclusivity=exclusivity))
        assert next(x.fit for x in found if x.method["id"] == "agreement") is fit


@pytest.mark.parametrize("typed", ["企画競争", "企画競争（プロポーザル）"])
def test_cli_procurement_by_its_first_words_or_full_wording(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--first-contact", "2026-06-01", "--procurement", typed]) == 0
    assert "事業者決定（企画競争" in capsys.readouterr().out


def test_cli_unknown_procurement_is_a_japanese_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Before: any text was accepted and silently ignored (no 事業者決定 line, no message)."""
    assert main(["timeline", "--first-contact", "2026-06-01", "--procurement", "きかくきょうそう"]) == 1
    err = capsys.readouterr().err
    assert "--procurement「きかくきょうそう」は不明です" in err
    assert "企画競争" in err
