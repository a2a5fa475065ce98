from __future__ import annotations

import datetime as dt
import io
import json
import re

from openpyxl import load_workbook

from tests.app.helpers import key, open_page, texts, url_params
from tests.worksheets.formats.pdftext import pages_text
from worksheets.document import Document
from worksheets.formats import pdf_format, xlsx_format
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.spec import declared
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
    assert "判定（目安）：2029年度（令和11年度）の当初予算に向けて準備する時期です" in text  # no goal: not red
    assert "間に合わないときの選択肢" not in text
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
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert "健康管理アプリ" in stored["paper_values"]  # the paper's schedule travels with the plan


def test_a_wish_the_calendar_cannot_meet_is_red_with_sourced_options() -> None:
    """Issue 13 #7 and issue 14 #11/#12 on the page."""
    at = open_page("timeline_plan")
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2026, 11, 2)).run()
    at.date_input(key=key("timeline_plan", "desired_start")).set_value(dt.date(2027, 5, 1)).run()
    assert [e.value for e in at.error if "判定（目安）" in str(e.value)]
    text = texts(at)
    text = text.replace("\\", "")  # markdown escapes of user-facing parentheses
    assert "判定（目安）：希望の時期に間に合いません" in text
    assert "ふるさと納税" in text
    assert "実践ガイド 第4章(2)⑤予算化" in text
    assert "自社に優位性があると判断される場合に限る" in text
    assert "補正予算は間に合わないときの代わりにはなりません" in text


def test_a_contradictory_calendar_is_flagged_on_both_pages_and_drives_every_date() -> None:
    """Issue 13 #5 (failed before: no warning, 10月31日 in the verdict, 合意 listed before an earlier 要求)."""
    cal = open_page("budget_calendar")
    cal.text_input(key=key("budget_calendar", "name")).input("B市").run()
    cal.text_input(key=key("budget_calendar", "request_deadline")).input("9/15").run()
    warned = texts(cal)
    assert "カレンダーの日付が矛盾しています" in warned
    assert "枠組み合意の期限（10月31日）が予算要求の締切（9月15日）より後です" in warned

    at = open_page("timeline_plan", {"ws": url_params(cal)["ws"]})
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2026, 8, 20)).run()
    at.selectbox(key=key("timeline_plan", "calendar_id")).set_value(url_params(cal)["draft"]).run()
    text = texts(at)
    assert "カレンダーの日付が矛盾しています" in text
    assert "2026年9月15日までに枠組みを合意" in text
    days = [ln[2:12] for ln in text.splitlines() if ln.startswith("- 20")]
    assert days
    assert days == sorted(days)
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert json.loads(stored["calendar_values"])["name"] == "B市"  # embedded: the file keeps its calendar


LINE_REF = re.compile(r"S\d\s*L\d|L\d{3,4}")


def test_no_internal_line_references_on_the_pages_or_in_their_prints() -> None:
    """Issue 14 #1: the calendar's hints showed 「（S1 L622）」 on the page and in its PDF/Excel (failed before)."""
    for page in ("budget_calendar", "timeline_plan"):
        at = open_page(page)
        shown = texts(at) + "\n".join(str(getattr(w, "help", "") or "") for w in at.text_input)
        assert not LINE_REF.search(shown), page
    cal = Document("budget_calendar", BudgetCalendar())
    book = load_workbook(io.BytesIO(xlsx_format.export(cal)))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "対話の開始月" in cells
    printed = "".join(pages_text(pdf_format.export(cal))) + cells
    assert not LINE_REF.search(printed)
    assert not LINE_REF.search("".join(pages_text(pdf_format.export(Document("timeline_plan", TimelinePlan())))))
    assert all(not LINE_REF.search(str(spec.hint)) for _, spec in declared(BudgetCalendar))
    assert all(not LINE_REF.search(str(spec.hint)) for _, spec in declared(TimelinePlan))
