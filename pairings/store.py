"""Writing the data folder: saves that are one transaction, and what an editor needs around them.

The data package owns its files: every write to ``pairings/data/*.csv`` and to the document
texts (``documents.csv`` ``text_file``, relative to the repository root two levels above the data
folder) made by the app goes through this module. No Streamlit here; plain functions.

Reading (for an editor)
    :func:`snapshot` reads the six CSVs as written (all cells strings, every row, the file's
    column order) and takes the content fingerprint of the data set at the same time;
    :func:`data_fingerprint` gives the same fingerprint cheaply (files are hashed again only
    when their size, mtime or inode changed), so the app can call it on every run and reload
    when it changes.

Writing
    :func:`save_tables` (an editor's whole tables) and :func:`append_rows` (the upload
    workflow: accepted rows appended, new document texts added) build the new content of every
    changed file in memory, run the real checker (``pairings.load``) on a faithful copy of the
    data set with those files in it, refuse when it finds a problem the current data does not
    have, refuse when the data changed since the editor loaded it (``base_token``), and only
    then commit, under a lock, with a journal:

    1. the journal ``<data>/.store-journal.json`` is written (state ``staging``), naming every
       target, its staged file ``.<name>.<txid>.new`` and backup ``.<name>.<txid>.old`` (same
       folder as the target) and the SHA-256 of the old and new content;
    2. every new content is written to its staged file (fsync; the target's mode, not 0600);
       every existing target gets a backup (a hard link, else a copy);
    3. the journal switches to ``committing`` (the commit point: the whole new set is on disk);
    4. the staged files replace their targets (``os.replace``, texts first, then documents,
       entities, mentions), the folders are fsynced;
    5. the backups and the journal are removed.

    An error during 1–4 (a full disk …) or an interrupt (KeyboardInterrupt) rolls back at
    once; a killed process leaves the journal, and :func:`recover` (called by every save, and
    to be called by the app at start) completes it: a journal in ``committing`` is rolled
    forward (each target checked against the new SHA-256), any other state is rolled back from
    the backups. Either way the folder holds the whole old set or the whole new set, byte for
    byte, and no staged file is left. A rollback never deletes a file that existed before the
    save (files that were new are removed only when they still hold exactly what the save
    wrote); a text whose content is unchanged is not part of the save at all.

Around the editor
    :func:`diff_tables` (rows added, changed, removed per file, matched by id),
    :func:`problems_by_cell` (checker problems onto editor rows and cells),
    :func:`split_notices` (rows left out vs warnings, from the report's severities),
    :func:`check_tables` (the checker on a copy with edited tables, before saving).
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from pairings.check import DATA_DIR, ERROR, WARNING, Problem
from pairings.encoding import UTF8, UTF8_BOM, DecodeError, decode
from pairings.entities import by_file
from pairings.schema import FILES

JOURNAL = ".store-journal.json"
LOCK = ".store.lock"
#: how long a save waits for another save of the same folder to finish
LOCK_TIMEOUT_S = 30.0
#: the order targets are replaced in: texts before the documents that name them, documents before
#: the rows that cite them, entities before their mentions
WRITE_ORDER = ("documents", "pairings", "zones", "basins", "platforms", "mentions")
_STAGED = re.compile(r"^\..+\.[0-9a-f]{12}\.(new|old)$")
_OLD_WRITER_TMP = re.compile(r"^\..+\.(csv|txt)\..+\.tmp$")  # mapview.candidates._replace's staged files

Check = Callable[[Path], list]


class StoreError(RuntimeError):
    """The folder could not be brought back to a whole set (a journal is left; its message says
    which file and what to do). ``str(error)`` is English; ``code`` and ``params`` let a page word
    it in its own language (``mapview.i18n.store_text``)."""

    def __init__(self, message: str, code: str = "store_error", **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def __reduce__(self):  # pickled with its code and params
        return (_coded, (type(self), str(self), self.code, self.params))


def _coded(cls, text: str, code: str, params: dict):
    return cls(text, code, **params)


class Note(str):
    """A note of what a save or a recovery did besides (``SaveResult.notes``, :func:`recover`): the
    English text, with ``code`` and ``params`` for a page that words it in its own language."""

    code: str
    params: dict

    def __new__(cls, text: str, code: str = "", **params) -> "Note":
        note = super().__new__(cls, text)
        note.code, note.params = code, params
        return note

    def __reduce__(self):
        return (_coded, (type(self), str(self), self.code, self.params))


# --------------------------------------------------------------------------- file operations
# Every change the commit and the recovery make to the folder goes through these four functions,
# so that a test can make any one of them fail (tests/test_store.py injects faults here).

def _write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Create ``path`` (it must not exist) holding ``data``, fsynced; ``mode`` as given, else
    0666 less the umask (what a text editor gives a new file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(src: Path, dst: Path) -> None:
    os.replace(src, dst)


def _unlink(path: Path) -> None:
    os.unlink(path)


def _link(src: Path, dst: Path) -> None:
    os.link(src, dst)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# --------------------------------------------------------------------------- the data set

def repo_root_of(data_dir: Path | str) -> Path:
    """The folder ``text_file`` paths are relative to: two levels above the data folder."""
    return Path(data_dir).resolve().parent.parent


def _csv_paths(data_dir: Path) -> list[Path]:
    return [data_dir / f"{stem}.csv" for stem in FILES]


def _text_refs(documents_csv: bytes | None) -> list[str]:
    """The ``text_file`` cells of documents.csv content (relative paths inside the repo only)."""
    if not documents_csv:
        return []
    try:
        text = decode(documents_csv).text
        records = list(csv.reader(io.StringIO(text, newline="")))
    except (DecodeError, csv.Error):
        return []
    if not records:
        return []
    header = [c.strip().lstrip("\ufeff") for c in records[0]]
    if "text_file" not in header:
        return []
    k = header.index("text_file")
    return [r[k].strip() for r in records[1:] if len(r) > k and r[k].strip()]


def _inside(root: Path, rel: str) -> Path | None:
    """``root / rel`` when ``rel`` is a relative path that stays inside ``root``, else None."""
    if not rel or Path(rel).is_absolute():
        return None
    target = (root / rel).resolve()
    return target if target.is_relative_to(root) else None


def _data_set(data_dir: Path, refs: Iterable[str]) -> list[Path]:
    """Every file of the data set: the six CSVs, the texts documents.csv names (``refs``, those
    inside the repository) and every ``*.txt`` of the sibling ``texts`` folder."""
    root = repo_root_of(data_dir)
    paths = {p.resolve() if p.exists() else p for p in _csv_paths(data_dir)}
    for rel in refs:
        target = _inside(root, rel)
        if target is not None:
            paths.add(target)
    texts = data_dir.parent / "texts"
    if texts.is_dir():
        paths.update(p.resolve() for p in texts.glob("*.txt"))
    return sorted(paths)


_STAT_CACHE: dict[Path, tuple[tuple, str]] = {}
_STAT_LOCK = threading.Lock()


def _file_digest(path: Path) -> str:
    """SHA-256 of a file, re-read only when its (inode, size, mtime, ctime) changed;
    ``"missing"`` for a file that does not exist, ``"unreadable: …"`` when it cannot be read."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if not stat.S_ISREG(st.st_mode):
        return "not a file"
    key = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    with _STAT_LOCK:
        hit = _STAT_CACHE.get(path)
    if hit and hit[0] == key:
        return hit[1]
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    with _STAT_LOCK:
        _STAT_CACHE[path] = (key, digest)
    return digest


def file_digests(data_dir: Path | str | None = None) -> dict[str, str]:
    """``path relative to the repository root -> SHA-256`` of every file of the data set
    (``"missing"`` for a CSV that does not exist)."""
    data_dir = Path(data_dir or DATA_DIR).resolve()
    root = repo_root_of(data_dir)
    documents = data_dir / "documents.csv"
    key = (documents, _file_digest(documents))
    refs = _REFS_CACHE.get(key)
    if refs is None:
        try:
            refs = _text_refs(documents.read_bytes() if documents.is_file() else None)
        except OSError:
            refs = []
        _REFS_CACHE.clear()
        _REFS_CACHE[key] = refs
    return {_rel(root, p): _file_digest(p) for p in _data_set(data_dir, refs)}


_REFS_CACHE: dict[tuple, list[str]] = {}


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _token(digests: Mapping[str, str]) -> str:
    blob = "\n".join(f"{k}\t{v}" for k, v in sorted(digests.items()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def data_fingerprint(data_dir: Path | str | None = None) -> str:
    """A short content fingerprint of the data set (six CSVs + texts): equal exactly when every
    file holds the same bytes. Cheap on every run: a file is hashed again only when its size,
    mtime or inode changed (a few stat calls otherwise). Pass it (or the :class:`Snapshot`) as
    ``base_token`` to :func:`save_tables` / :func:`append_rows`."""
    return _token(file_digests(data_dir))


# --------------------------------------------------------------------------- reading for an editor

@dataclass
class Snapshot:
    """The data folder as an editor loads it.

    ``tables``: file stem -> DataFrame of every row as written (strings; columns in the file's
    order; header cells stripped); row ``i`` of a frame is Excel row ``i + 2`` of the file.
    ``unreadable``: stem -> why the file cannot be edited here (nothing is offered that could
    lose cells: duplicate header columns, rows longer than the header, undecodable bytes …).
    ``encodings``: stem -> encoding found (a save writes UTF-8).
    ``digests`` / ``token``: the content fingerprint of the data set at the time of reading
    (pass the snapshot as ``base_token`` so that a save refuses when someone else saved since)."""

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    unreadable: dict[str, str]
    encodings: dict[str, str]
    digests: dict[str, str]

    @property
    def token(self) -> str:
        return _token(self.digests)


def _parse_csv(data: bytes) -> tuple[list[str], list[list[str]], str]:
    """``(header, rows, encoding)`` of CSV bytes, read as the checker reads them; raises
    ValueError with a reason when the file cannot be edited without losing cells."""
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise ValueError(f"cannot read the file: {exc}") from exc
    try:
        records = list(csv.reader(io.StringIO(decoded.text, newline=""), strict=True))
    except csv.Error as exc:
        raise ValueError(f"not a valid CSV ({exc}); check the quotes") from exc
    if not records:
        return [], [], decoded.encoding
    header = [c.strip().lstrip("\ufeff") for c in records[0]]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise ValueError(f"column {', '.join(dupes)} appears twice in the header")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
            raise ValueError(f"row {number} has {len(record)} cells but the header has {len(header)}")
        rows.append((record + [""] * len(header))[:len(header)])
    return header, rows, decoded.encoding


def snapshot(data_dir: Path | str | None = None) -> Snapshot:
    """Read the six CSVs for editing (see :class:`Snapshot`), with the fingerprint of exactly
    the bytes read."""
    data_dir = Path(data_dir or DATA_DIR).resolve()
    root = repo_root_of(data_dir)
    tables, unreadable, encodings, raw = {}, {}, {}, {}
    for stem in FILES:
        path = data_dir / f"{stem}.csv"
        try:
            raw[stem] = data = path.read_bytes()
        except FileNotFoundError:
            unreadable[stem] = "file is missing"
            continue
        except OSError as exc:
            unreadable[stem] = f"cannot read the file ({exc.strerror})"
            continue
        try:
            header, rows, encoding = _parse_csv(data)
        except ValueError as exc:
            unreadable[stem] = str(exc)
            continue
        encodings[stem] = encoding
        tables[stem] = pd.DataFrame(rows, columns=header, dtype=str)
    digests = {}
    for path in _data_set(data_dir, _text_refs(raw.get("documents"))):
        stem = path.stem if path.parent == data_dir and path.suffix == ".csv" else None
        if stem in raw:
            digests[_rel(root, path)] = hashlib.sha256(raw[stem]).hexdigest()
        else:
            digests[_rel(root, path)] = _file_digest(path)
    return Snapshot(data_dir, tables, unreadable, encodings, digests)


# --------------------------------------------------------------------------- serialising

def _cell(value: Any) -> str:
    """A cell as text: None/NaN -> "", strings as they are, numbers in their shortest form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """CSV as the project writes it (:func:`pairings.encoding.write_csv`): UTF-8, no BOM, ``\\n``,
    quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _frame_rows(frame: pd.DataFrame, header: list[str]) -> list[list[str]]:
    """The rows of an edited frame in ``header`` order, blank rows dropped (a row an editor added
    and left empty carries nothing; ``check --fix`` drops such rows too)."""
    out = []
    for record in frame.itertuples(index=False, name=None):
        cells = dict(zip(frame.columns, (_cell(v) for v in record)))
        row = [cells.get(c, "") for c in header]
        if any(c.strip() for c in row):
            out.append(row)
    return out


def _all_rows(frame: pd.DataFrame, header: list[str]) -> list[list[str]]:
    """Every row of a frame as text in ``header`` order, blank rows included."""
    return [[cells.get(c, "") for c in header]
            for cells in (dict(zip(frame.columns, map(_cell, record))) for record in frame.itertuples(index=False, name=None))]


def row_positions(frame: pd.DataFrame) -> dict[int, int]:
    """Excel row number in the saved file -> 0-based position in ``frame`` (blank rows are not
    written, so later rows move up)."""
    out, number = {}, 2
    for position, record in enumerate(frame.itertuples(index=False, name=None)):
        if any(_cell(v).strip() for v in record):
            out[number] = position
            number += 1
    return out


def _text_bytes(text: str) -> bytes:
    """A document text as the texts folder stores it: UTF-8, ``\\n`` line ends, final newline."""
    return (text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n").encode("utf-8")


# --------------------------------------------------------------------------- results

@dataclass
class SaveResult:
    """What a save did.

    ``written``: the files replaced (paths relative to the repository root), in commit order;
    empty when nothing changed or the save was refused.
    ``problems``: why it was refused — checker problems the new set has and the current data
    has not (``Problem`` with file, row, column), or a store problem (file, row 1): a
    concurrent edit, a text path outside the repository, a failed write; empty when saved.
    ``conflict``: True when refused because the data changed since ``base_token``.
    ``fingerprint``: :func:`data_fingerprint` after the call (the new base for the next edit).
    ``notes``: what happened besides (an interrupted earlier save completed, …)."""

    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflict: bool = False
    fingerprint: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The problems as ``file:row:column: message`` lines."""
        return [p.line() for p in self.problems]


def _store_problem(file: str, message: str, code: str, **params) -> Problem:
    return Problem(file, 1, "", message, ERROR, code=code, params=params)


def _store_error_problem(exc: "StoreError") -> Problem:
    return _store_problem("(data)", str(exc), "store_error",
                          store_code=getattr(exc, "code", "store_error"), store_params=getattr(exc, "params", {}))


# --------------------------------------------------------------------------- checking on a copy

def default_check(data_dir: Path) -> list[Problem]:
    """Every problem ``pairings.load`` reports for a data folder (errors and warnings)."""
    from pairings import load

    return list(load(data_dir).report)


def _identities(contents: Mapping[str, bytes | None]) -> dict[tuple[str, int], str]:
    """(file name, Excel row) -> what the row is (its id; mentions: entity, document, quote), so
    that a problem is recognised as the same when rows above it were added or removed."""
    out = {}
    for stem in FILES:
        data = contents.get(stem)
        if not data:
            continue
        try:
            header, rows, _ = _parse_csv(data)
        except ValueError:
            continue
        key_columns = _key_columns(stem)
        for number, row in enumerate(rows, start=2):
            cells = dict(zip(header, row))
            key = [cells.get(c, "").strip() for c in key_columns] if key_columns else row
            out[(f"{stem}.csv", number)] = "|".join(key)
    return out


def _key_columns(stem: str) -> tuple[str, ...]:
    etype = by_file(stem)
    if etype is not None:
        return (etype.id_column,)
    return {"documents": ("doc_id",), "mentions": ("entity_id", "doc_id", "quote")}.get(stem, ())


def _problem_key(problem: Any, identities: Mapping[tuple[str, int], str], folder: Path) -> tuple:
    """A problem as compared between the current data and the new set."""
    if not hasattr(problem, "file"):
        return ("", "", "", str(problem).replace(str(folder), "<data>"))
    where = "header" if problem.row <= 1 else identities.get((problem.file, problem.row), f"row {problem.row}")
    message = re.sub(r"\brow \d+", "row #", problem.message.replace(str(folder), "<data>"))
    return (problem.file, where, problem.column, message, problem.severity)


_BASE_CACHE: dict[tuple, set] = {}


def _current_contents(data_dir: Path) -> dict[str, bytes | None]:
    out = {}
    for stem in FILES:
        try:
            out[stem] = (data_dir / f"{stem}.csv").read_bytes()
        except OSError:
            out[stem] = None
    return out


def _base_keys(data_dir: Path, check: Check, token: str) -> set:
    """The problem keys of the current data (cached on the fingerprint and the checker)."""
    key = (token, id(check))  # equal tokens: the same bytes at the same repository-relative paths
    if key not in _BASE_CACHE:
        identities = _identities(_current_contents(data_dir))
        _BASE_CACHE.clear()
        _BASE_CACHE[key] = {_problem_key(p, identities, data_dir) for p in check(data_dir)}
    return _BASE_CACHE[key]


def _check_copy(data_dir: Path, new: Mapping[Path, bytes], check: Check) -> tuple[list, dict]:
    """Run ``check`` on a faithful copy of the data set with the ``new`` contents (absolute
    target path -> bytes) in place: the data folder at the same place under a copy of the
    repository root, every text documents.csv (old or new) names at its ``text_file`` path.
    Returns (problems, identities of the copy's rows)."""
    root = repo_root_of(data_dir)
    with tempfile.TemporaryDirectory(prefix="regionmap-check-") as tmp:
        copy_root = Path(tmp)
        copy_dir = copy_root / data_dir.relative_to(root)
        copy_dir.mkdir(parents=True)
        contents: dict[str, bytes | None] = {}
        for stem in FILES:
            target = data_dir / f"{stem}.csv"
            data = new.get(target)
            if data is None and target.is_file():
                data = target.read_bytes()
            contents[stem] = data
            if data is not None:
                (copy_dir / target.name).write_bytes(data)
        refs = set(_text_refs(contents.get("documents"))) | set(_text_refs(_current_contents(data_dir)["documents"]))
        for rel in refs:
            target = _inside(root, rel)
            if target is None:
                continue
            dest = copy_root / target.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if target in new:
                dest.write_bytes(new[target])
            elif target.is_file():
                shutil.copyfile(target, dest)
        problems = list(check(copy_dir))
        identities = _identities(contents)
        return problems, {"identities": identities, "folder": copy_dir}


def _new_problems(data_dir: Path, new: Mapping[Path, bytes], check: Check, token: str,
                  allow_warnings: bool) -> list:
    problems, info = _check_copy(data_dir, new, check)
    before = _base_keys(data_dir, check, token)
    fresh = [p for p in problems if _problem_key(p, info["identities"], info["folder"]) not in before]
    if allow_warnings:
        fresh = [p for p in fresh if getattr(p, "severity", ERROR) != WARNING]
    return [_unfold(p, info["folder"]) for p in fresh]


def _unfold(problem: Any, folder: Path) -> Any:
    """A problem of the copy as the maintainer should read it (no temporary folder in it)."""
    if isinstance(problem, Problem) and str(folder) in problem.message:
        return replace(problem, message=problem.message.replace(str(folder), "<data>"))
    return problem


@dataclass
class Preview:
    """The checker's view of edited tables before saving.

    ``problems``: everything the checker reports for the data set with the edits in place
    (row numbers are rows of the file as it would be saved; map them onto the editor's frames
    with ``problems_by_cell(problems, preview.positions)``). ``new``: those the current data
    has not (what would refuse the save). ``positions``: stem -> {Excel row -> position in
    the edited frame}. ``changed``: the files the save would write."""

    problems: list
    new: list
    positions: dict[str, dict[int, int]]
    changed: list[str]


def check_tables(data_dir: Path | str | None, changes: Mapping[str, pd.DataFrame],
                 texts: Mapping[str, str] | None = None, check: Check | None = None) -> Preview:
    """Run the checker on a copy of the data with ``changes`` (stem -> whole edited table) and
    ``texts`` (``text_file`` path -> text) in place, writing nothing (see :class:`Preview`)."""
    data_dir = Path(data_dir or DATA_DIR).resolve()
    check = check or default_check
    refused, new = _table_contents(data_dir, changes, texts)
    root = repo_root_of(data_dir)
    if refused:
        return Preview(refused, refused, {}, [])
    problems, info = _check_copy(data_dir, new, check)
    before = _base_keys(data_dir, check, data_fingerprint(data_dir))
    fresh = [p for p in problems if _problem_key(p, info["identities"], info["folder"]) not in before]
    # a rewritten file has no blank rows; a file left as it is has every row of its frame
    positions = {stem: row_positions(frame) if data_dir / f"{stem}.csv" in new else
                 {i + 2: i for i in range(len(frame))} for stem, frame in changes.items() if frame is not None}
    return Preview([_unfold(p, info["folder"]) for p in problems], [_unfold(p, info["folder"]) for p in fresh],
                   positions, [_rel(root, p) for p in new])


# --------------------------------------------------------------------------- building new contents

def _table_contents(data_dir: Path, changes: Mapping[str, pd.DataFrame], texts: Mapping[str, str] | None
                    ) -> tuple[list[Problem], dict[Path, bytes]]:
    """(refusals, target -> new bytes) for whole edited tables and texts; unchanged files left out."""
    root = repo_root_of(data_dir)
    problems: list[Problem] = []
    new: dict[Path, bytes] = {}
    for stem, frame in changes.items():
        name = f"{stem}.csv"
        if stem not in FILES:
            problems.append(_store_problem(name, f"{stem} is not a data file ({', '.join(FILES)})", "not_a_data_file",
                                           stem=stem, files=list(FILES)))
            continue
        if frame is None:
            continue
        path = data_dir / name
        header: list[str] = []
        rows: list[list[str]] = []
        if path.exists():
            try:
                header, rows, encoding = _parse_csv(path.read_bytes())
            except (ValueError, OSError) as exc:
                problems.append(_store_problem(name, f"cannot be saved from the editor: {exc}; fix the file "
                                               "first (`python -m pairings check`)", "not_editable", error=str(exc)))
                continue
        frame = frame.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        missing = [c for c in header if c not in frame.columns]
        if missing:
            problems.append(_store_problem(name, f"the edited table has no column {', '.join(missing)}: "
                                           "nothing was saved (it would lose those cells)", "columns_lost",
                                           columns=missing))
            continue
        extra = [c for c in frame.columns if c not in header
                 and frame[c].map(lambda v: bool(_cell(v).strip())).any()]
        if not header:
            from pairings.schema import resource

            header = [f["name"] for f in resource(stem)["schema"]["fields"]]
            extra = [c for c in extra if c not in header]
        out_header = header + extra
        if out_header == header and _all_rows(frame, header) == rows:
            continue  # every row as in the file: not rewritten (whatever its encoding)
        data = _csv_bytes(out_header, _frame_rows(frame, out_header))
        if not path.exists() or data != path.read_bytes():
            new[path] = data
    for rel, text in (texts or {}).items():
        target = _text_target(root, rel, problems)
        if target is None:
            continue
        data = _text_bytes(text)
        if not target.exists() or target.read_bytes() != data:
            new[target] = data
    return problems, new


def _text_target(root: Path, rel: str, problems: list[Problem]) -> Path | None:
    target = _inside(root, str(rel))
    if target is None or target.suffix != ".txt":
        problems.append(_store_problem("documents.csv", f"text_file {rel!r} is not a .txt path inside {root}",
                                       "text_path_bad", path=str(rel)))
        return None
    if target.exists() and not target.is_file():
        problems.append(_store_problem("documents.csv", f"text_file {rel!r} is not a file", "text_not_a_file",
                                       path=str(rel)))
        return None
    return target


def _appended(path: Path, new: pd.DataFrame) -> bytes:
    """``path``'s bytes with ``new`` rows appended in the file's column order.

    The existing bytes stay as they are when the file is UTF-8 (BOM or not) with ``\\n`` line
    ends and no new row has a value in a column the file lacks; otherwise the file is rewritten
    canonically (UTF-8, ``\\n``) with those columns added at the end."""
    new = new.copy()
    new.columns = [str(c).strip() for c in new.columns]
    data = path.read_bytes() if path.exists() else b""
    header, rows, encoding = _parse_csv(data) if data.strip() else ([], [], UTF8)
    extra = [c for c in new.columns if c not in header and new[c].map(lambda v: bool(_cell(v).strip())).any()]
    if not header:
        from pairings.schema import resource

        header = [f["name"] for f in resource(path.name.removesuffix('.csv'))["schema"]["fields"]]
        header += [c for c in new.columns if c not in header]
        return _csv_bytes(header, _frame_rows(new, header))
    if not extra and encoding in (UTF8, UTF8_BOM) and b"\r" not in data:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(_frame_rows(new, header))
        return data + (b"" if data.endswith(b"\n") else b"\n") + buffer.getvalue().encode("utf-8")
    out_header = header + extra
    return _csv_bytes(out_header, [r + [""] * len(extra) for r in rows] + _frame_rows(new, out_header))


# --------------------------------------------------------------------------- saving

def save_tables(data_dir: Path | str | None, changes: Mapping[str, pd.DataFrame],
                texts: Mapping[str, str] | None = None, base_token: Any = None, check: Check | None = None,
                allow_warnings: bool = False) -> SaveResult:
    """Save whole edited tables (and document texts) as one transaction.

    In: ``changes``: file stem (``zones`` …) -> the whole table as edited (every row to keep;
    columns in any order — the file's order is kept, new non-empty columns go at the end; a
    column of the file missing from the frame refuses the save); tables equal to the file are
    not rewritten. ``texts``: ``text_file`` path as in documents.csv (relative to the repository
    root) -> the text to store there (UTF-8, ``\\n``, final newline). ``base_token``: the
    :class:`Snapshot` the editor started from, or its ``token`` / :func:`data_fingerprint`;
    when the data set on disk differs, nothing is written (``conflict``). None: the state at
    the start of this call. ``check``: ``check(data_dir) -> problems`` (default: ``pairings.load``'s
    report). ``allow_warnings``: when False (default) any new problem refuses, warnings too.

    Give frames of :func:`snapshot` (every row as written), never ``pairings.load().tables``:
    those leave out the rows with errors and hold fixed values, so saving them would delete the
    rows left out (:func:`diff_tables` shows such removals before a save).

    Out: :class:`SaveResult`. Rows are written in the order of the frames (so a git diff shows
    just the edited lines), blank rows dropped, UTF-8 without BOM, ``\\n`` line ends, minimal
    quoting (the form ``check --fix`` writes), each file keeping its mode.
    """
    data_dir = Path(data_dir or DATA_DIR).resolve()
    try:
        notes = recover(data_dir)
    except StoreError as exc:
        return SaveResult(problems=[_store_error_problem(exc)], fingerprint=data_fingerprint(data_dir))
    start = file_digests(data_dir)
    conflict = _conflict(base_token, start)
    if conflict:
        return SaveResult(problems=conflict, conflict=True, fingerprint=_token(start), notes=notes)
    refused, new = _table_contents(data_dir, changes, texts)
    return _save(data_dir, new, refused, start, check, allow_warnings, notes)


def append_rows(data_dir: Path | str | None, tables: Mapping[str, pd.DataFrame],
                texts: Mapping[str, str] | None = None, base_token: Any = None, check: Check | None = None,
                allow_warnings: bool = False) -> SaveResult:
    """Append rows to the data files (and add the texts of new documents) as one transaction:
    what the upload workflow's "写入 CSV" does.

    In: ``tables``: file stem -> rows to append (as ``mapview.candidates.accepted_rows`` gives:
    curated columns, strings). ``texts``: doc id -> cleaned text of a new document, stored at
    the ``text_file`` of its row in ``tables["documents"]`` (default
    ``pairings/texts/<doc_id>.txt``); a text file that exists with other content refuses the
    save (choose another document id); one with the same content is left alone.
    ``base_token``, ``check``, ``allow_warnings``: as :func:`save_tables`.

    Out: :class:`SaveResult`. The existing bytes of each UTF-8 file are kept and the rows added
    after them (in the file's column order); a file in another encoding, or one that lacks a
    column a new row fills, is rewritten as UTF-8 with the column added at the end.
    """
    data_dir = Path(data_dir or DATA_DIR).resolve()
    root = repo_root_of(data_dir)
    try:
        notes = recover(data_dir)
    except StoreError as exc:
        return SaveResult(problems=[_store_error_problem(exc)], fingerprint=data_fingerprint(data_dir))
    start = file_digests(data_dir)
    conflict = _conflict(base_token, start)
    if conflict:
        return SaveResult(problems=conflict, conflict=True, fingerprint=_token(start), notes=notes)
    problems: list[Problem] = []
    new: dict[Path, bytes] = {}
    for stem, frame in tables.items():
        if frame is None or not len(frame):
            continue
        if stem not in FILES:
            problems.append(_store_problem(f"{stem}.csv", f"{stem} is not a data file ({', '.join(FILES)})",
                                           "not_a_data_file", stem=stem, files=list(FILES)))
            continue
        path = data_dir / f"{stem}.csv"
        try:
            new[path] = _appended(path, frame)
        except (ValueError, OSError) as exc:
            problems.append(_store_problem(path.name, f"rows cannot be added: {exc}; fix the file first "
                                           "(`python -m pairings check`)", "rows_not_added", error=str(exc)))
    documents = tables.get("documents")
    for rec in ([] if documents is None else documents.fillna("").astype(str).to_dict("records")):
        doc_id = rec.get("doc_id", "")
        if doc_id not in (texts or {}):
            continue
        rel = rec.get("text_file") or f"pairings/texts/{doc_id}.txt"
        target = _text_target(root, rel, problems)
        if target is None:
            continue
        data = _text_bytes(texts[doc_id])
        if target.exists():
            if target.read_bytes() != data:
                problems.append(_store_problem("documents.csv", f"{rel} already exists with another text: choose "
                                               "another document id", "text_exists", path=str(rel)))
            continue
        new[target] = data
    return _save(data_dir, new, problems, start, check, allow_warnings, notes)


def _conflict(base_token: Any, current: Mapping[str, str]) -> list[Problem]:
    """The refusal when the data set (``current``: :func:`file_digests`) differs from
    ``base_token`` (a :class:`Snapshot`, a digests dict, or a token string), naming the files
    when the base says what they held."""
    if base_token is None:
        return []
    if isinstance(base_token, Snapshot):
        base_token = base_token.digests
    if isinstance(base_token, Mapping):
        files = sorted(k for k in set(current) | set(base_token) if current.get(k) != base_token.get(k))
        if not files:
            return []
        changed = f" ({', '.join(files)})"
    elif str(base_token) == _token(current):
        return []
    else:
        changed = ""
    return [_store_problem("(data)", f"the data on disk changed since you loaded it{changed}: someone else saved. "
                           "Nothing was written; reload the data and make your edit again", "changed_meanwhile",
                           files=files if isinstance(base_token, Mapping) else [])]


def _save(data_dir: Path, new: dict[Path, bytes], refused: list[Problem], start: dict[str, str],
          check: Check | None, allow_warnings: bool, notes: list[str]) -> SaveResult:
    """Check ``new`` (target -> bytes) on a copy, then commit it under the lock when the data
    set still holds what it held at ``start`` (:func:`file_digests` taken before the check)."""
    token = _token(start)
    if refused:
        return SaveResult(problems=refused, fingerprint=token, notes=notes)
    if not new:
        return SaveResult(fingerprint=token, notes=notes)
    check = check or default_check
    problems = _new_problems(data_dir, new, check, token, allow_warnings)
    if problems:
        return SaveResult(problems=problems, fingerprint=token, notes=notes)
    try:
        with _locked(data_dir):
            now = file_digests(data_dir)
            conflict = _conflict(start, now)
            if conflict:
                return SaveResult(problems=conflict, conflict=True, fingerprint=_token(now), notes=notes)
            written = _commit(data_dir, new)
    except OSError as exc:
        return SaveResult(problems=[_store_problem("(data)", f"writing failed ({exc}); nothing was changed",
                                                   "write_failed", error=str(exc))],
                          fingerprint=data_fingerprint(data_dir), notes=notes)
    except StoreError as exc:
        return SaveResult(problems=[_store_error_problem(exc)], fingerprint=data_fingerprint(data_dir),
                          notes=notes)
    return SaveResult(written=written, fingerprint=data_fingerprint(data_dir), notes=notes)


@contextmanager
def _locked(data_dir: Path):
    """An exclusive lock on the data folder (``.store.lock``, flock), so that two saves (threads
    or processes) never commit at once; raises StoreError after :data:`LOCK_TIMEOUT_S`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: threads of this process only
        fcntl = None
    if fcntl is None:  # pragma: no cover
        with _THREAD_LOCK:
            yield
        return
    fd = os.open(data_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise StoreError("another save of this data folder is still running; try again", "busy") from exc
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


_THREAD_LOCK = threading.Lock()


# --------------------------------------------------------------------------- the transaction

@dataclass
class _Entry:
    path: str          # target, relative to the repository root
    staged: str        # staged file name (same folder)
    backup: str | None  # backup file name (same folder), None when the target did not exist
    old: str | None    # SHA-256 of the old content, None when the target did not exist
    new: str           # SHA-256 of the new content

    def files(self, root: Path) -> tuple[Path, Path, Path | None]:
        target = root / self.path
        return target, target.parent / self.staged, (target.parent / self.backup if self.backup else None)


def _order(root: Path, data_dir: Path, path: Path) -> tuple:
    if path.parent == data_dir and path.stem in WRITE_ORDER:
        return (1, WRITE_ORDER.index(path.stem))
    if path.suffix == ".csv" and path.parent == data_dir:
        return (2, path.name)
    return (0, _rel(root, path))


def _write_journal(data_dir: Path, txid: str, state: str, entries: list[_Entry]) -> None:
    """Write the journal atomically (staged file, fsync, rename, fsync the folder)."""
    body = json.dumps({"version": 1, "txid": txid, "state": state, "pid": os.getpid(),
                       "entries": [e.__dict__ for e in entries]}, ensure_ascii=False, indent=1).encode("utf-8")
    tmp = data_dir / f"{JOURNAL}.{txid}.tmp"
    if tmp.exists():
        _unlink(tmp)
    _write_bytes(tmp, body)
    _replace(tmp, data_dir / JOURNAL)
    _fsync_dir(data_dir)


def _commit(data_dir: Path, new: Mapping[Path, bytes]) -> list[str]:
    """Replace every target of ``new`` (absolute path -> bytes) as one transaction (module
    docstring, steps 1–5). Returns the targets written (relative to the repository root).
    Raises what a failed step raised, after rolling back (or leaving the journal to
    :func:`recover` when even the rollback failed)."""
    root = repo_root_of(data_dir)
    txid = secrets.token_hex(6)
    targets = sorted(new, key=lambda p: _order(root, data_dir, p))
    entries = []
    for target in targets:
        old = _digest(target)
        entries.append(_Entry(_rel(root, target), f".{target.name}.{txid}.new",
                              f".{target.name}.{txid}.old" if old is not None else None,
                              old, hashlib.sha256(new[target]).hexdigest()))
    phase = "staging"
    _write_journal(data_dir, txid, phase, entries)
    try:
        for entry, target in zip(entries, targets):
            _, staged, backup = entry.files(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
            _write_bytes(staged, new[target], mode)
            if backup is not None:
                try:
                    _link(target, backup)
                except OSError as exc:
                    if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                        raise
                    _write_bytes(backup, target.read_bytes(), mode)
        for folder in {t.parent for t in targets}:
            _fsync_dir(folder)
        _write_journal(data_dir, txid, "committing", entries)
        phase = "committing"
        for entry in entries:
            target, staged, _ = entry.files(root)
            _replace(staged, target)
        for folder in {t.parent for t in targets}:
            _fsync_dir(folder)
        phase = "committed"
        _finish(root, entries)
        _unlink(data_dir / JOURNAL)
        _fsync_dir(data_dir)
    except BaseException as exc:
        if phase == "committed":  # every target holds the new content: only the clean-up failed
            try:
                _finish(root, entries)
                _unlink(data_dir / JOURNAL)
            except BaseException:
                pass  # recover() finishes it
            if isinstance(exc, Exception):
                return [e.path for e in entries]
            raise
        try:
            if phase == "committing":
                _write_journal(data_dir, txid, "rolling_back", entries)
            _rollback(root, entries)
            _unlink(data_dir / JOURNAL)
            _clean_strays(data_dir, txid_alive=None)
        except BaseException:
            pass  # the journal stays: recover() at the next start completes the rollback
        raise
    return [e.path for e in entries]


def _finish(root: Path, entries: list[_Entry]) -> None:
    """Remove the staged files and backups of a transaction that is complete."""
    for entry in entries:
        _, staged, backup = entry.files(root)
        for path in (staged, backup):
            if path is not None and os.path.lexists(path):
                _unlink(path)


def _roll_forward(root: Path, entries: list[_Entry]) -> None:
    """Bring every target to its new content from its staged file; raises StoreError when a
    target is neither new nor replaceable (then roll back)."""
    for entry in entries:
        target, staged, _ = entry.files(root)
        if _digest(target) == entry.new:
            continue
        if _digest(staged) != entry.new:
            raise StoreError(f"{entry.path}: its new content is not complete on disk", "staged_incomplete",
                             path=entry.path)
        _replace(staged, target)
    for folder in {(root / e.path).parent for e in entries}:
        _fsync_dir(folder)
    _finish(root, entries)


def _rollback(root: Path, entries: list[_Entry]) -> list[str]:
    """Bring every target back to its old content; never deletes a file that existed before.
    Returns notes about files left alone; raises StoreError when an old content is gone."""
    notes = []
    for entry in reversed(entries):
        target, staged, backup = entry.files(root)
        current = _digest(target)
        if current == entry.old:
            pass  # untouched, or restored already
        elif entry.old is None:  # the save created this file
            if current == entry.new:
                _unlink(target)
            else:
                notes.append(Note(f"{entry.path} was changed by someone else meanwhile; left as it is",
                                  "left_as_it_is", path=entry.path))
        elif backup is not None and _digest(backup) == entry.old:
            _replace(backup, target)
        else:
            raise StoreError(f"{entry.path}: its old content cannot be restored (backup {entry.backup} is missing "
                             f"or changed); the journal {JOURNAL} is kept — restore the file from git",
                             "backup_missing", path=entry.path, backup=entry.backup, journal=JOURNAL)
    for folder in {(root / e.path).parent for e in entries}:
        _fsync_dir(folder)
    _finish(root, entries)
    return notes


def _clean_strays(data_dir: Path, txid_alive: str | None) -> list[str]:
    """Remove what an interrupted writer left and no journal names: the journal's own staged
    file, staged ``.new`` files, and the ``.<file>.*.tmp`` files of the old writer
    (mapview.candidates). A stray ``.old`` backup is left alone (it may be the only copy)."""
    removed = []
    folders = {data_dir, data_dir.parent / "texts"}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if txid_alive and txid_alive in name:
                continue
            if (name.startswith(JOURNAL + ".") and name.endswith(".tmp")) or _OLD_WRITER_TMP.match(name) \
                    or (_STAGED.match(name) and name.endswith(".new")):
                _unlink(path)
                removed.append(name)
    return removed


def recover(data_dir: Path | str | None = None) -> list[str]:
    """Complete or roll back a save that was interrupted (the process was killed, the machine
    stopped): a journal in state ``committing`` is rolled forward, any other is rolled back
    (and a roll-forward that cannot complete is rolled back). Removes stray staged files. Safe
    to call at every start and from several threads (it takes the save lock when there is work);
    does nothing, and writes nothing, when there is nothing to recover.

    Returns one line per thing done (empty when nothing was to do). Raises :class:`StoreError`
    when the folder cannot be brought back to a whole set (the journal is kept)."""
    data_dir = Path(data_dir or DATA_DIR).resolve()
    journal = data_dir / JOURNAL

    def strays_present() -> bool:
        return any(_STAGED.match(p.name) and p.name.endswith(".new") or _OLD_WRITER_TMP.match(p.name)
                   or (p.name.startswith(JOURNAL + ".") and p.name.endswith(".tmp"))
                   for folder in (data_dir, data_dir.parent / "texts") if folder.is_dir() for p in folder.iterdir())

    if not journal.exists() and not strays_present():
        return []
    try:
        return _recover(data_dir, journal)
    except OSError as exc:
        raise StoreError(f"an interrupted save in {data_dir} could not be completed or rolled back ({exc}); "
                         f"the journal {JOURNAL} is kept: fix the cause (permissions, disk space) and start "
                         "again", "recovery_failed", folder=str(data_dir), error=str(exc), journal=JOURNAL) from exc


def _recover(data_dir: Path, journal: Path) -> list[str]:
    notes: list[str] = []
    root = repo_root_of(data_dir)
    with _locked(data_dir):
        if journal.exists():
            try:
                state = json.loads(journal.read_text(encoding="utf-8"))
                entries = [_Entry(**e) for e in state["entries"]]
                for e in entries:
                    if _inside(root, e.path) is None or "/" in e.staged or (e.backup and "/" in e.backup):
                        raise ValueError(f"path {e.path!r} outside the repository")
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"{journal} cannot be read ({exc}); check the files it names, then delete it",
                                 "journal_unreadable", journal=str(journal.name), error=str(exc)) from exc
            files = ", ".join(e.path for e in entries)
            if state["state"] == "committing":
                try:
                    _roll_forward(root, entries)
                    notes.append(Note(f"completed an interrupted save ({files})", "completed", files=files))
                except (OSError, StoreError) as exc:
                    _write_journal(data_dir, state["txid"], "rolling_back", entries)
                    notes += _rollback(root, entries)
                    notes.append(Note(f"rolled back an interrupted save ({files}): {exc}", "rolled_back_after",
                                      files=files, error=str(exc)))
            else:
                notes += _rollback(root, entries)
                notes.append(Note(f"rolled back an interrupted save ({files}); the data is as before it",
                                  "rolled_back", files=files))
            _unlink(journal)
            _fsync_dir(data_dir)
        removed = _clean_strays(data_dir, None)
        if removed:
            notes.append(Note(f"removed staged files an interrupted writer left: {', '.join(sorted(removed))}",
                              "strays_removed", files=", ".join(sorted(removed))))
    return notes


# --------------------------------------------------------------------------- around the editor

@dataclass
class RowChange:
    """One row present before and after with other cells: its key, both rows, the columns that differ."""

    key: str
    old: dict[str, str]
    new: dict[str, str]
    columns: list[str]


@dataclass
class TableDiff:
    """Rows added, changed and removed in one table (rows as ``column -> text`` dicts), and
    columns added or removed."""

    added: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.columns_added or self.columns_removed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}


def row_key(stem: str, row: Mapping[str, Any]) -> str:
    """What identifies a row of ``stem`` across edits: its id column (from the entity registry;
    documents: ``doc_id``), mentions: ``entity_id|doc_id``."""
    columns = _key_columns(stem)
    if stem == "mentions":
        columns = ("entity_id", "doc_id")
    if not columns:
        return "|".join(_cell(v).strip() for v in row.values())
    return "|".join(_cell(row.get(c, "")).strip() for c in columns)


def _records(frame: pd.DataFrame | None) -> list[dict[str, str]]:
    if frame is None:
        return []
    out = []
    for record in frame.itertuples(index=False, name=None):
        row = {str(c).strip(): _cell(v) for c, v in zip(frame.columns, record)}
        if any(v.strip() for v in row.values()):
            out.append(row)
    return out


def diff_tables(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> dict[str, TableDiff]:
    """Rows added, changed and removed per file between two sets of tables (stem -> DataFrame,
    e.g. ``snapshot().tables`` and the editor's frames); files equal on both sides are left out.

    Rows are matched by :func:`row_key` (the id); when a key occurs several times, its k-th
    occurrence before is matched with its k-th after. A changed id is a removal plus an addition.
    Blank rows are ignored; a cell is compared as text (None/NaN = "")."""
    out = {}
    for stem in [s for s in FILES if s in old or s in new] + sorted(set(old) | set(new) - set(FILES)):
        before, after = _records(old.get(stem)), _records(new.get(stem))
        cols_before = [str(c).strip() for c in old[stem].columns] if stem in old and old[stem] is not None else []
        cols_after = [str(c).strip() for c in new[stem].columns] if stem in new and new[stem] is not None else []
        diff = TableDiff(columns_added=[c for c in cols_after if c not in cols_before] if cols_before else [],
                         columns_removed=[c for c in cols_before if c not in cols_after] if cols_after else [])

        def keyed(rows: list[dict[str, str]]) -> dict[tuple[str, int], dict[str, str]]:
            seen: dict[str, int] = {}
            out_rows = {}
            for row in rows:
                key = row_key(stem, row)
                seen[key] = seen.get(key, -1) + 1
                out_rows[(key, seen[key])] = row
            return out_rows

        kb, ka = keyed(before), keyed(after)
        for key, row in ka.items():
            if key not in kb:
                diff.added.append(row)
                continue
            prev = kb[key]
            columns = [c for c in dict.fromkeys([*prev, *row]) if prev.get(c, "") != row.get(c, "")]
            if columns:
                diff.changed.append(RowChange(key[0], prev, row, columns))
        diff.removed = [row for key, row in kb.items() if key not in ka]
        if not diff.empty:
            out[stem] = diff
    return out


def problems_by_cell(report: Iterable[Any], positions: Mapping[str, Mapping[int, int]] | None = None,
                     text: Any = None) -> dict[tuple[str, int | None, str], list[str]]:
    """Checker problems onto editor rows and cells: ``(stem, position, column) -> [messages]``.

    ``stem`` is the file without ``.csv`` (``zones``); ``position`` the 0-based row of the
    editor's frame: from ``positions`` (``Preview.positions``: Excel row -> position) when
    given for that file, else ``row - 2`` (a frame of every row as read, :func:`snapshot`);
    None for problems about the whole file or its header (Excel row 1). ``column`` is "" for
    a problem about the whole row. Messages keep their order and say ``warning: `` when the
    problem does not leave the row out; ``text`` (a function of the problem) gives them instead,
    e.g. in the page's language (``mapview.i18n.problem_text``)."""
    out: dict[tuple[str, int | None, str], list[str]] = {}
    for problem in report:
        stem = problem.file.rsplit("/", 1)[-1].removesuffix(".csv")
        if problem.row <= 1:
            position = None
        elif positions is not None and stem in positions:
            position = positions[stem].get(problem.row)
        else:
            position = problem.row - 2
        if text is not None:
            shown = text(problem)
        else:
            shown = problem.message if problem.severity == ERROR else f"warning: {problem.message}"
        out.setdefault((stem, position, problem.column), []).append(shown)
    return out


@dataclass
class Notices:
    """The report split for honest notices: ``left_out`` (file, Excel row) -> the errors that
    left that row out; ``file_errors``: errors about a whole file or the header (row 1);
    ``warnings``: problems of rows that still load."""

    left_out: dict[tuple[str, int], list[Problem]]
    file_errors: list[Problem]
    warnings: list[Problem]

    @property
    def n_left_out(self) -> int:
        """How many rows were left out (rows, not report lines)."""
        return len(self.left_out)

    @property
    def n_warnings(self) -> int:
        return len(self.warnings)


def split_notices(report: Iterable[Any]) -> Notices:
    """Split a checker report (``pairings.load(...).report``) by severity: rows left out (every
    row left out has at least one error at its row, the loader guarantees it) apart from
    warnings (the row loads). Warnings of a row that is left out anyway stay with its errors."""
    report = list(report)
    left: dict[tuple[str, int], list[Problem]] = {}
    file_errors = []
    for problem in report:
        if problem.severity != ERROR:
            continue
        if problem.row <= 1:
            file_errors.append(problem)
        else:
            left.setdefault((problem.file, problem.row), []).append(problem)
    warnings = []
    for problem in report:
        if problem.severity == ERROR:
            continue
        if (problem.file, problem.row) in left:
            left[(problem.file, problem.row)].append(problem)
        else:
            warnings.append(problem)
    return Notices(left, file_errors, warnings)
