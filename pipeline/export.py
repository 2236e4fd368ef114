"""Export: documents -> Arrow tables typed by ``schemas/`` -> Parquet, written atomically.

Each table is one Parquet file, ``DIR/<table>.parquet``, holding every document processed into DIR.
Writing a document replaces its earlier rows (matched by doc_id) and leaves other documents' rows as they
were; rows are sorted by their keys so that the same input gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import regex

from .gazetteer import agencies
from .links import measure_links
from .model import Document, Span
from .version import __version__

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
# Tables with one row set per document, and the columns their rows are sorted by.
DOCUMENT_TABLES = {
    "documents": ["doc_id"],
    "sections": ["doc_id", "char_start", "level"],
    "goals": ["doc_id", "char_start"],
    "measures": ["doc_id", "char_start", "number"],
    "agency_mentions": ["doc_id", "char_start", "char_end", "role"],
    "law_mentions": ["doc_id", "char_start", "char_end"],
    "targets": ["doc_id", "char_start", "char_end"],
    "quality": ["doc_id", "check", "item_id", "message"],
}
PANDAS_DTYPES = {"integer": "Int64", "boolean": "boolean", "number": "float64", "string": "object",
                 "date": "object", "array": "object"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
               "date": pa.date32()}


@cache
def table_schema(name: str) -> dict:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"schema {path} not found: the package is incomplete, reinstall it")
    return json.loads(path.read_text(encoding="utf-8"))


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
    empty = pd.DataFrame({f["name"]: pd.Series([], dtype=PANDAS_DTYPES[f["type"]])
                          for f in table_schema(name)["fields"]})
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
        "documents": [{
            "doc_id": doc.doc_id, "title": m.title, "plan_title": m.plan_title, "doc_number": m.doc_number,
            "issuer": m.issuer, "issue_date": m.issue_date, "year": m.year, "language": m.language,
            "status": doc.status, "errors": [str(e) for e in doc.errors],
            "source_file": Path(r.source.path).name, "source_format": r.source.format,
            "source_sha256": r.source.sha256, "source_encoding": r.source.encoding,
            "n_pages": r.source.n_pages, "n_measures": len(doc.measures),
            **span(m.preamble_span, "preamble_char"), "text": text, "pipeline_version": __version__}],
        "sections": [{
            "doc_id": doc.doc_id, "section_id": s.section_id, "parent_id": s.parent_id, "level": s.level,
            "ordinal": s.ordinal, "label": s.label, "title": s.title, **span(s.title_span, "title_char"),
            **span(s.span), **pages(s.span)} for s in doc.sections],
        "goals": [{
            "doc_id": doc.doc_id, "goal_id": g.goal_id, "section_id": g.section_id, "ordinal": g.ordinal,
            "text": g.text, **span(g.span), **pages(g.span)} for g in doc.goals],
        "measures": [{
            "doc_id": doc.doc_id, "measure_id": x.measure_id, "section_id": x.section_id, "number": x.number,
            "status": x.status, "text": x.text, "responsibility_text": x.responsibility_text,
            **span(x.responsibility_span, "responsibility_char"), **span(x.span), **pages(x.span)}
            for x in doc.measures],
        "agency_mentions": [{
            "doc_id": doc.doc_id, "mention_id": a.mention_id, "agency_id": a.agency_id, "surface": a.surface,
            "role": a.role, "lead": a.lead, "responsibility": a.responsibility, "section_id": a.section_id,
            "measure_id": a.measure_id,
            **span(a.span), **pages(a.span)} for a in doc.agency_mentions],
        "law_mentions": [{
            "doc_id": doc.doc_id, "mention_id": x.mention_id, "law_id": x.law_id, "surface": x.surface,
            "action": x.action, "section_id": x.section_id, "measure_id": x.measure_id,
            **span(x.span), **pages(x.span)} for x in doc.law_mentions],
        "targets": [{
            "doc_id": doc.doc_id, "target_id": t.target_id, "measure_id": t.measure_id, "subject": t.subject,
            "comparator": t.comparator, "value_min": t.value_min, "value_max": t.value_max, "unit": t.unit,
            "surface": t.surface, **span(t.span), **pages(t.span)} for t in doc.targets],
        "quality": [{
            "doc_id": doc.doc_id, "check": q.check, "severity": q.severity, "item_id": q.item_id,
            "message": q.message, **span(q.span)} for q in doc.quality],
    }
    return rows


def law_rows(docs: Iterable[Document]) -> list[dict]:
    """One row per instrument; the first title printed (in document and text order) names it, and an instrument
    listed in the rule book (``rules/zh/laws.json``) its English title there, whichever plan names it first."""
    from .extract.zh import canonical_law

    rows: dict[str, dict] = {}
    for doc in sorted(docs, key=lambda d: d.doc_id):
        for x in doc.law_mentions:
            entry = canonical_law(x.title)
            title = entry["title_en"] if entry else regex.sub(r"^(?:the)\s+", "", x.title, flags=regex.I)
            rows.setdefault(x.law_id, {"law_id": x.law_id, "title": title, "instrument_type": x.instrument_type})
    return list(rows.values())


def agency_rows() -> list[dict]:
    return [{"agency_id": a.agency_id, "name": a.name, "abbreviation": a.abbreviation, "aliases": list(a.aliases),
             "kind": a.kind, "valid_from": a.valid_from, "valid_to": a.valid_to, "successor_id": a.successor_id}
            for a in agencies()]


def lineage_table(tables: dict[str, pa.Table]) -> pa.Table:
    """``measure_lineage`` over every document in the tables (recomputed on each run, like ``laws``)."""
    from .lineage import measure_lineage

    columns = {"documents": ["doc_id", "year", "language"],
               "measures": ["doc_id", "measure_id", "status", "text", "char_start"],
               "law_mentions": ["doc_id", "measure_id", "law_id", "surface", "char_start"],
               "agency_mentions": ["doc_id", "measure_id", "agency_id"]}
    frames = {name: tables[name].select(cols).to_pandas() for name, cols in columns.items()}
    lineage = measure_lineage(frames)
    return to_table("measure_lineage", lineage.astype(object).where(lineage.notna(), None).to_dict("records"))


def to_table(name: str, rows: list[dict]) -> pa.Table:
    schema = arrow_schema(name)
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def export(docs: Iterable[Document], out_dir: str | Path,
           rows_of: Callable[[Document], dict[str, list[dict]]] | None = None) -> dict[str, Path]:
    """Write (or update) every table in ``out_dir`` with the given documents; returns the paths written.

    ``rows_of`` gives a document's rows (default: :func:`document_rows`, marked uncorrected); ``run`` passes
    one that applies a corrections file."""
    from .corrections import apply_corrections  # corrections reads the schemas through this module

    rows_of = rows_of or (lambda doc: apply_corrections(doc.doc_id, document_rows(doc), ())[0])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = list(docs)
    new_rows: dict[str, list[dict]] = {name: [] for name in DOCUMENT_TABLES}
    doc_ids: set[str] = set()
    for doc in docs:
        doc_ids.add(doc.doc_id)
        for name, rows in rows_of(doc).items():
            new_rows[name].extend(rows)
    tables = {name: _merge(out / f"{name}.parquet", to_table(name, rows), doc_ids, DOCUMENT_TABLES[name])
              for name, rows in new_rows.items()}
    tables["measure_links"] = _merge(out / "measure_links.parquet", to_table("measure_links", measure_links(docs)),
                                     doc_ids, ["doc_id", "measure_id"])
    tables["agencies"] = to_table("agencies", agency_rows())
    tables["laws"] = _merge_laws(out / "laws.parquet", to_table("laws", law_rows(docs)), tables["law_mentions"])
    tables["measure_lineage"] = lineage_table(tables)
    written = {}
    for name, table in tables.items():
        written[name] = write_atomic(table, out / f"{name}.parquet")
    written["datapackage"] = write_datapackage(out, tables["documents"])
    return written


def datapackage(documents: pa.Table) -> dict:
    """A Frictionless Data Package describing the tables, generated from ``schemas/``.

    Array columns are declared ``any`` here: Frictionless reads Parquet lists as arrays it cannot
    type-check. ``schemas/`` keeps the precise type. ``rules_version`` and ``pipeline_commit`` say which rule
    data and which source produced the tables (pipeline/provenance.py).
    """
    from .provenance import pipeline_commit, rules_version

    resources = []
    for name in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(name.read_text(encoding="utf-8"))
        fields = [_frictionless_field(f) for f in schema["fields"]]
        resources.append({
            "name": schema["name"], "path": f"{schema['name']}.parquet", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "profile": "tabular-data-resource",
            "description": schema["description"],
            "schema": {"fields": fields, "primaryKey": schema["primaryKey"], "foreignKeys": schema["foreignKeys"]},
        })
    sources = sorted({(f, h) for f, h in zip(documents.column("source_file").to_pylist(),
                                             documents.column("source_sha256").to_pylist(), strict=True)})
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


def write_datapackage(out: Path, documents: pa.Table) -> Path:
    path = out / "datapackage.json"
    text = json.dumps(datapackage(documents), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".datapackage.", suffix=".tmp", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path


def _merge(path: Path, new: pa.Table, doc_ids: set[str], sort_keys: list[str]) -> pa.Table:
    """Earlier rows of other documents, plus the new rows, sorted."""
    if path.exists():
        old = _conform(pq.read_table(path), new.schema)
        keep = [d not in doc_ids for d in old.column("doc_id").to_pylist()]
        new = pa.concat_tables([old.filter(pa.array(keep, pa.bool_())), new])
    return new.sort_by([(k, "ascending") for k in sort_keys])


def _merge_laws(path: Path, new: pa.Table, mentions: pa.Table) -> pa.Table:
    """Earlier rows keep their title (adding a plan changes no other row); unmentioned laws drop out."""
    if path.exists():
        old = _conform(pq.read_table(path), new.schema)
        known = set(old.column("law_id").to_pylist())
        fresh = [lid not in known for lid in new.column("law_id").to_pylist()]
        new = pa.concat_tables([old, new.filter(pa.array(fresh, pa.bool_()))])
    used = set(mentions.column("law_id").to_pylist())
    keep = [lid in used for lid in new.column("law_id").to_pylist()]
    return new.filter(pa.array(keep, pa.bool_())).sort_by([("law_id", "ascending")])


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Bring rows written by an earlier version to the current schema (new columns are null)."""
    columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
               else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def write_atomic(table: pa.Table, path: Path) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
