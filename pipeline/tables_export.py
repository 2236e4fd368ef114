"""Export the written tables for colleagues: CSV, Excel, SQLite or DuckDB, with the data dictionary.

Tables are read only through :func:`pipeline.load`, so the export does not depend on how they lie on disk.
Every format gets every row and a ``data_dictionary`` (one row per column: table, column, type, required,
primary key, description), generated from ``schemas/``:

- ``csv``: a folder with ``<table>.csv`` (UTF-8, comma-separated) and ``data_dictionary.csv``;
- ``xlsx``: one workbook, the dictionary as its first sheet, then one sheet per table;
- ``sqlite``: one database file, column types and primary keys from ``schemas/``;
- ``duckdb``: one database file, likewise, with lists as native ``VARCHAR[]``.

Lists (``agencies.aliases``) are JSON text (``["SIPO", "State IP Office"]``) in CSV, Excel and SQLite; dates
are ``YYYY-MM-DD`` text in CSV and SQLite, dates in Excel and DuckDB; booleans are ``true``/``false`` in
CSV and 1/0 in SQLite. Excel holds at most 32,767 characters in a cell: longer values (only a
``documents.text`` of a long plan; the 2014 circular has 27,356) are cut there and end with a marker saying
so, and control characters are dropped; the other formats keep every value whole.
xlsx needs openpyxl and duckdb needs duckdb: ``pip install 'policy-pipeline[export]'``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from .export import table_schema
from .loader import load
from .model import PipelineError

FORMATS = ("csv", "xlsx", "sqlite", "duckdb")
SUFFIX = {"csv": "", "xlsx": ".xlsx", "sqlite": ".sqlite", "duckdb": ".duckdb"}
DICTIONARY = "data_dictionary"
EXCEL_CELL_LIMIT = 32_767
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT",
                "array": "TEXT"}
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN",
                "date": "DATE", "array": "VARCHAR[]"}


class ExportError(PipelineError):
    """Tables that cannot be exported (missing folder, missing optional package)."""


def default_output(tables_dir: str | Path, fmt: str) -> Path:
    """Where ``export-tables`` writes without ``--out``: ``DIR/exports/csv/``, ``DIR/exports/tables.xlsx``..."""
    exports = Path(tables_dir) / "exports"
    return exports / "csv" if fmt == "csv" else exports / f"tables{SUFFIX[fmt]}"


def export_tables(tables_dir: str | Path, out: str | Path, fmt: str) -> Path:
    """Write every table in ``tables_dir`` to ``out`` (a folder for csv, a file otherwise); returns ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    try:
        tables = load(tables_dir)
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None
    if not tables:
        raise ExportError(f"{tables_dir}: no tables found; run `python -m pipeline run --out {tables_dir}` first")
    out = Path(out)
    if fmt == "csv" and out.is_file():
        raise ExportError(f"{out} is a file; --format csv writes a folder")
    if fmt != "csv" and out.is_dir():
        raise ExportError(f"{out} is a folder; --format {fmt} writes one file (e.g. {out / ('tables' + SUFFIX[fmt])})")
    out.parent.mkdir(parents=True, exist_ok=True)
    dictionary = data_dictionary(sorted(tables))
    {"csv": _csv, "xlsx": _xlsx, "sqlite": _sqlite, "duckdb": _duckdb}[fmt](tables, dictionary, out)
    return out


def data_dictionary(names: list[str]) -> pd.DataFrame:
    rows = []
    for name in names:
        schema = table_schema(name)
        for f in schema["fields"]:
            constraints = f.get("constraints", {})
            description = f["description"]
            if "enum" in constraints:
                description += " One of: " + ", ".join(constraints["enum"]) + "."
            kind = f["type"] if f["type"] != "array" else f"list of {f.get('arrayItem', {}).get('type', 'string')}"
            rows.append({"table": name, "column": f["name"], "type": kind,
                         "required": bool(constraints.get("required")),
                         "primary_key": f["name"] in schema["primaryKey"], "description": description})
    return pd.DataFrame(rows, columns=["table", "column", "type", "required", "primary_key", "description"])


def _plain(name: str, df: pd.DataFrame, lists_as_json: bool = True, dates_as_text: bool = True) -> pd.DataFrame:
    """Categoricals as text, lists as JSON text, dates as ISO text (each where asked), missing values as None."""
    df = df.copy()
    for f in table_schema(name)["fields"]:
        col = f["name"]
        if col not in df:
            continue
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(object)
        if f["type"] == "array" and lists_as_json:
            df[col] = df[col].map(lambda v: json.dumps(list(v), ensure_ascii=False) if v is not None else None)
        elif f["type"] == "date":
            dates = pd.to_datetime(df[col])
            df[col] = dates.dt.strftime("%Y-%m-%d") if dates_as_text else dates.dt.date
    return df.astype(object).where(df.notna(), None)


def _csv(tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, df in [(DICTIONARY, dictionary), *tables.items()]:
        frame = df if name == DICTIONARY else _plain(name, df)
        frame = frame.map(lambda v: ("true" if v else "false") if isinstance(v, bool) else v)
        _atomic(out / f"{name}.csv", lambda tmp, frame=frame: frame.to_csv(tmp, index=False, lineterminator="\n"))


def _xlsx(tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame, out: Path) -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ExportError(_missing("xlsx", "openpyxl")) from None

    def write(tmp: str) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, df in [(DICTIONARY, dictionary), *tables.items()]:
                frame = df if name == DICTIONARY else _plain(name, df, dates_as_text=False)
                frame.map(excel_cell).to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))

    _atomic(out, write)


def excel_cell(value: object) -> object:
    """Text as Excel can hold it: without control characters, cut at the cell limit with a marker."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) <= EXCEL_CELL_LIMIT:
        return value
    marker = f" [cut at {EXCEL_CELL_LIMIT} of {len(value)} characters; the whole text is in the Parquet tables]"
    return value[:EXCEL_CELL_LIMIT - len(marker)] + marker


def _sqlite(tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame, out: Path) -> None:
    def write(tmp: str) -> None:
        con = sqlite3.connect(tmp)
        try:
            con.execute(f"CREATE TABLE {DICTIONARY} (\"table\" TEXT, \"column\" TEXT, type TEXT, required INTEGER, "
                        "primary_key INTEGER, description TEXT, PRIMARY KEY (\"table\", \"column\"))")
            con.executemany(f"INSERT INTO {DICTIONARY} VALUES (?, ?, ?, ?, ?, ?)",
                            dictionary.itertuples(index=False, name=None))
            for name, df in tables.items():
                fields = table_schema(name)["fields"]
                con.execute(_ddl(name, SQLITE_TYPES))
                frame = _plain(name, df)[[f["name"] for f in fields]]
                marks = ", ".join("?" * len(fields))
                con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', frame.itertuples(index=False, name=None))
            con.commit()
        finally:
            con.close()

    _atomic(out, write)


def _duckdb(tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame, out: Path) -> None:
    try:
        import duckdb
    except ImportError:
        raise ExportError(_missing("duckdb", "duckdb")) from None

    def write(tmp: str) -> None:
        os.unlink(tmp)  # duckdb creates its own file
        con = duckdb.connect(tmp)
        try:
            con.register("frame", dictionary)
            con.execute(f"CREATE TABLE {DICTIONARY} AS SELECT * FROM frame")
            con.unregister("frame")
            for name, df in tables.items():
                fields = table_schema(name)["fields"]
                con.execute(_ddl(name, DUCKDB_TYPES))
                frame = _plain(name, df, lists_as_json=False, dates_as_text=False)[[f["name"] for f in fields]]
                con.register("frame", frame)
                con.execute(f'INSERT INTO "{name}" SELECT * FROM frame')
                con.unregister("frame")
            con.execute("CHECKPOINT")
        finally:
            con.close()

    _atomic(out, write)


def _ddl(name: str, types: dict[str, str]) -> str:
    schema = table_schema(name)
    columns = [f'"{f["name"]}" {types[f["type"]]}' for f in schema["fields"]]
    key = ", ".join(f'"{k}"' for k in schema["primaryKey"])
    return f'CREATE TABLE "{name}" ({", ".join(columns)}, PRIMARY KEY ({key}))'


def _missing(fmt: str, package: str) -> str:
    return (f"--format {fmt} needs the {package} package: pip install 'policy-pipeline[export]' "
            f"(or pip install {package})")


def _atomic(path: Path, write) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.tmp.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
