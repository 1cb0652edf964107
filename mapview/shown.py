"""Below the map (Streamlit): counts by layer and document, the table of what is shown, the
downloads (``mapview.export_registry.EXPORTS``), the rows the data check left out and the
entities the map could not place.

The shown table lists at most :data:`MAX_ROWS` rows (the downloads hold all of them), so that
what a filter click sends to the browser does not grow with the data.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mapview.compose import kind_label
from mapview.export_registry import EXPORTS, ExportView, shown_table
from mapview.i18n import entity_label, ui
from mapview.select import counts

MAX_ROWS = 100


def draw(view: ExportView, placed: frozenset) -> None:
    """Draw everything below the map for ``view``; ``placed``: ids the map can draw."""
    lang, data, ents = view.lang, view.data, view.entities
    T = lambda key: ui(key, lang)  # noqa: E731
    if ents.empty:
        st.warning(T("nothing"))
    st.subheader(T("counts"))
    table = counts(ents, view.mentions)
    if not table.empty:
        table.index = [entity_label(t, lang) for t in table.index]
        st.dataframe(table.rename(columns={"total": T("total")}), width="stretch")
    st.subheader(T("shown"))
    shown = shown_table(view)
    if len(shown) > MAX_ROWS:
        st.caption(T("shown_first").format(n=MAX_ROWS, total=len(shown)))
        shown = shown.iloc[:MAX_ROWS]
    # the page shows translated headers and layer names; the CSV keeps the schema's column names
    headers = {"eid": "id", "etype": T("layers"), "kind": T("kinds"), "name": T("name"),
               "n_docs": T("n_docs"), "documents": T("documents")}
    st.dataframe(shown.assign(etype=shown["etype"].map(lambda t: entity_label(t, lang))) if len(shown) else shown,
                 hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(label) for c, label in headers.items()})
    cols = st.columns(max(1, min(len(EXPORTS), 6)))
    for i, exp in enumerate(EXPORTS):
        cols[i % len(cols)].download_button(exp.label(lang), (lambda e=exp: e.func(view)), exp.filename, exp.mime,
                                            key=f"w_export_{exp.name}", on_click="ignore")
    if not data.validated:
        st.caption(T("not_validated"))
    if data.report:
        with st.expander(T("left_out").format(n=len(data.report)), expanded=False):
            st.dataframe(pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "message": p.message,
                                        "severity": getattr(p, "severity", "")} for p in data.report]),
                         hide_index=True, width="stretch")
    unplaced = ents[~ents["eid"].isin(placed)][["eid", "etype", "kind", "name"]] if len(ents) else ents
    if len(unplaced):
        with st.expander(T("unplaced").format(n=len(unplaced))):
            st.dataframe(unplaced,
                         hide_index=True, width="stretch")
