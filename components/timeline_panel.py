"""Timeline page pieces: choose the calendar and paper, show the verdict, the chart and the deadlines.
What is shown is resolved in worksheets.timeline_resolve (the same for the PDF, bundle and CLI)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from components.safe import md_escape
from components.sanpo_panel import render_text_equivalent
from components.state import OpenSheet, commit, draft_choices, save_sheet, store, widget_key
from worksheets import cases
from worksheets.alt_text import timeline_lines
from worksheets.document import document_from_draft
from worksheets.filenames import download_name
from worksheets.fiscal import Severity, Verdict, wareki
from worksheets.formats import timeline_pdf
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.spec import SheetModel
from worksheets.timeline import build_figure, to_ics
from worksheets.timeline_resolve import ResolvedTimeline, embed, resolve

_SHOW: dict[Severity, Callable[..., Any]] = {
    Severity.OK: st.success,
    Severity.CAUTION: st.warning,
    Severity.LATE: st.error,
    Severity.INFO: st.info,
}


def _lookup(draft_id: str) -> SheetModel | None:
    found = store().get(draft_id)
    return document_from_draft(found).sheet if found is not None else None


def _picker(cur: OpenSheet, path: str, sheet_type: str, label: str, none_label: str) -> None:
    names = {"": none_label, **draft_choices(sheet_type)}
    current = getattr(cur.sheet, path)
    if current and current not in names:
        names[current] = "（見つかりません：保存時の値を使います）"
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


def render_warnings(warnings: tuple[str, ...]) -> None:
    if warnings:
        st.warning(
            "**カレンダーの日付が矛盾しています**  \n" + "  \n".join(f"・{md_escape(w, 300)}" for w in warnings)
        )


def render_calendar_warnings(cur: OpenSheet) -> None:
    """On the 予算カレンダー page: dates that contradict each other."""
    sheet = cur.sheet
    assert isinstance(sheet, BudgetCalendar)
    render_warnings(sheet.rules().warnings())


def render_verdict(result: Verdict) -> None:
    _SHOW[result.severity](f"**判定（目安）：{md_escape(result.category, 200)}**　\n{md_escape(result.headline, 600)}")
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
        st.markdown("**間に合わないときの選択肢（出典つき）**")
        st.markdown(
            "\n".join(
                f"- {md_escape(a.text, 300)}  \n  {md_escape(a.quote, 400)}（{md_escape(a.source, 120)}）"
                for a in result.alternatives
            )
        )
        for note in result.notes:
            st.caption(f"※{md_escape(note.text, 200)}：{md_escape(note.quote, 300)}（{md_escape(note.source, 120)}）")
    st.caption(
        "※すべて目安です。実践ガイドの本文（p.25, p.29, p.81–83）から作った一般的なスケジュールで、"
        "「…自治体や年度によって多少前後します」。補正予算は「…必ずしも調整・協議や予算成立が発生するとは限りません」。"
    )


def current_timeline(cur: OpenSheet, today: date) -> ResolvedTimeline:
    """Resolve the plan; when the linked calendar or paper changed, embed their values and save."""
    plan = cur.sheet
    assert isinstance(plan, TimelinePlan)
    fresh = embed(plan, _lookup)
    if fresh is not plan:
        save_sheet(cur, fresh)
    return resolve(cases.plan_with_actions(store(), cur.draft_id, fresh), today)  # + the 案件's next actions


def render_timeline(cur: OpenSheet) -> None:
    today = date.today()
    r = current_timeline(cur, today)
    st.subheader("判定と期限")
    render_warnings(r.warnings)
    render_verdict(r.verdict)
    st.subheader("タイムライン")
    st.plotly_chart(
        build_figure(r.chart),
        width="stretch",
        key=f"chart.{cur.draft_id}",
        config={"displaylogo": False},
    )
    render_text_equivalent(timeline_lines(r.chart, r.verdict))
    a, b = st.columns(2)
    a.download_button(
        "タイムラインの PDF（A4横）",
        data=lambda: timeline_pdf.render_resolved(r),
        file_name=download_name("タイムライン", r.plan.project, today, ".pdf"),
        mime="application/pdf",
        on_click="ignore",
        width="stretch",
        key=f"dl.timeline.pdf.{cur.draft_id}",
    )
    b.download_button(
        "期限をカレンダーに追加（.ics）",
        data=lambda: to_ics(r.verdict, r.plan.project or "官民連携", today, r.plan),
        file_name=download_name("タイムライン", r.plan.project, today, ".ics"),
        mime="text/calendar",
        help="予算編成の期限と、マイルストーンに入れた自分の予定が入ります。",
        on_click="ignore",
        width="stretch",
        disabled=not (r.verdict.deadlines or any(m.day for m in r.plan.milestones)),
        key=f"dl.timeline.ics.{cur.draft_id}",
    )
