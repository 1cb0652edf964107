"""Issue 13 (find by name, clicks that land, both languages): the pure core ``mapview.find`` and
the page through Streamlit's AppTest (headless; the map component is not executed)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mapview import find
from mapview.data import load_dataset
from mapview.features import default_lookup
from mapview.i18n import display_name, document_labels
from mapview.select import Filters, apply_filters

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


@pytest.fixture(scope="module")
def data():
    return load_dataset(str(REPO / "pairings" / "data"))


@pytest.fixture(scope="module")
def geo():
    return default_lookup()


def run_app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ------------------------------------------------------------------ the pure core

def test_find_choices_offer_places_and_entities(data):
    choices = find.find_choices("前海", data.entities, "zh")
    values = list(choices)
    assert values[0] == ""
    qianhai = data.entities[data.entities["name"].str.contains("前海")]["eid"]
    assert find.ENTITY_PREFIX + qianhai.iloc[0] == values[1]
    assert find.entity_of(values[1]) == qianhai.iloc[0]
    # a place stays a bare adcode: the place filter
    sichuan = find.find_choices("四川", data.entities, "zh")
    assert "510000" in sichuan and find.entity_of("510000") is None
    # pinyin initials and English
    assert any(find.entity_of(v) == "zone-changsanjiao" for v in find.find_choices("csj", data.entities, "zh"))
    en = find.find_choices("Qianhai", data.entities, "en")
    assert list(en)[1] == find.ENTITY_PREFIX + qianhai.iloc[0] and not re.search(r"[\u3400-\u9fff]", en[list(en)[1]])
    # the current place is kept among the options
    assert "510000" in find.find_choices("前海", data.entities, "zh", current="510000")


def test_frame_of_fits_the_bounds():
    from mapview import labels

    bounds = ((27.0, 114.9), (35.1, 122.9))
    lat, lng, zoom = find.frame_of(bounds, 720, 640)
    assert 27 < lat < 35.1 and 114.9 < lng < 122.9
    assert zoom == min(labels.fit_zoom(bounds, 720, 640, padding_px=12), find.MAX_FRAME_ZOOM)
    assert find.frame_of(None) is None
    assert find.frame_of(((22.5, 113.9), (22.5, 113.9)))[2] == find.MAX_FRAME_ZOOM  # a point: capped


def test_under_point_lists_province_city_then_small_areas_first(data, geo):
    shown, _ = apply_filters(data, Filters())
    under = find.under_point(31.0, 100.5, geo, shown)  # 甘孜, 四川
    assert under[0] == ("place", "510000")
    assert under[1].kind == "place" and under[1].id.startswith("51") and under[1].id != "510000"
    feats = [u.id for u in under[2:]]
    assert len(feats) >= 3 and len(set(feats)) == len(feats)
    # every listed area has a member holding the point's city
    from mapview.data import entity_units

    units = entity_units(data.entities)
    city = under[1].id
    for eid in feats:
        assert any(m[:2] == "51" and (m.endswith("0000") or m[:4] == city[:4]) for m in units[eid]), eid
    # small first: the national-scale areas come after the provincial ones
    from mapview.search import Hit, hit_bounds

    def area(eid):
        (s, w), (n, e) = hit_bounds(Hit("zone", eid, ""), data.entities, pad_deg=0)
        return (e - w) * (n - s)

    areas = [area(e) for e in feats]
    assert areas == sorted(areas)
    # a filter that hides the zones and basins leaves only the places
    none_shown = shown.iloc[0:0]
    assert [u.kind for u in find.under_point(31.0, 100.5, geo, none_shown)] == ["place", "place"]
    # the sea: nothing
    assert find.under_point(15.0, 125.0, geo, shown) == []


# ------------------------------------------------------------------ the page (AppTest)

def test_searching_an_entity_selects_and_frames_it():
    at = run_app()
    at.text_input(key="w_place_q").input("前海").run()
    sb = at.selectbox(key="w_place")
    assert any("前海" in label for label in sb.options)  # AppTest lists the option labels
    choices = [o for o in _raw_options(at) if find.entity_of(o)]
    assert choices, "the pick list offers no entity for 前海"
    sb.set_value(choices[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    eid = find.entity_of(choices[0])
    assert at.session_state["sel"] == eid
    assert at.session_state["w_place"] == ""          # the place filter is not an entity
    lat, lng, zoom = at.session_state["view"]
    assert 22 < lat < 23 and 113 < lng < 115 and zoom >= 8
    assert at.query_params.get("sel") == eid
    assert any(f'data-eid="{eid}"' in m.value for m in at.markdown)


def _raw_options(at: AppTest) -> list[str]:
    """The pick list's values (AppTest shows the labels; the values come from the same function)."""
    from mapview.sidebar import find_options

    return list(find_options(at.text_input(key="w_place_q").value, "zh", at.session_state["w_place"] or ""))


def test_searching_a_place_sets_the_place_filter():
    at = run_app()
    at.text_input(key="w_place_q").input("四川").run()
    at.selectbox(key="w_place").set_value("510000").run()
    assert not at.exception
    assert at.query_params.get("place") == "510000"
    assert at.session_state["sel"] == ""


def test_english_page_uses_english_names_and_document_titles(data):
    at = run_app({"lang": "en", "sel": "zone-changsanjiao"})
    rec = data.entities[data.entities["eid"] == "zone-changsanjiao"].iloc[0]
    assert rec["name_en"]
    title = next(m.value for m in at.markdown if 'class="mv-panel"' in m.value)
    assert f">{rec['name_en']}</h3>" in title
    # the sidebar's documents by their English titles
    labels = {c.key: c.label for c in at.checkbox if c.key.startswith("w_doc_")}
    for doc in data.documents.itertuples(index=False):
        if doc.title_en:
            assert labels[f"w_doc_{doc.doc_id}"].replace("\\", "") == doc.title_en
    # the shown table: English names and document short titles, never ids
    table = next(df.value for df in at.dataframe if "n_docs" in df.value.columns)
    doc_ids = set(data.documents["doc_id"])
    assert not any(part in doc_ids for cell in table["documents"] for part in re.split(r";\s*", cell))
    en_labels = set(document_labels(data.documents, "en").values())
    assert all(part in en_labels for cell in table["documents"] for part in cell.split("; ") if part)
    pair = data.entities[data.entities["etype"] == "pairing"].iloc[0]
    if pair["eid"] in set(table["eid"]):
        shown_name = table.loc[table["eid"] == pair["eid"], "name"].iloc[0]
        assert shown_name == display_name(pair, "en") and not re.search(r"[\u3400-\u9fff]", shown_name)


def test_chinese_page_placeholders_are_chinese():
    at = run_app()
    for ms in at.multiselect:
        assert ms.placeholder and re.search(r"[\u3400-\u9fff]", ms.placeholder), (ms.key, ms.placeholder)
