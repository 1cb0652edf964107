"""中国区域合作政策地图 — the map page.

Run: ``streamlit run app.py``. This file only lays the page out; the parts live in ``mapview``:
``sidebar`` (filters <-> URL), ``mapwidget`` (the map: one script, a small state per rerun,
filtered in the browser by ``assets/map.js``), ``panel`` (the evidence of a selection), ``shown``
(tables and downloads below the map) and ``resources`` (cached data, geometry and the map's
static files). Adding texts and candidates is the other page, ``app_pages/1_数据维护.py``.
"""
from __future__ import annotations

import streamlit as st

from dataclasses import replace

from mapview import compare, compareview, export_panel, mapwidget, panel, resources, shown, sidebar
from mapview.export_registry import ExportView
from mapview.i18n import ui
from mapview.inert import html_text
from mapview.select import apply_filters
from pairings.glossary import KINDS

st.set_page_config(page_title="中国区域合作政策地图", page_icon="🗺️", layout="wide")

#: present mode's page style: no sidebar, header, toolbar or padding, so that the bar and the map
#: (sized to the window by assets/map.js mvPresent) are all there is, with no scrollbar
PRESENT_CSS = ("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],header,"
               "[data-testid='stToolbar'],[data-testid='stDecoration']{display:none!important}"
               ".block-container,[data-testid='stMainBlockContainer']{padding:4px 8px 0!important;max-width:100%!important}"
               "[data-testid='stMainBlockContainer']>div{gap:4px!important}"
               ".st-key-mv_present_bar{gap:12px;min-height:0}"
               ".st-key-mv_present_bar p{margin:0;font-size:13px}</style>")


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
    compareview.init(data.documents, all_docs, kinds_in_data, year_bounds)
    present = st.session_state["present"]
    if present:  # a slide: no sidebar, header or padding; the map fills the rest (assets/map.js mvPresent)
        st.markdown(PRESENT_CSS, unsafe_allow_html=True)  # inert: a constant of this file
    state = sidebar.state_of(data.documents, kinds_in_data, year_bounds)
    lang = state.lang
    st.session_state["lang"] = lang  # for the other page
    filters = sidebar.filters_of(state)
    cmp, filters = compareview.current(data, filters)  # compare mode: the map shows both sides
    state = replace(state, compare=st.session_state["compare"])

    if present:
        bar = st.container(key="mv_present_bar", horizontal=True, vertical_alignment="center")
    else:
        st.title(ui("title", lang))
        st.caption(ui("subtitle", lang))
    if reloaded:
        st.info(ui("data_reloaded", lang), icon="🔄")
    sidebar.show_url_notices(lang, sidebar.url_params(state, all_docs, kinds_in_data, year_bounds))
    if cmp is not None:  # what is compared: a line under the title, or in present mode's bar
        with bar if present else st.container():
            st.markdown(f'<div class="mv-cmp-caption">{html_text(compareview.caption_text(cmp, data.documents, lang))}</div>',
                        unsafe_allow_html=True)
    ents, mentions = resources.filtered(data, filters)  # once per process per filter
    col_map, col_info = st.columns([7, 3]) if not present else (st.container(), None)
    with col_map:  # the map first: its message leaves before the sidebar's and the tables'
        out = mapwidget.draw(state, filters, FOLDER, height=720 if present else 640,
                             compare=compare.compare_state(cmp, lang, data.documents) if cmp is not None else None,
                             message=ui("map_empty", lang) if ents.empty else None)
    sidebar.draw(data.documents, kinds_in_data, year_bounds)
    compareview.draw_sidebar(data.documents, year_bounds, lang)
    sidebar.present_link(state)
    mapwidget.take_click(out, data, filters)

    view = ExportView(data, filters, lang, ents, mentions, state, FOLDER)
    if present:
        with bar:
            sidebar.exit_link(state)
            with st.popover(ui("exports", lang), key="w_exports_pop"):
                export_panel.draw(view, columns=1)
    if col_info is not None:
        with col_info:
            # the buttons are sent only while the box is open: a filter click stays small
            box = st.expander(ui("exports", lang), expanded=False, key="w_exports_box", on_change="rerun")
            if box.open:
                with box:
                    export_panel.draw(view, columns=2)
            if cmp is not None:
                compareview.side_list(cmp, data, lang)
            panel.draw(data, resources.get_geo(), lang)
            # drawn only when asked for: the three specs and their data would add ~20 kB to every click
            if compareview.is_on("charts"):
                st.markdown(f"**{ui('cmp_glance', lang)}**")
                compareview.charts_view(data, ents, mentions, lang, year_bounds)
        with col_map:  # under the map, where the width is; drawn only when asked for (its table is ~20 kB a rerun)
            if compareview.is_on("timeline"):
                st.markdown(f"**{ui('cmp_timeline', lang)}**")
                st.caption(ui("cmp_timeline_hint", lang))
                compareview.timeline_view(data, apply_filters(data, replace(filters, docs=None, years=None))[0], lang)

    if not present:
        shown.draw(view, resources.placed_ids(FOLDER, lang))

    sidebar.write_url(state, all_docs, kinds_in_data, year_bounds)


_lang = "en" if st.session_state.get("lang") == "en" or st.query_params.get("lang") == "en" else "zh"
st.navigation([st.Page(map_page, title=ui("nav_map", _lang), icon="🗺️", default=True),
               st.Page("app_pages/1_数据维护.py", title=ui("nav_maintenance", _lang), icon="📝",
                       url_path="数据维护"),
               st.Page("app_pages/9_编辑数据表.py", title=ui("nav_tables", _lang), icon="✏️",
                       url_path="编辑数据表")]).run()
