"""数据维护 — add a text: upload or paste it, extract candidates, accept, download or write them.

The candidates (unreviewed, magenta, dashed) are drawn on a map over the curated data; the
workflow is ``mapview.upload_panel``. Writing into the CSVs needs ``REGIONMAP_EDITING=1``
(``pairings.store.append_rows``: one transaction; ``pairings.store.recover`` runs once per process).
"""
from __future__ import annotations

import streamlit as st

from mapview import mapwidget, resources, upload_panel, urlstate
from mapview.i18n import store_text, ui
from mapview.inert import md_join, md_text
from mapview.select import Filters

st.set_page_config(page_title="数据维护 · 中国区域合作政策地图", page_icon="📝", layout="wide")

FOLDER = resources.data_folder()
lang = st.session_state.get("lang") or ("en" if st.query_params.get("lang") == "en" else "zh")
st.session_state.setdefault("sel", "")
if upload_panel.editing():  # complete or roll back an interrupted save, once per process
    from pairings.store import StoreError

    try:
        done = resources.recover_once(FOLDER)
    except StoreError as exc:
        st.error(md_text(store_text(exc, lang)))
        st.stop()
    if done:
        st.info(md_join("; ", [ui("recovered", lang), *(store_text(n, lang) for n in done)]))
data = resources.get_data(FOLDER)
if resources.reload_notice(FOLDER):
    st.info(ui("data_reloaded", lang), icon="🔄")

st.title(ui("upload", lang))
accepted = upload_panel.draw(data, FOLDER, lang)
url, unplaced = upload_panel.candidates_url(accepted, data, lang)
if len(unplaced):  # candidates whose parties have no geometry: listed, not dropped
    st.caption(ui("unplaced", lang).format(n=len(unplaced)))
    st.dataframe(unplaced, hide_index=True, width="stretch", key="w_cand_unplaced")
mapwidget.draw(urlstate.ViewState(lang=lang), Filters(), FOLDER, height=560, candidates=url)
