"""Join the shown entities to geometry: one GeoDataFrame per layer (EPSG:4326, no Streamlit).

Every function takes plain tables (see ``mapview.data`` / ``mapview.select``) and a
:class:`GeoLookup` and returns a GeoDataFrame; entities whose geometry cannot be found are
returned separately by :func:`unplaced` so that the app can say so (no silent drops).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import shapely
import pandas as pd
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

from mapview.data import is_adcode
from mapview.select import unit_level

CRS = "EPSG:4326"


@dataclass
class GeoLookup:
    """Admin-unit geometry and points by adcode, and river courses by name.

    ``units`` is a GeoDataFrame with ``adcode, name, short_name, name_en, level, lon, lat,
    geometry`` (any mix of levels, one row per adcode); ``rivers`` one with ``name, geometry``.
    ``load_county`` is called (once) when an adcode is not found among ``units``. ``coverage``
    (optional, ``adcode, geometry``) is a layer whose polygons tile the country without overlaps
    (geo's city layer): areas whose members are all in it, or are provinces made of its units, are
    dissolved with the fast ``shapely.coverage_union_all`` instead of a general union.
    """

    units: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    load_county: object = None
    coverage: gpd.GeoDataFrame | None = None
    _by_code: dict = field(default_factory=dict, repr=False)
    _county_loaded: bool = False

    def __post_init__(self):
        self._index(self.units)
        self._areas: dict = {}
        self._tiles: dict = {}
        if self.coverage is not None:
            for code, geom in zip(self.coverage["adcode"].astype(str), self.coverage.geometry):
                self._tiles[code] = geom

    def area(self, members: tuple[str, ...], tolerance: float = 0.04):
        """Dissolved, simplified outline of ``members`` (memoised), or None when none is known."""
        key = (tuple(members), tolerance)
        if key not in self._areas:
            self._areas[key] = self._dissolve(self._area_parts(members), tolerance)
        return self._areas[key]

    def prefetch_areas(self, member_lists, tolerance: float = 0.04, workers: int = 2) -> None:
        """Compute the areas of ``member_lists`` not memoised yet on ``workers`` threads (GEOS
        releases the GIL while it dissolves and simplifies), so that a first composition is not
        limited to one core. Afterwards :meth:`area` returns them from the memo."""
        from concurrent.futures import ThreadPoolExecutor

        todo = list(dict.fromkeys(tuple(m) for m in member_lists if (tuple(m), tolerance) not in self._areas))
        if len(todo) < 2 or workers < 2:
            return
        parts = [self._area_parts(m) for m in todo]  # unit look-ups (may load counties) in this thread
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(lambda p: self._dissolve(p, tolerance), parts))
        for members, geom in zip(todo, done):
            self._areas[(members, tolerance)] = geom

    def _area_parts(self, members: tuple[str, ...]) -> tuple[bool, list]:
        """``(is_coverage, polygons)`` to dissolve for ``members``."""
        tiles = self._coverage_tiles(members)
        if tiles:
            return True, tiles
        return False, [u.geometry for u in (self.unit(c) for c in members) if u is not None]

    @staticmethod
    def _dissolve(parts: tuple[bool, list], tolerance: float):
        is_coverage, shapes = parts
        if not shapes:
            return None
        union = shapely.coverage_union_all(shapes) if is_coverage else unary_union(shapes)
        return shapely.simplify(drop_slivers(union), tolerance)

    def river_courses(self, name: str) -> list:
        """The river course geometries named ``name`` (indexed once)."""
        if not hasattr(self, "_rivers_by_name"):
            self._rivers_by_name: dict = {}
            if len(self.rivers):
                for river, geom in zip(self.rivers["name"], self.rivers.geometry):
                    self._rivers_by_name.setdefault(river, []).append(geom)
        return self._rivers_by_name.get(name, [])

    def _coverage_tiles(self, members: tuple[str, ...]) -> list | None:
        """The ``coverage`` polygons that make up ``members`` (a province: every coverage unit of
        its 2-digit prefix), each once; None when a known member cannot be built from them."""
        if not self._tiles:
            return None
        picked: dict = {}
        for code in members:
            if code in self._tiles:
                picked[code] = self._tiles[code]
            elif unit_level(code) == "province" and self.unit(code) is not None:
                inside = {c: g for c, g in self._tiles.items() if c[:2] == code[:2]}
                if not inside:
                    return None
                picked.update(inside)
            elif self.unit(code) is not None:
                return None  # a county: not part of the coverage
        return list(picked.values()) or None

    def unit_at(self, lon: float, lat: float) -> str | None:
        """Adcode of the prefecture-level unit (a tile of ``coverage``) that contains the point
        ``(lon, lat)``, or None (sea, abroad, no coverage). Its province is ``code[:2] + "0000"``."""
        if not self._tiles:
            return None
        if not hasattr(self, "_tile_tree"):
            self._tile_codes = list(self._tiles)
            self._tile_tree = shapely.STRtree([self._tiles[c] for c in self._tile_codes])
        hits = self._tile_tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self._tile_codes[int(min(hits))] if len(hits) else None

    def _index(self, gdf: gpd.GeoDataFrame) -> None:
        for rec in gdf.itertuples(index=False):
            self._by_code.setdefault(str(rec.adcode), rec)

    def unit(self, adcode: str):
        """The unit record (namedtuple with the columns above) or None."""
        rec = self._by_code.get(adcode)
        if rec is None and not self._county_loaded and self.load_county and unit_level(adcode) == "county":
            self._county_loaded = True
            self._index(self.load_county())
            rec = self._by_code.get(adcode)
        return rec

    def point(self, adcode: str) -> tuple[float, float] | None:
        rec = self.unit(adcode)
        if rec is None:
            return None
        if pd.notna(rec.lon) and pd.notna(rec.lat):
            return float(rec.lon), float(rec.lat)
        p = rec.geometry.representative_point()
        return p.x, p.y


def drop_slivers(geom, min_hole: float = 0.02):
    """``geom`` without the interior rings smaller than ``min_hole`` square degrees (gaps left
    between members by simplified borders); real holes, such as an excluded city, are kept."""
    if geom.geom_type == "MultiPolygon":
        if not shapely.get_num_interior_rings(shapely.get_parts(geom)).any():
            return geom
        return shapely.MultiPolygon([drop_slivers(p, min_hole) for p in geom.geoms])
    if geom.geom_type != "Polygon" or not geom.interiors:
        return geom
    keep = [r for r in geom.interiors if Polygon(r).area >= min_hole]
    return Polygon(geom.exterior, keep)


@lru_cache(maxsize=1)
def default_lookup() -> GeoLookup:
    """GeoLookup over ``geo``'s provinces and prefectures (counties loaded on demand)."""
    import geo

    cities = geo.load_units("city")
    units = pd.concat([geo.load_units("province"), cities], ignore_index=True)
    # the city layer repeats 北京/天津/上海/重庆/台湾/香港/澳门 (level "province"): one row per adcode
    units = units.drop_duplicates("adcode", keep="first").reset_index(drop=True)
    try:
        rivers = geo.load_rivers()
    except Exception:  # noqa: BLE001 - rivers are optional context
        rivers = gpd.GeoDataFrame({"name": []}, geometry=[], crs=CRS)
    return GeoLookup(gpd.GeoDataFrame(units, crs=CRS), rivers, load_county=lambda: geo.load_units("county"),
                     coverage=cities[["adcode", "geometry"]])


def _empty(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=CRS)


AREA_COLUMNS = ["eid", "etype", "kind", "name", "n_docs"]


def area_layer(entities: pd.DataFrame, geo: GeoLookup,
               with_members: bool = True) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Zones or basins -> ``(areas, members)``.

    ``areas``: one row per entity with the dissolved outline of its members; ``members``: one row per
    (entity, member unit) with the member's own outline (drawn thin, so a city cluster shows its cities).
    Entities none of whose members has geometry are left out (see :func:`unplaced`).
    ``with_members=False`` leaves ``members`` empty (the map draws them only for a selection).
    """
    areas, members = [], []
    for rec in entities.itertuples(index=False):
        for code in rec.members if with_members else ():
            unit = geo.unit(code)
            if unit is None:
                continue
            members.append({"eid": rec.eid, "etype": rec.etype, "kind": rec.kind, "name": rec.name,
                            "member": unit.name, "adcode": code, "geometry": unit.geometry})
        outline = geo.area(tuple(rec.members))
        if outline is not None:
            areas.append({"eid": rec.eid, "etype": rec.etype, "kind": rec.kind, "name": rec.name,
                          "n_docs": int(getattr(rec, "n_docs", 1)), "geometry": outline})
    a = gpd.GeoDataFrame(areas, crs=CRS) if areas else _empty(AREA_COLUMNS)
    m = gpd.GeoDataFrame(members, crs=CRS) if members else _empty(AREA_COLUMNS[:4] + ["member", "adcode"])
    return a, m


def river_layer(basins: pd.DataFrame, geo: GeoLookup) -> gpd.GeoDataFrame:
    """River courses named by the shown basins (``rivers`` column): ``eid, name, river, geometry``."""
    rows = []
    if len(geo.rivers) == 0:
        return _empty(["eid", "name", "river"])
    for rec in basins.itertuples(index=False):
        for river in [r for r in str(rec.rivers).split(";") if r]:
            for g in geo.river_courses(river):
                rows.append({"eid": rec.eid, "etype": rec.etype, "kind": rec.kind, "name": rec.name,
                             "river": river, "geometry": g})
    return gpd.GeoDataFrame(rows, crs=CRS) if rows else _empty(["eid", "name", "river"])


def entity_point(ref: str, entities: pd.DataFrame | dict, geo: GeoLookup) -> tuple[float, float] | None:
    """A point for a pairing party: a unit's representative point, a platform's location, or the
    representative point of a zone's/basin's dissolved members. ``entities``: the entity table,
    or a dict eid -> entity record (see :func:`arc_layer`)."""
    if is_adcode(ref):
        return geo.point(ref)
    if isinstance(entities, dict):
        rec = entities.get(ref)
        if rec is None:
            return None
    else:
        hit = entities[entities["eid"] == ref]
        if hit.empty:
            return None
        rec = hit.iloc[0]
    if rec["etype"] == "platform":
        return platform_point(rec, geo)
    outline = geo.area(tuple(rec["members"]))
    if outline is None:
        return None
    p = outline.representative_point()
    return p.x, p.y


def platform_point(rec, geo: GeoLookup) -> tuple[float, float] | None:
    """A platform's own lon/lat when given, else its host unit's representative point."""
    lon, lat = rec["lon"], rec["lat"]
    if pd.notna(lon) and pd.notna(lat):
        return float(lon), float(lat)
    if is_adcode(rec["host_adcode"]):
        return geo.point(rec["host_adcode"])
    return None


def bezier(p0: tuple[float, float], p2: tuple[float, float], bend: float, n: int = 24) -> list[tuple[float, float]]:
    """Points of a quadratic Bézier from ``p0`` to ``p2`` bulging sideways by ``bend`` x length
    (positive: to the left of the direction of travel)."""
    (x0, y0), (x2, y2) = p0, p2
    dx, dy = x2 - x0, y2 - y0
    x1, y1 = (x0 + x2) / 2 - dy * bend, (y0 + y2) / 2 + dx * bend
    pts = []
    for i in range(n + 1):
        t = i / n
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        pts.append((a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2))
    return pts


def arrowhead(points: list[tuple[float, float]], at: float = 0.6, size: float | None = None) -> Polygon:
    """A small triangle on a polyline at fraction ``at`` of its points, pointing along it."""
    i = max(1, min(len(points) - 1, round(at * (len(points) - 1))))
    (xa, ya), (xb, yb) = points[i - 1], points[i]
    ang = math.atan2(yb - ya, xb - xa)
    length = math.dist(points[0], points[-1])
    s = size if size is not None else min(0.55, max(0.25, 0.05 * length))
    tip = (xb + math.cos(ang) * s * 0.5, yb + math.sin(ang) * s * 0.5)
    left = (xb - math.cos(ang) * s * 0.5 - math.sin(ang) * s * 0.45, yb - math.sin(ang) * s * 0.5 + math.cos(ang) * s * 0.45)
    right = (xb - math.cos(ang) * s * 0.5 + math.sin(ang) * s * 0.45, yb - math.sin(ang) * s * 0.5 - math.cos(ang) * s * 0.45)
    return Polygon([tip, left, right, tip])


ARC_COLUMNS = ["eid", "etype", "kind", "name", "n_docs", "direction", "part"]


def arc_layer(pairings: pd.DataFrame, entities: pd.DataFrame, geo: GeoLookup) -> gpd.GeoDataFrame:
    """Pairings -> curved arcs (``part == 'arc'``) plus an arrowhead (``part == 'arrow'``) for
    ``a_to_b``. Several pairings between the same two places bend by different amounts."""
    rows = []
    seen: dict[tuple, int] = {}
    refs = set(pairings["a_ref"]) | set(pairings["b_ref"]) if len(pairings) else set()
    by_eid = {r["eid"]: r for r in entities[entities["eid"].isin(refs)].to_dict("records")}
    for rec in pairings.itertuples(index=False):
        pa, pb = entity_point(rec.a_ref, by_eid, geo), entity_point(rec.b_ref, by_eid, geo)
        if pa is None or pb is None or pa == pb:
            continue
        key = tuple(sorted([pa, pb]))
        k = seen.get(key, 0)
        seen[key] = k + 1
        bend = (0.18 + 0.12 * (k // 2)) * (1 if k % 2 == 0 else -1)
        pts = bezier(pa, pb, bend)
        base = {"eid": rec.eid, "etype": "pairing", "kind": rec.kind, "name": rec.name,
                "n_docs": int(getattr(rec, "n_docs", 1)), "direction": rec.direction}
        rows.append({**base, "part": "arc", "geometry": LineString(pts)})
        if rec.direction == "a_to_b":
            rows.append({**base, "part": "arrow", "geometry": arrowhead(pts)})
    return gpd.GeoDataFrame(rows, crs=CRS) if rows else _empty(ARC_COLUMNS)


def platform_layer(platforms: pd.DataFrame, geo: GeoLookup) -> gpd.GeoDataFrame:
    """Platforms -> points (own lon/lat, else host's point); abroad ones stay abroad."""
    rows = []
    for _, rec in platforms.iterrows():
        p = platform_point(rec, geo)
        if p is None:
            continue
        rows.append({"eid": rec["eid"], "etype": "platform", "kind": rec["kind"], "name": rec["name"],
                     "n_docs": int(rec.get("n_docs", 1)), "country": rec["country"], "geometry": Point(p)})
    return gpd.GeoDataFrame(rows, crs=CRS) if rows else _empty(["eid", "etype", "kind", "name", "n_docs", "country"])


def unplaced(entities: pd.DataFrame, *layers: gpd.GeoDataFrame) -> pd.DataFrame:
    """Shown entities that none of ``layers`` could place (missing geometry or point)."""
    placed = set()
    for layer in layers:
        if len(layer):
            placed.update(layer["eid"])
    return entities[~entities["eid"].isin(placed)][["eid", "etype", "kind", "name"]].reset_index(drop=True)
