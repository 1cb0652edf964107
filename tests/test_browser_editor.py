"""The table editor page in Debian's Chromium: type into the real grid (glide-data-grid, a canvas),
see the diff, save, and find the edit in the file and through the loader; an invalid cell shows
its problem and leaves the save button disabled.

The server runs app.py (st.navigation makes it a multipage app) with REGIONMAP_EDITING=1 and
REGIONMAP_DATA_DIR pointing at a copy of the data; the test opens the page's own URL.
"""
from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

import pairings
from pairings import store
from tests.browser.server import start_app_server, stop_app_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
PAGE_PATH = "/" + urllib.parse.quote("编辑数据表")
ROW_HEIGHT = 35  # glide-data-grid's default header and row height in Streamlit


@pytest.fixture(scope="module")
def editing_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("editor") / "repo" / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    data_dir = root / "data"
    try:
        server = start_app_server(env={"REGIONMAP_EDITING": "1", "REGIONMAP_DATA_DIR": str(data_dir)})
    except RuntimeError as error:
        pytest.fail(f"could not start the app: {error}", pytrace=False)
    yield server, data_dir
    stop_app_server(server)


def type_into_cell(page, row: int, columns: list[str], column: str, text: str) -> None:
    """Select a cell of ``row`` (0-based) in the first grid, move to ``column`` (the grid shows
    ``columns``, the CSV's header, in order: reached from the last one leftwards), type, Enter."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    # the grid of this table, not the one of the table shown before the rerun (its accessible
    # table holds the headers of the columns in view: the first one is)
    grid.locator("[role=columnheader]").filter(has_text=re.compile(f"^{re.escape(columns[0])}$")) \
        .wait_for(state="attached")
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 300, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
    # the grid takes the focus a moment after the click: keys pressed before that go to what had
    # it (the table picker's radio: an arrow key picks another table)
    page.wait_for_function("(g) => g.contains(document.activeElement)", arg=grid.element_handle())
    for _ in range(len(columns) + 5):  # past the last column: the selection stops there
        page.keyboard.press("ArrowRight")
    for _ in range(len(columns) - 1 - columns.index(column)):
        page.keyboard.press("ArrowLeft")
    # a key typed on a selected cell opens the cell's editor with that key; a second key that
    # arrives before the editor is there opens it afresh (the first is lost): type the rest in it
    page.keyboard.press(text[0])
    page.wait_for_function("(first) => { const e = document.activeElement;"
                           " return e && e.matches('textarea.gdg-input') && e.value === first; }", arg=text[0])
    page.keyboard.type(text[1:], delay=40)
    page.keyboard.press("Enter")


def type_into_last_column(page, row: int, columns: list[str], text: str) -> None:
    """:func:`type_into_cell` into the grid's last column (``columns``: the CSV's header)."""
    type_into_cell(page, row, columns, columns[-1], text)


def test_edit_a_cell_in_the_grid_and_save(editing_server, guarded_page):
    server, data_dir = editing_server
    page = guarded_page
    page.goto(server.url + PAGE_PATH)
    page.get_by_role("heading", name="编辑数据表").wait_for()
    save = page.get_by_role("button", name="保存")
    assert save.is_disabled()
    before = store.snapshot(data_dir).tables["documents"]

    type_into_cell(page, 0, list(before.columns), "note", "browser-edit")
    page.get_by_text("修改预览").wait_for()
    page.get_by_text("检查通过：修改后的数据没有问题。").wait_for()
    assert save.is_enabled()
    save.click()
    page.get_by_text("已保存，写入了：pairings/data/documents.csv").wait_for()

    after = store.snapshot(data_dir).tables["documents"]
    assert after.loc[0, "note"] == "browser-edit"
    assert after.drop(columns="note").equals(before.drop(columns="note"))
    loaded = pairings.load(data_dir)
    assert loaded.tables["documents"].set_index("doc_id").loc[before.loc[0, "doc_id"], "note"] == "browser-edit"

    # an invalid edit in another table: pairings.csv's basin_ref must be a basin- id (its
    # position is read from the file: the data-trust merge put basis between it and note)
    page.get_by_text("结对关系 (pairings.csv)").click()
    pairings_before = (data_dir / "pairings.csv").read_bytes()
    columns = list(store.snapshot(data_dir).tables["pairings"].columns)
    type_into_cell(page, 0, columns, "basin_ref", "not-a-basin")
    page.get_by_text("解决后才能保存", exact=False).wait_for()
    assert page.get_by_role("button", name="保存").is_disabled()
    assert (data_dir / "pairings.csv").read_bytes() == pairings_before
