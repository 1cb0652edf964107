"""Load benchmark: N fresh browser sessions open the app at once (loopback only, bounded in time).

    python benchmarks/load_bench.py [--sessions 1,5,10,20] [--timeout 240] [--json out.json] [--app PAGE.py] [--floor]

One app server is started (``tests/browser/server.py``), warmed by one visit, then for each N
in ``--sessions`` one Chromium opens N fresh browser contexts *at the same moment* (asyncio,
Playwright's async API) on the default view. For each N it prints:

- paint median / max: seconds from navigation to a painted map (Leaflet container laid out and
  at least one policy feature drawn, the same condition as the browser test's ``wait_for_map``);
- errors: sessions that did not paint within ``--timeout`` seconds, raised an uncaught page
  error, or showed a Streamlit exception;
- server memory (RSS of the server and its children) after the N sessions painted, and per
  extra session relative to N = 1;
- server CPU seconds (user + system, the server and its children) per session of the round:
  the work each new session costs the server, less sensitive to a busy machine than the times;
- whether every request stayed on this machine.

With ``--floor`` the same rounds are then run on the floor page of app_bench
(``benchmarks/floor_app.py``: one ``st_folium`` map, one polygon), and a table prints both side
by side: what the stack itself does with N sessions at once on this machine, beside the app.

Targets (issue 15, 2-core machine): 20 concurrent first loads all painted within 3x the single
session's paint time, 0 errors, <= 5 MB server memory per extra session. Nothing is asserted:
the script prints figures next to targets. Needs the test dependencies and /usr/bin/chromium
(``bash scripts/test.sh`` installs them).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.server import (CHROMIUM_ARGS, CHROMIUM_PATH, is_local_url,  # noqa: E402
                                  start_app_server, stop_app_server)

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
FEATURE_SELECTOR = ".mv-feature, .marker-cluster"
FLOOR_APP = REPO_ROOT / "benchmarks" / "floor_app.py"
FLOOR_SELECTOR = "path.leaflet-interactive"  # the floor's one polygon
FLOOR_ARGS = ("--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false")
TARGET_RATIO = 3.0
TARGET_MB_PER_SESSION = 5.0


def rss_mb(pid: int) -> float:
    """Resident memory in MB of a process and all its descendants (from /proc)."""
    total_kb = 0
    pids = [pid]
    seen: set[int] = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                pids.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants (from /proc):
    the server's work per session, which a busy machine slows but does not inflate."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    pids, seen = [pid], set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
            for task in Path(f"/proc/{p}/task").iterdir():
                pids.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total / ticks


async def one_session(browser, url: str, timeout_s: float, selector: str = FEATURE_SELECTOR) -> dict:
    """Open ``url`` in a fresh context; return paint time (s) or the error, and outside requests."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    errors: list[str] = []

    async def route(r):
        if is_local_url(r.request.url):
            await r.continue_()
        else:
            outside.append(r.request.url)
            await r.abort("blockedbyclient")

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    loads: list[str] = []  # navigations of the map's frame: more than one is a reloaded map
    page.on("framenavigated", lambda f: loads.append(f.url) if "st_folium" in f.url else None)
    start = time.monotonic()
    result: dict = {"outside": outside}
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        remaining = lambda: max(1.0, (start + timeout_s - time.monotonic()) * 1000)  # noqa: E731
        await page.wait_for_function(
            "(sel) => document.querySelector(sel) || document.querySelector('[data-testid=\"stException\"]')",
            arg=MAP_IFRAME, timeout=remaining())
        if await page.locator("[data-testid='stException']").count():
            raise RuntimeError("the app raised an exception")
        while True:  # any map frame of the page with drawn features (a frame may be replaced meanwhile)
            frames = [f for f in page.frames if "st_folium" in f.url]
            drawn = False
            for f in frames:
                try:
                    drawn = drawn or await f.evaluate("(sel) => document.querySelectorAll(sel).length > 0", selector)
                except Exception:  # noqa: BLE001 - a frame being replaced
                    pass
            if drawn:
                break
            if time.monotonic() - start > timeout_s:
                raise TimeoutError(f"no drawn map within {timeout_s:.0f} s ({len(frames)} map frames)")
            await asyncio.sleep(0.1)
        result["paint_s"] = time.monotonic() - start
    except Exception as exc:  # noqa: BLE001 - every failure is counted as an error
        result["error"] = f"{type(exc).__name__}: {str(exc)[:200]}" + await _diagnosis(page)
    if errors and "error" not in result:
        result["error"] = "page error: " + errors[0][:200]
    result["map_loads"] = len(loads)
    result["context"] = context
    return result


async def _diagnosis(page) -> str:
    """What a session that did not paint shows: the map frame's state, for the error line."""
    try:
        handle = await page.query_selector(MAP_IFRAME)
        if handle is None:
            return " [no map iframe; page: %s]" % (await page.inner_text("body"))[:120].replace("\n", " ")
        frame = await handle.content_frame()
        info = await frame.evaluate("""() => ({applied: document.documentElement.getAttribute('data-mv-applied'),
            error: document.documentElement.getAttribute('data-mv-error'), mv: !!window.MV, leaflet: !!window.L,
            map: !!window.map, paths: document.querySelectorAll('path').length, feats: document.querySelectorAll('.mv-feature').length,
            msg: (document.querySelector('.mv-map-message') || {}).textContent || '',
            f: window.MV && window.MV.state ? JSON.stringify(window.MV.state.f) : null})""")
        body = (await page.inner_text("body"))[:400].replace("\n", " ")
        return f" [map frame: {info}; page: {body}]"
    except Exception as exc:  # noqa: BLE001
        return f" [no diagnosis: {type(exc).__name__}]"


async def run(sessions: list[int], timeout_s: float, app_file: Path | None = None,
              selector: str = FEATURE_SELECTOR, extra_args: tuple = ()) -> list[dict]:
    """Each round of ``sessions`` on one server of ``app_file`` (default the app); ``selector``:
    what a painted map holds."""
    from playwright.async_api import async_playwright

    server = start_app_server(app_file, extra_args=extra_args)
    rows: list[dict] = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
            warm = await one_session(browser, server.url, timeout_s, selector)  # the process's first run, not measured
            await warm["context"].close()
            base_mem = None
            for n in sessions:
                t0 = time.monotonic()
                cpu0 = cpu_s(server.process.pid)
                results = await asyncio.gather(*(one_session(browser, server.url, timeout_s, selector) for _ in range(n)))
                wall = time.monotonic() - t0
                await asyncio.sleep(1.0)
                mem = rss_mb(server.process.pid)
                cpu = cpu_s(server.process.pid) - cpu0
                for r in results:
                    await r["context"].close()
                paints = [r["paint_s"] for r in results if "paint_s" in r]
                errors = [r["error"] for r in results if "error" in r]
                outside = sum(len(r["outside"]) for r in results)
                if n == 1:
                    base_mem = mem
                row = {
                    "sessions": n, "painted": len(paints), "errors": len(errors),
                    "paint_median_s": round(statistics.median(paints), 2) if paints else None,
                    "paint_max_s": round(max(paints), 2) if paints else None,
                    "wall_s": round(wall, 2), "server_rss_mb": round(mem, 1),
                    "mb_per_extra_session": (round((mem - base_mem) / (n - 1), 2)
                                             if base_mem is not None and n > 1 else None),
                    "server_cpu_s_per_session": round(cpu / n, 3),
                    "outside_requests": outside, "error_samples": errors[:3],
                    "map_reloads": sum(max(r.get("map_loads", 1) - 1, 0) for r in results),
                }
                rows.append(row)
                print_row(row, rows[0])
                await asyncio.sleep(2.0)  # let the server settle between rounds
            await browser.close()
    finally:
        stop_app_server(server)
    return rows


def print_row(row: dict, first: dict) -> None:
    """One line of figures for a round, with the verdict against the targets."""
    single = first.get("paint_median_s")
    parts = [f"N={row['sessions']:>3}", f"painted {row['painted']:>3}", f"errors {row['errors']}",
             f"paint median {row['paint_median_s']} s", f"max {row['paint_max_s']} s"]
    if single and row["paint_max_s"]:
        ratio = row["paint_max_s"] / single
        verdict = "met" if ratio <= TARGET_RATIO and row["errors"] == 0 else "NOT met"
        parts.append(f"max/single {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
    parts.append(f"server RSS {row['server_rss_mb']} MB")
    if row["mb_per_extra_session"] is not None:
        parts.append(f"{row['mb_per_extra_session']} MB per extra session (target <= {TARGET_MB_PER_SESSION})")
    parts.append(f"server CPU {row['server_cpu_s_per_session']} s per session")
    parts.append(f"outside requests {row['outside_requests']}")
    parts.append(f"map frames loaded again {row.get('map_reloads', 0)}")
    print("  ".join(parts), flush=True)
    for sample in row["error_samples"]:
        print(f"      error: {sample}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated N values (default 1,5,10,20)")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds each session may take to paint")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--app", type=Path, help="the page to serve (default: the app; e.g. the floor page of app_bench)")
    parser.add_argument("--floor", action="store_true", help="then the same rounds on the floor page, side by side")
    args = parser.parse_args(argv)
    sessions = [int(s) for s in args.sessions.split(",") if s.strip()]
    if sessions[0] != 1:
        sessions = [1] + sessions
    print("the app:" if args.app is None else f"{args.app}:", flush=True)
    rows = asyncio.run(run(sessions, args.timeout, args.app))
    out: dict | list = rows
    if args.floor:
        print("the floor (benchmarks/floor_app.py):", flush=True)
        floor = asyncio.run(run(sessions, args.timeout, FLOOR_APP, FLOOR_SELECTOR, FLOOR_ARGS))
        print_side_by_side(rows, floor)
        out = {"app": rows, "floor": floor}
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def print_side_by_side(app: list[dict], floor: list[dict]) -> None:
    """A Markdown table: per N, the app's and the floor's paint median / max and max/single."""
    def ratio(rows, row):
        single = rows[0].get("paint_median_s")
        return f"{row['paint_max_s'] / single:.2f}" if single and row.get("paint_max_s") else "—"

    print("\n| N | app paint median / max | app max / single | floor paint median / max | floor max / single "
          "| app errors | app server CPU per session | app MB per extra session |")
    print("|---|---|---|---|---|---|---|---|")
    for a, f in zip(app, floor):
        print(f"| {a['sessions']} | {a['paint_median_s']} / {a['paint_max_s']} s | {ratio(app, a)} "
              f"| {f['paint_median_s']} / {f['paint_max_s']} s | {ratio(floor, f)} | {a['errors']} "
              f"| {a['server_cpu_s_per_session']} s | {a['mb_per_extra_session'] if a['mb_per_extra_session'] is not None else '—'} |")


if __name__ == "__main__":
    raise SystemExit(main())
