"""Extracted candidates (``pairings.extract``) on the map and into the curated CSVs (no Streamlit).

- :func:`candidate_entities` turns candidate rows (``entity_type, kind, name, refs, doc, clause,
  quote`` + ``direction``) into the entity table shape of ``mapview.data`` so that the same
  geometry joins draw them (in the "unreviewed" style).
- :func:`accepted_rows` gives the curated-schema rows of accepted candidates (one or several documents).
- :func:`curated_zip` packs them, with the texts of the new documents, as one ZIP.
- :func:`write_into_csvs` appends them to the CSVs of a data folder (and saves the texts) only
  when the checker, run on a faithful copy, finds no new problem; each file is replaced atomically.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
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


def append_rows(data_dir: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Append ``tables`` to ``data_dir/<name>.csv``. Returns the files written. Not atomic: use
    on a copy.

    The existing bytes of a file are kept as they are (the rows are added after them as CSV
    lines, in the file's column order); only when a new row has a non-empty value in a column
    the file lacks is the file rewritten with that column added at the end."""
    from pairings.encoding import UTF8, UTF8_BOM, read_csv_rows, read_file, write_csv

    written = []
    for name, new in tables.items():
        if new is None or new.empty:
            continue
        path = data_dir / f"{name}.csv"
        new = new.fillna("").astype(str)
        header, encoding = [], UTF8
        if path.exists() and path.stat().st_size:
            header, _, encoding = read_csv_rows(path)
        extra = [c for c in new.columns if c not in header and (new[c] != "").any()]
        if header and not extra and encoding in (UTF8, UTF8_BOM):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerows([[rec.get(c, "") for c in header] for rec in new.to_dict("records")])
            data = path.read_bytes()
            glue = b"" if not data or data.endswith(b"\n") else b"\n"
            path.write_bytes(data + glue + buffer.getvalue().encode("utf-8"))
        else:
            old_header, old_rows, _ = read_csv_rows(path) if header else ([], [], "")
            header = list(old_header) + [c for c in new.columns if c not in old_header]
            rows = [r + [""] * (len(header) - len(r)) for r in old_rows]
            rows += [[rec.get(c, "") for c in header] for rec in new.to_dict("records")]
            write_csv(path, header, rows)
        written.append(path)
    return written


#: the order files are replaced in: a document before the rows that cite it, entities before
#: their mentions (an interrupted write then leaves rows the checker reports, never a dangling id)
WRITE_ORDER = ("documents", "pairings", "zones", "basins", "platforms", "mentions")


def default_check(data_dir: Path) -> list:
    """Every problem ``pairings.load`` reports for a data folder (errors and warnings)."""
    from pairings import load

    return list(load(data_dir).report)


def write_into_csvs(tables: dict[str, pd.DataFrame], data_dir: Path | str, check=None,
                    texts: dict[str, str] | None = None) -> list:
    """Add accepted rows (and the texts of new documents) to a data folder if the checker passes.

    In: the rows (as from :func:`accepted_rows`), the data folder (``…/pairings/data``), the checker
    ``check(dir) -> problems`` (default :func:`default_check`: ``pairings.load(dir).report``) and
    the cleaned texts of the new documents (doc id -> text), saved at their documents.csv
    ``text_file`` path (relative to the repository root, two levels above the data folder, as the
    checker resolves it). Out: ``[]`` when everything was written, else the problems (nothing
    written).

    1. A faithful copy is made in a temporary folder: the data folder at the same place relative
       to a repository root, and every document's text at its ``text_file`` path.
    2. The rows are appended to the copy's CSVs, the new texts written into it, and the checker
       runs on the copy. Any problem that the original folder does not already have (errors and
       warnings alike) refuses the whole write.
    3. If a file of the original folder changed while the copy was checked (someone else is
       editing it), nothing is written.
    4. Otherwise the new texts, then each changed CSV (:data:`WRITE_ORDER`), are replaced
       atomically with ``os.replace`` from a staged file in the same folder.

    Each file is replaced atomically, but the set of files is not one transaction: a crash
    between two replacements can leave some files updated and others not (the files already
    replaced are restored from memory when a replacement fails with an error).
    """
    data_dir = Path(data_dir).resolve()
    check = check or default_check
    repo_root = data_dir.parent.parent
    texts = texts or {}
    new_texts = text_files(tables, texts)
    problems = []
    for rel, content in new_texts.items():
        target = (repo_root / rel).resolve()
        if not target.is_relative_to(repo_root) or target.suffix != ".txt":
            problems.append(f"text_file {rel!r} is not a .txt path inside {repo_root}")
        elif target.exists() and target.read_text(encoding="utf-8") != content:
            problems.append(f"{rel} already exists with another text: choose another document id")
    if problems:
        return problems
    originals = {path.name: path.read_bytes() for path in sorted(data_dir.glob("*.csv"))}
    before = {_problem_key(p, data_dir) for p in check(data_dir)}
    with tempfile.TemporaryDirectory(prefix="regionmap-write-") as tmp:
        copy_root = Path(tmp)
        copy = copy_root / data_dir.relative_to(repo_root)
        copy.mkdir(parents=True)
        for name, data in originals.items():
            (copy / name).write_bytes(data)
        for rel in _document_texts(copy / "documents.csv"):
            source, dest = repo_root / rel, copy_root / rel
            if source.is_file() and dest.resolve().is_relative_to(copy_root.resolve()):
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)
        for rel, content in new_texts.items():
            dest = copy_root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(content, encoding="utf-8", newline="\n")
        written = append_rows(copy, tables)
        problems = [p for p in check(copy) if _problem_key(p, copy) not in before]
        if problems:
            return problems
        changed = [name for name, data in originals.items()
                   if not (data_dir / name).exists() or (data_dir / name).read_bytes() != data]
        if changed:
            return [f"{', '.join(changed)} changed while the rows were checked (someone else is editing the "
                    "data): nothing was written; try again"]
        order = sorted(written, key=lambda path: WRITE_ORDER.index(path.stem) if path.stem in WRITE_ORDER else 99)
        replaced: list[tuple[Path, bytes | None]] = []
        try:
            for rel, content in new_texts.items():
                target = repo_root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                _replace(target, content.encode("utf-8"))
                replaced.append((target, None))
            for path in order:
                target = data_dir / path.name
                _replace(target, path.read_bytes())
                replaced.append((target, originals.get(path.name)))
        except OSError:
            for target, old in reversed(replaced):  # best effort: put back what was replaced
                if old is None:
                    target.unlink(missing_ok=True)
                else:
                    _replace(target, old)
            raise
    return []


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a staged file next to ``target`` and ``os.replace`` it over ``target``."""
    fd, staged = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staged, target)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def _document_texts(documents_csv: Path) -> list[str]:
    """The ``text_file`` of every row of documents.csv (relative paths only)."""
    from pairings.encoding import read_csv_rows

    if not documents_csv.exists():
        return []
    header, rows, _ = read_csv_rows(documents_csv)
    if "text_file" not in header:
        return []
    k = header.index("text_file")
    return [r[k] for r in rows if len(r) > k and r[k] and not Path(r[k]).is_absolute()]


def _problem_key(problem, folder: Path) -> str:
    """A problem as compared before/after: its text with the folder's path taken out."""
    text = problem.line() if hasattr(problem, "line") else str(problem)
    return text.replace(str(folder), "<data>")
