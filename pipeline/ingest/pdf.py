"""PDF reader: words with fonts -> lines -> paragraphs, without running headers and footers.

Two engines give the words, as pdfplumber's ``extract_words`` records: ``pdfium`` (pypdfium2, default,
:mod:`.pdf_pdfium`) and ``pdfplumber`` (here). Both turn each page to the direction its text runs
(:mod:`.pdf_direction`); the layout rules below are shared.

Layout rules, all relative to the page and the font size (no knowledge of any one file):

- lines: words whose tops agree within half a font size, in reading order;
- furniture: lines in the top or bottom band of a page that are page numbers ("3", "— 3 —", "Page 3 of
  9") or that repeat (digits aside) on at least half of the pages;
- alignment: each line is at the left margin, at the document's first-line indent (the most common
  modest indent), centred, or flush right;
- paragraphs: a new one starts after a vertical gap clearly larger than the usual line spacing, at a
  first-line indent, after a line that stopped short although the next word would have fitted, where a
  bold block ends, and between the name and the date of a flush-right signature; the lines of a centred
  title stay together;
- a paragraph that runs on to the next page (the page's last line was full) is continued, not split;
- italic and bold fonts become style spans, like ``*...*`` markup in text files.

The text handed to repair has one line per printed line (repair joins them and mends hyphenation),
paragraphs separated by a blank line, and ``page_starts`` giving each page's first offset.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from ..model import PipelineError, Source, StyleSpan
from ..patterns import DATE, PAGE_NUMBER_LINE
from . import DEFAULT_ENGINE, ENGINES
from .language import is_wide
from .pdf_direction import direction, upright
from .pdf_pdfium import read_pages as read_pdfium_pages

logger = logging.getLogger(__name__)

# Tolerances, as fractions of the font size or the page height.
WORD_GAP = 0.2  # a gap wider than a fifth of the font size separates words (pdfplumber's 3 pt fails below 10 pt)
LINE_TOLERANCE = 0.5  # words on one line: tops within half a font size
PARAGRAPH_GAP = 1.4  # a gap this many times the usual line pitch starts a paragraph
INDENT = 0.8  # a first line indented by this many font sizes starts a paragraph ...
MAX_INDENT = 4  # ... up to this many; further right is a centred or flush-right line
BAND = 0.1  # top and bottom tenth of the page hold running headers and footers
REPEAT_SHARE = 0.5  # a band line on at least this share of pages is a running header/footer
LEFT_SHARE = 0.2  # a start left of the most common one is the margin when this share as many lines start there
WRAPPED_SHARE = 0.6  # ... and this share of them carry on a full line (one ending within FULL_LINE font sizes)
FULL_LINE = 2
ITALIC = re.compile(r"italic|oblique|-it$|-ital", re.I)
BOLD = re.compile(r"bold|black|heavy|semibold", re.I)


_X0, _X1, _BOTTOM = itemgetter("x0"), itemgetter("x1"), itemgetter("bottom")


@dataclass
class _Line:
    words: list[dict]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool  # every word
    styled: bool  # some word italic or bold

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def read_pdf(path: Path, engine: str = DEFAULT_ENGINE) -> Source:
    """Read a PDF with ``engine`` (``pdfplumber`` or ``pdfium``); both feed the same layout rules.

    ``Source.warnings`` holds what the reader should know: pdfminer's log lines (pdfplumber engine) and
    text left out because it runs in another direction than the rest of its page.
    """
    if engine not in ENGINES:
        raise PipelineError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    data = path.read_bytes()
    notes: list[str] = []
    if engine == "pdfium":
        pages = read_pdfium_pages(data, notes)
    else:
        with _pdfminer_log() as log:
            try:
                pages = _pdfplumber_pages(path, notes)
            finally:
                notes[:0] = log
    for note in notes:
        logger.debug("%s: %s", path, note)
    if not pages:
        raise PipelineError("PDF has zero pages")
    if not any(words for _, _, words in pages):
        raise PipelineError("PDF has no text layer (a scan?); run OCR on it first, e.g. with ocrmypdf")
    text, styles, page_starts = layout_text(pages)
    return Source(
        path=str(path),
        format="pdf",
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        styles=tuple(styles),
        page_starts=tuple(page_starts),
        blocks_are_paragraphs=True,
        warnings=tuple(dict.fromkeys(notes)),
    )


@contextmanager
def _pdfminer_log():
    """pdfminer's log lines (WARNING and up) as a list, kept off stderr."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(f"pdfminer: {record.getMessage()}")

    log = logging.getLogger("pdfminer")
    handler = Collect(logging.WARNING)
    saved = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield lines
    finally:
        log.removeHandler(handler)
        log.propagate = saved


def _pdfplumber_pages(path: Path, notes: list[str]) -> list[tuple[float, float, list[dict]]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PipelineError("encrypted PDF, cannot read it without its password") from exc
        if isinstance(cause, PDFSyntaxError):
            raise PipelineError(f"corrupt or truncated PDF ({cause})") from exc
        raise PipelineError(f"unreadable PDF, corrupt or truncated ({type(cause).__name__}: {cause})") from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise PipelineError(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})") from exc
        pages = []
        for page in pdf.pages[:n_pages]:
            try:
                pages.append(_pdfplumber_page(page, notes))
            except Exception as exc:
                raise PipelineError(
                    f"corrupt PDF: page {page.page_number} cannot be read ({type(exc).__name__}: {exc})"
                ) from exc
            finally:
                page.close()
    return pages


def _pdfplumber_page(page, notes: list[str]) -> tuple[float, float, list[dict]]:
    from pdfplumber.utils import extract_words

    options = dict(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance_ratio=WORD_GAP)
    width, height = float(page.width), float(page.height)
    turns = [direction(*c["matrix"][:2]) for c in page.chars]
    if not any(turns):
        return width, height, page.extract_words(**options)
    chars = [{**c, "dir": turn} for c, turn in zip(page.chars, turns, strict=True)]
    # Text turned on the page (or a page shown turned by /Rotate): read it in its own direction.
    width, height, chars, read, skipped = upright(width, height, chars)
    if skipped:
        notes.append(f"page {page.page_number}: {skipped} characters not running {read}° left out")
    for c in chars:
        c["size"], c["upright"] = c["bottom"] - c["top"], True
    return width, height, extract_words(chars, **options)


def _lines(words: list[dict]) -> list[_Line]:
    groups: list[tuple[float, list[dict]]] = []
    line_top, group = None, []
    for w in sorted(words, key=_reading_order):
        top = w["top"]
        if line_top is not None and abs(top - line_top) <= LINE_TOLERANCE * (w.get("size") or (w["bottom"] - top)):
            group.append(w)
        else:
            line_top, group = top, [w]
            groups.append((top, group))
    lines = []
    for top, ws in groups:
        ws.sort(key=_X0)
        styles = [_style(f) for f in {w.get("fontname", "") for w in ws}]
        lines.append(
            _Line(
                ws,
                top,
                max(map(_BOTTOM, ws)),
                ws[0]["x0"],
                max(map(_X1, ws)),
                _median([float(w.get("size") or 10) for w in ws]),
                all("bold" in s for s in styles),
                any(styles),
            )
        )
    return lines


def _reading_order(w: dict) -> tuple[int, float]:
    return round(w["top"]), w["x0"]


def _median(values: list[float]) -> float:
    """statistics.median, without its cost per line."""
    values = sorted(values)
    half = len(values) // 2
    return values[half] if len(values) % 2 else (values[half - 1] + values[half]) / 2


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _furniture(pages: list[tuple[float, float, list[_Line]]]) -> set[tuple[int, int]]:
    """(page, line) indexes of running headers, footers and page numbers."""

    def in_band(line: _Line, height: float) -> bool:
        return line.bottom < BAND * height or line.top > (1 - BAND) * height

    counts: Counter = Counter()
    for _, height, lines in pages:
        counts.update({_shape(line.text) for line in lines if in_band(line, height)})
    needed = max(2, REPEAT_SHARE * len(pages))
    drop = set()
    for p, (_, height, lines) in enumerate(pages):
        for i, line in enumerate(lines):
            if in_band(line, height) and (
                PAGE_NUMBER_LINE.match(line.text.strip()) or counts[_shape(line.text)] >= needed
            ):
                drop.add((p, i))
    return drop


@lru_cache(maxsize=1024)
def _style(fontname: str) -> tuple[str, ...]:
    name = fontname.split("+")[-1]
    return tuple(s for s, pattern in (("italic", ITALIC), ("bold", BOLD)) if pattern.search(name))


def layout_text(pages_words: list[tuple[float, float, list[dict]]]) -> tuple[str, list[StyleSpan], list[int]]:
    pages = [(w, h, _lines(words)) for w, h, words in pages_words]
    furniture = _furniture(pages)
    body = [[line for i, line in enumerate(lines) if (p, i) not in furniture] for p, (_, _, lines) in enumerate(pages)]
    all_lines = [line for lines in body for line in lines]
    if not all_lines:
        raise PipelineError("PDF has no text outside running headers and footers")
    frame = _frame(all_lines)

    out: list[str] = []
    styles: list[StyleSpan] = []
    open_style: dict[str, int] = {}
    page_starts: list[int] = []
    length = 0
    prev: _Line | None = None

    def emit(s: str) -> None:
        nonlocal length
        out.append(s)
        length += len(s)

    for lines in body:
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if 0 < b.top - a.top]
        pitch = _median(pitches) if pitches else None
        page_start_recorded = False
        for k, line in enumerate(lines):
            if prev is not None:
                first_on_page = k == 0
                gap = None if first_on_page or pitch is None else line.top - lines[k - 1].top
                if _new_paragraph(prev, line, gap, pitch, frame, first_on_page):
                    emit("\n\n")
                else:
                    emit("\n")
            if not page_start_recorded:
                page_starts.append(length)
                page_start_recorded = True
            half_gap, last_x1, styled = WORD_GAP * line.size / 2, math.inf, line.styled
            for w in line.words:
                # pdfplumber also splits a word where the font changes ("(II)" in italics, "," upright):
                # only a visible gap is a space.
                if w["x0"] - last_x1 > half_gap:
                    out.append(" ")
                    length += 1
                last_x1 = w["x1"]
                if open_style or styled:
                    current = _style(w.get("fontname", ""))
                    for s in [s for s in open_style if s not in current]:
                        styles.append(StyleSpan(open_style.pop(s), length, s))
                    for s in current:
                        open_style.setdefault(s, length)
                text = w["text"]
                out.append(text)
                length += len(text)
            prev = line
        if not page_start_recorded:
            page_starts.append(length)
    for s, start in open_style.items():
        styles.append(StyleSpan(start, length, s))
    return "".join(out), _trim_styles("".join(out), styles), page_starts


def _trim_styles(text: str, styles: list[StyleSpan]) -> list[StyleSpan]:
    """Style spans that bridge two emphasized words also cover the space or line break between them;
    a span never starts or ends on white space."""
    out = []
    for s in styles:
        start, end = s.start, s.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(StyleSpan(start, end, s.style))
    return sorted(out, key=lambda s: (s.start, s.end, s.style))


def _is_date(text: str) -> bool:
    return bool(DATE.fullmatch(text.strip().rstrip(".")))


@dataclass(frozen=True)
class _Frame:
    """The text block of a document: its margins and its first-line indent, if it uses one."""

    left: float
    right: float
    indent_x: float | None

    def align(self, line: _Line) -> str:
        """left, indent, right, center or other."""
        size = line.size
        left_gap, right_gap = line.x0 - self.left, self.right - line.x1
        if left_gap < INDENT * size:
            return "left"
        if self.indent_x is not None and abs(line.x0 - self.indent_x) < 0.2 * size:
            return "indent"
        if right_gap < 0.5 * size and left_gap > MAX_INDENT * size:
            return "right"
        if abs(left_gap - right_gap) < 2 * size:
            return "center"
        return "indent" if left_gap < MAX_INDENT * size else "other"


def _frame(lines: list[_Line]) -> _Frame:
    left = _left_margin(lines)
    right = max(line.x1 for line in lines)
    # A document's first-line indent is the same everywhere; centred lines start wherever their length puts them.
    indents = Counter(round(line.x0) for line in lines if INDENT * line.size < line.x0 - left < MAX_INDENT * line.size)
    common = indents.most_common(1)
    return _Frame(left, right, common[0][0] if common and common[0][1] >= 3 else None)


def _left_margin(lines: list[_Line]) -> float:
    """Where lines start that are not indented: the most common start, or a common start left of it by less than
    :data:`MAX_INDENT` font sizes where lines mostly carry on a full line. A document of short one-line
    paragraphs starts most lines at its first-line indent and only the lines that wrap at the margin; hanging
    items start at the left one after a line that ended short, and carry on at the most common one."""
    starts = Counter(round(line.x0) for line in lines)
    most, count = starts.most_common(1)[0]
    size = _median([line.size for line in lines])
    right = max(line.x1 for line in lines)
    for x in sorted(
        x for x, n in starts.items() if n >= max(3, LEFT_SHARE * count) and most - MAX_INDENT * size < x < most
    ):
        after = [lines[i - 1] for i in range(1, len(lines)) if round(lines[i].x0) == x]
        full = sum(right - prev.x1 < FULL_LINE * prev.size for prev in after)
        if after and full >= WRAPPED_SHARE * len(after):
            return x
    return most


def _first_word_width(line: _Line) -> float:
    """The width of what must fit at the end of the line before for this line's start to have moved up: its first
    word, or its first character when it starts with Chinese or Japanese text, which breaks anywhere."""
    word = line.words[0]
    width = word["x1"] - word["x0"]
    text = word["text"]
    if text and is_wide(text[0]):
        return width / len(text)
    return width


def _new_paragraph(
    prev: _Line, line: _Line, gap: float | None, pitch: float | None, frame: _Frame, first_on_page: bool
) -> bool:
    size = line.size
    first_word = _first_word_width(line)
    # The previous line stopped although the next line's first word would have fitted after it.
    stopped_short = prev.x1 + 0.3 * size + first_word < frame.right - 0.5 * size
    was, now = frame.align(prev), frame.align(line)
    if first_on_page:
        # A paragraph continues onto the next page when the last line was full and this one is not indented.
        return stopped_short or now == "indent"
    if gap is not None and pitch is not None and gap > PARAGRAPH_GAP * pitch:
        return True
    if prev.bold != line.bold:
        return True  # a bold heading or title block ends where the body font resumes
    if now == "indent":
        return True
    if was == now == "right":
        # A signature block set flush right: a name may run over two lines, the date stands apart.
        return bool(_is_date(prev.text) or _is_date(line.text))
    if now == "center":
        # Lines of a centred title, or its short last line under a full one, stay together.
        return not (was == "center" or (was == "left" and not stopped_short))
    if was == "center":
        return True
    return stopped_short
