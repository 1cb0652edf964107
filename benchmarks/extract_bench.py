"""Time the extractor on a 30 KB document: ``python benchmarks/extract_bench.py [--kb 30]``.

The document is built from the cleaned texts of the five source documents (whole lines, in
order, repeated if needed) until it reaches the size in UTF-8 bytes. Prints the first call
(gazetteer, place index, curated names and — for the compensation pairings of the texts — geo's
river courses and province shapes loaded) and the median of later calls, with and without
curated-name matching, and whether the target (≤ 0.1 s for 30 KB once loaded) is met.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pairings import extract as X  # noqa: E402
from pairings.extract import known as xknown, places as xplaces  # noqa: E402
from pairings.texts import read_text  # noqa: E402

DOCS = ["central2018", "dongbei2017", "ndrc2015", "sichuan2019", "yrd2016"]
TARGET_SECONDS = 0.1


def sample(kb: int) -> str:
    """A text of about ``kb`` KB (UTF-8), made of whole lines of the real documents."""
    lines = [line for doc in DOCS for line in read_text(doc).split("\n")]
    out, size, k = [], 0, 0
    while size < kb * 1000:
        line = lines[k % len(lines)]
        out.append(line)
        size += len(line.encode("utf-8")) + 1
        k += 1
    return "\n".join(out)


def timed(text: str, runs: int, **options) -> tuple[float, float, int]:
    """(first call, median of the next ``runs`` calls, candidates) in seconds."""
    started = time.perf_counter()
    frame = X.extract_text(text, "bench", **options)
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        X.extract_text(text, "bench", **options)
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), len(frame)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    text = sample(args.kb)
    size = len(text.encode("utf-8"))
    print(f"document: {size / 1000:.1f} KB UTF-8, {len(text)} characters, {text.count(chr(10)) + 1} lines")
    first, median, n = timed(text, args.runs)
    print(f"with curated names:    first call {first:.3f} s (loads gazetteer, index, CSVs, river courses); "
          f"median of {args.runs} {median:.3f} s; {n} candidates")
    known = xknown.known_entities(xknown.load_curated(), xplaces.place_index())
    _, median_known, _ = timed(text, args.runs, known=known)
    print(f"curated names given:   median {median_known:.3f} s (what the app does after the first file)")
    _, median_plain, n_plain = timed(text, args.runs, use_known=False)
    print(f"patterns only:         median {median_plain:.3f} s; {n_plain} candidates")
    ok = median_known <= TARGET_SECONDS * args.kb / 30 and first <= 4.0
    print(f"target ≤ {TARGET_SECONDS:.1f} s per 30 KB: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
