"""One timeline, one print (issue 15 #1): the page, the workshop bundle, the viewer and the CLI print the
same text for one draft, and the plan's files carry the calendar and paper themselves (issue 13 #8)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import load_sample
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets import workshop as W
from worksheets import workshop_bundle as B
from worksheets.cli import main
from worksheets.document import Document, document_from_stored
from worksheets.formats import json_format, pdf_format, xlsx_format
from worksheets.formats.timeline_pdf import render_resolved
from worksheets.reference import exits
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.timeline_plan import EXITS, Milestone, TimelinePlan, paper_json
from worksheets.spec import SheetModel
from worksheets.store import DraftStore
from worksheets.timeline import build_figure, chart_items
from worksheets.timeline_resolve import embed, resolve

TODAY = date.today()  # render_pdf prints with today's date, as the page does
CALENDAR = BudgetCalendar(name="B市（要求 9/15）", request_deadline="9/15", agreement_deadline="10/31")


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "ws.sqlite3")


def _lookup(store: DraftStore):  # type: ignore[no-untyped-def]
    def find(draft_id: str) -> SheetModel | None:
        found = store.get(draft_id)
        return document_from_stored(found.sheet_type, found.data).sheet if found else None

    return find


def _text(pdf: bytes) -> str:
    return squash("".join(pages_text(pdf)))


def test_page_bundle_viewer_and_cli_print_the_same_timeline(store: DraftStore, tmp_path: Path) -> None:
    workshop, _ = W.create(store, W.setup_from_form("タイムライン演習", date(2026, 11, 24), ["timeline_plan"], "1班"))
    _, person = W.join(store, workshop.code, "山田", "1班")
    cal = store.create(person.id, "budget_calendar", json.dumps(CALENDAR.model_dump(mode="json"), ensure_ascii=False))
    paper = load_sample("discussion_paper_iwata.json").sheet
    pap = store.create(person.id, "discussion_paper", json.dumps(paper.model_dump(mode="json"), ensure_ascii=False))
    plan = TimelinePlan(
        project="健康アプリ",
        first_contact=date(TODAY.year, 8, 20),
        calendar_id=cal.id,
        paper_id=pap.id,
        milestones=[Milestone(label="庁内説明", day=date(TODAY.year + 1, 1, 20))],
    )
    # what the page does on every run: embed the linked drafts' values and save them with the plan
    synced = embed(plan, _lookup(store))
    assert synced.calendar_values
    assert synced.paper_values
    draft = store.create(person.id, "timeline_plan", json.dumps(synced.model_dump(mode="json"), ensure_ascii=False))
    page = _text(render_resolved(resolve(plan, TODAY, _lookup(store))))
    assert squash("B市（要求 9/15）") in page  # the chosen calendar …
    assert squash(paper.schedule[0].task) in page  # … and paper, not the defaults
    assert squash("9月15日までに枠組み合意") in page

    viewer = _text(pdf_format.export(document_from_stored("timeline_plan", store.get(draft.id).data)))  # type: ignore[union-attr]
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    bundle = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("pdf/1班.pdf"))).pages))
    exported = tmp_path / "plan.json"
    exported.write_bytes(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    assert main(["convert", str(exported), "-o", str(tmp_path / "cli.pdf")]) == 0
    cli = _text((tmp_path / "cli.pdf").read_bytes())
    assert viewer == page
    assert cli == page
    assert squash("B市（要求 9/15）") in bundle
    assert squash(paper.schedule[0].task) in bundle


def test_files_carry_the_calendar_and_paper_values_and_keep_the_link(store: DraftStore) -> None:
    cal = store.create("ws", "budget_calendar", json.dumps(CALENDAR.model_dump(mode="json"), ensure_ascii=False))
    plan = embed(TimelinePlan(project="x", calendar_id=cal.id), _lookup(store))
    doc = Document("timeline_plan", plan)
    for back in (json_format.import_(json_format.export(doc)), xlsx_format.import_(xlsx_format.export(doc))):
        assert back == doc
        assert isinstance(back.sheet, TimelinePlan)
        assert back.sheet.calendar_id == cal.id  # the link stays
        # a colleague without the draft still gets the calendar
        alone = resolve(back.sheet, date(2026, 8, 20), lambda _id: None)
        assert alone.rules.name == "B市（要求 9/15）"
        assert alone.rules.request == (9, 15)
        assert alone.warnings  # 合意 10/31 after 要求 9/15
    assert "B市（要求 9/15）" in json_format.export(doc).decode("utf-8")
    assert resolve(TimelinePlan(calendar_values=plan.calendar_values), date(2026, 8, 20)).rules.name == CALENDAR.name


def test_embedded_values_follow_the_linked_draft_and_clear_without_a_link(store: DraftStore) -> None:
    cal = store.create("ws", "budget_calendar", json.dumps(CALENDAR.model_dump(mode="json"), ensure_ascii=False))
    plan = embed(TimelinePlan(calendar_id=cal.id), _lookup(store))
    store.save(cal.id, json.dumps({**CALENDAR.model_dump(mode="json"), "name": "C市"}), "C市", cal.version)
    assert resolve(plan, TODAY, _lookup(store)).rules.name == "C市"
    assert embed(plan.model_copy(update={"calendar_id": ""}), _lookup(store)).calendar_values == ""
    unchanged = embed(plan, lambda _id: None)  # the draft is gone: keep what was embedded
    assert unchanged.calendar_values == plan.calendar_values


def test_hostile_embedded_values_are_refused() -> None:
    with pytest.raises(ValueError, match="埋め込まれた予算カレンダー"):
        TimelinePlan(calendar_values='{"request_deadline": "13/45"}')
    with pytest.raises(ValueError, match="埋め込まれたディスカッションペーパー"):
        TimelinePlan(paper_values="not json")


def test_exit_choices_come_from_the_data_file_and_old_wording_still_loads() -> None:
    assert EXITS[1:] == tuple(f"{e['id']} {e['name']}" for e in exits())
    old = TimelinePlan.model_validate({"exit": "① 自治体“へ”導入する"})  # the wording files were saved with
    assert old.exit == EXITS[1]


def test_milestone_labels_reach_plotly_as_text_not_markup() -> None:
    """Issue 12 #7: a label 「<a href=…>」 became a live link and <span style=…> was applied (failed before)."""
    plan = TimelinePlan(
        first_contact=date(2026, 6, 1),
        milestones=[
            Milestone(label='<a href="http://evil.example">押</a>', day=date(2026, 9, 1)),
            Milestone(label='<span style="font-size:80px">大', day=date(2026, 10, 1)),
        ],
    )
    r = resolve(plan, date(2026, 6, 1))
    fig = build_figure(chart_items(plan, r.rules, r.verdict, r.today))
    texts = [a.text for a in fig.layout.annotations]
    assert any(t.startswith("&lt;a href=&quot;http://evil.ex") for t in texts)
    assert any(t.startswith("&lt;span style=&quot;font-size:") for t in texts)
    assert not any("<a" in t or "<span" in t for t in texts)
    everything = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    assert "<a href" not in everything
    assert "<span style" not in everything


def test_a_papers_pilot_after_the_request_deadline_is_flagged_for_exit_1() -> None:
    """Issue 13 #7: exit ① after a 実証 whose results arrive after the 要求 deadline they should support."""
    paper = load_sample("discussion_paper_iwata.json").sheet.model_copy(update={"schedule_start_month": 9})
    plan = TimelinePlan(first_contact=date(2026, 6, 1), exit=EXITS[1], paper_values=paper_json(paper))
    r = resolve(plan, date(2026, 6, 1))  # 実証 = columns 3–5 = 2026年11月–2027年1月
    assert r.verdict.category == "要注意（実証の結果が予算要求に間に合いません）"
    assert "2027年1月31日" in r.verdict.headline
    assert "2028年度（令和10年度）" in r.verdict.headline
    co_create = resolve(plan.model_copy(update={"exit": EXITS[3]}), date(2026, 6, 1))
    assert co_create.verdict.category == "間に合う時期です"
