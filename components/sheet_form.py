"""The spec-driven form: one widget per declared field, autosaved on every committed change."""

from __future__ import annotations

import streamlit as st

from components.state import OpenSheet, commit, replace_items, widget_key
from worksheets.spec import FieldSpec, GroupSpec, Kind, declared, field_max_length, item_model


def _caption(text: str) -> None:
    if text:
        st.caption(text.replace("\n", "  \n"))


def render_field(cur: OpenSheet, path: str, spec: FieldSpec, max_length: int | None, *, show_hint: bool = True) -> None:
    key = widget_key(cur.sheet_type, path)
    common = {
        "key": key,
        "on_change": commit,
        "args": (cur.sheet_type, path),
        "help": None if show_hint else (spec.hint or None),
    }
    if spec.kind is Kind.NUMBER:
        st.number_input(
            spec.label,
            min_value=spec.min_value,
            max_value=spec.max_value,
            step=1,
            placeholder=spec.placeholder or "数字",
            **common,
        )
    elif spec.kind is Kind.SHORT:
        st.text_input(spec.label, max_chars=max_length, placeholder=spec.placeholder, **common)
    else:
        placeholder = spec.placeholder or ("1行に1つずつ記載" if spec.kind is Kind.LINES else "")
        st.text_area(spec.label, max_chars=max_length, placeholder=placeholder, height=120, **common)
    if show_hint:
        _caption(spec.hint)
    if path in cur.errors:
        st.error(cur.errors[path])


def _group(cur: OpenSheet, name: str, group: GroupSpec) -> None:
    st.subheader(group.label)
    _caption(group.hint)
    sub = item_model(type(cur.sheet), name)
    items = list(getattr(cur.sheet, name))
    for index in range(len(items)):
        with st.container(border=True):
            head, tail = st.columns([5, 1])
            head.markdown(f"**{group.item_title(index)}**")
            if len(items) > group.min_items:
                with tail.popover("削除", use_container_width=True):
                    st.write(f"{group.item_title(index)}を削除しますか？ 入力した内容も消えます。")
                    rest = [i.model_dump() for j, i in enumerate(items) if j != index]
                    st.button(
                        "削除する",
                        key=f"del.{cur.sheet_type}.{name}.{index}",
                        type="primary",
                        on_click=replace_items,
                        args=(cur.sheet_type, name, rest),
                    )
            for sub_name, spec in declared(sub):
                assert isinstance(spec, FieldSpec)
                hint_here = index == 0 and spec.hint != group.hint
                render_field(
                    cur, f"{name}.{index}.{sub_name}", spec, field_max_length(sub, sub_name), show_hint=hint_here
                )
    if len(items) < group.max_items:
        more = [*(i.model_dump() for i in items), sub().model_dump()]
        st.button(
            f"＋ {group.item_title(len(items))}を追加",
            key=f"add.{cur.sheet_type}.{name}",
            on_click=replace_items,
            args=(cur.sheet_type, name, more),
        )
    if name in cur.errors:
        st.error(cur.errors[name])


def render_form(cur: OpenSheet) -> None:
    model = type(cur.sheet)
    last_part = None
    for name, spec in declared(model):
        if isinstance(spec, GroupSpec):
            _group(cur, name, spec)
            last_part = None
            continue
        if spec.part != last_part:
            st.subheader(spec.part)
            last_part = spec.part
        render_field(cur, name, spec, field_max_length(model, name))
