"""export-tables: every table, every row, in CSV, Excel, SQLite and DuckDB, read back by their own readers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from conftest import CIRCULAR_2014, FIXTURES

import pipeline
from pipeline.cli import main
from pipeline.tables_export import EXCEL_CELL_LIMIT, ExportError, default_output, excel_cell, export_tables


@pytest.fixture(scope="module")
def tables_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    assert pipeline.run([CIRCULAR_2014, FIXTURES / "lineage"], out, jobs=1).ok
    return out


@pytest.fixture(scope="module")
def tables(tables_dir) -> dict[str, pd.DataFrame]:
    return pipeline.load(tables_dir)


def test_csv_has_every_table_and_row(tables_dir, tables, tmp_path):
    out = export_tables(tables_dir, tmp_path / "csv", "csv")
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted([*tables, "data_dictionary"])
    for name, df in tables.items():
        back = pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])
        assert list(back.columns) == list(df.columns) and len(back) == len(df), name
    agencies = pd.read_csv(out / "agencies.csv")
    assert json.loads(agencies.loc[agencies["agency_id"] == "sipo", "aliases"].iloc[0]) == \
        tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
    documents = pd.read_csv(out / "documents.csv")
    assert documents["text"].tolist() == tables["documents"]["text"].tolist()  # whole texts, commas and all
    assert set(documents["issue_date"]) == {"2014-04-01", "2032-03-20", "2033-03-16"}
    assert set(pd.read_csv(out / "measures.csv", dtype=str)["corrected"]) == {"false"}


def test_excel_has_the_dictionary_first_then_one_sheet_per_table(tables_dir, tables, tmp_path):
    out = export_tables(tables_dir, tmp_path / "tables.xlsx", "xlsx")
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["data_dictionary", *sorted(tables)]
    sheets = pd.read_excel(out, sheet_name=None)
    for name, df in tables.items():
        assert list(sheets[name].columns) == list(df.columns) and len(sheets[name]) == len(df), name
    dictionary = sheets["data_dictionary"]
    assert len(dictionary) == sum(len(df.columns) for df in tables.values())
    assert dictionary.query("table == 'measure_lineage' and column == 'label'")["description"].str.contains(
        "One of: new, continued, revised").all()
    assert sheets["documents"]["text"].tolist() == tables["documents"]["text"].tolist()


@pytest.mark.parametrize("value, expected", [
    ("plain", "plain"),
    ("bell\x07 and form feed\x0c", "bell and form feed"),
    (3, 3),
    ("x" * EXCEL_CELL_LIMIT, "x" * EXCEL_CELL_LIMIT),
])
def test_excel_cells(value, expected):
    assert excel_cell(value) == expected


def test_excel_cuts_text_longer_than_a_cell_and_says_so():
    cell = excel_cell("y" * 40_000)
    assert len(cell) == EXCEL_CELL_LIMIT
    assert cell.endswith(f"[cut at {EXCEL_CELL_LIMIT} of 40000 characters; the whole text is in the Parquet tables]")


def test_sqlite_has_every_row_typed_with_keys(tables_dir, tables, tmp_path):
    out = export_tables(tables_dir, tmp_path / "tables.sqlite", "sqlite")
    con = sqlite3.connect(out)
    try:
        for name, df in tables.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(df), name
        aliases = con.execute("SELECT aliases FROM agencies WHERE agency_id = 'sipo'").fetchone()[0]
        assert json.loads(aliases) == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
        assert con.execute("SELECT number, corrected FROM measures ORDER BY char_start LIMIT 1").fetchone() == (1, 0)
        ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'measures'").fetchone()[0]
        assert '"number" INTEGER' in ddl and 'PRIMARY KEY ("measure_id")' in ddl
        lineage = pd.read_sql("SELECT * FROM measure_lineage WHERE year = 2033", con)
        assert len(lineage) == 14 and set(lineage["label"]) == {"new", "continued", "revised"}
    finally:
        con.close()


def test_duckdb_has_every_row_with_native_lists(tables_dir, tables, tmp_path):
    out = export_tables(tables_dir, tmp_path / "tables.duckdb", "duckdb")
    con = duckdb.connect(str(out), read_only=True)
    try:
        for name, df in tables.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(df), name
        aliases, = con.execute("SELECT aliases FROM agencies WHERE agency_id = 'sipo'").fetchone()
        assert aliases == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
        assert con.execute("SELECT typeof(issue_date) FROM documents LIMIT 1").fetchone()[0] == "DATE"
        assert con.execute("SELECT count(*) FROM data_dictionary").fetchone()[0] > 100
    finally:
        con.close()


@pytest.mark.parametrize("fmt, target, expected", [
    ("xlsx", "folder", "is a folder; --format xlsx writes one file"),
    ("csv", "file", "is a file; --format csv writes a folder"),
    ("parquet", "file", "unknown format 'parquet'"),
])
def test_bad_targets_are_refused(tables_dir, tmp_path, fmt, target, expected):
    out = tmp_path / "x"
    out.mkdir() if target == "folder" else out.write_text("keep me")
    with pytest.raises(ExportError, match=expected):
        export_tables(tables_dir, out, fmt)
    assert out.is_dir() or out.read_text() == "keep me"


def test_missing_tables_folder_is_one_error(tmp_path, capsys):
    assert main(["export-tables", str(tmp_path / "nowhere"), "--format", "csv"]) == 1
    assert "does not exist; run `python -m pipeline run" in capsys.readouterr().err


def test_cli_writes_to_the_default_place(tables_dir, capsys):
    assert main(["export-tables", str(tables_dir), "-f", "sqlite"]) == 0
    out = default_output(tables_dir, "sqlite")
    assert capsys.readouterr().out.strip() == str(out) and out == tables_dir / "exports" / "tables.sqlite"
    assert sqlite3.connect(out).execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_missing_optional_package_says_how_to_install(tables_dir, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_duckdb(name, *args, **kwargs):
        if name == "duckdb":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    with pytest.raises(ExportError, match=r"pip install 'policy-pipeline\[export\]'"):
        export_tables(tables_dir, tmp_path / "t.duckdb", "duckdb")
