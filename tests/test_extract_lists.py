"""Tests of pairings.extract on lists of pairs (X与Y、Z与W …) and on the kinds it may emit.

The list sentences are the real ones of dongbei2017 (二、对口合作关系), with the separators a
document may use instead of its half-width commas (、 ， ；) and with 和 instead of 与; the
curated pairings they must give are read from pairings/data/pairings.csv, never written here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import geo
from pairings import extract as X
from pairings import patterns as P
from pairings.extract import extract_text
from pairings.extract.known import load_curated
from pairings.glossary import KINDS
from pairings.texts import read_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz():
    return geo.gazetteer()


def code(gaz, name: str, context: str | None = None) -> str:
    units = gaz.resolve(name, context)
    assert units, f"gazetteer does not know {name}"
    return units[0].adcode


def pairs(frame: pd.DataFrame) -> dict[frozenset, dict]:
    rows = frame[frame.entity_type == "pairing"].to_dict("records")
    return {frozenset(r["refs"].split(";")): r for r in rows}


def run(text: str, doc_id: str = "t", **kw) -> pd.DataFrame:
    kw.setdefault("use_known", False)
    return extract_text(text, doc_id, **kw)


def dongbei_list_lines() -> list[str]:
    """The two list lines of dongbei2017 二、对口合作关系, verbatim (——东北三省与东部三省:…)."""
    lines = [line for line in read_text("dongbei2017").splitlines()
             if line.startswith("——东北三省与东部三省") or line.startswith("——东北四市与东部四市")]
    assert len(lines) == 2
    return lines


def curated_pairs_of(doc_id: str, kind: str) -> set[frozenset]:
    """Adcode pairs of the curated pairings of ``kind`` that ``doc_id`` is cited for."""
    tables = load_curated()
    cited = set(tables["mentions"].loc[tables["mentions"].doc_id == doc_id, "entity_id"])
    rows = tables["pairings"]
    rows = rows[(rows.kind == kind) & rows.pairing_id.isin(cited)]
    # pairings of two admin units only (not 东北地区—东部地区, whose parties are zones)
    return {frozenset({a, b}) for a, b in zip(rows.a_ref, rows.b_ref) if a.isdigit() and b.isdigit()}


# --------------------------------------------------------------------------- lists of pairs

@pytest.mark.parametrize("separator", [",", "、", "，", "；"])
@pytest.mark.parametrize("join", ["与", "和"])
def test_pair_list_with_any_separator_gives_the_curated_pairings(separator, join):
    want = curated_pairs_of("dongbei2017", "对口合作")
    assert len(want) == 7  # 3 provinces + 4 cities (dongbei2017 二)
    body = [re.sub(r"(?<=[省市区]),(?=[\u4e00-\u9fff])", separator, line.split(":", 1)[1]).replace("与", join)
            for line in dongbei_list_lines()]
    text = "二、对口合作关系\n明确以下对口合作关系:\n" + "\n".join(body)
    found = pairs(run(text))
    assert set(found) == want, (separator, join, [r["name"] for r in found.values()])
    for row in found.values():
        assert row["kind"] == "对口合作" and row["direction"] == "mutual"


def test_pair_list_in_one_sentence_never_pairs_across_items(gaz):
    text = ("二、对口合作关系\n"
            "明确以下对口合作关系：河北省与广东省、山西省与江苏省、内蒙古自治区与浙江省、"
            "辽宁省与江苏省、吉林省与浙江省、黑龙江省与广东省。")
    found = pairs(run(text))
    items = [("河北省", "广东省"), ("山西省", "江苏省"), ("内蒙古自治区", "浙江省"),
             ("辽宁省", "江苏省"), ("吉林省", "浙江省"), ("黑龙江省", "广东省")]
    assert set(found) == {frozenset({code(gaz, a), code(gaz, b)}) for a, b in items}
    for row in found.values():
        # the quote holds the item itself
        a, b = row["party_names"].split(";")
        assert f"{a}与{b}" in row["quote"] or f"{b}与{a}" in row["quote"]


def test_pair_list_of_districts_keeps_each_side_together(gaz):
    # the Ningbo–Yanbian list (three items) written with 、 instead of ，: 奉化区 could end the
    # second item or start the third; it belongs with the other Ningbo districts (left side)
    text = "宁波市与延边州开展对口合作：鄞州区与和龙市、慈溪市与龙井市、奉化区、宁海县与安图县。"
    found = pairs(run(text))
    ningbo, yanbian = code(gaz, "宁波市"), code(gaz, "延边朝鲜族自治州")
    want = {
        frozenset({code(gaz, "鄞州区", ningbo), code(gaz, "和龙市", yanbian)}),
        frozenset({code(gaz, "慈溪市", ningbo), code(gaz, "龙井市", yanbian)}),
        frozenset({code(gaz, "奉化区", ningbo), code(gaz, "安图县", yanbian)}),
        frozenset({code(gaz, "宁海县", ningbo), code(gaz, "安图县", yanbian)}),
    }
    assert want <= set(found)
    fenghua = code(gaz, "奉化区", ningbo)
    assert frozenset({fenghua, code(gaz, "龙井市", yanbian)}) not in found
    # no two Ningbo districts and no two Yanbian counties are paired with each other
    for key in found:
        assert len({c[:4] for c in key}) == 2


def test_ambiguous_pair_list_gives_only_the_certain_pairs(gaz):
    # 北京市 could end the first item (沈阳—大连、北京?) or start the second: cities of two
    # provinces on both sides, nothing tells them apart -> only the pairs every reading agrees on
    text = "明确对口合作关系：沈阳市与上海市、北京市、大连市与天津市。"
    found = pairs(run(text))
    sy, sh, bj, dl, tj = (code(gaz, n) for n in ("沈阳市", "上海市", "北京市", "大连市", "天津市"))
    assert frozenset({sy, sh}) in found and frozenset({dl, tj}) in found
    assert frozenset({sy, tj}) not in found and frozenset({dl, sh}) not in found
    assert frozenset({sh, bj}) not in found and frozenset({dl, bj}) not in found


def test_one_party_with_two_partners(gaz):
    # dongbei2017 三(一)3: 东北地区与长江经济带、珠三角地区 -> two pairings of 东北地区
    text = [line for line in read_text("dongbei2017").splitlines() if "东北地区与长江经济带、珠三角地区" in line]
    assert text
    curated = load_curated()["pairings"].set_index("pairing_id")
    want = {frozenset(curated.loc[pid, ["a_ref", "b_ref"]])
            for pid in ("pair-dongbei-changjiang-jingjidai", "pair-dongbei-zhusanjiao")}
    for forms in (True, {"zone", "basin", "platform"}):  # curated pairing forms on, then off
        assert want <= set(pairs(run(text[0], "dongbei2017", use_known=forms))), forms
    # …and the places version: 北京市与沈阳市、大连市 is 北京 with each of the two
    found = pairs(run("开展对口合作：北京市与沈阳市、大连市。"))
    assert set(found) == {frozenset({code(gaz, "北京市"), code(gaz, "沈阳市")}),
                          frozenset({code(gaz, "北京市"), code(gaz, "大连市")})}


def test_lists_of_non_places_and_plain_enumerations_are_not_pairings():
    # central2018 (十七): 生态受益地区与生态保护地区、流域下游与流域上游 — no places at all
    sentence = next(part for part in re.split("(?<=。)", read_text("central2018")) if "流域下游与流域上游" in part)
    assert sentence.startswith("鼓励生态受益地区")
    assert pairs(run("（十七）完善多元化横向生态补偿机制。" + sentence)).keys() == set()
    # an enumeration with one 和 at the end is not a list of pairs
    assert not pairs(run("支持北京市、天津市和河北省开展对口合作。"))
    # 与 and 和 mixed without a 、 between two pairs: not cut into items
    assert not pairs(run("开展对口合作：辽宁省与江苏省和吉林省与浙江省。"))


def test_real_documents_give_no_pairing_across_list_items():
    """Every pairing the extractor finds in the five documents by a list pattern is curated."""
    curated = load_curated()
    cited = {frozenset({a, b}) for a, b in zip(curated["pairings"].a_ref, curated["pairings"].b_ref)}
    # where the review narrowed a party to a part of the area the text writes (东部地区部分省市 for
    # 东部地区, 沪苏浙 for 长三角; issue 9), the area as written is the same pairing
    members = {row["zone_id"]: set(row["member_adcodes"].split(";")) for row in curated["zones"].to_dict("records")}
    wider = {z: {w for w, m in members.items() if w != z and m > members[z]} for z in members}
    cited |= {frozenset({w, other}) for pair in list(cited) for ref in pair for w in wider.get(ref, ())
              for other in pair - {ref}}
    for doc_id in ("ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016"):
        frame = run(read_text(doc_id), doc_id, use_known=True)
        listed = frame[(frame.entity_type == "pairing") & frame.method.isin(["x-yu-y", "x-yu-y-list"])]
        for refs in listed.refs:
            assert frozenset(refs.split(";")) in cited, (doc_id, refs)


def test_traditional_pair_list_uploaded_as_gbk():
    """The dongbei2017 list in traditional characters, 、-separated, uploaded as GBK bytes: the
    upload is decoded, the pairs found, the quote kept verbatim (traditional)."""
    from pairings.extract import read_upload

    text = "二、對口合作關係\n明確以下對口合作關係：遼寧省與江蘇省、吉林省與浙江省、黑龍江省與廣東省。"
    decoded, encoding = read_upload(text.encode("gbk"), "list.txt")
    assert decoded == text and encoding.lower() in ("gbk", "gb18030", "gb2312")
    frame = run(decoded)
    found = pairs(frame)
    assert set(found) == {frozenset(p) for p in curated_pairs_of("dongbei2017", "对口合作") if
                          all(c.endswith("0000") for c in p)}  # the three province pairs
    for row in found.values():
        assert row["quote"] in text and "遼寧省與江蘇省" in row["quote"]
    # a traditional area name gets the glossary kind of its suffix, its name in simplified form
    area = run("建立成德綿創新帶與G60科創走廊相互銜接的科技成果轉移轉化機制。")
    kinds = dict(zip(area.name, area.kind))
    assert kinds.get("成德绵创新带") == "创新走廊" and kinds.get("G60科创走廊") == "创新走廊"


@pytest.mark.parametrize("text", [
    "开展对口合作：" + "辽宁省与江苏省、" * 1500 + "吉林省与浙江省。",
    "开展对口合作：" + "辽宁省和江苏省、" * 1500 + "吉林省和浙江省。",
    "开展对口合作：" + "辽宁省和江苏省，" * 1500 + "吉林省和浙江省。",
    "开展对口合作：" + ("北京市与" + "天津市、上海市、重庆市、" * 20 + "河北省与") * 40 + "山西省。",
], ids=["yu-dunhao", "he-dunhao", "he-comma", "ambiguous-cuts"])
def test_long_hostile_pair_lists_are_read_quickly(text):
    import time

    started = time.perf_counter()
    frame = run(text)
    assert time.perf_counter() - started < 2.0
    # repeated items are one pairing each, never a pairing across items
    assert len(pairs(frame)) <= 2
