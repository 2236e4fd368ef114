"""The tables over the whole corpus, computed at each commit from the live documents' fragments.

``agencies`` (the gazetteer), ``laws`` (from the documents' sidecars), ``measure_lineage`` (one plan year at a
time, kept under ``.pipeline/lineage/``), ``document_links``, ``measure_links`` and the findings across
documents (``quality``), and the summary of the documents that ``datapackage.json`` lists. :mod:`pipeline.store`
stages and commits; it asks this module for the tables of the commit it prepares.

What a commit reads is what it can change (a fragment's rows never change: its key names its source's content
and the rule book): each year of lineage is kept named by the fragments it was made from, with the fragment of
each of its plans (a plan added gets its own rows against the previous year, and the next year is recomputed);
the columns of ``documents`` the lineage, the links and the summary need are kept under ``.pipeline/corpus/``
with each row's fragment key, and so are each document's link profile and each pair's measure links, so a
commit reads the fragments of the new documents only. Memory holds two plan years and a few documents'
tables, not the corpus: ``measure_lineage`` is written from the kept years ``ROW_GROUP`` rows at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .export import LINEAGE_INPUT, agency_rows, to_table
from .store import STATE, Fragments, Locate, Manifest, write_bytes, write_parquet
from .version import __version__

KEY = "__fragment__"  # the column naming each cached row's fragment
LINEAGE_KIND = "series-3"  # part of a kept lineage year's name: years kept by an earlier way are made again


def read_fragment(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One fragment (ParquetFile reads a single small file about twice as fast as ``pq.read_table``; without
    Arrow's threads and read-ahead, which cost more than a file of a few kilobytes takes to read, a third less)."""
    return pq.ParquetFile(path, pre_buffer=False).read(columns=columns, use_threads=False)


def build(
    out: Path, manifest: Manifest, locate: Locate, sidecar: Callable[[str], Path], jobs: int = 1
) -> dict[str, pa.Table | bytes]:
    """Every corpus-wide table of ``manifest``'s documents, by name (a table, or its Parquet file when it is
    written as it is computed: ``measure_lineage``), in up to ``jobs`` processes."""
    laws = laws_table(json.loads(sidecar(e.key).read_text(encoding="utf-8")) for e in manifest.documents)
    tables = derived_tables(out, manifest, locate, jobs)
    return {"agencies": to_table("agencies", agency_rows()), "laws": laws, **tables}


# The columns of ``documents`` a commit keeps for the whole corpus (lineage's years, the links' blocking, the
# sources datapackage.json lists): one kept copy, not one per use.
DOCUMENT_COLUMNS = ["doc_id", "year", "language", "doc_number", "title", "plan_title", "source_file", "source_sha256"]


def derived_tables(
    out: Path, manifest: Manifest, locate: Locate | None = None, jobs: int = 1
) -> dict[str, pa.Table | bytes]:
    """``measure_lineage`` (each measure and its likeliest predecessor in the previous plan, as its Parquet
    file), ``document_links`` and ``measure_links`` (translations and their originals) and the findings across
    documents (``quality``), from the live documents' tables (found by ``locate``: in staging for the documents
    of a commit being prepared). With ``jobs`` > 1 the links are computed in a thread while lineage's years are
    computed in other processes (this one waits for them, the lock released)."""
    locate = locate or Fragments(out)
    docs = gathered(out, manifest, "documents", DOCUMENT_COLUMNS, locate).to_pandas()
    if jobs > 1:
        with ThreadPoolExecutor(1) as side:
            pending = side.submit(link_rows, out, manifest, locate, docs)
            lineage = lineage_parquet(out, manifest, locate, docs, jobs)
            links = pending.result()
    else:
        lineage = lineage_parquet(out, manifest, locate, docs, jobs)
        links = link_rows(out, manifest, locate, docs)
    _drop_stale_kept(out)
    return {"measure_lineage": lineage, **{name: to_table(name, rows) for name, rows in links.items()}}


def opening(fragment: Path) -> str:
    """The first characters of a document's text, from its fragment of ``documents``."""
    from .links import OPENING

    text = read_fragment(fragment, ["text"]).column(0)[0].as_py()
    return (text or "")[:OPENING]


# -------------------------------------------------------------------------------------------------- links

LINKS_KIND = "links-1"  # the kept profiles and pairs: a new kind makes them again


def link_rows(out: Path, manifest: Manifest, locate: Locate, docs: pd.DataFrame) -> dict[str, list[dict]]:
    """``document_links``, ``measure_links`` and the findings across documents, from what can pair: an original
    is weighed against the translations of its years only (:func:`pipeline.links.possible_pairs`); a document's
    profile and a pair's measure links are kept under ``.pipeline/corpus/`` by fragment keys (they depend on
    those fragments alone), so a commit reads the fragments of the new documents and of their new pairs."""
    from . import links

    key_of = {e.doc_id: e.key for e in manifest.documents}
    path = out / STATE / "corpus" / f"{LINKS_KIND}-{hashlib.sha256(__version__.encode()).hexdigest()[:12]}.json"
    kept = _read_json(path)
    kept_profiles, kept_pairs = kept.get("profiles"), kept.get("pairs")
    kept_profiles = kept_profiles if isinstance(kept_profiles, dict) else {}
    kept_pairs = kept_pairs if isinstance(kept_pairs, dict) else {}
    bilingual = docs[docs["language"].isin(["zh", "en"]) & docs["doc_id"].isin(key_of)]
    profiled = {d: p for d in bilingual["doc_id"] if (p := _profile(d, kept_profiles.get(key_of[d]))) is not None}
    undated = [d for d in bilingual.loc[bilingual["year"].isna(), "doc_id"] if d not in profiled]
    years = links.plan_years(bilingual, {d: opening(locate("documents", key_of[d])) for d in undated})
    years.update({d: (p.language, p.years) for d, p in profiled.items()})
    candidates = links.possible_pairs(years)
    needed = sorted({d for pair in candidates for d in pair})
    missing = [d for d in needed if d not in profiled]
    for start in range(0, len(missing), 200):  # a few documents' tables at a time, not the corpus
        t = _link_input(missing[start : start + 200], key_of, locate)
        openings = {d: opening(locate("documents", key_of[d])) for d in links.needs_opening(t["documents"])}
        profiled.update(links.profiles(t, openings))
    profiled = {d: profiled[d] for d in needed}
    pairs = links.document_pairs(profiled, candidates)
    rows_of, state_pairs = {}, {}
    for p in pairs:
        name = f"{key_of[p.original]} {key_of[p.translation]}"
        rows_json = kept_pairs.get(name)
        if not (isinstance(rows_json, list) and len(rows_json) == 4):  # missing or damaged: made again
            rows_json = list(links.pair_rows(p, _link_input([p.original, p.translation], key_of, locate)))
        state_pairs[name] = rows_json
        rows_of[p.original, p.translation] = tuple(rows_json)
    state = {"profiles": {key_of[d]: _profile_json(p) for d, p in sorted(profiled.items())}, "pairs": state_pairs}
    if state != kept:
        write_bytes(path, json.dumps(state, sort_keys=True).encode("utf-8"))
    return links.assembled(pairs, profiled, rows_of)


def _link_input(doc_ids: list[str], key_of: dict[str, str], locate: Locate) -> dict[str, pd.DataFrame]:
    """The columns the links read, of a few documents, from their fragments."""
    from .links import COLUMNS

    return {
        name: pa.concat_tables([read_fragment(locate(name, key_of[d]), cols) for d in doc_ids]).to_pandas()
        for name, cols in COLUMNS.items()
    }


def _profile_json(p) -> dict:
    return {
        "language": p.language,
        "year": p.year,
        "year_source": p.year_source,
        "years": sorted(p.years),
        "serial": None if p.serial is None else list(p.serial),
        "words": sorted(p.words),
        "sections": p.sections,
        "measures": p.measures,
        "content": {
            k: sorted((list(v) if isinstance(v, tuple) else v for v in values), key=json.dumps)
            for k, values in p.content.items()
        },
    }


def _profile(doc_id: str, kept: object):
    """A kept profile, or None when there is none or it is damaged (then it is made again)."""
    try:
        return _decoded(doc_id, kept)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _decoded(doc_id: str, kept):
    from .links import Profile

    return Profile(
        doc_id,
        kept["language"],
        kept["year"],
        kept["year_source"],
        frozenset(kept["years"]),
        None if kept["serial"] is None else tuple(kept["serial"]),  # type: ignore[arg-type]
        frozenset(kept["words"]),
        kept["sections"],
        kept["measures"],
        {k: frozenset(tuple(v) if isinstance(v, list) else v for v in values) for k, values in kept["content"].items()},
    )


def _read_json(path: Path) -> dict:
    """A kept JSON state, or an empty one when it is missing or damaged (then it is made again)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _drop_stale_kept(out: Path) -> None:
    """Kept copies of other column sets (an earlier version's) and other kinds of link state go."""
    folder = out / STATE / "corpus"
    used = {_kept_path(out, "documents", DOCUMENT_COLUMNS).name}
    used.add(f"{LINKS_KIND}-{hashlib.sha256(__version__.encode()).hexdigest()[:12]}.json")
    for f in folder.iterdir():
        if f.is_file() and not f.is_symlink() and f.name not in used and f.suffix in (".parquet", ".json"):
            f.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------- gathered columns


def gathered(out: Path, manifest: Manifest, name: str, columns: list[str], locate: Locate | None = None) -> pa.Table:
    """``columns`` of table ``name`` over the live documents, in manifest order (what concatenating their
    fragments gives), read from the copy kept under ``.pipeline/corpus/`` for the documents it already holds
    and from the fragments for the others; the copy is then rewritten to hold exactly the live documents."""
    locate = locate or Fragments(out)
    keys = [e.key for e in manifest.documents]
    if not keys:
        from .export import arrow_schema

        return arrow_schema(name).empty_table().select(columns)
    (out / STATE / "corpus").mkdir(exist_ok=True)
    path = _kept_path(out, name, columns)
    kept = _read_kept(path, columns)
    held = set() if kept is None else set(kept.column(KEY).unique().to_pylist())
    live = set(keys)
    parts = [] if kept is None else [kept]
    batch: list[pa.Table] = []
    for key in keys:
        if key not in held:
            part = read_fragment(locate(name, key), columns)
            batch.append(part.append_column(KEY, pa.array([key] * part.num_rows, pa.string())))
        if len(batch) >= 256:  # fragments read are joined as they come: a few hundred small tables at a time
            parts.append(pa.concat_tables(batch).combine_chunks())
            batch = []
    if batch:
        parts.append(pa.concat_tables(batch).combine_chunks())
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


def _kept_path(out: Path, name: str, columns: list[str]) -> Path:
    return out / STATE / "corpus" / f"{name}-{hashlib.sha256(json.dumps(columns).encode()).hexdigest()[:12]}.parquet"


def _read_kept(path: Path, columns: list[str]) -> pa.Table | None:
    """The kept copy, or None when it is missing, damaged or of other columns (then it is made again)."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None
    return table if table.column_names == [*columns, KEY] else None


# ------------------------------------------------------------------------------------------------ lineage


ROW_GROUP = 1 << 14  # rows of measure_lineage encoded at a time (the table is written as it is read)


def lineage_by_year(out: Path, manifest: Manifest, locate: Locate | None = None) -> pa.Table:
    """``measure_lineage`` as a table (see :func:`lineage_parquet`)."""
    return pq.read_table(pa.BufferReader(lineage_parquet(out, manifest, locate)))


def lineage_parquet(
    out: Path, manifest: Manifest, locate: Locate | None = None, docs: pd.DataFrame | None = None, jobs: int = 1
) -> bytes:
    """``measure_lineage`` as its Parquet file, one plan year (and language) at a time: each year's rows come
    from that year's and the previous year's fragments only, and are kept under ``.pipeline/lineage/``, named
    by the fragments they were made from. A commit recomputes only the years whose plans or previous plans
    changed (adding a plan: its year and the next), reads each fragment once, and holds two plan years in
    memory, not the corpus; with ``jobs`` > 1 and at least :data:`PARALLEL_YEARS` years to compute, runs of
    consecutive years are computed in that many processes. The file is then written from the kept years in
    document order, ``ROW_GROUP`` rows at a time."""
    locate = locate or Fragments(out)
    cache = out / STATE / "lineage"
    cache.mkdir(exist_ok=True)
    key_of = {e.doc_id: e.key for e in manifest.documents}
    if docs is None:
        docs = gathered(out, manifest, "documents", DOCUMENT_COLUMNS, locate).to_pandas()
    docs = docs[["doc_id", "year", "language"]].dropna()
    parts: list[Path] = []
    todo: list[YearPair] = []
    for _, group in docs.groupby("language", sort=True):
        years = sorted(group["year"].unique())
        keys_of = {y: sorted(key_of[d] for d in group.loc[group["year"] == y, "doc_id"]) for y in years}
        for previous, year in zip(years, years[1:], strict=False):
            before = hashlib.sha256(
                f"{__version__}\n{LINEAGE_KIND}\n{manifest.rules}\n".encode() + "\n".join(keys_of[previous]).encode()
            ).hexdigest()[:16]
            now = hashlib.sha256("\n".join(keys_of[year]).encode()).hexdigest()[:16]
            parts.append(cache / f"{before}-{now}.parquet")
            if _read_cached(parts[-1]) is None:
                own = {d: key_of[d] for d in group.loc[group["year"] == year, "doc_id"]}
                todo.append(YearPair(parts[-1], before, tuple(keys_of[previous]), own))
    runs = _split(todo, jobs if len(todo) >= PARALLEL_YEARS else 1)
    if len(runs) > 1:
        from .executors import process_pool

        with process_pool(len(runs)) as pool:
            for done in [pool.submit(compute_years, run, locate) for run in runs]:
                done.result()
    elif todo:
        compute_years(todo, locate)
    used = {p.name for p in parts}
    for stale in cache.glob("*.parquet"):
        if stale.name not in used:
            stale.unlink()
    return _in_document_order(parts)


# Plan years of lineage to compute from which a commit with more than one job splits them between processes
# (each starts warm from the fork server in a few milliseconds; adding a plan recomputes two years).
PARALLEL_YEARS = 6


@dataclass(frozen=True)
class YearPair:
    """A plan year's lineage to compute: the file it is kept in (named by ``before``, the previous year's
    fragments, and this year's), the previous year's fragment keys and this year's plans (doc_id -> key)."""

    path: Path
    before: str
    previous: tuple[str, ...]
    own: dict[str, str]


def _split(pairs: list[YearPair], parts: int) -> list[list[YearPair]]:
    """``pairs`` in at most ``parts`` runs of consecutive years (a run reads each fragment once), of about equal
    numbers of plans."""
    if parts <= 1 or len(pairs) <= 1:
        return [pairs] if pairs else []
    weights = np.cumsum([len(p.previous) + len(p.own) for p in pairs])
    cuts = np.searchsorted(weights, weights[-1] * np.arange(1, parts) / parts) + 1  # after the year that reaches it
    bounds = [0, *sorted(set(int(c) for c in cuts if 0 < c < len(pairs))), len(pairs)]
    return [pairs[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def compute_years(pairs: list[YearPair], locate: Locate) -> None:
    """Compute and keep the lineage of ``pairs`` (consecutive where they can be: a year's fragments, read as the
    plans of one pair, are the previous year of the next)."""
    held: dict[str, dict[str, pa.Table]] = {}  # fragment key -> its lineage input (two plan years at most)
    for pair in pairs:
        kept = _kept_rows(pair.path.parent, pair.before, pair.own)  # this year's unchanged plans, same previous year
        todo = sorted(k for d, k in pair.own.items() if d not in kept)
        keys = sorted([*pair.previous, *todo])
        held = {
            k: held[k] if k in held else {t: read_fragment(locate(t, k), cols) for t, cols in LINEAGE_INPUT.items()}
            for k in keys
        }
        rows = [*kept.values()]
        if todo:
            rows.append(_lineage_rows({t: pa.concat_tables([held[k][t] for k in keys]) for t in LINEAGE_INPUT}))
        write_parquet(_by_document(rows, pair.own), pair.path)
        this_year = set(pair.own.values())
        held = {k: v for k, v in held.items() if k in this_year}


def _in_document_order(parts: list[Path]) -> bytes:
    """The kept years as one Parquet file: documents in id order, each one's measures in text order (as one
    computation over the corpus gives them), ``ROW_GROUP`` rows encoded at a time; a table of fewer rows is the
    file ``write_parquet`` writes."""
    from .export import arrow_schema

    runs = []  # (doc_id, part, first row, end): a document's rows are together in its year's part
    for i, path in enumerate(parts):
        ids = read_fragment(path, ["doc_id"]).column(0).to_numpy(zero_copy_only=False)
        if len(ids):
            starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
            runs += [(ids[a], i, int(a), int(b)) for a, b in zip(starts, [*starts[1:], len(ids)], strict=True)]
    runs.sort(key=lambda r: r[0])
    sink = pa.BufferOutputStream()
    schema = arrow_schema("measure_lineage")
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    loaded: dict[int, pa.Table] = {}  # the parts being read (one, when ids follow the years)
    buffer: list[pa.Table] = []
    buffered = 0
    for _, i, a, b in runs:
        if i not in loaded:
            if len(loaded) >= 2:
                loaded.pop(next(iter(loaded)))
            loaded[i] = read_fragment(parts[i]).replace_schema_metadata(None)
        buffer.append(loaded[i].slice(a, b - a))
        buffered += b - a
        while buffered >= ROW_GROUP:
            rows = pa.concat_tables(buffer).combine_chunks()
            writer.write_table(rows.slice(0, ROW_GROUP))
            buffer, buffered = [rows.slice(ROW_GROUP)], buffered - ROW_GROUP
    if buffered or not runs:
        writer.write_table(pa.concat_tables(buffer).combine_chunks() if buffer else schema.empty_table())
    writer.close()
    return sink.getvalue().to_pybytes()


def _lineage_rows(tables: dict[str, pa.Table]) -> pa.Table:
    """``measure_lineage`` of the documents in ``tables`` (what :func:`pipeline.export.lineage_table` gives, the
    frame converted by Arrow at once instead of row by row: the same table, 8 times faster)."""
    from .export import arrow_schema
    from .lineage import measure_lineage

    lineage = measure_lineage({name: tables[name].select(cols).to_pandas() for name, cols in LINEAGE_INPUT.items()})
    schema = arrow_schema("measure_lineage")
    table = pa.Table.from_pandas(lineage, schema=schema, preserve_index=False)
    return table.replace_schema_metadata(schema.metadata)


def _kept_rows(cache: Path, before: str, own: dict[str, str]) -> dict[str, pa.Table]:
    """The kept rows of a year computed against the same previous year (its file starts with ``before``), by
    document, of the documents whose fragments are still ``own``'s (a plan's rows depend only on itself and
    the previous year's plans)."""
    for path in sorted(cache.glob(f"{before}-*.parquet")):
        table = _read_cached(path)
        meta = (table.schema.metadata or {}).get(b"fragments") if table is not None else None
        if table is None or meta is None:
            continue
        try:
            was = json.loads(meta)
        except ValueError:
            continue
        ids = table.column("doc_id").to_numpy(zero_copy_only=False)
        return {
            d: table.filter(pa.array(ids == d)).replace_schema_metadata(None)
            for d in dict.fromkeys(ids)
            if own.get(d) is not None and own.get(d) == was.get(d)
        }
    return {}


def _by_document(rows: list[pa.Table], own: dict[str, str]) -> pa.Table:
    """A year's rows, documents in id order (each one's in text order), naming the fragments they came from."""
    from .export import arrow_schema

    table = pa.concat_tables([r.replace_schema_metadata(None) for r in rows]) if rows else None
    if table is None:
        table = arrow_schema("measure_lineage").empty_table()
    order = table.column("doc_id").to_pandas().sort_values(kind="stable").index.to_numpy()
    table = table.take(order)
    return table.replace_schema_metadata({b"fragments": json.dumps(own, sort_keys=True).encode()})


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
    """The kept columns of the live documents (datapackage.json needs their sources: ``source_file`` and
    ``source_sha256``)."""
    return gathered(out, manifest, "documents", DOCUMENT_COLUMNS, locate)
