"""The render cache of the workshop bundle (issue 19): a rebuild renders only the teams whose
sheets changed, a later edit is always in the next bundle, the cache lives in the store (so a
second app server on the same PostgreSQL reuses it and still sees the first server's edits), and
it stays bounded."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import ROOT, wait_for_bundles
from tests.worksheets.formats.pdftext import squash
from worksheets import render_cache
from worksheets import workshop as W
from worksheets import workshop_bundle as B
from worksheets.store import DraftStore

sys.path.insert(0, str(ROOT / "bench"))
from workshop_bundle import fill

SHEETS = ["issue_sheet", "lean_canvas"]


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the team PDFs actually rendered (in this process: the builds use one worker)."""
    seen: list[str] = []
    real = B.team_pdf

    def counting(title: str, parts: list[tuple[str, str, object]]) -> tuple[bytes, list[int]]:
        seen.append(title)
        return real(title, parts)

    monkeypatch.setattr(B, "team_pdf", counting)
    return seen


def _team_text(bundle: B.Bundle, team: str) -> str:
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    reader = PdfReader(io.BytesIO(archive.read(f"pdf/{team}.pdf")))
    return squash("".join(p.extract_text() for p in reader.pages))


def _summary_values(bundle: B.Bundle) -> str:
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    wb = load_workbook(io.BytesIO(archive.read("集計.xlsx")))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)


def _edit(store: DraftStore, workshop: W.Workshop, participant_name: str, sheet: str, text: str) -> None:
    """What the participant's sheet page does on a save: a new version of their draft."""
    person = next(p for p in store.participants(workshop.id) if p.name == participant_name)
    draft = store.recent(person.id, sheet, limit=1)[0]
    data = json.loads(draft.data)
    first = next(k for k, v in data.items() if isinstance(v, str) and v)
    data[first] = text
    store.save(draft.id, json.dumps(data, ensure_ascii=False), draft.title, draft.version)


def test_a_rebuild_renders_only_the_edited_team_and_holds_the_edit(store: DraftStore, renders: list[str]) -> None:
    workshop = fill(store, 12, SHEETS)  # 1班 (10) and 2班 (2)
    first = B.build_bundle(store, workshop, workers=1)
    assert sorted(renders) == [f"{workshop.name}：1班", f"{workshop.name}：2班"]
    assert "あとからの入力その一" not in _team_text(first, "2班")

    renders.clear()
    again = B.build_bundle(store, workshop, workers=1)
    assert renders == []  # nothing changed: both team PDFs from the cache
    assert _team_text(again, "1班") == _team_text(first, "1班")

    _edit(store, workshop, "参加者012", "lean_canvas", "あとからの入力その一")
    renders.clear()
    edited = B.build_bundle(store, workshop, workers=1)
    assert renders == [f"{workshop.name}：2班"]  # only the team whose member edited
    assert squash("あとからの入力その一") in _team_text(edited, "2班")
    assert squash("あとからの入力その一") in squash(_summary_values(edited))  # the 集計 workbook too
    assert squash("あとからの入力その一") not in _team_text(edited, "1班")
    assert edited.problems == []

    _edit(store, workshop, "参加者012", "lean_canvas", "さらにあとの入力その二")  # and once more: the newest wins
    newest = B.build_bundle(store, workshop, workers=1)
    text = _team_text(newest, "2班")
    assert squash("さらにあとの入力その二") in text
    assert squash("あとからの入力その一") not in text


def test_a_renamed_participant_is_rendered_again(tmp_path: Path, renders: list[str]) -> None:
    """The page header and outline carry the name: a cached PDF with the old name must not be reused."""
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 3, ["issue_sheet"])
    B.build_bundle(store, workshop, workers=1)
    person = store.participants(workshop.id)[0]
    store.db.schema([f"UPDATE participants SET name = '改名した人' WHERE id = '{person.id}'"])
    renders.clear()
    bundle = B.build_bundle(store, workshop, workers=1)
    assert len(renders) == 1
    assert squash("参加者：改名した人（1班）") in _team_text(bundle, "1班")


def test_a_bundle_on_server_b_reuses_a_and_holds_a_later_edit_made_on_a(
    postgres_url: str, renders: list[str]
) -> None:
    """Two app servers are two store objects on one PostgreSQL: nothing of the cache is in memory."""
    server_a, server_b = DraftStore(postgres_url), DraftStore(postgres_url)
    workshop = fill(server_a, 12, SHEETS)
    B.build_bundle(server_a, workshop, workers=1)
    assert len(renders) == 2
    renders.clear()
    B.build_bundle(server_b, workshop, workers=1)
    assert renders == []  # B reuses what A rendered (held in PostgreSQL)

    _edit(server_a, workshop, "参加者003", "issue_sheet", "一台目で入れた後の入力")
    renders.clear()
    on_b = B.build_bundle(server_b, workshop, workers=1)
    assert renders == [f"{workshop.name}：1班"]
    assert squash("一台目で入れた後の入力") in _team_text(on_b, "1班")
    assert render_cache.stored_bytes(server_b.db) > 0


def test_the_cache_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 1, ["issue_sheet"])
    blob = bytes(range(256)) * 400  # ≈ 100 KB that zlib cannot shrink much
    for n in range(5):
        render_cache.put(store.db, [(f"k{n}", blob + bytes([n]))], workshop.id)
    assert render_cache.get_many(store.db, ["k0"]) == {"k0": blob + bytes([0])}  # k0 is now the most recent
    one = render_cache.stored_bytes(store.db) // 5
    dropped = render_cache.trim(store.db, max_bytes=3 * one)
    assert dropped == 2
    left = render_cache.get_many(store.db, [f"k{n}" for n in range(5)])
    assert sorted(left) == ["k0", "k3", "k4"]  # k1 and k2 were used least recently
    assert render_cache.stored_bytes(store.db) <= 3 * one


def test_entries_of_a_deleted_workshop_or_unused_for_long_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # put() trims by itself every TRIM_EVERY puts, counted over the whole process: start the count
    # afresh, or the orphan is dropped by an automatic trim whenever earlier tests' puts add up
    monkeypatch.setattr(render_cache, "_PUTS", 0)
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 1, ["issue_sheet"])
    render_cache.put(store.db, [("kept", b"a")], workshop.id)
    render_cache.put(store.db, [("orphan", b"b")], "no-such-workshop")
    assert render_cache.trim(store.db) == 1
    assert set(render_cache.get_many(store.db, ["kept", "orphan"])) == {"kept"}
    far = 10_000 * 86400.0
    import time

    assert render_cache.trim(store.db, now=time.time() + far) == 1  # past the retention period
    assert render_cache.get_many(store.db, ["kept"]) == {}


def test_keys_follow_every_part_and_the_renderer() -> None:
    base = render_cache.key("team-pdf", "t", [("h", "o", "issue_sheet", "{}")])
    assert base == render_cache.key("team-pdf", "t", [("h", "o", "issue_sheet", "{}")])
    assert base != render_cache.key("team-pdf", "t", [("h", "o", "issue_sheet", '{"a": 1}')])
    assert base != render_cache.key("team-pdf", "t", [("h2", "o", "issue_sheet", "{}")])
    assert base != render_cache.key("summary-xlsx", "t", [("h", "o", "issue_sheet", "{}")])
    # length-prefixed: moving a character from one part to the next is another key
    assert render_cache.key("k", "ab", "c") != render_cache.key("k", "a", "bc")
    assert len(render_cache.renderer_version()) == 64


def test_a_broken_cache_table_is_a_slower_build_not_a_failed_one(tmp_path: Path, renders: list[str]) -> None:
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 2, ["issue_sheet"])
    B.build_bundle(store, workshop, workers=1)
    store.db.schema(["DROP TABLE render_cache", "CREATE TABLE render_cache (other TEXT)"])
    renders.clear()
    bundle = B.build_bundle(store, workshop, workers=1)
    assert bundle.problems == []
    assert renders == [f"{workshop.name}：1班"]
    assert squash("参加者：参加者002（1班）") in _team_text(bundle, "1班")


def test_a_prerender_fills_the_cache_so_the_click_renders_nothing(
    tmp_path: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(B.ENV_WORKERS, "1")  # render in this process, where renders are counted
    monkeypatch.setenv(B.ENV_PRERENDER, "3600")
    monkeypatch.setattr(B, "_PRERENDERED", {})
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 12, SHEETS)
    wait_for_bundles()  # none left running by earlier tests
    assert B.prerender_soon(store, workshop) is True
    assert B.prerender_soon(store, workshop) is False  # at most once per period
    wait_for_bundles()
    assert sorted(renders) == [f"{workshop.name}：1班", f"{workshop.name}：2班"]
    renders.clear()
    bundle = B.build_bundle(store, workshop)
    assert renders == []  # the click: every team PDF was ready
    assert squash("参加者：参加者012（2班）") in _team_text(bundle, "2班")

    monkeypatch.setenv(B.ENV_PRERENDER, "0")  # turned off
    monkeypatch.setattr(B, "_PRERENDERED", {})
    assert B.prerender_soon(store, workshop) is False


def test_a_click_during_a_prerender_waits_for_it_instead_of_rendering_everything_twice(
    tmp_path: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(B.ENV_WORKERS, "1")
    monkeypatch.setenv(B.ENV_PRERENDER, "3600")
    monkeypatch.setattr(B, "_PRERENDERED", {})
    monkeypatch.setattr(B, "_PRERENDERING", {})
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 12, SHEETS)
    wait_for_bundles()  # none left running by earlier tests
    assert B.prerender_soon(store, workshop) is True
    bundle = B.build_bundle(store, workshop)  # the click, while the pre-render still renders
    wait_for_bundles()
    assert sorted(renders) == [f"{workshop.name}：1班", f"{workshop.name}：2班"]  # each team once
    assert squash("参加者：参加者001（1班）") in _team_text(bundle, "1班")
    assert B._PRERENDERING == {}
