"""Print how long the geo layers take to load (cold, in a fresh interpreter) and their sizes.

Usage: python benchmarks/geo_load.py
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = """
import time
t0 = time.perf_counter()
import geopandas
import geo
t1 = time.perf_counter()
for level in geo.LEVELS:
    geo.load_units(level)
geo.load_maritime(); geo.load_neighbours(); geo.load_rivers(); geo.gazetteer()
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def main() -> None:
    """Print cold import/load times, warm (cached) call times, committed and GeoJSON sizes."""
    imp, load = map(float, subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True,
                                          text=True, check=True).stdout.split())
    print(f"cold, fresh interpreter: import geopandas + geo {imp:.3f} s; then all layers + gazetteer "
          f"{load:.3f} s")
    import geo

    loaders = {f"units:{lv}": (lambda lv=lv: geo.load_units(lv)) for lv in geo.LEVELS}
    loaders.update(maritime=geo.load_maritime, neighbours=geo.load_neighbours, rivers=geo.load_rivers)
    print(f"{'layer':<16}{'rows':>6}{'warm call ms':>14}{'GeoJSON bytes':>15}")
    for name, fn in loaders.items():
        gdf = fn()
        t = time.perf_counter()
        for _ in range(5):
            fn()
        warm = (time.perf_counter() - t) / 5 * 1000
        print(f"{name:<16}{len(gdf):>6}{warm:>14.1f}{len(gdf.to_json().encode()):>15,}")
    t = time.perf_counter()
    g = geo.gazetteer()
    for _ in range(1000):
        g.resolve("江北区", "宁波")
    ms = (time.perf_counter() - t) / 1000 * 1000
    print(f"gazetteer: {len(g.units())} units, resolve('江北区', '宁波') {ms:.3f} ms per call")
    print("committed files (geo/data/):")
    total = 0
    for p in sorted(geo.DATA_DIR.iterdir()):
        total += p.stat().st_size
        print(f"  {p.name:<20}{p.stat().st_size:>12,} bytes")
    print(f"  {'total':<20}{total:>12,} bytes")


if __name__ == "__main__":
    main()
