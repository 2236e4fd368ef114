"""Researcher experience: load(), the data package, the quality report, validate, the dictionary (the notebook:
test_notebook.py)."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys

import frictionless
import pandas as pd
import pytest
from conftest import CIRCULAR_2014, FIXTURES, PLAN_2031, ROOT

import pipeline
from pipeline.cli import main
from pipeline.corpus import process_file
from pipeline.dictionary import render_dictionary


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    assert pipeline.run([CIRCULAR_2014, PLAN_2031], out, jobs=1).ok
    return out


@pytest.mark.slow
def test_load_gives_proper_dtypes(out):
    t = pipeline.load(out)
    assert isinstance(t["measures"].status.dtype, pd.CategoricalDtype)
    assert list(t["measures"].status.cat.categories) == ["listed", "omitted"]
    assert str(t["measures"].page_start.dtype) == "Int64"
    assert t["measures"].page_start.isna().all()  # text sources have no pages
    assert all(isinstance(d, datetime.date) or d is None for d in t["documents"].issue_date)
    assert isinstance(t["agencies"].aliases.iloc[0], list)
    assert str(t["agency_mentions"].lead.dtype) == "boolean"


def test_readme_join_example_runs(out):
    t = pipeline.load(out)
    responsible = (
        t["measures"]
        .merge(t["agency_mentions"].query("role == 'responsible'"), on=["doc_id", "measure_id"])
        .merge(t["agencies"], on="agency_id", how="left")
    )
    assert (responsible.groupby("number").size() > 0).sum() == 19
    by_year = (
        t["law_mentions"]
        .merge(t["documents"][["doc_id", "year"]], on="doc_id")
        .groupby(["year", "action"], observed=True)
        .size()
    )
    assert by_year.loc[(2014, "draft")] == 5


def test_datapackage_validates_with_frictionless(out):
    package = json.loads((out / "datapackage.json").read_text())
    assert package["version"] == pipeline.__version__
    assert {s["path"] for s in package["sources"]} == {CIRCULAR_2014.name, PLAN_2031.name}
    assert all(s["hash"].startswith("sha256:") for s in package["sources"])
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_quality_flags_missing_numbers_unknown_agencies_and_empty_sections():
    doc = process_file(FIXTURES / "formats" / "flawed_plan.txt")
    found = {(q.check, q.message) for q in doc.quality}
    assert ("measure_gap", "measure number(s) 3 missing and not declared omitted") in found
    assert any(c == "unresolved_agency" and "Ministry of Magic" in m for c, m in found)
    assert any(c == "section_without_measures" and "Utilization" in m for c, m in found)


def test_the_2014_circular_has_no_warnings(doc_2014):
    from pipeline.quality import assess

    assert [q for q in assess(doc_2014) if q.severity == "warning"] == []


def test_validate_command(out, tmp_path):
    ok = subprocess.run([sys.executable, "-m", "pipeline", "validate", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0 and "unresolved_agency" in ok.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copytree(out, broken, dirs_exist_ok=True)
    shutil.rmtree(broken / "targets.parquet")
    bad = subprocess.run([sys.executable, "-m", "pipeline", "validate", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "targets.parquet: missing" in bad.stderr


def test_data_dictionary_is_generated_from_schemas():
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == render_dictionary()


@pytest.mark.slow
def test_quiet_run_prints_nothing(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(CIRCULAR_2014), "--out", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""


def test_a_repeated_measure_keeps_unique_ids_and_is_flagged(tmp_path):
    text = (
        "Plan for 2016\n\nI. Protection\n\n1. Strengthen patent enforcement.\n\n2. Improve dispute mediation.\n\n"
        "2. Improve dispute mediation.\n\n3. Publish annual protection reports.\n"
    )
    path = tmp_path / "repeated.txt"
    path.write_text(text, encoding="utf-8")
    doc = process_file(path)
    ids = [m.measure_id for m in doc.measures]
    assert len(ids) == len(set(ids)) == 4
    warnings = [q.check for q in doc.quality if q.severity == "warning"]
    assert [c for c in warnings if c != "missing_identity"] == ["duplicate_measure"]  # no issuer, no date: ours
    assert doc.status == "partial" and "segment: outline read with doubts: duplicate_measure" in map(str, doc.errors)


def test_a_document_without_a_date_loads_none_not_nat(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "notice.txt").write_text(
        "示范市交通运输局关于做好节日出行服务的通知\n各区交通运输局：\n一、加强运力保障\n各区要增加公交班次。\n",
        encoding="utf-8",
    )
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "-q"]) == 0
    docs = pipeline.load(tmp_path / "out")["documents"]
    assert docs.issue_date.tolist() == [None]  # exported or printed, a missing date never reads "NaT"
