"""Ingest: one reader per format, each returning a :class:`~pipeline.model.Source`."""

from __future__ import annotations

from pathlib import Path

from ..model import PipelineError, Source
from .pdf import DEFAULT_ENGINE, ENGINES, read_pdf
from .text import read_text

READERS = {"txt": read_text, "pdf": read_pdf}
__all__ = ["DEFAULT_ENGINE", "ENGINES", "READERS", "SUFFIXES", "detect_format", "ingest"]
SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "txt", ".pdf": "pdf"}


def detect_format(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise PipelineError(f"unsupported file type {path.suffix or '(no suffix)'!r}; expected .txt or .pdf")
    return fmt


def ingest(path: str | Path, pdf_engine: str = DEFAULT_ENGINE) -> Source:
    """Read one file of any supported format; PDFs with ``pdf_engine`` (one of :data:`ENGINES`)."""
    path = Path(path)
    if not path.is_file():
        raise PipelineError("not a file")
    fmt = detect_format(path)
    return read_pdf(path, pdf_engine) if fmt == "pdf" else READERS[fmt](path)
