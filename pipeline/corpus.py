"""Many inputs: expand folders, process each file in isolation (in parallel), export what succeeded.

One bad file never stops the others: its error is recorded with its path and the run goes on. Documents
travel between processes as frozen dataclasses; each worker builds its rule pipelines once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .export import export
from .extract import extract
from .ingest import DEFAULT_ENGINE, SUFFIXES, ingest
from .model import Document, PipelineError
from .quality import assess
from .repair import repair
from .segment import segment

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

    @property
    def ok(self) -> bool:
        return not self.failures


def process_file(path: str | Path, pdf_engine: str = DEFAULT_ENGINE) -> Document:
    """The whole chain for one file: ingest -> repair -> segment -> extract, then the quality checks."""
    doc = extract(segment(repair(ingest(path, pdf_engine))))
    return replace(doc, quality=assess(doc))


def _process_safely(path: str, pdf_engine: str = DEFAULT_ENGINE) -> Document | Failure:
    try:
        return process_file(path, pdf_engine)
    except PipelineError as exc:
        return Failure(path, str(exc))
    except Exception as exc:  # an unexpected bug must not sink the other files either
        return Failure(path, f"internal error: {type(exc).__name__}: {exc}")


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Files as given, folders as their supported files (recursively, sorted); missing paths are failures."""
    files: list[Path] = []
    missing: list[Failure] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(Failure(str(p), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, missing


def run(inputs: Iterable[str | Path] = (DEFAULT_INPUT,), out_dir: str | Path = DEFAULT_OUTPUT,
        jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None,
        pdf_engine: str = DEFAULT_ENGINE) -> RunReport:
    """Process files and folders into the tables in ``out_dir``; see :class:`RunReport`.

    ``pdf_engine`` reads PDFs: ``pdfium`` (default, fast) or ``pdfplumber``."""
    files, failures = expand_inputs(inputs)
    report = RunReport(failures=list(failures))
    if not files and not failures:
        report.failures.append(Failure(", ".join(map(str, inputs)), "no .txt or .pdf files found"))
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
    if report.documents:
        report.written = export(report.documents, out_dir)
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
