from pathlib import Path

import streamlit as st

from components.state import workspace_id
from worksheets.registry import SHEETS
from worksheets.stages import available, editions

st.title("官民連携ワークシート")
intro, _, rest = (Path(__file__).resolve().parent.parent / "data" / "home.md").read_text(encoding="utf-8").partition(
    "### 進め方"
)
st.markdown(intro)

st.subheader("実践ガイドの段階から選ぶ")
ws = workspace_id()
for column, edition in zip(st.columns(2), editions(), strict=True):
    with column:
        st.markdown(f"#### {edition.name}（実践ガイド {edition.section}）")
        for stage in edition.stages:
            with st.container(border=True):
                st.markdown(f"**{stage.name}**")
                st.caption(stage.purpose)
                sheets = available(stage, SHEETS)
                for sheet_type in sheets:
                    spec = SHEETS[sheet_type]
                    st.page_link(
                        f"app_pages/{sheet_type}.py", label=spec.title, icon=spec.icon, query_params={"ws": ws}
                    )
                if not sheets:
                    st.caption("（この段階のシートは準備中です）")

st.markdown("### 進め方" + rest)
