"""Segment: read a plan's structure from its repaired text.

Front matter (title, document number, addressees, signature, date, plan title, preamble), then the body:
numbered headings at one or more levels, goal paragraphs split into statements, numbered measures (with a
trailing responsibility parenthetical split off), and ranges of measures declared omitted.

The numbering scheme is read from the document: the first heading style seen ("I.", "(I)", "一、") is level
1, the next one nested under it is level 2. Arabic numbers ("1.") are measures.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

import regex

from .gazetteer import looks_like_agency, name_regex
from .model import Document, Goal, Measure, Metadata, PipelineError, RepairedText, Section, Span
from .patterns import (
    ADDRESSEE_LABEL,
    ARABIC_ITEM,
    CHINESE_HEADING,
    DATE,
    DOC_NUMBER,
    GOAL_LABEL,
    MEASURE_LABEL,
    MONTHS,
    OMITTED_RANGE,
    OMITTED_SINGLE,
    PAREN_HEADING,
    ROMAN_HEADING,
)
from .resources import load_json

HEADING_STYLES = (("roman", ROMAN_HEADING), ("paren", PAREN_HEADING), ("chinese", CHINESE_HEADING))
MAX_HEADING_LEN = 200
RESPONSIBILITY_CUE = regex.compile(
    "|".join(rf"\b{regex.escape(c)}\b" for c in load_json("structure.json")["responsibility_cues"]),
    regex.I)
TRAILING_PARENS = regex.compile(r"\s*[(（](?P<inner>[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]\s*[.。;]?\s*$")
LIST_SEPARATOR = regex.compile(
    r"\s*(?:[,;，；、]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as|&)\s+)", regex.I)
LIST_NOISE = regex.compile(r"^(?:the\s+|and\s+|to\s+)+|[\s,.;:，；。]+$", regex.I)
GOAL_SPLIT = regex.compile(r";\s*|；\s*")
GOAL_TRIM = regex.compile(r"^(?:and|as well as)\s+|[\s.;。；]+$", regex.I)


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    text: str


def segment(repaired: RepairedText) -> Document:
    """Build the :class:`Document` skeleton of one repaired text; the entry point of this stage."""
    text = repaired.text
    paras = paragraphs(text)
    body_start = _body_start(paras)
    if body_start is None:
        raise PipelineError("no recognizable plan structure (no numbered headings or measures)")
    metadata, addressees = read_front_matter(paras[:body_start], text)
    doc_id = make_doc_id(metadata, text)
    sections, goals, measures = read_body(paras[body_start:], doc_id, len(text))
    if not measures:
        raise PipelineError("no recognizable plan structure (no numbered measures)")
    return Document(doc_id=doc_id, repaired=repaired, metadata=metadata, addressees=tuple(addressees),
                    sections=tuple(sections), goals=tuple(goals), measures=tuple(measures))


def paragraphs(text: str) -> list[_Para]:
    out = []
    for m in regex.finditer(r"[^\n]+", text):
        s, e = m.span()
        out.append(_Para(s, e, m.group()))
    return out


def _heading(text: str) -> tuple[str, regex.Match] | None:
    if len(text) > MAX_HEADING_LEN:
        return None
    for style, pattern in HEADING_STYLES:
        m = pattern.match(text)
        if m and not text.rstrip().endswith((".", ";", "。")):
            return style, m
    return None


def _body_start(paras: list[_Para]) -> int | None:
    for i, p in enumerate(paras):
        if _heading(p.text) or GOAL_LABEL.match(p.text) or OMITTED_RANGE.match(p.text):
            return i
    for i, p in enumerate(paras):
        if ARABIC_ITEM.match(p.text) and not DOC_NUMBER.match(p.text):
            return i
    return None


# ----------------------------------------------------------------------------------------- front matter

def read_front_matter(paras: list[_Para], text: str) -> tuple[Metadata, list[Span]]:
    """Title, number, addressees, issuer, date, plan title and preamble from the paragraphs before the body."""
    number_i = next((i for i, p in enumerate(paras) if DOC_NUMBER.match(p.text)), None)
    date_i = next((i for i, p in enumerate(paras) if _standalone_date(p.text)), None)
    title_end = number_i if number_i is not None else min(1, len(paras))
    meta: dict = {}
    if title_end:
        first, last = paras[0], paras[title_end - 1]
        meta["title_span"] = Span(first.start, last.end)
        meta["title"] = text[first.start:last.end]
    if number_i is not None:
        m = DOC_NUMBER.match(paras[number_i].text)
        p = paras[number_i]
        meta.update(doc_number=m.group("number").strip(), doc_number_span=Span(p.start, p.end))
        meta["year"] = int(m.group("year"))
    addressees: list[Span] = []
    after_number = (number_i + 1) if number_i is not None else title_end
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
        issuer_i = _signature_index(paras, date_i)
        if issuer_i is not None:
            q = paras[issuer_i]
            meta.update(issuer=q.text, issuer_span=Span(q.start, q.end))
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
    m = DATE.fullmatch(text.strip().rstrip("."))
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


def _signature_index(paras: list[_Para], date_i: int) -> int | None:
    """The issuing body signs just before the date (or, in some translations, just after it)."""
    for i in (date_i - 1, date_i + 1):
        if 0 <= i < len(paras):
            t = paras[i].text
            if len(t) < 300 and not _ends_sentence(t) and looks_like_agency(t):
                return i
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
    """Stable across runs and machines: the year and document number identify a circular."""
    if meta.doc_number:
        key = regex.sub(r"[^\p{L}\p{N}]", "", meta.doc_number).lower()
    else:
        key = text
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return f"{meta.year or 'undated'}-{digest}"


# ------------------------------------------------------------------------------------------------- body

def read_body(paras: list[_Para], doc_id: str, text_end: int) -> tuple[list[Section], list[Goal], list[Measure]]:
    styles: list[str] = []  # heading styles in nesting order, learned from the document
    open_sections: list[Section] = []  # the current path from level 1 down
    sections: list[Section] = []
    goals: list[Goal] = []
    measures: list[Measure] = []
    child_counts: dict[str | None, int] = {}

    def close(level: int, end: int) -> None:
        while open_sections and open_sections[-1].level >= level:
            done = open_sections.pop()
            sections[sections.index(done)] = replace(done, span=Span(done.span.start, end))

    last_end = paras[0].start if paras else 0
    for p in paras:
        heading = _heading(p.text)
        if heading:
            style, m = heading
            if style not in styles:
                styles.append(style)
            level = styles.index(style) + 1
            close(level, last_end)
            parent = open_sections[-1] if open_sections else None
            parent_id = parent.section_id if parent else None
            ordinal = child_counts.get(parent_id, 0) + 1
            child_counts[parent_id] = ordinal
            path = f"{parent.section_id.rsplit('/', 1)[1]}." if parent else "s"
            section = Section(
                section_id=f"{doc_id}/{path}{ordinal}", parent_id=parent_id, level=level, ordinal=ordinal,
                label=m.group("label"), title=m.group("title"),
                title_span=Span(p.start + m.start("title"), p.start + m.end("title")),
                span=Span(p.start, p.end))
            sections.append(section)
            open_sections.append(section)
            last_end = p.end
            continue
        section_id = open_sections[-1].section_id if open_sections else None
        goal_label = GOAL_LABEL.match(p.text)
        if goal_label:
            goals.extend(split_goals(p, goal_label.end(), doc_id, section_id, goals))
        elif MEASURE_LABEL.fullmatch(p.text.strip()) or MEASURE_LABEL.match(p.text) and _is_label_only(p):
            pass
        elif omitted := (OMITTED_RANGE.match(p.text) or OMITTED_SINGLE.match(p.text)):
            first = int(omitted.group("first"))
            last = int(omitted.groupdict().get("last") or first)
            for number in range(first, last + 1):
                measures.append(Measure(measure_id="", section_id=section_id, number=number,
                                        status="omitted", text=None, span=Span(p.start, p.end)))
        elif item := ARABIC_ITEM.match(p.text):
            measures.append(_measure(p, item, section_id))
        else:
            continue
        last_end = p.end
    close(1, last_end)
    return sections, goals, _assign_measure_ids(measures, doc_id)


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


def _measure(p: _Para, item: regex.Match, section_id: str | None) -> Measure:
    s = p.start + item.start("title")
    e = p.end
    body = p.text[item.start("title"):]
    resp_text = resp_span = None
    m = TRAILING_PARENS.search(body)
    if m and _is_responsibility(m.group("inner")):
        inner_s = s + m.start("inner")
        resp_span = Span(inner_s, inner_s + len(m.group("inner")))
        resp_text = m.group("inner")
        e = s + m.start()
        body = body[:m.start()]
    return Measure(measure_id="", section_id=section_id, number=int(item.group("label")), status="listed",
                   text=body, span=Span(s, e), responsibility_text=resp_text, responsibility_span=resp_span)


def _is_responsibility(inner: str) -> bool:
    if RESPONSIBILITY_CUE.search(inner):
        return True
    pieces = split_agency_list(inner, 0, len(inner))
    return bool(pieces) and all(looks_like_agency(inner[p.start:p.end]) for p in pieces)


def _assign_measure_ids(measures: list[Measure], doc_id: str) -> list[Measure]:
    numbers = [m.number for m in measures]
    unique = len(numbers) == len(set(numbers))
    out = []
    for m in measures:
        if unique:
            mid = f"{doc_id}/m{m.number}"
        else:  # numbering restarts per section: the section path disambiguates
            where = m.section_id.rsplit("/", 1)[1] if m.section_id else "s0"
            mid = f"{doc_id}/{where}/m{m.number}"
        out.append(replace(m, measure_id=mid))
    return out
