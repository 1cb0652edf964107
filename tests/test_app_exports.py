"""The page's downloads (issue 12, page side), through Streamlit's AppTest: one download button
per entry of the one registry (``mapview.export_registry.EXPORTS``), beside the map and in
present mode; no file is built on a rerun (each button holds deferred data); pressing one
(running its deferred function, as Streamlit's server does when the browser asks for the file)
gives the file of the current view. Also the registry itself and the URL's ``view``/``chrome``."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from mapview import export_panel, urlstate
from mapview.export_registry import EXPORTS, ExportView, exports_view

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
FILE_EXPORTS = ("png", "png_a4", "svg", "pdf", "pptx", "docx", "html", "csv", "geojson")


@pytest.fixture
def media(monkeypatch):
    """The media file managers AppTest makes for its runs (to run a button's deferred data)."""
    made: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            made.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Recording)
    return made


def run_app(params: dict | None = None, open_box: bool = True) -> AppTest:
    """The page for ``params``, with the export box beside the map open (its buttons are sent
    only while it is open) unless ``open_box`` is False."""
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if open_box:
        at.session_state["w_exports_box"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def buttons(at: AppTest) -> dict:
    return {b.key: b for b in at.get("download_button") if (b.key or "").startswith("w_export_")}


def press(media: list, button) -> bytes:
    """What the browser gets for a download button: its deferred function's file."""
    assert button.proto.HasField("deferred_file_id"), "the file was built on the rerun"
    manager = media[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    return manager._storage.get_file(url.rsplit("/", 1)[1].split(".")[0]).content


def test_one_registry_joins_the_file_exports_and_the_shown_table():
    names = [e.name for e in EXPORTS]
    assert names == [*FILE_EXPORTS, "table"]
    assert len(set(names)) == len(names)
    assert {e.filename.rsplit(".", 1)[1] for e in EXPORTS} >= {"png", "svg", "pdf", "pptx", "docx", "html", "csv",
                                                               "geojson"}
    assert {e.name for e in EXPORTS if e.slow} == {"png", "png_a4", "svg", "pdf", "pptx", "docx"}


def test_every_export_is_a_button_beside_the_map_and_none_is_built_on_a_rerun(media, monkeypatch):
    built = []
    real = export_panel.build
    monkeypatch.setattr(export_panel, "build", lambda *a: built.append(a[0]) or real(*a))
    at = run_app()
    got = buttons(at)
    assert sorted(got) == sorted(f"w_export_{e.name}" for e in EXPORTS)   # (listed column by column)
    assert all(got[f"w_export_{e.name}"].proto.label == e.label_zh for e in EXPORTS)
    assert all(b.proto.HasField("deferred_file_id") for b in got.values())
    assert built == []                                   # nothing was made for the rerun
    assert buttons(run_app(open_box=False)) == {}        # a closed box sends no buttons
    at_en = run_app({"lang": "en"})
    assert all(buttons(at_en)[f"w_export_{e.name}"].proto.label == e.label_en for e in EXPORTS)


def test_a_pressed_button_gives_the_file_of_the_current_view(media):
    """四川 with its pairing 浙江→四川 selected, only what the texts state: the CSV lists the
    citations of that view (all involve 四川, none inferred), the GeoJSON has one feature per
    shown entity, and another view (东北 2017) gives another file."""
    import pandas as pd

    at = run_app({"place": "510000", "sel": "pair-chuan-zhe", "basis": "text"})
    got = buttons(at)
    csv = pd.read_csv(io.BytesIO(press(media, got["w_export_csv"])), encoding="utf-8-sig", dtype=str)
    assert len(csv) > 10 and csv["basis"].ne("inferred").all()
    assert csv["parties"].str.contains("四川").any() and "pair-chuan-zhe" in set(csv["entity_id"])
    import json

    geo = json.loads(press(media, got["w_export_geojson"]))
    assert len(geo["features"]) == csv["entity_id"].nunique()
    other = run_app({"docs": "dongbei2017"})
    csv2 = pd.read_csv(io.BytesIO(press(media, buttons(other)["w_export_csv"])), encoding="utf-8-sig", dtype=str)
    assert set(csv2["doc_id"]) == {"dongbei2017"} and set(csv2["entity_id"]) != set(csv["entity_id"])


def test_present_mode_has_the_buttons_an_exit_link_and_no_page_title(media):
    at = run_app({"present": "1", "place": "510000", "sel": "pair-chuan-zhe", "chrome": "0"})
    assert sorted(buttons(at)) == sorted(f"w_export_{e.name}" for e in EXPORTS)
    assert not at.title                                   # the caption is on the map
    links = [m.value for m in at.markdown if "mv-exit-link" in m.value]
    assert len(links) == 1
    href = links[0].split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    params = urlstate.parse(dict(p.split("=", 1) for p in href.lstrip("?").split("&")))
    assert not params.present and params.chrome and params.place == "510000" and params.sel == "pair-chuan-zhe"
    png = press(media, buttons(at)["w_export_png"])
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (1920, 1080)


@pytest.fixture(scope="module")
def data():
    from mapview.data import load_dataset

    return load_dataset()


def test_the_exports_view_is_the_page_view(data):
    from mapview.select import apply_filters

    state = urlstate.parse({"place": "510000", "sel": "pair-chuan-zhe", "basis": "text", "lang": "en",
                            "years": "2017-2019", "view": "20,100,40,125", "present": "1"})
    filters = urlstate_filters(state)
    ents, mentions = apply_filters(data, filters)
    view = exports_view(ExportView(data, filters, "en", ents, mentions, state))
    assert view.lang == "en" and view.selection == "pair-chuan-zhe" and view.hide_inferred
    assert view.filters.place == "510000" and view.filters.years == (2017, 2019)
    # the files are kept per view: the framing and present mode do not make another file
    key = export_panel.view_key(ExportView(data, filters, "en", ents, mentions, state))
    moved = urlstate.parse({"place": "510000", "sel": "pair-chuan-zhe", "basis": "text", "lang": "en",
                            "years": "2017-2019"})
    assert key == export_panel.view_key(ExportView(data, filters, "en", ents, mentions, moved))
    other = urlstate.parse({"place": "510000", "lang": "en", "years": "2017-2019"})
    assert key != export_panel.view_key(ExportView(data, filters, "en", ents, mentions, other))


def urlstate_filters(state):
    from mapview.select import Filters

    return Filters(docs=state.docs, layers=state.layers, kinds=state.kinds, years=state.years,
                   place=state.place or None, basis=state.basis or None)


@pytest.mark.parametrize("text, view", [
    ("20.00,100.00,40.00,125.50", (20.0, 100.0, 40.0, 125.5)),
    ("30.5,104,6", (30.5, 104.0, 6.0)),            # an older link: centre and zoom
    ("40,100,20,125", None),                       # south above north
    ("20,130,40,125", None),                       # west east of east
    ("20,100,40", None),                           # zoom 40
    ("1,2", None), ("", None), ("a,b,c,d", None),
])
def test_view_is_bounds_and_old_links_still_read(text, view):
    assert urlstate.parse_view(text) == view
    if view is not None:
        again = urlstate.parse(urlstate.to_params(urlstate.ViewState(view=view)))
        assert again.view == pytest.approx(view, abs=0.01)


def test_chrome_0_round_trips():
    s = urlstate.parse({"present": "1", "chrome": "0"})
    assert s.present and not s.chrome
    assert urlstate.to_params(s) == {"present": "1", "chrome": "0"}
    assert urlstate.parse({}).chrome and "chrome" not in urlstate.to_params(urlstate.parse({}))
