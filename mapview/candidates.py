"""Extracted candidates (``pairings.extract``) on the map and into the curated CSVs (no Streamlit).

- :func:`candidate_entities` turns candidate rows (``entity_type, kind, name, refs, doc, clause,
  quote`` + ``direction``) into the entity table shape of ``mapview.data`` so that the same
  geometry joins draw them (in the "unreviewed" style).
- :func:`accepted_rows` gives the curated-schema rows of accepted candidates (one or several documents).
- :func:`curated_zip` packs them, with the texts of the new documents, as one ZIP.
- :func:`metadata_problems` checks a new document's title, issuer and date before extraction.

Writing them into the data folder is ``pairings.store.append_rows`` (one transaction): mapview
writes no data file.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from pairings.entities import AREA_TYPES

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
        elif etype in AREA_TYPES:
            row["members"] = tuple(r for r in refs if is_adcode(r))
        elif refs:
            row["host_adcode"] = refs[0] if is_adcode(refs[0]) else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=[*ENTITY_COLUMNS, "n_docs"])


def _first_line(text: str) -> str:
    """The first non-empty line of a text when it is short enough to be its title, else ""."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= 80 else ""


def new_documents(sources: list[tuple[str, str]], meta: dict, data_dir: Path | str, taken=()) -> dict[str, dict]:
    """New documents from uploaded or pasted texts.

    ``sources`` are ``(name, text)`` pairs (a file name, or ``"paste"``); ``meta`` holds the
    panel's ``title`` (used when there is one text) and ``date``. Each text is cleaned as
    ``python -m pairings ingest`` does (its title, given or its first short line, cuts what comes
    before) and gets a document id the schema accepts and that no document of ``data_dir``, no
    text in its ``texts`` folder and none of ``taken`` has. Returns ``doc_id -> {"title",
    "source", "text"}`` (the cleaned text) in the order of ``sources``."""
    from pairings.extract import propose_doc_id
    from pairings.ingest import clean

    texts_dir = Path(data_dir).resolve().parent.parent / "pairings" / "texts"
    taken = set(taken) | {p.stem for p in texts_dir.glob("*.txt")}
    docs = {}
    for name, text in sources:
        title = (meta.get("title", "") if len(sources) == 1 else "") or _first_line(text)
        doc_id = propose_doc_id(name, title, meta.get("date", ""), taken)
        taken.add(doc_id)
        docs[doc_id] = {"title": title, "source": name, "text": clean(text, title).text}
    return docs


def accepted_rows(accepted: pd.DataFrame, documents: dict[str, dict], existing_ids=()) -> dict[str, pd.DataFrame]:
    """Curated-schema rows (``pairings.extract.to_curated_rows``) for accepted candidates of one or
    several documents: ``documents`` maps each candidate ``doc`` to its metadata (``doc_id``,
    ``title``, ``issuer``, ``date``). New ids are unique against ``existing_ids`` and each other."""
    from pairings.extract import to_curated_rows

    used = set(existing_ids)
    parts: list[dict[str, pd.DataFrame]] = []
    for doc in dict.fromkeys(accepted["doc"]) if len(accepted) else []:
        meta = {"doc_id": doc, **documents.get(doc, {})}
        rows = to_curated_rows(accepted[accepted["doc"] == doc], meta, existing_ids=used)
        for name, table in rows.items():
            id_column = {"pairings": "pairing_id", "zones": "zone_id", "basins": "basin_id",
                         "platforms": "platform_id"}.get(name)
            if id_column and len(table):
                used |= set(table[id_column])
        parts.append(rows)
    if not parts:
        return {}
    return {name: pd.concat([rows[name] for rows in parts], ignore_index=True) for name in parts[0]}


def text_files(tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> dict[str, str]:
    """``text_file`` path (relative to the repository root, as in documents.csv) -> cleaned text,
    for every document row of ``tables`` whose text is in ``texts`` (doc id -> text)."""
    docs = tables.get("documents")
    if docs is None or docs.empty:
        return {}
    out = {}
    for rec in docs.to_dict("records"):
        if rec["doc_id"] in texts:
            out[str(rec.get("text_file") or f"pairings/texts/{rec['doc_id']}.txt")] = _text_content(texts[rec["doc_id"]])
    return out


def _text_content(text: str) -> str:
    """A cleaned text as the texts folder stores it: UTF-8, one paragraph per line, final newline."""
    return text.rstrip("\n") + "\n"


ZIP_README = """Accepted candidate rows in the curated schema (pairings/data, DESIGN.md).

- <name>.csv: rows to APPEND to pairings/data/<name>.csv (same columns; do not replace the file).
- texts/<doc_id>.txt: the cleaned text of the new document; save it as pairings/texts/<doc_id>.txt
  (the path in documents.csv's text_file column), so that every quote can be checked.

Then run `python -m pairings check`: it names whatever a maintainer still has to fill in.
"""


def curated_zip(tables: dict[str, pd.DataFrame], texts: dict[str, str] | None = None) -> bytes:
    """A ZIP holding ``<name>.csv`` (UTF-8) for every non-empty table, ``texts/<doc_id>.txt`` for
    every new document whose text is in ``texts`` (doc id -> cleaned text) and a README.txt
    saying where each goes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", ZIP_README)
        for name, df in tables.items():
            if df is not None and len(df):
                zf.writestr(f"{name}.csv", df.to_csv(index=False))
        for path, text in text_files(tables, texts or {}).items():
            zf.writestr(f"texts/{Path(path).name}", text)
    return buf.getvalue()


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def metadata_problems(meta: dict, texts: list[str], for_writing: bool = False) -> list[tuple[str, dict]]:
    """What is wrong with a new document's metadata, before extraction (pure).

    In: ``meta`` (``title``, ``issuer``, ``date`` as typed), the texts to extract (one or
    several), ``for_writing`` (True: the rows are about to be written, so issuer and date are
    required). Out: ``[(mapview.i18n key, format arguments)]``, empty when all is well:
    a date that is not ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` (a real date, as the schema
    asks); no title for a single text whose first line cannot serve as one; when writing, a
    missing issuer or date."""
    import datetime

    out: list[tuple[str, dict]] = []
    title, issuer, date = (str(meta.get(k, "") or "").strip() for k in ("title", "issuer", "date"))
    if len(texts) == 1 and not title and not _first_line(texts[0]):
        out.append(("meta_title_missing", {}))
    if for_writing and not issuer:
        out.append(("meta_issuer_missing", {}))
    if date:
        m = _DATE.match(date)
        ok = bool(m)
        if m:
            try:
                datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
            except ValueError:
                ok = False
        if not ok:
            out.append(("meta_date_bad", {"value": date}))
    elif for_writing:
        out.append(("meta_date_missing", {}))
    return out
