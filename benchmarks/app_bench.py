"""The app beside the floor of its stack, in one run; then the same app on 10x the data.

    python benchmarks/app_bench.py [--runs 4] [--clicks 6] [--no-scale] [--json out.json]

Starts the app (``app.py``) and the floor page (``benchmarks/floor_app.py``: one ``st_folium``
map, one polygon, local Leaflet), alternates fresh-context page loads in Debian's Chromium and
prints, side by side (targets of issue 11):

- first paint: ``page.goto`` until the map's features are drawn (app: entity shapes or clusters;
  floor: its polygon); median of the warm loads (the first load of each server is cold and
  printed apart); the ratio app/floor (target <= 1.3);
- WebSocket kB per document-checkbox click: the bytes the page receives from the click until
  the rerun's last message (median over ``--clicks`` clicks, each on another document; the
  first one of a page is a new filter for the server) (target <= 30 kB);
- click -> map changed: from the click (dispatched in the page) until the map has applied the new
  state (``<html data-mv-applied>`` in the map iframe, taken at the next animation frame)
  (target <= 0.3 s);
- first-visit payload: WebSocket messages plus every HTTP response except Streamlit's own bundle
  (``/static/``), decoded and on the wire (target <= 0.6 MB);
- second visit with a warm browser cache: the same, in a new page of the same context
  (target <= 0.2 MB);
- server memory per extra session: VmRSS growth of the server while 4 more pages are open, per page.

The scale run (``benchmarks/scale_data.py``: synthetic county-to-county pairings and zones from
the gazetteer, 10x the entities) repeats the click figures: they must not grow with the data.
Nothing is asserted; timings on a shared 2-core machine vary (the tests check behaviour).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.helpers import MAP_IFRAME, map_frame  # noqa: E402
from tests.browser.server import (ExternalRequestGuard, launch_chromium, start_app_server,  # noqa: E402
                                  stop_app_server)

MB = 1_000_000
DOC_KEY = "w_doc_"  # mapview/sidebar.py: one checkbox per document, key w_doc_<doc_id>
APP_PAINTED = ".mv-feature, .marker-cluster"
FLOOR_PAINTED = "path.leaflet-interactive"
FLOOR_ARGS = ("--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false")


def _fmt_bytes(n: float) -> str:
    return f"{n / MB:.2f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def _fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _vm_rss(pid: int) -> int:
    """Resident set size of a process and its children (streamlit runs in one process), bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class Recorder:
    """Bytes a page receives: WebSocket frames and HTTP responses (decoded and on the wire)."""

    def __init__(self, page):
        self.ws: list[int] = []
        self.responses: list = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: self.ws.append(len(payload))))
        page.on("response", lambda r: self.responses.append(r))

    def http(self) -> dict:
        """Bytes (``decoded``, on the ``wire``) of the responses: the page's own files, and apart
        Streamlit's bundle (``/static/``, ``bundle_*``) and streamlit-folium's (``/component/…/static/``,
        ``component_*``), which the floor loads as well."""
        out = {"decoded": 0, "wire": 0, "bundle_decoded": 0, "bundle_wire": 0,
               "component_decoded": 0, "component_wire": 0}
        for r in self.responses:
            path = r.url.split("?")[0]
            group = ("component_" if "/component/" in path and "/static/" in path
                     else "bundle_" if "/static/" in path and "/app/static/" not in path else "")
            try:
                decoded = len(r.body())
            except Exception:  # noqa: BLE001 - redirects, aborted requests and cache hits may have no body
                decoded = 0
            try:
                sizes = r.request.sizes()
                wire = max(sizes.get("responseBodySize", 0), 0) + max(sizes.get("responseHeadersSize", 0), 0)
            except Exception:  # noqa: BLE001
                wire = 0
            if getattr(r, "from_service_worker", False):
                wire = 0
            out[group + "decoded"] += decoded
            out[group + "wire"] += wire
        return out


def _load(context, url: str, painted: str) -> tuple[float, object, Recorder]:
    """Open ``url`` in a new page of ``context``; seconds to painted features, the page, its recorder."""
    page = context.new_page()
    rec = Recorder(page)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=120_000)
    frame = map_frame(page)
    frame.wait_for_selector(painted, state="attached", timeout=120_000)
    return time.perf_counter() - start, page, rec


def _click_figures(page, rec: Recorder, clicks: int) -> dict:
    """Untick/tick documents ``clicks`` times; bytes received per click and click -> map applied
    (the click is the real mouse at the checkbox; its time is taken in the page just before)."""
    frame = map_frame(page)
    frame.evaluate("""() => { if (window.mvObs) return; window.mvT = 0;
        window.mvObs = new MutationObserver(() => requestAnimationFrame(() => { window.mvT = Date.now(); }));
        window.mvObs.observe(document.documentElement, {attributes: true, attributeFilter: ['data-mv-applied']}); }""")
    keys = page.locator(f"[class*='st-key-{DOC_KEY}']").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('st-key-')))")
    per_click, latency = [], []
    page.wait_for_timeout(1500)
    for i in range(clicks):
        key = keys[i % len(keys)]
        k = len(rec.ws)
        applied = frame.evaluate("() => +(document.documentElement.getAttribute('data-mv-applied') || 0)")
        label = page.locator(f".{key} label").first
        label.scroll_into_view_if_needed()  # the sidebar is taller than the window
        page.wait_for_timeout(300)  # the scroll's events delivered before the click
        box = label.bounding_box()
        t0 = page.evaluate("() => Date.now()")
        page.mouse.click(box["x"] + 8, box["y"] + box["height"] / 2)  # the checkbox itself
        frame.wait_for_function("(n) => +(document.documentElement.getAttribute('data-mv-applied') || 0) > n",
                                arg=applied, timeout=60_000)
        frame.wait_for_function("(t) => window.mvT >= t", arg=t0, timeout=10_000)
        latency.append((frame.evaluate("() => window.mvT") - t0) / 1000)
        page.wait_for_timeout(2000)  # the rest of the rerun (tables below the map)
        per_click.append(sum(rec.ws[k:]))
    return {"click_ws_bytes": statistics.median(per_click), "click_ws_bytes_max": max(per_click),
            "click_latency_s": statistics.median(latency), "click_latency_max_s": max(latency),
            "clicks": len(per_click), "click_ws_all": per_click, "click_latency_all": latency}


def _second_visit(browser, url: str, painted: str) -> tuple[int, dict, list]:
    """A first and a second page in one context without request routing (Playwright disables
    the HTTP cache where it routes): what the second page receives; requests to other hosts are
    recorded (not aborted: the app makes none)."""
    from tests.browser.server import is_local_url

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url) if not is_local_url(r.url) else None)
    for visit in range(2):
        page = context.new_page()
        rec = Recorder(page)
        page.goto(url)
        map_frame(page).wait_for_selector(painted, state="attached", timeout=120_000)
        page.wait_for_timeout(2500)
        page.close()
    context.close()
    return sum(rec.ws), rec.http(), outside


def measure(app_url: str, floor_url: str | None, runs: int, clicks: int, server_pid: int) -> dict:
    """Everything for one app server (and the floor beside it when ``floor_url``)."""
    from playwright.sync_api import sync_playwright

    out: dict = {"app_paint": [], "floor_paint": [], "external": []}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for run in range(runs):
            for name, url, painted in (("app", app_url, APP_PAINTED), ("floor", floor_url, FLOOR_PAINTED)):
                if url is None:
                    continue
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                guard = ExternalRequestGuard()
                guard.attach(context)
                seconds, page, rec = _load(context, url, painted)
                out[f"{name}_paint"].append(seconds)
                if run == 0:
                    page.wait_for_timeout(2500)
                    out[f"{name}_first_ws"] = sum(rec.ws)
                    out[f"{name}_first_http"] = rec.http()
                    out[f"{name}_second_ws"], out[f"{name}_second_http"], outside = _second_visit(browser, url, painted)
                    out["external"] += outside
                if name == "app" and run == runs - 1:
                    out.update(_click_figures(page, rec, clicks))
                    before = _vm_rss(server_pid)
                    extra = [context.new_page() for _ in range(4)]
                    for p in extra:
                        p.goto(url)
                    for p in extra:
                        map_frame(p).wait_for_selector(painted, state="attached", timeout=120_000)
                    time.sleep(2)
                    out["memory_per_session_bytes"] = (_vm_rss(server_pid) - before) / len(extra)
                    out["memory_server_bytes"] = _vm_rss(server_pid)
                out["external"] += guard.blocked
                context.close()
        browser.close()
    return out


def run_app_and_floor(runs: int, clicks: int, data_dir: str | None = None, floor: bool = True) -> dict:
    env = {"REGIONMAP_DATA_DIR": data_dir} if data_dir else None
    app = start_app_server(env=env)
    floor_server = start_app_server(REPO_ROOT / "benchmarks" / "floor_app.py", extra_args=FLOOR_ARGS) if floor else None
    try:
        return measure(app.url, floor_server.url if floor_server else None, runs, clicks, app.process.pid)
    finally:
        stop_app_server(app)
        if floor_server is not None:
            stop_app_server(floor_server)


def _warm(values: list[float]) -> float:
    return statistics.median(values[1:] or values)


def report(b: dict, s: dict | None) -> list[tuple[str, str, str, str, str]]:
    """Rows (figure, app, floor, target, verdict)."""
    def verdict(value, target):
        return "—" if target is None else ("pass" if value <= target else "FAIL")

    app_paint, floor_paint = _warm(b["app_paint"]), _warm(b["floor_paint"])
    ratio = app_paint / floor_paint
    first = b["app_first_ws"] + b["app_first_http"]["decoded"]
    first_wire = b["app_first_ws"] + b["app_first_http"]["wire"]
    floor_first = b["floor_first_ws"] + b["floor_first_http"]["decoded"]
    def all_wire(h):
        return h["wire"] + h["bundle_wire"] + h["component_wire"]

    second = b["app_second_ws"] + all_wire(b["app_second_http"])
    floor_second = b["floor_second_ws"] + all_wire(b["floor_second_http"])
    rows = [
        ("first paint, warm (median)", _fmt_s(app_paint), _fmt_s(floor_paint), "", ""),
        ("  app / floor", f"{ratio:.2f}", "1.00", "≤ 1.3", verdict(ratio, 1.3)),
        ("first paint, cold (first page of the server)", _fmt_s(b["app_paint"][0]), _fmt_s(b["floor_paint"][0]), "", "—"),
        ("WebSocket per document click (median / max)",
         f"{_fmt_bytes(b['click_ws_bytes'])} / {_fmt_bytes(b['click_ws_bytes_max'])}", "—", "≤ 30 kB",
         verdict(b["click_ws_bytes_max"], 30_000)),
        ("click → map changed (median / max)",
         f"{_fmt_s(b['click_latency_s'])} / {_fmt_s(b['click_latency_max_s'])}", "—", "≤ 0.3 s",
         verdict(b["click_latency_s"], 0.3)),
        ("first visit: WebSocket + the page's own files, decoded", _fmt_bytes(first), _fmt_bytes(floor_first),
         "≤ 0.6 MB", verdict(first, 0.6 * MB)),
        ("  of which WebSocket", _fmt_bytes(b["app_first_ws"]), _fmt_bytes(b["floor_first_ws"]), "", ""),
        ("  the same on the wire (gzip)", _fmt_bytes(first_wire),
         _fmt_bytes(b["floor_first_ws"] + b["floor_first_http"]["wire"]), "", ""),
        ("  + streamlit-folium's bundle (decoded / wire)",
         f"{_fmt_bytes(b['app_first_http']['component_decoded'])} / {_fmt_bytes(b['app_first_http']['component_wire'])}",
         f"{_fmt_bytes(b['floor_first_http']['component_decoded'])} / {_fmt_bytes(b['floor_first_http']['component_wire'])}",
         "", "—"),
        ("second visit, warm cache (WebSocket + wire, all files)", _fmt_bytes(second), _fmt_bytes(floor_second),
         "≤ 0.2 MB", verdict(second, 0.2 * MB)),
        ("Streamlit's bundle (apart, decoded)", _fmt_bytes(b["app_first_http"]["bundle_decoded"]),
         _fmt_bytes(b["floor_first_http"]["bundle_decoded"]), "", "—"),
        ("server memory per extra session", _fmt_bytes(b["memory_per_session_bytes"]), "—", "", "—"),
        ("server memory after the run", _fmt_bytes(b["memory_server_bytes"]), "—", "", "—"),
        ("requests to other hosts", str(len(b["external"])), "", "0", "pass" if not b["external"] else "FAIL"),
    ]
    if s:
        rows += [
            ("10x data: WebSocket per click (median / max)",
             f"{_fmt_bytes(s['click_ws_bytes'])} / {_fmt_bytes(s['click_ws_bytes_max'])}", "—", "as 1x",
             verdict(s["click_ws_bytes_max"], max(30_000, 1.15 * b["click_ws_bytes_max"]))),
            ("10x data: click → map changed (median / max)",
             f"{_fmt_s(s['click_latency_s'])} / {_fmt_s(s['click_latency_max_s'])}", "—", "≤ 0.3 s",
             verdict(s["click_latency_s"], 0.3)),
            ("10x data: first visit, decoded / on the wire",
             f"{_fmt_bytes(s['app_first_ws'] + s['app_first_http']['decoded'])} / "
             f"{_fmt_bytes(s['app_first_ws'] + s['app_first_http']['wire'])}", "—", "", "—"),
            ("10x data: first paint, warm", _fmt_s(_warm(s["app_paint"])), "—", "", "—"),
        ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=4, help="page loads of each server (the first is cold)")
    parser.add_argument("--clicks", type=int, default=6, help="document clicks measured")
    parser.add_argument("--no-scale", action="store_true", help="skip the 10x-data run")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    b = run_app_and_floor(max(2, args.runs), args.clicks)
    s = None
    if not args.no_scale:
        from benchmarks.scale_data import make_scaled

        with tempfile.TemporaryDirectory(prefix="regionmap-scale-") as tmp:
            data_dir = make_scaled(Path(tmp), 10)
            s = run_app_and_floor(2, args.clicks, str(data_dir), floor=False)
    rows = report(b, s)
    head = ("figure", "app", "floor", "target", "result")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    line = "  ".join("{:<%d}" % w for w in widths)
    print(line.format(*head))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    if b["external"]:
        print("\nrequests to other hosts:\n  " + "\n  ".join(sorted(set(b["external"]))))
    if args.json:
        args.json.write_text(json.dumps({"app": b, "scale": s}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
