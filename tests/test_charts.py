"""mapview.charts: the values behind the three small charts, checked against the CSVs, and the
selection parameters the app reads."""
from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from mapview import charts
from mapview.data import DATA_DIR, load_dataset
from mapview.select import Filters, apply_filters


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def shown(data):
    return apply_filters(data, Filters())


def _rows(name):
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def etype_of(data):
    known = set(data.entities["eid"])
    out = {}
    for file, col, etype in (("pairings", "pairing_id", "pairing"), ("zones", "zone_id", "zone"),
                             ("basins", "basin_id", "basin"), ("platforms", "platform_id", "platform")):
        out.update({r[col]: etype for r in _rows(file) if r[col] in known})
    return out


def test_features_per_document_counts_the_mentions(data, shown, etype_of):
    ents, men = shown
    table = charts.features_per_document(ents, men, data.documents)
    expected = Counter((r["doc_id"], etype_of[r["entity_id"]]) for r in _rows("mentions") if r["entity_id"] in etype_of)
    got = {(r["doc_id"], r["layer_key"]): r["n"] for r in table.to_dict("records")}
    assert got == dict(expected)
    docs = sorted(_rows("documents"), key=lambda r: (r["date"], r["doc_id"]))
    assert list(dict.fromkeys(table["doc_id"])) == [d["doc_id"] for d in docs]
    assert not set(table["document"]) & set(table["doc_id"])      # titles, never ids
    spec = charts.features_per_document_chart(table).to_dict()
    assert spec["params"][0]["name"] == charts.DOC_PARAM
    assert spec["params"][0]["select"] == {"type": "point", "fields": ["doc_id"]}


def test_features_follow_the_filter(data, etype_of):
    ents, men = apply_filters(data, Filters(docs=("ndrc2015",), layers=("zone",)))
    table = charts.features_per_document(ents, men, data.documents, lang="en")
    n = sum(1 for r in _rows("mentions") if r["doc_id"] == "ndrc2015" and etype_of.get(r["entity_id"]) == "zone")
    assert table.to_dict("records") == [{"doc_id": "ndrc2015", "document": table["document"][0], "order": 0,
                                         "layer_key": "zone", "layer": "zones", "n": n}]


def test_partners_per_province_from_the_csvs(data, shown):
    ents, _ = shown
    table = charts.partners_per_province(ents, data.entities)
    units = {}
    for r in _rows("zones") + _rows("basins"):
        units[r.get("zone_id") or r.get("basin_id")] = [c for c in r["member_adcodes"].split(";") if c]
    for r in _rows("platforms"):
        units[r["platform_id"]] = [r["host_adcode"]] if r["host_adcode"] else []

    def provs(ref):
        codes = [ref] if ref.isdigit() else units.get(ref, [])
        return {c[:2] + "0000" for c in codes}

    shown_ids = set(ents["eid"])
    ties, partners = Counter(), defaultdict(set)
    for r in _rows("pairings"):
        if r["pairing_id"] not in shown_ids:
            continue
        a, b = provs(r["a_ref"]), provs(r["b_ref"])
        for p in a | b:
            ties[p] += 1
        for p in a:
            partners[p] |= b - {p}
        for p in b:
            partners[p] |= a - {p}
    got = {r["adcode"]: (r["ties"], r["partners"]) for r in table.to_dict("records")}
    assert got == {p: (ties[p], len(partners[p])) for p in ties}
    # sorted by ties, ranks shared on equal counts (competition ranking)
    assert list(table["ties"]) == sorted(table["ties"], reverse=True)
    for i, row in table.iterrows():
        assert row["rank"] == 1 + sum(1 for t in table["ties"] if t > row["ties"])
    assert table["province"].iloc[0] == "四川"        # sichuan2019 pairs 四川 with many partners
    spec = charts.partners_chart(table, top=5).to_dict()
    assert spec["params"][0]["name"] == charts.PROVINCE_PARAM
    values = next(iter(spec["datasets"].values()))
    assert len(values) >= 5 and all(v["ties"] >= table["ties"].iloc[4] for v in values)


def test_first_cited_year(data, shown, etype_of):
    ents, men = shown
    table = charts.first_cited_year(ents, men, data.documents)
    year = {r["doc_id"]: int(r["date"][:4]) for r in _rows("documents")}
    first = {}
    for r in _rows("mentions"):
        if r["entity_id"] in etype_of:
            first[r["entity_id"]] = min(first.get(r["entity_id"], 9999), year[r["doc_id"]])
    expected = Counter((y, etype_of[e]) for e, y in first.items())
    assert {(r["year"], r["layer_key"]): r["n"] for r in table.to_dict("records")} == dict(expected)
    assert table["n"].sum() == len(ents)
    spec = charts.first_cited_year_chart(table, lang="en").to_dict()
    assert spec["params"][0]["name"] == charts.YEAR_PARAM and spec["encoding"]["x"]["title"] == "first cited"


def test_empty_filter_gives_empty_tables(data):
    ents, men = apply_filters(data, Filters(layers=()))
    assert charts.features_per_document(ents, men, data.documents).empty
    assert charts.partners_per_province(ents, data.entities).empty
    assert charts.first_cited_year(ents, men, data.documents).empty


def test_selected_values_reads_streamlit_events():
    event = {"selection": {"doc": [{"doc_id": "ndrc2015"}, {"doc_id": "central2018"}]}}
    assert charts.selected_values(event, "doc", "doc_id") == ["ndrc2015", "central2018"]
    assert charts.selected_values({"selection": {"doc": []}}, "doc", "doc_id") == []
    assert charts.selected_values({"selection": {}}, "year", "year") == []
    assert charts.selected_values(None, "doc", "doc_id") == []

    class Obj:
        selection = type("S", (), {"province": [{"adcode": "510000"}]})()
    assert charts.selected_values(Obj(), "province", "adcode") == ["510000"]
