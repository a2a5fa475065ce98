"""Completeness meter: which numbered parts are filled, and what the minimum set still lacks."""

from __future__ import annotations

import streamlit as st

from worksheets.spec import APP_MINIMUM_NOTE, SheetModel, completeness, missing_minimum

# Material icons, not emoji: many 自治体 PCs have no colour-emoji font.
_MARK = {
    "done": ":green[:material/check_circle:]",
    "partial": ":orange[:material/timelapse:]",
    "empty": ":gray[:material/radio_button_unchecked:]",
}


def render_meter(sheet: SheetModel, title: str = "記入状況", minimum_note: str = APP_MINIMUM_NOTE) -> None:
    parts = completeness(sheet)
    done = sum(p.state == "done" for p in parts)
    st.progress(done / len(parts), text=f"{title}：{done} / {len(parts)} 部分が記入済み")
    st.markdown("　".join(f"{_MARK[p.state]} {p.part}" for p in parts))
    empty = [p.part for p in parts if p.state == "empty"]
    if empty:
        st.caption("まだ空欄の部分：" + "、".join(empty))
    missing = missing_minimum(sheet)
    if missing:
        st.warning(f"{minimum_note}で未記入：" + "、".join(e.label for e in missing))
