"""Browser tests of issue 13's "find by name", "clicks that land", "labels that read" and "both
languages" (real Chromium on the running app; fixtures in tests/conftest.py).

What the page shows is compared with the curated CSVs (entity names, ``name_en``) and with
measurements taken in the page (label bounding boxes), never with hard-coded results.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.browser.helpers import hover_tooltip, map_frame, open_select, wait_for_count, wait_for_map
from tests.browser.server import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = REPO_ROOT / "pairings" / "data"


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_map(page)
    wait_for_count(page, lambda c: c > 0)


def _entities() -> pd.DataFrame:
    frames = []
    for path in sorted(DATA.rglob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        cols = set(table.columns)
        key = next((c for c in ("zone_id", "basin_id", "platform_id", "pair_id", "eid", "id") if c in cols), None)
        if key and "name" in cols and "quote" not in cols:
            frames.append(pd.DataFrame({"eid": table[key], "name": table["name"],
                                        "name_en": table["name_en"] if "name_en" in cols else ""}))
    return pd.concat(frames, ignore_index=True)


def _no_exception(page) -> None:
    error = page.locator("[data-testid='stException']")
    assert not error.count(), error.first.inner_text()[:2000]


def _click_latlng(page, lat: float, lng: float) -> None:
    frame = map_frame(page)
    point = frame.evaluate(f"() => window.map_div.latLngToContainerPoint([{lat}, {lng}])")
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_a_click_inside_sichuan_reaches_its_panel_in_two_clicks(app_server, guarded_page):
    """Inside 四川 (甘孜: under zones and basins) one click lists what is there, the province
    first, each button showing its whole label; the second click opens the 四川 panel."""
    page = guarded_page
    open_app(page, app_server.url + "/?view=31.0,100.5,6")
    page.wait_for_timeout(500)
    _click_latlng(page, 31.0, 100.5)                                    # click 1: the map
    buttons = page.locator("[class*='st-key-w_goto_'] button")
    buttons.first.wait_for(timeout=30_000)
    assert buttons.count() >= 3, "a click on a zone inside 四川 should list the province, city and features"
    first = buttons.first
    assert "四川省" in first.inner_text()
    for i in range(buttons.count()):  # whole labels: nothing cut off
        fits = buttons.nth(i).evaluate("b => [...b.querySelectorAll('p, div, span')].every("
                                       "e => e.scrollWidth <= e.clientWidth + 1)")
        assert fits, f"button label cut off: {buttons.nth(i).inner_text()!r}"
    assert page.locator(".mv-panel").count() == 0, "nothing opens before the user chooses"
    first.click()                                                       # click 2: the province
    page.locator(".mv-panel[data-place='510000']").wait_for(timeout=30_000)
    _no_exception(page)


def test_searching_qianhai_selects_and_frames_the_platform(app_server, guarded_page):
    """Typing 前海 in the one search box offers the platform; choosing it selects it (panel, URL)
    and frames it (the map zooms to it)."""
    page = guarded_page
    open_app(page, app_server.url)
    ents = _entities()
    target = ents[ents["name"].str.contains("前海")]
    assert len(target), "no entity named 前海 in the data"
    eid, name = target.iloc[0]["eid"], target.iloc[0]["name"]
    box = page.locator(".st-key-w_place_q input")
    box.fill("前海")
    box.press("Enter")
    # the list may open before the rerun with the hits has arrived: it then shows them in place
    open_select(page.locator(".st-key-w_place [role=combobox]"))
    page.get_by_role("option", name=name).first.click()
    page.locator(f".mv-panel[data-eid='{eid}']").wait_for(timeout=30_000)
    page.wait_for_function(f"() => location.search.includes('sel={eid}')", timeout=15_000)
    frame = map_frame(page)
    frame.wait_for_function("() => window.map_div.getZoom() >= 8", timeout=15_000)
    centre = frame.evaluate("() => window.map_div.getCenter()")
    assert abs(centre["lat"] - 22.5) < 1 and abs(centre["lng"] - 113.9) < 1, centre
    _no_exception(page)


def test_english_mode_names_in_panel_title_and_tooltip(app_server, guarded_page):
    """``lang=en``: the panel title of a zone is its ``name_en``; a zone's tooltip shows ``name_en``."""
    page = guarded_page
    ents = _entities()
    zones = ents[ents["eid"].str.startswith("zone-") & (ents["name_en"] != "")]
    rec = zones[zones["eid"] == "zone-changsanjiao"].iloc[0] if (zones["eid"] == "zone-changsanjiao").any() \
        else zones.iloc[0]
    open_app(page, app_server.url + f"/?lang=en&sel={rec['eid']}")
    title = page.locator(f".mv-panel[data-eid='{rec['eid']}'] .mv-panel-name")
    title.wait_for(timeout=30_000)
    assert title.inner_text().strip() == rec["name_en"]
    frame = map_frame(page)
    frame.locator(f"path.mv-feature.mv-id-{rec['eid']}.mv-selected").first.wait_for(state="attached", timeout=30_000)
    # the selected zone is brought to the front: try it first, then the other zones
    shapes = frame.locator(f"path.mv-feature.mv-id-{rec['eid']}, path.mv-feature.mv-zone")
    tips = []
    for i in range(min(shapes.count(), 20)):
        tip = hover_tooltip(page, shapes.nth(i))
        if tip:
            tips.append(tip)
            break
    assert tips, "no zone tooltip could be opened"
    english = set(zones["name_en"]) | set(ents["name_en"])
    assert any(line.strip() in english for line in tips[0].splitlines()), tips[0]
    assert not re.search(r"[\u3400-\u9fff]", tips[0].splitlines()[0]), f"Chinese in an English tooltip: {tips[0]}"


ENGLISH_WORD = re.compile(r"\b(?!Leaflet\b|CSV\b|PNG\b|SVG\b|PDF\b|PPTX\b|DOCX\b|GeoJSON\b|HTML\b|URL\b|English\b)"
                          r"[A-Za-z]{4,}\b")


def test_the_chinese_page_has_no_english_messages(app_server, guarded_page):
    """On the Chinese page the messages (widget labels and placeholders, captions, buttons,
    headings, alerts) carry no English words (names of file formats and the language toggle
    aside); the text of documents and data is not a message and is left out."""
    page = guarded_page
    open_app(page, app_server.url)
    page.wait_for_timeout(1500)
    texts = page.evaluate("""() => {
      const sel = ['label', 'button', '[data-testid=stCaptionContainer]', 'h1', 'h2', 'h3',
                   '[data-testid=stAlert]', '[data-testid=stExpander] summary'];
      const out = [];
      document.querySelectorAll(sel.join(',')).forEach(e => out.push(e.innerText));
      document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(e => out.push(e.placeholder));
      document.querySelectorAll('[role=combobox]').forEach(e => out.push(e.value || e.innerText || ''));
      return out; }""")
    offending = [t for t in texts if ENGLISH_WORD.search(t or "")]
    assert not offending, f"English on the Chinese page: {offending[:10]}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_province_labels_overlap(app_server, browser, lang):
    """At 1400×900 the visible province labels do not overlap each other nor sit under a platform
    marker or cluster bubble (bounding boxes measured in the map), and most of them show."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        open_app(page, app_server.url + ("/?lang=en" if lang == "en" else "/"))
        page.wait_for_timeout(1500)
        boxes = map_frame(page).evaluate("""() => {
          const r = el => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
          const labels = [...document.querySelectorAll('.mv-label')]
            .filter(e => getComputedStyle(e).visibility !== 'hidden')
            .map(e => ({t: e.innerText, b: r(e.querySelector('span') || e)}));
          const marks = [...document.querySelectorAll('.marker-cluster, .leaflet-marker-icon.mv-feature')].map(r);
          return {labels, marks, total: document.querySelectorAll('.mv-label').length}; }""")
    finally:
        context.close()
    labels, marks = boxes["labels"], boxes["marks"]

    def overlap(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    clashes = [(x["t"], y["t"]) for i, x in enumerate(labels) for y in labels[i + 1:] if overlap(x["b"], y["b"])]
    assert not clashes, f"overlapping province labels: {clashes}"
    under = [x["t"] for x in labels for m in marks if overlap(x["b"], m)]
    assert not under, f"labels under markers: {under}"
    assert boxes["total"] == 34 and len(labels) >= 20, f"only {len(labels)} of {boxes['total']} labels show"


def test_the_legend_lists_each_shown_kind_once_in_its_own_colour(app_server, guarded_page):
    """The legend lists exactly the kinds of the features on screen (``window.MV.shown``), each
    once (横向生态补偿, a pairing and a basin kind, too), and no two swatches of one layer share a
    colour."""
    page = guarded_page
    open_app(page, app_server.url + "/?layers=pairing,basin")
    frame = map_frame(page)
    frame.wait_for_function("() => window.MV && window.MV.shown && Object.keys(window.MV.shown).length > 0")
    got = frame.evaluate("""() => {
      const kinds = new Set(Object.keys(window.MV.shown).map(id => window.MV.ents[id].k));
      const items = [];
      document.querySelectorAll('.mv-legend-group:not(.mv-legend-notes)').forEach((g, n) =>
        g.querySelectorAll(':scope > div').forEach(d => items.push({group: n, text: d.textContent.trim(),
          colour: getComputedStyle(d.querySelector('.mv-swatch')).backgroundColor})));
      return {kinds: [...kinds], items}; }""")
    texts = [i["text"] for i in got["items"]]
    assert len(texts) == len(set(texts)), f"a kind listed twice: {texts}"
    # the palette is distinct within each layer (mapview/palette.py); layers differ by their shapes
    for group in {i["group"] for i in got["items"]}:
        colours = [i["colour"] for i in got["items"] if i["group"] == group]
        assert len(colours) == len(set(colours)), f"two kinds of one layer share a colour: {got['items']}"
    assert len(texts) == len(got["kinds"]), (texts, got["kinds"])
    for kind in got["kinds"]:  # the zh legend item starts with the kind itself
        assert any(t.startswith(kind) for t in texts), f"{kind} missing from the legend"
