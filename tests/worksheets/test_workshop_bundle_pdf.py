"""Team PDFs of the workshop bundle (issue 19): every participant's sheets and name are in their
team's PDF, drawn into one document with one embedded font (not one per sheet)."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT
from tests.worksheets.formats.pdftext import squash
from worksheets import workshop as W
from worksheets import workshop_bundle as B
from worksheets.store import DraftStore

sys.path.insert(0, str(ROOT / "bench"))
from workshop_bundle import fill

SHEETS = ["issue_sheet", "issue_detail", "lean_canvas", "discussion_paper"]


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()


def _font_files(reader: PdfReader) -> set[int]:
    found: set[int] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for desc in [font.get("/FontDescriptor"), *(d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", []))]:
                if desc is not None and "/FontFile2" in desc.get_object():
                    found.add(desc.get_object().raw_get("/FontFile2").idnum)
    return found


def test_every_participant_and_sheet_is_in_one_small_team_pdf(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 12, SHEETS)  # 2 teams of 10 and 2
    bundle = B.build_bundle(store, workshop, workers=2)  # the two teams on two worker processes
    assert bundle.problems == []
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    assert sorted(n for n in archive.namelist() if n.startswith("pdf/")) == ["pdf/1班.pdf", "pdf/2班.pdf"]
    for team, members in [("1班", range(1, 11)), ("2班", range(11, 13))]:
        reader = PdfReader(io.BytesIO(archive.read(f"pdf/{team}.pdf")))
        text = squash("".join(p.extract_text() for p in reader.pages))
        titles = [o.title for o in reader.outline]
        assert len(titles) == len(members) * len(SHEETS)
        for n in members:
            name = f"参加者{n:03d}"
            assert squash(f"参加者：{name}（{team}）") in text
            # each sheet's first answer carries the participant's number (the bench writes it there)
            assert text.count(squash(f"（{name}）")) >= len(SHEETS), name
            for sheet in SHEETS:
                assert f"{name} {W.sheet_title(sheet)}" in titles
        others = [n for n in range(1, 13) if n not in members]
        assert all(f"参加者{n:03d}" not in text for n in others)
        # One embedded IPAexGothic for the team, shared by all its sheets: reportlab splits a font
        # into subsets of 256 glyphs, so the count follows the distinct characters, not the sheets
        # (the merged per-sheet PDFs embedded at least one subset per sheet: 40 for 1班).
        assert len(_font_files(reader)) <= len(set(text)) // 256 + 2, team
    assert len(bundle.data) < 60_000 * 12  # ≈ 19 MB / 240 sheets before; now well under 60 KB per sheet


def test_a_sheet_that_fails_to_print_is_left_out_and_the_team_pdf_still_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 3, ["issue_sheet", "lean_canvas"])
    real = B.pdf_format.export

    def export(doc):  # type: ignore[no-untyped-def]
        if doc.sheet_type == "lean_canvas" and "参加者002" in json.dumps(doc.sheet.model_dump(), ensure_ascii=False):
            real(doc)  # its pages are drawn, then it fails: they must not stay in the team PDF
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(B.pdf_format, "export", export)
    bundle = B.build_bundle(store, workshop, workers=1)  # in this process, where the patch applies
    assert len(bundle.problems) == 1
    assert "参加者002（1班）の「官民連携用リーンキャンバス」" in bundle.problems[0]
    reader = PdfReader(io.BytesIO(zipfile.ZipFile(io.BytesIO(bundle.data)).read("pdf/1班.pdf")))
    titles = [o.title for o in reader.outline]
    assert "参加者002 官民連携用リーンキャンバス" not in titles
    assert len(titles) == 5
    assert squash("（参加者002）") in squash("".join(p.extract_text() for p in reader.pages))  # the 課題整理シート


def test_worker_processes_and_this_thread_make_the_same_team_pdfs(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "ws.sqlite3")
    workshop = fill(store, 12, ["issue_sheet", "lean_canvas"])
    here = zipfile.ZipFile(io.BytesIO(B.build_bundle(store, workshop, workers=1).data))
    pool = zipfile.ZipFile(io.BytesIO(B.build_bundle(store, workshop, workers=2).data))
    for name in ("pdf/1班.pdf", "pdf/2班.pdf"):
        assert here.read(name) == pool.read(name)  # invariant PDFs: byte for byte
