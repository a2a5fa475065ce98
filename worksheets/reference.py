"""Reference tables from the guide, kept as data files in data/ (図表23, 図表30, the exits)."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def stakeholders() -> list[dict[str, str]]:
    """図表23: name, summary (概要), policy (関連する政策領域例)."""
    return list(_load("stakeholders")["rows"])


def resources(side: str) -> dict[str, list[str]]:
    """図表30: the resources of 行政 or 民間, by heading."""
    return dict(_load("resources").get(side, {}))


def resource_choices(side: str) -> tuple[str, ...]:
    return tuple(item for items in resources(side).values() for item in items)


def exits() -> list[dict[str, Any]]:
    return list(_load("exits")["exits"])


class ExitId(StrEnum):
    """The guide's three exits, by the id that starts their label in data/exits.json (a test keeps
    the two in step); code that branches on the chosen exit compares with these, not with 「①」."""

    TO = "①"  # 自治体“へ”導入する
    VIA = "②"  # 自治体“を介して”広める
    WITH = "③"  # 自治体“と共に”創る


def exit_id(label: str) -> ExitId | None:
    """The exit a label (「① 自治体“へ”導入する…」) names, or None (empty, 未定, other text)."""
    return next((e for e in ExitId if label.startswith(e.value)), None)


def exit_for(label: str) -> dict[str, Any] | None:
    """The exit whose id starts the label (「① 自治体“へ”導入する…」)."""
    return next((e for e in exits() if label.startswith(e["id"])), None)


# The exit choices every sheet offers, built once from data/exits.json: 「① 自治体“へ”導入する（公共調達等）」…
EXIT_LABELS: tuple[str, ...] = tuple(f"{e['id']} {e['name']}" for e in exits())
UNDECIDED = "未定"
EXIT_CHOICES = ("", *EXIT_LABELS)  # 三方よしマップ, 事業概要資料, 調達方法ナビ: blank while undecided
EXIT_OR_UNDECIDED = (UNDECIDED, *EXIT_LABELS)  # タイムライン: its files have always said 「未定」
if TYPE_CHECKING:  # read from data/exits.json at import, so Literals mypy cannot spell
    ExitChoice = str
    ExitOrUndecided = str
else:  # pydantic refuses anything else
    ExitChoice = Literal[EXIT_CHOICES]
    ExitOrUndecided = Literal[EXIT_OR_UNDECIDED]


def exit_choice(value: object, undecided: str = "") -> object:
    """A saved exit as one of the choices, before validation: an older or shortened wording keeps its exit
    (matched by ①②③, e.g. the timeline's 「① 自治体“へ”導入する」), blank and 「未定」 are the sheet's own
    undecided value; any other value is returned unchanged (the field's Literal refuses it)."""
    if not isinstance(value, str) or value in EXIT_LABELS:
        return value
    text = value.strip()
    if text in ("", UNDECIDED):
        return undecided
    found = exit_for(text)
    return f"{found['id']} {found['name']}" if found else value


def exit_or_undecided(value: object) -> object:
    """:func:`exit_choice` for the timeline, whose undecided value is 「未定」."""
    return exit_choice(value, UNDECIDED)
