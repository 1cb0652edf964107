"""The table editor page (app_pages/9_编辑数据表.py, mapview.table_editor) through Streamlit's AppTest,
on a copy of the real data, and mapview.notices.

AppTest cannot type into ``st.data_editor`` (``set_value`` raises for editors); it applies edits
assigned to the editor's key in ``at.session_state`` before ``run()`` — the same
``edited_rows`` / ``added_rows`` / ``deleted_rows`` state the browser grid sends. The browser test
(tests/test_browser_editor.py) types into the real grid.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import pairings
from pairings import store
from pairings.check import ERROR, WARNING, Problem
from pairings.glossary import kinds_for
from pairings.safety import inert_markdown
from pairings.schema import FILES, resource
from mapview.notices import data_notices, summary

REPO = Path(__file__).resolve().parent.parent
PAGE = str(REPO / "app_pages" / "9_编辑数据表.py")


def data_copy(tmp_path: Path) -> Path:
    """pairings/data and pairings/texts copied as laid out in the repository; returns the data folder."""
    root = tmp_path / "repo" / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    return root / "data"


def folder_bytes(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir())}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(folder))
    monkeypatch.setenv("REGIONMAP_EDITING", "1")
    return folder


def page(table: str | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if table:
        at.radio(key="te_table").set_value(table)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def edit(at: AppTest, table: str, edited_rows: dict | None = None, added_rows: list | None = None,
         deleted_rows: list | None = None, gen: int = 0) -> AppTest:
    """Edits as the grid sends them, to the editor of ``table`` (generation ``gen``), then a run."""
    at.session_state[f"te_{table}_{gen}"] = {"edited_rows": edited_rows or {}, "added_rows": added_rows or [],
                                             "deleted_rows": deleted_rows or []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problems_table(at: AppTest):
    """The problems table on the page (the dataframe with a problem column), or None."""
    for df in at.dataframe:
        if df.editing_mode == "read_only" and ("问题" in df.value.columns or "problem" in df.value.columns):
            return df.value
    return None


def save_button(at: AppTest):
    return at.button(key="te_save")


def test_edit_a_cell_and_save_writes_the_file_and_the_loader_sees_it(data_dir):
    at = page("zones")
    assert at.data_editor(key="te_zones_0").editing_mode == "dynamic"
    frame = store.snapshot(data_dir).tables["zones"]
    zone_id, note = frame.loc[3, "zone_id"], frame.loc[3, "note"]
    assert save_button(at).disabled  # nothing to save yet
    before = (data_dir / "zones.csv").read_bytes()
    edit(at, "zones", {3: {"note": note + "（已复核）"}})
    assert problems_table(at) is None
    assert any("检查通过" in s.value for s in at.success)
    # the diff preview names the changed cell, before and after
    changed = [df.value for df in at.dataframe if "原值" in df.value.columns]
    assert changed and changed[0].iloc[0].tolist() == [zone_id, "note", note, note + "（已复核）"]
    assert not save_button(at).disabled
    save_button(at).click()
    at.run()
    assert not at.exception
    assert any("已保存" in s.value and inert_markdown("pairings/data/zones.csv") in s.value for s in at.success)
    after = (data_dir / "zones.csv").read_bytes()
    assert after != before
    assert len(after.decode().splitlines()) == len(before.decode().splitlines())  # one line changed, no more
    assert sum(a != b for a, b in zip(after.decode().splitlines(), before.decode().splitlines())) == 1
    loaded = pairings.load(data_dir)
    assert not [p for p in loaded.report if p.severity == ERROR]
    zones = loaded.tables["zones"].set_index("zone_id")
    assert zones.loc[zone_id, "note"] == note + "（已复核）"
    # the editor starts afresh on the saved data (a new generation), with nothing pending
    assert at.data_editor(key="te_zones_1") is not None
    assert save_button(at).disabled


def test_a_wrong_adcode_shows_the_problem_on_its_row_and_cannot_be_saved(data_dir):
    at = page("pairings")
    frame = store.snapshot(data_dir).tables["pairings"]
    row = int(frame.index[frame["a_name"] == "安徽省"][0])
    right = frame.loc[row, "a_ref"]
    before = folder_bytes(data_dir)
    edit(at, "pairings", {row: {"a_ref": "220000"}})  # 吉林省's code under the name 安徽省
    table = problems_table(at)
    assert table is not None
    mine = table[(table["表"] == "pairings.csv") & (table["编辑器行号"] == str(row))]
    assert mine["列"].tolist() == ["a_name"]
    message = mine["问题"].iloc[0]
    assert "220000" in message and f"是不是 {right}（安徽省）" in message  # the checker suggests the right code
    assert mine["编号"].iloc[0] == frame.loc[row, "pairing_id"]
    assert mine["由修改引入"].iloc[0] == "✓"
    # the mention of the pairing is reported too (it would be left out with it)
    assert (table["表"] == "mentions.csv").any()
    assert any("解决后才能保存" in e.value for e in at.error)
    assert save_button(at).disabled
    assert folder_bytes(data_dir) == before


def test_a_quote_not_in_its_document_says_so_and_cannot_be_saved(data_dir):
    at = page("mentions")
    frame = store.snapshot(data_dir).tables["mentions"]
    before = folder_bytes(data_dir)
    edit(at, "mentions", {5: {"quote": "这一句并不在任何文件里出现过"}})
    table = problems_table(at)
    mine = table[(table["表"] == "mentions.csv") & (table["编辑器行号"] == "5")]
    assert mine["列"].tolist() == ["quote"]
    assert mine["问题"].iloc[0] == f"在 {frame.loc[5, 'doc_id']} 中找不到这段引文"  # the checker's, in Chinese
    assert save_button(at).disabled
    assert folder_bytes(data_dir) == before


def test_enum_columns_are_select_boxes_read_from_the_schema(data_dir):
    import json

    at = page("pairings")
    editor = at.data_editor(key="te_pairings_0")
    columns = json.loads(editor.proto.columns)
    assert columns["kind"]["type_config"] == {"type": "selectbox", "options": kinds_for("pairing")}
    assert columns["direction"]["type_config"]["options"] == ["mutual", "a_to_b"]
    assert columns["a_ref"]["type_config"]["type"] == "text"
    # every enum of every file's schema is a select-box, whatever the enum is (kind, direction, basis …)
    from mapview.table_editor import column_config
    for stem in FILES:
        config = column_config(stem)
        for f in resource(stem)["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            if enum:
                assert config[f["name"]]["type_config"] == {"type": "selectbox", "options": enum}


def test_edits_in_several_tables_are_kept_across_the_picker_and_saved_together(data_dir):
    at = page("zones")
    zones = store.snapshot(data_dir).tables["zones"]
    edit(at, "zones", {0: {"note": zones.loc[0, "note"] + "（甲）"}})
    at.radio(key="te_table").set_value("basins")
    at.run()
    basins = store.snapshot(data_dir).tables["basins"]
    edit(at, "basins", {1: {"note": "乙"}})
    at.radio(key="te_table").set_value("zones")
    at.run()
    # back on zones: the editor starts from the kept edit, and both files are pending
    shown = at.data_editor(key="te_zones_0").value
    assert shown.loc[0, "note"] == zones.loc[0, "note"] + "（甲）"
    assert any("zones.csv" in c.value and "basins.csv" in c.value for c in at.caption)
    save_button(at).click()
    at.run()
    assert any(inert_markdown("pairings/data/zones.csv") in s.value
               and inert_markdown("pairings/data/basins.csv") in s.value for s in at.success)
    after = store.snapshot(data_dir).tables
    assert after["zones"].loc[0, "note"] == zones.loc[0, "note"] + "（甲）"
    assert after["basins"].loc[1, "note"] == "乙"
    assert after["basins"].loc[1, "basin_id"] == basins.loc[1, "basin_id"]


def test_an_added_row_and_a_deleted_row_show_in_the_diff(data_dir):
    at = page("platforms")
    frame = store.snapshot(data_dir).tables["platforms"]
    edit(at, "platforms", deleted_rows=[2])
    # removing a platform leaves its mentions pointing at nothing: the checker says so, no save
    assert any("删除 1 行" in e.label for e in at.expander)
    removed = [df.value for df in at.dataframe if df.value.columns.tolist() == frame.columns.tolist()
               and df.editing_mode == "read_only"]
    assert removed and removed[0].iloc[0]["platform_id"] == frame.loc[2, "platform_id"]
    assert problems_table(at) is not None and save_button(at).disabled


def test_a_concurrent_save_is_refused_with_a_clear_message(data_dir):
    at = page("zones")
    zones = store.snapshot(data_dir).tables["zones"]
    edit(at, "zones", {0: {"note": "本页的修改"}})
    # someone else saves meanwhile
    other = zones.copy()
    other.loc[1, "note"] = "别人的修改"
    assert store.save_tables(data_dir, {"zones": other}).ok
    theirs = (data_dir / "zones.csv").read_bytes()
    at.run()
    assert any("磁盘上的数据已经改变" in w.value for w in at.warning)
    save_button(at).click()
    at.run()
    assert any("保存被拒绝" in e.value and "没有写入任何文件" in e.value for e in at.error)
    assert (data_dir / "zones.csv").read_bytes() == theirs
    # discard and reload: the other edit is there, the page's edit is gone
    at.button(key="te_discard").click()
    at.run()
    assert at.data_editor(key="te_zones_1").value.loc[1, "note"] == "别人的修改"


def test_a_file_changed_on_disk_is_reloaded_when_nothing_is_pending(data_dir):
    at = page("zones")
    zones = store.snapshot(data_dir).tables["zones"]
    zones.loc[2, "note"] = "磁盘上改的"
    assert store.save_tables(data_dir, {"zones": zones}).ok
    at.run()
    assert any("数据已更新" in i.value for i in at.info)
    assert at.data_editor(key="te_zones_1").value.loc[2, "note"] == "磁盘上改的"


def test_read_only_mode_shows_the_tables_and_writes_nothing(data_dir, monkeypatch):
    monkeypatch.delenv("REGIONMAP_EDITING")
    # a journal of an interrupted save: a read-only page must not even recover it
    (data_dir / store.JOURNAL).write_text("{}", encoding="utf-8")
    before = folder_bytes(data_dir)
    at = page("zones")
    assert any("REGIONMAP_EDITING=1" in i.value for i in at.info)
    assert not at.data_editor
    assert not [b for b in at.button if b.key in {"te_save", "te_discard"}]
    shown = [df.value for df in at.dataframe if "zone_id" in df.value.columns]
    assert shown and len(shown[0]) == len(store.snapshot(data_dir).tables["zones"])
    at.radio(key="te_table").set_value("mentions")
    at.run()
    assert folder_bytes(data_dir) == before


def test_english_page_and_inert_data_text(data_dir):
    at = page("pairings", lang="en")
    assert at.title[0].value == "Edit data tables"
    hostile = "[x](http://evil.example/)**<img src=x onerror=alert(1)>**"
    edit(at, "pairings", {0: {"a_ref": hostile}})
    table = problems_table(at)
    assert table is not None and any("<img src=x onerror=alert(1)>" in m for m in table["problem"])  # a grid cell
    rendered = "\n".join(m.value for m in [*at.markdown, *at.error, *at.warning, *at.info, *at.caption])
    assert "http://evil" not in rendered and "<img" not in rendered
    assert save_button(at).disabled
    assert any("Solve" in (b.help or "") for b in at.button if b.key == "te_save")


# --------------------------------------------------------------------------- notices

def test_notices_count_rows_left_out_apart_from_warnings():
    report = [
        Problem("zones.csv", 5, "member_adcodes", "bad code", ERROR),
        Problem("zones.csv", 5, "kind", "bad kind", ERROR),  # the same row: one row left out
        Problem("zones.csv", 5, "", "row is blank-padded", WARNING),  # stays with its row
        Problem("mentions.csv", 9, "quote", "quote not found in ndrc2015", ERROR),
        Problem("pairings.csv", 1, "", "saved as GBK; written back as UTF-8", WARNING),
        Problem("basins.csv", 3, "", "blank line", WARNING),
        Problem("platforms.csv", 1, "", "column lon missing", ERROR),
    ]
    notices = dict(data_notices(report, "zh"))
    assert notices["warning"].startswith("数据检查排除了 2 行")
    assert "zones.csv:5:member_adcodes: bad code" in notices["warning"]
    assert notices["info"].startswith("2 条警告")
    assert "blank line" in notices["info"] and "GBK" in notices["info"]
    assert "blank-padded" not in notices["info"]
    assert notices["error"].startswith("1 个文件问题") and "column lon missing" in notices["error"]
    en = dict(data_notices(report, "en"))
    assert en["warning"].startswith("The data check left out 2 row(s)")
    assert summary(report, "zh") == "数据检查排除了 2 行；1 个文件问题；2 条警告"
    assert summary(report, "en") == "The data check left out 2 row(s); 1 file problem(s); 2 warning(s)"


def test_warnings_alone_leave_nothing_out():
    report = [Problem("pairings.csv", 1, "", "saved as GBK; written back as UTF-8", WARNING),
              Problem("zones.csv", 7, "", "blank line", WARNING)]
    notices = data_notices(report, "zh")
    assert [level for level, _ in notices] == ["info"]
    assert "数据检查排除了" not in notices[0][1] and notices[0][1].startswith("2 条警告")
    assert data_notices([], "en") == []
    assert summary(report, "zh") == "数据检查没有排除任何行；2 条警告"
    assert summary([], "zh") == ""


def test_notices_of_the_real_data_agree_with_the_loader():
    report = pairings.load().report
    left = {(p.file, p.row) for p in report if p.severity == ERROR and p.row > 1}
    notices = dict(data_notices(report, "en"))
    if left:
        assert notices["warning"].startswith(f"The data check left out {len(left)} row(s)")
    else:
        assert "warning" not in notices


def test_problem_rows_keep_the_numbers_the_grid_shows_after_a_deletion(data_dir):
    at = page("pairings")
    frame = store.snapshot(data_dir).tables["pairings"]
    row = int(frame.index[(frame["a_name"] == "四川省") & (frame["a_ref"] == "510000")][0])
    assert row > 1
    edit(at, "pairings", {row: {"a_ref": "520000"}}, deleted_rows=[0])
    shown = at.data_editor(key="te_pairings_0")
    table = problems_table(at)
    mine = table[(table["表"] == "pairings.csv") & (table["列"] == "a_name")]
    assert mine["编辑器行号"].tolist() == [str(row)]  # not row - 1: the grid keeps the row's number
    assert mine["编号"].iloc[0] == frame.loc[row, "pairing_id"]
    assert shown.value.shape[0] == len(frame)  # the editor's input is unchanged; the edits are its state


def test_a_table_that_cannot_be_edited_safely_says_why_and_offers_no_editor(data_dir):
    path = data_dir / "basins.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0] + ",name"  # a column twice in the header: editing could lose cells
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = folder_bytes(data_dir)
    at = page("basins")
    assert any("basins.csv 无法在此编辑" in e.value and "appears twice" in e.value for e in at.error)
    assert not [d for d in at.data_editor if d.key and d.key.startswith("te_basins_")]
    at.radio(key="te_table").set_value("zones")
    at.run()
    assert at.data_editor(key="te_zones_0") is not None
    assert folder_bytes(data_dir) == before
