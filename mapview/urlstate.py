"""The view as URL query parameters, and back (pure; the app reads/writes ``st.query_params``).

Parameters (all optional; absent means the default):
``lang=en`` · ``docs=a,b`` (document ids; absent = all) · ``layers=pairing,zone`` ·
``kinds=对口合作,城市群`` (absent = all) · ``years=2015-2018`` · ``place=510000`` ·
``sel=<entity id>`` or ``sel=place:<adcode>`` · ``view=south,west,north,east`` (the map's bounds,
kept by the map itself, so that a shared link shows the same area at any width; the older
``view=lat,lng,zoom`` is still read) · ``tiles=osm`` · ``present=1`` · ``chrome=0`` (present mode
without zoom buttons, scale bar and map buttons) · ``basis=text`` (only what the texts state:
inferred rows hidden) · ``compare=A,B`` (compare mode, ``mapview.compare.parse_compare``; kept as written
here, checked by the page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pairings.entities import ENTITY_TYPE_NAMES

ALL_LAYERS = ENTITY_TYPE_NAMES


@dataclass(frozen=True)
class ViewState:
    """Everything that makes a view reproducible."""

    lang: str = "zh"
    docs: tuple[str, ...] | None = None
    layers: tuple[str, ...] = ALL_LAYERS
    kinds: tuple[str, ...] | None = None
    years: tuple[int, int] | None = None
    place: str = ""
    sel: str = ""
    #: (south, west, north, east) bounds, or (lat, lng, zoom) from an older link
    view: tuple[float, ...] | None = None
    tiles: str = ""
    present: bool = False
    basis: str = ""
    compare: str = ""
    chrome: bool = True


def _items(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))


def parse(params: dict[str, str], known_docs=None, known_kinds=None, year_bounds=None,
          known_place=None) -> ViewState:
    """ViewState from query parameters; unknown or malformed values fall back to defaults:
    unknown document ids / kinds / layers are dropped (a ``docs`` list of nothing but unknown ids
    means all documents, not none), years are clamped to ``year_bounds`` (a range outside it is
    dropped), and a ``place`` or ``sel=place:`` code that ``known_place(code)`` rejects is dropped."""
    s = ViewState()
    get = lambda k: str(params.get(k, "") or "").strip()  # noqa: E731
    if get("lang") == "en":
        s = replace(s, lang="en")
    if "docs" in params:
        docs = _items(get("docs"))
        if known_docs is not None:
            known = tuple(d for d in docs if d in set(known_docs))
            docs = None if docs and not known else known  # only unknown ids: a stale link, show all
        s = replace(s, docs=docs)
    if get("layers"):
        layers = tuple(x for x in _items(get("layers")) if x in ALL_LAYERS)
        s = replace(s, layers=layers)
    elif "layers" in params:
        s = replace(s, layers=())
    if "kinds" in params:
        kinds = _items(get("kinds"))
        if known_kinds is not None:
            kinds = tuple(k for k in kinds if k in set(known_kinds))
        s = replace(s, kinds=kinds)
    m = re.fullmatch(r"(\d{4})-(\d{4})", get("years"))
    if m:
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        if year_bounds is not None:
            lo, hi = max(lo, year_bounds[0]), min(hi, year_bounds[1])
        if lo <= hi:
            s = replace(s, years=(lo, hi))
    place_ok = known_place or (lambda code: True)
    if re.fullmatch(r"\d{6}", get("place")) and place_ok(get("place")):
        s = replace(s, place=get("place"))
    sel = get("sel")
    if re.fullmatch(r"(place:\d{6}|[a-z]+-[a-z0-9-]+)", sel) and (not sel.startswith("place:") or place_ok(sel[6:])):
        s = replace(s, sel=sel)
    s = replace(s, view=parse_view(get("view")))
    if get("tiles"):
        s = replace(s, tiles=get("tiles"))
    if get("present") in ("1", "true", "yes"):
        s = replace(s, present=True)
    if get("basis") == "text":
        s = replace(s, basis="text")
    if re.fullmatch(r"[A-Za-z0-9_+-]+,[A-Za-z0-9_+-]+", get("compare")):
        s = replace(s, compare=get("compare"))
    if get("chrome") in ("0", "false", "no"):
        s = replace(s, chrome=False)
    return s


_NUM = r"(-?\d+(?:\.\d+)?)"


def parse_view(text: str) -> tuple[float, ...] | None:
    """A ``view=`` value: ``south,west,north,east`` bounds -> a 4-tuple (south < north,
    west < east, inside the world), an older ``lat,lng,zoom`` -> a 3-tuple (zoom 1..18);
    anything else -> None."""
    text = (text or "").strip()
    m = re.fullmatch(",".join([_NUM] * 4), text)
    if m:
        s, w, n, e = (float(g) for g in m.groups())
        if -90 <= s < n <= 90 and -180 <= w < e <= 180:
            return (s, w, n, e)
        return None
    m = re.fullmatch(rf"{_NUM},{_NUM},(\d+(?:\.\d+)?)", text)
    if m:
        lat, lng, zoom = float(m.group(1)), float(m.group(2)), float(m.group(3))
        if -90 <= lat <= 90 and -180 <= lng <= 180 and 1 <= zoom <= 18:
            return (lat, lng, zoom)
    return None


def view_text(view: tuple[float, ...]) -> str:
    """The ``view=`` value of a view tuple (bounds to 2 decimals; an old centre/zoom as it came)."""
    if len(view) == 4:
        return ",".join(f"{v:.2f}" for v in view)
    lat, lng, zoom = view
    return f"{lat:.2f},{lng:.2f},{zoom:g}"


def to_params(s: ViewState, all_docs=None, all_kinds=None, year_bounds=None) -> dict[str, str]:
    """Query parameters for ``s``, leaving out defaults (all documents, all kinds, full year range)."""
    out: dict[str, str] = {}
    if s.lang == "en":
        out["lang"] = "en"
    if s.docs is not None and (all_docs is None or set(s.docs) != set(all_docs)):
        out["docs"] = ",".join(s.docs)
    if tuple(s.layers) != ALL_LAYERS:
        out["layers"] = ",".join(s.layers)
    if s.kinds is not None and (all_kinds is None or set(s.kinds) != set(all_kinds)):
        out["kinds"] = ",".join(s.kinds)
    if s.years is not None and (year_bounds is None or tuple(s.years) != tuple(year_bounds)):
        out["years"] = f"{s.years[0]}-{s.years[1]}"
    if s.place:
        out["place"] = s.place
    if s.sel:
        out["sel"] = s.sel
    if s.view is not None:
        out["view"] = view_text(s.view)
    if s.tiles:
        out["tiles"] = s.tiles
    if s.present:
        out["present"] = "1"
    if not s.chrome:
        out["chrome"] = "0"
    if s.basis:
        out["basis"] = s.basis
    if s.compare:
        out["compare"] = s.compare
    return out
