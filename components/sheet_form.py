"""The spec-driven form: one widget per declared field, autosaved on every committed change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from components.reruns import commit_field
from components.safe import plain
from components.state import SAVE_FAILED, OpenSheet, replace_items, widget_key
from worksheets.fiscal import month_label
from worksheets.registry import SHEETS
from worksheets.spec import FieldSpec, GroupSpec, Kind, declared, field_max_length, item_model


def _caption(text: str) -> None:
    if text:
        st.caption(text.replace("\n", "  \n"))


def _month_format(cur: OpenSheet) -> Any:
    start = int(getattr(cur.sheet, "schedule_start_month", 4))
    return lambda column: "—" if column is None else f"{month_label(start, column)}（{column}か月目）"


# One small renderer per field kind: (page, spec, max length, the widget's common arguments).
Renderer = Callable[[OpenSheet, FieldSpec, "int | None", dict[str, Any]], None]


def _date(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    st.date_input(spec.label, format="YYYY/MM/DD", **common)


def _choice(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    st.selectbox(spec.label, spec.choices, format_func=lambda v: v or "（未選択）", **common)


def _text_area(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    lines = spec.kind is Kind.LINES
    placeholder = spec.placeholder or ("1行に1つずつ記載" if lines else "")
    # A list's limit is items × line length, checked in commit() with a message: the browser's
    # max_chars would cut a long paste silently.
    st.text_area(spec.label, max_chars=None if lines else max_length, placeholder=placeholder, height=120, **common)


def _lines(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    if not spec.choices:
        _text_area(cur, spec, max_length, common)
        return
    # 図表30-style suggestions, free text always allowed
    current = list(st.session_state.get(common["key"]) or [])
    options = [*spec.choices, *(v for v in current if v not in spec.choices)]
    st.multiselect(spec.label, options, accept_new_options=True, placeholder="選ぶか入力して Enter", **common)


def _short(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    if not spec.choices:
        st.text_input(spec.label, max_chars=max_length, placeholder=spec.placeholder, **common)
        return
    current = st.session_state.get(common["key"])
    options = [*spec.choices, *([current] if current and current not in spec.choices else [])]
    st.selectbox(
        spec.label,
        options,
        index=None,
        accept_new_options=True,
        placeholder=spec.placeholder or "選ぶか入力",
        **common,
    )


def _month(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    options = [None, *range(spec.min_value or 1, (spec.max_value or 8) + 1)]
    st.selectbox(spec.label, options, format_func=_month_format(cur), placeholder="未設定", **common)


def _number(cur: OpenSheet, spec: FieldSpec, max_length: int | None, common: dict[str, Any]) -> None:
    st.number_input(
        spec.label,
        min_value=spec.min_value,
        max_value=spec.max_value,
        step=1,
        placeholder=spec.placeholder or "数字",
        **common,
    )


RENDERERS: dict[Kind, Renderer] = {
    Kind.SHORT: _short,
    Kind.LONG: _text_area,
    Kind.NUMBER: _number,
    Kind.LINES: _lines,
    Kind.MONTH: _month,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
}


def render_field(
    cur: OpenSheet,
    path: str,
    spec: FieldSpec,
    max_length: int | None,
    *,
    show_hint: bool = True,
    collapsed: bool = False,
    label: str | None = None,
) -> None:
    """``label`` replaces the field's own label (a grid cell's says its row and column, for screen readers)."""
    spec = replace(spec, label=label) if label else spec
    common: dict[str, Any] = {
        "key": widget_key(cur.sheet_type, path),
        "on_change": commit_field,
        "args": (cur.sheet_type, path),
        "help": None if show_hint else (spec.hint or None),
        "label_visibility": "collapsed" if collapsed else "visible",
    }
    RENDERERS[spec.kind](cur, spec, max_length, common)
    if show_hint and not collapsed:
        _caption(spec.hint)
    if path in cur.errors:
        st.error(plain(cur.errors[path]))
    elif cur.unsaved == path:
        st.error(SAVE_FAILED)


def _delete_button(cur: OpenSheet, name: str, group: GroupSpec, items: list[Any], index: int, where: Any) -> None:
    with where.popover("削除", width="stretch"):
        st.write(f"{group.item_title(index)}を削除しますか？ 入力した内容も消えます。")
        rest = [i.model_dump() for j, i in enumerate(items) if j != index]
        st.button(
            "削除する",
            key=f"del.{cur.sheet_type}.{name}.{index}",
            type="primary",
            on_click=replace_items,
            args=(cur.sheet_type, name, rest),
        )


def _group(cur: OpenSheet, name: str, group: GroupSpec) -> None:
    st.subheader(group.label)
    _caption(group.hint)
    sub = item_model(type(cur.sheet), name)
    fields = [(n, s) for n, s in declared(sub) if isinstance(s, FieldSpec) and not s.hidden]
    items = list(getattr(cur.sheet, name))
    if group.as_table:
        widths = [1.2] + [3 if s.kind is Kind.SHORT else 2 for _, s in fields] + [0.8]
        header = st.columns(widths)
        for col, (_, spec) in zip(header[1:], fields, strict=False):
            col.markdown(f"**{spec.label}**")
    for index in range(len(items)):
        if group.as_table:
            cols = st.columns(widths, vertical_alignment="center")
            cols[0].markdown(f"**{group.item_title(index)}**")
            for col, (sub_name, spec) in zip(cols[1:], fields, strict=False):
                with col:
                    render_field(
                        cur,
                        f"{name}.{index}.{sub_name}",
                        spec,
                        field_max_length(sub, sub_name),
                        show_hint=False,
                        collapsed=True,
                        label=f"{group.item_title(index)}：{spec.label}",
                    )
            if len(items) > group.min_items:
                _delete_button(cur, name, group, items, index, cols[-1])
            continue
        with st.container(border=True):
            head, tail = st.columns([5, 1])
            head.markdown(f"**{group.item_title(index)}**")
            if len(items) > group.min_items:
                _delete_button(cur, name, group, items, index, tail)
            for sub_name, spec in fields:
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
        st.error(plain(cur.errors[name]))


def _render_name(cur: OpenSheet, name: str, spec: FieldSpec | GroupSpec) -> None:
    if isinstance(spec, FieldSpec) and spec.hidden:
        return
    if isinstance(spec, GroupSpec):
        _group(cur, name, spec)
    else:
        render_field(cur, name, spec, field_max_length(type(cur.sheet), name))


def render_form(cur: OpenSheet) -> None:
    model = type(cur.sheet)
    specs = dict(declared(model))
    grid = SHEETS[cur.sheet_type].form_grid
    if grid is not None:  # the figure's grid, so the whole model is visible at once
        for row in grid:
            for column, names in zip(st.columns(len(row), border=len(row) > 1), row, strict=True):
                with column:
                    for name in names:
                        _render_name(cur, name, specs[name])
        return
    last_part = None
    for name, spec in specs.items():
        if isinstance(spec, FieldSpec) and not spec.hidden and spec.part != last_part:
            st.subheader(spec.part)
            last_part = spec.part
        if isinstance(spec, GroupSpec):
            last_part = None
        _render_name(cur, name, spec)
