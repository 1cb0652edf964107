"""Where along a river the parties of an agreement lie: the upstream party of a 横向生态补偿
pairing comes from the river course and the units' shapes in :mod:`geo`, not from word order.

Part of the extractor (:mod:`pairings.extract`). In: a river name as written (``新安江``,
``汀江—韩江``, ``黄河``) and the adcodes of the parties. Out: the adcodes ordered from upstream to
downstream, or None when geo holds no course for the river or it does not cross every party.
``geo.load_rivers()`` courses run from source to mouth; a unit's place on the river is the
distance along the course (from the source) of the first point where the course enters it.
The geo layers are read once, on the first call (about a second), and only when a text names
such an agreement.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1)
def _courses() -> dict:
    import geo

    rivers = geo.load_rivers()
    return {name: geom for name, geom in zip(rivers["name"], rivers.geometry)}


@functools.lru_cache(maxsize=4)
def _shapes(level: str) -> dict:
    import geo

    units = geo.load_units(level)
    return {code: geom for code, geom in zip(units["adcode"], units.geometry)}


def rivers_in(name: str) -> list[str]:
    """The rivers of a written name that geo has a course for: ``汀江—韩江`` -> [汀江, 韩江],
    ``新安江流域`` -> [新安江]; [] when none."""
    courses = _courses()
    parts = [p for p in re.split(r"[—－\-–―]+", re.sub(r"(流域|干流|水系)$", "", name)) if p]
    out = []
    for part in parts:  # the longest tail of each part that is a river of geo (签订汀江 -> 汀江)
        tail = next((part[k:] for k in range(len(part) - 1) if part[k:] in courses), None)
        if tail:
            out.append(tail)
    return out


def _position(course, shape) -> float | None:
    """Distance along ``course`` (from its source) where it first enters ``shape``, or None."""
    import shapely

    crossing = course.intersection(shape)
    if crossing.is_empty:
        return None
    points = shapely.get_coordinates(crossing)
    return min(course.project(shapely.Point(x, y)) for x, y in points)


def upstream_order(river: str, adcodes: list[str], level: str = "province") -> list[str] | None:
    """``adcodes`` sorted from upstream to downstream along ``river`` (the first river of the
    name that every party lies on), or None when that cannot be read from geo (unknown river,
    a party the course does not cross, two parties entered at the same point)."""
    courses, shapes = _courses(), _shapes(level)
    for name in rivers_in(river):
        course = courses[name]
        places = {}
        for code in adcodes:
            shape = shapes.get(code)
            places[code] = _position(course, shape) if shape is not None else None
        if all(v is not None for v in places.values()) and len(set(places.values())) == len(places):
            return sorted(adcodes, key=places.get)
    return None


def preload() -> None:
    """Read the river courses and province shapes now (about a second, once per process), so
    that a later call does not pay for it (evaluation timings, an app warming up)."""
    _courses()
    _shapes("province")
