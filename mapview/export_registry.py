"""The one registry of downloads: every way to take the current view away.

:data:`EXPORTS` joins the exports of :mod:`mapview.exports` (PNG 16:9 and A4, SVG, PDF, PPTX,
DOCX, offline HTML, CSV of citations, GeoJSON; each ``View -> bytes``) with the table of what is
shown (:func:`csv_export`, the app's first download), all as :class:`Export` records whose
``func`` takes an :class:`ExportView` (what the page shows). An export of :mod:`mapview.exports`
gets the page's view through :func:`exports_view` (``mapview.exports.view.view_from_state``), so
every file is of the current view: documents, layers, kinds, years, place, basis filter,
selection and language.

In: an :class:`ExportView`. Out: the file's bytes, name and MIME type. The page
(``mapview.export_panel``) draws one download button per entry, in order, and builds a file
only when its button is pressed (Streamlit's deferred download data), cached per view. No
Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd


@dataclass(frozen=True)
class ExportView:
    """What the page shows: the dataset, the filter and language, the shown rows
    (``mapview.select.apply_filters``: ``entities`` with ``doc_ids``/``n_docs``, ``mentions``)
    and the URL state (``mapview.urlstate.ViewState``, or None)."""

    data: object
    filters: object
    lang: str
    entities: pd.DataFrame
    mentions: pd.DataFrame
    state: object = None
    folder: str | None = None


@dataclass(frozen=True)
class Export:
    """One download: ``name`` (key), its button labels, ``func(view) -> bytes``, the file name
    and the MIME type."""

    name: str
    label_zh: str
    label_en: str
    func: Callable[[ExportView], bytes]
    filename: str
    mime: str
    #: True when building the file takes seconds (pictures, slide, brief): the page says so
    slow: bool = False

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


def shown_table(view: ExportView) -> pd.DataFrame:
    """The shown entities as the "what is shown" table: ``eid, etype, kind, name, n_docs,
    documents`` (``;``-joined citing documents), in the schema's column names."""
    ents = view.entities
    if not len(ents):
        return pd.DataFrame(columns=["eid", "etype", "kind", "name", "n_docs", "documents"])
    return ents.assign(documents=ents["doc_ids"].map(lambda d: ";".join(d)))[
        ["eid", "etype", "kind", "name", "n_docs", "documents"]].reset_index(drop=True)


def csv_export(view: ExportView) -> bytes:
    """The shown table as CSV (UTF-8 with BOM, so that spreadsheet programs read the Chinese).
    Cells that a spreadsheet would run as a formula are made inert (``pairings.safety``)."""
    from pairings.safety import spreadsheet_cell

    table = shown_table(view)
    return table.map(lambda v: spreadsheet_cell(v) if isinstance(v, str) else v).to_csv(index=False).encode("utf-8-sig")


def exports_view(view: ExportView):
    """The :class:`mapview.exports.View` of the page's view: from its URL state when it has one
    (``mapview.urlstate.ViewState``: the selection and basis filter included), else from its
    filters (no selection)."""
    from types import SimpleNamespace

    from mapview.exports.view import view_from_state

    state = view.state
    if state is None:
        f = view.filters
        state = SimpleNamespace(lang=view.lang, docs=f.docs, layers=tuple(f.layers), kinds=f.kinds, years=f.years,
                                place=f.place or "", sel="", basis="text" if getattr(f, "basis", None) else "")
    return view_from_state(view.data, state, data_dir=view.folder)


def _adapt(exp) -> Export:
    """An export of :mod:`mapview.exports` as an entry of this registry (its ``func`` takes the
    page's :class:`ExportView`)."""
    return Export(exp.name, exp.label_zh, exp.label_en, lambda view, f=exp.func: f(exports_view(view)),
                  exp.filename, exp.mime, slow=exp.name in SLOW)


#: the exports that take seconds to build (measured: PNG ~1.3 s, PDF ~6 s, PPTX/DOCX hold a PNG)
SLOW = frozenset({"png", "png_a4", "svg", "pdf", "pptx", "docx"})


def _registry() -> list[Export]:
    from mapview.exports import EXPORTS as FILE_EXPORTS

    return [*(_adapt(e) for e in FILE_EXPORTS),
            Export("table", "表格（CSV，所示条目）", "Table (CSV, the shown items)", csv_export,
                   "regional-cooperation.csv", "text/csv")]


#: every download, in button order: the files of ``mapview.exports``, then the shown table
EXPORTS: list[Export] = _registry()


def export(name: str) -> Export:
    """The export called ``name``; KeyError when there is none."""
    for e in EXPORTS:
        if e.name == name:
            return e
    raise KeyError(name)
