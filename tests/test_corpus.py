"""The corpus runner: one dataset per table read whole by every reader, incremental and pruned runs,
corpus tables independent of run order, and the Dask executor giving the same bytes as the local one."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from conftest import table_files
from plans import write_plans

import pipeline
import pipeline.store
import pipeline.tables
from pipeline import store
from pipeline.corpus import run

TABLES = store.all_tables()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corpus")
    write_plans(root / "in", 3)
    report = run([root / "in"], root / "out", jobs=2)
    assert report.ok and len(report.processed) == 3, report.failures
    return root / "in", root / "out"


@pytest.mark.slow
def test_every_table_is_one_folder_of_parquet_files(corpus):
    _, out = corpus
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".") and not p.is_symlink()) == sorted(
        [f"{t}.parquet" for t in TABLES] + ["datapackage.json"]
    )
    for t in TABLES:
        assert all(f.suffix == ".parquet" for f in (out / f"{t}.parquet").iterdir()), t
        assert (out / t).resolve() == (out / f"{t}.parquet").resolve()  # DIR/<table> names the same folder
    assert len(pd.read_parquet(out / "measures")) == len(pd.read_parquet(out / "measures.parquet"))
    assert len(list((out / "measures.parquet").iterdir())) == 3  # one fragment per document


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["pandas", "pyarrow", "duckdb", "spark"])
def test_each_reader_reads_every_table_in_one_call(corpus, reader):
    _, out = corpus
    expected = {t: len(pipeline.load(out)[t]) for t in TABLES}
    assert expected["documents"] == 3 and expected["measures"] == 3 * 79
    if reader == "pandas":
        counts = {t: len(pd.read_parquet(out / f"{t}.parquet")) for t in TABLES}
    elif reader == "pyarrow":
        counts = {t: ds.dataset(out / f"{t}.parquet", format="parquet").count_rows() for t in TABLES}
    elif reader == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        counts = {
            t: duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/{t}.parquet/*.parquet')").fetchall()[0][0]
            for t in TABLES
        }
    else:
        if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
            pytest.skip("pyspark (optional) or java is not installed")
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.master("local[1]").appName("test").getOrCreate()
        try:
            counts = {t: spark.read.parquet(str(out / f"{t}.parquet")).count() for t in TABLES}
        finally:
            spark.stop()
    assert counts == expected


def test_an_unchanged_folder_is_skipped_and_nothing_is_rewritten(corpus, tmp_path):
    folder, out = corpus
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file() and p.name != "lock"}
    report = run([folder], copy, jobs=1)
    assert report.ok and len(report.unchanged) == 3 and not report.processed and not report.written
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file() and p.name != "lock"} == before


def test_adding_a_plan_writes_only_its_fragments(corpus, tmp_path):
    folder, out = corpus
    inputs, copy = tmp_path / "in", tmp_path / "out"
    shutil.copytree(folder, inputs)
    shutil.copytree(out, copy)
    before = {p.relative_to(copy): p.stat().st_ino for p in copy.glob("*.parquet/*.parquet")}
    write_plans(inputs, 1, start=3)
    report = run([inputs], copy, jobs=1)
    assert len(report.processed) == 1 and len(report.unchanged) == 3
    after = {p.relative_to(copy): p.stat().st_ino for p in copy.glob("*.parquet/*.parquet")}
    rewritten = {p for p in before if p in after and after[p] != before[p]} | (set(after) - set(before))
    mine = {Path(f"{t}.parquet") / f"{report.processed[0].doc_id}" for t in pipeline.tables.DOCUMENT_TABLES}
    corpus_wide = {f"{t}.parquet" for t in pipeline.tables.CORPUS_TABLES}  # recomputed over every plan
    assert {p.parent / p.name.rsplit("-", 1)[0] for p in rewritten if p.parts[0] not in corpus_wide} == mine
    assert len([p for p in rewritten if p.parts[0] == "laws.parquet"]) <= 1  # the corpus-wide laws, if they changed
    assert (copy / "agencies.parquet").exists() and len(pipeline.load(copy)["documents"]) == 4


@pytest.mark.slow
def test_prune_removes_only_plans_whose_source_is_gone_from_the_inputs(corpus, tmp_path):
    folder, out = corpus
    inputs, copy = tmp_path / "in", tmp_path / "out"
    shutil.copytree(folder, inputs)
    shutil.copytree(out, copy)
    plans = sorted(inputs.iterdir())
    assert len(run([inputs], copy, jobs=1).unchanged) == 3  # the plans moved here: their sources are now these
    for gone in plans[1:]:
        gone.unlink()
    kept = run([inputs], copy, jobs=1)
    assert kept.ok and len(pipeline.load(copy)["documents"]) == 3  # without --prune the others stay
    elsewhere = run([plans[0]], copy, jobs=1, prune=True)  # their sources were not under this input: not seen gone
    assert elsewhere.ok and not elsewhere.pruned and len(pipeline.load(copy)["documents"]) == 3
    pruned = run([inputs], copy, jobs=1, prune=True)
    assert len(pruned.pruned) == 2 and pipeline.load(copy)["documents"].source_file.tolist() == [plans[0].name]
    assert len(list((copy / "measures.parquet").iterdir())) == 1


@pytest.mark.slow
def test_a_changed_rule_file_reprocesses_everything(corpus, tmp_path, monkeypatch):
    folder, out = corpus
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    rules = tmp_path / "rules"
    shutil.copytree(store.RULES_DIR, rules)
    with open(rules / "titles.json", "a", encoding="utf-8") as fh:
        fh.write("\n")
    monkeypatch.setattr(store, "RULES_DIR", rules)
    report = run([folder], copy, jobs=1)
    assert len(report.processed) == 3 and not report.unchanged
    manifest = store.read_manifest(copy)
    assert {e.rules for e in manifest.documents} == {manifest.rules} != store.read_manifest(out).rules


@pytest.mark.slow
def test_corpus_tables_do_not_depend_on_run_order(corpus, tmp_path):
    folder, out = corpus
    plans = sorted(folder.iterdir())
    for plan in reversed(plans):
        assert run([plan], tmp_path / "out", jobs=1).ok
    assert table_files(tmp_path / "out").keys() - {"datapackage.json"} == table_files(out).keys() - {"datapackage.json"}
    laws = "laws.parquet/" + store.read_manifest(out).corpus["laws"]
    assert table_files(tmp_path / "out")[laws] == table_files(out)[laws]


def test_datapackage_names_the_live_fragments(corpus):
    _, out = corpus
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"{t}.parquet" for t in TABLES}
    manifest = store.read_manifest(out)
    named = {f for files in manifest.files().values() for f in files}
    assert named == {p.relative_to(out).as_posix() for p in out.glob("*.parquet/*.parquet")}


@pytest.mark.slow
def test_the_dask_executor_writes_the_same_bytes_as_the_local_one(corpus, tmp_path):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    folder, out = corpus
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = run([folder], tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address)
    assert report.ok and len(report.processed) == 3
    assert table_files(tmp_path / "out") == table_files(out)


def test_the_dask_executor_without_a_scheduler_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="--scheduler"):
        run([tmp_path], tmp_path / "out", executor="dask")


@pytest.mark.slow
def test_validate_finds_mixed_and_orphaned_rows_and_leftovers_which_the_run_never_deletes(corpus, tmp_path):
    from pipeline.validate import validate

    folder, out = corpus
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    assert validate(copy)[0] == []
    first, second = sorted((copy / "measures.parquet").iterdir())[:2]
    shutil.copy(first, copy / "measures.parquet" / "orphan.parquet")
    (copy / "goals.parquet" / ".goals.parquet.123.tmp").write_bytes(b"half")
    shutil.copy(first, second)  # a fragment holding another document's rows
    problems = "\n".join(validate(copy)[0])
    assert "orphan.parquet: not named in the manifest" in problems
    assert ".goals.parquet.123.tmp: temporary file" in problems
    assert f"{second}: damaged" in problems  # its checksum tells it from the one written
    report = run([folder], copy, jobs=1)  # the damaged fragment's plan is processed again
    assert report.ok and len(report.processed) == 1 and "damaged" in report.warnings[0]
    assert (copy / "measures.parquet" / "orphan.parquet").exists()  # files the run did not write stay
    assert len(validate(copy)[0]) == 2
    (copy / "measures.parquet" / "orphan.parquet").unlink()
    (copy / "goals.parquet" / ".goals.parquet.123.tmp").unlink()
    assert validate(copy)[0] == [] and table_files(copy) == table_files(out)


@pytest.mark.slow
def test_a_plan_whose_files_were_deleted_by_hand_is_written_again(corpus, tmp_path):
    from pipeline.validate import validate

    folder, out = corpus
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    lost = sorted((copy / "targets.parquet").iterdir())[0]
    lost.unlink()
    assert "missing (named in the manifest" in validate(copy)[0][0]
    report = run([folder], copy, jobs=1)
    assert report.ok and len(report.processed) == 1 and len(report.unchanged) == 2
    assert lost.exists() and validate(copy)[0] == [] and table_files(copy) == table_files(out)


def test_the_dask_executor_without_dask_installed_is_a_clear_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else object())
    with pytest.raises(ValueError, match=r"pip install 'policy-pipeline\[dask\]'"):
        run([tmp_path], tmp_path / "out", executor="dask", scheduler="tcp://127.0.0.1:8786")


# ------------------------------------------------------------------------------ a few documents in-process


def _slow_or_big(path: str) -> str:
    if path == "slow":
        import time

        time.sleep(5)
    if path == "big":
        raise MemoryError
    return path.upper()


def test_documents_run_in_process_keep_the_limits_and_the_alarm_is_restored():
    import signal

    from pipeline.executors import Killed, Limits, inline_results

    before = signal.getsignal(signal.SIGALRM)
    results = dict(inline_results(["a", "slow", "big", "b"], _slow_or_big, Limits(timeout=0.5)))
    assert results[0] == "A" and results[3] == "B"
    assert isinstance(results[1], Killed) and "time limit (0.5 s)" in results[1].message
    assert isinstance(results[2], Killed) and "memory ceiling (2 GB)" in results[2].message
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize(
    "names, size, jobs, expected",
    [
        (["a.txt"], 100, 1, True),
        (["a.txt", "b.txt"], 100, 1, True),
        (["a.txt", "b.txt", "c.txt"], 100, 1, False),  # more than two per job: workers
        (["a.txt", "b.txt", "c.txt", "d.html"], 100, 2, True),
        (["a.pdf"], 100, 2, False),  # read by native code: isolated in a worker
        (["a.txt"], 2 * 1024**2, 2, False),  # a large file: isolated in a worker
    ],
)
def test_few_small_documents_run_in_process(tmp_path, names, size, jobs, expected):
    from pipeline.corpus import _inline

    paths = []
    for name in names:
        (tmp_path / name).write_bytes(b"x" * size)
        paths.append(str(tmp_path / name))
    assert _inline(paths, jobs) is expected


def test_one_plan_added_in_process_gives_the_tables_of_a_worker_run(tmp_path, monkeypatch):
    import pipeline.corpus

    plans = write_plans(tmp_path / "in", 4)
    assert run(plans, tmp_path / "workers", jobs=1).ok  # four plans: a worker
    assert run(plans[:3], tmp_path / "inline", jobs=1).ok  # three: a worker
    monkeypatch.setattr(pipeline.corpus, "local_results", None)  # no worker may start now
    assert run(plans, tmp_path / "inline", jobs=1).ok  # one added: in this process
    assert table_files(tmp_path / "workers") == table_files(tmp_path / "inline")
