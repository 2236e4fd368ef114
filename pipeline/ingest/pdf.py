"""PDF reader (pdfplumber); filled in by the PDF issue."""

from __future__ import annotations

from pathlib import Path

from ..model import PipelineError, Source


def read_pdf(path: Path) -> Source:
    raise PipelineError("PDF input is not supported yet")
