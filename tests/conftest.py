"""Shared pytest fixtures.

Browser-test fixtures (used by tests/test_browser.py; the plain functions behind them live in
tests/browser/server.py, which benchmarks/app_bench.py uses too):

- ``app_server`` (session): starts ``python -m streamlit run app.py --server.headless true
  --server.port <free port>`` in a subprocess, waits until ``/_stcore/health`` answers, yields an
  :class:`AppServer` (``.url``, ``.process``, ``.log_path``) and kills the process at teardown.
- ``browser`` (session): Debian's Chromium (``/usr/bin/chromium``) launched by Playwright's sync
  API, headless, with no background networking.
- ``guarded_page`` (function): a fresh browser context and page in which every request that goes to a
  host other than this machine is aborted and recorded; the test fails at teardown if there was one.

Under ``CI=true`` a missing Chromium or Playwright is a failure, never a skip.
"""
from __future__ import annotations

import os

import pytest

from tests.browser.server import (ARTIFACTS_DIR, CHROMIUM_PATH, REPO_ROOT, ExternalRequestGuard,
                                  launch_chromium, start_app_server, stop_app_server)

__all__ = ["REPO_ROOT", "running_in_ci", "require"]


def running_in_ci() -> bool:
    """True when the environment variable CI says we run under continuous integration."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip the current test when ``condition`` is false — or fail it under CI, where nothing may skip."""
    if condition:
        return
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true: the browser test must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_server():
    """The app running headless on a free port for the whole session; killed at teardown."""
    try:
        server = start_app_server()
    except RuntimeError as error:
        pytest.fail(f"could not start the app: {error}", pytrace=False)
    yield server
    stop_app_server(server)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (sync API) for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -r requirements-dev.txt)")
    require(os.access(CHROMIUM_PATH, os.X_OK),
            f"{CHROMIUM_PATH} is missing (apt-get install chromium, or run bash scripts/test.sh)")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def guarded_page(browser, request):
    """A new page in a fresh context; fails the test if any request left the machine or a
    JavaScript error went uncaught or a dialog opened (in the page or the map's iframe).

    Yields the Playwright Page; ``page.guard`` is the :class:`ExternalRequestGuard` (its ``blocked``
    list can be asserted on mid-test). On failure a screenshot goes to tests/artifacts/.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    guard = ExternalRequestGuard()
    guard.attach(context)
    page = context.new_page()
    guard.watch_page(page)
    page.guard = guard
    page.set_default_timeout(30_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"{request.node.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a failed screenshot must not hide the real failure
            pass
    context.close()
    assert not guard.blocked, "requests left the machine:\n" + "\n".join(guard.blocked)
    assert not guard.page_errors, "uncaught JavaScript errors:\n" + "\n".join(guard.page_errors)
    assert not guard.dialogs, "the page opened dialogs (injected script?):\n" + "\n".join(guard.dialogs)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (``item.rep_call``) for fixtures' teardown."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
