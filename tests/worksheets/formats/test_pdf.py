from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.conftest import load_sample
from tests.print_check import check
from tests.worksheets.formats.pdftext import fonts, pages_text, squash
from worksheets.document import Document
from worksheets.formats import pdf_format
from worksheets.formats.fonts import missing_glyphs, register
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.spec import entries, is_filled, with_value

FORBIDDEN_LINE_STARTS = tuple("、。）」")


def assert_every_filled_field_printed(doc: Document, data: bytes) -> None:
    text = squash("".join(pages_text(data)))
    for e in entries(doc.sheet):
        if not is_filled(e.value):
            continue
        values = e.value if isinstance(e.value, list) else [str(e.value)]
        for value in values:
            assert squash(value) in text, (e.path, value)


def test_sample_prints_every_field_with_guide_headings(fukuoka: Document) -> None:
    data = pdf_format.export(fukuoka)
    assert data.startswith(b"%PDF")
    assert len(pages_text(data)) == 1
    assert_every_filled_field_printed(fukuoka, data)
    text = squash(pages_text(data)[0])
    for heading in (
        "課題整理シート2/2[詳細版]",
        "課題の詳細",
        "希望する事業者の役割・提案例",
        "自治体の役割・支援内容",
    ):
        assert squash(heading) in text


def test_issue_sheet_has_both_pages_of_figures_16_and_17(kasumigaura: Document) -> None:
    data = pdf_format.export(kasumigaura)
    pages = [squash(p) for p in pages_text(data)]
    assert len(pages) == 2
    for heading in ("課題整理シート1/2", "②現状", "③ギャップ", "①ありたい姿", "【これまでの取組】", "課題3"):
        assert squash(heading) in pages[0]
    for heading in ("課題整理シート2/2", "④課題", "⑤不足", "⑥強み"):
        assert squash(heading) in pages[1]
    assert_every_filled_field_printed(kasumigaura, data)


_RANGES = [(0x21, 0x7E), (0x3041, 0x3096), (0x30A1, 0x30FA), (0x4E00, 0x9FFF), (0xFF66, 0xFF9D), (0x2460, 0x2473)]
_PRINTABLE = [chr(c) for a, b in _RANGES for c in range(a, b + 1)]
_PRINTABLE = [c for c in _PRINTABLE if not missing_glyphs(c)] + ["髙", "ｶ", "〜", "　", " "]
_TEXT = st.text(st.sampled_from(_PRINTABLE), max_size=40)
_LINES = st.lists(_TEXT, max_size=3).map("\n".join)


@settings(max_examples=15, deadline=None)
@given(
    st.builds(
        IssueSheet,
        theme=_TEXT,
        municipality=_TEXT,
        years=st.none() | st.integers(1, 100),
        ideal=_LINES,
        situation=_LINES,
        gap=_LINES,
        issues=st.lists(
            st.builds(IssueItem, title=_LINES, shortage=_LINES, strengths=st.lists(_TEXT, max_size=3)),
            min_size=1,
            max_size=5,
        ),
    )
)
def test_generated_sheets_print_every_filled_field(sheet: IssueSheet) -> None:
    doc = Document("issue_sheet", sheet)
    assert_every_filled_field_printed(doc, pdf_format.export(doc))


def test_japanese_font_is_embedded_and_nothing_else_is_used(fukuoka: Document) -> None:
    used = fonts(pdf_format.export(fukuoka))
    assert used
    assert all("IPAexGothic" in name for name in used)
    assert all(used.values())


@pytest.mark.parametrize(
    "text", ["<img src='/etc/passwd'/>", "&", "<font size=200>大</font>", "<b>太字</b>", "&amp;lt;"]
)
def test_markup_in_user_text_prints_literally(text: str) -> None:
    doc = Document("issue_detail", IssueDetail(issue="x", who_troubled=text))
    assert squash(text) in squash(pages_text(pdf_format.export(doc))[0])


def test_no_line_starts_with_closing_punctuation() -> None:
    text = "課題の整理、現状の把握。（補足）「引用」" * 60
    doc = Document("issue_detail", IssueDetail(who_troubled=text, support=text))
    lines = [line.strip() for page in pages_text(pdf_format.export(doc)) for line in page.split("\n")]
    assert len(lines) > 40
    assert not [line for line in lines if line.startswith(FORBIDDEN_LINE_STARTS)]


def test_long_text_continues_on_following_pages_instead_of_being_cut() -> None:
    long = "".join(f"第{i}文、長い説明が続きます。" for i in range(330))[:5000]
    url = "https://example.jp/" + "a" * 400
    sheet = with_value(IssueSheet(), "ideal", long)
    sheet = with_value(sheet, "situation", url)
    sheet = with_value(sheet, "issues", [IssueItem(strengths=["強み" * 200] * 20).model_dump()])
    doc = Document("issue_sheet", sheet)
    data = pdf_format.export(doc)
    pages = pages_text(data)
    assert len(pages) > 2
    assert_every_filled_field_printed(doc, data)
    assert "第329文" in squash("".join(pages)) or squash(long[-30:]) in squash("".join(pages))


def test_characters_the_font_lacks_warn_and_print_as_geta() -> None:
    doc = Document("issue_detail", IssueDetail(issue="𠮷野家😀", who_troubled="髙橋①ｶﾅ"))
    warnings = pdf_format.warnings(doc)
    assert len(warnings) == 1
    assert "課題" in warnings[0]
    assert "𠮷" in warnings[0]
    assert "😀" in warnings[0]
    text = squash(pages_text(pdf_format.export(doc))[0])
    assert "〓野家〓" in text
    assert squash("髙橋①ｶﾅ") in text


def test_output_is_deterministic(fukuoka: Document) -> None:
    assert pdf_format.export(fukuoka) == pdf_format.export(fukuoka)


def test_a_long_unbroken_url_wraps_inside_its_cell() -> None:
    url = "https://example.jp/" + "a" * 600
    doc = Document("issue_detail", IssueDetail(reference="x", who_troubled=url))
    lines = [line for page in pages_text(pdf_format.export(doc)) for line in page.split("\n") if "aaaa" in line]
    assert len(lines) > 5  # wrapped over many lines
    assert max(len(line) for line in lines) < 90  # a third of the page wide, not the whole page or beyond
    assert squash(url) in squash("".join(pages_text(pdf_format.export(doc))))


def test_a_short_label_in_a_narrow_column_prints_on_one_line() -> None:
    """「スタートアップ / 名」 wrapped in the canvas header; it now prints a little smaller instead."""
    doc = load_sample("lean_canvas_iwata.json")
    lines = check(pdf_format.export(doc)).text.split("\n")
    assert "スタートアップ名" in lines
    assert "連携を想定する自治体" in lines
    assert "名" not in lines


def test_a_label_too_long_for_any_readable_size_still_wraps() -> None:
    from worksheets.formats.fonts import register

    style = pdf_format._styles(register())["label"]
    assert pdf_format._label_style("スケジュールの開始月", style, 30).fontSize == style.fontSize
    fitted = pdf_format._label_style("スタートアップ名", style, 66)
    assert pdf_format.SMALLEST_LABEL <= fitted.fontSize < style.fontSize


def _line_texts(p: pdf_format.Paragraph) -> list[str]:
    bl = p.blPara
    if bl.kind == 0:
        return ["".join(words) for _, words in bl.lines]
    return ["".join(getattr(w, "text", "") for w in line.words) for line in bl.lines]


@pytest.mark.parametrize(
    "text",
    [
        "・一行目\n・二行目",
        "先頭\n\n空行のあと\n",
        "\n最初が改行",
        "とても長い記載のポイントは枠の幅で折り返されます。" * 4 + "\n" + "次の行も「括弧」や、句読点。を含みます。" * 3,
        "https://example.jp/very/long/path/that/does/not/fit/in/one/narrow/cell\nURL のあと",
    ],
)
def test_text_with_line_breaks_wraps_as_reportlabs_general_path_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Plain text in one style takes the app's fast path; the general one (a fragment per character)
    # must give the same lines and height, and every line stays inside the frame.
    style = pdf_format._styles(register())["prompt"]
    width = 120.0
    fast = pdf_format.Paragraph(pdf_format.markup(text), style)
    fast.wrap(width, 10_000)
    assert fast.blPara.kind == 0  # the fast path was taken
    monkeypatch.setattr(pdf_format, "_plain_text", lambda frags: None)
    general = pdf_format.Paragraph(pdf_format.markup(text), style)
    general.wrap(width, 10_000)
    assert general.blPara.kind == 1
    assert _line_texts(fast) == _line_texts(general)
    assert fast.height == general.height
    assert len(_line_texts(fast)) >= text.rstrip("\n").count("\n") + 1
    for line in _line_texts(fast):
        assert stringWidth(line, style.fontName, style.fontSize) <= width + 1e-6


def test_runs_in_another_style_still_take_reportlabs_general_path() -> None:
    style = pdf_format._styles(register())["value"]
    p = pdf_format.Paragraph('<font size="14">大きな文字</font>と普通の文字', style)
    p.wrap(200, 1000)
    assert p.blPara.kind == 1
    assert [f.fontSize for f in p.blPara.lines[0].words][:2] == [14, 9]


def test_streams_are_flate_compressed_binary_not_ascii85(fukuoka: Document) -> None:
    data = pdf_format.export(fukuoka)
    assert b"/ASCII85Decode" not in data
    assert data.count(b"/FlateDecode") >= 3  # the page, the font subset and its ToUnicode map
    assert_every_filled_field_printed(fukuoka, data)


def test_reportlabs_c_accelerators_are_installed() -> None:
    # rl-accel (requirements.txt) replaces reportlab's pure-Python float formatting and text widths
    from reportlab.lib import rl_accel

    for name in ("fp_str", "instanceStringWidthTTF", "sameFrag", "escapePDF"):
        assert type(getattr(rl_accel, name)).__name__ == "builtin_function_or_method", name
