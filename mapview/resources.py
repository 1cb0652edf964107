"""The app's cached resources (Streamlit ``cache_resource``), shared by every page and session.

The data and geometry are loaded once per process; the map's static files (``mapview.payload``
written by ``mapview.static``) are built once per data folder and language, and the small
per-selection files (outlines, the searched place) once per id. ``clear_data`` drops what
depends on the curated CSVs (after rows were written into them).
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


@st.cache_resource(show_spinner=False)
def get_data(folder: str):
    """The curated data of ``folder`` (``mapview.data.Dataset``)."""
    return load_dataset(folder)


@st.cache_resource(show_spinner=False)
def get_geo():
    """The admin-unit geometry (``mapview.features.GeoLookup``)."""
    return default_lookup()


@st.cache_resource(show_spinner=False)
def base_url(lang: str) -> str:
    """URL of the base map file of ``lang``."""
    return static.publish(f"base-{lang}", payload.base_payload(lang))


@st.cache_resource(show_spinner=False)
def _entities(folder: str, lang: str) -> tuple[str, frozenset]:
    placed: set = set()
    text = payload.entity_payload(get_data(folder), get_geo(), lang, placed=placed)
    return static.publish(f"entities-{lang}", text), frozenset(placed)


def ents_url(folder: str, lang: str) -> str:
    """URL of the file of every entity of ``folder`` (geometry + filter facts) in ``lang``."""
    return _entities(folder, lang)[0]


def placed_ids(folder: str, lang: str) -> frozenset:
    """Ids of the entities of ``folder`` that the map can draw (the others are unplaced)."""
    return _entities(folder, lang)[1]


@st.cache_resource(show_spinner=False, max_entries=256)
def outlines_url(eid: str, folder: str) -> str:
    """URL of the outlines of the units a selected entity touches."""
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


def clear_data() -> None:
    """Forget everything built from the curated CSVs (they changed)."""
    get_data.clear()
    _entities.clear()
    _filtered.clear()
    outlines_url.clear()
