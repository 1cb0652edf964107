"""The current view as one self-contained HTML file that opens from a USB stick (``file://``), with
no network and no server: pan, zoom, tooltips, and a click that shows the evidence.

Everything is inlined: Leaflet's JS and CSS from the installed ``XStatic-Leaflet`` package, the
project's ``assets/map.css``, a small script of its own (plain Leaflet GeoJSON layers; it does not
depend on ``assets/map.js``), and the data as JSON: the 34 provincial units, neighbouring
countries, the South China Sea maritime line and islands, province labels, the shown entities
(:func:`mapview.exports.tables.feature_collection`) and a 南海诸岛 inset (SVG) that shows whenever
the view does not hold the whole maritime line. Every text from the data is escaped with
:func:`pairings.safety.escape_html` in Python; the script inserts only those escaped fragments, so
nothing in the data can run or make the page request another host.

DOM hooks (for tests, the same as the app's map): provinces are ``path.mv-province``; every shown
entity is a ``path`` or marker ``div`` with classes ``mv-feature mv-<layer> mv-id-<entity id>``; the
popup holds ``.mv-panel[data-eid]`` with one ``.mv-citation[data-doc]`` per citation
(``.mv-citation-clause``, ``blockquote.mv-quote``); the legend is ``div.mv-legend``, the caption
``div.mv-caption``, the inset ``div.mv-inset``.

In: a :class:`mapview.exports.view.View`. Out: the HTML as UTF-8 bytes.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

from mapview import style
from mapview.exports import tables
from mapview.exports import view as V
from pairings.safety import escape_html as esc

REPO_ROOT = Path(__file__).resolve().parents[2]
MAP_CSS = REPO_ROOT / "assets" / "map.css"
MAINLAND = [[17.6, 73.0], [54.0, 135.5]]  # [[south, west], [north, east]] of a national view
INSET_BOX = (106.0, 2.8, 123.5, 24.8)
INSET_SIZE = (120, 154)


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_files() -> tuple[str, str]:
    """``(js, css)`` text of the installed Leaflet, without source-map comments."""
    d = _leaflet_dir()
    js = re.sub(r"//# sourceMappingURL=\S+", "", (d / "leaflet.js").read_text(encoding="utf-8"))
    css = (d / "leaflet.css").read_text(encoding="utf-8")
    return js, css


def _script_json(obj) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``<``, so no ``</script>``)."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _mapping(geom, digits: int = 3):
    """GeoJSON dict of ``geom`` with coordinates rounded to ``digits`` decimals."""
    return shapely.geometry.mapping(shapely.transform(geom, lambda xy: np.round(xy, digits)))


@lru_cache(maxsize=2)
def base_layers(lang: str) -> dict:
    """The base map as GeoJSON dicts (cached per language): ``provinces`` (with escaped tooltip
    HTML), ``neighbours``, ``maritime``, ``labels`` and the ``inset`` SVG."""
    import geo

    prov = geo.load_units("province")
    simple = shapely.coverage_simplify(prov.geometry.values, 0.02)
    provinces = [{"type": "Feature", "properties": {
        "adcode": r.adcode,
        "tip": esc(r.name if lang != "en" else f"{r.name_en} {r.name}")}, "geometry": _mapping(g)}
        for r, g in zip(prov.itertuples(index=False), simple)]
    labels = [{"type": "Feature", "properties": {"html": esc(r.short_name if lang != "en" else r.name_en)},
               "geometry": {"type": "Point", "coordinates": [round(r.lon, 3), round(r.lat, 3)]}}
              for r in prov.itertuples(index=False)]
    try:
        nb = geo.load_neighbours()
        clip = shapely.box(40.0, -12.0, 165.0, 70.0)
        neighbours = [{"type": "Feature", "properties": {}, "geometry": _mapping(shapely.simplify(g.intersection(clip), 0.05), 2)}
                      for g in nb.geometry if not g.intersection(clip).is_empty]
    except (FileNotFoundError, OSError):
        nb, neighbours = None, []
    mar = geo.load_maritime()
    maritime = [{"type": "Feature", "properties": {"kind": k}, "geometry": _mapping(g, 4)}
                for k, g in zip(mar["kind"], mar.geometry)]
    return {"provinces": {"type": "FeatureCollection", "features": provinces},
            "labels": {"type": "FeatureCollection", "features": labels},
            "neighbours": {"type": "FeatureCollection", "features": neighbours},
            "maritime": {"type": "FeatureCollection", "features": maritime},
            "maritime_box": [[float(mar.total_bounds[1]), float(mar.total_bounds[0])],
                             [float(mar.total_bounds[3]), float(mar.total_bounds[2])]],
            "inset": inset_svg(prov, nb, mar)}


def inset_svg(provinces, neighbours, maritime) -> str:
    """SVG of the South China Sea (land, provinces, maritime line, islands) for the inset."""
    x0, y0, x1, y1 = INSET_BOX
    w, h = INSET_SIZE
    box = shapely.box(x0, y0, x1, y1)

    def pt(x, y):
        return f"{(x - x0) / (x1 - x0) * w:.1f},{(y1 - y) / (y1 - y0) * h:.1f}"

    def path(geom) -> str:
        geom = shapely.simplify(geom.intersection(box), 0.05)
        out = []
        for part in shapely.get_parts(geom):
            rings = ([part.exterior, *part.interiors] if part.geom_type == "Polygon"
                     else [part] if part.geom_type in ("LineString", "LinearRing") else [])
            for ring in rings:
                pts = [pt(x, y) for x, y in ring.coords]
                if len(pts) > 1:
                    out.append("M" + "L".join(pts) + ("Z" if part.geom_type == "Polygon" else ""))
        return "".join(out)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
           f'<rect width="{w}" height="{h}" fill="{style.SEA}"/>']
    for g in (neighbours.geometry if neighbours is not None else []):
        if g.intersects(box):
            out.append(f'<path d="{path(g)}" fill="{style.NEIGHBOUR_FILL}" stroke="{style.NEIGHBOUR_LINE}" stroke-width="0.5"/>')
    for g in provinces.geometry:
        if g.intersects(box):
            out.append(f'<path d="{path(g)}" fill="{style.LAND}" stroke="{style.PROVINCE_LINE}" stroke-width="0.5"/>')
    for g in maritime.geometry:
        if not g.intersects(box):
            continue
        if g.geom_type in ("Point", "MultiPoint"):
            for p in shapely.get_parts(g):
                x, y = pt(p.x, p.y).split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="0.7" fill="{style.MARITIME_LINE}"/>')
        else:
            out.append(f'<path d="{path(g)}" fill="none" stroke="{style.MARITIME_LINE}" stroke-width="1.1"/>')
    out.append("</svg>")
    return "".join(out)


def popup_html(props: dict, lang: str) -> str:
    """The evidence of one entity as escaped HTML: name, kind, parties, basis, every citation."""
    cites = "".join(
        f'<div class="mv-citation" data-doc="{esc(c["doc_id"])}">'
        f'<div class="mv-citation-doc">{esc(c["title"])} · {esc(c["issuer"])} · {esc(c["date"])}</div>'
        f'<div class="mv-citation-clause">{esc(V.label("clause", lang))} {esc(c["clause"])}</div>'
        f'<blockquote class="mv-quote">{esc(c["quote"])}</blockquote></div>'
        for c in props["citations"])
    inferred = ' mv-inferred' if props["basis"] == "inferred" else ""
    return (f'<div class="mv-panel" data-eid="{esc(props["id"])}">'
            f'<div class="mv-panel-name">{esc(props["name"])}</div>'
            f'<div class="mv-panel-kind">{esc(props["layer_label"])} · {esc(props["kind_label"])}</div>'
            f'<div><b>{esc(props["parties_heading"])}</b>: {esc(props["parties"])}</div>'
            f'<div class="mv-basis{inferred}"><b>{esc(V.label("basis", lang))}</b>: {esc(props["basis_label"])}</div>'
            f'<div class="mv-cited"><b>{esc(V.label("cited_by", lang))}</b> ({len(props["citations"])})</div>'
            f'{cites}</div>')


def legend_html(fc: dict, lang: str) -> str:
    """Escaped legend HTML: one row per shown kind, grouped by layer, plus inferred if shown."""
    seen: dict = {}
    for f in fc["features"]:
        p = f["properties"]
        if p.get("role") == "arrow":
            continue
        seen.setdefault(p["layer"], {}).setdefault(p["kind"], (p["kind_label"], p["colour"], p.get("glyph", "")))
    out = [f'<details class="mv-legend-box" open><summary><b>{esc(V.label("legend", lang))}</b></summary>'
           '<div class="mv-legend-items">']
    for layer in V.LAYER_ORDER:
        if layer not in seen:
            continue
        out.append(f'<div class="mv-legend-group"><b>{esc(V.type_label(layer, lang))}</b>')
        for kind in sorted(seen[layer]):
            lab, colour, glyph = seen[layer][kind]
            mark = (f'<span class="mv-swatch mv-glyph" style="background:{esc(colour)}">{esc(glyph)}</span>' if glyph
                    else f'<span class="mv-swatch{" mv-line" if layer == "pairing" else ""}" style="background:{esc(colour)}"></span>')
            out.append(f"<div>{mark}{esc(lab)}</div>")
        out.append("</div>")
    if any(f["properties"].get("basis") == "inferred" for f in fc["features"]):
        out.append(f'<div class="mv-legend-group"><div><span class="mv-swatch mv-line mv-dashed"></span>'
                   f'{esc(V.basis_label("inferred", lang))}</div></div>')
    out.append("</div></details>")
    return "".join(out)


def frame(fc: dict, place_geom) -> list:
    """``[[south, west], [north, east]]`` the map opens on: the mainland for a national view, the
    bounds of everything shown (and the place) for a view with a place."""
    if place_geom is None:
        return MAINLAND
    geoms = [shapely.geometry.shape(f["geometry"]) for f in fc["features"] if f["geometry"]] + [place_geom]
    x0, y0, x1, y1 = shapely.GeometryCollection(geoms).bounds
    return [[round(y0, 3), round(x0, 3)], [round(y1, 3), round(x1, 3)]]


EXTRA_CSS = """
html, body { height: 100%; margin: 0; }
#map { position: absolute; inset: 0; }
.mv-caption { background: rgba(255,255,255,.93); padding: 6px 10px; border-radius: 4px; max-width: 46vw;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); font-size: 12px; line-height: 1.4; }
.mv-caption h1 { font-size: 17px; margin: 0 0 3px 0; }
.mv-source { font-size: 10px; color: #555; max-width: 60vw; white-space: normal; }
.mv-panel { max-height: 50vh; overflow-y: auto; font-size: 12px; min-width: 260px; }
.mv-panel-name { font-weight: bold; font-size: 14px; }
.mv-panel-kind { color: #555; margin-bottom: 4px; }
.mv-inferred { color: #b03a00; }
.mv-citation { border-top: 1px solid #ddd; margin-top: 5px; padding-top: 4px; }
.mv-citation-doc { color: #333; }
.mv-citation-clause { color: #666; }
blockquote.mv-quote { margin: 3px 0 0 0; padding-left: 7px; border-left: 3px solid #a99f8d; }
.mv-legend .mv-swatch.mv-dashed { background: repeating-linear-gradient(90deg, #777 0 4px, transparent 4px 7px); }
.mv-label div, .mv-label span { pointer-events: none; }
"""

SCRIPT = r"""
(function () {
  var D = JSON.parse(document.getElementById('mv-data').textContent);
  var map = L.map('map', {zoomSnap: 0.25, minZoom: 2, maxZoom: 11, attributionControl: true});
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('<span class="mv-source">' + D.source + '</span>');
  var sea = D.colours;
  var Box = L.Control.extend({options: {position: 'topleft'}, onAdd: function () {
    var d = L.DomUtil.create('div', this.options.cls); d.innerHTML = this.options.html;
    L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d; }});
  var caption = new Box({position: 'topleft', cls: 'mv-caption', html: D.caption_html}).addTo(map);
  var legend = new Box({position: 'topright', cls: 'mv-legend', html: D.legend_html}).addTo(map);
  var inset = new Box({position: 'bottomright', cls: 'mv-inset',
    html: D.base.inset + '<span class="mv-inset-title">' + D.inset_title + '</span>'});
  inset.addTo(map); inset.getContainer().style.position = 'relative';
  // a popup opens below the caption and the legend, which sit over the map's top corners
  var below = Math.max(caption.getContainer().offsetHeight, legend.getContainer().offsetHeight) + 20;
  var popupOptions = {maxWidth: 420, autoPanPaddingTopLeft: [20, below], autoPanPaddingBottomRight: [20, 20]};
  L.geoJSON(D.base.neighbours, {interactive: false, style: function () {
    return {color: sea.neighbour_line, weight: 0.6, fillColor: sea.neighbour_fill, fillOpacity: 1};
  }}).addTo(map);
  L.geoJSON(D.base.provinces, {style: function (f) {
    return {color: sea.province_line, weight: 0.8, fillColor: sea.land, fillOpacity: 1,
            className: 'mv-province mv-code-' + f.properties.adcode};
  }, onEachFeature: function (f, l) { l.bindTooltip(f.properties.tip, {sticky: true}); }}).addTo(map);
  L.geoJSON(D.base.maritime, {interactive: false, style: function () {
    return {color: sea.maritime, weight: 1.6, className: 'mv-maritime'};
  }, pointToLayer: function (f, latlng) {
    return L.circleMarker(latlng, {radius: 1, weight: 0.8, color: sea.maritime, fillOpacity: 1});
  }}).addTo(map);
  if (D.place) {
    L.geoJSON(D.place, {interactive: false, style: function () {
      return {color: sea.highlight, weight: 3, fill: false, className: 'mv-highlight'};
    }}).addTo(map);
  }
  function areaStyle(p) {
    var broad = p.broad, inferred = p.basis === 'inferred';
    return {color: p.colour, weight: broad ? 1 : 1.4, opacity: inferred ? 0.5 : 0.8, fillColor: p.colour,
            fillOpacity: broad ? 0.02 : (p.layer === 'zone' ? 0.06 : 0.05),
            dashArray: inferred ? '1 4' : (broad ? '2 4' : (p.layer === 'zone' ? null : '4 3')),
            className: 'mv-feature mv-' + p.layer + ' mv-id-' + p.id + (p.id === D.selected ? ' mv-selected' : '')};
  }
  function lineStyle(p) {
    var inferred = p.basis === 'inferred';
    return {color: p.colour, weight: p.weight, opacity: inferred ? 0.5 : 0.85,
            dashArray: inferred ? '5 4' : null,
            className: 'mv-feature mv-pairing mv-id-' + p.id + (p.id === D.selected ? ' mv-selected' : '')};
  }
  var areas = {type: 'FeatureCollection', features: []}, lines = {type: 'FeatureCollection', features: []},
      points = {type: 'FeatureCollection', features: []}, arrows = {type: 'FeatureCollection', features: []};
  D.view.features.forEach(function (f) {
    if (!f.geometry) return;
    if (f.properties.role === 'arrow') arrows.features.push(f);
    else if (f.properties.layer === 'pairing') lines.features.push(f);
    else if (f.properties.layer === 'platform') points.features.push(f);
    else areas.features.push(f);
  });
  function bind(f, l) {
    l.bindTooltip(f.properties.tip, {sticky: true});
    l.bindPopup(f.properties.popup, popupOptions);
  }
  L.geoJSON(areas, {style: function (f) { return areaStyle(f.properties); }, onEachFeature: bind}).addTo(map);
  L.geoJSON(D.rivers, {interactive: false, style: function () {
    return {color: sea.river, weight: 2.5, opacity: 0.9, className: 'mv-river'};
  }}).addTo(map);
  L.geoJSON(lines, {style: function (f) { return lineStyle(f.properties); }, onEachFeature: bind}).addTo(map);
  L.geoJSON(arrows, {interactive: false, style: function (f) {
    return {color: f.properties.colour, weight: 1, fillColor: f.properties.colour, fillOpacity: 0.95,
            className: 'mv-arrow mv-id-' + f.properties.id};
  }}).addTo(map);
  L.geoJSON(points, {pointToLayer: function (f, latlng) {
    var p = f.properties;
    return L.marker(latlng, {icon: L.divIcon({html: p.icon, iconSize: [24, 24], iconAnchor: [12, 12],
      className: 'mv-feature mv-platform mv-platform-icon mv-id-' + p.id + (p.id === D.selected ? ' mv-selected' : '')})});
  }, onEachFeature: bind}).addTo(map);
  L.geoJSON(D.base.labels, {pointToLayer: function (f, latlng) {
    return L.marker(latlng, {interactive: false, keyboard: false,
      icon: L.divIcon({html: '<span>' + f.properties.html + '</span>', className: 'mv-label', iconSize: [60, 14],
                       iconAnchor: [30, 7]})});
  }}).addTo(map);
  var line = L.latLngBounds(D.base.maritime_box);
  function toggle() { inset.getContainer().style.display = map.getBounds().contains(line) ? 'none' : ''; }
  map.on('moveend zoomend resize', toggle);
  map.fitBounds(D.frame, {padding: [10, 10]});
  toggle();
  if (D.selected) {
    map.eachLayer(function (l) {
      if (l.feature && l.feature.properties && l.feature.properties.id === D.selected && l.getPopup && l.getPopup()) {
        if (l.getLatLng) l.openPopup(); else l.openPopup(l.getBounds().getCenter());
      }
    });
  }
  window.mvMap = map;
})();
"""


def to_html(view: V.View) -> bytes:
    """The self-contained HTML of ``view`` (see module doc)."""
    from mapview import features as F

    shown = V.shown(view)
    lang = view.lang
    fc = tables.feature_collection(shown, arrows=True)
    lookup = F.default_lookup()
    for f in fc["features"]:
        p = f["properties"]
        if p.get("role") == "arrow":
            continue
        p["tip"] = f'{esc(p["name"])}<br><span style="color:#666">{esc(p["kind_label"])}</span>'
        p["popup"] = popup_html(p, lang)
        p["broad"] = p["kind"] in style.BROAD_ZONE_KINDS
        if p["layer"] in ("zone", "basin") and f["geometry"]:
            from mapview.exports.picture import display_area

            f["geometry"] = _mapping(display_area(shapely.geometry.shape(f["geometry"])), 3)
        p["weight"] = style.arc_weight(p["n_docs"])
        if p["layer"] == "platform":
            inferred = p["basis"] == "inferred"
            fill, text = ("#ffffff", p["colour"]) if inferred else (p["colour"], "#ffffff")
            p["icon"] = (f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">'
                         f'<circle cx="12" cy="12" r="10.5" fill="{esc(fill)}" stroke="{esc(p["colour"] if inferred else "#fff")}"'
                         f' stroke-width="2"/><text x="12" y="16.2" text-anchor="middle" font-size="12" fill="{esc(text)}"'
                         f' font-weight="bold">{esc(p["glyph"])}</text></svg>')
    rivers = F.river_layer(shown.entities[shown.entities["etype"] == "basin"], lookup)
    river_fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": _mapping(shapely.simplify(g, 0.01))}
        for g in dict((g.wkb, g) for g in rivers.geometry).values()]} if len(rivers) else \
        {"type": "FeatureCollection", "features": []}
    place_geom, place = None, None
    code = view.filters.place or shown.selected_place
    if code:
        unit = lookup.unit(code)
        if unit is not None:
            place_geom = unit.geometry
            place = {"type": "Feature", "properties": {}, "geometry": _mapping(shapely.simplify(unit.geometry, 0.01))}
    data = {
        "base": base_layers(lang),
        "view": fc,
        "rivers": river_fc,
        "place": place,
        "frame": frame(fc, place_geom if view.filters.place else None),
        "selected": shown.selected["eid"] if shown.selected is not None else None,
        "caption_html": f"<h1>{esc(V.title(shown))}</h1><div>{esc(V.caption(shown))}</div>",
        "legend_html": legend_html(fc, lang),
        "source": esc(V.source_line(shown)),
        "inset_title": esc(V.label("inset", lang)),
        "colours": {"sea": style.SEA, "land": style.LAND, "province_line": style.PROVINCE_LINE,
                    "neighbour_fill": style.NEIGHBOUR_FILL, "neighbour_line": style.NEIGHBOUR_LINE,
                    "maritime": style.MARITIME_LINE, "highlight": style.HIGHLIGHT, "river": style.RIVER_LINE},
    }
    js, css = leaflet_files()
    project_css = MAP_CSS.read_text(encoding="utf-8") if MAP_CSS.exists() else ""
    page = f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{esc(V.title(shown))}</title>
<style>{css}</style>
<style>{project_css}</style>
<style>{EXTRA_CSS}</style>
</head>
<body>
<div id="map" class="leaflet-container"></div>
<script type="application/json" id="mv-data">{_script_json(data)}</script>
<script>{js}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")
