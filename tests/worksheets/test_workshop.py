"""Workshops: create, join, the facilitator key, isolation, dashboard figures, timer, bundle."""

from __future__ import annotations

import io
import json
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


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "ws.sqlite3")


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
