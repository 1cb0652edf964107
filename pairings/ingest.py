"""`python -m pairings ingest RAW --doc-id ID --title … --issuer … --date …`

Cleans a raw web text (as copied from a page) into ``pairings/texts/<doc_id>.txt`` and adds
(or replaces) its row in ``pairings/data/documents.csv``.

Cleaning keeps every sentence of the document verbatim (no punctuation is converted) and
removes only what the page added around it. The rules are general patterns, applied in order:

1. whitespace: no-break/ideographic spaces become spaces, lines are stripped, runs of spaces
   inside a line become one space, blank lines go (one paragraph per line);
2. chrome lines (:data:`CHROME`): breadcrumbs (``当前位置``), source/time/author lines
   (``来源:``, ``时间:``, a line with two or more such fields), editor lines (``责任编辑 …``),
   login prompts, share/comment widgets, bylines (``name 2016-07-26``), wire datelines
   (``新华社北京11月29日电``);
3. footers (:data:`FOOTER`): a reposting site's disclaimer, ``类似文章``, ``用户登录`` … — that
   line and everything after it go;
4. header: everything before the title line(s) goes (site name, section name, breadcrumbs);
5. repeats: a run of ≥ 3 paragraphs identical to an earlier run (a page that printed the body
   twice) goes.

Each removed line is reported with its rule, so a maintainer can see what was dropped.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pairings.encoding import read_csv_rows, read_file, write_csv
from pairings.safety import spreadsheet_cell
from pairings.texts import title_lines

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
TEXTS_DIR = PACKAGE_DIR / "texts"

DOCUMENT_COLUMNS = ["doc_id", "title", "title_en", "issuer", "issuer_en", "date", "text_file", "raw_file", "note"]

_META_KEY = r"(?:信息来源|文章来源|来源|发布时间|发布日期|时间|日期|作者|责编|编辑|浏览次数|点击数|字号|阅读)\s*[:：]"
CHROME: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breadcrumb", re.compile(r"^[•·>\s]*(?:当前位置|您的位置|你的位置|当前页面)\s*[:：]")),
    ("source/time line", re.compile(rf"^[•·\s]*{_META_KEY}")),
    ("source/time line", re.compile(rf"(?:{_META_KEY}.*){{2,}}")),
    ("editor line", re.compile(r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|校对|审核)\s*[:：]?\s*\S{0,20}\s*[\]】)）]?$")),
    ("login prompt", re.compile(r"^(?:用户登录|登录|注册|立即注册|还没有账号[?？]?.*|忘记密码[?？]?|退出登录)$")),
    ("share/comment widget", re.compile(
        r"^(?:分享(?:到.*)?|转藏.*|收藏|打印|关闭窗口|返回顶部|\d+\s*条评论|发表(?:评论)?|请遵守用户\s*评论公约"
        r"|(?:上|下)一篇[:：].*|【?(?:打印|关闭)本页】?)$")),
    ("byline", re.compile(r"^[^\s。，,；;：:]{1,20}\s+\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")),
    ("wire dateline", re.compile(r"^(?:新华社|中新社|人民网|新华网)\S{0,12}电$")),
)
FOOTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reposting-site footer", re.compile(r"^本站是提供个人知识管理的网络存储空间")),
    ("reposting-site footer", re.compile(r"^(?:免责声明|版权声明|版权所有|Copyright|©)", re.I)),
    ("related-articles list", re.compile(r"^(?:类似文章|相关文章|相关阅读|推荐阅读|热门文章)")),
    ("login prompt", re.compile(r"^用户登录$")),
)
MIN_REPEAT = 3


@dataclass
class Cleaned:
    """Result of :func:`clean`: the cleaned text and every removed line with its rule."""

    text: str
    removed: list[tuple[int, str, str]] = field(default_factory=list)  # (raw line number, rule, line)
    title_found: bool = False


def _normalise_space(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ").replace("\ufeff", "")
    return re.sub(r" {2,}", " ", line).strip()


def find_repeat(lines: list[str], min_run: int = MIN_REPEAT) -> tuple[int, int] | None:
    """First ``(start, length)`` of a run of ≥ ``min_run`` lines that repeats an earlier run.

    ``lines[start:start+length] == lines[i:i+length]`` for some earlier ``i`` with the two
    runs not overlapping; the run is extended as far as it goes. None if there is none.
    """
    first_seen: dict[str, list[int]] = {}
    for j, line in enumerate(lines):
        for i in first_seen.get(line, []):
            length = 0
            while j + length < len(lines) and i + length < j and lines[i + length] == lines[j + length]:
                length += 1
            if length >= min_run:
                return j, length
        first_seen.setdefault(line, []).append(j)
    return None


def clean(raw: str, title: str | None = None) -> Cleaned:
    """Clean a raw web text (see the module docstring for the rules, in order).

    ``title`` (the document's title) locates the start of the document; without it, or when
    it is not found, nothing is cut at the top except chrome lines.
    """
    removed: list[tuple[int, str, str]] = []
    kept: list[tuple[int, str]] = []
    in_footer: str | None = None
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        line = _normalise_space(raw_line)
        if not line:
            continue
        if in_footer is None:
            in_footer = next((name for name, pattern in FOOTER if pattern.search(line)), None)
        if in_footer:
            removed.append((number, in_footer, line))
            continue
        rule = next((name for name, pattern in CHROME if pattern.search(line)), None)
        if rule:
            removed.append((number, rule, line))
            continue
        kept.append((number, line))

    lines = [line for _, line in kept]
    start = 0
    found = False
    if title:
        for start in range(len(lines)):
            if title_lines(lines[start:], title):
                found = True
                break
        else:
            start = 0
    removed.extend((number, "page header (before the title)", line) for number, line in kept[:start])
    kept = kept[start:]

    while True:
        repeat = find_repeat([line for _, line in kept])
        if not repeat:
            break
        begin, length = repeat
        removed.extend((number, "repeated block", line) for number, line in kept[begin:begin + length])
        kept = kept[:begin] + kept[begin + length:]

    removed.sort()
    return Cleaned("\n".join(line for _, line in kept) + "\n", removed, found)


def upsert_document(documents_csv: Path, row: dict[str, str]) -> bool:
    """Add or replace the row of ``row["doc_id"]`` in documents.csv (sorted by doc_id).

    Keeps extra columns already in the file. Returns True when an existing row was replaced.
    """
    header, rows = list(DOCUMENT_COLUMNS), []
    if documents_csv.exists() and documents_csv.stat().st_size:
        header, rows, _ = read_csv_rows(documents_csv)
        header = header + [c for c in DOCUMENT_COLUMNS if c not in header]
    records = [dict(zip(header, r)) for r in rows if any(cell.strip() for cell in r)]
    replaced = any(rec.get("doc_id") == row["doc_id"] for rec in records)
    records = [rec for rec in records if rec.get("doc_id") != row["doc_id"]] + [row]
    records.sort(key=lambda rec: rec.get("doc_id", ""))
    documents_csv.parent.mkdir(parents=True, exist_ok=True)
    # curated file: formula cells made inert as `check --fix` does (pairings.safety.spreadsheet_cell)
    write_csv(documents_csv, header, [[spreadsheet_cell(rec.get(col, ""), keep_dash=True) for col in header]
                                      for rec in records])
    return replaced


def ingest(raw_path: Path, doc_id: str, title: str, issuer: str, date: str, note: str = "",
           data_dir: Path = DATA_DIR, texts_dir: Path | None = None, title_en: str = "",
           issuer_en: str = "") -> Cleaned:
    """Clean ``raw_path`` into ``<texts_dir>/<doc_id>.txt`` and upsert its documents.csv row; a raw
    file from outside the repository is first copied to ``pairings/raw/<doc_id>.txt``.

    ``texts_dir`` defaults to the ``texts`` folder next to ``data_dir``; ``text_file`` in
    documents.csv is written relative to the repository root (two levels above ``data_dir``).
    """
    if not re.fullmatch(r"[a-z][a-z0-9_]*", doc_id):
        raise ValueError(f"doc id {doc_id!r}: use lower-case letters, digits and _ (e.g. ndrc2015)")
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        raise ValueError(f"date {date!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
    data_dir = Path(data_dir)
    texts_dir = Path(texts_dir) if texts_dir else data_dir.parent / "texts"
    cleaned = clean(read_file(raw_path).text, title)
    texts_dir.mkdir(parents=True, exist_ok=True)
    target = texts_dir / f"{doc_id}.txt"
    target.write_text(cleaned.text, encoding="utf-8", newline="\n")
    root = data_dir.resolve().parent.parent

    raw_path = Path(raw_path)
    if not raw_path.resolve().is_relative_to(root):
        # a raw text from outside the repository (a download folder, the team's shared seeds) is
        # copied into pairings/raw/, so the repository keeps its own copy and documents.csv a
        # path that works on every clone
        kept = data_dir.parent / "raw" / f"{doc_id}{raw_path.suffix or '.txt'}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not kept.exists() or kept.resolve() != raw_path.resolve():
            shutil.copyfile(raw_path, kept)
        raw_path = kept
    upsert_document(data_dir / "documents.csv", {
        "doc_id": doc_id, "title": title, "title_en": title_en, "issuer": issuer, "issuer_en": issuer_en,
        "date": date,
        "text_file": (target.resolve().relative_to(root).as_posix() if target.resolve().is_relative_to(root)
                      else target.resolve().as_posix()),
        "raw_file": raw_path.resolve().relative_to(root).as_posix(), "note": note,
    })
    return cleaned


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit status (0 ok, 1 title not found, 2 bad arguments)."""
    parser = argparse.ArgumentParser(prog="python -m pairings ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path, help="raw text file (UTF-8, UTF-8 with BOM or GBK)")
    parser.add_argument("--doc-id", required=True, help="short id, e.g. ndrc2015 (see CONTRIBUTING.md)")
    parser.add_argument("--title", required=True, help="the document's full title, as written in it")
    parser.add_argument("--issuer", required=True, help="issuing body, e.g. 国家发展改革委")
    parser.add_argument("--title-en", default="", help="the title in English (documents.csv title_en)")
    parser.add_argument("--issuer-en", default="", help="the issuer in English (documents.csv issuer_en)")
    parser.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY")
    parser.add_argument("--note", default="", help="free text for documents.csv (publication details)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder of documents.csv")
    parser.add_argument("--texts-dir", type=Path, default=None, help="folder of cleaned texts")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list removed lines")
    args = parser.parse_args(argv)
    try:
        cleaned = ingest(args.raw, args.doc_id, args.title, args.issuer, args.date, args.note,
                         args.data_dir, args.texts_dir, args.title_en, args.issuer_en)
    except (ValueError, OSError) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    n_lines = cleaned.text.count("\n")
    print(f"{args.doc_id}: {n_lines} paragraphs kept, {len(cleaned.removed)} lines removed")
    if not args.quiet:
        for number, rule, line in cleaned.removed:
            print(f"  {args.raw.name}:{number}: removed ({rule}): {line[:60]}")
    if not cleaned.title_found:
        print(f"{args.raw.name}: title not found in the text; nothing was cut above it", file=sys.stderr)
        return 1
    return 0
