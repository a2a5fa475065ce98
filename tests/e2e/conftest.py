"""A real ``streamlit run`` on a free loopback port, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db: Path, location: str | None = None) -> None:
        self.db = db
        self.location = location  # a postgresql:// URL instead of the SQLite file ``db``
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "WORKSHEETS_DB": self.location or str(self.db)}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not start")

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs, as in a crash (``start()`` again reuses the port and the DB)."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=30)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("e2e") / "drafts.sqlite3")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is required for the browser tests: apt-get install -y chromium fonts-ipaexfont")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def wait_idle(page: object) -> None:
    """Wait until Streamlit has finished the current script run (after a short grace period)."""
    page.wait_for_timeout(250)  # type: ignore[attr-defined]
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]", timeout=30_000
    )


SAVED = r"自動保存済み（第(\d+)版）"


def saved_version(page: object) -> int:
    """The draft version the page currently reports as saved (0 before the first save)."""
    import re

    locator = page.get_by_text(re.compile(SAVED))  # type: ignore[attr-defined]
    if locator.count() == 0:
        return 0
    found = re.search(SAVED, locator.first.inner_text())
    return int(found.group(1)) if found else 0


def wait_saved(page: object, after: int | None = None) -> None:
    """Wait for the page's own confirmation of a save newer than version ``after`` (default: any save; the
    first edit creates the draft as version 1)."""
    import re

    from playwright.sync_api import expect

    first = 1 if after is None else after + 1
    locator = page.get_by_text(re.compile(SAVED))  # type: ignore[attr-defined]
    expect(locator).to_be_visible(timeout=15_000)
    expect(locator).to_have_text(
        re.compile(rf"第({'|'.join(str(v) for v in range(first, first + 50))})版"), timeout=15_000
    )


def wait_stored(server: Server, page: object, text: str, timeout_s: float = 15.0) -> None:
    """Wait until the draft in the page's URL holds ``text`` in some field, in the server's store itself
    (the page's 自動保存済み caption can move on for another save while this edit is still in flight)."""
    import json
    import sqlite3
    from urllib.parse import parse_qs, urlsplit

    def holds(value: object) -> bool:
        if isinstance(value, dict):
            return any(holds(v) for v in value.values())
        if isinstance(value, list):
            return any(holds(v) for v in value)
        return value == text

    deadline = time.monotonic() + timeout_s
    while "draft" not in parse_qs(urlsplit(page.url).query) and time.monotonic() < deadline:  # type: ignore[attr-defined]
        page.wait_for_timeout(100)  # type: ignore[attr-defined]  # the first edit creates the draft
    draft_id = parse_qs(urlsplit(page.url).query)["draft"][0]  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        with sqlite3.connect(server.db) as db:
            row = db.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is not None and holds(json.loads(row[0])):
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} was not saved to draft {draft_id} within {timeout_s} s")


def open_page(browser: object, url: str, height: int = 1400) -> tuple[object, object]:
    """A fresh browser context (as after closing the browser) showing ``url`` once it has loaded."""
    context = browser.new_context(viewport={"width": 1400, "height": height}, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url)
    wait_idle(page)
    return context, page


def stored_drafts(server: Server) -> list[dict[str, object]]:
    """Every draft in the server's store as {id, workspace, sheet_type, data (parsed), version}."""
    import json
    import sqlite3

    if not server.db.exists():
        return []
    with sqlite3.connect(server.db) as db:
        rows = db.execute("SELECT id, workspace, sheet_type, data, version FROM drafts").fetchall()
    return [
        {"id": r[0], "workspace": r[1], "sheet_type": r[2], "data": json.loads(r[3]), "version": r[4]} for r in rows
    ]


def url_param(page: object, name: str) -> str | None:
    from urllib.parse import parse_qs, urlsplit

    values = parse_qs(urlsplit(page.url).query).get(name)  # type: ignore[attr-defined]
    return values[0] if values else None
