"""Unit tests of mapview: filters, geometry joins, rendering (offline assets, escaping), URL state,
evidence and candidates. Real data (pairings/data, geo/data) unless a test builds its own."""
from __future__ import annotations

import io
import json
import math
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from mapview import candidates, features, render, urlstate, vendor
from mapview.compose import compose
from mapview.data import Dataset, entity_units, load_dataset, split_list
from mapview.evidence import citation_html, citations, highlight
from pairings.glossary import ENTITY_TYPE_LABELS
from mapview.select import Filters, apply_filters, contains, counts, involves, involving

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def geo_lookup() -> features.GeoLookup:
    return features.default_lookup()


# ----------------------------------------------------------------------------- data + filters


def test_split_list_accepts_fullwidth_semicolons_and_blanks():
    assert split_list("110000; 120000；；130000") == ("110000", "120000", "130000")
    assert split_list(float("nan")) == ()


def test_dataset_has_all_five_documents_and_every_entity_type(data):
    assert set(data.documents["doc_id"]) >= {"ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016"}
    assert {"pairing", "basin", "platform"} <= set(data.entities["etype"])
    assert data.entities["eid"].is_unique
    assert set(data.mentions["entity_id"]) <= set(data.entities["eid"])


def test_adcode_containment():
    assert contains("510000", "510100") and contains("510100", "510104") and contains("510104", "510104")
    assert not contains("510100", "510000") and not contains("510000", "500000")
    assert involves("pairing", ("510000", "500000"), "510000")
    assert not involves("pairing", ("510000",), "510100")  # a province's pairing is not its capital's
    assert involves("zone", ("510000",), "510100")  # but an area covering the province covers the city


def test_document_filter_narrows_and_counts_documents(data):
    all_ents, all_men = apply_filters(data, Filters())
    one, one_men = apply_filters(data, Filters(docs=("dongbei2017",)))
    assert 0 < len(one) < len(all_ents)
    assert set(one_men["doc_id"]) == {"dongbei2017"}
    assert (one["n_docs"] == 1).all()
    assert "pair-liaoning-jiangsu" in set(one["eid"])
    # n_docs counts distinct citing documents among the selected ones
    multi = all_ents[all_ents["n_docs"] > 1]
    for rec in multi.itertuples():
        assert rec.n_docs == all_men[all_men["entity_id"] == rec.eid]["doc_id"].nunique()


def test_year_layer_kind_and_place_filters(data):
    early, early_men = apply_filters(data, Filters(years=(2015, 2016)))
    late, _ = apply_filters(data, Filters(years=(2019, 2019)))
    assert len(early) > 0 and len(late) > 0
    assert set(early_men["doc_id"]) <= {"ndrc2015", "yrd2016"}
    only_2019 = set(late["eid"]) - set(apply_filters(data, Filters(docs=("ndrc2015", "yrd2016")))[0]["eid"])
    assert only_2019 and only_2019.isdisjoint(early["eid"])
    only_pairs, _ = apply_filters(data, Filters(layers=("pairing",)))
    assert set(only_pairs["etype"]) == {"pairing"}
    kinds, _ = apply_filters(data, Filters(kinds=("对口合作",)))
    assert set(kinds["kind"]) == {"对口合作"}
    sichuan, _ = apply_filters(data, Filters(place="510000"))
    units = entity_units(data.entities)
    assert len(sichuan) > 0
    assert all(involves(r.etype, units[r.eid], "510000") for r in sichuan.itertuples())
    assert "pair-liaoning-jiangsu" not in set(sichuan["eid"])


def test_counts_and_involving(data):
    ents, men = apply_filters(data, Filters())
    table = counts(ents, men)
    assert table.loc["pairing", "total"] == (ents["etype"] == "pairing").sum()
    assert "pair-liaoning-jiangsu" in set(involving(data, "210000")["eid"])


# ----------------------------------------------------------------------------- geometry joins


def test_bezier_and_arrowhead():
    pts = features.bezier((100.0, 30.0), (120.0, 30.0), 0.2)
    assert pts[0] == (100.0, 30.0) and pts[-1] == (120.0, 30.0)
    assert max(y for _, y in pts) > 30.5  # bends to the left of eastward travel (north)
    tri = features.arrowhead(pts)
    assert tri.is_valid and tri.area > 0
    assert 100 < tri.centroid.x < 120


def test_layers_from_real_data(data, geo_lookup):
    ents, _ = apply_filters(data, Filters())
    arcs = features.arc_layer(ents[ents["etype"] == "pairing"], data.entities, geo_lookup)
    n_pairs = (ents["etype"] == "pairing").sum()
    assert (arcs["part"] == "arc").sum() == n_pairs
    directed = ents[(ents["etype"] == "pairing") & (ents["direction"] == "a_to_b")]
    assert (arcs["part"] == "arrow").sum() == len(directed)
    # an arc starts at party a and ends at party b
    rec = ents[ents["eid"] == "pair-liaoning-jiangsu"].iloc[0]
    line = arcs[(arcs["eid"] == rec["eid"]) & (arcs["part"] == "arc")].geometry.iloc[0]
    assert line.coords[0] == pytest.approx(geo_lookup.point("210000"))
    assert line.coords[-1] == pytest.approx(geo_lookup.point("320000"))
    basins = ents[ents["etype"] == "basin"]
    areas, members = features.area_layer(basins, geo_lookup)
    assert len(areas) == len(basins)
    zones, _ = features.area_layer(ents[ents["etype"] == "zone"], geo_lookup)
    points = features.platform_layer(ents[ents["etype"] == "platform"], geo_lookup)
    assert features.unplaced(ents, arcs, areas, zones, points).empty


def test_platform_abroad_is_placed_abroad(data, geo_lookup):
    plats = data.entities[(data.entities["etype"] == "platform") & (data.entities["country"] != "")]
    assert len(plats) > 0
    pts = features.platform_layer(plats.assign(n_docs=1), geo_lookup)
    china = geo_lookup.units[geo_lookup.units["level"] == "province"].union_all()
    for p in pts.geometry:
        assert not china.contains(p)


def test_area_layer_dissolves_members():
    units = gpd.GeoDataFrame({"adcode": ["110000", "120000"], "name": ["a", "b"], "lon": [0.5, 1.5],
                              "lat": [0.5, 0.5], "level": ["province"] * 2},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    lookup = features.GeoLookup(units, gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326"))
    ents = pd.DataFrame([{"eid": "zone-x", "etype": "zone", "kind": "城市群", "name": "x",
                          "members": ("110000", "120000", "999999"), "n_docs": 2}])
    areas, members = features.area_layer(ents, lookup)
    assert len(areas) == 1 and areas.geometry.iloc[0].area == pytest.approx(2.0)
    assert list(members["adcode"]) == ["110000", "120000"]


# ----------------------------------------------------------------------------- rendering


def test_tooltip_and_feature_json_escape_hostile_text():
    tip = render.tooltip(HOSTILE, HOSTILE)
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    coll = render.collection([render.feature(Point(1, 2), "x", {}, tip, name="</script><script>alert(1)</script>")])
    assert "</script>" not in coll
    assert json.loads(coll)["features"][0]["properties"]["name"] == "</script><script>alert(1)</script>"
    icon = render.platform_icon("合作园区", '"><img src=x onerror=alert(1)>')
    assert "<img" not in icon


def test_legend_escapes_labels():
    out = render.legend_html([("g", HOSTILE, "#000")], "t")
    assert "<img" not in out and "&lt;img" in out


def test_legend_folds_and_sits_top_right():
    """The legend is a <details> (folds to its title) placed top right, away from western China."""
    out = render.legend_html([("结对关系", "对口合作", "#000"), ("合作区域", "城市群", "#111")], "图例")
    assert out.startswith('<details class="mv-legend-box"><summary><b>图例</b></summary>') and out.endswith("</details>")
    assert out.count('class="mv-legend-group"') == 2
    js = (vendor.ASSETS_DIR / "map.js").read_text(encoding="utf-8")
    legend_js = js[js.index("window.mvLegend = "):js.index("/* ----", js.index("window.mvLegend = "))]
    assert "mvLegend" in render.LEGEND_JS
    assert "position: 'topright'" in legend_js and "bottomleft" not in legend_js


def _urls(m) -> list[str]:
    html = m.get_root().render()
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_base_map_uses_only_local_front_end_files():
    vendor.ensure_vendor()
    m = render.base_map("zh")
    group = render.layer_group("platforms", [], clustered=True)
    group.add_to(m)
    urls = _urls(m) + _urls(render.shell_map())
    assert urls, "the map page links its scripts and styles"
    assert all(u.startswith(vendor.ASSETS_URL) for u in urls), urls
    for u in urls:
        local = vendor.ASSETS_DIR / u.split("?")[0][len(vendor.ASSETS_URL) + 1:]
        assert local.is_file(), f"{u} is not served from assets/"
    js = m.get_root().render()
    assert "cdn.jsdelivr" not in js and "cdnjs" not in js and "code.jquery" not in js


def test_base_map_has_provinces_maritime_line_and_inset():
    layers = render.base_layers_json("zh")
    provinces = json.loads(layers["provinces"])["features"]
    assert len(provinces) == 34
    names = {f["properties"]["id"] for f in provinces}
    assert {"710000", "810000", "820000", "460000"} <= names  # 台湾、香港、澳门、海南
    assert json.loads(layers["maritime"])["features"], "the South China Sea line is drawn"
    assert layers["inset"].startswith("<svg") and "<path" in layers["inset"]
    total = sum(len(v) for v in layers.values())
    assert total < 900_000, f"base layers are {total} bytes"


def test_tiles_are_off_by_default_and_optional():
    html_default = render.base_map("zh").get_root().render()
    assert "L.tileLayer" not in html_default
    assert "L.tileLayer" in render.base_map("zh", "osm").get_root().render()


def test_vendor_install_copies_files(tmp_path):
    written = vendor.install_vendor(tmp_path)
    assert (tmp_path / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (tmp_path / "markercluster" / "leaflet.markercluster.js").is_file()
    assert len(written) == 6


def test_compose_default_and_narrowed(data, geo_lookup):
    full = compose(data, geo_lookup, Filters(), "zh")
    narrow = compose(data, geo_lookup, Filters(docs=("dongbei2017",)), "en")
    assert sum(full.n_features.values()) > sum(narrow.n_features.values()) > 0
    arcs = json.loads(full.layers["pairings"])["features"]
    assert any("mv-id-pair-liaoning-jiangsu" in f["properties"]["s"]["className"] for f in arcs)
    payload = sum(len(v) for v in full.layers.values()) + sum(len(v) for v in render.base_layers_json("zh").values())
    assert payload < 1_500_000, payload
    platforms = ENTITY_TYPE_LABELS["platform"][0]
    assert full.legend and all(len(item) == (4 if item[0] == platforms else 3) for item in full.legend)


# ----------------------------------------------------------------------------- URL state


def test_url_state_round_trip():
    s = urlstate.ViewState(lang="en", docs=("ndrc2015",), layers=("pairing", "zone"), kinds=("对口合作",),
                           years=(2015, 2017), place="510000", sel="pair-chuan-yu", view=(30.5, 104.1, 6.0),
                           tiles="osm", present=True)
    params = urlstate.to_params(s)
    assert urlstate.parse(params) == s
    assert urlstate.to_params(urlstate.ViewState()) == {}


def test_url_state_drops_unknown_and_malformed_values():
    s = urlstate.parse({"docs": "ndrc2015,nope", "layers": "pairing,bogus", "years": "20x5-2019",
                        "sel": "<script>", "view": "999,1,4", "place": "51"}, known_docs=["ndrc2015"])
    assert s.docs == ("ndrc2015",) and s.layers == ("pairing",) and s.years is None
    assert s.sel == "" and s.view is None and s.place == ""


def test_url_state_from_stale_or_odd_links_falls_back_to_something_shown():
    """A link that can only fail (unknown documents, years outside the data, a place that does not
    exist) opens a sensible view instead of an empty map or a widget error."""
    known = {"510000", "110000"}.__contains__
    parse = lambda p: urlstate.parse(p, known_docs=["ndrc2015", "dongbei2017"], year_bounds=(2015, 2019),  # noqa: E731
                                     known_place=known)
    assert parse({"docs": "nonexistent"}).docs is None                     # all documents, not none
    assert parse({"docs": ""}).docs == ()                                  # "none ticked" is kept
    assert parse({"years": "1900-1901"}).years is None                     # wholly outside: dropped
    assert parse({"years": "2017-2030"}).years == (2017, 2019)             # clamped to the data
    assert parse({"place": "999999", "sel": "place:999999"}) == urlstate.ViewState()
    assert parse({"place": "510000", "sel": "place:110000"}).sel == "place:110000"


# ----------------------------------------------------------------------------- evidence


def test_citations_and_clause_highlight(data):
    cites = citations("pair-liaoning-jiangsu", data)
    assert list(cites["doc_id"]) == ["dongbei2017"]
    assert "辽宁省与江苏省" in cites["quote"].iloc[0]
    marked = highlight("前文<b>辽宁省与江苏省</b>后文", "辽宁省与江苏省")
    assert '<mark class="mv-quote-in-text">辽宁省与江苏省</mark>' in marked and "&lt;b&gt;" in marked
    row = pd.Series({"doc_id": "d", "title": HOSTILE, "issuer": "i", "date": "2020", "clause": "一", "quote": HOSTILE})
    out = citation_html(row, "条款")
    assert "<img" not in out and out.count("&lt;img") == 2


# ----------------------------------------------------------------------------- candidates


def test_candidate_entities_shapes_rows():
    cands = pd.DataFrame([
        {"entity_type": "pairing", "kind": "对口合作", "name": "a—b", "refs": "210000;320000", "direction": "mutual"},
        {"entity_type": "zone", "kind": "城市群", "name": "z", "refs": "510100;500000"},
        {"entity_type": "platform", "kind": "合作园区", "name": "p", "refs": "440300"},
        {"entity_type": "pairing", "kind": "对口合作", "name": "bad", "refs": "210000"},
    ])
    ents = candidates.candidate_entities(cands)
    assert list(ents["etype"]) == ["pairing", "zone", "platform", "pairing"]  # none dropped
    assert (ents.iloc[3]["a_ref"], ents.iloc[3]["b_ref"]) == ("210000", "")  # one party: listed as not placed
    assert ents.iloc[0]["a_ref"] == "210000" and ents.iloc[1]["members"] == ("510100", "500000")
    assert ents.iloc[2]["host_adcode"] == "440300" and all(e.startswith("cand-") for e in ents["eid"])


import io  # noqa: E402  (what the write tests below need)
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

from pairings import store  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
NEW_PAIR = "黑龙江省伊春市与广东省汕头市开展对口合作。"
NEW_DOC = {"title": "黑龙江省伊春市与广东省汕头市对口合作实施方案", "issuer": "黑龙江省人民政府", "date": "2024-05-01"}


def _data_copy(tmp_path: Path, name: str = "repo") -> Path:
    """pairings/data and pairings/texts copied as laid out in the repository; returns the data folder."""
    root = tmp_path / name / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    return root / "data"


def _check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pairings", "check", "--data-dir", str(data_dir)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def _accepted(doc_id: str = "yichun2024", text: str = NEW_PAIR):
    from pairings.extract import extract_text
    from pairings.ingest import clean

    cleaned = clean(text, NEW_DOC["title"]).text
    cands = extract_text(cleaned, doc_id, title=NEW_DOC["title"])
    rows = candidates.accepted_rows(cands, {doc_id: {"doc_id": doc_id, **NEW_DOC}})
    return rows, {doc_id: cleaned}


def test_accepted_rows_appended_through_the_store_end_to_end_on_a_copy_of_the_data(tmp_path):
    """The real checker, on a faithful copy (texts included): the text is saved, the rows appended,
    and `python -m pairings check` passes on the folder with the new pairing in it."""
    data_dir = _data_copy(tmp_path)
    before = {p.name: p.read_bytes() for p in data_dir.glob("*.csv")}
    rows, texts = _accepted()
    assert list(rows["pairings"][["a_ref", "b_ref"]].itertuples(index=False, name=None)) == [("230700", "440500")]
    assert store.append_rows(data_dir, rows, texts=texts).ok
    checked = _check(data_dir)
    assert checked.returncode == 0 and "0 errors, 0 warnings" in checked.stdout, checked.stdout
    assert (data_dir.parent / "texts" / "yichun2024.txt").read_text(encoding="utf-8") == NEW_PAIR + "\n"
    for name, data in before.items():  # existing bytes kept, rows added after them
        now = (data_dir / name).read_bytes()
        assert now.startswith(data)
        assert (now == data) == (name in ("zones.csv", "basins.csv", "platforms.csv"))
    assert "pair-yichun-shantou,对口合作,伊春市,230700,汕头市,440500,mutual" in (data_dir / "pairings.csv").read_text("utf-8")
    assert not [p for p in data_dir.iterdir() if p.suffix == ".tmp"]
    # the same rows again: the document id is taken, so the checker refuses and nothing changes
    snapshot = {p.name: p.read_bytes() for p in data_dir.glob("*.csv")}
    refused = store.append_rows(data_dir, rows, texts=texts).problems
    assert refused and any("yichun2024" in p.line() for p in refused)
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.csv")} == snapshot


def test_downloaded_zip_is_valid_rows_and_text(tmp_path):
    """The ZIP holds the rows and the text file: appended to a copy of the data and saved where
    documents.csv says, they pass the checker."""
    rows, texts = _accepted()
    archive = zipfile.ZipFile(io.BytesIO(candidates.curated_zip(rows, texts)))
    names = set(archive.namelist())
    assert {"README.txt", "documents.csv", "pairings.csv", "mentions.csv", "texts/yichun2024.txt"} <= names
    data_dir = _data_copy(tmp_path)
    tables = {Path(n).stem: pd.read_csv(archive.open(n), dtype=str, keep_default_na=False)
              for n in names if n.endswith(".csv")}
    text_file = tables["documents"].iloc[0]["text_file"]
    assert text_file == "pairings/texts/yichun2024.txt"
    text = archive.read("texts/yichun2024.txt").decode("utf-8")
    assert store.append_rows(data_dir, tables, texts={"yichun2024": text}).ok
    checked = _check(data_dir)
    assert checked.returncode == 0 and "0 errors, 0 warnings" in checked.stdout, checked.stdout


def test_the_store_writes_nothing_when_the_checker_finds_a_new_problem(tmp_path):
    data_dir = _data_copy(tmp_path)
    before = {p.name: p.read_bytes() for p in data_dir.glob("*.csv")}
    rows, texts = _accepted()
    rows["mentions"].loc[0, "quote"] = "这句话不在文中。"  # a quote the text does not contain
    problems = store.append_rows(data_dir, rows, texts=texts).problems
    assert any(p.file == "mentions.csv" and "quote not found" in p.message for p in problems), problems
    assert any(p.file == "pairings.csv" and "has no mention" in p.message for p in problems), problems
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.csv")} == before
    assert not (data_dir.parent / "texts" / "yichun2024.txt").exists()


def test_the_store_refuses_when_the_data_changed_since_the_extraction(tmp_path):
    """Someone edits a CSV after the candidates were extracted: nothing is written (their edit is kept)."""
    data_dir = _data_copy(tmp_path)
    rows, texts = _accepted()
    token = store.data_fingerprint(data_dir)  # what the upload panel keeps at extraction
    (data_dir / "zones.csv").write_bytes((data_dir / "zones.csv").read_bytes() + b"\n")
    edited = (data_dir / "zones.csv").read_bytes()
    result = store.append_rows(data_dir, rows, texts=texts, base_token=token)
    assert result.conflict and not result.ok
    assert "yichun" not in (data_dir / "pairings.csv").read_text("utf-8")
    assert (data_dir / "zones.csv").read_bytes() == edited


def test_mapview_writes_no_data_file():
    """Writing the data is pairings.store's: mapview has no writer of its own."""
    import mapview.candidates as c

    assert not hasattr(c, "write_into_csvs") and not hasattr(c, "append_rows")
    for path in (REPO / "mapview").rglob("*.py"):
        if path.name in ("static.py", "vendor.py"):  # the generated static folder, the vendored scripts
            continue
        text = path.read_text(encoding="utf-8")
        assert "os.replace" not in text and "write_csv(" not in text, path


def test_data_with_template_syntax_is_never_evaluated():
    m = render.base_map("zh")
    name = "{{ 7*7 }}{% if true %}X{% endif %}"
    group = render.layer_group("zones", [render.feature(Point(100, 30), "x", {}, render.tooltip(name), name=name)])
    group.add_to(m)
    page = m.get_root().render()
    assert "\\u007b{ 7*7 }}" in page and ">49<" not in page
    fg = __import__("streamlit_folium")._get_feature_group_string(group, m, 0)
    assert "\\u007b{ 7*7 }}" in fg


def test_drop_slivers_keeps_real_holes():
    outer = box(0, 0, 10, 10)
    geom = outer.difference(box(1, 1, 1.05, 1.05)).difference(box(4, 4, 6, 6))
    cleaned = features.drop_slivers(geom)
    assert len(cleaned.interiors) == 1 and cleaned.area == pytest.approx(100 - 4)


def test_place_outlines_make_a_province_s_cities_clickable(geo_lookup):
    from mapview.compose import place_outlines

    cities = json.loads(place_outlines(geo_lookup, "510000"))["features"]
    codes = {f["properties"]["adcode"] for f in cities}
    assert "510100" in codes and all(c.startswith("51") for c in codes) and len(codes) >= 18
    assert all(f["properties"]["kind"] == "city" and "mv-city" in f["properties"]["s"]["className"] for f in cities)
    one = json.loads(place_outlines(geo_lookup, "510100"))["features"]
    assert [f["properties"]["adcode"] for f in one] == ["510100"]


# ----------------------------------------------------------------------------- payload (issue 4 "Speed")


def _default_view_html(data, geo_lookup) -> str:
    """The map page the app renders for the default view: base map + every policy layer + legend."""
    comp = compose(data, geo_lookup, Filters(), "zh")
    m = render.base_map("zh")
    for name, clustered in [("zones", False), ("basins", False), ("pairings", False), ("platforms", True),
                            ("highlight", False)]:
        m.add_child(render.group_from_json(name, comp.layers[name], clustered))
    m.add_child(render.legend_group(render.legend_html(comp.legend, "图例")))
    return m.get_root().render()


def test_default_view_payload_budget(data, geo_lookup):
    """The rendered default view (what st_folium sends) stays well under the 1.5 MB page budget,
    which also holds Leaflet & co. (≈ 0.43 MB) and the tables below the map."""
    page = _default_view_html(data, geo_lookup).encode("utf-8")
    assert len(page) < 550_000, f"default view map is {len(page)} bytes"
    layers = render.base_layers_json("zh")
    assert len(layers["provinces"]) < 140_000 and len(layers["neighbours"]) < 80_000
    assert len(layers["inset"]) < 20_000


@pytest.mark.parametrize("geom", [
    Point(113.2644, 23.1291),
    box(100.0, 20.0, 101.5, 21.25),
    box(0, 0, 2, 2).difference(box(0.5, 0.5, 1, 1)),
    box(0, 0, 1, 1).union(box(3, 3, 4, 4)),
    LineString(Point(0, 0).buffer(1).exterior.coords),
])
def test_geometry_encoding_round_trips(geom):
    enc = render.geometry_json(geom, 0.01)
    assert enc["q"] == 100
    assert re.fullmatch(r"[-\d,\[\]]+", json.dumps(enc["coordinates"], separators=(",", ":"))), "integers only"
    plain = render.decode_geometry(enc)
    assert "q" not in plain and plain["type"] == geom.geom_type
    from shapely.geometry import shape

    back = shape(plain)
    assert back.hausdorff_distance(geom) <= 0.01  # snapped to the 0.01° grid, nothing else
    assert back.bounds == pytest.approx(geom.bounds, abs=0.006)


def test_map_page_decodes_geometries_with_local_script():
    """Every JsonLayer hands its geometries to mvDecode, defined in assets/map.js (served locally)."""
    page = render.base_map("zh").get_root().render()
    assert "window.mvDecode(f.geometry)" in page
    js = (vendor.ASSETS_DIR / "map.js").read_text()
    assert "window.mvDecode = function" in js and "g.q" in js
    assert any(u.split("?")[0].endswith("map.js") for u in _urls(render.base_map("zh")))


def test_drop_islets_keeps_remote_islands():
    main = box(0, 0, 5, 5)
    coastal, remote = box(5.1, 1, 5.12, 1.02), box(7, 7, 7.02, 7.02)  # 0.0004 sq deg each
    geom = main.union(coastal).union(remote)
    kept = render.drop_islets(geom, 0.002, near=0.5)
    assert kept.area == pytest.approx(main.area + remote.area)
    assert render.drop_islets(geom, 0.002).area == pytest.approx(main.area)
    assert render.drop_islets(coastal, 0.002).equals(coastal)  # the largest part always stays
    # a province keeps its remote islands: 海南 (三沙) still reaches south of 17°N
    provinces = json.loads(render.base_layers_json("zh")["provinces"])["features"]
    from shapely.geometry import shape

    hainan = next(shape(render.decode_geometry(f["geometry"])) for f in provinces if f["properties"]["id"] == "460000")
    assert hainan.bounds[1] < 17


def test_river_shared_by_basins_is_sent_once(data, geo_lookup):
    comp = compose(data, geo_lookup, Filters(), "zh")
    rivers = [f for f in json.loads(comp.layers["basins"])["features"] if "mv-river" in f["properties"]["s"]["className"]]
    keys = [json.dumps(f["geometry"]) for f in rivers]
    assert len(keys) == len(set(keys)), "a river course is drawn once"
    shared = [f for f in rivers if f["properties"]["s"]["className"].count("mv-id-") > 1]
    assert shared, "长江 is named by several basins; its one line carries each basin's id"


def test_default_lookup_has_one_row_per_adcode(geo_lookup):
    """北京/天津/上海/重庆 … are in both geo layers; the lookup keeps each adcode once."""
    codes = geo_lookup.units["adcode"].astype(str)
    assert codes.is_unique
    assert {"110000", "310000", "120000", "500000"} <= set(codes)


def test_coverage_dissolve_matches_a_general_union(geo_lookup):
    """Areas built from the city coverage (provinces as their cities) equal the plain union."""
    from shapely.ops import unary_union

    members = ("320000", "330100", "310000", "340100")  # a province, a city, a municipality, a city
    fast = geo_lookup.area(members, tolerance=0)
    plain = unary_union([geo_lookup.unit(c).geometry for c in members])
    assert geo_lookup._coverage_tiles(members), "built from the coverage, not the fallback"
    # (the province layer and the union of its cities differ by the layers' own rounding only)
    assert fast.area == pytest.approx(plain.area, rel=1e-4)
    assert fast.symmetric_difference(plain).area < 5e-3  # slivers where the two layers meet
    # a county member is not in the coverage: the general union is used, with the same result
    county = geo_lookup.area(("320000", "320583"), tolerance=0)
    assert geo_lookup._coverage_tiles(("320000", "320583")) is None
    assert county.area == pytest.approx(geo_lookup.unit("320000").geometry.area, rel=1e-3)


def test_candidate_pairing_with_a_zone_party_is_drawn_and_unplaced_ones_are_listed(data, geo_lookup):
    from mapview.compose import candidate_layers

    zone = data.entities[data.entities["etype"] == "zone"].iloc[0]["eid"]
    cands = pd.DataFrame([
        {"entity_type": "pairing", "kind": "区域合作", "name": "zone—四川", "refs": f"{zone};510000"},
        {"entity_type": "pairing", "kind": "区域合作", "name": "nowhere", "refs": "no-such-id;510000"},
    ])
    ents = candidates.candidate_entities(cands, set(data.entities["eid"]))
    assert list(ents["name"]) == ["zone—四川", "nowhere"], "no candidate is dropped"
    assert ents.iloc[0]["a_ref"] == zone and ents.iloc[1]["b_ref"] == ""
    cand_json, unplaced = candidate_layers(ents, data, geo_lookup, "zh")
    drawn = {f["properties"]["id"] for f in json.loads(cand_json)["features"]}
    assert ents.iloc[0]["eid"] in drawn
    assert list(unplaced["name"]) == ["nowhere"]


def test_new_documents_are_cleaned_and_get_ids_nobody_has(tmp_path):
    """Uploaded/pasted texts become documents: the text cleaned as ingest does (chrome above the
    title cut), a schema-valid id that no curated document or saved text has, the panel's title
    used for a single text and each text's first line otherwise."""
    data_dir = tmp_path / "pairings" / "data"
    data_dir.mkdir(parents=True)
    (tmp_path / "pairings" / "texts").mkdir()
    (tmp_path / "pairings" / "texts" / "heilongjiang2024.txt").write_text("x", encoding="utf-8")
    text = "首页 > 政策\n黑龙江省对口合作实施方案\n一、总则\n（一）伊春市与汕头市开展对口合作。\n"
    one = candidates.new_documents([("plan.txt", text)], {"title": "黑龙江省对口合作实施方案", "date": "2024-05"},
                                   data_dir, taken={"heilongjiang2024_2"})
    [(doc_id, info)] = one.items()
    assert re.fullmatch(r"[a-z][a-z0-9_]*", doc_id) and doc_id not in {"heilongjiang2024", "heilongjiang2024_2"}
    assert info["text"].startswith("黑龙江省对口合作实施方案\n") and "首页" not in info["text"]
    assert info["source"] == "plan.txt"
    two = candidates.new_documents([("a.txt", "甲方案\n正文。\n"), ("paste", "乙方案\n正文。\n")],
                                   {"title": "ignored for several texts", "date": ""}, data_dir)
    assert [d["title"] for d in two.values()] == ["甲方案", "乙方案"] and len(set(two)) == 2


def test_unit_at_finds_the_prefecture_under_a_point(geo_lookup):
    """The province and city under a click (zones and basins cover most of the map)."""
    assert geo_lookup.unit_at(104.06, 30.67) == "510100"   # 成都
    assert geo_lookup.unit_at(114.17, 22.30) == "810000"   # 香港
    assert geo_lookup.unit_at(125.0, 30.0) is None          # the East China Sea


def test_parties_are_named_in_the_page_language(data):
    from mapview.evidence import parties

    pair = data.entities[data.entities["eid"] == "pair-liaoning-jiangsu"].iloc[0]
    assert parties(pair, data, "zh") == ["辽宁省", "江苏省"]
    assert parties(pair, data, "en") == ["Liaoning (辽宁省)", "Jiangsu (江苏省)"]
    zone = data.entities[data.entities["eid"] == "zone-jingjinji"].iloc[0]
    assert parties(zone, data, "en")[0] == "Beijing (北京市)"


def test_legend_explains_the_platform_glyphs():
    out = render.legend_html([("合作平台", "合作园区", "#123456", "园"), ("合作平台", HOSTILE, "#000", "<")], "图例")
    assert '<span class="mv-swatch mv-glyph" style="background:#123456">园</span>合作园区' in out
    assert "&lt;</span>" in out and "<img" not in out


# ----------------------------------------------------------------------------- geometry once (issue 11)


def _with_basis(data, zone_basis: str, partial=()):
    """``data`` with its first zone marked ``zone_basis`` and ``partial`` members."""
    from dataclasses import replace

    ents = data.entities.copy()
    i = ents.index[ents["etype"] == "zone"][0]
    ents.at[i, "basis"] = zone_basis
    ents.at[i, "partial"] = tuple(partial)
    return replace(data, entities=ents), ents.at[i, "eid"], ents.at[i, "members"]


def test_entity_payload_holds_every_cited_entity_with_its_filter_facts(data, geo_lookup):
    from mapview import payload

    text = payload.entity_payload(data, geo_lookup, "zh")
    raw = json.loads(text)
    out = payload.expand_entity_payload(json.loads(text))
    # the file leaves out what the browser rebuilds (eid = id, etype and the class from a shared table)
    assert all("c" not in f["properties"] and "ci" in f["properties"] and "etype" not in f["properties"]
               for fc in raw["layers"].values() for f in fc["features"])
    shown, _ = apply_filters(data, Filters())
    assert set(out["ents"]) == set(shown["eid"])
    units = entity_units(data.entities)
    for rec in shown.itertuples(index=False):
        e = out["ents"][rec.eid]
        assert (e["t"], e["k"], e["d"], e["u"], e["b"]) == (rec.etype, rec.kind, list(rec.doc_ids),
                                                             list(units.get(rec.eid, ())), rec.basis)
    drawn = {f["properties"].get("eid") for fc in out["layers"].values() for f in fc["features"]}
    assert set(compose(data, geo_lookup, Filters(), "zh").unplaced["eid"]) | drawn >= set(shown["eid"])
    assert set(out["docs"]) == set(data.documents["doc_id"])
    assert "</script" not in text and "{{" not in text


def test_inferred_rows_are_drawn_apart_and_partial_members_hatched(data, geo_lookup):
    from mapview import payload

    changed, eid, members = _with_basis(data, "inferred", partial=members_of_first_zone(data)[:1])
    out = payload.expand_entity_payload(json.loads(payload.entity_payload(changed, geo_lookup, "en")))
    assert out["ents"][eid]["b"] == "inferred" and out["ents"][eid]["p"] == 1
    mine = [f for f in out["layers"]["zones"]["features"] if f["properties"].get("eid") == eid]
    classes = [f["properties"]["c"] for f in mine]  # class name; the rest of the style is shared (si)
    assert any("mv-feature" in c and "mv-inferred" in c for c in classes)
    assert any("mv-partial" in c for c in classes)
    area = next(f for f in mine if "mv-feature" in f["properties"]["c"])
    assert out["styles"][area["properties"]["si"]].get("dashArray")
    basis = dict(zip(changed.entities["eid"], changed.entities["basis"]))
    others = [f for f in out["layers"]["zones"]["features"]
              if f["properties"].get("eid") not in (eid, None) and "mv-feature" in f["properties"]["c"]]
    assert others and all(("mv-inferred" in f["properties"]["c"]) == (basis[f["properties"]["eid"]] == "inferred")
                          for f in others)  # the curated data has inferred zones of its own (issue 9)
    notes = dict(out["legend"]["notes"])
    assert "inferred" in notes and "partial" in notes
    # "only what the texts state" hides it in the Python filter too (the tables, the exports)
    assert eid in set(apply_filters(changed, Filters())[0]["eid"])
    assert eid not in set(apply_filters(changed, Filters(basis="text"))[0]["eid"])


def members_of_first_zone(data):
    return list(data.entities[data.entities["etype"] == "zone"].iloc[0]["members"])


def test_the_map_script_is_the_same_on_every_rerun_and_the_state_is_small(data):
    """streamlit-folium keys its component by the map script: it must not change between reruns
    (or the map reloads); what changes is the state, whose size does not depend on the data."""
    from streamlit_folium import _get_map_string

    from mapview import payload

    a, b = _get_map_string(render.shell_map()), _get_map_string(render.shell_map())
    assert a == b and "mvSetup" in a and len(a) < 5_000
    state = payload.map_state(base="b.json", ents="e.json", filters=Filters(docs=("dongbei2017",), place="510000"),
                              sel="pair-liaoning-jiangsu")
    text = payload.state_json(state)
    assert len(text) < 1_000 and json.loads(text)["f"]["docs"] == ["dongbei2017"]


def test_static_files_are_content_hashed(tmp_path):
    from mapview import static

    url1 = static.publish("x", {"a": 1}, folder=tmp_path)
    url2 = static.publish("x", {"a": 1}, folder=tmp_path)
    url3 = static.publish("x", {"a": 2}, folder=tmp_path)
    assert url1 == url2 != url3
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(files) == 2 and all(re.fullmatch(r"x-[0-9a-f]{16}\.json", f) for f in files)
    assert not list(tmp_path.glob(".*.tmp"))


def test_flat_geometry_decodes_to_the_same_shape(geo_lookup):
    from shapely.geometry import shape

    geom = geo_lookup.unit("510000").geometry
    enc = render.geometry_json(geom, 0.01)
    flat = render.flatten_geometry(enc)
    assert flat["f"] == 1 and "f" not in enc  # a new dict: the memoised encoding is untouched
    assert shape(render.decode_geometry(flat)).equals(shape(render.decode_geometry(enc)))


def test_layers_registry_follows_the_entity_registry():
    from mapview.layers import LAYERS
    from pairings.entities import ENTITY_TYPE_NAMES

    assert sorted(layer.etype for layer in LAYERS) == sorted(ENTITY_TYPE_NAMES)
    assert [layer.order for layer in LAYERS] == sorted(layer.order for layer in LAYERS)


def test_exports_registry_holds_the_shown_table(data):
    from mapview.export_registry import ExportView, export

    ents, mentions = apply_filters(data, Filters(docs=("dongbei2017",)))
    table_export = export("table")
    csv_bytes = table_export.func(ExportView(data, Filters(docs=("dongbei2017",)), "zh", ents, mentions))
    assert table_export.mime == "text/csv"
    table = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == ["eid", "etype", "kind", "name", "n_docs", "documents"]
    assert set(table["eid"]) == set(ents["eid"])


def test_role_words_reach_tooltips_and_legend(data, geo_lookup):
    from mapview.compose import kind_label_roles

    assert kind_label_roles("对口支援", "zh") == "对口支援 · 支援方 → 受援方"
    assert kind_label_roles("城市群", "zh") == "城市群"
    comp = compose(data, geo_lookup, Filters(kinds=("对口支援",)), "zh")
    assert "支援方 → 受援方" in comp.layers["pairings"] or comp.entities.empty


def test_the_app_map_loads_one_script_and_one_style_sheet_that_resolve():
    """streamlit-folium loads a map's scripts one after the other, each after the previous one
    arrived; the app's map therefore loads one content-hashed script (Leaflet, markercluster and
    assets/map.js, minified) and one style sheet, whose relative image URLs exist on disk."""
    import re as _re

    from mapview import static

    html = render.shell_map().get_root().render()
    scripts = _re.findall(r'<script src="([^"]+)"', html)
    sheets = _re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(scripts) == 1 and len(sheets) == 1, (scripts, sheets)
    gen = static.GEN_DIR
    js_path = gen / scripts[0].rsplit("/", 1)[1]
    css_path = gen / sheets[0].rsplit("/", 1)[1]
    js, css = js_path.read_text(encoding="utf-8"), css_path.read_text(encoding="utf-8")
    assert _re.fullmatch(r"map-[0-9a-f]{16}\.js", js_path.name) and _re.fullmatch(r"map-[0-9a-f]{16}\.css", css_path.name)
    # the three parts, in order: Leaflet defines L, markercluster extends it, map.js uses both
    assert js.index("Leaflet") < js.index("MarkerClusterGroup") < js.index("window.mvApply")
    assert "/* The map's own script" not in js  # map.js is minified (its comments gone) ...
    assert len(js) < sum(len((vendor.ASSETS_DIR / r).read_text(encoding="utf-8")) for r in vendor.BUNDLE_JS)
    # ... and the same content gives the same name (the browser keeps it)
    assert static.publish("map", vendor.bundle_texts()[0], suffix=".js").endswith(js_path.name)
    for url in _re.findall(r"url\(['\"]?([^'\")#]+)['\"]?\)", css):
        if not url.startswith("data:"):
            assert (gen / url).resolve().is_file(), url
    assert "mv-" in css and ".leaflet-container" in css and ".marker-cluster" in css
