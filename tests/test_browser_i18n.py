"""Browser tests of issue 13's "both languages, all the way" on the maintenance pages, and of
compare mode's inferred features (Chromium through Playwright, the real app; fixtures in
tests/conftest.py).

- The Chinese 数据维护 and 编辑数据表 pages show no English message: widget labels, buttons,
  captions, headings, alerts, placeholders, the page list and Streamlit's own uploader texts
  (hidden and replaced by the page's words, ``mapview.upload_panel.uploader_css``) — before and
  after uploads the extractor refuses (an empty file, a PNG called .txt, a damaged .docx, a file
  mixing UTF-8 and GBK, a file of another type). File names, file formats and code (``<code>``)
  are not messages and are left out. The uploader stays usable: its button opens the file chooser.
- Compare mode (``?compare=ndrc2015,central2018``) keeps an inferred feature dashed as it is
  outside compare mode, with the class ``mv-inferred`` beside its compare class, and the legend
  explains the dash. The inferred entities are read from the CSVs.
"""
from __future__ import annotations

import re
import urllib.parse

import pandas as pd
import pytest

from tests.browser.helpers import map_frame, wait_for_count, wait_for_map
from tests.browser.server import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = REPO_ROOT / "pairings" / "data"
MAINT = "/" + urllib.parse.quote("数据维护")
EDITOR = "/" + urllib.parse.quote("编辑数据表")
A, B = "ndrc2015", "central2018"

#: an English word of four letters or more; names of file formats, products and the language
#: toggle aside
ENGLISH_WORD = re.compile(r"\b(?!(?:Leaflet|CSV|PNG|SVG|PDF|PPTX|DOCX|GeoJSON|HTML|URL|English|UTF|GBK|Word|WPS|Excel|"
                          r"GB18030|OCR|BOM|NUL|JPEG|ZIP|RTF)\b)[A-Za-z]{4,}\b")
#: file names and extensions (``documents.csv``, ``.docx``) and paths are names, not messages
FILE_NAME = re.compile(r"(?:[\w\u3400-\u9fff/-]*)\.(?:csv|txt|md|docx?|pdf|png|json|py|xlsx?|zip)\b", re.I)

#: the texts a reader takes as the page's messages (those shown); Material icon ligatures (``upload``,
#: ``keyboard_arrow_right``), code and text only for screen readers (a 1-px box, Streamlit's "add
#: icon" inside a button that has an aria-label) are not read (they are hidden while the texts are read)
MESSAGES_JS = """() => {
  const tiny = e => { const r = e.getBoundingClientRect(); return r.width <= 1 && r.height <= 1; };
  const hide = [...document.querySelectorAll('[data-testid=stIconMaterial], code'),
                ...[...document.querySelectorAll('span')].filter(e => e.textContent && tiny(e))];
  const was = hide.map(e => e.style.display);
  hide.forEach(e => { e.style.display = 'none'; });
  const sel = ['label', 'button', '[data-testid=stCaptionContainer]', 'h1', 'h2', 'h3', '[data-testid=stAlert]',
               '[data-testid=stExpander] summary', '[data-testid=stSidebarNav]',
               '[data-testid=stFileUploaderDropzone]', '[data-testid=stMarkdownContainer]',
               '[data-testid=stWidgetLabel]', '[data-testid=stRadio]'];
  const out = [];
  // an element not rendered (display: none) has no innerText to read: its textContent is not shown
  document.querySelectorAll(sel.join(',')).forEach(e => { if (e.checkVisibility()) { out.push(e.innerText); } });
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(e => out.push(e.placeholder));
  document.querySelectorAll('[role=combobox]').forEach(e => out.push(e.value || e.innerText || ''));
  hide.forEach((e, i) => { e.style.display = was[i]; });
  return out; }"""


def english_in(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH_WORD.search(FILE_NAME.sub(" ", t or ""))]


def _no_exception(page) -> None:
    error = page.locator("[data-testid='stException']")
    assert not error.count(), error.first.inner_text()[:2000]


def test_the_word_pattern_finds_english_and_passes_names():
    assert english_in(["Drag and drop files here"]) and english_in(["Upload"]) and english_in(["20MB per file"])
    assert english_in(["x.txt is empty: there is no text to read."])
    assert not english_in(["可上传 .txt .md .csv .docx .pdf", "文件 (documents.csv)", "请用 Word 或 WPS 打开",
                           "无法按 UTF-8 或 GBK/GB18030 文本读取", "图片.png 的类型不受支持"])


def _count_runs(page) -> None:
    """Count the script runs that end from now on (``window.mvRuns``): a chosen file is uploaded,
    then the page runs with it; a press of a button before that run would find no file."""
    page.evaluate("""() => { window.mvRuns = 0; const app = document.querySelector('[data-testid=stApp]');
      new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'notRunning') {
        window.mvRuns += 1; } }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }""")


IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _open_maint(page, url: str) -> None:
    page.goto(url + MAINT)
    page.locator("[data-testid=stFileUploaderDropzone]").wait_for(timeout=60_000)
    page.locator("[data-testid=stSidebarNav]").wait_for()
    page.wait_for_selector(IDLE, timeout=60_000)  # the page's first run has ended


def test_the_chinese_maintenance_page_has_no_english_messages_before_and_after_refused_uploads(app_server,
                                                                                               guarded_page):
    page = guarded_page
    page.goto(app_server.url)  # the map page first: the server knows its page list from then on
    wait_for_map(page)
    _open_maint(page, app_server.url)
    texts = page.evaluate(MESSAGES_JS)
    assert not english_in(texts), f"English on the Chinese page: {english_in(texts)[:10]}"
    # Streamlit's button word is replaced by the page's (generated content), its own is not shown
    zone = page.locator(".st-key-w_upload [data-testid=stFileUploaderDropzone]")
    button = zone.locator("button[data-testid=stBaseButton-secondary]")
    assert button.locator("div").first.evaluate("e => getComputedStyle(e, '::after').content") == '"选择文件"'
    assert "Upload" not in button.inner_text()
    assert not zone.locator("[data-testid=stFileUploaderDropzoneInstructions]").is_visible()
    # the button still opens the file chooser, and the chosen files are uploaded
    bad_docx = b"PK\x03\x04 word/ this is not a document"
    mixed = "第一行是 UTF-8。\n".encode("utf-8") + "第二行是 GBK。\n".encode("gbk")
    files = [{"name": "空白.txt", "mimeType": "text/plain", "buffer": b""},
             {"name": "图片.txt", "mimeType": "text/plain", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64},
             {"name": "损坏.docx", "mimeType": "application/octet-stream", "buffer": bad_docx},
             {"name": "混合.txt", "mimeType": "text/plain", "buffer": mixed},
             {"name": "表格.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04"}]
    _count_runs(page)
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files)
    page.locator(".st-key-w_upload [data-testid=stFileChip]").nth(len(files) - 1).wait_for(timeout=30_000)
    page.wait_for_function("() => window.mvRuns > 0", timeout=60_000)  # the run with the files
    assert page.locator(".st-key-w_upload [data-testid=stFileChip][aria-invalid=true]").count() == 0
    page.locator(".st-key-w_extract button").click()
    alerts = page.locator("[data-testid=stAlert]")
    alerts.nth(len(files) - 1).wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    _no_exception(page)
    shown = alerts.all_inner_texts()
    for f in files:  # one message per file, naming it, in Chinese
        mine = [t for t in shown if f["name"] in t]
        assert len(mine) == 1, (f["name"], shown)
        assert re.search(r"[\u4e00-\u9fff]{4,}", mine[0].replace(f["name"], "")), mine
    assert any("PNG 图片" in t for t in shown) and any("第 1 行是 UTF-8" in t for t in shown), shown
    texts = page.evaluate(MESSAGES_JS)
    assert not english_in(texts), f"English on the Chinese page after the uploads: {english_in(texts)[:10]}"


def test_the_english_maintenance_page_words_refusals_in_english(app_server, guarded_page):
    page = guarded_page
    page.goto(app_server.url + MAINT + "?lang=en")
    page.locator("[data-testid=stFileUploaderDropzone]").wait_for(timeout=60_000)
    page.get_by_text("Upload or paste a new text").wait_for()
    page.wait_for_selector(IDLE, timeout=60_000)
    _count_runs(page)
    page.locator(".st-key-w_upload input[type=file]").set_input_files(
        files=[{"name": "blank.txt", "mimeType": "text/plain", "buffer": b"  \n"}])
    page.locator(".st-key-w_upload [data-testid=stFileChip]").wait_for()
    page.wait_for_function("() => window.mvRuns > 0", timeout=60_000)  # the run with the file
    page.locator(".st-key-w_extract button").click()
    page.locator("[data-testid=stAlert]", has_text="blank.txt is empty: there is no text to read.").wait_for()
    assert not re.search(r"[\u4e00-\u9fff]", page.locator("[data-testid=stAlert]").first.inner_text())


def test_the_chinese_table_editor_page_has_no_english_messages(app_server, guarded_page):
    page = guarded_page
    page.goto(app_server.url)
    wait_for_map(page)
    page.goto(app_server.url + EDITOR)
    page.get_by_role("heading", name="编辑数据表").wait_for(timeout=60_000)
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    page.locator("[data-testid=stExpander] summary").first.click()  # the data check
    page.wait_for_timeout(1000)
    for stem in ("pairings", "mentions"):
        page.get_by_text(f"({stem}.csv)").click()
        page.wait_for_timeout(1500)
        _no_exception(page)
        texts = page.evaluate(MESSAGES_JS)
        assert not english_in(texts), f"English on the Chinese page: {english_in(texts)[:10]}"


# --------------------------------------------------------------------------- compare mode

def _inferred_ids() -> dict[str, str]:
    """``{entity id: file}`` of the rows whose basis is ``inferred``, from the CSVs."""
    out = {}
    for stem, key in (("pairings", "pairing_id"), ("zones", "zone_id"), ("basins", "basin_id"),
                      ("platforms", "platform_id")):
        for path in sorted(DATA.rglob(f"{stem}.csv")):
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            out.update({eid: stem for eid in table.loc[table["basis"] == "inferred", key]})
    return out


def _compared() -> dict[str, str]:
    mentions = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(DATA.rglob("mentions.csv"))])
    in_a = set(mentions.loc[mentions["doc_id"] == A, "entity_id"])
    in_b = set(mentions.loc[mentions["doc_id"] == B, "entity_id"])
    return {**{e: "added" for e in in_b - in_a}, **{e: "dropped" for e in in_a - in_b},
            **{e: "shared" for e in in_a & in_b}}


PATHS_JS = """ids => Object.fromEntries(ids.map(id => [id,
    [...document.querySelectorAll('path.mv-feature.mv-id-' + id)].map(p => ({
        cls: p.getAttribute('class'), dash: p.getAttribute('stroke-dasharray') || '',
        stroke: p.getAttribute('stroke')}))]))"""


def test_compare_mode_keeps_inferred_features_dashed_and_the_legend_says_so(app_server, guarded_page):
    page = guarded_page
    inferred, compared = _inferred_ids(), _compared()
    # zones and pairings: one path per entity (a basin's river course may be shared with a cited basin)
    ids = sorted(e for e in compared if inferred.get(e) in ("zones", "pairings"))
    assert {compared[e] for e in ids} >= {"added", "shared"}, ids  # the test covers two classes at least
    page.goto(f"{app_server.url}/?docs={A},{B}")
    frame = wait_for_map(page)
    wait_for_count(page, lambda c: c > 0)
    before = frame.evaluate(PATHS_JS, ids)
    page.goto(f"{app_server.url}/?compare={A},{B}")
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.MV && window.MV.compared && Object.keys(window.MV.compared).length > 0",
                            timeout=60_000)
    wait_for_count(page, lambda c: c > 0)
    page.wait_for_timeout(800)
    after = frame.evaluate(PATHS_JS, ids)
    styles = frame.evaluate("() => { const s = {}; ['added', 'dropped', 'shared'].forEach(k => {"
                            "const el = document.querySelector('path.mv-feature.mv-' + k + ':not(.mv-inferred)');"
                            "if (el) { s[k] = el.getAttribute('stroke'); } }); return s; }")
    for eid in ids:
        assert before[eid] and after[eid], f"{eid} is not drawn"
        for old, new in zip(before[eid], after[eid]):
            classes = new["cls"].split()
            assert "mv-inferred" in old["cls"].split() and "mv-inferred" in classes, (eid, old, new)
            assert f"mv-{compared[eid]}" in classes, (eid, new)
            assert old["dash"] and new["dash"] == old["dash"], (eid, old, new)  # as dashed as outside compare mode
            if compared[eid] in styles:
                assert new["stroke"] == styles[compared[eid]], (eid, new)  # the colour still gives the class
    # the legend explains the three classes and the dash
    frame.locator(".mv-legend-box summary").click()
    note = frame.locator(".mv-legend .mv-cmp-inferred")
    note.wait_for()
    assert "整理者推定" in note.inner_text() and note.locator(".mv-swatch-inferred").count() == 1
    assert frame.locator(".mv-cmp-legend .mv-cmp-legend-item").count() == 3
