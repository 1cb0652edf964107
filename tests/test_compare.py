"""mapview.compare: added / dropped / shared between documents, groups and years; the timeline.

Expected values are computed here straight from the CSVs (csv module), not through mapview.
"""
from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from mapview import compare as cmp
from mapview.data import DATA_DIR, load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _csv(name):
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def cited():
    """doc_id -> set of entity ids, and (entity, doc) -> quote, from mentions.csv."""
    by_doc, quotes = defaultdict(set), {}
    for r in _csv("mentions"):
        by_doc[r["doc_id"]].add(r["entity_id"])
        quotes[(r["entity_id"], r["doc_id"])] = r["quote"]
    return by_doc, quotes


def test_ndrc2015_central2018_counts_match_the_csvs(data, cited):
    by_doc, quotes = cited
    a, b = by_doc["ndrc2015"], by_doc["central2018"]
    result = cmp.compare_docs(data, "ndrc2015", "central2018")
    assert result.counts == {"added": len(b - a), "dropped": len(a - b), "shared": len(a & b)}
    assert set(result.ids("added")) == b - a
    assert set(result.ids("dropped")) == a - b
    assert set(result.ids("shared")) == a & b
    # the figures were 32 / 33 / 17 on the data before the expert review (issue 9): the
    # review dropped basin-lancangjiang-meigonghe (ndrc2015 only) and added the umbrella pairing
    # 东部→西部 扶贫协作 that both documents state
    assert result.counts == {"added": 32, "dropped": 32, "shared": 18}


def test_each_entry_carries_the_quote_of_the_document_that_has_it(data, cited):
    _, quotes = cited
    result = cmp.compare_docs(data, "ndrc2015", "central2018")
    for row in result.table.to_dict("records"):
        assert row["css_class"] == cmp.CSS_CLASS[row["status"]]
        if row["status"] == "dropped":
            assert row["doc_id"] == "ndrc2015" and row["quote"] == quotes[(row["eid"], "ndrc2015")]
            assert row["quote_a"] == row["quote"]
        else:
            assert row["doc_id"] == "central2018" and row["quote"] == quotes[(row["eid"], "central2018")]
        if row["status"] == "shared":
            assert row["quote_a"] == quotes[(row["eid"], "ndrc2015")]
        if row["status"] == "added":
            assert row["quote_a"] == "" and row["doc_id_a"] == ""
    assert list(result.table["status"]) == sorted(result.table["status"], key=cmp.STATUSES.index)
    assert set(cmp.CSS_CLASS.values()) == {"mv-added", "mv-dropped", "mv-shared"}


def test_groups_and_years(data, cited):
    by_doc, _ = cited
    docs = {r["doc_id"]: r["date"][:4] for r in _csv("documents")}
    (a, b), problems = cmp.parse_compare("ndrc2015+dongbei2017,central2018", data.documents)
    assert problems == [] and a.doc_ids == ("ndrc2015", "dongbei2017")  # date order
    assert a.spec == "ndrc2015+dongbei2017"
    result = cmp.compare(data, a, b)
    group = by_doc["ndrc2015"] | by_doc["dongbei2017"]
    assert result.counts["added"] == len(by_doc["central2018"] - group)
    assert result.counts["shared"] == len(by_doc["central2018"] & group)
    # years: 2015-2017 against 2018-2019, from the documents' dates
    (ya, yb), problems = cmp.parse_compare("2015-2017,2018-2019", data.documents)
    assert problems == []
    early = set().union(*(by_doc[d] for d, y in docs.items() if "2015" <= y <= "2017"))
    late = set().union(*(by_doc[d] for d, y in docs.items() if "2018" <= y <= "2019"))
    res = cmp.compare(data, ya, yb)
    assert res.counts == {"added": len(late - early), "dropped": len(early - late), "shared": len(late & early)}
    assert cmp.format_compare(ya, yb) == "2015-2017,2018-2019"
    assert ya.label() == "2015–2017"


def test_parse_compare_reports_what_it_cannot_use(data):
    assert cmp.parse_compare("", data.documents) == (None, [])
    sides, problems = cmp.parse_compare("ndrc2015", data.documents)
    assert sides is None and problems
    sides, problems = cmp.parse_compare("nosuchdoc,central2018", data.documents)
    assert sides is None and any("nosuchdoc" in p for p in problems)
    sides, problems = cmp.parse_compare("ndrc2015+nosuchdoc,central2018", data.documents)
    assert sides is not None and sides[0].doc_ids == ("ndrc2015",) and any("nosuchdoc" in p for p in problems)
    sides, problems = cmp.parse_compare("1990,central2018", data.documents)
    assert sides is None and any("1990" in p for p in problems)
    sides, problems = cmp.parse_compare("ndrc2015,2015", data.documents)
    assert sides is None and any("same" in p for p in problems)


def test_filter_narrows_the_comparison(data, cited):
    by_doc, _ = cited
    zones = data.entities[data.entities["etype"] == "zone"]
    res = cmp.compare_docs(data, "ndrc2015", "central2018", entities=zones)
    zone_ids = {r["zone_id"] for r in _csv("zones")}
    a, b = by_doc["ndrc2015"] & zone_ids, by_doc["central2018"] & zone_ids
    assert res.counts == {"added": len(b - a), "dropped": len(a - b), "shared": len(a & b)}


def test_timeline_first_introductions(data, cited):
    by_doc, _ = cited
    dates = sorted((r["date"], r["doc_id"]) for r in _csv("documents"))
    steps = cmp.timeline(data)
    assert [s.doc_id for s in steps] == [d for _, d in dates]
    for (date, doc), step in zip(dates, steps):
        earlier = set().union(set(), *(by_doc[d] for dt, d in dates if dt < date))
        assert set(step.introduced) == by_doc[doc] - earlier
        assert set(step.cited) == by_doc[doc]
    # every cited entity is introduced by at least one document
    assert set().union(*(s.introduced for s in steps)) == set().union(*by_doc.values())
    table = cmp.timeline_table(data)
    assert len(table) == sum(len(s.introduced) for s in steps)
    assert steps[0].doc_id == "ndrc2015" and set(steps[0].introduced) == by_doc["ndrc2015"]


def test_side_label_uses_titles_not_ids(data):
    side = cmp.side_from_docs(["central2018"], data.documents)
    label = side.label(data.documents, "zh")
    assert "central2018" not in label and "2018" in label
