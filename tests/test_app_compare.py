"""AppTest tests of compare mode, the timeline and the charts on the map page (mapview/compareview.py).

Expected classes are computed here from the curated mentions.csv files, not with mapview.compare.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
A, B = "ndrc2015", "central2018"


@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False)
              for p in sorted((REPO / "pairings" / "data").rglob("mentions.csv"))]
    return pd.concat(frames, ignore_index=True)


def run_app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch(at: AppTest, **on: bool) -> None:
    """Switch compare / charts / timeline on or off (the sidebar pills ``w_extras``) and rerun."""
    now = set(at.session_state["w_extras"] or [])
    for extra, value in on.items():
        (now.add if value else now.discard)(extra)
    at.session_state["w_extras"] = [x for x in ("compare", "charts", "timeline") if x in now]
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def url_value(at: AppTest, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def classes(mentions, a_docs, b_docs) -> dict[str, set[str]]:
    in_a = set(mentions.loc[mentions["doc_id"].isin(a_docs), "entity_id"])
    in_b = set(mentions.loc[mentions["doc_id"].isin(b_docs), "entity_id"])
    return {"added": in_b - in_a, "dropped": in_a - in_b, "shared": in_a & in_b}


def listed(at: AppTest) -> dict[str, set[str]]:
    """Entity ids per class in the side list (``div.mv-cmp-entry.mv-<status>[data-eid]``)."""
    text = markdown(at)
    out = {s: set() for s in ("added", "dropped", "shared")}
    for status, eid in re.findall(r'class="mv-cmp-entry mv-(added|dropped|shared)" data-eid="([^"]+)"', text):
        out[status].add(eid)
    return out


def test_compare_url_lists_the_three_classes_with_counts_and_quotes(mentions):
    at = run_app({"compare": f"{A},{B}"})
    want = classes(mentions, [A], [B])
    assert listed(at) == want
    text = markdown(at)
    for status, ids in want.items():
        assert f'data-status="{status}">' in text
        assert re.search(rf'data-status="{status}">[^<]*<b>{len(ids)}</b>', text), status
    # every entry quotes the document that has it (B for added/shared, A for dropped)
    for status, eid, doc, quote in re.findall(
            r'mv-cmp-entry mv-(\w+)" data-eid="([^"]+)">.*?data-doc="([^"]+)".*?<blockquote class="mv-quote">(.*?)</blockquote>',
            text):
        assert doc == (A if status == "dropped" else B)
        import html
        quotes = set(mentions.loc[(mentions["entity_id"] == eid) & (mentions["doc_id"] == doc), "quote"])
        assert html.unescape(quote) in quotes, (eid, quote)
    assert url_value(at, "compare") == f"{A},{B}"
    assert "compare" in at.session_state["w_extras"]
    assert "mv-cmp-caption" in text and str(len(want["added"])) in text


def test_sidebar_compare_of_two_groups_and_of_years_goes_into_the_url(mentions):
    at = run_app()
    assert url_value(at, "compare") is None and "mv-cmp-list" not in markdown(at)
    switch(at, compare=True)
    at.multiselect(key="w_cmp_a").set_value(["ndrc2015", "yrd2016"]).run()
    at.multiselect(key="w_cmp_b").set_value(["dongbei2017", "central2018"]).run()
    assert not at.exception
    assert url_value(at, "compare") == "ndrc2015+yrd2016,dongbei2017+central2018"
    assert listed(at) == classes(mentions, ["ndrc2015", "yrd2016"], ["dongbei2017", "central2018"])
    at.radio(key="w_cmp_mode").set_value("years").run()
    at.slider(key="w_cmp_ya").set_value((2015, 2016)).run()
    at.slider(key="w_cmp_yb").set_value((2018, 2019)).run()
    assert url_value(at, "compare") == "2015-2016,2018-2019"
    docs = pd.read_csv(REPO / "pairings" / "data" / "documents.csv", dtype=str)
    year = docs["date"].str[:4].astype(int)
    assert listed(at) == classes(mentions, list(docs.loc[year <= 2016, "doc_id"]), list(docs.loc[year >= 2018, "doc_id"]))
    switch(at, compare=False)
    assert url_value(at, "compare") is None and "mv-cmp-list" not in markdown(at)


def test_the_same_documents_on_both_sides_say_so():
    at = run_app()
    switch(at, compare=True)
    at.multiselect(key="w_cmp_a").set_value([B]).run()
    at.multiselect(key="w_cmp_b").set_value([B]).run()
    assert any("A" in w.value and "B" in w.value for w in at.sidebar.warning)
    assert url_value(at, "compare") is None


def test_an_unusable_compare_link_opens_the_normal_map_with_a_notice():
    at = run_app({"compare": "nosuch,central2018"})
    assert "mv-cmp-list" not in markdown(at)
    assert url_value(at, "compare") is None
    assert any("nosuch" in w.value for w in at.sidebar.warning)


def test_compare_in_english_and_present_mode(mentions):
    at = run_app({"compare": f"{A},{B}", "lang": "en", "present": "1"})
    text = markdown(at)
    want = classes(mentions, [A], [B])
    assert "Comparing" in text and f"added {len(want['added'])} · dropped {len(want['dropped'])}" in text


def test_timeline_lists_each_entity_once_at_its_first_document(mentions):
    at = run_app()
    assert not any("日期" in df.value.columns for df in at.dataframe)  # off by default
    switch(at, timeline=True)
    table = next(df.value for df in at.dataframe if "日期" in df.value.columns)
    docs = pd.read_csv(REPO / "pairings" / "data" / "documents.csv", dtype=str)
    cited = mentions[mentions["doc_id"].isin(set(docs["doc_id"]))]
    assert len(table) == cited["entity_id"].nunique()
    dates = list(table["日期"])
    assert dates == sorted(dates)


@pytest.mark.parametrize("key, param, field, value, expect", [
    ("chart_docs", "doc", "doc_id", "dongbei2017", {"w_doc_dongbei2017": True, "w_doc_ndrc2015": False, "w_extras": ["charts"]}),
    ("chart_partners", "province", "adcode", "510000", {"w_place": "510000", "view": None}),
    ("chart_years", "year", "year", 2017, {"w_years": (2017, 2017)}),
])
def test_chart_clicks_filter(monkeypatch, key, param, field, value, expect):
    """What a bar click runs (the charts' on_select callbacks; the browser test clicks a real bar):
    a document keeps only that document and ends compare mode, a province becomes the place, a
    year the year range."""
    from functools import partial

    from mapview import compareview

    session = {"w_doc_dongbei2017": False, "w_doc_ndrc2015": True, "w_extras": ["compare", "charts"],
               key: {"selection": {param: [{field: value}]}}}
    monkeypatch.setattr(compareview.st, "session_state", session)
    callback = {"chart_docs": compareview._pick_doc, "chart_partners": compareview._pick_province,
                "chart_years": partial(compareview._pick_year, (2015, 2019))}[key]
    callback()
    assert {k: session.get(k) for k in expect} == expect


def test_exports_say_what_is_compared(mentions):
    """Every export starts from mapview.exports.view: in compare mode its title and caption name
    both sides and the counts, and it lists both sides' entities."""
    from mapview.data import load_dataset
    from mapview.exports import view as v
    from mapview.urlstate import ViewState

    data = load_dataset()
    want = classes(mentions, [A], [B])
    for lang, words in (("zh", ("新增", "不再提及", "两者都有")), ("en", ("added", "dropped", "shared"))):
        shown = v.shown(v.view_from_state(data, ViewState(lang=lang, docs=("yrd2016",), compare=f"{A},{B}")))
        assert set(shown.entities["eid"]) == set().union(*want.values())
        title, caption = v.title(shown), v.caption(shown)
        assert "→" in title and ("对比" in title if lang == "zh" else "Comparing" in title)
        for word, status in zip(words, ("added", "dropped", "shared")):
            assert f"{word} {len(want[status])}" in caption, caption
    plain = v.shown(v.view_from_state(data, ViewState(compare="nosuch,central2018")))
    assert "→" not in v.caption(plain)


def test_a_timeline_row_click_selects_its_entity(monkeypatch):
    """The timeline table's on_select callback (what a row click runs) selects that row's entity."""
    from functools import partial

    from mapview import compareview

    session = {"sel": "", "w_timeline": {"selection": {"rows": [1], "columns": []}}}
    monkeypatch.setattr(compareview.st, "session_state", session)
    partial(compareview._pick_timeline, ["zone-a", "pair-b", "basin-c"])()
    assert session["sel"] == "pair-b"
    session["w_timeline"] = {"selection": {"rows": [], "columns": []}}
    partial(compareview._pick_timeline, ["zone-a", "pair-b"])()
    assert session["sel"] == "pair-b"
