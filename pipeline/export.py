"""Export: a document -> rows -> Arrow tables typed by ``schemas/``; the data package descriptor.

Each document becomes one fragment per table, its rows sorted by their keys, so the same input gives
byte-identical files; :mod:`pipeline.store` lays the fragments out as one dataset per table and commits them.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .gazetteer import agencies
from .model import Document, QualityIssue, Span
from .patterns import without_article
from .tables import ALL_TABLES, table, table_schema
from .version import __version__

PANDAS_DTYPES = {
    "integer": "Int64",
    "boolean": "boolean",
    "number": "float64",
    "string": "object",
    "date": "object",
    "array": "object",
}
ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@cache
def arrow_schema(name: str) -> pa.Schema:
    """Arrow types from the schema file, with pandas metadata so that ``pd.read_parquet`` (and readers built
    on it) get nullable integers rather than floats where a column has nulls."""
    fields = []
    for f in table_schema(name)["fields"]:
        if f["type"] == "array":
            typ = pa.list_(ARROW_TYPES[f.get("arrayItem", {}).get("type", "string")])
        else:
            typ = ARROW_TYPES[f["type"]]
        required = f.get("constraints", {}).get("required", False)
        fields.append(pa.field(f["name"], typ, nullable=not required))
    schema = pa.schema(fields)
    empty = pd.DataFrame(
        {f["name"]: pd.Series([], dtype=PANDAS_DTYPES[f["type"]]) for f in table_schema(name)["fields"]}
    )
    return pa.Table.from_pandas(empty, schema=schema, preserve_index=False).schema


def document_rows(doc: Document) -> dict[str, list[dict]]:
    """The rows one document contributes to each per-document table."""
    r, m, text = doc.repaired, doc.metadata, doc.text

    def span(s: Span | None, prefix: str = "char") -> dict:
        return {f"{prefix}_start": s.start if s else None, f"{prefix}_end": s.end if s else None}

    def pages(s: Span) -> dict:
        first, last = r.page_span(s.start, s.end)
        return {"page_start": first, "page_end": last}

    rows: dict[str, list[dict]] = {
        "documents": [
            {
                "doc_id": doc.doc_id,
                "title": m.title,
                "title_source": m.title_source,
                "plan_title": m.plan_title,
                "doc_number": m.doc_number,
                "doc_number_source": m.doc_number_source,
                "issuer": m.issuer,
                "issuer_source": m.issuer_source,
                "issuers": [text[s.start : s.end] for s in m.issuer_spans],
                "issue_date": m.issue_date,
                "issue_date_source": m.issue_date_source,
                "publication_date": m.publication_date,
                "year": m.year,
                "year_source": m.year_source,
                "language": m.language,
                "status": doc.status,
                "errors": [str(e) for e in doc.errors],
                "source_file": _printable_name(r.source.path),
                "source_format": r.source.format,
                "source_sha256": r.source.sha256,
                "source_encoding": r.source.encoding,
                "n_pages": r.source.n_pages,
                "n_measures": len(doc.measures),
                **span(m.preamble_span, "preamble_char"),
                "text": text,
                "pipeline_version": __version__,
            }
        ],
        "sections": [
            {
                "doc_id": doc.doc_id,
                "section_id": s.section_id,
                "parent_id": s.parent_id,
                "level": s.level,
                "ordinal": s.ordinal,
                "kind": s.kind,
                "label": s.label,
                "title": s.title,
                **span(s.title_span, "title_char"),
                **span(s.span),
                **pages(s.span),
            }
            for s in doc.sections
        ],
        "goals": [
            {
                "doc_id": doc.doc_id,
                "goal_id": g.goal_id,
                "section_id": g.section_id,
                "ordinal": g.ordinal,
                "text": g.text,
                **span(g.span),
                **pages(g.span),
            }
            for g in doc.goals
        ],
        "measures": [
            {
                "doc_id": doc.doc_id,
                "measure_id": x.measure_id,
                "section_id": x.section_id,
                "number": x.number,
                "kind": x.kind,
                "status": x.status,
                "text": x.text,
                "columns": list(x.columns),
                "cells": list(x.cells),
                "responsibility_text": x.responsibility_text,
                **span(x.responsibility_span, "responsibility_char"),
                **span(x.span),
                **pages(x.span),
            }
            for x in doc.measures
        ],
        "agency_mentions": [
            {
                "doc_id": doc.doc_id,
                "mention_id": a.mention_id,
                "agency_id": a.agency_id,
                "surface": a.surface,
                "role": a.role,
                "lead": a.lead,
                "responsibility": a.responsibility,
                "section_id": a.section_id,
                "measure_id": a.measure_id,
                **span(a.span),
                **pages(a.span),
            }
            for a in doc.agency_mentions
        ],
        "law_mentions": [
            {
                "doc_id": doc.doc_id,
                "mention_id": x.mention_id,
                "law_id": x.law_id,
                "surface": x.surface,
                "action": x.action,
                "section_id": x.section_id,
                "measure_id": x.measure_id,
                **span(x.span),
                **pages(x.span),
            }
            for x in doc.law_mentions
        ],
        "targets": [
            {
                "doc_id": doc.doc_id,
                "target_id": t.target_id,
                "measure_id": t.measure_id,
                "subject": t.subject,
                "comparator": t.comparator,
                "value_min": t.value_min,
                "value_max": t.value_max,
                "unit": t.unit,
                "unit_normalized": t.unit_normalized,
                "surface": t.surface,
                **span(t.span),
                **pages(t.span),
            }
            for t in doc.targets
        ],
        "quality": [
            {
                "doc_id": doc.doc_id,
                "finding_id": f"{doc.doc_id}/q{n}",
                "check": q.check,
                "severity": q.severity,
                "item_id": q.item_id,
                "message": q.message,
                **span(q.span),
            }
            for n, q in enumerate(sorted(doc.quality, key=_finding_order), 1)
        ],
    }
    return rows


def _finding_order(q: QualityIssue) -> tuple:
    """The order of quality's ``sort_by`` (pipeline/tables.py; Arrow puts nulls last), so that q1, q2... read down
    the table."""
    return q.check, q.item_id is None, q.item_id or "", q.message


def _printable_name(path: str) -> str:
    """A file name as valid UTF-8 (Arrow strings must be): undecodable bytes as ``\\xNN``."""
    return os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")


def law_candidates(doc: Document) -> list[dict]:
    """Each instrument this document names, with the title it prints first; the corpus-wide ``laws`` table
    takes, per ``law_id``, the candidate of the lowest (doc_id, char_start). An instrument listed in the rule
    book (``rules/zh/laws.json``) is named by its English title there, whichever plan names it first."""
    from .extract.law_ids import canonical_law  # loads the rule books: only where law candidates are made

    rows: dict[str, dict] = {}
    for x in sorted(doc.law_mentions, key=lambda x: x.span.start):
        entry = canonical_law(x.title)
        title = entry["title_en"] if entry else without_article(x.title)
        rows.setdefault(
            x.law_id,
            {"law_id": x.law_id, "title": title, "instrument_type": x.instrument_type, "char_start": x.span.start},
        )
    return list(rows.values())


def document_tables(doc: Document) -> dict[str, pa.Table]:
    """One document's rows as Arrow tables, sorted by their keys (the fragments written for it)."""
    return {
        name: to_table(name, rows).sort_by([(k, "ascending") for k in table(name).sort_by])
        for name, rows in document_rows(doc).items()
    }


def agency_rows() -> list[dict]:
    return [
        {
            "agency_id": a.agency_id,
            "name": a.name,
            "abbreviation": a.abbreviation,
            "aliases": list(a.aliases),
            "kind": a.kind,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "successor_id": a.successor_id,
        }
        for a in agencies()
    ]


LINEAGE_INPUT = {
    "documents": ["doc_id", "year", "language", "title", "issuer"],  # title and issuer: the plan's series
    "measures": ["doc_id", "measure_id", "status", "text", "char_start", "kind"],  # kind: an article's label
    "law_mentions": ["doc_id", "measure_id", "law_id", "surface", "char_start"],
    "agency_mentions": ["doc_id", "measure_id", "agency_id"],
}


def lineage_table(tables: dict[str, pa.Table]) -> pa.Table:
    """``measure_lineage`` over every document in the tables (recomputed on each run, like ``laws``)."""
    from .lineage import measure_lineage

    frames = {name: tables[name].select(cols).to_pandas() for name, cols in LINEAGE_INPUT.items()}
    lineage = measure_lineage(frames)
    return to_table("measure_lineage", lineage.astype(object).where(lineage.notna(), None).to_dict("records"))


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """The rows as table ``name`` (keys outside its schema ignored, missing ones null); Arrow reads the columns
    from the rows itself, a third faster than building a list per column here."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


def datapackage(documents: pa.Table) -> dict:
    """A Frictionless Data Package describing the tables, generated from ``schemas/``.

    Array columns are declared ``any`` here: Frictionless reads Parquet lists as arrays it cannot
    type-check. ``schemas/`` keeps the precise type. ``rules_version`` and ``pipeline_commit`` say which rule
    data and which source produced the tables (pipeline/provenance.py).
    """
    from .provenance import pipeline_commit, rules_version

    resources = []
    for name in ALL_TABLES:
        schema = table_schema(name)
        fields = [_frictionless_field(f) for f in schema["fields"]]
        resources.append(
            {
                "name": schema["name"],
                "path": f"{schema['name']}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "profile": "tabular-data-resource",
                "description": schema["description"],
                "schema": {"fields": fields, "primaryKey": schema["primaryKey"], "foreignKeys": schema["foreignKeys"]},
            }
        )
    sources = sorted(
        {
            (f, h)
            for f, h in zip(
                documents.column("source_file").to_pylist(), documents.column("source_sha256").to_pylist(), strict=True
            )
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": "policy-pipeline-tables",
        "title": "Policy circulars coded by policy-pipeline",
        "description": "Sections, goals, measures, agencies, instruments and targets of policy circulars; every "
        "span indexes documents.text of its document. The tables are MIT-licensed like the "
        "pipeline; documents.text and the quoted spans reproduce the source circulars, which "
        "keep their own terms.",
        "version": __version__,
        "licenses": [{"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}],
        "created_by": {"name": "policy-pipeline", "version": __version__},
        "rules_version": rules_version(),
        "pipeline_commit": pipeline_commit(),
        "sources": [{"title": f, "path": f, "hash": f"sha256:{h}"} for f, h in sources],
        "resources": resources,
    }


def _frictionless_field(field: dict) -> dict:
    if field["type"] != "array":
        return field
    item = field.get("arrayItem", {}).get("type", "string")
    return dict(field, type="any", description=f"{field['description']} (list of {item}s)")
