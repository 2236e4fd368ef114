"""The table registry (pipeline/tables.py): one entry per schema file, each entry true to its schema and to the
code that writes, corrects and shows the table."""

from __future__ import annotations

import importlib
import json

import pytest

from pipeline import store
from pipeline.corpus import commit_documents
from pipeline.corrections import CorrectionsError, read_corrections
from pipeline.export import document_rows
from pipeline.report.build import KINDS
from pipeline.tables import (
    ALL_TABLES,
    BY_NAME,
    CORPUS_FRAGMENTS,
    CORPUS_TABLES,
    CORRECTED_TABLES,
    DOCUMENT_TABLES,
    SCHEMA_DIR,
    TABLES,
    table,
    table_schema,
)


def columns(name: str) -> list[str]:
    return [f["name"] for f in table_schema(name)["fields"]]


def test_every_schema_file_has_one_entry_and_every_entry_a_schema_file():
    assert sorted(p.stem for p in SCHEMA_DIR.glob("*.json")) == list(ALL_TABLES)
    assert len(TABLES) == len(BY_NAME)  # no name twice
    for t in TABLES:
        assert t.schema_file.is_file() and json.loads(t.schema_file.read_text())["name"] == t.name


@pytest.mark.parametrize("t", TABLES, ids=lambda t: t.name)
def test_each_entry_is_true_to_its_schema(t):
    cols = columns(t.name)
    if t.scope == "document":
        assert t.sort_by and t.sort_by[0] == "doc_id" and set(t.sort_by) <= set(cols), t.sort_by
    else:
        assert not t.sort_by and t.builder and not t.corrected, "a corpus table is built, never sorted or corrected"
    # corrections mark the rows they change: a corrected table has the two columns, no other table has them
    assert t.corrected == ({"corrected", "correction_note"} <= set(cols))
    if t.span_text:
        assert {t.span_text, "char_start", "char_end"} <= set(cols)


@pytest.mark.parametrize("t", [t for t in TABLES if t.builder], ids=lambda t: t.name)
def test_each_builder_names_a_function_of_the_pipeline(t):
    module, _, function = t.builder.rpartition(".")
    assert callable(getattr(importlib.import_module(f"pipeline.{module}"), function, None)), t.builder


@pytest.mark.parametrize(
    "name, expected",
    [
        ("measures", ("doc_id", "char_start", "number")),
        ("quality", ("doc_id", "check", "item_id", "message")),
    ],
)
def test_a_table_is_found_by_name(name, expected):
    assert table(name).sort_by == expected
    with pytest.raises(KeyError, match="no table 'measure' \\(one of: agencies, agency_mentions"):
        table("measure")


def test_the_derived_lists_partition_the_tables():
    assert set(DOCUMENT_TABLES) | set(CORPUS_TABLES) == set(ALL_TABLES)
    assert not set(DOCUMENT_TABLES) & set(CORPUS_TABLES)
    assert set(CORPUS_FRAGMENTS) == set(CORPUS_TABLES) | {"quality"}
    assert set(CORRECTED_TABLES) == set(DOCUMENT_TABLES) - {"quality"}


def test_a_document_gives_rows_to_exactly_the_per_document_tables(doc_2014):
    assert list(document_rows(doc_2014)) == list(DOCUMENT_TABLES)


def test_a_commit_writes_every_table_and_one_corpus_fragment_per_builder(doc_2014, tmp_path):
    written = commit_documents([doc_2014], tmp_path)
    assert set(written) == {*ALL_TABLES, "datapackage"}
    manifest = store.read_manifest(tmp_path)
    assert set(manifest.corpus) == set(CORPUS_FRAGMENTS)
    assert set(manifest.files()) == set(ALL_TABLES)


def test_the_report_shows_every_per_document_table():
    assert {name for name, _, _ in KINDS} == set(DOCUMENT_TABLES) - {"documents"}


@pytest.mark.parametrize("name, corrected", [(t.name, t.corrected) for t in TABLES])
def test_corrections_accept_the_corrected_tables_only(tmp_path, name, corrected):
    path = tmp_path / "corrections.csv"
    path.write_text(f"table,doc_id,row_id,action,note,coder\n{name},d,d/x,remove,why,ab\n", encoding="utf-8")
    if corrected:
        assert read_corrections(path)[0].table == name
    else:
        with pytest.raises(CorrectionsError, match=f"table '{name}' cannot be corrected"):
            read_corrections(path)
