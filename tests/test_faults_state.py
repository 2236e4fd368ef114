"""Reliability, round 2: the run never loses what it did not write, never hangs on odd files, survives
signals, full disks, vanished folders and kills inside its commit, repairs damaged state, and checks its
options as they are parsed.

Every case was first reproduced as a failure (a traceback, a hang, a deleted file) against the earlier code.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, table_files
from plans import variant, write_plans
from test_faults import cli, documents, errors, start, valid

import pipeline
from pipeline import store
from pipeline.cli import main
from pipeline.corpus import expand_inputs, run
from pipeline.executors import Killed, Limits, local_results
from pipeline.ingest import detect_format
from pipeline.model import PipelineError


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    """Two plans committed into a folder; tests copy both before changing them."""
    base = tmp_path_factory.mktemp("committed")
    write_plans(base / "in", 2)
    assert run([base / "in"], base / "out", jobs=1).ok
    return base


@pytest.fixture
def state(committed, tmp_path):
    shutil.copytree(committed / "in", tmp_path / "in")
    shutil.copytree(committed / "out", tmp_path / "out", symlinks=True)
    assert run([tmp_path / "in"], tmp_path / "out", jobs=1).unchanged  # the copies' sources are these now
    return tmp_path / "in", tmp_path / "out"


def one_error_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = errors(result)
    assert len(lines) == 1, result.stderr
    return lines[0]


# ------------------------------------------------------------------------------------------- 1. data loss


@pytest.mark.parametrize("layout", ["out is the input", "out inside the input", "input inside out"])
def test_an_out_overlapping_an_input_is_refused_and_nothing_is_touched(tmp_path, layout):
    folder = tmp_path / "in"
    write_plans(folder, 1)
    (folder / "measures.parquet").mkdir()  # a user's folder named like a table, with a plan in it
    (folder / "measures.parquet" / "mine.txt").write_text(variant(5), encoding="utf-8")
    out, inputs = {
        "out is the input": (folder, folder),
        "out inside the input": (folder / "tables", folder),
        "input inside out": (tmp_path, folder),
    }[layout]
    before = sorted(tmp_path.rglob("*"))
    result = cli("run", str(inputs), "--out", str(out))
    assert result.returncode == 1
    assert ("input" in one_error_line(result)) and "--out" in one_error_line(result)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_table_folder_that_links_elsewhere_is_refused_and_its_target_kept(tmp_path):
    write_plans(tmp_path / "in", 1)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.parquet").write_text("mine")
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "measures.parquet")
    result = cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "measures.parquet is a link" in one_error_line(result)
    assert (tmp_path / "elsewhere" / "keep.parquet").read_text() == "mine"


def test_a_datapackage_of_another_program_is_not_overwritten(tmp_path):
    write_plans(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "datapackage.json").write_text('{"name": "my-own-package"}')
    result = cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "not written by policy-pipeline" in one_error_line(result)
    assert (tmp_path / "out" / "datapackage.json").read_text() == '{"name": "my-own-package"}'


def test_prune_with_a_missing_input_prunes_nothing(state, tmp_path):
    folder, out = state
    result = cli("run", str(tmp_path / "typo"), "--out", str(out), "--prune")
    assert (
        result.returncode == 1 and "nothing pruned, because" in result.stderr and "typo does not exist" in result.stderr
    )
    assert len(documents(out)) == 2


def test_prune_with_an_unreadable_folder_prunes_nothing_and_prunes_once_it_is_read(state, monkeypatch):
    folder, out = state
    (folder / "sub").mkdir()
    (folder / "plan_0001.txt").rename(folder / "sub" / "plan_0001.txt")  # moved: its old path is gone
    (folder / "plan_0000.txt").unlink()
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = run([folder], out, jobs=1, prune=True)
    assert not report.ok and "could not be read" in report.prune_refused and not report.pruned
    assert len(pipeline.load(out)["documents"]) == 2
    monkeypatch.undo()
    report = run([folder], out, jobs=1, prune=True)
    assert report.ok and report.pruned == [str(folder / "plan_0000.txt")]
    assert pipeline.load(out)["documents"].source_file.tolist() == ["plan_0001.txt"]


def test_the_runs_own_outputs_under_an_input_folder_are_not_read(state, tmp_path):
    folder, out = state
    assert main(["report", str(out), "--out", str(folder / "report")]) == 0  # HTML pages among the plans
    shutil.copytree(out, folder / "old-tables", symlinks=True)  # a folder of tables, with its exports
    (folder / "old-tables" / "exports").mkdir()
    (folder / "old-tables" / "exports" / "note.txt").write_text(variant(9), encoding="utf-8")
    files, failures, skipped = expand_inputs([folder])
    assert [f.name for f in files] == ["plan_0000.txt", "plan_0001.txt"] and not failures
    assert folder / "old-tables" in skipped and folder / "report" / "index.html" in skipped
    result = cli("run", str(folder), "--out", str(out))
    assert result.returncode == 0 and "2 unchanged" in result.stderr


# ------------------------------------------------------------------------------------------------ 2. hangs


def _odd_files(folder: Path) -> dict[str, str]:
    """Odd entries named like plans, and what the one line about each says."""
    os.mkfifo(folder / "fifo.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("nowhere.txt", folder / "broken.txt")
    return {"fifo.txt": "FIFO", "zero.txt": "a device", "loop.txt": "link loop", "broken.txt": "broken symbolic link"}


def test_only_regular_files_are_read_and_each_odd_one_is_one_line(tmp_path):
    folder = tmp_path / "in"
    write_plans(folder, 1)
    expected = _odd_files(folder)
    files, failures, _ = expand_inputs([folder] + [folder / name for name in expected])
    assert [f.name for f in files] == ["plan_0000.txt"]
    for name, words in expected.items():
        lines = [str(f) for f in failures if f.path == str(folder / name)]
        assert len(lines) == 2 and all(words in line for line in lines), (name, lines)  # in the folder, and named


def test_a_run_among_odd_files_ends_and_writes_the_plans(tmp_path):
    folder = tmp_path / "in"
    write_plans(folder, 1)
    expected = _odd_files(folder)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(line.split(": ", 2)[1].rsplit("/", 1)[1] for line in errors(result)) == sorted(expected)
    assert documents(tmp_path / "out").source_file.tolist() == ["plan_0000.txt"]


def test_a_source_that_became_a_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")
    with pytest.raises(OSError, match="not a regular file"):
        store.file_sha256(tmp_path / "fifo.txt")  # returns at once: opened without blocking


def _wait_then_upper(path: str) -> str:
    return path.upper()


def _slow_start() -> None:
    time.sleep(1.5)


def test_the_time_limit_starts_when_the_document_starts_not_with_the_worker():
    results = dict(local_results(["a", "b"], _wait_then_upper, jobs=2, limits=Limits(timeout=1), init=_slow_start))
    assert results == {0: "A", 1: "B"}


def _sleep(path: str) -> str:
    time.sleep(float(path))
    return path


def test_a_document_sent_ahead_gets_its_whole_time_limit_from_when_it_starts():
    # One worker holds two documents; the second waits 0.7 s for the first, then runs 0.7 s of its own: 1.4 s
    # after it was sent, within its 1 s limit counted from its start.
    results = dict(local_results(["0.7", "0.7"], _sleep, jobs=1, limits=Limits(timeout=1)))
    assert results == {0: "0.7", 1: "0.7"}


def test_a_document_sent_ahead_to_a_worker_that_is_stopped_goes_to_the_next_worker():
    results = dict(local_results(["5", "0.1", "0.1"], _sleep, jobs=1, limits=Limits(timeout=1)))
    assert isinstance(results[0], Killed) and "time limit" in results[0].message
    assert results[1] == "0.1" and results[2] == "0.1"


def test_a_dask_cluster_that_loses_its_workers_says_so_and_stops():
    distributed = pytest.importorskip("distributed")
    from pipeline.executors import ClusterLost, dask_results

    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        results = dask_results(["0.1", "5", "5"], _sleep, cluster.scheduler_address, grace=1)
        assert next(results) == (0, "0.1")
        cluster.scale(0)  # every worker gone
        with pytest.raises(ClusterLost, match="no workers for 1 s"):
            next(results)


# ---------------------------------------------------------------------------------------------- 3. signals


def test_sighup_commits_the_finished_documents_like_ctrl_c(tmp_path):
    write_plans(tmp_path / "in", 8)
    out = tmp_path / "out"
    proc = start("run", str(tmp_path / "in"), "--out", str(out), "--jobs", "1")
    deadline = time.monotonic() + 120
    while len(list((out / ".pipeline" / "staging").glob("docs/*.json"))) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGHUP)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in stderr
    assert stderr.splitlines()[-1].startswith("interrupted: ")
    assert 2 <= len(documents(out)) < 8 and valid(out)


# ------------------------------------------------------------------------------- 4. full disks, lost folders


def _full_disk_at(where: str, real):
    """A file write (``real``) that fails with ENOSPC for files whose path holds ``where``."""

    def write(path, data):
        if where in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    return write


@pytest.mark.parametrize(
    "where", ["/staging/measures.parquet/2003", ".commit/datapackage.json", ".commit/measure_lineage-"]
)
def test_a_full_disk_is_one_line_and_the_old_state_stays(state, monkeypatch, capsys, where):
    folder, out = state
    write_plans(folder, 2, start=2)
    before = table_files(out)
    monkeypatch.setattr(store, "write_bytes", _full_disk_at(where, store.write_bytes))
    monkeypatch.setattr(store, "_write_in_place", _full_disk_at(where, store._write_in_place))  # staged fragments
    assert main(["run", str(folder), "--out", str(out), "-j", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {out}: cannot write the tables: No space left on device")
    assert table_files(out) == before and not (out / ".pipeline" / "staging").exists()
    monkeypatch.undo()
    assert valid(out)


@pytest.mark.parametrize("at", [0, 5, -1])
def test_a_full_disk_inside_the_commit_window_is_undone(state, monkeypatch, at):
    folder, out = state
    write_plans(folder, 1, start=2)
    before = table_files(out)
    real, calls = os.replace, []

    def replace(src, dst):  # the commit's renames: from staging, not a write's own temporary file
        if "/.pipeline/staging/" in str(src) and not str(src).endswith(".tmp"):
            calls.append(dst)
            if len(calls) - 1 == at or (at < 0 and Path(dst).name == store.PACKAGE):
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(store.OutputError, match="No space left on device"):
        run([folder], out, jobs=1)
    monkeypatch.undo()
    assert table_files(out) == before and valid(out)
    assert not (out / ".pipeline" / store.JOURNAL).exists()


def test_an_output_folder_removed_during_the_run_is_one_line_and_not_made_again(tmp_path, monkeypatch, capsys):
    write_plans(tmp_path / "in", 3)
    out = tmp_path / "out"
    real = store.stage

    def stage_then_lose_the_folder(*args, **kwargs):
        staged = real(*args, **kwargs)
        shutil.rmtree(out)
        return staged

    monkeypatch.setattr(store, "stage", stage_then_lose_the_folder)
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "-j", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {out}: the output folder was removed or replaced during the run; nothing was written"]
    assert not out.exists()


def test_an_out_under_proc_is_one_line(tmp_path):
    result = cli("run", str(tmp_path), "--out", "/proc/self/x.sqlite")
    assert result.returncode == 2 and "cannot write there" in one_error_line(result)


# ------------------------------------------------------------------------------------------ 5. commit window


KILL_AT = """
import os, sys
from pathlib import Path
from pipeline import store
import pipeline.cli as cli
real, n = os.replace, [0]
def replace(src, dst):  # the commit's renames: from staging, not a write's own temporary file
    if "/.pipeline/staging/" in str(src) and not str(src).endswith(".tmp"):
        if str(n[0]) == sys.argv[3] or (sys.argv[3] == "pkg" and Path(dst).name == "datapackage.json"):
            os.kill(os.getpid(), 9)
        n[0] += 1
    real(src, dst)
os.replace = replace
if sys.argv[3] == "after":
    store._remove = lambda out, rels: os.kill(os.getpid(), 9)  # after the commit point, before the clean-up
cli.main(["run", sys.argv[1], "--out", sys.argv[2], "-j", "1"])
"""


@pytest.mark.parametrize("kill_at", ["0", "7", "pkg", "after"])  # first rename, a middle one, the commit point
def test_a_run_killed_inside_its_commit_leaves_a_readable_folder_and_the_next_run_finishes(state, kill_at):
    folder, out = state
    write_plans(folder, 2, start=2)  # 2 documents x 8 tables + 2 sidecars + corpus files + datapackage.json
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT, str(folder), str(out), kill_at], cwd=ROOT, capture_output=True, text=True
    )
    assert killed.returncode == -9, killed.stderr
    assert len(pipeline.load(out)["documents"]) == (4 if kill_at == "after" else 2)  # old or new state, whole
    result = cli("validate", str(out))
    assert result.returncode == 0 and "interrupted commit, run again to finish" in result.stderr
    again = cli("run", str(folder), "--out", str(out))
    assert again.returncode == 0 and "4 unchanged" in again.stderr, again.stderr  # the commit was finished
    assert len(documents(out)) == 4 and valid(out) and not (out / ".pipeline" / store.JOURNAL).exists()
    assert cli("validate", str(out)).stderr == ""


def test_a_reader_meeting_a_commit_reads_again_from_the_new_manifest(state):
    folder, out = state
    plan = folder / "plan_0000.txt"
    plan.write_text(variant(0).replace("Strengthen", "Reinforce"), encoding="utf-8")  # new fragments, old ones go
    attempts = []

    def read(manifest):
        attempts.append(manifest)
        if len(attempts) == 1:
            assert run([folder], out, jobs=1).ok  # a commit between reading the manifest and the files
        return pd.concat([pq.read_table(out / f).to_pandas() for f in manifest.files()["measures"]])

    measures = store.read_consistent(out, read)
    assert len(attempts) == 2 and measures.text.str.contains("Reinforce").any()


# ------------------------------------------------------------------------------------------ 6. damaged state


def test_a_truncated_fragment_is_one_line_in_validate_and_processed_again_by_run(state):
    folder, out = state
    fragment = sorted((out / "measures.parquet").glob("*.parquet"))[0]
    fragment.write_bytes(fragment.read_bytes()[:100])
    result = cli("validate", str(out))
    assert result.returncode == 1 and f"{fragment}: damaged" in one_error_line(result)
    again = cli("run", str(folder), "--out", str(out))
    assert again.returncode == 0 and "1 unchanged" in again.stderr and "warning: " in again.stderr
    assert valid(out) and len(documents(out)) == 2


def _damage_entry(out: Path, change) -> None:
    package = json.loads((out / store.PACKAGE).read_text())
    change(package["manifest"]["documents"])
    (out / store.PACKAGE).write_text(json.dumps(package))


@pytest.mark.parametrize(
    "damage",
    [
        lambda docs: docs[0].pop("sha256"),
        lambda docs: docs[0].update(key="../../outside"),
        lambda docs: docs.__setitem__(0, "not an entry"),
        lambda docs: docs[0].update(checksums=["measures"]),
    ],
)
def test_a_damaged_manifest_entry_is_reported_and_repaired(state, damage):
    folder, out = state
    (out.parent / "outside.parquet").write_text("not ours")
    _damage_entry(out, damage)
    result = cli("validate", str(out))
    assert (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and "manifest entry 0 damaged" in result.stderr
        and "outside.parquet" not in result.stderr
    )
    with pytest.raises(PipelineError, match="manifest entry 0 damaged"):
        pipeline.load(out)
    again = cli("run", str(folder), "--out", str(out))
    assert again.returncode == 0 and "warning: " in again.stderr and "Traceback" not in again.stderr
    assert len(documents(out)) == 2 and valid(out)
    assert (out.parent / "outside.parquet").read_text() == "not ours"


def test_a_journal_naming_paths_outside_the_folder_is_not_followed(state):
    folder, out = state
    (out.parent / "victim.txt").write_text("mine")
    journal = {"renames": [[".pipeline/staging/x/documents.parquet", "../victim.txt"]], "remove": ["../victim.txt"]}
    (out / ".pipeline" / store.JOURNAL).write_text(json.dumps(journal))
    assert cli("run", str(folder), "--out", str(out)).returncode == 0
    assert (out.parent / "victim.txt").read_text() == "mine" and valid(out)


# ---------------------------------------------------------------------------------------------- 7. options


@pytest.mark.parametrize(
    "option, value",
    [
        ("--max-memory", "inf"),
        ("--max-memory", "1e30"),
        ("--max-memory", "nan"),
        ("--max-memory", "10M"),
        ("--max-memory", "-2G"),
        ("--timeout", "inf"),
        ("--timeout", "nan"),
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--out", ""),
        ("--out", " "),
    ],
)
def test_bad_option_values_are_usage_errors_before_any_work(tmp_path, option, value):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(ROOT / "data/raw/circular_2014.txt"), option, value],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # this checkout's pipeline, from elsewhere
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"argument {option}" in result.stderr and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("plan.dat", variant(1).encode(), "txt"),
        ("PLAN", variant(1).encode(), "txt"),
        ("page.dat", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("page", b"\xef\xbb\xbf  <!-- saved --><HTML><p>x</p></HTML>", "html"),
        ("scan.bin", b"%PDF-1.4\n", "pdf"),
        ("notes.md", b"# Plan\n", "txt"),
    ],
)
def test_a_file_named_on_the_command_line_is_read_whatever_its_suffix(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_plans_without_a_known_suffix_named_on_the_command_line_are_written(tmp_path):
    (tmp_path / "plan.dat").write_text(variant(1), encoding="utf-8")
    (tmp_path / "PLAN").write_text(variant(2), encoding="utf-8")
    assert run([tmp_path / "plan.dat", tmp_path / "PLAN"], tmp_path / "out", jobs=1).ok
    assert sorted(documents(tmp_path / "out").source_file) == ["PLAN", "plan.dat"]


def test_names_with_control_characters_are_stored_raw_and_printed_escaped_everywhere(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = "plan_\x1b[31mred\nline.txt"
    (folder / name).write_text(variant(1), encoding="utf-8")
    out = tmp_path / "out\x1b"
    runs = [cli("run", str(folder), "--out", str(out))]
    assert documents(out).source_file.tolist() == [name]  # stored raw, as the file system holds it
    (folder / name).unlink()
    write_plans(folder, 1, start=3)
    runs.append(cli("run", str(folder), "--out", str(out), "--prune"))
    sorted((out / "measures.parquet").glob("*.parquet"))[0].write_bytes(b"")
    runs.append(cli("validate", str(out)))
    assert "pruned" in runs[1].stderr and "red\\nline.txt" in runs[1].stderr
    for result in runs:
        assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
        assert all(
            line.startswith(("error:", "warning:", "note:", "quality", "wrote", "pruned", "/", "1 unchanged"))
            for line in result.stderr.splitlines()
        ), result.stderr


@pytest.mark.parametrize("cut", ["measures", "documents"])
def test_a_staged_fragment_cut_short_is_not_adopted(tmp_path, cut):
    # Staged fragments are written in place (no temporary file): the sidecar's checksums decide what is whole.
    out = tmp_path / "out"
    (out / store.STATE).mkdir(parents=True)
    fragments = {t: f"{t} bytes of a document".encode() for t in store.DOCUMENT_TABLES}
    entry = store.Entry(doc_id="d1", key="d1-abc", path="/in/d1.txt", source="d1.txt", sha256="0" * 64, rules="r")
    store.stage(out, entry, fragments, {"summary": {}})
    assert list(store.staged_documents(out)) == [("/in/d1.txt", "0" * 64, "r")]
    path = store.staged_path(out, "d1-abc", cut)
    path.write_bytes(path.read_bytes()[:5])
    assert store.staged_documents(out) == {}
