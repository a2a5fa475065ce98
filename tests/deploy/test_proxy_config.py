"""issue 12 (low) and #11: the documented reverse proxy sets the security headers, hides /_stcore/metrics and
caps the request body near the app's own 2 MB limit."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT
from tests.deploy.nginxconf import Directive, parse
from worksheets.formats.limits import MAX_UPLOAD_BYTES

CONF = ROOT / "deploy" / "nginx.conf"


@pytest.fixture(scope="module")
def https() -> Directive:
    servers = [s for s in parse(CONF).all("server") if any("443" in d.args[0] for d in s.all("listen"))]
    assert len(servers) == 1
    return servers[0]


def headers(server: Directive) -> dict[str, str]:
    found = {}
    for d in server.all("add_header"):
        assert d.args[-1] == "always", f"{d.args[0]} must also be sent on error pages (always)"
        found[d.args[0].lower()] = d.args[1]
    return found


def csp(server: Directive) -> dict[str, list[str]]:
    policy = headers(server)["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_security_headers_are_set(https: Directive) -> None:
    h = headers(https)
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"  # the URL holds the draft id
    policy = csp(https)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    sources = [source for sources in policy.values() for source in sources]
    assert "https:" not in sources  # nothing fetched from other servers
    assert "*" not in sources


def test_no_location_drops_the_headers(https: Directive) -> None:
    """nginx: a location with its own add_header inherits none of the server's; none may have one."""
    for location in https.all("location"):
        assert not location.all("add_header"), location.args


def _location(server: Directive, path: str) -> Directive:
    matches = [loc for loc in server.all("location") if loc.args[-1] == path]
    assert matches, f"no location for {path}"
    return matches[0]


def test_metrics_and_internals_are_not_served(https: Directive) -> None:
    metrics = _location(https, "/_stcore/metrics")
    assert metrics.args[0] == "="
    assert metrics.first("return").args == ["404"]
    health = _location(https, "/_stcore/health")
    assert [d.args for d in health.all("deny")] == [["all"]]


def test_body_limit_is_just_above_the_apps_upload_limit(https: Directive) -> None:
    size = https.first("client_max_body_size").args[0]
    mb = int(re.fullmatch(r"(\d+)m", size).group(1))  # type: ignore[union-attr]
    assert MAX_UPLOAD_BYTES < mb * 1024 * 1024 <= 2 * MAX_UPLOAD_BYTES
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES


def test_websocket_is_upgraded_with_long_timeouts(https: Directive) -> None:
    stream = _location(https, "/_stcore/stream")
    set_headers = {d.args[0]: d.args[1] for d in stream.all("proxy_set_header")}
    assert set_headers["Upgrade"] == "$http_upgrade"
    assert set_headers["Connection"] == "$connection_upgrade"
    assert int(stream.first("proxy_read_timeout").args[0].removesuffix("s")) >= 600


def test_plain_http_only_redirects() -> None:
    plain = [s for s in parse(CONF).all("server") if any(d.args == ["80"] for d in s.all("listen"))]
    assert len(plain) == 1
    assert plain[0].first("return").args[0] == "301"
    assert not plain[0].all("location")


def test_readme_documents_the_proxy() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx.conf" in readme
    assert "/_stcore/metrics" in readme
    assert "frame-ancestors" in readme
    operations = readme.split("## 運用", 1)[1].split("\n## ", 1)[0]
    assert "保存できませんでした（入力は画面に残っています）" in operations
    assert "client_max_body_size 3m" in operations
    assert "maxUploadSize = 2" in operations
