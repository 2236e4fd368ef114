"""HTML report: one self-contained page per document (and an index), built from the exported tables alone.

Each page shows the repaired text with every section heading, goal, measure, instrument, agency mention and
target highlighted in its own colour (agency mentions by role), hover text with each row's table, id and
values, quality findings in the margin beside their passage, and page numbers for PDFs.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from .build import KINDS, LABELS, Page, build_page, filename

__all__ = ["write_report", "render_report", "ReportError"]


class ReportError(ValueError):
    """The tables cannot be reported: no documents table, or an unknown document id."""


def _environment() -> Environment:
    return Environment(loader=PackageLoader("pipeline.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


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
    return {key: {**dataclasses.asdict(row), "fields": [list(f) for f in row.fields]} for key, row in page.rows.items()}


def render_report(tables: dict[str, pd.DataFrame], out_dir: str | Path,
                  doc_ids: list[str] | None = None) -> list[Path]:
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
    for doc_id in wanted:
        page = build_page(tables, doc_id)
        language = docs.at[doc_id, "language"] if "language" in docs.columns else None
        html = page_template.render(page=page, rows=_rows_json(page),
                                    language=language if isinstance(language, str) and language else "en")
        path = out / page.filename
        _write(path, html)
        written.append(path)
    index = []
    for doc_id in all_ids:
        counts = []
        for table, _, _ in KINDS:
            df = tables.get(table)
            counts.append(0 if df is None else int((df["doc_id"] == doc_id).sum()))
        doc = docs.loc[doc_id]
        index.append({"doc_id": doc_id, "filename": filename(doc_id), "written": (out / filename(doc_id)).exists(),
                      "year": _text(doc.get("year")), "title": _text(doc.get("plan_title")),
                      "doc_number": _text(doc.get("doc_number")), "counts": counts})
    kinds = [(kind, LABELS[kind]) for _, kind, _ in KINDS]
    path = out / "index.html"
    _write(path, env.get_template("index.html.j2").render(docs=index, kinds=kinds))
    written.append(path)
    return written


def write_report(tables_dir: str | Path, out_dir: str | Path, doc_ids: list[str] | None = None) -> list[Path]:
    """Read the tables in ``tables_dir`` with :func:`pipeline.load` and write the report into ``out_dir``: one
    ``<doc_id>.html`` per document (or per id in ``doc_ids``) and ``index.html``. Returns the paths written."""
    from ..loader import load

    return render_report(load(tables_dir), out_dir, doc_ids)
