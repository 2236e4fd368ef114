"""Segment: read a plan's structure from its repaired text.

Front matter (title, document number, addressees, signature, date, plan title, preamble), then the body:
numbered headings at one or more levels, goal paragraphs split into statements, numbered measures (with a
trailing responsibility parenthetical split off), and ranges of measures declared omitted.

The numbering scheme is read from the document, not assumed: the scheme with the most sentence-like items
("1. Promote ... .") numbers the measures; other schemes ("I.", "(I)", "（一）", "i.") are headings, nested in
the order they first appear; numbered points of yet another scheme inside a measure stay part of it.
Every span is an offset range into the repaired text; no text is copied and edited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import regex

from .gazetteer import looks_like_agency, name_regex
from .model import Document, Goal, Measure, Metadata, PipelineError, RepairedText, Section, Span
from .patterns import (
    ADDRESSEE_LABEL,
    ARABIC_ITEM,
    CHINESE_HEADING,
    CHINESE_NUMERALS,
    DATE,
    DATE_PREFIX,
    DOC_NUMBER,
    GOAL_LABEL,
    LOWER_ROMAN_ITEM,
    MEASURE_LABEL,
    MONTHS,
    OMITTED_RANGE,
    OMITTED_SINGLE,
    PAREN_ARABIC_ITEM,
    PAREN_HEADING,
    RESPONSIBILITY_CUE,
    ROMAN_HEADING,
)
from .rules import rules

MARKERS = (("roman", ROMAN_HEADING), ("chinese", CHINESE_HEADING), ("paren", PAREN_HEADING),
           ("arabic", ARABIC_ITEM), ("paren_arabic", PAREN_ARABIC_ITEM), ("lower_roman", LOWER_ROMAN_ITEM))
# Schemes that number headings whatever their punctuation; the others number items (measures, points).
HEADING_SCHEMES = ("roman", "chinese", "paren_roman", "paren_chinese")
ITEM_SCHEMES = ("arabic", "paren_arabic", "lower_roman", "paren_lower")
CLOSING = (".", ";", "。", "；", ":", "：", "!", "?")
MAX_HEADING_LEN = 200
TRAILING_PARENS = regex.compile(r"\s*[(（](?P<inner>[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]\s*[.。;]?\s*$")
LIST_SEPARATOR = regex.compile(
    r"\s*(?:[,;，；、]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as|&)\s+)", regex.I)
LIST_NOISE = regex.compile(r"^(?:the\s+|and\s+|to\s+)+|[\s,.;:，；。]+$", regex.I)
GOAL_SPLIT = regex.compile(r";\s*|；\s*")
GOAL_TRIM = regex.compile(r"^(?:and|as well as)\s+|[\s.;。；]+$", regex.I)
# Markers inside a paragraph (text that lost its line breaks), see split_run_together.
INLINE_MARKER = regex.compile(
    rf"{rules('en').re('section_label_inline').pattern}"
    r"|(?<![\dIVX])(?P<roman>[IVX]{1,6})\s*[.．、]\s*(?=[A-Z])"
    rf"|[(（](?P<paren>[IVX]{{1,6}}|[{CHINESE_NUMERALS}]+|\d{{1,3}})[)）]\s*(?=[A-Z\p{{Han}}])"
    r"|(?<![\d.,])(?P<num>\d{1,3})\s*[.．、]\s*(?=[A-Z\p{Han}])")
RUN_ON_BEFORE = regex.compile(r"[\p{L})）\]”\"]\s*$|[.;:。；：]\s+$")
CN_NUMERALS = {c: i + 1 for i, c in enumerate(CHINESE_NUMERALS)}


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    text: str
    full_text: str = field(repr=False, compare=False, default="")


def segment(repaired: RepairedText) -> Document:
    """Build the :class:`Document` skeleton of one repaired text; the entry point of this stage."""
    text = repaired.text
    paras = split_run_together(paragraphs(text))
    body_start = _body_start(paras)
    if body_start is None:
        raise PipelineError("no recognizable plan structure (no numbered headings or measures)")
    metadata, addressees = read_front_matter(paras[:body_start], text)
    metadata = replace(metadata, language=repaired.source.language)
    doc_id = make_doc_id(metadata, text)
    sections, goals, measures = read_body(paras[body_start:], doc_id)
    if not measures:
        raise PipelineError("no recognizable plan structure (no numbered measures)")
    return Document(doc_id=doc_id, repaired=repaired, metadata=metadata, addressees=tuple(addressees),
                    sections=tuple(sections), goals=tuple(goals), measures=tuple(measures))


def paragraphs(text: str) -> list[_Para]:
    out = []
    for m in regex.finditer(r"[^\n]+", text):
        s, e = m.span()
        out.append(_Para(s, e, m.group(), text))
    return out




def _value(label: str) -> int:
    if label.isdigit():
        return int(label)
    if label[0] in CN_NUMERALS:  # 一 .. 十, 十一 .. 十九, 二十 ..
        if "十" not in label:
            return CN_NUMERALS[label[0]]
        tens, _, units = label.partition("十")
        return 10 * (CN_NUMERALS.get(tens, 1)) + CN_NUMERALS.get(units, 0)
    return roman_to_int(label)


def split_run_together(paras: list[_Para]) -> list[_Para]:
    """Split paragraphs where numbered items or labels run on without a line break, as in text scraped
    from web pages ("... rules1. Promote ... (Responsible for X)2. Promulgate ...").

    A marker inside a paragraph counts only when it continues the numbering seen so far (the next measure
    number, 1 after a new heading, the next heading numeral) or is a "Goals:"/"Measures:" label, and when
    it is glued to the previous word or follows the end of a sentence.
    """
    out: list[_Para] = []
    last = {"num": 0, "roman": 0, "paren": 0}
    heading_since_num = True
    queue = list(paras)
    while queue:
        p = queue.pop(0)
        lead = INLINE_MARKER.match(p.text)
        if lead:
            kind = next(k for k in ("label", "roman", "paren", "num") if lead.group(k))
            if kind == "num":
                last["num"], heading_since_num = _value(lead.group("num")), False
            elif kind in ("roman", "paren"):
                last[kind] = _value(lead.group(kind))
                heading_since_num = True
                if kind == "roman":
                    last["paren"] = 0
        for m in INLINE_MARKER.finditer(p.text, lead.end() if lead else 1):
            if not RUN_ON_BEFORE.search(p.text[:m.start()]):
                continue
            kind = next(k for k in ("label", "roman", "paren", "num") if m.group(k))
            value = 0 if kind == "label" else _value(m.group(kind))
            if (kind == "label" or (kind == "num" and (value == last["num"] + 1 or (value == 1 and heading_since_num)))
                    or (kind in ("roman", "paren") and value == last[kind] + 1)):
                head_end = p.start + len(p.text[:m.start()].rstrip())
                queue.insert(0, _Para(p.start + m.start(), p.end, p.text[m.start():], p.full_text))
                p = _Para(p.start, head_end, p.text[:m.start()].rstrip(), p.full_text)
                break
        out.append(p)
    return out


@dataclass(frozen=True)
class _Marker:
    scheme: str  # roman, chinese, paren_roman, paren_chinese, paren_lower, arabic, paren_arabic, lower_roman
    label: str
    title_start: int  # offset of the words after the numeral, within the paragraph
    heading_like: bool  # short and without closing punctuation, as headings are


def _marker(text: str) -> _Marker | None:
    for scheme, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            label = m.group("label")
            if scheme == "paren":
                scheme = ("paren_roman" if label[0] in "IVX" else "paren_lower" if label[0] in "ivx"
                          else "paren_arabic" if label.isdigit() else "paren_chinese")
            # A closing parenthetical ("(Responsible by: ...)") does not make an item a heading.
            bare = TRAILING_PARENS.sub("", m.group("title")).rstrip()
            heading_like = len(text) <= MAX_HEADING_LEN and not bare.endswith(CLOSING)
            return _Marker(scheme, label, m.start("title"), heading_like)
    return None


@dataclass(frozen=True)
class _Roles:
    """Which numbering scheme numbers the measures, and whether its heading-like items are headings."""

    measure_scheme: str | None
    numbered_headings: bool  # "1. Improve ..." headings with "1." measures, in plans with no other headings


def _roles(paras: list[_Para]) -> _Roles:
    markers = [m for m in (_marker(p.text) for p in paras) if m]
    counts = Counter(m.scheme for m in markers if not m.heading_like)
    if not counts:
        return _Roles(None, False)
    scheme = max(counts, key=lambda k: (counts[k], -ITEM_SCHEMES.index(k) if k in ITEM_SCHEMES else -99))
    other_headings = any(m.scheme != scheme and (m.heading_like or m.scheme in HEADING_SCHEMES) for m in markers)
    return _Roles(scheme, not other_headings)


def _body_start(paras: list[_Para]) -> int | None:
    for i, p in enumerate(paras):
        if DOC_NUMBER.match(p.text) or _standalone_date(p.text):
            continue
        if _marker(p.text) or GOAL_LABEL.match(p.text) or OMITTED_RANGE.match(p.text):
            return i
    return None


# ----------------------------------------------------------------------------------------- front matter

def read_front_matter(paras: list[_Para], text: str) -> tuple[Metadata, list[Span]]:
    """Title, number, addressees, issuer, date, plan title and preamble from the paragraphs before the body."""
    number_i = next((i for i, p in enumerate(paras) if DOC_NUMBER.match(p.text)), None)
    date_i = next((i for i, p in enumerate(paras) if _standalone_date(p.text)), None)
    # The title stands above the document number, or (as often in Chinese layouts) just below it.
    if number_i == 0:
        title_start, title_end = 1, 2 if len(paras) > 1 and _title_like(paras[1].text) else 1
    else:
        title_start, title_end = 0, number_i if number_i is not None else min(1, len(paras))
    meta: dict = {}
    if title_end > title_start:
        first, last = paras[title_start], paras[title_end - 1]
        meta["title_span"] = Span(first.start, last.end)
        meta["title"] = text[first.start:last.end]
    if number_i is not None:
        m = DOC_NUMBER.match(paras[number_i].text)
        p = paras[number_i]
        meta.update(doc_number=m.group("number").strip(), doc_number_span=Span(p.start, p.end))
        meta["year"] = int(m.group("year"))
    addressees: list[Span] = []
    after_number = max(title_end, (number_i + 1) if number_i is not None else 0)
    if after_number < len(paras):
        p = paras[after_number]
        label = ADDRESSEE_LABEL.match(p.text)
        if label or (p.text.rstrip().endswith((",", ":", "：", "，")) and len(p.text) < 3000):
            offset = p.start + (label.end() if label else 0)
            addressees = split_agency_list(text, offset, p.end)
    if date_i is not None:
        p = paras[date_i]
        d = _standalone_date(p.text)
        meta.update(issue_date=d, date_span=Span(p.start, p.end))
        meta.setdefault("year", d.year)
        signature = _signature(paras, date_i, first=max(title_end, after_number + bool(addressees)))
        issuer_i = None
        if signature is not None:
            a, issuer_i = signature
            meta.update(issuer=text[paras[a].start:paras[issuer_i].end],
                        issuer_span=Span(paras[a].start, paras[issuer_i].end))
        # The plan's own title follows the signature block; what follows it up to the body is the preamble.
        after = max(date_i, issuer_i if issuer_i is not None else date_i) + 1
        if after < len(paras) and not _ends_sentence(paras[after].text) and len(paras[after].text) < 300:
            q = paras[after]
            meta.update(plan_title=q.text, plan_title_span=Span(q.start, q.end))
            after += 1
        if after < len(paras):
            meta["preamble_span"] = Span(paras[after].start, paras[-1].end)
    if "plan_title" not in meta and "title" in meta:
        meta["plan_title"] = meta["title"]
        meta["plan_title_span"] = meta["title_span"]
    if "year" not in meta:
        years = regex.findall(r"\b(?:19|20)\d\d\b", meta.get("title") or "")
        meta["year"] = int(years[-1]) if years else None
    return Metadata(**meta), addressees


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "。", ";", ":", "!", "?"))


def _standalone_date(text: str) -> date | None:
    m = DATE.fullmatch(DATE_PREFIX.sub("", text.strip()).rstrip("."))
    return to_date(m) if m else None


def to_date(m: regex.Match) -> date | None:
    g = m.groupdict()
    try:
        if g["mdy"]:
            return date(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
        if g["dmy"]:
            return date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
        if g["iso"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        return date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return None


def _title_like(text: str) -> bool:
    return not _ends_sentence(text) and not ADDRESSEE_LABEL.match(text) and len(text) < 400


def _signature(paras: list[_Para], date_i: int, first: int) -> tuple[int, int] | None:
    """The paragraphs (first, last) of the issuing body's signature: just before the date, or in some
    translations just after it; one paragraph, or two where a flush-right name was set on two lines. Never
    in the title block or the addressee list, which come before ``first``."""
    before, after = date_i - 1, date_i + 1
    for a, b in ((before, before), (before - 1, before), (after, after), (after, after + 1)):
        if first <= a <= b < len(paras) and date_i not in (a, b):
            name = " ".join(p.text for p in paras[a:b + 1])
            if len(name) < 300 and not any(_ends_sentence(p.text) for p in paras[a:b + 1]) and looks_like_agency(name):
                return a, b
    return None


def split_agency_list(text: str, start: int, end: int) -> list[Span]:
    """Split a list of agency names into one span per agency.

    Known names (from the gazetteer) are never split, so commas inside "General Administration of Quality
    Supervision, Inspection and Quarantine" stay; an unknown fragment without an organizational head noun
    ("Inspection and Quarantine") is joined to the name before it.
    """
    protected = [m.span() for m in name_regex().finditer(text, start, end)]
    depth_spans = [m.span() for m in regex.finditer(r"[(（][^()（）]*[)）]", text[start:end])]
    depth_spans = [(s + start, e + start) for s, e in depth_spans]
    cuts = [start]
    for m in LIST_SEPARATOR.finditer(text, start, end):
        s, e = m.span()
        if any(a < e and s < b for a, b in protected + depth_spans):
            continue
        cuts.extend([s, e])
    cuts.append(end)
    pieces: list[Span] = []
    for s, e in zip(cuts[0::2], cuts[1::2], strict=True):
        span = _trim(text, s, e)
        if span:
            pieces.append(span)
    merged: list[Span] = []
    for piece in pieces:
        if merged and not looks_like_agency(text[piece.start:piece.end]):
            merged[-1] = Span(merged[-1].start, piece.end)
        else:
            merged.append(piece)
    if len(merged) > 1 and not looks_like_agency(text[merged[0].start:merged[0].end]):
        merged[1] = Span(merged[0].start, merged[1].end)
        merged.pop(0)
    return merged


def _trim(text: str, s: int, e: int) -> Span | None:
    piece = text[s:e]
    m = LIST_NOISE.search(piece)
    while m and m.group():
        if m.start() == 0:
            s += m.end()
        else:
            e = s + m.start()
        piece = text[s:e]
        m = LIST_NOISE.search(piece)
    return Span(s, e) if e > s else None


def make_doc_id(meta: Metadata, text: str) -> str:
    """Readable and stable across runs and machines: ``2014-gzhfxz-24`` from the year and document number
    (rule in pipeline/doc_id.py); a plan without a number gets a slug of its title and a hash of its text."""
    from .doc_id import make_doc_id as readable_id

    return readable_id(meta.year, meta.doc_number, meta.plan_title or meta.title, text)


# ------------------------------------------------------------------------------------------------- body

def read_body(paras: list[_Para], doc_id: str) -> tuple[list[Section], list[Goal], list[Measure]]:
    roles = _roles(paras)
    styles: list[str] = []  # heading styles in nesting order, learned from the document
    open_sections: list[Section] = []  # the current path from level 1 down
    sections: list[Section] = []
    goals: list[Goal] = []
    measures: list[Measure] = []
    child_counts: dict[str | None, int] = {}
    current: list = []  # the measure being read: [paragraph, marker, end]

    def close(level: int, end: int) -> None:
        while open_sections and open_sections[-1].level >= level:
            done = open_sections.pop()
            sections[sections.index(done)] = replace(done, span=Span(done.span.start, end))

    def finish_measure() -> None:
        if current:
            p, mk, end, section_id = current
            measures.append(_measure(p, mk, end, section_id))
            current.clear()

    last_end = paras[0].start if paras else 0
    for p in paras:
        mk = _marker(p.text)
        section_id = open_sections[-1].section_id if open_sections else None
        kind = _kind(mk, roles, bool(current))
        if kind == "subitem":
            current[2] = p.end  # "(1) ..." points inside a measure belong to it
            last_end = p.end
            continue
        if kind == "heading":
            finish_measure()
            style = mk.scheme if mk.scheme != roles.measure_scheme else f"{mk.scheme}_heading"
            if style not in styles:
                styles.append(style)
            level = styles.index(style) + 1
            close(level, last_end)
            parent = open_sections[-1] if open_sections else None
            parent_id = parent.section_id if parent else None
            ordinal = child_counts.get(parent_id, 0) + 1
            child_counts[parent_id] = ordinal
            path = f"{parent.section_id.rsplit('/', 1)[1]}." if parent else "s"
            title = p.text[mk.title_start:]
            section = Section(
                section_id=f"{doc_id}/{path}{ordinal}", parent_id=parent_id, level=level, ordinal=ordinal,
                label=mk.label, title=title, title_span=Span(p.start + mk.title_start, p.end),
                span=Span(p.start, p.end))
            sections.append(section)
            open_sections.append(section)
            last_end = p.end
            continue
        if kind == "measure":
            finish_measure()
            current.extend([p, mk, p.end, section_id])
            last_end = p.end
            continue
        goal_label = GOAL_LABEL.match(p.text)
        omitted = OMITTED_RANGE.match(p.text) or OMITTED_SINGLE.match(p.text)
        if goal_label:
            finish_measure()
            goals.extend(split_goals(p, goal_label.end(), doc_id, section_id, goals))
        elif MEASURE_LABEL.match(p.text) and _is_label_only(p):
            finish_measure()
        elif omitted:
            finish_measure()
            first = int(omitted.group("first"))
            last = int(omitted.groupdict().get("last") or first)
            for number in range(first, last + 1):
                measures.append(Measure(measure_id="", section_id=section_id, number=number,
                                        status="omitted", text=None, span=Span(p.start, p.end)))
        else:
            continue
        last_end = p.end
    finish_measure()
    close(1, last_end)
    return sections, goals, _assign_measure_ids(measures, doc_id)


def _kind(mk: _Marker | None, roles: _Roles, in_measure: bool) -> str | None:
    """heading, measure, subitem (a numbered point inside a measure) or None for other paragraphs."""
    if mk is None:
        return None
    if mk.scheme == roles.measure_scheme:
        return "heading" if mk.heading_like and roles.numbered_headings else "measure"
    if mk.scheme in HEADING_SCHEMES or mk.heading_like:
        return "heading"
    return "subitem" if in_measure else None


def _is_label_only(p: _Para) -> bool:
    return not MEASURE_LABEL.sub("", p.text).strip()


def split_goals(p: _Para, offset: int, doc_id: str, section_id: str | None, earlier: list[Goal]) -> list[Goal]:
    """A goals paragraph lists goal statements separated by semicolons; each becomes a row."""
    out = []
    ordinal = sum(1 for g in earlier if g.section_id == section_id)
    pos = offset
    body = p.text
    for piece in [*GOAL_SPLIT.split(body[offset:]), None]:
        if piece is None:
            break
        s = p.start + pos
        e = s + len(piece)
        pos += len(piece)
        sep = GOAL_SPLIT.match(body, pos)
        if sep:
            pos = sep.end()
        trimmed = _trim_goal(p.text[s - p.start:e - p.start], s)
        if trimmed is None:
            continue
        ordinal += 1
        gs, ge = trimmed
        out.append(Goal(goal_id=f"{section_id or doc_id}/g{ordinal}", section_id=section_id, ordinal=ordinal,
                        text=p.text[gs - p.start:ge - p.start], span=Span(gs, ge)))
    return out


def _trim_goal(piece: str, start: int) -> tuple[int, int] | None:
    s, e = 0, len(piece)
    while True:
        m = GOAL_TRIM.search(piece, s, e)
        if not m or not m.group():
            break
        if m.start() == s:
            s = m.end()
        else:
            e = m.start()
    return (start + s, start + e) if e > s else None


def _measure(p: _Para, mk: _Marker, end: int, section_id: str | None) -> Measure:
    """A listed measure from its first paragraph to ``end``, with a closing responsibility parenthetical split off."""
    s = p.start + mk.title_start
    text = p.full_text[s:end]
    e = end
    resp_text = resp_span = None
    m = TRAILING_PARENS.search(text)
    if m and _is_responsibility(m.group("inner")):
        inner_s = s + m.start("inner")
        resp_span = Span(inner_s, inner_s + len(m.group("inner")))
        resp_text = m.group("inner")
        e = s + m.start()
        text = text[:m.start()]
    return Measure(measure_id="", section_id=section_id, number=_number(mk.label), status="listed",
                   text=text, span=Span(s, e), responsibility_text=resp_text, responsibility_span=resp_span)


def _number(label: str) -> int:
    return int(label) if label.isdigit() else roman_to_int(label)


def roman_to_int(label: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(label.lower(), label.lower()[1:] + " ", strict=True):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _is_responsibility(inner: str) -> bool:
    if RESPONSIBILITY_CUE.search(inner):
        return True
    pieces = split_agency_list(inner, 0, len(inner))
    return bool(pieces) and all(looks_like_agency(inner[p.start:p.end]) for p in pieces)


def _assign_measure_ids(measures: list[Measure], doc_id: str) -> list[Measure]:
    numbers = [m.number for m in measures]
    unique = len(numbers) == len(set(numbers))
    out = []
    seen: dict[str, int] = {}
    for m in measures:
        if unique:
            mid = f"{doc_id}/m{m.number}"
        else:  # numbering restarts per section: the section path disambiguates
            where = m.section_id.rsplit("/", 1)[1] if m.section_id else "s0"
            mid = f"{doc_id}/{where}/m{m.number}"
        seen[mid] = seen.get(mid, 0) + 1
        if seen[mid] > 1:  # a number printed twice in one section: keep both rows, ids stay unique
            mid = f"{mid}-{seen[mid]}"
        out.append(replace(m, measure_id=mid))
    return out
