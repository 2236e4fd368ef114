"""Export: tables match schemas/, spans trace to their words, writes are atomic and idempotent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import CIRCULAR_2014, PLAN_2031, table_files

from pipeline.corpus import run
from pipeline.export import arrow_schema
from pipeline.tables import DOCUMENT_TABLES, SCHEMA_DIR, table_schema

SCHEMAS = sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


@pytest.fixture(scope="module")
def out_2014(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    report = run([CIRCULAR_2014], out, jobs=1)
    assert report.ok, report.failures
    return out


def test_every_schema_is_written_and_matches(out_2014):
    for name in SCHEMAS:
        table = pq.read_table(out_2014 / f"{name}.parquet")
        assert table.schema.equals(arrow_schema(name)), name
        schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
        for key in schema["primaryKey"]:
            column = table.column(key).to_pylist()
            assert len(set(column)) == len(column), f"{name}.{key} is not unique"
        for f in schema["fields"]:
            values = table.column(f["name"]).to_pylist()
            if f.get("constraints", {}).get("required"):
                assert None not in values, f"{name}.{f['name']} has nulls"
            if "enum" in f.get("constraints", {}):
                assert set(values) - {None} <= set(f["constraints"]["enum"]), f"{name}.{f['name']}"


def test_data_contract_columns_exist():
    contract = {
        "documents": "doc_id title plan_title doc_number issuer issue_date year language source_file "
        "source_format source_sha256 n_pages text",
        "sections": "doc_id section_id parent_id level ordinal label title char_start char_end page_start page_end",
        "goals": "doc_id goal_id section_id ordinal text char_start char_end",
        "measures": "doc_id measure_id section_id number status text char_start char_end page_start page_end",
        "agencies": "agency_id name abbreviation aliases kind valid_from valid_to successor_id",
        "agency_mentions": "doc_id mention_id agency_id surface role lead section_id measure_id char_start char_end",
    }
    for name, columns in contract.items():
        assert set(columns.split()) <= set(arrow_schema(name).names), name


def test_every_span_is_its_text(out_2014):
    text = pd.read_parquet(out_2014 / "documents.parquet").set_index("doc_id")["text"]
    for name, column in (("goals", "text"), ("measures", "text"), ("agency_mentions", "surface")):
        df = pd.read_parquet(out_2014 / f"{name}.parquet")
        df = df[df[column].notna()]
        assert len(df)
        for row in df.itertuples():
            assert text[row.doc_id][row.char_start : row.char_end] == getattr(row, column)
    sections = pd.read_parquet(out_2014 / "sections.parquet")
    for row in sections.itertuples():
        assert text[row.doc_id][row.title_char_start : row.title_char_end] == row.title


def test_2014_table_counts(out_2014):
    counts = {name: len(pd.read_parquet(out_2014 / f"{name}.parquet")) for name in DOCUMENT_TABLES}
    assert counts["documents"] == 1 and counts["sections"] == 7 and counts["goals"] == 24
    measures = pd.read_parquet(out_2014 / "measures.parquet")
    assert measures.status.value_counts().to_dict() == {"listed": 70, "omitted": 9}
    docs = pd.read_parquet(out_2014 / "documents.parquet")
    assert str(docs.issue_date[0]) == "2014-04-01"
    mentions = pd.read_parquet(out_2014 / "agency_mentions.parquet")
    assert mentions.role.value_counts().to_dict()["addressee"] == 28
    assert (mentions.role == "issuer").sum() == 1


@pytest.mark.slow
def test_rerun_is_byte_identical(tmp_path, out_2014):
    run([CIRCULAR_2014], tmp_path, jobs=1)
    assert table_files(tmp_path) == table_files(out_2014)
    assert {p.name for p in tmp_path.glob("*.parquet")} == {f"{name}.parquet" for name in SCHEMAS}


@pytest.mark.slow
def test_documents_accumulate_and_rerun_changes_nothing(tmp_path, out_2014):
    run([CIRCULAR_2014], tmp_path, jobs=1)
    run([PLAN_2031], tmp_path, jobs=1)
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert sorted(docs.year) == [2014, 2031]
    before = table_files(tmp_path)
    report = run([CIRCULAR_2014, PLAN_2031], tmp_path, jobs=2)
    assert table_files(tmp_path) == before and len(report.unchanged) == 2 and not report.processed
    measures = pd.read_parquet(tmp_path / "measures.parquet")
    assert not measures.measure_id.duplicated().any()


def test_failed_input_leaves_earlier_outputs_intact(tmp_path, out_2014):
    out = tmp_path / "out"
    shutil.copytree(out_2014, out)
    before = table_files(out)
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    report = run([bad], out, jobs=1)
    assert not report.ok and "empty" in str(report.failures[0])
    assert table_files(out) == before
    assert not list(out.rglob(".*.tmp"))


def test_every_quality_check_is_an_enumerated_value_of_the_schema():
    """A check missing from schemas/quality.json would load as a null category."""
    from pipeline.quality import CHECKS

    field = next(f for f in table_schema("quality")["fields"] if f["name"] == "check")
    extra = {"missing_identity", "weak_identity", "no_numbered_body"}  # checks that yield under other names
    assert set(CHECKS) | extra <= set(field["constraints"]["enum"])


def test_a_changed_schema_reprocesses_every_plan(tmp_path, out_2014, monkeypatch):
    """Fragments written before a column was added (quality.finding_id) must not stay beside new ones."""
    from pipeline import store

    out = tmp_path / "out"
    shutil.copytree(out_2014, out)
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, schemas)
    quality = json.loads((schemas / "quality.json").read_text())
    quality["description"] += " (changed)"
    (schemas / "quality.json").write_text(json.dumps(quality))
    before = store.rulebook_version()
    monkeypatch.setattr(store, "SCHEMA_DIR", schemas)
    assert store.rulebook_version() != before
    report = run([CIRCULAR_2014], out, jobs=1)
    assert len(report.processed) == 1 and not report.unchanged


def test_quality_findings_are_numbered_in_table_order(out_2014):
    quality = pd.read_parquet(out_2014 / "quality.parquet")
    assert quality["finding_id"].tolist() == [
        f"{d}/q{n}" for d, n in zip(quality["doc_id"], quality.groupby("doc_id").cumcount() + 1, strict=True)
    ]
