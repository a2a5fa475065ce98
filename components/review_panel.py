"""Review links on both sides: the author's panel on the sheet page, and the counterpart's read-only page.

Comment text is untrusted: it is shown with ``st.text`` (never interpreted) or escaped for Markdown.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

import streamlit as st

from components import reruns
from components.safe import md_escape
from components.state import OpenSheet, current, save_sheet, store, store_unavailable
from worksheets import review
from worksheets.errors import InputError
from worksheets.history import flatten
from worksheets.links import as_text
from worksheets.registry import SHEETS
from worksheets.store import Draft


def _time(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def review_url(review_id: str) -> str:
    """The link to give the counterpart: this server's address with only ``?review=…``."""
    try:
        here = urlsplit(str(st.context.url or ""))
        base = f"{here.scheme}://{here.netloc}/" if here.scheme and here.netloc else "/"
    except Exception:
        base = "/"
    return f"{base}?review={review_id}"


# -- the author's side -------------------------------------------------------------------------


def _create(sheet_type: str) -> None:
    cur = current(sheet_type)
    review.create(store(), cur.draft_id)
    st.session_state["review.msg"] = (
        "確認用リンクを作りました。相手方に送ってください（編集用の URL は送らないでください）。"
    )


def _revoke(sheet_type: str, review_id: str) -> None:
    if review.revoke(store(), current(sheet_type).draft_id, review_id):
        st.session_state["review.msg"] = (
            "確認用リンクを無効にしました。このリンクを開いても、もう内容は表示されません。"
        )


def _answer(sheet_type: str, comment_id: str) -> None:
    text = str(st.session_state.get(f"review.answer.{comment_id}") or "")
    review.answer(store(), current(sheet_type).draft_id, comment_id, text)
    st.session_state["review.msg"] = "回答を保存しました。"


def _resolve(sheet_type: str, comment_id: str, resolved: bool) -> None:
    review.resolve(store(), current(sheet_type).draft_id, comment_id, resolved)


def _apply(sheet_type: str, comment_id: str) -> None:
    cur = current(sheet_type)
    found = review.comment(store(), cur.draft_id, comment_id)
    if found is None:
        return
    try:
        sheet = review.with_suggestion(cur.sheet, found)
    except InputError as exc:
        st.session_state["review.err"] = str(exc)
        return
    save_sheet(cur, sheet, reseed=True)
    if cur.unsaved is None:
        review.mark_applied(store(), cur.draft_id, comment_id, cur.version)
        st.session_state["review.msg"] = (
            f"提案を反映し、第{cur.version}版として保存しました（それまでの版も残っています）。"
        )


def _comment_box(sheet_type: str, c: review.Comment, label: str) -> None:
    with st.container(border=True):
        state = "解決済み" if c.resolved else "未解決"
        st.markdown(f"**{md_escape(label)}**　{state}・{_time(c.created_at)}（第{c.version}版へのコメント）")
        st.text(f"{c.author}：{c.body}" if c.body else c.author)
        if c.suggestion:
            st.caption("提案された文章")
            st.text(c.suggestion)
        st.text_input("回答", value=c.answer, key=f"review.answer.{c.id}", max_chars=review.ANSWER_MAX)
        a, b, d = st.columns(3)
        a.button("回答を保存", key=f"review.ans.{c.id}", on_click=_answer, args=(sheet_type, c.id))
        b.button(
            "未解決に戻す" if c.resolved else "解決済みにする",
            key=f"review.res.{c.id}",
            on_click=_resolve,
            args=(sheet_type, c.id, not c.resolved),
        )
        if c.suggestion and not c.applied_version:
            d.button(
                "提案を反映（新しい版）",
                key=f"review.apply.{c.id}",
                on_click=reruns.redraw_body,  # the form above shows the new text
                args=(sheet_type, _apply, c.id),
            )
        elif c.applied_version:
            d.caption(f"第{c.applied_version}版に反映済み")


def render_reviews(cur: OpenSheet) -> None:
    """Above the form: comment counts per field, the comments, and the review links."""
    if not cur.draft_id:
        return
    try:
        found = review.comments(store(), cur.draft_id)
    except Exception as exc:
        store_unavailable(exc)
        return
    counts = review.count_by_path(found)
    order = {p: i for i, p in enumerate(flatten(cur.sheet.model_dump(mode="json")))}
    counts = dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order))))  # the form's order
    labels = {p: _label(cur, p) for p in counts}
    if counts:
        summary = "、".join(f"{labels[p]} {n}件" + (f"（未解決{o}件）" if o else "") for p, (n, o) in counts.items())
        st.info(f"相手方からのコメント：{md_escape(summary, 400)}")
    with st.expander("確認用リンクとコメント"):  # a fixed label: the expander stays open while counts change
        message, error = st.session_state.pop("review.msg", ""), st.session_state.pop("review.err", "")
        if message:
            st.success(message)
        if error:
            st.error(error)
        st.caption(
            "確認用リンクを開いた相手は、アカウントなしでこのシートを読み、項目ごとにコメントや文章の提案を書けます。"
            "編集はできず、ほかの下書きも見えません。リンクはいつでも無効にできます。"
        )
        st.button("確認用リンクを作る", key=f"review.create.{cur.sheet_type}", on_click=_create, args=(cur.sheet_type,))
        for link in review.links(store(), cur.draft_id):
            if link.active:
                st.code(review_url(link.id), language=None)
                st.button(
                    f"このリンクを無効にする（{_time(link.created_at)} 作成）",
                    key=f"review.revoke.{link.id}",
                    on_click=_revoke,
                    args=(cur.sheet_type, link.id),
                )
            else:
                st.caption(f"{_time(link.created_at)} 作成のリンク：{_time(link.revoked_at)} に無効にしました")
        for c in found:
            _comment_box(cur.sheet_type, c, labels.get(c.path) or _label(cur, c.path))


def _label(cur: OpenSheet, path: str) -> str:
    from worksheets.history import label

    try:
        return label(cur.sheet_type, path)
    except Exception:
        return path


# -- the counterpart's page --------------------------------------------------------------------


def _sheet_view(draft: Draft, mine: list[review.Comment]) -> None:
    by_path: dict[str, list[review.Comment]] = defaultdict(list)
    for c in mine:
        by_path[c.path].append(c)
    values = flatten(json.loads(draft.data))
    for path, lbl in review.fields(draft).items():
        with st.container(border=True):
            st.markdown(f"**{md_escape(lbl)}**" + (f"　コメント {len(by_path[path])}件" if by_path[path] else ""))
            st.text(as_text(values.get(path)) or "（空欄）")
            for c in by_path[path]:
                st.caption(f"{_time(c.created_at)} のコメント" + ("（解決済み）" if c.resolved else ""))
                st.text(f"{c.author}：{c.body}" if c.body else c.author)
                if c.suggestion:
                    st.text(f"提案：{c.suggestion}")
                if c.answer:
                    st.text(f"作成者の回答：{c.answer}")


def render_review_page() -> None:
    st.title("シートの確認（閲覧とコメント）")
    review_id = str(st.query_params.get("review") or "")
    try:
        opened = review.open_case_review(store(), review_id)
        if opened is not None:
            link, drafts = opened
        else:
            link, draft = review.open_review(store(), review_id)
            drafts = [draft]
    except review.ReviewClosed as exc:
        st.error(str(exc))
        return
    whole_case = opened is not None
    st.caption(
        "作成者から共有された確認用のページです。内容は変更できません。項目ごとにコメントや文章の提案を送れます。"
    )
    message = st.session_state.pop("review.sent", "")
    if message:
        st.success(message)
    mine: dict[str, list[review.Comment]] = defaultdict(list)
    rows = store().db.read("SELECT * FROM comments WHERE review = ? ORDER BY created_at", (link.id,))
    for c in (review.Comment(**r) for r in rows):
        mine[c.draft].append(c)
    labels: dict[str, str] = {}
    for d in drafts:
        title = SHEETS[d.sheet_type].title
        st.subheader(f"{title}：{md_escape(d.title or '（無題）', 60)}" if whole_case else title)
        st.caption(f"第{d.version}版、{_time(d.updated_at)} 更新")
        _sheet_view(d, mine[d.id])
        for path, lbl in review.fields(d).items():
            labels[f"{d.id}|{path}"] = f"{title}：{lbl}" if whole_case else lbl
    if not drafts:
        st.info("この案件には、いま確認できるシートがありません。")
        return
    st.subheader("コメントを送る")
    gen = int(st.session_state.get("review.gen", 0))  # a new generation empties the form after a comment is sent
    with st.form("review.form", clear_on_submit=False):  # refused input stays in the form
        choice = st.selectbox("項目", list(labels), format_func=lambda p: labels[p], key="review.path")
        name = st.text_input("お名前（所属・課）", key="review.name", max_chars=review.NAME_MAX)
        body = st.text_area("コメント", key=f"review.body.{gen}", max_chars=review.BODY_MAX)
        suggestion = st.text_area(
            "提案する文章（任意：この項目をこの文章に置き換える案）",
            key=f"review.suggestion.{gen}",
            max_chars=review.SUGGESTION_MAX,
        )
        sent = st.form_submit_button("コメントを送る")
    if sent:
        draft_id, _, path = str(choice).partition("|")
        try:
            if whole_case:
                review.add_case_comment(store(), link.id, draft_id, path, name or "", body or "", suggestion or "")
            else:
                review.add_comment(store(), link.id, path, name or "", body or "", suggestion or "")
        except InputError as exc:  # ReviewClosed included: the link was revoked meanwhile
            st.error(str(exc))
            return
        st.session_state["review.sent"] = f"「{labels[str(choice)]}」へのコメントを送りました。"
        st.session_state["review.gen"] = gen + 1
        st.rerun()
