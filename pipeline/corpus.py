"""Many inputs: expand folders, skip what is unchanged, process the rest in isolation, commit once.

One bad file never stops the others: its error is recorded with its path and the run goes on. Each
document runs in a worker process under a time limit and a memory ceiling (:mod:`pipeline.executors`; a few
small ones in this process, see :data:`INLINE_PER_JOB`);
workers build their rule pipelines once and send back each document's fragments as Parquet files (bytes,
:class:`DocumentResult`), which are staged as they arrive and committed together at the end
(:mod:`pipeline.store`). A source whose SHA-256 and rule book are those recorded in the manifest is skipped;
Ctrl-C commits what has finished.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path

from . import store
from .corrections import Correction, Unmatched, apply_corrections, read_corrections
from .executors import (
    EXECUTORS,
    ClusterLost,
    Killed,
    Limits,
    dask_results,
    inline_results,
    local_results,
    prestart,
    usable_cpus,
)
from .ingest import DEFAULT_ENGINE, PLAN_FORMATS_TEXT, is_plan_file
from .model import Document, PipelineError
from .paths import DEFAULT_INPUT, DEFAULT_OUTPUT, shown
from .stages import process_file
from .store import Entry, Manifest, Staged


def corpus_builders(jobs: int = 1) -> store.CorpusBuilders:
    """The corpus-wide tables a commit builds, in up to ``jobs`` processes (the store stages and commits; it does
    not know the tables it holds). Imported when a commit needs them: pandas and the corpus tables are not on
    the way to starting the workers."""
    from . import corpus_tables

    return store.CorpusBuilders(partial(corpus_tables.build, jobs=jobs), corpus_tables.documents_summary)


DEFAULT_LIMITS = Limits()
TERMINATING = (signal.SIGTERM, signal.SIGHUP)  # handled as Ctrl-C is


@dataclass(frozen=True)
class Failure:
    path: str  # printable
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Processed:
    """A document this run wrote: where it came from, its counts and its quality findings."""

    source: str
    doc_id: str
    summary: dict
    quality: tuple[tuple[str, str, str | None, str], ...]  # check, severity, item_id, message


@dataclass
class RunReport:
    processed: list[Processed] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)  # finished by an earlier run that stopped before its commit
    pruned: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # inputs not written because another file holds the same document (same doc_id or same bytes), which is
    # kept: warnings naming both files, not failures (a plan given as TXT and PDF is one document)
    duplicates: list[Failure] = field(default_factory=list)
    written: dict[str, Path] = field(default_factory=dict)
    interrupted: bool = False
    not_started: int = 0
    skipped: list[Path] = field(default_factory=list)  # files in input folders that are not plans (not read)
    corrections: dict[str, list[Correction]] = field(default_factory=dict)  # doc_id -> corrections applied
    unmatched: list[Unmatched] = field(default_factory=list)  # corrections whose row is not there
    not_in_run: list[Correction] = field(default_factory=list)  # corrections of documents not processed
    warnings: list[str] = field(default_factory=list)  # damaged state found and repaired (one line each)
    prune_refused: str | None = None  # why --prune pruned nothing (an input missing or not read fully)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted and not self.unmatched and not self.prune_refused


@dataclass(frozen=True)
class DocumentResult:
    """What travels back from a worker: the document's fragments, already encoded as the Parquet files the run
    writes (the encoding is the worker's work, done in parallel; the main process only writes bytes), its
    sidecar (summary, quality findings, law candidates) and the researcher's corrections applied or unmatched."""

    doc_id: str
    fragments: dict[str, bytes]  # table -> its Parquet file
    info: dict
    applied: tuple[Correction, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()


@dataclass(frozen=True)
class DocumentFailed:
    """A document the stages refused (one line, naming the problem)."""

    message: str


def document_result(doc: Document, corrections: Sequence[Correction] = ()) -> DocumentResult:
    """The document's tables (with the researcher's corrections applied) as Parquet files, and a small summary,
    not the Document."""
    from .export import document_rows, law_candidates, to_table  # pandas: in the workers, not the run's process

    rows, unmatched = apply_corrections(doc.doc_id, document_rows(doc), corrections)
    failed = {id(u.correction) for u in unmatched}
    listed = sum(m.status == "listed" for m in doc.measures)
    info = {
        "status": doc.status,
        "summary": {
            "status": doc.status,
            "reasons": [str(e) for e in doc.errors],
            "sections": len(doc.sections),
            "goals": len(doc.goals),
            "measures": listed,
            "omitted": len(doc.measures) - listed,
            "agency_mentions": len(doc.agency_mentions),
            "instruments": len(doc.law_mentions),
            "targets": len(doc.targets),
        },
        "quality": [[q.check, q.severity, q.item_id, q.message] for q in doc.quality],
        "laws": law_candidates(doc),
    }
    fragments = {name: store.parquet_bytes(to_table(name, table_rows)) for name, table_rows in rows.items()}
    applied = tuple(c for c in corrections if c.doc_id == doc.doc_id and id(c) not in failed)
    return DocumentResult(doc.doc_id, fragments, info, applied, tuple(unmatched))


def work(
    path: str, pdf_engine: str = DEFAULT_ENGINE, corrections: Sequence[Correction] = ()
) -> DocumentResult | DocumentFailed:
    """The per-document function every executor runs: a result, or why the document failed."""
    try:
        return document_result(process_file(path, pdf_engine), corrections)
    except PipelineError as exc:
        return DocumentFailed(str(exc))
    except MemoryError:
        raise
    except Exception as exc:  # an unexpected bug must not sink the other files either
        return DocumentFailed(f"internal error: {type(exc).__name__}: {exc}")


# Two short notices of our own, one per rule book: what a worker processes before its first document.
WARM_UP_TEXTS = {
    "en": "State Council\nNotice on Promoting Sample Work\nG. F. [2030] No. 1\n\nTo: the people's governments of all "
    "provinces,\n\n1. Strengthen the protection of patents (Responsible by: CNIPA).\n2. Improve the review of "
    "trademarks, reaching 50% by 2030, and revise the Patent Law.\n\nState Council\nJanuary 5, 2030\n",
    "zh": "国务院关于推进示例工作的通知\n国发〔2030〕1号\n\n各省、自治区、直辖市人民政府：\n\n"
    "一、加强专利保护（国家知识产权局负责）。\n"
    "二、完善商标审查，到2030年达到50%，修订《专利法》。\n\n国务院\n2030年1月5日\n",
}


@cache
def warm_up() -> None:
    """Build the rule pipelines and load every rule book once per process, by processing a short notice in each
    language: the time limit of the first real document then counts its own work only. Done once: the fork
    server warms up before it forks the workers (pipeline.preload), which then find it done."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="policy-pipeline-warm-up-") as folder:
        for language, text in WARM_UP_TEXTS.items():
            path = Path(folder, f"warm-up-{language}.txt")
            path.write_text(text, encoding="utf-8")
            work(str(path))  # never raises: a failure is its result


# ----------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Listing:
    """What the inputs hold: the plans to read, the failures (one line each), the files that are not plans, and
    why the listing is incomplete (an input missing, a folder not read), which rules out pruning."""

    files: list[Path]
    failures: list[Failure]
    skipped: list[Path]
    incomplete: tuple[str, ...] = ()


REPORT_MARK = b'<meta name="generator" content="policy-pipeline report">'


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Failure], list[Path]]:
    """Files as given; folders as their plan files (:func:`pipeline.ingest.is_plan_file`, recursively,
    sorted), hidden files and folders (``.ipynb_checkpoints``, ``.git``) left out; the folders' other files
    (README.md, images ...) are listed as skipped, never read, and so are the run's own outputs found there
    (a folder of tables, HTML report pages). Only regular files are read: FIFOs, devices, sockets, broken links
    and link loops are failures, as are missing paths and unreadable folders."""
    listing = list_inputs(inputs)
    return listing.files, listing.failures, listing.skipped


def list_inputs(inputs: Iterable[str | Path]) -> Listing:
    files: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Path] = []
    incomplete: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found, folder_skipped, unread = _walk(p, failures)
            files += found
            skipped += folder_skipped
            incomplete += unread
            continue
        problem = _not_regular(p)
        if problem is None:
            files.append(p)
        else:
            failures.append(Failure(shown(p), problem))
            if not os.path.lexists(p):
                incomplete.append(f"{shown(p)} does not exist")
    seen: set[str] = set()
    unique = [f for f in files if not ((r := os.path.realpath(f)) in seen or seen.add(r))]
    return Listing(unique, failures, sorted(skipped, key=lambda f: os.fsencode(f)), tuple(incomplete))


def _walk(top: Path, failures: list[Failure]) -> tuple[list[Path], list[Path], list[str]]:
    """One input folder: its plans (sorted), the files skipped, and the sub-folders that could not be read."""
    found: list[Path] = []
    skipped: list[Path] = []
    unread: list[str] = []

    def unreadable(exc: OSError) -> None:
        where = shown(exc.filename or top)
        failures.append(Failure(where, f"cannot read folder ({exc.strerror or exc})"))
        unread.append(f"{where} could not be read")

    for root, dirs, names in os.walk(top, onerror=unreadable):
        if is_output_folder(Path(root)):
            dirs[:] = []
            skipped.append(Path(root))
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in names:
            if n.startswith("."):
                continue
            path = Path(root, n)
            if not is_plan_file(path):
                skipped.append(path)
            elif (problem := _not_regular(path)) is not None:
                failures.append(Failure(shown(path), problem))
            elif path.suffix.lower() in (".html", ".htm") and _is_report_page(path):
                skipped.append(path)
            else:
                found.append(path)
    return sorted(found, key=lambda f: os.fsencode(f)), skipped, unread


def _not_regular(path: Path) -> str | None:
    """Why a path cannot be read as a plan (None: a regular file, or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that points to itself (a link loop); not read"
        if os.path.islink(path):
            return "a broken symbolic link (its target does not exist); not read"
        return "no such file or folder" if exc.errno == errno.ENOENT else f"cannot read ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a file"
    )
    return f"not a regular file ({kind}); not read"


def is_output_folder(folder: Path) -> bool:
    """A folder of tables written by run (its state folder and datapackage.json): never read as plans."""
    return (folder / store.STATE).is_dir() and (folder / store.PACKAGE).is_file()


def _is_report_page(path: Path) -> bool:
    """An HTML page written by ``policy-pipeline report`` (its generator mark), not a plan."""
    try:
        with open(path, "rb") as fh:
            return REPORT_MARK in fh.read(4096)
    except OSError:
        return False


def check_overlap(inputs: Sequence[str | Path], out: Path) -> None:
    """Refuse an ``--out`` that is an input folder or inside one, and an input inside ``--out``: the run would
    read its own outputs, or write among the user's files (links followed)."""
    out_real = os.path.realpath(out)
    for item in inputs:
        if not os.path.exists(item):
            continue
        real = os.path.realpath(item)
        if Path(item).is_dir() and _within(out_real, real):
            where = "is the input folder" if out_real == real else "is inside the input folder"
            raise store.OutputError(
                f"--out {shown(out)} {where} {shown(item)}; choose an output folder outside the inputs"
            )
        if _within(real, out_real):
            raise store.OutputError(
                f"input {shown(item)} is inside --out {shown(out)}; keep the plans outside the output folder"
            )


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_jobs(jobs: int | None) -> int | None:
    top = usable_cpus() * 4
    if jobs is not None and not 1 <= jobs <= top:
        raise ValueError(f"--jobs must be between 1 and {top} (4 per usable core), not {jobs}")
    return jobs


# ------------------------------------------------------------------------------------------------- run


def run(
    inputs: Iterable[str | Path] = (DEFAULT_INPUT,),
    out_dir: str | Path = DEFAULT_OUTPUT,
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    *,
    executor: str = "local",
    scheduler: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    prune: bool = False,
    on_wait: Callable[[str], None] | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    corrections: str | Path | Sequence[Correction] | None = None,
) -> RunReport:
    """Process files and folders into the tables in ``out_dir``; see :class:`RunReport`.

    ``pdf_engine`` reads PDFs (``pdfium``, the default, or ``pdfplumber``). ``corrections`` (a corrections
    CSV, or what :func:`~pipeline.corrections.read_corrections` read from one) are applied to the extracted
    rows before they are written; a bad file raises :class:`~pipeline.corrections.CorrectionsError` before
    any work. Changing the corrections, like changing a rule, reprocesses every plan.

    Raises :class:`~pipeline.model.PipelineError` before any work when ``out_dir`` cannot be written,
    ``ValueError`` for a bad ``jobs`` or ``executor``, and ``KeyboardInterrupt`` on Ctrl-C before processing
    starts (afterwards, Ctrl-C commits the finished documents and sets ``report.interrupted``).
    """
    out = Path(out_dir)
    check_jobs(jobs)
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; expected one of {', '.join(EXECUTORS)}")
    if executor == "dask" and not scheduler:
        raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    if executor == "dask" and importlib.util.find_spec("distributed") is None:
        raise ValueError("--executor dask needs dask.distributed: pip install 'policy-pipeline[dask]'")
    if isinstance(corrections, (str, Path)):
        corrections = read_corrections(corrections)
    corrections = tuple(corrections or ())
    inputs = list(inputs)
    check_overlap(inputs, out)
    store.check_out_dir(out)
    listing = list_inputs(inputs)
    report = RunReport(failures=list(listing.failures), skipped=listing.skipped)
    if not listing.files and not listing.failures:
        report.failures.append(
            Failure(", ".join(shown(i) for i in inputs), f"no plan files ({PLAN_FORMATS_TEXT}) found")
        )
    if prune and listing.incomplete:
        report.prune_refused = f"--prune: nothing pruned, because {'; '.join(listing.incomplete)}"
    gone_under = [store.source_key(i) for i in inputs] if prune and not listing.incomplete else []
    job = _Job(
        out,
        list(listing.files),
        rules=store.rulebook_version() + _corrections_key(corrections),
        gone_under=gone_under,
        corrections=corrections,
    )
    identity = None
    try:
        with _interrupts_raise(), store.locked(out, on_wait), _system_allocator():
            identity = store.folder_identity(out)
            accepted = _run_locked(job, report, executor, jobs, scheduler, limits, pdf_engine, progress, identity)
    except OSError as exc:
        with suppress(OSError):
            store.clear_staging(out)
        raise store.OutputError(_output_problem(out, exc, identity)) from exc
    live_ids = {s.entry.doc_id for s in accepted if isinstance(s, Staged)}
    report.not_in_run = [c for c in corrections if c.doc_id not in live_ids]
    for s in accepted:
        if isinstance(s, Staged):
            report.processed.append(
                Processed(s.entry.source, s.entry.doc_id, s.info["summary"], tuple(tuple(q) for q in s.info["quality"]))
            )
    report.failures.sort(key=lambda f: f.path)
    report.duplicates.sort(key=lambda f: f.path)
    return report


@contextmanager
def _system_allocator() -> Iterator[None]:
    """Arrow's buffers from the C library's allocator while the run reads and writes the corpus's files (then the
    previous pool again): mimalloc, Arrow's default, keeps what thousands of small reads freed; a commit of 2,000
    plans held 211 MB resident with it, 157 MB without. The workers keep mimalloc."""
    import pyarrow as pa

    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@dataclass(frozen=True)
class _Job:
    out: Path
    files: list[Path]
    rules: str
    gone_under: list[str]  # --prune: documents whose source was under one of these and is no longer found go
    corrections: tuple[Correction, ...]


def _output_problem(out: Path, exc: OSError, identity: tuple[int, int] | None) -> str:
    """One line for a run that could not write DIR (full disk, folder removed): the old state is intact."""
    try:
        replaced = identity is not None and store.folder_identity(out) != identity
    except OSError:
        replaced = True
    if replaced:
        return f"{shown(out)}: the output folder was removed or replaced during the run; nothing was written"
    where = f" ({shown(exc.filename)})" if exc.filename else ""
    return f"{shown(out)}: cannot write the tables: {exc.strerror or exc}{where}; the tables there are as they were"


def _run_locked(
    job: _Job,
    report: RunReport,
    executor: str,
    jobs: int | None,
    scheduler: str | None,
    limits: Limits,
    pdf_engine: str,
    progress: Callable[[int, int, str], None] | None,
    identity: tuple[int, int],
) -> list[Staged | Entry]:
    out, rules = job.out, job.rules
    store.recover(out)
    previous = store.read_manifest(out)
    inline_at_most = INLINE_PER_JOB * (jobs or default_jobs())
    if executor == "local" and _new_count(job.files, previous, rules, inline_at_most) > inline_at_most:
        prestart()  # the workers' imports overlap the checks of the output folder below
    builders = corpus_builders(jobs or default_jobs())  # and the commit's imports (pandas, the corpus tables)
    verified = store.Verified(out)  # recorded by the commit: a run that changes nothing writes nothing
    manifest = _sound(out, previous, job, report, verified)
    staged = store.staged_documents(out)
    live = {e.path: e for e in manifest.documents} if manifest else {}
    by_content = {(e.sha256, e.rules): e for e in live.values()}
    files = job.files
    input_keys = {store.source_key(f) for f in files}
    results: dict[int, Staged | Entry] = {}
    entries: dict[int, Entry] = {}
    for i, f in enumerate(files):
        try:
            sha = store.file_sha256(f)
        except OSError as exc:
            report.failures.append(Failure(shown(f), f"cannot read file ({exc.strerror or exc})"))
            continue
        key = store.source_key(f)
        old = live.get(key)
        same = by_content.get((sha, rules))
        same = same if same and same.path != key else None
        if old and old.sha256 == sha and old.rules == rules:
            report.unchanged.append(shown(f))
        elif same and same.path not in input_keys:  # a live plan moved or copied here: no work, new path
            report.unchanged.append(shown(f))
            results[i] = replace(same, path=key, source=shown(f))
        elif same:
            report.duplicates.append(
                Failure(
                    shown(f),
                    f"same content as {same.source} (doc_id {same.doc_id}); {same.source} kept, this file not written",
                )
            )
        elif (key, sha, rules) in staged:
            results[i] = staged[(key, sha, rules)]  # finished by a run that was stopped before its commit
            report.resumed.append(shown(f))
        else:
            entries[i] = Entry(doc_id="", key="", path=key, source=shown(f), sha256=sha, rules=rules)
    todo = sorted(entries)
    n = 0
    try:
        task = partial(work, pdf_engine=pdf_engine, corrections=job.corrections)
        with closing(_execute([str(files[i]) for i in todo], task, executor, jobs, scheduler, limits)) as outcomes:
            for n, (j, outcome) in enumerate(outcomes, 1):
                i = todo[j]
                staged_doc = _stage(out, entries[i], outcome, report)
                if staged_doc:
                    results[i] = staged_doc
                if progress:
                    progress(n, len(todo), entries[i].source)
    except KeyboardInterrupt:
        report.interrupted = True
        report.not_started = len(todo) - n
    except ClusterLost as exc:
        report.failures.append(Failure(shown(scheduler) if executor == "dask" else "workers", str(exc)))
        report.not_started = len(todo) - n
    with _interrupts_deferred() as caught:
        gone = {k for k in live if k not in input_keys and any(_within(k, root) for root in job.gone_under)}
        documents, accepted, pruned, conflicts = resolve(manifest, results, input_keys, gone)
        report.duplicates += conflicts
        report.pruned = pruned
        changed = previous is not None and (
            previous.rules != rules or previous.damaged or len(previous.documents) != len(manifest.documents)
        )
        if accepted or pruned or changed:
            if store.folder_identity(out) != identity:
                raise FileNotFoundError(errno.ENOENT, "the output folder was replaced", str(out))
            store.commit(
                out,
                Manifest(rules, documents),
                [s for s in accepted if isinstance(s, Staged)],
                previous,
                builders,
                verified,
            )
            report.written = {t: store.table_dir(out, t) for t in store.all_tables()}
            report.written["datapackage"] = out / store.PACKAGE
        else:
            store.clear_staging(out)
    report.interrupted = report.interrupted or bool(caught)
    return accepted


def _new_count(files: list[Path], manifest: Manifest | None, rules: str, enough: int) -> int:
    """How many inputs are not in the manifest as it is now, counted up to ``enough`` + 1 (a cheap guess at how
    many documents the run will process: a file that cannot be read counts as new, and the checks that follow
    decide)."""
    recorded = {(e.path, e.sha256) for e in manifest.documents if e.rules == rules} if manifest else set()
    count = 0
    for f in files:
        try:
            count += (store.source_key(f), store.file_sha256(f)) not in recorded
        except OSError:
            count += 1
        if count > enough:
            break
    return count


def _sound(
    out: Path, manifest: Manifest | None, job: _Job, report: RunReport, verified: store.Verified | None = None
) -> Manifest | None:
    """The manifest without the documents whose fragments are damaged (missing, cut short, overwritten) or whose
    entries are: each is reported in one line, and its source, when it still exists, is processed again (added
    to ``job.files``)."""
    if manifest is None:
        return None
    report.warnings += [f"{line}; left out (run on its source to add it again)" for line in manifest.damaged]
    sound, unverified, inputs = [], [], {store.source_key(f) for f in job.files}
    verified = verified or store.Verified(out)
    for e in manifest.documents:
        bad = store.damaged_fragments(out, e, verified)
        if not bad:
            sound.append(e)
            continue
        source = Path(os.fsdecode(os.fsencode(e.path)))
        again = _not_regular(source) is None
        if again and store.source_key(source) not in inputs:
            job.files.append(source)
        if not e.checksums:
            unverified.append(again)
            continue
        more = f" and {len(bad) - 1} more of its files" if len(bad) > 1 else ""
        what = f"{e.source} is processed again" if again else f"the document is dropped ({e.source} is gone)"
        report.warnings.append(f"{shown(out / bad[0])}{more}: damaged or missing; {what}")
    if unverified:
        report.warnings.append(
            f"{len(unverified)} documents in {shown(out)} were written by an earlier version "
            f"(no checksums): {sum(unverified)} processed again, "
            f"{len(unverified) - sum(unverified)} dropped (their sources are gone)"
        )
    return replace(manifest, documents=tuple(sound))


def _corrections_key(corrections: Sequence[Correction]) -> str:
    """Part of the version a document's rows were made with: other corrections, other rows."""
    if not corrections:
        return ""
    return "+c" + hashlib.sha256(repr(corrections).encode("utf-8")).hexdigest()[:8]


def _execute(
    paths: list[str],
    task: Callable[[str], DocumentResult | DocumentFailed],
    executor: str,
    jobs: int | None,
    scheduler: str | None,
    limits: Limits,
) -> Iterator[tuple[int, object]]:
    if not paths:
        return
    if executor == "dask":
        yield from dask_results(paths, task, scheduler)
    elif _inline(paths, jobs or default_jobs()):
        yield from inline_results(paths, task, limits)  # no warm-up: the documents build what their languages use
    else:
        yield from local_results(paths, task, min(jobs or default_jobs(), len(paths)), limits, init=warm_up)


# At most this many documents per job are processed in the run's own process, without starting workers. A
# worker pool costs about 2.2 s of CPU before its first document (the fork server importing spaCy and the rule
# books, each worker building its pipelines on the two warm-up notices); the same in this process 1.4 s, and
# a plan 50-80 ms. Adding one plan to 400 took 4.1 s of CPU (6.6-7.5 s wall) with a worker and 3.3 s (6.2-6.4
# s wall) without, back to back. On wall time the workers only pay back from about 25 documents on two cores,
# but a document run here is not isolated (a crash in native code stops the run; the next run resumes what
# was staged), so only small batches, of small files that are not PDFs, from the main thread (the time limit
# is an alarm), run here; more documents, or a larger or PDF file, start the workers as before. Here nothing is
# warmed up: a document builds only the pipelines and rule books of its own language (the first one's time
# limit counts that, about 1 s). With pypinyin's phrases no longer loaded either, one plan added to 400 went from
# 3.1 to 2.5 s, back to back.
INLINE_PER_JOB = 2
INLINE_MAX_BYTES = 1024**2


def _inline(paths: list[str], jobs: int) -> bool:
    """Whether the documents are few and small enough to process in this process (see :data:`INLINE_PER_JOB`)."""
    if len(paths) > INLINE_PER_JOB * jobs or threading.current_thread() is not threading.main_thread():
        return False
    try:
        return all(not p.lower().endswith(".pdf") and os.path.getsize(p) <= INLINE_MAX_BYTES for p in paths)
    except OSError:
        return False


def default_jobs() -> int:
    """One worker per usable core: on 2 cores, 60 text plans took 8.7 s with one worker and 5.8 s with two."""
    return usable_cpus()


def _stage(out: Path, entry: Entry, outcome: object, report: RunReport) -> Staged | None:
    if isinstance(outcome, Killed | DocumentFailed):
        report.failures.append(Failure(entry.source, outcome.message))
        return None
    assert isinstance(outcome, DocumentResult), type(outcome)
    report.unmatched += outcome.unmatched
    if outcome.applied:
        report.corrections[outcome.doc_id] = list(outcome.applied)
    entry = replace(entry, doc_id=outcome.doc_id, key=store.fragment_key(outcome.doc_id, entry.sha256, entry.rules))
    return store.stage(out, entry, outcome.fragments, outcome.info)


def resolve(
    manifest: Manifest | None, results: dict[int, Staged | Entry], input_keys: set[str], gone: set[str] = frozenset()
) -> tuple[tuple[Entry, ...], list[Staged | Entry], list[str], list[Failure]]:
    """The live documents after this run: new ones replace their own source's earlier rows; a different
    source with a doc_id already live is not written and reported naming both (a duplicate: the live one is
    kept; a source that no longer exists was moved).
    A result is a staged document, or the entry of a live one found at a new path (moved, not reprocessed).
    The documents whose source keys are in ``gone`` are pruned."""
    live = {e.path: e for e in manifest.documents} if manifest else {}
    moved = {r.key for r in results.values() if isinstance(r, Entry)}  # carried to a new path, not pruned
    pruned = sorted(e.source for e in (live.pop(k) for k in list(live) if k in gone) if e.key not in moved)
    entry_of = {i: r.entry if isinstance(r, Staged) else r for i, r in results.items()}
    previous = {e.path: live.pop(e.path) for e in entry_of.values() if e.path in live}
    accepted, conflicts = [], []
    for i in sorted(results):
        entry = entry_of[i]
        other = next((e for e in live.values() if e.doc_id == entry.doc_id), None)
        if other and other.path not in input_keys and (other.sha256 == entry.sha256 or not os.path.exists(other.path)):
            del live[other.path]  # the same plan, moved, renamed or copied
            other = None
        if other:
            conflicts.append(
                Failure(
                    entry.source,
                    f"same doc_id {entry.doc_id} as {other.source} (the same year "
                    f"and document number: the same plan in another file?); "
                    f"{other.source} kept, this file not written",
                )
            )
            continue
        live[entry.path] = entry
        accepted.append(results[i])
    for path, e in previous.items():  # a new version that was not written leaves the old rows
        if path not in live and all(x.doc_id != e.doc_id for x in live.values()):
            live[path] = e
    return tuple(sorted(live.values(), key=lambda e: (e.doc_id, e.path))), accepted, pruned, conflicts


def commit_documents(docs: Iterable[Document], out_dir: str | Path) -> dict[str, Path]:
    """Write (or update) the tables in ``out_dir`` with already processed documents, in one commit (the same
    staging and commit as :func:`run`, which does this from files); returns the table folders."""
    out = Path(out_dir)
    store.check_out_dir(out)
    with store.locked(out):
        store.recover(out)
        manifest = store.read_manifest(out)
        rules = store.rulebook_version()
        results = {}
        for i, doc in enumerate(docs):
            src = doc.repaired.source
            entry = Entry(
                doc.doc_id,
                store.fragment_key(doc.doc_id, src.sha256, rules),
                store.source_key(src.path),
                shown(src.path),
                src.sha256,
                rules,
            )
            result = document_result(doc)
            results[i] = store.stage(out, entry, result.fragments, result.info)
        documents, accepted, _, conflicts = resolve(manifest, results, {s.entry.path for s in results.values()})
        if conflicts:
            store.clear_staging(out)
            raise PipelineError("; ".join(map(str, conflicts)))
        store.commit(out, Manifest(rules, documents), accepted, manifest, corpus_builders())
    return {t: store.table_dir(out, t) for t in store.all_tables()} | {"datapackage": out / store.PACKAGE}


# ---------------------------------------------------------------------------------------------- signals


@contextmanager
def _interrupts_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP (the terminal closed) behave like Ctrl-C: finished documents are committed, workers
    stopped."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        old = {s: signal.signal(s, handler) for s in TERMINATING}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def _interrupts_deferred() -> Iterator[list[int]]:
    """A commit is never cut short by Ctrl-C: the signals caught meanwhile are listed, not raised."""
    caught: list[int] = []
    try:
        old = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in (signal.SIGINT, *TERMINATING)}
    except ValueError:  # not the main thread
        yield caught
        return
    try:
        yield caught
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def terminal_progress(done: int, total: int, path: str) -> None:
    """A one-line progress bar on stderr."""
    width = 30
    filled = int(width * done / max(total, 1))
    name = path.rsplit("/", 1)[-1][:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
