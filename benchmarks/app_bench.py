"""Measure the app's speed and size figures and print them with their targets (nothing is asserted).

    python benchmarks/app_bench.py [--runs 3] [--json out.json]

Figures (issue 4, "Speed"):
- payload of the default view sent to the browser: the app's WebSocket messages (script output:
  map, layers, tables) plus the files the map iframe loads (component page, Leaflet & co.),
  measured in Debian's Chromium; Streamlit's own front-end bundle is printed apart (it is the same
  for every Streamlit app and cached by the browser);
- navigation to painted map: from ``page.goto`` to features drawn in a visible map, cold (first
  page after the server started) and warm (median of the next runs, each in a fresh context);
- server-side rerun after a filter change: Streamlit's AppTest unticking one document, first
  time for that filter (composition not cached yet) and again (cached);
- filter change seen in the browser: tick/untick to the settled new feature count;
- peak memory of the app server (VmHWM of the streamlit process after the browser runs) and of
  the in-process AppTest runs (ru_maxrss);
- geo layer load times (each loader's first call in a fresh interpreter).

Needs the test dependencies (requirements-dev.txt) and /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import resource
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.helpers import count_features, wait_for_count, wait_for_map  # noqa: E402
from tests.browser.server import (ExternalRequestGuard, launch_chromium, start_app_server,  # noqa: E402
                                  stop_app_server)

MB = 1_000_000
DOC_KEY = "w_doc_"  # app.py: one checkbox per document, key w_doc_<doc_id>


def _fmt_bytes(n: float) -> str:
    return f"{n / MB:.2f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def _fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def browser_figures(runs: int) -> dict:
    """Start the app, load it ``runs`` times in Chromium; return payload, timing and memory figures."""
    from playwright.sync_api import sync_playwright

    server = start_app_server()
    out: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            loads = []
            for run in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                guard = ExternalRequestGuard()
                guard.attach(context)
                page = context.new_page()
                ws_bytes = [0]
                responses = []
                page.on("websocket", lambda ws: ws.on(
                    "framereceived", lambda payload: ws_bytes.__setitem__(0, ws_bytes[0] + len(payload))))
                page.on("response", lambda response: responses.append(response))
                start = time.perf_counter()
                page.goto(server.url)
                wait_for_map(page)
                painted = time.perf_counter() - start
                wait_for_count(page, lambda c: c > 0)
                settled = time.perf_counter() - start
                page.wait_for_timeout(1000)  # late messages (tables below the map)
                sizes = {"framework": 0, "map_files": 0, "other": 0}
                wire = {"framework": 0, "map_files": 0, "other": 0}
                for response in responses:
                    url = response.url
                    group = ("map_files" if "/component/" in url or "/app/static/" in url
                             else "framework" if "/static/" in url else "other")
                    try:
                        sizes[group] += len(response.body())
                    except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                        pass
                    wire[group] += max(response.request.sizes().get("responseBodySize", 0), 0)
                loads.append({"painted_s": painted, "settled_s": settled, "ws_bytes": ws_bytes[0],
                              "sizes": sizes, "wire": wire, "blocked": list(guard.blocked)})
                if run == runs - 1:
                    out["filter_browser_s"] = _browser_filter_change(page)
                context.close()
            browser.close()
        out["memory_server_bytes"] = _vm_hwm(server.process.pid)
    finally:
        stop_app_server(server)
    first = loads[0]
    out["payload_bytes"] = first["ws_bytes"] + first["sizes"]["map_files"] + first["sizes"]["other"]
    out["payload_ws_bytes"] = first["ws_bytes"]
    out["payload_map_files_bytes"] = first["sizes"]["map_files"]
    out["payload_map_files_wire_bytes"] = first["wire"]["map_files"]
    out["framework_bytes"] = first["sizes"]["framework"]
    out["framework_wire_bytes"] = first["wire"]["framework"]
    out["paint_cold_s"] = first["painted_s"]
    warm = [load["painted_s"] for load in loads[1:]] or [first["painted_s"]]
    out["paint_warm_s"] = statistics.median(warm)
    out["settled_warm_s"] = statistics.median([load["settled_s"] for load in loads[1:]] or [first["settled_s"]])
    out["external_requests"] = sorted({u for load in loads for u in load["blocked"]})
    return out


def _browser_filter_change(page) -> float:
    """Untick the first document in the sidebar; seconds until the map shows the new, settled count."""
    before = count_features(page)
    box = page.locator(f"[class*='st-key-{DOC_KEY}']").first
    start = time.perf_counter()
    box.locator("label").first.click()
    page.wait_for_function(
        "([sel, n]) => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentDocument.querySelectorAll(sel).length !== n",
        arg=[".mv-feature, .marker-cluster", before], timeout=30_000)
    return time.perf_counter() - start


def _vm_hwm(pid: int) -> int:
    """Peak resident set size (VmHWM) of a process, in bytes, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def rerun_figures() -> dict:
    """Time AppTest reruns after unticking each document (uncached, then cached); peak RSS.

    Runs before anything else in this process, so the process's peak RSS is the script's."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    start = time.perf_counter()
    at.run()
    first_run = time.perf_counter() - start
    keys = [cb.key for cb in at.checkbox if (cb.key or "").startswith(DOC_KEY)]
    uncached, cached = [], []
    for key in keys:
        for bucket in (uncached, cached):  # untick (first time: new filter), tick back, again
            start = time.perf_counter()
            at.checkbox(key=key).uncheck().run()
            bucket.append(time.perf_counter() - start)
            at.checkbox(key=key).check().run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    errors = [e.value for e in at.exception]
    return {"apptest_first_run_s": first_run,
            "rerun_uncached_s": statistics.median(uncached) if uncached else float("nan"),
            "rerun_uncached_max_s": max(uncached) if uncached else float("nan"),
            "rerun_cached_s": statistics.median(cached) if cached else float("nan"),
            "rerun_samples": len(uncached), "memory_apptest_rss_bytes": peak, "apptest_errors": errors}


GEO_SCRIPT = r"""
import json, time
timings = {}
def timed(name, fn):
    start = time.perf_counter(); result = fn(); timings[name] = [time.perf_counter() - start, len(result)]
start = time.perf_counter(); import geo; timings["import geo"] = [time.perf_counter() - start, 0]
timed("load_units('province')", lambda: geo.load_units("province"))
timed("load_units('city')", lambda: geo.load_units("city"))
timed("load_units('county')", lambda: geo.load_units("county"))
timed("load_maritime()", geo.load_maritime)
timed("load_rivers()", geo.load_rivers)
timed("load_neighbours()", geo.load_neighbours)
timed("gazetteer()", lambda: geo.gazetteer().units())
print(json.dumps(timings))
"""


def geo_figures() -> dict:
    """Each geo loader's first-call time (seconds) and row count, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", GEO_SCRIPT], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(value: float, target: float | None) -> str:
    """'pass' / 'FAIL' against an upper-bound target, '—' when there is none."""
    if target is None or value != value:  # NaN
        return "—"
    return "pass" if value <= target else "FAIL"


def report(b: dict, r: dict, g: dict) -> list[tuple[str, str, str, str]]:
    """Rows (figure, measured, target, verdict) for printing."""
    rows = [
        ("default-view payload (WebSocket + map files)", _fmt_bytes(b["payload_bytes"]), "≤ 1.50 MB",
         verdict(b["payload_bytes"], 1.5 * MB)),
        ("  of which WebSocket messages", _fmt_bytes(b["payload_ws_bytes"]), "", ""),
        ("  of which map iframe files (on the wire)",
         f"{_fmt_bytes(b['payload_map_files_bytes'])} ({_fmt_bytes(b['payload_map_files_wire_bytes'])})", "", ""),
        ("Streamlit front-end bundle (on the wire)",
         f"{_fmt_bytes(b['framework_bytes'])} ({_fmt_bytes(b['framework_wire_bytes'])})", "", "—"),
        ("navigation → painted map, cold", _fmt_s(b["paint_cold_s"]), "≤ 3 s", verdict(b["paint_cold_s"], 3)),
        ("navigation → painted map, warm (median)", _fmt_s(b["paint_warm_s"]), "≤ 3 s",
         verdict(b["paint_warm_s"], 3)),
        ("navigation → all layers settled, warm", _fmt_s(b["settled_warm_s"]), "", "—"),
        (f"filter-change rerun, server, new filter (median of {r['rerun_samples']})",
         _fmt_s(r["rerun_uncached_s"]), "≤ 300 ms", verdict(r["rerun_uncached_s"], 0.3)),
        ("filter-change rerun, server, new filter (max)", _fmt_s(r["rerun_uncached_max_s"]), "≤ 300 ms",
         verdict(r["rerun_uncached_max_s"], 0.3)),
        ("filter-change rerun, server, cached filter", _fmt_s(r["rerun_cached_s"]), "≤ 300 ms",
         verdict(r["rerun_cached_s"], 0.3)),
        ("filter change seen in the browser", _fmt_s(b["filter_browser_s"]), "", "—"),
        ("first script run (AppTest, cold caches)", _fmt_s(r["apptest_first_run_s"]), "", "—"),
        ("peak memory, app server (VmHWM)", _fmt_bytes(b["memory_server_bytes"]), "", "—"),
        ("peak memory, AppTest process (ru_maxrss)", _fmt_bytes(r["memory_apptest_rss_bytes"]), "", "—"),
        ("requests to other hosts", str(len(b["external_requests"])), "0",
         "pass" if not b["external_requests"] else "FAIL"),
    ]
    if "error" in g:
        rows.append(("geo layer load", f"error: {g['error']}", "", "FAIL"))
    for name, (seconds, n) in g.items():
        rows.append((f"geo {name}" + (f" ({n} rows)" if n else ""), _fmt_s(seconds), "", "—"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table; exit 0 (figures are reported, not asserted)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads in the browser (first is cold)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    g = geo_figures()
    r = rerun_figures()
    b = browser_figures(max(1, args.runs))
    rows = report(b, r, g)
    widths = [max(len(row[i]) for row in rows + [("figure", "measured", "target", "result")]) for i in range(4)]
    line = "  ".join("{:<%d}" % w for w in widths)
    print(line.format("figure", "measured", "target", "result"))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    if b["external_requests"]:
        print("\nrequests to other hosts:\n  " + "\n  ".join(b["external_requests"]))
    if r["apptest_errors"]:
        print("\nAppTest exceptions:\n  " + "\n  ".join(map(str, r["apptest_errors"])))
    if args.json:
        args.json.write_text(json.dumps({"browser": b, "rerun": r, "geo": g}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
