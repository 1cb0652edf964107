"""Browser tests of compare mode and the at-a-glance charts (Chromium through Playwright, the real app).

The expected classes are computed here from the curated CSVs (every ``mentions.csv`` under
pairings/data/), not from ``mapview.compare``: an entity cited by ndrc2015 and not by central2018
is *dropped*, the other way round *added*, by both *shared*. The page must draw exactly those
entities in those classes (SVG paths and platform markers carry ``mv-added`` / ``mv-dropped`` /
``mv-shared`` beside ``mv-id-<id>``), in three different styles, with the counts in the side
list's heading and each entry's quote from the document that has it.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from tests.browser.helpers import map_frame, squash, wait_for_count, wait_for_map
from tests.browser.server import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

A, B = "ndrc2015", "central2018"
SCREENSHOT_ZH = REPO_ROOT / "docs" / "compare.png"
SCREENSHOT_EN = REPO_ROOT / "docs" / "compare_en.png"


@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False)
              for p in sorted((REPO_ROOT / "pairings" / "data").rglob("mentions.csv"))]
    assert frames, "no mentions.csv under pairings/data/"
    return pd.concat(frames, ignore_index=True)


def expected_classes(mentions: pd.DataFrame) -> dict[str, set[str]]:
    in_a = set(mentions.loc[mentions["doc_id"] == A, "entity_id"])
    in_b = set(mentions.loc[mentions["doc_id"] == B, "entity_id"])
    return {"added": in_b - in_a, "dropped": in_a - in_b, "shared": in_a & in_b}


def drawn_classes(frame) -> dict[str, set[str]]:
    """Entity ids per compare class, read from the drawn SVG paths / marker icons and, for
    platforms inside a cluster bubble (not in the DOM until zoomed in), from the icon each
    clustered marker will show."""
    return frame.evaluate("""() => {
      const out = {added: [], dropped: [], shared: []};
      const idOf = c => (c.match(/\\bmv-id-(\\S+)/) || [])[1];
      document.querySelectorAll('.mv-feature').forEach(el => {
        const c = el.getAttribute('class') || '';
        for (const k of Object.keys(out)) { if (c.split(/\\s+/).includes('mv-' + k)) { out[k].push(idOf(c)); } }
      });
      const g = window.MV.groups.platforms;
      (g.getLayers ? g.getLayers() : []).forEach(l => {
        const c = (l.options.icon && l.options.icon.options.className) || '';
        for (const k of Object.keys(out)) { if (c.split(/\\s+/).includes('mv-' + k)) { out[k].push(idOf(c)); } }
      });
      return out;
    }""")


def open_compare(page, url: str, lang: str = "zh"):
    page.goto(f"{url}/?compare={A},{B}" + ("&lang=en" if lang == "en" else ""))
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.MV && window.MV.compared && Object.keys(window.MV.compared).length > 0",
                            timeout=60_000)
    wait_for_count(page, lambda c: c > 0)
    page.wait_for_selector(".mv-cmp-list", timeout=30_000)
    return frame


def test_compare_url_draws_added_dropped_shared_with_counts_and_quotes(app_server, guarded_page, mentions):
    page = guarded_page
    frame = open_compare(page, app_server.url)
    want = expected_classes(mentions)
    got = {k: set(v) for k, v in drawn_classes(frame).items()}
    for status in want:
        assert got[status] == want[status], (status, sorted(want[status] ^ got[status]))
    # three distinct styles: stroke colour and dash pattern of one drawn path of each class (an
    # inferred one keeps its own dash: tests/test_browser_i18n.py)
    styles = frame.evaluate("""() => ['added', 'dropped', 'shared'].map(k => {
        const el = document.querySelector('path.mv-feature.mv-' + k + ':not(.mv-inferred)');
        return el ? [el.getAttribute('stroke'), el.getAttribute('stroke-dasharray') || ''] : null; })""")
    assert all(styles), styles
    assert len({s[0] for s in styles}) == 3 and len({s[1] for s in styles}) == 3, styles
    # the legend explains the three, with the counts
    legend = frame.locator(".mv-cmp-legend .mv-cmp-legend-item")
    assert legend.count() == 3
    for status in want:
        item = frame.locator(f".mv-cmp-legend-item[data-status={status}]").text_content()
        assert f"({len(want[status])})" in item, item
    # the side list: counts in the heading, one entry per entity, each with a quote its document has
    for status, ids in want.items():
        count = page.locator(f".mv-cmp-count[data-status={status}] b").text_content()
        assert int(count) == len(ids), (status, count)
        entries = page.locator(f".mv-cmp-group[data-status={status}] .mv-cmp-entry.mv-{status}")
        assert entries.count() == len(ids)
        rows = entries.evaluate_all("""els => els.map(e => [e.dataset.eid,
            e.querySelector('.mv-cmp-doc').dataset.doc, e.querySelector('blockquote.mv-quote').textContent])""")
        assert {r[0] for r in rows} == ids
        for eid, doc, quote in rows:
            assert doc == (A if status == "dropped" else B), (eid, doc)
            quotes = {squash(q) for q in mentions.loc[(mentions["entity_id"] == eid) & (mentions["doc_id"] == doc), "quote"]}
            assert squash(quote) in quotes, (eid, quote)
    assert "compare=" in page.url and parse_qs(urlparse(page.url).query)["compare"] == [f"{A},{B}"]
    frame.locator(".mv-legend-box summary").click()  # open the legend for the screenshot (docs/app.md)
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOT_ZH))
    assert not page.guard.blocked


def test_compare_in_english_and_present_mode(app_server, guarded_page, mentions):
    page = guarded_page
    page.goto(f"{app_server.url}/?compare={A},{B}&lang=en")
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.MV && window.MV.compared && Object.keys(window.MV.compared).length > 0",
                            timeout=60_000)
    page.wait_for_selector(".mv-cmp-list", timeout=30_000)
    frame.locator(".mv-legend-box summary").click()
    page.wait_for_timeout(800)
    assert "added" in page.locator(".mv-cmp-counts").inner_text()
    page.screenshot(path=str(SCREENSHOT_EN))
    page.goto(f"{app_server.url}/?compare={A},{B}&present=1")
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.MV && window.MV.compared && Object.keys(window.MV.compared).length > 0",
                            timeout=60_000)
    want = expected_classes(mentions)
    caption = page.locator(".mv-cmp-caption").inner_text()
    assert all(str(len(want[s])) in caption for s in want), caption
    got = {k: set(v) for k, v in drawn_classes(frame).items()}
    assert got == want


def _bar_point(page, key: str):
    """The centre (page coordinates) of the widest bar of the chart with widget key ``key`` (Vega
    draws the bars as SVG paths in ``g.mark-rect``)."""
    box = page.locator(f".st-key-{key}")
    box.scroll_into_view_if_needed()
    box.locator(".mark-rect path").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    point = box.evaluate("""(el) => {
        let best = null;
        el.querySelectorAll('.mark-rect path').forEach(p => {
          const r = p.getBoundingClientRect();
          if (r.width > 3 && r.height > 3 && (!best || r.width * r.height > best.width * best.height)) { best = r; }
        });
        return best && [best.left + best.width / 2, best.top + best.height / 2]; }""")
    assert point, f"no bar found in chart {key}"
    return point


def test_a_click_on_a_document_bar_keeps_only_that_document(app_server, guarded_page, mentions):
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    all_count = wait_for_count(page, lambda c: c > 0)
    page.locator(".st-key-w_extras button", has_text="一览图表").first.click()  # the charts are drawn on demand
    x, y = _bar_point(page, "chart_docs")
    page.mouse.click(x, y)
    page.wait_for_function("() => new URL(location.href).searchParams.get('docs')", timeout=30_000)
    doc = parse_qs(urlparse(page.url).query)["docs"][0]
    assert doc in set(mentions["doc_id"]) and "," not in doc
    ticked = page.locator("[class*='st-key-w_doc_'] input[type=checkbox]:checked").count()
    assert ticked == 1
    frame = map_frame(page)
    frame.wait_for_function(
        """(n) => window.MV && Object.keys(window.MV.shown || {}).length === n""",
        arg=len(set(mentions.loc[mentions["doc_id"] == doc, "entity_id"])), timeout=30_000)
    assert wait_for_count(page, lambda c: c > 0) <= all_count
