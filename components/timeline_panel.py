"""Timeline page pieces: choose the calendar and paper, show the verdict, the chart and the deadlines."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.safe import md_escape
from components.state import OpenSheet, commit, doc_from_draft, draft_choices, store, widget_key
from worksheets.filenames import download_name
from worksheets.fiscal import CalendarRules, Verdict, verdict, wareki
from worksheets.formats import timeline_pdf
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.timeline import build_figure, chart_items, to_ics

_STATUS = {
    "ok": (st.success, "間に合う時期です"),
    "at_risk": (st.warning, "要注意（間に合うかは枠組み合意しだい）"),
    "next_next": (st.error, "翌々年度になります"),
    "no_budget": (st.info, "予算の判定なし"),
}


def resolve(plan: TimelinePlan) -> tuple[CalendarRules, DiscussionPaper | None]:
    """The chosen calendar (default if none or gone) and paper (None if none or gone)."""
    rules = CalendarRules()
    cal = store().get(plan.calendar_id) if plan.calendar_id else None
    if cal is not None and cal.sheet_type == "budget_calendar":
        sheet = doc_from_draft(cal).sheet
        assert isinstance(sheet, BudgetCalendar)
        rules = sheet.rules()
    found = store().get(plan.paper_id) if plan.paper_id else None
    paper = doc_from_draft(found).sheet if found is not None and found.sheet_type == "discussion_paper" else None
    return rules, paper if isinstance(paper, DiscussionPaper) else None


def _picker(cur: OpenSheet, path: str, sheet_type: str, label: str, none_label: str) -> None:
    names = {"": none_label, **draft_choices(sheet_type)}
    current = getattr(cur.sheet, path)
    if current and current not in names:
        names[current] = "（見つかりません：既定を使います）"
    st.selectbox(
        label,
        list(names),
        format_func=names.__getitem__,
        key=widget_key(cur.sheet_type, path),
        on_change=commit,
        args=(cur.sheet_type, path),
    )


def render_pickers(cur: OpenSheet) -> None:
    a, b = st.columns(2)
    with a:
        _picker(cur, "calendar_id", "budget_calendar", "予算カレンダー", "一般的なスケジュール（目安）")
        st.caption("自治体ごとの日付は「予算カレンダー」のページで作って保存できます。")
    with b:
        _picker(cur, "paper_id", "discussion_paper", "実施事項を重ねるディスカッションペーパー", "（重ねない）")


def current_verdict(plan: TimelinePlan, rules: CalendarRules, today: date) -> Verdict:
    return verdict(
        plan.first_contact or today, rules, needs_budget=plan.needs_budget == "必要", procurement=plan.procurement
    )


def render_verdict(result: Verdict) -> None:
    show, title = _STATUS[result.status]
    show(f"**判定（目安）：{title}**　\n{result.headline}")
    a, b, c = st.columns(3)
    a.metric(f"初回接触の年度（{result.contact_fiscal_year}年度）", wareki(result.contact_fiscal_year))
    if result.earliest_fiscal_year is None:
        b.metric("当初予算で最短の年度", "—")
    else:
        b.metric(f"当初予算で最短の年度（{result.earliest_fiscal_year}年度）", wareki(result.earliest_fiscal_year))
    c.metric("これからの期限", f"{len(result.deadlines)} 件")
    if result.deadlines:
        st.markdown("**これからの期限・予定（目安）**")
        st.markdown("\n".join(f"- {d.day:%Y-%m-%d}　{md_escape(d.label, 120)}" for d in result.deadlines))
    if result.alternatives:
        st.markdown("**間に合わないときの選択肢（実践ガイドより）**")
        st.markdown("\n".join(f"- {md_escape(a, 200)}" for a in result.alternatives))
    st.caption(
        "※すべて目安です。実践ガイドの本文（p.25, p.29, p.81–83）から作った一般的なスケジュールで、"
        "「自治体や年度によって多少前後します」。補正予算は「必ずしも…発生するとは限りません」。"
    )


def render_timeline(cur: OpenSheet) -> None:
    plan = cur.sheet
    assert isinstance(plan, TimelinePlan)
    today = date.today()
    rules, paper = resolve(plan)
    result = current_verdict(plan, rules, today)
    st.subheader("判定と期限")
    render_verdict(result)
    st.subheader("タイムライン")
    st.plotly_chart(
        build_figure(chart_items(plan, rules, result, today, paper)),
        width="stretch",
        key=f"chart.{cur.draft_id}",
        config={"displaylogo": False},
    )
    a, b = st.columns(2)
    a.download_button(
        "タイムラインの PDF（A4横）",
        data=lambda: timeline_pdf.render(plan, rules, today, paper),
        file_name=download_name("タイムライン", plan.project, today, ".pdf"),
        mime="application/pdf",
        on_click="ignore",
        width="stretch",
        key=f"dl.timeline.pdf.{cur.draft_id}",
    )
    b.download_button(
        "期限をカレンダーに追加（.ics）",
        data=lambda: to_ics(result, plan.project or "官民連携", today),
        file_name=download_name("タイムライン", plan.project, today, ".ics"),
        mime="text/calendar",
        on_click="ignore",
        width="stretch",
        disabled=not result.deadlines,
        key=f"dl.timeline.ics.{cur.draft_id}",
    )
