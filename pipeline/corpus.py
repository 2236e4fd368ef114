"""Many inputs: expand folders, skip what is unchanged, process the rest in isolation, commit once.

One bad file never stops the others: its error is recorded with its path and the run goes on. Each
document runs in a worker process under a time limit and a memory ceiling (:mod:`pipeline.executors`);
workers build their rule pipelines once and send back rows (Arrow tables), which are staged as they
arrive and committed together at the end (:mod:`pipeline.store`). A source whose SHA-256 and rule book
are those recorded in the manifest is skipped; Ctrl-C commits what has finished.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import store
from .corrections import Correction, Unmatched, apply_corrections, read_corrections
from .executors import EXECUTORS, Killed, Limits, dask_results, local_results, usable_cpus
from .export import document_rows, law_candidates, to_table
from .ingest import DEFAULT_ENGINE, PLAN_FORMATS_TEXT, is_plan_file
from .model import Document, PipelineError
from .paths import DEFAULT_INPUT, DEFAULT_OUTPUT, shown
from .stages import process_file
from .store import Entry, Manifest, Staged

DEFAULT_LIMITS = Limits()


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

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted and not self.unmatched


def document_result(doc: Document, corrections: Sequence[Correction] = ()) -> dict:
    """What travels back from a worker: the document's tables (with the researcher's corrections applied)
    and a small summary, not the Document."""
    rows, unmatched = apply_corrections(doc.doc_id, document_rows(doc), corrections)
    failed = {id(u.correction) for u in unmatched}
    listed = sum(m.status == "listed" for m in doc.measures)
    return {
        "doc_id": doc.doc_id,
        "tables": {name: to_table(name, table_rows) for name, table_rows in rows.items()},
        "corrections": {"applied": [c for c in corrections if c.doc_id == doc.doc_id and id(c) not in failed],
                        "unmatched": unmatched},
        "info": {
            "status": doc.status,
            "summary": {"status": doc.status, "reasons": [str(e) for e in doc.errors],
                        "sections": len(doc.sections), "goals": len(doc.goals), "measures": listed,
                        "omitted": len(doc.measures) - listed, "agency_mentions": len(doc.agency_mentions),
                        "instruments": len(doc.law_mentions), "targets": len(doc.targets)},
            "quality": [[q.check, q.severity, q.item_id, q.message] for q in doc.quality],
            "laws": law_candidates(doc),
        },
    }


def work(path: str, pdf_engine: str = DEFAULT_ENGINE, corrections: Sequence[Correction] = ()) -> dict:
    """The per-document function every executor runs: a result, or ``{"error": message}``."""
    try:
        return document_result(process_file(path, pdf_engine), corrections)
    except PipelineError as exc:
        return {"error": str(exc)}
    except MemoryError:
        raise
    except Exception as exc:  # an unexpected bug must not sink the other files either
        return {"error": f"internal error: {type(exc).__name__}: {exc}"}


def warm_up() -> None:
    """Build the rule pipelines once per worker."""
    from .extract.nlp import build_nlp

    build_nlp()


# ----------------------------------------------------------------------------------------------- inputs


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Failure], list[Path]]:
    """Files as given; folders as their plan files (:func:`pipeline.ingest.is_plan_file`, recursively,
    sorted), hidden files and folders (``.ipynb_checkpoints``, ``.git``) left out; the folders' other files
    (README.md, images ...) are listed as skipped, never read. Missing paths and unreadable folders are
    failures."""
    files: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found: list[Path] = []

            def unreadable(exc: OSError, top: Path = p) -> None:
                failures.append(Failure(shown(exc.filename or top), f"cannot read folder ({exc.strerror or exc})"))

            for root, dirs, names in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in names:
                    if not n.startswith("."):
                        (found if is_plan_file(Path(n)) else skipped).append(Path(root, n))
            files += sorted(found, key=lambda f: os.fsencode(f))
        elif p.is_file():
            files.append(p)
        elif p.exists():
            failures.append(Failure(shown(p), "not a regular file"))
        else:
            failures.append(Failure(shown(p), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, failures, sorted(skipped, key=lambda f: os.fsencode(f))


def check_jobs(jobs: int | None) -> int | None:
    top = usable_cpus() * 4
    if jobs is not None and not 1 <= jobs <= top:
        raise ValueError(f"--jobs must be between 1 and {top} (4 per usable core), not {jobs}")
    return jobs


# ------------------------------------------------------------------------------------------------- run


def run(inputs: Iterable[str | Path] = (DEFAULT_INPUT,), out_dir: str | Path = DEFAULT_OUTPUT,
        jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None, *,
        executor: str = "local", scheduler: str | None = None, limits: Limits = DEFAULT_LIMITS, prune: bool = False,
        on_wait: Callable[[str], None] | None = None, pdf_engine: str = DEFAULT_ENGINE,
        corrections: str | Path | Sequence[Correction] | None = None) -> RunReport:
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
    store.check_out_dir(out)
    inputs = list(inputs)
    files, failures, skipped = expand_inputs(inputs)
    report = RunReport(failures=failures, skipped=skipped)
    if not files and not failures:
        report.failures.append(Failure(", ".join(shown(i) for i in inputs),
                                       f"no plan files ({PLAN_FORMATS_TEXT}) found"))
    with _interrupts_raise(), store.locked(out, on_wait):
        manifest = store.read_manifest(out)
        store.recover(out, manifest)
        rules = store.rulebook_version() + _corrections_key(corrections)
        staged = store.staged_documents(out)
        live = {e.path: e for e in manifest.documents} if manifest else {}
        by_content = {(e.sha256, e.rules): e for e in live.values()}
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
            if old and old.sha256 == sha and old.rules == rules and store.has_fragments(out, old):
                report.unchanged.append(shown(f))
            elif same and same.path not in input_keys:  # a live plan moved or copied here: no work, new path
                report.unchanged.append(shown(f))
                results[i] = replace(same, path=key, source=shown(f))
            elif same:
                report.duplicates.append(Failure(shown(f), f"same content as {same.source} (doc_id {same.doc_id}); "
                                                           f"{same.source} kept, this file not written"))
            elif (key, sha, rules) in staged:
                results[i] = staged[(key, sha, rules)]  # finished by a run that was stopped before its commit
                report.resumed.append(shown(f))
            else:
                entries[i] = Entry(doc_id="", key="", path=key, source=shown(f), sha256=sha, rules=rules)
        todo = sorted(entries)
        n = 0
        try:
            task = partial(work, pdf_engine=pdf_engine, corrections=corrections)
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
        with _interrupts_deferred() as caught:
            documents, accepted, pruned, conflicts = resolve(manifest, results, input_keys, prune)
            report.duplicates += conflicts
            report.pruned = pruned
            if accepted or pruned or (manifest is not None and manifest.rules != rules):
                store.commit(out, Manifest(rules, documents), [s for s in accepted if isinstance(s, Staged)])
                report.written = {t: store.table_dir(out, t) for t in store.all_tables()}
                report.written["datapackage"] = out / store.PACKAGE
            else:
                store.clear_staging(out)
        report.interrupted = report.interrupted or bool(caught)
    live_ids = {s.entry.doc_id for s in accepted if isinstance(s, Staged)}
    report.not_in_run = [c for c in corrections if c.doc_id not in live_ids]
    for s in accepted:
        if not isinstance(s, Staged):
            continue
        info = s.info
        report.processed.append(Processed(s.entry.source, s.entry.doc_id, info["summary"],
                                          tuple(tuple(q) for q in info["quality"])))
    report.failures.sort(key=lambda f: f.path)
    report.duplicates.sort(key=lambda f: f.path)
    return report


def _corrections_key(corrections: Sequence[Correction]) -> str:
    """Part of the version a document's rows were made with: other corrections, other rows."""
    if not corrections:
        return ""
    return "+c" + hashlib.sha256(repr(corrections).encode("utf-8")).hexdigest()[:8]


def _execute(paths: list[str], task: Callable[[str], dict], executor: str, jobs: int | None,
             scheduler: str | None, limits: Limits) -> Iterator[tuple[int, object]]:
    if not paths:
        return
    if executor == "dask":
        yield from dask_results(paths, task, scheduler)
    else:
        yield from local_results(paths, task, min(jobs or default_jobs(), len(paths)), limits, init=warm_up)


def default_jobs() -> int:
    """One worker per usable core: on 2 cores, 60 text plans took 8.7 s with one worker and 5.8 s with two."""
    return usable_cpus()


def _stage(out: Path, entry: Entry, outcome: object, report: RunReport) -> Staged | None:
    if isinstance(outcome, Killed):
        report.failures.append(Failure(entry.source, outcome.message))
        return None
    if "error" in outcome:
        report.failures.append(Failure(entry.source, outcome["error"]))
        return None
    doc_id = outcome["doc_id"]
    corrections = outcome.get("corrections", {})
    report.unmatched += corrections.get("unmatched", [])
    if corrections.get("applied"):
        report.corrections[doc_id] = corrections["applied"]
    entry = replace(entry, doc_id=doc_id, key=store.fragment_key(doc_id, entry.sha256, entry.rules))
    return store.stage(out, entry, outcome["tables"], outcome["info"])


def resolve(manifest: Manifest | None, results: dict[int, Staged | Entry], input_keys: set[str],
            prune: bool) -> tuple[tuple[Entry, ...], list[Staged | Entry], list[str], list[Failure]]:
    """The live documents after this run: new ones replace their own source's earlier rows; a different
    source with a doc_id already live is not written and reported naming both (a duplicate: the live one is
    kept; a source that no longer exists was moved).
    A result is a staged document, or the entry of a live one found at a new path (moved, not reprocessed)."""
    live = {e.path: e for e in manifest.documents} if manifest else {}
    pruned = sorted(live.pop(k).source for k in list(live) if prune and k not in input_keys)
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
            conflicts.append(Failure(entry.source, f"same doc_id {entry.doc_id} as {other.source} (the same year "
                                                   f"and document number: the same plan in another file?); "
                                                   f"{other.source} kept, this file not written"))
            continue
        live[entry.path] = entry
        accepted.append(results[i])
    for path, e in previous.items():  # a new version that was not written leaves the old rows
        if path not in live and all(x.doc_id != e.doc_id for x in live.values()):
            live[path] = e
    return tuple(sorted(live.values(), key=lambda e: (e.doc_id, e.path))), accepted, pruned, conflicts


def commit_documents(docs: list[Document], out: Path) -> dict[str, Path]:
    """Write already processed documents (``pipeline.export.export``): the same staging and commit as run."""
    store.check_out_dir(out)
    with store.locked(out):
        manifest = store.read_manifest(out)
        store.recover(out, manifest)
        rules = store.rulebook_version()
        results = {}
        for i, doc in enumerate(docs):
            src = doc.repaired.source
            entry = Entry(doc.doc_id, store.fragment_key(doc.doc_id, src.sha256, rules), store.source_key(src.path),
                          shown(src.path), src.sha256, rules)
            result = document_result(doc)
            results[i] = store.stage(out, entry, result["tables"], result["info"])
        documents, accepted, _, conflicts = resolve(manifest, results, {s.entry.path for s in results.values()}, False)
        if conflicts:
            store.clear_staging(out)
            raise PipelineError("; ".join(map(str, conflicts)))
        store.commit(out, Manifest(rules, documents), accepted)
    return {t: store.table_dir(out, t) for t in store.all_tables()} | {"datapackage": out / store.PACKAGE}


# ---------------------------------------------------------------------------------------------- signals


@contextmanager
def _interrupts_raise() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C: finished documents are committed, workers stopped."""
    def handler(signum, frame):
        raise KeyboardInterrupt
    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextmanager
def _interrupts_deferred() -> Iterator[list[int]]:
    """A commit is never cut short by Ctrl-C: the signals caught meanwhile are listed, not raised."""
    caught: list[int] = []
    try:
        old = {s: signal.signal(s, lambda signum, frame: caught.append(signum))
               for s in (signal.SIGINT, signal.SIGTERM)}
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
