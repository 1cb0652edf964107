"""Honest notices about the data check: rows left out counted apart from warnings.

Pure (no Streamlit): :func:`data_notices` turns a checker report (``pairings.load(...).report``,
a list of :class:`pairings.check.Problem`) into what the page says about it, using
:func:`pairings.store.split_notices`:

- "left out" counts only the rows the loader left out (a row with at least one error at it),
  rows, not report lines (a row with three errors is one row left out);
- errors about a whole file or its header are listed apart (the file could not be read);
- warnings (the row still loads: an encoding note, a blank line …) are listed apart and never
  counted as left out.

:func:`summary` gives the one-line heading (e.g. an expander's label) for the same report.

In: a report and ``lang`` (``zh`` or ``en``). Out (:func:`data_notices`): a list of ``(level, text)`` with ``level`` one
of ``"error"``, ``"warning"``, ``"info"`` (the Streamlit call to use). ``text`` holds checker
messages, which quote cells from the data: render it as plain text (a widget, ``st.text``) or
through :func:`pairings.safety.inert_markdown`, never as Markdown as it is.
"""
from __future__ import annotations

from typing import Any, Iterable

from pairings.store import split_notices

#: how many ``file:row:column: message`` lines a notice lists before saying "and N more"
MAX_LINES = 20

_TEXT = {
    "left_out": {"zh": "数据检查排除了 {n} 行（这些行不在地图上）：",
                 "en": "The data check left out {n} row(s) (they are not on the map):"},
    "file_errors": {"zh": "{n} 个文件问题（整个文件或表头无法读取）：",
                    "en": "{n} file problem(s) (a whole file or its header could not be read):"},
    "warnings": {"zh": "{n} 条警告（相关行仍已载入，没有被排除）：",
                 "en": "{n} warning(s) (the rows concerned still load; nothing was left out):"},
    "more": {"zh": "……另有 {n} 条", "en": "… and {n} more"},
    "sum_left_out": {"zh": "数据检查排除了 {n} 行", "en": "The data check left out {n} row(s)"},
    "sum_none_left_out": {"zh": "数据检查没有排除任何行", "en": "The data check left out no rows"},
    "sum_file_errors": {"zh": "{n} 个文件问题", "en": "{n} file problem(s)"},
    "sum_warnings": {"zh": "{n} 条警告", "en": "{n} warning(s)"},
}


def _t(key: str, lang: str, **kwargs: Any) -> str:
    table = _TEXT[key]
    return table.get(lang, table["zh"]).format(**kwargs)


def _lines(problems: Iterable[Any], lang: str) -> list[str]:
    from mapview.i18n import problem_line

    lines = [problem_line(p, lang) for p in problems]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [_t("more", lang, n=len(lines) - MAX_LINES)]
    return lines


def data_notices(report: Iterable[Any], lang: str = "zh") -> list[tuple[str, str]]:
    """The notices for a checker report: ``[(level, text)]``, empty when the report is empty.

    One ``error`` notice for file-level errors, one ``warning`` notice for the rows left out
    (its count is the number of distinct rows), one ``info`` notice for the warnings; each text
    is a heading line followed by ``file:row:column: message`` lines (newline-separated, at most
    :data:`MAX_LINES` of them)."""
    notices = split_notices(report)
    out: list[tuple[str, str]] = []
    if notices.file_errors:
        out.append(("error", "\n".join([_t("file_errors", lang, n=len(notices.file_errors)),
                                        *_lines(notices.file_errors, lang)])))
    if notices.n_left_out:
        problems = [p for _, group in sorted(notices.left_out.items()) for p in group]
        out.append(("warning", "\n".join([_t("left_out", lang, n=notices.n_left_out), *_lines(problems, lang)])))
    if notices.n_warnings:
        out.append(("info", "\n".join([_t("warnings", lang, n=notices.n_warnings),
                                       *_lines(notices.warnings, lang)])))
    return out


def summary(report: Iterable[Any], lang: str = "zh") -> str:
    """One line for a heading (an expander's label) over the whole report, "" when it is empty:
    ``数据检查排除了 2 行；3 条警告`` / ``The data check left out no rows; 2 warning(s)`` — rows left
    out counted as rows, file problems and warnings apart. Plain UI text (no data in it)."""
    notices = split_notices(report)
    if not (notices.n_left_out or notices.file_errors or notices.n_warnings):
        return ""
    parts = [_t("sum_left_out", lang, n=notices.n_left_out) if notices.n_left_out
             else _t("sum_none_left_out", lang)]
    if notices.file_errors:
        parts.append(_t("sum_file_errors", lang, n=len(notices.file_errors)))
    if notices.n_warnings:
        parts.append(_t("sum_warnings", lang, n=notices.n_warnings))
    return ("；" if lang != "en" else "; ").join(parts)
