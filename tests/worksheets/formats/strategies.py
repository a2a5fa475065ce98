"""Hypothesis strategies: sheets full of the Japanese text users really type."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueSheet
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.spec import FieldSpec, GroupSpec, Kind, SheetModel, declared, field_max_length, item_model
from worksheets.text import LINE_MAX, LONG_MAX

SPECIAL = ["①", "髙", "ｶﾅ", "=1+1", "<b>", "&amp;", "+cmd", "-1+2", "@SUM(1)", "\t=1", "〜", "（令和７年度）", "　"]
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Co"))
ONE_LINE = st.lists(st.sampled_from(SPECIAL) | st.text(CHARS, max_size=8), max_size=6).map("".join)
MULTI_LINE = st.lists(ONE_LINE, max_size=4).map("\n".join)
# Shaped text for one-line fields whose own validator wants a format (a calendar's 「7/31」, 「3,6,9,12」): drawn
# beside free text, so such a field varies too instead of always falling back to its default.
MONTH_DAY = st.builds("{}/{}".format, st.integers(1, 12), st.integers(1, 31))
MONTH_LIST = st.lists(st.integers(1, 12), max_size=4, unique=True).map(lambda ms: ",".join(map(str, sorted(ms))))
SHAPED = MONTH_DAY | MONTH_LIST


def _short(text: str) -> str:
    return text[:200]


def _field(model: type[BaseModel], name: str, spec: FieldSpec) -> st.SearchStrategy[Any]:
    """Values a user could give one declared field, from its spec alone."""
    if spec.kind is Kind.CHOICE:
        return st.sampled_from(spec.choices)
    if spec.kind is Kind.NUMBER:
        return st.none() | st.integers(spec.min_value or 0, spec.max_value or 100)
    if spec.kind is Kind.MONTH:
        return st.none() | st.integers(spec.min_value or 1, spec.max_value or 8)
    if spec.kind is Kind.DATE:
        return st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))
    if spec.kind is Kind.LINES:
        line = ONE_LINE.map(lambda s: s[:LINE_MAX])
        return st.lists(st.sampled_from(spec.choices) | line if spec.choices else line, max_size=4)
    limit = field_max_length(model, name) or LONG_MAX
    if spec.kind is Kind.SHORT:
        return (st.sampled_from(spec.choices) | ONE_LINE if spec.choices else ONE_LINE | SHAPED).map(lambda s: s[:limit])
    return MULTI_LINE.map(lambda s: s[:limit])


def sheets_of(model: type[SheetModel]) -> st.SearchStrategy[SheetModel]:
    """Any valid sheet of this model, derived from its declared spec (groups included; hidden settings left at
    their defaults: the page fills them, not the user). A new sheet type gets a strategy by being declared."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for name, spec in declared(model):
        if isinstance(spec, GroupSpec):
            item = sheets_of(item_model(model, name))
            parts[name] = st.lists(item, min_size=spec.min_items, max_size=min(spec.max_items, 4))
        elif not spec.hidden:
            parts[name] = _field(model, name, spec)
    return st.fixed_dictionaries(parts).map(lambda data: _valid(model, data))


def _valid(model: type[SheetModel], data: dict[str, Any]) -> SheetModel:
    """Validate; a field whose own validator needs a format the spec does not state (a calendar's 「7/31」, a
    number that may not be empty) falls back to its default value, so every other field keeps its drawn value."""
    for _ in range(3):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"] and str(e["loc"][0]) in data}
            if not bad:
                raise
            default = model().model_dump(mode="json")
            data = {**data, **{name: default[name] for name in bad}}
    return model.model_validate(data)


issue_sheets = sheets_of(IssueSheet)
issue_details = sheets_of(IssueDetail)
lean_canvases = sheets_of(LeanCanvas)
discussion_papers = sheets_of(DiscussionPaper)
