"""Province labels without collisions at a given zoom and map size (pure; Web Mercator pixels).

In: the units to label (gazetteer ``Unit`` objects, dicts or rows with ``adcode``, ``lon``,
``lat`` and ``short_name`` / ``name_en``), the zoom (fractional allowed), the map's size in
pixels and the label font size. Out: one ``(adcode, lon, lat, shown)`` per unit, in the order
given: where the label's centre goes and whether it is drawn.

How:
1. Each label's box is estimated from its text: a CJK character is ``font_px`` wide, a Latin
   letter :data:`LATIN_EM` of it, plus :data:`PAD_PX` around (the white halo); the height is
   :data:`LINE_HEIGHT` × ``font_px``.
2. Labels are placed in priority order (:func:`province_priority`: the capital first, then by area,
   largest first; or the caller's ``priority``). A label goes at its unit's representative point,
   or, when that box hits a label already placed or an obstacle (``avoid``: markers and cluster
   bubbles as ``(lon, lat, radius_px)``), at the first free of a few nearby positions (above,
   below, right, left). Units with a fixed offset (:data:`LEADER_OFFSETS`: 香港 and 澳门, set into
   the sea) try that position first; :func:`leader_lines` gives the line from the unit to such a
   label. A label with no free position, or outside the map, is hidden (``shown`` False).
3. The viewport is ``width_px`` × ``height_px`` around ``center`` (lon, lat); by default the
   centre of :data:`NATIONAL_BOUNDS`, the mainland view the map opens on.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

TILE = 256
#: the default view's bounds ((south, west), (north, east)), as the map's first fit
NATIONAL_BOUNDS = ((18.0, 74.0), (53.5, 134.5))
LATIN_EM = 0.58
PAD_PX = 2.0
LINE_HEIGHT = 1.25
#: the least gap kept between two placed boxes, in pixels
GAP_PX = 1.0
#: labels set off their unit, in pixels (dx right, dy down): the small SARs next to 广东
LEADER_OFFSETS: dict[str, tuple[float, float]] = {"810000": (30.0, 16.0), "820000": (-30.0, 16.0)}
#: placed before every other label
CAPITAL = "110000"
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class Placement(NamedTuple):
    """Where a label goes: its unit, the label centre (lon, lat) and whether it is drawn."""

    adcode: str
    lon: float
    lat: float
    shown: bool


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """(lon, lat) -> Web Mercator world pixels (x right, y down) at ``zoom`` (256-px tiles)."""
    scale = TILE * 2 ** zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    """Web Mercator world pixels -> (lon, lat) (inverse of :func:`project`)."""
    scale = TILE * 2 ** zoom
    lon = x / scale * 360.0 - 180.0
    n = math.pi - 2 * math.pi * y / scale
    lat = math.degrees(math.atan(math.sinh(n)))
    return lon, lat


def fit_zoom(bounds=NATIONAL_BOUNDS, width_px: float = 1400, height_px: float = 900, snap: float = 0.25,
             padding_px: float = 0.0) -> float:
    """The largest zoom (a multiple of ``snap``) at which ``bounds`` fit the map, as Leaflet's
    ``fitBounds`` with ``zoomSnap=snap`` computes it."""
    (south, west), (north, east) = bounds
    x0, y0 = project(west, north, 0)
    x1, y1 = project(east, south, 0)
    zx = math.log2(max(width_px - 2 * padding_px, 1) / (x1 - x0))
    zy = math.log2(max(height_px - 2 * padding_px, 1) / (y1 - y0))
    z = min(zx, zy)
    return math.floor(z / snap) * snap if snap else z


def text_size(text: str, font_px: float) -> tuple[float, float]:
    """Estimated (width, height) in pixels of a one-line label, halo included."""
    width = sum(font_px if _CJK.match(ch) else (0.3 if ch == " " else LATIN_EM) * font_px for ch in text)
    return width + 2 * PAD_PX, font_px * LINE_HEIGHT + 2 * PAD_PX


def _get(unit: Any, key: str, default: Any = "") -> Any:
    if isinstance(unit, dict):
        return unit.get(key, default)
    return getattr(unit, key, default)


def label_text(unit: Any, lang: str = "zh") -> str:
    """The text of a unit's label: its short name (zh) or English name (en)."""
    if lang == "en":
        return str(_get(unit, "name_en") or _get(unit, "short_name") or _get(unit, "name"))
    return str(_get(unit, "short_name") or _get(unit, "name"))


@lru_cache(maxsize=1)
def _areas() -> dict[str, float]:
    import geo

    provinces = geo.load_units("province").to_crs("EPSG:6933")  # equal-area
    return dict(zip(provinces["adcode"], provinces.geometry.area))


def province_priority(adcodes: Iterable[str] | None = None) -> dict[str, int]:
    """``{adcode: rank}`` (0 first): the capital, then provinces by area, largest first
    (areas from ``geo.load_units("province")`` in an equal-area projection)."""
    areas = _areas()
    codes = list(adcodes) if adcodes is not None else list(areas)
    order = sorted(codes, key=lambda c: (c != CAPITAL, -areas.get(c, 0.0), c))
    return {c: i for i, c in enumerate(order)}


def _overlap(a, b, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _hits_circle(box, circle) -> bool:
    cx, cy, r = circle
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r


def place_labels(units: Iterable[Any], zoom: float, width_px: float, height_px: float, font_px: float = 11,
                 lang: str = "zh", center: tuple[float, float] | None = None,
                 priority: dict[str, int] | None = None,
                 avoid: Iterable[tuple[float, float, float]] = (),
                 offsets: dict[str, tuple[float, float]] | None = None) -> list[Placement]:
    """Place one label per unit without overlaps (see the module doc); ``center`` is (lon, lat)."""
    units = list(units)
    offsets = LEADER_OFFSETS if offsets is None else offsets
    if center is None:
        (south, west), (north, east) = NATIONAL_BOUNDS
        x0, y0 = project(west, north, zoom)
        x1, y1 = project(east, south, zoom)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    else:
        cx, cy = project(center[0], center[1], zoom)
    view = (cx - width_px / 2, cy - height_px / 2, cx + width_px / 2, cy + height_px / 2)
    obstacles = [(*project(lon, lat, zoom), r) for lon, lat, r in avoid]
    codes = [str(_get(u, "adcode")) for u in units]
    if priority is None:
        try:
            priority = province_priority(codes)
        except (ImportError, OSError, KeyError):  # no geometry available: keep the given order
            priority = {c: i for i, c in enumerate(codes)}
    order = sorted(range(len(units)), key=lambda i: (priority.get(codes[i], len(units) + i), i))
    placed: list[tuple[float, float, float, float]] = []
    result: dict[int, Placement] = {}
    for i in order:
        unit = units[i]
        ax, ay = project(float(_get(unit, "lon")), float(_get(unit, "lat")), zoom)
        w, h = text_size(label_text(unit, lang), font_px)
        candidates = []
        if codes[i] in offsets:
            dx, dy = offsets[codes[i]]
            candidates.append((ax + dx, ay + dy))
        candidates += [(ax, ay), (ax, ay - h), (ax, ay + h), (ax + w * 0.75, ay), (ax - w * 0.75, ay)]
        chosen = None
        for x, y in candidates:
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            inside = box[0] >= view[0] and box[1] >= view[1] and box[2] <= view[2] and box[3] <= view[3]
            if not inside or any(_overlap(box, p, GAP_PX) for p in placed) or any(_hits_circle(box, c) for c in obstacles):
                continue
            chosen = (x, y, box)
            break
        if chosen is None:
            lon, lat = float(_get(unit, "lon")), float(_get(unit, "lat"))
            result[i] = Placement(codes[i], lon, lat, False)
            continue
        x, y, box = chosen
        placed.append(box)
        lon, lat = unproject(x, y, zoom)
        result[i] = Placement(codes[i], round(lon, 4), round(lat, 4), True)
    return [result[i] for i in range(len(units))]


def label_boxes(placements: Iterable[Placement], units: Iterable[Any], zoom: float, font_px: float = 11,
                lang: str = "zh") -> dict[str, tuple[float, float, float, float]]:
    """``{adcode: (x0, y0, x1, y1)}`` world-pixel boxes of the shown labels (for checks and tests)."""
    by_code = {str(_get(u, "adcode")): u for u in units}
    out = {}
    for p in placements:
        if not p.shown:
            continue
        w, h = text_size(label_text(by_code[p.adcode], lang), font_px)
        x, y = project(p.lon, p.lat, zoom)
        out[p.adcode] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def leader_lines(placements: Iterable[Placement], units: Iterable[Any], zoom: float,
                 min_px: float = 12.0) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """``(adcode, (lon, lat) of the unit, (lon, lat) of its label)`` for every shown label set more
    than ``min_px`` away from its unit (draw a thin line between them)."""
    by_code = {str(_get(u, "adcode")): u for u in units}
    out = []
    for p in placements:
        if not p.shown:
            continue
        u = by_code[p.adcode]
        lon, lat = float(_get(u, "lon")), float(_get(u, "lat"))
        ax, ay = project(lon, lat, zoom)
        x, y = project(p.lon, p.lat, zoom)
        if math.hypot(x - ax, y - ay) > min_px:
            out.append((p.adcode, (lon, lat), (p.lon, p.lat)))
    return out
