"""Reliability: hostile and broken inputs, killed workers and runs, concurrent runs, odd paths.

Every input is generated here. Limits are kept small (seconds, a few hundred MB) so the suite stays quick;
each case checks the exit status, one line naming the file, the other documents written, and a folder
that ``validate`` accepts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CIRCULAR_2014, ROOT, descendants, table_files
from plans import variant, write_plans

from pipeline import store
from pipeline.corpus import expand_inputs, run
from pipeline.executors import Killed, Limits, local_results

LIMITS = ["--timeout", "15", "--max-memory", "320M"]


def cli(*args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        errors="backslashreplace",
    )


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents.parquet")


def valid(out: Path) -> bool:
    return cli("validate", str(out), "-q").returncode == 0


# ------------------------------------------------------------------------------------------------ PDFs


def _pdf(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def reference_loop_pdf() -> bytes:
    """A page whose /Resources is 6 0 R, which is 7 0 R, which is 6 0 R: pdfminer follows it forever."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 6 0 R >>",
            _stream(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
            FONT,
            b"7 0 R",
            b"6 0 R",
        ]
    )


def glyph_bomb_pdf(levels: int = 4, fan_out: int = 60) -> bytes:
    """Form XObjects each drawing the next ``fan_out`` times: 2 KB that lay out 21.6 million glyphs."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        _stream(b"/X Do"),
        FONT,
    ]
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
    for level in range(levels):
        if level == levels - 1:
            objects.append(
                _stream(b"BT /F1 8 Tf 10 700 Td (" + b"A" * 100 + b") Tj ET", form + b"<< /Font << /F1 5 0 R >> >>")
            )
        else:
            objects.append(
                _stream(
                    b"/Y Do " * fan_out, form + b"<< /Font << /F1 5 0 R >> /XObject << /Y %d 0 R >> >>" % (7 + level)
                )
            )
    return _pdf(objects)


@pytest.fixture(scope="module")
def limited_run(tmp_path_factory):
    """One run over two good plans and three inputs that would hang or eat the machine."""
    folder = tmp_path_factory.mktemp("hostile")
    write_plans(folder, 2)
    (folder / "loop.pdf").write_bytes(reference_loop_pdf())
    (folder / "bomb.pdf").write_bytes(glyph_bomb_pdf())
    paragraph = variant(7).split("\n\n", 30)[-1]
    with open(folder / "huge.txt", "w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024**2:
            fh.write(paragraph)
    out = tmp_path_factory.mktemp("hostile-out")
    started = time.monotonic()
    # pdfplumber, the engine that loops on reference cycles, so that the time limit is what stops it
    result = cli("run", str(folder), "--out", str(out), "--jobs", "2", "--pdf-engine", "pdfplumber", *LIMITS)
    return result, out, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, limit",
    [
        ("loop.pdf", "time limit (15 s)"),
        ("bomb.pdf", "memory ceiling (320 MB)"),
        ("huge.txt", ("time limit (15 s)", "memory ceiling (320 MB)")),
    ],
)
def test_a_document_over_a_limit_is_stopped_and_named(limited_run, name, limit):
    result, out, _ = limited_run
    assert result.returncode == 1
    lines = [line for line in errors(result) if name in line]
    assert len(lines) == 1, result.stderr
    assert any(text in lines[0] for text in ([limit] if isinstance(limit, str) else limit)), lines[0]


@pytest.mark.slow
def test_the_other_documents_are_written_and_the_folder_is_sound(limited_run):
    result, out, seconds = limited_run
    assert len(errors(result)) == 3 and "Traceback" not in result.stderr
    assert sorted(documents(out).source_file) == ["plan_0000.txt", "plan_0001.txt"]
    assert valid(out)


def test_a_stopped_worker_used_no_more_than_the_ceiling(limited_run):
    result, _, _ = limited_run
    line = next(line for line in errors(result) if "bomb.pdf" in line)
    assert int(line.rsplit("stopped at ", 1)[1].split()[0]) < 320 * 1.2


def _die_on_b(path: str) -> str:
    if path == "b":
        os.kill(os.getpid(), signal.SIGKILL)
    return path.upper()


def test_a_worker_that_dies_fails_its_document_only():
    results = dict(local_results(["a", "b", "c"], _die_on_b, jobs=1, limits=Limits(timeout=30)))
    assert results[0] == "A" and results[2] == "C"
    assert isinstance(results[1], Killed) and "SIGKILL" in results[1].message


# --------------------------------------------------------------------------------------- interrupted runs


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def _staged(out: Path) -> int:
    return len(list((out / ".pipeline" / "staging").glob("docs/*.json")))


@pytest.mark.slow
def test_ctrl_c_keeps_finished_documents_stops_workers_and_exits_130(tmp_path):
    plans = write_plans(tmp_path / "in", 8)
    out = tmp_path / "out"
    proc = start("run", str(tmp_path / "in"), "--out", str(out), "--jobs", "1")
    _wait_for(lambda: _staged(out) >= 2)
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.splitlines()[-1].startswith("interrupted: ")
    done = len(documents(out))
    assert 2 <= done < len(plans) and valid(out)
    time.sleep(0.5)
    assert not {p for p in workers if Path(f"/proc/{p}").exists()}
    again = cli("run", str(tmp_path / "in"), "--out", str(out))
    assert again.returncode == 0 and f"{done} unchanged" in again.stderr
    assert len(documents(out)) == len(plans)


@pytest.mark.slow
def test_a_killed_run_leaves_the_old_state_and_the_next_resumes(tmp_path):
    write_plans(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert cli("run", str(tmp_path / "in"), "--out", str(out)).returncode == 0
    old = table_files(out)
    write_plans(tmp_path / "in", 6, start=1)
    proc = start("run", str(tmp_path / "in"), "--out", str(out), "--jobs", "1")
    _wait_for(lambda: _staged(out) >= 2)
    workers = descendants(proc.pid)
    proc.kill()
    proc.wait()
    assert table_files(out) == old and valid(out)  # the old state, whole
    _wait_for(lambda: not {p for p in workers if Path(f"/proc/{p}").exists()}, 10)  # workers die with it
    again = cli("run", str(tmp_path / "in"), "--out", str(out))
    assert again.returncode == 0 and "resumed" in again.stderr, again.stderr
    assert len(documents(out)) == 7 and valid(out)


@pytest.mark.slow
def test_a_crash_inside_the_commit_is_seen_by_validate_and_finished_by_the_next_run(tmp_path, monkeypatch):
    write_plans(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out).ok
    write_plans(tmp_path / "in", 1, start=1)
    real = os.replace

    def crash_at_datapackage(src, dst):
        if Path(dst).name == store.PACKAGE and not str(src).endswith(".tmp"):  # the rename into place
            raise KeyboardInterrupt  # stands for a kill between the fragments and the commit point
        real(src, dst)

    monkeypatch.setattr(os, "replace", crash_at_datapackage)
    with pytest.raises(KeyboardInterrupt):
        run([tmp_path / "in"], out, jobs=1)
    monkeypatch.undo()
    assert len(pipeline_load(out)["documents"]) == 1  # readers of the manifest see the old state
    result = cli("validate", str(out))
    assert result.returncode == 0 and "interrupted commit, run again to finish" in result.stderr
    again = cli("run", str(tmp_path / "in"), "--out", str(out))
    assert again.returncode == 0 and "2 unchanged" in again.stderr, again.stderr  # the commit was finished
    assert len(documents(out)) == 2 and valid(out)
    assert not (out / ".pipeline" / store.JOURNAL).exists()


def pipeline_load(out: Path) -> dict:
    import pipeline

    return pipeline.load(out)


@pytest.mark.slow
def test_two_concurrent_runs_into_one_folder_lose_no_plan(tmp_path):
    a = write_plans(tmp_path / "a", 3)
    b = write_plans(tmp_path / "b", 3, start=3)
    out = tmp_path / "out"
    first = start("run", str(tmp_path / "a"), "--out", str(out), "--jobs", "1")
    _wait_for(lambda: (out / ".pipeline" / "lock").exists())
    second = start("run", str(tmp_path / "b"), "--out", str(out), "--jobs", "1")
    results = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert sorted(documents(out).source_file) == sorted(p.name for p in a + b)
    assert valid(out)


# ------------------------------------------------------------------------------------------ paths and names


@pytest.mark.slow
def test_odd_file_names_are_read_and_printed_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [b"plan_\xff.txt", b"plan_\x1b[31mred.txt", b"plan_new\nline.txt"]
    for i, name in enumerate(names):
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as fh:
            fh.write(variant(i))
    out = tmp_path / "out"
    result = cli("run", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "plan_\\xff.txt" in result.stderr and "new\\nline" in result.stderr
    assert sorted(documents(out).source_file) == ["plan_\x1b[31mred.txt", "plan_\\xff.txt", "plan_new\nline.txt"]
    assert valid(out)


def test_hidden_folders_such_as_notebook_checkpoints_are_not_read(tmp_path):
    folder = tmp_path / "in"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "plan.txt").write_text(variant(1), encoding="utf-8")
    (folder / ".ipynb_checkpoints" / "plan-checkpoint.txt").write_text(variant(1).replace("Strengthen", "Stale"))
    (folder / "notes.csv").write_text("not a plan\n")
    files, failures, skipped = expand_inputs([folder])
    assert files == [folder / "plan.txt"] and not failures
    assert skipped == [folder / "notes.csv"]  # listed as not a plan; the checkpoint copy is not even listed


@pytest.mark.slow
def test_unreadable_folders_and_files_are_reported(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "plan.txt").write_text(variant(1), encoding="utf-8")
    (folder / "secret.txt").write_text(variant(2), encoding="utf-8")
    real_scandir, real_hash = os.scandir, store.file_sha256

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def file_sha256(path):
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_hash(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(store, "file_sha256", file_sha256)
    report = run([folder], tmp_path / "out", jobs=1)
    assert sorted(str(f) for f in report.failures) == [
        f"{folder / 'locked'}: cannot read folder (Permission denied)",
        f"{folder / 'secret.txt'}: cannot read file (Permission denied)",
    ]
    assert [p.source for p in report.processed] == [str(folder / "plan.txt")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "make_out, message",
    [
        (lambda tmp: tmp / "file.txt", "exists and is not a folder"),
        (lambda tmp: tmp / "file.txt" / "sub", "cannot write there"),
    ],
)
def test_an_unusable_out_is_refused_before_any_work(tmp_path, make_out, message):
    (tmp_path / "file.txt").write_text("x")
    result = cli("run", str(CIRCULAR_2014), "--out", str(make_out(tmp_path)))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr
    assert (tmp_path / "file.txt").read_text() == "x"


@pytest.mark.parametrize("jobs", ["-5", "0", "10000", "two"])
def test_jobs_out_of_range_is_a_usage_error(jobs):
    result = cli("run", "--jobs", jobs)
    assert result.returncode == 2 and "--jobs" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_written_files_are_readable_by_everyone_under_umask_022(tmp_path):
    out = tmp_path / "out"
    assert cli("run", str(CIRCULAR_2014), "--out", str(out), umask=0o022).returncode == 0
    written = [p for p in out.rglob("*") if p.is_file() and p.name != "lock"]
    assert written and all(p.stat().st_mode & 0o044 == 0o044 for p in written)


# -------------------------------------------------------------------------------------------------- identity


@pytest.mark.slow
def test_a_second_file_with_a_taken_doc_id_is_a_warning_naming_both(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "plan.txt", tmp_path / "b" / "other.txt"
    first.write_text(variant(3), encoding="utf-8")
    second.write_text(variant(3).replace("Strengthen", "Reinforce"), encoding="utf-8")  # same year and number
    out = tmp_path / "out"
    assert cli("run", str(first), "--out", str(out)).returncode == 0
    before = table_files(out)
    result = cli("run", str(second), "--out", str(out))
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert result.returncode == 0 and errors(result) == [] and len(warned) == 1  # nothing failed: exit 0
    assert str(first) in warned[0] and str(second) in warned[0] and "not written" in warned[0]
    assert table_files(out) == before
    both = cli("run", str(first), str(second), "--out", str(tmp_path / "out2"))
    warned = [line for line in both.stderr.splitlines() if line.startswith("warning:")]
    assert both.returncode == 0 and warned[0].startswith(f"warning: {second}: ") and str(first) in warned[0]
    assert documents(tmp_path / "out2").source_file.tolist() == ["plan.txt"]  # the first given is kept


@pytest.mark.slow
def test_an_edited_unnumbered_plan_replaces_its_own_rows(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(variant(4, numbered=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run([plan], out, jobs=1).ok
    first = documents(out).doc_id.tolist()
    plan.write_text(variant(4, numbered=False).replace("Strengthen", "Reinforce"), encoding="utf-8")
    assert run([plan], out, jobs=1).ok
    second = documents(out).doc_id.tolist()
    assert len(second) == 1 and second != first
    assert set(pd.read_parquet(out / "measures.parquet").doc_id) == set(second)
