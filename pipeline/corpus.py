"""Many inputs: expand folders, process each file in isolation (in parallel), export what succeeded.

One bad file never stops the others: its error is recorded with its path and the run goes on. Documents
travel between processes as frozen dataclasses; each worker builds its rule pipelines once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .corrections import Correction, Unmatched, apply_corrections, read_corrections
from .export import document_rows, export
from .ingest import DEFAULT_ENGINE, PLAN_FORMATS_TEXT, folder_files
from .model import Document, PipelineError
from .stages import process_file

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/processed")


@dataclass(frozen=True)
class Failure:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class RunReport:
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    written: dict[str, Path] = field(default_factory=dict)
    corrections: dict[str, list[Correction]] = field(default_factory=dict)  # doc_id -> corrections applied
    unmatched: list[Unmatched] = field(default_factory=list)  # corrections whose row is not there
    not_in_run: list[Correction] = field(default_factory=list)  # corrections of documents not processed
    skipped: list[Path] = field(default_factory=list)  # files in input folders that are not plans (not read)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.unmatched


def _process_safely(path: str, pdf_engine: str = DEFAULT_ENGINE) -> Document | Failure:
    try:
        return process_file(path, pdf_engine)
    except PipelineError as exc:
        return Failure(path, str(exc))
    except Exception as exc:  # an unexpected bug must not sink the other files either
        return Failure(path, f"internal error: {type(exc).__name__}: {exc}")


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Files as given, folders as their plan files (recursively, sorted); missing paths are failures."""
    files: list[Path] = []
    missing: list[Failure] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(folder_files(p)[0])  # which files are plans: pipeline.ingest.is_plan_file
        elif p.is_file():
            files.append(p)
        else:
            missing.append(Failure(str(p), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, missing


def skipped_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Files in the input folders that are not plans (README.md, JSON, images ...): listed, never read."""
    return [f for item in inputs if Path(item).is_dir() for f in folder_files(Path(item))[1]]


def run(inputs: Iterable[str | Path] = (DEFAULT_INPUT,), out_dir: str | Path = DEFAULT_OUTPUT,
        jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None,
        corrections: str | Path | Sequence[Correction] | None = None, pdf_engine: str = DEFAULT_ENGINE) -> RunReport:
    """Process files and folders into the tables in ``out_dir``; see :class:`RunReport`.

    ``corrections`` (a corrections CSV, or what :func:`~pipeline.corrections.read_corrections` read from one)
    are applied to the extracted rows before they are written; a bad file raises
    :class:`~pipeline.corrections.CorrectionsError` before anything is processed. ``pdf_engine`` reads PDFs:
    ``pdfium`` (default, fast) or ``pdfplumber``."""
    inputs = list(inputs)
    if isinstance(corrections, (str, Path)):
        corrections = read_corrections(corrections)
    corrections = tuple(corrections or ())
    files, failures = expand_inputs(inputs)
    report = RunReport(failures=list(failures), skipped=skipped_files(inputs))
    if not files and not failures:
        report.failures.append(Failure(", ".join(map(str, inputs)), f"no plan files ({PLAN_FORMATS_TEXT}) found"))
    jobs = jobs or min(len(files), os.cpu_count() or 1)
    paths = [str(f) for f in files]
    engines = [pdf_engine] * len(paths)
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(_with_progress(pool.map(_process_safely, paths, engines), paths, progress))
    else:
        results = list(_with_progress(map(_process_safely, paths, engines), paths, progress))
    by_id: dict[str, Document] = {}
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, Failure):
            report.failures.append(result)
        elif result.doc_id in by_id:
            other = by_id[result.doc_id].repaired.source.path
            report.failures.append(Failure(path, f"same document as {other} (doc_id {result.doc_id}); skipped"))
        else:
            by_id[result.doc_id] = result
    report.documents = list(by_id.values())
    report.not_in_run = [c for c in corrections if c.doc_id not in by_id]

    def corrected_rows(doc: Document) -> dict[str, list[dict]]:
        rows, unmatched = apply_corrections(doc.doc_id, document_rows(doc), corrections)
        report.unmatched.extend(unmatched)
        failed = {id(u.correction) for u in unmatched}
        applied = [c for c in corrections if c.doc_id == doc.doc_id and id(c) not in failed]
        if applied:
            report.corrections[doc.doc_id] = applied
        return rows

    if report.documents:
        report.written = export(report.documents, out_dir, rows_of=corrected_rows)
    return report


def _with_progress(results: Iterable, paths: list[str], progress: Callable | None) -> Iterable:
    for i, result in enumerate(results, 1):
        if progress:
            progress(i, len(paths), paths[i - 1])
        yield result


def terminal_progress(done: int, total: int, path: str) -> None:
    """A one-line progress bar on stderr."""
    width = 30
    filled = int(width * done / max(total, 1))
    name = Path(path).name[:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
