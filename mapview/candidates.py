"""Extracted candidates (``pairings.extract``) on the map and into the curated CSVs (no Streamlit).

- :func:`candidate_entities` turns candidate rows (``entity_type, kind, name, refs, doc, clause,
  quote`` + ``direction``) into the entity table shape of ``mapview.data`` so that the same
  geometry joins draw them (in the "unreviewed" style).
- :func:`curated_zip` packs the curated-schema rows of accepted candidates as one ZIP of CSVs.
- :func:`write_into_csvs` appends accepted rows to the CSVs of a data folder only when the
  checker finds no new problem, replacing each file atomically.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from mapview.data import ENTITY_COLUMNS, is_adcode, split_list

ID_PREFIX = {"pairing": "cand-pair", "zone": "cand-zone", "basin": "cand-basin", "platform": "cand-plat"}


def candidate_entities(candidates: pd.DataFrame, known_ids=()) -> pd.DataFrame:
    """Entity rows (``mapview.data.ENTITY_COLUMNS`` + ``n_docs``) for candidate rows; ids are
    ``cand-…-<row number>`` so that they never collide with curated ids.

    A ref is kept when it is an adcode or one of ``known_ids`` (curated entity ids: a pairing's
    party may be a zone or a platform, e.g. 长三角 — 成渝); other refs are dropped. No candidate
    row is dropped: a pairing without two usable parties keeps what it has (``a_ref``/``b_ref``
    may be empty), and the map lists it as not placed (see ``compose.candidate_layers``)."""
    known = set(known_ids)
    rows = []
    for i, rec in enumerate(candidates.fillna("").to_dict("records")):
        etype = str(rec.get("entity_type", ""))
        if etype not in ID_PREFIX:
            continue
        refs = [r for r in split_list(rec.get("refs", "")) if is_adcode(r) or r in known]
        row = {c: "" for c in ENTITY_COLUMNS}
        row.update(eid=f"{ID_PREFIX[etype]}-{i}", etype=etype, kind=str(rec.get("kind", "")),
                   name=str(rec.get("name", "")), members=(), lon=float("nan"), lat=float("nan"), n_docs=1)
        if etype == "pairing":
            a_ref, b_ref = (refs + ["", ""])[:2] if len(refs) <= 2 else (refs[0], refs[1])
            row.update(a_ref=a_ref, b_ref=b_ref, direction=str(rec.get("direction", "") or "mutual"))
        elif etype in ("zone", "basin"):
            row["members"] = tuple(r for r in refs if is_adcode(r))
        elif refs:
            row["host_adcode"] = refs[0] if is_adcode(refs[0]) else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=[*ENTITY_COLUMNS, "n_docs"])


def curated_zip(tables: dict[str, pd.DataFrame]) -> bytes:
    """A ZIP holding ``<name>.csv`` (UTF-8) for every non-empty table."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            if df is not None and len(df):
                zf.writestr(f"{name}.csv", df.to_csv(index=False))
    return buf.getvalue()


def append_rows(data_dir: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Append ``tables`` to ``data_dir/<name>.csv`` (columns aligned to the file's header, new
    columns added at the end). Returns the files written. Not atomic: use on a copy."""
    written = []
    for name, new in tables.items():
        if new is None or new.empty:
            continue
        path = data_dir / f"{name}.csv"
        old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig") if path.exists() else pd.DataFrame()
        merged = pd.concat([old, new.astype(str)], ignore_index=True).fillna("")
        merged.to_csv(path, index=False)
        written.append(path)
    return written


def write_into_csvs(tables: dict[str, pd.DataFrame], data_dir: Path | str, check) -> list:
    """Add accepted rows to the curated CSVs in ``data_dir`` if the checker passes.

    ``check(dir) -> list of problems`` is run on a copy with the rows added (typically
    ``lambda d: pairings.load(d).report``). When it reports more problems than on the original
    folder nothing is written and the new problems are returned; otherwise each changed file is
    replaced atomically (``os.replace``) and ``[]`` is returned.
    """
    data_dir = Path(data_dir)
    before = {str(p) for p in check(data_dir)}
    with tempfile.TemporaryDirectory(dir=data_dir.parent) as tmp:
        copy = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, copy)
        written = append_rows(copy, tables)
        problems = [p for p in check(copy) if str(p).replace(str(copy), str(data_dir)) not in before]
        if problems:
            return problems
        for path in written:
            staged = data_dir / (path.name + ".tmp")
            shutil.copyfile(path, staged)
            os.replace(staged, data_dir / path.name)
    return []
