"""The workshop pages through AppTest: create, key gate, join, participant home, dashboard, timer."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import key, open_page, texts, url_params
from tests.conftest import SAMPLES
from worksheets import workshop as W
from worksheets.store import DraftStore


def _create_through_the_page() -> tuple[AppTest, str, str]:
    at = open_page("workshop_admin")
    at.text_input[0].set_value("〇〇市 課題整理ワークショップ")
    at.multiselect[0].set_value(["issue_sheet", "lean_canvas"])
    at.text_area[0].set_value("1班\n2班")
    at.button[0].click().run()
    assert not at.exception
    workshop_id = url_params(at)["w"]
    key_shown = at.code[0].value
    return at, workshop_id, key_shown


def test_create_shows_code_link_qr_and_the_key_once() -> None:
    at, workshop_id, key_shown = _create_through_the_page()
    workshop = W.get(DraftStore(), workshop_id)
    assert workshop is not None
    assert workshop.sheets == ("issue_sheet", "lean_canvas")
    assert W.check_key(DraftStore(), workshop_id, key_shown)
    shown = texts(at)
    assert workshop.code in shown
    assert "この一度だけ表示します" in shown
    assert any(c.value.endswith(f"/workshop?code={workshop.code}") for c in at.code)
    assert at.get("image")  # the QR code of the join link
    at.run()  # any later run: the key is not shown again
    assert "この一度だけ表示します" not in texts(at)
    assert all(c.value != key_shown for c in at.code)


def test_create_form_problems_are_shown_in_japanese() -> None:
    at = open_page("workshop_admin")
    at.multiselect[0].set_value([])
    at.button[0].click().run()
    assert "ワークショップ名を入力してください" in texts(at)
    assert "w" not in url_params(at)


def test_dashboard_needs_the_facilitator_key() -> None:
    workshop, facilitator_key = W.create(
        DraftStore(), W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班")
    )
    at = open_page("workshop_admin", {"w": workshop.id})
    assert "ファシリテーターキー" in [t.label for t in at.text_input]
    assert workshop.code not in texts(at)  # nothing of the workshop before the key
    at.text_input[0].set_value("wrong-key")
    at.button[0].click().run()
    assert "ファシリテーターキーが違います" in texts(at)
    assert workshop.code not in texts(at)
    at.text_input[0].set_value(facilitator_key)
    at.button[0].click().run()
    assert workshop.code in texts(at)
    assert "進み具合" in texts(at)


def test_unknown_workshop_link_is_neutral() -> None:
    at = open_page("workshop_admin", {"w": "x" * 22})
    assert "ワークショップが見つかりません" in texts(at)


def test_join_then_fill_and_the_dashboard_counts_it() -> None:
    store = DraftStore()
    workshop, facilitator_key = W.create(
        store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet", "lean_canvas"], "1班\n2班")
    )
    at = open_page("workshop", {"code": workshop.code.lower()})
    name_box = next(t for t in at.text_input if t.label == "表示名")
    name_box.set_value("山田")
    at.selectbox[0].set_value("2班")
    at.button[0].click().run()
    assert not at.exception
    participant_id = url_params(at)["ws"]
    person = store.participant(participant_id)
    assert person is not None
    assert (person.name, person.team) == ("山田", "2班")
    shown = texts(at)
    assert "このワークショップで記入するシート" in shown
    assert "別の端末からも同じリンクで" in shown
    sidebar_links = [p.proto.page for p in at.sidebar.get("page_link")]
    assert any("issue_sheet" in p for p in sidebar_links)

    sheet = open_page("issue_sheet", {"ws": participant_id})  # the same link, another device
    sheet.text_input(key=key("issue_sheet", "theme")).set_value("歯科健診の受診率向上").run()
    assert "ワークショップ：WS" in texts(sheet)
    [draft] = store.recent(participant_id)
    assert json.loads(draft.data)["theme"] == "歯科健診の受診率向上"

    rows = W.progress(store, workshop)
    mine = next(r for r in rows if r.participant.id == participant_id and r.sheet_type == "issue_sheet")
    assert mine.percent > 0
    admin = open_page("workshop_admin", {"w": workshop.id})
    admin.session_state[f"workshop.key.{workshop.id}"] = facilitator_key
    admin.run()
    frames = [f.value for f in admin.dataframe]
    people = frames[1]
    assert list(people["表示名"]) == ["山田"]
    assert int(people["課題整理シート"][0]) == mine.percent
    assert "記入を始めたシート" in [m.label for m in admin.metric]
    assert [m.value for m in admin.metric][:2] == ["1人", "1 / 2"]
    # read-only view of the participant's sheet: plain text, no input widgets for it
    assert "歯科健診の受診率向上" in [t.value for t in admin.text]
    assert not [t for t in admin.text_input if t.value == "歯科健診の受診率向上"]


def test_participants_do_not_see_each_others_drafts() -> None:
    store = DraftStore()
    workshop, _ = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    _, a = W.join(store, workshop.code, "山田", "1班")
    _, b = W.join(store, workshop.code, "佐藤", "1班")
    data = json.loads((SAMPLES / "issue_sheet_kasumigaura.json").read_text(encoding="utf-8"))["data"]
    secret = store.create(a.id, "issue_sheet", json.dumps({**data, "theme": "山田だけのテーマ"}, ensure_ascii=False))
    at = open_page("issue_sheet", {"ws": b.id})
    assert "山田だけのテーマ" not in texts(at)
    assert at.text_input(key=key("issue_sheet", "theme")).value == ""
    assert all(secret.id not in str(p.proto.query_string) for p in at.sidebar.get("page_link"))
    home = open_page("workshop", {"ws": b.id})
    assert "佐藤" in texts(home)
    assert "山田" not in texts(home)


def test_the_facilitators_timer_reaches_participants_pages() -> None:
    store = DraftStore()
    workshop, _ = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    _, person = W.join(store, workshop.code, "山田", "1班")
    W.start_timer(store, workshop, 15, "④課題<b>")
    at = open_page("issue_sheet", {"ws": person.id})
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "タイマー：④課題&lt;b&gt;" in shown  # the label is escaped
    assert "残り 約14分" in shown or "残り 約15分" in shown


# -- issue 12 #2, #9: names, throttling, facilitator controls -----------------------------------


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()


def _admin(store: DraftStore, workshop: W.Workshop, facilitator_key: str) -> AppTest:
    at = open_page("workshop_admin", {"w": workshop.id})
    at.session_state[f"workshop.key.{workshop.id}"] = facilitator_key
    at.run()
    assert not at.exception
    return at


def _join_page(code: str, name: str, team: str) -> AppTest:
    at = open_page("workshop", {"code": code})
    next(t for t in at.text_input if t.label == "表示名").set_value(name)
    at.selectbox[0].set_value(team)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_wrong_keys_are_throttled_on_the_page() -> None:
    workshop, facilitator_key = W.create(
        DraftStore(), W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班")
    )
    at = open_page("workshop_admin", {"w": workshop.id})
    for _ in range(5):
        at.text_input[0].set_value("wrong-key")
        at.button[0].click().run()
        assert "ファシリテーターキーが違います" in texts(at)
    at.text_input[0].set_value(facilitator_key)
    at.button[0].click().run()
    assert "ファシリテーターキーの入力が短い時間に続いたため" in texts(at)
    assert workshop.code not in texts(at)  # even the right key waits
    other = open_page("workshop_admin", {"w": workshop.id})  # another session is not locked out
    other.text_input[0].set_value(facilitator_key)
    other.button[0].click().run()
    assert workshop.code in texts(other)


def test_guessing_join_codes_is_throttled_on_the_page() -> None:
    workshop, _ = W.create(DraftStore(), W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    at = open_page("workshop")
    for n in range(10):
        at.text_input[0].set_value(f"ZZZZZ{n}").run()
        assert "参加コードが見つかりません" in texts(at)
    at.text_input[0].set_value(workshop.code).run()
    assert "いったん受け付けを止めています" in texts(at)
    assert not [t for t in at.text_input if t.label == "表示名"]


def test_a_control_character_name_is_cleaned_and_an_invisible_one_refused() -> None:
    store = DraftStore()
    workshop, _ = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    at = _join_page(workshop.code, "\u200b\u202e", "1班")
    assert "表示名に使える文字がありません" in texts(at)
    assert store.participants(workshop.id) == []
    at = _join_page(workshop.code, "山\x01田", "1班")
    person = store.participant(url_params(at)["ws"])
    assert person is not None
    assert person.name == "山田"


def test_facilitator_closes_joining_rotates_the_code_and_removes_a_participant() -> None:
    store = DraftStore()
    workshop, facilitator_key = W.create(
        store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班\n2班")
    )
    _, real = W.join(store, workshop.code, "山田", "1班")
    _, bot = W.join(store, workshop.code, "bot", "2班")
    admin = _admin(store, workshop, facilitator_key)
    admin.button(key="joining.close").click().run()
    assert "参加の受付を締め切りました" in texts(admin)
    assert "参加の受付は締め切っています" in texts(admin)
    closed = open_page("workshop", {"code": workshop.code})
    assert "参加の受付を締め切りました" in texts(closed)
    assert not [t for t in closed.text_input if t.label == "表示名"]  # no join form at all
    admin.button(key="joining.open").click().run()
    assert "参加の受付を再開しました" in texts(admin)

    admin.button(key="joining.rotate").click().run()
    rotated = W.get(store, workshop.id)
    assert rotated is not None
    assert rotated.code != workshop.code
    assert f"参加コードを {rotated.code} に変更しました" in texts(admin)
    assert rotated.code in texts(admin)
    assert "参加コードが見つかりません" in texts(open_page("workshop", {"code": workshop.code}))
    assert W.participant_workshop(store, real.id) is not None

    _, late = W.join(store, rotated.code, "佐藤", "1班")  # joined after the page was drawn
    admin.button(key="remove.refresh").click().run()
    picker = next(m for m in admin.multiselect if m.label == "参加者を外す")
    assert picker.options == ["山田（1班）", "佐藤（1班）", "bot（2班）"]
    picker.set_value([bot.id])
    next(b for b in admin.button if b.label == "選んだ参加者を外す").click().run()
    assert "1人を外しました" in texts(admin)
    assert list(admin.dataframe[1].value["表示名"]) == ["山田", "佐藤"]
    assert admin.metric[0].value == "2人"
    assert late.id in {p.id for p in store.participants(workshop.id)}


def test_duplicate_display_names_are_told_apart_on_the_dashboard() -> None:
    store = DraftStore()
    workshop, facilitator_key = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    for name in ("山田", "山田", "佐藤"):
        W.join(store, workshop.code, name, "1班")
    admin = _admin(store, workshop, facilitator_key)
    people = admin.dataframe[1].value
    assert sorted(people["表示名"]) == ["佐藤", "山田（1人目）", "山田（2人目）"]


def test_a_bundle_item_that_failed_is_reported_to_the_facilitator() -> None:
    from components.workshop_admin import _build_and_remember

    store = DraftStore()
    workshop, facilitator_key = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    _, person = W.join(store, workshop.code, "山田", "1班")
    store.create(person.id, "issue_sheet", json.dumps({"theme": ["一覧ではない"]}, ensure_ascii=False))
    admin = _admin(store, workshop, facilitator_key)
    assert "読み込めない下書きがあります" in texts(admin)  # known before the download
    data = _build_and_remember(store, workshop)  # what the download button runs
    assert data.startswith(b"PK")
    admin.run()
    assert "一括ダウンロードに入らなかった項目があります" in texts(admin)
    assert "山田（1班）の「課題整理シート」" in texts(admin)


def test_the_bundle_builds_in_the_background_and_is_then_offered_for_download() -> None:
    """Issue 19: the bundle is built off the page run; the page polls and then offers the ZIP."""
    import io
    import time
    import zipfile

    from components.workshop_admin import bundle_job

    store = DraftStore()
    workshop, facilitator_key = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班"))
    _, person = W.join(store, workshop.code, "山田", "1班")
    store.create(person.id, "issue_sheet", json.dumps({"theme": "歯科健診の受診促進"}, ensure_ascii=False))
    admin = _admin(store, workshop, facilitator_key)
    assert not [d for d in admin.get("download_button") if "ZIP" in d.proto.label]  # nothing built yet
    admin.button(key="bundle.start").click().run()
    assert not admin.exception
    job = bundle_job(workshop.id)
    assert job is not None
    deadline = time.time() + 60
    while job.finished is None and time.time() < deadline:
        time.sleep(0.1)
    assert job.finished is not None
    assert not job.failed
    admin.run()
    downloads = [d for d in admin.get("download_button") if "ZIP" in d.proto.label]
    assert len(downloads) == 1
    assert "一括ダウンロード（ZIP" in downloads[0].proto.label
    archive = zipfile.ZipFile(io.BytesIO(job.data or b""))
    assert "pdf/1班.pdf" in archive.namelist()
    assert "json/1班/山田_課題整理シート.json" in archive.namelist()
    assert next(b for b in admin.button if b.key == "bundle.start").label == "一括ダウンロードを作り直す"


def test_dashboard_tables_are_typed_dataframes_with_progress_bars_and_a_sortable_time() -> None:
    """Issue 19: pandas DataFrames with st.dataframe column types, not hand-built markup."""
    store = DraftStore()
    workshop, facilitator_key = W.create(
        store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet", "lean_canvas"], "1班\n2班")
    )
    _, yamada = W.join(store, workshop.code, "山田", "1班")
    _, sato = W.join(store, workshop.code, "佐藤", "2班")
    sample = json.loads((SAMPLES / "issue_sheet_kasumigaura.json").read_text(encoding="utf-8"))["data"]
    store.create(yamada.id, "issue_sheet", json.dumps(sample, ensure_ascii=False))
    store.create(sato.id, "issue_sheet", json.dumps({"theme": "歯科健診"}, ensure_ascii=False))
    admin = _admin(store, workshop, facilitator_key)
    teams, people = admin.dataframe[0], admin.dataframe[1]
    assert list(teams.value["チーム"]) == ["1班", "2班"]
    assert list(teams.value["人数"]) == [1, 1]
    frame = people.value.set_index("表示名")
    assert str(frame["課題整理シート"].dtype) == "int64"
    assert str(frame["全体"].dtype) == "int64"
    assert str(frame["最終更新"].dtype).startswith("datetime64")  # a time: sorts as a time, not as text
    assert frame.loc["山田", "課題整理シート"] > frame.loc["佐藤", "課題整理シート"] > 0
    assert frame.loc["山田", "全体"] == round(frame.loc["山田", "課題整理シート"] / 2)
    assert frame.loc["佐藤", "官民連携用リーンキャンバス・最低限"] == "—"
    for table, progress in [(teams, ["課題整理シート", "官民連携用リーンキャンバス"]), (people, ["全体", "課題整理シート"])]:
        config = json.loads(table.proto.columns)
        for column in progress:
            assert config[column]["type_config"]["type"] == "progress", column
            assert config[column]["type_config"]["max_value"] == 100
    assert json.loads(people.proto.columns)["最終更新"]["type_config"]["type"] == "datetime"
    assert "<table" not in texts(admin)


def test_a_removed_participants_open_page_drops_the_workshop_box_on_its_next_run() -> None:
    """The participant box was looked up once per session: a participant the facilitator removed kept the
    workshop's name, timer and sheet links in the sidebar until they reloaded the page."""
    store = DraftStore()
    workshop, _ = W.create(store, W.setup_from_form("WS 除外", date(2026, 11, 24), ["issue_sheet"], "1班"))
    _, person = W.join(store, workshop.code, "山田", "1班")
    page = open_page("issue_sheet", {"ws": person.id})
    assert "ワークショップ：WS 除外" in texts(page)
    W.remove_participants(store, workshop, [person.id])
    page.run()
    assert not page.exception
    assert "ワークショップ：WS 除外" not in texts(page)
    assert page.text_input(key=key("issue_sheet", "theme"))  # the sheet itself stays: their drafts are theirs
