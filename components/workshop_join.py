"""Workshop, participant side: the join form, the participant's home and the timer banner."""

from __future__ import annotations

import html
import secrets
import time

import streamlit as st

from components.safe import md_escape, plain
from components.state import store, store_unavailable, workspace_id
from worksheets import workshop as ws_domain
from worksheets.errors import InputError
from worksheets.store import Participant
from worksheets.throttle import Client, client_address
from worksheets.workshop import Workshop

_TIMER_STYLE = (
    "<style>.ws-timer{border:2px solid #44546A;border-radius:6px;padding:6px 10px;margin:4px 0;}"
    ".ws-timer-label{font-size:0.85rem;color:#44546A;}.ws-timer-left{font-size:1.4rem;font-weight:bold;}"
    ".ws-timer-over{border-color:#C00000;}.ws-timer-over .ws-timer-left{color:#C00000;}</style>"
)


def client() -> Client:
    """Who is asking, for attempt throttling: this browser session and, when known, its address."""
    token = st.session_state.setdefault("workshop.client", secrets.token_urlsafe(12))
    try:
        address = client_address(st.context.ip_address, dict(st.context.headers))
    except Exception:  # no request context (scripts, tests)
        address = None
    return Client(token, address)


def membership() -> tuple[Workshop, Participant] | None:
    """The workshop of this workspace link, if it is a participant's. A link that is not a participant's is
    remembered for the session (no query on every rerun); a participant's is looked up on every full run,
    so one the facilitator removed loses the workshop box at once, not at the next reload."""
    ws = workspace_id()
    cached = st.session_state.get("workshop.member")
    if cached is not None and cached[0] == ws and cached[1] is None:
        return None
    found = ws_domain.participant_workshop(store(), ws)
    st.session_state["workshop.member"] = (ws, found[1] if found else None)
    return found


def timer_html(workshop: Workshop, now: float | None = None) -> str:
    """The step timer as static HTML; timer.js counts it down in the browser between refreshes."""
    now = now if now is not None else time.time()
    left = workshop.remaining(now)
    label = html.escape(workshop.timer_label or "ステップ")
    text = f"残り 約{int(left // 60)}分{int(left % 60):02d}秒" if left > 0 else "時間になりました"
    over = " ws-timer-over" if left <= 0 else ""
    return (
        f'{_TIMER_STYLE}<div class="ws-timer{over}" data-ws-timer-remaining="{left:.1f}" '
        f'data-ws-timer-stamp="{now:.3f}"><div class="ws-timer-label">タイマー：{label}</div>'
        f'<div class="ws-timer-left">{text}</div></div>'
    )


@st.fragment(run_every=15)
def _live_timer(workshop_id: str) -> None:
    workshop = ws_domain.get(store(), workshop_id)
    if workshop is not None and workshop.timer_running:
        st.html(timer_html(workshop))


def page_path(sheet_type: str) -> str:
    return f"app_pages/{sheet_type}.py"


def render_banner() -> None:
    """Sidebar box for participants (workshop, name, team, its sheets) and the facilitator's timer."""
    try:  # the first store access of every page: a failing store gives the Japanese page, not a traceback
        found = membership()
    except Exception as exc:
        store_unavailable(exc)
        return
    if found is None:
        return
    workshop, participant = found
    with st.sidebar, st.container(border=True):
        st.markdown(f"**ワークショップ：{md_escape(workshop.name, 40)}**")
        st.caption(f"{md_escape(participant.name, 30)}（{md_escape(participant.team, 30)}）")
        st.page_link("app_pages/workshop.py", label="参加者ページ", query_params={"ws": participant.id})
        for sheet_type in workshop.sheets:
            st.page_link(page_path(sheet_type), query_params={"ws": participant.id})
    # The timer once, at the top of the page: seen on a phone too, where Streamlit folds the sidebar away.
    # (It was drawn twice, sidebar and phone copy: each copy's refresh was a page run every 15 s per
    # participant, more than all their edits together at a workshop's pace.)
    with st.container(key="ws-timer"):
        _live_timer(workshop.id)


def render_join_form(code: str) -> None:
    """Join with the code, a display name and a team."""
    st.subheader("ワークショップに参加する")
    code = st.text_input("参加コード", value=code, max_chars=12, placeholder="例：K7PM2Q")
    if not code:
        st.caption("ファシリテーターが画面に表示した参加コードを入力するか、QRコードから開いてください。")
        return
    try:
        workshop = _lookup(code)
    except InputError as exc:
        st.error(str(exc))
        return
    if workshop is None:
        st.error(ws_domain.CODE_NOT_FOUND)
        return
    st.markdown(f"**{md_escape(workshop.name, 60)}**（{workshop.held_on:%Y年%m月%d日}）")
    if not workshop.joining_open:
        st.warning(ws_domain.JOINING_CLOSED)
        return
    with st.form("join"):
        name = st.text_input("表示名", max_chars=30, placeholder="例：山田（〇〇市 企画課）")
        team = st.selectbox("チーム", workshop.teams, index=None, placeholder="チームを選んでください")
        if not st.form_submit_button("参加する", type="primary"):
            return
    try:
        _, participant = ws_domain.join(store(), workshop.code, name, team or "", client())
    except InputError as exc:
        st.error(plain(str(exc)))
        return
    st.query_params.clear()
    st.query_params["ws"] = participant.id
    st.rerun()


def _lookup(code: str) -> Workshop | None:
    """The workshop of a typed code. A code this session already looked up is not counted again
    (reruns of the page); its workshop is read fresh (joining may have closed, the code rotated)."""
    code = ws_domain.normalise_code(code)
    seen = st.session_state.get("workshop.lookup")
    if seen is not None and seen[0] == code:
        workshop = ws_domain.get(store(), seen[1]) if seen[1] else None
        return workshop if workshop is not None and workshop.code == code else None
    workshop = ws_domain.find_code(store(), code, client())
    st.session_state["workshop.lookup"] = (code, workshop.id if workshop else "")
    return workshop


def render_participant_home(workshop: Workshop, participant: Participant) -> None:
    st.subheader(f"{md_escape(workshop.name, 60)}（{workshop.held_on:%Y年%m月%d日}）")
    st.markdown(f"参加者：**{md_escape(participant.name, 30)}**　チーム：**{md_escape(participant.team, 30)}**")
    st.info(
        "このページの URL があなた専用の入口です。ブックマークしておくと、別の端末からも同じリンクで続きを開けます。"
        "入力は自動で保存され、ファシリテーターが進み具合を確認できます。ほかの参加者には見えません。"
    )
    rows = {r.sheet_type: r for r in ws_domain.participant_progress(store(), workshop, participant)}
    st.markdown("**このワークショップで記入するシート**")
    for sheet_type in workshop.sheets:
        row = rows.get(sheet_type)
        cols = st.columns([3, 2])
        with cols[0]:
            st.page_link(page_path(sheet_type), query_params={"ws": participant.id})
        with cols[1]:
            percent = row.percent if row else 0
            st.progress(percent / 100, text=f"記入率 {percent}%")
