"""Researchers' corrections: a CSV file of fixes applied to the extracted rows on every run.

One line per correction (columns in any order; ``#`` in the first cell makes a comment line):

========== ==================================================================================================
table      a per-document table: documents, sections, goals, measures, agency_mentions, law_mentions, targets
doc_id     the document the row belongs to
row_id     the row's primary key (``measure_id``, ``mention_id``, ...); or leave it empty and give the span
char_start the row's span instead of its id (for rows whose id may shift), both ends, as in the tables;
char_end   for ``add``, the new row's span
action     ``set`` (default), ``remove`` or ``add``
field      for ``set``: the column to change
value      for ``set``: the new value (empty = null; lists as JSON); for ``add``: a JSON object of the new
           row's columns (``text``/``surface`` default to the span's words)
note       why (required)
coder      the coder's initials (required)
========== ==================================================================================================

:func:`read_corrections` checks everything it can without the data (table, column, type, enumeration, the
range of integers) and raises :class:`CorrectionsError` naming the file and the line where the record starts
(a quoted note may span lines); it reads only a regular file of at most :data:`MAX_FILE` bytes, fields of at
most 131,072 characters (the csv module's limit) and JSON nested no deeper than Python's recursion limit.
Messages escape control characters, so a value cannot send escape sequences to a terminal.
:func:`apply_corrections` applies the corrections
of one document to its rows, in file order; a correction whose row is not there (any more) comes back as
:class:`Unmatched` instead of being dropped. Corrected and added rows get ``corrected = True`` and a
``correction_note``; every other row of these tables gets ``corrected = False``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import regex

from .model import PipelineError
from .paths import shown
from .tables import BY_NAME, CORRECTED_TABLES, table_schema

COLUMNS = ("table", "doc_id", "row_id", "char_start", "char_end", "action", "field", "value", "note", "coder")
REQUIRED_COLUMNS = ("table", "doc_id", "note", "coder")
ACTIONS = ("set", "remove", "add")
MARKS = ("corrected", "correction_note")
_INTEGER = regex.compile(r"^[+-]?\d+$")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
MAX_FILE = 32 * 1024**2  # bytes; some 100,000 corrections
INT64 = (-(2**63), 2**63 - 1)  # the tables' integer columns
SHOWN = 60  # characters of a bad value quoted in a message


class CorrectionsError(PipelineError):
    """A corrections file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Correction:
    source: str
    line: int
    table: str
    doc_id: str
    action: str
    row_id: str | None
    span: tuple[int, int] | None
    field: str | None
    value: object  # set: the typed value; add: a tuple of (column, typed value) pairs
    note: str
    coder: str

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def target(self) -> str:
        return self.row_id if self.row_id else f"span {self.span[0]}-{self.span[1]}"


@dataclass(frozen=True)
class Unmatched:
    correction: Correction
    problem: str

    def __str__(self) -> str:
        return shown(f"{self.correction.where}: {self.problem}")


def _error(path: Path, line: int | None, problem: str) -> CorrectionsError:
    return CorrectionsError(shown(f"{path}{'' if line is None else f':{line}'}: {problem}"))


def read_corrections(path: str | Path) -> tuple[Correction, ...]:
    """Parse and check a corrections CSV (UTF-8, with a header line)."""
    path = Path(path)
    text = _read(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = _records(reader, path)
    header = next(records, (1, None))[1]
    if header is None:
        raise _error(path, None, f"empty file; the first line must name the columns {', '.join(COLUMNS)}")
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        problem = "; ".join(
            filter(
                None,
                [
                    unknown and f"unknown column(s) {', '.join(map(_cut, unknown))}",
                    missing and f"missing column(s) {', '.join(missing)}",
                ],
            )
        )
        raise _error(path, 1, f"{problem} (columns: {', '.join(COLUMNS)})")
    out = []
    for line, cells in records:
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) > len(header):
            raise _error(path, line, f"{len(cells)} cells for {len(header)} columns (quote values that contain commas)")
        row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        try:
            out.append(_correction(row, str(path), line))
        except ValueError as exc:
            raise _error(path, line, str(exc)) from None
    return tuple(out)


def _read(path: Path) -> str:
    """The text of a regular file of at most :data:`MAX_FILE` bytes (not a folder, a device or a pipe)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _error(path, None, "not a regular file; give a corrections CSV file")
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since the check
                raise _error(path, None, "not a regular file; give a corrections CSV file")
            data = fh.read(MAX_FILE + 1)
    except FileNotFoundError:
        raise _error(path, None, "no such corrections file") from None
    except OSError as exc:
        raise _error(path, None, f"cannot read the corrections file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE:
        raise _error(path, None, f"larger than {MAX_FILE // 1024**2} MB; not a corrections file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _records(reader, path: Path):
    """``(line where the record starts, cells)`` for each record; a csv error names its record's line."""
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _error(path, start, f"not readable as CSV ({exc})") from None
        yield start, cells


def _correction(row: dict[str, str], source: str, line: int) -> Correction:
    table, doc_id = row.get("table", ""), row.get("doc_id", "")
    if table not in CORRECTED_TABLES:
        raise ValueError(f"table {_shown(table)} cannot be corrected (one of: {', '.join(CORRECTED_TABLES)})")
    if not doc_id:
        raise ValueError("doc_id is empty")
    action = row.get("action") or "set"
    if action not in ACTIONS:
        raise ValueError(f"action {_shown(action)} is not one of {', '.join(ACTIONS)}")
    note, coder = row.get("note", ""), row.get("coder", "")
    if not note or not coder:
        raise ValueError("every correction needs a note and the coder's initials")
    schema = table_schema(table)
    fields = {f["name"]: f for f in schema["fields"]}
    key = schema["primaryKey"][0]
    row_id = row.get("row_id") or None
    span = _span(row.get("char_start", ""), row.get("char_end", ""))
    field, value = row.get("field") or None, row.get("value", "")
    if action in ("set", "remove"):
        if (row_id is None) == (span is None):
            raise ValueError("give either row_id or char_start/char_end to find the row, not both or neither")
    if action == "set":
        if field is None:
            raise ValueError("set needs a field")
        if field not in fields:
            raise ValueError(f"{table} has no column {_shown(field)}")
        if field in ("doc_id", key, *MARKS):
            raise ValueError(f"{field} cannot be set (remove the row and add a new one instead)")
        return Correction(
            source, line, table, doc_id, action, row_id, span, field, _typed(fields[field], value), note, coder
        )
    if action == "remove":
        if field or value:
            raise ValueError("remove takes no field or value")
        return Correction(source, line, table, doc_id, action, row_id, span, None, None, note, coder)
    if table == "documents":
        raise ValueError("documents cannot be added; run the pipeline on the document instead")
    if span is None:
        raise ValueError("add needs char_start and char_end (the new row's span)")
    if field:
        raise ValueError("add takes no field; give the new row's columns in value as a JSON object")
    given = _json(value, "value is not a JSON object") if value else {}
    if not isinstance(given, dict):
        raise ValueError("value of an add must be a JSON object of column: value")
    for name in given:
        if name not in fields:
            raise ValueError(f"{table} has no column {_shown(name)}")
        if name in ("doc_id", key, "char_start", "char_end", *MARKS):
            raise ValueError(f"{name} comes from its own CSV column, not from value")
    values = {name: _typed(fields[name], v) for name, v in given.items()}
    implied = {"doc_id", key, "char_start", "char_end", BY_NAME[table].span_text}
    absent = [
        f["name"]
        for f in schema["fields"]
        if f.get("constraints", {}).get("required") and f["name"] not in implied and values.get(f["name"]) is None
    ]
    if absent:
        raise ValueError(f"the new {table} row needs {', '.join(absent)} in value")
    row_id = row_id or f"{doc_id}/added-{span[0]}-{span[1]}"
    return Correction(
        source, line, table, doc_id, action, row_id, span, None, tuple(sorted(values.items())), note, coder
    )


def _json(text: str, problem: str) -> object:
    """JSON from a cell; its errors (also nesting deeper than Python recurses) as ValueError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{problem}: {exc.msg}") from None
    except RecursionError:
        raise ValueError(f"{problem}: nested too deeply") from None
    except ValueError as exc:  # a number too long to convert
        raise ValueError(f"{problem}: {exc}") from None


def _shown(value: object) -> str:
    """A bad value quoted in a message: its repr, cut to :data:`SHOWN` characters."""
    try:
        return _cut(repr(value))
    except RecursionError:
        return "a deeply nested value"


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _span(start: str, end: str) -> tuple[int, int] | None:
    if not start and not end:
        return None
    if not (_INTEGER.match(start) and _INTEGER.match(end)):
        raise ValueError(f"char_start and char_end must both be whole numbers (got {_shown(start)}, {_shown(end)})")
    if max(len(start), len(end)) > 20 or not 0 <= int(start) <= int(end) <= INT64[1]:
        raise ValueError(f"span {_cut(start)}-{_cut(end)} is not 0 <= char_start <= char_end <= {INT64[1]}")
    s, e = int(start), int(end)
    return s, e


def _typed(field: dict, value: object) -> object:
    """``value`` (CSV text, or a JSON value inside an ``add``) as the column's type, checked."""
    name, kind = field["name"], field["type"]
    constraints = field.get("constraints", {})
    if value is None or value == "":
        if constraints.get("required"):
            raise ValueError(f"{name} cannot be empty")
        return None
    text = value.strip() if isinstance(value, str) else None
    try:
        if kind == "integer":
            if isinstance(value, bool) or not (isinstance(value, int) or (text and _INTEGER.match(text))):
                raise ValueError
            if len(str(value).strip()) > 20 or not INT64[0] <= int(value) <= INT64[1]:
                raise ValueError(f"{name} must be a whole number from {INT64[0]} to {INT64[1]}, not {_shown(value)}")
            typed = int(value)
        elif kind == "number":
            if isinstance(value, bool):
                raise ValueError
            typed = float(value)
            if not math.isfinite(typed):
                raise ValueError
        elif kind == "boolean":
            if isinstance(value, bool):
                typed = value
            elif text and text.lower() in _TRUE | _FALSE:
                typed = text.lower() in _TRUE
            else:
                raise ValueError
        elif kind == "date":
            typed = date.fromisoformat(str(value))
        elif kind == "array":
            items = _json(value, f"{name} must be {_KINDS['array']}") if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError
            typed = tuple(items)
        else:
            if not isinstance(value, str):
                raise ValueError
            typed = value
    except (ValueError, TypeError, OverflowError) as exc:
        if str(exc).startswith(f"{name} must be"):
            raise
        raise ValueError(f"{name} must be {_KINDS.get(kind, kind)}, not {_shown(value)}") from None
    if "enum" in constraints and typed not in constraints["enum"]:
        raise ValueError(f"{name} must be one of {', '.join(constraints['enum'])}, not {_shown(value)}")
    return typed


_KINDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "array": "a JSON list of strings",
    "string": "text",
}


def apply_corrections(
    doc_id: str, rows: dict[str, list[dict]], corrections: Iterable[Correction]
) -> tuple[dict[str, list[dict]], list[Unmatched]]:
    """The rows of one document with its corrections applied (the input is not changed), and the
    corrections that found no row to apply to."""
    out = {name: [_unmarked(r) if name in CORRECTED_TABLES else r for r in table] for name, table in rows.items()}
    unmatched: list[Unmatched] = []
    documents = out.get("documents") or [{}]
    text = documents[0].get("text") or ""
    for c in corrections:
        if c.doc_id != doc_id:
            continue
        table = out.setdefault(c.table, [])
        key = table_schema(c.table)["primaryKey"][0]
        if c.action == "add":
            assert c.span is not None  # read_corrections gives every add its span
            if any(r.get(key) == c.row_id for r in table):
                unmatched.append(Unmatched(c, f"{c.table} row {c.row_id} exists already; not added again"))
                continue
            if c.span[1] > len(text):
                unmatched.append(
                    Unmatched(
                        c, f"span {c.span[0]}-{c.span[1]} is beyond the end of {doc_id}'s text ({len(text)} characters)"
                    )
                )
                continue
            new: dict[str, object] = {f["name"]: None for f in table_schema(c.table)["fields"]}
            words = text[c.span[0] : c.span[1]]
            new.update({"doc_id": doc_id, key: c.row_id, "char_start": c.span[0], "char_end": c.span[1]})
            if column := BY_NAME[c.table].span_text:  # the span's words
                new[column] = words
            new.update({name: list(v) if isinstance(v, tuple) else v for name, v in c.value})
            table.append(_marked(new, c))
            continue
        hits = [
            i
            for i, r in enumerate(table)
            if (r.get(key) == c.row_id if c.row_id else (r.get("char_start"), r.get("char_end")) == c.span)
        ]
        if len(hits) != 1:
            problem = (
                f"no {c.table} row {c.target} in {doc_id} (changed or gone since the correction was made)"
                if not hits
                else f"{c.target} matches {len(hits)} {c.table} rows; give row_id instead"
            )
            unmatched.append(Unmatched(c, problem))
            continue
        i = hits[0]
        if c.action == "remove":
            del table[i]
        else:
            value = list(c.value) if isinstance(c.value, tuple) else c.value
            table[i] = _marked({**table[i], c.field: value}, c)
    return out, unmatched


def _unmarked(row: dict) -> dict:
    return {**row, "corrected": row.get("corrected") or False, "correction_note": row.get("correction_note")}


def _marked(row: dict, c: Correction) -> dict:
    note = f"{c.coder}: {c.note}"
    earlier = row.get("correction_note")
    return {**row, "corrected": True, "correction_note": f"{earlier}; {note}" if earlier else note}
