"""export-tables: every table, every row, in CSV, Excel, SQLite and DuckDB, read back by their own readers."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import struct
import subprocess
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from conftest import CIRCULAR_2014, FIXTURES, ROOT
from openpyxl.writer.excel import ExcelWriter

import pipeline
from pipeline import tables_export
from pipeline.cli import main
from pipeline.tables import SCHEMA_DIR, table_schema
from pipeline.tables_export import (
    EXCEL_CELL_LIMIT,
    XLSX_WIDTH_MAX,
    XLSX_WIDTH_MIN,
    ExportError,
    ExportUsageError,
    default_output,
    excel_cell,
    export_tables,
    neutralise,
)

FORMATS = ["csv", "xlsx", "sqlite", "duckdb"]
TARGET = {"csv": "csv", "xlsx": "tables.xlsx", "sqlite": "tables.sqlite", "duckdb": "tables.duckdb"}
SCHEMAS = sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))
# A plan whose identity is incomplete: document-level quality findings, without an item (item_id null).
EXCERPT = FIXTURES / "realistic" / "excerpt_cut_2043.txt"
CHINESE = FIXTURES / "zh" / "plan_2026_zh.txt"


@pytest.fixture(scope="module")
def tables_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    assert pipeline.run([CIRCULAR_2014, FIXTURES / "lineage", EXCERPT, CHINESE], out, jobs=1).ok
    return out


@pytest.fixture(scope="module")
def tables(tables_dir) -> dict[str, pd.DataFrame]:
    return pipeline.load(tables_dir)


@pytest.fixture(scope="module")
def exported(tables_dir, tmp_path_factory) -> dict[str, Path]:
    """Each format exported once, for the tests that only read."""
    folder = tmp_path_factory.mktemp("exports")
    return {fmt: export_tables(tables_dir, folder / TARGET[fmt], fmt) for fmt in FORMATS}


def fields(name: str) -> list[dict]:
    return table_schema(name)["fields"]


def files(out: Path) -> list[Path]:
    return sorted(out.glob("*.csv")) if out.is_dir() else [out]


# -- keys -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_primary_key_column_is_required(name):
    """A key column that may be null cannot be a primary key in SQL (quality.item_id was)."""
    required = {f["name"] for f in fields(name) if f.get("constraints", {}).get("required")}
    assert set(table_schema(name)["primaryKey"]) <= required


def test_document_level_findings_have_ids(tables):
    quality = tables["quality"]
    assert quality["item_id"].isna().any()  # the excerpt's missing identity concerns the whole document
    assert quality["finding_id"].is_unique and quality["finding_id"].notna().all()
    for doc_id, findings in quality.groupby("doc_id"):
        assert findings["finding_id"].tolist() == [f"{doc_id}/q{n}" for n in range(1, len(findings) + 1)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_every_row_of_every_table(exported, tables, fmt):
    out = exported[fmt]
    if fmt == "csv":
        counts = {p.stem: len(pd.read_csv(p, dtype=str)) for p in out.glob("*.csv")}
    elif fmt == "xlsx":
        counts = {name: len(df) for name, df in pd.read_excel(out, sheet_name=None).items()}
    else:
        con = sqlite3.connect(out) if fmt == "sqlite" else duckdb.connect(str(out), read_only=True)
        counts = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        con.close()
    assert {name: counts[name] for name in tables} == {name: len(df) for name, df in tables.items()}


def test_csv_folder_and_contents(exported, tables):
    out = exported["csv"]
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted([*tables, "data_dictionary"])
    agencies = pd.read_csv(out / "agencies.csv")
    assert (
        json.loads(agencies.loc[agencies["agency_id"] == "sipo", "aliases"].iloc[0])
        == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
    )
    documents = pd.read_csv(out / "documents.csv")
    assert documents["text"].tolist() == tables["documents"]["text"].tolist()  # whole texts, commas and all
    assert set(documents["issue_date"].dropna()) >= {"2014-04-01", "2032-03-20", "2033-03-16"}


# -- CSV: encoding and types ----------------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_keeps_chinese(exported, tables):
    for path in files(exported["csv"]):
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", path.name
    titles = pd.read_csv(exported["csv"] / "documents.csv")["title"]
    assert any("知识产权" in t for t in titles.dropna())


CSV_DTYPES = {
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "string": "string",
    "date": "string",
    "array": "string",
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_csv_reads_back_with_the_schema_types(exported, tables, name):
    dtypes = {f["name"]: CSV_DTYPES[f["type"]] for f in fields(name)}
    back = pd.read_csv(exported["csv"] / f"{name}.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    assert dict(back.dtypes.astype(str)) == {col: str(pd.Series(dtype=t).dtype) for col, t in dtypes.items()}
    expected = tables_export._csv_frame(name, tables_export._plain(name, tables[name]))
    for f in fields(name):
        col = f["name"]
        if f["type"] == "boolean":
            want = expected[col].map(lambda v: {"TRUE": True, "FALSE": False}.get(v, pd.NA)).astype("boolean")
        elif f["type"] in ("integer", "number"):
            want = expected[col].astype(CSV_DTYPES[f["type"]])
        else:  # text: an empty string and a missing value are both an empty field
            want = expected[col].where(expected[col] != "", None).astype("string")
        pd.testing.assert_series_equal(back[col], want, check_names=False, obj=f"{name}.{col}")


def test_csv_integers_are_integers_and_booleans_true_false(exported):
    out = exported["csv"]
    agencies = pd.read_csv(out / "agencies.csv", dtype=str)
    assert "1921" in set(agencies["valid_from"]) and not agencies["valid_from"].dropna().str.contains(r"\.").any()
    for name, col in (("measures", "responsibility_char_start"), ("quality", "char_start")):
        values = pd.read_csv(out / f"{name}.csv", dtype=str)[col].dropna()
        assert len(values) and values.str.fullmatch(r"\d+").all(), f"{name}.{col}"
    assert set(pd.read_csv(out / "measures.csv", dtype=str)["corrected"]) == {"FALSE"}
    assert set(pd.read_csv(out / "data_dictionary.csv", dtype=str)["required"]) == {"TRUE", "FALSE"}


# -- formula-like text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTab first", "'\tTab first"),
        ("\rCarriage return first", "'\rCarriage return first"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        ("国家知识产权局", "国家知识产权局"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


@pytest.fixture
def formula_tables(tables, monkeypatch) -> dict[str, pd.DataFrame]:
    """The tables with formula-like text in a measure and a negative target value."""
    changed = {name: df.copy() for name, df in tables.items()}
    changed["measures"].loc[0, "text"] = '=HYPERLINK("http://x.example","click")'
    changed["measures"].loc[1, "text"] = "@SUM(1+1)"
    changed["targets"].loc[0, "value_min"] = -5.0
    monkeypatch.setattr(tables_export, "load", lambda _: changed)
    return changed


def test_formula_like_text_is_neutralised_in_csv_only_for_text(formula_tables, tables_dir, tmp_path):
    out = export_tables(tables_dir, tmp_path / "csv", "csv")
    measures = pd.read_csv(out / "measures.csv", dtype=str)
    assert measures.loc[0, "text"] == '\'=HYPERLINK("http://x.example","click")'
    assert measures.loc[1, "text"] == "'@SUM(1+1)"
    targets = pd.read_csv(out / "targets.csv")
    assert targets.loc[0, "value_min"] == -5.0  # a negative number stays a number


def test_formula_like_text_is_a_text_cell_in_xlsx(formula_tables, tables_dir, tmp_path):
    out = export_tables(tables_dir, tmp_path / "t.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(out)["measures"]
    column = [c.value for c in sheet[1]].index("text") + 1
    for row, text in ((2, '=HYPERLINK("http://x.example","click")'), (3, "@SUM(1+1)")):
        cell = sheet.cell(row, column)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    targets = openpyxl.load_workbook(out)["targets"]
    value = targets.cell(2, [c.value for c in targets[1]].index("value_min") + 1)
    assert (value.value, value.data_type) == (-5, "n")


# -- XLSX -----------------------------------------------------------------------------------------------------


def test_excel_has_the_dictionary_first_then_one_sheet_per_table(exported, tables):
    out = exported["xlsx"]
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["data_dictionary", *sorted(tables)]
    sheets = pd.read_excel(out, sheet_name=None)
    for name, df in tables.items():
        assert list(sheets[name].columns) == list(df.columns) and len(sheets[name]) == len(df), name
    dictionary = sheets["data_dictionary"]
    assert len(dictionary) == sum(len(df.columns) for df in tables.values())
    assert (
        dictionary.query("table == 'measure_lineage' and column == 'label'")["description"]
        .str.contains("One of: new, continued, revised")
        .all()
    )
    assert sheets["documents"]["text"].tolist() == tables["documents"]["text"].tolist()


def test_excel_sheets_have_a_frozen_header_an_autofilter_and_fitted_widths(exported):
    workbook = openpyxl.load_workbook(exported["xlsx"])
    for sheet in workbook.worksheets:
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        assert all(c.font.bold for c in sheet[1]), sheet.title
        widths = [
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, sheet.max_column + 1)
        ]
        assert all(XLSX_WIDTH_MIN <= w <= XLSX_WIDTH_MAX for w in widths), sheet.title
    documents = workbook["documents"]
    header = [c.value for c in documents[1]]
    width = {
        col: documents.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i, col in enumerate(header)
    }
    assert width["text"] == XLSX_WIDTH_MAX  # capped
    assert width["n_pages"] < width["title"] < XLSX_WIDTH_MAX + 1


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, 0),
        ("abc", 3),
        ("知识产权", 8),  # wide characters take two columns
        ("first line\nsecond, longer line", 10),
        ("x" * 500, XLSX_WIDTH_MAX),
        (12345, 5),
    ],
)
def test_cell_widths(value, expected):
    assert tables_export._width(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("plain", "plain"),
        ("bell\x07 and form feed\x0c", "bell and form feed"),
        (3, 3),
        ("x" * EXCEL_CELL_LIMIT, "x" * EXCEL_CELL_LIMIT),
    ],
)
def test_excel_cells(value, expected):
    assert excel_cell(value) == expected


def test_excel_cuts_text_longer_than_a_cell_and_says_so():
    cell = excel_cell("y" * 40_000)
    assert len(cell) == EXCEL_CELL_LIMIT
    assert cell.endswith(f"[cut at {EXCEL_CELL_LIMIT} of 40000 characters; the whole text is in the Parquet tables]")


# -- SQLite and DuckDB: types, keys, foreign keys ------------------------------------------------------------


def schema_foreign_keys(name: str) -> set[tuple[str, str, str]]:
    return {
        (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
        for fk in table_schema(name)["foreignKeys"]
    }


def test_sqlite_has_every_row_typed_with_keys(exported, tables):
    con = sqlite3.connect(exported["sqlite"])
    try:
        aliases = con.execute("SELECT aliases FROM agencies WHERE agency_id = 'sipo'").fetchone()[0]
        assert json.loads(aliases) == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
        assert con.execute("SELECT number, corrected FROM measures ORDER BY char_start LIMIT 1").fetchone() == (1, 0)
        ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'measures'").fetchone()[0]
        assert '"number" INTEGER' in ddl and 'PRIMARY KEY ("measure_id")' in ddl
        lineage = pd.read_sql("SELECT * FROM measure_lineage WHERE year = 2033", con)
        assert len(lineage) == 14 and set(lineage["label"]) == {"new", "continued", "revised"}
        assert con.execute("SELECT count(*) FROM quality WHERE item_id IS NULL").fetchone()[0] > 0
    finally:
        con.close()


def test_sqlite_declares_the_foreign_keys_and_they_hold(exported):
    con = sqlite3.connect(exported["sqlite"])
    try:
        for name in SCHEMAS:
            declared = {(row[3], row[2], row[4]) for row in con.execute(f'PRAGMA foreign_key_list("{name}")')}
            assert declared == schema_foreign_keys(name), name
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def test_duckdb_has_every_row_with_native_lists(exported, tables):
    con = duckdb.connect(str(exported["duckdb"]), read_only=True)
    try:
        (aliases,) = con.execute("SELECT aliases FROM agencies WHERE agency_id = 'sipo'").fetchone()
        assert aliases == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
        assert con.execute("SELECT typeof(issue_date) FROM documents LIMIT 1").fetchone()[0] == "DATE"
        assert con.execute("SELECT count(*) FROM data_dictionary").fetchone()[0] > 100
        assert con.execute("SELECT count(*) FROM quality WHERE item_id IS NULL").fetchone()[0] > 0
    finally:
        con.close()


def test_duckdb_declares_and_enforces_the_foreign_keys(exported, tmp_path):
    con = duckdb.connect(str(exported["duckdb"]), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name, constraint_column_names, referenced_table, referenced_column_names "
            "FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'"
        ).fetchall()
    finally:
        con.close()
    for name in SCHEMAS:
        declared = {(cols[0], ref, ref_cols[0]) for table, cols, ref, ref_cols in rows if table == name}
        assert declared == schema_foreign_keys(name), name
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(exported["duckdb"].read_bytes())
    con = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException, match="foreign key"):
            con.execute(
                "INSERT INTO agency_mentions (doc_id, mention_id, agency_id, surface, role) "
                "SELECT doc_id, 'new', 'no-such-agency', 'x', 'mentioned' FROM documents LIMIT 1"
            )
    finally:
        con.close()


def test_rows_naming_a_missing_row_are_one_error_before_any_write(tables, tables_dir, tmp_path, monkeypatch):
    changed = {name: df.copy() for name, df in tables.items()}
    changed["agency_mentions"].loc[0, "agency_id"] = "no-such-agency"
    monkeypatch.setattr(tables_export, "load", lambda _: changed)
    for fmt in ("sqlite", "duckdb"):
        with pytest.raises(ExportError, match="agency_mentions.agency_id 'no-such-agency' is not in agencies"):
            export_tables(tables_dir, tmp_path / TARGET[fmt], fmt)
    assert list(tmp_path.iterdir()) == []


def test_duckdb_file_is_in_a_storage_format_duckdb_1_reads(exported):
    magic, version = struct.unpack("<8x4sQ", exported["duckdb"].read_bytes()[:20])
    assert (magic, version) == (b"DUCK", 64)


@pytest.mark.parametrize(
    "version, option",
    [
        ("2.0.1", " (STORAGE_VERSION 'v1.0.0')"),
        ("3.1.0", " (STORAGE_VERSION 'v1.0.0')"),
        ("1.4.4", ""),
    ],
)
def test_duckdb_storage_option(version, option):
    assert tables_export._duckdb_storage(version) == option


DUCKDB1 = sorted((ROOT / ".venv-duckdb1").glob("duckdb-1.*"))
READ_WITH_DUCKDB1 = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
print(json.dumps({
    "version": duckdb.__version__,
    "counts": {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables},
    "aliases": con.execute("SELECT aliases FROM agencies WHERE agency_id = 'sipo'").fetchone()[0],
    "foreign_keys": con.execute("SELECT count(*) FROM duckdb_constraints() "
                                "WHERE constraint_type = 'FOREIGN KEY'").fetchone()[0],
}))
"""


@pytest.mark.skipif(
    not DUCKDB1,
    reason="no DuckDB 1.x reader in .venv-duckdb1: `make duckdb1` installs it "
    "from the package registry (make test does)",
)
@pytest.mark.parametrize("reader", DUCKDB1, ids=lambda p: p.name)
def test_duckdb_1x_opens_the_file(exported, tables, reader):
    """The file DuckDB 2 wrote, opened by a real DuckDB 1.x in its own process (as the CLI, R or DBeaver would)."""
    python = ROOT / ".venv-duckdb1" / "bin" / "python"
    result = subprocess.run(
        [str(python), "-c", READ_WITH_DUCKDB1, str(exported["duckdb"])],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(reader)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["version"] == reader.name.removeprefix("duckdb-")
    assert {t: seen["counts"][t] for t in tables} == {name: len(df) for name, df in tables.items()}
    assert seen["aliases"] == tables["agencies"].set_index("agency_id").loc["sipo", "aliases"]
    assert seen["foreign_keys"] == sum(len(schema_foreign_keys(name)) for name in SCHEMAS)


# -- destinations, permissions, failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, target, expected",
    [
        ("xlsx", "x_xlsx", "x_xlsx: --format xlsx writes a .xlsx file; name it so (e.g. "),
        ("sqlite", "tables.xlsx", "--format sqlite writes a .sqlite or .sqlite3 or .db file"),
        ("duckdb", "tables.sqlite", "--format duckdb writes a .duckdb or .db file"),
        ("xlsx", "folder/", "is a folder; --format xlsx writes one file"),
        ("csv", "file", "is a file; --format csv writes a folder"),
        ("csv", "tables.csv", "--format csv writes a folder of .csv files; give a folder name"),
    ],
)
def test_bad_destinations_are_one_line_and_exit_2(tables_dir, tmp_path, capsys, fmt, target, expected):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("keep me")
    before = sorted(tmp_path.rglob("*"))
    assert main(["export-tables", str(tables_dir), "--format", fmt, "--out", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert sorted(tmp_path.rglob("*")) == before and (tmp_path / "file").read_text() == "keep me"


@pytest.mark.parametrize("fmt, target", [("sqlite", "t.db"), ("duckdb", "T.DUCKDB"), ("xlsx", "Tables.XLSX")])
def test_other_file_names_of_the_format_are_accepted(tables_dir, tmp_path, fmt, target):
    assert export_tables(tables_dir, tmp_path / target, fmt).is_file()


def test_unknown_format_is_refused():
    with pytest.raises(ExportUsageError, match="unknown format 'parquet'"):
        export_tables("anywhere", "x.parquet", "parquet")


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("fmt", FORMATS)
def test_files_get_the_permissions_of_the_umask(tables_dir, tmp_path, fmt, umask, mode):
    old = os.umask(umask)
    try:
        out = export_tables(tables_dir, tmp_path / TARGET[fmt], fmt)
    finally:
        os.umask(old)
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in files(out)} == {p.name: oct(mode) for p in files(out)}


def full_disk_after(data: bytes):
    """A write that puts some bytes in its file, then fails as a full disk does."""

    def write(path, *args, **kwargs) -> None:
        Path(path).write_bytes(data)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


class FullDuckDB:
    """A DuckDB connection whose inserts fail as on a full disk."""

    def __init__(self, con) -> None:
        self.con = con

    def execute(self, sql: str, *args):
        if sql.startswith("INSERT"):
            raise duckdb.IOException("Could not write file: No space left on device")
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def fill_disk(fmt: str, monkeypatch) -> None:
    if fmt == "csv":
        calls = []
        real = pd.DataFrame.to_csv

        def to_csv(self, path, *args, **kwargs):  # the fourth table fails, after three were written
            calls.append(path)
            if len(calls) == 4:
                return full_disk_after(b"partial")(path)
            return real(self, path, *args, **kwargs)

        monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    elif fmt == "xlsx":
        monkeypatch.setattr(ExcelWriter, "save", lambda self: full_disk_after(b"PK\x03\x04")(self._archive.filename))
    elif fmt == "sqlite":

        def insert(con, name, rows):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(tables_export, "_sqlite_insert", insert)
    else:
        real = duckdb.connect
        monkeypatch.setattr(duckdb, "connect", lambda *a, **k: FullDuckDB(real(*a, **k)))


@pytest.mark.parametrize(
    "fmt, problem",
    [
        ("csv", "No space left on device"),
        ("xlsx", "No space left on device"),
        ("sqlite", "database or disk is full"),
        ("duckdb", "No space left on device"),
    ],
)
def test_a_full_disk_is_one_line_exit_1_and_the_earlier_export_intact(
    tables_dir, tmp_path, capsys, monkeypatch, fmt, problem
):
    out = export_tables(tables_dir, tmp_path / TARGET[fmt], fmt)
    if fmt == "duckdb":  # an export of other tables: the same ones would leave the file as it is, writing nothing
        con = duckdb.connect(str(out))
        con.execute("COMMENT ON TABLE data_dictionary IS 'an earlier export'")
        con.close()
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    fill_disk(fmt, monkeypatch)
    assert main(["export-tables", str(tables_dir), "--format", fmt, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {out}") and problem in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # no temporary file left


def test_missing_tables_folder_is_one_error(tmp_path, capsys):
    assert main(["export-tables", str(tmp_path / "nowhere"), "--format", "csv"]) == 1
    assert "does not exist; run `python -m pipeline run" in capsys.readouterr().err


def test_cli_writes_to_the_default_place(tables_dir, tables, capsys):
    assert main(["export-tables", str(tables_dir), "-f", "sqlite"]) == 0
    out = default_output(tables_dir, "sqlite")
    assert capsys.readouterr().out.strip() == str(out) and out == tables_dir / "exports" / "tables.sqlite"
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(tables["documents"])
    con.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sqlite"])
def test_export_is_byte_identical_when_run_again(tables_dir, tmp_path, monkeypatch, fmt):
    first = {p.name: p.read_bytes() for p in files(export_tables(tables_dir, tmp_path / "a" / TARGET[fmt], fmt))}
    time.sleep(2.1)  # files written later (a zip stores a file's time to two seconds) ...
    clock = time.time() + 3600  # ... and a clock an hour later: a stamped time would show in the bytes
    monkeypatch.setattr(time, "time", lambda: clock)
    second = {p.name: p.read_bytes() for p in files(export_tables(tables_dir, tmp_path / "b" / TARGET[fmt], fmt))}
    assert first == second


def test_duckdb_export_run_again_leaves_the_same_file_and_new_rows_replace_it(tables_dir, tmp_path):
    # DuckDB places its blocks differently each time it writes a file; the export marks what the file holds and
    # leaves a file holding the same tables as it is.
    out = export_tables(tables_dir, tmp_path / "t.duckdb", "duckdb")
    first, stamp = out.read_bytes(), out.stat().st_mtime_ns
    export_tables(tables_dir, out, "duckdb")
    assert out.read_bytes() == first and out.stat().st_mtime_ns == stamp
    changed = tmp_path / "changed"
    assert pipeline.run([CHINESE], changed, jobs=1).ok
    export_tables(changed, out, "duckdb")
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(pipeline.load(changed)["documents"])
    con.close()


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
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_removes_the_folders_it_created(tables_dir, tmp_path, capsys, monkeypatch, fmt):
    fill_disk(fmt, monkeypatch)
    out = tmp_path / "new" / "exports" / TARGET[fmt]
    assert main(["export-tables", str(tables_dir), "--format", fmt, "--out", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
