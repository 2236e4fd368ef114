"""The output folder: one Parquet dataset per table, changed by one commit per run.

Layout of ``DIR``::

    datapackage.json            Frictionless descriptor; its "manifest" names every live fragment (the commit)
    <table>.parquet/<key>.parquet   one fragment per document (agencies and laws: one per corpus)
    .pipeline/lock              held while a run works on DIR (a second run waits)
    .pipeline/docs/<key>.json   what each live document contributes to the corpus tables (laws) and the report
    .pipeline/staging/          documents finished by a run that has not committed yet (adopted on resume), laid
                                out as DIR is: <table>.parquet/<key>.parquet and docs/<key>.json
    .pipeline/commit.json       the renames of a commit under way (the next run finishes a cut-short one)
    .pipeline/lineage/, corpus/ what the corpus tables were computed from, kept for the next commit (a cache:
                                made again when missing or damaged; see pipeline/corpus_tables.py)
    .pipeline/verified.json     the status of each live file when its checksum last matched (a cache: a file
                                whose status changed since is read and checked again)

A run writes each finished document into staging, then commits: it prepares everything in staging (the
corpus tables, the new ``datapackage.json``) and a journal (``.pipeline/commit.json``) naming the renames to
do, then renames the fragments into the table folders and ``datapackage.json`` into place last (the commit
point: a reader of the manifest sees the old state or the new, never a mix; :func:`read_consistent` reads
again when a commit replaced the files it was reading). Files the old manifest named and the new one does
not are then deleted. A run killed before its commit leaves the old state plus staging, which the next run
adopts instead of reprocessing; one killed during the renames leaves the journal, and the next run finishes
that commit. Clean-up deletes only files a manifest or a journal named, never a link's target: whatever
else is in DIR stays. The manifest keeps a checksum of every fragment, so a damaged one is found and its
document processed again.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .model import PipelineError
from .paths import path_text, shown
from .rules import RULES_DIR
from .tables import ALL_TABLES, CORPUS_FRAGMENTS, DOCUMENT_TABLES, SCHEMA_DIR
from .version import __version__

PACKAGE = "datapackage.json"
STATE = ".pipeline"
MANIFEST_FORMAT = 2  # 2: each document's fragments have checksums
MANIFEST_FORMATS = (1, 2)
CHECKSUM_CHARS = 16
JOURNAL = "commit.json"  # in .pipeline/: the renames of a commit under way
# The tables are listed in pipeline/tables.py: per-document ones (a fragment per document) and corpus-wide ones,
# recomputed at every commit from the live documents' tables (``quality`` also gets one such fragment,
# quality-<hash>.parquet, beside its documents': the findings across documents).


def all_tables() -> list[str]:
    return list(ALL_TABLES)


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
    """The SHA-256 of a regular file; anything else (a FIFO, a device, put there since the folder was listed)
    raises OSError without blocking."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
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
    """One live document: where it came from, the name of its fragments and their checksums."""

    doc_id: str
    key: str
    path: str  # source_key() of the source
    source: str  # the path as given, printable
    sha256: str
    rules: str
    checksums: dict[str, str] = field(default_factory=dict)  # table -> checksum() of its fragment


@dataclass(frozen=True)
class Manifest:
    rules: str
    documents: tuple[Entry, ...] = ()
    corpus: dict[str, str] = field(default_factory=dict)  # table -> fragment file name (named by its content)
    damaged: tuple[str, ...] = ()  # what was wrong with entries left out when it was read (one line each)
    orphans: tuple[str, ...] = ()  # keys of those entries: their fragments are ours, the next commit removes them

    def files(self) -> dict[str, list[str]]:
        """Every live fragment, by table, as paths relative to DIR."""
        names = {t: [f"{t}.parquet/{e.key}.parquet" for e in self.documents] for t in DOCUMENT_TABLES}
        for t, f in self.corpus.items():
            names[t] = [*names.get(t, []), f"{t}.parquet/{f}"]
        return names

    def checksums(self) -> dict[str, str | None]:
        """Each live file (relative to DIR) and the checksum it must have (None: a manifest of an earlier version
        that kept none)."""
        sums: dict[str, str | None] = {}
        for e in self.documents:
            for t in DOCUMENT_TABLES:
                sums[f"{t}.parquet/{e.key}.parquet"] = e.checksums.get(t)
        for t, f in self.corpus.items():
            sums[f"{t}.parquet/{f}"] = f.removesuffix(".parquet").rsplit("-", 1)[1]
        return sums


@dataclass(frozen=True)
class Staged:
    """A document written to staging: its entry and its sidecar (summary, quality, law candidates)."""

    entry: Entry
    info: dict


class OutputError(PipelineError):
    """DIR could not be written during a run (disk full, folder removed, damaged state): the run stops, DIR keeps
    its last committed state."""


def checksum(data: bytes) -> str:
    """What the manifest keeps of a fragment to tell a damaged one (truncated, overwritten) from the one written."""
    return hashlib.sha256(data).hexdigest()[:CHECKSUM_CHARS]


def file_checksum(path: Path) -> str | None:
    """The checksum of a file, or None when it cannot be read (missing, a folder, unreadable)."""
    try:
        return checksum(path.read_bytes())
    except OSError:
        return None


def matches(path: Path, expected: str) -> bool:
    """Whether a file is whole: its checksum starts with ``expected`` (corpus files keep 12 characters of it in
    their names)."""
    found = file_checksum(path)
    return found is not None and len(expected) >= 12 and found[: len(expected)] == expected


def damaged_fragments(out: Path, entry: Entry, verified: Verified | None = None) -> list[str]:
    """The fragments of a live document that are missing or differ from what was written (relative to DIR); a
    document from an earlier version's manifest, without checksums, counts as damaged (it is processed again).
    With ``verified``, a file whose status (size, inode, modification and change times) is the one recorded
    when its checksum last matched is not read again."""
    verified = verified or Verified(out, {})
    bad = []
    for t in DOCUMENT_TABLES:
        rel = f"{t}.parquet/{entry.key}.parquet"
        expected = entry.checksums.get(t)
        if expected is None or not verified.matches(rel, expected):
            bad.append(rel)
    sidecar = f"{STATE}/docs/{entry.key}.json"
    if not verified.matches(sidecar, "", _sidecar_whole):
        bad.append(sidecar)
    return bad


def _sidecar_whole(path: Path, expected: str) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8"))["laws"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


VERIFIED = "verified.json"  # in .pipeline/: the status of each live file when its checksum last matched


class Verified:
    """The files found whole, by their status: ``os.stat``'s size, inode, modification and change times (a
    change time cannot be set back, so a file written since, even to the same size and modification time, is
    read and checked again). A cache: missing or damaged, every file is read."""

    def __init__(self, out: Path, stamps: dict[str, list] | None = None):
        self.out = out
        self.old = _read_stamps(out) if stamps is None else stamps
        self.new: dict[str, list] = {}

    def matches(self, rel: str, expected: str, check: Callable[[Path, str], bool] | None = None) -> bool:
        """Whether ``rel`` is whole (its checksum starts with ``expected``, or ``check`` says so)."""
        try:
            stamp = _stamp_of(self.out / rel, expected)
        except OSError:
            return False
        if self.old.get(rel) == stamp or (check or matches)(self.out / rel, expected):
            self.new[rel] = stamp
            return True
        return False

    def record(self, files: Iterable[tuple[str, str]]) -> None:
        """Files just written whole (by a commit), with their checksums: their status now."""
        for rel, expected in files:
            with suppress(OSError):
                self.new[rel] = _stamp_of(self.out / rel, expected)

    def save(self) -> None:
        if self.new != self.old:
            with suppress(OSError):
                write_bytes(self.out / STATE / VERIFIED, json.dumps(self.new, sort_keys=True).encode("utf-8"))


def _stamp_of(path: Path, expected: str) -> list:
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, expected]


def _read_stamps(out: Path) -> dict[str, list]:
    try:
        found = json.loads((out / STATE / VERIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def has_fragments(out: Path, entry: Entry) -> bool:
    """Whether the files of a live document are all there and whole (someone may have deleted or cut some)."""
    return not damaged_fragments(out, entry)


def read_manifest(out: Path) -> Manifest | None:
    """The manifest of the last commit, or None when DIR has none. Entries that are not what a run writes (a
    missing field, a key that would leave DIR) are left out and listed in ``Manifest.damaged``; a file that is
    not JSON raises :class:`~pipeline.model.PipelineError`."""
    path = out / PACKAGE
    if not path.is_file():
        return None
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PipelineError(f"{shown(path)}: unreadable ({exc})") from exc
    raw = package.get("manifest") if isinstance(package, dict) else None
    if not isinstance(raw, dict) or raw.get("format") not in MANIFEST_FORMATS:
        return None
    rules = raw.get("rules")
    documents, damaged, orphans = [], [], []
    entries = raw.get("documents")
    for i, e in enumerate(entries if isinstance(entries, list) else []):
        problem = _entry_problem(e)
        if problem:
            damaged.append(f"{shown(path)}: manifest entry {i} damaged ({problem})")
            if isinstance(e, dict) and _safe_key(e.get("key")):
                orphans.append(e["key"])
            continue
        documents.append(Entry(**{**e, "checksums": dict(e.get("checksums", {}))}))
    if not isinstance(entries, list):
        damaged.append(f"{shown(path)}: manifest damaged (no list of documents)")
    corpus = raw.get("corpus") if isinstance(raw.get("corpus"), dict) else {}
    bad_corpus = {t: f for t, f in corpus.items() if not _corpus_name_ok(t, f)}
    damaged += [
        f"{shown(path)}: manifest names {t!r} file {f!r}, not a corpus table's file" for t, f in bad_corpus.items()
    ]
    if not isinstance(rules, str):
        damaged.append(f"{shown(path)}: manifest damaged (no rule-book version)")
        rules = ""
    return Manifest(
        rules,
        tuple(documents),
        {t: f for t, f in corpus.items() if t not in bad_corpus},
        tuple(damaged),
        tuple(orphans),
    )


ENTRY_FIELDS = ("doc_id", "key", "path", "source", "sha256", "rules")


def _safe_key(key: object) -> bool:
    """A fragment key as :func:`fragment_key` makes it: letters, digits, ``-`` and ``_`` only (never a path)."""
    return (
        isinstance(key, str)
        and 0 < len(key) <= 200
        and all(c.isalnum() or c in "-_" for c in key)
        and key.isprintable()
    )


def _corpus_name_ok(table: object, name: object) -> bool:
    return (
        table in CORPUS_FRAGMENTS
        and isinstance(name, str)
        and re.fullmatch(rf"{table}-[0-9a-f]{{12}}\.parquet", name) is not None
    )


def _entry_problem(e: object) -> str | None:
    if not isinstance(e, dict):
        return "not an object"
    missing = [k for k in ENTRY_FIELDS if not isinstance(e.get(k), str)]
    if missing:
        return f"no {', '.join(missing)}"
    if unknown := sorted(set(e) - set(ENTRY_FIELDS) - {"checksums"}):
        return f"unknown fields {', '.join(unknown)}"
    if not _safe_key(e["key"]):
        return f"key {e['key'][:60]!r} is not a fragment name"
    sums = e.get("checksums", {})
    if not isinstance(sums, dict) or not all(t in DOCUMENT_TABLES and isinstance(v, str) for t, v in sums.items()):
        return "checksums damaged"
    return None


@contextmanager
def snapshot(out: Path) -> Iterator[Callable[[], bool]]:
    """For readers: yields ``changed()``, which says whether a commit replaced datapackage.json since the
    snapshot began (a reader that met a missing file, or one about to return, reads again when it did)."""
    before = _stamp(out)
    yield lambda: _stamp(out) != before


def _stamp(out: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(out / PACKAGE)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def read_consistent(out: Path, read: Callable[[Manifest | None], object], attempts: int = 20) -> object:
    """``read(manifest)`` over one commit: when a run commits meanwhile (and deletes a file ``read`` was about to
    open, or changes the manifest), it starts again with the new manifest."""
    for _ in range(attempts):
        with snapshot(out) as changed:
            manifest = read_manifest(out)
            try:
                result = read(manifest)
            except FileNotFoundError:
                if not changed():
                    raise
                continue
            if not changed():
                return result
    raise PipelineError(f"{shown(out)}: changed by {attempts} commits while being read; read it again")


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
    except BaseException:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_parquet(table: pa.Table, path: Path) -> str:
    """Write ``table`` atomically; returns the file's checksum."""
    data = parquet_bytes(table)
    write_bytes(path, data)
    return checksum(data)


def check_out_dir(out: Path) -> None:
    """Fail before any work when DIR cannot hold the tables, or holds files the run did not write where it
    would write (a table folder or its own state that is a link elsewhere, another program's datapackage.json)."""
    if out.exists() and not out.is_dir():
        raise PipelineError(f"--out {shown(out)}: exists and is not a folder")
    old = sorted(p.name for p in out.glob("*.parquet") if p.is_file() and not p.is_symlink())
    if old:
        raise PipelineError(
            f"--out {shown(out)}: holds tables in the earlier one-file layout ({', '.join(old[:2])}"
            f"{', ...' if len(old) > 2 else ''}); remove them or choose another folder"
        )
    for name in [STATE, *(table_dir(out, t).name for t in all_tables())]:
        p = out / name
        if p.is_symlink() or (p.exists() and not p.is_dir()):
            what = f"a link to {shown(os.readlink(p))}" if p.is_symlink() else "not a folder"
            raise PipelineError(
                f"--out {shown(out)}: {name} is {what}; the run writes only into folders of its own "
                "(remove it or choose another folder)"
            )
    package = out / PACKAGE
    if package.exists():
        try:
            ours = read_manifest(out) is not None
        except PipelineError:
            ours = True  # damaged: the run says so and stops (see corpus.run)
        if not ours:
            raise PipelineError(
                f"--out {shown(out)}: {PACKAGE} was not written by policy-pipeline (no manifest); choose another folder"
            )
    try:
        (out / STATE).mkdir(parents=True, exist_ok=True)
        probe = out / STATE / f".probe.{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise PipelineError(f"--out {shown(out)}: cannot write there ({exc.strerror or exc})") from exc


def folder_identity(out: Path) -> tuple[int, int]:
    st = os.stat(out)
    return st.st_dev, st.st_ino


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


def staged_path(out: Path, key: str, table: str | None = None) -> Path:
    """Where a document finished by this run waits for the commit: a table's fragment, or (``table`` None) its
    sidecar. Staging is laid out as DIR is, a folder per table rather than per document: a commit's renames then
    leave a dozen folders to remove, not one per document (removing a folder is what costs on a journaled disk)."""
    if table is None:
        return out / STATE / "staging" / "docs" / f"{key}.json"
    return out / STATE / "staging" / f"{table}.parquet" / f"{key}.parquet"


def stage(out: Path, entry: Entry, fragments: Mapping[str, bytes | pa.Table], info: dict) -> Staged:
    """Write one finished document to staging (its fragments: Parquet files as bytes, encoded by the worker, or
    tables); its sidecar goes last, so only complete ones are adopted. The staging folders are made inside DIR's
    own state, never with its parents: a DIR removed meanwhile is not made again (the write fails and the run
    says so)."""
    sums = {}
    for name, fragment in fragments.items():
        data = fragment if isinstance(fragment, bytes) else parquet_bytes(fragment)
        _write_staged(staged_path(out, entry.key, name), data, _write_in_place)
        sums[name] = checksum(data)
    entry = replace(entry, checksums=sums)
    info = {"entry": asdict(entry), **info}
    data = json.dumps(info, ensure_ascii=False, sort_keys=True).encode("utf-8")
    _write_staged(staged_path(out, entry.key), data, write_bytes)
    return Staged(entry, _brief(info))


def _write_staged(path: Path, data: bytes, write: Callable[[Path, bytes], None]) -> None:
    """``write`` the file, making its folder and staging when missing (not DIR's state: see :func:`stage`)."""
    try:
        write(path, data)
    except FileNotFoundError:
        path.parent.parent.mkdir(exist_ok=True)
        path.parent.mkdir(exist_ok=True)
        write(path, data)


def _write_in_place(path: Path, data: bytes) -> None:
    """A staged fragment is written in place, not through a temporary file and a rename: the sidecar, written
    last (atomically), names each fragment's checksum, and a staged document is adopted only when every fragment
    matches it (:func:`staged_documents`), so a fragment cut short is never used. One file operation less a
    fragment, while the workers need both cores."""
    with open(path, "wb") as fh:
        fh.write(data)


def _brief(info: dict) -> dict:
    """What a run keeps of a document until it reports: not its law candidates (read back from disk)."""
    return {k: v for k, v in info.items() if k != "laws"}


def staged_documents(out: Path) -> dict[tuple[str, str, str], Staged]:
    """Complete documents in staging (left by a run that stopped before committing), by (path, sha, rules);
    only those whose fragments are whole."""
    found = {}
    for doc_json in sorted((out / STATE / "staging" / "docs").glob("*.json")):
        try:
            info = json.loads(doc_json.read_text(encoding="utf-8"))
            if _entry_problem(info["entry"]) or info["entry"]["key"] != doc_json.name.removesuffix(".json"):
                continue
            entry = Entry(**info["entry"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if all(
            entry.checksums.get(t) and matches(staged_path(out, entry.key, t), entry.checksums[t])
            for t in DOCUMENT_TABLES
        ):
            found[(entry.path, entry.sha256, entry.rules)] = Staged(entry, _brief(info))
    return found


# --------------------------------------------------------------------------------- interrupted commits


def read_journal(out: Path) -> dict | None:
    """The plan of a commit that was cut short (renames still to do, superseded files to remove), or None.
    Every path in it is checked to stay inside DIR and name a file a run writes."""
    path = out / STATE / JOURNAL
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        renames = [(str(a), str(b)) for a, b in raw["renames"]]
        remove = [str(r) for r in raw["remove"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return {"renames": [], "remove": [], "damaged": True}
    renames = [(a, b) for a, b in renames if _staging_path(a) and _target_path(b)]
    return {"renames": renames, "remove": [r for r in remove if _target_path(r)], "damaged": False}


def _staging_path(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 4 and parts[:2] == [STATE, "staging"] and all(_safe_part(p) for p in parts[2:])


def _target_path(rel: str) -> bool:
    """A file a commit writes: a table's fragment, a document's sidecar, or datapackage.json."""
    parts = rel.split("/")
    if parts == [PACKAGE]:
        return True
    if len(parts) == 2:
        folder, name = parts
        return (
            folder in {f"{t}.parquet" for t in all_tables()}
            and name.endswith(".parquet")
            and _safe_key(name.removesuffix(".parquet"))
        )
    return (
        len(parts) == 3
        and parts[:2] == [STATE, "docs"]
        and parts[2].endswith(".json")
        and _safe_key(parts[2].removesuffix(".json"))
    )


def _safe_part(name: str) -> bool:
    stem = name.removeprefix(".").rsplit(".", 1)[0]
    return name not in (".", "..") and _safe_key(stem) and "/" not in name


def finish_commit(out: Path) -> bool:
    """Complete a commit that was killed after it began (its files all prepared, so it can be finished: the
    renames not done yet, then the removal of superseded files); or, when its prepared files are gone, undo
    it (remove the files it had moved in, which the manifest does not name). Returns whether one was found."""
    journal = read_journal(out)
    if journal is None:
        return False
    renames = journal["renames"]
    if all((out / a).is_file() or (out / b).is_file() for a, b in renames) and not journal["damaged"]:
        for a, b in renames:
            if (out / a).is_file():
                os.replace(out / a, out / b)
        _remove(out, journal["remove"])
    else:
        named = _named(read_manifest(out))
        _remove(out, [b for _, b in renames if b != PACKAGE and b not in named])
    (out / STATE / JOURNAL).unlink(missing_ok=True)
    clear_staging(out)
    return True


def _named(manifest: Manifest | None) -> set[str]:
    """Every file a manifest names, its documents' sidecars included (relative to DIR)."""
    if manifest is None:
        return set()
    return set(manifest.checksums()) | {f"{STATE}/docs/{e.key}.json" for e in manifest.documents}


def _remove(out: Path, rels: Iterable[str]) -> None:
    """Delete files a commit named (never a link's target: unlink removes the link)."""
    for rel in rels:
        with suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(out / rel)


def recover(out: Path, manifest: Manifest | None = None) -> list[str]:
    """Finish (or undo) a commit that was cut short, and remove temporary files the run's own writes left in
    DIR's state folder. Nothing else is touched: files the run did not write stay (``validate`` names them)."""
    removed = []
    if finish_commit(out):
        removed.append(f"{STATE}/{JOURNAL}")
    for f in (out / STATE).rglob(".*.tmp"):
        if f.is_file() and not f.is_symlink():
            f.unlink(missing_ok=True)
            removed.append(str(f.relative_to(out)))
    return removed


# -------------------------------------------------------------------------------------------- commit


Locate = Callable[[str, str], Path]  # (table, document key) -> the fragment's file, in staging or in DIR


@dataclass(frozen=True)
class Fragments:
    """A :data:`Locate` that can be sent to another process: the fragments of the documents ``staged`` (their keys)
    are in staging, the others in DIR."""

    out: Path
    staged: frozenset[str] = frozenset()

    def __call__(self, table: str, key: str) -> Path:
        if key in self.staged:
            return staged_path(self.out, key, table)
        return table_dir(self.out, table) / f"{key}.parquet"


# What the commit asks of the corpus-wide tables (pipeline.corpus_tables, passed in by pipeline.corpus: the store
# sits below the tables it stores): build them, and the documents' summary for datapackage.json.
# (a table, or its Parquet file already encoded)
BuildCorpus = Callable[[Path, "Manifest", Locate, Callable[[str], Path]], dict[str, pa.Table | bytes]]
Summarize = Callable[[Path, "Manifest", Locate], pa.Table]


@dataclass(frozen=True)
class CorpusBuilders:
    build: BuildCorpus
    summarize: Summarize


def commit(
    out: Path,
    manifest: Manifest,
    new: list[Staged],
    previous: Manifest | None,
    builders: CorpusBuilders,
    verified: Verified | None = None,
) -> Manifest:
    """Make ``manifest`` (whose documents are live ones plus ``new``, now in staging) the state of DIR (and record
    the status of the files found whole: ``verified``, by the run's check, and the new ones).

    Everything is prepared first, in staging: the corpus tables (computed from the live fragments and the new
    ones where they lie), the new datapackage.json, and the commit's journal naming every rename to do and every
    superseded file (named by ``previous`` but not by ``manifest``) to remove. Only then does DIR change, by
    renames alone, ``datapackage.json`` last (the commit point); a run killed in between leaves the journal,
    and the next run finishes the commit. Superseded files are removed after the commit point."""
    staging = out / STATE / "staging"
    prepared = staging / ".commit"
    prepared.mkdir(parents=True, exist_ok=True)
    new_keys = {s.entry.key for s in new}
    locate = Fragments(out, frozenset(new_keys))

    def sidecar(key: str) -> Path:
        return staged_path(out, key) if key in new_keys else out / STATE / "docs" / f"{key}.json"

    renames: list[tuple[str, str]] = []
    for s in new:
        for name in DOCUMENT_TABLES:
            target = f"{name}.parquet/{s.entry.key}.parquet"
            renames.append((f"{STATE}/staging/{target}", target))
        renames.append((f"{STATE}/staging/docs/{s.entry.key}.json", f"{STATE}/docs/{s.entry.key}.json"))
    corpus = {}
    for name, table in builders.build(out, manifest, locate, sidecar).items():
        data = table if isinstance(table, bytes) else parquet_bytes(table)
        corpus[name] = f"{name}-{checksum(data)[:12]}.parquet"
        if file_checksum(table_dir(out, name) / corpus[name]) != checksum(data):  # named by content
            write_bytes(prepared / corpus[name], data)
            renames.append((f"{STATE}/staging/.commit/{corpus[name]}", f"{name}.parquet/{corpus[name]}"))
    manifest = Manifest(manifest.rules, manifest.documents, corpus)
    from .export import datapackage  # pandas: imported by the commit, not by the checks before it

    package = datapackage(builders.summarize(out, manifest, locate))
    package["manifest"] = {
        "format": MANIFEST_FORMAT,
        "rules": manifest.rules,
        "documents": [asdict(e) for e in manifest.documents],
        "corpus": corpus,
    }
    write_bytes(prepared / PACKAGE, (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    renames.append((f"{STATE}/staging/.commit/{PACKAGE}", PACKAGE))
    live = set(manifest.checksums())
    keys = {e.key for e in manifest.documents}
    sidecars = {f"{STATE}/docs/{k}.json" for k in keys}
    superseded = sorted(set(previous.checksums()) - live) if previous else []
    superseded += [
        f"{t}.parquet/{k}.parquet"
        for k in (previous.orphans if previous else ())
        if k not in keys
        for t in DOCUMENT_TABLES
    ]
    superseded += [f"{STATE}/docs/{e.key}.json" for e in (previous.documents if previous else ()) if e.key not in keys]
    (out / STATE / "docs").mkdir(exist_ok=True)
    for name in all_tables():
        table_dir(out, name).mkdir(exist_ok=True)
        link = out / name  # DIR/<table> names the same folder: pd.read_parquet(DIR / "measures")
        if not link.is_symlink() and not link.exists():
            os.symlink(table_dir(out, name).name, link)
    write_bytes(out / STATE / JOURNAL, json.dumps({"renames": renames, "remove": superseded}).encode("utf-8"))
    # the commit window: renames only, datapackage.json last
    done = []
    try:
        for a, b in renames:
            os.replace(out / a, out / b)
            done.append(b)
    except OSError:
        with suppress(OSError):  # undone: the files moved in go (those the old manifest names stay)
            named = _named(previous)
            _remove(out, [b for b in done if b != PACKAGE and b not in named])
            (out / STATE / JOURNAL).unlink(missing_ok=True)
        raise
    # committed: what is no longer named goes
    _remove(out, superseded)
    # the files found whole by the run's check (``verified``) and the new documents' need not be read again
    verified = verified or Verified(out)
    stamps = {**verified.old, **verified.new}
    verified.new = {rel: stamp for rel, stamp in stamps.items() if rel in live or rel in sidecars}
    verified.record(
        [(f"{t}.parquet/{s.entry.key}.parquet", s.entry.checksums[t]) for s in new for t in DOCUMENT_TABLES]
        + [(f"{STATE}/docs/{s.entry.key}.json", "") for s in new]
    )
    verified.save()
    (out / STATE / JOURNAL).unlink(missing_ok=True)
    clear_staging(out)
    return manifest


def clear_staging(out: Path) -> None:
    shutil.rmtree(out / STATE / "staging", ignore_errors=True)


def read_table(
    out: Path,
    name: str,
    manifest: Manifest | None = None,
    columns: list[str] | None = None,
    locate: Callable[[str, str], Path] | None = None,
) -> pa.Table:
    """One table as the manifest names it (or, without a manifest, whatever the folder or file holds)."""
    manifest = manifest if manifest is not None else read_manifest(out)
    if manifest is None:
        return pq.read_table(table_dir(out, name), columns=columns)
    if name in DOCUMENT_TABLES and locate is not None:
        files = [locate(name, e.key) for e in manifest.documents]
    else:
        files = [out / f for f in manifest.files().get(name, [])]
    if not files:
        from .export import arrow_schema

        table = arrow_schema(name).empty_table()
        return table.select(columns) if columns else table
    return pa.concat_tables([pq.read_table(f, columns=columns) for f in files])
