"""The guide's glossary (図表8) as a checker: 自治体語 and スタートアップ語 with their 言い換え例.

Why: jargon makes the other side 「すっかり引いてしまい」 (guide L452); a startup's paper should
read well to 自治体 staff and the reverse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from worksheets.spec import entries

GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.json"


@dataclass(frozen=True)
class Term:
    category: str  # 自治体語 / スタートアップ語
    term: str  # as in the guide, e.g. スケール(する)
    meaning: str
    paraphrase: str

    @property
    def stem(self) -> str:
        """The word to look for: the term without its parenthesised ending (スケール(する) → スケール)."""
        return re.sub(r"[（(].*?[)）]", "", self.term)


@dataclass(frozen=True)
class Finding:
    path: str
    label: str  # the field's label
    term: Term


@cache
def terms() -> tuple[Term, ...]:
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    return tuple(Term(**row) for row in data["terms"])


@cache
def _pattern(stem: str) -> re.Pattern[str]:
    # A katakana stem must not continue as a longer katakana word (ペイ ≠ ペイン, レク ≠ レクリエーション).
    tail = r"(?![ァ-ヴー・])" if re.fullmatch(r"[ァ-ヴー・]+", stem) else ""
    return re.compile(re.escape(stem) + tail)


def find_terms(text: str) -> list[Term]:
    return [t for t in terms() if _pattern(t.stem).search(text)]


def check(sheet: BaseModel) -> list[Finding]:
    """Every glossary term found in any text field of a sheet."""
    out: list[Finding] = []
    for e in entries(sheet):
        text = "\n".join(e.value) if isinstance(e.value, list) else str(e.value or "")
        out += [Finding(e.path, e.label, t) for t in find_terms(text)]
    return out
