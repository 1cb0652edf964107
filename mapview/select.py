"""Filtering: which entities and citations the current filters show (pure pandas, no geometry).

Rules
- An entity is shown when at least one of its mentions is in a selected document whose year is in
  the year range, its type (layer) is selected and its kind is selected.
- ``n_docs`` counts the distinct selected documents citing it (the arc weight).
- Basis filter ``text`` ("only what the texts state"): rows whose ``basis`` is ``inferred`` are hidden.
- Place filter (an adcode): a pairing or platform involves the place when one of its units is the
  place or lies inside it; a zone or basin also when one of its members contains the place
  (the area covers it). Containment follows the adcode hierarchy (``xx0000`` province,
  ``xxxx00`` prefecture, other codes county-level).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mapview.data import Dataset, entity_units, is_adcode
from pairings.entities import AREA_TYPES as _AREA_TYPES
from pairings.entities import ENTITY_TYPE_NAMES


@dataclass(frozen=True)
class Filters:
    """The user's choices. ``None`` for docs/kinds means "all"."""

    docs: tuple[str, ...] | None = None
    layers: tuple[str, ...] = ENTITY_TYPE_NAMES
    kinds: tuple[str, ...] | None = None
    years: tuple[int, int] | None = None
    place: str | None = None
    #: ``"text"``: only what the texts state (rows whose ``basis`` is ``inferred`` are hidden);
    #: None: every row
    basis: str | None = None


def unit_level(adcode: str) -> str:
    """``province``, ``city`` or ``county`` from the shape of a 6-digit adcode."""
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "county"


def contains(outer: str, inner: str) -> bool:
    """True when unit ``inner`` is ``outer`` or lies inside it (adcode hierarchy)."""
    if not (is_adcode(outer) and is_adcode(inner)):
        return False
    level = unit_level(outer)
    if level == "province":
        return inner[:2] == outer[:2]
    if level == "city":
        return inner[:4] == outer[:4]
    return inner == outer


def involves(etype: str, units: tuple[str, ...], place: str) -> bool:
    """Does an entity of type ``etype`` touching ``units`` involve ``place`` (see module doc)?"""
    for unit in units:
        if contains(place, unit):
            return True
        if etype in _AREA_TYPES and contains(unit, place):
            return True
    return False


def apply_filters(data: Dataset, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(entities, mentions)`` shown under ``filters``.

    ``entities`` is ``data.entities`` narrowed, with an added ``n_docs`` column and ``doc_ids``
    (tuple of citing selected documents, in date order); ``mentions`` the citations behind them.
    """
    docs = data.documents
    if filters.docs is not None:
        docs = docs[docs["doc_id"].isin(filters.docs)]
    if filters.years is not None:
        lo, hi = filters.years
        year = docs["year"]
        docs = docs[year.isna() | ((year >= lo) & (year <= hi))]
    doc_order = {d: i for i, d in enumerate(docs["doc_id"])}
    mentions = data.mentions[data.mentions["doc_id"].isin(doc_order)]
    ents = data.entities[data.entities["etype"].isin(filters.layers)]
    if filters.kinds is not None:
        ents = ents[ents["kind"].isin(filters.kinds)]
    ents = ents[ents["eid"].isin(set(mentions["entity_id"]))]
    if filters.basis == "text" and "basis" in ents.columns:
        ents = ents[ents["basis"] != "inferred"]
    if filters.place:
        units = entity_units(data.entities)
        keep = [involves(r.etype, units.get(r.eid, ()), filters.place) for r in ents.itertuples(index=False)]
        ents = ents[pd.Series(keep, index=ents.index, dtype=bool)] if len(ents) else ents
    mentions = mentions[mentions["entity_id"].isin(set(ents["eid"]))]
    # each entity's citing documents, in document order, no repeats (a plain loop: a groupby with a
    # Python aggregate cost ~25 ms a filter at 10x the data)
    ordered = mentions.assign(_o=mentions["doc_id"].map(doc_order)).sort_values("_o", kind="stable")
    by_entity: dict[str, dict] = {}
    for eid, doc in zip(ordered["entity_id"].tolist(), ordered["doc_id"].tolist()):
        by_entity.setdefault(eid, {})[doc] = None
    cited = {eid: tuple(docs) for eid, docs in by_entity.items()}
    ents = ents.copy()
    ents["doc_ids"] = ents["eid"].map(cited)
    ents["n_docs"] = ents["doc_ids"].map(len).astype(int) if len(ents) else pd.Series(dtype=int)
    return ents.reset_index(drop=True), mentions.reset_index(drop=True)


def counts(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Table of shown entities by layer (rows) and document (columns), with a total column."""
    if entities.empty:
        return pd.DataFrame()
    merged = mentions.merge(entities[["eid", "etype"]], left_on="entity_id", right_on="eid")
    table = merged.pivot_table(index="etype", columns="doc_id", values="eid", aggfunc="nunique", fill_value=0)
    table["total"] = entities.groupby("etype")["eid"].nunique()
    return table


def involving(data: Dataset, place: str) -> pd.DataFrame:
    """Every entity (any document) that involves ``place``; used for the click-a-province panel."""
    units = entity_units(data.entities)
    mask = [involves(r.etype, units.get(r.eid, ()), place) for r in data.entities.itertuples(index=False)]
    return data.entities[pd.Series(mask, index=data.entities.index, dtype=bool)].reset_index(drop=True)
