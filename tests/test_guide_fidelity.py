"""True to the guide (issue 14): sources a reader can follow, hints as the guide words them.

The guide's text is read from ../shared/seeds/001_… beside the repository (read-only in CI).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import pytest
from google.protobuf.text_format import MessageToString
from openpyxl import load_workbook

from tests.app.helpers import PAGES, key, open_page, texts
from tests.conftest import ROOT, SAMPLES, load_sample
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.formats import pdf_format, xlsx_format
from worksheets.layout import Role
from worksheets.reference import exits
from worksheets.registry import SHEETS
from worksheets.spec import (
    APP_MINIMUM_NOTE,
    HINT_MARK,
    SAMPLE_GUIDE,
    SAMPLE_GUIDE_CASE,
    SAMPLE_SEMINAR,
    FieldSpec,
    GroupSpec,
    declared,
    item_model,
)

SEEDS = ROOT.parent / "shared" / "seeds"
LINE_REF = re.compile(r"(?<![A-Za-z0-9])(S\d ?L\d|L\d{3,4}(?!\d))")
# Sheets built on the guide's figures (図表16-18, 21, 22, 23/30). The timeline sheets state the app's own rules.
GUIDE_SHEETS = (
    "issue_sheet",
    "issue_detail",
    "lean_canvas",
    "discussion_paper",
    "sanpo_yoshi",
    "dialogue_check",
    "internal_coordination",
    "budget_prep",
    "prior_research",
    "procurement_nav",
    "pilot_plan",
    "project_summary",
)
CITATION = re.compile(r"^（実践ガイド [^\n]+）$")
# What may precede / follow a quote that starts / ends a sentence in the guide (compared after NFKC).
START_OK = set(unicodedata.normalize("NFKC", "|。？！：】」）"))
END_OK = set(unicodedata.normalize("NFKC", "|・。？！【）"))
ENDS = unicodedata.normalize("NFKC", "。？！】）")


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert found, f"the guide's text is expected at {SEEDS}/{prefix}_*.txt (shared/ beside the repository)"
    return found[0].read_text(encoding="utf-8")


@cache
def guide() -> str:
    """The guide as one string: markup and white space dropped, line and cell boundaries kept as 「|」."""
    text = re.sub(r"<[^>]+>", "\n", _seed("001")).replace("**", "")
    lines = (re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)) for line in text.splitlines())
    return "|".join(line for line in lines if line)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def quoted_whole(piece: str, abridged_before: bool, abridged_after: bool) -> bool:
    """The piece is in the guide, and starts and ends where a sentence does unless marked 「…」."""
    text, p = guide(), _norm(piece)
    start = text.find(p)
    while start >= 0:
        end = start + len(p)
        head = abridged_before or p[0] in "・※【" or start == 0 or text[start - 1] in START_OK
        tail = abridged_after or p[-1] in ENDS or end == len(text) or text[end] in END_OK
        if head and tail:
            return True
        start = text.find(p, start + 1)
    return False


def hints() -> Iterator[tuple[str, str, str]]:
    for sheet_type in GUIDE_SHEETS:
        model = SHEETS[sheet_type].model
        for name, spec in declared(model):
            yield sheet_type, name, spec.hint
            if isinstance(spec, GroupSpec):
                for sub_name, sub in declared(item_model(model, name)):
                    assert isinstance(sub, FieldSpec)
                    yield sheet_type, f"{name}.{sub_name}", sub.hint


HINTS = [h for h in hints() if h[2]]


def check_hint(hint: str) -> list[str]:
    """Lines of a hint that are neither the guide's words (whole or marked 「…」) nor marked as the app's."""
    bad = []
    for line in hint.split("\n"):
        if line.startswith(HINT_MARK) or CITATION.match(line):
            continue
        pieces = line.split("…")
        for i, piece in enumerate(pieces):
            if piece and not quoted_whole(piece, i > 0, i < len(pieces) - 1):
                bad.append(piece)
    return bad


@pytest.mark.parametrize(("sheet_type", "path", "hint"), HINTS, ids=[f"{s}.{p}" for s, p, _ in HINTS])
def test_every_hint_is_the_guides_words_or_marked_as_the_apps(sheet_type: str, path: str, hint: str) -> None:
    assert check_hint(hint) == []
    assert not LINE_REF.search(hint)


def test_the_check_catches_cut_quotes_and_unmarked_app_text() -> None:
    # The old hints: Ⅲ started mid-sentence, the paper's 予算 prompt dropped its opening clause.
    assert check_hint("ロジックモデルやセオリー・オブ・チェンジを用いながら整理したうえで記述することを意識いただければと思います。")
    assert check_hint("どの程度の予算をかけて実行し、どれくらいの規模の事業・実証を行う想定なのか")
    assert check_hint("何年後のありたい姿かを数字で記載ください。")  # the app's words, unmarked
    assert not check_hint("…ロジックモデルやセオリー・オブ・チェンジを用いながら整理したうえで記述することを意識いただければと思います。")
    assert not check_hint(HINT_MARK + "何年後のありたい姿かを数字で記載ください。")


def test_guidance_is_quoted_whole_where_the_issue_found_it_cut() -> None:
    canvas = dict(declared(SHEETS["lean_canvas"].model))
    value = canvas["value"].hint
    assert "課題解決に必要な要件や創出すべき変化と、それを実現する自社の活動" in value
    assert "簡易的なペルソナ" in canvas["beneficiaries"].hint
    assert "例えば地域に所在する企業" in canvas["beneficiaries"].hint
    assert "意思決定には相応の説明材料が必要です" in canvas["advantage"].hint
    assert "官民連携において最も核心的な部分ですので" in canvas["problem"].hint
    assert canvas["kpi"].hint.startswith(HINT_MARK)
    paper = dict(declared(SHEETS["discussion_paper"].model))
    assert "官民連携で取り組む内容を、どの程度の予算をかけて実行し" in paper["budget"].hint
    issue = dict(declared(SHEETS["issue_sheet"].model))
    assert issue["years"].hint.startswith(HINT_MARK)


def test_stage_guidance_quotes_the_guide_for_every_stage_of_both_editions() -> None:
    from worksheets import cases

    for edition, stages in cases.STAGES.items():
        for stage in stages:
            text = cases.stage_guidance(stage)
            *quotes, source = text.split("\n")
            assert quotes, stage
            assert check_hint("\n".join(quotes)) == [], stage  # the guide's words, whole or marked 「…」
            assert not any(q.startswith(HINT_MARK) for q in quotes), stage  # not the app's summary
            assert CITATION.match(source), source
            assert ("第3章 自治体編" if edition == "自治体編" else "第4章 スタートアップ編") in source
            assert not LINE_REF.search(text)
    # the checker catches a cut or reworded stage text
    assert check_hint("積極的にスタートアップに会いに行く、対話をする、ということが重要となります。")
    assert check_hint("官民連携の打診を自治体に対して行います。")


# ── minimum flags ──────────────────────────────────────────────────────────────────────────────


def test_only_the_canvas_calls_its_minimum_the_guides() -> None:
    for sheet_type, spec in SHEETS.items():
        has_minimum = any(isinstance(s, FieldSpec) and s.minimum for _, s in declared(spec.model))
        if sheet_type == "lean_canvas":
            assert "実践ガイド" in spec.minimum_note
            assert "Ⅰ・Ⅱ・Ⅲ・Ⅷ" in spec.minimum_note
        elif has_minimum:
            assert spec.minimum_note == APP_MINIMUM_NOTE, sheet_type
    assert "本アプリ" in APP_MINIMUM_NOTE


def test_issue_sheet_page_labels_its_minimum_as_the_apps_and_shows_the_guides_point() -> None:
    at = open_page("issue_sheet")
    text = texts(at)
    assert f"{APP_MINIMUM_NOTE}で未記入" in text
    assert "テーマに関し、①から順に記載ください。" in text  # 記載のポイント, on the page too
    help_text = at.text_area(key=key("issue_sheet", "issues.1.title")).help or ""
    assert "部署の施策から一度離れることもポイント" in help_text  # the guide's tip for setting a 課題
    assert "部署の施策から一度離れることもポイント" in text  # shown under 課題1


# ── no line references in anything a user sees ────────────────────────────────────────────────


def _page_strings(at) -> str:
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def test_the_line_reference_pattern() -> None:
    for text in ("（S1 L1399）", "S1 L622", "(L1447)", "L458-481"):
        assert LINE_REF.search(text), text
    for text in ("図表18", "A4", "UTF-8", "HTML5", "第4章（2）①", "L10"):
        assert not LINE_REF.search(text), text


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_shows_a_line_reference(page: str) -> None:
    at = open_page(page)
    spec = SHEETS.get(page)
    shown = [_page_strings(at)]
    for file in (spec.samples.values() if spec else ()):
        at.button(key=f"sample.{page}.{file}").click().run()
        assert not at.exception
        shown.append(_page_strings(at))
    found = sorted({m.group(0) for text in shown for m in LINE_REF.finditer(text)})
    assert found == [], page


SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.json"))


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_no_sample_pdf_shows_a_line_reference(name: str) -> None:
    text = "\n".join(pages_text(pdf_format.export(load_sample(name))))
    assert not LINE_REF.search(text)


def test_reference_data_cites_the_guide_not_our_lines() -> None:
    for name in ("glossary", "exits", "resources", "stakeholders"):
        text = (ROOT / "data" / f"{name}.json").read_text(encoding="utf-8")
        assert not LINE_REF.search(text), name
    assert not LINE_REF.search((ROOT / "data" / "home.md").read_text(encoding="utf-8"))


# ── samples say what they are ──────────────────────────────────────────────────────────────────

SAMPLE_BUTTONS = [(t, label, file) for t, s in SHEETS.items() for label, file in s.samples.items()]


@pytest.mark.parametrize(("sheet_type", "label", "file"), SAMPLE_BUTTONS, ids=[f for _, _, f in SAMPLE_BUTTONS])
def test_every_sample_button_and_pdf_names_its_source(sheet_type: str, label: str, file: str) -> None:
    marker = {"issue_detail_fukuoka.json": SAMPLE_GUIDE, "procurement_nav_toyonaka.json": SAMPLE_GUIDE_CASE}.get(
        file, SAMPLE_SEMINAR
    )
    assert label.startswith(marker)
    assert "記載例" not in label.replace(SAMPLE_GUIDE, "")  # only 図表18 is the guide's 記載例
    doc = load_sample(file)
    assert doc.sheet_type == sheet_type
    assert doc.sheet.source.startswith(marker)  # type: ignore[attr-defined]
    assert squash(marker) in squash("".join(pages_text(pdf_format.export(doc))))
    assert file in (SAMPLES / "README.md").read_text(encoding="utf-8")


def test_every_sample_file_has_a_button() -> None:
    assert sorted(f for _, _, f in SAMPLE_BUTTONS) == SAMPLE_FILES


@pytest.mark.parametrize(("sheet_type", "label", "file"), SAMPLE_BUTTONS, ids=[f for _, _, f in SAMPLE_BUTTONS])
def test_loading_a_sample_says_its_source_on_the_page(sheet_type: str, label: str, file: str) -> None:
    at = open_page(sheet_type)
    at.button(key=f"sample.{sheet_type}.{file}").click().run()
    notices = [str(s.value) for s in at.success]
    source = label.removesuffix("を読み込む")
    assert any(source in n and "\n" not in n for n in notices), notices  # one line, naming the source
    assert at.text_area(key=key(sheet_type, "source")).value == load_sample(file).sheet.source  # type: ignore[attr-defined]


# ── the seminar cases say only what the report says ────────────────────────────────────────────

ILLUSTRATIVE = "（例示）"


def _values(name: str) -> str:
    return json.dumps(load_sample(name).sheet.model_dump(), ensure_ascii=False)


def test_iwata_is_framed_as_a_large_companys_case_and_claims_nothing_unreported() -> None:
    report = _norm(_seed("004"))
    assert "大手企業1社と連携" in report
    assert "NEC" in report
    for name in ("lean_canvas_iwata.json", "discussion_paper_iwata.json", "sanpo_yoshi_iwata.json"):
        values = _values(name)
        assert "NEC" in values, name
        for claim in ("庁内の調整", "無関心層にも届", "歩く機会が増え", "身体を動かす機会が増え"):
            assert claim not in values, (name, claim)
        quotes = re.findall(r"「([^「」]+)」", load_sample(name).sheet.model_dump_json())
        for quote in quotes:  # a quote in a seminar sample is the report's own words
            assert _norm(quote) in report or quote in ("（例示）",), (name, quote)
    canvas = load_sample("lean_canvas_iwata.json").sheet
    assert "大手企業" in canvas.company  # type: ignore[attr-defined]
    assert "18歳以上" not in canvas.revenue  # type: ignore[attr-defined]  # expansion plans are not revenue
    assert canvas.kpi.startswith(ILLUSTRATIVE)  # type: ignore[attr-defined]  # the report gives no KPI


def test_kasumigaura_ideal_state_is_written_from_zero_without_the_means() -> None:
    sheet = load_sample("issue_sheet_kasumigaura.json").sheet
    ideal = sheet.ideal  # type: ignore[attr-defined]
    for means in ("DX", "デジタル", "アプリ", "企業", "活用して", "広報誌", "通知"):
        assert means not in ideal
    assert ideal.startswith(ILLUSTRATIVE)
    assert "調整" in "".join(sheet.issues[0].strengths)  # type: ignore[attr-defined]  # かすみがうら's own statement


def test_samples_readme_lists_sources_and_what_is_illustrative() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "nothing invented" not in readme
    assert ILLUSTRATIVE in readme
    assert "Illustrative" in readme
    for name in SAMPLE_FILES:
        assert f"`{name}`" in readme


# ── exits as the guide states them ─────────────────────────────────────────────────────────────


def test_exit_texts_follow_the_guide() -> None:
    by_id = {e["id"]: e for e in exits()}
    society = by_id["②"]["社会"]
    benefit = society.split("メリット：", 1)[1]
    assert benefit.startswith("製品・サービス自体の付加価値")  # the main benefit is the product's own value
    assert "経済的波及効果" in benefit
    assert "副次的" in benefit
    assert "実証済み" not in by_id["①"]["fit"]
    assert "開発中" not in by_id["③"]["fit"]
    for e in exits():
        for side in ("行政", "民間", "社会"):
            for quote in re.findall(r"「([^「」]+)」", e[side]):
                assert quotes_guide(quote), (e["id"], side, quote)


def quotes_guide(quote: str) -> bool:
    return _norm(quote) in guide()


def _page_notes(sheet_type: str) -> Iterator[str]:
    spec = SHEETS[sheet_type]
    yield spec.description
    yield spec.minimum_note
    for page in spec.layout(spec.model()):
        yield from (c.text for c in page.cells if c.role is Role.NOTE)


@pytest.mark.parametrize("sheet_type", GUIDE_SHEETS)
def test_quotes_in_descriptions_and_printed_notes_are_the_guides(sheet_type: str) -> None:
    for text in _page_notes(sheet_type):
        assert not LINE_REF.search(text)
        for quote in re.findall(r"「([^「」]+)」", text):
            assert quotes_guide(quote), (sheet_type, quote)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_no_sample_excel_shows_a_line_reference(name: str) -> None:
    book = load_workbook(io.BytesIO(xlsx_format.export(load_sample(name))))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells
    assert not any(LINE_REF.search(c) for c in cells)


def _seed_text(prefix: str) -> str:
    text = re.sub(r"<[^>]+>", "\n", _seed(prefix)).replace("**", "")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _source_seed(source: str) -> str:
    if source.startswith("実践ガイド"):
        return "001"
    if source.startswith("記事「ワークショップで習得する"):
        return "002"
    if source.startswith("セミナーレポート"):
        return "004"
    raise AssertionError(f"unknown source: {source}")


TIMELINE_OPTIONS = json.loads((ROOT / "data" / "timeline_options.json").read_text(encoding="utf-8"))["options"]


@pytest.mark.parametrize("option", TIMELINE_OPTIONS, ids=[o["id"] for o in TIMELINE_OPTIONS])
def test_timeline_option_quotes_are_in_their_source(option: dict[str, str]) -> None:
    """Every fallback option's quote is its source's words (abridgements marked 「…」), in the seed it names."""
    quote = option["quote"]
    assert quote.startswith("「"), quote
    assert quote.endswith("」"), quote
    text = _seed_text(_source_seed(option["source"]))
    pieces = [p for p in quote[1:-1].split("…") if p]
    assert pieces
    for piece in pieces:
        assert _norm(piece) in text, piece
    assert not LINE_REF.search(option["source"] + option["text"] + quote)


def test_the_stage_pages_cite_the_section_that_holds_their_figure() -> None:
    """data/stages.json cited スタートアップ編 as 「第4章（2）・図表19」, while 図表19 stands in 第4章（1）①."""
    body = _seed("001").split("\n第2章 官民連携の進め方\n", 1)[1]  # the body, past the table of contents
    for edition in json.loads((ROOT / "data" / "stages.json").read_text(encoding="utf-8"))["editions"]:
        found = re.match(r"第(\d)章（(\d)）(?:[①-⑨])?・図表(\d+)", edition["section"])
        if not found:
            continue
        chapter, part, figure = found.groups()
        start = body.index(f"\n第{chapter}章 ")
        start = body.index(f"\n({part}) ", start)
        end = body.index(f"\n({int(part) + 1}) ", start)
        assert f"図表 {figure}：" in body[start:end], edition["section"]
