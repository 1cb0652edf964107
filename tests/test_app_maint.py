"""AppTest tests of the maintainers' wiring on the map page (issue 14 item 4, issue 13 item 7):
the data is reloaded when its files change on disk (with a notice), kinds and documents new to the
data are shown (the kinds filter remembers what was excluded), a written row can be selected by
URL, unknown link values fall back with a visible, inert notice, short ``kinds`` links, and the
document shortcuts."""
from __future__ import annotations

import re

import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from pairings import store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
PAGE = str(REPO / "app_pages" / "1_数据维护.py")


def data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo" / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    return root / "data"


def run(target) -> AppTest:
    """Run an AppTest, or the AppTest of a widget just set (``widget.run()``)."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return run(at)


def shown_ids(at: AppTest) -> set[str]:
    """The ids in the shown table, every page of it (mapview.shown pages MAX_ROWS rows)."""
    def page_ids() -> set[str]:
        for df in at.dataframe:
            if "n_docs" in df.value.columns:
                return set(df.value["eid"])
        return set()

    ids = page_ids()
    pager = [n for n in at.number_input if str(n.key).startswith("w_shown_page_")]
    if pager:
        for number in range(2, int(pager[0].max) + 1):
            pager[0].set_value(number).run()
            ids |= page_ids()
            pager = [n for n in at.number_input if str(n.key).startswith("w_shown_page_")]
    return ids


def param(at: AppTest, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_a_file_changed_on_disk_shows_after_the_next_interaction_with_its_new_kind(tmp_path, monkeypatch):
    data_dir = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data_dir))
    at = app()
    assert "东西部协作" not in at.multiselect(key="w_kinds").options
    # the user leaves one kind out: the URL says what is excluded, not the 34 others
    run(at.multiselect(key="w_kinds").unselect("城市群"))
    assert param(at, "kinds") == "-城市群"
    assert not [i for i in at.info if "数据已更新" in i.value]
    # meanwhile the file is edited outside the app (Excel, an editor): a pairing gets a kind new to the data
    path = data_dir / "pairings.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table.pairing_id == "pair-changchun-tianjin", "kind"] = "东西部协作"
    table.to_csv(path, index=False)
    run(at.toggle(key="w_basis").set_value(False))  # the next interaction (any rerun)
    assert [i.value for i in at.info if "数据已更新" in i.value], "no reload notice"
    kinds = at.multiselect(key="w_kinds")
    assert "东西部协作" in kinds.value and "城市群" not in kinds.value  # new kind shown, exclusion kept
    assert "pair-changchun-tianjin" in shown_ids(at)
    assert param(at, "kinds") == "-城市群"
    run(at.toggle(key="w_basis").set_value(False))  # the notice is for the run that found the change
    assert not [i for i in at.info if "数据已更新" in i.value]


def test_a_row_written_through_the_store_can_be_selected_by_url_and_its_document_is_ticked(tmp_path, monkeypatch):
    data_dir = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data_dir))
    at = app({"docs": "central2018,dongbei2017"})  # a link with a list of documents
    rows = {
        "documents": pd.DataFrame([{"doc_id": "guangxi2024", "title": "广东省与广西壮族自治区东西部协作方案",
                                    "issuer": "广东省人民政府", "date": "2024-05-01",
                                    "text_file": "pairings/texts/guangxi2024.txt"}]),
        "pairings": pd.DataFrame([{"pairing_id": "pair-guangdong-guangxi", "kind": "东西部协作", "a_name": "广东省",
                                   "a_ref": "440000", "b_name": "广西壮族自治区", "b_ref": "450000",
                                   "direction": "a_to_b", "basis": "text"}]),
        "mentions": pd.DataFrame([{"entity_id": "pair-guangdong-guangxi", "doc_id": "guangxi2024", "clause": "序言",
                                   "quote": "广东省与广西壮族自治区开展东西部协作"}]),
    }
    result = store.append_rows(data_dir, rows, texts={"guangxi2024": "广东省与广西壮族自治区开展东西部协作。"})
    assert result.ok, result.lines()
    run(at.toggle(key="w_basis").set_value(False))
    assert at.checkbox(key="w_doc_guangxi2024").value is True  # the new document is shown
    assert "pair-guangdong-guangxi" in shown_ids(at)
    other = app({"sel": "pair-guangdong-guangxi"})  # a link to the new row, in another session
    panels = [m.value for m in other.markdown if 'class="mv-panel"' in m.value]
    assert panels and 'data-eid="pair-guangdong-guangxi"' in panels[0]


def test_unknown_kinds_and_layers_fall_back_with_an_inert_notice():
    at = app({"kinds": "<b>x</b>", "layers": "foo", "docs": "central2018,nosuchdoc"})
    warnings = [w.value for w in at.warning]
    assert any("类型只有未知的值" in w for w in warnings), warnings
    assert any("图层只有未知的值" in w and "foo" in w for w in warnings), warnings
    assert any("nosuchdoc" in w and "已忽略" in w for w in warnings), warnings
    assert not any("<b>x</b>" in w for w in warnings)  # the link's text is inert
    for m in at.markdown:
        assert "<b>x</b>" not in m.value
    assert len(shown_ids(at)) > 10  # all kinds and layers, not an empty map
    assert set(at.multiselect(key="w_kinds").value) == set(at.multiselect(key="w_kinds").options)
    assert param(at, "kinds") is None and param(at, "layers") is None and param(at, "docs") == "central2018"


def test_old_inclusion_links_still_work_and_short_links_are_read():
    at = app({"kinds": "城市群,对口合作"})
    assert at.multiselect(key="w_kinds").value == ["对口合作", "城市群"] or \
        set(at.multiselect(key="w_kinds").value) == {"城市群", "对口合作"}
    assert not at.warning
    at = app({"kinds": "-城市群,-对口合作"})
    chosen = set(at.multiselect(key="w_kinds").value)
    assert "城市群" not in chosen and "对口合作" not in chosen
    assert len(chosen) == len(at.multiselect(key="w_kinds").options) - 2
    assert param(at, "kinds") == "-对口合作,-城市群" or param(at, "kinds") == "-城市群,-对口合作"


def test_document_shortcuts_only_this_all_and_none():
    at = app()
    run(at.selectbox(key="w_only").select("dongbei2017"))
    docs = [k for k in at.session_state if str(k).startswith("w_doc_")]
    assert [k for k in docs if at.session_state[k]] == ["w_doc_dongbei2017"]
    assert param(at, "docs") == "dongbei2017"
    run(at.button(key="w_docs_none").click())
    assert param(at, "docs") == "" and not shown_ids(at)
    assert any("当前筛选条件下没有内容" in w.value for w in at.warning)
    run(at.button(key="w_docs_all").click())
    assert param(at, "docs") is None and len(shown_ids(at)) > 10


def test_a_new_kind_written_through_the_upload_page_is_visible_on_the_map(tmp_path, monkeypatch):
    """A maintainer's run (REGIONMAP_EDITING=1): the map is open with one kind left out; on the
    maintenance page a text with a kind new to the data (东西部协作) is extracted and written; the
    map's next run shows the new pairing, its kind selected, the other exclusion kept."""
    data_dir = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REGIONMAP_EDITING", "1")
    at = app()
    run(at.multiselect(key="w_kinds").unselect("城市群"))
    page = AppTest.from_file(PAGE, default_timeout=120)
    run(page)
    page.text_area(key="w_paste").input("广东省与广西壮族自治区开展东西部协作。")
    page.text_input(key="w_meta_title").input("广东省与广西壮族自治区东西部协作实施方案")
    page.text_input(key="w_meta_issuer").input("广东省人民政府")
    page.text_input(key="w_meta_date").input("2024-05-01")
    run(page.button(key="w_extract").click())
    assert list(page.session_state["candidates"]["kind"]) == ["东西部协作"]
    run(page.button(key="w_write").click())
    assert page.session_state["write_result"][0] == "ok", page.session_state["write_result"]
    assert any(s.value.replace("\\", "").startswith("已写入 2 行和 1 份文本") for s in page.success), [s.value for s in page.success]
    run(at.toggle(key="w_basis").set_value(False))
    assert any("数据已更新" in i.value for i in at.info)
    kinds = at.multiselect(key="w_kinds").value
    assert "东西部协作" in kinds and "城市群" not in kinds
    new = pd.read_csv(data_dir / "pairings.csv", dtype=str, keep_default_na=False).iloc[-1]
    assert new["kind"] == "东西部协作" and new["pairing_id"] in shown_ids(at)


def test_the_write_button_waits_for_issuer_and_date(tmp_path, monkeypatch):
    data_dir = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REGIONMAP_EDITING", "1")
    page = AppTest.from_file(PAGE, default_timeout=120)
    run(page)
    page.text_area(key="w_paste").input("广东省与广西壮族自治区开展东西部协作。")
    page.text_input(key="w_meta_title").input("广东省与广西壮族自治区东西部协作实施方案")
    run(page.button(key="w_extract").click())
    assert page.button(key="w_write").disabled
    shown = {re.sub(r"\\(.)", r"\1", w.value) for w in page.warning}  # the Markdown source, made inert (md_text)
    assert shown >= {"请填写发文机关。", "请填写发文日期，格式为 年-月-日（如 2024-05-01）。"}


def test_the_links_notices_stay_until_the_user_changes_the_view():
    at = app({"layers": "foo"})
    assert any("foo" in w.value for w in at.warning)
    run(at)  # a rerun that changes nothing (the map's first answer does this)
    assert any("foo" in w.value for w in at.warning)
    run(at.multiselect(key="w_kinds").unselect("城市群"))
    assert not any("foo" in w.value for w in at.warning)
