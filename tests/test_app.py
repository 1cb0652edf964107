"""Streamlit AppTest tests of app.py: filters, URL state, evidence panel, present mode, escaping,
upload. They run the page script headless (no browser; the map component is not executed)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mapview.shown import MAX_ROWS
from pairings.glossary import ENTITY_TYPE_LABELS

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
PAGE = str(REPO / "app_pages" / "1_数据维护.py")  # the upload / extract / write page
HOSTILE = "<img src=x onerror=alert(1)>"


def run_app(params: dict | None = None, env: dict | None = None, monkeypatch=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_page(params: dict | None = None) -> AppTest:
    """Run the data-maintenance page (upload, extract, accept, write)."""
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def at_documents() -> pd.DataFrame:
    """The curated documents table (as the page reads it)."""
    from mapview.data import load_dataset

    return load_dataset(str(REPO / "pairings" / "data")).documents


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def shown_table(at: AppTest) -> pd.DataFrame:
    """The "what is shown" table (the dataframe with an ``eid`` column and ``n_docs``)."""
    for df in at.dataframe:
        value = df.value
        if "n_docs" in value.columns:
            return value
    raise AssertionError("no shown-table on the page")


def test_default_view_shows_all_documents_and_a_clean_url():
    at = run_app()
    docs = [c for c in at.checkbox if c.key.startswith("w_doc_")]
    assert len(docs) == 5 and all(c.value for c in docs)
    assert dict(at.query_params) == {}
    table = shown_table(at)
    zh = {t: labels[0] for t, labels in ENTITY_TYPE_LABELS.items()}  # the page shows each layer's label
    assert len(table) == MAX_ROWS and zh["pairing"] in set(table["etype"])
    # the table shows MAX_ROWS rows a page; the counts above it cover every layer
    counts = next(df.value for df in at.dataframe if "合计" in df.value.columns)
    assert {zh["pairing"], zh["zone"], zh["basin"], zh["platform"]} <= set(counts.index)
    assert len(table) == min(MAX_ROWS, int(counts["合计"].sum()))
    assert at.title[0].value == "中国区域合作政策地图"


def test_unchecking_documents_narrows_and_goes_into_the_url():
    at = run_app()
    before = len(shown_table(at))
    for doc in ("ndrc2015", "sichuan2019", "central2018", "yrd2016"):
        at.checkbox(key=f"w_doc_{doc}").uncheck()
    at.run()
    after = shown_table(at)
    assert 0 < len(after) < before
    from mapview.i18n import document_labels  # the page shows short titles, never ids (issue 13)

    assert set(after["documents"]) == {document_labels(at_documents(), "zh")["dongbei2017"]}
    assert at.query_params["docs"] == ["dongbei2017"] or at.query_params["docs"] == "dongbei2017"


def test_shared_url_restores_filters_language_and_selection():
    params = {"docs": "dongbei2017", "layers": "pairing", "lang": "en", "sel": "pair-liaoning-jiangsu",
              "view": "41.00,122.50,6"}
    at = run_app(params)
    assert at.toggle(key="w_lang").value is True
    assert [c.key for c in at.checkbox if c.key.startswith("w_doc_") and c.value] == ["w_doc_dongbei2017"]
    assert at.multiselect(key="w_layers").value == ["pairing"]
    text = markdown_text(at)
    # in English the name is built from the parties' English names (issue 13: English all the way)
    assert 'data-eid="pair-liaoning-jiangsu"' in text and "Liaoning – Jiangsu" in text
    assert 'class="mv-quote"' in text and "辽宁省与江苏省" in text
    assert at.title[0].value.startswith("Map of China")
    table = shown_table(at)
    assert set(table["etype"]) == {ENTITY_TYPE_LABELS["pairing"][1]}  # "pairings", in English
    # the page writes back the same state (view kept for the map)
    restored = {k: at.query_params[k] for k in params}
    assert {k: (v[0] if isinstance(v, list) else v) for k, v in restored.items()} == params


def test_place_search_keeps_only_what_involves_the_place():
    at = run_app()
    at.selectbox(key="w_place").set_value("510000").run()
    assert not at.exception
    table = shown_table(at)
    assert len(table) > 0
    assert "pair-liaoning-jiangsu" not in set(table["eid"])
    assert "pair-chuan-yu" in set(table["eid"])
    assert at.query_params["place"] in ("510000", ["510000"])


def test_place_search_is_answered_on_the_server_with_a_short_list():
    """The browser gets the provinces, or the places matching what was typed (at most 40), never
    the 3,237 places; a county found so narrows the map to what involves it."""
    at = run_app()
    assert len(at.selectbox(key="w_place").options) == 1 + 34
    at.text_input(key="w_place_q").input("成都").run()
    options = at.selectbox(key="w_place").options
    assert 2 < len(options) <= 41 and options[1].startswith("成都市")
    assert all("成都" in o for o in options[1:])
    at.selectbox(key="w_place").set_value("510100").run()
    assert not at.exception
    assert at.query_params["place"] in ("510100", ["510100"])
    assert len(shown_table(at)) > 0


def test_clicked_province_lists_everything_involving_it():
    at = run_app({"sel": "place:510000"})
    text = markdown_text(at)
    assert 'data-place="510000"' in text and "四川省" in text
    names = set()
    for df in at.dataframe:
        if "名称" in df.value.columns and "id" in df.value.columns:
            names |= set(df.value["id"])
    assert "pair-chuan-yu" in names


def test_present_mode_hides_controls_and_tables():
    at = run_app({"present": "1"})
    assert not at.title  # the title is the caption on the map (assets/map.js mvPresent; tests/test_browser_present.py)
    assert not any("n_docs" in df.value.columns for df in at.dataframe)
    assert "display:none" in markdown_text(at)  # sidebar hidden by CSS


def test_rows_left_out_are_reported_and_hostile_text_is_escaped(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "pairings").mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", repo / "pairings" / "data")
    shutil.copytree(REPO / "pairings" / "texts", repo / "pairings" / "texts")
    platforms = repo / "pairings" / "data" / "platforms.csv"
    df = pd.read_csv(platforms, dtype=str, keep_default_na=False)
    df.loc[0, "name"] = HOSTILE
    df.to_csv(platforms, index=False)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(repo / "pairings" / "data"))
    at = run_app()
    labels = [e.label for e in at.expander]
    assert any("排除了" in label for label in labels), labels
    report = [df.value for df in at.dataframe if "message" in df.value.columns]
    assert report and report[0]["message"].str.contains("<img src=x", regex=False).any()  # shown as data, as text
    for m in at.markdown:
        assert "<img src=x" not in m.value


def test_pasted_text_gives_unreviewed_candidates_and_a_download():
    at = run_page()
    at.text_area(key="w_paste").input("东北三省与东部三省：辽宁省与江苏省，吉林省与浙江省，黑龙江省与广东省。" + HOSTILE)
    at.button(key="w_extract").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cands = at.session_state["candidates"]
    assert len(cands) >= 3 and cands["accept"].all()
    assert {"210000;320000", "220000;330000"} <= set(cands["refs"])
    assert any(b.label.startswith("下载采纳") for b in at.get("download_button"))


def test_accepted_candidate_that_cannot_be_drawn_is_listed():
    """An accepted candidate whose party is neither an adcode nor a curated id is listed under the
    candidates table (not dropped); one whose party is a curated zone is not listed."""
    at = run_page()
    cands = pd.DataFrame([
        {"accept": True, "entity_type": "pairing", "kind": "区域合作", "name": "长三角—四川",
         "refs": "zone-changsanjiao;510000", "doc": "upload-x", "clause": "一", "quote": "q"},
        {"accept": True, "entity_type": "pairing", "kind": "区域合作", "name": HOSTILE,
         "refs": "no-such-place;510000", "doc": "upload-x", "clause": "一", "quote": "q"},
    ])
    at.session_state["candidates"] = cands
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = [df.value for df in at.dataframe if list(df.value.columns) == ["eid", "etype", "kind", "name"]]
    assert listed and list(listed[-1]["name"]) == [HOSTILE]
    assert any("无法在地图上定位" in c.value for c in at.caption)


# ----------------------------------------------------------------------------- upload: write end to end

NEW_PAIR = "黑龙江省伊春市与广东省汕头市开展对口合作。"


def copy_of_the_data(tmp_path: Path) -> Path:
    """A copy of pairings/data and pairings/texts laid out as in the repository; returns its data folder."""
    repo = tmp_path / "repo"
    (repo / "pairings").mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", repo / "pairings" / "data")
    shutil.copytree(REPO / "pairings" / "texts", repo / "pairings" / "texts")
    return repo / "pairings" / "data"


def check_folder(data_dir: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pairings", "check", "--data-dir", str(data_dir)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def fill_metadata(at: AppTest, title: str, issuer: str = "黑龙江省人民政府", date: str = "2024-05-01") -> None:
    at.text_input(key="w_meta_title").input(title)
    at.text_input(key="w_meta_issuer").input(issuer)
    at.text_input(key="w_meta_date").input(date)


def test_hosted_app_has_no_write_button(monkeypatch):
    monkeypatch.delenv("REGIONMAP_EDITING", raising=False)
    at = run_page()
    at.text_area(key="w_paste").input(NEW_PAIR)
    at.button(key="w_extract").click()
    at.run()
    assert len(at.session_state["candidates"]) == 1
    assert not [b for b in at.button if b.key == "w_write"]


@pytest.mark.parametrize("how", ["paste", "upload"])
def test_accepted_rows_are_written_into_the_csvs_end_to_end(tmp_path, monkeypatch, how):
    """REGIONMAP_EDITING=1: paste (or upload) a sentence, accept its pairing, write: the text is saved
    under pairings/texts, the rows are appended, and `python -m pairings check` passes on the folder."""
    data_dir = copy_of_the_data(tmp_path)
    assert check_folder(data_dir).returncode == 0
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REGIONMAP_EDITING", "1")
    at = run_page()
    fill_metadata(at, "黑龙江省伊春市与广东省汕头市对口合作实施方案")
    if how == "paste":
        at.text_area(key="w_paste").input(NEW_PAIR)
    else:
        at.file_uploader(key="w_upload").set_value(("yichun.txt", NEW_PAIR.encode("gbk"), "text/plain"))
    at.button(key="w_extract").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cands = at.session_state["candidates"]
    assert list(cands["refs"]) == ["230700;440500"] and cands["accept"].all()
    doc_id = cands["doc"].iloc[0]
    assert doc_id == "heilongjiang2024"  # from the title's province and the date: a schema-valid id
    at.button(key="w_write").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["write_result"][0] == "ok", at.session_state["write_result"]
    checked = check_folder(data_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout
    pairings_csv = pd.read_csv(data_dir / "pairings.csv", dtype=str, keep_default_na=False)
    new = pairings_csv[(pairings_csv.a_ref == "230700") & (pairings_csv.b_ref == "440500")]
    assert len(new) == 1 and new.iloc[0]["kind"] == "对口合作"
    mentions = pd.read_csv(data_dir / "mentions.csv", dtype=str, keep_default_na=False)
    assert (mentions[mentions.doc_id == doc_id].entity_id == new.iloc[0]["pairing_id"]).all()
    text = (data_dir.parent / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert NEW_PAIR in text
    # the other files are untouched: the rows were appended after their bytes
    for name in ("zones.csv", "basins.csv", "platforms.csv"):
        assert (data_dir / name).read_bytes() == (REPO / "pairings" / "data" / name).read_bytes()
    assert not list(data_dir.glob("*.tmp")) and not list(data_dir.glob(".*.tmp"))
    # the map page now shows the new pairing as a curated one, from the new document
    assert set(shown_table(run_app({"docs": doc_id}))["eid"]) == {new.iloc[0]["pairing_id"]}


def test_pasted_text_over_the_limit_is_refused_with_the_upload_message():
    at = run_page()
    at.text_area(key="w_paste").input(NEW_PAIR * 40_000)  # 2.5 MB of UTF-8
    at.button(key="w_extract").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]  # the markdown source, made inert
    assert any("粘贴的文本 太大" in e and "上限 2.0 MB" in e for e in errors), errors
    assert at.session_state["candidates"] is None


def test_progress_follows_the_extraction_of_several_files(monkeypatch):
    from pairings import extract as X

    calls = []
    real = X.extract_many

    def recording(items, *, progress=None, **options):
        def spy(done, total, doc_id):
            calls.append((done, total, doc_id))
            if progress is not None:
                progress(done, total, doc_id)
        return real(items, progress=spy, **options)

    monkeypatch.setattr(X, "extract_many", recording)
    at = run_page()
    at.file_uploader(key="w_upload").set_value([
        ("dongbei.txt", "辽宁省与江苏省,吉林省与浙江省建立对口合作关系。".encode("gbk"), "text/plain"),
        ("yichun.txt", NEW_PAIR.encode("utf-8"), "text/plain"),
    ])
    at.button(key="w_extract").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [(d, t) for d, t, _ in calls] == [(1, 2), (2, 2)]
    cands = at.session_state["candidates"]
    assert {"210000;320000", "230700;440500"} <= set(cands["refs"])
    assert [doc for _, _, doc in calls] == list(dict.fromkeys(cands["doc"]))


def test_the_uploader_lets_a_too_large_file_reach_the_panel():
    """Streamlit's uploader refuses files over its limit with a small red icon only; its limit (and
    the server's) is above the extractor's, so a file over the extractor's limit reaches the panel,
    which says so in a visible message."""
    import tomllib

    from mapview.upload_panel import UPLOADER_LIMIT_MB
    from pairings.extract import MAX_UPLOAD_BYTES

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] >= UPLOADER_LIMIT_MB > MAX_UPLOAD_BYTES / 1e6


def test_a_3_mb_file_and_an_empty_press_give_visible_messages_in_the_pages_language():
    at = run_page()
    at.button(key="w_extract").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value.replace("\\", "") for w in at.warning] == ["没有可提取的内容：请上传文件或粘贴文本，再按「提取候选」。"]
    at.file_uploader(key="w_upload").set_value(("big.txt", ("对口合作。" * 200_000).encode("utf-8"), "text/plain"))
    at.button(key="w_extract").click()
    at.run()
    errors = [e.value.replace("\\", "") for e in at.error]  # the markdown source, made inert
    assert any("big.txt 太大（3.0 MB；上限 2.0 MB）" in e for e in errors), errors
    assert not any(re.search(r"[A-Za-z]{4,}", e.replace("big.txt", "").replace("MB", "")) for e in errors), errors
    at.file_uploader(key="w_upload").set_value(("broken.docx", b"PK\x03\x04 word/ not a document", "application/zip"))
    at.button(key="w_extract").click()
    at.run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(e.startswith("broken.docx 不是可读取的 Word 文档（.docx）") for e in errors), errors
    assert not any(re.search(r"[A-Za-z]{5,}", e.replace("broken.docx", "").replace("UTF-8", "")) for e in errors)
    at.file_uploader(key="w_upload").set_value(("blank.txt", b"   \n", "text/plain"))
    at.button(key="w_extract").click()
    at.run()
    assert any("blank.txt 是空的" in e.value.replace("\\", "") for e in at.error)


def test_a_file_of_another_type_is_named_in_the_pages_language():
    """The uploader takes any file (Streamlit's own refusal of a type is English); the panel names
    a file of another type in the page's language."""
    from mapview.upload_panel import input_message

    assert input_message("sheet.xlsx", b"PK", None, "zh") == "sheet.xlsx 的类型不受支持：可上传 .txt .md .csv .docx .pdf。"
    assert input_message("a.txt", "东北".encode("gbk"), None, "zh") is None


def test_metadata_is_checked_before_extraction():
    at = run_page()
    at.text_area(key="w_paste").input(NEW_PAIR)
    at.text_input(key="w_meta_date").input("2024-13-01")
    at.button(key="w_extract").click()
    at.run()
    assert any("「2024-13-01」不是有效日期" in e.value.replace("\\", "") for e in at.error)
    assert at.session_state["candidates"] is None  # nothing extracted
    labels = [t.label for t in at.text_input]
    assert "发文机关" in labels and "日期（年-月-日）" in labels


def test_panel_says_how_we_know_it_and_basis_goes_into_the_url():
    """The evidence panel shows the row's basis in words and its note; ``basis=text`` (only what
    the texts state) is a switch in the sidebar and stays in the URL."""
    at = run_app({"sel": "pair-liaoning-jiangsu", "basis": "text"})
    text = markdown_text(at)
    from pairings.glossary import basis_label
    assert 'class="mv-basis" data-basis="text"' in text and basis_label("text", "zh") in text
    assert at.toggle(key="w_basis").value is True
    assert at.query_params["basis"] in ("text", ["text"])
    at.toggle(key="w_basis").set_value(False).run()
    assert "basis" not in dict(at.query_params)
