"""Ingest: one reader per format, each returning a :class:`~pipeline.model.Source`.

The format registry lives here: which file names are plans (:func:`is_plan_file`, used when a folder is
searched) and which reader reads a file (:func:`detect_format`). A file named on the command line is read
whatever its suffix: a PDF, an HTML page or a Word file is told by its first bytes, anything else is read as
text (``notes.md``, ``plan.dat``, ``PLAN``).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from importlib import import_module
from pathlib import Path

from ..model import PipelineError, Source
from .language import detect_language

# The reader of each format, "module:function" in this package: imported when a file of its format is read, so
# that the command line and a run's own process load no PDF or Word library and no rule book they do not use.
READERS = {"txt": "text:read_text", "pdf": "pdf:read_pdf", "html": "html:read_html", "docx": "docx:read_docx"}
ENGINES = ("pdfplumber", "pdfium")  # how PDFs are read (pipeline.ingest.pdf)
DEFAULT_ENGINE = "pdfium"  # gives the same text as pdfplumber on every test layout, 20-30x faster
__all__ = ["DEFAULT_ENGINE", "ENGINES", "READERS", "SUFFIXES", "detect_format", "ingest", "is_plan_file", "reader"]
# Suffixes searched for in folders: the plan formats.
PLAN_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".docx": "docx",
}
# Read when named explicitly, never picked up from a folder (a README.md beside the plans is not a plan).
EXPLICIT_SUFFIXES = {".md": "txt"}
SUFFIXES = {**PLAN_SUFFIXES, **EXPLICIT_SUFFIXES}
PLAN_FORMATS_TEXT = "TXT, PDF, HTML, DOCX"
LEGACY = {
    ".doc": "a legacy Word .doc file; convert it to .docx first, e.g. `libreoffice --headless "
    "--convert-to docx FILE.doc`",
    ".wps": "a WPS document; save it as .docx first",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (Compound File Binary)
ZIP_MAGIC = b"PK\x03\x04"


def is_plan_file(path: Path) -> bool:
    """Whether a file found in a folder is a plan to process (by suffix; hidden files never)."""
    return path.suffix.lower() in PLAN_SUFFIXES and not path.name.startswith((".", "~$"))


def detect_format(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    suffix = path.suffix.lower()
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(OLE_MAGIC) or suffix in LEGACY:
        raise PipelineError(LEGACY.get(suffix, LEGACY[".doc"]))
    if head.startswith(ZIP_MAGIC):
        if suffix in (".docx", ".docm", ".dotx") or (suffix not in SUFFIXES and _is_word_zip(path)):
            return "docx"
        raise PipelineError(
            f"unsupported file type {suffix or '(no suffix)'!r} (a ZIP archive); expected "
            f"{PLAN_FORMATS_TEXT}; save an .odt as .docx first"
        )
    fmt = SUFFIXES.get(suffix) or sniff_format(head)
    if fmt == "docx":
        raise PipelineError("not a Word .docx file (no ZIP container); corrupt or misnamed")
    return fmt


HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)


def sniff_format(head: bytes) -> str:
    """The format of a file without a known suffix (named on the command line), from its first bytes: an HTML
    page, else text (PDFs and Word files are told by their magic bytes before)."""
    return "html" if HTML_START.match(head) else "txt"


def _is_word_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def ingest(path: str | Path, pdf_engine: str = DEFAULT_ENGINE) -> Source:
    """Read one file of any supported format (PDFs with ``pdf_engine``, one of :data:`ENGINES`); the language
    is detected from the text's script."""
    path = Path(path)
    if not path.is_file():
        raise PipelineError("not a file")
    if path.stat().st_size == 0:
        raise PipelineError("file is empty (0 bytes)")
    fmt = detect_format(path)
    source = reader(fmt)(path, pdf_engine) if fmt == "pdf" else reader(fmt)(path)
    return replace(source, language=detect_language(source.text))


def reader(fmt: str) -> Callable[..., Source]:
    """The function that reads files of format ``fmt`` (a key of :data:`READERS`)."""
    module, function = READERS[fmt].split(":")
    return getattr(import_module(f".{module}", __name__), function)
