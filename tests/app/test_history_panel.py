"""The history panel on a sheet page: versions listed with changed fields, compared, restored, named."""

from __future__ import annotations

from components.state import store
from tests.app.helpers import key, open_page, texts, url_params
from worksheets import history


def test_history_lists_compares_restores_and_names() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("外国人市民への情報提供").run()
    at.text_input(key=key("issue_sheet", "theme")).input("外国人住民への情報提供").run()
    at.text_input(key=key("issue_sheet", "municipality")).input("〇〇市").run()
    params = url_params(at)
    at = open_page("issue_sheet", params)
    at.toggle(key="hist.show.issue_sheet").set_value(True).run()
    shown = texts(at)
    assert "第3版" in shown
    assert "自治体名" in shown
    # compare version 1 with version 2: the changed characters are marked
    at.selectbox(key="hist.old.issue_sheet").set_value(1).run()
    at.selectbox(key="hist.new.issue_sheet").set_value(2).run()
    lines = [str(m.value) for m in at.markdown if str(m.value).startswith("- **テーマ")]
    assert lines == ["- **テーマ**：外国人:red-background[~~市~~]:green-background[**住**]民への情報提供"]
    # restore version 1: a new version 4, the form shows the old text, nothing deleted
    at.selectbox(key="hist.pick.issue_sheet").set_value(1).run()
    at.button(key="hist.restore.issue_sheet").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key=key("issue_sheet", "theme")).value == "外国人市民への情報提供"
    draft_id = params["draft"]
    assert [v.version for v in history.versions(store(), draft_id)] == [4, 3, 2, 1]
    assert "第1版の内容を、新しい版（第4版）として保存しました" in texts(at)
    # name version 2
    at.selectbox(key="hist.pick.issue_sheet").set_value(2).run()
    at.text_input(key="hist.name.issue_sheet").input("第2回面談で提示").run()
    at.button(key="hist.setname.issue_sheet").click().run()
    assert [(v.version, v.name) for v in history.named(store(), draft_id)] == [(2, "第2回面談で提示")]
    assert "第2版「第2回面談で提示」" in texts(at)
