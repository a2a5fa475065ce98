"""Print quality of every PDF the app produces (issue 13 #10, #11).

Every registered sheet type is printed with the samples, with every field filled close to its
limit with guide-like Japanese sentences, with short values, and empty; each PDF must have no
two words overprinting each other, nothing in the unprintable border, and no line that starts
with closing punctuation or ends with an opening bracket (checked by tests/print_check.py).
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.conftest import SAMPLES
from tests.print_check import NO_END, NO_START, check
from worksheets.document import Document, document_from_dict
from worksheets.formats import pdf_format
from worksheets.formats.fonts import register
from worksheets.layout import line_ranges, wrap_text
from worksheets.registry import SHEETS
from worksheets.spec import FieldSpec, GroupSpec, Kind, declared, field_max_length, item_model

# Sentences as a guide reader writes them: quotes, brackets, small kana, long vowels, a URL.
SENTENCES = (
    "官民連携においては、連携事業による期待されない効果を生まないため、各利害関係者の理解・協力を得ることが大切です。",
    "「社会（地域内の利害関係者）よし、民間（スタートアップ）よし、行政（自治体）よし」の「三方よし」を確かめます。",
    "当初予算の要求（例年10月末まで）に間に合うよう、ディスカッションペーパーで実施事項と役割分担を合意しておきましょう。",
    "実証実験（PoC）では目的・仮説・KPIを共有し、参加者のフィードバックを製品・サービスに反映します。",
    "ゼロベースで「ありたい姿」を描き、既存の施策から一歩離れて考えることが重要です。",
    "ちょっとしたチェックリスト（ヒアリング・アンケート等）を用意し、ショートリストを作ります。",
    "詳しくは https://www.example.jp/startup/collaboration/guide.html を参照してください。",
    "担当：DX推進課、健康づくり課、商工観光課（「地域産業/企業」との窓口）。",
    "『実践ガイド』【第3章】〔参考〕の記載例を見ながら、ッ・ャ・ュ・ョなどの小書きの仮名を含む文も確かめます。",
)
ONE_LINE_SENTENCES = tuple(s for s in SENTENCES if "\n" not in s)


def guide_text(limit: int, offset: int = 0) -> str:
    """Whole sentences up to ``limit`` characters, starting at a different sentence per field."""
    out = ""
    for sentence in itertools.islice(itertools.cycle(SENTENCES), offset, None):
        if len(out) + len(sentence) > limit:
            return out or sentence[:limit]
        out += sentence


def _value(spec: FieldSpec, max_length: int | None, size: str, offset: int) -> Any:
    if spec.hidden:
        return ""
    kind = spec.kind
    if kind is Kind.CHOICE:
        return max(spec.choices, key=len) if size == "long" else spec.choices[-1]
    if kind.is_number:
        return (spec.max_value or 999_999) if size == "long" else (spec.min_value or 1)
    if kind is Kind.DATE:
        return date(2026, 12, 1).isoformat()
    if size == "short":
        return ["強み"] if kind is Kind.LINES else "市民"
    if kind is Kind.SHORT:
        return guide_text(max_length or 200, offset)
    if kind is Kind.LINES:  # about as many items as the list holds, each a realistic line
        return [guide_text(120, offset + i) for i in range(max_length or 50)]
    return guide_text(max_length or 5000, offset)


def _data(model: type[BaseModel], size: str, items: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for offset, (name, spec) in enumerate(declared(model)):
        if isinstance(spec, GroupSpec):
            sub = item_model(model, name)
            count = max(spec.min_items, min(items, spec.max_items))
            data[name] = [_data(sub, size, items) for _ in range(count)]
        else:
            data[name] = _value(spec, field_max_length(model, name), size, offset)
    return data


def filled(sheet_type: str, size: str, items: int = 2) -> Document:
    """A sheet with every field filled (``long``: close to its limit; ``short``: a word).

    Fields whose own format the text does not fit (e.g. a 月/日 deadline) keep their default.
    """
    model = SHEETS[sheet_type].model
    data = _data(model, size, items)
    default = model().model_dump(mode="json")
    for _ in range(5):
        try:
            return Document(sheet_type, model.model_validate(data))
        except ValidationError as exc:
            for error in exc.errors():
                data[error["loc"][0]] = default[error["loc"][0]]
    raise AssertionError(f"could not fill {sheet_type}")


def _samples() -> list[tuple[str, Document]]:
    return [
        (path.stem, document_from_dict(json.loads(path.read_text(encoding="utf-8"))))
        for path in sorted(SAMPLES.glob("*.json"))
    ]


CASES = [
    *((f"{t}-long", t, "long") for t in SHEETS),
    *((f"{t}-short", t, "short") for t in SHEETS),
    *((f"{t}-empty", t, "empty") for t in SHEETS),
]


@pytest.mark.parametrize(("sheet_type", "size"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_sheet_type_prints_cleanly(sheet_type: str, size: str) -> None:
    doc = Document(sheet_type, SHEETS[sheet_type].model()) if size == "empty" else filled(sheet_type, size)
    report = check(pdf_format.export(doc))
    assert report.ok, report.summary()


@pytest.mark.parametrize(("name", "doc"), _samples(), ids=[name for name, _ in _samples()])
def test_every_sample_prints_cleanly(name: str, doc: Document) -> None:
    report = check(pdf_format.export(doc))
    assert report.ok, report.summary()


@pytest.mark.parametrize(
    "sheet_type", [t for t, s in SHEETS.items() if any(isinstance(g, GroupSpec) for _, g in declared(s.model))]
)
def test_groups_at_their_item_limit_print_cleanly(sheet_type: str) -> None:
    spec = SHEETS[sheet_type]
    most = max(g.max_items for _, g in declared(spec.model) if isinstance(g, GroupSpec))
    report = check(pdf_format.export(filled(sheet_type, "short", items=most)), ink=False)
    assert report.ok, report.summary()


def test_the_long_content_really_is_long_and_tricky() -> None:
    """The fixtures above must exercise what they claim: many pages and every kind of mark."""
    doc = filled("issue_detail", "long")
    report = check(pdf_format.export(doc))
    assert len(report.pages) > 5
    printed = report.text
    for mark in "、。（）「」『』【】〔〕ーッャュョ":
        assert mark in printed, mark


# --- the wrapping itself -------------------------------------------------------------------


@pytest.mark.parametrize("mark", sorted(NO_START))
def test_no_line_starts_with_a_closing_mark_at_any_position(mark: str) -> None:
    for width in range(3, 12):
        for at in range(1, 3 * width):
            text = "あ" * at + mark + "い" * 30
            lines = wrap_text(text, lambda ch: 1.0, float(width))
            assert "".join(lines) == text
            assert all(len(line) <= width for line in lines)
            assert not [line for line in lines[1:] if line[0] in NO_START], (width, at, lines)


@pytest.mark.parametrize("mark", sorted(NO_END))
def test_no_line_ends_with_an_opening_bracket_at_any_position(mark: str) -> None:
    for width in range(3, 12):
        for at in range(0, 3 * width):
            text = "あ" * at + mark + "い" * 30
            lines = wrap_text(text, lambda ch: 1.0, float(width))
            assert "".join(lines) == text
            assert all(len(line) <= width for line in lines)
            assert not [line for line in lines[:-1] if line[-1] in NO_END], (width, at, lines)


def test_runs_of_closing_marks_and_words_stay_together() -> None:
    lines = wrap_text("これは例です。」」と書いた", lambda ch: 1.0, 6)
    assert lines == ["これは例で", "す。」」と書", "いた"]  # 追い出し: 「す」 goes along with its marks
    lines = wrap_text("あいうえおかきくけこさしすせそ example.jp を見る", lambda ch: 1.0, 20)
    assert lines[1].startswith("example.jp")  # a Latin word is not cut when it can move whole


def test_a_line_of_only_closing_marks_still_wraps() -> None:
    ranges = line_ranges("」" * 20, [1.0] * 20, lambda _: 6.0)
    assert [b - a for a, b, _ in ranges] == [6, 6, 6, 2]


def test_diagram_labels_wrap_with_the_same_rules() -> None:
    from worksheets.diagram import wrap

    font = register()
    text = "自治体“を介して”広める（共同プロモーション等）、「バズる」ノウハウ。" * 3
    for width in range(40, 160, 7):
        lines = wrap(text, font, 8.5, width, 40)
        assert all(stringWidth(line, font, 8.5) <= width + 1e-6 for line in lines)
        assert not [line for line in lines[1:] if line[0] in NO_START], (width, lines)
        assert not [line for line in lines if line[-1] in NO_END], (width, lines)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("あいう漢字カナーッャ、。「」（）・ abc1/.:"), max_size=120),
    width=st.integers(2, 30),
)
def test_wrapping_keeps_every_character_and_the_width(text: str, width: int) -> None:
    ranges = line_ranges(text, [1.0] * len(text), lambda _: float(width))
    kept = "".join(text[a:b] for a, b, _ in ranges)
    assert kept.replace(" ", "") == text.replace(" ", "")  # only spaces at a soft break are dropped
    assert all(0 < b - a <= width for a, b, _ in ranges)
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in itertools.pairwise(ranges))
