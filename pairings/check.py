"""`python -m pairings check [--fix] [--data-dir DIR]` — validate the curated CSVs.

Every problem is one line ``file:row:column: message``; ``row`` is the row number a person
sees in Excel (the header is row 1, the first data row is row 2; file-level problems are on
row 1). Errors (the row cannot be shown, it is left out by :func:`pairings.load`) and warnings
(the row loads; ``--fix`` or a person should tidy it) are listed apart, then a summary line.
Exit status: 1 when there is an error, else 0.

What is checked, in order (the same code serves :func:`pairings.load`):

1. reading (:func:`read_table`, never raises): UTF-8, UTF-8 with BOM, GBK/GB18030 when
   charset-normalizer agrees (:func:`pairings.encoding.decode`; Big5, UTF-16 … are refused with
   their name); a file not in plain UTF-8 gets a warning naming its encoding; a TAB or ``;``
   separator is detected and said once; missing files, folders, unreadable files, empty files,
   files over :data:`MAX_BYTES`, missing/duplicate columns, rows with too many cells, cells over
   :data:`MAX_CELL` (whatever ``csv.field_size_limit`` is), broken quotes (the row where the quote
   opens is left out, reading goes on after it); cells a spreadsheet would run as formulas, and
   Markdown in cells (:func:`check_inert`);
2. cells, through the Frictionless Table Schema of :mod:`pairings.schema` (required cells,
   types, patterns for ids/adcodes/dates, enums for ``kind`` and ``direction``, lon/lat
   ranges); HTML tags in a cell are an ERROR (a cell is plain text; a tag means something was
   pasted from a web page); spaces around a value and full-width ``；`` are warnings (fixable);
3. ids unique across all files; references: mentions → entities and documents, ``a_ref``/
   ``b_ref`` → a gazetteer adcode or an entity id, ``basin_ref`` → basins; a row pointing at a
   row that was left out is left out too (with a message naming it);
4. admin units: each adcode exists, each name agrees with its adcode (with a suggestion:
   ``did you mean 210000 (辽宁省)?``), list lengths agree; empty codes/names are filled from
   the other column when unambiguous (warning, ``--fix`` writes them);
5. platforms: lon/lat inside the host unit's boundary (within :data:`NEAR_KM` is a warning,
   simplified coastlines), abroad ⇔ empty ``host_adcode`` and a ``country``;
6. evidence: every entity has ≥ 1 mention; every quote is found, after
   :func:`pairings.texts.normalise`, inside one paragraph of its document's cleaned text;
   a quote found more than once, a second mention of an entity in the same document, and a
   ``clause`` that differs from :func:`pairings.texts.clause_of_text` are warnings (``--fix``
   writes the clause).

7. basis (how we know it): ``plan`` not with a note saying 按记忆 / 据本人所知 / 未能对照 /
   未核实, ``plan``/``computed`` with a membership_source, ``partial_adcodes`` ⊆
   ``member_adcodes``, ``a_to_b`` only for kinds with role words; and every quote names what its
   row says (the entity's name or an alias; for a pairing both parties, a province also by
   short name, one-character abbreviation or as the document's issuer) unless the row is
   ``inferred``.

``--fix`` applies every fixable change (strip spaces, ``；`` → ``;``, fill adcodes from
unambiguous names and names from adcodes, full names for short ones, clause labels, drop empty
rows), sorts rows by id (mentions by entity_id, doc_id), and rewrites each file as UTF-8
without BOM with commas, formula cells made inert (:func:`pairings.safety.spreadsheet_cell`,
``keep_dash=True``); document texts in GBK are rewritten as UTF-8. It never deletes a row that has
content, and leaves alone a file it could not read whole (:func:`not_fixed`: a column twice in the
header, a broken quote, a row with too many cells).

Problems are sorted by file, row and column, root causes first: a ``follow_on`` problem (a row left
out because a row it refers to was) comes after all of them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import difflib
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterable

from pairings.encoding import DecodeError, allow_large_fields, decode, read_file, write_csv
from pairings.glossary import kinds_for
from pairings.safety import spreadsheet_cell
from pairings.schema import (ENTITY_FILES, FILES, ID_COLUMNS, LIST_COLUMNS, NAME_CODE_PAIRS, OPTIONAL_COLUMNS,
                             resource, schemas)
from pairings.texts import clause_of_text, normalise, paragraph_labels, text_file_problem, title_lines

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MAX_BYTES = 5 * 1024 * 1024
#: characters a spreadsheet cell holds (Excel's limit); a longer cell is an error on every load
MAX_CELL = 32_767
NEAR_KM = 5.0
ERROR, WARNING = "error", "warning"
MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\([^)\n]*\)")
BARE_URL = re.compile(r"\b(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
#: bidirectional controls (embeddings, overrides, isolates): they reorder displayed text ("Trojan Source")
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: characters no cell holds: C0/C1 controls except tab and line breaks (tidied or warned about), and BIDI
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI)) + "]")
#: separators other than the comma that spreadsheets write, with where they come from
SEPARATORS = {"\t": ("TAB", 'Excel "Unicode Text" or "Text (Tab delimited)"'),
              ";": ('";"', 'Excel "CSV" where the list separator is ";"')}
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM (Excel \"CSV UTF-8\")",
                  "gb18030": "GBK/GB18030 (Excel \"CSV\" on Chinese Windows)"}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where (file name, Excel row, column) and what (message), and how bad.

    ``row`` is 1 for the header and file-level problems, 2 for the first data row.
    ``column`` is empty for problems about a whole row or file.
    """

    file: str
    row: int
    column: str
    message: str
    severity: str = ERROR
    #: True for a consequence of another problem (a row left out because a row it refers to was):
    #: listed after every root cause
    follow_on: bool = field(default=False, compare=False)
    #: what the problem is, for a page that words it in its own language (``mapview.i18n.problem_text``):
    #: a stable name (:data:`CODES`) and the values the message names; ``message`` is the English
    #: text (the command line). This package holds no UI strings.
    code: str = field(default="", compare=False)
    params: dict = field(default_factory=dict, compare=False)

    def line(self) -> str:
        """``file:row:column: message``."""
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class Row:
    """One data row: its Excel row number, its cells (column -> text, as fixed), its fixes."""

    number: int
    cells: dict[str, str]
    original: dict[str, str]
    left_out: bool = False
    too_long: bool = False
    #: cells not where the header says (the csv module rejected the row, or it has too many cells):
    #: only its id is kept, for references; cell checks skip it
    unparsed: bool = False

    @property
    def changed(self) -> bool:
        return self.cells != self.original


@dataclass
class Table:
    """One CSV file as read: display name, path, header, rows, encoding; ``readable`` False when
    the file could not be parsed (missing, too large, undecodable, empty)."""

    name: str
    stem: str
    path: Path
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    encoding: str = "utf-8"
    readable: bool = True
    fatal: str = ""  # why every row of the file is left out (missing required column …)
    no_fix: str = ""  # why `--fix` must not rewrite the file (duplicate column, unparsable row …)
    delimiter: str = ","


@dataclass
class Context:
    """What the checks need besides the CSVs.

    ``gazetteer``: object with ``get(adcode)`` and ``resolve(text, context=None)`` as
    ``geo.gazetteer()`` (None skips admin-unit checks, with an error line).
    ``geometry``: ``adcode -> shapely geometry | None`` (None skips the lon/lat-in-host check).
    ``repo_root``: folder that documents.csv ``text_file`` paths are relative to.
    """

    gazetteer: Any = None
    geometry: Callable[[str], Any] | None = None
    repo_root: Path = PACKAGE_DIR.parent
    gazetteer_error: str = ""


def real_context(data_dir: Path) -> Context:
    """Context with the real ``geo.gazetteer()`` and boundaries from ``geo.load_units``."""
    repo_root = Path(data_dir).resolve().parent.parent
    try:
        import geo

        gazetteer = geo.gazetteer()
    except Exception as exc:  # geo missing or its data not built: say so, check the rest
        return Context(None, None, repo_root, f"gazetteer unavailable ({type(exc).__name__}: {exc})")
    return Context(gazetteer, unit_geometry_lookup(gazetteer), repo_root)


def unit_geometry_lookup(gazetteer: Any) -> Callable[[str], Any]:
    """``adcode -> geometry`` over geo.load_units of the unit's level (levels loaded on demand)."""
    import geo

    cache: dict[str, dict[str, Any]] = {}

    def geometry(adcode: str):
        unit = gazetteer.get(adcode)
        if unit is None:
            return None
        if unit.level not in cache:
            frame = geo.load_units(unit.level)
            cache[unit.level] = dict(zip(frame["adcode"].astype(str), frame.geometry))
        return cache[unit.level].get(adcode)

    return geometry


# --------------------------------------------------------------------------- reading

def _file_names(data_dir: Path) -> list[tuple[str, Path]]:
    """(stem, path) of every file to read, in the order of ``FILES``."""
    return [(stem, data_dir / f"{stem}.csv") for stem in FILES]


def _separator(first_line: str, known: set[str]) -> str:
    """The cell separator of a CSV from its header line: ``,`` unless the header has no comma and
    splits on TAB or ``;`` into mostly known column names."""
    if "," in first_line:
        return ","
    for sep in SEPARATORS:
        cells = [c.strip().strip('"').lstrip("\ufeff") for c in first_line.split(sep)]
        if len(cells) >= 2 and sum(c in known for c in cells) * 2 >= len(cells):
            return sep
    return ","


def _quote_column(line: str, sep: str) -> int | None:
    """0-based index of the cell of ``line`` whose double quotes break CSV (opened and not closed on
    the line, or closed before the cell ends); None when the line's quotes are fine."""
    line = line.rstrip("\r\n")
    i, column, n = 0, 0, len(line)
    while i <= n:
        if i < n and line[i] == '"':
            j = i + 1
            while True:
                k = line.find('"', j)
                if k < 0:
                    return column
                if line[k + 1:k + 2] == '"':
                    j = k + 2
                    continue
                if k + 1 < n and line[k + 1] != sep:
                    return column
                i = k + 1
                break
        else:
            k = line.find(sep, i)
            if k < 0:
                return None
            i = k
        if i < n and line[i] == sep:
            column += 1
            i += 1
        else:
            return None
    return None


def _parse(text: str, sep: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str, str]]]:
    """Records of a CSV text with their Excel row numbers, reading past broken rows.

    Out: ``(records, broken)``; ``records`` is ``[(row, cells)]``; ``broken`` is
    ``[(row, first physical line, csv error)]`` for each record the csv module rejects (a quote
    opened and never closed, a quote closing a cell early): that record is skipped from its first
    line and reading goes on with the next line, so the rows before and after it still load.
    """
    allow_large_fields()
    lines = list(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    broken: list[tuple[int, str, str]] = []
    start, number = 0, 1
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), delimiter=sep, strict=True)
        consumed = 0
        try:
            for record in reader:
                records.append((number, record))
                number += 1
                consumed = reader.line_num
            break
        except csv.Error as exc:
            bad = start + consumed
            broken.append((number, lines[bad], str(exc)))
            number += 1
            start = bad + 1
    return records, broken


def read_table(stem: str, path: Path, data_dir: Path, problems: list[Problem]) -> Table:
    """Read one CSV into a :class:`Table`, reporting reading problems (section 1 above).

    Never raises for a bad file: a folder in place of the file, a file without read permission, an
    encoding that is not UTF-8/GBK, a broken quote … each is one ``Problem`` with a fix.
    """
    name = path.relative_to(data_dir).as_posix() if path.is_relative_to(data_dir) else path.name
    table = Table(name, stem, path)

    def fail(message: str, code: str, column: str = "", **params) -> Table:
        problems.append(Problem(name, 1, column, message, code=code, params=params))
        table.readable = False
        return table

    if not path.exists():
        return fail(f"file is missing: every data folder has {stem}.csv (see docs/data.md)", "file_missing",
                    stem=stem)
    if path.is_dir():
        return fail(f"{stem}.csv is a folder, not a file: move the folder away and put the CSV file here",
                    "file_is_folder", stem=stem)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(f"file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit for a curated table; "
                        "is it the right file?", "file_too_large", size=f"{size / 2**20:.1f}",
                        limit=MAX_BYTES // 2**20)
        decoded = read_file(path)
    except PermissionError:
        return fail("cannot read the file: permission denied; give your user read permission "
                    f"(e.g. `chmod u+r {path.name}`)", "file_permission", file=path.name)
    except OSError as exc:
        return fail(f"cannot read the file ({type(exc).__name__}: {exc.strerror or exc})", "file_unreadable",
                    error=f"{type(exc).__name__}: {exc.strerror or exc}")
    except DecodeError as exc:
        return fail(f"cannot read the file: {exc}; save it as UTF-8 CSV (Excel: Save As → \"CSV UTF-8\")",
                    "file_encoding", encoding=exc.encoding)
    table.encoding = decoded.encoding
    if not decoded.plain_utf8:
        label = ENCODING_NAMES.get(decoded.encoding, decoded.encoding)
        problems.append(Problem(name, 1, "", f"encoding is {label}; read correctly, `--fix` rewrites it as UTF-8",
                                WARNING, code="encoding_note", params={"encoding": decoded.encoding}))
    fields = resource(stem)["schema"]["fields"]
    known = {f["name"] for f in fields} | OPTIONAL_COLUMNS
    text = decoded.text
    sep = _separator(text.split("\n", 1)[0], known)
    table.delimiter = sep
    if sep != ",":
        what, source = SEPARATORS[sep]
        problems.append(Problem(name, 1, "", f"cells are separated by {what}, not commas ({source}); read with "
                                f"{what}, `--fix` rewrites it with commas", WARNING, code="separator",
                                params={"separator": sep}))
    records, broken = _parse(text, sep)
    if broken and broken[0][0] == 1:
        return fail(f"the header row is not valid CSV ({broken[0][2]}); check its quotes", "header_not_csv",
                    error=broken[0][2])
    if not records or not any(cell.strip() for cell in records[0][1]):
        columns = ",".join(f["name"] for f in fields if f["name"] != "note")
        return fail("file is empty: it needs at least the header row " + columns, "file_empty", columns=columns)
    header = [cell.strip().lstrip("\ufeff") for cell in records[0][1]]
    table.header = header
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, "column appears twice in the header; keep one "
                                    "(`--fix` leaves the file alone until then)", code="column_twice"))
            table.fatal = f"column {column} appears twice in the header"
            table.no_fix = table.fatal
        seen.add(column)
    other = [what for sep_, (what, _) in SEPARATORS.items() if len(header) == 1 and sep_ in header[0]]
    if other:  # one root cause instead of a "required column is missing" line per column
        problems.append(Problem(name, 1, "", f"the header row is one cell with {other[0]} in it, and its names are "
                                "not the columns of this file: separate the cells with commas (Excel: Save As → "
                                "\"CSV UTF-8\") and use the column names of docs/data.md; no row of this file can load",
                                code="header_one_cell", params={"separator": next(s_ for s_, (w, _) in SEPARATORS.items()
                                                                                   if w == other[0])}))
        table.fatal = "the header row is not comma-separated"
        table.no_fix = table.fatal
        seen = {f["name"] for f in fields}
    for spec in fields:
        if spec["name"] not in seen and spec["name"] not in OPTIONAL_COLUMNS:
            required = spec.get("constraints", {}).get("required")
            problems.append(Problem(name, 1, spec["name"], "required column is missing from the header row"
                                    + ("; no row of this file can load" if required else "; its cells are read as empty"),
                                    code="column_missing", params={"required": bool(required)}))
            if required:
                table.fatal = f"required column {spec['name']} is missing"
    rows: list[tuple[int, list[str] | None, str]] = [(n, r, "") for n, r in records[1:]]
    rows += [(n, None, line) for n, line, _ in broken]
    for index, record, line in sorted(rows, key=lambda item: item[0]):
        if record is None:  # a record the csv module rejected: report where it starts, keep the rest
            lenient = next(csv.reader([line], delimiter=sep), [])
            column = _quote_column(line, sep)
            cells = {c: "" for c in header}
            id_column = ID_COLUMNS.get(stem)
            if id_column in header and (column is None or header.index(id_column) < column):
                cells[id_column] = lenient[header.index(id_column)].strip() if header.index(id_column) < len(lenient) else ""
            row = Row(index, cells, dict(zip(header, lenient)) or {"": line})
            row.left_out = row.unparsed = True
            table.rows.append(row)
            table.no_fix = f"row {index} is not valid CSV"
            error = next(e for n, _, e in broken if n == index)
            what = ("a double quote opens this cell and is never closed (the rest of the file would be one cell)"
                    if "end of data" in error else "a double quote closes this cell before its end")
            problems.append(Problem(name, index, header[column] if column is not None and column < len(header) else "",
                                    f"{what}: close the quote, and write a quote inside a cell as \"\"; this row is "
                                    "left out, the rows around it are read",
                                    code="quote_never_closed" if "end of data" in error else "quote_closed_early"))
            continue
        if not any(cell.strip() for cell in record):
            row = Row(index, {c: "" for c in header}, {c: "" for c in header})
            row.left_out = True
            problems.append(Problem(name, index, "", "empty row (ignored; `--fix` removes it)", WARNING,
                                    code="empty_row"))
            table.rows.append(row)
            continue
        cells = dict(zip(header, record + [""] * (len(header) - len(record))))
        row = Row(index, dict(cells), dict(cells))
        table.rows.append(row)
        if len(record) > len(header):
            extra = [c for c in record[len(header):] if c.strip()]
            if extra:
                inside = "a comma" if sep == "," else f"a {SEPARATORS[sep][0]}"
                problems.append(Problem(name, index, "", f"row has {len(record)} cells but the header has "
                                        f"{len(header)}: {inside} inside a cell needs the cell in double quotes",
                                        code="too_many_cells", params={"cells": len(record), "header": len(header),
                                                                       "separator": sep}))
                row.left_out = True
                row.too_long = row.unparsed = True
        for column, value in cells.items():
            if len(value) > MAX_CELL:
                problems.append(Problem(name, index, column, f"cell has {len(value):,} characters, over the "
                                        f"{MAX_CELL:,} a spreadsheet cell holds: shorten it (or is a closing "
                                        "quote missing?)", code="cell_too_long",
                                        params={"length": len(value), "limit": MAX_CELL}))
                row.left_out = True
    if other:  # the cells are not in columns at all: nothing to check cell by cell
        for row in table.rows:
            row.unparsed = True
    return table


# --------------------------------------------------------------------------- cells

_HINTS = {
    "date": "a date: use YYYY-MM-DD, YYYY-MM or YYYY",
    "doc_id": "a document id: lower-case letters, digits and _ (e.g. ndrc2015)",
    "a_ref": "a 6-digit adcode or a zone-/basin-/plat- id",
    "b_ref": "a 6-digit adcode or a zone-/basin-/plat- id",
    "basin_ref": "a basin id (basin-…)",
    "host_adcode": "a 6-digit adcode",
    "member_adcodes": "a `;`-separated list of 6-digit adcodes",
    "entity_id": "an entity id: pair-/zone-/basin-/plat- then lower-case pinyin joined by hyphens",
    "clause": "a clause label such as 二(三)2, 序言, 标题 or 结尾",
    "text_file": "a path to a .txt file",
}


class _TagFinder(HTMLParser):
    """Collects the first tag, comment or declaration an HTML parser finds in a text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = ""

    def _take(self, text: str) -> None:
        self.found = self.found or text

    def handle_starttag(self, tag, attrs):
        self._take(self.get_starttag_text() or f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._take(f"</{tag}>")

    def handle_comment(self, data):
        self._take(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._take(f"<!{decl}>")

    def handle_pi(self, data):
        self._take(f"<?{data}>")

    def unknown_decl(self, data):
        self._take(f"<![{data}]>")


def html_tag(text: str) -> str:
    """The first HTML tag (or comment, declaration) in ``text`` as written, else ``""``.

    Uses :class:`html.parser.HTMLParser`, the tokenizer rules browsers follow, so ``<img/src=x
    onerror=…>``, ``<script/x>``, ``<svg><!--`` and upper-case tags are found like ``<b>``; a ``<``
    that opens no tag (``1<2``, ``京津冀<北京>``) is text.
    """
    if "<" not in text:
        return ""
    finder = _TagFinder()
    try:
        finder.feed(text)
        finder.close()
    except Exception:  # pragma: no cover - HTMLParser does not raise on bad markup; be safe anyway
        return text[text.index("<"):][:40]
    return finder.found


def _formula_start(value: str) -> str:
    """The character a spreadsheet would start a formula with, for a cell that is not a plain number."""
    return value[0] if spreadsheet_cell(value) != value else ""


def check_inert(table: Table, problems: list[Problem]) -> None:
    """Cells that would be live somewhere else: formulas for a spreadsheet, Markdown for the page.

    - a cell starting with ``=``, ``+`` or ``@`` (or ``-`` followed by a call ``(`` or DDE ``|``) is
      an ERROR: a spreadsheet runs it (CSV injection); ``--fix`` writes it with a leading ``'``;
    - a cell starting with ``-`` otherwise is a WARNING (a spreadsheet shows ``#NAME?``; ``--fix``
      keeps it, see :func:`pairings.safety.spreadsheet_cell`);
    - a cell starting with ``'`` and a formula character is a formula ``--fix`` neutralised (WARNING);
    - a control character (NUL, ESC …) or a bidirectional control (U+202E …) is an ERROR; a line
      break inside a cell a WARNING;
    - Markdown images and links and bare web addresses are WARNINGs: the page shows them as text.
    """
    for row in table.rows:
        if row.unparsed or (row.left_out and not any(row.cells.values())):
            continue
        for column in table.header:
            value = row.cells.get(column, "")
            if not value:
                continue
            odd = CONTROL.search(value)
            if odd:
                char = odd.group(0)
                what = ("bidirectional control" if char in BIDI else "control character")
                problems.append(Problem(table.name, row.number, column,
                                        f"{what} U+{ord(char):04X} in a cell: cells are plain text"
                                        + ("; it changes the order the text is shown in" if char in BIDI else "")
                                        + "; delete it", code="bidi_control" if char in BIDI else "control_char",
                                        params={"char": f"U+{ord(char):04X}"}))
                row.left_out = True
                continue
            if "\n" in value or "\r" in value:
                problems.append(Problem(table.name, row.number, column,
                                        "line break inside a cell: the page shows it as a space; write the cell on "
                                        "one line", WARNING, code="line_break"))
            start = _formula_start(value)
            if start and spreadsheet_cell(value, keep_dash=True) != value:
                problems.append(Problem(table.name, row.number, column,
                                        f"cell starts with {start!r}: a spreadsheet runs it as a formula (CSV "
                                        "injection); write it as plain text (`--fix` writes it with a leading ')",
                                        code="formula", params={"start": start}))
                row.left_out = True
                continue
            if start == "-":
                problems.append(Problem(table.name, row.number, column,
                                        "cell starts with '-': a spreadsheet reads it as a formula (#NAME?) and "
                                        "saving would lose it; start it differently (`--fix` keeps it as it is)",
                                        WARNING, code="dash_start"))
            elif value.startswith("'") and _formula_start(value[1:]):
                problems.append(Problem(table.name, row.number, column,
                                        f"cell starts with ' then {value[1]!r}: a formula that `--fix` made inert; "
                                        "write the plain text without it", WARNING, code="formula_made_inert",
                                        params={"start": value[1]}))
            for pattern, what, code in ((MARKDOWN_IMAGE, "Markdown image", "markdown_image"),
                                        (MARKDOWN_LINK, "Markdown link", "markdown_link"),
                                        (BARE_URL, "web address", "web_address")):
                found = pattern.search(value)
                if found:
                    problems.append(Problem(table.name, row.number, column,
                                            f"{what} {found.group(0)!r} in a cell: cells are plain text and the page "
                                            "shows it as text; remove it", WARNING, code=code,
                                            params={"found": found.group(0)}))
                    break


def _cell_message(stem: str, column: str, value: str, notes: dict[str, str]) -> tuple[str, str, dict]:
    """``(English message, code, params)`` of a cell the schema refuses."""
    if column == "basis" and ("required" in notes or "enum" in notes):
        return ((f"{value!r} is not a basis" if value else "required value is empty") + ": say what the row "
                "rests on: text (the quote names it), plan (the official plan in membership_source, checked), "
                "computed (derived by the project) or inferred (the curators' reading; see docs/data.md)",
                "basis_bad", {"value": value})
    if "required" in notes:
        return "required value is empty", "required", {}
    if "type" in notes:
        return f"{value!r} is not a number", "not_a_number", {"value": value}
    if "enum" in notes:
        if column == "kind":
            entity_type = ENTITY_FILES.get(stem, stem)
            allowed = kinds_for(entity_type)
            return (f"{value!r} is not a kind for {stem}: allowed {', '.join(allowed)} "
                    "(to add one, add it to pairings/glossary.py)", "kind_bad",
                    {"value": value, "stem": stem, "allowed": list(allowed)})
        allowed = resource(stem)["schema"]["fields"]
        enum = next(f for f in allowed if f["name"] == column)["constraints"]["enum"]
        return f"{value!r} is not one of {', '.join(enum)}", "enum_bad", {"value": value, "allowed": list(enum)}
    if "pattern" in notes:
        if column in ID_COLUMNS.values() and stem in ENTITY_FILES:
            prefix = column.split("_")[0].replace("pairing", "pair").replace("platform", "plat")
            return (f"{value!r} is not a valid id: use {prefix}- then lower-case pinyin words joined by hyphens",
                    "id_bad", {"value": value, "prefix": prefix})
        return (f"{value!r} is not {_HINTS.get(column, 'in the expected format')}", "pattern_bad",
                {"value": value, "column": column})
    if "minimum" in notes or "maximum" in notes:
        limit = 180 if column == "lon" else 90
        return f"{value} is outside -{limit}..{limit}", "out_of_range", {"value": value, "limit": limit}
    return "; ".join(notes.values()), "cell_invalid", {"value": value, "detail": "; ".join(notes.values())}


def check_cells(table: Table, problems: list[Problem]) -> None:
    """Section 2: tidy each cell (fixes recorded in ``row.cells``) and validate it with the schema."""
    schema = schemas()[table.stem]
    names = set(schema.field_names)
    for row in table.rows:
        if row.unparsed or (row.left_out and not any(row.cells.values())):
            continue
        for column in table.header:
            value = row.cells.get(column, "")
            tidy = value.strip()
            if column in LIST_COLUMNS or column in {"a_ref", "b_ref"}:
                if "；" in tidy:
                    problems.append(Problem(table.name, row.number, column,
                                            "full-width ； as list separator; `--fix` writes ;", WARNING,
                                            code="fullwidth_separator"))
                tidy = ";".join(item.strip() for item in tidy.replace("；", ";").split(";"))
                tidy = tidy.strip(";")
            if tidy != value and "；" not in value:
                problems.append(Problem(table.name, row.number, column,
                                        "spaces around the value; `--fix` removes them", WARNING, code="spaces"))
            row.cells[column] = tidy
            tag = html_tag(tidy)
            if tag:
                problems.append(Problem(table.name, row.number, column,
                                        f"HTML tag {tag!r} in a cell: cells are plain "
                                        "text, remove the markup", code="html_tag", params={"tag": tag}))
                row.left_out = True
                continue
            if column not in names:
                continue
            _, notes = schema.get_field(column).read_cell(tidy)
            if notes and column in {"host_adcode", "member_adcodes", "a_name", "b_name", "a_ref", "b_ref",
                                    "member_names", "host_name"} and "required" in notes:
                continue  # filled from the paired column in check_units when possible
            if notes:
                message, code, params = _cell_message(table.stem, column, tidy, notes)
                problems.append(Problem(table.name, row.number, column, message, code=code, params=params))
                row.left_out = True
            elif column == "date" and tidy:
                parts = [int(p) for p in tidy.split("-")] + [1, 1]
                try:
                    _dt.date(parts[0], parts[1], parts[2])
                except ValueError:
                    problems.append(Problem(table.name, row.number, column, f"{tidy!r} is not a real date",
                                            code="date_not_real", params={"value": tidy}))
                    row.left_out = True


# --------------------------------------------------------------------------- admin units

def _unit_label(unit: Any) -> str:
    return f"{unit.adcode} ({unit.name})"


def _candidates(gazetteer: Any, name: str) -> list[list[str]]:
    """``[[adcode, name], …]`` (at most five) the gazetteer resolves ``name`` to: a problem's
    ``suggest`` param (``did you mean …``)."""
    return [[u.adcode, u.name] for u in (gazetteer.resolve(name) if name else [])[:5]]


def _suggest(gazetteer: Any, name: str) -> str:
    candidates = gazetteer.resolve(name) if name else []
    if len(candidates) == 1:
        return f"; did you mean {_unit_label(candidates[0])}?"
    if candidates:
        return "; did you mean one of " + ", ".join(_unit_label(u) for u in candidates[:5]) + "?"
    return ""


def check_pair(table: Table, row: Row, names_col: str, codes_col: str, ctx: Context,
               entity_names: dict[str, set[str]], problems: list[Problem]) -> None:
    """Section 4 for one (names, codes) pair of one row: existence, agreement, filling."""
    gaz = ctx.gazetteer
    is_list = names_col in LIST_COLUMNS
    names_cell, codes_cell = row.cells.get(names_col, ""), row.cells.get(codes_col, "")
    names = [n for n in names_cell.split(";")] if names_cell else []
    codes = [c for c in codes_cell.split(";")] if codes_cell else []

    def err(column: str, message: str, code: str, **params) -> None:
        problems.append(Problem(table.name, row.number, column, message, code=code, params=params))
        row.left_out = True

    if table.stem == "platforms":
        country = row.cells.get("country", "")
        if country and country != "中国":
            if codes:
                err("country", f"a site abroad ({country}) has an empty host_adcode; a site in China has an "
                    "empty country", "abroad_with_host", country=country)
            return  # abroad: host_name is a foreign place name
    if codes_cell and not is_list and re.fullmatch(r"(zone|basin|plat)-.*", codes_cell):
        known = entity_names.get(codes_cell)
        if known is None:
            return  # dangling entity reference: reported by check_references
        if names_cell and names_cell not in known:
            problems.append(Problem(table.name, row.number, names_col,
                                    f"{names_cell!r} is not a name of {codes_cell} ({' / '.join(sorted(known))})",
                                    WARNING, code="not_a_name_of",
                                    params={"name": names_cell, "ref": codes_cell, "known": sorted(known)}))
        if not names_cell:
            row.cells[names_col] = sorted(known)[0]
        return
    if not names and not codes:
        if table.stem == "platforms" and names_col == "host_name":
            err("host_adcode", "required value is empty: a site in China needs host_adcode; a site abroad "
                "needs country", "host_required")
        else:
            err(codes_col, "required value is empty", "required")
        return
    if gaz is None:
        return
    if names and codes and len(names) != len(codes):
        err(codes_col, f"{names_col} has {len(names)} items but {codes_col} has {len(codes)}: "
            "one adcode per name, same order", "list_lengths", names_col=names_col, names=len(names),
            codes_col=codes_col, codes=len(codes))
        return
    if not codes:  # fill codes from names, then check the names as usual (short forms …)
        for name in names:
            candidates = gaz.resolve(name)
            if len(candidates) == 1:
                codes.append(candidates[0].adcode)
            elif candidates:
                err(codes_col, f"cannot fill from {names_col}: {name!r} is ambiguous: "
                    + ", ".join(_unit_label(u) for u in candidates[:5]) + f"; write {codes_col}",
                    "name_ambiguous", names_col=names_col, codes_col=codes_col, name=name,
                    candidates=[[u.adcode, u.name] for u in candidates[:5]])
                return
            else:
                err(names_col, f"{name!r} is not a name in the gazetteer; write {codes_col}", "name_unknown",
                    name=name, codes_col=codes_col)
                return
        row.cells[codes_col] = ";".join(codes)
        problems.append(Problem(table.name, row.number, codes_col,
                                f"empty; filled from {names_col} as {row.cells[codes_col]} (`--fix` writes it)",
                                WARNING, code="filled_from", params={"source": names_col, "value": row.cells[codes_col]}))
    units = []
    for code in codes:
        unit = gaz.get(code) if re.fullmatch(r"\d{6}", code) else None
        if unit is None:
            hint = _suggest(gaz, names[codes.index(code)]) if names else ""
            err(codes_col, f"unknown adcode {code!r}{hint}", "adcode_unknown", adcode=code,
                suggest=_candidates(gaz, names[codes.index(code)]) if names else [])
            return
        units.append(unit)
    if not names:  # fill names from codes
        row.cells[names_col] = ";".join(u.name for u in units)
        problems.append(Problem(table.name, row.number, names_col,
                                f"empty; filled from {codes_col} as {row.cells[names_col]} (`--fix` writes it)",
                                WARNING, code="filled_from", params={"source": codes_col, "value": row.cells[names_col]}))
        return
    fixed = []
    for name, unit in zip(names, units):
        if name == unit.name:
            fixed.append(name)
            continue
        if unit.adcode in {u.adcode for u in gaz.resolve(name)}:
            problems.append(Problem(table.name, row.number, names_col,
                                    f"{name!r} is a short form: the full name of {unit.adcode} is {unit.name} "
                                    "(`--fix` writes it)", WARNING, code="short_name",
                                    params={"name": name, "adcode": unit.adcode, "full": unit.name}))
            fixed.append(unit.name)
            continue
        err(names_col if not is_list else codes_col,
            f"{name!r} does not match adcode {_unit_label(unit)}{_suggest(gaz, name)}", "name_mismatch",
            name=name, adcode=unit.adcode, unit=unit.name, suggest=_candidates(gaz, name))
        return
    row.cells[names_col] = ";".join(fixed)
    if is_list:
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            problems.append(Problem(table.name, row.number, codes_col,
                                    f"listed twice: {', '.join(dupes)}", WARNING, code="listed_twice",
                                    params={"items": dupes}))


def check_units(tables: dict[str, list[Table]], ctx: Context, entity_names: dict[str, set[str]],
                problems: list[Problem]) -> None:
    """Section 4 over every table with name/code pairs."""
    for stem, pairs in NAME_CODE_PAIRS.items():
        for table in tables.get(stem, []):
            if table.fatal:
                continue
            for row in _live(table):
                for names_col, codes_col in pairs:
                    check_pair(table, row, names_col, codes_col, ctx, entity_names, problems)
                    if row.left_out:
                        break


# --------------------------------------------------------------------------- platforms

def _km(shape: Any, point: Any) -> float:
    """Great-circle distance in km from ``point`` to the nearest point of ``shape`` (haversine)."""
    import math

    from shapely.ops import nearest_points

    near = nearest_points(shape, point)[0]
    lon1, lat1, lon2, lat2 = map(math.radians, (near.x, near.y, point.x, point.y))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def check_platforms(tables: dict[str, list[Table]], ctx: Context, problems: list[Problem]) -> None:
    """Section 5: abroad/country consistency and lon/lat inside the host unit."""
    for table in tables.get("platforms", []):
        for row in _live(table):
            code = row.cells.get("host_adcode", "")
            if not code or ctx.geometry is None:
                continue
            try:
                lon, lat = float(row.cells["lon"]), float(row.cells["lat"])
            except (KeyError, ValueError):
                continue
            shape = ctx.geometry(code)
            if shape is None or shape.is_empty:
                continue
            from shapely.geometry import Point

            point = Point(lon, lat)
            if shape.covers(point):
                continue
            distance = _km(shape, point)
            host = row.cells.get("host_name") or code
            if distance <= NEAR_KM:
                problems.append(Problem(table.name, row.number, "lon",
                                        f"({lon}, {lat}) is {distance:.1f} km outside {host} ({code}) — on the "
                                        "simplified boundary's edge; check the coordinates", WARNING,
                                        code="point_near", params={"lon": lon, "lat": lat, "km": f"{distance:.1f}",
                                                                   "host": host, "adcode": code}))
                continue
            problems.append(Problem(table.name, row.number, "lon",
                                    f"({lon}, {lat}) is not inside {host} ({code}): it is {distance:.0f} km away; "
                                    "check lon/lat (not swapped?) and host_adcode", code="point_outside",
                                    params={"lon": lon, "lat": lat, "km": f"{distance:.0f}", "host": host,
                                            "adcode": code}))
            row.left_out = True


# --------------------------------------------------------------------------- ids, references, evidence

def _live(table: Table) -> Iterable[Row]:
    return [row for row in table.rows if not row.left_out]


def check_ids(tables: dict[str, list[Table]], problems: list[Problem]) -> dict[str, tuple[str, int]]:
    """Section 3a: ids unique across files. Returns id -> (file, row) of its first row."""
    first: dict[str, tuple[str, int]] = {}
    for stem, column in ID_COLUMNS.items():
        for table in tables.get(stem, []):
            for row in table.rows:
                value = row.cells.get(column, "")
                if not value or (row.left_out and not any(row.cells.values())):
                    continue
                if value in first:
                    where = first[value]
                    problems.append(Problem(table.name, row.number, column,
                                            f"duplicate id {value!r}: already used in {where[0]} row {where[1]}",
                                            code="duplicate_id", params={"value": value, "file": where[0],
                                                                         "row": where[1]}))
                    row.left_out = True
                else:
                    first[value] = (table.name, row.number)
    return first


def check_references(tables: dict[str, list[Table]], first: dict[str, tuple[str, int]],
                     problems: list[Problem]) -> None:
    """Section 3b: references to entities and documents, cascading left-out rows."""
    status: dict[str, bool] = {}
    for stem, column in ID_COLUMNS.items():
        for table in tables.get(stem, []):
            for row in table.rows:
                value = row.cells.get(column, "")
                if value and first.get(value) == (table.name, row.number):
                    status[value] = not row.left_out and not table.fatal

    prefix_file = {"pair": "pairings", "zone": "zones", "basin": "basins", "plat": "platforms"}
    broken = {stem for stem, group in tables.items() if any(not t.readable or t.fatal for t in group)}

    def ref(table: Table, row: Row, column: str, value: str, what: str, kinds: tuple[str, ...], expect: str) -> None:
        if not value or re.fullmatch(r"\d{6}", value):
            return
        source = prefix_file.get(value.split("-", 1)[0])
        if value not in status and source in broken and value.startswith(kinds):
            problems.append(Problem(table.name, row.number, column,
                                    f"{value!r} cannot be looked up: {source}.csv could not be read (see above)",
                                    follow_on=True, code="ref_unreadable", params={"value": value, "source": source}))
            row.left_out = True
            return
        if not value.startswith(kinds):
            problems.append(Problem(table.name, row.number, column,
                                    f"{value!r} cannot be referred to here: use {what}", code="ref_wrong_kind",
                                    params={"value": value, "expect": expect}))
            row.left_out = True
        elif value not in status:
            prefix = value.split("-", 1)[0] + "-"
            close = difflib.get_close_matches(value, [k for k in status if k.startswith(prefix)], n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(Problem(table.name, row.number, column, f"unknown {what} {value!r}{hint}",
                                    code="ref_unknown", params={"value": value, "expect": expect,
                                                                "close": close[0] if close else ""}))
            row.left_out = True
        elif not status[value]:
            where = first[value]
            problems.append(Problem(table.name, row.number, column,
                                    f"{value!r} was left out (see {where[0]} row {where[1]}), so this row is too",
                                    follow_on=True, code="ref_left_out",
                                    params={"value": value, "file": where[0], "row": where[1]}))
            row.left_out = True

    for table in tables.get("pairings", []):
        for row in _live(table):
            for column in ("a_ref", "b_ref"):
                ref(table, row, column, row.cells.get(column, ""), "adcode or zone/basin/platform id",
                    ("zone-", "basin-", "plat-"), "party")
            ref(table, row, "basin_ref", row.cells.get("basin_ref", ""), "basin id", ("basin-",), "basin")
    for table in tables.get("mentions", []):
        for row in _live(table):
            ref(table, row, "entity_id", row.cells.get("entity_id", ""), "entity id",
                ("pair-", "zone-", "basin-", "plat-"), "entity")
            doc = row.cells.get("doc_id", "")
            if row.left_out or not doc:
                continue
            if doc not in status:
                problems.append(Problem(table.name, row.number, "doc_id",
                                        f"unknown document {doc!r}: add it with `python -m pairings ingest`",
                                        code="doc_unknown", params={"doc": doc}))
                row.left_out = True
            elif not status[doc]:
                problems.append(Problem(table.name, row.number, "doc_id",
                                        f"document {doc!r} was left out (see documents.csv row {first[doc][1]})",
                                        follow_on=True, code="doc_left_out", params={"doc": doc, "row": first[doc][1]}))
                row.left_out = True


def read_document_text(path: Path) -> tuple[str, str]:
    """``(text, encoding)`` of a document text (UTF-8 or GBK/GB18030, as the CSVs), trailing newlines
    removed. Raises OSError (IsADirectoryError, PermissionError …) or DecodeError."""
    decoded = decode(Path(path).read_bytes())
    return decoded.text.rstrip("\n"), decoded.encoding


def load_texts(tables: dict[str, list[Table]], ctx: Context, problems: list[Problem],
               recoded: dict[Path, str] | None = None) -> dict[str, tuple[str, str]]:
    """doc_id -> (cleaned text, title) for every loadable document; a missing or unreadable text,
    or a ``text_file`` outside the repository, is an error. A text in GBK/UTF-8-with-BOM loads with a
    warning; its path and text go into ``recoded`` (what ``--fix`` rewrites as UTF-8)."""
    texts: dict[str, tuple[str, str]] = {}
    for table in tables.get("documents", []):
        for row in _live(table):
            rel = row.cells.get("text_file", "")

            def err(message: str, code: str, **params) -> None:
                problems.append(Problem(table.name, row.number, "text_file", message, code=code,
                                        params={"path": rel, **params}))
                row.left_out = True

            where = text_file_problem(rel, ctx.repo_root)
            if where:
                err(where, "text_outside")
                continue
            path = ctx.repo_root / rel
            try:
                text, encoding = read_document_text(path)
            except IsADirectoryError:
                err(f"{rel!r} is a folder, not a text file; point text_file at the .txt file", "text_is_folder")
                continue
            except PermissionError:
                err(f"cannot read {rel!r}: permission denied; give your user read permission (`chmod u+r`)",
                    "text_permission")
                continue
            except DecodeError as exc:
                err(f"cannot read {rel!r}: {exc}; save it as UTF-8", "text_encoding", encoding=exc.encoding)
                continue
            except OSError as exc:
                err(f"cannot read {rel!r} ({type(exc).__name__}); run `python -m pairings ingest`", "text_unreadable",
                    error=type(exc).__name__)
                continue
            if encoding != "utf-8":
                label = ENCODING_NAMES.get(encoding, encoding)
                problems.append(Problem(table.name, row.number, "text_file",
                                        f"{rel!r}: encoding is {label}; read correctly, `--fix` rewrites it as UTF-8",
                                        WARNING, code="text_encoding_note", params={"path": rel, "encoding": encoding}))
                if recoded is not None:
                    recoded[path] = text
            texts[row.cells["doc_id"]] = (text, row.cells.get("title", ""))
    return texts


@dataclass
class _Doc:
    lines: list[str]
    norm: list[str]
    labels: list[str]
    joined: str


def check_evidence(tables: dict[str, list[Table]], texts: dict[str, tuple[str, str]],
                   problems: list[Problem]) -> None:
    """Section 6: quotes verbatim, unique, clause labels; one mention per entity and document."""
    docs: dict[str, _Doc] = {}
    for doc_id, (text, title) in texts.items():
        lines = text.split("\n")
        norm = [normalise(line) for line in lines]
        docs[doc_id] = _Doc(lines, norm, paragraph_labels(lines, title_lines(lines, title)), "".join(norm))
    seen: dict[tuple[str, str], int] = {}
    for table in tables.get("mentions", []):
        for row in _live(table):
            doc_id, quote = row.cells.get("doc_id", ""), row.cells.get("quote", "")
            doc = docs.get(doc_id)
            if doc is None:
                continue  # document unknown or left out: reported by check_references
            want = normalise(quote)
            hits = [i for i, line in enumerate(doc.norm) if want in line]
            if not hits:
                if want in doc.joined:
                    message = f"quote spans two paragraphs of {doc_id}: quote from one paragraph only"
                    code, params = "quote_two_paragraphs", {"doc": doc_id}
                else:
                    message = f"quote not found in {doc_id}{_closest(want, doc)}"
                    code, params = "quote_not_found", {"doc": doc_id, **_closest_params(want, doc)}
                problems.append(Problem(table.name, row.number, "quote", message, code=code, params=params))
                row.left_out = True
                continue
            count = sum(line.count(want) for line in doc.norm)
            if count > 1:
                problems.append(Problem(table.name, row.number, "quote",
                                        f"quote occurs {count} times in {doc_id}: lengthen it so it is unique",
                                        WARNING, code="quote_repeated", params={"count": count, "doc": doc_id}))
            labels = {doc.labels[i] for i in hits}
            clause = labels.pop() if len(labels) == 1 else None
            current = row.cells.get("clause", "")
            if clause and current != clause:
                message = (f"clause is empty; the quote is in {clause}" if not current
                           else f"clause {current!r} but the quote is in {clause}")
                problems.append(Problem(table.name, row.number, "clause", message + " (`--fix` writes it)", WARNING,
                                        code="clause_differs", params={"current": current, "clause": clause}))
                row.cells["clause"] = clause
            key = (row.cells.get("entity_id", ""), doc_id)
            if key in seen:
                problems.append(Problem(table.name, row.number, "entity_id",
                                        f"second mention of {key[0]} in {doc_id} (first: row {seen[key]}); "
                                        "keep one mention per document", WARNING, code="second_mention",
                                        params={"entity": key[0], "doc": doc_id, "row": seen[key]}))
            else:
                seen[key] = row.number


def _closest(want: str, doc: _Doc) -> str:
    """`` (closest: '…', clause X)`` when some paragraph shares a long stretch with the quote."""
    found = _closest_params(want, doc)
    return f" (closest, in {found['clause']}: {found['excerpt']!r})" if found else ""


def _closest_params(want: str, doc: _Doc) -> dict:
    """``{"clause", "excerpt"}`` of the paragraph sharing a long stretch with the quote, or ``{}``."""
    best = (0, 0, 0)
    for i, line in enumerate(doc.norm):
        match = difflib.SequenceMatcher(None, want, line, autojunk=False).find_longest_match(0, len(want), 0, len(line))
        if match.size > best[0]:
            best = (match.size, i, match.b)
    size, i, start = best
    if size < max(4, len(want) // 2):
        return {}
    return {"clause": doc.labels[i], "excerpt": doc.norm[i][max(0, start - 5):start + len(want) + 5]}


def check_mentioned(tables: dict[str, list[Table]], problems: list[Problem]) -> None:
    """Section 6: an entity with no (loadable) mention is left out."""
    mentioned = {row.cells.get("entity_id") for table in tables.get("mentions", []) for row in _live(table)}
    left = {row.cells.get("entity_id") or row.original.get("entity_id", ""): (table.name, row.number)
            for table in tables.get("mentions", []) for row in table.rows if row.left_out}
    for stem in ENTITY_FILES:
        column = ID_COLUMNS[stem]
        for table in tables.get(stem, []):
            for row in _live(table):
                identifier = row.cells.get(column)
                if identifier in mentioned:
                    continue
                if identifier in left:  # its mention exists but was left out: a follow-on
                    problems.append(Problem(table.name, row.number, column,
                                            f"{identifier} has no mention that loads: its mention ({left[identifier][0]} "
                                            f"row {left[identifier][1]}) was left out, so this row is too",
                                            follow_on=True, code="mention_left_out",
                                            params={"id": identifier, "file": left[identifier][0],
                                                    "row": left[identifier][1]}))
                else:
                    problems.append(Problem(table.name, row.number, column,
                                            f"{identifier} has no mention: add a row to mentions.csv with "
                                            "the quote that names it", code="no_mention", params={"id": identifier}))
                row.left_out = True


# --------------------------------------------------------------------------- basis: how we know it

#: words in a note or membership_source that say the members were not checked against a text
UNVERIFIED_WORDS = ("按记忆", "据本人所知", "未能对照", "未核实")


def _items(cell: str) -> list[str]:
    return [item for item in (cell or "").split(";") if item]


def check_basis(tables: dict[str, list[Table]], problems: list[Problem]) -> None:
    """Section 7a: what a row's ``basis`` promises agrees with the row.

    - ``plan`` cannot go with a note or membership_source saying 按记忆 / 据本人所知 / 未能对照 /
      未核实 (:data:`UNVERIFIED_WORDS`): such members were not checked against the plan;
    - ``plan`` and ``computed`` need a membership_source (the plan's title, or how it was computed);
    - ``partial_adcodes`` is a subset of ``member_adcodes``;
    - a pairing with direction ``a_to_b`` has a kind with role words (pairings.glossary.ROLES).

    Each failure is an error on the row (it is left out), naming the column and the fix.
    """
    from pairings.glossary import ROLES

    for stem in ENTITY_FILES:
        for table in tables.get(stem, []):
            if table.fatal:
                continue
            for row in _live(table):
                def err(column: str, message: str, code: str, **params) -> None:
                    problems.append(Problem(table.name, row.number, column, message, code=code, params=params))
                    row.left_out = True

                basis = row.cells.get("basis", "")
                if basis == "plan":
                    for column in ("note", "membership_source"):
                        words = [w for w in UNVERIFIED_WORDS if w in row.cells.get(column, "")]
                        if words:
                            err("basis", f"basis is plan but the {column} says {'/'.join(words)}: members not "
                                "checked against the plan are inferred; set basis to inferred, or check them "
                                f"and rewrite the {column}", "plan_unverified", field=column, words=words)
                            break
                if basis in ("plan", "computed") and "membership_source" in table.header \
                        and not row.cells.get("membership_source", ""):
                    what = "the plan's title" if basis == "plan" else "how the members were computed"
                    err("membership_source", f"basis is {basis}: membership_source must say {what}", "source_missing",
                        basis=basis)
                if "partial_adcodes" in table.header:
                    members = set(_items(row.cells.get("member_adcodes", "")))
                    extra = [c for c in _items(row.cells.get("partial_adcodes", "")) if c not in members]
                    if extra:
                        err("partial_adcodes", f"{', '.join(extra)} not in member_adcodes: a partial member is a "
                            "member too; add it to member_adcodes (and member_names) or remove it here",
                            "partial_not_member", codes=extra)
                if stem == "pairings" and row.cells.get("direction") == "a_to_b" \
                        and row.cells.get("kind") not in ROLES:
                    err("direction", f"a_to_b but kind {row.cells.get('kind')!r} has no role words: use mutual, "
                        "or give the kind its roles in pairings/glossary.py (ROLES)", "direction_no_roles",
                        kind=row.cells.get("kind", ""))


def _province_of(gazetteer: Any, adcode: str) -> Any:
    """The province-level unit ``adcode`` lies in (itself for a province), or None."""
    unit = gazetteer.get(adcode) if gazetteer is not None and adcode else None
    for _ in range(4):
        if unit is None or unit.level == "province":
            return unit
        unit = gazetteer.get(unit.parent)
    return None


def _unit_forms(unit: Any) -> list[str]:
    """How a text may write an admin unit: full name, short name, one-character abbreviation."""
    return [f for f in (unit.name, getattr(unit, "short_name", ""), getattr(unit, "abbr", "")) if f]


#: what may stand between the shared part of a coordinated list and the rest of a name:
#: other list items, joined by 、和与及 and closed by 等 ("中马、中印、中孟、中韩产业园")
_LIST_GAP = re.compile(r"[^，。；,;:：!?！？]{0,30}")
#: the macro-region words that combine as 中西部, 东西部, 东中西部 (not 东北部: north-east)
_DIRECTIONS = "东西中"


def names_in(form: str, quote: str) -> bool:
    """True when ``quote`` (normalised) writes ``form`` (normalised): verbatim, or shortened the
    way a coordinated list shortens names — the head of the name, other list items, then the
    rest: 中马产业园 in "中马、中印、中孟、中韩产业园", 川渝省际交界地区 in "湘赣、川渝等省际交界地区",
    对口支援新疆 in "对口支援西藏、新疆"; and a macro-region (中部, 东部, 西部) in a compound
    (中西部, 东西部, 东中西部). Head and rest are at least two characters each.
    """
    if not form:
        return False
    if form in quote:
        return True
    if len(form) == 2 and form[1] == "部" and form[0] in _DIRECTIONS:
        return any(len(m.group(0)) >= 3 and form[0] in m.group(0)
                   for m in re.finditer(rf"[{_DIRECTIONS}]+部", quote))
    for cut in range(2, len(form) - 1):
        head, rest = form[:cut], form[cut:]
        start = quote.find(head)
        while start >= 0:
            after = start + len(head)
            end = quote.find(rest, after + 1)
            if end > after:
                gap = quote[after:end]
                if _LIST_GAP.fullmatch(gap) and any(c in gap for c in "、和与及等"):
                    return True
            start = quote.find(head, start + 1)
    return False


def check_quotes_name(tables: dict[str, list[Table]], ctx: Context, problems: list[Problem]) -> None:
    """Section 7b: a quote names what its row says it names, unless the row is ``inferred``.

    For a zone, basin or platform the normalised quote contains its name or one of its aliases
    (verbatim or shortened as in a coordinated list, :func:`names_in`), or, for a zone or basin,
    lists all its members (each by name, short name or abbreviation); a
    name form with the issuing province in it also counts without it when the document is that
    province's own (中国（四川）自由贸易试验区 is named by "自由贸易试验区" in Sichuan's plan).
    For a pairing both parties are named: an admin unit by full name, short name or one-character
    abbreviation (川粤, 京津冀), an entity party by its name or an alias; a province is also named
    by being the issuer of the document (its full name in documents.csv ``issuer``).
    A failure is an error on the mention's ``quote`` (the mention is left out).
    """
    entities: dict[str, tuple[str, Table, Row]] = {}
    for stem in ENTITY_FILES:
        for table in tables.get(stem, []):
            for row in table.rows:
                eid = row.cells.get(ID_COLUMNS[stem], "")
                if eid and eid not in entities:
                    entities[eid] = (stem, table, row)
    issuers = {row.cells.get("doc_id", ""): row.cells.get("issuer", "")
               for table in tables.get("documents", []) for row in table.rows}
    gaz = ctx.gazetteer

    def names_of(eid: str) -> list[str]:
        _, _, row = entities[eid]
        return [n for n in [row.cells.get("name", "")] + _items(row.cells.get("aliases", "")) if n]

    def own(province: Any, issuer: str) -> bool:
        return province is not None and province.name in issuer

    for table in tables.get("mentions", []):
        for row in _live(table):
            eid, doc_id = row.cells.get("entity_id", ""), row.cells.get("doc_id", "")
            if eid not in entities:
                continue
            stem, etable, erow = entities[eid]
            if erow.left_out or erow.cells.get("basis", "") in ("inferred", ""):
                continue
            quote, issuer = normalise(row.cells.get("quote", "")), issuers.get(doc_id, "")
            named = lambda forms: any(names_in(normalise(f), quote) for f in forms if f)  # noqa: E731
            missing: list[tuple[str, list[str], str, str]] = []
            if stem == "pairings":
                for side in ("a", "b"):
                    ref, label = erow.cells.get(f"{side}_ref", ""), erow.cells.get(f"{side}_name", "")
                    if ref in entities:
                        forms = names_of(ref)
                    elif re.fullmatch(r"\d{6}", ref):
                        unit = gaz.get(ref) if gaz is not None else None
                        if unit is None:
                            continue  # no gazetteer, or an unknown code (reported in section 4)
                        if unit.level == "province" and own(unit, issuer):
                            continue  # the issuing province: its own document names it
                        forms = _unit_forms(unit)
                    else:
                        continue
                    if not named(forms):
                        missing.append((f"party {side} {label or ref}", forms, side, label or ref))
            else:
                forms = names_of(eid)
                province = _province_of(gaz, erow.cells.get("host_adcode", "")) if stem == "platforms" else None
                if own(province, issuer):
                    forms += [f.replace(p, "").replace("()", "") for f in forms
                              for p in (province.name, province.short_name) if p and p in f]
                if not named(forms) and stem in ("zones", "basins") and gaz is not None:
                    # the quote lists the members instead (对口支援西藏: "推动新疆、西藏和…")
                    units = [gaz.get(c) for c in _items(erow.cells.get("member_adcodes", ""))]
                    if units and all(u is not None and (named(_unit_forms(u)) or
                                                        (u.level == "province" and own(u, issuer)))
                                     for u in units):
                        continue
                if not named(forms):
                    missing.append((erow.cells.get("name", "") or eid, forms, "", erow.cells.get("name", "") or eid))
            for what, forms, side, named_as in missing:
                looked = " / ".join(dict.fromkeys(forms)) or "(no name)"
                problems.append(Problem(table.name, row.number, "quote",
                                        f"quote does not name {what} of {eid} (looked for {looked}): quote a "
                                        f"passage of {doc_id} that names it, or set basis to inferred in "
                                        f"{etable.name} row {erow.number} (the text does not name it)",
                                        code="quote_does_not_name",
                                        params={"side": side, "name": named_as, "id": eid,
                                                "forms": list(dict.fromkeys(forms)), "doc": doc_id,
                                                "file": etable.name, "row": erow.number}))
                row.left_out = True
                break


# --------------------------------------------------------------------------- driver

@dataclass
class CheckResult:
    """Everything :func:`run_checks` found: the tables as read (with fixes applied in memory)
    and the problems, sorted by file, row, column."""

    tables: dict[str, list[Table]]
    problems: list[Problem]
    #: document texts not in plain UTF-8 (path -> decoded text), rewritten by :func:`fix`
    recoded_texts: dict[Path, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def run_checks(data_dir: Path | str | None = None, ctx: Context | None = None) -> CheckResult:
    """Run every check on the CSVs of ``data_dir`` (default pairings/data). Pure: reads files only.

    ``ctx`` defaults to :func:`real_context` (the real gazetteer and boundaries).
    """
    data_dir = Path(data_dir or DATA_DIR)
    ctx = ctx or real_context(data_dir)
    problems: list[Problem] = []
    if ctx.gazetteer is None:
        problems.append(Problem("(geo)", 1, "", ctx.gazetteer_error or "no gazetteer: adcodes not checked",
                                code="no_gazetteer", params={"error": ctx.gazetteer_error or ""}))
    tables: dict[str, list[Table]] = defaultdict(list)
    for stem, path in _file_names(data_dir):
        tables[stem].append(read_table(stem, path, data_dir, problems))
    for group in tables.values():
        for table in group:
            if table.readable:
                check_cells(table, problems)
                check_inert(table, problems)
            if table.fatal:
                for row in table.rows:
                    row.left_out = True
    first = check_ids(tables, problems)
    entity_names: dict[str, set[str]] = {}
    for stem in ("zones", "basins", "platforms"):
        for table in tables.get(stem, []):
            for row in table.rows:
                identifier = row.cells.get(ID_COLUMNS[stem], "")
                if identifier:
                    entity_names[identifier] = {row.cells.get("name", "")} | {
                        a for a in row.cells.get("aliases", "").split(";") if a}
    check_units(tables, ctx, entity_names, problems)
    check_platforms(tables, ctx, problems)
    recoded: dict[Path, str] = {}
    texts = load_texts(tables, ctx, problems, recoded)
    # references after every row-level check, so cascades see the final state (two passes:
    # mentions -> entities, then entities -> mentions)
    check_references(tables, first, problems)
    check_evidence(tables, texts, problems)
    check_basis(tables, problems)
    check_quotes_name(tables, ctx, problems)
    check_mentioned(tables, problems)
    check_references(tables, first, problems)
    unique = sorted(set(problems), key=lambda p: (p.follow_on, FILES.index(_stem_of(p.file))
                                                  if _stem_of(p.file) in FILES else -1, p.file, p.row, p.column,
                                                  p.message))
    return CheckResult(dict(tables), unique, recoded)


def _stem_of(file: str) -> str:
    return file.rsplit("/", 1)[-1].removesuffix(".csv")


def _sort_key(stem: str) -> Callable[[Row], tuple]:
    if stem == "mentions":
        return lambda row: (row.cells.get("entity_id", ""), row.cells.get("doc_id", ""), row.cells.get("quote", ""))
    column = ID_COLUMNS[stem]
    return lambda row: (row.cells.get(column, "") == "", row.cells.get(column, ""))


def not_fixed(result: CheckResult) -> list[tuple[str, str]]:
    """``(file name, reason)`` of every file :func:`fix` leaves alone although it could be read: a
    column twice in the header (rewriting would keep one of the two values), a row the csv module
    cannot parse or with more cells than the header (rewriting would lose cells)."""
    out = []
    for group in result.tables.values():
        for table in group:
            if not table.readable:
                continue
            if table.no_fix:
                out.append((table.name, table.no_fix))
            elif any(row.too_long for row in table.rows):
                out.append((table.name, "a row has more cells than the header"))
    return out


def fix(result: CheckResult) -> list[str]:
    """Write every fix of ``result`` back: UTF-8 without BOM, commas, rows sorted, empty rows dropped,
    formula cells made inert with :func:`pairings.safety.spreadsheet_cell` (``keep_dash=True``).

    Files that could not be read, or that :func:`not_fixed` names, are not touched; document texts
    in GBK / UTF-8 with BOM are rewritten as UTF-8. Returns the names of the files rewritten.
    """
    written = []
    skip = {name for name, _ in not_fixed(result)}
    for stem, group in result.tables.items():
        for table in group:
            if not table.readable or table.name in skip:
                continue
            rows = [row for row in table.rows if any(v.strip() for v in row.original.values())]
            rows.sort(key=_sort_key(stem))
            body = [[spreadsheet_cell(row.cells.get(c, ""), keep_dash=True) for c in table.header] for row in rows]
            old = table.path.read_bytes()
            write_csv(table.path, table.header, body)
            if table.path.read_bytes() != old:
                written.append(table.name)
    for path, text in result.recoded_texts.items():
        path.write_text(text + "\n", encoding="utf-8", newline="")
        written.append(path.name)
    return written


def left_out_rows(problems: Iterable[Problem]) -> set[tuple[str, int]]:
    """``(file, row)`` of the data rows a report says were left out: every error on a data row
    (row > 1) leaves that row out, and :func:`pairings.load` adds a ``left out: …`` error for each
    row of a file that could not load. Warnings leave nothing out. For a caller that only kept the
    report (``len(left_out_rows(report))`` is the page's "数据检查排除了 N 行");
    ``LoadResult.left_out`` gives the same rows."""
    return {(p.file, p.row) for p in problems if p.severity == ERROR and p.row > 1}


def report_lines(problems: list[Problem]) -> list[str]:
    """The text `check` prints: errors, then warnings, then a summary line."""
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    out = []
    if errors:
        out.append(f"errors ({len(errors)}):")
        out.extend(p.line() for p in errors)
    if warnings:
        out.append(f"warnings ({len(warnings)}):")
        out.extend(p.line() for p in warnings)
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring). Returns 1 when there are errors."""
    parser = argparse.ArgumentParser(prog="python -m pairings check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fix", action="store_true", help="write fixable changes back (UTF-8, sorted rows)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder of the CSVs (default pairings/data)")
    args = parser.parse_args(argv)
    result = run_checks(args.data_dir)
    if args.fix:
        written = fix(result)
        for name in written:
            print(f"fixed: rewrote {name}")
        for name, reason in not_fixed(result):
            print(f"not fixed: left {name} as it is ({reason}); correct it by hand, then run --fix again")
        result = run_checks(args.data_dir)
    for line in report_lines(result.problems):
        print(line)
    rows = sum(1 for group in result.tables.values() for t in group for r in t.rows if any(r.original.values()))
    loaded = sum(1 for group in result.tables.values() for t in group for r in t.rows if not r.left_out)
    files = sum(len(group) for group in result.tables.values())
    print(f"{len(result.errors)} errors, {len(result.warnings)} warnings; {files} files, {rows} rows, "
          f"{loaded} load, {rows - loaded} left out")
    return 1 if result.errors else 0
