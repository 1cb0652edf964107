"""Cleaned document texts, their clause structure, and the normalisation used to match quotes.

A cleaned text (the ``text_file`` of its documents.csv row, ``pairings/texts/<doc_id>.txt`` as
``python -m pairings ingest`` writes it; see :func:`text_path`) has
one paragraph per line, no indentation, no blank lines, and every sentence of the document
verbatim. Its clause structure follows CONTRIBUTING.md ("Clause labels"):

- ``一、`` opens level 1 (label ``一``), ``(三)``/``（三）`` level 2 (``(三)``),
  ``1.``/``1、``/``1．`` level 3 (``1``), ``(1)``/``（1）`` level 4 (``1``);
  a marker closes every deeper level; labels are the chain, outermost first: ``二(三)2``.
- ``——`` bullets add no level: the bullet keeps its parent's label.
- The title line(s) are ``标题``; text before the first marker is ``序言``; short closing lines
  after the last numbered clause (issuer, date, signature) are ``结尾``.

Public functions (see CONTRIBUTING.md): :func:`read_text`, :func:`clause_index`,
:func:`clause_of`, :func:`normalise`. The ``*_text`` variants work on a text string so they
can be tested, and used on texts that are not (yet) in ``pairings/texts/``.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

TITLE, PREAMBLE, CLOSING = "标题", "序言", "结尾"

_CN_NUM = "一二三四五六七八九十百零〇"
# (level, compiled pattern); group 1 is the number as written.
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^([{_CN_NUM}]+)、")),
    (2, re.compile(rf"^[(（]([{_CN_NUM}]+)[)）]")),
    (3, re.compile(r"^([0-9０-９]+)(?:[.．、](?![0-9０-９])|\s)")),
    (4, re.compile(r"^[(（]([0-9０-９]+)[)）]")),
)
BULLET = re.compile(r"^[—–―－-]{2}")

# Dashes of every width, mapped to "-" by normalise().
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－─━﹘﹣"), "-")
_QUOTES = {ord("“"): '"', ord("”"): '"', ord("‘"): "'", ord("’"): "'",
           ord("〔"): "[", ord("〕"): "]", ord("【"): "[", ord("】"): "]"}
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")


def normalise(text: str) -> str:
    """Return ``text`` in the form used to compare quotes with documents.

    NFKC (full-width ``（）－，：；`` and digits become half-width), every dash variant becomes
    ``-``, curly quotes become straight, ``〔〕【】`` become ``[]``, and all whitespace
    (including no-break and ideographic spaces) is removed. ``。、`` are left as they are.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_DASHES).translate(_QUOTES)
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Clause:
    """One sentence of a cleaned text with its clause label.

    ``paragraph`` is the 0-based line number in the cleaned text, ``sentence`` the 0-based
    sentence number inside that line, ``text`` the sentence verbatim.
    """

    label: str
    paragraph: int
    sentence: int
    text: str


def marker_of(paragraph: str) -> tuple[int, str] | None:
    """Return ``(level, normalised marker)`` of a paragraph that opens a clause, else None.

    ``"(三)大力推进…"`` -> ``(2, "(三)")``; ``"1.行政管理…"`` -> ``(3, "1")``; ``"——政府引导"`` -> None.
    """
    for level, pattern in MARKERS:
        match = pattern.match(paragraph)
        if match:
            number = unicodedata.normalize("NFKC", match.group(1))
            return level, f"({number})" if level == 2 else number
    return None


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph after 。！？； (kept with their sentence); never returns empty pieces."""
    return [piece for piece in _SENTENCE_END.split(paragraph) if piece.strip()]


def _is_closing(paragraph: str) -> bool:
    """A short line without sentence punctuation (issuer, date, signature)."""
    return len(paragraph) <= 40 and not re.search(r"[。！？；;，,：:]", paragraph)


def title_lines(lines: list[str], title: str | None) -> int:
    """Number of leading lines that make up the title (0 when no title is known or found).

    The title may be split over lines (``中共中央 国务院`` / ``关于…的意见``) or carry a prefix
    (``中共四川省委 四川省人民政府印发 <title>``); comparison is on :func:`normalise`d text.
    """
    if not title or not lines:
        return 0
    want = normalise(title)
    joined = ""
    for count, line in enumerate(lines, start=1):
        joined += normalise(line)
        if not joined or (want not in joined and not want.startswith(joined)):
            return 0
        if want in joined:
            return count
    return 0


def paragraph_labels(lines: list[str], n_title: int = 0) -> list[str]:
    """Clause label of every paragraph of a cleaned text (``lines``: one paragraph each).

    The first ``n_title`` lines are ``标题``. See the module docstring for the rules.
    """
    labels: list[str] = []
    chain: dict[int, str] = {}
    seen_marker = False
    for index, line in enumerate(lines):
        if index < n_title:
            labels.append(TITLE)
            continue
        found = marker_of(line)
        if found:
            level, marker = found
            chain = {lvl: m for lvl, m in chain.items() if lvl < level}
            chain[level] = marker
            seen_marker = True
        labels.append("".join(chain[lvl] for lvl in sorted(chain)) if seen_marker else PREAMBLE)
    # closing lines: trailing short lines after the last numbered clause
    for index in range(len(lines) - 1, n_title - 1, -1):
        if not seen_marker or marker_of(lines[index]) or not _is_closing(lines[index]):
            break
        labels[index] = CLOSING
    return labels


def index_text(text: str, title: str | None = None) -> list[Clause]:
    """Every sentence of a cleaned text with its clause label, in reading order."""
    lines = [line for line in text.split("\n")]
    labels = paragraph_labels(lines, title_lines(lines, title))
    out: list[Clause] = []
    for number, (line, label) in enumerate(zip(lines, labels)):
        for s_number, sentence in enumerate(split_sentences(line)):
            out.append(Clause(label, number, s_number, sentence))
    return out


def clause_of_text(text: str, quote: str, title: str | None = None) -> str | None:
    """Label of the paragraph containing ``quote`` (compared after :func:`normalise`).

    None when the quote is not found inside a single paragraph, or when it occurs in
    paragraphs with different labels (ambiguous).
    """
    want = normalise(quote)
    if not want:
        return None
    lines = text.split("\n")
    labels = paragraph_labels(lines, title_lines(lines, title))
    found = {label for line, label in zip(lines, labels) if want in normalise(line)}
    return found.pop() if len(found) == 1 else None


#: environment variable that points the app (and :func:`default_data_dir`) at another data folder
DATA_DIR_ENV = "REGIONMAP_DATA_DIR"
DATA_DIR = Path(__file__).resolve().parent / "data"


def default_data_dir() -> Path:
    """The data folder texts are looked up in: ``$REGIONMAP_DATA_DIR`` when set, else ``pairings/data``.

    The repository root of a data folder ``<root>/pairings/data`` is ``<root>``: documents.csv
    ``text_file`` paths are relative to it (as ``python -m pairings check`` reads them).
    """
    return Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR)


def text_file_problem(text_file: str, repo_root: Path | str) -> str:
    """Why a documents.csv ``text_file`` cannot be used as a path, else ``""``: it must be relative to
    the repository root, without ``..``, and stay inside the repository (symlinks resolved)."""
    if not text_file:
        return ""
    posix = PurePosixPath(text_file.replace("\\", "/"))
    outside = posix.is_absolute() or bool(PureWindowsPath(text_file).drive) or ".." in posix.parts
    if not outside:
        root = Path(repo_root).resolve()
        outside = not (root / posix).resolve().is_relative_to(root)
    if outside:
        return (f"{text_file!r} is outside the repository: write a path relative to the repository root, "
                "such as pairings/texts/<doc_id>.txt")
    return ""


def text_path(doc_id: str, texts_dir: Path | str | None = None, *, data_dir: Path | str | None = None) -> Path:
    """Path of the cleaned text of ``doc_id``.

    With ``texts_dir``: ``<texts_dir>/<doc_id>.txt``. Otherwise the row's ``text_file`` in the
    documents.csv of ``data_dir`` (default :func:`default_data_dir`), relative to that folder's
    repository root; ``<root>/pairings/texts/<doc_id>.txt`` when documents.csv has no such row.
    Raises FileNotFoundError when ``text_file`` points outside the repository
    (:func:`text_file_problem`).
    """
    if texts_dir is not None:
        return Path(texts_dir) / f"{doc_id}.txt"
    data = Path(data_dir) if data_dir is not None else default_data_dir()
    root = data.resolve().parent.parent
    rel = _documents(data).get(doc_id, ("", ""))[1]
    if not rel:
        return root / "pairings" / "texts" / f"{doc_id}.txt"
    problem = text_file_problem(rel, root)
    if problem:
        raise FileNotFoundError(f"documents.csv: {problem}")
    return root / rel


def _stamp(path: Path) -> int:
    """Modification time used in cache keys, so an edited file is read again."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=64)
def _read(path: str, stamp: int) -> str:
    from pairings.encoding import decode

    return decode(Path(path).read_bytes()).text


def read_text(doc_id: str, texts_dir: Path | str | None = None, *, data_dir: Path | str | None = None) -> str:
    """Cleaned text of one document (one paragraph per line), found by :func:`text_path`; UTF-8,
    UTF-8 with BOM or GBK/GB18030 like the CSVs. FileNotFoundError if absent,
    :class:`pairings.encoding.DecodeError` (a ValueError) in another encoding."""
    path = text_path(doc_id, texts_dir, data_dir=data_dir)
    return _read(str(path), _stamp(path)).rstrip("\n")


def clause_index(doc_id: str, texts_dir: Path | str | None = None, *,
                 data_dir: Path | str | None = None) -> list[Clause]:
    """Every sentence of document ``doc_id`` with its clause label (see :class:`Clause`); the text is
    found as :func:`text_path` says (documents.csv of ``$REGIONMAP_DATA_DIR`` by default)."""
    text = read_text(doc_id, texts_dir, data_dir=data_dir)
    return index_text(text, _document_title(doc_id, texts_dir, data_dir))


def clause_of(doc_id: str, quote: str, texts_dir: Path | str | None = None, *,
              data_dir: Path | str | None = None) -> str | None:
    """Clause label of ``quote`` in document ``doc_id``; None if absent or ambiguous."""
    text = read_text(doc_id, texts_dir, data_dir=data_dir)
    return clause_of_text(text, quote, _document_title(doc_id, texts_dir, data_dir))


DOCUMENTS_CSV = DATA_DIR / "documents.csv"


@functools.lru_cache(maxsize=8)
def _documents_at(path: str, stamp: int) -> dict[str, tuple[str, str]]:
    import csv
    import io

    from pairings.encoding import decode

    try:
        text = decode(Path(path).read_bytes()).text
        return {row["doc_id"]: (row.get("title") or "", row.get("text_file") or "")
                for row in csv.DictReader(io.StringIO(text, newline="")) if row.get("doc_id")}
    except (OSError, ValueError, KeyError, csv.Error):
        return {}


def _documents(data_dir: Path) -> dict[str, tuple[str, str]]:
    """doc_id -> (title, text_file) from ``<data_dir>/documents.csv`` ({} when unreadable)."""
    path = Path(data_dir) / "documents.csv"
    return _documents_at(str(path), _stamp(path))


def _document_title(doc_id: str, texts_dir: Path | str | None = None,
                    data_dir: Path | str | None = None) -> str | None:
    """Title of ``doc_id`` from documents.csv (next to ``texts_dir``, else in ``data_dir``), else None."""
    if texts_dir is not None:
        data = Path(texts_dir).parent / "data"
    else:
        data = Path(data_dir) if data_dir is not None else default_data_dir()
    return _documents(data).get(doc_id, (None, ""))[0]
