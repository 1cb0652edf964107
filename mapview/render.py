"""folium rendering and the GeoJSON features of the map (no Streamlit).

The app's map is :func:`shell_map` (the same script on every rerun: Leaflet, the zoom limits and
``mvSetup`` of ``assets/map.js``) plus :func:`state_group` (one rerun's small state, evaluated as
``mvApply``); the features themselves (built here: :func:`feature`, :func:`area_features`,
:func:`arc_features`, :func:`platform_features`, the base layers of :func:`base_layers_json`) are
written once into static files by ``mapview.payload``. :func:`base_map`, :func:`group_from_json`,
:func:`legend_group` and :func:`selection_group` still build a self-contained folium map (all
layers inline) for whoever needs one file (exports, tests); their scripts call the same
``assets/map.js`` functions.

Every text that reaches HTML (tooltips, legend) goes through ``html.escape`` here; the GeoJSON
property ``t`` holds the already-escaped tooltip HTML.

DOM hooks (for tests): every entity shape is an SVG ``path`` with classes
``mv-feature mv-<etype> mv-id-<entity id>``; platform markers are ``div.mv-feature.mv-platform``
with ``data-eid``; provinces are ``path.mv-province`` (``mv-code-<adcode>``); the inset is
``div.mv-inset``; the legend ``div.mv-legend``.
"""
from __future__ import annotations

import html
import json
import math
import re
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from mapview import style, vendor

DEFAULT_CENTER = (35.5, 104.5)
DEFAULT_ZOOM = 4
MAINLAND_BOUNDS = ((18.0, 74.0), (53.5, 134.5))  # the default view: the mainland, the 南海诸岛 inset shows the rest
PRECISION = 0.01  # degrees: coordinates are snapped to this grid in what is sent to the browser

TILES = {
    "amap": ("https://webrd02.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
             "© 高德地图 AutoNavi"),
    "osm": ("OpenStreetMap", None),
    "carto": ("CartoDB positron", None),
}


class OfflineMap(folium.Map):
    """``folium.Map`` whose front-end files come from the app (assets/vendor), not from CDNs."""

    default_js = vendor.LEAFLET_JS
    default_css = vendor.LEAFLET_CSS


class LocalMarkerCluster(MarkerCluster):
    """``MarkerCluster`` with its JS/CSS served by the app."""

    default_js = vendor.MARKERCLUSTER_JS
    default_css = vendor.MARKERCLUSTER_CSS


_TEMPLATE_OPENERS = re.compile(r"\{(?=[{%#])")


def _safe_json(obj) -> str:
    """JSON for embedding in a script: ``</`` cannot close the script element, and ``{{``, ``{%``,
    ``{#`` (only possible inside strings) are written ``\\u007b…`` so that no template engine
    ever sees template syntax coming from data."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return _TEMPLATE_OPENERS.sub(r"\\u007b", text)


class _Verbatim(Element):
    """An element whose output is a fixed string (never compiled as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _VerbatimScript(MacroElement):
    """A MacroElement whose rendered script is put into the page as-is.

    ``branca.MacroElement.render`` wraps each rendered script in ``Element(text)``, which compiles
    the text as a Jinja template: slow for large GeoJSON, and data containing template syntax would
    be evaluated. This keeps the rendered text verbatim."""

    def render(self, **kwargs):
        figure = self.get_root()
        script = self._template.module.__dict__.get("script")
        if script is not None:
            figure.script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def geometry_json(geom, precision: float = PRECISION) -> dict:
    """GeoJSON-shaped geometry dict of a shapely geometry snapped to ``precision`` degrees, in
    the compact form the map decodes (``assets/map.js``, ``mvDecode``): coordinates are integers
    (degrees x ``q``, ``q = 1/precision``) and each line or ring is delta-encoded (first position
    absolute, then differences). :func:`decode_geometry` turns it back into plain GeoJSON.
    Memoised."""
    return _geometry_json(geom, precision)


@lru_cache(maxsize=8192)
def _geometry_json(geom, precision: float) -> dict:
    # rounding (not set_precision): no topology work, so invalid or tiny inputs never fail
    decimals = max(0, round(-math.log10(precision))) if precision else None
    snapped = shapely.transform(geom, lambda xy: np.round(xy, decimals)) if decimals is not None else geom
    if decimals is not None and not snapped.geom_type.endswith("Point"):
        snapped = shapely.simplify(snapped, 0, preserve_topology=False)  # drops the repeated points
        if snapped.is_empty:
            snapped = geom
    plain = json.loads(shapely.to_geojson(snapped))
    return _encode(plain, 10 ** decimals) if decimals is not None else plain


def _encode(g: dict, scale: int) -> dict:
    """A plain GeoJSON geometry dict -> the integer, delta-encoded form (see geometry_json)."""
    if g.get("type") == "GeometryCollection":
        return {"type": g["type"], "geometries": [_encode(x, scale) for x in g["geometries"]]}
    c, t = g.get("coordinates"), g.get("type")
    if not c:
        return g

    def line(points):
        q = np.rint(np.asarray(points, dtype=float)[:, :2] * scale).astype(np.int64)
        return np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).tolist()

    if t == "Point":
        coords = [int(round(c[0] * scale)), int(round(c[1] * scale))]
    elif t in ("LineString", "MultiPoint"):
        coords = line(c)
    elif t in ("Polygon", "MultiLineString"):
        coords = [line(r) for r in c]
    else:
        coords = [[line(r) for r in poly] for poly in c]
    return {"type": t, "coordinates": coords, "q": scale}


def flatten_geometry(g: dict) -> dict:
    """The encoding of :func:`geometry_json` with every line as one flat list ``[x0, y0, dx1,
    dy1, …]`` instead of pairs (marked ``"f": 1``): a third fewer characters. A new dict; a
    geometry without ``q`` (or a point) is returned as it is."""
    if g.get("type") == "GeometryCollection":
        return {"type": g["type"], "geometries": [flatten_geometry(x) for x in g["geometries"]]}
    t, c = g.get("type"), g.get("coordinates")
    if not g.get("q") or not c or t == "Point":
        return g

    def line(pairs):
        return [v for p in pairs for v in p]

    if t in ("LineString", "MultiPoint"):
        coords = line(c)
    elif t in ("Polygon", "MultiLineString"):
        coords = [line(r) for r in c]
    else:
        coords = [[line(r) for r in poly] for poly in c]
    return {"type": t, "coordinates": coords, "q": g["q"], "f": 1}


def flatten_features(features: list[dict]) -> list[dict]:
    """Features with :func:`flatten_geometry` geometries (new feature dicts; properties shared)."""
    return [{**f, "geometry": flatten_geometry(f["geometry"])} for f in features]


def decode_geometry(g: dict) -> dict:
    """The inverse of the encoding of :func:`geometry_json` (as ``mvDecode`` in assets/map.js
    does in the browser): plain GeoJSON with coordinates in degrees. A geometry without ``q`` is
    returned as it is."""
    if g.get("type") == "GeometryCollection":
        return {"type": g["type"], "geometries": [decode_geometry(x) for x in g["geometries"]]}
    s, c, t = g.get("q"), g.get("coordinates"), g.get("type")
    if not s:
        return g

    def line(deltas):
        pairs = np.asarray(deltas, dtype=np.int64).reshape(-1, 2) if g.get("f") else np.asarray(deltas, dtype=np.int64)
        return (np.cumsum(pairs, axis=0) / s).tolist()

    if t == "Point":
        coords = [c[0] / s, c[1] / s]
    elif t in ("LineString", "MultiPoint"):
        coords = line(c)
    elif t in ("Polygon", "MultiLineString"):
        coords = [line(r) for r in c]
    else:
        coords = [[line(r) for r in poly] for poly in c]
    return {"type": t, "coordinates": coords}


def feature(geom, fid: str, style_: dict, tooltip_html: str | None, precision: float = PRECISION, **props) -> dict:
    """One GeoJSON feature in the form :class:`JsonLayer` draws: ``id`` (entity id or adcode),
    ``s`` (Leaflet path style, with ``className``), ``t`` (escaped tooltip HTML) and extra props."""
    return {"type": "Feature", "geometry": geometry_json(geom, precision),
            "properties": {"id": fid, "s": style_, "t": tooltip_html, **props}}


def tooltip(name: str, kind_label: str = "") -> str:
    """Escaped tooltip HTML: the name in bold and the kind under it."""
    out = f"<b>{html.escape(str(name))}</b>"
    if kind_label:
        out += f"<br><span>{html.escape(str(kind_label))}</span>"
    return out


class JsonLayer(_VerbatimScript):
    """A ``L.geoJSON`` layer from a pre-serialised FeatureCollection string (see :func:`feature`).

    Points become ``L.marker`` with a ``L.divIcon`` whose HTML is the feature's ``icon`` property
    (built by this module from escaped text). ``interactive=False`` makes shapes ignore the mouse.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_data = {{ this.data_json }};
{{ this.get_name() }}_data.features.forEach(function(f) { window.mvDecode(f.geometry); });
var {{ this.get_name() }} = L.geoJSON({{ this.get_name() }}_data, {
  interactive: {{ 'true' if this.interactive else 'false' }},
  style: function(f) { return f.properties.s; },
  pointToLayer: function(f, latlng) {
    if (!f.properties.icon) { return L.circleMarker(latlng, Object.assign({}, f.properties.s, {radius: 1, weight: 0.8})); }
    return L.marker(latlng, {icon: L.divIcon({html: f.properties.icon, className: f.properties.s.className,
      iconSize: [24, 24], iconAnchor: [12, 12]}), interactive: {{ 'true' if this.interactive else 'false' }}});
  },
  onEachFeature: function(f, layer) {
    if (f.properties.t) { layer.bindTooltip(f.properties.t, {sticky: !f.properties.icon}); }
  }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data_json: str, name: str = "layer", interactive: bool = True):
        super().__init__()
        self._name = "JsonLayer"
        self.data_json = data_json
        self.interactive = interactive
        self.layer_name = name


class RawScript(_VerbatimScript):
    """A piece of JavaScript run after its parent is created; ``{map}`` in it is replaced by the
    map's variable name."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.resolved() }}
{% endmacro %}
""")

    def __init__(self, code: str):
        super().__init__()
        self._name = "RawScript"
        self.code = code

    def resolved(self) -> str:
        """The code with ``{map}`` replaced by the map's current variable name."""
        found = self._find_map()
        return self.code.replace("{map}", found.get_name() if found is not None else "map")

    def _find_map(self):
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = getattr(node, "_parent", None)
        return node


# --------------------------------------------------------------------------- base map


def collection(features: list[dict]) -> str:
    """A FeatureCollection as a script-safe JSON string."""
    return _safe_json({"type": "FeatureCollection", "features": features})


def drop_islets(geom, min_area: float, near: float | None = None):
    """``geom`` without the polygon parts smaller than ``min_area`` square degrees, for display at
    national scale (coastal islets are sub-pixel there and cost a third of the coordinates).

    With ``near`` (degrees), a small part is dropped only when it lies within ``near`` of one of
    the geometry's large parts, so remote islands (钓鱼岛, 南海诸岛 …) stay. The largest part is
    always kept; non-polygon geometries are returned unchanged."""
    if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return geom
    parts = list(getattr(geom, "geoms", [geom]))
    big = [p for p in parts if p.area >= min_area]
    small = [p for p in parts if p.area < min_area]
    if not big:
        return max(parts, key=lambda p: p.area)
    keep = list(big)
    if near is not None and small:
        dist = shapely.distance(np.array(small, dtype=object), shapely.MultiPolygon(big))
        keep += [p for p, d in zip(small, dist) if d > near]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


#: display generalisation (square degrees / degrees): provinces drop coastal islets below
#: PROVINCE_ISLET within ISLET_NEAR of their coast; neighbours and policy fills drop every part
#: below their threshold (the province base map keeps the islands)
PROVINCE_ISLET = 0.002
ISLET_NEAR = 0.5
NEIGHBOUR_ISLET = 0.01
NEIGHBOUR_TOLERANCE = 0.15  # degrees: neighbouring countries are grey context, drawn coarser
AREA_ISLET = 0.003


@lru_cache(maxsize=1)
def maritime_box() -> list[list[float]]:
    """``[[south, west], [north, east]]`` of the South China Sea maritime line and islands
    (``geo.load_maritime()``), rounded outwards to 0.1°: the 南海诸岛 inset shows whenever the map's
    view does not hold all of it."""
    import geo

    west, south, east, north = geo.load_maritime().total_bounds
    down, up = (lambda v: math.floor(v * 10) / 10), (lambda v: math.ceil(v * 10) / 10)
    return [[down(south), down(west)], [up(north), up(east)]]


@lru_cache(maxsize=4)
def base_layers_json(lang: str) -> dict[str, str]:
    """Pre-serialised base layers (cached per language): ``neighbours``, ``provinces``,
    ``maritime``, ``labels`` (JSON strings) and ``inset`` (SVG markup)."""
    import geo

    provinces = geo.load_units("province")
    simple = shapely.coverage_simplify(provinces.geometry.values, 0.035)
    prov_features = []
    for rec, geom in zip(provinces.itertuples(index=False), simple):
        geom = drop_islets(geom, PROVINCE_ISLET, ISLET_NEAR)
        label = rec.name if lang == "zh" else f"{rec.name_en} {rec.name}"
        prov_features.append(feature(
            geom, rec.adcode,
            {"color": style.PROVINCE_LINE, "weight": 0.8, "fillColor": style.LAND, "fillOpacity": 1,
             "className": f"mv-province mv-code-{rec.adcode}"},
            tooltip(label), adcode=rec.adcode, kind="province"))
    neighbours = _optional(geo, "load_neighbours")
    nb_features = [
        feature(drop_islets(shapely.simplify(g.intersection(NEIGHBOUR_BOX), NEIGHBOUR_TOLERANCE), NEIGHBOUR_ISLET), "", {"color": style.NEIGHBOUR_LINE, "weight": 0.6,
                "fillColor": style.NEIGHBOUR_FILL, "fillOpacity": 1, "className": "mv-neighbour"}, None)
        for g in (neighbours.geometry if neighbours is not None else [])
    ]
    maritime = _optional(geo, "load_maritime")
    mar_features = [
        feature(g, "", {"color": style.MARITIME_LINE, "weight": 1.6, "fill": g.geom_type.endswith("Polygon"),
                "fillColor": style.MARITIME_LINE, "fillOpacity": 0.8, "className": "mv-maritime"}, None, precision=0.001)
        for g in (maritime.geometry if maritime is not None else [])
    ]
    labels = []
    from mapview.labels import province_priority

    rank = province_priority(provinces["adcode"])  # assets/map.js mvDeclutter places labels in this order
    for rec in provinces.itertuples(index=False):
        text = html.escape(rec.short_name if lang == "zh" else rec.name_en)
        labels.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(rec.lon, 3), round(rec.lat, 3)]},
                       "properties": {"id": "", "s": {"className": "mv-label"}, "t": None, "r": rank.get(rec.adcode, 99),
                                      "icon": f"<span>{text}</span>"}})
    return {
        "neighbours": collection(nb_features),
        "provinces": collection(prov_features),
        "maritime": collection(mar_features),
        "labels": collection(labels),
        "inset": inset_svg(provinces, neighbours, maritime, lang),
    }


def _optional(geo_module, loader: str):
    """A geo layer that may not be built yet: the GeoDataFrame or None."""
    try:
        gdf = getattr(geo_module, loader)()
    except (FileNotFoundError, AttributeError, OSError):
        return None
    return gdf if len(gdf) else None


NEIGHBOUR_BOX = shapely.box(55.0, -5.0, 155.0, 62.0)  # what the national view can show
INSET_BOX = (106.0, 2.5, 123.0, 25.0)  # lon/lat box of the 南海诸岛 inset
INSET_SIZE = (118, 156)


def inset_svg(provinces: gpd.GeoDataFrame, neighbours, maritime, lang: str) -> str:
    """SVG of the South China Sea (land, provinces, maritime line) for the 南海诸岛 inset."""
    x0, y0, x1, y1 = INSET_BOX
    w, h = INSET_SIZE
    box = shapely.box(x0, y0, x1, y1)

    def path(geom) -> str:
        geom = shapely.simplify(geom.intersection(box), 0.08)
        parts = []
        for line in _rings(geom):
            pts = [f"{(x - x0) / (x1 - x0) * w:.0f},{(y1 - y) / (y1 - y0) * h:.0f}" for x, y in line.coords]
            pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if len(pts) > 1:
                parts.append("M" + "L".join(pts) + ("Z" if line.is_ring else ""))
        return "".join(parts)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
           f'<rect width="{w}" height="{h}" fill="{style.SEA}"/>']
    if neighbours is not None:
        for g in neighbours.geometry:
            g = drop_islets(g, NEIGHBOUR_ISLET)
            if g.intersects(box):
                out.append(f'<path d="{path(g)}" fill="{style.NEIGHBOUR_FILL}" stroke="{style.NEIGHBOUR_LINE}" stroke-width="0.5"/>')
    for g in provinces.geometry:
        if g.intersects(box):
            out.append(f'<path d="{path(g)}" fill="{style.LAND}" stroke="{style.PROVINCE_LINE}" stroke-width="0.5"/>')
    if maritime is not None:
        for g in maritime.geometry:
            if g.intersects(box):
                fill = style.MARITIME_LINE if g.geom_type.endswith("Polygon") else "none"
                out.append(f'<path d="{path(g)}" fill="{fill}" stroke="{style.MARITIME_LINE}" stroke-width="1.1"/>')
    out.append("</svg>")
    return "".join(out)


def _rings(geom):
    """Every linear piece of a geometry (polygon rings, lines)."""
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom.exterior, *geom.interiors]
    if geom.geom_type in ("LineString", "LinearRing"):
        return [geom]
    if hasattr(geom, "geoms"):
        return [r for g in geom.geoms for r in _rings(g)]
    return []


# The map's JavaScript lives in assets/map.js; these are the calls into it (``{map}`` is the
# map's variable, see RawScript).
INSET_JS = "window.mvInset({map}, %(svg)s, %(title)s, %(box)s);"
VIEW_SYNC_JS = "window.mvViewSync({map});"
SETUP_JS = "window.mvSetup({map});"
APPLY_JS = "window.mvApply({map}, %(state)s);"


class ShellMap(OfflineMap):
    """The app's map: Leaflet, markercluster and assets/map.js from the app, no layers of its own
    (``mvSetup`` makes the empty layer groups; ``mvApply`` fills them from the static files)."""

    default_js = vendor.SHELL_JS
    default_css = vendor.SHELL_CSS


def shell_map() -> folium.Map:
    """The map whose script is the same on every rerun (so the component never reloads): the
    default view, the zoom limits and scale, and ``mvSetup``. What it shows comes with
    :func:`state_group`."""
    from mapview import static

    js, css = static.map_bundle()  # one script and one style sheet (streamlit-folium loads scripts one by one)
    m = ShellMap(location=list(DEFAULT_CENTER), zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=2, max_zoom=11,
                 control_scale=True, zoom_snap=0.25, attribution_control=True)
    m.default_js, m.default_css = [("mapview_bundle", js)], [("mapview_bundle_css", css)]
    m.options.update(maxZoom=11, minZoom=2)
    m.fit_bounds(list(MAINLAND_BOUNDS))
    m.add_child(RawScript(SETUP_JS))
    return m


def state_group(state_json: str) -> folium.FeatureGroup:
    """An (empty) FeatureGroup whose script hands one rerun's state (``mapview.payload.map_state``,
    as JSON) to ``mvApply``; streamlit-folium evaluates it whenever it changes."""
    group = folium.FeatureGroup(name="state")
    group.add_child(RawScript(APPLY_JS % {"state": state_json}))
    return group


def base_map(lang: str = "zh", tiles: str | None = None) -> folium.Map:
    """The map without any policy layer: sea, neighbours greyed, provinces (clickable), the maritime
    line, province labels, the 南海诸岛 inset, and the script that keeps the view in the page URL.
    ``tiles`` (a key of ``TILES``) adds an online tile layer under the provinces (off by default)."""
    vendor.ensure_vendor()
    layers = base_layers_json(lang)
    m = OfflineMap(location=list(DEFAULT_CENTER), zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=2, max_zoom=11,
                   control_scale=True, zoom_snap=0.25, attribution_control=True)
    m.options.update(maxZoom=11, minZoom=2)  # without tiles folium leaves these unset; clusters need maxZoom
    m.fit_bounds(list(MAINLAND_BOUNDS))
    if tiles in TILES:
        url, attr = TILES[tiles]
        folium.TileLayer(url, attr=attr, name=tiles, opacity=1).add_to(m)
    neighbours = JsonLayer(layers["neighbours"], "neighbours", interactive=False)
    if tiles in TILES:
        neighbours.data_json = neighbours.data_json.replace('"fillOpacity":1', '"fillOpacity":0.05')
    m.add_child(neighbours)
    provinces = JsonLayer(layers["provinces"], "provinces")
    if tiles in TILES:  # let the tiles show through
        provinces.data_json = provinces.data_json.replace('"fillOpacity":1', '"fillOpacity":0.05')
    m.add_child(provinces)
    m.add_child(JsonLayer(layers["maritime"], "maritime", interactive=False))
    m.add_child(JsonLayer(layers["labels"], "labels", interactive=False))
    title = "南海诸岛" if lang == "zh" else "South China Sea Islands"
    m.add_child(RawScript(INSET_JS % {"svg": _safe_json(layers["inset"]), "title": _safe_json(title),
                                      "box": json.dumps(maritime_box())}))
    m.add_child(RawScript(VIEW_SYNC_JS))
    return m


# --------------------------------------------------------------------------- policy layers


def area_features(areas: gpd.GeoDataFrame, members: gpd.GeoDataFrame, label, unreviewed: bool = False,
                  emphasis: bool = False) -> list[dict]:
    """Zone/basin features: thin member outlines (not interactive) then the dissolved area
    (``unreviewed``: the candidates' magenta dashed style, class ``mv-candidate``)."""
    out = []
    for rec in members.itertuples(index=False):
        if str(rec.adcode).endswith("0000"):
            continue  # province borders are on the base map already
        out.append(feature(_simplified(rec.geometry, 0.02 if emphasis else 0.05), rec.eid,
                           {"color": style.HIGHLIGHT if emphasis else style.kind_colour(rec.kind),
                            "weight": 1.2 if emphasis else 0.5, "opacity": 0.9 if emphasis else 0.45, "fill": False,
                            "interactive": False, "className": f"mv-member mv-id-{rec.eid}"}, None))
    for rec in areas.itertuples(index=False):
        etype = rec.etype
        colour = style.UNREVIEWED if unreviewed else style.kind_colour(rec.kind)
        broad = rec.kind in style.BROAD_ZONE_KINDS
        out.append(feature(_area_display(rec.geometry), rec.eid,
                           {"color": colour, "weight": 1 if broad else 1.4, "opacity": 0.8, "fillColor": colour,
                            "fillOpacity": 0.02 if broad else (0.06 if etype == "zone" else 0.05),
                            "dashArray": "6 4" if unreviewed else ("2 4" if broad else (None if etype == "zone" else "4 3")),
                            "className": f"{'mv-candidate' if unreviewed else 'mv-feature'} mv-{etype} mv-id-{rec.eid}"},
                           tooltip(rec.name, label(rec.kind)), eid=rec.eid, etype=etype))
    return out


@lru_cache(maxsize=1024)
def _area_display(geom):
    """A zone's/basin's dissolved outline as drawn: without the parts below ``AREA_ISLET``."""
    return drop_islets(geom, AREA_ISLET)


@lru_cache(maxsize=4096)
def _simplified(geom, tolerance: float):
    return shapely.simplify(geom, tolerance)


def river_features(rivers: gpd.GeoDataFrame, label) -> list[dict]:
    """River course lines of the shown basins, one feature per river course: a river named by
    several basins (长江 by 长江经济带, 长江流域 …) is sent once, with every basin's ``mv-id-…``
    class and name in its tooltip; a click selects the first basin."""
    by_course: dict = {}
    for rec in rivers.itertuples(index=False):
        by_course.setdefault((rec.river, rec.geometry.wkb), []).append(rec)
    out = []
    for (river, _), recs in by_course.items():
        first = recs[0]
        ids = " ".join(f"mv-id-{r.eid}" for r in recs)
        names = " / ".join(dict.fromkeys(r.name for r in recs))
        kinds = " / ".join(dict.fromkeys(label(r.kind) for r in recs))
        out.append(feature(_simplified(first.geometry, 0.015), first.eid,
                           {"color": style.RIVER_LINE, "weight": 2.5, "opacity": 0.9,
                            "className": f"mv-river {ids}"},
                           tooltip(f"{river} · {names}", kinds), eid=first.eid, etype="basin",
                           **({"eids": list(dict.fromkeys(r.eid for r in recs))} if len(recs) > 1 else {})))
    return out


def arc_features(arcs: gpd.GeoDataFrame, label, unreviewed: bool = False) -> list[dict]:
    """Arc and arrowhead features of the shown pairings (colour by kind, weight by documents)."""
    out = []
    for rec in arcs.itertuples(index=False):
        colour = style.UNREVIEWED if unreviewed else style.kind_colour(rec.kind)
        cls = ("mv-candidate" if unreviewed else f"mv-{'feature' if rec.part == 'arc' else 'arrow'}") + " mv-pairing"
        s = {"color": colour, "weight": style.arc_weight(rec.n_docs), "opacity": 0.85,
             "className": f"{cls} mv-id-{rec.eid}"}
        if rec.part == "arrow":
            s.update(weight=1, fillColor=colour, fillOpacity=0.95)
        if unreviewed:
            s["dashArray"] = "6 4"
        out.append(feature(rec.geometry, rec.eid, s, tooltip(rec.name, label(rec.kind)), precision=0.001,
                           eid=rec.eid, etype="pairing"))
    return out


def platform_icon(kind: str, eid: str, unreviewed: bool = False) -> str:
    """SVG marker for a platform kind: a coloured disc with the kind's glyph."""
    colour = style.UNREVIEWED if unreviewed else style.kind_colour(kind)
    glyph = html.escape(style.platform_glyph(kind))
    return (f'<div data-eid="{html.escape(eid, quote=True)}"><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">'
            f'<circle cx="12" cy="12" r="10.5" fill="{colour}" stroke="#fff" stroke-width="2"/>'
            f'<text x="12" y="16.2" text-anchor="middle" font-size="12" fill="#fff" font-weight="bold">{glyph}</text></svg></div>')


def platform_features(points: gpd.GeoDataFrame, label, unreviewed: bool = False) -> list[dict]:
    """Point features of the shown platforms, with their icon."""
    return [feature(rec.geometry, rec.eid,
                    {"className": f"mv-{'candidate' if unreviewed else 'feature'} mv-platform mv-platform-icon mv-id-{rec.eid}"},
                    tooltip(rec.name, label(rec.kind)), precision=0.0001, eid=rec.eid, etype="platform",
                    icon=platform_icon(rec.kind, rec.eid, unreviewed))
            for rec in points.itertuples(index=False)]


def highlight_feature(geom, adcode: str, name: str) -> dict:
    """Thick outline of the searched/selected place (not interactive)."""
    return feature(shapely.simplify(geom, 0.01), adcode,
                   {"color": style.HIGHLIGHT, "weight": 3, "fill": False, "interactive": False,
                    "className": f"mv-highlight mv-code-{adcode}"}, None)


def legend_html(items: list[tuple], title: str) -> str:
    """Escaped legend HTML from ``(group, label, colour)`` or ``(group, label, colour, glyph)``
    items (group headings in order; a glyph, as in the platform markers, is drawn in its swatch):
    a ``<details>`` whose ``<summary>`` is the title, so that the legend folds to one line."""
    out = [f'<details class="mv-legend-box"><summary><b>{html.escape(title)}</b></summary>'
           '<div class="mv-legend-items">']
    group = None
    for grp, lab, colour, *glyph in items:
        if grp != group:
            out.append(("</div>" if group is not None else "") + f'<div class="mv-legend-group"><b>{html.escape(grp)}</b>')
            group = grp
        mark = f'<span class="mv-swatch mv-glyph" style="background:{colour}">{html.escape(glyph[0])}</span>' if glyph \
            else f'<span class="mv-swatch" style="background:{colour}"></span>'
        out.append(f'<div>{mark}{html.escape(lab)}</div>')
    out.append(("</div>" if group is not None else "") + "</div></details>")
    return "".join(out)


LEGEND_JS = "window.mvLegend({map}, %(html)s);"  # assets/map.js: top right, folds on a narrow map


def layer_group(name: str, features: list[dict], clustered: bool = False) -> folium.FeatureGroup:
    """A FeatureGroup holding one JsonLayer (inside a marker cluster when ``clustered``)."""
    return group_from_json(name, collection(features), clustered)


def group_from_json(name: str, data_json: str, clustered: bool = False) -> folium.FeatureGroup:
    """A FeatureGroup holding one JsonLayer from a FeatureCollection JSON string."""
    group = folium.FeatureGroup(name=name)
    layer = JsonLayer(data_json, name)
    if clustered:
        cluster = LocalMarkerCluster(options={"maxClusterRadius": 35, "showCoverageOnHover": False})
        cluster.add_to(group)
        cluster.add_child(layer)
    else:
        group.add_child(layer)
    return group


def legend_group(html_text: str) -> folium.FeatureGroup:
    """A FeatureGroup whose only job is to (re)place the legend control on the map."""
    group = folium.FeatureGroup(name="legend")
    group.add_child(RawScript(LEGEND_JS % {"html": _safe_json(html_text)}))
    return group


SELECT_JS = "window.mvSelect({map}, %(sel)s, %(hl)s);"  # assets/map.js


def selection_group(selected_id: str, outlines_json: str | None = None) -> folium.FeatureGroup:
    """A FeatureGroup whose script emphasises the selected entity (or province, by adcode) and
    un-emphasises the previous one (the selected shapes get the class ``mv-selected``), plus the
    outlines of the units the entity touches (``outlines_json``, see compose.selected_outlines)."""
    group = folium.FeatureGroup(name="selection")
    if outlines_json:
        clickable = '"kind":"city"' in outlines_json
        group.add_child(JsonLayer(outlines_json, "selection-outlines", interactive=clickable))
    group.add_child(RawScript(SELECT_JS % {"sel": _safe_json(selected_id), "hl": _safe_json(style.HIGHLIGHT)}))
    return group
