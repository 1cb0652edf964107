"""The floor of this stack, for benchmarks/app_bench.py: a bare Streamlit page holding one
``st_folium`` map with one polygon, Leaflet served locally (assets/vendor, as the app does).

    streamlit run benchmarks/floor_app.py --server.enableStaticServing true

``benchmarks/static`` is a symlink to ``../assets`` so that the same files are served.
"""
from __future__ import annotations

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mapview import vendor  # noqa: E402

vendor.ensure_vendor()


class LocalMap(folium.Map):
    """folium.Map with Leaflet from the app's static files (no CDN)."""

    default_js = [("leaflet", vendor.asset_url("vendor/leaflet/leaflet.js"))]
    default_css = [("leaflet_css", vendor.asset_url("vendor/leaflet/leaflet.css"))]


st.set_page_config(page_title="floor", layout="wide")
m = LocalMap(location=[35.5, 104.5], zoom_start=4, tiles=None)
folium.GeoJson({"type": "Polygon", "coordinates": [[[100, 30], [110, 30], [110, 40], [100, 40], [100, 30]]]},
               name="one polygon").add_to(m)
st_folium(m, key="map", height=640, use_container_width=True, returned_objects=["last_active_drawing"])
