"""Outline inference: which numbering scheme numbers headings at which level, which numbers the measures.

Every numbered paragraph of the body carries a marker (``I.``, ``(I)``, ``（一）``, ``一、``, ``一 `` with a
space, ``1.``, ``(1)``, ``i.``, ``(i)``, ``㈠`` (read as ``（一）``), ``①``, chapters ``第一章`` / "Chapter I", articles
``第一条`` / "Article 1").
No scheme has a fixed role; the outline is chosen to explain the sequence best:

- a heading is short, has no responsibility note and is followed by deeper items; a measure is a sentence;
- the scheme with the most sentence-like items numbers the measures (the deepest scheme when the text was
  cut before any sentence); every other scheme with heading-like items numbers headings, nested in the
  order the schemes first appear; items of yet another scheme inside a measure are points of it;
- one scheme can number two levels (``1.`` headings with ``1.`` measures numbered on across them, the
  2020–2025 web format): its heading-like items are taken as a level of their own when each of the two
  sequences then runs 1, 2, 3 … better than the one mixed sequence does;
- a table of contents (a block of headings printed again below) is not part of the outline.

What the choice rested on, where it could have gone another way, is returned as notes for the quality
report instead of being decided silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import regex

from ..model import Span
from ..patterns import (
    ARABIC_ITEM,
    ARTICLE_ITEM,
    CHAPTER_HEADING,
    CHINESE_HEADING,
    CHINESE_SPACE_HEADING,
    CIRCLED_ITEM,
    LOWER_ROMAN_ITEM,
    PAREN_ARABIC_ITEM,
    PAREN_HEADING,
    PAREN_IDEOGRAPH_ITEM,
    RESPONSIBILITY_CUE,
    RESPONSIBILITY_CUE_ZH,
    ROMAN_HEADING,
)
from .paragraphs import RunIn, _Para, numeral_value

MARKERS = (
    ("chapter", CHAPTER_HEADING),
    ("article", ARTICLE_ITEM),
    ("roman", ROMAN_HEADING),
    ("chinese", CHINESE_HEADING),
    ("paren", PAREN_HEADING),
    ("arabic", ARABIC_ITEM),
    ("paren_arabic", PAREN_ARABIC_ITEM),
    ("lower_roman", LOWER_ROMAN_ITEM),
    ("chinese", CHINESE_SPACE_HEADING),
    ("paren_chinese", PAREN_IDEOGRAPH_ITEM),
    ("circled", CIRCLED_ITEM),
)
# Schemes that number headings whatever their punctuation; the others number items (measures, points).
HEADING_SCHEMES = ("chapter", "roman", "chinese", "paren_roman", "paren_chinese")
ITEM_SCHEMES = ("article", "arabic", "paren_arabic", "lower_roman", "paren_lower", "circled")
CLOSING = (".", ";", "。", "；", ":", "：", "!", "?", "！", "？")
MAX_HEADING_LEN = 200
SHORT_TITLE = 60  # "i. Deepen IP Reform." : a title with a full stop is still a heading when this short
TRAILING_PARENS = regex.compile(
    r"\s*[(（](?P<inner>[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]\s*[.。;；]?\s*$"
)
HEADING_SUFFIX = "_heading"
SPACE = regex.compile(r"\s")  # white space as the patterns see it


@dataclass(frozen=True)
class Marker:
    scheme: str  # roman, chinese, paren_roman, paren_chinese, paren_lower, arabic, paren_arabic, lower_roman
    label: str
    value: int
    title_start: int  # offset of the words after the numeral, within the paragraph
    heading_like: bool  # short, without a responsibility note, not a sentence
    cut: bool = False  # the text ends inside this item
    weak: bool = False  # a short title-case sentence ("i. Deepen IP Reform."): a heading if its scheme has no sentences

    @property
    def run_in(self) -> bool:
        """A run-in ordinal (一是, "First,"): a point of the unit holding it, outside the outline's levels."""
        return self.scheme.startswith(RUN_IN)


RUN_IN = "run_in:"  # scheme of run-in ordinals: run_in:<series> (run_in:是, run_in:要, run_in:first)


def run_in_marker(text: str, ordinal: RunIn) -> Marker:
    """The marker of a paragraph opened by a run-in ordinal (found by :func:`.paragraphs.run_in_ordinals`)."""
    start = len(text) - len(text.lstrip()) + len(ordinal.label)
    while start < len(text) and (text[start].isspace() or text[start] in "，,"):
        start += 1
    return Marker(RUN_IN + ordinal.series, ordinal.label, ordinal.value, start, False)


def marker(text: str, cut: bool = False) -> Marker | None:
    """The numbering marker opening a paragraph, or None."""
    for scheme, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            label = m.group("label")
            if scheme == "paren":
                scheme = (
                    "paren_roman"
                    if label[0] in "IVX"
                    else "paren_lower"
                    if label[0] in "ivx"
                    else "paren_arabic"
                    if label.isdigit()
                    else "paren_chinese"
                )
            like = _heading_like(text, m.group("title"))
            value = numeral_value(m.group("num") if "num" in m.groupdict() else label)  # 第十二条: 12
            return Marker(
                scheme, label, value, m.start("title"), like is True and not cut, cut, like == "weak" and not cut
            )
    return None


# "2<TAB>Respect …": an item whose stop a copy lost, a tab (white space once repaired) after its number and a
# capitalized word (see :func:`tab_numbered`).
TAB_ITEM = regex.compile(r"^(?P<label>\d{1,3})[ \t]+(?P<title>\p{Lu}\p{Ll}*(?:\s|\p{Ll}).*)$")


def tab_numbered(paras: list[_Para], markers: list[Marker | None], notes: tuple[Span, ...] = ()) -> list[Marker | None]:
    """Markers with the items numbered "N<TAB>…" (no stop after the number) that continue a run of "1." items: the
    paragraph's number is one above the last arabic item's before it and a capitalized word follows. A number
    elsewhere ("3 Provinces …" opening a text, "2 million …") and a translator's note (``notes``: "3 Adopted in
    2029." under a "Law3" marker) start nothing."""
    out = list(markers)
    last = None
    for i, (p, mk) in enumerate(zip(paras, markers, strict=True)):
        m = TAB_ITEM.match(p.text) if mk is None else None
        if m and any(n.start <= p.start < n.end for n in notes):
            m = None
        if m and last is not None and int(m.group("label")) == last + 1:
            like = _heading_like(p.text, m.group("title"))
            mk = out[i] = Marker(
                "arabic", m.group("label"), last + 1, m.start("title"), like is True, weak=like == "weak"
            )
        if mk is not None and mk.scheme == "arabic":
            last = mk.value
    return out


def trailing_parens(text: str) -> regex.Match | None:
    """``TRAILING_PARENS.search(text)`` in time linear in the text (the search itself retries the nested
    pattern at every bracket: quadratic on "(1)(1)(1)..."). The only bracket that can close the match is the
    last one before the final punctuation, and the only opener the one matching it (one level of nesting
    allowed); the match starts at the white space before that opener."""
    j = len(text)
    while j and SPACE.match(text[j - 1]):
        j -= 1
    if j and text[j - 1] in ".。;；":
        j -= 1
    while j and SPACE.match(text[j - 1]):
        j -= 1
    if not j or text[j - 1] not in ")）":
        return None
    depth, k = 0, j - 2
    while k >= 0:
        ch = text[k]
        if ch in ")）":
            if depth:
                return None
            depth = 1
        elif ch in "(（":
            if not depth:
                break
            depth = 0
        k -= 1
    if k < 0:
        return None
    while k and SPACE.match(text[k - 1]):
        k -= 1
    return TRAILING_PARENS.match(text, k)


def _heading_like(text: str, title: str) -> bool | str:
    if len(text) > MAX_HEADING_LEN:
        return False  # (tested first: the patterns below are slow on long paragraphs)
    tail = TRAILING_PARENS.search(title)
    inner = tail.group("inner") if tail else ""
    if RESPONSIBILITY_CUE.search(inner) or RESPONSIBILITY_CUE_ZH.search(inner):
        return False  # a responsibility note closes measures, never headings
    bare = TRAILING_PARENS.sub("", title).rstrip()
    if not bare.endswith(CLOSING):
        return True
    # One short sentence in title case ("i. Deepen IP Reform.") is a heading; a sentence of a measure is longer.
    body = bare[:-1]
    if (
        len(bare) <= SHORT_TITLE
        and not regex.search(r"[.;:。；：]", body)
        and sum(w[0].isupper() for w in body.split()) >= max(2, len(body.split()) // 2)
    ):
        return "weak"
    return False


@dataclass(frozen=True)
class Outline:
    """The roles read from the body: ``roles`` maps a role key to ``heading`` levels or ``measure``."""

    measure_scheme: str | None
    heading_styles: tuple[str, ...]  # role keys of headings, level 1 first
    split_schemes: frozenset[str]  # schemes numbering a heading level and the measures
    toc: tuple[int, int] | None  # paragraph range of a table of contents, not part of the outline
    restart: bool  # measure numbers restart in each section
    notes: tuple[str, ...]
    weak_schemes: frozenset[str] = frozenset()  # schemes whose short title-case sentences are headings

    def role_key(self, mk: Marker) -> str:
        if mk.scheme in self.split_schemes and (mk.heading_like or mk.weak and mk.scheme in self.weak_schemes):
            return mk.scheme + HEADING_SUFFIX
        return mk.scheme

    def kind(self, mk: Marker, in_measure: bool) -> str | None:
        """heading, measure, subitem (a numbered point inside a measure) or None for other paragraphs."""
        key = self.role_key(mk)
        if key in self.heading_styles:
            return "heading"
        if key == self.measure_scheme:
            return "measure"
        return "subitem" if in_measure else None

    def level(self, mk: Marker) -> int:
        return self.heading_styles.index(self.role_key(mk)) + 1

    def run_on_level(self, mk: Marker) -> int | None:
        """The level of a sentence-like item of a scheme whose short items are headings (（一）加强组织领导。各区…
        beside （一）扩大签约服务供给 over its measures): a heading with its text run on, a unit at that heading's
        level. None for other items."""
        key = mk.scheme + HEADING_SUFFIX
        if mk.scheme in self.split_schemes and self.role_key(mk) == mk.scheme and key in self.heading_styles:
            return self.heading_styles.index(key) + 1
        return None


def _breaks(values: list[int]) -> int:
    """How often a sequence neither continues (n + 1) nor restarts (1)."""
    prev, n = 0, 0
    for v in values:
        if v != prev + 1 and v != 1:
            n += 1
        prev = v
    return n + (1 if values and values[0] != 1 else 0)


def find_toc(paras: list[_Para], markers: list[Marker | None]) -> tuple[int, int] | None:
    """A block of heading-like items at the start of the body whose titles are printed again below it."""

    def key(i: int) -> str:
        return regex.sub(r"[\s.…·•\d]+$", "", paras[i].text[markers[i].title_start :]).strip().lower()

    numbered = [i for i, mk in enumerate(markers) if mk]
    if len(numbered) < 4:
        return None
    start = numbered[0]
    seen: set[str] = set()
    repeat = None
    for i in numbered:
        if not markers[i].heading_like:
            break
        if key(i) in seen:
            repeat = i
            break
        seen.add(key(i))
    if repeat is None:
        return None
    later = {key(i) for i in numbered if i >= repeat}
    end = repeat
    while end - 1 > start and (markers[end - 1] is None or key(end - 1) not in later):
        end -= 1  # a heading printed only in the body ("I. Protection") begins it
    block = [i for i in numbered if start <= i < end]
    if len(block) < 2 or sum(key(i) in later for i in block) * 2 < len(block):
        return None
    return start, end


def _all_head(seq: list[Marker], scheme: str) -> bool:
    """Every heading-like item of ``scheme`` is followed by an item of another scheme (its first child)."""
    follows = [b for a, b in zip(seq, seq[1:], strict=False) if a.scheme == scheme and a.heading_like]
    return len(follows) == sum(1 for mk in seq if mk.scheme == scheme and mk.heading_like) and all(
        b.scheme != scheme for b in follows
    )


def infer_outline(paras: list[_Para], markers: list[Marker | None]) -> Outline:
    notes: list[str] = []
    toc = find_toc(paras, markers)
    if toc:
        notes_toc = f"a table of contents ({toc[1] - toc[0]} lines) was left out of the outline"
        notes.append(notes_toc)
        markers = [None if toc[0] <= i < toc[1] else mk for i, mk in enumerate(markers)]
    # Short title-case sentences are headings in a scheme that has no real sentences.
    weak_ok = {mk.scheme for mk in markers if mk} - {
        mk.scheme for mk in markers if mk and not mk.heading_like and not mk.weak
    }
    markers = [replace(mk, heading_like=True) if mk and mk.weak and mk.scheme in weak_ok else mk for mk in markers]
    seq = [mk for mk in markers if mk]
    if not seq:
        return Outline(None, (), frozenset(), toc, False, tuple(notes))
    # A scheme numbering two levels: heading-like items as their own sequence.
    split: set[str] = set()
    for scheme in {mk.scheme for mk in seq}:
        items = [mk for mk in seq if mk.scheme == scheme]
        heads = [mk.value for mk in items if mk.heading_like]
        rest = [mk.value for mk in items if not mk.heading_like]
        mixed = _breaks([mk.value for mk in items])
        if (
            heads
            and rest
            and (
                _breaks(heads) + _breaks(rest) < mixed
                or _breaks(heads) + _breaks(rest) == mixed
                and _all_head(seq, scheme)
            )
        ):
            split.add(scheme)

    def key(mk: Marker) -> str:
        return mk.scheme + HEADING_SUFFIX if mk.scheme in split and mk.heading_like else mk.scheme

    sentences = Counter(key(mk) for mk in seq if not mk.heading_like)
    if any(k in ITEM_SCHEMES for k in sentences):  # heading schemes number measures only in plans without items
        sentences = Counter({k: n for k, n in sentences.items() if k in ITEM_SCHEMES or n >= 3})
    elif sum(sentences.values()) < 3:
        sentences = Counter()
    if len(sentences) > 1:  # ① numbers points by convention, measures only where nothing else does
        sentences.pop("circled", None)
    if sentences["article"]:  # a regulation's unit is its article; what is numbered inside it is points
        sentences = Counter({"article": sentences["article"]})
    order = list(dict.fromkeys(key(mk) for mk in seq))
    if sentences:
        measure = max(sentences, key=lambda k: (sentences[k], k in ITEM_SCHEMES, order.index(k)))
        rivals = [k for k in sentences if k != measure and sentences[k] * 2 > sentences[measure] and sentences[k] > 1]
        if rivals:
            notes.append(
                f"measures numbered {_show(measure)} chosen over {', '.join(_show(k) for k in rivals)}: "
                "both number sentence-like items"
            )
    else:
        items = [k for k in order if k in ITEM_SCHEMES]
        cut = [key(mk) for mk in seq if mk.cut and mk.scheme in ITEM_SCHEMES]
        measure = cut[0] if cut else (items[-1] if items and len(order) > 1 and order[-1] == items[-1] else None)
        if measure:
            notes.append(f"no sentence-like numbered item: items numbered {_show(measure)} taken as measures")
    headings = []
    for k in order:
        if k == measure:
            continue
        ks = [mk for mk in seq if key(mk) == k]
        if k in HEADING_SCHEMES or k.endswith(HEADING_SUFFIX) or any(mk.heading_like for mk in ks):
            if measure and order.index(k) > order.index(measure) and not k.endswith(HEADING_SUFFIX):
                # A scheme first seen inside the measures: points of a measure unless it clearly heads sections.
                if not all(mk.heading_like for mk in ks):
                    continue
            headings.append(k)
    for k in split:
        notes.append(f"items numbered {_show(k)} read as two levels: short titles as headings, sentences as measures")
    restart = False
    if measure:
        values = [mk.value for mk in seq if key(mk) == measure]
        restart = len(set(values)) < len(values)
        continuing = sum(b == a + 1 for a, b in zip(values, values[1:], strict=False))
        restarting = sum(b == 1 for b in values[1:])
        if restart and continuing and restarting and _breaks(values) > 0:
            notes.append(f"measure numbers neither run on nor restart cleanly ({_breaks(values)} break(s))")
    for k in headings:
        values = [mk.value for mk in seq if key(mk) == k]
        if _breaks(values) > 0:
            notes.append(f"headings numbered {_show(k)} skip or repeat numbers ({_breaks(values)} break(s))")
    return Outline(measure, tuple(headings), frozenset(split), toc, restart, tuple(notes), frozenset(weak_ok))


def _show(key: str) -> str:
    names = {
        "chapter": "第一章",
        "article": "第一条",
        "roman": "I.",
        "chinese": "一、",
        "paren_roman": "(I)",
        "paren_chinese": "（一）",
        "arabic": "1.",
        "paren_arabic": "(1)",
        "lower_roman": "i.",
        "paren_lower": "(i)",
        "circled": "①",
    }
    base = key.removesuffix(HEADING_SUFFIX)
    return names.get(base, base) + (" (headings)" if key.endswith(HEADING_SUFFIX) else "")
