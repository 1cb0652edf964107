"""Tests of pairings.evaluate: matching candidates to curated entities, scores, the honest runs."""

from __future__ import annotations

import pandas as pd
import pytest

from pairings import evaluate as V
from pairings import extract as X
from pairings.extract import known as xknown, places as xplaces


def tables() -> dict[str, pd.DataFrame]:
    """A tiny curated data set in the schema of DESIGN.md."""
    return {
        "documents": pd.DataFrame([{"doc_id": "d1", "title": "t"}, {"doc_id": "d2", "title": "u"}]),
        "pairings": pd.DataFrame([
            {"pairing_id": "pair-liaoning-jiangsu", "kind": "对口合作", "a_name": "辽宁省", "a_ref": "210000",
             "b_name": "江苏省", "b_ref": "320000", "direction": "mutual", "basin_ref": ""},
            {"pairing_id": "pair-tianfu-xiongan", "kind": "新区合作", "a_name": "天府新区", "a_ref": "plat-tianfu",
             "b_name": "雄安新区", "b_ref": "plat-xiongan", "direction": "mutual", "basin_ref": ""},
            {"pairing_id": "pair-gx-gd-jiuzhoujiang", "kind": "横向生态补偿", "a_name": "广西壮族自治区", "a_ref": "450000",
             "b_name": "广东省", "b_ref": "440000", "direction": "a_to_b", "basin_ref": "basin-jiuzhoujiang"},
            {"pairing_id": "pair-gx-gd-xijiang", "kind": "横向生态补偿", "a_name": "广西壮族自治区", "a_ref": "450000",
             "b_name": "广东省", "b_ref": "440000", "direction": "a_to_b", "basin_ref": "basin-xijiang"},
        ]),
        "zones": pd.DataFrame([{"zone_id": "zone-chuan-dian-qian", "name": "川滇黔结合部", "aliases": "",
                                "kind": "省际交界地区", "member_adcodes": "510000;530000;520000"}]),
        "basins": pd.DataFrame([
            {"basin_id": "basin-jiuzhoujiang", "name": "九洲江", "aliases": "九洲江流域", "kind": "横向生态补偿",
             "member_adcodes": ""},
            {"basin_id": "basin-xijiang", "name": "西江", "aliases": "西江流域", "kind": "横向生态补偿", "member_adcodes": ""},
        ]),
        "platforms": pd.DataFrame([
            {"platform_id": "plat-tianfu", "name": "天府新区", "aliases": "四川天府新区", "host_adcode": "510100"},
            {"platform_id": "plat-xiongan", "name": "雄安新区", "aliases": "", "host_adcode": "130600"},
        ]),
        "mentions": pd.DataFrame([
            {"entity_id": "pair-liaoning-jiangsu", "doc_id": "d1", "clause": "二", "quote": "辽宁省与江苏省"},
            {"entity_id": "pair-tianfu-xiongan", "doc_id": "d1", "clause": "一(三)", "quote": "天府新区与雄安新区"},
            {"entity_id": "zone-chuan-dian-qian", "doc_id": "d1", "clause": "三", "quote": "川滇黔结合部"},
            {"entity_id": "plat-tianfu", "doc_id": "d1", "clause": "一(三)", "quote": "天府新区"},
            {"entity_id": "plat-tianfu", "doc_id": "d2", "clause": "一", "quote": "天府新区"},
            {"entity_id": "plat-xiongan", "doc_id": "d1", "clause": "一(三)", "quote": "雄安新区"},
        ]),
    }


def row(entity_type, name, refs, **extra):
    return {"entity_type": entity_type, "kind": "", "name": name, "refs": refs, "doc": "d1", "clause": "",
            "quote": "", "party_names": extra.pop("party_names", ""), "basin": extra.pop("basin", ""),
            "entity_id": extra.pop("entity_id", ""), **extra}


def test_pairing_matches_by_parties_in_either_order():
    cur = V.Curated.from_tables(tables())
    assert V.match(row("pairing", "江苏省—辽宁省", "320000;210000"), cur) == "pair-liaoning-jiangsu"
    assert V.match(row("pairing", "辽宁省—浙江省", "210000;330000"), cur) is None


def test_pairing_of_areas_matches_by_names_and_ids():
    cur = V.Curated.from_tables(tables())
    cand = row("pairing", "天府新区—雄安新区", "plat-tianfu-xinqu;plat-xiongan-xinqu", party_names="天府新区;雄安新区")
    assert V.match(cand, cur) == "pair-tianfu-xiongan"


def test_same_parties_pair_once_per_river():
    cur = V.Curated.from_tables(tables())
    assert V.match(row("pairing", "x", "450000;440000", basin="西江"), cur) == "pair-gx-gd-xijiang"
    assert V.match(row("pairing", "x", "450000;440000", basin="九洲江"), cur) == "pair-gx-gd-jiuzhoujiang"


def test_areas_match_by_alias_or_members():
    cur = V.Curated.from_tables(tables())
    assert V.match(row("basin", "西江流域", ""), cur) == "basin-xijiang"
    assert V.match(row("platform", "四川天府新区", "510100"), cur) == "plat-tianfu"
    assert V.match(row("zone", "川滇黔", "520000;510000;530000"), cur) == "zone-chuan-dian-qian"
    assert V.match(row("zone", "川南经济区", ""), cur) is None


def test_compare_counts_hits_misses_additions_and_duplicates():
    cur = V.Curated.from_tables(tables())
    cands = pd.DataFrame([
        row("pairing", "辽宁省—江苏省", "210000;320000", clause="二"),
        row("platform", "天府新区", "510100", clause="一(三)"),
        row("platform", "四川天府新区", "510100", clause="一(三)"),  # the same entity again
        row("zone", "川南经济区", ""),  # not curated
    ])
    result = V.Result("test")
    V.compare("d1", cands, cur, result)
    pairing = result.total(etype="pairing")
    assert (pairing.tp, pairing.fp, pairing.fn, pairing.clause_ok) == (1, 0, 1, 1)
    areas = result.total(etype=V.AREAS)
    assert (areas.tp, areas.fp, areas.fn) == (1, 2, 2)
    assert {m[2] for m in result.misses} == {"pair-tianfu-xiongan", "zone-chuan-dian-qian", "plat-xiongan"}
    whys = sorted(a[3] for a in result.additions)
    assert whys == ["duplicate of plat-tianfu", "not curated"]
    assert pairing.recall == 0.5 and areas.precision == pytest.approx(1 / 3)


def test_kind_agreement_is_counted_for_matched_candidates():
    cur = V.Curated.from_tables(tables())
    cands = pd.DataFrame([
        {**row("pairing", "辽宁省—江苏省", "210000;320000"), "kind": "对口合作"},  # the curated kind
        {**row("zone", "川滇黔结合部", "510000;530000;520000"), "kind": "经济区"},  # not the curated kind
        {**row("basin", "西江", ""), "kind": "横向生态补偿"},  # matched but not cited by d1: no count
    ])
    result = V.Result("test")
    V.compare("d1", cands, cur, result)
    assert result.total(etype="pairing").kind_ok == 1
    assert result.total(etype=V.AREAS).tp == 1 and result.total(etype=V.AREAS).kind_ok == 0
    assert V._row("pairing", result.total(etype="pairing")).split()[-1] == "1/1"


def test_provincial_border_area_matches_its_name_without_shengji():
    data = tables()
    data["zones"] = pd.DataFrame([{"zone_id": "zone-chuanyu-pilin", "name": "川渝毗邻地区", "aliases": "川渝交界地区",
                                   "kind": "省际交界地区", "member_adcodes": "500101;511700"}])
    cur = V.Curated.from_tables(data)
    assert V.match(row("zone", "川渝省际交界地区", "510000;500000"), cur) == "zone-chuanyu-pilin"
    assert V.match(row("zone", "湘赣省际交界地区", "430000;360000"), cur) is None


def test_leave_one_out_hides_the_documents_own_entities():
    known = {k.entity_id for k in xknown.known_entities(tables(), xplaces.place_index(), exclude_doc="d1")}
    assert "plat-tianfu" in known  # also cited by d2
    assert "plat-xiongan" not in known and "zone-chuan-dian-qian" not in known
    assert "pair-liaoning-jiangsu" not in known


@pytest.fixture(scope="module")
def real_runs():
    curated = xknown.load_curated()
    texts = V.load_texts(curated)
    main = V.run("main", curated, texts, True)
    patterns = V.run("pairing patterns", curated, texts, {"zone", "basin", "platform"})
    return texts, main, patterns


def test_pairing_targets_on_the_five_documents(real_runs):
    texts, main, patterns = real_runs
    assert set(texts) == {"ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016"}
    for result in (main, patterns):  # curated pairing forms off: the honest figure of the pairing patterns
        score = result.total(etype="pairing")
        assert score.recall >= 0.9, V.report(result, list(texts))
        assert score.precision >= 0.8, V.report(result, list(texts))


def test_named_area_targets_in_the_leave_one_out_run(real_runs):
    texts, main, _ = real_runs
    score = main.total(etype=V.AREAS)
    assert score.recall >= 0.9, V.report(main, list(texts))
    assert score.precision >= 0.8, V.report(main, list(texts))


def test_report_lists_types_documents_misses_and_additions(real_runs, capsys):
    texts, main, _ = real_runs
    lines = V.report(main, list(texts))
    text = "\n".join(lines)
    for label in ("pairing", "zone", "basin", "platform", "named areas"):
        assert f"  {label} " in text
    for doc in texts:
        assert f"  {doc} " in text
    assert " missed (" in text and " added (" in text
    assert set(main.seconds) == set(texts)  # a time per document is reported (the figure itself is the benchmark's)


def test_cli_runs(capsys):
    assert V.main(["--brief"]) == 0
    out = capsys.readouterr().out
    assert "leave-one-out" in out and "curated pairing forms OFF" in out and "patterns only" in out
    assert "targets:" in out


def test_member_agreement_makes_a_wrong_member_list_visible():
    """An area matched by name is also compared on its members (zones, basins) or host (platforms)."""
    cur = V.Curated.from_tables(tables())
    cands = pd.DataFrame([
        row("zone", "川滇黔结合部", "510000;530000"),  # right name, one member missing
        row("platform", "天府新区", "510000", clause="一(三)"),  # right name, host too coarse
        row("platform", "雄安新区", "130600"),  # right host
    ])
    result = V.Result("test")
    V.compare("d1", cands, cur, result)
    areas = result.total(etype=V.AREAS)
    assert areas.tp == 3 and areas.recall == 1.0  # the name targets are unchanged ...
    assert (areas.members_n, areas.members_exact, areas.members_empty) == (3, 1, 0)  # ... members are not
    assert areas.mean_jaccard == pytest.approx((2 / 3 + 0 + 1) / 3)
    assert {(d[2], round(d[3], 2)) for d in result.member_diffs} == {
        ("川滇黔结合部 = zone-chuan-dian-qian", 0.67), ("天府新区 = plat-tianfu", 0.0)}
    text = "\n".join(V.report(result, ["d1"]))
    assert "members 1/3 J 0.56 (empty 0)" in text and "missing 520000" in text


def test_documents_below_target_are_flagged():
    cur = V.Curated.from_tables(tables())
    result = V.Result("test")
    V.compare("d1", pd.DataFrame([row("pairing", "辽宁省—江苏省", "210000;320000")]), cur, result)
    V.compare("d2", pd.DataFrame([row("platform", "天府新区", "510100")]), cur, result)
    assert V.documents_below_target(result, ["d1", "d2"]) == [
        "d1 pairing R 0.50 < 0.9", "d1 named areas R 0.00 < 0.9"]
    lines = V.report(result, ["d1", "d2"], details=False)
    d1 = next(line for line in lines if line.startswith("  d1 "))
    d2 = next(line for line in lines if line.startswith("  d2 "))
    assert "BELOW TARGET: pairings R 0.50 < 0.9; areas R 0.00 < 0.9" in d1 and "BELOW" not in d2


def test_inferred_rows_are_not_scored():
    """A row the text does not state (basis inferred) is neither a miss when no candidate finds it
    nor a hit or an addition when one does; it is counted apart."""
    data = tables()
    data["pairings"]["basis"] = ["text", "inferred", "text", "text"]  # pair-tianfu-xiongan inferred
    data["zones"]["basis"] = ["inferred"]  # zone-chuan-dian-qian
    cur = V.Curated.from_tables(data)
    assert cur.inferred == {"pair-tianfu-xiongan", "zone-chuan-dian-qian"}
    cands = pd.DataFrame([
        row("pairing", "辽宁省—江苏省", "210000;320000"),
        row("zone", "川滇黔结合部", "510000;530000;520000"),  # matches the inferred zone
    ])
    result = V.Result("test")
    V.compare("d1", cands, cur, result)
    pairing, areas = result.total(etype="pairing"), result.total(etype=V.AREAS)
    assert (pairing.tp, pairing.fp, pairing.fn, pairing.inferred) == (1, 0, 0, 0)
    assert (areas.tp, areas.fp, areas.fn, areas.inferred) == (0, 0, 2, 1)  # plat-tianfu, plat-xiongan missed
    assert {m[2] for m in result.misses} == {"plat-tianfu", "plat-xiongan"}
    assert "inferred 1 (not scored)" in V._row("zone", areas)
    # scored anyway, as if the texts stated them: the inferred zone is a hit, the pairing a miss
    cur.inferred = set()
    result = V.Result("test")
    V.compare("d1", cands, cur, result)
    assert result.total(etype="pairing").fn == 1 and result.total(etype=V.AREAS).tp == 1
