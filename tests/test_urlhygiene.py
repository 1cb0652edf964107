"""mapview.urlhygiene: one fallback rule, the shorter kinds notation, old links, shortcuts."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from mapview import urlhygiene as U
from mapview import urlstate
from mapview.data import load_dataset
from pairings.glossary import KINDS

ALL = list(KINDS)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_removing_one_kind_writes_one_kind_not_thirty_four():
    selected = [k for k in ALL if k != "对口合作"]
    value = U.encode_kinds(selected, ALL)
    assert value == "-对口合作"
    inclusion = ",".join(selected)
    assert len(quote(value)) < 40 < 1000 < len(quote(inclusion))
    assert U.decode_kinds(value, ALL) == (tuple(selected), [])


def test_encode_picks_the_shorter_and_round_trips():
    for selected in (["城市群"], ["城市群", "都市圈"], ALL[:20], ALL[5:], [], ALL):
        value = U.encode_kinds(selected, ALL)
        if set(selected) == set(ALL):
            assert value is None
            continue
        if not selected:
            assert value == "" and U.decode_kinds(value, ALL) == ((), [])
            continue
        inclusion = ",".join(k for k in ALL if k in selected)
        exclusion = ",".join("-" + k for k in ALL if k not in selected)
        assert len(quote(value, safe=",-")) == min(len(quote(inclusion, safe=",-")), len(quote(exclusion, safe=",-")))
        decoded, notices = U.decode_kinds(value, ALL)
        assert set(decoded) == set(selected) and notices == []
    assert U.encode_kinds(None, ALL) is None


def test_old_inclusion_links_keep_working(data):
    params = {"kinds": "对口合作,城市群", "docs": "ndrc2015"}
    out, notices = U.normalise_params(params, data.documents["doc_id"], ALL)
    assert out == params and notices == []
    state = urlstate.parse(out, known_docs=list(data.documents["doc_id"]), known_kinds=ALL)
    assert state.kinds == ("对口合作", "城市群") and state.docs == ("ndrc2015",)


@pytest.mark.parametrize("param, bad", [("layers", "foo"), ("kinds", "<b>x</b>"), ("docs", "nosuchdoc")])
def test_only_unknown_values_fall_back_to_all_with_a_notice(data, param, bad):
    out, notices = U.normalise_params({param: bad, "lang": "en"}, data.documents["doc_id"], ALL)
    assert param not in out and out["lang"] == "en"          # absent = the default: all
    assert [(n.param, n.value, n.reason) for n in notices] == [(param, bad, "fallback")]
    state = urlstate.parse(out, known_docs=list(data.documents["doc_id"]), known_kinds=ALL)
    assert state.layers == urlstate.ALL_LAYERS and state.kinds is None and state.docs is None


def test_unknown_items_are_left_out_with_a_notice_each(data):
    out, notices = U.normalise_params({"layers": "zone,foo", "kinds": "城市群,bogus", "docs": "ndrc2015,x"},
                                      data.documents["doc_id"], ALL)
    assert out == {"layers": "zone", "kinds": "城市群", "docs": "ndrc2015"}
    assert sorted((n.param, n.value, n.reason) for n in notices) == [
        ("docs", "x", "unknown"), ("kinds", "bogus", "unknown"), ("layers", "foo", "unknown")]


def test_exclusions_with_unknown_kinds(data):
    kinds, notices = U.decode_kinds("-对口合作,-bogus", ALL)
    assert "对口合作" not in kinds and len(kinds) == len(ALL) - 1
    assert [(n.value, n.reason) for n in notices] == [("bogus", "unknown")]
    kinds, notices = U.decode_kinds("-bogus", ALL)
    assert kinds is None and [(n.value, n.reason) for n in notices] == [("-bogus", "fallback")]
    # a mixed list: the exclusions win
    kinds, _ = U.decode_kinds("城市群,-对口合作", ALL)
    assert set(kinds) == set(ALL) - {"对口合作"}
    out, _ = U.normalise_params({"kinds": "-对口合作"}, data.documents["doc_id"], ALL)
    assert set(out["kinds"].split(",")) == set(ALL) - {"对口合作"}


def test_empty_values_mean_none_not_all(data):
    out, notices = U.normalise_params({"docs": "", "kinds": "", "layers": ""}, data.documents["doc_id"], ALL)
    assert out == {"docs": "", "kinds": "", "layers": ""} and notices == []


def test_compact_params_and_compare(data):
    state = urlstate.ViewState(kinds=tuple(k for k in ALL if k != "城市群"))
    written = urlstate.to_params(state, all_kinds=ALL)
    assert U.compact_params(written, ALL)["kinds"] == "-城市群"
    out, notices = U.normalise_params({"compare": "ndrc2015,central2018"}, data.documents["doc_id"], ALL,
                                      documents=data.documents)
    assert out["compare"] == "ndrc2015,central2018" and notices == []
    out, notices = U.normalise_params({"compare": "ndrc2015,<i>x</i>"}, data.documents["doc_id"], ALL,
                                      documents=data.documents)
    assert "compare" not in out and notices and notices[0].reason == "compare"


def test_notices_speak_both_languages_and_are_inert():
    n = U.Notice("kinds", "<b>x</b>*", "fallback")
    zh, en = n.text("zh"), n.text("en")
    assert "类型" in zh and not any(c.isascii() and c.isalpha() for c in zh.replace("<b>x</b>", ""))
    assert en.startswith("The link's kinds")
    md = n.markdown("en")
    from pairings.safety import inert_markdown

    assert inert_markdown("<b>x</b>*") in md and "<b>" not in md


def test_shortcuts():
    base = {"docs": "a,b", "compare": "a,b", "kinds": "-x", "lang": "en"}
    assert U.shortcut(base, "only_doc", "ndrc2015") == {"docs": "ndrc2015", "kinds": "-x", "lang": "en"}
    assert U.shortcut(base, "all_docs") == {"kinds": "-x", "lang": "en"}
    assert U.shortcut(base, "no_docs")["docs"] == ""
    assert "kinds" not in U.shortcut(base, "all_kinds")
    assert U.shortcut(base, "no_kinds")["kinds"] == ""
    assert U.shortcut(base, "only_layer", "zone")["layers"] == "zone"
    assert base == {"docs": "a,b", "compare": "a,b", "kinds": "-x", "lang": "en"}
    with pytest.raises(ValueError):
        U.shortcut(base, "explode")
