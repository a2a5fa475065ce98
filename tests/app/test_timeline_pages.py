from __future__ import annotations

import datetime as dt
import json

from tests.app.helpers import key, open_page, texts, url_params
from worksheets.store import DraftStore


def test_timeline_verdict_follows_the_first_contact_date() -> None:
    at = open_page("timeline_plan")
    at.text_input(key=key("timeline_plan", "project")).input("健康アプリ").run()
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2027, 5, 10)).run()
    text = texts(at)
    assert "判定（目安）：間に合う時期です" in text
    assert "2028年度（令和10年度）の当初予算に間に合う時期です" in text
    assert "2027-07-31　2027年7月31日までに初回接触" in text
    assert "間に合わないときの選択肢" not in text
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2027, 11, 1)).run()
    text = texts(at)
    assert "判定（目安）：翌々年度になります" in text
    assert "トライアル実証事業等で実績をつくる" in text
    assert "※すべて目安です" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["当初予算で最短の年度（2029年度）"] == "令和11年度"
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert stored["first_contact"] == "2027-11-01"


def test_no_budget_shows_only_the_schedule() -> None:
    at = open_page("timeline_plan")
    at.selectbox(key=key("timeline_plan", "needs_budget")).set_value("不要").run()
    assert "予算の判定なし" in texts(at)
    assert "これからの期限・予定" not in texts(at)


def test_a_saved_calendar_is_used_by_the_timeline() -> None:
    cal = open_page("budget_calendar")
    cal.text_input(key=key("budget_calendar", "name")).input("A市（要求 9/30）").run()
    cal.text_input(key=key("budget_calendar", "agreement_deadline")).input("9/30").run()
    cal.text_input(key=key("budget_calendar", "request_deadline")).input("9/30").run()
    cal.text_input(key=key("budget_calendar", "first_contact_deadline")).input("6/30").run()
    calendar_id = url_params(cal)["draft"]

    at = open_page("timeline_plan", {"ws": url_params(cal)["ws"]})
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2027, 7, 15)).run()
    assert "判定（目安）：間に合う時期です" in texts(at)  # the general calendar: before 7/31
    at.selectbox(key=key("timeline_plan", "calendar_id")).set_value(calendar_id).run()
    text = texts(at)
    assert "判定（目安）：要注意" in text
    assert "2027-09-30　2027年9月30日までに枠組み合意" in text


def test_bad_calendar_date_gets_a_japanese_message_and_keeps_the_last_good_value() -> None:
    cal = open_page("budget_calendar")
    cal.text_input(key=key("budget_calendar", "name")).input("A市").run()  # the first edit creates the draft
    cal.text_input(key=key("budget_calendar", "agreement_deadline")).input("10月末").run()
    assert "月/日の形式" in texts(cal)
    stored = json.loads(DraftStore().get(url_params(cal)["draft"]).data)  # type: ignore[union-attr]
    assert stored["agreement_deadline"] == "10/31"


def test_paper_tasks_appear_when_a_paper_is_chosen() -> None:
    paper = open_page("discussion_paper")
    paper.button(key="sample.discussion_paper.discussion_paper_iwata.json").click().run()
    at = open_page("timeline_plan", {"ws": url_params(paper)["ws"]})
    options = at.selectbox(key=key("timeline_plan", "paper_id")).options
    assert any("健康管理アプリ" in o for o in options)
    at.selectbox(key=key("timeline_plan", "paper_id")).set_value(url_params(paper)["draft"]).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "タイムラインの PDF（A4横）" in labels
    assert "期限をカレンダーに追加（.ics）" in labels
