"""The headers of deploy/nginx.conf applied to the real app in Chromium: nothing is blocked, the page works.

No nginx here: Playwright adds the config's headers to every HTTP response (the WebSocket is left as is,
and 'self' covers it), which is what the browser would get behind the proxy.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.deploy.nginxconf import parse
from tests.e2e.conftest import ARGS, CHROMIUM, Server, wait_idle, wait_saved

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def routed_browser() -> Iterator[Any]:
    """Chromium treats a response fulfilled by Playwright as coming from outside, and would then block the
    page's WebSocket to 127.0.0.1 (local network access checks): that check is off here, nothing else."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[*ARGS, "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessChecks"],
        )
        yield b
        b.close()


def _proxy_headers() -> dict[str, str]:
    servers = [s for s in parse(ROOT / "deploy" / "nginx.conf").all("server") if s.all("ssl_certificate")]
    return {d.args[0]: d.args[1] for d in servers[0].all("add_header")}


@pytest.mark.parametrize("path", ["issue_sheet", "timeline_plan", "sanpo_yoshi"])
def test_app_works_under_the_proxys_content_security_policy(server: Server, routed_browser: Any, path: str) -> None:
    extra = _proxy_headers()
    assert "frame-ancestors" in extra["Content-Security-Policy"]
    context = routed_browser.new_context(viewport={"width": 1400, "height": 1400})
    violations: list[str] = []
    seen: list[dict[str, str]] = []

    def add_headers(route: Any) -> None:
        response = route.fetch()
        headers = {**response.headers, **extra}
        seen.append(headers)
        route.fulfill(response=response, headers=headers)

    context.route("**/*", add_headers)
    page = context.new_page()
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    try:
        page.goto(f"{server.url}/{path}")
        wait_idle(page)
        page.wait_for_timeout(1500)
        wait_idle(page)
        assert seen
        assert all("Content-Security-Policy" in h for h in seen)
        assert page.evaluate("window.__worksheetsAutosave === true && window.__worksheetsI18n === true")
        field = page.locator("[data-testid=stTextInput] input").first
        field.click()
        field.fill("CSP下でも保存される")
        field.press("Enter")
        wait_saved(page)
        if path == "timeline_plan":
            page.locator(".js-plotly-plot").first.wait_for(timeout=15_000)
        assert violations == []
    finally:  # a request still being routed (a chart image) when the context closes is not this test's concern
        context.unroute_all(behavior="ignoreErrors")
        context.close()


