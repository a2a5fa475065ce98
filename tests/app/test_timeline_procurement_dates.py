"""The timeline page shows 企画競争's 事業者決定 from the chosen calendar's 企画競争の期間 (as the PDF and CLI do:
tests/worksheets/test_procurement_dates.py)."""

from __future__ import annotations

import datetime as dt

from tests.app.helpers import key, open_page, texts, url_params


def test_the_page_takes_the_decision_date_from_the_chosen_calendar() -> None:
    cal = open_page("budget_calendar")
    cal.text_input(key=key("budget_calendar", "name")).input("C市（企画競争 11か月）").run()
    cal.number_input(key=key("budget_calendar", "procurement_months")).set_value(11).run()
    assert not cal.exception

    at = open_page("timeline_plan", {"ws": url_params(cal)["ws"]})
    at.date_input(key=key("timeline_plan", "first_contact")).set_value(dt.date(2027, 5, 10)).run()
    at.selectbox(key=key("timeline_plan", "procurement")).set_value("企画競争（プロポーザル）").run()
    assert "2028-06-30　2028年6月頃 事業者決定（企画競争：公示から3か月）" in texts(at)  # the general calendar
    at.selectbox(key=key("timeline_plan", "calendar_id")).set_value(url_params(cal)["draft"]).run()
    assert not at.exception  # before: 11 か月 raised IllegalMonthError on the page
    assert "2029-02-28　2029年2月頃 事業者決定（企画競争：公示から11か月）" in texts(at)
