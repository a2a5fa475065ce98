"""三方よしマップ page pieces: add stakeholders from 図表23 (the canvas Ⅱ comes through the carry panel), the exit prompt, checks and the diagram."""

from __future__ import annotations

import streamlit as st

from components.safe import md_escape, plain
from components.save_load import exporter, file_name
from components.state import OpenSheet, current, replace_items, workspace_id
from worksheets.alt_text import sanpo_lines, sanpo_summary
from worksheets.diagram import NOTE, to_svg
from worksheets.formats import pdf_format
from worksheets.reference import exit_for, stakeholders
from worksheets.sheets.sanpo_yoshi import SIDE_NAMES, SIDES, CheckKind, SanpoYoshiMap, Stakeholder, checks
from worksheets.spec import is_filled


def _append(sheet_type: str, new: list[Stakeholder]) -> None:
    cur = current(sheet_type)
    assert isinstance(cur.sheet, SanpoYoshiMap)
    kept = [s for s in cur.sheet.stakeholders if any(is_filled(v) for v in (s.name, s.role, s.gain))]
    replace_items(sheet_type, "stakeholders", [s.model_dump() for s in [*kept, *new]][:30])


def add_from_figure_23(sheet_type: str, key: str) -> None:
    name = st.session_state.get(key)
    if name:
        _append(sheet_type, [Stakeholder(name=name, side="社会")])


def render_additions(cur: OpenSheet) -> None:
    with st.expander("利害関係者を追加（図表23から）"):
        st.table(
            [{"利害関係者": s["name"], "概要": s["summary"], "関連する政策領域例": s["policy"]} for s in stakeholders()]
        )
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        key = f"fig23.{cur.sheet_type}"
        a.selectbox("図表23の利害関係者", [s["name"] for s in stakeholders()], key=key)
        b.button(
            "追加",
            key=f"fig23.add.{cur.sheet_type}",
            on_click=add_from_figure_23,
            args=(cur.sheet_type, key),
            width="stretch",
        )
        st.caption("リーンキャンバスのⅡ受益者は、上の「他のシートから作成」から1行ずつ利害関係者にできます。")


def render_map(cur: OpenSheet) -> None:
    sheet = cur.sheet
    assert isinstance(sheet, SanpoYoshiMap)
    chosen = exit_for(sheet.exit) if sheet.exit else None
    st.subheader("出口ごとの役割とメリット（手がかり）")
    if chosen is None:
        st.caption("出口を選ぶと、実践ガイドが示す行政・民間・社会の役割とメリットが表示されます。")
    else:
        st.info(
            f"**出口{chosen['id']} {chosen['name']}**：{chosen['fit']}  \n"
            + "  \n".join(f"**{SIDE_NAMES[side]}**　{chosen[side]}" for side in ("行政", "民間", "社会"))
            + "  \n※実践ガイドが示す基本的なパターンです。記入例ではありません。自分の事業に合わせて書きましょう。"
        )
    problems = checks(sheet)
    for problem in problems:
        st.warning(plain(problem.message))  # the unknown-exit note quotes a file's text
        if problem.kind is CheckKind.BUDGET_UNCLEAR:
            st.page_link(
                "app_pages/timeline_plan.py",
                label="タイムラインで予算の時期を確かめる",
                icon=":material/calendar_month:",
                query_params={"ws": workspace_id()},
            )
    if not problems:
        st.success("社会・民間・行政のそれぞれにメリットがあります。")
    st.subheader("三方よしの図")
    st.image(to_svg(sheet), width="stretch", alt=sanpo_summary(sheet))
    render_text_equivalent(sanpo_lines(sheet))
    st.caption(NOTE)
    counts = "、".join(f"{side} {len(sheet.members(side))}" for side in SIDES)
    st.caption(f"利害関係者：{md_escape(counts)}。PDF には同じ図と表が入ります。")
    render_pdf_download(cur)


def render_text_equivalent(lines: list[str]) -> None:
    """The picture said in words (WCAG 1.1.1), shown on demand; also the readable form on a phone."""
    with st.expander("図の内容（テキスト）"):
        st.markdown(plain("\n".join(lines)))


def render_pdf_download(cur: OpenSheet) -> None:
    """The map's own PDF (the diagram, then the tables); the generic download row offers only
    JSON and Excel for sheets whose spec draws its own PDF."""
    st.download_button(
        "PDF（A4横・図と表）をダウンロード",
        data=exporter(cur, ".pdf"),  # built only when clicked
        file_name=file_name(cur, ".pdf"),
        mime=pdf_format.media_type,
        key=f"dl.map.{cur.sheet_type}.pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    for warning in pdf_format.warnings(cur.doc):
        st.warning(warning)
