"""The one registry of map layers: which entity type each draws, how, in which order.

``compose`` (per filter), ``payload`` (every entity, once, for the browser-side filter) and the
candidates layer loop over :data:`LAYERS` instead of naming the four layers again. A new layer is
one :class:`Layer` entry (plus its entity type in ``pairings.entities``).

In: the entities of one type (rows of ``Dataset.entities``, with ``n_docs``), the dataset, a
``GeoLookup``. Out: GeoDataFrames (``geometry``) and GeoJSON feature dicts (``features``) as
``mapview.render`` builds them. No Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from pairings.entities import AREA_TYPES

from mapview import features as F
from mapview import render, style


def _areas(ents, data, geo):
    return [F.area_layer(ents, geo, with_members=False)[0]]


def _basins(ents, data, geo):
    areas = F.area_layer(ents, geo, with_members=False)[0]
    return [areas, F.river_layer(ents, geo) if "rivers" in ents.columns else areas.iloc[0:0]]


def _arcs(ents, data, geo):
    return [F.arc_layer(ents, data.entities, geo)]


def _points(ents, data, geo):
    return [F.platform_layer(ents, geo)]


def _area_features(geoms, label, unreviewed=False):
    areas = geoms[0]
    members = areas.iloc[0:0].assign(adcode=[], member=[]) if unreviewed else areas.iloc[0:0]
    return render.area_features(areas, members, label, unreviewed=unreviewed)


def _basin_features(geoms, label, unreviewed=False):
    out = _area_features(geoms, label, unreviewed)
    return out if unreviewed else out + render.river_features(geoms[1], label)


def _arc_features(geoms, label, unreviewed=False):
    return render.arc_features(geoms[0], label, unreviewed=unreviewed)


def _point_features(geoms, label, unreviewed=False):
    return render.platform_features(geoms[0], label, unreviewed=unreviewed)


@dataclass(frozen=True)
class Layer:
    """One map layer.

    - ``name``: its key (``zones`` …): ``Composition.layers[name]``, the browser's pane ``mv-<name>``;
    - ``etype``: the entity type it draws (``pairings.entities``);
    - ``geometry(ents, data, geo)``: the GeoDataFrames of those entities (a list);
    - ``features(geometries, label, unreviewed=False)``: GeoJSON feature dicts from them
      (``label(kind)`` gives the tooltip's kind line; ``unreviewed``: the candidates' style);
    - ``clustered``: markers grouped into clusters (Leaflet.markercluster);
    - ``glyph(kind)``: the character its legend swatch shows (as its markers do), or None;
    - ``order``: draw order, bottom (1) to top.
    """

    name: str
    etype: str
    geometry: Callable
    features: Callable
    clustered: bool = False
    glyph: Callable[[str], str | None] = lambda kind: None
    order: int = 0

    def placed(self, geometries) -> set[str]:
        """Entity ids that got a geometry."""
        return {e for g in geometries if len(g) for e in g["eid"]}


LAYERS: tuple[Layer, ...] = (
    Layer("zones", "zone", _areas, _area_features, order=1),
    Layer("basins", "basin", _basins, _basin_features, order=2),
    Layer("pairings", "pairing", _arcs, _arc_features, order=3),
    Layer("platforms", "platform", _points, _point_features, clustered=True, glyph=style.platform_glyph, order=4),
)
_BY_ETYPE = {layer.etype: layer for layer in LAYERS}


def layer_of(etype: str) -> Layer:
    """The layer that draws entity type ``etype``."""
    return _BY_ETYPE[etype]


def build(ents: pd.DataFrame, data, geo, label, unreviewed: bool = False) -> dict:
    """``{layer name: (geometries, features)}`` for the entities ``ents`` (any mix of types),
    layer by layer in draw order."""
    area_members = [m for m in ents[ents["etype"].isin(["zone", "basin"])]["members"]] if len(ents) else []
    geo.prefetch_areas(area_members)
    out = {}
    for layer in sorted(LAYERS, key=lambda x: x.order):
        part = ents[ents["etype"] == layer.etype]
        geoms = layer.geometry(part, data, geo)
        out[layer.name] = (geoms, layer.features(geoms, label, unreviewed))
    return out


def legend_items(ents: pd.DataFrame, lang: str, label) -> list[tuple]:
    """Legend items ``(group, label, colour[, glyph])`` of the kinds in ``ents``, by entity type
    in registry order."""
    from pairings.entities import ENTITY_TYPES

    items = []
    for etype in ENTITY_TYPES:
        if etype.name not in _BY_ETYPE:
            continue
        glyph = _BY_ETYPE[etype.name].glyph
        kinds = sorted(set(ents.loc[ents["etype"] == etype.name, "kind"])) if len(ents) else []
        for kind in kinds:
            g = glyph(kind)
            items.append((etype.label(lang), label(kind), style.kind_colour(kind)) + ((g,) if g else ()))
    return items


def mark_basis(features: list[dict], basis: dict, partial: dict | None = None) -> list[dict]:
    """Features of ``inferred`` entities (``basis``: eid -> basis) get the class ``mv-inferred``
    and a dashed, lighter style; areas with partial members (``partial``: eid -> adcodes) the
    class ``mv-has-partial``. A feature shared by several entities (a river course named by
    several basins) is drawn as inferred only when all of them are: a line that a cited basin
    also draws is not an inference. In place; returns ``features``."""
    partial = partial or {}
    for f in features:
        props = f["properties"]
        ids = props.get("eids") or [props.get("eid")]
        s = props.get("s") or {}
        known = [e for e in ids if e]
        if known and all(basis.get(e) == "inferred" for e in known):
            s["className"] = s.get("className", "") + " mv-inferred"
            if "opacity" in s:
                s["opacity"] = round(s["opacity"] * 0.6, 2)
            if "fillOpacity" in s:
                s["fillOpacity"] = round(s["fillOpacity"] * 0.5, 3)
            if not props.get("icon"):
                s["dashArray"] = "1 5" if props.get("etype") == "pairing" else "3 5"
        if any(partial.get(e) for e in ids if e) and props.get("etype") in AREA_TYPES:
            s["className"] = s.get("className", "") + " mv-has-partial"
    return features
