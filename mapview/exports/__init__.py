"""Exports of the current view: pure functions ``view -> bytes`` (no Streamlit).

Every export takes a :class:`mapview.exports.view.View` (dataset, filters, language, selection,
basis filter, title/caption) and returns the bytes of one file:

========== ================================================ =========================
name       what                                             module
========== ================================================ =========================
png        picture, 1920×1080 px (a 16:9 slide)             :mod:`.picture`
png_a4     picture, A4 landscape at 300 dpi                  :mod:`.picture`
svg        picture, vector (text as paths)                   :mod:`.picture`
pdf        picture, vector A4 (font embedded)                :mod:`.picture`
pptx       one slide: picture, title, caption; citations    :mod:`.slide`
           in the speaker notes
docx       evidence brief: picture, every entity by layer   :mod:`.brief`
           and kind with parties, basis and citations
html       self-contained offline map (Leaflet inlined)     :mod:`.offline_html`
csv        one row per citation, UTF-8 BOM, formula cells   :mod:`.tables`
           neutralised
geojson    one feature per entity, with its citations        :mod:`.tables`
========== ================================================ =========================

:data:`EXPORTS` lists them in that order as :class:`Export` records (the shape of
``mapview.export_registry.Export``), for the page's download buttons.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from mapview.exports import brief, offline_html, picture, slide, tables
from mapview.exports.view import View, shown

__all__ = ["Export", "EXPORTS", "export", "View", "shown"]


@dataclass(frozen=True)
class Export:
    """One export: ``name`` (a key), the button labels, ``func(view) -> bytes``, the file name
    and its MIME type."""

    name: str
    label_zh: str
    label_en: str
    func: Callable[[View], bytes]
    filename: str
    mime: str

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


EXPORTS: tuple[Export, ...] = (
    Export("png", "图片（PNG，16:9 幻灯片）", "Picture (PNG, 16:9 slide)", picture.png_slide,
           "regionmap.png", "image/png"),
    Export("png_a4", "图片（PNG，A4 300 dpi）", "Picture (PNG, A4 300 dpi)", picture.png_a4,
           "regionmap-a4.png", "image/png"),
    Export("svg", "矢量图（SVG）", "Vector picture (SVG)", picture.svg, "regionmap.svg", "image/svg+xml"),
    Export("pdf", "矢量图（PDF，A4）", "Vector picture (PDF, A4)", picture.pdf, "regionmap.pdf", "application/pdf"),
    Export("pptx", "幻灯片（PPTX）", "Slide (PPTX)", slide.to_pptx, "regionmap.pptx",
           "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    Export("docx", "证据简报（DOCX）", "Evidence brief (DOCX)", brief.to_docx, "regionmap-brief.docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Export("html", "离线地图（HTML）", "Offline map (HTML)", offline_html.to_html, "regionmap.html",
           "text/html"),
    Export("csv", "数据（CSV，每条引用一行）", "Data (CSV, one row per citation)", tables.to_csv,
           "regionmap.csv", "text/csv"),
    Export("geojson", "地理数据（GeoJSON）", "Geodata (GeoJSON)", tables.to_geojson, "regionmap.geojson",
           "application/geo+json"),
)

_BY_NAME = {e.name: e for e in EXPORTS}


def export(name: str) -> Export:
    """The export called ``name`` (KeyError for an unknown one)."""
    return _BY_NAME[name]
