"""issue 16 #2: the 三方よし diagram and the timeline chart said in words, from the data they are drawn from."""

from __future__ import annotations

from datetime import date

from tests.conftest import ROOT, load_sample
from worksheets.alt_text import sanpo_lines, sanpo_summary, timeline_lines
from worksheets.reference import exit_for
from worksheets.sheets.sanpo_yoshi import SIDE_NAMES, SanpoYoshiMap, Stakeholder
from worksheets.sheets.timeline_plan import Milestone, TimelinePlan
from worksheets.timeline_resolve import resolve


def test_the_diagram_text_names_every_party_stakeholder_and_flow_of_the_sample() -> None:
    sheet = load_sample("sanpo_yoshi_iwata.json").sheet
    assert isinstance(sheet, SanpoYoshiMap)
    text = "\n".join(sanpo_lines(sheet))
    for side in ("行政", "民間", "社会"):
        assert f"【{SIDE_NAMES[side]}よし】" in text
        for member in sheet.members(side):
            assert member.name in text
        for resource in sheet.party(side)["resources"]:
            assert resource in text
    info = exit_for(sheet.exit)
    assert f"出口：出口{info['id']} {info['name']}" in text
    for source, target, flow in (tuple(f[:3]) for f in info["flows"]):
        assert f"{source} → {target}：{flow}" in text  # every arrow the picture draws
    assert sheet.project in text
    assert info["name"] in sanpo_summary(sheet)


def test_an_empty_map_says_what_is_missing_instead_of_nothing() -> None:
    sheet = SanpoYoshiMap(stakeholders=[Stakeholder(name="商店会", side="民間", beneficiary="間接")])
    lines = sanpo_lines(sheet)
    assert "出口：（未選択）" in lines
    assert "事業名：（未記入）" in lines
    assert "利害関係者：商店会（間接）" in lines
    assert lines.count("メリット：（未記入）") == 3
    assert not any(line.startswith("行政 → ") for line in lines)  # no exit, no arrows
    assert "出口は未選択" in sanpo_summary(sheet)


def test_the_timeline_text_has_the_verdict_every_phase_mark_and_deadline() -> None:
    plan = TimelinePlan(
        project="健康アプリ",
        first_contact=date(2026, 6, 1),
        milestones=[Milestone(label="庁内説明", day=date(2026, 8, 20))],
    )
    r = resolve(plan, date(2026, 5, 1))
    lines = timeline_lines(r.chart, r.verdict)
    text = "\n".join(lines)
    assert f"判定（目安）：{r.verdict.line}" in lines
    for bar in r.chart.bars:
        assert f"{bar.start:%Y-%m-%d}〜{bar.end:%Y-%m-%d}　{bar.label or bar.kind}" in text
    for row in {b.row for b in r.chart.bars}:
        assert f"【{row}】" in lines
    assert "2026-08-20　庁内説明" in text  # the user's own milestone, as on the chart
    for deadline in r.verdict.deadlines:
        assert f"{deadline.day:%Y-%m-%d}　{deadline.label}" in lines
    assert r.verdict.deadlines


def test_the_page_script_survives_the_html_sanitizer() -> None:
    """st.html's sanitizer drops a script whose text contains a less-than sign followed by a letter or a
    slash (it looks like markup): the lang="ja" fix was silently missing from the page that way."""
    script = (ROOT / "components" / "a11y.js").read_text(encoding="utf-8")
    assert "<" not in script
    assert 'setAttribute("lang", "ja")' in script
