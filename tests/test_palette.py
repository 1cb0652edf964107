"""mapview.palette: every kind has a colour from Tol's schemes, distinct within each layer for
normal and colour-blind vision (CIEDE2000, coloraide's CVD simulation), legible as lines/markers."""
from __future__ import annotations

import itertools
import re
import warnings

import pytest
from coloraide import Color

from mapview import palette, style
from pairings.glossary import ENTITY_TYPES, KINDS

#: minimum CIEDE2000 distance between two kinds of one layer, to normal vision / under each
#: simulated colour-vision deficiency (ΔE2000 ≈ 2 is "just noticeable"; patches need far more)
MIN_NORMAL, MIN_CVD = 10.0, 7.0
CVD = ("protan", "deutan", "tritan")

with warnings.catch_warnings():  # tol_colors builds matplotlib colour maps at import (set_bad notice)
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    import tol_colors


def _de(a: str, b: str, cvd: str | None = None) -> float:
    ca, cb = Color(a), Color(b)
    if cvd:
        ca, cb = ca.filter(cvd), cb.filter(cvd)
    return ca.delta_e(cb, method="2000")


def test_every_kind_has_its_own_colour_from_the_library():
    assert set(palette.KIND_SOURCE) == set(KINDS)
    for kind, source in palette.KIND_SOURCE.items():
        scheme, name = source.split(".")
        assert getattr(getattr(tol_colors, scheme), name).lower() == palette.kind_colour(kind)
        assert re.fullmatch(r"#[0-9a-f]{6}", palette.kind_colour(kind))


@pytest.mark.parametrize("layer", ENTITY_TYPES)
def test_colours_are_distinct_within_each_layer(layer):
    kinds = palette.layer_kinds(layer)
    colours = [palette.kind_colour(k) for k in kinds]
    assert len(set(colours)) == len(colours), layer
    worst = min((_de(a, b), ka, kb) for (ka, a), (kb, b) in itertools.combinations(zip(kinds, colours), 2))
    assert worst[0] >= MIN_NORMAL, worst
    for cvd in CVD:
        worst = min((_de(a, b, cvd), ka, kb) for (ka, a), (kb, b) in itertools.combinations(zip(kinds, colours), 2))
        assert worst[0] >= MIN_CVD, (cvd, worst)


@pytest.mark.parametrize("layer, least", [("pairing", 3.0), ("platform", 3.0), ("zone", 2.0), ("basin", 2.0)])
def test_lines_markers_and_outlines_stand_out_from_the_land(layer, least):
    """Arcs and markers 3:1 (WCAG non-text contrast); area outlines, drawn beside a
    faint fill of the same colour, 2:1."""
    for kind in palette.layer_kinds(layer):
        assert Color(palette.kind_colour(kind)).contrast(style.LAND) >= least, kind


def test_the_old_hand_picked_colours_failed_this_test():
    """The check is not vacuous: the colours this palette replaced had pairs within a layer that
    colour-blind readers could not tell apart (对口合作 #1f77b4 and 对口协作 #9467bd; 国家级新区 #b2182b
    and 博览会 #8c510a)."""
    assert min(_de("#1f77b4", "#9467bd", c) for c in CVD) < MIN_CVD
    assert min(_de("#b2182b", "#8c510a", c) for c in CVD) < MIN_CVD


def test_fallback_and_empty_kind():
    assert palette.kind_colour("") == palette.NO_KIND
    new = palette.kind_colour("某个新类型")
    assert new == palette.kind_colour("某个新类型") and new in {palette.tol(s) for s in palette.FALLBACK_SOURCE}


def test_compare_styles_differ_in_colour_and_dash():
    styles = {s: palette.compare_style(s) for s in ("added", "dropped", "shared")}
    colours = [v["colour"] for v in styles.values()]
    for a, b in itertools.combinations(colours, 2):
        assert _de(a, b) >= MIN_NORMAL and all(_de(a, b, c) >= MIN_CVD for c in CVD)
    assert len({v["dash"] for v in styles.values()}) == 3


def test_legend_lists_only_what_is_shown_once_each():
    entries = palette.legend_kinds(["城市群", "对口合作", ("basin", "横向生态补偿"), ("pairing", "横向生态补偿")])
    assert [(e.layer, e.kind) for e in entries] == [("pairing", "对口合作"), ("pairing", "横向生态补偿"),
                                                    ("zone", "城市群")]
    assert entries[0].colour == palette.kind_colour("对口合作")
    en = palette.legend_kinds([("basin", "横向生态补偿"), "流域"], lang="en")
    assert [(e.layer, e.label) for e in en] == [("basin", "horizontal (upstream–downstream) ecological compensation"),
                                                ("basin", "river basin")]
    assert palette.legend_kinds([]) == []


def test_style_delegates_to_the_palette():
    for kind in KINDS:
        assert style.kind_colour(kind) == palette.kind_colour(kind)
        assert style.KIND_COLOURS[kind] == palette.kind_colour(kind)
