"""PDF engine on PDFium (pypdfium2): the word records the layout code in :mod:`.pdf` consumes, fast.

PDFium's text page lists every character in reading order, with the white space it inserts itself where
words stand apart. A word is a run of non-space characters: only its first and last characters are asked
for their boxes, and the font of a run is looked up once per text object, so a page costs a few hundred
calls into PDFium instead of pdfplumber's Python-level walk through the content stream.

Each word is the record pdfplumber's ``extract_words`` gives (``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``fontname``, ``size``), in the page's unrotated coordinates with the origin at the top left,
plus ``dir``, the direction its baseline runs (0, 90, 180 or 270 degrees counter-clockwise).
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
import threading
from collections import deque
from itertools import islice, repeat

from ..model import PipelineError
from .pdf_direction import upright

# pdfplumber expands these ligatures too; the layout must see the same words from both engines.
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# PDFium marks a hyphen at a line end (U+FFFE in the page text, 0x02 char by char) and runs the word on.
HYPHEN_MARKS = "\ufffe\x02"
_TRANSLATE = str.maketrans({**LIGATURES, **dict.fromkeys(HYPHEN_MARKS, "-")})
_TOKEN = re.compile(f"[^\\s{HYPHEN_MARKS}]+[{HYPHEN_MARKS}]?|[{HYPHEN_MARKS}]")
WORD_GAP = 0.2  # as in .pdf: a gap wider than a fifth of the font size separates words
LINE_JUMP = 3.0  # pt: characters whose baselines differ by more stand on different lines (pdfplumber's y tolerance)
QUARTER = math.pi / 2
_RECT = struct.Struct("4f").unpack_from  # FS_RECTF: left, top, right, bottom
# PDFium's FPDF_ERR_* codes on opening a document. A document without pages fails without setting a code, so
# the code left from an earlier failure (often 3) or 0 comes back: the two cannot be told apart.
_NOT_OPENED = "corrupt or truncated PDF, or one with zero pages: PDFium cannot open it"
_LOAD_ERRORS = {
    0: _NOT_OPENED,
    2: "file not found or unreadable",
    3: _NOT_OPENED,
    4: "encrypted PDF, cannot read it without its password",
    6: "encrypted PDF with an unsupported security handler",
}


def read_pages(data: bytes, notes: list[str]) -> list[tuple[float, float, list[dict]]]:
    """(width, height, words) per page of the PDF file's bytes, in its reading direction; clear
    :class:`PipelineError` for unreadable files. What a reader should know (text left out) is appended to
    ``notes``. PDFium reads pages from memory a little faster than from the file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = _LOAD_ERRORS.get(getattr(exc, "err_code", None))
        raise PipelineError(message or f"unreadable PDF, corrupt or truncated ({exc})") from exc
    try:
        return [_read_page(pdf.raw, i, notes) for i in range(len(pdf))]
    finally:
        pdf.close()


def _read_page(pdf, index: int, notes: list[str]) -> tuple[float, float, list[dict]]:
    # Pages and text pages are opened with the raw calls: pypdfium2's objects around them cost more than the
    # words of a small page.
    api = _api()
    page = api.load_page(pdf, index)
    if not page:
        raise PipelineError(f"corrupt PDF: page {index + 1} cannot be read (Failed to load page.)")
    try:
        bbox = api.raw.FS_RECTF()
        api.bbox(page, ctypes.byref(bbox))  # crop box within media box, inherited ones too
        left, top, right, bottom = _RECT(bbox)
        textpage = api.load_text(page)
        try:
            words, turned = _words(api, textpage, left, top)
        finally:
            api.close_text(textpage)
    finally:
        api.close_page(page)
    width, height = abs(right - left), abs(top - bottom)
    if not turned:
        return width, height, words
    width, height, words, read, skipped = upright(width, height, words)
    if skipped:
        notes.append(f"page {index + 1}: {skipped} characters not running {read}° left out")
    # PDFium breaks turned text into pieces (it looks for lines across the page): join them as pdfplumber
    # joins characters into words.
    words = _join(words) if read else words
    for w in words:
        w["top"] = w["bottom"] - w["size"]
    return width, height, words


def _join(pieces: list[dict]) -> list[dict]:
    from pdfplumber.utils import extract_words

    for p in pieces:
        p["upright"], p["doctop"] = True, p["top"]
    # Only pieces that touch are one word: the layout puts a space wherever the gap is wider (WORD_GAP / 2).
    words = extract_words(pieces, extra_attrs=["fontname", "size"], x_tolerance_ratio=WORD_GAP / 2)
    return [{k: w[k] for k in ("text", "x0", "x1", "top", "bottom", "fontname", "size")} | {"dir": 0} for w in words]


class _Api:
    """The PDFium calls, bound once without argument types: ctypes then hands ints and pointers over as they
    are, which costs about 40 % less per call than converting them by declared types. Handles come back as
    pointer types, which are handed over more cheaply than ``c_void_p``. The calls made per character are short
    and keep the GIL (``PYFUNCTYPE``), which saves releasing and taking it back each time."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(name: str, restype=ctypes.c_int, prototype=ctypes.PYFUNCTYPE):
            function = ctypes.cast(getattr(raw, name), prototype(restype))
            function.argtypes = None
            return function

        pointer = ctypes.c_size_t  # text objects and fonts come back as plain ints (dict keys), 0 for NULL
        self.raw = raw
        self.load_page = bind("FPDF_LoadPage", raw.FPDF_PAGE, ctypes.CFUNCTYPE)
        self.close_page = bind("FPDF_ClosePage", prototype=ctypes.CFUNCTYPE)
        self.bbox = bind("FPDF_GetPageBoundingBox")
        self.load_text = bind("FPDFText_LoadPage", raw.FPDF_TEXTPAGE, ctypes.CFUNCTYPE)
        self.close_text = bind("FPDFText_ClosePage", prototype=ctypes.CFUNCTYPE)
        self.count = bind("FPDFText_CountChars")
        self.text = bind("FPDFText_GetText")
        self.box = bind("FPDFText_GetLooseCharBox", None)
        self.text_object = bind("FPDFText_GetTextObject", pointer)
        self.font = bind("FPDFTextObj_GetFont", pointer)
        self.font.argtypes = (ctypes.c_void_p,)  # takes a text object as its int (NULL gives NULL)
        self.size = bind("FPDFText_GetFontSize", ctypes.c_double)
        self.angle = bind("FPDFText_GetCharAngle", ctypes.c_float)
        self.unicode = bind("FPDFText_GetUnicode", ctypes.c_uint)
        self.font_info = bind("FPDFText_GetFontInfo", ctypes.c_ulong)


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


def _page_text(api: _Api, textpage, n: int) -> str:
    buffer = (ctypes.c_ushort * (n + 1))()
    count = api.text(textpage, 0, n, buffer)
    text = bytes(buffer)[: max(count - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == n:
        return text
    # PDFium left characters out or added some: ask for them one by one so indexes stay aligned.
    return "".join(chr(api.unicode(textpage, i) or 0xFFFD) for i in range(n))


class _Boxes(threading.local):
    """Room for the boxes PDFium writes for a page's words, and a pointer to each slot: made once per thread
    (and grown), so that a page's box calls run through ``map``."""

    room = 0

    def room_for(self, count: int):
        if count > self.room:
            import pypdfium2.raw as raw

            self.room = max(count, 2 * self.room, 1024)
            self.array = (raw.FS_RECTF * self.room)()
            self.pointers = [ctypes.byref(self.array, 16 * k) for k in range(self.room)]
        return self.array, self.pointers


_BOXES = _Boxes()


def _words(api: _Api, textpage, left: float, top: float) -> tuple[list[dict], bool]:
    """The page's words, and whether any of them runs in another direction than left to right.

    PDFium is asked column by column, each column through ``map`` so that no Python code runs between the
    calls: the text object and box of every word's first and last character, then the font, size and angle
    of every text object (producers such as fpdf2 set each word as a text object of its own)."""
    n = api.count(textpage)
    tokens = list(_TOKEN.finditer(_page_text(api, textpage, n))) if n > 0 else []
    count = len(tokens)
    if not count:
        return [], False
    text = tokens[0].string
    strings = [match[0] for match in tokens]
    box, text_object, font, size_of, angle_of = api.box, api.text_object, api.font, api.size, api.angle
    firsts = [match.start() for match in tokens]
    lasts = [match.end() - 1 for match in tokens]
    del tokens  # gone before the records are made: fewer live objects for the garbage collector to walk
    pages = repeat(textpage)
    objs = list(map(text_object, pages, firsts))
    ends = list(map(text_object, pages, lasts))
    array, pointers = _BOXES.room_for(2 * count)
    deque(map(box, pages, firsts, pointers), 0)
    deque(map(box, pages, lasts, islice(pointers, count, None)), 0)
    values = struct.unpack_from(f"{8 * count}f", array)  # FS_RECTF: left, top, right, bottom
    a, b = iter(values[: 4 * count]), iter(values[4 * count :])

    found: dict[tuple, tuple[str, float, int]] = {}  # (font, size, angle) -> (font name, size, direction)

    def style(key: tuple, index: int) -> tuple[str, float, int]:
        if key not in found:
            turn = (4 - int(round(key[2] / QUARTER))) % 4 * 90  # PDFium counts clockwise
            found[key] = (_font_name(api, textpage, index), max(key[1], 0.0), turn)
        return found[key]

    first_at = dict(zip(reversed(objs), reversed(firsts), strict=True))  # text object -> its first character
    keys = list(
        zip(
            map(font, first_at),
            map(size_of, pages, first_at.values()),
            map(angle_of, pages, first_at.values()),
            strict=True,
        )
    )
    for key, i in dict(zip(reversed(keys), reversed(first_at.values()), strict=True)).items():
        style(key, i)
    styles = dict(zip(first_at, map(found.__getitem__, keys), strict=True))  # text object -> style
    words: list[dict] = []
    append = words.append

    def add(first: int, last: int, style: tuple, x0: float, y1: float, x1: float, y0: float) -> None:
        word = text[first : last + 1]
        if not word.isascii():
            word = word.translate(_TRANSLATE)
        size = style[1] or y1 - y0  # a font without a size (Type 3, say): the box's height
        # pdfplumber's box runs from the font's descent up one font size, PDFium's up to its ascent; turned
        # boxes are set so once turned upright (pdf_direction).
        append(
            {
                "text": word,
                "x0": x0 - left,
                "x1": x1 - left,
                "top": top - (y1 if style[2] else y0 + size),
                "bottom": top - y0,
                "fontname": style[0],
                "size": size,
                "dir": style[2],
            }
        )

    def by_char(first: int, last: int) -> None:
        """A word whose font changes inside it, or that PDFium ran on across a line end: cut it there."""
        start, here, bounds, prev_x0 = first, None, None, 0.0
        rect = api.raw.FS_RECTF()
        rect_p = ctypes.byref(rect)
        for k in range(first, last + 1):
            obj = text_object(textpage, k)
            if obj not in styles:
                styles[obj] = style((font(obj), size_of(textpage, k), angle_of(textpage, k)), k)
            box(textpage, k, rect_p)
            x0, y1, x1, y0 = _RECT(rect)
            if bounds is not None:
                jump = styles[obj][2] == 0 and (abs(y0 - bounds[3]) > LINE_JUMP or x0 < prev_x0)
                if jump or styles[obj][:2] != here[:2]:
                    add(start, k - 1, here, *bounds)
                    bounds = None
            if bounds is None:
                start, here, bounds = k, styles[obj], (x0, y1, x1, y0)
            else:
                bounds = (min(bounds[0], x0), max(bounds[1], y1), max(bounds[2], x1), min(bounds[3], y0))
            prev_x0 = x0
        add(start, last, here, *bounds)

    # The loop below is add() written out for the common word: one text object on one line.
    for word, i, j, obj, end, x0, y1, x1, y0, x0b, y1b, x1b, y0b in zip(
        strings, firsts, lasts, objs, ends, a, a, a, a, b, b, b, b, strict=True
    ):
        name, size, turn = styles[obj]
        if i != j:
            if end != obj:
                by_char(i, j)
                continue
            if turn:
                x0, y1, x1, y0 = min(x0, x0b), max(y1, y1b), max(x1, x1b), min(y0, y0b)
            elif abs(y0b - y0) > LINE_JUMP or x0b < x0:
                by_char(i, j)
                continue
            elif x1b > x1:
                x1 = x1b
        if not word.isascii():
            word = word.translate(_TRANSLATE)
        size = size or y1 - y0
        append(
            {
                "text": word,
                "x0": x0 - left,
                "x1": x1 - left,
                "top": top - (y1 if turn else y0 + size),
                "bottom": top - y0,
                "fontname": name,
                "size": size,
                "dir": turn,
            }
        )
    return words, any(style[2] for style in found.values())


def _font_name(api: _Api, textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    api.font_info(textpage, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode("latin-1")
