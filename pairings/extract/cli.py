"""``python -m pairings extract FILE…``: candidate rows of policy texts as CSV on stdout.

Part of the extractor (:mod:`pairings.extract`); files are read by :func:`pairings.extract.upload.read_upload`
(.txt, .md, .csv, .docx, .pdf), messages go to stderr, status 1 when a file could not be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

from pairings.extract.pipeline import COLUMNS, EXTRA_COLUMNS, extract_many
from pairings.extract.upload import MAX_UPLOAD_BYTES, ExtractInputError, read_upload


def main(argv: list[str] | None = None) -> int:
    """``python -m pairings extract FILE…``: candidates as CSV on stdout; messages on stderr."""
    parser = argparse.ArgumentParser(prog="python -m pairings extract",
                                     description="Candidate rows (pairings, zones, basins, platforms) from policy texts.")
    parser.add_argument("files", nargs="+", help="files: .txt/.md/.csv (UTF-8, GBK, Big5), .docx, .pdf with a text layer; the doc id is the file name without its extension")
    parser.add_argument("--doc-id", help="doc id to use (only with one file)")
    parser.add_argument("--no-known", action="store_true", help="do not match the names of curated entities")
    parser.add_argument("--all-columns", action="store_true", help="also print " + ", ".join(EXTRA_COLUMNS))
    parser.add_argument("--max-bytes", type=int, default=MAX_UPLOAD_BYTES)
    args = parser.parse_args(argv)
    if args.doc_id and len(args.files) != 1:
        parser.error("--doc-id needs exactly one file")
    items, status = [], 0
    for path in args.files:
        try:
            data = Path(path).read_bytes()
            text, _ = read_upload(data, Path(path).name, args.max_bytes)
        except (OSError, ExtractInputError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        items.append((args.doc_id or Path(path).stem, text))
    started = time.perf_counter()

    def progress(done: int, total: int, doc_id: str) -> None:
        if total > 1:
            print(f"[{done}/{total}] {doc_id}", file=sys.stderr)

    frame = extract_many(items, progress=progress, use_known=not args.no_known)
    columns = COLUMNS + (EXTRA_COLUMNS if args.all_columns else [])
    buffer = io.StringIO()
    frame[columns].to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    sys.stdout.write(buffer.getvalue())
    print(f"{len(frame)} candidates from {len(items)} file(s) in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    return status
