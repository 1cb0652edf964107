"""The one registry of downloads: every way to take the current view away (CSV now; the exports
helper adds PNG/SVG/PDF/PPTX/DOCX/GeoJSON/offline HTML as entries, not as branches in a page).

In: an :class:`ExportView` (what the page shows). Out: the file's bytes, name and MIME type.
The page draws one download button per :data:`EXPORTS` entry, in order, and calls ``func`` only
when the button is pressed (Streamlit's deferred download data). No Streamlit here.
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


#: every download, in button order; the exports helper appends its entries
EXPORTS: list[Export] = [
    Export("csv", "下载 CSV", "Download CSV", csv_export, "regional-cooperation.csv", "text/csv"),
]


def export(name: str) -> Export:
    """The export called ``name``; KeyError when there is none."""
    for e in EXPORTS:
        if e.name == name:
            return e
    raise KeyError(name)
