"""The committed data and schema, checked with the real gazetteer and boundaries (geo)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from frictionless import Package

import pairings
from pairings import schema
from pairings.check import run_checks
from pairings.glossary import BASIS, ENTITY_TYPES, KINDS, ROLES, basis_label, kinds_for, role_words

ROOT = Path(__file__).resolve().parent.parent


def test_datapackage_json_is_up_to_date():
    assert schema.main(["--check"]) == 0, "run `python -m pairings.schema`"


def test_datapackage_is_valid_frictionless_metadata_with_descriptions():
    assert list(Package.metadata_validate(schema.descriptor())) == []
    for res in schema.descriptor()["resources"]:
        assert res["description"]
        assert all(field["description"] for field in res["schema"]["fields"]), res["name"]


@pytest.mark.parametrize("entity_type", ENTITY_TYPES)
def test_kind_enums_come_from_the_glossary(entity_type):
    stem = {"pairing": "pairings", "zone": "zones", "basin": "basins", "platform": "platforms"}[entity_type]
    kind = schema.schemas()[stem].get_field("kind")
    assert kind.constraints["enum"] == kinds_for(entity_type)


@pytest.fixture(scope="module")
def committed():
    return run_checks(ROOT / "pairings" / "data")


def test_committed_data_uses_the_real_gazetteer(committed):
    assert not [p for p in committed.problems if p.file == "(geo)"], "geo.gazetteer() must be available"


def test_committed_data_passes_check(committed):
    assert [p.line() for p in committed.errors] == []


def test_committed_mentions_have_the_clause_of_their_quote(committed):
    assert [p.line() for p in committed.warnings if p.column == "clause"] == []


def test_load_returns_every_committed_document():
    result = pairings.load()
    assert sorted(result.tables["documents"]["doc_id"]) == ["central2018", "dongbei2017", "ndrc2015",
                                                             "sichuan2019", "yrd2016"]
    assert result.n_left_out() == len({(p.file, p.row) for p in result.errors if p.row > 1})


# --------------------------------------------------------------------------- data trust (issue 9)

#: every entity each of the five documents cites, as curated after the expert review of 2026-12-01
#: (issue 9). Removed on purpose by that review: pair-sichuan-shanghai (ports, not a Sichuan–Shanghai
#: mechanism), basin-lancangjiang-meigonghe (a state-level mechanism, like 中国－东盟), zone-jingjinji in
#: yrd2016 (a passing mention), plat-zhongyin-gujilate / -mahalashitela / plat-zhongmeng-jidagang
#: (sites the text does not give; now one row per phrase: plat-zhongyin-chanyeyuan,
#: plat-zhongmeng-chanyeyuan). A row may be added; one listed here may not silently disappear.
REQUIRED_MENTIONS = {
    "central2018": """
        basin-changjiang-fuerjiahe basin-changjiang-jingjidai basin-dongjiang basin-hanjiang-shengtai-jingjidai
        basin-huaihe-shengtai-jingjidai basin-jingjinji-shuiyuan-hanyangqu basin-jiuzhoujiang
        basin-tingjiang-hanjiang basin-tumenjiang basin-xijiang basin-xinanjiang
        basin-zhujiang-xijiang-jingjidai pair-anhui-zhejiang-xinanjiang pair-dongbei-dongbu
        pair-dongbu-xibu-fupin-xiezuo pair-fujian-guangdong-tingjiang-hanjiang
        pair-guangxi-guangdong-jiuzhoujiang pair-guangxi-guangdong-xijiang pair-hebei-beijing-chaobaihe
        pair-hebei-tianjin-luanhe pair-jiangxi-guangdong-dongjiang plat-beijing-chengshi-fuzhongxin
        plat-hainan-zimaoqu plat-xiongan-xinqu zone-changjiang-zhongyou-chengshiqun zone-changsanjiao
        zone-changsanjiao-chengshiqun zone-chengyu-chengshiqun zone-chuanyu-pilin-diqu zone-dongbei-diqu
        zone-dongbu-bufen-shengshi zone-dongbu-diqu zone-guanzhong-pingyuan-chengshiqun zone-huanbohai
        zone-jingjinji zone-jinshanyu-huanghe-jinsanjiao zone-nanshuibeidiao-zhongxian-shuiyuanqu
        zone-sanqu-sanzhou zone-sanxia-kuqu zone-sisheng-zangqu zone-xianggan zone-xibu-diqu
        zone-xinjiang-duikou-zhiyuan zone-xizang-duikou-zhiyuan zone-yuegangao-dawanqu zone-yuegui
        zone-zhongbu-diqu zone-zhonge-dongbei-yuandong zone-zhongyuan-chengshiqun zone-zhusanjiao""",
    "dongbei2017": """
        basin-changjiang-jingjidai pair-changchun-tianjin pair-dalian-shanghai pair-dongbei-changjiang-jingjidai
        pair-dongbei-dongbu pair-dongbei-jingjinji pair-dongbei-zhusanjiao pair-haerbin-shenzhen
        pair-heilongjiang-guangdong pair-jilin-zhejiang pair-liaoning-jiangsu pair-neimenggu-dongbu
        pair-shenyang-beijing plat-zhonge-bolanhui plat-zhongguo-dongbeiya-bolanhui
        plat-zhuangbei-zhizaoye-bolanhui zone-dongbei-diqu zone-dongbu-bufen-shengshi zone-dongbu-diqu
        zone-jingjinji zone-zhong-meng-e-jingji-zoulang zone-zhusanjiao""",
    "ndrc2015": """
        basin-changjiang-jingjidai basin-zhujiang-xijiang-jingjidai pair-dongbu-xibu-fupin-xiezuo
        plat-dongzhongxi-hezuo-shifanqu plat-guadaer-ziyouqu plat-hengqin plat-hunchun
        plat-huoerguosi-jingji-kaifaqu plat-kashi-jingji-kaifaqu plat-malaka-linhai-gongyeyuan plat-mohan-moding
        plat-nansha-xinqu plat-pingtan plat-qianhai plat-shantou-huaqiao-shiyanqu plat-xihanuke-gang-jingji-tequ
        plat-yuegui-hezuo-tebie-shiyanqu plat-zhongde-shenyang plat-zhongha-huoerguosi plat-zhonghan-huizhou
        plat-zhonghan-yancheng plat-zhonghan-yantai plat-zhongma-qinzhou plat-zhongmeng-chanyeyuan
        plat-zhongmeng-erlianhaote-zamenwude plat-zhongrihan-xunhuan-jingji plat-zhongyin-chanyeyuan
        plat-zhongyue-dongxing-mangjie plat-zhongyue-hekou-laojie plat-zhongyue-pingxiang-tongdeng
        zone-changjiang-zhongyou-chengshiqun zone-changsanjiao zone-chengyu-chengshiqun zone-dongbei-diqu
        zone-dongbu-diqu zone-fan-zhusanjiao zone-fujian-haishang-sichou-zhilu-hexinqu
        zone-guanzhong-pingyuan-chengshiqun zone-huanbohai zone-jingjinji zone-jinshanyu-huanghe-jinsanjiao
        zone-sisheng-zangqu zone-tieling-siping-tongliao zone-wanjiang-chengshidai zone-xibu-diqu
        zone-xinjiang-duikou-zhiyuan zone-xinjiang-sichou-zhilu-jingjidai-hexinqu zone-xizang-duikou-zhiyuan
        zone-zhongbu-diqu zone-zhongyuan-chengshiqun""",
    "sichuan2019": """
        basin-changjiang-jingjidai basin-changjiang-liuyu basin-chishuihe basin-daduhe basin-jialingjiang
        basin-jinshajiang basin-minjiang basin-qingyijiang basin-qujiang basin-tuojiang pair-chengdemian-g60
        pair-chengdu-chongqing pair-chengdu-shanghai pair-chuan-ao pair-chuan-gang pair-chuan-gui
        pair-chuan-qian pair-chuan-yu pair-chuan-yue pair-chuan-zhe pair-guangan-shenzhen pair-sichuan-beibuwan
        pair-sichuan-changjiang-zhongyou pair-sichuan-changsanjiao pair-sichuan-guanzhong-pingyuan
        pair-sichuan-jingjinji pair-sichuan-yuegangao-dawanqu pair-sichuan-zhongyuan pair-tianfu-xiongan
        plat-guangan-shenzhen-chanyeyuan plat-jinbohui plat-kebohui-mianyang plat-sichuan-zimaoqu
        plat-tianfu-xinqu plat-xibohui plat-xiongan-xinqu plat-zhongde-pujiang plat-zhongguo-ouzhou-zhongxin
        plat-zhonghan-chuangxin-chuangyeyuan plat-zhongwai-zhiming-qiye-sichuanxing
        plat-zhongyi-wenhua-chuangxin-chanyeyuan zone-beibuwan-chengshiqun zone-changjiang-zhongyou-chengshiqun
        zone-changsanjiao zone-chengdemeizi zone-chengdemian-chuangxindai zone-chengdu-pingyuan-jingjiqu
        zone-chengyu-chengshiqun zone-chuandianqian-jiehebu zone-chuandongbei-jingjiqu zone-chuanganqing-jiehebu
        zone-chuannan-jingjiqu zone-chuanshan-geming-laoqu zone-chuanshan-jiehebu
        zone-chuanxibei-shengtai-shifanqu zone-chuanyu-pilin-diqu zone-fan-zhusanjiao zone-g60-kechuang-zoulang
        zone-guanzhong-pingyuan-chengshiqun zone-jingjinji zone-neizi zone-panxi-jingjiqu zone-sichuan-sanzhou
        zone-xibu-luhai-xintongdao zone-yuegangao-dawanqu zone-zhongyuan-chengshiqun""",
    "yrd2016": """
        basin-changjiang-liuyu pair-wanjiang-changsanjiao plat-pudong-xinqu plat-shanghai-zimaoqu
        zone-changsanjiao zone-husuzhe zone-wanjiang-chengshidai""",
}


@pytest.fixture(scope="module")
def data():
    return pairings.load().tables


def test_every_required_entity_has_a_mention_per_citing_document(data):
    cited = set(zip(data["mentions"]["entity_id"], data["mentions"]["doc_id"]))
    missing = [(eid, doc) for doc, ids in REQUIRED_MENTIONS.items() for eid in ids.split() if (eid, doc) not in cited]
    assert missing == []


def entity_rows(data):
    for stem, column in (("pairings", "pairing_id"), ("zones", "zone_id"), ("basins", "basin_id"),
                         ("platforms", "platform_id")):
        for row in data[stem].to_dict("records"):
            yield stem, row[column], row


def test_every_row_has_a_basis_and_inferred_rows_say_so(data):
    from pairings.check import UNVERIFIED_WORDS

    for stem, eid, row in entity_rows(data):
        assert row["basis"] in BASIS, (stem, eid)
        note = f"{row.get('note', '')} {row.get('membership_source', '')}"
        # a row whose note says it was not verified is not plan; one from memory, or whose name the
        # curators made up, is inferred
        if any(word in note for word in UNVERIFIED_WORDS):
            assert row["basis"] != "plan", (stem, eid)
        if any(word in note for word in ("按记忆", "据本人所知", "整理者所拟")):
            assert row["basis"] == "inferred", (stem, eid, row["basis"])
        if row["basis"] == "inferred" and stem == "pairings":
            assert "inferred" in note or "推" in note, (eid, "an inferred pairing says why in its note")


def test_partial_members_are_marked(data):
    zones = data["zones"].set_index("zone_id")
    basins = data["basins"].set_index("basin_id")
    assert set(zones.loc["zone-changjiang-zhongyou-chengshiqun", "partial_adcodes"].split(";")) == {"361000", "360800"}
    assert set(zones.loc["zone-chengyu-chengshiqun", "partial_adcodes"].split(";")) == {"500154", "500235"}
    assert {"411300", "410300", "411200"} <= set(zones.loc["zone-nanshuibeidiao-zhongxian-shuiyuanqu",
                                                           "partial_adcodes"].split(";"))
    for frame in (zones, basins):
        for eid, row in frame.iterrows():
            partial = [c for c in str(row["partial_adcodes"] or "").split(";") if c]
            assert set(partial) <= set(row["member_adcodes"].split(";")), eid


def test_the_reviews_findings_are_fixed(data):
    p = data["pairings"].set_index("pairing_id")
    z = data["zones"].set_index("zone_id")
    b = data["basins"].set_index("basin_id")
    pl = data["platforms"].set_index("platform_id")
    m = data["mentions"]
    assert "pair-sichuan-shanghai" not in p.index
    for pid in ("pair-neimenggu-dongbu", "pair-hebei-beijing-chaobaihe", "pair-hebei-tianjin-luanhe",
                "pair-wanjiang-changsanjiao"):
        assert p.loc[pid, "basis"] == "inferred", pid
    assert b.loc["basin-jingjinji-shuiyuan-hanyangqu", "member_adcodes"] == "130700;130800"  # 张家口, 承德
    partner = p.loc["pair-dongbei-dongbu", "b_ref"]
    assert set(z.loc[partner, "member_adcodes"].split(";")) == {"320000", "330000", "440000", "110000", "310000",
                                                                  "120000"}
    assert p.loc["pair-wanjiang-changsanjiao", "b_ref"] == "zone-husuzhe"
    for zid in ("zone-xinjiang-sichou-zhilu-jingjidai-hexinqu", "zone-fujian-haishang-sichou-zhilu-hexinqu"):
        assert z.loc[zid, "kind"] != "国家重大区域战略"
    assert "basin-lancangjiang-meigonghe" not in b.index
    assert z.loc["zone-zhong-meng-e-jingji-zoulang", "basis"] == "inferred"
    for gone in ("plat-zhongyin-gujilate", "plat-zhongyin-mahalashitela", "plat-zhongmeng-jidagang"):
        assert gone not in pl.index
    for one, country in (("plat-zhongyin-chanyeyuan", "印度"), ("plat-zhongmeng-chanyeyuan", "孟加拉国")):
        assert (pl.loc[one, "basis"], pl.loc[one, "country"], pl.loc[one, "host_adcode"]) == ("inferred", country, "")
    quote = dict(zip(zip(m["entity_id"], m["doc_id"]), m["quote"]))
    assert "海南" in quote[("plat-hainan-zimaoqu", "central2018")]
    assert "长江经济带" in quote[("basin-changjiang-jingjidai", "ndrc2015")]
    assert ("zone-jingjinji", "yrd2016") not in quote
    assert not any("(四川)" in alias for alias in "".join(pl["aliases"]).split(";"))
    for stem in ("pairings", "zones", "basins", "platforms"):
        assert not data[stem]["note"].str.contains("需补").any(), stem
    assert p.loc["pair-chuan-gang", "kind"] != "省际合作" and p.loc["pair-chuan-ao", "kind"] != "省际合作"
    east_west = p[(p["a_ref"] == "zone-dongbu-diqu") & (p["b_ref"] == "zone-xibu-diqu")]
    assert list(east_west["kind"]) == ["扶贫协作"] and list(east_west["direction"]) == ["a_to_b"]
    assert {doc for eid, doc in quote if eid == east_west.index[0]} == {"ndrc2015", "central2018"}
    docs = data["documents"].set_index("doc_id")
    assert "未写明" in docs.loc["yrd2016", "issuer"] and "repost" in docs.loc["yrd2016", "note"]


def test_documents_have_english_titles_and_issuers(data):
    for row in data["documents"].to_dict("records"):
        for column in ("title_en", "issuer_en"):
            assert row[column] and row[column].isascii() is not None and re.search(r"[A-Za-z]{3}", row[column]), \
                (row["doc_id"], column)


def test_role_words_of_every_directed_kind():
    assert role_words("横向生态补偿") == ("上游（保护方）", "下游（受益、补偿方）")
    assert role_words("横向生态补偿", "en") == ("upstream (protecting side)", "downstream (benefiting side, which pays)")
    assert role_words("对口支援") == ("支援方", "受援方")
    assert role_words("扶贫协作") == role_words("东西部协作") == ("帮扶方", "被帮扶方")
    assert role_words("对口合作") is None and role_words("not a kind") is None
    assert set(ROLES) <= set(KINDS)
    directed = set(pairings.load().tables["pairings"].query("direction == 'a_to_b'")["kind"])
    assert directed and all(role_words(kind) and role_words(kind, "en") for kind in directed)


def test_basis_table_matches_the_schema():
    assert list(BASIS) == schema.BASIS_VALUES
    assert schema.schemas()["zones"].get_field("basis").constraints["enum"] == schema.BASIS_VALUES
    assert basis_label("inferred") == "由整理者推定，原文未点名或未列出成员"
    assert basis_label("inferred", "en").startswith("inferred by the curators: the text does not name it")
    assert basis_label("plan", "en", short=True) == "from the official plan"
    assert basis_label("???") == "???"
