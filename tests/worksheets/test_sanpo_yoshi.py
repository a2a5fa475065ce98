"""三方よしマップ: model, checks, round trips, PDF text and a diagram page that is really drawn."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import SAMPLES, load_sample
from tests.print_check import check
from tests.worksheets.formats.pdftext import fonts, pages_text, squash
from tests.worksheets.formats.strategies import MULTI_LINE, ONE_LINE
from tests.worksheets.test_cli import run
from worksheets.diagram import NO_EXIT, NOTE, draw_map, to_svg
from worksheets.document import Document
from worksheets.formats import json_format, pdf_format, xlsx_format
from worksheets.reference import ExitId, exit_for, exit_id, exits, resource_choices, stakeholders
from worksheets.sheets.sanpo_yoshi import (
    EXIT_CHOICES,
    SIDE_KEYS,
    SIDES,
    CheckKind,
    SanpoYoshiMap,
    Stakeholder,
    checks,
)


def test_reference_tables_come_from_the_guide() -> None:
    assert [s["name"] for s in stakeholders()] == [
        "地域住民",
        "子ども",
        "現役世代",
        "高齢者",
        "交流人口/関係人口",
        "地域産業/企業",
        "外郭団体/公益団体",
    ]
    assert "地域の公共機関としての信用力" in resource_choices("行政")
    assert "PDCAを速く回すスピード感や柔軟性" in " ".join(resource_choices("民間"))
    assert resource_choices("社会") == ()
    assert [e["id"] for e in exits()] == ["①", "②", "③"]
    assert EXIT_CHOICES[1] == "① 自治体“へ”導入する（公共調達等）"


def test_checks_name_the_side_without_a_benefit() -> None:
    sheet = SanpoYoshiMap(
        public_benefits="業務効率化", stakeholders=[Stakeholder(name="住民", side="社会", gain="便利")]
    )
    assert [(c.kind, c.message) for c in checks(sheet)] == [
        (
            CheckKind.MISSING_BENEFITS,
            "「民間（スタートアップ）」のメリットがまだありません。三方よしには三者それぞれのメリットが必要です。",
        )
    ]
    complete = sheet.model_copy(update={"private_benefits": "導入実績"})
    assert checks(complete) == []


def test_exit_one_without_a_budget_path_points_to_the_timeline() -> None:
    sheet = SanpoYoshiMap(exit=EXIT_CHOICES[1], public_benefits="a", private_benefits="b", society_benefits="c")
    (found,) = checks(sheet)
    assert found.kind is CheckKind.BUDGET_UNCLEAR  # the page links to the timeline on this kind
    assert "タイムライン" in found.message
    planned = sheet.model_copy(update={"budget_path": "当初予算で予算化する"})
    assert checks(planned) == []


def test_exit_ids_are_the_data_files_ids() -> None:
    """issue 15: code branches on ExitId, not on 「①」; it must name the exits of data/exits.json."""
    assert [e.value for e in ExitId] == [e["id"] for e in exits()]
    assert [exit_id(label) for label in EXIT_CHOICES] == [None, ExitId.TO, ExitId.VIA, ExitId.WITH]
    assert exit_id("未定") is None


def test_budget_check_follows_the_exit_not_the_message_text() -> None:
    """The check is keyed by exit ② / ③ too: only exit ① asks for the budget."""
    for label, expected in zip(EXIT_CHOICES[1:], ([CheckKind.BUDGET_UNCLEAR], [], []), strict=True):
        sheet = SanpoYoshiMap(exit=label, public_benefits="a", private_benefits="b", society_benefits="c")
        assert [c.kind for c in checks(sheet)] == expected


def test_side_keys_name_the_models_fields() -> None:
    """The side → field-prefix map is declared once; every side has its three fields."""
    assert SIDES == ("社会", "民間", "行政")
    fields = set(SanpoYoshiMap.model_fields)
    for key in SIDE_KEYS.values():
        assert {f"{key}_roles", f"{key}_benefits", f"{key}_resources"} <= fields
    sheet = SanpoYoshiMap(private_benefits="導入実績")
    assert sheet.party("民間")["benefits"] == "導入実績"


maps = st.builds(
    SanpoYoshiMap,
    project=ONE_LINE.map(lambda s: s[:200]),
    exit=st.sampled_from(EXIT_CHOICES),
    public_benefits=MULTI_LINE,
    society_roles=MULTI_LINE,
    public_resources=st.lists(st.sampled_from(resource_choices("行政")) | ONE_LINE.map(lambda s: s[:400]), max_size=4),
    stakeholders=st.lists(
        st.builds(
            Stakeholder,
            name=ONE_LINE.map(lambda s: s[:200]),
            side=st.sampled_from(SIDES),
            gain=MULTI_LINE,
            beneficiary=st.sampled_from(("直接", "間接")),
        ),
        min_size=1,
        max_size=6,
    ),
)


@settings(max_examples=30, deadline=None)
@given(maps)
def test_round_trips(sheet: SanpoYoshiMap) -> None:
    doc = Document("sanpo_yoshi", sheet)
    assert json_format.import_(json_format.export(doc)) == doc
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc


def test_pdf_has_the_parties_the_exit_and_every_stakeholder() -> None:
    doc = load_sample("sanpo_yoshi_iwata.json")
    data = pdf_format.export(doc)
    text = squash("".join(pages_text(data)))
    for word in (
        "社会",
        "民間",
        "行政",
        "出口③",
        "自治体“と共に”創る",
        "枠組み・実証フィールド",
        "試験・調査への参加・フィードバック",
        "図は本アプリによる整理です",
    ):
        assert squash(word) in text, word
    for member in doc.sheet.stakeholders:  # type: ignore[attr-defined]
        assert squash(member.name) in text
    assert all("IPAexGothic" in name and embedded for name, embedded in fonts(data).items())


def _ink(png: bytes) -> tuple[float, float]:
    """Share of dark pixels and of strongly coloured pixels on a page image."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    dark = sum(1 for r, g, b in pixels if (r + g + b) / 3 < 200)
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 40)
    return dark / len(pixels), coloured / len(pixels)


def test_converted_sample_has_a_diagram_page_that_is_drawn(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is required: apt-get install -y poppler-utils")
    out = tmp_path / "map.pdf"
    assert run("convert", str(SAMPLES / "sanpo_yoshi_iwata.json"), "-o", str(out)).returncode == 0
    png = subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", str(out)], capture_output=True, check=True
    ).stdout
    dark, coloured = _ink(png)
    assert dark > 0.02  # lines and text
    assert coloured > 0.01  # the coloured borders and arrows of 社会・民間・行政 (a blank page has none)


def test_user_text_in_the_diagram_is_escaped() -> None:
    svg = to_svg(SanpoYoshiMap(project="<img src=x onerror=alert(1)>", public_benefits="A & B"))
    assert "<img" not in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "A &amp; B" in svg


GUIDE = sorted((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("001_*.txt"))


def test_every_flow_rests_on_the_guides_words_for_its_exit() -> None:
    """図表24 is not in the guide's text: each arrow must quote what the text on that exit says."""
    if not GUIDE:
        pytest.skip("the guide's text (../shared/seeds/001_*.txt) is not next to this checkout")
    guide = squash(GUIDE[0].read_text(encoding="utf-8"))
    for exit_ in exits():
        assert exit_["flows"], exit_["id"]
        for source, target, label, basis in exit_["flows"]:
            assert {source, target} <= set(SIDES)
            assert source != target
            assert label
            assert len(basis) >= 10, (exit_["id"], label)
            assert squash(basis) in guide, (exit_["id"], label, basis)


def test_flows_the_guide_does_not_state_are_gone() -> None:
    labels = {flow[2] for e in exits() for flow in e["flows"]}
    assert not {"実証フィールド・目的・KPI", "実証成果", "対価（予算・調達）"} & labels
    # no exit chosen: no arrows at all, but a prompt to choose one
    assert NO_EXIT[:12] in to_svg(SanpoYoshiMap(project="事業"))
    assert not [s for s in draw_map(SanpoYoshiMap()).contents if type(s).__name__ == "Polygon"]


def test_the_diagram_says_it_is_the_apps_own_in_the_pdf() -> None:
    assert "図は本アプリによる整理です" in NOTE
    text = squash("".join(pages_text(pdf_format.export(Document("sanpo_yoshi", SanpoYoshiMap())))))
    assert squash(NOTE) in text


@pytest.mark.parametrize("exit_choice", EXIT_CHOICES)
def test_diagram_labels_never_overprint_with_long_texts(exit_choice: str) -> None:
    """Issue 13 #10: a box or centre label was overdrawn by an arrow label."""
    sample = load_sample("sanpo_yoshi_iwata.json").sheet
    assert isinstance(sample, SanpoYoshiMap)
    long_line = "地域の事業所と市が協力し、働く世代の健康づくりを「見える化」する取組（仮称）"
    sheet = sample.model_copy(
        update={
            "exit": exit_choice,
            "project": long_line * 2,
            "public_benefits": "\n".join([long_line] * 6),
            "private_roles": long_line * 4,
            "society_benefits": "\n".join([long_line] * 8),
        }
    )
    data = pdf_format.export(Document("sanpo_yoshi", sheet))
    report = check(data)
    assert report.ok, report.summary()
    first_page = squash(pages_text(data)[0])
    for flow in exit_for(exit_choice)["flows"] if exit_choice else []:
        assert squash(flow[2]) in first_page
