"""Colours of the policy kinds: Paul Tol's colour-blind-safe schemes (package ``tol-colors``).

One colour per kind (``横向生态补偿``, used by pairings and basins, has one colour in both), distinct
within each layer (entity type): the legend explains each colour once.

How the table was designed: the candidates are the colours of Tol's qualitative schemes
(``bright``, ``vibrant``, ``muted``, ``light``, ``medium_contrast``, ``high_contrast``, ``dark``;
greys, black and white left out). For each layer a set was chosen that keeps the colours far
apart (CIEDE2000) both to normal vision and under simulated protanopia, deuteranopia and
tritanopia; lines (pairing arcs) and markers (platforms, white glyph inside) only use colours with
a contrast of at least 3:1 against the land colour, areas (zones, basins: drawn mostly as their
outline, with a faint fill) at least 2:1. ``tests/test_palette.py`` checks these
properties on the table (with ``coloraide``), so a change that breaks them fails.

:data:`KIND_SOURCE` names each colour as ``scheme.colour`` of ``tol_colors``; the hex codes are
read from the package at import, never typed here.

In: a kind (the policy term). Out: ``#rrggbb``.
"""
from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Iterable, NamedTuple

from pairings.glossary import ENTITY_TYPES, KINDS

#: kind -> "scheme.colour" in ``tol_colors`` (see the module doc for how the sets were chosen)
KIND_SOURCE: dict[str, str] = {
    # pairings (arcs): dark enough to read as lines on the land colour
    "对口合作": "vibrant.blue",
    "对口支援": "muted.wine",
    "扶贫协作": "medium_contrast.dark_yellow",
    "东西部协作": "vibrant.magenta",
    "对口协作": "muted.purple",
    "省际合作": "vibrant.teal",
    "城市合作": "medium_contrast.dark_blue",
    "新区合作": "dark.dark_green",
    "区域合作": "dark.dark_blue",
    "横向生态补偿": "muted.green",  # also a basin kind: the same colour in both layers
    "内地与港澳合作": "high_contrast.black",  # the one Tol colour left that keeps 7 ΔE2000 from the other arcs under every colour-vision filter
    # zones (areas, drawn mostly as their outline): at least 2:1 against the land colour
    "国家重大区域战略": "muted.wine",
    "城市群": "high_contrast.yellow",
    "都市圈": "medium_contrast.dark_yellow",
    "同城化": "light.orange",
    "省际交界地区": "muted.purple",
    "经济区": "vibrant.teal",
    "区域板块": "dark.dark_blue",
    "对口支援地区": "vibrant.magenta",
    "特殊类型地区": "medium_contrast.dark_blue",
    "区域合作区": "vibrant.blue",
    "创新走廊": "vibrant.cyan",
    "承接产业转移示范区": "dark.dark_green",
    "生态示范区": "muted.green",
    "一带一路核心区": "muted.olive",
    # basins (areas along rivers)
    "流域经济带": "vibrant.blue",
    "流域": "vibrant.cyan",
    # platforms (markers with a white glyph)
    "合作园区": "muted.green",
    "合作区": "vibrant.teal",
    "试验区": "muted.purple",
    "示范区": "vibrant.magenta",
    "国家级新区": "muted.wine",
    "自由贸易试验区": "vibrant.blue",
    "境外合作园区": "medium_contrast.dark_yellow",
    "博览会": "dark.dark_green",
    "经济开发区": "medium_contrast.dark_blue",
    "城市副中心": "dark.dark_blue",
}

#: for a kind added to the glossary before it gets its own line above: Tol's ``muted`` scheme,
#: picked by a stable hash of the term (the palette test fails until the kind is given a colour)
FALLBACK_SOURCE = ("muted.rose", "muted.indigo", "muted.sand", "muted.green", "muted.cyan", "muted.wine",
                   "muted.teal", "muted.olive", "muted.purple")
NO_KIND = "#666666"

#: the three styles of compare mode (added / dropped / shared): colour (Tol vibrant + grey), dash
#: pattern (SVG stroke-dasharray, "" = solid) and fill opacity; shape and dash tell them apart
#: without colour too
COMPARE_SOURCE = {"added": "vibrant.blue", "dropped": "vibrant.orange", "shared": "bright.grey"}
COMPARE_DASH = {"added": "", "dropped": "6 4", "shared": "2 3"}
COMPARE_FILL_OPACITY = {"added": 0.35, "dropped": 0.12, "shared": 0.2}


@lru_cache(maxsize=1)
def _tol_colorsets() -> dict:
    """The colour sets of the ``tol_colors`` package, read from the ``colors.json`` it ships (importing
    the package itself would import matplotlib, ~0.5 s at every start of the app)."""
    import json
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("tol_colors")  # finds the package without running its __init__
    if spec is None or not spec.origin:
        raise ImportError("the tol-colors package is not installed (pip install -r requirements.txt)")
    colours = Path(spec.origin).with_name("colors.json")
    return json.loads(colours.read_text(encoding="utf-8"))["colorsets"]


@lru_cache(maxsize=None)
def tol(source: str) -> str:
    """``"scheme.colour"`` -> ``#rrggbb`` (lower case) from the ``tol_colors`` package."""
    scheme, _, name = source.partition(".")
    return str(_tol_colorsets()[scheme][name]).lower()


@lru_cache(maxsize=1)
def kind_colours() -> dict[str, str]:
    """``{kind: #rrggbb}`` for every kind of :data:`KIND_SOURCE`."""
    return {kind: tol(src) for kind, src in KIND_SOURCE.items()}


def kind_colour(kind: str) -> str:
    """The colour of a kind; a kind without its own line gets a stable fallback colour, and an
    empty kind :data:`NO_KIND`."""
    if not kind:
        return NO_KIND
    own = KIND_SOURCE.get(kind)
    if own:
        return tol(own)
    return tol(FALLBACK_SOURCE[zlib.crc32(kind.encode("utf-8")) % len(FALLBACK_SOURCE)])


def compare_style(status: str) -> dict[str, object]:
    """Style of a compared feature: ``{"colour", "dash", "fill_opacity"}`` for added/dropped/shared."""
    return {"colour": tol(COMPARE_SOURCE[status]), "dash": COMPARE_DASH[status],
            "fill_opacity": COMPARE_FILL_OPACITY[status]}


def layer_kinds(layer: str) -> list[str]:
    """The kinds a layer (entity type) may show, in glossary order."""
    return [k for k, v in KINDS.items() if layer in v.entity_types]


class LegendEntry(NamedTuple):
    """One legend line: the layer it is listed under, the kind, its colour and its label in ``lang``."""

    layer: str
    kind: str
    colour: str
    label: str


def legend_kinds(shown_kinds: Iterable, lang: str = "zh") -> list[LegendEntry]:
    """The legend for what is on screen: only the kinds shown, each once.

    ``shown_kinds``: kinds (``"城市群"``) or ``(layer, kind)`` pairs (``("basin", "横向生态补偿")``).
    Entries are grouped by layer (entity-type order) and in glossary order within a layer; a kind
    shown in two layers is listed under the first of them. A kind given without its layer goes under
    the first layer the glossary allows it in (a kind unknown to the glossary goes last).
    ``label``: the term itself (zh) or its English label (en).
    """
    from pairings.glossary import english

    layers: dict[str, str] = {}
    for item in shown_kinds:
        if isinstance(item, tuple):
            layer, kind = item
        else:
            kind = item
            entry = KINDS.get(kind)
            layer = entry.entity_types[0] if entry else ""
        if kind and kind not in layers:
            layers[kind] = layer
        elif kind and layer in ENTITY_TYPES and (layers[kind] not in ENTITY_TYPES or
                                                  ENTITY_TYPES.index(layer) < ENTITY_TYPES.index(layers[kind])):
            layers[kind] = layer
    order = {k: i for i, k in enumerate(KINDS)}
    layer_rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    ranked = sorted(layers.items(), key=lambda kv: (layer_rank.get(kv[1], len(ENTITY_TYPES)),
                                                    order.get(kv[0], len(order)), kv[0]))
    return [LegendEntry(layer, kind, kind_colour(kind), english(kind) if lang == "en" else kind)
            for kind, layer in ranked]
