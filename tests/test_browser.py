"""The real browser test: Debian's Chromium (Playwright, sync API) on the locally running app.

Every test runs in a fresh browser context in which any request to a host other than this machine
is aborted and fails the test (``guarded_page`` in conftest.py), iframes included, and so does an
uncaught JavaScript error. The app is started once per session (``app_server``).
Under CI=true these tests run, never skip (conftest.require).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.browser.helpers import (FEATURE_SELECTOR, MAP_IFRAME, click_feature, count_features,
                                   hover_tooltip, map_frame, map_view, page_text, squash, wait_for_count,
                                   wait_for_map)
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
DOC_FILTER_KEY = "docs"        # st.multiselect(..., key="docs") in app.py: the document filter
UPLOAD_KEY = "extract_upload"  # st.file_uploader(..., key=...) in the extractor's panel

# A new text in the style of the seed documents (not one of them): three 对口合作 pairs written
# as an `X与Y` list, a named city cluster and a cooperation park.
UPLOAD_TEXT = """关于深化省际对口合作的实施意见（试行）

一、合作关系
（一）确定河北省与广东省、山西省与江苏省、内蒙古自治区与北京市建立对口合作关系，互利共赢、共同发展。
（二）推动中原城市群和关中平原城市群加强协作。
二、合作平台
（一）支持共建苏州工业园区，探索“飞地经济”模式。
"""
NEW_PARTIES = ("河北", "广东", "山西", "内蒙古")


def curated_quotes() -> list[str]:
    """Every ``quote`` in the curated CSVs under pairings/data/ (whitespace removed)."""
    quotes: list[str] = []
    for path in sorted((REPO_ROOT / "pairings" / "data").rglob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "quote" in table.columns:
            quotes += [squash(q) for q in table["quote"] if len(squash(q)) >= 6]
    return quotes


def shown_quotes(page, quotes: list[str]) -> set[str]:
    """The curated quotes that appear verbatim in the page's visible text (outside the map)."""
    text = squash(page_text(page))
    return {q for q in quotes if q in text}


def doc_filter(page):
    """The document filter widget (multiselect keyed ``docs``)."""
    return page.locator(f".st-key-{DOC_FILTER_KEY}")


def selected_documents(page) -> list[str]:
    """Labels of the documents currently selected in the document filter."""
    return [t.strip() for t in doc_filter(page).locator("span[data-tag] span[title]").all_inner_texts()]


def keep_only_first_document(page) -> str:
    """Remove every selected document but the first from the filter; returns the one kept."""
    widget = doc_filter(page)
    widget.wait_for()
    kept = selected_documents(page)[0]
    while len(selected_documents(page)) > 1:
        widget.locator("span[data-tag] button[aria-label^='Remove']").last.click()
        page.wait_for_timeout(200)
    # close the dropdown the clicks may have opened
    page.keyboard.press("Escape")
    return kept


@pytest.fixture(scope="module")
def quotes() -> list[str]:
    """The curated quotes; the browser tests need the data to be there."""
    found = curated_quotes()
    assert found, "no quotes in pairings/data/*.csv"
    return found


def test_map_paints_offline_and_screenshot(app_server, guarded_page):
    """The default view paints the map with features, with nothing fetched from outside."""
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    n = wait_for_count(page, lambda c: c > 0)
    assert n >= 10, f"only {n} features drawn on the default view"
    # the map iframe loads Leaflet from the app itself
    frame = map_frame(page)
    assert frame.evaluate("typeof L") == "object", "Leaflet is not loaded in the map iframe"
    scripts = frame.evaluate("Array.from(document.scripts).map(s => s.src).filter(Boolean)")
    assert scripts, "the map iframe loaded no script file"
    page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    assert not page.guard.blocked


def test_document_filter_narrows_the_map(app_server, guarded_page):
    """Keeping one document in the filter draws fewer features than all documents."""
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    all_docs = wait_for_count(page, lambda c: c > 0)
    assert len(selected_documents(page)) >= 2, "all documents should be selected by default"
    keep_only_first_document(page)
    fewer = wait_for_count(page, lambda c: c < all_docs)
    assert 0 < fewer < all_docs


def _click_an_entity(page, quotes):
    """Hover entity features until one has a tooltip, click it, and wait for its quote.

    Returns (tooltip text, set of curated quotes shown after the click)."""
    frame = map_frame(page)
    before = shown_quotes(page, quotes)
    candidates = frame.locator(FEATURE_SELECTOR)
    tried = 0
    for i in range(candidates.count() - 1, -1, -1):  # entity layers are drawn above the base map
        feature = candidates.nth(i)
        if not feature.is_visible():
            continue
        tooltip = hover_tooltip(page, feature)
        if not tooltip:
            continue
        tried += 1
        click_feature(page, feature)
        for _ in range(40):
            page.wait_for_timeout(250)
            after = shown_quotes(page, quotes)
            if after - before:
                return tooltip, after
        if tried >= 3:
            break
    raise AssertionError(f"clicked {tried} features with tooltips; no curated quote appeared")


def test_click_feature_shows_its_quote(app_server, guarded_page, quotes):
    """Clicking a drawn feature shows its evidence: a curated quote, verbatim, and its name."""
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    wait_for_count(page, lambda c: c > 0)
    tooltip, shown = _click_an_entity(page, quotes)
    assert shown
    name = squash(tooltip.splitlines()[0])[:4]
    assert name and name in squash(page.locator("[data-testid='stMain']").first.inner_text()), (
        f"the evidence panel does not name the clicked feature ({tooltip!r})")


def test_shared_url_reopens_the_same_view(app_server, guarded_page, quotes):
    """Narrow the filter and select a feature; the page URL reopened elsewhere shows the same."""
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    all_docs = wait_for_count(page, lambda c: c > 0)
    keep_only_first_document(page)
    narrowed = wait_for_count(page, lambda c: c < all_docs)
    _, shown = _click_an_entity(page, quotes)
    page.wait_for_timeout(1000)
    url = page.url
    assert "?" in url, f"the view is not in the URL: {url}"
    view = map_view(page)
    docs = selected_documents(page)

    other = page.context.new_page()
    page.guard.watch_page(other)
    other.goto(url)
    wait_for_map(other)
    assert wait_for_count(other, lambda c: c == narrowed) == narrowed
    assert selected_documents(other) == docs
    assert shown <= shown_quotes(other, quotes), "the selected feature's evidence is not restored"
    assert map_view(other) == view
    other.close()


def test_upload_a_text_shows_candidates(app_server, guarded_page, tmp_path: Path):
    """Uploading a new policy text in the extractor's panel lists its candidate pairings."""
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    before = squash(page_text(page))
    assert not all(name in before for name in NEW_PARTIES), "the new parties are shown before the upload"
    upload = page.locator(f".st-key-{UPLOAD_KEY} input[type=file], "
                          "[data-testid='stFileUploader'] input[type=file]").first
    upload.wait_for(state="attached")
    text_file = tmp_path / "new_policy.txt"
    text_file.write_text(UPLOAD_TEXT, encoding="gbk")  # the extractor must detect GBK
    upload.set_input_files(str(text_file))
    for _ in range(120):  # the candidates table lists the new pairs' parties
        text = squash(page_text(page))
        if all(name in text for name in NEW_PARTIES):
            break
        page.wait_for_timeout(250)
    missing = [name for name in NEW_PARTIES if name not in text]
    assert not missing, f"candidates for the uploaded text do not name {missing}"
