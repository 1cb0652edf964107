"""中国区域合作政策地图 — the map page.

Run: ``streamlit run app.py``. This file only lays the page out; the parts live in ``mapview``:
``sidebar`` (filters <-> URL), ``mapwidget`` (the map: one script, a small state per rerun,
filtered in the browser by ``assets/map.js``), ``panel`` (the evidence of a selection), ``shown``
(tables and downloads below the map) and ``resources`` (cached data, geometry and the map's
static files). Adding texts and candidates is the other page, ``pages/1_数据维护.py``.
"""
from __future__ import annotations

import streamlit as st

from mapview import mapwidget, panel, resources, shown, sidebar
from mapview.export_registry import ExportView
from mapview.i18n import ui
from mapview.select import apply_filters
from pairings.glossary import KINDS

st.set_page_config(page_title="中国区域合作政策地图", page_icon="🗺️", layout="wide")


def map_page() -> None:
    """The map, its filters, the evidence panel and the tables."""
    FOLDER = resources.data_folder()
    data = resources.get_data(FOLDER)
    all_docs = tuple(data.documents["doc_id"])
    years = [int(y) for y in data.documents["year"].dropna()]
    year_bounds = (min(years), max(years)) if years else (2015, 2019)
    kinds_in_data = tuple(k for k in KINDS if k in set(data.entities["kind"]))

    sidebar.init_from_url(all_docs, kinds_in_data, year_bounds, data.documents)
    sidebar.follow_data(all_docs, kinds_in_data, year_bounds)  # new kinds / documents are shown
    reloaded = resources.reload_notice(FOLDER)
    present = st.session_state["present"]
    if present:
        st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],header{display:none}"
                    ".block-container{padding-top:1rem;max-width:100%}</style>", unsafe_allow_html=True)
    state = sidebar.state_of(data.documents, kinds_in_data, year_bounds)
    lang = state.lang
    st.session_state["lang"] = lang  # for the other page
    filters = sidebar.filters_of(state)

    st.title(ui("title", lang))
    st.caption(ui("subtitle", lang))
    if reloaded:
        st.info(ui("data_reloaded", lang), icon="🔄")
    sidebar.show_url_notices(lang, sidebar.url_params(state, all_docs, kinds_in_data, year_bounds))
    ents, mentions = apply_filters(data, filters)
    col_map, col_info = st.columns([7, 3]) if not present else (st.container(), None)
    with col_map:  # the map first: its message leaves before the sidebar's and the tables'
        out = mapwidget.draw(state, filters, FOLDER, height=720 if present else 640,
                             message=ui("map_empty", lang) if ents.empty else None)
    sidebar.draw(data.documents, kinds_in_data, year_bounds)
    sidebar.present_link(state)
    mapwidget.take_click(out, data, filters)

    if col_info is not None:
        with col_info:
            panel.draw(data, resources.get_geo(), lang)

    if not present:
        shown.draw(ExportView(data, filters, lang, ents, mentions, state), resources.placed_ids(FOLDER, lang))

    sidebar.write_url(state, all_docs, kinds_in_data, year_bounds)


_lang = "en" if st.session_state.get("lang") == "en" or st.query_params.get("lang") == "en" else "zh"
st.navigation([st.Page(map_page, title=ui("nav_map", _lang), icon="🗺️", default=True),
               st.Page("pages/1_数据维护.py", title=ui("nav_maintenance", _lang), icon="📝",
                       url_path="数据维护"),
               st.Page("pages/9_编辑数据表.py", title=ui("nav_tables", _lang), icon="✏️",
                       url_path="编辑数据表")]).run()
