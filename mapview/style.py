"""Colours, icons and line weights of the map (one place to change the look)."""
from __future__ import annotations

import zlib

SEA = "#d6e6f2"
LAND = "#fbf8f1"
PROVINCE_LINE = "#a99f8d"
NEIGHBOUR_FILL = "#e4e2dd"
NEIGHBOUR_LINE = "#c4c0b8"
MARITIME_LINE = "#5a6f8f"
HIGHLIGHT = "#d62728"
UNREVIEWED = "#ff00aa"

KIND_COLOURS: dict[str, str] = {
    # pairings
    "对口合作": "#1f77b4",
    "对口支援": "#d62728",
    "扶贫协作": "#e6550d",
    "东西部协作": "#fd8d3c",
    "对口协作": "#9467bd",
    "省际合作": "#2ca02c",
    "城市合作": "#17becf",
    "新区合作": "#8c564b",
    "区域合作": "#7f7f7f",
    "横向生态补偿": "#006d2c",
    # zones
    "国家重大区域战略": "#c51b7d",
    "城市群": "#e08214",
    "都市圈": "#b35806",
    "同城化": "#fdb863",
    "省际交界地区": "#8073ac",
    "经济区": "#35978f",
    "区域板块": "#542788",
    "对口支援地区": "#b2182b",
    "特殊类型地区": "#878787",
    # basins
    "流域经济带": "#2166ac",
    "流域": "#4393c3",
    # platforms
    "合作园区": "#1b7837",
    "合作区": "#5aae61",
    "试验区": "#762a83",
    "示范区": "#9970ab",
    "国家级新区": "#b2182b",
    "自由贸易试验区": "#2166ac",
    "境外合作园区": "#e08214",
    "博览会": "#8c510a",
    "经济开发区": "#01665e",
    "城市副中心": "#c51b7d",
}

#: colours for kinds added to the glossary later (picked by a stable hash of the term)
FALLBACK_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#386cb0")

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
    """Colour of a kind; a kind without its own colour gets a stable one from FALLBACK_PALETTE."""
    if kind in KIND_COLOURS:
        return KIND_COLOURS[kind]
    return FALLBACK_PALETTE[zlib.crc32(kind.encode("utf-8")) % len(FALLBACK_PALETTE)] if kind else "#666666"


def platform_glyph(kind: str) -> str:
    """The one character drawn inside a platform marker (its own, else the kind's first character)."""
    return PLATFORM_GLYPHS.get(kind) or (kind[:1] if kind else "●")


def arc_weight(n_docs: int) -> float:
    """Line weight of an arc cited by ``n_docs`` documents (2 px, +1.5 px per extra document)."""
    return min(2.0 + 1.5 * max(n_docs - 1, 0), 8.0)
