"""The table registry: every table the pipeline writes, listed once.

Each :class:`Table` says what the rest of the code needs to know about a table besides its columns (which are
in its schema file, ``schemas/<name>.json``): whether it holds one fragment per document or one per corpus, the
columns a document's fragment is sorted by, whether ``corrections.csv`` may change its rows, which column quotes
the words of a row's span, and, for the tables computed over the whole corpus at each commit, the function that
builds them. Export, the store, corrections, validation, the loader, the exports and the data dictionary read
this list; a new table is a schema file and one entry here (CONTRIBUTING.md, "Add a table").

This module imports nothing of the pipeline, so that any module can read it without an import circle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

Scope = Literal["document", "corpus"]


@dataclass(frozen=True)
class Table:
    """One table. ``scope`` ``document``: each document writes its own fragment (``<name>.parquet/<key>.parquet``),
    its rows sorted by ``sort_by``; ``corpus``: one fragment computed from every live document at each commit by
    ``builder``. A per-document table with a ``builder`` also gets one corpus-wide fragment beside its
    documents' (quality: the findings across documents)."""

    name: str
    scope: Scope
    sort_by: tuple[str, ...] = ()  # per-document: the columns a fragment's rows are sorted by
    corrected: bool = False  # corrections.csv may change its rows (it has the columns corrected, correction_note)
    span_text: str | None = None  # the column quoting the row's span: documents.text[char_start:char_end]
    builder: str | None = None  # "module.function" (in pipeline) that computes its corpus-wide fragment

    @property
    def schema_file(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.json"


TABLES: tuple[Table, ...] = (
    Table("documents", "document", ("doc_id",), corrected=True),
    Table("sections", "document", ("doc_id", "char_start", "level"), corrected=True),
    Table("goals", "document", ("doc_id", "char_start"), corrected=True, span_text="text"),
    Table("measures", "document", ("doc_id", "char_start", "number"), corrected=True, span_text="text"),
    Table(
        "agency_mentions", "document", ("doc_id", "char_start", "char_end", "role"), corrected=True, span_text="surface"
    ),
    Table("law_mentions", "document", ("doc_id", "char_start", "char_end"), corrected=True, span_text="surface"),
    Table("targets", "document", ("doc_id", "char_start", "char_end"), corrected=True, span_text="surface"),
    Table("quality", "document", ("doc_id", "check", "item_id", "message"), builder="links.link_tables"),
    Table("agencies", "corpus", builder="export.agency_rows"),
    Table("laws", "corpus", builder="corpus_tables.laws_table"),
    Table("measure_lineage", "corpus", builder="corpus_tables.lineage_by_year"),
    Table("document_links", "corpus", builder="links.link_tables"),
    Table("measure_links", "corpus", builder="links.link_tables"),
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# Every table by name: the order of datapackage.json's resources, of pipeline.load and of the data dictionary.
ALL_TABLES: tuple[str, ...] = tuple(sorted(BY_NAME))
DOCUMENT_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.scope == "document")
CORPUS_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.scope == "corpus")
# Tables a corpus-wide file of the manifest may belong to: the corpus tables and quality's findings across documents.
CORPUS_FRAGMENTS: tuple[str, ...] = (*CORPUS_TABLES, *(t.name for t in TABLES if t.scope == "document" and t.builder))
CORRECTED_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.corrected)


def table(name: str) -> Table:
    """The registry's entry of a table; KeyError naming the tables for an unknown one."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no table {name!r} (one of: {', '.join(ALL_TABLES)})") from None


@cache
def table_schema(name: str) -> dict:
    """The schema of a table (``schemas/<name>.json``): its columns, types, keys and descriptions."""
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"schema {path} not found: the package is incomplete, reinstall it")
    return json.loads(path.read_text(encoding="utf-8"))
