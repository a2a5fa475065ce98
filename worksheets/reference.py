"""Reference tables from the guide, kept as data files in data/ (図表23, 図表30, the exits)."""

from __future__ import annotations

import json
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


def exit_for(label: str) -> dict[str, Any] | None:
    """The exit whose id starts the label (「① 自治体“へ”導入する…」)."""
    return next((e for e in exits() if label.startswith(e["id"])), None)
