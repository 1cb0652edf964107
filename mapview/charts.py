"""Small charts beside the map, as Altair specs (pure: tables in, ``alt.Chart`` out).

In: what the current filter shows — ``entities, mentions = select.apply_filters(data, filters)``
— and ``data.documents``. Each chart has a table function (the values, testable) and a chart
function (the spec). Every bar is selectable: the chart carries a point-selection parameter named
:data:`DOC_PARAM` / :data:`PROVINCE_PARAM` / :data:`YEAR_PARAM` over one field, so the app can
read a click with ``event = st.altair_chart(chart, on_select="rerun", key=...)`` and
``selected_values(event, DOC_PARAM, "doc_id")``.

- :func:`features_per_document`: per document (date order) and layer, the shown entities it cites.
- :func:`partners_per_province`: per province, the shown pairings it takes part in (``ties``: as a
  party, or inside a party that is a zone/basin/platform) and the distinct other provinces on the
  other side (``partners``); ``rank`` is the competition rank of ``ties`` (equal counts share a
  rank: 1, 2, 2, 4), rows sorted by ties, then partners, then adcode.
- :func:`first_cited_year`: per year and layer, the shown entities whose earliest citation among
  the shown documents falls in that year.
Labels (document titles, province names, kinds) follow ``lang``; ids never show as labels.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from pairings.entities import ENTITY_TYPE_NAMES, entity_label

DOC_PARAM = "doc"
PROVINCE_PARAM = "province"
YEAR_PARAM = "year"
#: one colour per layer (Tol's bright scheme, via mapview.palette)
LAYER_SOURCE = {"pairing": "bright.blue", "zone": "bright.red", "basin": "bright.cyan", "platform": "bright.green"}

_TEXT = {
    "n": ("数量", "count"),
    "document": ("文件", "document"),
    "layer": ("图层", "layer"),
    "province": ("省级行政区", "province"),
    "ties": ("合作关系数", "cooperation ties"),
    "partners": ("合作省份数", "partner provinces"),
    "rank": ("名次", "rank"),
    "year": ("首次提及年份", "first cited"),
    "features_title": ("各文件提及的内容", "Features per document"),
    "partners_title": ("合作关系最多的省份", "Provinces with the most cooperation ties"),
    "year_title": ("首次提及年份", "Year first cited"),
}


def _t(key: str, lang: str) -> str:
    zh, en = _TEXT[key]
    return en if lang == "en" else zh


def _layer_scale(lang: str):
    import altair as alt

    from mapview.palette import tol

    return alt.Scale(domain=[entity_label(t, lang) for t in ENTITY_TYPE_NAMES],
                     range=[tol(LAYER_SOURCE[t]) for t in ENTITY_TYPE_NAMES])


# ---------------------------------------------------------------------------------------------
# features per document and layer


def features_per_document(entities: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
                          lang: str = "zh") -> pd.DataFrame:
    """``doc_id, document, order, layer_key, layer, n``: shown entities cited by each shown
    document, per layer (documents in date order; a document citing nothing shown is left out)."""
    from mapview.i18n import document_labels

    cols = ["doc_id", "document", "order", "layer_key", "layer", "n"]
    if entities.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    m = mentions[mentions["entity_id"].isin(set(entities["eid"]))].drop_duplicates(["entity_id", "doc_id"])
    m = m.merge(entities[["eid", "etype"]].drop_duplicates("eid"), left_on="entity_id", right_on="eid")
    table = m.groupby(["doc_id", "etype"]).size().rename("n").reset_index()
    docs = documents.sort_values(["date", "doc_id"]).reset_index(drop=True)
    order = {d: i for i, d in enumerate(docs["doc_id"])}
    labels = document_labels(docs, lang)
    layer_order = {t: i for i, t in enumerate(ENTITY_TYPE_NAMES)}
    table = table.assign(document=table["doc_id"].map(labels), order=table["doc_id"].map(order),
                         layer_key=table["etype"], layer=[entity_label(t, lang) for t in table["etype"]],
                         _l=table["etype"].map(layer_order))
    table = table.sort_values(["order", "_l"]).reset_index(drop=True)
    table["n"] = table["n"].astype(int)
    return table[cols]


def features_per_document_chart(table: pd.DataFrame, lang: str = "zh"):
    """Stacked horizontal bars (one per document, coloured by layer); selection :data:`DOC_PARAM`
    over ``doc_id``."""
    import altair as alt

    pick = alt.selection_point(name=DOC_PARAM, fields=["doc_id"])
    sort = list(table.drop_duplicates("doc_id").sort_values("order")["document"])
    return (alt.Chart(table, title=_t("features_title", lang)).mark_bar()
            .encode(y=alt.Y("document:N", sort=sort, title=None),
                    x=alt.X("sum(n):Q", title=_t("n", lang)),
                    color=alt.Color("layer:N", scale=_layer_scale(lang), title=_t("layer", lang)),
                    # the bars are aggregated (sum of n): doc_id must be a grouping field, or a
                    # click selects a bar whose datum has no doc_id ({"doc": [{}]})
                    detail="doc_id:N",
                    opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
                    tooltip=[alt.Tooltip("document:N", title=_t("document", lang)),
                             alt.Tooltip("layer:N", title=_t("layer", lang)),
                             alt.Tooltip("n:Q", title=_t("n", lang))])
            .add_params(pick))


# ---------------------------------------------------------------------------------------------
# partners per province


def _province(adcode: str) -> str | None:
    return adcode[:2] + "0000" if len(adcode) == 6 and adcode.isdigit() else None


def _side_provinces(ref: str, units_of: dict[str, tuple[str, ...]]) -> set[str]:
    ref = str(ref or "").strip()
    if _province(ref):
        return {_province(ref)}
    return {p for u in units_of.get(ref, ()) if (p := _province(u))}


def partners_per_province(entities: pd.DataFrame, all_entities: pd.DataFrame | None = None,
                          lang: str = "zh", gaz=None) -> pd.DataFrame:
    """``adcode, province, ties, partners, rank`` over the shown pairings (see the module doc).

    ``all_entities`` (``data.entities``) resolves parties that are entities (their members or
    host); by default ``entities`` itself.
    """
    from mapview.data import entity_units
    from mapview.i18n import unit_name

    cols = ["adcode", "province", "ties", "partners", "rank"]
    pairs = entities[entities["etype"] == "pairing"] if len(entities) else entities
    if pairs is None or pairs.empty:
        return pd.DataFrame(columns=cols)
    units_of = entity_units(all_entities if all_entities is not None else entities)
    ties: dict[str, int] = {}
    partners: dict[str, set[str]] = {}
    for rec in pairs.itertuples(index=False):
        a, b = _side_provinces(rec.a_ref, units_of), _side_provinces(rec.b_ref, units_of)
        for prov in a | b:
            ties[prov] = ties.get(prov, 0) + 1
        for prov in a:
            partners.setdefault(prov, set()).update(b - {prov})
        for prov in b:
            partners.setdefault(prov, set()).update(a - {prov})
    if gaz is None:
        import geo

        gaz = geo.gazetteer()
    table = pd.DataFrame({"adcode": list(ties), "ties": list(ties.values())})
    table["partners"] = [len(partners.get(c, ())) for c in table["adcode"]]
    table["province"] = [unit_name(c, lang, gaz, short=True) for c in table["adcode"]]
    table = table.sort_values(["ties", "partners", "adcode"], ascending=[False, False, True]).reset_index(drop=True)
    table["rank"] = table["ties"].rank(method="min", ascending=False).astype(int)
    return table[cols]


def partners_chart(table: pd.DataFrame, lang: str = "zh", top: int = 15):
    """Horizontal bars of ``ties`` for the first ``top`` rows (all rows tied with the last one are
    kept), rank and partners in the tooltip; selection :data:`PROVINCE_PARAM` over ``adcode``."""
    import altair as alt

    if len(table) > top:
        cutoff = table["ties"].iloc[top - 1]
        table = table[table["ties"] >= cutoff]
    pick = alt.selection_point(name=PROVINCE_PARAM, fields=["adcode"])
    from mapview.palette import tol

    return (alt.Chart(table, title=_t("partners_title", lang)).mark_bar(color=tol(LAYER_SOURCE["pairing"]))
            .encode(y=alt.Y("province:N", sort=list(table["province"]), title=None),
                    x=alt.X("ties:Q", title=_t("ties", lang)),
                    opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
                    tooltip=[alt.Tooltip("province:N", title=_t("province", lang)),
                             alt.Tooltip("rank:Q", title=_t("rank", lang)),
                             alt.Tooltip("ties:Q", title=_t("ties", lang)),
                             alt.Tooltip("partners:Q", title=_t("partners", lang))])
            .add_params(pick))


# ---------------------------------------------------------------------------------------------
# first-cited year


def first_cited_year(entities: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
                     lang: str = "zh") -> pd.DataFrame:
    """``year, layer_key, layer, n``: shown entities by the year of their earliest citation among
    the given mentions (documents without a year are not counted)."""
    cols = ["year", "layer_key", "layer", "n"]
    if entities.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    years = documents.set_index("doc_id")["year"]
    m = mentions[mentions["entity_id"].isin(set(entities["eid"]))]
    m = m.assign(year=m["doc_id"].map(years)).dropna(subset=["year"])
    first = m.groupby("entity_id")["year"].min().astype(int)
    etype = entities.drop_duplicates("eid").set_index("eid")["etype"]
    table = pd.DataFrame({"year": first.values, "layer_key": etype.reindex(first.index).values})
    table = table.groupby(["year", "layer_key"]).size().rename("n").reset_index()
    layer_order = {t: i for i, t in enumerate(ENTITY_TYPE_NAMES)}
    table = table.assign(layer=[entity_label(t, lang) for t in table["layer_key"]],
                         _l=table["layer_key"].map(layer_order)).sort_values(["year", "_l"])
    table["n"] = table["n"].astype(int)
    return table[cols].reset_index(drop=True)


def first_cited_year_chart(table: pd.DataFrame, lang: str = "zh"):
    """Stacked vertical bars per year, coloured by layer; selection :data:`YEAR_PARAM` over ``year``."""
    import altair as alt

    pick = alt.selection_point(name=YEAR_PARAM, fields=["year"])
    return (alt.Chart(table, title=_t("year_title", lang)).mark_bar()
            .encode(x=alt.X("year:O", title=_t("year", lang)),
                    y=alt.Y("sum(n):Q", title=_t("n", lang)),
                    color=alt.Color("layer:N", scale=_layer_scale(lang), title=_t("layer", lang)),
                    opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
                    tooltip=[alt.Tooltip("year:O", title=_t("year", lang)),
                             alt.Tooltip("layer:N", title=_t("layer", lang)),
                             alt.Tooltip("n:Q", title=_t("n", lang))])
            .add_params(pick))


# ---------------------------------------------------------------------------------------------
# reading a click


def selected_values(event: Any, param: str, field: str) -> list:
    """The values of ``field`` chosen in selection ``param`` of an ``st.altair_chart(...,
    on_select="rerun")`` result (``{"selection": {param: [{field: value}, ...]}}``, as a dict or
    attribute object); ``[]`` when nothing is selected."""
    if event is None:
        return []
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if selection is None:
        return []
    chosen = selection.get(param) if isinstance(selection, dict) else getattr(selection, param, None)
    if not chosen:
        return []
    if isinstance(chosen, dict):
        value = chosen.get(field)
        return list(value) if isinstance(value, (list, tuple)) else ([value] if value is not None else [])
    return [item[field] for item in chosen if isinstance(item, dict) and field in item]
