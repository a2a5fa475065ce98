"""Workshop, facilitator side: create, the projector view (code, link, QR), the timer, the live
dashboard, joining controls (close, rotate the code, remove participants), read-only views of
participants' sheets and the bundle download."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

import pandas as pd
import segno
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from components.safe import md_escape, plain
from components.state import store
from components.workshop_join import client, timer_html
from worksheets import workshop as ws_domain
from worksheets import workshop_bundle
from worksheets.document import document_from_stored
from worksheets.errors import InputError
from worksheets.formats import pdf_format
from worksheets.registry import SHEETS
from worksheets.store import DraftStore
from worksheets.workshop import WORKSHOP_SHEETS, Progress, Workshop

ENV_PUBLIC_URL = "WORKSHEETS_PUBLIC_URL"
DASHBOARD_REFRESH_S = 5
VIEWER_REFRESH_S = 15

BUNDLE_POLL_S = 1.0


@dataclass
class BundleJob:
    """One bundle build on a background thread (never in a page run: participants' reruns go on)."""

    started: float
    finished: float | None = None
    data: bytes | None = None
    problems: list[str] = field(default_factory=list)
    failed: bool = False


# The latest bundle job per workshop, in this process's memory (the facilitator's session is sticky
# to its server; the bundle itself reads every participant's drafts from the shared store).
# Bounded: the oldest finished bundles are dropped.
_BUNDLES: OrderedDict[str, BundleJob] = OrderedDict()
_BUNDLE_LOCK = threading.Lock()
_BUNDLE_KEEP = 20


def base_url() -> str:
    """Where participants reach this server: ``$WORKSHEETS_PUBLIC_URL`` behind a proxy, else this request's host."""
    configured = os.environ.get(ENV_PUBLIC_URL, "").rstrip("/")
    if configured:
        return configured
    url = urlsplit(st.context.url or "http://localhost:8501")
    return f"{url.scheme}://{url.netloc}"


def join_url(workshop: Workshop) -> str:
    return f"{base_url()}/workshop?{urlencode({'code': workshop.code})}"


def admin_url(workshop: Workshop) -> str:
    return f"{base_url()}/workshop_admin?{urlencode({'w': workshop.id})}"


def qr_png(text: str) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=8, border=2)
    return buf.getvalue()


def _key_state(workshop_id: str) -> str:
    return f"workshop.key.{workshop_id}"


def render_create_form() -> None:
    st.subheader("ワークショップを作成する")
    # enter_to_submit=False: Enter in the name field must not create the workshop with the defaults
    # before sheets and teams are chosen; only the button creates it.
    with st.form("create_workshop", enter_to_submit=False):
        name = st.text_input("ワークショップ名", max_chars=80, placeholder="例：〇〇市 課題整理ワークショップ")
        held_on = st.date_input("開催日", value=date.today(), format="YYYY/MM/DD")
        sheets = st.multiselect(
            "使うシート",
            WORKSHOP_SHEETS,
            default=["issue_sheet"],
            format_func=lambda s: SHEETS[s].title,
            placeholder="シートを選んでください",
        )
        teams = st.text_area("チーム（1行に1つ）", value="1班\n2班\n3班", height=120)
        if not st.form_submit_button("作成する", type="primary"):
            return
    try:
        workshop, key = ws_domain.create(store(), ws_domain.setup_from_form(name, held_on, sheets, teams))
    except InputError as exc:
        st.error(plain(str(exc)))
        return
    st.session_state[_key_state(workshop.id)] = key
    st.session_state["workshop.new_key"] = key
    st.query_params.clear()
    st.query_params["w"] = workshop.id
    st.rerun()


def render_key_gate(workshop: Workshop) -> bool:
    """True when this session holds the workshop's facilitator key."""
    held = st.session_state.get(_key_state(workshop.id), "")
    if held and ws_domain.check_key(store(), workshop.id, held):
        return True
    st.subheader("ファシリテーター用ページ")
    st.caption("作成時に表示されたファシリテーターキーを入力してください。")
    with st.form("facilitator_key"):
        key = st.text_input("ファシリテーターキー", type="password")
        if not st.form_submit_button("開く", type="primary"):
            return False
    try:
        ok = ws_domain.try_key(store(), workshop.id, key, client())
    except InputError as exc:
        st.error(str(exc))
        return False
    if ok:
        st.session_state[_key_state(workshop.id)] = key.strip()
        st.rerun()
    st.error("ファシリテーターキーが違います。")
    return False


def _key_notice(workshop: Workshop) -> None:
    key = st.session_state.pop("workshop.new_key", None)
    if not key:
        return
    st.success("ワークショップを作成しました。")
    st.warning("ファシリテーターキーはこの一度だけ表示します。控えておいてください（このページを開くときに必要です）。")
    st.code(key, language=None)
    memo = (
        f"ワークショップ：{workshop.name}\n開催日：{workshop.held_on.isoformat()}\n"
        f"参加コード：{workshop.code}\n参加用リンク：{join_url(workshop)}\n"
        f"ファシリテーター用ページ：{admin_url(workshop)}\nファシリテーターキー：{key}\n"
    )
    st.download_button(
        "控えをテキストで保存",
        memo.encode("utf-8"),
        file_name="workshop_key.txt",
        mime="text/plain",
        icon=":material/key:",
    )


def render_projector(workshop: Workshop) -> None:
    """Code, link and QR code large enough for a projector."""
    with st.container(border=True):
        cols = st.columns([3, 2])
        with cols[0]:
            st.markdown(f"### {md_escape(workshop.name, 60)}")
            st.markdown("参加コード")
            st.markdown(f"# `{workshop.code}`")
            if not workshop.joining_open:
                st.warning("参加の受付は締め切っています。")
            st.markdown("参加用リンク")
            st.code(join_url(workshop), language=None)
        with cols[1]:
            st.image(
                qr_png(join_url(workshop)),
                caption="参加用リンクのQRコード",
                width=260,
                alt="参加用リンクのQRコード（リンクは上に文字でも表示しています）",
            )


def render_timer_controls(workshop: Workshop) -> None:
    with st.form("timer"):
        cols = st.columns([2, 1, 1, 1])
        label = cols[0].text_input(
            "ステップ名", value=workshop.timer_label or "", max_chars=40, placeholder="例：④課題"
        )
        minutes = cols[1].number_input("分", min_value=1, max_value=ws_domain.MAX_TIMER_MINUTES, value=15, step=1)
        start = cols[2].form_submit_button("タイマー開始", type="primary")
        stop = cols[3].form_submit_button("停止")
    if start:
        ws_domain.start_timer(store(), workshop, int(minutes), label)
        st.rerun()
    if stop:
        ws_domain.stop_timer(store(), workshop)
        st.rerun()


def _minimum_mark(row: Progress) -> str:
    if row.minimum_done is None:
        return "—"
    return "✓" if row.minimum_done else "未"


def participant_frame(workshop: Workshop, rows: list[Progress]) -> pd.DataFrame:
    """One row per participant: per sheet the completeness (%) and the minimum set, the overall
    completeness and the last edit (a time, so the column sorts). Look-alike names in one team are
    told apart (「山田（2人目）」)."""
    table: dict[str, dict[str, object]] = {}
    latest: dict[str, float] = {}
    names = ws_domain.display_names(list({r.participant.id: r.participant for r in rows}.values()))
    for row in rows:
        p = row.participant
        line = table.setdefault(p.id, {"チーム": p.team, "表示名": names[p.id]})
        title = SHEETS[row.sheet_type].title
        line[title] = row.percent
        line[f"{title}・最低限"] = _minimum_mark(row)
        if row.updated_at and row.started:
            latest[p.id] = max(latest.get(p.id, 0.0), row.updated_at)
    titles = [SHEETS[s].title for s in workshop.sheets]
    columns = ["チーム", "表示名", "全体", *(c for t in titles for c in (t, f"{t}・最低限")), "最終更新"]
    frame = pd.DataFrame(list(table.values()), columns=columns)
    for title in titles:
        frame[title] = frame[title].fillna(0).astype(int)
    frame["全体"] = frame[titles].mean(axis=1).round().astype(int) if titles else 0
    frame["最終更新"] = pd.to_datetime(
        [datetime.fromtimestamp(latest[pid]) if pid in latest else None for pid in table], errors="coerce"
    )
    return frame


def team_frame(workshop: Workshop, rows: list[Progress]) -> pd.DataFrame:
    """Per team: members and the average completeness (%) per sheet."""
    teams = ws_domain.team_table(workshop, rows)
    members = {t: len({r.participant.id for r in rows if r.participant.team == t}) for t in teams}
    return pd.DataFrame(
        [{"チーム": t, "人数": members[t], **{SHEETS[s].title: v for s, v in values.items()}} for t, values in teams.items()],
        columns=["チーム", "人数", *(SHEETS[s].title for s in workshop.sheets)],
    )


def _progress_columns(workshop: Workshop) -> dict[str, ColumnConfig]:
    return {
        SHEETS[s].title: st.column_config.ProgressColumn(
            SHEETS[s].title, min_value=0, max_value=100, format="%d%%", help="記入率"
        )
        for s in workshop.sheets
    }


@st.fragment(run_every=DASHBOARD_REFRESH_S)
def render_dashboard(workshop_id: str) -> None:
    """Refreshes itself every few seconds; one store query plus cached scoring per refresh."""
    workshop = ws_domain.get(store(), workshop_id)
    if workshop is None:
        return
    rows = ws_domain.progress(store(), workshop)
    if rows:  # team PDFs rendered ahead, off the request path, so the bundle click finds them ready
        workshop_bundle.prerender_soon(store(), workshop)
    total = ws_domain.summary(rows)
    cols = st.columns(4)
    cols[0].metric("参加者", f"{total.participants}人")
    cols[1].metric("記入を始めたシート", f"{total.started} / {total.pairs}")
    cols[2].metric("最低限の項目がそろったシート", f"{total.minimum_done} / {total.pairs}")
    if workshop.timer_running:
        with cols[3]:
            st.html(timer_html(workshop))
    st.caption(f"{DASHBOARD_REFRESH_S}秒ごとに自動で更新します（最終更新 {datetime.now():%H:%M:%S}）。")
    _bundle_notice(workshop_id)
    unreadable = [r for r in rows if r.error]
    if unreadable:
        names = ws_domain.display_names([r.participant for r in unreadable])
        st.warning(
            "読み込めない下書きがあります（一括ダウンロードには入りません）："
            + "、".join(
                md_escape(f"{names[r.participant.id]}（{r.participant.team}）の{SHEETS[r.sheet_type].title}", 120)
                for r in unreadable
            ),
            icon=":material/warning:",
        )
    if not rows:
        st.info("まだ参加者はいません。参加コードかQRコードで参加してもらってください。")
        return
    st.markdown("**チーム別の平均記入率**")
    st.dataframe(
        team_frame(workshop, rows),
        hide_index=True,
        width="stretch",
        column_config={"人数": st.column_config.NumberColumn("人数", format="%d人"), **_progress_columns(workshop)},
    )
    st.markdown("**参加者別**（列の見出しで並べ替えられます。最低限の項目 ✓ そろった／未 未記入あり／— 未着手）")
    st.dataframe(
        participant_frame(workshop, rows),
        hide_index=True,
        width="stretch",
        column_config={
            "全体": st.column_config.ProgressColumn("全体", min_value=0, max_value=100, format="%d%%", help="全シートの平均記入率"),
            **_progress_columns(workshop),
            "最終更新": st.column_config.DatetimeColumn("最終更新", format="HH:mm:ss"),
        },
    )


@st.fragment(run_every=VIEWER_REFRESH_S)
def render_viewer(workshop: Workshop) -> None:
    """Any participant's sheet, read-only, with its PDF; the list follows new participants."""
    rows = [r for r in ws_domain.progress(store(), workshop) if r.draft is not None]
    if not rows:
        st.caption("まだ表示できるシートはありません。")
        return
    rows = [r for r in rows if not r.error]
    by_id = {f"{r.participant.id}:{r.sheet_type}": r for r in rows}  # stable while the list grows
    names = ws_domain.display_names(list({r.participant.id: r.participant for r in rows}.values()))
    pick = st.selectbox(
        "参加者とシート",
        list(by_id),
        format_func=lambda i: (
            f"{by_id[i].participant.team} / {names[by_id[i].participant.id]} / {SHEETS[by_id[i].sheet_type].title}"
        ),
        key="viewer.pick",
    )
    if not rows:
        return
    row = by_id.get(pick or "", rows[0])
    assert row.draft is not None
    doc = document_from_stored(row.sheet_type, row.draft.data)
    st.download_button(
        "このシートのPDF",
        data=lambda: pdf_format.export(doc),
        file_name=f"{workshop_bundle.safe_name(row.participant.name)}_{row.sheet_type}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="viewer.pdf",
    )
    with st.container(border=True, height=520):
        for label, value in ws_domain.answers(row.draft):
            st.markdown(f"**{md_escape(label, 60)}**")
            st.text(value or "（未記入）")


def _remember(workshop_id: str, job: BundleJob) -> None:
    with _BUNDLE_LOCK:
        _BUNDLES[workshop_id] = job
        _BUNDLES.move_to_end(workshop_id)
        for old in [k for k, j in _BUNDLES.items() if j.finished is not None][: max(0, len(_BUNDLES) - _BUNDLE_KEEP)]:
            del _BUNDLES[old]


def bundle_job(workshop_id: str) -> BundleJob | None:
    with _BUNDLE_LOCK:
        return _BUNDLES.get(workshop_id)


def _build_and_remember(drafts: DraftStore, workshop: Workshop, job: BundleJob | None = None) -> bytes:
    """Build the bundle and keep it (and what it left out) for the facilitator's page."""
    job = job or BundleJob(started=time.time())
    try:
        bundle = workshop_bundle.build_bundle(drafts, workshop)
        job.data, job.problems = bundle.data, bundle.problems
        return bundle.data
    except Exception:
        logging.getLogger(__name__).exception("workshop bundle failed")
        job.failed = True
        raise
    finally:
        job.finished = time.time()
        _remember(workshop.id, job)


def start_bundle(drafts: DraftStore, workshop: Workshop) -> BundleJob:
    """Start building on a background thread, unless a build for this workshop is running."""
    with _BUNDLE_LOCK:
        running = _BUNDLES.get(workshop.id)
        if running is not None and running.finished is None:
            return running
    job = BundleJob(started=time.time())
    _remember(workshop.id, job)

    def work() -> None:
        with contextlib.suppress(Exception):  # logged and shown on the page (job.failed)
            _build_and_remember(drafts, workshop, job)

    threading.Thread(target=work, name=f"bundle-{workshop.id}", daemon=True).start()
    return job


def _bundle_notice(workshop_id: str) -> None:
    """What the last bundle left out (it still delivered everything else)."""
    job = bundle_job(workshop_id)
    if job is None or job.finished is None or not job.problems:
        return
    st.warning(
        f"{datetime.fromtimestamp(job.finished):%H:%M}の一括ダウンロードに入らなかった項目があります"
        f"（ほかの項目はZIPに入っています。理由はZIP内の「{workshop_bundle.REPORT_NAME}」にもあります）：\n\n"
        + "\n".join(f"- {md_escape(p, 200)}" for p in job.problems[:20])
        + ("\n- …" if len(job.problems) > 20 else ""),
        icon=":material/warning:",
    )


@st.fragment(run_every=BUNDLE_POLL_S)
def _bundle_progress(workshop_id: str) -> None:
    """While the bundle builds: the elapsed time, polled; when it is ready, redraw the page."""
    job = bundle_job(workshop_id)
    if job is None or job.finished is not None:
        st.rerun()
    assert job is not None
    st.info(
        f"一括ダウンロードを作成しています…（{time.time() - job.started:.0f}秒経過）。"
        "参加者の入力はそのまま続けられます。",
        icon=":material/hourglass_top:",
    )


def render_bundle(workshop: Workshop) -> None:
    drafts = store()  # the build runs on another thread: hand it the store, not the session
    job = bundle_job(workshop.id)
    if job is not None and job.finished is None:
        _bundle_progress(workshop.id)
        return
    if job is not None and job.data is not None and job.finished is not None:
        st.download_button(
            "一括ダウンロード（ZIP：チームごとのPDF、集計用Excel、JSON）",
            data=job.data,
            file_name=workshop_bundle.file_name(workshop),
            mime="application/zip",
            type="primary",
            icon=":material/folder_zip:",
        )
        st.caption(
            f"{datetime.fromtimestamp(job.finished):%H:%M:%S}時点の内容です（{len(job.data) / 1e6:.1f} MB）。"
            "その後の入力を入れるには作り直してください。"
        )
    elif job is not None and job.failed:
        st.error("一括ダウンロードを作成できませんでした。もう一度作成してください。", icon=":material/error:")
    label = "一括ダウンロードを作り直す" if job is not None and job.data is not None else "一括ダウンロードを作成する"
    if st.button(label, icon=":material/autorenew:", key="bundle.start"):
        start_bundle(drafts, workshop)
        st.rerun()
    st.caption("PDF はチームごとに1つ、Excel は参加者×シートごとに1行（「一覧」）とシート別の回答一覧です。")


def render_joining_controls(workshop: Workshop) -> None:
    """Close joining, change the join code, take participants off the workshop."""
    notice = st.session_state.pop("workshop.control_notice", "")
    if notice:
        st.success(notice)
    cols = st.columns(2)
    if workshop.joining_open:
        cols[0].caption("参加を受け付けています。全員がそろったら締め切ると、コードを知っていても参加できなくなります。")
        if cols[0].button("参加を締め切る", icon=":material/lock:", key="joining.close"):
            ws_domain.set_joining(store(), workshop, open_=False)
            st.session_state["workshop.control_notice"] = "参加の受付を締め切りました。"
            st.rerun()
    else:
        cols[0].caption("参加の受付を締め切っています。")
        if cols[0].button("参加の受付を再開する", icon=":material/lock_open:", key="joining.open"):
            ws_domain.set_joining(store(), workshop, open_=True)
            st.session_state["workshop.control_notice"] = "参加の受付を再開しました。"
            st.rerun()
    cols[1].caption("コードが外に漏れたときは変更してください。参加済みの人はそのまま続けられます。")
    if cols[1].button("参加コードを変更する", icon=":material/autorenew:", key="joining.rotate"):
        code = ws_domain.rotate_code(store(), workshop)
        st.session_state["workshop.control_notice"] = f"参加コードを {code} に変更しました。前のコードはもう使えません。"
        st.rerun()
    _removal_form(workshop.id)


@st.fragment
def _removal_form(workshop_id: str) -> None:
    """Its own fragment: 「一覧を更新」 reruns only this part to list people who joined since."""
    workshop = ws_domain.get(store(), workshop_id)
    if workshop is None:
        return
    people = store().participants(workshop.id)
    st.button("参加者の一覧を更新", icon=":material/refresh:", key="remove.refresh")
    if not people:
        st.caption("まだ参加者はいません。")
        return
    names = ws_domain.display_names(people)
    labels = {p.id: f"{names[p.id]}（{p.team}）" for p in people}
    with st.form("remove_participants"):
        chosen = st.multiselect(
            "参加者を外す",
            list(labels),
            format_func=lambda pid: labels.get(pid, pid),
            placeholder="外す参加者を選んでください",
        )
        st.caption("外した参加者はダッシュボードと一括ダウンロードから外れます（その人の入力は削除しません）。")
        if not st.form_submit_button("選んだ参加者を外す"):
            return
    if not chosen:
        st.error("外す参加者を選んでください。")
        return
    n = ws_domain.remove_participants(store(), workshop, chosen)
    st.session_state["workshop.control_notice"] = f"{n}人を外しました。"
    st.rerun()


def render_admin(workshop: Workshop) -> None:
    _key_notice(workshop)
    render_projector(workshop)
    st.markdown("#### ステップタイマー")
    render_timer_controls(workshop)
    st.markdown("#### 進み具合")
    render_dashboard(workshop.id)
    st.markdown("#### 参加の受付")
    render_joining_controls(workshop)
    st.markdown("#### シートを見る（読み取り専用）")
    render_viewer(workshop)
    st.markdown("#### まとめてダウンロード")
    render_bundle(workshop)
    st.caption(f"ファシリテーター用ページ：{admin_url(workshop)}（開くにはファシリテーターキーが必要です）")
