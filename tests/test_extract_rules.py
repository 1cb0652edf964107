"""Each rule module of ``pairings.extract.rules`` on real sentences (State Council and ministry
notices, provincial plans, Xinhua news), and the guards that keep ordinary news out.

The sentences are quoted from (or written in the notation of) real documents; the development
corpus (tests/corpus/, ``python -m pairings evaluate --corpus``) holds the longer passages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geo
from pairings.extract import extract
from pairings.extract import rules
from pairings.extract.geography import rivers_in, upstream_order

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz():
    return geo.gazetteer()


def code(gaz, name: str) -> str:
    parent, _, name = name.rpartition(">")
    units = [u for u in gaz.resolve(name, context=parent or None) if u.name == name]
    assert len(units) == 1, name
    return units[0].adcode


def pairs(frame) -> dict:
    rows = frame[frame.entity_type == "pairing"].to_dict("records")
    return {tuple(r["refs"].split(";")): r for r in rows}


def areas(frame) -> dict:
    return {r["name"]: r for r in frame[frame.entity_type != "pairing"].to_dict("records")}


# ------------------------------------------------------------------ the package

def test_rules_run_in_one_ordered_list_one_module_per_family():
    modules = {f.__module__.rsplit(".", 1)[-1] for f in rules.RULES}
    assert modules == {"agreements", "scopes", "platforms", "pair_lists", "issuer", "compounds"}
    assert rules.RULES[0].__name__ == "compensation_agreements"  # its members beat a curated name's
    assert len(set(rules.RULES)) == len(rules.RULES)


def test_the_package_has_no_import_circle_and_a_public_init():
    """Every module of pairings/extract imports only modules below it (no circle); __init__
    re-exports the public API and nothing private."""
    package = ROOT / "pairings" / "extract"
    graph = {}
    for path in package.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pairings.extract"):
                deps.add(node.module)
        graph[name] = deps - {name, "pairings.extract"}

    def visit(name, stack):
        for dep in graph.get(name, ()):
            assert dep not in stack, f"import circle: {' -> '.join(stack + [dep])}"
            visit(dep, stack + [dep])

    for name in graph:
        visit(name, [name])
    import pairings.extract as X

    assert {"extract", "extract_many", "read_upload", "read_pasted", "ExtractInputError", "MAX_UPLOAD_BYTES",
            "propose_doc_id", "to_curated_rows", "main"} <= set(X.__all__)
    assert not [n for n in X.__all__ if n.startswith("_")]


# ------------------------------------------------------------------ rules/pair_lists.py

def test_dash_list_split_at_semicolons_takes_the_kind_of_its_lead(gaz):
    # the 2021 东西部协作 pairs, written as the notices list them
    text = ("调整后的东西部协作结对关系为：北京市—内蒙古自治区；天津市—甘肃省；江苏省—陕西省、青海省；"
            "广东省—广西壮族自治区、贵州省。")
    found = pairs(extract(text, "t", use_known=False))
    want = [("北京市", "内蒙古自治区"), ("天津市", "甘肃省"), ("江苏省", "陕西省"), ("江苏省", "青海省"),
            ("广东省", "广西壮族自治区"), ("广东省", "贵州省")]
    assert set(found) == {(code(gaz, a), code(gaz, b)) for a, b in want}
    assert {r["kind"] for r in found.values()} == {"东西部协作"}
    assert {r["direction"] for r in found.values()} == {"a_to_b"}


def test_dash_list_of_province_and_county_with_commas(gaz):
    # 国办发〔2008〕53号, 汶川地震灾后恢复重建对口支援方案 (一省帮一重灾县)
    text = "（二）对口支援安排。\n湖南省—理县，吉林省—黑水县，安徽省—松潘县，辽宁省—安县。"
    found = pairs(extract(text, "t", use_known=False))
    assert (code(gaz, "湖南省"), code(gaz, "理县")) in found
    assert (code(gaz, "辽宁省"), code(gaz, "安州区")) in found  # 安县 is 安州区 since 2016
    assert {r["kind"] for r in found.values()} == {"对口支援"}


def test_colon_list_needs_a_named_programme(gaz):
    aid = "对口支援青海藏区：北京市：玉树藏族自治州；天津市：黄南藏族自治州；上海市：果洛藏族自治州。"
    found = pairs(extract(aid, "t", use_known=False))
    assert (code(gaz, "北京市"), code(gaz, "玉树藏族自治州")) in found and len(found) == 3
    # a scope written province: cities is no pair list
    scope = "城市群范围如下：四川省：成都市、德阳市、绵阳市；重庆市：渝中区、江北区。"
    assert not pairs(extract(scope, "t", use_known=False))


def test_table_rows_under_a_heading_are_pairs(gaz):
    text = "东西部协作省际结对关系\n东部省市\t西部省区市\n北京市\t内蒙古自治区\n上海市\t云南省\n"
    found = pairs(extract(text, "t", use_known=False))
    assert set(found) == {(code(gaz, "北京市"), code(gaz, "内蒙古自治区")), (code(gaz, "上海市"), code(gaz, "云南省"))}
    assert not pairs(extract("北京市 内蒙古自治区\n", "t", use_known=False))  # no programme named


def test_a_dash_in_running_text_is_no_pair_list():
    text = "加快建设成都—重庆高铁，推动川渝合作。"
    assert ("510100", "500000") not in pairs(extract(text, "t", use_known=False))


def test_heading_sets_the_kind_whatever_verb_each_item_uses(gaz):
    # 国办《关于进一步加强东西部扶贫协作工作的指导意见》(2016) pairs, written with varying verbs
    text = ("三、东西部扶贫协作\n（一）结对关系。辽宁省大连市帮扶贵州省六盘水市；"
            "山东省济南市对口支援湖南省湘西土家族苗族自治州；浙江省宁波市结对帮扶吉林省延边朝鲜族自治州。")
    found = pairs(extract(text, "t", use_known=False))
    assert len(found) == 3 and {r["kind"] for r in found.values()} == {"扶贫协作"}
    assert (code(gaz, "济南市"), code(gaz, "湘西土家族苗族自治州")) in found


def test_help_verbs_count_only_under_a_named_programme(gaz):
    sentence = "湖北省帮助博尔塔拉蒙古自治州加快发展。"
    assert not pairs(extract(sentence, "t", use_known=False))
    found = pairs(extract("（五）对口支援新疆\n" + sentence, "t", use_known=False))
    assert found[(code(gaz, "湖北省"), code(gaz, "博尔塔拉蒙古自治州"))]["kind"] == "对口支援"


def test_a_verb_after_a_comma_keeps_the_supporter(gaz):
    text = "北京市对口支援西藏拉萨市、新疆和田地区，对口协作湖北省十堰市。"
    found = pairs(extract(text, "t", use_known=False))
    assert found[(code(gaz, "北京市"), code(gaz, "拉萨市"))]["kind"] == "对口支援"
    assert found[(code(gaz, "北京市"), code(gaz, "十堰市"))]["kind"] == "对口协作"


def test_the_title_names_the_programme_of_a_list(gaz):
    text = "苏州·铜仁东西部扶贫协作\n两市明确结对关系：张家港市与沿河土家族自治县，常熟市与思南县。"
    found = pairs(extract(text, "t", use_known=False))
    assert {r["kind"] for r in found.values()} == {"扶贫协作"}
    assert (code(gaz, "张家港市"), code(gaz, "沿河土家族自治县")) in found


# ------------------------------------------------------------------ rules/agreements.py

def test_upstream_party_comes_from_the_river_not_the_word_order(gaz):
    # 2018 third round of the 新安江 agreement: the text names the downstream province first
    text = "浙江省与安徽省日前在杭州签订《关于新安江流域上下游横向生态补偿的协议》。"
    found = pairs(extract(text, "t", use_known=False))
    row = found[(code(gaz, "安徽省"), code(gaz, "浙江省"))]
    assert row["kind"] == "横向生态补偿" and row["direction"] == "a_to_b" and row["basin"] == "新安江"
    # 黄河流域（豫鲁段）, 2021: 山东 written first, 河南 upstream
    text = "山东省人民政府与河南省人民政府在济南签订《黄河流域（豫鲁段）横向生态保护补偿协议》。"
    assert (code(gaz, "河南省"), code(gaz, "山东省")) in pairs(extract(text, "t", use_known=False))


def test_several_agreements_in_one_sentence_and_abbreviated_parties(gaz):
    text = ("浙江省与安徽省签订了新安江流域横向生态补偿协议，广东省与广西壮族自治区签订了九洲江流域横向生态补偿协议。")
    found = pairs(extract(text, "t", use_known=False))
    assert {(code(gaz, "安徽省"), code(gaz, "浙江省")), (code(gaz, "广西壮族自治区"), code(gaz, "广东省"))} == set(found)
    found = pairs(extract("闽粤两省签订汀江—韩江流域上下游横向生态补偿协议。", "t", use_known=False))
    assert list(found) == [(code(gaz, "福建省"), code(gaz, "广东省"))]


def test_three_provinces_make_one_basin_with_them_as_members(gaz):
    text = "云南、贵州、四川三省签订《赤水河流域横向生态保护补偿协议》，共同出资设立补偿资金。"
    frame = extract(text, "t")
    basin = areas(frame)["赤水河"]
    assert set(basin["refs"].split(";")) == {code(gaz, "云南省"), code(gaz, "贵州省"), code(gaz, "四川省")}
    assert not pairs(frame)


def test_a_river_geo_does_not_hold_keeps_the_written_order_and_says_so(gaz):
    text = "湖南省与江西省签订《渌水流域横向生态保护补偿协议》。"
    row = pairs(extract(text, "t", use_known=False))[(code(gaz, "湖南省"), code(gaz, "江西省"))]
    assert row["direction"] == "mutual" and "渌水" in row["note"]


def test_geography_orders_provinces_along_the_course(gaz):
    assert upstream_order("长江", [code(gaz, "上海市"), code(gaz, "青海省"), code(gaz, "湖北省")]) == [
        code(gaz, "青海省"), code(gaz, "湖北省"), code(gaz, "上海市")]
    assert upstream_order("九洲江", [code(gaz, "广东省"), code(gaz, "广西壮族自治区")])[0] == code(gaz, "广西壮族自治区")
    assert upstream_order("渌水", [code(gaz, "湖南省"), code(gaz, "江西省")]) is None
    assert upstream_order("新安江", [code(gaz, "安徽省"), code(gaz, "四川省")]) is None  # not on the river
    assert rivers_in("签订汀江-韩江流域") == ["汀江", "韩江"]


# ------------------------------------------------------------------ rules/scopes.py

def test_scope_with_context_cities_counts_exclusions_renamed_units_and_special_parts(gaz):
    # 发改规划〔2018〕220号, 关中平原城市群发展规划 (part of the scope)
    text = ("关中平原城市群规划范围包括陕西省西安、宝鸡5个市、杨凌农业高新技术产业示范区及商洛市的商州、洛南2个县（区），"
            "山西省运城市（除平陆县、垣曲县）、临汾市尧都、侯马2个县（市、区），甘肃省平凉市的崆峒、华亭2个县（市、区）和庆阳市区。")
    zone = areas(extract(text, "t", use_known=False))["关中平原城市群"]
    members = set(zone["refs"].split(";"))
    for name in ("西安市", "宝鸡市", "杨陵区", "商州区", "洛南县", "尧都区", "侯马市", "崆峒区", "华亭市", "西峰区",
                 "运城市>盐湖区"):
        assert code(gaz, name) in members, name
    for name in ("商洛市", "临汾市", "平凉市", "庆阳市", "平陆县", "垣曲县", "陕西省"):
        assert code(gaz, name) not in members, name
    assert "excluded" in zone["note"]


def test_scope_in_the_sentence_after_the_name_and_partial_members(gaz):
    text = "成都都市圈发展规划\n规划范围包括成都市，德阳市旌阳区、什邡市，资阳市雁江区、乐至县的部分地区。"
    zone = areas(extract(text, "t", use_known=False))["成都都市圈"]
    assert set(zone["refs"].split(";")) == {code(gaz, n) for n in ("成都市", "旌阳区", "什邡市", "雁江区", "乐至县")}
    assert "partial: " + code(gaz, "乐至县") in zone["note"]


def test_renamed_county_in_a_scope(gaz):
    text = "兰州—西宁城市群规划范围包括青海省西宁市、海东市，黄南藏族自治州同仁县、尖扎县。"
    members = set(areas(extract(text, "t", use_known=False))["兰州—西宁城市群"]["refs"].split(";"))
    assert code(gaz, "同仁市") in members and code(gaz, "黄南藏族自治州") not in members


# ------------------------------------------------------------------ rules/platforms.py

def test_parks_abroad_carry_their_country_and_parks_at_home_their_host(gaz):
    text = ("中国—白俄罗斯工业园、中埃·泰达苏伊士经贸合作区和柬埔寨西哈努克港经济特区已成为标志性项目，"
            "中国—马来西亚钦州产业园区和马来西亚—中国关丹产业园区构成“两国双园”。")
    found = areas(extract(text, "t", use_known=False))
    assert found["中国—白俄罗斯工业园"]["refs"] == "" and "白俄罗斯" in found["中国—白俄罗斯工业园"]["note"]
    assert "埃及" in found["中埃·泰达苏伊士经贸合作区"]["note"]
    assert found["马来西亚—中国关丹产业园区"]["kind"] == "境外合作园区"
    assert found["中国—马来西亚钦州产业园区"]["refs"] == code(gaz, "钦州市")


def test_free_trade_zone_parts_and_shared_modifiers(gaz):
    found = areas(extract("中国（湖北）自由贸易试验区涵盖武汉片区、襄阳片区和宜昌片区。", "t", use_known=False))
    assert found["襄阳片区"]["refs"] == code(gaz, "襄阳市")
    assert "城东片区" not in areas(extract("城东片区、城西片区改造加快。", "t", use_known=False))
    found = areas(extract("东兴、凭祥、瑞丽重点开发开放试验区加快建设。", "t", use_known=False))
    assert found["东兴重点开发开放试验区"]["refs"] == code(gaz, "东兴市")


def test_parks_built_by_two_cities(gaz):
    text = ("苏州宿迁工业园区由苏州工业园区与宿迁市合作共建；"
            "深圳（汕尾）产业转移工业园是深圳对口帮扶汕尾的重要平台。")
    frame = extract(text, "t", use_known=False)
    found = areas(frame)
    assert found["苏州宿迁工业园区"]["refs"] == code(gaz, "宿迁市")
    assert found["深圳（汕尾）产业转移工业园"]["refs"] == code(gaz, "汕尾市")  # a transfer park lies in Y
    links = pairs(frame)
    assert links[(code(gaz, "深圳市"), code(gaz, "汕尾市"))]["kind"] == "对口支援"  # the verb says more
    assert any(set(k) == {code(gaz, "苏州市"), code(gaz, "宿迁市")} for k in links)


def test_new_areas_listed_with_their_provinces(gaz):
    text = "继上海浦东新区、天津滨海新区之后，国务院陆续批复设立重庆两江新区、浙江舟山群岛新区。"
    found = areas(extract(text, "t", use_known=False))
    assert found["上海浦东新区"]["refs"] == code(gaz, "浦东新区")
    assert {"天津滨海新区", "重庆两江新区", "浙江舟山群岛新区"} <= set(found)
    assert all(r["entity_type"] == "platform" for r in found.values())


# ------------------------------------------------------------------ rules/compounds.py, rules/issuer.py

def test_a_person_is_no_abbreviation_compound():
    frame = extract("李长春、张德江、王沪宁等出席会议。", "t", use_known=False)
    assert frame.empty
    assert ("500000", "510000") in {tuple(sorted(k)) for k in pairs(extract("深化川渝合作。", "t", use_known=False))}


def test_a_provinces_own_document_pairs_it_with_the_area_it_joins(gaz):
    text = "四川省推进区域合作实施方案\n主动对接京津冀协同发展。"
    found = extract(text, "t", use_known=False)
    assert any(r["refs"].startswith(code(gaz, "四川省") + ";") for r in found[found.entity_type == "pairing"].to_dict("records"))


# ------------------------------------------------------------------ ordinary news

@pytest.mark.parametrize("text", [
    "受强冷空气影响，东北平原、华北平原大部将出现降雪，淮河流域有中到大雨，珠江流域降水偏少，新安江水库水位偏低。",
    "东北三省冬季冰雪旅游持续升温，郑州地处中原腹地。",
    "我市新区建设全面提速，城东新区道路相继投入使用。",
    "全县农民专业合作社发展到1260家，新型农村合作医疗参合率稳定在98%以上。",
    "CBA总决赛辽宁队与广东队的比赛在沈阳进行。",
])
def test_ordinary_news_gives_no_candidates(text):
    frame = extract(text, "t")
    assert frame.empty, frame[["entity_type", "name"]].to_dict("records")


def test_a_name_runs_back_over_a_cut_word_inside_it_and_a_scoped_demonstration_zone_is_an_area(gaz):
    # 国务院批复《长三角生态绿色一体化发展示范区总体方案》(2019)
    text = "长三角生态绿色一体化发展示范区范围包括上海市青浦区、江苏省苏州市吴江区、浙江省嘉兴市嘉善县。"
    found = areas(extract(text, "t", use_known=False))
    zone = found["长三角生态绿色一体化发展示范区"]
    assert zone["entity_type"] == "zone"
    assert set(zone["refs"].split(";")) == {code(gaz, "青浦区"), code(gaz, "吴江区"), code(gaz, "嘉善县")}
    assert "发展示范区" not in found


def test_dash_items_separated_by_enumeration_commas_and_a_title_compound_upgraded(gaz):
    # 闽宁协作: the title's 闽宁 first (no programme), then the body names it
    text = ("閩寧協作二十五年\n福建省與寧夏回族自治區建立對口扶貧協作關係以來，"
            "福州市—固原市、廈門市—吳忠市等結對持續深化。")
    found = pairs(extract(text, "t", use_known=False))
    assert found[(code(gaz, "福建省"), code(gaz, "宁夏回族自治区"))]["kind"] == "扶贫协作"
    assert {(code(gaz, "福州市"), code(gaz, "固原市")), (code(gaz, "厦门市"), code(gaz, "吴忠市"))} <= set(found)


def test_host_country_first_parks_and_special_parts_as_hosts(gaz):
    found = areas(extract("泰中罗勇工业园和中国·印尼经贸合作区入驻企业持续增加，中以（常州）创新园加快建设。",
                          "t", use_known=False))
    assert found["泰中罗勇工业园"]["note"] == "country: 泰国"
    assert found["中国·印尼经贸合作区"]["note"] == "country: 印度尼西亚"
    assert found["中以（常州）创新园"]["refs"] == code(gaz, "常州市")
    found = areas(extract("中国（陕西）自由贸易试验区涵盖西安国际港务区片区和杨凌示范区片区。", "t", use_known=False))
    assert found["杨凌示范区片区"]["refs"] == code(gaz, "杨陵区")


def test_organisations_named_after_places_are_no_parties():
    assert extract("浙江大学与四川大学签署战略合作协议，双方开展合作。", "t").empty
    assert extract("山东泰山与上海海港的比赛在济南进行，北京国安客场挑战成都蓉城。", "t").empty


def test_curated_rows_carry_the_country_abroad_and_the_partial_members(gaz):
    from pairings.extract import to_curated_rows

    text = "中国—白俄罗斯工业园建设加快。成渝城市群规划范围包括重庆市的万州、云阳的部分地区，四川省的成都。"
    rows = to_curated_rows(extract(text, "x", use_known=False), {"doc_id": "x"})
    park = rows["platforms"].iloc[0]
    assert park["country"] == "白俄罗斯" and park["host_adcode"] == ""
    zone = rows["zones"].iloc[0]
    assert code(gaz, "云阳县") in zone["membership_source"] and code(gaz, "开州区") not in zone["membership_source"]


def test_river_names_lose_what_was_written_before_them_and_bracketed_names_their_container(gaz):
    from pairings.extract.places import place_index
    from pairings.extract.rules.agreements import trim_river

    idx = place_index()
    assert [trim_river(n, idx) for n in ("签订汀江-韩江", "了新安江", "第二轮九洲江", "赣粤东江", "赣江", "新安江")] == [
        "汀江-韩江", "新安江", "九洲江", "东江", "赣江", "新安江"]
    frame = extract("浙皖签订新安江流域生态补偿协议。浙江省与安徽省签订《新安江流域上下游横向生态补偿协议》。", "t",
                    use_known=False)
    basins = frame[frame.entity_type == "basin"]
    assert len(basins) == 1 and basins.iloc[0]["name"].removesuffix("流域") == "新安江"  # one basin, not 订新安江
    assert set(basins.iloc[0]["refs"].split(";")) == {code(gaz, "安徽省"), code(gaz, "浙江省")}
    found = areas(extract("西安都市圈范围包括西安市全域（含西咸新区），咸阳市秦都区。", "t", use_known=False))
    assert found["西咸新区"]["refs"] == code(gaz, "西安市") and "西安市全域(含西咸新区" not in found
