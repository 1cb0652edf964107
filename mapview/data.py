"""Read the curated tables and shape them into one entity table for the map (no Streamlit).

``load_dataset()`` calls ``pairings.load()`` (the checker-validated tables plus the report of rows
left out). While that function is not available it falls back to a plain CSV reader over
``pairings/data/``; in that case the report is empty and says so through ``Dataset.validated``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairings.entities import AREA_TYPES, ENTITY_TYPES

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "pairings" / "data"
ADCODE = re.compile(r"^\d{6}$")

#: entity type -> (CSV stem, id column), from the one registry (pairings.entities)
ENTITY_FILES = {t.name: (t.file, t.id_column) for t in ENTITY_TYPES}
ENTITY_COLUMNS = [
    "eid", "etype", "kind", "name", "aliases", "a_name", "a_ref", "b_name", "b_ref", "direction",
    "members", "member_names", "membership_source", "rivers", "host_adcode", "host_name", "country",
    "lon", "lat", "name_en", "basis", "partial", "note",
]
#: values of the ``basis`` column (issue 9); a row without one (data from before the column) is ``text``
BASIS_VALUES = ("text", "plan", "computed", "inferred")
DEFAULT_BASIS = "text"


@dataclass(frozen=True)
class Dataset:
    """Everything the map shows, as plain tables.

    - ``documents``: ``doc_id, title, issuer, date, title_en, issuer_en, year`` (year an int, or
      <NA>; the English columns empty when documents.csv does not have them).
    - ``entities``: one row per pairing/zone/basin/platform, columns ``ENTITY_COLUMNS``
      (``members`` a tuple of adcodes; ``a_ref``/``b_ref`` adcodes or entity ids; ``name_en`` the
      English name where the file has one, else empty: pairings have none; ``basis`` one of
      :data:`BASIS_VALUES`, ``text`` when the CSV has no such column or cell; ``partial`` the tuple
      of member adcodes that belong only partly to a zone/basin (``partial_adcodes``, may be
      empty); ``note`` the row's note).
    - ``mentions``: ``entity_id, doc_id, clause, quote``.
    - ``report``: the loader's problems (rows left out and why), each with ``file, row, column,
      message, severity`` attributes.
    - ``validated``: False when the checker was not available and the plain reader was used.
    """

    documents: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    report: list = field(default_factory=list)
    validated: bool = True


def split_list(cell) -> tuple[str, ...]:
    """A ``;``-separated cell as a tuple of stripped, non-empty items (also accepts ；)."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return ()
    return tuple(p.strip() for p in str(cell).replace("；", ";").split(";") if p.strip())


def is_adcode(ref) -> bool:
    """True for a 6-digit administrative code."""
    return isinstance(ref, str) and bool(ADCODE.match(ref))


def read_tables_plain(data_dir: Path | str = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Read every curated CSV as strings (no validation). Missing files give empty tables."""
    data_dir = Path(data_dir)
    tables: dict[str, pd.DataFrame] = {}
    for name in ("documents", *(t.file for t in ENTITY_TYPES), "mentions"):
        path = data_dir / f"{name}.csv"
        if path.exists():
            tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            tables[name] = pd.DataFrame()
    return tables


def load_tables(data_dir: Path | str | None = None) -> tuple[dict[str, pd.DataFrame], list, bool]:
    """``(tables, report, validated)`` from ``pairings.load`` when present, else the plain reader."""
    try:
        from pairings import load as _load  # type: ignore[attr-defined]
    except ImportError:
        _load = None
    if _load is not None:
        result = _load(data_dir) if data_dir is not None else _load()
        return dict(result.tables), list(result.report), True
    return read_tables_plain(data_dir or DATA_DIR), [], False


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name].fillna("").astype(str)
    return pd.Series([""] * len(df), index=df.index, dtype=object)


def _year(date: str):
    match = re.match(r"^\s*(\d{4})", str(date or ""))
    return int(match.group(1)) if match else pd.NA


def _float(value):
    try:
        out = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return out


def build_entities(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One table of all entities (see ``Dataset.entities``) from the four entity tables."""
    rows: list[dict] = []
    for etype, (table, id_col) in ENTITY_FILES.items():
        df = tables.get(table)
        if df is None or df.empty or id_col not in df.columns:
            continue
        df = df.fillna("")
        for rec in df.to_dict("records"):
            row = {c: "" for c in ENTITY_COLUMNS}
            row.update(eid=str(rec[id_col]).strip(), etype=etype, kind=str(rec.get("kind", "")).strip())
            row["aliases"] = ";".join(split_list(rec.get("aliases", "")))
            row["members"] = ()
            if etype == "pairing":
                a, b = str(rec.get("a_name", "")).strip(), str(rec.get("b_name", "")).strip()
                direction = str(rec.get("direction", "") or "mutual").strip()
                row.update(a_name=a, b_name=b, a_ref=str(rec.get("a_ref", "")).strip(),
                           b_ref=str(rec.get("b_ref", "")).strip(), direction=direction,
                           name=f"{a}{'→' if direction == 'a_to_b' else '—'}{b}")
            else:
                row["name"] = str(rec.get("name", "")).strip()
            if etype in AREA_TYPES:
                row["members"] = split_list(rec.get("member_adcodes", ""))
                row["member_names"] = ";".join(split_list(rec.get("member_names", "")))
                row["membership_source"] = str(rec.get("membership_source", "")).strip()
            if etype == "basin":
                row["rivers"] = ";".join(split_list(rec.get("rivers", "")))
            if etype == "platform":
                row.update(host_adcode=str(rec.get("host_adcode", "")).strip(),
                           host_name=str(rec.get("host_name", "")).strip(),
                           country=str(rec.get("country", "")).strip())
            row["lon"], row["lat"] = _float(rec.get("lon")), _float(rec.get("lat"))
            row["name_en"] = str(rec.get("name_en", "") or "").strip()
            basis = str(rec.get("basis", "") or "").strip()
            row["basis"] = basis if basis in BASIS_VALUES else DEFAULT_BASIS
            row["partial"] = split_list(rec.get("partial_adcodes", "")) if etype in AREA_TYPES else ()
            row["note"] = str(rec.get("note", "") or "").strip()
            rows.append(row)
    entities = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    return entities.drop_duplicates("eid").reset_index(drop=True)


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load and shape the curated data (see :class:`Dataset`)."""
    tables, report, validated = load_tables(data_dir)
    docs = tables.get("documents", pd.DataFrame())
    documents = pd.DataFrame({
        "doc_id": _col(docs, "doc_id"), "title": _col(docs, "title"),
        "issuer": _col(docs, "issuer"), "date": _col(docs, "date"),
        "title_en": _col(docs, "title_en"), "issuer_en": _col(docs, "issuer_en"),
    })
    documents["year"] = pd.array([_year(d) for d in documents["date"]], dtype="Int64")
    documents = documents[documents["doc_id"] != ""].sort_values(["date", "doc_id"]).reset_index(drop=True)
    men = tables.get("mentions", pd.DataFrame())
    mentions = pd.DataFrame({c: _col(men, c) for c in ("entity_id", "doc_id", "clause", "quote")})
    entities = build_entities(tables)
    known = set(entities["eid"])
    mentions = mentions[mentions["entity_id"].isin(known)].drop_duplicates().reset_index(drop=True)
    return Dataset(documents, entities, mentions, report, validated)


def entity_units(entities: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Adcodes each entity touches: parties of a pairing (an entity party expanded to its own
    units), members of a zone/basin, the host of a platform."""
    direct: dict[str, tuple[str, ...]] = {}
    for rec in entities.itertuples(index=False):
        if rec.etype in AREA_TYPES:
            direct[rec.eid] = tuple(rec.members)
        elif rec.etype == "platform":
            direct[rec.eid] = (rec.host_adcode,) if is_adcode(rec.host_adcode) else ()
    out: dict[str, tuple[str, ...]] = dict(direct)
    for rec in entities[entities["etype"] == "pairing"].itertuples(index=False):
        units: list[str] = []
        for ref in (rec.a_ref, rec.b_ref):
            units.extend([ref] if is_adcode(ref) else direct.get(ref, ()))
        out[rec.eid] = tuple(dict.fromkeys(units))
    return out
