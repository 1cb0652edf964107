"""mapview.i18n: English names of entities (name_en, or built from the parties) and documents."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

import geo
from mapview import i18n
from mapview.data import DATA_DIR, load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _rows(name):
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_zones_basins_platforms_use_their_name_en(data):
    names = i18n.display_names(data.entities, "en")
    for file, id_col in (("zones", "zone_id"), ("basins", "basin_id"), ("platforms", "platform_id")):
        for r in _rows(file):
            assert names[r[id_col]] == r["name_en"].strip(), (file, r[id_col])
    zh = i18n.display_names(data.entities, "zh")
    assert zh["zone-jingjinji"] == "京津冀"
    assert names["zone-jingjinji"] == next(r["name_en"] for r in _rows("zones") if r["zone_id"] == "zone-jingjinji")


def test_pairings_are_named_from_the_parties_english_names(data):
    gaz = geo.gazetteer()
    names = i18n.display_names(data.entities, "en")
    ent_en = {r["zone_id"]: r["name_en"] for r in _rows("zones")} | {
        r["platform_id"]: r["name_en"] for r in _rows("platforms")} | {r["basin_id"]: r["name_en"] for r in _rows("basins")}
    for r in _rows("pairings"):
        parts = []
        for ref in (r["a_ref"], r["b_ref"]):
            parts.append(gaz.get(ref).name_en if ref.isdigit() else ent_en[ref])
        sep = " → " if r["direction"] == "a_to_b" else " – "
        assert names[r["pairing_id"]] == sep.join(parts)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in names[r["pairing_id"]]), names[r["pairing_id"]]
    row = data.entities[data.entities["eid"] == "pair-changchun-tianjin"].iloc[0]
    assert i18n.display_name(row, "en") == "Changchun – Tianjin"
    assert i18n.display_name(row, "zh") == row["name"]


def test_documents_fall_back_to_chinese_when_english_is_missing():
    doc = {"doc_id": "x2018", "title": "关于某事的意见", "issuer": "国务院", "date": "2018-01-02"}
    assert i18n.document_title(doc, "en") == "关于某事的意见"
    assert i18n.document_issuer(doc, "en") == "国务院"
    doc_en = dict(doc, title_en="Opinions on a matter", issuer_en="State Council")
    assert i18n.document_title(doc_en, "en") == "Opinions on a matter"
    assert i18n.document_issuer(doc_en, "en") == "State Council"
    assert i18n.document_title(doc_en, "zh") == "关于某事的意见"
    assert i18n.document_label(doc_en, "en") == "Opinions on a matter (2018)"
    assert i18n.document_label(doc, "zh") == "关于某事的意见（2018）"
    row = pd.Series(dict(doc, title_en=float("nan")))
    assert i18n.document_title(row, "en") == "关于某事的意见"


def test_document_label_keeps_the_subject_after_the_issuers_guanyu(data):
    labels = i18n.document_labels(data.documents, "zh")
    assert labels["ndrc2015"] == "进一步加强区域合作工作的指导意见（2015）"
    assert labels["central2018"].startswith("建立更加有效的") and labels["central2018"].endswith("…（2018）")
    assert i18n.document_label({"title": "A" * 60, "date": "2019"}, "en") == "A" * 47 + "… (2019)"


def test_document_labels_are_short_unique_and_never_ids(data):
    for lang in ("zh", "en"):
        labels = i18n.document_labels(data.documents, lang)
        assert set(labels) == set(data.documents["doc_id"])
        assert len(set(labels.values())) == len(labels)
        for doc_id, label in labels.items():
            assert doc_id not in label
            assert len(label) <= (16 if lang == "zh" else 48) + 7


def test_units_and_kinds():
    assert i18n.unit_name("210000", "en") == "Liaoning"
    assert i18n.unit_name("210000", "zh") == "辽宁省"
    assert i18n.unit_name("210000", "zh", short=True) == "辽宁"
    assert i18n.unit_name("999999", "en") == "999999"
    assert i18n.kind_label("城市群", "en") == "city cluster"
    assert i18n.kind_label("城市群", "zh") == "城市群"
