"""Compose the shown layers for one set of filters: GeoJSON strings + legend items (no Streamlit).

``compose(data, geo, filters, lang)`` is what the app caches per filter combination.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mapview import features as F
from mapview import render, style
from mapview.data import Dataset
from mapview.i18n import ui
from mapview.select import Filters, apply_filters


def kind_label(kind: str, lang: str) -> str:
    """The kind as shown: the term itself in Chinese, its glossary label in English."""
    from pairings.glossary import english

    return kind if lang == "zh" else english(kind)


def kind_label_roles(kind: str, lang: str) -> str:
    """:func:`kind_label` followed by the kind's role words when it is directed
    (``对口支援 · 支援方 → 受援方``), for tooltips and the legend; unchanged when the label already
    says them."""
    from mapview.i18n import role_words

    label = kind_label(kind, lang)
    words = role_words(kind, lang)
    if not words:
        return label
    roles = " → ".join(words)
    return label if roles.lower() in label.lower() else f"{label} · {roles}"


@dataclass(frozen=True)
class Composition:
    """The result of one filter combination.

    ``entities``/``mentions``: what is shown (see ``select.apply_filters``); ``layers``: layer name ->
    FeatureCollection JSON string (``zones``, ``basins``, ``rivers``, ``pairings``, ``platforms``,
    ``highlight``); ``legend``: ``(group, label, colour)`` items
    (platforms: ``(group, label, colour, glyph)``, the glyph drawn in their markers); ``unplaced``: shown entities without
    geometry; ``n_features``: entity shapes drawn per layer.
    """

    entities: pd.DataFrame
    mentions: pd.DataFrame
    layers: dict
    legend: list
    unplaced: pd.DataFrame
    n_features: dict


def compose(data: Dataset, geo: F.GeoLookup, filters: Filters, lang: str = "zh") -> Composition:
    """Filter, join to geometry and serialise every layer (``mapview.layers.LAYERS``) for ``filters``."""
    from mapview.layers import LAYERS, build, legend_items, mark_basis

    label = lambda k: kind_label_roles(k, lang)  # noqa: E731
    ents, mentions = apply_filters(data, filters)
    built = build(ents, data, geo, label)
    basis = dict(zip(ents["eid"], ents["basis"])) if "basis" in ents.columns else {}
    layers = {name: render.collection(mark_basis(feats, basis)) for name, (_, feats) in built.items()}
    highlight = []
    if filters.place:
        unit = geo.unit(filters.place)
        if unit is not None:
            highlight.append(render.highlight_feature(unit.geometry, filters.place, unit.name))
    layers["highlight"] = render.collection(highlight)
    n_features = {}
    for layer in LAYERS:
        first = built[layer.name][0][0]
        n_features[layer.etype] = (int((first["part"] == "arc").sum()) if "part" in first.columns and len(first)
                                   else len(first))
    placed = [g for _, (geoms, _) in built.items() for g in geoms]
    return Composition(ents, mentions, layers, legend_items(ents, lang, label), F.unplaced(ents, *placed), n_features)


def candidate_layers(candidates: pd.DataFrame, data: Dataset, geo: F.GeoLookup,
                     lang: str = "zh") -> tuple[str, pd.DataFrame]:
    """``(json, unplaced)`` for candidate entities (``mapview.candidates.candidate_entities``):
    the FeatureCollection JSON in the unreviewed style (arcs, areas and platform markers, class
    ``mv-candidate``; a pairing's party may be a curated zone or platform) and the candidates that
    could not be drawn (``eid, etype, kind, name``), which the app lists instead of dropping."""
    from mapview.layers import build

    label = lambda k: f"{kind_label(k, lang)} · {ui('unreviewed', lang)}"  # noqa: E731
    built = build(candidates, data, geo, label, unreviewed=True)
    feats = [f for _, (_, fs) in built.items() for f in fs]
    placed = [g for _, (geoms, _) in built.items() for g in geoms[:1]]
    return render.collection(feats), F.unplaced(candidates, *placed)


def compose_candidates(candidates: pd.DataFrame, data: Dataset, geo: F.GeoLookup, lang: str = "zh") -> str:
    """The FeatureCollection JSON of :func:`candidate_layers`."""
    return candidate_layers(candidates, data, geo, lang)[0]


def selected_outlines(data: Dataset, geo: F.GeoLookup, eid: str) -> str:
    """FeatureCollection JSON of the outlines of the units a selected entity touches: the members
    of a zone/basin, the two parties of a pairing, the host of a platform (class ``mv-member``)."""
    from mapview.data import entity_units

    hit = data.entities[data.entities["eid"] == eid]
    if hit.empty:
        return render.collection([])
    rec = hit.iloc[0]
    units = entity_units(data.entities).get(eid, ())
    members = pd.DataFrame([{"eid": eid, "etype": rec["etype"], "kind": rec["kind"], "name": rec["name"],
                             "members": tuple(units), "n_docs": 1}])
    _, outlines = F.area_layer(members, geo)
    outlines = outlines.assign(adcode="member")  # draw province members too (not skipped as 0000 codes)
    return render.collection(render.area_features(outlines.iloc[0:0], outlines, lambda k: k, emphasis=True))


def place_outlines(geo: F.GeoLookup, adcode: str, lang: str = "zh") -> str:
    """FeatureCollection JSON for a selected place: a province's prefecture-level units as
    clickable outlines (class ``mv-city``, property ``adcode``), or a city's own outline."""
    from mapview.select import contains, unit_level

    units = geo.units
    if unit_level(adcode) == "province":
        rows = units[(units["level"] == "city") & units["adcode"].map(lambda c: contains(adcode, str(c)))]
    else:
        rows = units[units["adcode"] == adcode]
    out = []
    for rec in rows.itertuples(index=False):
        label = rec.name if lang == "zh" else f"{rec.name_en} {rec.name}"
        out.append(render.feature(render._simplified(rec.geometry, 0.01), rec.adcode,
                                  {"color": "#6b6457", "weight": 0.8, "fillColor": "#ffffff", "fillOpacity": 0.01,
                                   "className": f"mv-city mv-code-{rec.adcode}"},
                                  render.tooltip(label), adcode=rec.adcode, kind="city"))
    return render.collection(out)
