"""mapview.search: one ranked search over places and entities (real gazetteer, real entity table)."""
from __future__ import annotations

import pytest

from mapview import search as s
from mapview.data import load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def index(data):
    return s.index_for(data.entities)


@pytest.mark.parametrize("query, kind, id_", [
    ("前海", "platform", "plat-qianhai"),
    ("长三角", "zone", "zone-changsanjiao"),
    ("長三角", "zone", "zone-changsanjiao"),       # traditional characters
    ("新安江", "basin", "basin-xinanjiang"),
    ("qh", "platform", "plat-qianhai"),             # pinyin initials
    ("Qianhai", "platform", "plat-qianhai"),        # full pinyin, any case
    ("qian hai", "platform", "plat-qianhai"),
    ("四川", "place", "510000"),                    # short name
    ("四川省", "place", "510000"),                  # full name
    ("川", "place", "510000"),                      # abbreviation
    ("Sichuan", "place", "510000"),                 # English
    ("csj", "zone", "zone-changsanjiao"),           # initials of a polyphonic name (长 = chang)
    ("Hong Kong", "place", "810000"),
    ("京津冀", "zone", "zone-jingjinji"),
    ("雄安", "platform", "plat-xiongan-xinqu"),       # prefix of the name
])
def test_each_query_finds_the_right_thing_first(index, query, kind, id_):
    hits = index.search(query)
    assert hits, query
    assert (hits[0].kind, hits[0].id) == (kind, id_), (query, hits[:3])


def test_exact_beats_prefix_beats_substring(index):
    hits = index.search("长三角", limit=20)
    ids = [h.id for h in hits]
    assert ids[0] == "zone-changsanjiao"                          # exact name
    assert ids.index("zone-changsanjiao-chengshiqun") > 0          # 长三角城市群: prefix
    # 雄安: the platform 雄安新区 (prefix of its name) before the pairing 天府新区—雄安新区 (substring)
    assert [h.id for h in index.search("雄安", kinds=("platform", "pairing"))][:2] == [
        "plat-xiongan-xinqu", "pair-tianfu-xiongan"]
    assert [h.id for h in index.search("xiongan", kinds=("platform", "pairing"))][:2] == [
        "plat-xiongan-xinqu", "pair-tianfu-xiongan"]
    # places: province before city before county among equal matches
    hits = index.search("朝阳", limit=10)
    kinds = [(h.kind, h.id) for h in hits]
    cities = [i for i, (_, a) in enumerate(kinds) if a.endswith("00")]
    counties = [i for i, (_, a) in enumerate(kinds) if not a.endswith("00")]
    assert cities and counties and max(cities) < min(counties)


def test_entities_and_provinces_come_before_counties_and_ties_are_stable(index):
    hits = index.search("qh", limit=10)
    order = [h.id for h in hits]
    assert order[:2] == ["plat-qianhai", "630000"]   # entity, then the province 青海
    assert order == [h.id for h in index.search("qh", limit=10)]
    assert "469002" in order and order.index("469002") > 1  # 琼海市 (county-level)


def test_labels_follow_the_language(index):
    zh = index.search("前海")[0]
    en = index.search("前海", lang="en")[0]
    assert zh.label == "深圳前海深港现代服务业合作区"
    assert en.label.startswith("Qianhai") and en.id == zh.id
    city = index.search("成都")[0]
    assert city == s.Hit("place", "510100", "成都市 · 四川省")
    assert index.search("成都", lang="en")[0].label == "Chengdu, Sichuan"
    pairing = [h for h in index.search("Changchun", lang="en", limit=20) if h.kind == "pairing"]
    assert any(h.label == "Changchun – Tianjin" for h in pairing)


def test_empty_query_kinds_filter_and_unknown(index):
    assert index.search("") == [] and index.search("  ·  ") == []
    assert index.search("不存在的地名xyz") == []
    hits = index.search("四川", kinds=("zone",), limit=5)
    assert hits and all(h.kind == "zone" for h in hits)
    assert len(index.search("a", limit=3)) <= 3


def test_index_is_built_once_and_covers_everything(data, index):
    assert s.index_for(data.entities) is index
    import geo

    assert len(index) == len(data.entities) + len(geo.gazetteer().units())
    every_entity = {h.id for e in data.entities.itertuples() for h in index.search(e.name, limit=3)}
    assert set(data.entities["eid"]) <= every_entity


def test_a_chosen_hit_can_be_framed(data, index):
    gaz_point = lambda code: next(u for u in __import__("geo").gazetteer().units() if u.adcode == code)  # noqa: E731
    (s_, w), (n, e) = s.hit_bounds(index.search("四川")[0], data.entities)
    sc = gaz_point("510000")
    assert s_ < sc.lat < n and w < sc.lon < e and 5 < n - s_ < 12 and 8 < e - w < 14
    (s_, w), (n, e) = s.hit_bounds(index.search("前海")[0], data.entities)
    row = data.entities[data.entities["eid"] == "plat-qianhai"].iloc[0]
    assert s_ < row["lat"] < n and w < row["lon"] < e and n - s_ < 1
    # a zone: its members' outlines (长三角: 上海, 江苏, 浙江, 安徽)
    (s_, w), (n, e) = s.hit_bounds(index.search("长三角")[0], data.entities)
    for code in ("310000", "320000", "330000", "340000"):
        u = gaz_point(code)
        assert s_ < u.lat < n and w < u.lon < e
    # a pairing: both parties
    (s_, w), (n, e) = s.hit_bounds(s.Hit("pairing", "pair-changchun-tianjin", ""), data.entities)
    for code in ("220100", "120000"):
        u = gaz_point(code)
        assert s_ < u.lat < n and w < u.lon < e
    assert s.hit_bounds(s.Hit("zone", "no-such-id", ""), data.entities) is None
