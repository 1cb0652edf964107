"""The current view as data files: CSV (one row per citation) and GeoJSON (one feature per entity).

- CSV: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF line ends, one row per mention of a shown
  entity by a selected document, with the entity (id, layer, kind, name, parties, basis) and the
  citation (document id, title, issuer, date, clause, verbatim quote); in compare mode also
  ``compare_status`` (added / dropped / shared), which the GeoJSON's properties carry too. Every cell goes through
  :func:`pairings.safety.spreadsheet_cell`, so a cell starting with ``= + - @`` opens as text,
  never as a formula.
- GeoJSON: a FeatureCollection (RFC 7946, lon/lat) with one feature per shown entity: a zone's or
  basin's dissolved outline, a pairing's arc, a platform's point; its properties hold the entity
  and every citation (title, date, clause, quote). An entity without geometry is kept with
  ``"geometry": null`` (and listed in the collection's ``unplaced``): nothing is dropped.

In: a :class:`mapview.exports.view.View`. Out: bytes.
"""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import shapely

from mapview import features as F
from mapview import style
from mapview.exports import view as V

CSV_COLUMNS = ["entity_id", "layer", "kind", "kind_label", "name", "parties", "basis", "n_docs",
               "doc_id", "doc_title", "issuer", "date", "clause", "quote"]


def csv_rows(shown: V.Shown) -> list[list[str]]:
    """The CSV as rows of plain (not yet neutralised) strings, header first."""
    lang = shown.view.lang
    ents = {r["eid"]: r for _, r in shown.entities.iterrows()}
    status = V.compare_status(shown)  # compare mode: one more column, added / dropped / shared
    rows = [CSV_COLUMNS + (["compare_status"] if status else [])]
    for m in shown.mentions.itertuples(index=False):
        e = ents[m.entity_id]
        rows.append([m.entity_id, e["etype"], e["kind"], V.kind_label(e["kind"], lang), e["name"],
                     V.parties_text(e, lang), e["basis"], str(int(e["n_docs"])), m.doc_id, m.title, m.issuer,
                     m.date, m.clause, m.quote] + ([status.get(m.entity_id, "")] if status else []))
    return rows


def to_csv(view: V.View) -> bytes:
    """CSV of the view (see module doc): UTF-8 with BOM, every cell neutralised."""
    from pairings.safety import spreadsheet_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in csv_rows(V.shown(view)):
        writer.writerow([spreadsheet_cell(c) for c in row])
    return buf.getvalue().encode("utf-8-sig")


def _round(geom, digits: int = 5):
    """``geom`` with its coordinates rounded to ``digits`` decimals (about 1 m at 5)."""
    return shapely.transform(geom, lambda xy: np.round(xy, digits)) if geom is not None else None


def entity_geometries(shown: V.Shown, lookup: F.GeoLookup | None = None) -> dict:
    """eid -> shapely geometry (EPSG:4326) of every shown entity that can be placed: a zone's or
    basin's dissolved outline, a pairing's arc (with its arrowhead for a directed one, as a
    GeometryCollection), a platform's point."""
    geo = lookup or F.default_lookup()
    ents = shown.entities
    by = {t: ents[ents["etype"] == t] for t in V.LAYER_ORDER}
    geo.prefetch_areas([m for t in ("zone", "basin") for m in by[t]["members"]])
    out: dict = {}
    for etype in ("zone", "basin"):
        areas, _ = F.area_layer(by[etype], geo, with_members=False)
        out.update(zip(areas["eid"], areas.geometry))
    arcs = F.arc_layer(by["pairing"], shown.view.data.entities, geo)
    for rec in arcs.itertuples(index=False):
        if rec.part == "arc":
            out[rec.eid] = rec.geometry
    points = F.platform_layer(by["platform"], geo)
    out.update(zip(points["eid"], points.geometry))
    return out


def feature_collection(shown: V.Shown, lookup: F.GeoLookup | None = None, arrows: bool = False) -> dict:
    """The GeoJSON FeatureCollection of ``shown`` as a dict (see module doc). ``arrows`` adds a
    feature per arrowhead (``role: "arrow"``) for the offline map."""
    lang = shown.view.lang
    geoms = entity_geometries(shown, lookup)
    status = V.compare_status(shown)
    features, unplaced = [], []
    for _, e in shown.entities.iterrows():
        cites = [{"doc_id": c.doc_id, "title": c.title, "issuer": c.issuer, "date": c.date, "clause": c.clause,
                  "quote": c.quote} for c in shown.citations(e["eid"]).itertuples(index=False)]
        geom = geoms.get(e["eid"])
        if geom is None:
            unplaced.append(e["eid"])
        props = {
            "id": e["eid"], "layer": e["etype"], "layer_label": V.type_label(e["etype"], lang), "kind": e["kind"],
            "kind_label": V.kind_label(e["kind"], lang), "name": e["name"],
            "parties_heading": V.parties_heading(e["etype"], lang), "parties": V.parties_text(e, lang),
            "basis": e["basis"], "basis_label": V.basis_label(e["basis"], lang), "n_docs": int(e["n_docs"]),
            "colour": style.kind_colour(e["kind"]),
            "glyph": style.platform_glyph(e["kind"]) if e["etype"] == "platform" else "",
            "citations": cites,
        }
        if status:  # compare mode: what the comparison found, and its colour as on the map
            from mapview.palette import compare_style

            props["compare_status"] = status.get(e["eid"], "")
            if props["compare_status"]:
                props["colour"] = str(compare_style(props["compare_status"])["colour"])
        features.append({"type": "Feature", "id": e["eid"], "properties": props,
                         "geometry": shapely.geometry.mapping(_round(geom)) if geom is not None else None})
    if arrows:
        arcs = F.arc_layer(shown.entities[shown.entities["etype"] == "pairing"], shown.view.data.entities,
                           lookup or F.default_lookup())
        for rec in arcs[arcs["part"] == "arrow"].itertuples(index=False) if len(arcs) else ():
            features.append({"type": "Feature", "properties": {"id": rec.eid, "role": "arrow",
                                                               "colour": style.kind_colour(rec.kind)},
                             "geometry": shapely.geometry.mapping(_round(rec.geometry))})
    return {"type": "FeatureCollection", "name": V.title(shown), "caption": V.caption(shown),
            "source": V.source_line(shown), "unplaced": unplaced, "features": features}


def to_geojson(view: V.View) -> bytes:
    """GeoJSON of the view (see module doc), UTF-8."""
    fc = feature_collection(V.shown(view))
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
