"""Workshops: create, join, the facilitator key, isolation, dashboard figures, timer, bundle."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import SAMPLES
from worksheets import workshop as W
from worksheets import workshop_bundle as B
from worksheets.document import document_from_dict
from worksheets.errors import InputError
from worksheets.formats import json_format
from worksheets.spec import completeness, missing_minimum
from worksheets.store import DraftStore
from worksheets.throttle import Client, Rule, Throttle


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "ws.sqlite3")


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()


def _sample(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def _setup(sheets: tuple[str, ...] = ("issue_sheet", "lean_canvas"), teams: str = "1班\n2班") -> W.WorkshopSetup:
    return W.setup_from_form("課題整理ワークショップ", date(2026, 11, 24), list(sheets), teams)


def test_create_gives_a_readable_code_and_a_key_stored_only_as_a_hash(store: DraftStore) -> None:
    workshop, key = W.create(store, _setup())
    assert len(workshop.code) == W.CODE_LENGTH
    assert set(workshop.code) <= set(W.CODE_ALPHABET)
    assert not set("01OI") & set(workshop.code)
    assert workshop.teams == ("1班", "2班")
    assert workshop.sheets == ("issue_sheet", "lean_canvas")
    row = store.workshop(workshop.id)
    assert row is not None
    assert key not in row.key_hash
    assert row.key_hash == W.hash_key(key)
    assert len(key) >= 16
    other, other_key = W.create(store, _setup())
    assert other.code != workshop.code
    assert other_key != key


def test_create_form_problems_are_japanese(store: DraftStore) -> None:
    with pytest.raises(InputError, match="ワークショップ名を入力してください"):
        W.setup_from_form("  ", date(2026, 11, 24), ["issue_sheet"], "1班")
    with pytest.raises(InputError, match="使うシートを入力してください"):
        W.setup_from_form("WS", date(2026, 11, 24), [], "1班")
    with pytest.raises(InputError, match="チームを1つ以上"):
        W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "\n \n")
    with pytest.raises(InputError, match="使えないシート"):
        W.setup_from_form("WS", date(2026, 11, 24), ["budget_calendar"], "1班")
    setup = W.setup_from_form("WS", date(2026, 11, 24), ["lean_canvas", "issue_sheet"], "A班、B班,A班\nC班")
    assert setup.teams == ["A班", "B班", "C班"]
    assert setup.sheets == ["issue_sheet", "lean_canvas"]  # the guide's order


def test_facilitator_key_opens_only_its_own_workshop(store: DraftStore) -> None:
    first, key = W.create(store, _setup())
    _second, second_key = W.create(store, _setup())
    assert W.check_key(store, first.id, key)
    assert W.check_key(store, first.id, f"  {key} ")
    assert not W.check_key(store, first.id, second_key)
    assert not W.check_key(store, first.id, "")
    assert not W.check_key(store, first.id, key[:-1])
    assert not W.check_key(store, "no-such-workshop-id-xx", key)


def test_join_accepts_the_code_as_typed_from_a_projector(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    typed = " " + "".join(chr(ord(c) + 0xFEE0) for c in workshop.code.lower()[:3]) + "-" + workshop.code[3:]
    joined, person = W.join(store, typed, " 山田 ", "1班")
    assert joined.id == workshop.id
    assert (person.name, person.team, person.workshop) == ("山田", "1班", workshop.id)
    assert W.participant_workshop(store, person.id) == (workshop, person)


@pytest.mark.parametrize(
    ("code", "name", "team", "message"),
    [
        ("ZZZZZZ", "山田", "1班", "参加コードが見つかりません"),
        ("", "山田", "1班", "参加コードが見つかりません"),
        (None, "", "1班", "表示名を入力してください"),
        (None, "あ" * 31, "1班", "30文字まで"),
        (None, "山田", "9班", "チームを一覧から選んで"),
    ],
)
def test_join_errors_are_japanese(store: DraftStore, code: str | None, name: str, team: str, message: str) -> None:
    workshop, _ = W.create(store, _setup())
    with pytest.raises(InputError, match=message):
        W.join(store, workshop.code if code is None else code, name, team)
    assert store.participants(workshop.id) == []


def test_participants_are_isolated_from_each_other_and_from_other_workshops(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    other, _ = W.create(store, _setup())
    _, a = W.join(store, workshop.code, "山田", "1班")
    _, b = W.join(store, workshop.code, "佐藤", "2班")
    _, c = W.join(store, other.code, "鈴木", "1班")
    for person in (a, b, c):
        store.create(person.id, "issue_sheet", "{}", f"{person.name}の下書き")
    assert [d.title for d in store.recent(a.id)] == ["山田の下書き"]
    assert [d.title for d in store.recent(b.id)] == ["佐藤の下書き"]
    assert len({a.id, b.id, c.id}) == 3  # each participant's link is their own random id
    titles = {r.draft.title for r in W.progress(store, workshop) if r.draft}
    assert titles == {"山田の下書き", "佐藤の下書き"}  # the other workshop's participant is not there


def test_dashboard_figures_follow_the_sheets_own_completeness(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup(("issue_sheet", "lean_canvas")))
    _, done = W.join(store, workshop.code, "山田", "1班")
    _, half = W.join(store, workshop.code, "佐藤", "1班")
    W.join(store, workshop.code, "鈴木", "2班")  # joined, nothing written yet
    sample = _sample("issue_sheet_kasumigaura.json")
    store.create(done.id, "issue_sheet", json.dumps(sample["data"], ensure_ascii=False))
    partial = {
        **sample["data"],
        "situation": "",
        "issues": [{"title": "歯科健診の受診率が低い", "shortage": "", "strengths": []}],
    }
    partial_doc = document_from_dict({**sample, "data": partial})
    store.create(half.id, "issue_sheet", json.dumps(partial, ensure_ascii=False))
    rows = W.progress(store, workshop)
    assert len(rows) == 3 * 2  # participant × sheet
    by = {(r.participant.name, r.sheet_type): r for r in rows}
    full_doc = document_from_dict(sample)
    parts = completeness(full_doc.sheet)
    assert by["山田", "issue_sheet"].percent == round(100 * sum(p.filled for p in parts) / sum(p.total for p in parts))
    assert by["山田", "issue_sheet"].minimum_done is (not missing_minimum(full_doc.sheet))
    half_parts = completeness(partial_doc.sheet)
    expected = round(100 * sum(p.filled for p in half_parts) / sum(p.total for p in half_parts))
    assert by["佐藤", "issue_sheet"].percent == expected < by["山田", "issue_sheet"].percent
    assert by["佐藤", "issue_sheet"].minimum_done is False
    assert by["佐藤", "issue_sheet"].missing  # named, for the facilitator
    assert by["鈴木", "issue_sheet"].minimum_done is None
    assert by["鈴木", "issue_sheet"].percent == 0
    assert by["山田", "lean_canvas"].draft is None
    for person in (done, half):  # a participant's own page computes only their rows, with the same figures
        assert W.participant_progress(store, workshop, person) == [r for r in rows if r.participant == person]
    total = W.summary(rows)
    assert (total.participants, total.started, total.pairs) == (3, 2, 6)
    assert total.minimum_done == int(by["山田", "issue_sheet"].minimum_done)
    teams = W.team_table(workshop, rows)
    assert teams["1班"]["issue_sheet"] == round((by["山田", "issue_sheet"].percent + expected) / 2)
    assert teams["2班"] == {"issue_sheet": 0, "lean_canvas": 0}


def test_dashboard_sees_the_newest_draft_and_its_edits(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup(("issue_sheet",)))
    _, person = W.join(store, workshop.code, "山田", "1班")
    draft = store.create(person.id, "issue_sheet", "{}")
    assert W.progress(store, workshop)[0].percent == 0
    store.save(draft.id, json.dumps({"theme": "歯科健診"}, ensure_ascii=False), "", 1)
    assert W.progress(store, workshop)[0].percent > 0


def test_timer_runs_out_and_stops(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    assert not workshop.timer_running
    assert workshop.remaining() == 0
    W.start_timer(store, workshop, 15, "④課題", now=1000.0)
    running = W.get(store, workshop.id)
    assert running is not None
    assert running.timer_running
    assert running.timer_label == "④課題"
    assert running.remaining(now=1000.0) == 900
    assert running.remaining(now=1000.0 + 899) == 1
    assert running.remaining(now=1000.0 + 901) == 0
    with pytest.raises(InputError, match="1〜240分"):
        W.start_timer(store, workshop, 0, "x")
    W.stop_timer(store, workshop)
    assert not W.get(store, workshop.id).timer_running  # type: ignore[union-attr]


def _bundle_workshop(store: DraftStore) -> tuple[W.Workshop, list[str]]:
    workshop, _ = W.create(store, _setup(("issue_sheet", "lean_canvas"), "1班\n../2班"))
    names = ["山田", '=HYPERLINK("http://x")', "山田"]
    people = [W.join(store, workshop.code, n, t)[1] for n, t in zip(names, ["1班", "1班", "../2班"], strict=True)]
    issue = _sample("issue_sheet_kasumigaura.json")["data"]
    canvas = _sample("lean_canvas_iwata.json")["data"]
    store.create(people[0].id, "issue_sheet", json.dumps(issue, ensure_ascii=False))
    store.create(people[0].id, "lean_canvas", json.dumps(canvas, ensure_ascii=False))
    store.create(people[1].id, "issue_sheet", json.dumps({**issue, "theme": "=1+1"}, ensure_ascii=False))
    store.create(people[2].id, "lean_canvas", json.dumps(canvas, ensure_ascii=False))
    return workshop, names


def test_bundle_has_every_team_pdf_one_row_per_participant_and_sheet_and_the_json(store: DraftStore) -> None:
    workshop, _ = _bundle_workshop(store)
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    names = archive.namelist()
    assert all(".." not in n.split("/") and not n.startswith("/") for n in names)
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    assert pdfs == ["pdf/1班.pdf", "pdf/_2班.pdf"]
    team1 = PdfReader(io.BytesIO(archive.read("pdf/1班.pdf")))
    text = "".join(page.extract_text() for page in team1.pages)
    assert "かすみがうら" in text or "歯科" in text
    assert [o.title for o in team1.outline] == [
        "山田 課題整理シート",
        "山田 官民連携用リーンキャンバス",
        '=HYPERLINK("http://x") 課題整理シート',
    ]
    for name in pdfs:
        assert len(PdfReader(io.BytesIO(archive.read(name))).pages) >= 1
    jsons = [n for n in names if n.endswith(".json")]
    assert len(jsons) == 4
    for name in jsons:
        doc = json_format.import_(archive.read(name))  # the same files the pages read back
        assert doc.sheet_type in workshop.sheets

    book = load_workbook(io.BytesIO(archive.read("集計.xlsx")))
    summary = book[B.SUMMARY_SHEET]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == B.SUMMARY_HEADER
    assert len(rows) - 1 == 3 * 2  # one row per participant and sheet, started or not
    assert {(r[1], r[2]) for r in rows[1:]} >= {("山田", "課題整理シート"), ("山田", "官民連携用リーンキャンバス")}
    issue_ws = book["課題整理シート"]
    header = [c.value for c in issue_ws[1]]
    assert header[:2] == ["チーム", "表示名"]
    assert "テーマ" in header
    values = list(issue_ws.iter_rows(min_row=2, values_only=True))
    assert len(values) == 3  # every participant, with or without this sheet
    theme_col = header.index("テーマ")
    injected = next(r for r in values if r[1] == '=HYPERLINK("http://x")')
    assert injected[theme_col] == "=1+1"
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


def test_bundle_of_a_workshop_with_nobody_still_has_the_workbook(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    assert archive.namelist() == ["集計.xlsx"]
    assert B.file_name(workshop) == "workshop_2026-11-24_課題整理ワークショップ.zip"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("../../etc/passwd", "_.._etc_passwd"), ("a\\b:c*d", "a_b_c_d"), ("  ", "_"), ("１班", "１班")],
)
def test_safe_names(text: str, expected: str) -> None:
    assert B.safe_name(text) == expected


# -- names are cleaned like sheet text (issue 12 #2) -------------------------------------------


def test_a_control_character_in_a_name_no_longer_breaks_the_bundle(store: DraftStore) -> None:
    """A browser paste put U+0001 in a display name; the bundle raised IllegalCharacterError."""
    workshop, _ = W.create(store, _setup(("issue_sheet",), "1班"))
    _, person = W.join(store, workshop.code, "山\x01田\u202e\u200b", "1班")
    assert person.name == "山田"
    store.create(person.id, "issue_sheet", json.dumps(_sample("issue_sheet_kasumigaura.json")["data"]))
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    rows = list(load_workbook(io.BytesIO(archive.read("集計.xlsx")))[B.SUMMARY_SHEET].iter_rows(values_only=True))
    assert rows[1][:3] == ("1班", "山田", "課題整理シート")
    assert "pdf/1班.pdf" in archive.namelist()


def test_names_stored_before_cleaning_still_bundle(store: DraftStore) -> None:
    """A participant row written by the old code (raw U+0001) is cleaned on the way out."""
    workshop, _ = W.create(store, _setup(("issue_sheet",), "1班"))
    raw = store.add_participant(workshop.id, "佐\x01藤", "1班")
    store.create(raw.id, "issue_sheet", json.dumps({"theme": "歯科健診"}, ensure_ascii=False))
    bundle = B.build_bundle(store, workshop)
    assert bundle.problems == []
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    rows = list(load_workbook(io.BytesIO(archive.read("集計.xlsx")))[B.SUMMARY_SHEET].iter_rows(values_only=True))
    assert rows[1][1] == "佐藤"
    assert "json/1班/佐藤_課題整理シート.json" in archive.namelist()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("山\x01田", "山田"),
        ("\u202e田山\u202c", "田山"),
        ("山\u2066田\u2069", "山田"),
        ("山\u200b田\u200d\ufeff", "山田"),
        (" 山田\t \u00a0太郎 ", "山田 太郎"),
        ("山田\u3000太郎", "山田\u3000太郎"),
        ("ㅤ山田", "山田"),  # Hangul filler: looks blank
    ],
)
def test_participant_team_and_workshop_names_are_cleaned(store: DraftStore, raw: str, clean: str) -> None:
    setup = W.setup_from_form(raw, date(2026, 11, 24), ["issue_sheet"], f"{raw}\n1班")
    assert setup.name == clean
    assert setup.teams == [clean, "1班"]
    workshop, _ = W.create(store, setup)
    _, person = W.join(store, workshop.code, raw, clean)
    assert (person.name, person.team) == (clean, clean)
    assert W.join(store, workshop.code, "山田\n太郎", "1班")[1].name == "山田 太郎"


@pytest.mark.parametrize("invisible", ["\x01\x02", "\u202e\u200b", "\ufeff\u2066\u2069", "\u3164"])
def test_names_empty_after_cleaning_are_refused_in_japanese(store: DraftStore, invisible: str) -> None:
    workshop, _ = W.create(store, _setup())
    with pytest.raises(InputError, match="表示名に使える文字がありません"):
        W.join(store, workshop.code, invisible, "1班")
    with pytest.raises(InputError, match="見えない文字や制御文字だけの名前"):
        W.setup_from_form(invisible, date(2026, 11, 24), ["issue_sheet"], "1班")
    with pytest.raises(InputError, match="見えない文字や制御文字だけのチーム名"):
        W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], f"1班\n{invisible}")
    assert store.participants(workshop.id) == []


def test_sheet_text_drops_bidi_overrides_and_zero_width_characters() -> None:
    from worksheets.text import normalize_text

    assert normalize_text("予算\u202e要求\u2066\u2069\u200b\ufeff\x01") == "予算要求"
    assert normalize_text("改行\r\nとタブ\tは残る") == "改行\nとタブ\tは残る"


def test_a_failing_item_is_reported_and_the_rest_is_delivered(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup(("issue_sheet", "lean_canvas"), "1班"))
    _, good = W.join(store, workshop.code, "山田", "1班")
    _, bad = W.join(store, workshop.code, "佐藤", "1班")
    store.create(good.id, "issue_sheet", json.dumps({"theme": "歯科健診"}, ensure_ascii=False))
    store.create(bad.id, "issue_sheet", json.dumps({"theme": "受診率"}, ensure_ascii=False))
    store.create(bad.id, "lean_canvas", json.dumps({"theme": ["一覧ではない"]}, ensure_ascii=False))  # unreadable
    bundle = B.build_bundle(store, workshop)
    assert len(bundle.problems) == 1
    assert "佐藤（1班）の「官民連携用リーンキャンバス」" in bundle.problems[0]
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    names = archive.namelist()
    assert sorted(n for n in names if n.endswith(".json")) == [
        "json/1班/佐藤_課題整理シート.json",
        "json/1班/山田_課題整理シート.json",
    ]
    assert "pdf/1班.pdf" in names
    assert "集計.xlsx" in names
    report = archive.read(B.REPORT_NAME).decode("utf-8")
    assert "佐藤（1班）の「官民連携用リーンキャンバス」" in report
    assert "ほかの項目はすべて入っています" in report
    dashboard = {(r.participant.name, r.sheet_type): r for r in W.progress(store, workshop)}
    assert dashboard["佐藤", "lean_canvas"].error  # the dashboard survives it too
    assert dashboard["佐藤", "issue_sheet"].percent > 0


# -- team names that collide once made safe (issue 12 #10) ------------------------------------


def test_team_names_that_collide_after_sanitising_get_their_own_files(store: DraftStore) -> None:
    teams = ["A/B", "A_B", "A:B", "a_b", "CON", "nul", "Com1", "LPT9.x"]
    workshop, _ = W.create(store, _setup(("issue_sheet",), "\n".join(teams)))
    assert workshop.teams == tuple(teams)
    for n, team in enumerate(teams):
        _, person = W.join(store, workshop.code, "山田", team)
        store.create(person.id, "issue_sheet", json.dumps({"theme": f"テーマ{n}"}, ensure_ascii=False))
    data = B.build(store, workshop)
    archive = zipfile.ZipFile(io.BytesIO(data))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == len(teams) == len({n.casefold() for n in pdfs})
    reserved = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"}
    for name in archive.namelist():
        for part in name.split("/"):
            assert part.split(".")[0].upper() not in reserved, name
    jsons = [n for n in archive.namelist() if n.endswith(".json")]
    assert len({n.rsplit("/", 1)[0].casefold() for n in jsons}) == len(teams)
    # every team's own text is in its own PDF, nothing shared
    for n in range(len(teams)):
        holders = [p for p in pdfs if f"テーマ{n}" in PdfReader(io.BytesIO(archive.read(p))).pages[0].extract_text()]
        assert len(holders) == 1
    out = Path(store.path).parent / "unzipped"  # type: ignore[arg-type]
    archive.extractall(out)
    assert len(list((out / "pdf").iterdir())) == len(teams)
    assert len(list(out.rglob("*.json"))) == len(teams)


def test_unique_names_are_case_insensitive_and_numbered() -> None:
    got = B.unique_names([("1", "A/B"), ("2", "A_B"), ("3", "a:b"), ("4", "A_B_2"), ("5", "con")])
    assert got == {"1": "A_B", "2": "A_B_2", "3": "a_b_3", "4": "A_B_2_2", "5": "_con"}


# -- the participant's name on every page of the team PDF (issue 13 #12) ------------------------


def test_team_pdf_prints_the_participants_name_on_every_page_header(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup(("issue_sheet", "lean_canvas"), "1班"))
    people = {name: W.join(store, workshop.code, name, "1班")[1] for name in ("山田花子", "佐藤一郎")}
    store.create(people["山田花子"].id, "issue_sheet", json.dumps(_sample("issue_sheet_kasumigaura.json")["data"]))
    store.create(people["佐藤一郎"].id, "lean_canvas", json.dumps(_sample("lean_canvas_iwata.json")["data"]))
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    pdf = Path(store.path).parent / "team.pdf"  # type: ignore[arg-type]
    pdf.write_bytes(archive.read("pdf/1班.pdf"))
    pages = _word_boxes(pdf)
    reader = PdfReader(pdf)
    assert len(pages) == len(reader.pages) >= 2
    first_sato = next(i for i, o in enumerate(reader.outline) if "佐藤一郎" in o.title)
    sato_page = reader.get_destination_page_number(reader.outline[first_sato])
    for number, (width, words) in enumerate(pages):
        expected = "参加者：佐藤一郎（1班）" if number >= sato_page else "参加者：山田花子（1班）"
        header = [w for w in words if w[4].startswith("参加者：")]
        assert [w[4] for w in header] == [expected], number
        _, y0, x1, y1, _ = header[0]
        assert y0 >= 5  # inside the printable area …
        assert x1 <= width - 5
        body = [w for w in words if w is not header[0]]
        assert all(w[1] >= y1 for w in body), number  # … and above everything else on the page
        assert all(w[4] != "参加者：" for w in body)


def _word_boxes(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    import subprocess
    import xml.etree.ElementTree as ET

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    out = []
    for page in ET.fromstring(xml).iter(ns + "page"):
        words = [
            (*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
            for w in page.iter(ns + "word")
        ]
        out.append((float(page.get("width", 0)), words))  # type: ignore[arg-type]
    return out


# -- abuse of the join code and the key; facilitator controls (issue 12 #9) ------------------------


def test_throttle_counts_per_session_and_per_address_and_forgets_old_attempts() -> None:
    t = Throttle("参加の操作", per_session=Rule(3, 60), per_address=Rule(5, 60), max_clients=100)
    bot = Client("s1", "203.0.113.7")
    for _ in range(3):
        t.check(bot, now=0)
        t.record(bot, now=0)
    assert t.wait(bot, now=1) == 59
    with pytest.raises(InputError, match="約59秒後にもう一度"):
        t.check(bot, now=1)
    for n in range(2):  # new sessions from the same address: the address budget still counts
        t.record(Client(f"other{n}", "203.0.113.7"), now=2)
    with pytest.raises(InputError, match="参加の操作が短い時間に続いた"):
        t.check(Client("fresh", "203.0.113.7"), now=3)
    t.check(Client("fresh", "198.51.100.1"), now=3)  # someone else is not affected
    t.check(Client("fresh"), now=3)
    t.check(bot, now=60)  # the window has passed


def test_throttle_memory_is_bounded() -> None:
    t = Throttle("x", per_session=Rule(2, 60), per_address=Rule(2, 60), max_clients=50)
    for n in range(1000):
        t.record(Client(f"s{n}", f"a{n}"), now=0)
    assert t.clients() == 50
    assert all(len(stamps) <= 2 for stamps in t._seen.values())


def test_a_room_of_sixty_behind_one_address_all_join(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    for n in range(60):  # one browser each, one shared Wi-Fi exit address
        W.join(store, workshop.code, f"参加者{n}", "1班", Client(f"browser{n}", "198.51.100.9"))
    assert len(store.participants(workshop.id)) == 60


def test_a_bot_cannot_fill_a_workshop_from_one_address(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    refused: list[str] = []
    for n in range(W.MAX_PARTICIPANTS):  # a new session per join, as a bot would
        try:
            W.join(store, workshop.code, f"bot{n}", "1班", Client(f"session{n}", "203.0.113.7"))
        except InputError as exc:
            refused.append(str(exc))
    limit = W.JOIN_THROTTLE.rules["address"].limit
    assert len(store.participants(workshop.id)) == limit < W.MAX_PARTICIPANTS
    assert len(refused) == W.MAX_PARTICIPANTS - limit
    assert all("いったん受け付けを止めています" in m for m in refused)
    _, person = W.join(store, workshop.code, "山田", "1班", Client("real", "198.51.100.1"))
    assert person.name == "山田"


def test_one_session_cannot_keep_guessing_codes(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    me = Client("guesser")
    for n in range(W.JOIN_THROTTLE.rules["session"].limit):
        assert W.find_code(store, f"ZZZZZ{n}", me) is None
    with pytest.raises(InputError, match="いったん受け付けを止めています"):
        W.find_code(store, workshop.code, me)  # even the right code, for a while
    assert W.find_code(store, workshop.code, Client("someone else")) == workshop


def test_wrong_facilitator_keys_are_throttled(store: DraftStore) -> None:
    workshop, key = W.create(store, _setup())
    me = Client("guesser", "203.0.113.9")
    for _ in range(W.KEY_THROTTLE.rules["session"].limit):
        assert not W.try_key(store, workshop.id, "wrong-key", me)
    with pytest.raises(InputError, match="ファシリテーターキーの入力が短い時間に続いた"):
        W.try_key(store, workshop.id, key, me)
    assert W.try_key(store, workshop.id, key, Client("facilitator", "198.51.100.2"))


def test_closing_joining_rotating_the_code_and_removing_participants(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup(("issue_sheet",)))
    _, first = W.join(store, workshop.code, "山田", "1班")
    _, bot = W.join(store, workshop.code, "bot", "1班")
    draft = store.create(bot.id, "issue_sheet", json.dumps({"theme": "広告"}, ensure_ascii=False))

    W.set_joining(store, workshop, open_=False)
    closed = W.get(store, workshop.id)
    assert closed is not None
    assert not closed.joining_open
    assert not DraftStore(store.location).joining_closed("x" * 22)
    with pytest.raises(InputError, match="参加の受付を締め切りました"):
        W.join(store, workshop.code, "佐藤", "1班")
    W.set_joining(store, workshop, open_=True)
    assert W.get(store, workshop.id).joining_open  # type: ignore[union-attr]

    new_code = W.rotate_code(store, workshop)
    assert new_code != workshop.code
    assert W.by_code(store, workshop.code) is None
    with pytest.raises(InputError, match="参加コードが見つかりません"):
        W.join(store, workshop.code, "佐藤", "1班")
    assert W.join(store, new_code, "佐藤", "2班")[0].id == workshop.id
    assert W.participant_workshop(store, first.id) is not None  # joined people keep their link

    assert W.remove_participants(store, workshop, [bot.id, "no-such-participant-xx"]) == 1
    assert {r.participant.name for r in W.progress(store, workshop)} == {"山田", "佐藤"}
    assert W.participant_workshop(store, bot.id) is None
    assert store.get(draft.id) is not None  # their input is not deleted
    other, _ = W.create(store, _setup())
    _, elsewhere = W.join(store, other.code, "鈴木", "1班")
    assert W.remove_participants(store, workshop, [elsewhere.id]) == 0  # only this workshop's


def test_duplicate_display_names_are_told_apart(store: DraftStore) -> None:
    workshop, _ = W.create(store, _setup())
    people = [W.join(store, workshop.code, n, t)[1] for n, t in [("山田", "1班"), ("ﾔﾏﾀﾞ", "1班"), ("ヤマダ", "1班"),
              ("山田 ", "1班"), ("山田", "2班"), ("Sato", "1班"), ("sato", "1班")]]  # fmt: skip
    names = W.display_names(store.participants(workshop.id))
    assert [names[p.id] for p in people] == [
        "山田（1人目）", "ﾔﾏﾀﾞ（1人目）", "ヤマダ（2人目）", "山田（2人目）", "山田", "Sato（1人目）", "sato（2人目）"
    ]  # fmt: skip
    assert len(set(names.values())) == len(people)  # 2班's 山田 is told apart by the team column


def test_a_store_from_before_joining_could_be_closed_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = DraftStore(path)
    workshop, _ = W.create(old, _setup())
    with old.db.tx() as db:
        db.execute("DROP TABLE workshop_closed")  # the schema as the previous release left it
    reopened = DraftStore(path)
    assert W.get(reopened, workshop.id).joining_open  # type: ignore[union-attr]
    W.set_joining(reopened, workshop, open_=False)
    assert not W.get(DraftStore(path), workshop.id).joining_open  # type: ignore[union-attr]


def test_joining_closed_and_code_rotation_on_postgresql(postgres_url: str) -> None:
    store = DraftStore(postgres_url)
    workshop, _ = W.create(store, _setup())
    with store.db.tx() as db:
        db.execute("DROP TABLE workshop_closed")
    store = DraftStore(postgres_url)  # the additive migration on an existing database
    W.set_joining(store, workshop, open_=False)
    assert not W.get(DraftStore(postgres_url), workshop.id).joining_open  # type: ignore[union-attr]
    W.set_joining(store, workshop, open_=True)
    new_code = W.rotate_code(store, workshop)
    _, person = W.join(store, new_code, "山田", "1班")
    assert W.remove_participants(store, workshop, [person.id]) == 1
    store.purge(now=time.time() + 400 * 86400)
    assert store.db.read("SELECT * FROM workshop_closed") == []


@pytest.mark.parametrize(
    ("ip", "headers", "expected"),
    [
        ("203.0.113.7", {"X-Forwarded-For": "10.0.0.1"}, "203.0.113.7"),  # a direct peer: its header is ignored
        (None, {"X-Forwarded-For": "1.1.1.1, 198.51.100.4"}, "198.51.100.4"),  # the local proxy's own entry
        (None, {"x-forwarded-for": "198.51.100.5"}, "198.51.100.5"),
        (None, {}, None),  # local use without a proxy: counted by session only
        (None, None, None),
    ],
)
def test_client_address(ip: str | None, headers: dict[str, str] | None, expected: str | None) -> None:
    from worksheets.throttle import client_address

    assert client_address(ip, headers) == expected


def test_answers_leave_out_the_pages_hidden_settings(store: DraftStore) -> None:
    """The timeline's embedded calendar and paper (hidden JSON fields) are not answers for 集計.xlsx or the viewer."""
    from worksheets.sheets.timeline_plan import TimelinePlan

    draft = store.create("ws-answers", "timeline_plan", TimelinePlan().model_dump_json(), "")
    labels = [label for label, _ in W.answers(draft)]
    assert labels
    assert not any("埋め込み" in label or "下書きID" in label for label in labels), labels
