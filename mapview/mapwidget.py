"""The map on the page (Streamlit + streamlit-folium): the same map script on every rerun, and
the rerun's small state (``mapview.payload.map_state``) that ``assets/map.js`` applies.

streamlit-folium keys its component by a hash of the map's script, so a script that never
changes keeps the component (and the geometry it has fetched) alive; the state travels as the
component's ``feature_group`` argument, which it evaluates only when it changed.
"""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from mapview import payload, render, resources
from mapview.i18n import ui
from mapview.select import Filters


def view_of(state, geo) -> tuple:
    """``(center, zoom)`` the map is sent to: the centre/zoom of an older ``view=lat,lng,zoom``
    link the page was opened with (until the user picks a place), else ``(None, None)`` (bounds
    and places are framed by the browser: :func:`fit_of`)."""
    data_view = st.session_state.get("view")
    if data_view and len(data_view) == 3:
        return [data_view[0], data_view[1]], data_view[2]
    return None, None


def fit_of(state) -> dict | None:
    """What ``assets/map.js`` ``mvFit`` frames, once per ``key``: the bounds of a ``view=s,w,n,e``
    link the page was opened with (until the user picks a place), else, for a searched place,
    everything shown (the place and its partners), else the mainland (``render.MAINLAND_BOUNDS``,
    key ``home``); None for an older ``view=lat,lng,zoom`` link (its centre and zoom are sent)."""
    data_view = st.session_state.get("view")
    if data_view and len(data_view) == 4:
        s, w, n, e = data_view
        return {"bounds": [[s, w], [n, e]], "key": "view:" + ",".join(f"{v:.2f}" for v in data_view)}
    if data_view:
        return None
    if state.place:
        return {"shown": True, "key": "place:" + state.place}
    # the default view: the mainland, framed again when the frame changes size (present mode on a
    # 4K screen) until the user moves the map; folium's own fit ran at the frame's first size
    (s, w), (n, e) = render.MAINLAND_BOUNDS
    return {"bounds": [[s, w], [n, e]], "key": "home"}


def present_of(state, data, folder: str | None) -> dict | None:
    """Present mode's extras for ``assets/map.js`` ``mvPresent``: the caption of what is shown
    (title + documents, place, selection, counts: ``mapview.exports.view``), the selected
    feature's name (labelled on the map) and ``chrome`` (False: no zoom buttons, scale bar and map
    buttons). None outside present mode."""
    if not state.present:
        return None
    title, caption, name = _caption(state, data, folder)
    return {"title": title, "caption": caption, "label": name, "chrome": bool(state.chrome)}


def _caption(state, data, folder):
    from mapview.export_panel import view_key
    from mapview.export_registry import ExportView

    key = view_key(ExportView(data, None, state.lang, None, None, state, folder))
    return _caption_cached(key, state, data, folder)


@st.cache_data(show_spinner=False, max_entries=64)
def _caption_cached(key: str, _state, _data, _folder):
    from mapview.exports import view as xview
    from mapview.i18n import display_name, unit_name

    sh = xview.shown(xview.view_from_state(_data, _state, data_dir=_folder))
    name = ""
    if sh.selected is not None:
        name = display_name(sh.selected, _state.lang)
    elif sh.selected_place:
        name = unit_name(sh.selected_place, _state.lang)
    return xview.title(sh), xview.caption(sh), name


def draw(state, filters: Filters, folder: str, height: int, candidates: str | None = None,
         compare: dict | None = None, message: str | None = None):
    """Draw the map for the view ``state`` and return streamlit-folium's value (the last click).
    Besides ``payload.map_state`` the state carries ``fit`` (:func:`fit_of`), ``present``
    (:func:`present_of`) and ``ui`` (the map buttons' words); ``message``: plain text the map shows
    over itself (e.g. that nothing matches the filters)."""
    geo = resources.get_geo()
    sel = st.session_state["sel"]
    if sel.startswith("place:"):  # a clicked province shows its cities, which can be clicked in turn
        outlines, clickable = resources.place_outlines_url(sel.split(":", 1)[1], state.lang), True
    else:
        outlines, clickable = (resources.outlines_url(sel, folder) if sel else None), False
    map_state = payload.map_state(
        base=resources.base_url(state.lang), ents=resources.ents_url(folder, state.lang), filters=filters,
        sel=sel.split(":", 1)[1] if sel.startswith("place:") else sel, tiles=state.tiles,
        outlines=outlines, outlines_clickable=clickable,
        highlight=resources.highlight_url(state.place) if state.place else None, candidates=candidates,
        compare=compare)
    map_state.update(fit=fit_of(state), present=present_of(state, resources.get_data(folder), folder),
                     ui={k: ui(k, state.lang) for k in ("fit_results", "copy_link", "link_copied", "present_exit")})
    if message:
        map_state["msg"] = message  # assets/map.js mvMessage (plain text, set as textContent)
    center, zoom = view_of(state, geo)
    return st_folium(render.shell_map(), key="map", height=height, use_container_width=True,
                     returned_objects=["last_active_drawing", "last_object_clicked"],
                     feature_group_to_add=[render.state_group(payload.state_json(map_state))],
                     center=center, zoom=zoom)


def take_click(out, data=None, filters: Filters | None = None) -> None:
    """A click on the map (see :func:`landing`): a province or city, an arc, a river or a
    marker is selected at once; a click on a zone or basin area, which covers many things, only
    lists what lies under the pointer (``st.session_state["under"]``, drawn by
    ``panel.under_list``) and selects nothing until the user chooses. Reruns when that changed."""
    clicked = (out or {}).get("last_active_drawing") or {}
    props = clicked.get("properties") or {}
    signature = repr(((out or {}).get("last_object_clicked"), props.get("id")))
    if not props.get("id") or signature == st.session_state.get("last_click"):
        return
    st.session_state["last_click"] = signature
    new_sel = props["eid"] if props.get("eid") else f"place:{props.get('adcode')}"
    point = (out or {}).get("last_object_clicked") or {}
    under = None
    if "lat" in point and "lng" in point:
        st.session_state["click_at"] = (new_sel, float(point["lat"]), float(point["lng"]))
        under = landing(float(point["lat"]), float(point["lng"]), props, data, filters)
    area = props.get("etype") in ("zone", "basin") and str((clicked.get("geometry") or {}).get("type", "")).endswith("Polygon")
    if area and under and len(under) > 1 and not st.session_state.get("present"):
        new_sel = ""  # nothing opens until the user chooses (present mode has no panel to choose in)
    st.session_state["under"] = {"for": new_sel, "items": under} if under and len(under) > 1 else None
    if new_sel != st.session_state["sel"] or st.session_state["under"]:
        st.session_state["sel"] = new_sel
        st.rerun()


def landing(lat: float, lng: float, props: dict, data=None, filters: Filters | None = None) -> list:
    """What lies under a click at ``(lat, lng)`` (``mapview.find.under_point``: the province and
    city, then the shown zones and basins there and the clicked feature, small first), as
    ``[(kind, id), …]``; the shown entities are those of ``filters`` (all when not given)."""
    from mapview import find
    from mapview.select import apply_filters

    shown = None
    if data is not None:
        shown = apply_filters(data, filters or Filters())[0]
    clicked = props.get("eid") or None
    return [tuple(u) for u in find.under_point(lat, lng, resources.get_geo(), shown, clicked)]
