"""HTML report: one self-contained page per document (and an index), built from the exported tables alone.

Each page shows the repaired text with every section heading, goal, measure, responsibility note, instrument,
agency mention and target highlighted in its own colour (agency mentions by role), hover text with each row's
table, id and values, quality findings in the margin beside their passage, and page numbers for PDFs. Every
row's first highlight carries its id as anchor (``<doc_id>.html#<measure_id>``); a search box, a toggle per
kind and role, and a side panel (a row, its measure's mentions, the measure's translation and lineage links)
make it a review tool. The index is a sortable, filterable table of the documents.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from .build import KINDS, LABELS, Page, build_page
from .links import RELS, filename, linked_documents

__all__ = ["write_report", "render_report", "ReportError"]

INDEX_HEADS = {"section": "sections", "agency": "agencies"}  # short column heads of the index


class ReportError(ValueError):
    """The tables cannot be reported: no documents table, or an unknown document id."""


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # compact, and Chinese as UTF-8 rather than \uXXXX; tojson still escapes < > & ' for the script element
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def _write(path: Path, text: str) -> None:
    """Atomically: a temporary file in the same folder, renamed into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _rows_json(page: Page) -> dict[str, dict]:
    """Each row by its key, without what the key or the page already holds (key, anchor); ``corrected`` and
    ``note`` only when set."""
    out = {}
    for key, row in page.rows.items():
        rec: dict[str, object] = {
            "table": row.table,
            "id": row.id,
            "kind": row.kind,
            "fields": [list(f) for f in row.fields],
        }
        if row.corrected:
            rec["corrected"] = True
        if row.note is not None:
            rec["note"] = row.note
        out[key] = rec
    return out


def _links_json(page: Page, pages: set[str]) -> dict:
    """The links of the page's measures, compact (a page can hold hundreds): ``docs`` lists each other document
    once as ``[doc_id, its file, whether it has a page in the folder]``; ``measures`` maps a measure to its links
    as ``[rel, index in docs, measure_id, note]``, with a fifth item, the quoted fragment, when the id needs
    quoting in an address."""
    docs: dict[str, int] = {}
    measures = {}
    for measure, links in page.links.items():
        out = []
        for link in links:
            index = docs.setdefault(link.doc_id, len(docs))
            fragment = link.href.partition("#")[2]
            out.append(
                [link.rel, index, link.measure_id, link.note] + ([fragment] if fragment != link.measure_id else [])
            )
        measures[measure] = out
    return {"docs": [[doc_id, filename(doc_id), doc_id in pages] for doc_id in docs], "measures": measures}


def _findings(quality: pd.DataFrame | None, doc_id: str) -> dict:
    """The quality rows of a document: how many, how many warnings, and how many of each check (for the hover;
    the messages themselves are on the page)."""
    rows = [] if quality is None else quality[quality["doc_id"] == doc_id].to_dict("records")
    checks = Counter((str(r["severity"]), str(r["check"])) for r in rows)
    return {
        "n": len(rows),
        "warnings": sum(str(r["severity"]) == "warning" for r in rows),
        "messages": "\n".join(f"{n} {severity} {check}" for (severity, check), n in sorted(checks.items())),
    }


def _index_row(tables: dict[str, pd.DataFrame], doc: pd.Series, out: Path) -> dict:
    doc_id = str(doc.name)
    counts = []
    for table, _, _ in KINDS[:-1]:  # quality is the findings column
        df = tables.get(table)
        counts.append(0 if df is None else int((df["doc_id"] == doc_id).sum()))
    errors = doc.get("errors")
    return {
        "doc_id": doc_id,
        "filename": filename(doc_id),
        "written": (out / filename(doc_id)).exists(),
        "year": _text(doc.get("year")),
        "title": _text(doc.get("plan_title")) or _text(doc.get("title")),
        "doc_number": _text(doc.get("doc_number")),
        "language": _text(doc.get("language")),
        "status": _text(doc.get("status")),
        "issuer": _text(doc.get("issuer")),
        "errors": "; ".join(map(str, errors)) if isinstance(errors, list | tuple) else _text(errors),
        "counts": counts,
        "mentions": sum(counts[3:]),
        "findings": _findings(tables.get("quality"), doc_id),
        "links": [
            (RELS[link.rel], link.doc_id, link.href, (out / filename(link.doc_id)).exists())
            for link in linked_documents(tables, doc_id)
        ],
    }


def render_report(tables: dict[str, pd.DataFrame], out_dir: str | Path, doc_ids: list[str] | None = None) -> list[Path]:
    """Write the pages of ``doc_ids`` (default: every document) and ``index.html`` into ``out_dir``, from tables
    as :func:`pipeline.load` returns them; returns the paths written, the index last."""
    if "documents" not in tables:
        raise ReportError("no documents table; run `python -m pipeline run` first")
    all_ids = sorted(tables["documents"]["doc_id"])
    wanted = all_ids if doc_ids is None else list(dict.fromkeys(doc_ids))
    unknown = [d for d in wanted if d not in all_ids]
    if unknown:
        raise ReportError(f"no document {', '.join(unknown)} in the tables (there are: {', '.join(all_ids)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    page_template = env.get_template("page.html.j2")
    written = []
    docs = tables["documents"].set_index("doc_id")
    pages = set(wanted) | {d for d in all_ids if (out / filename(d)).exists()}  # links lead to these
    for doc_id in wanted:
        page = build_page(tables, doc_id)
        language = docs.at[doc_id, "language"] if "language" in docs.columns else None
        html = page_template.render(
            page=page,
            rows=_rows_json(page),
            links=_links_json(page, pages),
            rels=RELS,
            pages=pages,
            language=language if isinstance(language, str) and language else "en",
        )
        path = out / page.filename
        _write(path, html)
        written.append(path)
    index = [_index_row(tables, docs.loc[doc_id], out) for doc_id in all_ids]
    kinds = [(kind, INDEX_HEADS.get(kind, LABELS[kind] + "s")) for _, kind, _ in KINDS[:-1]]
    path = out / "index.html"
    _write(path, env.get_template("index.html.j2").render(docs=index, kinds=kinds))
    written.append(path)
    return written


def write_report(tables_dir: str | Path, out_dir: str | Path, doc_ids: list[str] | None = None) -> list[Path]:
    """Read the tables in ``tables_dir`` with :func:`pipeline.load` and write the report into ``out_dir``: one
    ``<doc_id>.html`` per document (or per id in ``doc_ids``) and ``index.html``. Returns the paths written."""
    from ..loader import load

    return render_report(load(tables_dir), out_dir, doc_ids)
