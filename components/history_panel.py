"""The history panel under every sheet's form: versions by editing session, compare, restore, name."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from components import reruns
from components.safe import diff_markdown, inline, md_escape
from components.state import OpenSheet, current, save_sheet, store, store_unavailable
from worksheets import history
from worksheets.links import Piece, as_text
from worksheets.registry import SHEETS

_MAX_SHOWN = 2000  # characters of one field shown in a comparison


def _time(ts: float, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return datetime.fromtimestamp(ts).strftime(fmt)


def version_label(v: history.Version) -> str:
    name = f"「{v.name}」" if v.name else ""
    return f"第{v.version}版{name}（{_time(v.saved_at)}）"


def highlighted(pieces: list[Piece]) -> str:
    """Removed text struck through on red, added text bold on green; user text escaped."""
    return diff_markdown(pieces, _MAX_SHOWN)


def render_changes(sheet_type: str, old: dict[str, object], new: dict[str, object]) -> None:
    found = history.compare(sheet_type, old, new)
    if not found:
        st.caption("2つの版の内容は同じです。")
        return
    st.caption(
        f"変わった項目：{len(found)}件（変わっていない項目は省いています）。赤の取り消し線が前の内容、緑の太字が新しい内容です。"
    )
    for change in found:
        if not as_text(change.old):
            body = f":green-background[**{inline(as_text(change.new)[:_MAX_SHOWN])}**]（新しく入力）"
        elif not as_text(change.new):
            body = f":red-background[~~{inline(as_text(change.old)[:_MAX_SHOWN])}~~]（削除）"
        else:
            body = highlighted(change.pieces)
        st.markdown(f"- **{md_escape(change.label)}**：{body}")


def _restore(sheet_type: str, version: int) -> None:
    cur = current(sheet_type)
    data = history.content(store(), cur.draft_id, version)
    if data is None:
        cur.errors["_new"] = "その版は見つかりませんでした。"
        return
    sheet = SHEETS[sheet_type].model.model_validate(data)
    save_sheet(cur, sheet, reseed=True)
    if cur.unsaved is None:  # shown in the panel; the whole body reruns, so the form above shows the restored text
        st.session_state["hist.msg"] = (
            f"第{version}版の内容を、新しい版（第{cur.version}版）として保存しました。それまでの版も残っています。"
        )


def _name(sheet_type: str, version: int) -> None:
    cur = current(sheet_type)
    name = str(st.session_state.get(f"hist.name.{sheet_type}") or "")
    history.set_name(store(), cur.draft_id, version, name)
    st.session_state["hist.msg"] = (
        f"第{version}版に名前「{' '.join(name.split())[: history.NAME_MAX]}」を付けました。"
        if name.strip()
        else (f"第{version}版の名前を外しました。")
    )


def _panel(sheet_type: str) -> None:
    message = st.session_state.pop("hist.msg", "")
    if message:
        st.success(message)
    cur = current(sheet_type)
    if not cur.draft_id:
        st.caption("まだ保存された版はありません。入力すると、保存のたびに版が記録されます。")
        return
    if not st.toggle("履歴を表示する", key=f"hist.show.{sheet_type}"):
        st.caption("保存のたびに版が記録されます。表示すると、版の一覧・比較・復元・名前付けができます。")
        return
    try:
        draft = store().get(cur.draft_id)
        if draft is None:
            return
        listed = history.versions(store(), draft.id)
        sessions = history.sessions(store(), draft)
    except Exception as exc:
        store_unavailable(exc)
        return
    if not listed:
        st.caption("この下書きの版はまだ記録されていません（次の保存から記録されます）。")
        return
    by_version = {v.version: v for v in listed}
    options = [v.version for v in listed]
    named = [v for v in listed if v.name]
    if named:
        st.markdown("**名前を付けた版**")
        for v in named:
            st.markdown(f"- {md_escape(version_label(v), 120)}")
    st.markdown("**編集の記録**（30分以上あいた保存は別の編集として分けています）")
    for session in sessions:
        st.caption(f"{_time(session.start)}〜{_time(session.end, '%H:%M')} の編集（{len(session.entries)}版）")
        for e in session.entries:
            changed = "、".join(e.changed[:6]) + ("ほか" if len(e.changed) > 6 else "")
            st.markdown(f"- {md_escape(version_label(e.version), 120)}：{md_escape(changed or '（最初の版）', 160)}")

    st.markdown("**2つの版を比べる**")
    a, b = st.columns(2)
    older = a.selectbox(
        "前の版",
        options,
        index=min(1, len(options) - 1),
        key=f"hist.old.{sheet_type}",
        format_func=lambda n: version_label(by_version[n]),
    )
    newer = b.selectbox(
        "後の版", options, index=0, key=f"hist.new.{sheet_type}", format_func=lambda n: version_label(by_version[n])
    )
    pair = history.contents(store(), draft.id, [older, newer])
    if older in pair and newer in pair:
        render_changes(sheet_type, pair[older], pair[newer])

    st.markdown("**版を復元する・名前を付ける**")
    chosen = st.selectbox(
        "対象の版", options, key=f"hist.pick.{sheet_type}", format_func=lambda n: version_label(by_version[n])
    )
    st.button(
        "この版に戻す（新しい版として保存し、それまでの版も残します）",
        key=f"hist.restore.{sheet_type}",
        on_click=reruns.redraw_body,  # the form above shows the restored text
        args=(sheet_type, _restore, chosen),
        disabled=chosen == cur.version,
    )
    c, d = st.columns([3, 1])
    c.text_input("版の名前（例：第2回面談で提示）", key=f"hist.name.{sheet_type}", max_chars=history.NAME_MAX)
    d.button("名前を付ける", key=f"hist.setname.{sheet_type}", on_click=_name, args=(sheet_type, chosen))


def render_history(cur: OpenSheet) -> None:
    """An expander under the form (cheap when closed: nothing is read until 「履歴を表示する」 is on)."""
    with st.expander("版の履歴（比較・復元・名前付け）"):
        _panel(cur.sheet_type)
