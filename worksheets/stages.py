"""The guide's stages (自治体編 ①–⑤, スタートアップ編 1–5) and the sheets that serve each (data/stages.json).

The home page lists only sheet types that are registered, so the table may name sheets that another
branch adds later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from worksheets.reference import DATA


@dataclass(frozen=True)
class Stage:
    name: str  # the guide's stage name, verbatim
    purpose: str  # one line: what the stage is for
    sheets: tuple[str, ...]  # sheet types, registered or not


@dataclass(frozen=True)
class Edition:
    id: str
    name: str  # 自治体編 / スタートアップ編
    section: str
    stages: tuple[Stage, ...]


@cache
def editions() -> tuple[Edition, ...]:
    data = json.loads((DATA / "stages.json").read_text(encoding="utf-8"))
    return tuple(
        Edition(
            e["id"],
            e["name"],
            e["section"],
            tuple(Stage(s["name"], s["purpose"], tuple(s["sheets"])) for s in e["stages"]),
        )
        for e in data["editions"]
    )


def available(stage: Stage, registered: set[str] | dict[str, object]) -> list[str]:
    """The stage's sheet types that the app has (in the table's order)."""
    return [t for t in stage.sheets if t in registered]
