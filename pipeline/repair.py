"""Repair: turn extracted text into clean paragraphs while keeping a map back to the source.

Problems fixed, in order: Unicode spaces and invisible characters; running headers, footers and page
numbers; hard-wrapped lines inside a paragraph; paragraphs and words split across page breaks (with
de-hyphenation that keeps real hyphens). Quotes and dashes are left as printed. In a Chinese text
full-width forms (（）、，：；０-９) are left as printed too (English texts get their stray full-width forms
as ASCII), and lines are joined without a space where either side of the break is a CJK character.

The repaired text has one paragraph per line, paragraphs separated by a blank line. Every character of it
remembers the source offset it came from, so spans found later map back to the source (and to PDF pages).

Lines and paragraphs are lists of *pieces* ``(text, at, copied)``. A copied piece is source text: its
character ``i`` came from source offset ``at + i``. An inserted piece (a space that joins two lines, a
paragraph break, a ligature or full-width form spelled out, a space that replaces other white space) maps
every one of its characters to the one offset ``at``. Most lines are a single copied piece, so the work is
per line, not per character; the pieces become the runs of the :class:`OffsetMap` at the end.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, replace
from functools import cache

import regex

from .ingest.language import is_wide
from .model import OffsetMap, RepairedText, Source, StyleSpan
from .patterns import (
    CHINESE_NUMERALS,
    DATE,
    DOC_NUMBER,
    OMITTED_RANGE,
    PAGE_NUMBER_LINE,
    RESPONSIBILITY_START,
    SERIAL_FIRST_EN,
    STRUCTURE_START,
)
from .rules.profiles import structural

_R = structural()
CANNOT_END = frozenset(w.lower() for w in _R.words("repair", "paragraph_cannot_end_with"))
KEEP_SUFFIXES = frozenset(_R.words("repair", "hyphen_keep_suffix"))
KEEP_PREFIXES = frozenset(_R.words("repair", "hyphen_keep_prefix"))
# A Markdown heading's marks ("## 第一章 总则" in a .md copy of a law): dropped, offsets kept.
MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")
# A pinyin reading a copy tool left after a Han character: 國發(fā)〔2021〕20號, 党【dǎng】 (rules/en/repair.json).
READING_GLOSS = _R.pattern("repair", "reading_gloss")

# A paragraph may end in these (optionally followed by closing quotes or brackets). Patterns that end in $ search
# backwards ((?r)): the same match, found from the end of a long line instead of trying every start before it.
TERMINAL = regex.compile(r"(?r)[.;:!?。；：！？,，][\"'”’)\]）]*$")
SENTENCE_END = regex.compile(r"(?r)[.;:!?。；：！？][\"'”’)\]）]*$")
HYPHEN_END = regex.compile(r"(?r)(?P<word>\p{L}[\p{L}\p{N}]*)[-‐]$")
FIRST_WORD = regex.compile(r"^[\p{L}\p{N}]+")
WORDS = regex.compile(r"\p{L}+(?:[-‐]\p{L}+)*")
MIN_WRAPPED_LINES = 5
MAX_WRAP = 200  # lines longer than this are paragraphs, not wrapped lines
WRAP_SLACK = 6  # characters a wrapped line may lose to removed markup (*, **) and collapsed spaces
REPEATED_LINE_MIN = 3

SPACE_LIKE = frozenset(
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
SOFT_HYPHEN = "\u00ad"
# A line without any of these (white space other than " ", invisible and control characters, soft hyphens,
# ligatures; full-width forms in English texts) is copied as it is. These three are plain character classes, which
# the standard re searches faster than regex (they run once or more per line).
SPECIAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff\ufb00-\ufb06]"
)
SPECIAL_OR_FULL_WIDTH = re.compile(SPECIAL.pattern[:-1] + "\uff01-\uff5e]")
# What a line keeps of its spaces: words with single spaces between them, and the first space of a longer gap.
KEPT = re.compile(r"[^ ]+(?: [^ ]+)* ?")

Piece = tuple[str, int, bool]  # (text, source offset, copied): see the module docstring


@dataclass
class _Line:
    pieces: list[Piece]
    text: str  # the pieces' text, joined once
    blank_before: int
    indent: int = 0  # leading white space before cleaning


def repair(source: Source) -> RepairedText:
    """Repair the text of one source; the entry point of this stage."""
    lines = _clean_lines(source.text, keep_full_width=source.language == "zh")
    lines = drop_page_furniture(lines)
    blocks = _blocks(lines)
    vocab = _Vocabulary(source.text)
    width = _wrap_width(blocks)
    indents = _first_line_indents(blocks)
    paragraphs = [_join_block(block, width, indents, vocab, source.blocks_are_paragraphs) for block in blocks]
    paragraphs = repair_page_breaks(paragraphs, vocab)
    paragraphs = [part for para in paragraphs for part in split_glued_first_item(para)]
    out: list[Piece] = []
    for i, para in enumerate(paragraphs):
        if i:
            out.append(("\n\n", _last_at(out) + 1, False))
        out.extend(para)
    offsets = _offset_map(out)
    return RepairedText(source=source, text=_text(out), offsets=offsets, styles=_map_styles(source.styles, offsets))


# A Chinese part heading with its first item glued on (一、总体要求（一）指导思想。…, as PDF copies print it;
# 二、…（三）… where items are numbered across parts): the heading is a line of its own. The heading is short and
# holds no sentence end; the item is numbered in Chinese numerals in brackets.
GLUED_FIRST_ITEM = regex.compile(
    rf"^\s*[{CHINESE_NUMERALS}]{{1,3}}、[^。；;：:！？!?\n]{{2,80}}?(?=[（(][{CHINESE_NUMERALS}]{{1,3}}[）)])"
)


def split_glued_first_item(para: list[Piece]) -> list[list[Piece]]:
    """The paragraph, or the heading and its first item as two paragraphs (a break inserted, offsets kept)."""
    m = GLUED_FIRST_ITEM.match(_head(para, 100))
    if not m:
        return [para]
    head, rest = _split_pieces(para, m.end())
    return [head, rest]


def _split_pieces(pieces: list[Piece], k: int) -> tuple[list[Piece], list[Piece]]:
    """The pieces before and from character ``k`` of their text (a copied piece split keeps its offsets)."""
    left: list[Piece] = []
    for i, (text, at, copied) in enumerate(pieces):
        if k < len(text):
            if k:
                left.append((text[:k], at, copied))
            return left, [(text[k:], at + k if copied else at, copied), *pieces[i + 1 :]]
        left.append((text, at, copied))
        k -= len(text)
    return left, []


def _text(pieces: list[Piece]) -> str:
    return "".join([p[0] for p in pieces])


def _head(pieces: list[Piece], n: int) -> str:
    """The first ``n`` characters of the pieces' text."""
    parts, size = [], 0
    for text, _, _ in pieces:
        parts.append(text)
        size += len(text)
        if size >= n:
            break
    return "".join(parts)[:n]


def _tail(pieces: list[Piece], n: int) -> str:
    """The last ``n`` characters of the pieces' text (read from the end, so a long paragraph is not rebuilt)."""
    parts, size = [], 0
    for text, _, _ in reversed(pieces):
        parts.append(text)
        size += len(text)
        if size >= n:
            break
    return "".join(reversed(parts))[-n:]


def _last_at(pieces: list[Piece]) -> int:
    """The source offset of the last character."""
    text, at, copied = pieces[-1]
    return at + len(text) - 1 if copied else at


def _drop_last_char(pieces: list[Piece]) -> None:
    text, at, copied = pieces.pop()
    if len(text) > 1:
        pieces.append((text[:-1], at, copied))


def _clean_lines(text: str, keep_full_width: bool = False) -> list[_Line]:
    lines: list[_Line] = []
    blank = 0
    pos = 0
    special = SPECIAL if keep_full_width else SPECIAL_OR_FULL_WIDTH
    for raw in text.split("\n"):
        if special.search(raw):
            pieces = _collapse_spaces(_special_pieces(raw, pos, special))
        elif "  " in raw or raw.startswith(" ") or raw.endswith(" "):
            pieces = _collapse_spaces([(raw, pos, True)])
        else:  # the common line: copied as it is
            pieces = [(raw, pos, True)] if raw else []
        pos += len(raw) + 1
        if pieces and ("(" in raw or "（" in raw or "【" in raw):
            pieces = _drop_glosses(pieces)
        if pieces and raw.startswith("#") and pieces[0][2] and MARKDOWN_HEADING.match(pieces[0][0]):
            text, at, _ = pieces[0]
            cut = MARKDOWN_HEADING.match(text).end()
            pieces = [(text[cut:], at + cut, True), *pieces[1:]] if text[cut:] else pieces[1:]
        if not pieces:
            blank += 1
            continue
        lines.append(_Line(pieces, _text(pieces), blank, len(raw) - len(raw.lstrip())))
        blank = 0
    return lines


def _drop_glosses(pieces: list[Piece]) -> list[Piece]:
    """The pieces without the pinyin readings in them; what stays keeps its source offsets."""
    spans = [m.span() for m in READING_GLOSS.finditer(_text(pieces))]
    if not spans:
        return pieces
    out: list[Piece] = []
    pos = 0
    for text, at, copied in pieces:
        start, end = pos, pos + len(text)
        pos = end
        cuts = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
        if not cuts:
            out.append((text, at, copied))
            continue
        if not copied:
            continue  # an inserted character inside a reading goes with it
        keep_from = start
        for a, b in [*cuts, (end, end)]:
            if keep_from < a:
                out.append((text[keep_from - start : a - start], at + keep_from - start, True))
            keep_from = max(keep_from, b)
    return out


def _special_pieces(raw: str, pos: int, special: re.Pattern) -> list[Piece]:
    """A line (at source offset ``pos``) with special characters: the text between them copied, each of them
    replaced by an inserted piece or dropped."""
    pieces: list[Piece] = []
    end = len(raw.rstrip())  # only white space follows a character at end - 1
    copy_from = 0
    for m in special.finditer(raw):
        i = m.start()
        if copy_from < i:
            pieces.append((raw[copy_from:i], pos + copy_from, True))
        copy_from = i + 1
        ch = raw[i]
        if ch in SPACE_LIKE or unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            new = " "
        elif ch in INVISIBLE:
            new = ""
        elif ch == SOFT_HYPHEN:
            # Only meaningful at a line end, where it marks a word broken by the typesetter.
            new = ch if i == end - 1 else ""
        else:  # ligatures; full-width forms in English texts
            new = unicodedata.normalize("NFKC", ch)
        if new == " " and (not pieces or pieces[-1][0][-1] == " "):
            continue  # a space at the line start or after a space, which _collapse_spaces would drop
        if new:
            pieces.append((new, pos + i, False))
    if copy_from < len(raw):
        pieces.append((raw[copy_from:], pos + copy_from, True))
    return pieces


def _collapse_spaces(pieces: list[Piece]) -> list[Piece]:
    """Drop leading and trailing spaces, and all but the first space of a gap (also across pieces)."""
    out: list[Piece] = []
    after_space = True  # at the line start or after a space, where a space is dropped
    for piece in pieces:
        text, at, copied = piece
        if " " not in text:
            out.append(piece)
        else:
            step = 1 if copied else 0  # how far the source offset moves per character
            if text[0] == " " and not after_space:
                out.append((" ", at, copied))
            out.extend((m.group(), at + step * m.start(), copied) for m in KEPT.finditer(text))
        after_space = text[-1] == " "
    while out and out[-1][0].endswith(" "):
        text, at, copied = out.pop()
        if text.rstrip(" "):
            out.append((text.rstrip(" "), at, copied))
    return out


def drop_page_furniture(lines: list[_Line]) -> list[_Line]:
    """Remove page numbers and running headers/footers that sit alone between blank lines.

    A line is furniture when it is a page number, or when the same short line stands alone three or
    more times and at least one occurrence borders a page-size gap (two or more blank lines). Structural
    lines such as "Measures:" repeat too, so they are never furniture.
    """

    def alone(i: int) -> bool:
        return lines[i].blank_before > 0 and (i + 1 == len(lines) or lines[i + 1].blank_before > 0)

    def borders_gap(i: int) -> bool:
        return lines[i].blank_before >= 2 or (i + 1 < len(lines) and lines[i + 1].blank_before >= 2)

    texts = [line.text for line in lines]
    counts = Counter(t for i, t in enumerate(texts) if alone(i) or i == 0)
    at_gap = {t for j, t in enumerate(texts) if borders_gap(j)}  # lines of which some occurrence borders a gap
    drop = set()
    for i, t in enumerate(texts):
        if not (alone(i) or i == 0):
            continue
        if PAGE_NUMBER_LINE.match(t):
            drop.add(i)
        elif counts[t] >= REPEATED_LINE_MIN and len(t) <= 120 and not STRUCTURE_START.match(t) and t in at_gap:
            drop.add(i)
    kept: list[_Line] = []
    carry = 0
    for i, line in enumerate(lines):
        if i in drop:
            carry += line.blank_before + 1
            continue
        kept.append(replace(line, blank_before=line.blank_before + carry) if carry else line)
        carry = 0
    return kept


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    for line in lines:
        if line.blank_before or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _wrap_width(blocks: list[list[_Line]]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines are whole paragraphs.

    Wrapped text has many lines that end a little short of one width; unwrapped text has lines of any
    length.
    """
    lengths = sorted(len(line.text) for block in blocks for line in block[:-1])
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    near = sum(n >= 0.6 * width for n in lengths)
    return width if width <= MAX_WRAP and near >= 0.6 * len(lengths) else None


def _first_line_indents(blocks: list[list[_Line]]) -> bool:
    """Whether paragraphs are marked by indenting their first line (rather than, say, hanging indents):
    lines indented deeper than the line before mostly follow the end of a sentence."""
    deeper = [(a, b) for block in blocks for a, b in zip(block, block[1:], strict=False) if b.indent > a.indent]
    after_sentence = sum(bool(TERMINAL.search(a.text)) for a, _ in deeper)
    return len(deeper) >= 3 and after_sentence >= 0.6 * len(deeper)


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(map(str.lower, WORDS.findall(text)))


class _Vocabulary:
    """The document's words, lower-cased, read on the first look-up (most documents split no word at a line
    end, and then the words are never needed)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = _vocabulary(self._text)
        return word in self._words


def _starts_paragraph(text: str) -> bool:
    return bool(STRUCTURE_START.match(text) or OMITTED_RANGE.match(text))


def _join_block(
    block: list[_Line], width: int | None, indents: bool, vocab: Container[str], whole: bool = False
) -> list[Piece]:
    """Join the lines of one block into paragraphs; a block may hold several paragraphs not separated by
    blank lines (they are kept apart by a "\\n" piece). ``whole``: the reader already knows the block is one
    paragraph (PDF layout)."""
    para = list(block[0].pieces)
    paras = [para]
    for prev, line in zip(block, block[1:], strict=False):
        if _joins(prev, line, width, indents, whole):
            _append_joined(para, line.pieces, vocab)
        else:
            para = list(line.pieces)
            paras.append(para)
    out: list[Piece] = []
    for i, p in enumerate(paras):
        if i:
            out.append(("\n", p[0][1], False))
        out.extend(p)
    return out


def _joins(prev: _Line, line: _Line, width: int | None, indents: bool, whole: bool) -> bool:
    """Whether ``line`` continues the paragraph of ``prev`` inside one block of lines."""
    a, b = prev.text, line.text
    if _starts_paragraph(b):
        return False
    if whole:
        return True
    if _stands_alone(a) or _stands_alone(b):
        return False
    if b[:1] in "(（" or b[:1].islower() or HYPHEN_END.search(a) or a.endswith(SOFT_HYPHEN):
        return True  # a bracket (a measure's responsibility note) or a lower-case word continues the sentence
    if indents and line.indent > prev.indent:
        return False
    if width:
        # A wrapped line ends where the next word would not have fitted; one that stops clearly earlier ends a
        # paragraph. Lengths are measured without markup, so near the width only punctuation can tell.
        needed = len(a) + 1 + len(b.split(" ", 1)[0])
        if is_wide(b[0]):
            needed = len(a) + 1  # CJK text breaks anywhere: one more character would not have fitted
        if needed > width:
            return True
        if needed <= width - max(WRAP_SLACK, 0.12 * width):
            return False
        return not SENTENCE_END.search(a)
    return _continues_text(a, b)


# A web page's time stamp: a date with the time of day ("date:2022-04-07 11:18:35 source:…"); a document's own
# date never carries one.
TIME_STAMP = regex.compile(r"(?<!\d)(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d\d(?!\d)")
BRACKETED = regex.compile(r"^\s*[(（](?P<inner>[^()（）]+)[)）]\s*$")


def _stands_alone(text: str) -> bool:
    """Front-matter lines that are paragraphs of their own: a document number, a date (bare or in brackets:
    "(March 29, 1998)"), a page's time stamp."""
    bracketed = BRACKETED.match(text)
    bare = bracketed.group("inner") if bracketed else text
    return bool(
        DOC_NUMBER.match(text)
        or SERIAL_FIRST_EN.match(text)
        or DATE.fullmatch(bare.strip().rstrip("."))
        or TIME_STAMP.search(text)
    )


def repair_page_breaks(paragraphs: list[list[Piece]], vocab: Container[str]) -> list[list[Piece]]:
    """Rejoin paragraphs that a page break (or a stray blank line) split in two."""
    out: list[list[Piece]] = []
    for para in paragraphs:
        if out and _continues(out[-1], para):
            _append_joined(out[-1], para, vocab)
        else:
            out.append(list(para))
    # Blocks may carry internal paragraph breaks ("\n"); make them blank-line separated like the rest.
    result: list[list[Piece]] = []
    for para in out:
        current: list[Piece] = []
        result.append(current)
        for piece in para:
            if piece[0] == "\n":
                current = []
                result.append(current)
            else:
                current.append(piece)
    return [p for p in result if p]


def _last_line(pieces: list[Piece], limit: int | None = None) -> str:
    """The text after the last line break, or its last ``limit`` characters: read from the end, so a paragraph
    that has grown by many joins is not rebuilt each time."""
    if limit is not None:
        return _tail(pieces, limit).rsplit("\n", 1)[-1]
    start = len(pieces)
    while start and pieces[start - 1][0] != "\n":
        start -= 1
    return _text(pieces[start:])


TAIL = 400  # what _continues_text reads of the paragraph before: its last word and punctuation


def _continues(prev: list[Piece], para: list[Piece]) -> bool:
    a = _last_line(prev, TAIL)
    if len(a) == TAIL and not any(c.isalpha() for c in a):
        # The tail decides unless it has no letter at all (its last word or hyphenated word could begin
        # further back): then read the whole line.
        a = _last_line(prev)
    b = _head(para, 200).split("\n", 1)[0]
    return bool(a and b) and not _starts_paragraph(b) and not _stands_alone(b) and _continues_text(a, b)


def _continues_text(a: str, b: str) -> bool:
    """Whether ``b`` carries on the sentence that ``a`` leaves open (across a break of unknown cause)."""
    first = b[0]
    if (HYPHEN_END.search(a) or a.endswith(SOFT_HYPHEN)) and first.islower():
        return True
    if RESPONSIBILITY_START.match(b):
        return True
    if TERMINAL.search(a):
        return first.islower() and a.endswith(",")
    if first.islower() or first in "(（,;":
        return True
    last_word = a.rsplit(" ", 1)[-1].lower()
    return last_word in CANNOT_END


def _append_joined(para: list[Piece], tail: list[Piece], vocab: Container[str]) -> None:
    """Append ``tail`` to ``para`` across a line or page break, de-hyphenating when the word was split."""
    a = _tail(para, 60)
    m = HYPHEN_END.search(a)
    right = FIRST_WORD.match(_head(tail, 60))
    if a.endswith(SOFT_HYPHEN):
        _drop_last_char(para)
    elif m and right:
        if not keep_hyphen(m.group("word"), right.group(), vocab):
            _drop_last_char(para)
    elif not _cjk_join(para, tail):
        para.append((" ", _last_at(para) + 1, False))
    para.extend(tail)


def _cjk_join(para: list[Piece], tail: list[Piece]) -> bool:
    """Chinese text breaks lines anywhere, even inside a number (8 / 000): join without a space, unless two
    Latin words meet. Chinese text is told by CJK characters on both sides of the break."""
    left, right = para[-1][0][-1], tail[0][0][0]
    if is_wide(left) or is_wide(right):
        return True
    near = _tail(para, 12) + _head(tail, 12)
    return any(map(is_wide, near[:12])) and any(map(is_wide, near[12:])) and not (left.isalpha() and right.isalpha())


def keep_hyphen(left: str, right: str, vocab: Container[str]) -> bool:
    """Whether ``left-`` + ``right`` at a line end is a real compound ("IP-intensive") or a split word.

    Evidence in order: capitals and digits; the document's own spelling elsewhere; the lexicons in
    ``rules/en/repair.json``; an English word list (a joined word that exists wins, else two words that
    exist stay hyphenated); otherwise the hyphen was the typesetter's.
    """
    if right[:1].isupper() or right[:1].isdigit() or any(c.isdigit() for c in left):
        return True
    if len(left) >= 2 and left.isupper():
        return True
    lo_left, lo_right = left.lower(), right.lower()
    if f"{lo_left}-{lo_right}" in vocab:
        return True
    if lo_left + lo_right in vocab:
        return False
    if lo_right in KEEP_SUFFIXES or lo_left in KEEP_PREFIXES:
        return True
    words = english_words()
    if lo_left + lo_right in words:
        return False
    # Two real words that do not form one ("featured-industrial", "technology-led") are a compound.
    return len(lo_left) >= 2 and lo_left in words and lo_right in words


@cache
def english_words() -> frozenset[str]:
    """An English word list (pyspellchecker's frequency dictionary), loaded once per process."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker().word_frequency.dictionary)


def _offset_map(pieces: list[Piece]) -> OffsetMap:
    """The runs of the map: pieces that continue one another (copied text from where the last run stopped,
    inserted text at the same offset) share a run."""
    runs: list[tuple[int, int, int, bool]] = []  # (repaired_start, source_start, length, copied)
    start = 0
    for text, at, copied in pieces:
        if runs and runs[-1][3] == copied and at == runs[-1][1] + (runs[-1][2] if copied else 0):
            run_start, run_at, length, _ = runs[-1]
            runs[-1] = (run_start, run_at, length + len(text), copied)
        else:
            runs.append((start, at, len(text), copied))
        start += len(text)
    return OffsetMap(tuple(runs))


def _map_styles(styles: tuple[StyleSpan, ...], offsets: OffsetMap) -> tuple[StyleSpan, ...]:
    """Each style span onto the repaired text: from the first to the last of its characters that were copied
    (copied runs follow the source in order, so they are found by bisection)."""
    if not styles:
        return ()
    copied = [r for r in offsets.runs if r[3]]
    starts = [r[1] for r in copied]
    ends = [r[1] + r[2] for r in copied]
    out = []
    for s in styles:
        i = bisect.bisect_right(ends, s.start)  # the first run with a character at or after s.start
        j = bisect.bisect_left(starts, s.end) - 1  # the last run with a character before s.end
        if i > j:
            continue
        first, last = max(s.start, starts[i]), min(s.end, ends[j]) - 1
        if first <= last:
            # A trailing hyphen removed by de-hyphenation leaves the span ending on the word.
            out.append(StyleSpan(copied[i][0] + first - starts[i], copied[j][0] + last - starts[j] + 1, s.style))
    return tuple(out)
