"""The 案件 page: its sheets with completeness, the guide's stage, next actions, the meeting log,
「前回からの変更点」 PDF, and the 案件 file (export / import)."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from components.safe import md_escape
from components.state import store, store_unavailable, updated_label, workspace_id
from worksheets import case_file, cases, history, review
from worksheets.document import document_from_draft
from worksheets.errors import InputError
from worksheets.formats import case_pdf
from worksheets.registry import SHEETS
from worksheets.spec import completeness
from worksheets.store import Draft

_STAGE_CHOICES = [""] + [f"{book}：{stage}" for book, stages in cases.STAGES.items() for stage in stages]


def _case() -> cases.Case | None:
    ws = workspace_id()
    listed = cases.cases(store(), ws)
    wanted = st.query_params.get("case")
    options = [c.id for c in listed]
    names = {c.id: c.name for c in listed}
    if not options:
        return None
    index = options.index(wanted) if wanted in options else 0
    chosen = st.selectbox("案件", options, index=index, format_func=lambda i: names[i], key="case.pick")
    if st.query_params.get("case") != chosen:
        st.query_params["case"] = chosen
    return cases.get(store(), str(chosen), ws)


def _new_case() -> None:
    with st.form("case.new", clear_on_submit=True):
        name = st.text_input(
            "新しい案件の名前",
            placeholder="〇〇市 × 株式会社△△ 外国人市民への情報提供",
            max_chars=cases.NAME_MAX,
            key="case.new.name",
        )
        if st.form_submit_button("案件を作る", key="case.new.go"):
            try:
                case = cases.create(store(), workspace_id(), name)
            except InputError as exc:
                st.error(str(exc))
                return
            st.query_params["case"] = case.id
            st.rerun()


def _sheets(case: cases.Case) -> list[Draft]:
    drafts = cases.sheets(store(), case)
    st.subheader("シート")
    if not drafts:
        st.caption("まだシートがありません。下で、このワークスペースの下書きを追加してください。")
    for d in drafts:
        parts = completeness(document_from_draft(d).sheet)
        done = sum(p.state == "done" for p in parts)
        label = f"{SHEETS[d.sheet_type].title}：{md_escape(d.title or '（無題）', 40)}（記入済み {done}/{len(parts)} 部分、第{d.version}版、{updated_label(d.updated_at)}）"
        st.page_link(f"app_pages/{d.sheet_type}.py", label=label, query_params={"ws": case.workspace, "draft": d.id})
    inside = {d.id for d in drafts}
    others = [d for d in store().recent(case.workspace, limit=100) if d.id not in inside]
    if others:
        a, b = st.columns([3, 1])
        pick = a.selectbox(
            "このワークスペースの下書きを追加",
            [d.id for d in others],
            format_func=lambda i: next(
                f"{SHEETS[d.sheet_type].title}：{d.title or '（無題）'}" for d in others if d.id == i
            ),
            key="case.add",
        )
        if b.button("追加する", key="case.add.go"):
            cases.add_sheet(store(), case, str(pick))
            st.rerun()
    return drafts


def _stage(case: cases.Case) -> None:
    current = next((c for c in _STAGE_CHOICES if c and c.split("：", 1)[1] == case.stage), "")
    chosen = st.selectbox(
        "実践ガイドの段階（自治体編・スタートアップ編の5つの段階から選びます）",
        _STAGE_CHOICES,
        index=_STAGE_CHOICES.index(current),
        format_func=lambda c: c or "（未選択）",
        key="case.stage",
    )
    stage = chosen.split("：", 1)[1] if chosen else ""
    guidance = cases.stage_guidance(stage)
    if guidance:
        *quotes, source = guidance.split("\n")
        st.markdown("**この段階で実践ガイドが示すこと**")
        for quote in quotes:
            st.caption(f"「{quote}」")
        st.caption(source)
    if stage != case.stage:
        cases.set_stage(store(), case, stage)


def _version_label(labels: dict[int, str], n: int) -> str:
    return "扱っていない" if n == 0 else labels.get(n, f"第{n}版（現在）")


def _meetings(case: cases.Case, drafts: list[Draft]) -> None:
    st.subheader("面談記録")
    log = cases.meetings(store(), case)
    for m in reversed(log):
        with st.container(border=True):
            st.markdown(f"**{m.held_on} の面談**")
            st.text(f"出席者：{m.attendees or '—'}")
            titles = {d.id: SHEETS[d.sheet_type].title for d in drafts}
            st.text(
                "扱った版："
                + ("、".join(f"{titles.get(k, '（案件外のシート）')} 第{v}版" for k, v in m.discussed.items()) or "—")
            )
            for k, note in m.notes.items():
                st.text(f"メモ（{_note_place(k, drafts)}）：{note}" if k else f"メモ：{note}")
            for i, a in enumerate(m.actions):
                done = st.checkbox(
                    f"{md_escape(a.text, 100)}（担当：{md_escape(a.owner or '—', 30)}、期限：{a.due or '—'}）",
                    value=a.done,
                    key=f"case.action.{m.id}.{i}",
                )
                if done != a.done:
                    cases.set_action_done(store(), case, m.id, i, done)
    with st.expander("面談を記録する"), st.form("case.meeting", clear_on_submit=True):
        held = st.date_input("面談日", value=date.today(), key="case.m.date")
        attendees = st.text_input("出席者（団体・課など）", key="case.m.who", max_chars=400)
        discussed: dict[str, int] = {}
        for d in drafts:
            named = history.named(store(), d.id)
            options = (
                [0] + [v.version for v in named] + ([d.version] if d.version not in [v.version for v in named] else [])
            )
            labels = {v.version: f"第{v.version}版「{v.name}」" for v in named}
            discussed[d.id] = st.selectbox(
                f"{SHEETS[d.sheet_type].title}：{d.title or '（無題）'} で扱った版",
                options,
                format_func=partial(_version_label, labels),
                key=f"case.m.v.{d.id}",
            )
        notes = st.text_area("メモ（面談全体）", key="case.m.notes", max_chars=cases.TEXT_MAX)
        places = {
            f"{d.id}:{p}": f"{SHEETS[d.sheet_type].title}：{lbl}" for d in drafts for p, lbl in review.fields(d).items()
        }
        place = st.selectbox(
            "項目へのメモ（任意）：項目",
            ["", *places],
            format_func=lambda k: places.get(k, "（選ばない）"),
            key="case.m.place",
        )
        field_note = st.text_area("項目へのメモ", key="case.m.fieldnote", max_chars=cases.TEXT_MAX)
        actions = st.text_area(
            "次のアクション（1行に1つ：内容／担当／期限 YYYY-MM-DD）",
            key="case.m.actions",
            max_chars=cases.TEXT_MAX,
        )
        if st.form_submit_button("面談を記録する", key="case.m.go"):
            try:
                parsed = []
                for line in actions.splitlines():
                    bits = [b.strip() for b in line.replace("/", "／").split("／")]
                    if bits and bits[0]:
                        parsed.append(
                            cases.Action(bits[0], bits[1] if len(bits) > 1 else "", bits[2] if len(bits) > 2 else "")
                        )
                cases.add_meeting(
                    store(),
                    case,
                    held.isoformat() if isinstance(held, date) else str(held),
                    attendees,
                    {k: v for k, v in discussed.items() if v},
                    {"": notes, **({place: field_note} if place else {})},
                    parsed,
                )
            except InputError as exc:
                st.error(str(exc))
                return
            st.rerun()


def _files(case: cases.Case) -> None:
    st.subheader("印刷・書き出し")
    a, b = st.columns(2)
    if a.button("「前回からの変更点」PDF を作る", key="case.pdf"):
        st.session_state["case.pdf.data"] = case_pdf.for_case(store(), case)
    if "case.pdf.data" in st.session_state:
        a.download_button(
            "PDF をダウンロード",
            st.session_state["case.pdf.data"],
            "前回からの変更点.pdf",
            "application/pdf",
            key="case.pdf.dl",
        )
    b.download_button(
        "案件ファイル（JSON）を書き出す",
        lambda: case_file.dumps(store(), case),
        "案件.json",
        "application/json",
        key="case.json.dl",
    )
    if b.button("案件ファイル（Excel）を作る", key="case.xlsx"):
        try:
            st.session_state[f"case.xlsx.{case.id}"] = case_file.dumps_xlsx(store(), case)
        except InputError as exc:
            b.error(str(exc))
    if f"case.xlsx.{case.id}" in st.session_state:
        b.download_button(
            "案件ファイル（Excel）をダウンロード",
            st.session_state[f"case.xlsx.{case.id}"],
            "案件.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="case.xlsx.dl",
        )


def _import() -> None:
    with st.expander("案件ファイル（JSON・Excel）を読み込む"):
        up = st.file_uploader("案件ファイル", type=["json", "xlsx"], key="case.upload")
        if up is not None and st.button("新しい案件として読み込む", key="case.upload.go"):
            try:
                case = case_file.load(store(), workspace_id(), up.getvalue())
            except InputError as exc:
                st.error(str(exc))
                return
            st.query_params["case"] = case.id
            st.rerun()


def _note_place(note_key: str, drafts: list[Draft]) -> str:
    draft_id, _, path = note_key.partition(":")
    found = next((d for d in drafts if d.id == draft_id), None)
    if found is None:
        return "案件外のシート"
    return f"{SHEETS[found.sheet_type].title}：{history.label(found.sheet_type, path)}"


def _deadlines(case: cases.Case, drafts: list[Draft]) -> None:
    """The next dated deadlines from the 案件's timeline(s) (目安, as on the timeline page)."""
    from worksheets.timeline_resolve import resolve

    today = date.today()
    found = []
    for d in drafts:
        if d.sheet_type == "timeline_plan":
            plan = cases.plan_with_actions(store(), d.id, document_from_draft(d).sheet)
            found += [(x.day, x.label) for x in resolve(plan, today).verdict.deadlines if x.day >= today]
    if found:
        st.subheader("次の期限（タイムラインから・目安）")
        for day, label in sorted(found)[:5]:
            st.text(f"{day:%Y-%m-%d}　{label}")


def _case_links(case: cases.Case) -> None:
    from components.review_panel import review_url

    with st.expander("確認用リンク（案件全体）"):
        st.caption(
            "相手方が、この案件のすべてのシートを読み、項目ごとにコメントできるリンクです。"
            "編集はできず、案件外の下書きは見えません。いつでも無効にできます。"
        )
        if st.button("案件全体の確認用リンクを作る", key="case.review.create"):
            review.create_for_case(store(), case.id)
        for link in review.case_links(store(), case.id):
            if link.active:
                st.code(review_url(link.id), language=None)
                if st.button(
                    f"このリンクを無効にする（{updated_label(link.created_at)} 作成）",
                    key=f"case.review.revoke.{link.id}",
                ):
                    review.revoke_case_link(store(), case.id, link.id)
                    st.rerun()
            else:
                st.caption(f"{updated_label(link.created_at)} 作成のリンク：無効にしました")


def render_case_page() -> None:
    st.title("案件")
    st.write(
        "1つの提案（案件）のシートをまとめ、実践ガイドのどの段階にいるか、面談で何を決めたかを記録します。"
        "次の面談には「前回からの変更点」を印刷して持っていけます。"
    )
    try:
        case = _case()
        _new_case()
        if case is None:
            st.caption("まだ案件がありません。名前を入れて作ってください。")
            _import()
            return
        _stage(case)
        drafts = _sheets(case)
        _deadlines(case, drafts)
        actions = cases.open_actions(store(), case)
        if actions:
            st.subheader("次のアクション（未完了、期限順）")
            for m, a in actions[:10]:
                st.text(f"{a.due or '期限なし'}　{a.text}（担当：{a.owner or '—'}、{m.held_on} の面談で決定）")
        _meetings(case, drafts)
        _case_links(case)
        _files(case)
        _import()
    except InputError as exc:
        st.error(str(exc))
    except Exception as exc:
        store_unavailable(exc)
