"""The maintainers' wiring in Debian's Chromium (issue 14, issue 13 item 7): an edit saved in the
table editor shows on the open map page at its next interaction, with the "数据已更新" notice; a
file changed on disk likewise, its new kind selected; unknown link values fall back with an inert
notice instead of an empty map; an empty result says so in the map; removing one kind gives a
short link.

The server runs app.py with REGIONMAP_EDITING=1 on a copy of the data (REGIONMAP_DATA_DIR).
"""
from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest

from pairings import store

from tests.browser.helpers import drawn_entity_ids, map_frame, page_text, wait_for_count, wait_for_map
from tests.browser.server import start_app_server, stop_app_server
from tests.test_browser_editor import type_into_last_column

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
EDITOR = "/" + urllib.parse.quote("编辑数据表")
SHOTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="module")
def maint_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("maint") / "repo" / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    try:
        server = start_app_server(env={"REGIONMAP_EDITING": "1", "REGIONMAP_DATA_DIR": str(root / "data")})
    except RuntimeError as error:
        pytest.fail(f"could not start the app: {error}", pytrace=False)
    yield server, root / "data"
    stop_app_server(server)


def open_map(page, url: str) -> None:
    page.set_default_timeout(120_000)  # the machine is shared: reruns can be slow
    page.goto(url)
    wait_for_map(page, timeout_ms=240_000)  # the first paint builds the static files (slow on a loaded machine)
    wait_for_count(page, lambda c: c > 0, timeout_ms=120_000)


def rerun(page) -> None:
    """An interaction that changes nothing: the "all documents" shortcut."""
    page.locator(".st-key-w_docs_all button").click()


def test_an_edit_saved_in_the_editor_and_a_file_changed_on_disk_show_on_the_open_map(maint_server, guarded_page):
    server, data_dir = maint_server
    page = guarded_page
    eid = "pair-anhui-zhejiang-xinanjiang"
    assert pd.read_csv(data_dir / "pairings.csv", dtype=str).iloc[0]["pairing_id"] == eid
    open_map(page, f"{server.url}/?sel={eid}")
    page.locator(f".mv-panel[data-eid='{eid}']").wait_for()
    assert "note-42" not in page_text(page)

    editor = page.context.new_page()  # the maintainer edits in another tab
    editor.goto(server.url + EDITOR)
    editor.get_by_role("heading", name="编辑数据表").wait_for()
    editor.get_by_text("结对关系 (pairings.csv)").click()
    columns = list(store.snapshot(data_dir).tables["pairings"].columns)
    assert columns[-1] == "note"
    # (the helper waits for the grid to hold the focus and for the cell's editor to open: keys
    # pressed before either went elsewhere, which once needed retries here)
    type_into_last_column(editor, 0, columns, "browser-note-42")
    editor.get_by_text("修改预览").wait_for(timeout=60_000)
    editor.get_by_text("检查通过：修改后的数据没有问题。").wait_for(timeout=60_000)
    editor.get_by_role("button", name="保存").click()
    editor.get_by_text("已保存，写入了：pairings/data/pairings.csv").wait_for(timeout=180_000)
    editor.close()
    saved = store.snapshot(data_dir).tables["pairings"].iloc[0]["note"]
    assert saved == "browser-note-42", saved

    rerun(page)  # the map page's next interaction: no restart, no reload of the page
    page.get_by_text("数据已更新", exact=False).wait_for(timeout=60_000)
    page.locator(".mv-note", has_text=saved).wait_for(timeout=60_000)

    # a file changed on disk (as Excel would save it): a pairing gets a kind new to the data
    path = data_dir / "pairings.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table.pairing_id == "pair-changchun-tianjin", "kind"] = "东西部协作"
    path.write_bytes(table.to_csv(index=False).encode("gbk"))  # GBK in; the loader reads it
    rerun(page)
    page.locator(".st-key-w_kinds", has_text="东西部协作").wait_for(timeout=60_000)
    wait_for_count(page, lambda c: c > 0)
    frame = map_frame(page)
    frame.locator(".mv-id-pair-changchun-tianjin").first.wait_for(state="attached", timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "maint_reloaded.png"))


def test_unknown_link_values_fall_back_with_an_inert_notice_not_an_empty_map(maint_server, guarded_page):
    server, _ = maint_server
    page = guarded_page
    query = urllib.parse.urlencode({"kinds": "<b>x</b>", "layers": "foo"})
    open_map(page, f"{server.url}/?{query}")
    alerts = page.locator("[data-testid='stAlert']")
    alerts.filter(has_text="<b>x</b>").first.wait_for()  # the link's text, as text
    alerts.filter(has_text="foo").first.wait_for()
    assert page.locator("[data-testid='stAlert'] b", has_text="x").count() == 0
    assert len(drawn_entity_ids(page)) > 10  # every layer and kind, not an empty map
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "maint_url_notice.png"))


def test_an_empty_result_says_so_in_the_map_and_one_kind_less_is_a_short_link(maint_server, guarded_page):
    server, data_dir = maint_server
    page = guarded_page
    open_map(page, server.url)
    frame = map_frame(page)
    assert frame.locator(".mv-map-message").count() == 0
    page.locator(".st-key-w_docs_none button").click()
    message = frame.locator(".mv-map-message")
    message.wait_for(timeout=60_000)
    assert "地图上没有内容" in message.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "maint_empty_map.png"))
    page.locator(".st-key-w_docs_all button").click()
    message.wait_for(state="detached", timeout=60_000)
    # remove one kind (Backspace in the kinds box drops its last tag): the link names that one kind
    from mapview.data import load_dataset
    from pairings.glossary import KINDS

    in_data = set(load_dataset(data_dir).entities["kind"])
    last = [k for k in KINDS if k in in_data][-1]  # the kinds box lists them in the glossary's order
    page.locator(".st-key-w_kinds input").click()
    page.keyboard.press("Backspace")
    page.wait_for_function("(k) => new URL(location.href).searchParams.get('kinds') === '-' + k",
                           arg=last, timeout=60_000)
    assert len(page.url) < 250, page.url
