"""Review links in the app: the author creates one, the counterpart comments on the read-only page,
the author applies and resolves, revokes, and the link is refused after that."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.state import store
from tests.app.helpers import key, open_page, texts, url_params
from tests.conftest import ROOT
from worksheets import history, review


def _review_page(review_id: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["review"] = review_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _comment(at: AppTest, path: str, name: str, body: str, suggestion: str = "") -> AppTest:
    if "|" not in path:  # a sheet's link: the field of its one draft
        review_id = at.query_params["review"]
        found = review.get(store(), review_id[0] if isinstance(review_id, list) else review_id)
        assert found is not None
        path = f"{found.draft}|{path}"
    at.selectbox(key="review.path").set_value(path)
    at.text_input(key="review.name").input(name)
    at.text_area[0].input(body)  # keys carry a generation (the form empties after sending)
    at.text_area[1].input(suggestion)
    at.button[-1].click().run()  # the form's submit button
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_review_link_round_trip() -> None:
    author = open_page("issue_sheet")
    author.text_input(key=key("issue_sheet", "theme")).input("外国人市民への情報提供").run()
    author.text_input(key=key("issue_sheet", "municipality")).input("〇〇市 <script>").run()
    params = url_params(author)
    author = open_page("issue_sheet", params)
    author.button(key="review.create.issue_sheet").click().run()
    [link] = review.links(store(), params["draft"])
    assert f"?review={link.id}" in author.code[0].value
    assert params["draft"] not in author.code[0].value  # the edit link is never in the review link

    reader = _review_page(link.id)
    shown = texts(reader) + "\n".join(str(t.value) for t in reader.text)
    assert "外国人市民への情報提供" in shown
    assert "〇〇市 <script>" in [str(t.value) for t in reader.text]  # plain text, literally
    assert not reader.sidebar.markdown  # no drafts list, no navigation: only the review page
    assert params["ws"] not in str(reader.query_params)
    _comment(reader, "theme", "△△課 山田", "「市民」より「住民」では？", "外国人住民への情報提供")
    _comment(reader, "municipality", "△△課 山田", "[リンク](http://evil.example) 部署名も")
    assert "「自治体名」へのコメントを送りました。" in texts(reader)
    assert "[リンク](http://evil.example) 部署名も" in "\n".join(str(t.value) for t in reader.text)

    author = open_page("issue_sheet", params)
    assert "相手方からのコメント：テーマ 1件（未解決1件）、自治体名 1件（未解決1件）" in texts(author)
    comments = review.comments(store(), params["draft"])
    first = next(c for c in comments if c.path == "theme")
    second = next(c for c in comments if c.path == "municipality")
    author.button(key=f"review.apply.{first.id}").click().run()
    assert author.text_input(key=key("issue_sheet", "theme")).value == "外国人住民への情報提供"
    assert history.versions(store(), params["draft"])[0].version == 3
    author.button(key=f"review.res.{second.id}").click().run()
    author.text_input(key=f"review.answer.{second.id}").input("追記しました")
    author.button(key=f"review.ans.{second.id}").click().run()
    assert all(c.resolved for c in review.comments(store(), params["draft"]))

    reader = _review_page(link.id)
    assert "作成者の回答：追記しました" in [str(t.value) for t in reader.text]
    author = open_page("issue_sheet", params)
    author.button(key=f"review.revoke.{link.id}").click().run()
    reader = _review_page(link.id)
    assert "この確認用リンクは、作成者によって無効にされました" in texts(reader)
    assert "外国人住民への情報提供" not in "\n".join(str(t.value) for t in reader.text)


def test_a_draft_id_is_not_a_review_link() -> None:
    author = open_page("issue_sheet")
    author.text_input(key=key("issue_sheet", "theme")).input("秘密のテーマ").run()
    params = url_params(author)
    reader = _review_page(params["draft"])
    assert "この確認用リンクは見つかりません" in texts(reader)
    assert "秘密のテーマ" not in texts(reader) + "\n".join(str(t.value) for t in reader.text)


def test_review_form_empties_after_sending_and_keeps_refused_input() -> None:
    author = open_page("issue_sheet")
    author.text_input(key=key("issue_sheet", "theme")).input("テーマ").run()
    link = review.create(store(), url_params(author)["draft"])
    reader = _review_page(link.id)
    reader.text_area[0].input("名前がないコメント")
    reader.button[-1].click().run()
    assert "お名前（所属）を入力してください。" in texts(reader)
    assert reader.text_area[0].value == "名前がないコメント"  # refused input is kept
    _comment(reader, "theme", "山田", "一つ目", "提案")
    assert [t.value for t in reader.text_area] == ["", ""]  # the next comment starts empty
    _comment(reader, "theme", "山田", "二つ目")
    assert [c.suggestion for c in review.comments(store(), link.draft)] == ["提案", ""]
