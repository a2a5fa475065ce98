from __future__ import annotations

from tests.app.helpers import key, open_page, texts, url_params


def test_map_page_checks_prompts_and_diagram() -> None:
    at = open_page("sanpo_yoshi")
    text = texts(at)
    for side in ("社会（地域内の利害関係者）", "民間（スタートアップ）", "行政（自治体）"):
        assert f"「{side}」のメリットがまだありません" in text
    at.selectbox(key=key("sanpo_yoshi", "exit")).set_value("① 自治体“へ”導入する（公共調達等）").run()
    text = texts(at)
    assert "役割：既存の行政手続き・サービスの見直し案を検討・決裁し" in text  # the guide's roles for exit ①
    assert "記入例ではありません" in text
    assert "タイムラインで、どの年度の予算に間に合うか" in text
    assert at.text_area(key=key("sanpo_yoshi", "public_roles")).value == ""  # not pre-filled
    assert at.get("image")  # the diagram


def test_resources_offer_figure_30_and_accept_free_text() -> None:
    at = open_page("sanpo_yoshi")
    widget = at.multiselect(key=key("sanpo_yoshi", "public_resources"))
    assert "地域の公共機関としての信用力" in widget.options
    widget.set_value(["地域の公共機関としての信用力", "庁内の実証フィールド"]).run()
    assert at.multiselect(key=key("sanpo_yoshi", "public_resources")).value == [
        "地域の公共機関としての信用力",
        "庁内の実証フィールド",
    ]


def test_stakeholders_from_figure_23_and_from_the_canvas() -> None:
    canvas = open_page("lean_canvas")
    canvas.text_area(key=key("lean_canvas", "beneficiaries")).input("・市内の事業所で働く従業員\n・健康無関心層").run()
    at = open_page("sanpo_yoshi", {"ws": url_params(canvas)["ws"]})
    at.selectbox(key="fig23.sanpo_yoshi").set_value("高齢者").run()
    at.button(key="fig23.add.sanpo_yoshi").click().run()
    at.button(key="carry.in.sanpo_yoshi.canvas_to_sanpo").click().run()  # the one carry panel
    names = [at.selectbox(key=key("sanpo_yoshi", f"stakeholders.{i}.name")).value for i in range(3)]
    assert names == ["高齢者", "市内の事業所で働く従業員", "健康無関心層"]
    at.text_area(key=key("sanpo_yoshi", "public_benefits")).input("業務効率化").run()
    at.text_area(key=key("sanpo_yoshi", "private_benefits")).input("導入実績").run()
    at.text_area(key=key("sanpo_yoshi", "stakeholders.0.gain")).input("見守り").run()
    assert "それぞれにメリットがあります" in texts(at)
