"""調達方法ナビ page pieces: the 'not legal advice' notice and the methods with their fit and the guide's words."""

from __future__ import annotations

import streamlit as st

from components.state import OpenSheet, workspace_id
from worksheets import procurement as P
from worksheets.sheets.procurement_nav import ProcurementNav, method_text

_ICON = {P.Fit.CANDIDATE: "◎", P.Fit.DEPENDS: "△", P.Fit.UNLIKELY: "－"}


def render_disclaimer(cur: OpenSheet) -> None:
    st.info(P.disclaimer())


def render_methods(cur: OpenSheet) -> None:
    sheet = cur.sheet
    assert isinstance(sheet, ProcurementNav)
    st.subheader("実践ガイドが示す方法と当てはまり（目安）")
    found = P.candidates(sheet.answers())
    if found:
        st.success("この条件での候補：" + "、".join(found))
    else:
        st.caption("条件を選ぶと、当てはまる方法を「候補」として先頭に示します。")
    for x in P.assess(sheet.answers()):
        with st.expander(f"{_ICON[x.fit]} {x.name}（{x.fit.value}）", expanded=x.fit is P.Fit.CANDIDATE):
            # the guide's words from data/procurement_methods.json (no user text), shown as written
            st.markdown(f"**当てはまり**：{x.reason}")
            st.text(method_text(x))
            st.markdown(f"**期間の目安**：{x.method['duration']}")
            st.markdown(f"**公平性**：{x.method['fairness']}")
    with st.expander(P.requirements()["title"]):
        st.text(P.requirements_text())
    if sheet.chosen:
        months = sheet.months()
        span = f"（{months}か月）" if months else ""
        st.markdown(f"**選んだ方法**：{sheet.chosen}{span}")
        st.caption(
            "タイムラインの「他のシートから作成」→「調達方法ナビから取り込む」で、出口・方法・期間をタイムラインに重ねられます。"
        )
        st.page_link(
            "app_pages/timeline_plan.py",
            label="タイムラインで予算と調達の時期を確かめる",
            icon=":material/calendar_month:",
            query_params={"ws": workspace_id()},
        )
    st.caption("※" + P.disclaimer())
