"""Export the written tables for colleagues: CSV, Excel, SQLite or DuckDB, with the data dictionary.

Tables are read only through :func:`pipeline.load`, so the export does not depend on how they lie on disk.
Every format gets every row and a ``data_dictionary`` (one row per column: table, column, type, required,
primary key, description), generated from ``schemas/``:

- ``csv``: a folder with ``<table>.csv`` and ``data_dictionary.csv``: UTF-8 with a byte-order mark (so that
  Excel reads Chinese; pandas, readr and data.table skip it), comma-separated, integers as integers, booleans
  ``TRUE``/``FALSE``, missing values empty;
- ``xlsx``: one workbook, the dictionary as its first sheet, then one sheet per table, each with a frozen
  header row, an autofilter and column widths fitted to the contents (at most 60 characters wide);
- ``sqlite``: one database file, column types, primary keys and foreign keys from ``schemas/``;
- ``duckdb``: one database file, likewise, with lists as native ``VARCHAR[]``, in DuckDB's v1.0.0 storage
  format so that DuckDB 1.1 and later 1.x (CLI, R, DBeaver) open it as well as DuckDB 2.

Lists (``agencies.aliases``) are JSON text (``["SIPO", "State IP Office"]``) in CSV, Excel and SQLite; dates
are ``YYYY-MM-DD`` text in CSV and SQLite, dates in Excel and DuckDB; booleans are 1/0 in SQLite. Text that
a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
leading ``'`` in CSV and is a text cell with Excel's quote prefix in xlsx (shown as written, never run); SQLite
and DuckDB keep it as it is. Excel holds at most 32,767 characters in a cell: longer values (only a
``documents.text`` of a long plan; the 2014 circular has 27,356) are cut there and end with a marker saying
so, and control characters are dropped; the other formats keep every value whole.

Every file is written beside its destination under a temporary name and renamed into place only when all
are complete, with the permissions the umask gives a new file; on any error the temporary files are removed
and the earlier export is left as it was. The same tables give the same bytes in CSV, xlsx (its times are fixed)
and SQLite; DuckDB places its blocks differently each time it writes, so a DuckDB file carries a digest of what it
holds (the comment on its ``data_dictionary`` table) and an export of the same tables leaves it as it is.
xlsx needs openpyxl and duckdb needs duckdb: ``pip install 'policy-pipeline[export]'``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import sqlite3
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa

from .export import ARROW_TYPES
from .loader import load
from .model import PipelineError
from .tables import table_schema

Format = Literal["csv", "xlsx", "sqlite", "duckdb"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "sqlite", "duckdb")
# The file names each format writes (the first is the default); csv writes a folder.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (),
    "xlsx": (".xlsx",),
    "sqlite": (".sqlite", ".sqlite3", ".db"),
    "duckdb": (".duckdb", ".db"),
}
FILE_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".parquet", ".xls", *(s for v in SUFFIXES.values() for s in v)}
DICTIONARY = "data_dictionary"
DICTIONARY_SCHEMA = {
    "name": DICTIONARY,
    "fields": [
        {"name": "table", "type": "string"},
        {"name": "column", "type": "string"},
        {"name": "type", "type": "string"},
        {"name": "required", "type": "boolean"},
        {"name": "primary_key", "type": "boolean"},
        {"name": "description", "type": "string"},
    ],
    "primaryKey": ["table", "column"],
    "foreignKeys": [],
}
EXCEL_CELL_LIMIT = 32_767
XLSX_WIDTH_MIN, XLSX_WIDTH_MAX = 8, 60
# the time written into an xlsx workbook (its properties and its zip entries), fixed so that an export of the
# same tables is the same file: the zip format's earliest date
XLSX_STAMP = dt.datetime(1980, 1, 1)
CSV_ENCODING = "utf-8-sig"  # a byte-order mark: Excel reads UTF-8 only with it
CSV_BOOLEANS = {True: "TRUE", False: "FALSE"}  # read as logicals by R, Excel and pandas
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what makes a spreadsheet run a cell
# DuckDB 2 writes storage version 69 by default, which DuckDB 1.x refuses; 'v1.0.0' (version 64) is read by
# DuckDB 1.1 and later (1.0 cannot read the primary-key indexes DuckDB 2 writes).
DUCKDB_STORAGE_VERSION = "v1.0.0"
SQLITE_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "array": "TEXT",
}
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "array": "VARCHAR[]",
}


class ExportError(PipelineError):
    """Tables that cannot be exported (missing folder, missing optional package, a write that failed)."""


class ExportUsageError(ExportError):
    """A format or destination that cannot work (``--out x_xlsx`` for xlsx, a file for csv)."""


def default_output(tables_dir: str | Path, fmt: str) -> Path:
    """Where ``export-tables`` writes without ``--out``: ``DIR/exports/csv/``, ``DIR/exports/tables.xlsx``..."""
    exports = Path(tables_dir) / "exports"
    return exports / "csv" if fmt == "csv" else exports / f"tables{SUFFIXES.get(fmt, ('',))[0]}"


def check_target(out: str | Path, fmt: str) -> None:
    """Raise :class:`ExportUsageError` unless ``fmt`` can be written to ``out`` (before anything is read)."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportUsageError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt == "csv":
        if out.is_file():
            raise ExportUsageError(f"{out} is a file; --format csv writes a folder")
        if out.suffix.lower() in FILE_SUFFIXES and not out.is_dir():
            raise ExportUsageError(
                f"{out}: --format csv writes a folder of .csv files; give a folder name (e.g. {out.with_suffix('')})"
            )
        return
    suffixes = SUFFIXES[fmt]
    if out.is_dir():
        raise ExportUsageError(
            f"{out} is a folder; --format {fmt} writes one file (e.g. {out / ('tables' + suffixes[0])})"
        )
    if out.suffix.lower() not in suffixes:
        raise ExportUsageError(
            f"{out}: --format {fmt} writes a {' or '.join(suffixes)} file; "
            f"name it so (e.g. {out.with_name(out.name + suffixes[0])})"
        )


def export_tables(tables_dir: str | Path, out: str | Path, fmt: str) -> Path:
    """Write every table in ``tables_dir`` to ``out`` (a folder for csv, a file otherwise); returns ``out``.

    Raises :class:`ExportUsageError` for a format or destination that cannot work and :class:`ExportError`
    for tables that cannot be read or a write that failed (the earlier export is then left as it was)."""
    out = Path(out)
    check_target(out, fmt)
    try:
        tables = load(tables_dir)
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None
    if not tables:
        raise ExportError(f"{tables_dir}: no tables found; run `python -m pipeline run --out {tables_dir}` first")
    frames = {DICTIONARY: _plain(DICTIONARY, data_dictionary(sorted(tables)))}
    frames.update((name, _plain(name, df)) for name, df in tables.items())
    if fmt in ("sqlite", "duckdb"):  # the formats that declare the foreign keys
        _check_references(frames, tables_dir)
    writer = {"csv": _csv, "xlsx": _xlsx, "sqlite": _sqlite, "duckdb": _duckdb}[fmt]
    jobs = writer(frames, out)
    if jobs:  # none: the file there holds these tables already
        _write_all(jobs)
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
            rows.append(
                {
                    "table": name,
                    "column": f["name"],
                    "type": kind,
                    "required": bool(constraints.get("required")),
                    "primary_key": f["name"] in schema["primaryKey"],
                    "description": description,
                }
            )
    return pd.DataFrame(rows, columns=["table", "column", "type", "required", "primary_key", "description"])


def _schema(name: str) -> dict:
    return DICTIONARY_SCHEMA if name == DICTIONARY else table_schema(name)


def _fields(name: str) -> list[tuple[str, str]]:
    return [(f["name"], f["type"]) for f in _schema(name)["fields"]]


def _references(name: str) -> list[tuple[str, str, str]]:
    """The foreign keys of a table: (column, referenced table, referenced column)."""
    return [
        (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]) for fk in _schema(name)["foreignKeys"]
    ]


# -- values ---------------------------------------------------------------------------------------------------


def _plain(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Every column of the schema as Python values (str, int, float, bool, datetime.date, list of str), None
    where missing, in the schema's order."""
    columns = {}
    for col, kind in _fields(name):
        values = df[col]
        if kind == "date":
            values = pd.to_datetime(values).dt.date
        columns[col] = [_python(v, kind) for v in values.astype(object)]
    frame = pd.DataFrame(index=range(len(df)))
    for col, values in columns.items():
        frame[col] = pd.Series(values, dtype=object)
    return frame


def _python(value: object, kind: str) -> object:
    if kind == "array":
        return None if value is None else [str(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return {"integer": int, "number": float, "boolean": bool, "string": str}.get(kind, lambda v: v)(value)


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``) with a leading
    ``'`` (OWASP's advice for CSV); other text as it is."""
    return "'" + text if text.startswith(FORMULA_START) else text


def excel_cell(value: object) -> object:
    """Text as Excel can hold it: without control characters, cut at the cell limit with a marker."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    marker = f" [cut at {EXCEL_CELL_LIMIT} of {len(text)} characters; the whole text is in the Parquet tables]"
    return text[: EXCEL_CELL_LIMIT - len(marker)] + marker


def _json(values: list[str] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False)


def _check_references(frames: dict[str, pd.DataFrame], tables_dir: str | Path) -> None:
    """Every non-null foreign key names a row of its table (DuckDB refuses the file otherwise)."""
    for name, frame in frames.items():
        for col, ref, ref_col in _references(name):
            if ref not in frames:
                continue
            known = set(frames[ref][ref_col])
            orphans = [v for v in frame[col] if v is not None and v not in known]
            if orphans:
                raise ExportError(
                    f"{tables_dir}: {name}.{col} {orphans[0]!r} is not in {ref}.{ref_col} "
                    f"({len(orphans)} such row(s)); run `python -m pipeline run` again"
                )


# -- writers: each returns (destination, function writing a temporary file) pairs ----------------------------

Job = tuple[Path, Callable[[Path], None]]


def _csv(frames: dict[str, pd.DataFrame], out: Path) -> list[Job]:
    def job(name: str) -> Job:
        return out / f"{name}.csv", lambda tmp: _csv_frame(name, frames[name]).to_csv(
            tmp, index=False, lineterminator="\n", encoding=CSV_ENCODING, na_rep=""
        )

    return [job(name) for name in frames]


def _csv_frame(name: str, plain: pd.DataFrame) -> pd.DataFrame:
    """Columns as CSV shows them: nullable integers (no ``1921.0``), TRUE/FALSE, ISO dates, JSON lists,
    formula-like text neutralised."""
    columns: dict[str, pd.Series] = {}
    for col, kind in _fields(name):
        values = plain[col]
        if kind == "integer":
            columns[col] = pd.Series(pd.array(values.tolist(), dtype="Int64"))
        elif kind == "number":
            columns[col] = pd.Series(values.tolist(), dtype="float64")
        elif kind == "boolean":
            columns[col] = values.map(lambda v: None if v is None else CSV_BOOLEANS[v])
        elif kind == "date":
            columns[col] = values.map(lambda v: None if v is None else v.isoformat())
        elif kind == "array":
            columns[col] = values.map(_json)
        else:
            columns[col] = values.map(lambda v: None if v is None else neutralise(v))
    return pd.DataFrame(columns, index=plain.index)


def _xlsx(frames: dict[str, pd.DataFrame], out: Path) -> list[Job]:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ExportError(_missing("xlsx", "openpyxl")) from None

    def write(tmp: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter

        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, plain in frames.items():
            _xlsx_sheet(workbook.create_sheet(name), name, plain)
        # openpyxl's save stamps the clock into the workbook's properties and every zip entry: a fixed
        # time instead, so the same tables give the same bytes
        workbook.properties.created = workbook.properties.modified = XLSX_STAMP
        ExcelWriter(workbook, _StampedZip(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()

    return [(out, write)]


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose entries all carry the time of ``XLSX_STAMP`` instead of the moment of writing."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=XLSX_STAMP.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        """A file openpyxl wrote first (each sheet): its bytes, without the file's modification time."""
        self.writestr(str(arcname or os.path.basename(filename)), Path(filename).read_bytes())


def _xlsx_sheet(sheet, name: str, plain: pd.DataFrame) -> None:
    """One table on a sheet: header in bold and frozen, an autofilter, fitted column widths; formula-like
    text as text cells with Excel's quote prefix (as if typed after a '), dates as dates."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    fields = _fields(name)
    sheet.append([col for col, _ in fields])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    widths = [_width(col) for col, _ in fields]
    for r, row in enumerate(plain.itertuples(index=False, name=None), 2):
        values = [excel_cell(_json(v) if kind == "array" else v) for v, (_, kind) in zip(row, fields, strict=True)]
        sheet.append(values)
        for c, value in enumerate(values):
            widths[c] = max(widths[c], _width(value))
            if isinstance(value, str) and value.startswith(FORMULA_START):
                cell = sheet.cell(r, c + 1)
                cell.data_type, cell.quotePrefix = "s", True  # text, never a formula, shown as written
    for c, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, XLSX_WIDTH_MIN), XLSX_WIDTH_MAX)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{sheet.max_row}"


def _width(value: object) -> int:
    """Characters a value takes on screen (wide for CJK), counted up to the widest column allowed."""
    if value is None:
        return 0
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).split("\n", 1)[0]
    text = text[:XLSX_WIDTH_MAX]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sqlite(frames: dict[str, pd.DataFrame], out: Path) -> list[Job]:
    def write(tmp: Path) -> None:
        con = sqlite3.connect(tmp)
        try:
            for name in _creation_order(frames):
                con.execute(_ddl(name, SQLITE_TYPES))
                _sqlite_insert(con, name, _sqlite_rows(name, frames[name]))
            con.commit()
        except sqlite3.Error as exc:  # "database or disk is full", ...
            raise OSError(str(exc)) from None
        finally:
            con.close()

    return [(out, write)]


def _sqlite_rows(name: str, plain: pd.DataFrame) -> Iterable[tuple]:
    kinds = [kind for _, kind in _fields(name)]
    convert = {"array": _json, "date": lambda v: None if v is None else v.isoformat()}
    for row in plain.itertuples(index=False, name=None):
        yield tuple(convert.get(kind, lambda v: v)(v) for v, kind in zip(row, kinds, strict=True))


def _sqlite_insert(con: sqlite3.Connection, name: str, rows: Iterable[tuple]) -> None:
    marks = ", ".join("?" * len(_fields(name)))
    con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)


def _duckdb(frames: dict[str, pd.DataFrame], out: Path) -> list[Job]:
    try:
        import duckdb
    except ImportError:
        raise ExportError(_missing("duckdb", "duckdb")) from None
    digest = _duckdb_digest(frames, duckdb.__version__)
    if _duckdb_mark(out) == digest:
        return []  # the file holds these rows already: left as it is (DuckDB does not write a file twice alike)

    def write(tmp: Path) -> None:
        tmp.unlink()  # duckdb creates its own file
        con = duckdb.connect()
        try:
            path = str(tmp).replace("'", "''")
            con.execute(f"ATTACH '{path}' AS export{_duckdb_storage(duckdb.__version__)}")
            con.execute("USE export")
            for name in _creation_order(frames):
                con.execute(_ddl(name, DUCKDB_TYPES))
                for batch in _parents_first(name, frames[name]):
                    _duckdb_insert(con, name, batch)
            con.execute(f"COMMENT ON TABLE {DICTIONARY} IS '{DUCKDB_MARK}{digest}'")
            con.execute("USE memory")
            con.execute("DETACH export")
        except duckdb.Error as exc:  # an IO error (disk full), a constraint the rows break
            raise OSError(str(exc).split("\n", 1)[0]) from None
        finally:
            con.close()

    return [(out, write)]


# A DuckDB file written twice from the same rows differs in a few blocks (where DuckDB puts them), so an export
# marks its file with a digest of what it holds (the comment on the data dictionary's table) and a later export
# of the same rows leaves that file as it is: re-running gives the same bytes, as CSV, xlsx and SQLite do.
DUCKDB_MARK = "policy-pipeline export, content sha256 "


def _duckdb_digest(frames: dict[str, pd.DataFrame], version: str) -> str:
    """What a DuckDB export holds: DuckDB's version and storage, each table's definition and its rows (as the
    Arrow stream they are inserted from)."""
    digest = hashlib.sha256(f"{version}\n{_duckdb_storage(version)}\n".encode())
    for name in _creation_order(frames):
        digest.update(_ddl(name, DUCKDB_TYPES).encode())
        sink = pa.BufferOutputStream()
        table = _duckdb_arrow(name, frames[name])
        with pa.ipc.new_stream(sink, table.schema) as stream:
            stream.write_table(table)
        digest.update(sink.getvalue())
    return digest.hexdigest()


def _duckdb_mark(path: Path) -> str | None:
    """The digest an earlier export left in ``path``, or None (no file, not one of ours, not readable)."""
    if not path.is_file():
        return None
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'", [DICTIONARY]
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    comment = row[0] if row else None
    return comment.removeprefix(DUCKDB_MARK) if isinstance(comment, str) and comment.startswith(DUCKDB_MARK) else None


def _duckdb_storage(version: str) -> str:
    """The ATTACH option that makes DuckDB 2 write a file DuckDB 1.x reads; DuckDB 1.x writes one already."""
    return "" if int(version.split(".")[0]) < 2 else f" (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')"


def _duckdb_arrow(name: str, plain: pd.DataFrame) -> pa.Table:
    """The rows with the schema's exact types (lists of strings, dates, nullable integers)."""
    kinds = dict(_fields(name))
    schema = pa.schema(
        [pa.field(col, pa.list_(pa.string()) if kind == "array" else ARROW_TYPES[kind]) for col, kind in kinds.items()]
    )
    return pa.Table.from_pydict({col: plain[col].tolist() for col in kinds}, schema=schema)


def _duckdb_insert(con, name: str, plain: pd.DataFrame) -> None:
    """Insert rows through Arrow (:func:`_duckdb_arrow`)."""
    con.register("frame", _duckdb_arrow(name, plain))
    try:
        con.execute(f'INSERT INTO "{name}" SELECT * FROM frame')
    finally:
        con.unregister("frame")


def _parents_first(name: str, plain: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows in batches that DuckDB accepts one after the other: a row referring to a row of the same table
    (``sections.parent_id``, ``agencies.successor_id``) comes in a batch after the row it names (DuckDB checks
    each statement against the rows already there)."""
    own = [(col, ref_col) for col, ref, ref_col in _references(name) if ref == name]
    if not own or plain.empty:
        return [plain]
    depth: dict[int, int] = {}
    for col, ref_col in own:
        index = {key: i for i, key in enumerate(plain[ref_col])}
        for i, parent in enumerate(plain[col]):
            d, seen = 0, {i}
            while parent is not None and parent in index and index[parent] not in seen:
                seen.add(index[parent])
                d, parent = d + 1, plain[col].iloc[index[parent]]
            depth[i] = max(depth.get(i, 0), d)
    levels = pd.Series(depth).reindex(range(len(plain)), fill_value=0).to_numpy()
    return [plain[levels == level] for level in sorted(set(levels))]


def _creation_order(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Tables in an order where each comes after the tables its foreign keys name."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in order or name in path or name not in frames:
            return
        for _, ref, _ in _references(name):
            visit(ref, (*path, name))
        order.append(name)

    for name in frames:
        visit(name)
    return order


def _ddl(name: str, types: dict[str, str]) -> str:
    schema = _schema(name)
    parts = [f'"{col}" {types[kind]}' for col, kind in _fields(name)]
    parts.append("PRIMARY KEY ({})".format(", ".join(f'"{k}"' for k in schema["primaryKey"])))
    parts += [f'FOREIGN KEY ("{col}") REFERENCES "{ref}" ("{ref_col}")' for col, ref, ref_col in _references(name)]
    return f'CREATE TABLE "{name}" ({", ".join(parts)})'


def _missing(fmt: str, package: str) -> str:
    return (
        f"--format {fmt} needs the {package} package: pip install 'policy-pipeline[export]' (or pip install {package})"
    )


# -- atomic writes ----------------------------------------------------------------------------------------------


def _write_all(jobs: list[Job]) -> None:
    """Write every file under a temporary name beside it, then rename them all into place; on an error remove
    the temporary files, keep what was there and raise one :class:`ExportError` naming the file."""
    mode = 0o666 & ~_umask()
    temps: list[Path] = []
    path = jobs[0][0]
    created = [d for d in (path.parent, *path.parent.parents) if not d.exists()]  # deepest first
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for path, write in jobs:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(Path(name))
            write(temps[-1])
            os.chmod(temps[-1], mode)
        for (path, _), tmp in zip(jobs, temps, strict=True):
            os.replace(tmp, path)
    except OSError as exc:
        _discard(temps)
        _remove_empty(created)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        _discard(temps)


def _discard(temps: list[Path]) -> None:
    for tmp in temps:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed export created, deepest first, as long as they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
