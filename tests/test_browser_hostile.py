"""Browser test (issue 15): data whose every text column holds hostile text stays inert in the page.

The app runs on a copy of the curated data (``REGIONMAP_DATA_DIR``) in which every text column of
documents, zones, basins, platforms and pairings (titles, issuers, names, aliases,
``membership_source``, notes, English names) ends with the values the checker loads with a
warning: a Markdown image and a Markdown link pointing at a second local port this test listens
on, a bare URL, ``www.…``, ``:red[x]``, ``$x^2$``, ``**b**``, ``&lt;i&gt;`` and ``a=1+1``. (The original
name stays the first alias, so the quotes still name the entity.) Three rows hold what the
checker refuses (an ``<img onerror>`` tag, ``=HYPERLINK(…)``, ``@SUM(…)|cmd``): they must be
reported and left out, never shown.

The test opens the map, clicks a feature, opens entity panels through the URL, the place search,
the tables and the CSV download, and both data-maintenance pages, and asserts: no request leaves
the app's origin (the second port is served and must get no request), no dialog, no uncaught
error, no element made from the data (``<img>``/``<a>``/``<script>``/``<iframe>`` whose
URL or text comes from it), the hostile text is shown as text, and the downloaded CSV has no cell
a spreadsheet would run as a formula.
"""
from __future__ import annotations

import csv
import http.server
import io
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import click_feature, map_frame, wait_for_map
from tests.browser.server import free_port, start_app_server, stop_app_server

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]

TEXT_COLUMNS = {
    "documents": ["title", "title_en", "issuer", "issuer_en", "note"],
    "zones": ["name", "aliases", "membership_source", "note", "name_en"],
    "basins": ["name", "aliases", "membership_source", "note", "name_en"],
    "platforms": ["name", "aliases", "note", "name_en"],
    "pairings": ["note"],
}


def hostile_payload(port: int) -> str:
    """What every text cell gets appended (values the checker loads, with warnings)."""
    return (f"![px](http://127.0.0.1:{port}/img.png) [lnk](http://127.0.0.1:{port}/lnk) "
            f"http://127.0.0.1:{port}/bare www.example.org :red[x] $x^2$ **b** &lt;i&gt; a=1+1")


#: (file, row index, column, value) the checker refuses: reported and left out
REFUSED = [("zones", 1, "name", "<img src=x onerror=alert(1)>"),
           ("zones", 2, "name", '=HYPERLINK("http://127.0.0.1:{port}/f","x")'),
           ("platforms", 1, "name", "@SUM(1+1)*cmd|' /C calc'!A0")]


def write_hostile_copy(root: Path, port: int) -> tuple[Path, list[str]]:
    """A copy of pairings/data (+ texts) under ``root/pairings`` made hostile as the module doc
    says; returns the data folder and the ids of the refused rows."""
    shutil.copytree(REPO / "pairings" / "data", root / "pairings" / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "pairings" / "texts")
    pay = hostile_payload(port)
    refused_ids = []
    for stem, columns in TEXT_COLUMNS.items():
        path = root / "pairings" / "data" / f"{stem}.csv"
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        header = list(rows[0])
        for i, row in enumerate(rows):
            original = row.get("name", "")
            for column in columns:
                row[column] = f"{row[column]} {pay}" if row[column] else f"x {pay}"
            if "aliases" in row:
                row["aliases"] = ";".join(x for x in (original, row["aliases"]) if x)
            for file, index, column, value in REFUSED:
                if file == stem and index == i:
                    row[column] = value.format(port=port)
                    refused_ids.append(row[header[0]])
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header)
            writer.writeheader()
            writer.writerows(rows)
    return root / "pairings" / "data", refused_ids


class _Trap(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _Trap.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(app server, trap port, trap hits, refused ids): the app on hostile data + a listener."""
    trap_port = free_port()
    trap = http.server.ThreadingHTTPServer(("127.0.0.1", trap_port), _Trap)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    data_dir, refused = write_hostile_copy(tmp_path_factory.mktemp("hostile"), trap_port)
    try:
        server = start_app_server(env={"REGIONMAP_DATA_DIR": str(data_dir)})
    except RuntimeError as error:
        trap.shutdown()
        pytest.fail(f"could not start the app: {error}", pytrace=False)
    yield server, trap_port, _Trap.hits, refused
    stop_app_server(server)
    trap.shutdown()


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium (tests/conftest.py): a second sync_playwright() in the same process
    fails ("Sync API inside the asyncio loop") once another browser test has started one."""
    return browser


#: elements that would carry something from the data out of the text
_ELEMENTS_FROM_DATA = """(port) => {
  const bad = [];
  const fromData = (v) => v && (v.includes(':' + port) || v.includes('example.org') || v.startsWith('javascript:')
                                || v.includes('img.png') || v === 'x');
  for (const el of document.querySelectorAll('img, a, script, iframe, image, use, source, video, audio, object, embed, link')) {
    for (const attr of ['src', 'href', 'xlink:href', 'data', 'srcset']) {
      const v = el.getAttribute(attr);
      if (fromData(v)) bad.push(el.tagName + ' ' + attr + '=' + v);
    }
    if (el.tagName === 'A' && /example\\.org|127\\.0\\.0\\.1:/.test(el.textContent || '')) bad.push('A text=' + el.textContent);
    if (el.tagName === 'SCRIPT' && /alert|HYPERLINK|img\\.png/.test(el.textContent || '')) bad.push('SCRIPT ' + el.textContent.slice(0, 80));
  }
  for (const el of document.querySelectorAll('[onerror], [onload], [onclick]')) {
    if (el.tagName !== 'BODY') bad.push(el.tagName + ' with an inline handler');
  }
  for (const el of document.querySelectorAll('.katex, .math')) bad.push('formula rendered: ' + el.textContent);
  return bad;
}"""


def _elements_from_data(page, port: int) -> list[str]:
    bad = []
    for frame in page.frames:
        try:
            bad += [f"{frame.url[:60]}: {b}" for b in frame.evaluate(_ELEMENTS_FROM_DATA, port)]
        except Exception:  # noqa: BLE001 - a frame navigating away
            continue
    return bad


def _main_text(page) -> str:
    """The main area's and the sidebar's text, without the invisible word joiners that
    ``inert_markdown`` puts inside URLs (so that no autolink forms)."""
    text = page.locator("[data-testid='stMain']").first.inner_text() + "\n" + \
        page.locator("[data-testid='stSidebar']").first.inner_text()
    return text.replace("\u2060", "")


def test_hostile_data_stays_inert_in_every_view(hostile, chromium, tmp_path):
    server, port, hits, refused = hostile
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server.url))
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    outside, dialogs, errors = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        elif f"127.0.0.1:{port}" in url:
            outside.append(url)
            r.continue_()  # let it reach the trap: the trap's log must stay empty too
        else:
            outside.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("websocket", lambda ws: None if ws.url.replace("ws", "http", 1).startswith(origin) else outside.append(ws.url))
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        wait_for_map(page)
        page.wait_for_timeout(1500)
        text = _main_text(page)
        assert f"http://127.0.0.1:{port}/bare" in text and ":red[x]" in text, "hostile titles not shown as text"
        # the rows the checker refused are reported, not drawn
        frame = map_frame(page)
        drawn = frame.locator(".mv-feature").evaluate_all("els => els.map(e => e.getAttribute('class'))")
        for eid in refused:
            assert not any(f"mv-id-{eid} " in c + " " for c in drawn), f"refused row {eid} is drawn"
        assert "onerror" not in text

        # a real click on a feature, then panels of a zone, a basin, a platform and a pairing
        features = frame.locator(".mv-feature")
        for i in range(min(features.count(), 6)):
            if click_feature(page, features.nth(i)):
                break
        page.wait_for_timeout(2500)
        data = REPO / "pairings" / "data"
        ids = [next(csv.DictReader(open(data / f"{stem}.csv", encoding="utf-8-sig")))[key]
               for stem, key in (("zones", "zone_id"), ("basins", "basin_id"), ("platforms", "platform_id"),
                                 ("pairings", "pairing_id"))]
        for eid in ids:
            page.goto(f"{server.url}?sel={eid}", wait_until="domcontentloaded")
            wait_for_map(page)
            page.wait_for_selector(".mv-panel", timeout=30_000)
            page.wait_for_timeout(800)
            panel = _main_text(page)
            assert "![px](" in panel and "[lnk](" in panel, f"panel of {eid} does not show the hostile text as text"
            for exp in page.locator("[data-testid='stExpander'] summary").all()[:2]:
                exp.click()
            page.wait_for_timeout(500)
            assert not _elements_from_data(page, port), _elements_from_data(page, port)

        # the place search
        page.locator(".st-key-w_place_q input").fill("上海")
        page.keyboard.press("Enter")
        page.wait_for_timeout(2000)
        # the rows left out are listed (expander), the refused values shown only as text
        left = page.locator("[data-testid='stExpander'] summary").filter(has_text="排除")
        if left.count():
            left.first.click()
            page.wait_for_timeout(1000)
        # the CSV download: no live formula
        with page.expect_download(timeout=60_000) as info:
            page.locator(".st-key-w_export_csv button").click()
        body = Path(info.value.path()).read_text(encoding="utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(body)) for c in row]
        assert any(f"127.0.0.1:{port}" in c for c in cells), "the CSV does not hold the hostile names"
        live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not c.lstrip("+-").replace(".", "").isdigit()]
        assert not live, live[:5]
        assert not any("HYPERLINK" in c or "cmd|" in c for c in cells), "a refused row reached the CSV"
        bad_main = _elements_from_data(page, port)

        # the data-maintenance pages
        for path in ("数据维护", "编辑数据表"):
            page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
            page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
            page.wait_for_timeout(3000)
            assert not page.locator("[data-testid='stException']").count(), f"{path}: exception"
            for exp in page.locator("[data-testid='stExpander'] summary").all()[:3]:
                exp.click()
            page.wait_for_timeout(800)
            bad_main += _elements_from_data(page, port)
        page.screenshot(path=str(tmp_path / "hostile.png"))
    finally:
        context.close()
    assert not bad_main, bad_main
    assert not outside, f"requests left the app's origin: {outside[:10]}"
    assert not hits, f"the second local port was fetched: {hits[:10]}"
    assert not dialogs, dialogs
    assert not errors, errors
