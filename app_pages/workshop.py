import streamlit as st

from components.workshop_join import membership, render_join_form, render_participant_home

st.title("ワークショップ")
found = membership()
if found is not None:
    render_participant_home(*found)
else:
    render_join_form(st.query_params.get("code", ""))
    st.divider()
    st.page_link(
        "app_pages/workshop_admin.py",
        label="ファシリテーターの方：ワークショップを作成する",
        icon=":material/co_present:",
    )
