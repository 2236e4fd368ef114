"""The output folder: one Parquet dataset per table, changed by one commit per run.

Layout of ``DIR``::

    datapackage.json            Frictionless descriptor; its "manifest" names every live fragment (the commit)
    <table>.parquet/<key>.parquet   one fragment per document (agencies and laws: one per corpus)
    .pipeline/lock              held while a run works on DIR (a second run waits)
    .pipeline/docs/<key>.json   what each live document contributes to the corpus tables (laws) and the report
    .pipeline/staging/<key>/    documents finished by a run that has not committed yet (adopted on resume)

A run writes each finished document into staging, then commits: it moves the fragments into the table
folders under new names, writes the corpus tables, and renames ``datapackage.json`` into place (the
commit point: a reader of the manifest sees the old state or the new, never a mix); files no longer
named are then deleted. A run killed before its commit leaves the old state plus staging, which the
next run adopts instead of reprocessing; anything else it left is removed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .export import DOCUMENT_TABLES, SCHEMA_DIR, agency_rows, datapackage, to_table
from .model import PipelineError
from .paths import path_text, shown
from .rules import RULES_DIR
from .version import __version__

PACKAGE = "datapackage.json"
STATE = ".pipeline"
MANIFEST_FORMAT = 1
# Tables over the whole corpus, recomputed at every commit from the live documents' tables. ``quality`` also gets
# one such fragment (quality-<hash>.parquet) beside its documents': the findings across documents (links.py).
CORPUS_TABLES = ("agencies", "laws", "measure_lineage", "document_links", "measure_links")


def all_tables() -> list[str]:
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


def table_dir(out: Path, name: str) -> Path:
    """The folder holding one table; ``pd.read_parquet`` reads it whole."""
    return out / f"{name}.parquet"


def rulebook_version() -> str:
    """A hash of the rule data (every file under the rules folder), the table schemas and the pipeline version:
    a changed schema (a column added) reprocesses every plan, as a changed rule does, so that no fragment of
    the old shape stays."""
    h = hashlib.sha256(__version__.encode())
    for folder, prefix in ((RULES_DIR, ""), (SCHEMA_DIR, "schemas/")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
                h.update((prefix + path.relative_to(folder).as_posix()).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def source_key(path: str | Path) -> str:
    """How the manifest identifies a source: its absolute path."""
    return path_text(os.path.abspath(os.fspath(path)))


def fragment_key(doc_id: str, sha256: str, rules: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in unicodedata.normalize("NFKC", doc_id))
    return f"{safe}-{hashlib.sha256(f'{sha256}:{rules}'.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Entry:
    """One live document: where it came from and the name of its fragments."""
    doc_id: str
    key: str
    path: str      # source_key() of the source
    source: str    # the path as given, printable
    sha256: str
    rules: str


@dataclass(frozen=True)
class Manifest:
    rules: str
    documents: tuple[Entry, ...] = ()
    corpus: dict[str, str] = field(default_factory=dict)  # table -> fragment file name

    def files(self) -> dict[str, list[str]]:
        """Every live fragment, by table, as paths relative to DIR."""
        names = {t: [f"{t}.parquet/{e.key}.parquet" for e in self.documents] for t in DOCUMENT_TABLES}
        for t, f in self.corpus.items():
            names[t] = [*names.get(t, []), f"{t}.parquet/{f}"]
        return names


@dataclass(frozen=True)
class Staged:
    """A document written to staging: its entry and its sidecar (summary, quality, law candidates)."""
    entry: Entry
    info: dict


def has_fragments(out: Path, entry: Entry) -> bool:
    """Whether the files of a live document are all there (someone may have deleted some by hand)."""
    return all((table_dir(out, t) / f"{entry.key}.parquet").is_file() for t in DOCUMENT_TABLES)


def read_manifest(out: Path) -> Manifest | None:
    path = out / PACKAGE
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8")).get("manifest")
    except (OSError, ValueError) as exc:
        raise PipelineError(f"{shown(path)}: unreadable ({exc})") from exc
    if not raw or raw.get("format") != MANIFEST_FORMAT:
        return None
    return Manifest(raw["rules"], tuple(Entry(**e) for e in raw["documents"]), dict(raw["corpus"]))


# ------------------------------------------------------------------------------------------- writing


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_bytes(path: Path, data: bytes) -> None:
    """Atomic, with the permissions the umask gives (tempfile.mkstemp would make them 0600)."""
    tmp = _tmp(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_parquet(table: pa.Table, path: Path) -> None:
    tmp = _tmp(path)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def check_out_dir(out: Path) -> None:
    """Fail before any work when DIR cannot hold the tables."""
    if out.exists() and not out.is_dir():
        raise PipelineError(f"--out {shown(out)}: exists and is not a folder")
    old = sorted(p.name for p in out.glob("*.parquet") if p.is_file())
    if old:
        raise PipelineError(f"--out {shown(out)}: holds tables in the earlier one-file layout ({', '.join(old[:2])}"
                            f"{', ...' if len(old) > 2 else ''}); remove them or choose another folder")
    try:
        (out / STATE).mkdir(parents=True, exist_ok=True)
        probe = out / STATE / f".probe.{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise PipelineError(f"--out {shown(out)}: cannot write there ({exc.strerror or exc})") from exc


@contextmanager
def locked(out: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold DIR for one run; a second run waits until the first has committed."""
    (out / STATE).mkdir(parents=True, exist_ok=True)
    with open(out / STATE / "lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if on_wait:
                on_wait(f"waiting for another run into {shown(out)} ({holder}) to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def stage(out: Path, entry: Entry, tables: dict[str, pa.Table], info: dict) -> Staged:
    """Write one finished document to staging; its sidecar goes last, so only complete ones are adopted."""
    folder = out / STATE / "staging" / entry.key
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        write_parquet(table, folder / f"{name}.parquet")
    info = {"entry": asdict(entry), **info}
    write_bytes(folder / "doc.json", json.dumps(info, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    pa.default_memory_pool().release_unused()  # a long run holds no more than one document's buffers
    return Staged(entry, _brief(info))


def _brief(info: dict) -> dict:
    """What a run keeps of a document until it reports: not its law candidates (read back from disk)."""
    return {k: v for k, v in info.items() if k != "laws"}


def staged_documents(out: Path) -> dict[tuple[str, str, str], Staged]:
    """Complete documents in staging (left by a run that stopped before committing), by (path, sha, rules)."""
    found = {}
    for doc_json in sorted((out / STATE / "staging").glob("*/doc.json")):
        try:
            info = json.loads(doc_json.read_text(encoding="utf-8"))
            entry = Entry(**info["entry"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if all((doc_json.parent / f"{t}.parquet").is_file() for t in DOCUMENT_TABLES):
            found[(entry.path, entry.sha256, entry.rules)] = Staged(entry, _brief(info))
    return found


def recover(out: Path, manifest: Manifest | None) -> list[str]:
    """Remove what an interrupted run left outside staging: temporary files, unlisted fragments."""
    removed = []
    live = {p for files in (manifest.files() if manifest else {}).values() for p in files}
    for name in all_tables():
        folder = table_dir(out, name)
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            rel = f"{name}.parquet/{f.name}"
            if f.is_file() and rel not in live:
                f.unlink()
                removed.append(rel)
    for f in list(out.glob(".*.tmp")) + list((out / STATE).rglob(".*.tmp")):
        f.unlink(missing_ok=True)
        removed.append(str(f.relative_to(out)))
    return removed


# -------------------------------------------------------------------------------------------- commit


def commit(out: Path, manifest: Manifest, new: list[Staged]) -> Manifest:
    """Make ``manifest`` (whose documents are live ones plus ``new``, now in staging) the state of DIR."""
    docs_dir = out / STATE / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    for s in new:
        src = out / STATE / "staging" / s.entry.key
        for name in DOCUMENT_TABLES:
            table_dir(out, name).mkdir(exist_ok=True)
            os.replace(src / f"{name}.parquet", table_dir(out, name) / f"{s.entry.key}.parquet")
        os.replace(src / "doc.json", docs_dir / f"{s.entry.key}.json")
    corpus = {}
    laws = laws_table(json.loads((docs_dir / f"{e.key}.json").read_text(encoding="utf-8")) for e in manifest.documents)
    for name, table in (("agencies", to_table("agencies", agency_rows())), ("laws", laws),
                        *derived_tables(out, manifest).items()):
        folder = table_dir(out, name)
        folder.mkdir(exist_ok=True)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        data = sink.getvalue().to_pybytes()
        corpus[name] = f"{name}-{hashlib.sha256(data).hexdigest()[:12]}.parquet"
        if not (folder / corpus[name]).is_file():  # named by content: an existing file already holds it
            write_bytes(folder / corpus[name], data)
    manifest = Manifest(manifest.rules, manifest.documents, corpus)
    for name in all_tables():  # DIR/<table> names the same folder: pd.read_parquet(DIR / "measures")
        link = out / name
        if not link.is_symlink() and not link.exists() and table_dir(out, name).is_dir():
            os.symlink(table_dir(out, name).name, link)
    package = datapackage(documents_summary(out, manifest))
    package["manifest"] = {"format": MANIFEST_FORMAT, "rules": manifest.rules,
                           "documents": [asdict(e) for e in manifest.documents], "corpus": corpus}
    write_bytes(out / PACKAGE, (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    # committed: what is no longer named goes
    recover(out, manifest)
    keys = {e.key for e in manifest.documents}
    for f in docs_dir.glob("*.json"):
        if f.stem not in keys:
            f.unlink()
    clear_staging(out)
    return manifest


def derived_tables(out: Path, manifest: Manifest) -> dict[str, pa.Table]:
    """``measure_lineage`` (each measure and its likeliest predecessor in the previous plan), ``document_links``
    and ``measure_links`` (translations and their originals) and the findings across documents (``quality``),
    from the live documents' tables."""
    from .links import COLUMNS as LINK_INPUT
    from .links import link_tables, needs_opening

    lineage = lineage_by_year(out, manifest)
    tables = {name: read_table(out, name, manifest, cols).to_pandas() for name, cols in LINK_INPUT.items()}
    key_of = {e.doc_id: e.key for e in manifest.documents}
    openings = {d: opening(table_dir(out, "documents") / f"{key_of[d]}.parquet")
                for d in needs_opening(tables["documents"]) if d in key_of}
    links = link_tables(tables, openings)
    return {"measure_lineage": lineage, **{name: to_table(name, rows) for name, rows in links.items()}}


def opening(fragment: Path) -> str:
    """The first characters of a document's text, from its fragment of ``documents``."""
    from .links import OPENING

    text = pq.read_table(fragment, columns=["text"]).column(0)[0].as_py()
    return (text or "")[:OPENING]


def lineage_by_year(out: Path, manifest: Manifest) -> pa.Table:
    """``measure_lineage``, one plan year (and language) at a time: each year's rows come from that year's and
    the previous year's fragments only, and are kept under ``.pipeline/lineage/``, named by the fragments they
    were made from. A commit recomputes only the years whose plans or previous plans changed (adding a plan:
    its year and the next), and holds two plan years in memory, not the corpus."""
    from .export import LINEAGE_INPUT, lineage_table

    cache = out / STATE / "lineage"
    cache.mkdir(parents=True, exist_ok=True)
    key_of = {e.doc_id: e.key for e in manifest.documents}
    docs = read_table(out, "documents", manifest, LINEAGE_INPUT["documents"]).to_pandas().dropna()
    parts, used = [], set()
    for _, group in docs.groupby("language", sort=True):
        years = sorted(group["year"].unique())
        for previous, year in zip(years, years[1:], strict=False):
            keys = sorted(key_of[d] for d in group.loc[group["year"].isin([previous, year]), "doc_id"])
            name = hashlib.sha256(f"{__version__}\n{manifest.rules}\n" .encode() + "\n".join(keys).encode())
            path = cache / f"{name.hexdigest()[:24]}.parquet"
            used.add(path.name)
            if not path.is_file():
                tables = {t: pa.concat_tables([pq.read_table(table_dir(out, t) / f"{k}.parquet", columns=cols)
                                               for k in keys]) for t, cols in LINEAGE_INPUT.items()}
                write_parquet(lineage_table(tables), path)
            parts.append(pq.read_table(path))
    for stale in cache.glob("*.parquet"):
        if stale.name not in used:
            stale.unlink()
    if not parts:
        return to_table("measure_lineage", [])
    table = pa.concat_tables(parts)
    # Documents in id order, each one's measures in text order (as one computation over the corpus gives them).
    order = table.column("doc_id").to_pandas().sort_values(kind="stable").index.to_numpy()
    return table.take(order)


def clear_staging(out: Path) -> None:
    shutil.rmtree(out / STATE / "staging", ignore_errors=True)


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
    return to_table("laws", [{"law_id": law_id, "title": title, "instrument_type": kind}
                             for law_id, (_, _, title, kind) in sorted(first.items())])


def documents_summary(out: Path, manifest: Manifest) -> pa.Table:
    """The live documents table without its text (all that datapackage.json needs)."""
    schema = pq.read_schema(out / manifest.files()["documents"][0]) if manifest.documents else None
    if schema is None:
        return to_table("documents", []).drop_columns(["text"])
    columns = [n for n in schema.names if n != "text"]
    parts = [pq.read_table(out / f, columns=columns) for f in manifest.files()["documents"]]
    return pa.concat_tables(parts)


def read_table(out: Path, name: str, manifest: Manifest | None = None, columns: list[str] | None = None) -> pa.Table:
    """One table as the manifest names it (or, without a manifest, whatever the folder or file holds)."""
    manifest = manifest if manifest is not None else read_manifest(out)
    if manifest is None:
        return pq.read_table(table_dir(out, name), columns=columns)
    files = manifest.files().get(name, [])
    if not files:
        from .export import arrow_schema
        table = arrow_schema(name).empty_table()
        return table.select(columns) if columns else table
    return pa.concat_tables([pq.read_table(out / f, columns=columns) for f in files])
