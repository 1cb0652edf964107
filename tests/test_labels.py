"""mapview.labels: province labels placed without overlaps (real gazetteer points, Web Mercator)."""
from __future__ import annotations

import itertools
import math

import pytest

import geo
from mapview import labels as L


@pytest.fixture(scope="module")
def provinces():
    return geo.gazetteer().units("province")


def _merc(lon, lat, zoom):
    """Web Mercator pixels, written out here again (not the module's function)."""
    scale = 256 * 2 ** zoom
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * scale, y * scale


def _box(text, lon, lat, zoom, font):
    """A generous box: every CJK character a full em, Latin 0.6 em, 2 px halo."""
    w = sum(font if ord(ch) > 0x2fff else 0.6 * font for ch in text) + 4
    h = font * 1.25 + 4
    x, y = _merc(lon, lat, zoom)
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _overlaps(boxes):
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2)
            if ba[0] < bb[2] and bb[0] < ba[2] and ba[1] < bb[3] and bb[1] < ba[3]]


def test_fit_zoom_matches_the_national_view():
    assert L.fit_zoom(L.NATIONAL_BOUNDS, 1400, 900) == 4.75
    x, y = L.project(116.4, 39.9, 5)
    assert L.unproject(x, y, 5) == pytest.approx((116.4, 39.9))
    assert L.project(116.4, 39.9, 5) == pytest.approx(_merc(116.4, 39.9, 5))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1400, 900), (1000, 700)])
def test_no_two_shown_labels_overlap(provinces, lang, size):
    width, height = size
    zoom = L.fit_zoom(L.NATIONAL_BOUNDS, width, height)
    font = 11
    placements = L.place_labels(provinces, zoom, width, height, font, lang=lang)
    assert [p.adcode for p in placements] == [u.adcode for u in provinces]
    by_code = {u.adcode: u for u in provinces}
    shown = {p.adcode: _box(L.label_text(by_code[p.adcode], lang), p.lon, p.lat, zoom, font)
             for p in placements if p.shown}
    assert _overlaps(shown) == []
    # nearly every province keeps its label, the capital always
    assert len(shown) >= 30 and "110000" in shown
    # the check is not vacuous: at the units' own points the labels collide
    raw = {u.adcode: _box(L.label_text(u, lang), u.lon, u.lat, zoom, font) for u in provinces}
    assert len(_overlaps(raw)) >= 3
    # labels stay inside the map
    (south, west), (north, east) = L.NATIONAL_BOUNDS
    cx = (_merc(west, north, zoom)[0] + _merc(east, south, zoom)[0]) / 2
    for box in shown.values():
        assert cx - width / 2 <= box[0] and box[2] <= cx + width / 2


def test_hong_kong_and_macao_get_leader_lines(provinces):
    zoom = L.fit_zoom(L.NATIONAL_BOUNDS, 1400, 900)
    placements = L.place_labels(provinces, zoom, 1400, 900, 11)
    shown = {p.adcode: p for p in placements if p.shown}
    assert "810000" in shown and "820000" in shown and "440000" in shown
    lines = {code: (a, b) for code, a, b in L.leader_lines(placements, provinces, zoom)}
    assert {"810000", "820000"} <= set(lines)
    assert lines["810000"][1][0] > lines["810000"][0][0]   # 香港 label to the east, in the sea
    assert lines["820000"][1][0] < lines["820000"][0][0]   # 澳门 label to the west


def test_labels_avoid_markers_and_hide_when_there_is_no_room(provinces):
    zoom = L.fit_zoom(L.NATIONAL_BOUNDS, 1400, 900)
    bj = next(u for u in provinces if u.adcode == "110000")
    bubble = (bj.lon, bj.lat, 18.0)
    placements = L.place_labels(provinces, zoom, 1400, 900, 11, avoid=[bubble])
    bx, by = _merc(bj.lon, bj.lat, zoom)
    by_code = {u.adcode: u for u in provinces}
    for p in placements:
        if p.shown:
            x0, y0, x1, y1 = _box(L.label_text(by_code[p.adcode]), p.lon, p.lat, zoom, 11)
            nx, ny = min(max(bx, x0), x1), min(max(by, y0), y1)
            assert math.hypot(nx - bx, ny - by) >= 18.0 - 1e-6, p.adcode
    # a huge font at a small zoom: fewer labels fit, none overlap, the priority ones stay
    small = L.place_labels(provinces, 3, 600, 400, 16)
    shown = {p.adcode: _box(L.label_text(by_code[p.adcode]), p.lon, p.lat, 3, 16) for p in small if p.shown}
    assert 5 < len(shown) < len(provinces) and _overlaps(shown) == []
    assert "110000" in shown and "540000" in shown and "650000" in shown  # capital, 西藏, 新疆 (largest)


def test_priority_is_capital_then_area(provinces):
    prio = L.province_priority([u.adcode for u in provinces])
    first = sorted(prio, key=prio.get)[:4]
    assert first == ["110000", "650000", "540000", "150000"]  # 北京, 新疆, 西藏, 内蒙古
