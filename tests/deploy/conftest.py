"""The live proxy test drives the same Chromium as the browser tests."""

from tests.e2e.conftest import browser  # noqa: F401  (fixture)
