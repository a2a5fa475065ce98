"""issue 15: the form draws each field kind with its own small renderer (was one if-chain)."""

from __future__ import annotations

from components.sheet_form import RENDERERS
from tests.app.helpers import key, open_page
from worksheets.registry import SHEETS
from worksheets.spec import FieldSpec, Kind, declared


def test_every_kind_has_a_renderer() -> None:
    """A new Kind without a renderer used to fall through to a text area silently."""
    assert set(RENDERERS) == set(Kind)


def test_each_kind_draws_its_widget() -> None:
    at = open_page("sanpo_yoshi")
    specs = {name: s for name, s in declared(SHEETS["sanpo_yoshi"].model) if isinstance(s, FieldSpec)}
    assert specs["project"].kind is Kind.SHORT
    assert not specs["project"].choices
    assert at.text_input(key=key("sanpo_yoshi", "project")).label == "事業名"
    assert specs["exit"].kind is Kind.CHOICE
    assert at.selectbox(key=key("sanpo_yoshi", "exit")).options[0] == "（未選択）"
    assert at.text_area(key=key("sanpo_yoshi", "public_roles")).label == "行政（自治体）の役割"
    assert "地域の公共機関としての信用力" in at.multiselect(key=key("sanpo_yoshi", "public_resources")).options
    assert at.text_area(key=key("sanpo_yoshi", "society_resources")).placeholder == "1行に1つずつ記載"
