"""Maintainers' page: edit any table of the data folder (mapview.table_editor).

Read-only unless the environment variable REGIONMAP_EDITING is "1"; REGIONMAP_DATA_DIR points it
at another data folder (tests use it), as for app.py; ?lang=en shows it in English.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run app_pages/…` directly: make the packages importable
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from pairings.check import DATA_DIR  # noqa: E402
from mapview.table_editor import table_editor  # noqa: E402

st.set_page_config(page_title="编辑数据表 · Edit data tables", page_icon="✏️", layout="wide")

lang = "en" if st.query_params.get("lang") == "en" else "zh"
editing = os.environ.get("REGIONMAP_EDITING", "") == "1"
data_dir = Path(os.environ.get("REGIONMAP_DATA_DIR") or DATA_DIR)
table_editor(lang, data_dir, editing)
