"""Below the map (Streamlit): counts by layer and document, the table of what is shown (its
downloads are beside the map: ``mapview.export_panel``), the rows the data check left out and the
entities the map could not place.

The shown table lists :data:`MAX_ROWS` rows a page (the downloads hold all of them), so that
what a filter click sends to the browser does not grow with the data.
"""
from __future__ import annotations

import hashlib
import math

import pandas as pd
import streamlit as st

from mapview.compose import kind_label
from mapview.export_registry import ExportView, shown_table
from mapview import resources
from mapview.i18n import document_labels, entity_label, ui
from mapview.inert import md_text
from mapview.select import counts

MAX_ROWS = 25  # rows a page: each rerun resends the page it shows (a click and a first visit stay small)


def readable(shown: pd.DataFrame, lang: str, doc_labels: dict, names: dict) -> pd.DataFrame:
    """The shown table as the page displays it (issue 13, English all the way): names in ``lang``
    (``i18n.display_names``), kinds in ``lang``, documents by their short titles
    (``i18n.document_labels``, never ids), ``、``/``; `` joined. The CSV keeps the schema's values."""
    if not len(shown):
        return shown
    sep = "、" if lang == "zh" else "; "
    return shown.assign(
        name=shown["eid"].map(names).fillna(shown["name"]),
        kind=shown["kind"].map(lambda k: kind_label(k, lang)),
        documents=shown["documents"].map(lambda d: sep.join(doc_labels.get(x, x) for x in str(d).split(";") if x)))


@st.fragment
def _shown_table(shown: pd.DataFrame, lang: str) -> None:
    """The shown rows, :data:`MAX_ROWS` a page (a fragment: turning a page reruns only this)."""
    T = lambda key: ui(key, lang)  # noqa: E731
    pages = max(1, math.ceil(len(shown) / MAX_ROWS))
    page = 1
    if pages > 1:
        # keyed by the rows: another filter starts again at page 1
        key = "w_shown_page_" + hashlib.sha1("".join(shown["eid"]).encode("utf-8")).hexdigest()[:10]
        page = int(st.number_input(T("page"), 1, pages, 1, key=key))
        st.caption(T("shown_first").format(first=(page - 1) * MAX_ROWS + 1, last=min(page * MAX_ROWS, len(shown)),
                                           total=len(shown)))
    part = shown.iloc[(page - 1) * MAX_ROWS:page * MAX_ROWS]
    # the page shows translated headers and layer names; the CSV keeps the schema's column names
    headers = {"eid": "id", "etype": T("layers"), "kind": T("kinds"), "name": T("name"),
               "n_docs": T("n_docs"), "documents": T("documents")}
    st.dataframe(part.assign(etype=part["etype"].map(lambda t: entity_label(t, lang))) if len(part) else part,
                 hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(label) for c, label in headers.items()})


def draw(view: ExportView, placed: frozenset) -> None:
    """Draw everything below the map for ``view``; ``placed``: ids the map can draw."""
    lang, data, ents = view.lang, view.data, view.entities
    T = lambda key: ui(key, lang)  # noqa: E731
    if ents.empty:
        st.warning(T("nothing"))
    st.subheader(T("counts"))
    table = resources.counts(data, view.filters) if view.filters is not None else counts(ents, view.mentions)
    if not table.empty:
        table.index = [entity_label(t, lang) for t in table.index]
        st.dataframe(table.rename(columns={"total": T("total"), **document_labels(data.documents, lang)}),
                     width="stretch")
    st.subheader(T("shown"))
    doc_labels = document_labels(data.documents, lang)
    _shown_table(readable(shown_table(view), lang, doc_labels, resources.names(data, lang)), lang)
    if not data.validated:
        st.caption(T("not_validated"))
    if data.report:
        # honest notices (mapview.notices): "left out" counts rows left out; warnings apart
        from mapview.notices import data_notices, summary
        from pairings.safety import inert_markdown

        with st.expander(md_text(summary(data.report, lang)), expanded=False):
            for level, text in data_notices(data.report, lang):
                getattr(st, level)("  \n".join(inert_markdown(line) for line in text.split("\n")))
            st.dataframe(pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "message": p.message,
                                        "severity": getattr(p, "severity", "")} for p in data.report]),
                         hide_index=True, width="stretch")
    unplaced = ents[~ents["eid"].isin(placed)][["eid", "etype", "kind", "name"]] if len(ents) else ents
    if len(unplaced):
        with st.expander(T("unplaced").format(n=len(unplaced))):
            st.dataframe(unplaced,
                         hide_index=True, width="stretch")
