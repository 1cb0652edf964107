"""Find by name and clicks that land (issue 13, items 2 and 3): the pure part (no Streamlit).

- :func:`find_choices` — the sidebar's one search box: ``{value: label}`` for a query, ranked by
  :func:`mapview.search.search` over places *and* entities. A place's value is its adcode (the
  place filter, as before); an entity's is :data:`ENTITY_PREFIX` + its id (choosing it selects the
  entity and frames it).
- :func:`frame_of` — ``(lat, lng, zoom)`` that frames a search hit (Leaflet ``fitBounds`` rules,
  :func:`mapview.labels.fit_zoom`) for a map of a given pixel size.
- :func:`under_point` — what lies under a click: the province and the city (prefecture) under
  the point, then the shown zones and basins whose members hold that point and the clicked
  feature itself, small ones first (by the area of their bounding box).
"""
from __future__ import annotations

from typing import NamedTuple

from mapview import search as _search

#: an entity's value in the search's pick list (a place's value is its bare adcode)
ENTITY_PREFIX = "e:"
#: how many hits the pick list offers at once
MAX_CHOICES = 40
#: the map's usual size on the page at 1400 px wide (map column of the wide layout) — a search hit
#: is framed for it; a bigger map simply shows a little more around the hit
MAP_SIZE_PX = (720, 640)
#: the deepest zoom a framed hit gets (a platform is a point: its padded box would zoom far in)
MAX_FRAME_ZOOM = 9.0


class Under(NamedTuple):
    """One thing under a click: ``kind`` ``place`` (``id`` an adcode) or an entity type
    (``id`` the entity id)."""

    kind: str
    id: str


def find_choices(query: str, entities, lang: str = "zh", current: str = "",
                 limit: int = MAX_CHOICES) -> dict[str, str]:
    """The pick list for ``query``: ``{"": "", value: label, …}`` in rank order (``""`` = every
    place). Empty query: no hits. ``current`` (a place's adcode) stays in the list so the widget
    keeps its value; its label is then the search's label for it (or the code)."""
    out: dict[str, str] = {"": ""}
    q = (query or "").strip()
    hits = _search.search(q, entities, lang=lang, limit=limit) if q else []
    for hit in hits:
        value = hit.id if hit.kind == "place" else ENTITY_PREFIX + hit.id
        out.setdefault(value, hit.label)
    if current and current not in out:
        label = next((h.label for h in _search.search(current, entities, lang=lang, limit=3, kinds=("place",))
                      if h.id == current), "") if current.isdigit() else ""
        items = list(out.items())
        out = dict([items[0], (current, label or current), *items[1:]])
    return out


def entity_of(value: str) -> str | None:
    """The entity id of a pick-list value, or None for a place (or nothing)."""
    return value[len(ENTITY_PREFIX):] if value and value.startswith(ENTITY_PREFIX) else None


def frame_of(bounds, width_px: float = MAP_SIZE_PX[0], height_px: float = MAP_SIZE_PX[1],
             max_zoom: float = MAX_FRAME_ZOOM) -> tuple[float, float, float] | None:
    """``(lat, lng, zoom)`` showing ``bounds`` (``((south, west), (north, east))``, as
    :func:`mapview.search.hit_bounds` gives it) on a map of ``width_px`` × ``height_px``; None
    for no bounds. The centre is the box's centre in Web Mercator (as Leaflet's fitBounds)."""
    from mapview import labels

    if not bounds:
        return None
    (south, west), (north, east) = bounds
    if north - south < 0.01 and east - west < 0.01:  # a point: a small box around it
        south, west, north, east = south - 0.05, west - 0.05, north + 0.05, east + 0.05
        bounds = ((south, west), (north, east))
    zoom = min(labels.fit_zoom(bounds, width_px, height_px, padding_px=12), max_zoom)
    x0, y0 = labels.project(west, north, 0)
    x1, y1 = labels.project(east, south, 0)
    lng, lat = labels.unproject((x0 + x1) / 2, (y0 + y1) / 2, 0)
    return round(lat, 4), round(lng, 4), max(zoom, 3.0)


def _box_area(kind: str, id_: str, entities) -> float:
    b = _search.hit_bounds(_search.Hit(kind, id_, ""), entities, pad_deg=0.0)
    if not b:
        return float("inf")
    (south, west), (north, east) = b
    return max(east - west, 0.0) * max(north - south, 0.0)


def under_point(lat: float, lng: float, geo, shown, clicked: str | None = None) -> list[Under]:
    """What lies under the point ``(lat, lng)``, in the order the panel offers it:

    1. the province, then the city (prefecture-level unit) under the point (``geo.unit_at``);
       none when the point lies outside China's units;
    2. the entities of ``shown`` (the entity table as filtered now, with ``members``) that cover
       the point — zones and basins with a member that holds the point's city — plus ``clicked``
       (the feature the click hit: an arc, a river, a marker, or an area), smallest first by the
       area of their bounding box, then by id.
    """
    from mapview.data import entity_units
    from pairings.entities import AREA_TYPES

    out: list[Under] = []
    code = geo.unit_at(lng, lat) if geo is not None else None
    if code:
        out.append(Under("place", code[:2] + "0000"))
        if code != code[:2] + "0000":
            out.append(Under("place", code))
    feats: dict[str, str] = {}
    if shown is not None and len(shown):
        etypes = dict(zip(shown["eid"], shown["etype"]))
        if code:
            units = entity_units(shown[shown["etype"].isin(AREA_TYPES)])
            for eid, members in units.items():
                if any(_holds(m, code, geo, lng, lat) for m in members):
                    feats[eid] = etypes[eid]
        if clicked and clicked in etypes:
            feats[clicked] = etypes[clicked]
    ordered = sorted(feats.items(), key=lambda kv: (_box_area(kv[1], kv[0], shown), kv[0]))
    return out + [Under(t, e) for e, t in ordered]


def _holds(member: str, code: str, geo, lng: float, lat: float) -> bool:
    """Does the unit ``member`` hold the point in the prefecture-level unit ``code``: the province
    or the city itself, or a county of that city whose outline contains the point?"""
    if not (isinstance(member, str) and len(member) == 6 and member.isdigit()):
        return False
    if member.endswith("0000"):
        return member[:2] == code[:2]
    if member.endswith("00"):
        return member[:4] == code[:4]
    if member[:4] != code[:4]:
        return False
    import shapely

    unit = geo.unit(member)
    return unit is not None and unit.geometry is not None and unit.geometry.intersects(shapely.Point(lng, lat))
