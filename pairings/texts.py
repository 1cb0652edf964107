"""Cleaned document texts, their clause structure, and the normalisation used to match quotes.

A cleaned text (``pairings/texts/<doc_id>.txt``, written by ``python -m pairings ingest``) has
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
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

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


def text_path(doc_id: str, texts_dir: Path | str | None = None) -> Path:
    """Path of the cleaned text of ``doc_id`` (``pairings/texts/<doc_id>.txt`` by default)."""
    return Path(texts_dir or TEXTS_DIR) / f"{doc_id}.txt"


def _stamp(path: Path) -> int:
    """Modification time used in cache keys, so an edited file is read again."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=64)
def _read(path: str, stamp: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def read_text(doc_id: str, texts_dir: Path | str | None = None) -> str:
    """Cleaned text of one document (UTF-8, one paragraph per line). FileNotFoundError if absent."""
    path = text_path(doc_id, texts_dir)
    return _read(str(path), _stamp(path)).rstrip("\n")


def clause_index(doc_id: str, texts_dir: Path | str | None = None) -> list[Clause]:
    """Every sentence of document ``doc_id`` with its clause label (see :class:`Clause`)."""
    text = read_text(doc_id, texts_dir)
    return index_text(text, _document_title(doc_id, texts_dir))


def clause_of(doc_id: str, quote: str, texts_dir: Path | str | None = None) -> str | None:
    """Clause label of ``quote`` in document ``doc_id``; None if absent or ambiguous."""
    text = read_text(doc_id, texts_dir)
    return clause_of_text(text, quote, _document_title(doc_id, texts_dir))


DOCUMENTS_CSV = Path(__file__).resolve().parent / "data" / "documents.csv"


@functools.lru_cache(maxsize=8)
def _titles(path: str, stamp: int) -> dict[str, str]:
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return {row["doc_id"]: row["title"] for row in csv.DictReader(handle) if row.get("doc_id")}
    except (FileNotFoundError, KeyError):
        return {}


def _document_title(doc_id: str, texts_dir: Path | str | None = None) -> str | None:
    """Title of ``doc_id`` from the documents.csv next to the texts dir, else None."""
    base = Path(texts_dir).parent / "data" / "documents.csv" if texts_dir else DOCUMENTS_CSV
    return _titles(str(base), _stamp(base)).get(doc_id)
