"""Issue 19: deploy/nginx.conf running for real (Debian's nginx) in front of two ``streamlit run``
servers on one real PostgreSQL: sticky sessions, WebSocket upgrade, security headers, the upload
limit and /_stcore/metrics closed; a participant and the facilitator work through the proxy."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import Server, open_page, wait_idle

CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def runnable_config(port: int, upstreams: tuple[int, int], tmp: Path) -> str:
    """deploy/nginx.conf as it is, made runnable here: plain HTTP on a free port instead of TLS
    (no certificate), the two test servers' ports, and a log that names the upstream per request."""
    conf = CONF.read_text(encoding="utf-8")
    conf = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", conf, flags=re.S)  # the redirect-only server
    assert "listen 443 ssl http2;" in conf
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    conf = re.sub(r"\n\s*ssl_certificate(_key)? [^;]+;", "", conf)
    conf = conf.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{upstreams[0]};")
    conf = conf.replace("server 127.0.0.1:8502;", f"server 127.0.0.1:{upstreams[1]};")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\nhttp {{\n{temp}\n"
        f"    log_format route '$upstream_addr $cookie_worksheets_route $status $request_uri';\n"
        f"    access_log {tmp}/access.log route;\n{conf}\n}}\n"
    )


@pytest.fixture
def proxied(postgres_url: str, tmp_path: Path) -> Iterator[tuple[str, Server, Server, Path]]:
    if not Path(NGINX).exists():
        pytest.fail("nginx が必要です（CI と同じく apt-get install -y nginx-light）。")
    a = Server(tmp_path / "a.sqlite3", location=postgres_url)
    b = Server(tmp_path / "b.sqlite3", location=postgres_url)
    a.start()
    b.start()
    port = _free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(runnable_config(port, (a.port, b.port), tmp_path), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr  # the shipped file is valid for this nginx
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", a, b, tmp_path / "access.log"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        a.stop()
        b.stop()


def _get(url: str, cookie: str | None = None, data: bytes | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


def _routes(log: Path) -> list[tuple[str, str, str]]:
    time.sleep(0.2)  # nginx writes the line after the response
    return [tuple(line.split()[:3]) for line in log.read_text().splitlines() if line.strip()]  # type: ignore[misc]


def test_proxy_in_front_of_two_servers(proxied: tuple[str, Server, Server, Path], browser: Any) -> None:
    url, a, b, log = proxied
    status, headers = _get(url + "/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert _get(url + "/_stcore/metrics")[0] == 404
    assert _get(url + "/_stcore/upload_file/x/y", data=b"x" * (4 * 1024 * 1024))[0] == 413

    # Sticky: each browser (cookie) stays on one server; new browsers are spread over both.
    cookies = []
    for _ in range(16):
        _, h = _get(url + "/")
        found = re.search(r"worksheets_route=([0-9a-f]{32})", h["set-cookie"])
        assert found is not None
        cookies.append(found.group(1))
    time.sleep(0.2)  # nginx writes each line after its response: let the cookie-less visits' lines land first
    log.write_text("")
    for cookie in cookies:
        for path in ("/", "/_stcore/host-config", "/"):
            _get(url + path, cookie=f"worksheets_route={cookie}")
    by_cookie: dict[str, set[str]] = {}
    for upstream, cookie, _status in _routes(log):
        if cookie != "-":  # the cookie-less first visits above: nginx may log the last ones after the truncation
            by_cookie.setdefault(cookie, set()).add(upstream)
    assert set(by_cookie) == set(cookies)
    assert all(len(ups) == 1 for ups in by_cookie.values())  # never switched server
    assert {u for ups in by_cookie.values() for u in ups} == {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"}

    # The app itself through the proxy (WebSocket upgrade): facilitator and participant.
    admin_ctx, admin = open_page(browser, url + "/workshop_admin", height=1600)
    admin.get_by_role("textbox", name="ワークショップ名").fill("プロキシ越しの会")
    admin.get_by_role("button", name="作成する").click()
    wait_idle(admin)
    code = admin.locator("[data-testid=stCode]", has_text="/workshop?code=").inner_text().strip().rsplit("=", 1)[1]
    who_ctx, who = open_page(browser, f"{url}/workshop?code={code}")
    who.get_by_role("textbox", name="表示名").fill("高橋")
    who.get_by_label("チーム").click()
    who.get_by_role("option", name="1班").click()
    who.get_by_role("button", name="参加する").click()
    wait_idle(who)
    expect(who.get_by_text("このワークショップで記入するシート")).to_be_visible()
    expect(admin.locator("[role=gridcell]", has_text="高橋")).to_have_count(1, timeout=20_000)
    who_ctx.close()
    admin_ctx.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # a WebSocket is logged when it closes
        streams = [r for r in _routes(log) if r[2] == "101"]  # upgrades answered by an app server
        if len(streams) >= 2:
            break
    assert len(streams) >= 2
