"""The downloads of the current view (Streamlit): one ``st.download_button`` per entry of
:data:`mapview.export_registry.EXPORTS`, beside the map and in present mode.

A file is built only when its button is pressed (Streamlit's deferred download data: the button
holds a function, which Streamlit runs when the browser asks for the file), never on a rerun,
and it is kept per view (:func:`build`, ``st.cache_data`` keyed on the export's name and the
view's state), so a second press, or another session with the same view, gets it at once. The
buttons sit in a fragment: nothing on them reruns the page.

Widget keys (tests): ``w_export_<name>`` (e.g. ``w_export_png``, ``w_export_pptx``).
"""
from __future__ import annotations

import json

import streamlit as st

from mapview import urlstate
from mapview.export_registry import EXPORTS, ExportView, export
from mapview.i18n import ui


def view_key(view: ExportView) -> str:
    """What makes a view's files the same: the data loaded (its object and size: a reload makes
    a new one), its folder and the URL state without the map's framing and present-mode
    switches (documents, layers, kinds, years, place, basis, selection, language). JSON text."""
    state = view.state
    if state is not None:
        params = urlstate.to_params(state)
        for k in ("view", "present", "chrome", "tiles"):
            params.pop(k, None)
        params["lang"] = state.lang
    else:
        f = view.filters
        params = {"lang": view.lang, "docs": f.docs, "layers": f.layers, "kinds": f.kinds, "years": f.years,
                  "place": f.place, "basis": getattr(f, "basis", None)}
    data = view.data
    return json.dumps({"p": params, "folder": view.folder, "data": id(data), "n": len(data.mentions)},
                      sort_keys=True, ensure_ascii=False, default=list)


@st.cache_data(show_spinner=False, max_entries=64)
def build(name: str, key: str, _view: ExportView) -> bytes:
    """The bytes of export ``name`` for the view ``_view`` whose :func:`view_key` is ``key``
    (cached on ``(name, key)``; the view itself is not hashed)."""
    return export(name).func(_view)


def draw(view: ExportView, columns: int = 2) -> None:
    """One download button per export of ``view`` in ``columns`` columns (keys ``w_export_<name>``)."""
    _buttons(view, columns)


@st.fragment
def _buttons(view: ExportView, columns: int) -> None:
    lang = view.lang
    key = view_key(view)
    st.caption(ui("exports_help", lang))
    cols = st.columns(max(1, columns))
    for i, exp in enumerate(EXPORTS):
        cols[i % len(cols)].download_button(
            exp.label(lang), (lambda name=exp.name: build(name, key, view)), exp.filename, exp.mime,
            key=f"w_export_{exp.name}", on_click="ignore", width="stretch",
            help=ui("exports_slow", lang) if exp.slow else None)
