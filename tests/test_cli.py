"""The command line: exit codes, one error line per bad file, stage commands, help."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import CIRCULAR_2014, FIXTURES, ROOT


def cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.slow
def test_folder_with_bad_files_processes_the_good_ones(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "circular_2014.txt").write_bytes(CIRCULAR_2014.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "letter.txt").write_text("Dear all,\n\nThe meeting moves to Monday.\n")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    result = cli("run", str(inputs), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for name in ("empty.txt", "binary.txt", "broken.pdf"):
        assert sum(name in line for line in errors) == 1
    assert len(pd.read_parquet(tmp_path / "out" / "measures.parquet")) == 79
    # A letter without numbered items is a document, partial, with the reason; the summary counts statuses.
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_file")
    assert docs.status["letter.txt"] == "partial" and docs.status["circular_2014.txt"] == "success"
    assert any("no numbered body" in e for e in docs.errors["letter.txt"])
    assert "wrote 2 documents (1 success, 1 partial)" in result.stderr


def test_missing_input_is_an_error(tmp_path):
    result = cli("run", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_help_shows_an_example():
    result = cli("run", "--help")
    assert result.returncode == 0 and "policy-pipeline run" in result.stdout


def test_segment_stage_prints_json():
    result = cli("segment", str(CIRCULAR_2014))
    assert result.returncode == 0
    outline = json.loads(result.stdout)
    assert len(outline["measures"]) == 79 and len(outline["addressees"]) == 28


def test_repair_stage_on_a_bad_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = cli("repair", str(bad))
    assert result.returncode == 1 and result.stderr.startswith(f"error: {bad}")


@pytest.mark.slow
def test_evaluate_prints_scores():
    result = cli("evaluate", str(ROOT / "tests" / "gold" / "circular_2014.gold.json"), str(CIRCULAR_2014))
    assert result.returncode == 0
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {"instruments", "agencies", "responsibility", "targets"}
    assert float(rows["targets"][6]) == 1.0  # F1


@pytest.mark.slow
def test_export_stage_writes_tables(tmp_path):
    result = cli("export", str(CIRCULAR_2014), "--out", str(tmp_path))
    assert result.returncode == 0 and (tmp_path / "measures.parquet").exists()


@pytest.mark.slow
def test_export_applies_the_duplicate_check_of_run(tmp_path):
    copy = tmp_path / "copy_of_2014.txt"
    copy.write_bytes(CIRCULAR_2014.read_bytes())
    result = cli("export", str(CIRCULAR_2014), str(copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "warning: " in result.stderr and "same doc_id 2014-gzhfxz-24" in result.stderr
    assert "copy_of_2014.txt" in result.stderr
    ids = pd.read_parquet(tmp_path / "out" / "documents")["doc_id"]
    assert ids.is_unique and len(ids) == 1


def _lines(result, prefix: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(prefix)]


@pytest.mark.slow
def test_the_same_plan_as_text_and_pdf_is_a_warning_naming_both(tmp_path, doc_2014):
    from pdf_fixtures import LAYOUTS, render_plan

    pdf = render_plan(doc_2014, LAYOUTS[0], tmp_path / "circular_2014.pdf")
    out = tmp_path / "out"
    result = cli("run", str(CIRCULAR_2014), str(pdf), "--out", str(out))
    assert result.returncode == 0 and _lines(result, "error:") == []
    [warning] = _lines(result, "warning:")
    assert warning.startswith(f"warning: {pdf}: same doc_id 2014-gzhfxz-24 as ")
    assert "circular_2014.txt kept, this file not written" in warning
    assert pd.read_parquet(out / "documents.parquet").source_file.tolist() == ["circular_2014.txt"]
    assert "wrote 1 document (1 success)" in result.stderr  # one, singular
    # the PDF given alone later: the plan is already there from the text
    again = cli("run", str(pdf), "--out", str(out))
    assert again.returncode == 0 and len(_lines(again, "warning:")) == 1
    # a bad file beside the duplicate still fails the run
    (tmp_path / "empty.txt").write_bytes(b"")
    failed = cli("run", str(CIRCULAR_2014), str(pdf), str(tmp_path / "empty.txt"), "--out", str(out))
    assert failed.returncode == 1 and len(_lines(failed, "error:")) == 1 and len(_lines(failed, "warning:")) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("files", "verbose", "says"),
    [
        # findings in the cached documents are summed up, not hidden behind "nothing to report"
        (
            ["circular_2014.txt", "synthetic_plan_2031.txt"],
            False,
            [
                "quality of the 2 unchanged documents, as before: 4 unresolved_agency (info) in 2 of them (-v lists them)"
            ],
        ),
        (
            ["circular_2014.txt", "synthetic_plan_2031.txt"],
            True,
            [
                "quality of the 2 unchanged documents, as before:",
                "quality 2031-gzhlb-7: 3 unresolved_agency (info)",
                "  info: responsible 'relevant member units' is not in the agency gazetteer",
            ],
        ),
        (["plan_2027_en.txt"], False, ["quality of the 1 unchanged document: nothing to report"]),
    ],
)
def test_a_cached_rerun_reports_the_findings_it_keeps(tmp_path, files, verbose, says):
    sources = {
        "circular_2014.txt": CIRCULAR_2014,
        "synthetic_plan_2031.txt": FIXTURES / "synthetic_plan_2031.txt",
        "plan_2027_en.txt": FIXTURES / "zh" / "plan_2027_en.txt",
    }
    paths = [str(sources[f]) for f in files]
    out = str(tmp_path / "out")
    assert cli("run", *paths, "--out", out).returncode == 0
    result = cli("run", *paths, "--out", out, *(["-v"] if verbose else []))
    assert result.returncode == 0
    assert f"{len(files)} unchanged (already in {out}), skipped" in result.stderr
    assert "quality: nothing to report" not in result.stderr
    for words in says:
        assert words in result.stderr.splitlines()
