"""Colours, icons and line weights of the map (one place to change the look)."""
from __future__ import annotations

from mapview import palette

SEA = "#d6e6f2"
LAND = "#fbf8f1"
PROVINCE_LINE = "#a99f8d"
NEIGHBOUR_FILL = "#e4e2dd"
NEIGHBOUR_LINE = "#c4c0b8"
MARITIME_LINE = "#5a6f8f"
HIGHLIGHT = "#d62728"
UNREVIEWED = "#ff00aa"

#: colour of each policy kind: Paul Tol's colour-blind-safe schemes, chosen per layer in
#: mapview.palette (which documents and tests the choice); kept here under its old name
KIND_COLOURS: dict[str, str] = dict(palette.kind_colours())

#: colours for kinds added to the glossary later (picked by a stable hash of the term)
FALLBACK_PALETTE = tuple(palette.tol(s) for s in palette.FALLBACK_SOURCE)

#: one glyph per platform kind, drawn inside the marker (SVG text), readable in both languages
PLATFORM_GLYPHS: dict[str, str] = {
    "合作园区": "园",
    "合作区": "合",
    "试验区": "试",
    "示范区": "示",
    "国家级新区": "新",
    "自由贸易试验区": "贸",
    "境外合作园区": "外",
    "博览会": "博",
    "经济开发区": "开",
    "城市副中心": "副",
}

RIVER_LINE = "#3b7fc4"

#: zone kinds that cover whole regions of the country (东部/中部/西部/东北): drawn as a thin dotted
#: outline with an almost clear fill, so that they do not bury the other layers
BROAD_ZONE_KINDS = frozenset({"区域板块"})


def kind_colour(kind: str) -> str:
    """Colour of a kind; a kind without its own colour gets a stable one from FALLBACK_PALETTE
    (see mapview.palette.kind_colour)."""
    return palette.kind_colour(kind)


def platform_glyph(kind: str) -> str:
    """The one character drawn inside a platform marker (its own, else the kind's first character)."""
    return PLATFORM_GLYPHS.get(kind) or (kind[:1] if kind else "●")


def arc_weight(n_docs: int) -> float:
    """Line weight of an arc cited by ``n_docs`` documents (2 px, +1.5 px per extra document)."""
    return min(2.0 + 1.5 * max(n_docs - 1, 0), 8.0)
