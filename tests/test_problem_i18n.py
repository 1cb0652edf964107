"""The checker's and the store's messages in the page's language (issue 13: no English message on
the Chinese page). ``pairings.check.Problem`` carries a ``code`` and ``params`` beside its English
``message`` (the command line's); ``mapview.i18n.problem_text`` words it in Chinese.

- every problem the broken-input corpus (tests/test_pairings_check.py: ~100 cases) and the basis
  rules produce has a code with a Chinese text, and that text has no English word once the values
  from the data (its params), column names, file names and code are taken out;
- every code written in pairings/ (a literal at a ``Problem``, ``err``, ``fail`` or
  ``_store_problem`` call, or a code returned with its params) has a Chinese text, and is
  called with the same params the samples here (for the codes the corpus does not reach) and
  the corpus use;
- the store's refusals, errors and notes (a stale save, a missing column, …) are worded in Chinese.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from mapview.i18n import PROBLEM_ZH, STORE_ZH, problem_line, problem_text, store_text
from pairings import store
from pairings.check import ERROR, WARNING, Problem
from pairings.schema import FILES, resource
from tests import test_pairings_check as corpus

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO / "pairings" / "check.py", REPO / "pairings" / "store.py", REPO / "pairings" / "loader.py"]

#: English words a Chinese message may keep: names of formats, programs and enum values in code
ALLOWED = {"CSV", "UTF", "GBK", "GB18030", "BOM", "TAB", "HTML", "Markdown", "Excel", "Windows", "Unicode", "NAME",
           "git", "km"}
COLUMNS = {f["name"] for stem in FILES for f in resource(stem)["schema"]["fields"]} | {"partial_adcodes"}
WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")


def english_words(text: str, params: dict) -> list[str]:
    """English words of ``text`` once params, code spans, file names, paths and column names are out."""
    values = []
    for value in params.values():
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            for part in (item if isinstance(item, (list, tuple)) else [item]):
                values += [repr(str(part)), str(part)]
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"[\w./<>-]*\.(?:csv|txt|md|py)\b", " ", text)
    text = re.sub(r"\b(?:zone|basin|plat|pair)-[\w-]*", " ", text)
    for column in sorted(COLUMNS, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(column)}\b", " ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _corpus_problems(tmp_path_factory, monkeypatch) -> list[Problem]:
    corpus.as_a_user(monkeypatch)
    out = []
    cases = [(c[0], c[1]) for c in corpus.CASES] + [(c[0], c[1]) for c in corpus.BASIS_CASES]
    for case_id, edits in cases:
        result = corpus.run(corpus.make(tmp_path_factory.mktemp(case_id[:40]), *edits))
        out += list(result.report)
    return out


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _corpus_problems(tmp_path_factory, monkeypatch)


#: params as the source passes them, for the codes the corpus does not reach
SAMPLES = {
    "file_unreadable": {"error": "OSError: Input/output error"},
    "cell_invalid": {"value": "x", "detail": "constraint \"unique\" is violated"},
    "listed_twice": {"items": ["110000"]},
    "no_gazetteer": {"error": "geo/gazetteer.json is missing"},
    "ref_wrong_kind": {"value": "pair-a-b", "expect": "party"},
    "plan_unverified": {"field": "note", "words": ["按记忆"]},
    "source_missing": {"basis": "plan"},
    "partial_not_member": {"codes": ["210000"]},
    "direction_no_roles": {"kind": "对口合作"},
    "not_editable": {"error": "row 3 has 9 cells but the header has 8"},
    "rows_not_added": {"error": "not a valid CSV"},
    "text_exists": {"path": "pairings/texts/x.txt"},
    "text_not_a_file": {"path": "pairings/texts/x.txt"},
    "text_path_bad": {"path": "../x.txt"},
    "write_failed": {"error": "[Errno 28] No space left on device"},
    "store_error": {"store_code": "busy", "store_params": {}},
    "not_a_data_file": {"stem": "foo", "files": list(FILES)},
    "columns_lost": {"columns": ["note"]},
    "changed_meanwhile": {"files": ["pairings/data/zones.csv"]},
}


def test_every_problem_of_the_corpus_is_worded_in_chinese(problems):
    assert len(problems) > 150
    untranslated = [p.line() for p in problems if p.code not in PROBLEM_ZH]
    assert not untranslated, untranslated[:10]
    for p in problems:
        zh, en = problem_text(p, "zh"), problem_text(p, "en")
        assert en == p.message
        assert zh != p.message and re.search(r"[\u4e00-\u9fff]", zh.replace(str(p.params), "")), (p.code, zh)
        assert not english_words(zh, p.params), (p.code, zh, english_words(zh, p.params))
    assert problem_line(problems[0], "zh").startswith(f"{problems[0].file}:{problems[0].row}:{problems[0].column}: ")


def test_the_samples_are_worded_in_chinese():
    for code, params in SAMPLES.items():
        p = Problem("zones.csv", 2, "note", "the English message", ERROR, code=code, params=params)
        zh = problem_text(p, "zh")
        assert zh != "the English message" and not english_words(zh, params), (code, zh)


def _literal_codes() -> dict[str, set[frozenset]]:
    """``{code: {frozenset(param names)}}`` of every code literal in pairings/ (see module doc)."""
    out: dict[str, set[frozenset]] = {}

    def add(code_node, keys):
        codes = [code_node] if not isinstance(code_node, ast.IfExp) else [code_node.body, code_node.orelse]
        for c in codes:
            if isinstance(c, ast.Constant) and isinstance(c.value, str):
                out.setdefault(c.value, set()).add(frozenset(keys))

    # a helper that adds params of its own: load_texts' err names the text file (``path``)
    added = {"load_texts": {"path"}}
    within: dict[int, str] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef):
                for inner in ast.walk(func):
                    within.setdefault(id(inner), func.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                kws = {k.arg: k.value for k in node.keywords if k.arg}
                if name in ("Problem", "replace") and "code" in kws:
                    params = kws.get("params")
                    # {"path": rel, **params}: the keys written here (those of err's own kwargs are added there)
                    keys = [k.value for k in params.keys if k is not None] if isinstance(params, ast.Dict) else []
                    add(kws["code"], keys)
                elif name in ("err", "fail", "_store_problem") and len(node.args) >= 2:
                    own = added.get(within.get(id(node), ""), set())
                    add(node.args[-1], [k for k in kws if k != "column"] + sorted(own))
                elif name in ("StoreError", "Note") and len(node.args) >= 2:
                    add(node.args[1], list(kws))
            elif isinstance(node, (ast.Return, ast.Assign)) and isinstance(node.value, ast.Tuple):
                elts = node.value.elts
                for i, e in enumerate(elts[:-1]):
                    if isinstance(e, ast.Constant) and isinstance(e.value, str) and isinstance(elts[i + 1], ast.Dict) \
                            and re.fullmatch(r"[a-z_]+", e.value):
                        add(e, [k.value for k in elts[i + 1].keys if isinstance(k, ast.Constant)])
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3 and all(isinstance(e, ast.Constant)
                                                                           for e in node.elts[1:]):
                # the Markdown loop: (pattern, English words, code)
                code = node.elts[2].value
                if isinstance(code, str) and code in PROBLEM_ZH:
                    out.setdefault(code, set()).add(frozenset({"found"}))
    return out


def test_every_code_written_in_pairings_has_a_chinese_text_and_its_params(problems):
    literal = _literal_codes()
    store_codes = {"busy", "staged_incomplete", "backup_missing", "recovery_failed", "journal_unreadable",
                   "left_as_it_is", "completed", "rolled_back_after", "rolled_back", "strays_removed"}
    problem_codes = set(literal) - store_codes
    assert len(problem_codes) > 70, sorted(problem_codes)
    assert problem_codes <= set(PROBLEM_ZH), sorted(problem_codes - set(PROBLEM_ZH))
    assert set(PROBLEM_ZH) <= problem_codes | {"quote_never_closed", "quote_closed_early"}, \
        sorted(set(PROBLEM_ZH) - problem_codes)  # no Chinese text for a code nobody writes
    assert store_codes <= set(literal) and store_codes <= set(STORE_ZH)
    seen = {p.code: set(p.params) for p in problems}
    for code, key_sets in literal.items():
        if code in store_codes:
            continue
        used = seen.get(code, set(SAMPLES.get(code, {})))
        assert code in seen or code in SAMPLES, f"{code}: neither the corpus nor SAMPLES has it"
        assert any(set(keys) == used for keys in key_sets), (code, key_sets, used)


def test_a_warning_is_marked_in_the_pages_language(tmp_path):
    from mapview.table_editor import problem_rows

    report = [Problem("zones.csv", 3, "name", "spaces around the value; `--fix` removes them", WARNING, code="spaces")]
    frames = {"zones": pd.DataFrame({"zone_id": ["a", "b"], "name": ["x", " y"]}, dtype=str)}
    table = problem_rows(report, None, frames, "zones", None, "zh")
    assert table["问题"].tolist() == ["警告：值的前后有空格；`--fix` 会去掉"]
    table = problem_rows(report, None, frames, "zones", None, "en")
    assert table["problem"].tolist() == ["warning: spaces around the value; `--fix` removes them"]


def test_the_stores_refusals_errors_and_notes_in_chinese(tmp_path):
    data_dir = corpus.make(tmp_path)
    snap = store.snapshot(data_dir)
    zones = snap.tables["zones"].copy()
    zones.loc[0, "note"] = "别人的修改"
    assert store.save_tables(data_dir, {"zones": zones}).ok
    stale = store.save_tables(data_dir, {"zones": snap.tables["zones"]}, base_token=snap)  # someone saved meanwhile
    assert stale.conflict and [p.code for p in stale.problems] == ["changed_meanwhile"]
    zh = problem_text(stale.problems[0], "zh")
    assert zh.startswith("你载入数据之后，磁盘上的数据已被改动（") and "zones.csv" in zh, zh
    lost = store.save_tables(data_dir, {"zones": zones.drop(columns=["note"])})
    assert [p.code for p in lost.problems] == ["columns_lost"]
    assert problem_text(lost.problems[0], "zh") == "编辑后的表格缺少列 note：没有保存任何内容（否则会丢失这些单元格）"
    other = store.save_tables(data_dir, {"foo": zones})
    assert problem_text(other.problems[0], "zh").startswith("foo 不是数据文件（")
    busy = store.StoreError("another save of this data folder is still running; try again", "busy")
    assert store_text(busy, "zh") == "这个数据文件夹的另一次保存还在进行；请稍后再试"
    assert store_text(busy, "en") == str(busy)
    note = store.Note("completed an interrupted save (pairings/data/zones.csv)", "completed",
                      files="pairings/data/zones.csv")
    assert note == "completed an interrupted save (pairings/data/zones.csv)"  # still the English text
    assert store_text(note, "zh") == "已完成一次被中断的保存（pairings/data/zones.csv）"
    wrapped = Problem("(data)", 1, "", str(busy), code="store_error", params={"store_code": "busy", "store_params": {}})
    assert problem_text(wrapped, "zh") == "这个数据文件夹的另一次保存还在进行；请稍后再试"


def test_the_chinese_editor_page_words_an_invalid_edit_in_chinese(tmp_path, monkeypatch):
    """The table editor page (AppTest) after invalid edits: the problems table and the alerts on the
    Chinese page carry the checker's messages in Chinese."""
    from tests.test_table_editor import edit, page, problems_table

    from tests.test_table_editor import data_copy

    folder = data_copy(tmp_path)
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(folder))
    monkeypatch.setenv("REGIONMAP_EDITING", "1")
    at = page("zones")
    frame = store.snapshot(folder).tables["zones"]
    edit(at, "zones", {0: {"kind": "城市圈", "note": "<b>x</b>"}, 1: {"member_adcodes": "12345"},
                       2: {"zone_id": frame.loc[3, "zone_id"]}})
    table = problems_table(at)
    assert table is not None and len(table) >= 4, table
    for message in table["问题"]:
        assert re.search(r"[\u4e00-\u9fff]", message), message
        assert not english_words(message.replace("城市圈", ""), {}), message
    assert any("不是 zones.csv 的类型" in m for m in table["问题"])
    assert any("HTML 标签" in m for m in table["问题"])
    assert any(m.startswith(f"编号 '{frame.loc[3, 'zone_id']}' 重复") for m in table["问题"]), table["问题"].tolist()
    shown = [e.value for e in at.error] + [w.value for w in at.warning]
    assert shown and not any(english_words(t, {}) for t in shown), shown


def test_codes_survive_pickling():
    """A cached report (st.cache_data pickles it) or an error from a worker keeps its code and params."""
    import pickle

    from pairings.extract import ExtractInputError

    problem = Problem("zones.csv", 2, "kind", "'x' is not a kind", ERROR, code="kind_bad",
                      params={"value": "x", "stem": "zones", "allowed": ["城市群"]})
    for item in (problem, store.Note("completed an interrupted save (a)", "completed", files="a"),
                 store.StoreError("another save of this data folder is still running; try again", "busy"),
                 ExtractInputError("a.txt is empty: there is no text to read.", "empty", name="a.txt")):
        back = pickle.loads(pickle.dumps(item))
        assert str(back) == str(item) and back.code == item.code and back.params == item.params
