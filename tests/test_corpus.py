"""The development corpus (tests/corpus/) and ``python -m pairings evaluate --corpus``: the corpus is
well-formed and covers every family, the extractor meets the issue's targets on it, and a broken
passage file gets a message naming the file and the field."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pairings import corpus as C
from pairings import evaluate as V


@pytest.fixture(scope="module")
def passages():
    return C.load_corpus()


@pytest.fixture(scope="module")
def tallies():
    return C.run_corpus()


def test_corpus_has_forty_passages_and_several_per_family(passages):
    assert len(passages) >= 40
    families = Counter(p.family for p in passages)
    assert set(families) == set(C.FAMILIES)
    assert all(n >= 3 for n in families.values()), families
    assert sum(p.expect_nothing for p in passages) >= 5
    assert all(p.source and p.text.strip() for p in passages)
    # a few in traditional characters, and each notation of the pair lists
    assert sum(any(ch in p.text for ch in "區與協東關") for p in passages) >= 2
    texts = "\n".join(p.text for p in passages if p.family == "pair-lists")
    for notation in ("—", "：", "\t", " ", "与", "对口协作"):
        assert notation in texts, notation


def test_every_expected_place_resolved_to_a_unit(passages):
    import geo

    gaz = geo.gazetteer()
    for p in passages:
        for pair in p.pairings:
            assert gaz.get(pair["a"]) and gaz.get(pair["b"]), p.id
        for area in p.areas:
            assert all(gaz.get(c) for c in area["members"]), p.id


def test_the_extractor_meets_every_target_on_the_corpus(tallies):
    total = tallies["all"]
    figures = total.figures()
    assert C.unmet(total) == [], C.report(tallies)
    assert figures["pairing F1"] >= 0.95 and figures["direction"] >= 0.95 and figures["kind"] >= 0.9
    assert figures["members R"] >= 0.95 and figures["members P"] >= 0.9 and figures["platforms"] >= 0.8
    assert tallies["negative"].false == 0
    for family in C.FAMILIES:  # no family is carried by the others
        f = tallies[family].figures()
        if f["pairing F1"] is not None:
            assert f["pairing F1"] >= 0.9, family


def test_report_prints_a_line_per_family_and_the_targets(tallies):
    lines = C.report(tallies)
    text = "\n".join(lines)
    for family in (*C.FAMILIES, "all"):
        assert any(line.startswith(family) for line in lines), family
    assert "targets:" in text and "pairing F1 >= 0.95" in text


def test_cli_prints_the_table(capsys):
    assert V.main(["--corpus", "--brief", "--check"]) == 0
    out = capsys.readouterr().out
    assert "pair-lists" in out and "negative" in out and "met" in out


def test_a_passage_that_misses_a_pairing_is_scored_as_a_miss(tmp_path):
    (tmp_path / "p.txt").write_text("东西部协作结对关系为：北京市—内蒙古自治区；天津市—甘肃省。\n", encoding="utf-8")
    (tmp_path / "p.json").write_text(json.dumps({
        "family": "pair-lists", "source": "test",
        "pairings": [{"a": "北京市", "b": "内蒙古自治区", "kind": "东西部协作"},
                     {"a": "上海市", "b": "云南省", "kind": "东西部协作"}]}, ensure_ascii=False), encoding="utf-8")
    total = C.run_corpus(tmp_path)["all"]
    assert (total.pair_tp, total.pair_fn, total.pair_fp) == (1, 1, 1)  # 天津—甘肃 is not in the file
    assert any("missed pairing 上海市—云南省" in p for p in total.problems)
    assert any("additional pairing 天津市—甘肃省" in p for p in total.problems)


@pytest.mark.parametrize("meta, message", [
    ({"family": "nonsense", "source": "x"}, "needs a family"),
    ({"family": "scopes", "source": "x", "areas": [{"name": "某城市群", "members": ["江北区"]}]},
     "'江北区' must name exactly one unit"),
    ({"family": "platforms", "source": "x", "platforms": [{"name": "某园"}]}, "either a host"),
    ({"family": "negative", "source": "x", "expect_nothing": True,
      "pairings": [{"a": "北京市", "b": "天津市", "kind": "城市合作"}]}, "contradict"),
])
def test_a_broken_passage_file_is_named_with_what_to_fix(tmp_path, meta, message):
    (tmp_path / "bad.txt").write_text("文本。", encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(C.CorpusError) as err:
        C.load_corpus(tmp_path)
    assert "bad.json" in str(err.value) and message in str(err.value)


def test_a_passage_without_its_text_is_named(tmp_path):
    (tmp_path / "lone.json").write_text(json.dumps({"family": "scopes", "source": "x"}), encoding="utf-8")
    with pytest.raises(C.CorpusError, match="lone.txt is missing"):
        C.load_corpus(tmp_path)
