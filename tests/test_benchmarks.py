"""The benchmarks' inputs stay valid: a benchmark on data the checker leaves out measures nothing."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_scaled_data_passes_the_checker_and_loads_every_row(tmp_path):
    """benchmarks/scale_data.py (the 10x run of app_bench) writes rows the checker loads, all of
    them: synthetic rows are ``inferred`` (no text names them) and the texts sit inside the folder."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from scale_data import make_scaled
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from pairings.check import run_checks

    data = make_scaled(tmp_path, factor=3)
    result = run_checks(data)
    assert not result.errors, result.errors[:5]
    import csv

    synthetic = [r for name in ("pairings", "zones") for r in csv.DictReader(open(data / f"{name}.csv", encoding="utf-8"))
                 if "-synth-" in (r.get("pairing_id") or r.get("zone_id") or "")]
    assert len(synthetic) > 100 and all(r["basis"] == "inferred" for r in synthetic)
