"""A synthetic data folder ``factor`` times the size of pairings/data, for the scale run of
benchmarks/app_bench.py (never for the map itself: every synthetic row says so in its note).

    python benchmarks/scale_data.py OUT_DIR [--factor 10]

The curated files are copied; then county-to-county pairings (``对口合作``, two counties of
different provinces from the gazetteer) and zones (``城市群``, a county and up to four counties
of the same prefecture) are added until there are ``factor`` times as many entities. Each
synthetic row is cited by one existing mention's document, clause and quote, so that the checker
keeps it. The texts are copied (pairings/texts next to the data: the checker refuses a text outside the folder).
"""
from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTE = "合成数据（基准测试用，非政策内容）/ synthetic benchmark row, not policy content"


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def make_scaled(out_dir: Path, factor: int = 10, seed: int = 1) -> Path:
    """Write the scaled copy into ``out_dir/pairings/data`` (``out_dir/pairings/texts`` holds
    a copy of the real texts); return the data folder."""
    import geo

    src = ROOT / "pairings" / "data"
    data = Path(out_dir) / "pairings" / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    for path in src.glob("*.csv"):
        shutil.copyfile(path, data / path.name)
    texts = data.parent / "texts"  # a copy: the checker refuses a text_file that resolves outside the folder
    if texts.is_symlink():
        texts.unlink()
    shutil.copytree(ROOT / "pairings" / "texts", texts, dirs_exist_ok=True)
    n_entities = sum(len(_read(src / f"{name}.csv")[1]) for name in ("pairings", "zones", "basins", "platforms"))
    extra = n_entities * (factor - 1)
    rng = random.Random(seed)
    counties = [u for u in geo.gazetteer().units() if u.level == "county"]
    by_city: dict[str, list] = {}
    for u in counties:
        by_city.setdefault(u.parent, []).append(u)
    m_header, mentions = _read(src / "mentions.csv")
    p_header, _ = _read(src / "pairings.csv")
    z_header, _ = _read(src / "zones.csv")
    new_p, new_z, new_m = [], [], []
    for i in range(extra):
        cite = rng.choice(mentions)
        if i % 2 == 0:
            a = rng.choice(counties)
            b = rng.choice([c for c in rng.sample(counties, 20) if c.adcode[:2] != a.adcode[:2]] or counties)
            eid = f"pair-synth-{i:05d}"
            new_p.append({"pairing_id": eid, "kind": "对口合作", "a_name": a.name, "a_ref": a.adcode,
                          "b_name": b.name, "b_ref": b.adcode, "direction": "mutual", "note": NOTE,
                          "basis": "inferred"})  # synthetic: no text names it
        else:
            first = rng.choice(counties)
            members = [first] + [c for c in by_city.get(first.parent, []) if c.adcode != first.adcode][:rng.randint(1, 4)]
            eid = f"zone-synth-{i:05d}"
            new_z.append({"zone_id": eid, "name": f"合成区域{i}", "kind": "城市群",
                          "member_names": ";".join(m.name for m in members),
                          "member_adcodes": ";".join(m.adcode for m in members),
                          "membership_source": "synthetic", "note": NOTE, "name_en": f"synthetic zone {i}",
                          "basis": "inferred"})
        new_m.append({"entity_id": eid, "doc_id": cite["doc_id"], "clause": cite["clause"], "quote": cite["quote"]})
    _append(data / "pairings.csv", p_header, new_p)
    _append(data / "zones.csv", z_header, new_z)
    _append(data / "mentions.csv", m_header, new_m)
    return data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args(argv)
    print(make_scaled(args.out, args.factor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
