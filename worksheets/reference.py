"""Reference tables from the guide, kept as data files in data/ (図表23, 図表30, the exits)."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

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
