"""The real browser test: Debian's Chromium (Playwright, sync API) on the locally running app.

Every test runs in a fresh browser context in which any request to a host other than this machine
is aborted and fails the test (``guarded_page`` in conftest.py), iframes included, and so does an
uncaught JavaScript error. The app is started once per session (``app_server``).
Under CI=true these tests run, never skip (conftest.require).

What is on the page is checked against the curated CSVs in pairings/data/ (which entity each
document cites, and with which quote), through the app's DOM hooks (tests/browser/helpers.py).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest

from tests.browser.helpers import (MAP_IFRAME, click_feature, count_features, drawn_entity_ids,
                                   hover_tooltip, map_frame, map_view, page_text, squash,
                                   wait_for_count, wait_for_map)
from tests.browser.server import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
DOC_CHECKBOX_KEY = "w_doc_"   # app.py: st.checkbox(title, key=f"w_doc_{doc_id}") per document
UPLOAD_KEY, EXTRACT_KEY, CANDIDATES_KEY = "w_upload", "w_extract", "w_cand_editor"  # mapview/upload_panel.py
MAINTENANCE_PAGE = "数据维护"  # app_pages/1_数据维护.py, at /数据维护

# A new text in the style of the seed documents (not one of them): three 对口合作 pairs written
# as an `X与Y` list (comma-separated, as in dongbei2017 二), none of them in the curated data, in a
# sentence carrying hostile markup that must stay text wherever the candidates' quote is shown.
HOSTILE = "<img src=x onerror=alert(1)>"
UPLOAD_TEXT = """关于深化省际对口合作的实施意见（试行）

一、合作关系
（一）河北省与广东省，山西省与江苏省，内蒙古自治区与北京市建立对口合作关系""" + HOSTILE + """，互利共赢、共同发展。
二、保障措施
（一）各地区要加强组织领导，建立健全工作机制。
"""
NEW_PARTIES = ("河北", "广东", "山西", "内蒙古")


@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    """Every curated mention (``entity_id, doc_id, clause, quote``) found in pairings/data/**.csv."""
    frames = []
    for path in sorted((REPO_ROOT / "pairings" / "data").rglob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        if {"entity_id", "doc_id", "quote"} <= set(table.columns):
            frames.append(table[["entity_id", "doc_id", "quote"]])
    assert frames, "no mentions (entity_id, doc_id, quote) in pairings/data/"
    table = pd.concat(frames, ignore_index=True)
    table["squashed"] = table["quote"].map(squash)
    return table


def document_checkboxes(page):
    """The per-document filter checkboxes, in page order."""
    return page.locator(f"[class*='st-key-{DOC_CHECKBOX_KEY}'] input[type=checkbox]")


def selected_documents(page) -> list[str]:
    """Doc ids whose filter checkbox is ticked (from the ``st-key-w_doc_<doc_id>`` class)."""
    return page.locator(f"[class*='st-key-{DOC_CHECKBOX_KEY}']").evaluate_all(
        """(els, prefix) => els.filter(e => e.querySelector('input[type=checkbox]').checked)
             .map(e => [...e.classList].find(c => c.startsWith(prefix)).slice(prefix.length))""",
        f"st-key-{DOC_CHECKBOX_KEY}")


def keep_only_document(page, doc_id: str) -> None:
    """Untick every document but ``doc_id`` (clicking the checkbox labels, as a user does)."""
    boxes = page.locator(f"[class*='st-key-{DOC_CHECKBOX_KEY}']")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        is_kept = f"st-key-{DOC_CHECKBOX_KEY}{doc_id}" in (box.get_attribute("class") or "").split()
        if box.locator("input[type=checkbox]").is_checked() != is_kept:
            box.locator("label").first.click()
            page.wait_for_timeout(300)


def open_app(page, url: str) -> int:
    """Open ``url``, wait for the painted map, return the settled number of drawn features."""
    page.goto(url)
    wait_for_map(page)
    return wait_for_count(page, lambda c: c > 0)


def test_map_paints_offline_and_screenshot(app_server, guarded_page, mentions):
    """The default view paints every layer, Leaflet comes from the app itself, nothing from outside."""
    page = guarded_page
    n = open_app(page, app_server.url)
    frame = map_frame(page)
    assert frame.evaluate("typeof L") == "object", "Leaflet is not loaded in the map iframe"
    for etype in ("pairing", "zone", "basin"):
        assert frame.locator(f".mv-feature.mv-{etype}").count() > 0, f"no {etype} drawn"
    assert frame.locator(".mv-platform, .marker-cluster").count() > 0, "no platform drawn"
    assert frame.locator("path.mv-province").count() >= 34, "the provinces are not all drawn"
    # all five documents are cited by what is drawn
    ids = drawn_entity_ids(page)
    cited = set(mentions[mentions["entity_id"].isin(ids)]["doc_id"])
    assert len(cited) >= 5, f"the drawn features come from {sorted(cited)} only"
    assert n >= 30, f"only {n} features drawn on the default view"
    page.wait_for_timeout(800)  # let the fade-in of the last layers finish
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 50_000
    assert not page.guard.blocked


def test_document_filter_narrows_the_map(app_server, guarded_page, mentions):
    """Keeping one document in the filter draws fewer features, all of them cited by it."""
    page = guarded_page
    all_count = open_app(page, app_server.url)
    docs = selected_documents(page)
    assert len(docs) >= 5, f"all documents should be ticked by default, got {docs}"
    keep = "dongbei2017" if "dongbei2017" in docs else docs[0]
    keep_only_document(page, keep)
    fewer = wait_for_count(page, lambda c: c < all_count)
    assert 0 < fewer < all_count
    assert selected_documents(page) == [keep]
    cited_by_keep = set(mentions.loc[mentions["doc_id"] == keep, "entity_id"])
    drawn = drawn_entity_ids(page)
    assert drawn, "nothing drawn for one document"
    assert drawn <= cited_by_keep, f"drawn but not cited by {keep}: {sorted(drawn - cited_by_keep)}"


def _select_a_pairing(page, mentions) -> str:
    """Click a drawn pairing arc with the mouse; wait for its evidence panel; return its id."""
    arcs = map_frame(page).locator("path.mv-feature.mv-pairing")
    n = arcs.count()
    assert n > 0, "no pairing arc drawn"
    for i in [*range(n // 2, n), *range(0, n // 2)]:  # start in the middle of the list
        target = arcs.nth(i)
        if click_feature(page, target):
            break
    else:
        raise AssertionError(f"none of the {n} pairing arcs can be clicked (all covered)")
    eid = next(c for c in target.get_attribute("class").split() if c.startswith("mv-id-"))[len("mv-id-"):]
    page.locator(f".mv-panel[data-eid='{eid}']").wait_for(timeout=30_000)
    # the map emphasises it (the state of the next rerun carries the selection)
    map_frame(page).locator(f"path.mv-selected.mv-id-{eid}").first.wait_for(state="attached", timeout=30_000)
    return eid


def _quotes_shown(page, mentions, eid: str) -> set[str]:
    """The curated quotes of entity ``eid`` that the page shows verbatim."""
    text = squash(page_text(page))
    return {q for q in mentions.loc[mentions["entity_id"] == eid, "squashed"] if q and q in text}


def test_click_feature_shows_its_quote(app_server, guarded_page, mentions):
    """Clicking an arc opens its evidence: its name and every document's quote, verbatim."""
    page = guarded_page
    open_app(page, app_server.url)
    eid = _select_a_pairing(page, mentions)
    expected = set(mentions.loc[mentions["entity_id"] == eid, "squashed"])
    assert expected, f"{eid} has no curated mention"
    shown = set()
    for _ in range(40):
        shown = _quotes_shown(page, mentions, eid)
        if shown == expected:
            break
        page.wait_for_timeout(250)
    assert shown == expected, f"quotes of {eid} not shown: {expected - shown}"
    # one citation per citing document, its quote in the citation's blockquote
    cited = set(mentions.loc[mentions["entity_id"] == eid, "doc_id"])
    citations = page.locator(".mv-citation[data-doc]")
    assert {citations.nth(i).get_attribute("data-doc") for i in range(citations.count())} == cited
    quoted = {squash(t) for t in page.locator(".mv-citation blockquote.mv-quote").all_inner_texts()}
    assert quoted == expected
    assert f"sel={eid}" in page.url


def test_shared_url_reopens_the_same_view(app_server, guarded_page, mentions):
    """Narrow the filter, select an arc, zoom the map; the URL reopened elsewhere shows the same."""
    page = guarded_page
    all_count = open_app(page, app_server.url)
    docs = selected_documents(page)
    keep = "sichuan2019" if "sichuan2019" in docs else docs[-1]
    keep_only_document(page, keep)
    wait_for_count(page, lambda c: c < all_count)
    eid = _select_a_pairing(page, mentions)
    map_frame(page).locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("(v) => decodeURIComponent(location.search).includes('view=')", arg=None,
                           timeout=15_000)
    shown_count = wait_for_count(page, lambda c: 0 < c)  # clusters split or merge with the zoom
    url, view, ids = page.url, map_view(page), drawn_entity_ids(page)
    assert f"sel={eid}" in url

    other = page.context.new_page()
    page.guard.watch_page(other)
    assert open_app(other, url) == shown_count
    assert selected_documents(other) == [keep]
    assert drawn_entity_ids(other) == ids
    other.locator(f".mv-panel[data-eid='{eid}']").wait_for(timeout=30_000)
    assert _quotes_shown(other, mentions, eid) == _quotes_shown(page, mentions, eid) != set()
    # the URL holds the bounds (south,west,north,east, rounded inwards to 0.01°): the same zoom, the
    # centre to within a rounding step
    again = map_view(other)
    assert again["zoom"] == view["zoom"] and abs(again["lat"] - view["lat"]) <= 0.02 \
        and abs(again["lng"] - view["lng"]) <= 0.02, f"the map focus is not restored: {again} != {view}"
    other.close()


def test_upload_a_text_shows_candidates(app_server, guarded_page, tmp_path: Path):
    """Uploading a new GBK policy text on the data-maintenance page lists and maps its candidates."""
    page = guarded_page
    open_app(page, app_server.url + "/" + quote(MAINTENANCE_PAGE))
    assert count_features(page, ".mv-candidate") == 0
    uploader = page.locator(f".st-key-{UPLOAD_KEY}")
    uploader.wait_for(state="attached", timeout=30_000)
    expander = page.locator("[data-testid='stExpander']", has=uploader).first
    if expander.count() and not uploader.is_visible():
        expander.locator("summary").first.click()
    uploader.wait_for(state="visible", timeout=10_000)
    text_file = tmp_path / "new_policy.txt"
    text_file.write_text(UPLOAD_TEXT, encoding="gbk")  # the app must detect GBK
    uploader.locator("input[type=file]").set_input_files(str(text_file))
    uploader.get_by_text("new_policy.txt").wait_for(timeout=15_000)
    page.locator(f".st-key-{EXTRACT_KEY} button").click()
    table = page.locator(f".st-key-{CANDIDATES_KEY}")
    table.wait_for(timeout=30_000)
    text = ""
    for _ in range(120):  # the candidates table names the new pairs' parties
        text = squash(table.locator("[role=gridcell]").evaluate_all(
            "els => els.map(e => e.textContent).join('\\n')"))
        if all(name in text for name in NEW_PARTIES):
            break
        page.wait_for_timeout(250)
    missing = [name for name in NEW_PARTIES if name not in text]
    assert not missing, f"the candidates of the uploaded text do not name {missing}"
    # accepted candidates (all, by default) are drawn in the unreviewed style
    assert wait_for_count(page, lambda c: c >= 3, selector=".mv-candidate") >= 3
    # the hostile markup is text everywhere: hover the candidates (tooltips), open what can open
    frame = map_frame(page)
    candidates = frame.locator(".mv-candidate")
    for i in range(min(candidates.count(), 6)):
        hover_tooltip(page, candidates.nth(i))
    page.wait_for_timeout(500)
    for where in (page, frame):
        assert where.locator("img[src='x'], img[onerror]").count() == 0, "markup from the text became HTML"
    assert not page.guard.dialogs


def test_pan_and_zoom_do_not_rerun_the_script(app_server, guarded_page):
    """Zooming and dragging the map sends nothing to the server (no script rerun), yet the view
    still reaches the URL."""
    page = guarded_page
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    open_app(page, app_server.url)
    page.wait_for_timeout(1500)
    before = len(sent)
    assert before > 0, "the page's messages to the server are not observed"
    frame = map_frame(page)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    box = page.locator(MAP_IFRAME).first.bounding_box()
    x, y = box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y + 80, steps=10)
    page.mouse.up()
    page.wait_for_timeout(2500)
    assert len(sent) == before, f"panning/zooming sent {len(sent) - before} messages to the server"
    assert "view=" in page.url, "the map view did not reach the URL"


def test_present_mode_in_english(app_server, guarded_page):
    """``?present=1&lang=en``: no controls, a full-width map with its legend, English title."""
    page = guarded_page
    open_app(page, app_server.url + "/?present=1&lang=en")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.locator(f".st-key-{UPLOAD_KEY}").count() == 0, "the upload panel shows in present mode"
    viewport = page.viewport_size["width"]
    width = page.locator(MAP_IFRAME).first.bounding_box()["width"]
    assert width >= 0.85 * viewport, f"the map is {width:.0f} px wide in a {viewport} px window"
    assert map_frame(page).locator(".mv-legend").is_visible()
    assert "China" in map_frame(page).locator(".mv-caption").inner_text()  # the title is on the map


def test_inset_shows_whenever_the_south_china_sea_is_cropped(app_server, guarded_page):
    """The 南海诸岛 inset is on whenever the view does not hold the whole maritime line, off when it
    does; the map line is drawn on the national view; Leaflet is credited in plain text."""
    from mapview.render import maritime_box

    page = guarded_page
    open_app(page, app_server.url)
    frame = map_frame(page)
    inset = frame.locator(".mv-inset")

    def line_in_view() -> bool:
        return frame.evaluate("box => window.map_div.getBounds().contains(L.latLngBounds(box))", maritime_box())

    page.wait_for_timeout(300)
    assert inset.is_visible() == (not line_in_view())
    frame.evaluate("() => window.map_div.setView([36, 105], 6, {animate: false})")  # cropped to the mainland
    page.wait_for_timeout(300)
    assert not line_in_view() and inset.is_visible(), "no 南海诸岛 inset on a view cropped to the mainland"
    frame.evaluate("() => window.map_div.setView([21, 110], 5, {animate: false})")  # 南沙 cut off at the bottom
    page.wait_for_timeout(300)
    south = frame.evaluate("() => window.map_div.getBounds().getSouth()")
    assert 3.4 < south < 12 and inset.is_visible(), f"no inset although the view is cropped at {south:.1f}°N"
    frame.evaluate("() => window.map_div.setView([22, 112], 3, {animate: false})")  # the whole of China
    page.wait_for_timeout(300)
    assert line_in_view() and not inset.is_visible(), "the inset stays although the whole line is in view"
    assert frame.locator("path.mv-maritime").count() > 0, "the maritime line is not drawn"
    prefix = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Leaflet" in prefix and frame.locator(".leaflet-control-attribution svg").count() == 0


def _no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()[:500]


def test_language_switch_relabels_the_filters_and_the_next_click_works(app_server, guarded_page):
    """The layer and kind filters show labels in the page's language; switching language redraws
    them, and the next interaction (a document checkbox) reruns without an error."""
    page = guarded_page
    open_app(page, app_server.url)
    layers = page.locator(".st-key-w_layers")
    assert "结对关系" in layers.inner_text()
    page.locator(".st-key-w_lang label").first.click()
    page.wait_for_function("() => document.querySelector('.st-key-w_layers')?.innerText.includes('pairings')",
                           timeout=30_000)
    assert "结对关系" not in layers.inner_text()
    keep_only_document(page, "dongbei2017")
    wait_for_map(page)
    _no_exception(page)
    assert selected_documents(page) == ["dongbei2017"]
    assert "pairings" in layers.inner_text() and "lang=en" in page.url


def test_odd_links_open_a_sensible_view_and_present_link_keeps_the_view(app_server, guarded_page):
    """Years outside the data are clamped, an unknown place or document is ignored; a place with
    a view reopens at that view; the presentation-mode link follows the map's view."""
    page = guarded_page
    n_all = open_app(page, app_server.url + "/?years=2017-2030&place=999999&docs=nonexistent")
    _no_exception(page)
    assert len(selected_documents(page)) >= 5 and n_all > 0
    open_app(page, app_server.url + "/?place=510000&view=30.18,102.26,8")
    _no_exception(page)
    assert map_view(page) == {"lat": 30.18, "lng": 102.26, "zoom": 8}
    map_frame(page).locator(".leaflet-control-zoom-out").click()
    # the link gets the new view as bounds (south,west,north,east)
    page.wait_for_function("() => /view=-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+(&|$)/.test(decodeURIComponent("
                           "document.querySelector('a.mv-present-link')?.getAttribute('href') || ''))",
                           timeout=15_000)
    href = page.locator("a.mv-present-link").get_attribute("href")
    assert "present=1" in href and "place=510000" in href


def test_a_click_inside_a_province_covered_by_zones_offers_that_province(app_server, guarded_page):
    """Most provinces lie under zones and basins, so a click inside 四川 lands on one of those; the
    panel then lists what lies there, 四川 first (then the city and the areas), and 四川's button
    opens everything involving it (tests/test_browser_find.py checks the list itself)."""
    page = guarded_page
    open_app(page, app_server.url + "/?view=31.0,100.5,6")
    frame = map_frame(page)
    page.wait_for_timeout(500)
    # 甘孜 (western Sichuan): under 川西北生态示范区 and river basins, away from markers and arcs' ends
    point = frame.evaluate("() => window.map_div.latLngToContainerPoint([31.0, 100.5])")
    box = frame.locator(".leaflet-container").bounding_box()  # in page coordinates
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    button = page.get_by_role("button", name="查看涉及四川省的合作")
    button.wait_for(timeout=30_000)
    button.click()
    page.locator(".mv-panel[data-place='510000']").wait_for(timeout=30_000)
    _no_exception(page)


def _applied(frame) -> int:
    """How many states the map has applied (``<html data-mv-applied>``, assets/map.js)."""
    return int(frame.evaluate("() => +(document.documentElement.getAttribute('data-mv-applied') || 0)"))


def test_a_document_click_filters_in_the_browser_without_resending_geometry(app_server, guarded_page, mentions):
    """Unticking a document sends a few kB over the WebSocket (the filter state, not the
    geometry), fetches no map file again, keeps the same map (no reload) and draws exactly what
    the Python filter (mapview.select.apply_filters) shows for that choice."""
    from mapview.data import load_dataset
    from mapview.select import Filters, apply_filters

    page = guarded_page
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/app/static/gen/" in r.url else None)
    all_count = open_app(page, app_server.url)
    frame = map_frame(page)
    page.wait_for_timeout(1500)
    assert any(u.endswith(".json") for u in fetched), "the map did not load its static files"
    frame.evaluate("() => { window.mvSameMap = 1; }")
    applied, k, n_fetched = _applied(frame), len(received), len(fetched)
    docs = selected_documents(page)
    off = "ndrc2015" if "ndrc2015" in docs else docs[0]
    page.locator(f".st-key-{DOC_CHECKBOX_KEY}{off} label").first.click()
    frame.wait_for_function("(n) => +(document.documentElement.getAttribute('data-mv-applied') || 0) > n",
                            arg=applied, timeout=30_000)
    fewer = wait_for_count(page, lambda c: c != all_count)
    page.wait_for_timeout(1500)  # the rest of the rerun (tables)
    sent = sum(received[k:])
    assert sent < 30_000, f"a document click received {sent} bytes over the WebSocket"
    assert max(received[k:]) < 20_000, f"one message of {max(received[k:])} bytes: geometry re-sent?"
    assert len(fetched) == n_fetched, f"map files fetched again: {fetched[n_fetched:]}"
    assert frame.evaluate("() => window.mvSameMap") == 1, "the map was rebuilt"
    data = load_dataset()
    keep = tuple(d for d in docs if d != off)
    expected = set(apply_filters(data, Filters(docs=keep))[0]["eid"])
    drawn = frame.evaluate("() => Object.keys(window.MV.shown)")
    assert set(drawn) == expected and 0 < fewer
    assert drawn_entity_ids(page) <= expected


def test_the_browser_filter_agrees_with_the_python_filter(app_server, guarded_page):
    """assets/map.js decides what to draw by the rules of mapview.select.apply_filters: for
    documents, years, kinds, layers, a place (province, city, county) and the basis filter the two
    give the same entities (and the same number of citing documents, the arc weight)."""
    from mapview.data import load_dataset
    from mapview.select import Filters, apply_filters

    page = guarded_page
    open_app(page, app_server.url)
    frame = map_frame(page)
    data = load_dataset()
    cases = [Filters(), Filters(docs=("dongbei2017",)), Filters(years=(2018, 2019)),
             Filters(kinds=("对口合作", "城市群")), Filters(layers=("zone", "platform")),
             Filters(place="510000"), Filters(place="510100"), Filters(place="513300"),
             Filters(docs=("sichuan2019", "central2018"), place="500000", layers=("pairing", "zone")),
             Filters(basis="text")]
    for f in cases:
        state = {"docs": list(f.docs) if f.docs is not None else None, "layers": list(f.layers),
                 "kinds": list(f.kinds) if f.kinds is not None else None,
                 "years": list(f.years) if f.years is not None else None,
                 "place": f.place or "", "basis": f.basis or ""}
        got = frame.evaluate("""(f) => { const MV = window.MV, out = {}, chosen = {};
            Object.keys(MV.docs).forEach(d => { const y = MV.docs[d];
              if (f.docs && !f.docs.includes(d)) return;
              if (f.years && y !== null && (y < f.years[0] || y > f.years[1])) return; chosen[d] = true; });
            Object.keys(MV.ents).forEach(id => { const n = window.mvCiting(MV.ents[id], f, chosen); if (n) out[id] = n; });
            return out; }""", state)
        ents = apply_filters(data, f)[0]
        assert got == dict(zip(ents["eid"], ents["n_docs"].astype(int))), f
    # an inferred row is hidden by the basis filter (a synthetic entity: the rule, not the data)
    hidden = frame.evaluate("""() => [window.mvCiting({t: 'zone', k: '城市群', d: ['a'], u: [], b: 'inferred'},
        {docs: null, layers: ['zone'], kinds: null, years: null, place: '', basis: 'text'}, {a: true}),
        window.mvCiting({t: 'zone', k: '城市群', d: ['a'], u: [], b: 'inferred'},
        {docs: null, layers: ['zone'], kinds: null, years: null, place: '', basis: ''}, {a: true})]""")
    assert hidden == [0, 1]


def test_only_what_the_texts_state_goes_into_the_url(app_server, guarded_page):
    """The "only what the texts state" switch hides every inferred feature and is kept in the
    URL as basis=text; a link with basis=text opens with the switch on."""
    page = guarded_page
    open_app(page, app_server.url)
    frame = map_frame(page)
    applied = _applied(frame)
    page.locator(".st-key-w_basis label").first.click()
    frame.wait_for_function("(n) => +(document.documentElement.getAttribute('data-mv-applied') || 0) > n",
                            arg=applied, timeout=30_000)
    page.wait_for_function("() => location.search.includes('basis=text')", timeout=15_000)
    assert frame.locator(".mv-inferred").count() == 0
    inferred = frame.evaluate("() => Object.keys(window.MV.ents).filter(id => window.MV.ents[id].b === 'inferred')")
    assert not set(inferred) & set(frame.evaluate("() => Object.keys(window.MV.shown)"))
    other = page.context.new_page()
    page.guard.watch_page(other)
    open_app(other, app_server.url + "/?basis=text")
    assert other.locator(".st-key-w_basis input").is_checked()
    other.close()


def test_a_first_visit_to_the_maintenance_page_shows_the_apps_page_list(guarded_page):
    """A shared link to /数据维护 opened on a freshly started server (the first page the process
    serves) shows the app's own page list — 地图, 数据维护, 编辑数据表 — not Streamlit's automatic
    one from a ``pages/`` folder (which named the map page "app" until app.py had run once)."""
    from tests.browser.server import start_app_server, stop_app_server

    server = start_app_server()
    try:
        page = guarded_page
        page.goto(f"{server.url}/{quote(MAINTENANCE_PAGE)}")
        nav = page.locator("[data-testid='stSidebarNav']")
        nav.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        names = [squash(t) for t in page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()]
        assert [n for n in names if n] and all("app" not in n for n in names), names
        assert any("地图" in n for n in names) and any("数据维护" in n for n in names), names
        assert any("编辑数据表" in n for n in names), names
    finally:
        stop_app_server(server)
