"""issue 19 (fast joins): nothing in the server's configuration makes a new session's first run
expensive. Streamlit's source watcher (on unless ``server.fileWatcherType = "none"``) gives every
new session its own watcher, which after the first run resolves the path of every loaded module
(plotly, pandas, reportlab: thousands) on the event loop that all sessions share. Profiled with
py-spy while sessions joined one after another: 95 % of the server's main-thread time, first
page load median 465 ms; 93 ms without it (bench/load_proxy.py measures the joins)."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_the_server_does_not_watch_its_source_files() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"].get("fileWatcherType") == "none"
    assert not config["server"].get("runOnSave", False)  # needs the watcher; a production server never reloads
