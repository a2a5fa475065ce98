"""AppTest: the 調達方法ナビ, 実証計画シート and 事業概要資料 pages, the timeline feed and the home page's stage table."""

from __future__ import annotations

from tests.app.helpers import key, open_page, texts, url_params
from worksheets import procurement as P
from worksheets.registry import SHEETS
from worksheets.sheets.procurement_nav import EXIT_CHOICES
from worksheets.stages import available, editions


def test_procurement_page_says_it_is_no_legal_advice_and_updates_the_candidates() -> None:
    at = open_page("procurement_nav")
    text = texts(at)
    assert P.disclaimer() in text
    assert "法的な助言ではありません" in text
    assert "条件を選ぶと" in text
    at.selectbox(key=key("procurement_nav", "exit")).set_value(EXIT_CHOICES[1]).run()
    at.selectbox(key=key("procurement_nav", "spec_definable")).set_value("定義が難しい").run()
    assert any("企画競争（コンペ方式・プロポーザル方式）" in str(s.value) for s in at.success)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("◎ 企画競争") for label in labels), labels
    assert "公示から事業者決定まで2～3か月" in texts(at)


def test_procurement_choice_feeds_the_timeline_page() -> None:
    nav = open_page("procurement_nav")
    nav.text_input(key=key("procurement_nav", "project")).input("見守りの導入").run()
    nav.selectbox(key=key("procurement_nav", "exit")).set_value(EXIT_CHOICES[1]).run()
    nav.selectbox(key=key("procurement_nav", "chosen")).set_value("企画競争（コンペ方式・プロポーザル方式）").run()
    timeline = open_page("timeline_plan", {"ws": url_params(nav)["ws"]})
    timeline.button(key="carry.in.timeline_plan.procurement_to_timeline").click().run()
    assert not timeline.exception
    assert "次の項目にはすでに入力があります" not in texts(timeline)  # 「未定」 is no input of the user's
    assert timeline.selectbox(key=key("timeline_plan", "procurement")).value == "企画競争（プロポーザル）"
    assert timeline.selectbox(key=key("timeline_plan", "exit")).value == EXIT_CHOICES[1]
    assert timeline.number_input(key=key("timeline_plan", "procurement_months")).value == 3


def test_pilot_plan_takes_the_six_w_two_h_from_a_paper() -> None:
    paper = open_page("discussion_paper")
    paper.text_input(key=key("discussion_paper", "theme")).input("見守りの実証").run()
    paper.text_area(key=key("discussion_paper", "why")).input("見守りが足りない").run()
    paper.text_area(key=key("discussion_paper", "where")).input("市内の団地").run()
    pilot = open_page("pilot_plan", {"ws": url_params(paper)["ws"]})
    pilot.button(key="carry.new.pilot_plan.paper_to_pilot").click().run()
    assert pilot.text_input(key=key("pilot_plan", "project")).value == "見守りの実証"
    assert pilot.text_area(key=key("pilot_plan", "why")).value == "見守りが足りない"
    assert pilot.text_area(key=key("pilot_plan", "where")).value == "市内の団地"
    assert "書面にて取り決めを行っています" in texts(pilot)  # the guide's words on what to agree before a 実証


def test_summary_page_assembles_from_the_map_and_shows_the_diagram() -> None:
    sanpo = open_page("sanpo_yoshi")
    sanpo.button(key="sample.sanpo_yoshi.sanpo_yoshi_iwata.json").click().run()
    summary = open_page("project_summary", {"ws": url_params(sanpo)["ws"]})
    assert "三方よしの図" in texts(summary)
    summary.button(key="carry.new.project_summary.sanpo_to_summary").click().run()
    public = summary.text_area(key=key("project_summary", "public")).value
    assert "健康無関心層" in public
    summary.text_area(key=key("project_summary", "public")).input("書き直したメリット").run()  # editable afterwards
    assert summary.text_area(key=key("project_summary", "public")).value == "書き直したメリット"
    assert summary.get("image")  # the diagram
    # the sheet draws its own PDF, so the page offers it (the generic row offers JSON and Excel only)
    assert summary.get("download_button")
    labels = [b.proto.label for b in summary.get("download_button")]
    assert "PDF（A4横・図と表）をダウンロード" in labels, labels


def test_home_presents_the_stages_and_links_only_registered_sheets() -> None:
    at = open_page("home")
    text = texts(at)
    for edition in editions():
        assert edition.name in text
        for stage in edition.stages:
            assert stage.name in text
            assert stage.purpose in text
    # the stage table's links come first on the page (the sidebar's follow), one per registered sheet of each stage
    expected = [t for e in editions() for stage in e.stages for t in available(stage, SHEETS)]
    pages = [link.proto.page for link in at.get("page_link")][: len(expected)]
    assert pages == expected
    assert {"procurement_nav", "pilot_plan", "project_summary"} <= set(pages)
    assert set(pages) <= set(SHEETS)  # a type another branch has not registered yet is not linked
    empty = [s for e in editions() for s in e.stages if not available(s, SHEETS)]
    assert [c.value for c in at.caption].count("（この段階のシートは準備中です）") == len(empty)
    # the stage table comes before the long explanation
    blocks = [str(m.value) for m in at.markdown]
    first_stage = next(i for i, b in enumerate(blocks) if b.startswith("#### 自治体編"))
    assert first_stage < next(i for i, b in enumerate(blocks) if b.startswith("### 進め方"))
