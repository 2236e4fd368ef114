"""The tables over the whole corpus, computed at each commit from the live documents' fragments.

``agencies`` (the gazetteer), ``laws`` (from the documents' sidecars), ``measure_lineage`` (one plan year at a
time, kept under ``.pipeline/lineage/``), ``document_links``, ``measure_links`` and the findings across
documents (``quality``), and the summary of the documents that ``datapackage.json`` lists. :mod:`pipeline.store`
stages and commits; it asks this module for the tables of the commit it prepares.

What a commit reads is what it can change: each year of lineage is named by the fragments it was made from
(a plan added recomputes its year and the next), and the columns the links and the summary need are kept
under ``.pipeline/corpus/``, one row group per fragment key (a fragment's rows never change: its key names its
source's content and the rule book), so a commit reads the fragments of the new documents only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .export import LINEAGE_INPUT, agency_rows, lineage_table, to_table
from .store import STATE, Locate, Manifest, table_dir, write_parquet
from .version import __version__

KEY = "__fragment__"  # the column naming each cached row's fragment
LINEAGE_KIND = (
    "series"  # part of a kept lineage year's name: years kept before predecessors were by series are made again
)


def in_place(out: Path) -> Locate:
    return lambda table, key: table_dir(out, table) / f"{key}.parquet"


def read_fragment(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One fragment (ParquetFile reads a single small file about twice as fast as ``pq.read_table``)."""
    return pq.ParquetFile(path).read(columns=columns)


def build(out: Path, manifest: Manifest, locate: Locate, sidecar: Callable[[str], Path]) -> dict[str, pa.Table]:
    """Every corpus-wide table of ``manifest``'s documents, by name."""
    laws = laws_table(json.loads(sidecar(e.key).read_text(encoding="utf-8")) for e in manifest.documents)
    return {"agencies": to_table("agencies", agency_rows()), "laws": laws, **derived_tables(out, manifest, locate)}


def derived_tables(out: Path, manifest: Manifest, locate: Locate | None = None) -> dict[str, pa.Table]:
    """``measure_lineage`` (each measure and its likeliest predecessor in the previous plan), ``document_links``
    and ``measure_links`` (translations and their originals) and the findings across documents (``quality``),
    from the live documents' tables (found by ``locate``: in staging for the documents of a commit being
    prepared)."""
    from .links import COLUMNS as LINK_INPUT
    from .links import link_tables, needs_opening

    locate = locate or in_place(out)
    lineage = lineage_by_year(out, manifest, locate)
    tables = {name: gathered(out, manifest, name, cols, locate).to_pandas() for name, cols in LINK_INPUT.items()}
    key_of = {e.doc_id: e.key for e in manifest.documents}
    openings = {d: opening(locate("documents", key_of[d])) for d in needs_opening(tables["documents"]) if d in key_of}
    links = link_tables(tables, openings)
    return {"measure_lineage": lineage, **{name: to_table(name, rows) for name, rows in links.items()}}


def opening(fragment: Path) -> str:
    """The first characters of a document's text, from its fragment of ``documents``."""
    from .links import OPENING

    text = read_fragment(fragment, ["text"]).column(0)[0].as_py()
    return (text or "")[:OPENING]


# ---------------------------------------------------------------------------------------- gathered columns


def gathered(out: Path, manifest: Manifest, name: str, columns: list[str], locate: Locate | None = None) -> pa.Table:
    """``columns`` of table ``name`` over the live documents, in manifest order (what concatenating their
    fragments gives), read from the copy kept under ``.pipeline/corpus/`` for the documents it already holds
    and from the fragments for the others; the copy is then rewritten to hold exactly the live documents."""
    locate = locate or in_place(out)
    keys = [e.key for e in manifest.documents]
    if not keys:
        from .export import arrow_schema

        return arrow_schema(name).empty_table().select(columns)
    folder = out / STATE / "corpus"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}-{hashlib.sha256(json.dumps(columns).encode()).hexdigest()[:12]}.parquet"
    kept = _read_kept(path, columns)
    held = set() if kept is None else set(kept.column(KEY).unique().to_pylist())
    live = set(keys)
    parts = [] if kept is None else [kept]
    for key in keys:
        if key not in held:
            part = read_fragment(locate(name, key), columns)
            parts.append(part.append_column(KEY, pa.array([key] * part.num_rows, pa.string())))
    table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    owner = table.column(KEY).to_numpy(zero_copy_only=False)
    order = np.argsort(owner, kind="stable")  # rows by fragment, each fragment's rows in their own order
    bounds = np.searchsorted(owner[order], sorted(live | held), side="left")
    ranges = dict(zip(sorted(live | held), zip(bounds, [*bounds[1:], len(owner)], strict=True), strict=True))
    take = np.concatenate([order[ranges[k][0] : ranges[k][1]] for k in keys])
    result = table.take(take)
    if held != live or kept is None or len(parts) > 1:
        write_parquet(result.combine_chunks(), path)
    return result.drop_columns([KEY])


def _read_kept(path: Path, columns: list[str]) -> pa.Table | None:
    """The kept copy, or None when it is missing, damaged or of other columns (then it is made again)."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None
    return table if table.column_names == [*columns, KEY] else None


# ------------------------------------------------------------------------------------------------ lineage


def lineage_by_year(out: Path, manifest: Manifest, locate: Locate | None = None) -> pa.Table:
    """``measure_lineage``, one plan year (and language) at a time: each year's rows come from that year's and
    the previous year's fragments only, and are kept under ``.pipeline/lineage/``, named by the fragments they
    were made from. A commit recomputes only the years whose plans or previous plans changed (adding a plan:
    its year and the next), reads each fragment once, and holds two plan years in memory, not the corpus."""
    locate = locate or in_place(out)
    cache = out / STATE / "lineage"
    cache.mkdir(exist_ok=True)
    key_of = {e.doc_id: e.key for e in manifest.documents}
    docs = gathered(out, manifest, "documents", ["doc_id", "year", "language"], locate).to_pandas().dropna()
    parts, used = [], set()
    for _, group in docs.groupby("language", sort=True):
        years = sorted(group["year"].unique())
        keys_of = {y: sorted(key_of[d] for d in group.loc[group["year"] == y, "doc_id"]) for y in years}
        held: dict[str, dict[str, pa.Table]] = {}  # fragment key -> its lineage input (two plan years at most)
        for previous, year in zip(years, years[1:], strict=False):
            keys = sorted(keys_of[previous] + keys_of[year])
            name = hashlib.sha256(
                f"{__version__}\n{LINEAGE_KIND}\n{manifest.rules}\n".encode() + "\n".join(keys).encode()
            )
            path = cache / f"{name.hexdigest()[:24]}.parquet"
            used.add(path.name)
            part = _read_cached(path)
            if part is None:
                held = {
                    k: held[k]
                    if k in held
                    else {t: read_fragment(locate(t, k), cols) for t, cols in LINEAGE_INPUT.items()}
                    for k in keys
                }
                part = lineage_table({t: pa.concat_tables([held[k][t] for k in keys]) for t in LINEAGE_INPUT})
                write_parquet(part, path)
            held = {k: v for k, v in held.items() if k in keys_of[year]}
            parts.append(part)
    for stale in cache.glob("*.parquet"):
        if stale.name not in used:
            stale.unlink()
    if not parts:
        return to_table("measure_lineage", [])
    table = pa.concat_tables(parts)
    # Documents in id order, each one's measures in text order (as one computation over the corpus gives them).
    order = table.column("doc_id").to_pandas().sort_values(kind="stable").index.to_numpy()
    return table.take(order)


def _read_cached(path: Path) -> pa.Table | None:
    """A cached year of lineage, or None when it is missing or damaged (then it is computed again)."""
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None


# ------------------------------------------------------------------------------------------ laws, summary


def laws_table(infos: Iterable[dict]) -> pa.Table:
    """One row per instrument; the title printed first (by doc_id, then offset) names it, so the table does
    not depend on the order documents were processed in."""
    first: dict[str, tuple] = {}
    for info in infos:
        doc_id = info["entry"]["doc_id"]
        for c in info["laws"]:
            candidate = (doc_id, c["char_start"], c["title"], c["instrument_type"])
            if c["law_id"] not in first or candidate < first[c["law_id"]]:
                first[c["law_id"]] = candidate
    return to_table(
        "laws",
        [
            {"law_id": law_id, "title": title, "instrument_type": kind}
            for law_id, (_, _, title, kind) in sorted(first.items())
        ],
    )


def documents_summary(out: Path, manifest: Manifest, locate: Locate | None = None) -> pa.Table:
    """The live documents table without its text (all that datapackage.json needs)."""
    if not manifest.documents:
        return to_table("documents", []).drop_columns(["text"])
    locate = locate or in_place(out)
    columns = [n for n in pq.read_schema(locate("documents", manifest.documents[0].key)).names if n != "text"]
    return gathered(out, manifest, "documents", columns, locate)
