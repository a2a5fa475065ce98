from pathlib import Path

import streamlit as st

st.title("官民連携ワークシート")
st.markdown((Path(__file__).resolve().parent.parent / "data" / "home.md").read_text(encoding="utf-8"))
