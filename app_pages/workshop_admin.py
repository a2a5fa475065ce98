import streamlit as st

from components.state import store
from components.workshop_admin import render_admin, render_create_form, render_key_gate
from worksheets import workshop as ws_domain

st.title("ワークショップ（ファシリテーター）")
workshop_id = st.query_params.get("w", "")
workshop = ws_domain.get(store(), workshop_id) if workshop_id else None
if workshop_id and workshop is None:
    st.warning("ワークショップが見つかりません。ファシリテーター用ページのリンクを確かめてください。")
if workshop is None:
    render_create_form()
elif render_key_gate(workshop):
    render_admin(workshop)
