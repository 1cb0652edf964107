"""The app's cached resources (Streamlit ``cache_resource``), shared by every page and session.

The data and geometry are loaded once per process; the map's static files (``mapview.payload``
written by ``mapview.static``) are built once per data folder and language, and the small
per-selection files (outlines, the searched place) once per id. ``clear_data`` drops what
depends on the curated CSVs (after rows were written into them).

Changes on disk show at once: everything built from the curated data is keyed on the data set's
content fingerprint (``pairings.store.data_fingerprint``: a few ``stat`` calls a run, a file is
hashed again only when it changed), so a file edited in Excel, a save of the table editor or a
write of the upload workflow is loaded on the next run of any session; :func:`reload_notice`
tells a session that the data it was showing changed.
"""
from __future__ import annotations

import os

import streamlit as st

from mapview import payload, render, static
from mapview.data import DATA_DIR, load_dataset
from mapview.features import default_lookup



def data_folder() -> str:
    """The folder of curated CSVs: $REGIONMAP_DATA_DIR (tests use it, read on every run), else
    pairings/data."""
    return os.environ.get("REGIONMAP_DATA_DIR") or str(DATA_DIR)


def data_token(folder: str) -> str:
    """The content fingerprint of the data set of ``folder`` (``pairings.store.data_fingerprint``;
    cheap: a few stat calls when nothing changed)."""
    from pairings.store import data_fingerprint

    return data_fingerprint(folder)


@st.cache_resource(show_spinner=False, max_entries=4)
def _data_at(folder: str, token: str):
    return load_dataset(folder)


def get_data(folder: str):
    """The curated data of ``folder`` (``mapview.data.Dataset``) as it is on disk now: loaded
    again when its fingerprint (:func:`data_token`) changed."""
    return _data_at(folder, data_token(folder))


def reload_notice(folder: str) -> bool:
    """True on the run of a session where the data it showed before changed on disk (and was
    reloaded); remembers the fingerprint the session has seen (``data_token`` in the session)."""
    token = data_token(folder)
    seen = st.session_state.get("data_token")
    st.session_state["data_token"] = token
    return seen is not None and seen != token


_RECOVERED: dict[str, list[str]] = {}


def recover_once(folder: str) -> list[str]:
    """``pairings.store.recover(folder)`` once per process and folder (completes or rolls back a
    save that was interrupted); returns what it did (also on later calls). Call it where editing
    is on; raises ``pairings.store.StoreError`` as ``recover`` does."""
    if folder not in _RECOVERED:
        from pairings.store import recover

        _RECOVERED[folder] = recover(folder)
    return _RECOVERED[folder]


@st.cache_resource(show_spinner=False)
def get_geo():
    """The admin-unit geometry (``mapview.features.GeoLookup``)."""
    return default_lookup()


@st.cache_resource(show_spinner=False)
def base_url(lang: str) -> str:
    """URL of the base map file of ``lang``."""
    return static.publish(f"base-{lang}", payload.base_payload(lang))


@st.cache_resource(show_spinner=False, max_entries=8)
def _entities_at(folder: str, lang: str, token: str) -> tuple[str, frozenset]:
    placed: set = set()
    text = payload.entity_payload(get_data(folder), get_geo(), lang, placed=placed)
    return static.publish(f"entities-{lang}", text), frozenset(placed)


def _entities(folder: str, lang: str) -> tuple[str, frozenset]:
    return _entities_at(folder, lang, data_token(folder))


def ents_url(folder: str, lang: str) -> str:
    """URL of the file of every entity of ``folder`` (geometry + filter facts) in ``lang``."""
    return _entities(folder, lang)[0]


def placed_ids(folder: str, lang: str) -> frozenset:
    """Ids of the entities of ``folder`` that the map can draw (the others are unplaced)."""
    return _entities(folder, lang)[1]


def outlines_url(eid: str, folder: str) -> str:
    """URL of the outlines of the units a selected entity touches."""
    return _outlines_at(eid, folder, data_token(folder))


@st.cache_resource(show_spinner=False, max_entries=256)
def _outlines_at(eid: str, folder: str, token: str) -> str:
    from mapview.compose import selected_outlines

    return static.publish("outlines", selected_outlines(get_data(folder), get_geo(), eid))


@st.cache_resource(show_spinner=False, max_entries=256)
def place_outlines_url(adcode: str, lang: str) -> str:
    """URL of a selected place's outlines (a province's cities, clickable)."""
    from mapview.compose import place_outlines

    return static.publish(f"place-{lang}", place_outlines(get_geo(), adcode, lang))


@st.cache_resource(show_spinner=False, max_entries=256)
def highlight_url(adcode: str) -> str | None:
    """URL of the thick outline of the searched place, or None for an unknown code."""
    unit = get_geo().unit(adcode)
    if unit is None:
        return None
    return static.publish("highlight", render.collection([render.highlight_feature(unit.geometry, adcode, unit.name)]))


@st.cache_resource(show_spinner=False, max_entries=64)
def _filtered(_data, data_id: int, key: tuple):
    from mapview.select import Filters, apply_filters

    return _data, apply_filters(_data, Filters(*key))


def filtered(data, filters):
    """``mapview.select.apply_filters(data, filters)`` computed once per process for each filter
    (the default view is what every new session asks first), returned as copies the caller may
    change. Keyed by the data object itself: data loaded again (``clear_data``) is filtered again."""
    import dataclasses

    from mapview.select import apply_filters

    held, (ents, mentions) = _filtered(data, id(data), dataclasses.astuple(filters))
    if held is not data:  # an id reused by newer data
        ents, mentions = apply_filters(data, filters)
    return ents.copy(), mentions.copy()


@st.cache_resource(show_spinner=False, max_entries=8)
def _names(_data, data_id: int, lang: str):
    from mapview.i18n import display_names

    return _data, display_names(_data.entities, lang)


def names(data, lang: str) -> dict[str, str]:
    """``mapview.i18n.display_names(data.entities, lang)`` once per process for each language
    (every rerun's tables show them), as a copy. Keyed by the data object, as :func:`filtered`."""
    held, table = _names(data, id(data), lang)
    if held is not data:
        from mapview.i18n import display_names

        return display_names(data.entities, lang)
    return dict(table)


@st.cache_resource(show_spinner=False, max_entries=64)
def _counts(_data, data_id: int, key: tuple):
    from mapview.select import Filters, counts

    ents, mentions = _filtered(_data, data_id, key)[1]
    return _data, counts(ents, mentions)


def counts(data, filters):
    """``mapview.select.counts`` of what ``filters`` shows (features per layer and document), once
    per process for each filter, as a copy."""
    import dataclasses

    held, table = _counts(data, id(data), dataclasses.astuple(filters))
    if held is not data:
        from mapview.select import counts as count

        return count(*filtered(data, filters))
    return table.copy()


def clear_data() -> None:
    """Forget everything built from the curated CSVs (they changed)."""
    _data_at.clear()
    _entities_at.clear()
    _outlines_at.clear()
    _filtered.clear()
    _names.clear()
    _counts.clear()
