"""Every kind the extractor can emit is a glossary kind of its entity type (= the schema enum),
and the suffix -> kind table agrees with what the curators chose for the curated areas."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

from pairings import extract as X
from pairings.extract import areas as xareas, places as xplaces
from pairings import patterns as P
from pairings.extract import extract_text
from pairings.extract.known import load_curated
from pairings.glossary import BASIN, PAIRING, PLATFORM, ZONE, kinds_for
from pairings.texts import read_text

ROOT = Path(__file__).resolve().parent.parent
TYPE_NAMES = {"PAIRING": PAIRING, "ZONE": ZONE, "BASIN": BASIN, "PLATFORM": PLATFORM}
RESOURCES = {PAIRING: "pairings", ZONE: "zones", BASIN: "basins", PLATFORM: "platforms"}
DOCS = ("ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016")


def schema_kinds() -> dict[str, set[str]]:
    """entity type -> the enum of ``kind`` in pairings/datapackage.json."""
    package = json.loads((ROOT / "pairings" / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for etype, resource in RESOURCES.items():
        res = next(r for r in package["resources"] if r["name"] == resource)
        field = next(f for f in res["schema"]["fields"] if f["name"] == "kind")
        out[etype] = set(field["constraints"]["enum"])
    return out


def test_glossary_and_schema_agree_on_kinds():
    for etype, enum in schema_kinds().items():
        assert set(kinds_for(etype)) == enum, etype


def test_pattern_tables_use_glossary_kinds_only(monkeypatch):
    P.check_kinds()  # passes on the shipped tables
    for suffix, etype, kind in P.AREA_SUFFIXES:
        assert kind in kinds_for(etype), (suffix, etype, kind)
    for _, kind in P.KIND_CUES:
        assert kind in kinds_for(PAIRING)
    # and it does catch a wrong one (the old 创新带 -> 经济区 would pass; a made-up kind does not)
    monkeypatch.setattr(P, "AREA_SUFFIXES", P.AREA_SUFFIXES + (("科创带", "zone", "科创带"),))
    with pytest.raises(ValueError, match="科创带"):
        P.check_kinds()
    monkeypatch.setattr(P, "AREA_SUFFIXES", P.AREA_SUFFIXES[:-1] + (("创新带", "platform", "创新走廊"),))
    with pytest.raises(ValueError, match="创新带"):
        P.check_kinds()


def _literal_kinds(node: ast.AST) -> list[str]:
    """String constants an expression can evaluate to (a constant, or both branches of ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_kinds(node.body) + _literal_kinds(node.orelse)
    return []


def test_every_kind_written_in_the_extractor_code_is_a_glossary_kind():
    """``self.emit(TYPE, "kind", …)``, ``Area(name, TYPE, "kind", …)``, ``kind="…"`` in pairings
    and every ``kind = "…"`` assignment in the extractor modules are valid for their type."""
    checked = 0
    all_kinds = {k for etype in TYPE_NAMES.values() for k in kinds_for(etype)}
    modules = sorted((ROOT / "pairings" / "extract").rglob("*.py"))
    assert len(modules) >= 10  # the package and its rules
    for path in modules:
        module = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                pos = {"emit": 0, "Area": 1}.get(func)
                if pos is not None and len(node.args) > pos + 1 and isinstance(node.args[pos], ast.Name):
                    etype = TYPE_NAMES.get(node.args[pos].id)
                    for kind in _literal_kinds(node.args[pos + 1]):
                        assert etype and kind in kinds_for(etype), (module, node.lineno, kind)
                        checked += 1
                if func == "pair":
                    for kw in node.keywords:
                        if kw.arg == "kind":
                            for kind in _literal_kinds(kw.value):
                                assert kind in kinds_for(PAIRING), (module, node.lineno, kind)
                                checked += 1
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "kind" for t in node.targets):
                for kind in _literal_kinds(node.value):
                    assert kind in all_kinds, (module, node.lineno, kind)
                    checked += 1
    assert checked >= 15  # the walk did find the literals


SUFFIX_SENTENCES = [
    # (sentence, name, entity type, kind): real names from the documents and curated data, and
    # realistic new names with each suffix
    ("建立成德绵创新带与G60科创走廊相互衔接的科技成果转移转化机制。", "成德绵创新带", ZONE, "创新走廊"),  # sichuan2019
    ("建立成德绵创新带与G60科创走廊相互衔接的科技成果转移转化机制。", "G60科创走廊", ZONE, "创新走廊"),
    ("支持安徽皖江城市带等承接产业转移示范区建设。", "安徽皖江城市带", ZONE, "承接产业转移示范区"),  # ndrc2015
    ("推进皖江城市带建设。", "皖江城市带", ZONE, "城市群"),  # a bare urban belt: a city cluster
    ("加快川西北生态示范区建设。", "川西北生态示范区", ZONE, "生态示范区"),
    ("大力推动晋陕豫黄河金三角示范区建设。", "晋陕豫黄河金三角示范区", ZONE, "省际交界地区"),  # ndrc2015
    ("推动铁岭、四平、通辽协同创新合作区建设。", "铁岭、四平、通辽协同创新合作区", ZONE, "省际交界地区"),  # ndrc2015
    ("推进喀什、霍尔果斯经济开发区建设。", "霍尔果斯经济开发区", PLATFORM, "经济开发区"),
    ("高水平建设北京城市副中心。", "北京城市副中心", PLATFORM, "城市副中心"),
    ("推进瓜达尔自由区、西哈努克港经济特区建设。", "瓜达尔自由区", PLATFORM, "境外合作园区"),
    ("推进瓜达尔自由区、西哈努克港经济特区建设。", "西哈努克港经济特区", PLATFORM, "境外合作园区"),
    ("支持中德、中意、中韩等合作园区建设。", "中德合作园区", PLATFORM, "合作园区"),  # sichuan2019
    ("在京津冀水源涵养区开展生态保护补偿试点。", "京津冀水源涵养区", BASIN, "横向生态补偿"),  # central2018
    ("推进泛珠三角区域合作。", "泛珠三角", ZONE, "区域合作区"),
    ("长三角道路运输体系得到完善,苏浙沪城际交通公交化运营模式不断成熟。", "苏浙沪", ZONE, "区域合作区"),  # yrd2016
    ("加强川渝毗邻地区合作。", "川渝毗邻地区", ZONE, "省际交界地区"),
    ("支持东部地区和东北地区共同推进中蒙俄经济走廊建设", "中蒙俄经济走廊", ZONE, "区域合作区"),  # dongbei2017
    ("推进中巴经济走廊建设。", "中巴经济走廊", ZONE, "区域合作区"),  # hold-out
    ("(九)大力推进西部陆海新通道建设。", "西部陆海新通道", ZONE, "区域合作区"),  # sichuan2019
    ("加快建设东北海陆大通道。", "东北海陆大通道", ZONE, "区域合作区"),  # hold-out
    ("重点打造新疆丝绸之路经济带核心区和福建21世纪海上丝绸之路核心区", "新疆丝绸之路经济带核心区", ZONE, "经济区"),  # ndrc2015
    ("加快建设广西海上丝绸之路门户核心区。", "广西海上丝绸之路门户核心区", ZONE, "经济区"),  # hold-out
]


@pytest.mark.parametrize("sentence,name,etype,kind", SUFFIX_SENTENCES)
def test_suffix_kinds_match_the_curators(sentence, name, etype, kind):
    frame = extract_text(sentence, "t", use_known=False)
    rows = frame[frame.name == name]
    assert len(rows) == 1, frame[["entity_type", "kind", "name"]].to_dict("records")
    assert (rows.iloc[0].entity_type, rows.iloc[0].kind) == (etype, kind)


def test_suffix_kinds_agree_with_the_curated_rows():
    """For every curated zone, basin and platform whose name ends in a suffix of the table (and is
    read as a new area), the table gives the curators' entity type and kind."""
    tables = load_curated()
    idx = xplaces.place_index()
    compared, differ = 0, []
    for etype in (ZONE, BASIN, PLATFORM):
        for row in tables[RESOURCES[etype]].to_dict("records"):
            suffix, _, _ = xareas.suffix_of(row["name"])
            if not suffix:
                continue
            area = xareas.new_area(row["name"], idx, force=True)
            frame = extract_text(row["name"] + "建设。", "t", use_known=False)
            got = {(r["entity_type"], r["kind"]) for r in frame.to_dict("records") if r["name"] == row["name"]}
            compared += 1
            if (etype, row["kind"]) not in got and (area is None or (area.entity_type, area.kind) != (etype, row["kind"])):
                differ.append(row["name"])
    assert compared >= 40
    # a bilateral 中小企业合作区 is curated as a 合作园区; the suffix 合作区 says 合作区 (documented);
    # the two 一带一路 核心区 are curated 一带一路核心区, a status no suffix tells (核心区 -> 经济区);
    # 中印产业园 / 中孟产业园 (abroad, no site given) are 境外合作园区, the suffix 产业园 says 合作园区
    assert sorted(differ) == sorted(["中德(蒲江)中小企业合作区", "福建21世纪海上丝绸之路核心区",
                                     "新疆丝绸之路经济带核心区", "中印产业园", "中孟产业园"]), differ


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_candidate_of_the_documents_has_a_schema_kind(doc_id):
    enum = schema_kinds()
    for use_known in (True, False):
        frame = extract_text(read_text(doc_id), doc_id, use_known=use_known)
        assert not frame.empty
        for row in frame.to_dict("records"):
            assert row["kind"] in enum[row["entity_type"]], (doc_id, row["name"], row["kind"])
