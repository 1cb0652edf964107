"""pairings.store: saves that are one transaction, on copies of the real data.

The fault-injection tests make the commit (and the recovery) fail at every step in turn — an
error (full disk), an interrupt (KeyboardInterrupt: the handler runs) and a kill (the step and
every later one fail: nothing of the process runs any more) — and check that afterwards, once
``recover`` has run, the data folder is byte for byte the old set or the new set, both of which
pass the real checker, with no staged file left.
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from pairings import load, store

REPO = Path(__file__).resolve().parent.parent
NEW_TEXT = "黑龙江省伊春市与广东省汕头市对口合作实施方案\n黑龙江省伊春市与广东省汕头市开展对口合作。\n"
ADDED_PARAGRAPH = "（附注：本段为维护测试所加。）"


def data_copy(tmp_path: Path, name: str = "repo") -> Path:
    """pairings/data and pairings/texts copied as laid out in the repository; returns the data folder."""
    root = tmp_path / name / "pairings"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "pairings" / "data", root / "data")
    shutil.copytree(REPO / "pairings" / "texts", root / "texts")
    return root / "data"


def folder_state(data_dir: Path) -> dict[str, bytes]:
    """Every file of the data folder and the texts folder (the save lock aside): name -> bytes."""
    out = {}
    for folder in (data_dir, data_dir.parent / "texts"):
        for path in sorted(folder.iterdir()):
            if path.name != store.LOCK:
                out[f"{folder.name}/{path.name}"] = path.read_bytes()
    return out


def edited_tables(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """A real multi-file edit: a zone's note changed, a new document with its text, a new pairing
    and its mention, and an existing text with a paragraph added."""
    tables = store.snapshot(data_dir).tables
    zones = tables["zones"].copy()
    zones.loc[0, "note"] = zones.loc[0, "note"] + "（已复核）"
    documents = pd.concat([tables["documents"], pd.DataFrame([{
        "doc_id": "yichun2024", "title": "黑龙江省伊春市与广东省汕头市对口合作实施方案", "issuer": "黑龙江省人民政府",
        "date": "2024-05-01", "text_file": "pairings/texts/yichun2024.txt"}])], ignore_index=True)
    pairings = pd.concat([tables["pairings"], pd.DataFrame([{
        "pairing_id": "pair-yichun-shantou", "kind": "东西部协作", "a_name": "伊春市", "a_ref": "230700",
        "b_name": "汕头市", "b_ref": "440500", "direction": "mutual",
        "basis": "text"}])], ignore_index=True)  # the quote names both cities
    mentions = pd.concat([tables["mentions"], pd.DataFrame([{
        "entity_id": "pair-yichun-shantou", "doc_id": "yichun2024", "clause": "序言",
        "quote": "黑龙江省伊春市与广东省汕头市开展对口合作"}])], ignore_index=True)
    ndrc = (data_dir.parent / "texts" / "ndrc2015.txt").read_text(encoding="utf-8") + ADDED_PARAGRAPH + "\n"
    return ({"zones": zones, "documents": documents, "pairings": pairings, "mentions": mentions},
            {"pairings/texts/yichun2024.txt": NEW_TEXT, "pairings/texts/ndrc2015.txt": ndrc})


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """The old set and the new set (each checked once by the real checker: 0 errors, 0 warnings),
    and a template folder holding the old set."""
    tmp = tmp_path_factory.mktemp("sets")
    template = data_copy(tmp, "template")
    os.chmod(template / "zones.csv", 0o664)  # a mode a save must keep
    old = folder_state(template)
    target = data_copy(tmp, "new")
    os.chmod(target / "zones.csv", 0o664)
    changes, texts = edited_tables(target)
    result = store.save_tables(target, changes, texts)
    assert result.ok, result.lines()
    new = folder_state(target)
    for folder in (template, target):
        report = load(folder).report
        assert report == [], [p.line() for p in report]
    assert set(new) - set(old) == {"texts/yichun2024.txt"}
    assert {k for k in old if old[k] != new[k]} == {"data/zones.csv", "data/documents.csv", "data/pairings.csv",
                                                    "data/mentions.csv", "texts/ndrc2015.txt"}
    return {"template": template, "old": old, "new": new, "changes": changes, "texts": texts}


def fresh(sets, tmp_path: Path, name: str) -> Path:
    """A copy of the template (the old set) laid out as a repository."""
    root = tmp_path / name / "pairings"
    shutil.copytree(sets["template"].parent, root)
    return root / "data"


class Killed(BaseException):
    """The process was killed: raised at the step and at every later one."""


class Faults:
    """Counts the store's file operations and makes step ``k`` fail (``mode``: ``error`` = a full
    disk once, ``interrupt`` = KeyboardInterrupt once, ``kill`` = that step and every later one)."""

    OPERATIONS = ("_write_bytes", "_replace", "_unlink", "_link")

    def __init__(self, monkeypatch, k: int, mode: str):
        self.k, self.mode, self.n, self.fired, self.dead = k, mode, 0, False, False
        self.monkeypatch = monkeypatch
        for name in self.OPERATIONS:
            monkeypatch.setattr(store, name, self._wrap(getattr(store, name)))

    def _wrap(self, function):
        def faulty(*args, **kwargs):
            self.n += 1
            if self.dead:
                raise Killed()
            if self.n == self.k:
                self.fired = True
                if self.mode == "kill":
                    self.dead = True
                    raise Killed()
                if self.mode == "interrupt":
                    raise KeyboardInterrupt()
                raise OSError(errno.ENOSPC, "No space left on device")
            return function(*args, **kwargs)

        return faulty

    def undo(self) -> None:
        self.monkeypatch.undo()


def assert_whole_set(sets, data_dir: Path) -> str:
    """The folder is the old or the new set byte for byte, without a journal or staged file."""
    state = folder_state(data_dir)
    assert store.JOURNAL not in {Path(k).name for k in state}
    if state == sets["old"]:
        return "old"
    assert state == sets["new"], sorted(k for k in set(state) | set(sets["new"])
                                        if state.get(k) != sets["new"].get(k))
    return "new"


def run_save(sets, data_dir: Path):
    return store.save_tables(data_dir, sets["changes"], sets["texts"])


@pytest.mark.parametrize("mode", ["error", "interrupt", "kill"])
def test_a_fault_at_every_step_of_the_commit_leaves_the_old_or_the_new_set(sets, tmp_path, monkeypatch, mode):
    outcomes = []
    k = 0
    while True:
        k += 1
        data_dir = fresh(sets, tmp_path, f"{mode}{k}")
        faults = Faults(monkeypatch, k, mode)
        if mode == "error":
            result = run_save(sets, data_dir)
            if faults.fired:
                # a failed write is reported, and rolled back at once (unless every file was replaced)
                assert result.ok or any("No space left" in line for line in result.lines()), result.lines()
        else:
            try:
                run_save(sets, data_dir)
            except (Killed, KeyboardInterrupt):
                assert faults.fired
        faults.undo()
        if not faults.fired:
            assert assert_whole_set(sets, data_dir) == "new"
            break
        if mode != "kill":
            # the handler ran: no journal is left, nothing to recover
            assert not (data_dir / store.JOURNAL).exists()
        store.recover(data_dir)
        outcomes.append(assert_whole_set(sets, data_dir))
        assert store.recover(data_dir) == []  # nothing left to do
    # every step was tried: the commit has ≥ 6 files, so ≥ 20 steps; both outcomes occurred
    assert k > 20, k
    assert "old" in outcomes and "new" in outcomes, outcomes


def test_a_kill_during_the_recovery_is_recovered_by_the_next_start(sets, tmp_path, monkeypatch):
    """Kill the save at step k, then kill the recovery at step j, then recover: a whole set."""
    crash_images = []
    k = 0
    while True:
        k += 1
        data_dir = fresh(sets, tmp_path, f"save{k}")
        faults = Faults(monkeypatch, k, "kill")
        try:
            run_save(sets, data_dir)
        except Killed:
            pass
        faults.undo()
        if not faults.fired:
            break
        if (data_dir / store.JOURNAL).exists():
            crash_images.append((k, data_dir))
    assert len(crash_images) > 15
    recovered = {"old": 0, "new": 0}
    for k, image in crash_images:
        j = 0
        while True:
            j += 1
            data_dir = tmp_path / f"rec{k}-{j}" / "pairings"
            shutil.copytree(image.parent, data_dir)
            data_dir = data_dir / "data"
            faults = Faults(monkeypatch, j, "kill")
            try:
                store.recover(data_dir)
            except Killed:
                pass
            faults.undo()
            store.recover(data_dir)  # the next start
            recovered[assert_whole_set(sets, data_dir)] += 1
            if not faults.fired:
                break
    assert recovered["old"] and recovered["new"], recovered


def test_a_full_disk_at_os_replace_is_reported_and_nothing_changes(sets, tmp_path, monkeypatch):
    """The real os.replace fails (ENOSPC) on its 4th call — the second target — during the commit."""
    data_dir = fresh(sets, tmp_path, "enospc")
    calls = []
    real = os.replace

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run_save(sets, data_dir)
    monkeypatch.undo()
    assert not result.ok and "No space left on device" in result.lines()[0] and "nothing was changed" in result.lines()[0]
    assert folder_state(data_dir) == sets["old"]


def test_modes_are_kept_and_new_files_get_the_umask_mode(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "modes")
    assert stat.S_IMODE((data_dir / "zones.csv").stat().st_mode) == 0o664
    result = run_save(sets, data_dir)
    assert result.ok and len(result.written) == 6
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((data_dir / "zones.csv").stat().st_mode) == 0o664
    for name in ("documents.csv", "pairings.csv", "mentions.csv"):
        assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o644
    assert stat.S_IMODE((data_dir.parent / "texts" / "yichun2024.txt").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((data_dir.parent / "texts" / "ndrc2015.txt").stat().st_mode) == 0o644
    # the rows keep their order: the diff of zones.csv is the one edited line
    old_lines = sets["old"]["data/zones.csv"].decode().splitlines()
    new_lines = (data_dir / "zones.csv").read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines) and sum(a != b for a, b in zip(old_lines, new_lines)) == 1


def test_a_concurrent_edit_is_refused_with_the_files_named(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "concurrent")
    loaded = store.snapshot(data_dir)
    assert loaded.token == store.data_fingerprint(data_dir)
    # meanwhile a curator saves zones.csv in Excel (a note appended)
    zones = data_dir / "zones.csv"
    zones.write_bytes(zones.read_bytes())
    assert store.data_fingerprint(data_dir) == loaded.token  # same bytes: not a change
    zones.write_bytes(zones.read_bytes() + b"\n")
    edited = loaded.tables["platforms"].copy()
    edited.loc[0, "note"] = "edited"
    result = store.save_tables(data_dir, {"platforms": edited}, base_token=loaded)
    assert result.conflict and not result.written
    assert "pairings/data/zones.csv" in result.lines()[0] and "someone else saved" in result.lines()[0]
    assert (data_dir / "platforms.csv").read_bytes() == sets["old"]["data/platforms.csv"]
    # the same with a plain token (what the app keeps in its session)
    result = store.save_tables(data_dir, {"platforms": edited}, base_token=loaded.token)
    assert result.conflict and "changed since you loaded it" in result.lines()[0]


def test_an_edit_on_disk_while_the_save_is_checked_is_refused(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "during")

    def check_while_someone_edits(folder):
        problems = store.default_check(folder)
        if folder != data_dir:  # the copy is being checked: meanwhile a curator saves basins.csv
            path = data_dir / "basins.csv"
            path.write_bytes(path.read_bytes() + b"\n")
        return problems

    result = store.save_tables(data_dir, sets["changes"], sets["texts"], check=check_while_someone_edits)
    assert result.conflict and "basins.csv" in result.lines()[0]
    state = folder_state(data_dir)
    assert state["data/basins.csv"] == sets["old"]["data/basins.csv"] + b"\n"  # their edit is kept
    assert {k: v for k, v in state.items() if k != "data/basins.csv"} == \
        {k: v for k, v in sets["old"].items() if k != "data/basins.csv"}


def test_two_saves_at_once_from_the_same_base_one_wins(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "race")
    base = store.snapshot(data_dir)
    results = []

    def save(note):
        zones = base.tables["zones"].copy()
        zones.loc[3, "note"] = note
        results.append(store.save_tables(data_dir, {"zones": zones}, base_token=base))

    threads = [threading.Thread(target=save, args=(f"编辑{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.ok for r in results) == [False, True]
    assert [r.conflict for r in results if not r.ok] == [True]
    winner = next(r for r in results if r.ok)
    assert winner.fingerprint == store.data_fingerprint(data_dir)


def test_append_rows_keeps_bytes_and_never_deletes_an_existing_identical_text(sets, tmp_path, monkeypatch):
    """The upload workflow: rows appended after the existing bytes; a text that already exists
    with the same content is left alone, also by the rollback of a failed save."""
    data_dir = fresh(sets, tmp_path, "append")
    text = data_dir.parent / "texts" / "yichun2024.txt"
    text.write_text(NEW_TEXT, encoding="utf-8")
    changes = sets["changes"]
    n = {stem: len(store.snapshot(data_dir).tables[stem]) for stem in ("documents", "pairings", "mentions")}
    rows = {stem: changes[stem].iloc[n[stem]:] for stem in n}
    # first a write that fails at the second target replacement (error): rolled back
    Faults(monkeypatch, 8, "error")
    result = store.append_rows(data_dir, rows, {"yichun2024": NEW_TEXT})
    monkeypatch.undo()
    assert not result.ok and "No space left" in result.lines()[0]
    assert text.read_text(encoding="utf-8") == NEW_TEXT
    old = {k: v for k, v in sets["old"].items()}
    old["texts/yichun2024.txt"] = NEW_TEXT.encode()
    assert folder_state(data_dir) == old
    # then for real
    result = store.append_rows(data_dir, rows, {"yichun2024": NEW_TEXT})
    assert result.ok and result.written == ["pairings/data/documents.csv", "pairings/data/pairings.csv",
                                            "pairings/data/mentions.csv"], result
    for name in ("documents.csv", "pairings.csv", "mentions.csv"):
        now = (data_dir / name).read_bytes()
        assert now.startswith(sets["old"][f"data/{name}"]) and now.count(b"\n") == \
            sets["old"][f"data/{name}"].count(b"\n") + 1
    assert load(data_dir).report == []
    # a document id whose text exists with another content is refused
    other = data_dir.parent / "texts" / "other2024.txt"
    other.write_text("另一份文件。\n", encoding="utf-8")
    docs = rows["documents"].assign(doc_id="other2024", text_file="pairings/texts/other2024.txt")
    result = store.append_rows(data_dir, {"documents": docs}, {"other2024": NEW_TEXT})
    assert not result.ok and "already exists with another text" in result.lines()[0]
    assert other.read_text(encoding="utf-8") == "另一份文件。\n"


def test_text_paths_outside_the_repository_are_refused(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "outside")
    for rel in ("../outside.txt", "/tmp/x.txt", "pairings/texts/x.csv"):
        result = store.save_tables(data_dir, {}, {rel: "x"})
        assert not result.ok and "is not a .txt path inside" in result.lines()[0], rel
    assert folder_state(data_dir) == sets["old"]
    assert not (tmp_path / "outside" / "outside.txt").exists()


def test_recover_removes_stray_staged_files_and_is_silent_when_clean(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "strays")
    assert store.recover(data_dir) == []
    (data_dir / ".zones.csv.k2j3h4.tmp").write_bytes(b"half")  # the old writer, killed
    (data_dir / f"{store.JOURNAL}.0123456789ab.tmp").write_bytes(b"{")
    (data_dir.parent / "texts" / ".ndrc2015.txt.0123456789ab.new").write_bytes(b"half")
    notes = store.recover(data_dir)
    assert notes and "removed staged files" in notes[0]
    assert folder_state(data_dir) == sets["old"]


def test_gbk_excel_file_is_saved_as_utf8_and_an_unedited_table_is_not_rewritten(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "gbk")
    text = (data_dir / "basins.csv").read_text(encoding="utf-8")
    (data_dir / "basins.csv").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    loaded = store.snapshot(data_dir)
    assert loaded.encodings["basins"] == "gb18030"
    result = store.save_tables(data_dir, {"basins": loaded.tables["basins"]}, base_token=loaded)
    assert result.ok and result.written == []  # unchanged: the GBK file is left as it is
    basins = loaded.tables["basins"].copy()
    basins.loc[0, "note"] = "复核"
    result = store.save_tables(data_dir, {"basins": basins}, base_token=loaded)
    assert result.ok and result.written == ["pairings/data/basins.csv"]
    saved = (data_dir / "basins.csv").read_bytes()
    assert b"\r" not in saved and saved.decode("utf-8").splitlines()[2:] == text.splitlines()[2:]


def test_an_edited_table_without_a_column_of_the_file_is_refused(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "column")
    zones = store.snapshot(data_dir).tables["zones"].drop(columns=["name_en"])
    result = store.save_tables(data_dir, {"zones": zones})
    assert not result.ok and "no column name_en" in result.lines()[0]
    assert folder_state(data_dir) == sets["old"]


def test_data_fingerprint_follows_the_content(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "fingerprint")
    first = store.data_fingerprint(data_dir)
    path = data_dir / "pairings.csv"
    os.utime(path, ns=(1, 1))  # touched, same bytes
    assert store.data_fingerprint(data_dir) == first
    path.write_bytes(path.read_bytes().replace(b"mutual", b"a_to_b", 1))
    second = store.data_fingerprint(data_dir)
    assert second != first
    (data_dir.parent / "texts" / "new2026.txt").write_text("新。\n", encoding="utf-8")
    assert store.data_fingerprint(data_dir) not in (first, second)
    assert store.snapshot(data_dir).token == store.data_fingerprint(data_dir)


def test_diff_tables_on_a_real_edit(sets, tmp_path):
    before = store.snapshot(sets["template"]).tables
    after = {k: v.copy() for k, v in before.items()}
    after["zones"].loc[after["zones"]["zone_id"] == "zone-beibuwan-chengshiqun", "name"] = "北部湾城市群（改）"
    removed_id = after["platforms"].iloc[5]["platform_id"]
    after["platforms"] = after["platforms"].drop(index=5).reset_index(drop=True)
    after["pairings"] = pd.concat([after["pairings"], sets["changes"]["pairings"].tail(1)], ignore_index=True)
    after["mentions"] = after["mentions"].iloc[::-1].reset_index(drop=True)  # order alone is no change
    diff = store.diff_tables(before, after)
    assert set(diff) == {"zones", "platforms", "pairings"}
    assert diff["zones"].counts() == {"added": 0, "changed": 1, "removed": 0}
    change = diff["zones"].changed[0]
    assert change.key == "zone-beibuwan-chengshiqun" and change.columns == ["name"]
    assert change.old["name"] == "北部湾城市群" and change.new["name"] == "北部湾城市群（改）"
    assert [r["platform_id"] for r in diff["platforms"].removed] == [removed_id]
    assert [r["pairing_id"] for r in diff["pairings"].added] == ["pair-yichun-shantou"]
    assert store.diff_tables(before, before) == {}


def test_problems_by_cell_puts_real_problems_on_their_rows_and_cells(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "cells")
    tables = store.snapshot(data_dir).tables
    pairings = tables["pairings"].copy()
    row = pairings.index[pairings["pairing_id"] == "pair-changchun-tianjin"][0]
    pairings.loc[row, "a_name"] = "吉林市"  # the name of another unit than a_ref 220100
    blank = pd.DataFrame([{c: None for c in pairings.columns}])
    pairings = pd.concat([blank, pairings], ignore_index=True)  # a blank row the editor added on top
    mentions = tables["mentions"].copy()
    mentions.loc[3, "quote"] = "这句话不在文中"
    preview = store.check_tables(data_dir, {"pairings": pairings, "mentions": mentions})
    cells = store.problems_by_cell(preview.new, preview.positions)
    a_name = cells[("pairings", row + 1, "a_name")]
    assert len(a_name) == 1 and "does not match adcode 220100 (长春市)" in a_name[0] and "did you mean" in a_name[0]
    assert any(m.startswith("quote not found in ") for m in cells[("mentions", 3, "quote")])
    # the rows that cite the left-out pairing are named too, on their own rows
    cited = mentions.index[mentions["entity_id"] == "pair-changchun-tianjin"]
    assert all(("mentions", i, "entity_id") in cells for i in cited)
    assert preview.changed == ["pairings/data/pairings.csv", "pairings/data/mentions.csv"]
    result = store.save_tables(data_dir, {"pairings": pairings, "mentions": mentions})
    assert not result.ok and {p.line() for p in result.problems} == {p.line() for p in preview.new}
    assert folder_state(data_dir) == sets["old"]
    # without positions, Excel row r is position r - 2 (a frame of every row as read)
    report = load(data_dir).report
    assert store.problems_by_cell(report) == {}


def test_split_notices_counts_rows_left_out_apart_from_warnings(sets, tmp_path):
    data_dir = fresh(sets, tmp_path, "notices")
    zones = data_dir / "zones.csv"
    zones.write_bytes(zones.read_text(encoding="utf-8").encode("gb18030"))  # a warning, no row left out
    result = load(data_dir)
    notices = store.split_notices(result.report)
    assert notices.n_left_out == 0 and notices.n_warnings == 1 and "encoding" in notices.warnings[0].message
    path = data_dir / "platforms.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("城市副中心,通州区,110112", "城市副中心,通州区,999999", 1)
    path.write_text("".join(lines), encoding="utf-8")
    result = load(data_dir)
    notices = store.split_notices(result.report)
    assert notices.n_left_out == result.n_left_out() >= 2  # the platform and its mention(s)
    assert ("platforms.csv", 2) in notices.left_out and notices.n_warnings == 1
    assert len(result.report) > notices.n_left_out  # counting report lines would overstate


CHILD = r"""
import sys, time
from pathlib import Path
from pairings import store
from tests.test_store import edited_tables

data_dir, step, marker = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
changes, texts = edited_tables(data_dir)
count = [0]
for name in ("_write_bytes", "_replace", "_unlink", "_link"):
    def wrap(function):
        def hooked(*args, **kwargs):
            count[0] += 1
            if count[0] == step:
                marker.write_text("at step")
                time.sleep(120)  # the parent kills us here
            return function(*args, **kwargs)
        return hooked
    setattr(store, name, wrap(getattr(store, name)))
store.save_tables(data_dir, changes, texts)
"""


@pytest.mark.slow
@pytest.mark.parametrize("signal_name, step", [("SIGKILL", 5), ("SIGKILL", 16), ("SIGINT", 16)])
def test_a_real_process_killed_or_interrupted_mid_commit(sets, tmp_path, signal_name, step):
    """A real child process saving is killed (SIGKILL: nothing of it runs any more) or interrupted
    (SIGINT: Python's KeyboardInterrupt, the handler runs) in the middle of the commit: step 5
    writes a staged file, step 16 replaces the first target (steps 1–2 write the journal,
    3–13 stage six files and link five backups, 14–15 switch the journal to committing). The next start (recover) gives a whole set."""
    import signal
    import subprocess
    import sys
    import time

    data_dir = fresh(sets, tmp_path, f"{signal_name}{step}")
    marker = tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), str(step), str(marker)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never reached the step"
        time.sleep(0.05)
    child.send_signal(getattr(signal, signal_name))
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0
    if signal_name == "SIGINT":
        assert "KeyboardInterrupt" in err
        assert not (data_dir / store.JOURNAL).exists()  # rolled back by the handler
        assert folder_state(data_dir) == sets["old"]
    else:
        assert (data_dir / store.JOURNAL).exists()
    notes = store.recover(data_dir)
    outcome = assert_whole_set(sets, data_dir)
    if signal_name == "SIGKILL":
        assert outcome == ("old" if step < 16 else "new") and notes


def test_the_upload_workflow_through_append_rows_passes_the_command_line_checker(tmp_path):
    """Accepted candidates of a real extraction (mapview.candidates.accepted_rows) appended with
    their new document's text: `python -m pairings check` passes on the folder; the same rows
    again are refused (the ids are taken) and nothing changes; a quote that is not in the text
    refuses the whole write, the text included."""
    import subprocess
    import sys

    from mapview import candidates
    from pairings.extract import extract_text
    from pairings.ingest import clean

    title = "黑龙江省伊春市与广东省汕头市对口合作实施方案"
    meta = {"title": title, "issuer": "黑龙江省人民政府", "date": "2024-05-01"}
    cleaned = clean("黑龙江省伊春市与广东省汕头市开展对口合作。", title).text
    rows = candidates.accepted_rows(extract_text(cleaned, "yichun2024", title=title),
                                    {"yichun2024": {"doc_id": "yichun2024", **meta}})
    data_dir = data_copy(tmp_path, "bad")
    before = folder_state(data_dir)
    bad = {k: v.copy() for k, v in rows.items()}
    bad["mentions"].loc[0, "quote"] = "这句话不在文中。"
    result = store.append_rows(data_dir, bad, {"yichun2024": cleaned})
    assert any(p.file == "mentions.csv" and "quote not found" in p.message for p in result.problems), result.lines()
    assert folder_state(data_dir) == before

    data_dir = data_copy(tmp_path, "good")
    result = store.append_rows(data_dir, rows, {"yichun2024": cleaned})
    assert result.ok, result.lines()
    checked = subprocess.run([sys.executable, "-m", "pairings", "check", "--data-dir", str(data_dir)], cwd=REPO,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "0 errors, 0 warnings" in checked.stdout, checked.stdout
    assert "pair-yichun-shantou,对口合作,伊春市,230700,汕头市,440500,mutual" in \
        (data_dir / "pairings.csv").read_text("utf-8")
    snapshot = folder_state(data_dir)
    again = store.append_rows(data_dir, rows, {"yichun2024": cleaned})
    assert any("duplicate id 'yichun2024'" in line for line in again.lines()), again.lines()
    assert folder_state(data_dir) == snapshot


def test_a_problem_the_data_already_has_does_not_refuse_an_unrelated_edit(sets, tmp_path):
    """A warning already in zones.csv (spaces around a value) stays the same problem when rows are
    added above it: the save of another edit goes through; a new warning refuses unless allowed."""
    data_dir = fresh(sets, tmp_path, "known")
    tables = store.snapshot(data_dir).tables
    zones = tables["zones"].copy()
    zones.loc[10, "name"] = f" {zones.loc[10, 'name']} "
    assert store.save_tables(data_dir, {"zones": zones}, allow_warnings=True).ok
    warned = [p for p in load(data_dir).report if p.severity == "warning"]
    assert [(p.file, p.row, p.column) for p in warned] == [("zones.csv", 12, "name")]
    zones = store.snapshot(data_dir).tables["zones"]
    moved = pd.concat([zones.iloc[[20]], zones.drop(index=20)], ignore_index=True)  # a row moved to the top
    result = store.save_tables(data_dir, {"zones": moved})
    assert result.ok, result.lines()
    assert [(p.row, p.column) for p in load(data_dir).report] == [(13, "name")]
    platforms = store.snapshot(data_dir).tables["platforms"].copy()
    platforms.loc[0, "note"] = " spaces "
    assert not store.save_tables(data_dir, {"platforms": platforms}).ok
    assert store.save_tables(data_dir, {"platforms": platforms}, allow_warnings=True).ok
