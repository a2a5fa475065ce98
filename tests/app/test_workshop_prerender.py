"""Issue 19: opening the facilitator's dashboard starts a background pre-render of the team PDFs
into the render cache in the store, so the click on 「一括ダウンロードを作成する」 renders nothing
that has not changed since."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.app.test_workshop_pages import _admin
from tests.conftest import wait_for_bundles
from worksheets import render_cache
from worksheets import workshop as W
from worksheets import workshop_bundle as B
from worksheets.store import DraftStore


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    wait_for_bundles()  # on a slow machine an earlier test's pre-render still ran, and this test's rightly did not start
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()
    monkeypatch.setenv(B.ENV_PRERENDER, "3600")
    monkeypatch.setattr(B, "_PRERENDERED", {})
    monkeypatch.setattr(B, "_PRERENDERING", {})


def test_the_dashboard_prerenders_so_the_click_renders_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    workshop, facilitator_key = W.create(store, W.setup_from_form("WS", date(2026, 11, 24), ["issue_sheet"], "1班\n2班"))
    for name, team in [("山田", "1班"), ("佐藤", "2班")]:
        _, person = W.join(store, workshop.code, name, team)
        store.create(person.id, "issue_sheet", json.dumps({"theme": f"{name}さんの課題"}, ensure_ascii=False))
    assert render_cache.stored_bytes(store.db) == 0
    _admin(store, workshop, facilitator_key)  # the facilitator opens the dashboard
    wait_for_bundles()
    assert render_cache.stored_bytes(store.db) > 0
    rendered: list[str] = []
    real = B.team_pdf
    monkeypatch.setattr(B, "team_pdf", lambda title, parts: (rendered.append(title), real(title, parts))[1])
    bundle = B.build_bundle(store, workshop, workers=1)  # what the click runs
    assert rendered == []
    assert bundle.problems == []
