"""Plain functions that read and drive the app's page through Playwright's sync API.

They rely on what Streamlit and streamlit-folium make stable, and on the app's DOM hooks
(documented in mapview/render.py and app.py):
- the map is a streamlit-folium component, an ``<iframe title="streamlit_folium.st_folium">``
  holding a Leaflet map whose global variable is ``map_div``;
- a drawn entity is an element with the classes ``mv-feature mv-<etype> mv-id-<entity id>``
  (SVG path, or a marker div for platforms); a marker cluster is ``.marker-cluster``; an extracted,
  unreviewed candidate is ``.mv-candidate``;
- a widget created with ``key=K`` sits in an element with the class ``st-key-K``.
Nothing here knows the app's data; the tests compare what the page shows with the CSVs.
"""
from __future__ import annotations

import re
import time

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
FEATURE_SELECTOR = ".mv-feature, .marker-cluster"   # drawn entities and clusters of them
PAINT_TIMEOUT_MS = 60_000


def map_frame(page):
    """The Playwright Frame of the (first) map iframe, waiting up to 60 s for it to be attached.

    Raises AssertionError at once, with the message, when the app shows an exception instead."""
    page.wait_for_function(
        """(sel) => document.querySelector(sel)
                    || document.querySelector('[data-testid="stException"]')""",
        arg=MAP_IFRAME, timeout=PAINT_TIMEOUT_MS)
    error = page.locator("[data-testid='stException']")
    if error.count():
        raise AssertionError("the app raised an exception:\n" + error.first.inner_text()[:2000])
    handle = page.wait_for_selector(MAP_IFRAME, state="attached", timeout=PAINT_TIMEOUT_MS)
    frame = handle.content_frame()
    if frame is None:
        raise AssertionError("the map iframe has no content frame")
    return frame


def wait_for_map(page, timeout_ms: int = PAINT_TIMEOUT_MS):
    """Wait until the map is painted: Leaflet container laid out, at least one feature drawn and
    the iframe visibly tall. Returns the map Frame."""
    deadline = time.monotonic() + timeout_ms / 1000
    frame = map_frame(page)
    frame.wait_for_selector(".leaflet-container", state="attached", timeout=timeout_ms)
    frame.wait_for_function(
        """(sel) => document.querySelectorAll(sel).length > 0""", arg=FEATURE_SELECTOR,
        timeout=max(1, int((deadline - time.monotonic()) * 1000)))
    page.wait_for_function(
        """(sel) => { const f = document.querySelector(sel);
                      return f && f.getBoundingClientRect().height > 100; }""",
        arg=MAP_IFRAME, timeout=max(1, int((deadline - time.monotonic()) * 1000)))
    return frame


def count_features(page, selector: str = FEATURE_SELECTOR) -> int:
    """How many drawn features (interactive paths, marker icons, clusters) the map shows now."""
    return map_frame(page).locator(selector).count()


def wait_for_count(page, predicate, timeout_ms: int = 30_000, settle_ms: int = 800,
                   selector: str = FEATURE_SELECTOR) -> int:
    """Poll :func:`count_features` (of ``selector``) until ``predicate(count)`` holds and the count stays the same
    for ``settle_ms``. Returns the count; raises AssertionError with the last count on timeout."""
    deadline = time.monotonic() + timeout_ms / 1000
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        try:
            count = count_features(page, selector)
        except Exception:  # noqa: BLE001 - the iframe is being replaced during a rerun
            count = None
        if count != last:
            last, stable_since = count, time.monotonic()
        elif count is not None and predicate(count) and time.monotonic() - stable_since >= settle_ms / 1000:
            return count
        page.wait_for_timeout(150)
    raise AssertionError(f"feature count never satisfied the condition; last count {last}")


def map_view(page) -> dict:
    """The Leaflet map's current centre (lat, lng rounded to 2 decimals) and zoom."""
    return map_frame(page).evaluate(
        """() => { const m = window.map_div; const c = m.getCenter();
                   return {lat: Math.round(c.lat * 100) / 100, lng: Math.round(c.lng * 100) / 100,
                           zoom: m.getZoom()}; }""")


def feature_point(page, locator) -> tuple[float, float] | None:
    """A page-coordinate point ON a drawn feature where nothing else covers it (tried along an SVG
    path's outline from its middle outwards, or at a marker's centre), so that a real mouse click
    there hits this feature. None when every tried point is covered by something else."""
    frame_box = page.locator(MAP_IFRAME).first.bounding_box()
    point = locator.evaluate(
        """(el) => {
             const hits = (x, y) => { const h = document.elementFromPoint(x, y);
                                      return h === el || el.contains(h); };
             if (el instanceof SVGGeometryElement) {
               const len = el.getTotalLength();
               const ctm = el.getScreenCTM();
               for (let k = 0; k <= 40; k++) {
                 const t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.0225;
                 const p = el.getPointAtLength(len * t).matrixTransform(ctm);
                 if (hits(p.x, p.y)) return {x: p.x, y: p.y};
               }
               return null;
             }
             const r = el.getBoundingClientRect();
             const x = r.x + r.width / 2, y = r.y + r.height / 2;
             return hits(x, y) ? {x, y} : null;
           }""")
    if point is None:
        return None
    return frame_box["x"] + point["x"], frame_box["y"] + point["y"]


def hover_tooltip(page, locator) -> str:
    """Move the mouse onto a feature and return the text of the Leaflet tooltip it opens ('' if none)."""
    point = feature_point(page, locator)
    if point is None:
        return ""
    page.mouse.move(*point)
    frame = map_frame(page)
    try:
        frame.wait_for_selector(".leaflet-tooltip", timeout=3_000)
    except Exception:  # noqa: BLE001 - a feature without tooltip
        return ""
    return frame.locator(".leaflet-tooltip").last.inner_text().strip()


def click_feature(page, locator) -> bool:
    """Click a drawn feature with the real mouse at an uncovered point on it; False (and no
    click) when no such point was found."""
    point = feature_point(page, locator)
    if point is None:
        return False
    page.mouse.click(*point)
    return True


def open_select(locator) -> None:
    """Open a Streamlit selectbox (``locator``: its ``[role=combobox]`` input) the way a user does:
    bring it into view first, let the page dispatch that scroll, then click it, and wait until
    its list is open.

    Streamlit's selectbox is a react-aria ComboBox whose list is a non-modal popover, and
    react-aria closes such a popover when an ancestor of its input scrolls. Playwright's own
    ``click()`` scrolls the element into view and presses it before the next frame, so the scroll
    event of the sidebar arrives just *after* the list opened and closes it again; a user's scroll
    is long over when they click."""
    locator.scroll_into_view_if_needed()
    # the scroll event fires in the next rendering step, before that frame's animation callbacks
    locator.evaluate("el => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    locator.click()
    locator.page.wait_for_function("(el) => el.getAttribute('aria-expanded') === 'true'",
                                   arg=locator.element_handle())


def squash(text: str) -> str:
    """Text with all whitespace removed, for comparing page text with CSV/document text."""
    return re.sub(r"\s+", "", text or "")


def page_text(page) -> str:
    """The main area's visible text plus the cell texts of its data grids (st.dataframe and
    st.data_editor draw on a canvas and keep their cells in an accessible table)."""
    main = page.locator("[data-testid='stMain']").first
    cells = main.locator("[role=gridcell], [role=columnheader]").evaluate_all(
        "els => els.map(e => e.textContent).join('\\n')")
    return main.inner_text() + "\n" + cells


def drawn_entity_ids(page, selector: str = ".mv-feature") -> set[str]:
    """The entity ids (from the ``mv-id-<id>`` class) of the features drawn now."""
    classes = map_frame(page).locator(selector).evaluate_all(
        "els => els.map(e => e.getAttribute('class') || '')")
    return {c.split("mv-id-", 1)[1].split()[0] for c in classes if "mv-id-" in c}
