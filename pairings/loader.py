"""`pairings.load()` — the validated tables for the app, and a report of every row left out.

The loader runs exactly the checks of ``python -m pairings check`` (:func:`pairings.check.run_checks`)
and keeps the rows without errors, with the fixes ``check --fix`` would make applied in memory
(spaces stripped, ``；`` → ``;``, adcodes filled from unambiguous names and names from adcodes,
clause labels from the quotes). Nothing is dropped silently: every row left out has at least
one ``error`` :class:`~pairings.check.Problem` in ``report`` naming its file, row and why.

Pure: it reads the files under ``data_dir`` (and the texts documents.csv points to) and returns
new objects, so a caller can cache it on the path, e.g. ``st.cache_data(pairings.load)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairings.check import ERROR, Context, Problem, run_checks
from pairings.schema import FILES, resource

NUMBER_COLUMNS = {"lon", "lat"}


@dataclass
class LoadResult:
    """``tables``: file stem (documents, pairings, zones, basins, platforms, mentions) -> DataFrame
    of the rows that passed every check; all columns are strings (``;``-lists stay as written,
    normalised) except ``lon``/``lat`` (float); extra columns of the CSV are kept; a missing
    table is an empty DataFrame with the schema's columns.
    ``report``: every :class:`Problem` found (errors: rows left out; warnings: rows loaded)."""

    tables: dict[str, pd.DataFrame]
    report: list[Problem] = field(default_factory=list)

    #: file name -> Excel row numbers of the rows left out (every one has an error in ``report``)
    left_rows: dict[str, set[int]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Report lines of severity error (each names a row left out, or a file that could not load)."""
        return [p for p in self.report if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Report lines of severity warning: the row loaded (``--fix`` or a person should tidy it)."""
        return [p for p in self.report if p.severity != ERROR]

    @property
    def left_out(self) -> list[tuple[str, int]]:
        """``(file name, row)`` of every data row left out, sorted: what the page says it could not
        show ("数据检查排除了 N 行" is ``len(result.left_out)``, not the number of report lines)."""
        return sorted((name, row) for name, rows in self.left_rows.items() for row in rows)

    def n_left_out(self) -> int:
        """How many rows were left out, over all files (``len(self.left_out)``)."""
        return sum(len(rows) for rows in self.left_rows.values())


def load(data_dir: Path | str | None = None, context: Context | None = None) -> LoadResult:
    """Validated tables of ``data_dir`` (default ``pairings/data``) and the report of problems.

    ``context`` (gazetteer, boundaries, repo root) defaults to the real ``geo`` data; tests
    pass small fixtures.
    """
    result = run_checks(data_dir, context)
    report = list(result.problems)
    tables: dict[str, pd.DataFrame] = {}
    left_rows: dict[str, set[int]] = {}
    reported = {(p.file, p.row) for p in report if p.severity == ERROR}
    file_errors = {p.file: p.message for p in report if p.severity == ERROR and p.row == 1}
    for stem in FILES:
        columns = [f["name"] for f in resource(stem)["schema"]["fields"]]
        frames = []
        for table in result.tables.get(stem, []):
            header = list(dict.fromkeys(columns + table.header))
            keep, gone = [], set()
            for row in table.rows:
                if not any(v.strip() for v in row.original.values()):
                    continue  # blank line: nothing to show (reported as a warning)
                if row.left_out:
                    gone.add(row.number)
                    if (table.name, row.number) not in reported:
                        why = table.fatal or file_errors.get(table.name, "file could not be read")
                        # the cause is a problem of the whole file (its row 1), listed on its own
                        report.append(Problem(table.name, row.number, "", f"left out: {why}", follow_on=True,
                                              code="left_out_with_file"))
                    continue
                keep.append([row.cells.get(c, "") for c in header])
            left_rows[table.name] = gone
            frames.append(pd.DataFrame(keep, columns=header, dtype=str))
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns, dtype=str)
        for column in columns:
            if column not in frame.columns:
                frame[column] = pd.Series(dtype=str)
        for column in NUMBER_COLUMNS & set(frame.columns):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        tables[stem] = frame.reset_index(drop=True)
    return LoadResult(tables, report, left_rows)
