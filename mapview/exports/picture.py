"""The current view as a picture: PNG (16:9 slide, 300-dpi A4), SVG and PDF (geopandas + matplotlib).

Drawn on the server from the committed geometry (``geo``) in the web map's colours
(``mapview.style``): China's official depiction (the 34 provincial units, including 台湾省, 香港 and
澳门, the South China Sea maritime line and islands), neighbouring countries in grey, the 南海诸岛
inset whenever the frame does not hold the whole maritime line, the shown layers (zones and basins
as light fills with outlines, rivers, pairings as curved arcs with arrowheads, platforms as discs
with their kind's glyph), rows whose basis is ``inferred`` drawn apart (dotted, lighter, hollow
markers), the place outlined in red, the selection emphasised and labelled, a legend, the title,
a caption of what is shown and a source line (the documents cited, the boundary source).

The frame: the mainland for a view without a place; for a place, everything shown (the place and
its partners). Albers equal-area conic projection (standard parallels 25°N and 47°N, 105°E).

Chinese text needs a CJK font: Noto Sans CJK SC from Debian's ``fonts-noto-cjk``
(``packages.txt`` installs it on Streamlit Community Cloud). Without it :class:`FontMissing` is
raised: a picture with tofu boxes is never made.

In: a :class:`mapview.exports.view.View`. Out: bytes of the file.
"""
from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box as shapely_box

from mapview import features as F
from mapview import style
from mapview.exports import view as V

PROJ = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"
CRS = "EPSG:4326"
MAINLAND_BOX = (72.0, 17.6, 136.0, 54.0)  # lon/lat: the frame of a national view (南海诸岛 in the inset)
INSET_BOX = (106.0, 2.8, 123.5, 24.8)  # lon/lat box of the 南海诸岛 inset
NEIGHBOUR_BOX = (40.0, -12.0, 165.0, 70.0)
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Serif CJK SC")
FONT_HINT = ("Chinese text needs a CJK font: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk; "
             "on Streamlit Community Cloud, packages.txt lists it), then restart the app")

#: output sizes: name -> (width px, height px, dpi, text scale); text and lines are sized for the
#: printed/projected size of the picture (the slide's map area is 12.8 in wide, the brief's 6.7 in)
SIZES = {
    "slide": (1920, 1080, 100, 1.0),       # 16:9 slide, the whole picture
    "a4": (3508, 2480, 300, 1.0),          # A4 landscape at 300 dpi
    "slide_body": (1920, 880, 150, 1.45),  # the map area of a 16:9 slide under its title and caption
    "page": (2400, 1500, 300, 1.5),        # across an A4 page (the evidence brief), 8 in wide
}


class FontMissing(RuntimeError):
    """No CJK font is installed, so Chinese text cannot be drawn (see FONT_HINT)."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Family name of the installed CJK font matplotlib will use (Noto Sans CJK SC).

    Raises :class:`FontMissing` with the fix when none of ``CJK_FAMILIES`` is installed."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    # fonts installed after matplotlib built its cache: look again once
    font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    raise FontMissing(f"No CJK font found (looked for {', '.join(CJK_FAMILIES)}). {FONT_HINT}.")


@lru_cache(maxsize=1)
def _font_charset() -> frozenset:
    from matplotlib import font_manager

    family = cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    font = font_manager.get_font(path)
    return frozenset(font.get_charmap())


def check_glyphs(text: str) -> None:
    """Raise :class:`FontMissing` when the CJK font has no glyph for a character of ``text``
    (so a picture never shows a tofu box)."""
    try:
        charset = _font_charset()
    except Exception:  # noqa: BLE001 - charmap not readable: matplotlib warns on missing glyphs itself
        return
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in charset
                      and unicodedata.category(c)[0] != "C"})
    if missing:
        raise FontMissing(f"The font {cjk_font()} has no glyph for {''.join(missing)!r} "
                          f"(U+{', U+'.join(f'{ord(c):04X}' for c in missing)}). {FONT_HINT}.")


def polygon_path(geom):
    """A matplotlib compound ``Path`` of a (Multi)Polygon: every ring closed, holes kept (even-odd
    is not needed: matplotlib fills by the non-zero rule and shapely orients holes opposite)."""
    from matplotlib.path import Path

    verts, codes = [], []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        part = shapely.geometry.polygon.orient(part, 1.0)
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def _polygons(ax, geoms, zorder: float, **kw):
    """Draw (Multi)Polygons fast as one PathCollection (``kw``: facecolor(s), edgecolor(s),
    linewidth(s), linestyle)."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    paths = [p for p in (g if isinstance(g, Path) else (polygon_path(g) if g is not None else None)
                         for g in geoms) if p is not None]
    if not paths:
        return
    ax.add_collection(PathCollection(paths, zorder=zorder, **kw), autolim=False)


# --------------------------------------------------------------------------- base layers


@dataclass(frozen=True)
class Base:
    """The base map in the projection: provinces (with label points), neighbours, maritime line
    and islands, and the mainland frame."""

    provinces: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    maritime: gpd.GeoDataFrame
    labels: gpd.GeoDataFrame
    mainland: tuple
    maritime_bounds: tuple
    province_paths: tuple = ()
    neighbour_paths: tuple = ()


@lru_cache(maxsize=1)
def base() -> Base:
    """The projected base layers (cached)."""
    import geo

    prov = geo.load_units("province")
    simple = shapely.coverage_simplify(prov.geometry.values, 0.008)
    provinces = gpd.GeoDataFrame(prov.drop(columns="geometry"), geometry=list(simple), crs=CRS).to_crs(PROJ)
    labels = gpd.GeoDataFrame(prov[["adcode", "name", "short_name", "name_en"]],
                              geometry=gpd.points_from_xy(prov["lon"], prov["lat"]), crs=CRS).to_crs(PROJ)
    try:
        nb = geo.load_neighbours()
        nb = nb.assign(geometry=shapely.simplify(nb.geometry.intersection(shapely_box(*NEIGHBOUR_BOX)).values, 0.03))
        neighbours = nb[~nb.geometry.is_empty].to_crs(PROJ)
    except (FileNotFoundError, OSError):
        neighbours = gpd.GeoDataFrame(geometry=[], crs=PROJ)
    maritime = geo.load_maritime().to_crs(PROJ)
    mainland = _project_box(MAINLAND_BOX)
    return Base(provinces, neighbours, maritime, labels, mainland, tuple(maritime.total_bounds),
                tuple(p for p in map(polygon_path, provinces.geometry) if p is not None),
                tuple(p for p in map(polygon_path, neighbours.geometry) if p is not None))


def _project_box(lonlat_box) -> tuple:
    """Bounds in the projection of a lon/lat box (its edges densified, as they curve)."""
    g = shapely.segmentize(shapely_box(*lonlat_box), 0.5)
    return tuple(gpd.GeoSeries([g], crs=CRS).to_crs(PROJ).total_bounds)


# --------------------------------------------------------------------------- view layers


@dataclass
class Layers:
    """The shown entities joined to geometry, in the projection (see ``mapview.features``)."""

    zones: gpd.GeoDataFrame
    basins: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    arcs: gpd.GeoDataFrame
    points: gpd.GeoDataFrame
    members: gpd.GeoDataFrame
    place: gpd.GeoDataFrame
    selected_place: gpd.GeoDataFrame


def _proj(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    return gdf.to_crs(PROJ) if len(gdf) else gdf.set_crs(PROJ, allow_override=True)


AREA_ISLET = 0.003  # square degrees: parts of a zone/basin below this are not drawn (as on the web map)


def display_area(geom, min_area: float = AREA_ISLET):
    """A zone's/basin's outline as drawn: without the polygon parts below ``min_area`` (islets are
    sub-pixel at national scale and their outlines read as dots), the largest part always kept."""
    if geom is None or geom.geom_type != "MultiPolygon":
        return geom
    parts = list(geom.geoms)
    keep = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


def layers(shown: V.Shown, lookup: F.GeoLookup | None = None) -> Layers:
    """Geometry of what ``shown`` holds (``lookup``: default ``features.default_lookup()``)."""
    geo = lookup or F.default_lookup()
    ents = shown.entities
    by = {t: ents[ents["etype"] == t] for t in V.LAYER_ORDER}
    geo.prefetch_areas([m for t in ("zone", "basin") for m in by[t]["members"]])
    zones, _ = F.area_layer(by["zone"], geo, with_members=False)
    basins, _ = F.area_layer(by["basin"], geo, with_members=False)
    zones = zones.assign(geometry=[display_area(g) for g in zones.geometry]) if len(zones) else zones
    basins = basins.assign(geometry=[display_area(g) for g in basins.geometry]) if len(basins) else basins
    rivers = F.river_layer(by["basin"], geo)
    arcs = F.arc_layer(by["pairing"], shown.view.data.entities, geo)
    points = F.platform_layer(by["platform"], geo)
    members = F._empty(["eid", "adcode"])
    sel = shown.selected
    if sel is not None:
        from mapview.data import entity_units

        units = entity_units(shown.view.data.entities).get(sel["eid"], ())
        rows = [{"eid": sel["eid"], "adcode": c, "geometry": geo.unit(c).geometry} for c in units if geo.unit(c) is not None]
        members = gpd.GeoDataFrame(rows, crs=CRS) if rows else members

    def outline(code):
        unit = geo.unit(code) if code else None
        return (gpd.GeoDataFrame([{"adcode": code, "name": unit.name, "geometry": unit.geometry}], crs=CRS)
                if unit is not None else F._empty(["adcode", "name"]))

    return Layers(_proj(zones), _proj(basins), _proj(rivers), _proj(arcs), _proj(points), _proj(members),
                  _proj(outline(shown.view.filters.place)), _proj(outline(shown.selected_place)))


def frame(shown: V.Shown, lay: Layers) -> tuple:
    """``(x0, y0, x1, y1)`` in the projection: the mainland for a view without a place, else the
    bounds of everything shown (the place and its partners), with a margin."""
    b = base()
    if not shown.view.filters.place:
        return b.mainland
    parts = [g for g in (lay.zones, lay.basins, lay.arcs, lay.points, lay.place) if len(g)]
    if not parts:
        return b.mainland
    bounds = np.array([g.total_bounds for g in parts])
    x0, y0 = bounds[:, 0].min(), bounds[:, 1].min()
    x1, y1 = bounds[:, 2].max(), bounds[:, 3].max()
    w, h = max(x1 - x0, 6e5), max(y1 - y0, 6e5)  # at least 600 km
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - w * 0.56, cy - h * 0.56, cx + w * 0.56, cy + h * 0.56)


def _fit(extent, aspect: float, keep_top: bool = False) -> tuple:
    """``extent`` grown to the width/height ``aspect`` of the axes (nothing is stretched); with
    ``keep_top`` extra height is added at the bottom only (a national frame shows more of the
    South China Sea rather than more of Siberia)."""
    x0, y0, x1, y1 = extent
    w, h = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    if keep_top:
        return (cx - w / 2, y1 - h, cx + w / 2, y1)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


# --------------------------------------------------------------------------- drawing helpers


def _rgba(colour: str, alpha: float):
    from matplotlib.colors import to_rgba

    return to_rgba(colour, alpha)


def _lighter(colour: str, amount: float = 0.45):
    """``colour`` mixed with white (inferred rows are drawn lighter)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _width(text: str) -> float:
    """Display width of ``text`` in ems (wide CJK characters 1, others about 0.55)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def wrap(text: str, ems: float) -> list[str]:
    """``text`` cut into lines of at most ``ems`` ems, at a space or ；/; where possible."""
    lines, line = [], ""
    for ch in text:
        if _width(line + ch) > ems and line:
            cut = max(line.rfind(" "), line.rfind("；"), line.rfind("; "), line.rfind("、"))
            if cut > len(line) * 0.6:
                lines.append(line[: cut + 1].rstrip())
                line = line[cut + 1:].lstrip()
            else:
                lines.append(line)
                line = ""
        line += ch
    if line:
        lines.append(line)
    return lines


INFERRED_DASH = (0, (1.2, 2.2))


def _draw_base(ax, b: Base, lw: float, extent, labels: bool, lang: str, fontsize: float) -> None:
    ax.set_facecolor(style.SEA)
    _polygons(ax, b.neighbour_paths, 1, facecolor=style.NEIGHBOUR_FILL, edgecolor=style.NEIGHBOUR_LINE,
              linewidth=0.45 * lw)
    _polygons(ax, b.province_paths, 2, facecolor=style.LAND, edgecolor=style.PROVINCE_LINE, linewidth=0.6 * lw)
    _draw_maritime(ax, b, lw, zorder=6)
    if labels:
        x0, y0, x1, y1 = extent
        for rec in b.labels.itertuples(index=False):
            p = rec.geometry
            if x0 < p.x < x1 and y0 < p.y < y1:
                ax.annotate(rec.short_name if lang != "en" else rec.name_en, (p.x, p.y), ha="center", va="center",
                            fontsize=fontsize, color="#6b6457", zorder=7, annotation_clip=True)


def _draw_maritime(ax, b: Base, lw: float, zorder: float, islands: float = 1.0) -> None:
    lines = b.maritime[~b.maritime.geometry.geom_type.isin(["Point", "MultiPoint"])]
    pts = b.maritime[b.maritime.geometry.geom_type.isin(["Point", "MultiPoint"])]
    if len(lines):
        lines.plot(ax=ax, color=style.MARITIME_LINE, linewidth=1.2 * lw, zorder=zorder)
    if len(pts):
        pts.plot(ax=ax, color=style.MARITIME_LINE, markersize=1.5 * islands * lw, linewidth=0, zorder=zorder)


def _status_colour(status: str) -> str:
    from mapview.palette import compare_style

    return str(compare_style(status)["colour"])


def _area_style(kind: str, etype: str, basis: str, lw: float, status: str = "") -> dict:
    colour = _status_colour(status) if status else style.kind_colour(kind)
    broad = kind in style.BROAD_ZONE_KINDS
    inferred = basis == "inferred"
    face = 0.02 if broad else (0.06 if etype == "zone" else 0.05)
    dash = "solid" if etype == "zone" and not broad else ((0, (1.5, 3)) if broad else (0, (4, 3)))
    if status == "dropped":  # as on the map: what the later side no longer names is dashed
        dash = (0, (4, 3))
    if inferred:
        dash, face, colour = INFERRED_DASH, face / 2, colour
    edge = _lighter(colour) if inferred else colour
    return {"facecolor": _rgba(colour, face), "edgecolor": _rgba_t(edge, 0.8),
            "linewidth": (0.8 if broad else 1.1) * lw, "linestyle": dash}


def _rgba_t(rgb, alpha):
    if isinstance(rgb, str):
        return _rgba(rgb, alpha)
    return (*rgb, alpha)


def _draw_layers(ax, shown: V.Shown, lay: Layers, lw: float, marker: float, glyph_size: float, font: str) -> None:
    """The shown entities, each artist with the gid ``mv-id-<entity id>`` (an SVG element id; tests
    find an entity's artists by it). Inferred rows are dotted, lighter and hollow, in compare mode too.
    In compare mode the colour says added / dropped / shared (``mapview.palette.compare_style``, as
    on the map) instead of the kind, and the legend lists the three with their counts."""
    basis = dict(zip(shown.entities["eid"], shown.entities["basis"]))
    status = V.compare_status(shown)
    colour_of = lambda eid, kind: _status_colour(status[eid]) if eid in status else style.kind_colour(kind)  # noqa: E731
    z = 3.0
    for gdf in (lay.zones, lay.basins):
        for rec in gdf.itertuples(index=False):
            st = _area_style(rec.kind, rec.etype, basis.get(rec.eid, "text"), lw, status.get(rec.eid, ""))
            _polygons(ax, [rec.geometry], z, gid=f"mv-id-{rec.eid}", **st)
            z += 0.001
    if len(lay.rivers):
        lay.rivers.plot(ax=ax, color=_rgba(style.RIVER_LINE, 0.9), linewidth=1.8 * lw, zorder=4)
    if len(lay.place):
        lay.place.boundary.plot(ax=ax, color=style.HIGHLIGHT, linewidth=2.2 * lw, zorder=8)
    if len(lay.selected_place):
        lay.selected_place.boundary.plot(ax=ax, color=style.HIGHLIGHT, linewidth=2.2 * lw, zorder=8)
    if len(lay.members):
        lay.members.boundary.plot(ax=ax, color=_rgba(style.HIGHLIGHT, 0.9), linewidth=0.9 * lw, zorder=8.5)
    sel = shown.selected["eid"] if shown.selected is not None else None
    for rec in lay.arcs.itertuples(index=False):
        inferred = basis.get(rec.eid) == "inferred"
        colour = colour_of(rec.eid, rec.kind)
        c = _rgba_t(_lighter(colour) if inferred else colour, 0.9)
        g = gpd.GeoSeries([rec.geometry], crs=PROJ)
        if rec.part == "arc":
            width = style.arc_weight(rec.n_docs) * 0.72 * lw
            if rec.eid == sel:
                g.plot(ax=ax, color=_rgba(style.HIGHLIGHT, 0.35), linewidth=width + 5 * lw, zorder=9)
            g.plot(ax=ax, color=c, linewidth=width, linestyle=(0, (2.5, 1.8)) if inferred else
                   ((0, (4, 3)) if status.get(rec.eid) == "dropped" else "solid"),
                   zorder=10, capstyle="round", gid=f"mv-id-{rec.eid}")
        else:
            g.plot(ax=ax, facecolor=c, edgecolor=c, linewidth=0.5 * lw, zorder=10.5)
    for rec in lay.points.itertuples(index=False):
        inferred = basis.get(rec.eid) == "inferred"
        colour = colour_of(rec.eid, rec.kind)
        x, y = rec.geometry.x, rec.geometry.y
        if rec.eid == sel:
            ax.plot(x, y, "o", markersize=marker * 1.7, markerfacecolor="none", markeredgecolor=style.HIGHLIGHT,
                    markeredgewidth=2.2 * lw, zorder=11)
        ax.plot(x, y, "o", markersize=marker, markerfacecolor="#ffffff" if inferred else colour,
                markeredgecolor=colour if inferred else "#ffffff", markeredgewidth=(1.3 if inferred else 1.0) * lw,
                linestyle="none", zorder=12, gid=f"mv-id-{rec.eid}")
        ax.text(x, y, style.platform_glyph(rec.kind), ha="center", va="center_baseline", fontsize=glyph_size,
                color=colour if inferred else "#ffffff", fontweight="bold", family=font, zorder=12.5, clip_on=True)


def _selection_label(ax, shown: V.Shown, lay: Layers, fontsize: float) -> None:
    """The selected entity's (or place's) name on the map, next to its shape."""
    sel = shown.selected
    if sel is not None:
        geoms = [g for gdf in (lay.zones, lay.basins, lay.arcs, lay.points) if len(gdf)
                 for e, g in zip(gdf["eid"], gdf.geometry) if e == sel["eid"]]
        name = V.entity_name(sel, shown.view.lang)
    elif len(lay.selected_place):
        geoms, name = list(lay.selected_place.geometry), V.place_name(shown.selected_place, shown.view.lang)
    else:
        return
    if not geoms:
        return
    g = shapely.union_all(geoms)
    p = g.interpolate(0.5, normalized=True) if g.geom_type in ("LineString", "MultiLineString") else g.representative_point()
    ax.annotate(name, (p.x, p.y), xytext=(0, fontsize * 1.6), textcoords="offset points", ha="center", va="bottom",
                fontsize=fontsize, fontweight="bold", color="#222222", zorder=20,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "#ffffff", "edgecolor": style.HIGHLIGHT, "linewidth": 1},
                arrowprops={"arrowstyle": "-", "color": style.HIGHLIGHT, "linewidth": 1})


def legend_items(shown: V.Shown, lay: Layers) -> list[tuple]:
    """``(group, label, kind_of_swatch, colour, glyph)`` rows of the legend, in layer order: one
    per shown kind, then the context lines (river, place, inferred, maritime line)."""
    lang = shown.view.lang
    items = []
    ents = shown.entities
    cmp = V.compare_of(shown)
    if cmp is not None:  # compare mode: the three classes, with their counts, stand for the kinds
        from mapview.compare import STATUSES, status_label

        group = "对比" if lang != "en" else "compare"
        for st_ in STATUSES:
            items.append((group, f"{status_label(st_, lang)} ({cmp.counts.get(st_, 0)})", "line", _status_colour(st_), ""))
    for etype in (V.LAYER_ORDER if cmp is None else ()):
        kinds = sorted(set(ents[ents["etype"] == etype]["kind"]))
        for kind in kinds:
            swatch = {"pairing": "line", "zone": "area", "basin": "basin", "platform": "marker"}[etype]
            if etype == "zone" and kind in style.BROAD_ZONE_KINDS:
                swatch = "broad"
            name = V.kind_label(kind, lang)
            if _width(name) > 30 and " (" in name:  # the legend keeps the term, not its gloss
                name = name.split(" (")[0]
            items.append((V.type_label(etype, lang), name, swatch, style.kind_colour(kind),
                          style.platform_glyph(kind) if etype == "platform" else ""))
    other = "—" if lang != "en" else "—"
    if len(lay.rivers):
        items.append((other, "河流" if lang != "en" else "river course", "river", style.RIVER_LINE, ""))
    if len(lay.place) or len(lay.selected_place):
        items.append((other, V.label("place_outline", lang), "outline", style.HIGHLIGHT, ""))
    if (ents["basis"] == "inferred").any():
        items.append((other, V.basis_label("inferred", lang), "inferred", "#555555", ""))
    items.append((other, V.label("maritime", lang), "line", style.MARITIME_LINE, ""))
    return items


def _draw_legend(ax, items: list[tuple], title: str, fontsize: float, lw: float, font: str) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    fig = ax.figure
    box = ax.get_window_extent()
    height_pt = box.height * 72 / fig.dpi
    width_pt = box.width * 72 / fig.dpi
    rows = []
    group = None
    for it in items:
        if it[0] != group:
            rows.append(("head", it[0]))
            group = it[0]
        rows.append(("item", it))
    size = fontsize
    for _ in range(8):  # columns and size so that every row fits
        line = size * 1.75
        per_col = max(1, int((height_pt - size * 2.6) // line))
        cols = -(-len(rows) // per_col)
        longest = max((_width(r[1][1]) for r in rows if r[0] == "item"), default=4)
        if cols <= 2 and cols * (size * (longest + 3.2)) <= width_pt * 1.05:
            break
        size *= 0.9
    per_col = max(1, int((height_pt - size * 2.6) // (size * 1.75)))
    cols = -(-len(rows) // per_col)
    col_w = 1 / max(cols, 1)
    ax.text(0, 1, title, ha="left", va="top", fontsize=size * 1.15, fontweight="bold", family=font)
    dy = size * 1.75 / height_pt
    top = 1 - size * 2.3 / height_pt
    sw = size * 1.9 / width_pt  # swatch width in axes units
    sh = size * 0.8 / height_pt
    for i, row in enumerate(rows):
        col, r = divmod(i, per_col)
        x = col * col_w
        y = top - r * dy
        if row[0] == "head":
            if row[1] == "—" and r == 0:
                continue
            if row[1] != "—":
                ax.text(x, y, row[1], ha="left", va="center", fontsize=size, fontweight="bold", color="#333333", family=font)
            else:
                ax.plot([x, x + col_w * 0.85], [y, y], color="#cccccc", linewidth=0.6 * lw)
            continue
        _, label, swatch, colour, glyph = row[1]
        cx = x + sw / 2
        if swatch == "line":
            ax.add_line(Line2D([x, x + sw], [y, y], color=colour, linewidth=2.2 * lw))
        elif swatch in ("area", "broad", "basin"):
            ls = "solid" if swatch == "area" else ((0, (1.5, 3)) if swatch == "broad" else (0, (4, 3)))
            ax.add_patch(Rectangle((x, y - sh / 2), sw, sh, facecolor=_rgba(colour, 0.18), edgecolor=colour,
                                   linewidth=1.1 * lw, linestyle=ls))
        elif swatch == "river":
            ax.add_line(Line2D([x, x + sw], [y, y], color=colour, linewidth=2.0 * lw))
        elif swatch == "outline":
            ax.add_patch(Rectangle((x, y - sh / 2), sw, sh, facecolor="none", edgecolor=colour, linewidth=1.8 * lw))
        elif swatch == "inferred":
            ax.add_line(Line2D([x, x + sw], [y, y], color=_lighter(colour, 0.3), linewidth=1.8 * lw,
                               linestyle=(0, (2.5, 1.8))))
        elif swatch == "marker":
            ax.plot(cx, y, "o", markersize=size * 1.45, markerfacecolor=colour, markeredgecolor="#ffffff")
            ax.text(cx, y, glyph, ha="center", va="center_baseline", fontsize=size * 0.8, color="#ffffff",
                    fontweight="bold", family=font)
        ax.text(x + sw + size * 0.5 / width_pt, y, label, ha="left", va="center", fontsize=size, color="#222222",
                family=font)


def _draw_inset(fig, map_ax, b: Base, lw: float, fontsize: float, lang: str, font: str) -> None:
    """The 南海诸岛 inset at the lower right of the map."""
    x0, y0, x1, y1 = _project_box(INSET_BOX)
    pos = map_ax.get_position()
    fig_w, fig_h = fig.get_size_inches()
    h = pos.height * 0.34
    w = h * fig_h / fig_w * (x1 - x0) / (y1 - y0)
    if w > pos.width * 0.2:  # a tall map (A4): the inset no wider than a fifth of it
        w = pos.width * 0.2
        h = w * fig_w / fig_h * (y1 - y0) / (x1 - x0)
    ax = fig.add_axes([pos.x1 - w - pos.width * 0.006, pos.y0 + pos.height * 0.01, w, h])
    ax.set_facecolor(style.SEA)
    _polygons(ax, b.neighbour_paths, 1, facecolor=style.NEIGHBOUR_FILL, edgecolor=style.NEIGHBOUR_LINE,
              linewidth=0.4 * lw)
    _polygons(ax, b.province_paths, 2, facecolor=style.LAND, edgecolor=style.PROVINCE_LINE, linewidth=0.5 * lw)
    _draw_maritime(ax, b, lw, zorder=5, islands=0.8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#6b6457")
        spine.set_linewidth(0.9 * lw)
    ax.text(0.5, 0.02, V.label("inset", lang), transform=ax.transAxes, ha="center", va="bottom", fontsize=fontsize,
            color="#333333", family=font, bbox={"facecolor": style.SEA, "edgecolor": "none", "pad": 1})


def figure(view: V.View, size: str = "slide", lookup: F.GeoLookup | None = None, header: bool = True,
           source: bool = True):
    """The matplotlib Figure of ``view`` at ``size`` (a key of :data:`SIZES`); ``header=False``
    leaves out the title and caption and ``source=False`` the source line (a slide or a document
    sets them as its own text)."""
    import matplotlib
    from matplotlib.figure import Figure

    font = cjk_font()
    width_px, height_px, dpi, text_scale = SIZES[size]
    shown = V.shown(view)
    lang = view.lang
    title, caption, source_text = V.title(shown), V.caption(shown), V.source_line(shown)
    lay = layers(shown, lookup)
    items = legend_items(shown, lay)
    legend_title = V.label("legend", lang)
    check_glyphs(title + caption + source_text + legend_title + "".join(i[1] + i[0] + i[4] for i in items)
                 + "".join(str(n) for n in shown.entities["display"]))
    fig_w, fig_h = width_px / dpi, height_px / dpi
    scale = max(min(fig_w / 19.2, fig_h / 10.8), 0.62) * text_scale
    lw = scale * 1.0
    with matplotlib.rc_context({"font.family": [font, "DejaVu Sans"], "axes.unicode_minus": False,
                                "svg.fonttype": "path", "pdf.fonttype": 42, "svg.hashsalt": "regionmap"}):
        fig = Figure(figsize=(fig_w, fig_h), dpi=dpi, facecolor="#ffffff")
        margin = 0.012
        title_size, caption_size, source_size = 24 * scale, 12.5 * scale, 9 * scale
        if header:
            t_lines = wrap(title, (fig_w * 72 * (1 - 2 * margin)) / (title_size * 1.06))  # bold runs wider
            shown_title = t_lines[0].rstrip() + "…" if len(t_lines) > 1 else title  # one line, never past the edge
            fig.text(margin, 1 - margin, shown_title, ha="left", va="top", fontsize=title_size, fontweight="bold",
                     color="#1d1d1d")
            cap_lines = wrap(caption, (fig_w * 72 * (1 - 2 * margin)) / caption_size)
            cap_top = 1 - margin - title_size * 1.45 / (fig_h * 72)
            fig.text(margin, cap_top, "\n".join(cap_lines[:3]), ha="left", va="top", fontsize=caption_size,
                     color="#444444", linespacing=1.35)
        else:
            cap_lines, cap_top = [], 1 - margin * 0.5
        src_lines = wrap(source_text, (fig_w * 72 * (1 - 2 * margin)) / source_size)[:3] if source else []
        if src_lines:
            fig.text(margin, margin * 0.8, "\n".join(src_lines), ha="left", va="bottom", fontsize=source_size,
                     color="#555555", linespacing=1.3)
        top = cap_top - ((min(len(cap_lines), 3) * caption_size * 1.35 + caption_size * 0.6) / (fig_h * 72)
                         if header else 0)
        bottom = margin * 0.8 + ((len(src_lines) * source_size * 1.3 + source_size * 0.8) / (fig_h * 72)
                                 if src_lines else 0)
        legend_w = 0.23 if fig_w / fig_h > 1.6 else 0.27
        map_ax = fig.add_axes([margin, bottom, 1 - legend_w - 2.5 * margin, top - bottom])
        leg_ax = fig.add_axes([1 - legend_w - margin * 0.5, bottom, legend_w, top - bottom])
        pos = map_ax.get_position()
        aspect = (pos.width * fig_w) / (pos.height * fig_h)
        extent = _fit(frame(shown, lay), aspect, keep_top=not view.filters.place)
        b = base()
        _draw_base(map_ax, b, lw, extent, labels=True, lang=lang, fontsize=8.5 * scale)
        _draw_layers(map_ax, shown, lay, lw, marker=11 * scale, glyph_size=6.3 * scale, font=font)
        _selection_label(map_ax, shown, lay, fontsize=11 * scale)
        map_ax.set_xlim(extent[0], extent[2])
        map_ax.set_ylim(extent[1], extent[3])
        map_ax.set_aspect("equal", adjustable="box")
        map_ax.set_xticks([])
        map_ax.set_yticks([])
        map_ax.set_xlabel("")
        map_ax.set_ylabel("")
        for spine in map_ax.spines.values():
            spine.set_edgecolor("#9a9080")
            spine.set_linewidth(0.8 * lw)
        mx0, my0, mx1, my1 = b.maritime_bounds
        if not (extent[0] <= mx0 and extent[1] <= my0 and extent[2] >= mx1 and extent[3] >= my1):
            _draw_inset(fig, map_ax, b, lw, fontsize=8.5 * scale, lang=lang, font=font)
        _draw_legend(leg_ax, items, legend_title, fontsize=10 * scale, lw=lw, font=font)
    return fig


def render(view: V.View, fmt: str = "png", size: str = "slide", lookup: F.GeoLookup | None = None,
           header: bool = True, source: bool = True) -> bytes:
    """``view`` drawn as ``fmt`` (``png``, ``svg`` or ``pdf``) at ``size`` (``slide``: 1920×1080 px;
    ``a4``: A4 landscape, 3508×2480 px at 300 dpi; see :data:`SIZES`). Raises :class:`FontMissing` without a CJK font."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"picture format must be png, svg or pdf, not {fmt!r}")
    if size not in SIZES:
        raise ValueError(f"picture size must be one of {', '.join(SIZES)}, not {size!r}")
    with _LOCK:  # rcParams are global: one picture at a time (Streamlit runs sessions in threads)
        return _render(view, fmt, size, lookup, header, source)


_LOCK = threading.RLock()


def _render(view, fmt, size, lookup, header, source) -> bytes:
    fig = figure(view, size, lookup, header, source)
    shown_title = V.title(V.shown(view))
    buf = io.BytesIO()
    meta = {"png": {"Title": shown_title, "Software": "regionmap (matplotlib)"},
            "svg": {"Title": shown_title, "Date": None},
            "pdf": {"Title": shown_title, "CreationDate": None}}[fmt]
    font = cjk_font()
    import matplotlib

    with matplotlib.rc_context({"font.family": [font, "DejaVu Sans"], "svg.fonttype": "path", "pdf.fonttype": 42,
                                "svg.hashsalt": "regionmap"}):
        fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata=meta, facecolor=fig.get_facecolor())
    return buf.getvalue()


def png_slide(view: V.View) -> bytes:
    """PNG, 1920×1080 px (a 16:9 slide)."""
    return render(view, "png", "slide")


def png_a4(view: V.View) -> bytes:
    """PNG, A4 landscape at 300 dpi (3508×2480 px)."""
    return render(view, "png", "a4")


def svg(view: V.View) -> bytes:
    """SVG (text as paths: it shows the same without the font), slide proportions."""
    return render(view, "svg", "slide")


def pdf(view: V.View) -> bytes:
    """PDF, A4 landscape (vector; the CJK font embedded)."""
    return render(view, "pdf", "a4")
