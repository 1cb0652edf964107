"""Compare two documents, two groups of documents or two years, and the documents' timeline (pure).

Definitions (side A is the *base*, side B the one compared with it; each side is a set of
documents, see :class:`Side`):

- an entity is **cited by a side** when at least one document of the side has a mention of it;
- **added**: cited by B and not by A;
- **dropped**: cited by A and not by B;
- **shared**: cited by both;
- an entity cited by neither side is not part of the comparison.

Each compared entity carries the quote that justifies its class: for *added* the quote of the
first document of B (date order) that cites it, for *dropped* that of the first document of A, for
*shared* both (``quote`` is B's, ``quote_a`` A's). The map draws the classes with the CSS classes
:data:`CSS_CLASS` (``mv-added`` / ``mv-dropped`` / ``mv-shared``), beside ``mv-id-<entity id>``.

The URL form is ``compare=A,B`` where each side is written as one of
- a document id (``ndrc2015``),
- several ids joined by ``+`` (``ndrc2015+dongbei2017``: a group),
- a year (``2015``) or a year range (``2015-2017``): the documents dated in it.
:func:`parse_compare` reads it (unknown parts are reported, never silently dropped) and
:func:`format_compare` writes it back.

The **timeline** (:func:`timeline`) lists the documents by date, each with the entities it first
introduced: those it cites and no earlier-dated document cites (two documents of the same date
both introduce what they share and no earlier one cites).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from mapview.data import Dataset

ADDED, DROPPED, SHARED = "added", "dropped", "shared"
#: the three classes, in the order the side list shows them
STATUSES = (ADDED, DROPPED, SHARED)
#: CSS class of each status, carried by a compared feature beside ``mv-id-<entity id>``
CSS_CLASS = {ADDED: "mv-added", DROPPED: "mv-dropped", SHARED: "mv-shared"}
#: how each status is called in the UI (zh, en)
STATUS_LABELS = {
    ADDED: ("新增", "added"),
    DROPPED: ("不再提及", "dropped"),
    SHARED: ("两者都有", "shared"),
}
_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def status_label(status: str, lang: str = "zh") -> str:
    """UI label of a status (``added``/``dropped``/``shared``) in ``lang``."""
    zh, en = STATUS_LABELS[status]
    return en if lang == "en" else zh


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the documents it stands for and how it was written.

    ``spec`` is the URL form (``ndrc2015``, ``a+b``, ``2015``, ``2015-2017``); ``doc_ids`` the
    documents (date order); ``years`` the year range when the side was given as years.
    """

    spec: str
    doc_ids: tuple[str, ...]
    years: tuple[int, int] | None = None

    def label(self, documents: pd.DataFrame | None = None, lang: str = "zh") -> str:
        """A short label: the year(s), or the documents' titles (their ids when no table is given)."""
        if self.years is not None:
            lo, hi = self.years
            return str(lo) if lo == hi else f"{lo}–{hi}"
        if documents is None or documents.empty:
            return " + ".join(self.doc_ids)
        from mapview.i18n import document_label

        by_id = {r["doc_id"]: r for r in documents.to_dict("records")}
        return " + ".join(document_label(by_id[d], lang) if d in by_id else d for d in self.doc_ids)


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`.

    ``table``: one row per compared entity, columns ``eid, etype, kind, name, status, css_class,
    doc_id, clause, quote, doc_id_a, clause_a, quote_a`` — ``doc_id/clause/quote`` from the side
    that has the entity (B for added and shared, A for dropped), ``*_a`` from A (empty for added).
    Rows are ordered by status (added, dropped, shared), then layer, kind and name.
    ``counts``: ``{"added": n, "dropped": n, "shared": n}``.
    """

    a: Side
    b: Side
    table: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)

    def ids(self, status: str) -> tuple[str, ...]:
        """Entity ids of one status, in table order."""
        return tuple(self.table.loc[self.table["status"] == status, "eid"])

    def status_of(self) -> dict[str, str]:
        """``{entity id: status}`` for every compared entity (what the map needs for its classes)."""
        return dict(zip(self.table["eid"], self.table["status"]))


def _ordered_docs(documents: pd.DataFrame) -> list[str]:
    return list(documents.sort_values(["date", "doc_id"])["doc_id"])


def side_from_docs(doc_ids, documents: pd.DataFrame) -> Side:
    """A side made of the given document ids (kept in date order; unknown ids raise ValueError)."""
    order = _ordered_docs(documents)
    wanted = list(dict.fromkeys(str(d) for d in doc_ids))
    unknown = [d for d in wanted if d not in order]
    if unknown:
        raise ValueError(f"unknown document id(s): {', '.join(unknown)}")
    ids = tuple(d for d in order if d in wanted)
    return Side("+".join(ids), ids)


def side_from_years(lo: int, hi: int, documents: pd.DataFrame) -> Side:
    """A side made of the documents dated in the years ``lo``..``hi`` (inclusive)."""
    lo, hi = sorted((int(lo), int(hi)))
    docs = documents.sort_values(["date", "doc_id"])
    year = docs["year"]
    ids = tuple(docs.loc[year.notna() & (year >= lo) & (year <= hi), "doc_id"])
    return Side(str(lo) if lo == hi else f"{lo}-{hi}", ids, (lo, hi))


def parse_side(spec: str, documents: pd.DataFrame) -> tuple[Side | None, list[str]]:
    """One side of ``compare=`` -> ``(Side or None, problems)``.

    A year or range gives the documents dated in it (None, with a problem, when there are none);
    ids joined by ``+`` give those documents; an unknown id is a problem and is left out (None
    when nothing known is left).
    """
    spec = str(spec or "").strip()
    if not spec:
        return None, ["empty side"]
    m = _YEAR.match(spec)
    if m:
        lo = int(m.group(1))
        hi = int(m.group(2) or lo)
        side = side_from_years(lo, hi, documents)
        if not side.doc_ids:
            return None, [f"no document dated {side.spec}"]
        return side, []
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    known = set(documents["doc_id"])
    problems = [f"unknown document {p}" for p in parts if p not in known]
    kept = [p for p in parts if p in known]
    if not kept:
        return None, problems or ["empty side"]
    return side_from_docs(kept, documents), problems


def parse_compare(value: str, documents: pd.DataFrame) -> tuple[tuple[Side, Side] | None, list[str]]:
    """The ``compare=`` URL value -> ``((A, B) or None, problems)``.

    ``value`` is ``A,B`` (see the module doc). None, with problems that say why, when it is not two
    sides, a side is unknown or empty, or both sides are the same documents.
    """
    value = str(value or "").strip()
    if not value:
        return None, []
    parts = value.split(",")
    if len(parts) != 2:
        return None, [f"compare needs two sides written A,B (got {len(parts)})"]
    a, pa = parse_side(parts[0], documents)
    b, pb = parse_side(parts[1], documents)
    problems = pa + pb
    if a is None or b is None:
        return None, problems
    if set(a.doc_ids) == set(b.doc_ids):
        return None, problems + ["both sides are the same documents"]
    return (a, b), problems


def format_compare(a: Side, b: Side) -> str:
    """The URL value for comparing ``a`` with ``b`` (inverse of :func:`parse_compare`)."""
    return f"{a.spec},{b.spec}"


_TABLE_COLUMNS = ["eid", "etype", "kind", "name", "status", "css_class", "doc_id", "clause", "quote",
                  "doc_id_a", "clause_a", "quote_a"]


def _first_mention(mentions: pd.DataFrame, doc_ids: tuple[str, ...]) -> dict[str, dict]:
    """entity id -> its mention in the first (date order) of ``doc_ids`` that cites it."""
    rank = {d: i for i, d in enumerate(doc_ids)}
    m = mentions[mentions["doc_id"].isin(rank)]
    m = m.assign(_r=m["doc_id"].map(rank)).sort_values(["_r", "clause"], kind="stable")
    out: dict[str, dict] = {}
    for rec in m.to_dict("records"):
        out.setdefault(rec["entity_id"], rec)
    return out


def compare(data: Dataset, a: Side, b: Side, entities: pd.DataFrame | None = None) -> Comparison:
    """Classify every entity cited by side ``a`` or ``b`` as added / dropped / shared.

    ``entities`` (optional) narrows the comparison to those rows (e.g. the current layer/kind/place
    filter, ``apply_filters(...)[0]`` with all documents); by default every entity is compared.
    """
    ents = data.entities if entities is None else entities
    ents = ents.drop_duplicates("eid")
    ma = _first_mention(data.mentions, a.doc_ids)
    mb = _first_mention(data.mentions, b.doc_ids)
    layer_order = {t: i for i, t in enumerate(("pairing", "zone", "basin", "platform"))}
    status_order = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for rec in ents.to_dict("records"):
        eid = rec["eid"]
        in_a, in_b = eid in ma, eid in mb
        if not (in_a or in_b):
            continue
        status = SHARED if in_a and in_b else (ADDED if in_b else DROPPED)
        main = mb[eid] if in_b else ma[eid]
        base = ma.get(eid, {})
        rows.append({
            "eid": eid, "etype": rec["etype"], "kind": rec["kind"], "name": rec["name"],
            "status": status, "css_class": CSS_CLASS[status],
            "doc_id": main["doc_id"], "clause": main["clause"], "quote": main["quote"],
            "doc_id_a": base.get("doc_id", ""), "clause_a": base.get("clause", ""),
            "quote_a": base.get("quote", ""),
        })
    table = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
    if len(table):
        table = (table.assign(_s=table["status"].map(status_order), _l=table["etype"].map(layer_order))
                 .sort_values(["_s", "_l", "kind", "name", "eid"], kind="stable")
                 .drop(columns=["_s", "_l"]).reset_index(drop=True))
    counts = {s: int((table["status"] == s).sum()) for s in STATUSES}
    return Comparison(a, b, table, counts)


def compare_docs(data: Dataset, doc_a: str, doc_b: str, entities: pd.DataFrame | None = None) -> Comparison:
    """Shortcut: compare document ``doc_a`` (base) with document ``doc_b``."""
    return compare(data, side_from_docs([doc_a], data.documents), side_from_docs([doc_b], data.documents),
                   entities)


def compare_years(data: Dataset, year_a: int, year_b: int, entities: pd.DataFrame | None = None) -> Comparison:
    """Shortcut: compare the documents dated ``year_a`` with those dated ``year_b``."""
    return compare(data, side_from_years(year_a, year_a, data.documents),
                   side_from_years(year_b, year_b, data.documents), entities)


@dataclass(frozen=True)
class TimelineStep:
    """One document on the timeline: its id, date, year, every entity it cites (``cited``) and the
    ones it first introduced (``introduced``; ids ordered by layer, kind, name)."""

    doc_id: str
    date: str
    year: int | None
    cited: tuple[str, ...]
    introduced: tuple[str, ...]


def timeline(data: Dataset, entities: pd.DataFrame | None = None) -> list[TimelineStep]:
    """Documents by date (then id), each with what it first introduced (see the module doc).

    ``entities`` (optional) narrows what counts (e.g. the current filter); by default all.
    """
    ents = data.entities if entities is None else entities
    keep = set(ents["eid"])
    layer_order = {t: i for i, t in enumerate(("pairing", "zone", "basin", "platform"))}
    sort_key = {r["eid"]: (layer_order.get(r["etype"], 9), r["kind"], r["name"], r["eid"])
                for r in ents.to_dict("records")}
    docs = data.documents.sort_values(["date", "doc_id"], kind="stable")
    men = data.mentions[data.mentions["entity_id"].isin(keep)]
    cited_by: dict[str, set[str]] = men.groupby("doc_id")["entity_id"].agg(set).to_dict()
    date_of = dict(zip(docs["doc_id"], docs["date"]))
    # the earliest date each entity is cited on
    first_date: dict[str, str] = {}
    for rec in men.to_dict("records"):
        d = date_of.get(rec["doc_id"])
        if d is None:
            continue
        if rec["entity_id"] not in first_date or d < first_date[rec["entity_id"]]:
            first_date[rec["entity_id"]] = d
    steps = []
    for rec in docs.to_dict("records"):
        cited = cited_by.get(rec["doc_id"], set())
        intro = [e for e in cited if first_date.get(e) == rec["date"]]
        year = rec["year"]
        steps.append(TimelineStep(
            rec["doc_id"], rec["date"], None if pd.isna(year) else int(year),
            tuple(sorted(cited, key=sort_key.__getitem__)), tuple(sorted(intro, key=sort_key.__getitem__))))
    return steps


def timeline_table(data: Dataset, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """The timeline as a table: ``doc_id, date, year, eid, etype, kind, name`` — one row per entity a
    document first introduced, documents in date order (what the timeline view lists)."""
    ents = data.entities if entities is None else entities
    by_id = {r["eid"]: r for r in ents.to_dict("records")}
    rows = [{"doc_id": s.doc_id, "date": s.date, "year": s.year, "eid": e, "etype": by_id[e]["etype"],
             "kind": by_id[e]["kind"], "name": by_id[e]["name"]}
            for s in timeline(data, ents) for e in s.introduced]
    return pd.DataFrame(rows, columns=["doc_id", "date", "year", "eid", "etype", "kind", "name"])


# ---------------------------------------------------------------------------------------------
# wiring helpers (pure): what the page, the map state and the exports need


def union_docs(a: Side, b: Side) -> tuple[str, ...]:
    """The documents of both sides (A's first, then B's; no repeats): in compare mode the map's
    document filter, so that it shows exactly the compared entities."""
    return tuple(dict.fromkeys((*a.doc_ids, *b.doc_ids)))


def compare_state(comparison: Comparison, lang: str = "zh", documents: pd.DataFrame | None = None) -> dict:
    """The ``compare`` field of the map's per-rerun state (``mapview.payload.map_state``) for
    ``assets/map.js`` ``mvCompare``: ``ids`` (status -> entity ids), ``styles`` (status -> Leaflet
    path style: ``color``, ``dashArray``, ``fillOpacity``, and ``cls``, the CSS class) and
    ``legend`` (escaped HTML of the three styles with their counts) and ``inferredNote`` (the legend's
    note on inferred rows in compare mode: they keep their dash, the colour gives the class). A few
    kB: ids only, no geometry."""
    import html

    from mapview.palette import compare_style

    styles, items = {}, []
    for status in STATUSES:
        st_ = compare_style(status)
        styles[status] = {"color": st_["colour"], "dashArray": st_["dash"] or None,
                          "fillOpacity": st_["fill_opacity"], "cls": CSS_CLASS[status]}
        dash = f"stroke-dasharray:{st_['dash']};" if st_["dash"] else ""
        swatch = (f'<svg width="26" height="12" aria-hidden="true"><line x1="1" y1="6" x2="25" y2="6" '
                  f'stroke="{st_["colour"]}" stroke-width="3" style="{dash}"/></svg>')
        items.append(f'<div class="mv-cmp-legend-item {CSS_CLASS[status]}" data-status="{status}">{swatch} '
                     f'{html.escape(status_label(status, lang))} ({comparison.counts.get(status, 0)})</div>')
    head = html.escape(f"{comparison.a.label(documents, lang)} → {comparison.b.label(documents, lang)}")
    legend = f'<div class="mv-legend-group mv-cmp-legend"><b>{head}</b>{"".join(items)}</div>'
    from mapview.i18n import ui

    # inferred features keep their dash in compare mode (assets/map.js cmpRestyle): the legend says so
    inferred_note = (f'<div class="mv-cmp-inferred"><span class="mv-swatch mv-swatch-inferred"></span>'
                     f'{html.escape(ui("legend_inferred_cmp", lang))}</div>')
    return {"ids": {s: list(comparison.ids(s)) for s in STATUSES}, "styles": styles, "legend": legend,
            "inferredNote": inferred_note}
