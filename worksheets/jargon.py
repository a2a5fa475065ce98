"""The guide's glossary (図表8) as a checker: 自治体語 and スタートアップ語 with their 言い換え例.

Why: jargon makes the other side 「すっかり引いてしまい」 (guide 第2章（2）2., S1 L452); a sheet the
other side reads should read well to them.

The guide's rows stay verbatim in data/glossary.json; each row's ``variants`` (abbreviations, other
spellings) are this app's additions, kept in the data file. Matching also ignores a long
vowel mark 「ー」 or a middle dot 「・」 inside katakana (フィジビリティスタディ = フィージビリティ・スタディ)
and half-width forms (NFKC).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from worksheets.spec import entries

GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.json"
_KATAKANA = "ァ-ヴ"
_SOFT = "ー・"  # marks that spelling variants add or drop


@dataclass(frozen=True)
class Term:
    category: str  # 自治体語 / スタートアップ語
    term: str  # as in the guide, e.g. スケール(する)
    meaning: str
    paraphrase: str
    variants: tuple[str, ...] = field(default=())  # the app's additional spellings (data/glossary.json)

    @property
    def stem(self) -> str:
        """The word to look for: the term without its parenthesised ending (スケール(する) → スケール)."""
        return _stem(self.term)

    @property
    def spellings(self) -> tuple[str, ...]:
        return _spellings(self)


@dataclass(frozen=True)
class Finding:
    path: str
    label: str  # the field's label
    term: Term


@cache
def _stem(word: str) -> str:
    return re.sub(r"[（(].*?[)）]", "", word)


@cache  # the glossary is fixed: every page run of every session checks the same spellings
def _spellings(term: Term) -> tuple[str, ...]:
    return (term.stem, *(_stem(v) for v in term.variants))


def _is_katakana(char: str) -> bool:
    return bool(re.fullmatch(f"[{_KATAKANA}]", char))


@cache
def terms() -> tuple[Term, ...]:
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    return tuple(Term(**{**row, "variants": tuple(row.get("variants", ()))}) for row in data["terms"])


@cache
def _pattern(spelling: str) -> re.Pattern[str]:
    word = unicodedata.normalize("NFKC", spelling)
    chars = [c for c in word if c not in _SOFT]
    body = "".join(re.escape(c) + (f"[{_SOFT}]?" if _is_katakana(c) else "") for c in chars)
    # A katakana word must not be part of a longer katakana word (ペイ ≠ ペイン・スペイン, レク ≠ レクリエーション).
    head = f"(?<![{_KATAKANA}{_SOFT}])" if _is_katakana(chars[0]) else ""
    tail = f"(?![{_KATAKANA}{_SOFT}])" if _is_katakana(chars[-1]) else ""
    return re.compile(head + body + tail)


def find_terms(text: str) -> list[Term]:
    if not text.strip():  # most fields of a new sheet: nothing to look for
        return []
    norm = unicodedata.normalize("NFKC", text)
    return [t for t in terms() if any(_pattern(s).search(norm) for s in t.spellings)]


def check(sheet: BaseModel) -> list[Finding]:
    """Every glossary term found in any text field of a sheet."""
    out: list[Finding] = []
    for e in entries(sheet):
        text = "\n".join(e.value) if isinstance(e.value, list) else str(e.value or "")
        out += [Finding(e.path, e.label, t) for t in find_terms(text)]
    return out
