"""Ingest: one reader per format, each returning a :class:`~pipeline.model.Source`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import PipelineError, Source
from .language import detect_language
from .pdf import read_pdf
from .text import read_text

READERS = {"txt": read_text, "pdf": read_pdf}
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


def ingest(path: str | Path) -> Source:
    """Read one file of any supported format; the language is detected from the text's script."""
    path = Path(path)
    if not path.is_file():
        raise PipelineError("not a file")
    source = READERS[detect_format(path)](path)
    return replace(source, language=detect_language(source.text))
