"""Edit any table of the data folder in the app: ``st.data_editor`` with the checker inline.

:func:`table_editor` draws, with Streamlit, for one data folder:

- a table picker over :data:`pairings.schema.FILES` (documents, pairings, zones, basins,
  platforms, mentions; entity tables named by :mod:`pairings.entities`);
- the picked table as written on disk (:func:`pairings.store.snapshot`: every row, every cell
  as text, bad rows included — never ``pairings.load().tables``, which leaves bad rows out),
  in ``st.data_editor`` with a select-box for every column whose schema field has an ``enum``
  (``kind`` from the glossary for that entity type, ``direction``, ``basis`` … read from the
  frictionless schema, so a new enum appears here by itself);
- the checker's problems for the edited tables before saving
  (:func:`pairings.store.check_tables` + :func:`pairings.store.problems_by_cell`): a table of
  editor row / id / column / message, the rows a save would refuse marked;
- a diff preview (rows added / changed / removed, :func:`pairings.store.diff_tables`);
- a save button, disabled while there is a problem, that calls
  :func:`pairings.store.save_tables` with the snapshot as ``base_token`` and shows a refusal
  (someone else saved meanwhile, a new problem) plainly.

With ``editing`` False everything is read-only (tables and problems are shown, nothing is ever
written, not even a recovery) and the page says editing needs ``REGIONMAP_EDITING=1``.

Edits to several tables are kept while switching between them and saved together as one
transaction. Text from the data reaches the page only through widgets (grid cells) or
:func:`pairings.safety.inert_markdown`.

Session state used (all under keys starting ``te_``): ``te_state::<data folder>`` (the
snapshot, pending edits, generation), the picker ``te_table``, and one editor per table
``te_<stem>_<generation>`` (the generation starts at 0 and grows at every save, reload and
discard, which starts every editor afresh).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import pairings
from pairings.check import ERROR
from pairings.entities import by_file
from pairings.safety import inert_markdown
from pairings.schema import FILES, resource
from pairings import store
from mapview.i18n import problem_line, problem_text, store_text
from mapview.notices import data_notices

_TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "编辑数据表", "en": "Edit data tables"},
    "intro": {"zh": "直接编辑 `pairings/data/` 中的 CSV。保存前会用数据检查器检查全部表格；"
                    "所有修改作为一个整体写入（要么全部写入，要么一个也不写）。",
              "en": "Edit the CSVs of `pairings/data/` directly. Before saving, the data checker checks "
                    "every table; all changes are written as one whole (all or nothing)."},
    "read_only": {"zh": "只读：本实例没有开启编辑，表格只供查看，不会写入任何文件。"
                        "要编辑，请在本地运行时设置环境变量 `REGIONMAP_EDITING=1`"
                        "（例如 `REGIONMAP_EDITING=1 streamlit run app.py`）。",
                  "en": "Read-only: editing is not turned on for this instance; the tables are shown and "
                        "no file is ever written. To edit, run the app locally with the environment "
                        "variable `REGIONMAP_EDITING=1` (e.g. `REGIONMAP_EDITING=1 streamlit run app.py`)."},
    "table": {"zh": "数据表", "en": "Table"},
    "documents": {"zh": "文件", "en": "documents"},
    "mentions": {"zh": "引文", "en": "mentions"},
    "rows": {"zh": "{file}：{n} 行", "en": "{file}: {n} rows"},
    "unreadable": {"zh": "{file} 无法在此编辑（为免丢失单元格）：{why}",
                   "en": "{file} cannot be edited here (cells could be lost): {why}"},
    "editor_help": {"zh": "双击单元格编辑；表格下方的 ＋ 添加一行；勾选左侧行号后按 Delete 删除行。"
                          "左侧数字是编辑器行号，下面的问题列表用的就是它（未编辑的表：文件行号 = 编辑器行号 + 2）。",
                    "en": "Double-click a cell to edit; + below the table adds a row; select rows on the left "
                          "and press Delete to remove them. The numbers on the left are editor rows, as in the problems "
                          "list below (in a table not edited, file row = editor row + 2)."},
    "pending": {"zh": "未保存的修改：{tables}", "en": "Unsaved changes: {tables}"},
    "no_changes": {"zh": "尚无修改。", "en": "No changes yet."},
    "problems_ok": {"zh": "检查通过：修改后的数据没有问题。", "en": "Check passed: the edited data has no problems."},
    "data_ok": {"zh": "检查通过：数据没有问题。", "en": "Check passed: the data has no problems."},
    "problems_edit": {"zh": "检查发现 {n} 个问题，解决后才能保存（“由修改引入”标出保存会因之被拒绝的问题）：",
                      "en": "The check found {n} problem(s); saving is possible once they are solved "
                            "(\"from your edit\" marks those a save would be refused for):"},
    "problems_data": {"zh": "当前数据的检查问题（{n} 个）：", "en": "Problems of the current data ({n}):"},
    "col_table": {"zh": "表", "en": "table"},
    "col_row": {"zh": "编辑器行号", "en": "editor row"},
    "col_id": {"zh": "编号", "en": "id"},
    "col_column": {"zh": "列", "en": "column"},
    "col_message": {"zh": "问题", "en": "problem"},
    "col_new": {"zh": "由修改引入", "en": "from your edit"},
    "whole_file": {"zh": "（整个文件）", "en": "(whole file)"},
    "diff": {"zh": "修改预览", "en": "Preview of the changes"},
    "diff_counts": {"zh": "{file}：新增 {added} 行，修改 {changed} 行，删除 {removed} 行",
                    "en": "{file}: {added} row(s) added, {changed} changed, {removed} removed"},
    "added": {"zh": "新增的行", "en": "Rows added"},
    "changed": {"zh": "修改的单元格", "en": "Cells changed"},
    "removed": {"zh": "删除的行", "en": "Rows removed"},
    "col_key": {"zh": "行（编号）", "en": "row (id)"},
    "col_old": {"zh": "原值", "en": "before"},
    "col_after": {"zh": "新值", "en": "after"},
    "columns_added": {"zh": "新增的列：{cols}", "en": "Columns added: {cols}"},
    "columns_removed": {"zh": "删除的列（保存会被拒绝）：{cols}", "en": "Columns removed (a save will be refused): {cols}"},
    "save": {"zh": "保存", "en": "Save"},
    "save_help_blocked": {"zh": "先解决上面列出的问题", "en": "Solve the problems listed above first"},
    "save_help": {"zh": "把全部修改作为一个整体写入 CSV", "en": "Write all changes to the CSVs as one whole"},
    "discard": {"zh": "放弃修改并重新载入", "en": "Discard edits and reload"},
    "saved": {"zh": "已保存，写入了：{files}", "en": "Saved; written: {files}"},
    "saved_nothing": {"zh": "没有需要写入的修改。", "en": "Nothing to write."},
    "conflict": {"zh": "保存被拒绝：你开始编辑之后，磁盘上的数据被别人（或另一个窗口）改过了。没有写入任何文件；"
                       "你的修改还在本页。请记下修改，点“放弃修改并重新载入”，在新数据上再改一次。",
                 "en": "Save refused: the data on disk was changed by someone else (or another window) since you "
                       "started editing. Nothing was written; your edits are still on this page. Note them, press "
                       "\"Discard edits and reload\" and make them again on the new data."},
    "refused": {"zh": "保存被拒绝，没有写入任何文件：", "en": "Save refused; nothing was written:"},
    "disk_changed": {"zh": "你开始编辑之后，磁盘上的数据已经改变：现在保存会被拒绝。",
                     "en": "The data on disk changed since you started editing: a save now would be refused."},
    "reloaded": {"zh": "数据已更新：磁盘上的文件改变了，已重新载入。", "en": "Data reloaded: the files on disk changed."},
    "recovered": {"zh": "上一次被中断的保存已处理：", "en": "An interrupted earlier save was dealt with:"},
    "store_error": {"zh": "数据文件夹处于不完整状态，无法编辑：", "en": "The data folder is not a whole set; editing is off:"},
    "data_check": {"zh": "数据检查", "en": "Data check"},
    "warning": {"zh": "警告：{message}", "en": "warning: {message}"},
}


def _t(key: str, lang: str, **kwargs: Any) -> str:
    """The UI text ``key`` in ``lang`` (``zh`` or ``en``; anything else falls back to ``zh``)."""
    entry = _TEXT[key]
    text = entry.get(lang, entry["zh"])
    return text.format(**kwargs) if kwargs else text


def table_label(stem: str, lang: str) -> str:
    """What the picker calls a table: the entity type's label, else this module's own."""
    etype = by_file(stem)
    name = etype.label(lang) if etype is not None else _t(stem, lang)
    return f"{name} ({stem}.csv)"


def column_config(stem: str) -> dict[str, Any]:
    """``st.data_editor`` column config for a table from its schema: a select-box for every field
    with an ``enum`` constraint, a text column otherwise, with the field's description as help."""
    config: dict[str, Any] = {}
    for f in resource(stem)["schema"]["fields"]:
        help_text = f.get("description", "")[:400]
        enum = f.get("constraints", {}).get("enum")
        if enum:
            config[f["name"]] = st.column_config.SelectboxColumn(f["name"], options=list(enum), help=help_text)
        else:
            config[f["name"]] = st.column_config.TextColumn(f["name"], help=help_text)
    return config


def _alert(kind: str, head: str, lines: list[str] | None = None) -> None:
    """An st.error/warning/info/success box: ``head`` is UI text (already inert), ``lines`` may hold
    data text and are made inert, one per line."""
    body = "  \n".join([head, *(inert_markdown(line) for line in lines or [])])
    getattr(st, kind)(body)


@st.cache_data(show_spinner=False, max_entries=8)
def _report(data_dir: str, token: str) -> list:
    """The checker's report of the data folder as it is (``token`` keys the cache to its content)."""
    return list(pairings.load(data_dir).report)


def _state(data_dir: Path) -> dict:
    key = f"te_state::{data_dir}"
    if key not in st.session_state:
        st.session_state[key] = {"snap": None, "gen": 0, "pending": {}, "bases": {}, "flash": [],
                                 "preview": None, "result": None, "recovered": False}
    return st.session_state[key]


def _reset(state: dict, data_dir: Path) -> None:
    """Read the folder again and start every editor afresh (edits are dropped)."""
    state["snap"] = store.snapshot(data_dir)
    state["gen"] += 1
    state["pending"], state["bases"], state["preview"], state["result"] = {}, {}, None, None


def _changes(state: dict) -> tuple[dict[str, pd.DataFrame], dict]:
    """The edited tables that differ from the snapshot (blank rows aside), and their diff."""
    snap = state["snap"]
    pending = state["pending"]
    diff = store.diff_tables({s: snap.tables[s] for s in pending}, pending)
    return {s: pending[s] for s in diff}, diff


def _changes_key(state: dict, changes: dict[str, pd.DataFrame]) -> str:
    """A digest of the snapshot and the edited tables' content."""
    digest = hashlib.sha256()
    digest.update(state["snap"].token.encode())
    for stem in sorted(changes):
        digest.update(stem.encode() + b"\0" + changes[stem].to_csv(index=False).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _preview(state: dict, data_dir: Path, changes: dict[str, pd.DataFrame]) -> store.Preview:
    """check_tables on the changes, cached in the session by their content."""
    key = _changes_key(state, changes)
    cached = state["preview"]
    if cached and cached[0] == key:
        return cached[1]
    preview = store.check_tables(data_dir, changes)
    state["preview"] = (key, preview)
    return preview


def _row_id(frame: pd.DataFrame | None, stem: str, position: int | None) -> str:
    if frame is None or position is None or not 0 <= position < len(frame):
        return ""
    return store.row_key(stem, dict(zip(frame.columns, frame.iloc[position].tolist())))


def _row_label(frame: pd.DataFrame | None, position: int | None) -> str:
    """The row number the editor shows for a 0-based position (its index label: rows keep their
    numbers when rows above them are deleted)."""
    if position is None:
        return ""
    if frame is None or not 0 <= position < len(frame):
        return str(position)
    return str(frame.index[position])


def problem_rows(problems: list, positions: dict | None, frames: dict[str, pd.DataFrame], current: str,
                 new: list | None, lang: str) -> pd.DataFrame:
    """The problems as a table for the page: one line per message, the current table's first;
    ``editor row`` is the row number the editor shows (the frame's index label at the problem's
    position; empty for a whole-file problem);
    ``from your edit`` (only when ``new`` is given) marks the problems a save would refuse."""
    def text(problem) -> str:  # the message in the page's language; a warning says so
        words = problem_text(problem, lang)
        return words if problem.severity == ERROR else _t("warning", lang, message=words)

    cells = store.problems_by_cell(problems, positions, text=text)
    fresh = store.problems_by_cell(new, positions, text=text) if new is not None else {}
    records = []
    for (stem, position, column), messages in cells.items():
        for message in messages:
            record = {
                _t("col_table", lang): f"{stem}.csv",
                _t("col_row", lang): _row_label(frames.get(stem), position),
                _t("col_id", lang): _row_id(frames.get(stem), stem, position) if position is not None
                else _t("whole_file", lang),
                _t("col_column", lang): column,
                _t("col_message", lang): message,
            }
            if new is not None:
                record[_t("col_new", lang)] = "✓" if message in fresh.get((stem, position, column), []) else ""
            records.append((stem != current, FILES.index(stem) if stem in FILES else 99,
                            -1 if position is None else position, record))
    records.sort(key=lambda r: r[:3])
    return pd.DataFrame([r[3] for r in records], dtype=str)


def _show_diff(diff: dict, lang: str) -> None:
    st.subheader(_t("diff", lang))
    for stem, d in diff.items():
        counts = d.counts()
        with st.expander(_t("diff_counts", lang, file=f"{stem}.csv", **counts), expanded=True):
            if d.columns_added:
                st.text(_t("columns_added", lang, cols=", ".join(d.columns_added)))
            if d.columns_removed:
                st.text(_t("columns_removed", lang, cols=", ".join(d.columns_removed)))
            if d.added:
                st.caption(_t("added", lang))
                st.dataframe(pd.DataFrame(d.added, dtype=str), hide_index=True)
            if d.changed:
                st.caption(_t("changed", lang))
                st.dataframe(pd.DataFrame([{_t("col_key", lang): c.key, _t("col_column", lang): col,
                                            _t("col_old", lang): c.old.get(col, ""),
                                            _t("col_after", lang): c.new.get(col, "")}
                                           for c in d.changed for col in c.columns], dtype=str), hide_index=True)
            if d.removed:
                st.caption(_t("removed", lang))
                st.dataframe(pd.DataFrame(d.removed, dtype=str), hide_index=True)


def _save(state: dict, data_dir: Path, changes: dict[str, pd.DataFrame], lang: str) -> None:
    result = store.save_tables(data_dir, changes, base_token=state["snap"])
    if result.ok:
        flash = [("success", _t("saved", lang, files=inert_markdown(", ".join(result.written))) if result.written
                  else _t("saved_nothing", lang), [])]
        if result.notes:
            flash.append(("info", _t("recovered", lang), [store_text(n, lang) for n in result.notes]))
        _reset(state, data_dir)
        state["flash"] = flash
        st.rerun()
    state["result"] = (_changes_key(state, changes), result)


def table_editor(lang: str, data_dir: Path, editing: bool) -> None:
    """Draw the table editor for ``data_dir`` in ``lang`` (``zh``/``en``); writes files only when
    ``editing`` is True and the maintainer presses save (see the module docstring)."""
    data_dir = Path(data_dir).resolve()
    state = _state(data_dir)
    st.title(_t("title", lang))
    st.caption(_t("intro", lang))
    if not editing:
        st.info(_t("read_only", lang))
    elif not state["recovered"]:
        try:
            done = store.recover(data_dir)
        except store.StoreError as exc:
            _alert("error", _t("store_error", lang), [store_text(exc, lang)])
            return
        state["recovered"] = True
        if done:
            state["flash"].append(("info", _t("recovered", lang), [store_text(n, lang) for n in done]))

    if state["snap"] is None:
        state["snap"] = store.snapshot(data_dir)
    fingerprint = store.data_fingerprint(data_dir)
    changes, diff = _changes(state)
    disk_changed = fingerprint != state["snap"].token
    if disk_changed and not changes:
        _reset(state, data_dir)
        state["flash"].append(("info", _t("reloaded", lang), []))
        changes, diff, disk_changed = {}, {}, False
    snap = state["snap"]

    for kind, head, lines in state["flash"]:
        _alert(kind, head, lines)
    state["flash"] = []

    with st.expander(_t("data_check", lang), expanded=False):
        notices = data_notices(_report(str(data_dir), snap.token), lang)
        for level, text in notices:
            head, *lines = text.split("\n")
            _alert(level, inert_markdown(head), lines)
        if not notices:
            st.success(_t("data_ok", lang))

    stem = st.radio(_t("table", lang), list(FILES), format_func=lambda s: table_label(s, lang),
                    horizontal=True, key="te_table")
    if stem in snap.unreadable:
        _alert("error", _t("unreadable", lang, file=f"{stem}.csv", why=""), [snap.unreadable[stem]])
    elif not editing:
        st.caption(_t("rows", lang, file=f"{stem}.csv", n=len(snap.tables[stem])))
        st.dataframe(snap.tables[stem], column_config=column_config(stem), hide_index=False)
    else:
        key = f"te_{stem}_{state['gen']}"
        if key not in st.session_state or stem not in state["bases"]:
            # a fresh editor (first time, or its state was dropped while another table was shown):
            # it starts from the edits kept for this table
            state["bases"][stem] = state["pending"].get(stem, snap.tables[stem])
        st.caption(_t("editor_help", lang))
        edited = st.data_editor(state["bases"][stem], key=key, num_rows="dynamic",
                                column_config=column_config(stem), width="stretch",
                                hide_index=False)
        state["pending"][stem] = edited
        changes, diff = _changes(state)

    frames = {s: state["pending"].get(s, t) for s, t in snap.tables.items()}
    if changes:
        st.caption(_t("pending", lang, tables=", ".join(f"{s}.csv" for s in changes)))
        preview = _preview(state, data_dir, changes)
        problems, positions, new = preview.problems, preview.positions, preview.new
    else:
        problems, positions, new = _report(str(data_dir), snap.token), None, None
    table = problem_rows(problems, positions, frames, stem, new, lang)
    if changes and problems:
        st.error(_t("problems_edit", lang, n=len(table)))
    elif problems:
        st.warning(_t("problems_data", lang, n=len(table)))
    elif changes:
        st.success(_t("problems_ok", lang))
    if problems:
        st.dataframe(table, hide_index=True, width="stretch")

    if not editing:
        return
    if not changes:
        st.caption(_t("no_changes", lang))
    else:
        _show_diff(diff, lang)
    if disk_changed:
        st.warning(_t("disk_changed", lang))
    # a refusal is shown while the edits are those that were refused
    result = state["result"][1] if state["result"] and state["result"][0] == _changes_key(state, changes) else None
    if result is not None and not result.ok:
        if result.conflict:
            _alert("error", _t("conflict", lang), [problem_line(p, lang) for p in result.problems])
        else:
            _alert("error", _t("refused", lang), [problem_line(p, lang) for p in result.problems])
    blocked = bool(new) or any(p.severity == ERROR for p in problems)
    left, right = st.columns(2)
    if left.button(_t("save", lang), type="primary", key="te_save", disabled=not changes or blocked,
                   help=_t("save_help_blocked", lang) if blocked else _t("save_help", lang)) \
            and changes and not blocked:  # the button is disabled then; never save past a problem anyway
        _save(state, data_dir, changes, lang)
        st.rerun()
    if right.button(_t("discard", lang), key="te_discard", disabled=not changes and not disk_changed):
        _reset(state, data_dir)
        st.rerun()
