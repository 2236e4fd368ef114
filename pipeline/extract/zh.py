"""Extraction for Chinese originals: instruments, agencies, responsibility and targets.

Rules are compiled regexes over the *matching copy* of the text (full-width forms as ASCII, traditional
characters simplified, same length: :func:`pipeline.ingest.language.matching_copy`), so offsets found in
the copy are offsets into the text as printed, and one rule book in simplified characters serves both
scripts. The rule books are ``pipeline/rules/zh/<concept>.json`` (each entry with its examples); agency
names come from the gazetteer (``name_zh``, ``aliases_zh``). Every scan is linear in the text.

The results are the dataclasses of the English extractors (:class:`~pipeline.model.AgencyMention`,
:class:`~pipeline.model.LawMention`, :class:`~pipeline.model.Target`), so the tables stack.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

import regex

from ..gazetteer import normalize_name, resolve, zh_names
from ..ingest.language import matching_copy
from ..intervals import Coverage, IntervalIndex
from ..model import AgencyMention, Document, LawMention, Target
from ..model import Span as TextSpan
from ..rules import alternation, rules
from .law_ids import make_law_id


@cache
def rule_book(concept: str) -> dict:
    """A concept of the zh rule book: its entries and the blocks beside them."""
    book = rules("zh")
    return {"entries": book.entries(concept), **book.extras[concept]}


def extract_zh(doc: Document) -> Document:
    """Add mentions to a segmented Chinese document (the ``extract`` stage for ``language == "zh"``)."""
    text = doc.text
    copy = matching_copy(text)
    titles = list(find_titles(copy))
    masked = _mask(copy, [(t.start, t.end) for t in titles])
    notes = list(responsibility_notes(doc, masked))
    front = Coverage(_front_matter(doc))
    laws = [m for m in law_mentions(doc, copy, titles) if not front.covers(m.span.start)]
    agencies = issuer_and_addressees(doc, copy) + [a for n in notes for a in n]
    agencies += [a for a in mentioned_agencies(doc, masked, notes) if not front.covers(a.span.start)]
    targets = find_targets(doc, _mask(copy, [(t.start, t.end) for t in titles] + _quotes(copy)))
    return replace(doc, law_mentions=tuple(sorted(laws, key=lambda m: (m.span.start, m.span.end))),
                   agency_mentions=tuple(sorted(agencies, key=lambda a: (a.span.start, a.span.end, a.role))),
                   targets=tuple(targets))


def _mask(copy: str, ranges: list[tuple[int, int]]) -> str:
    """The copy with the given ranges blanked out (same length), so no rule matches inside them."""
    chars = list(copy)
    for s, e in ranges:
        chars[s:e] = "\u2060" * (e - s)
    return "".join(chars)


def _front_matter(doc: Document) -> list[tuple[int, int]]:
    m = doc.metadata
    spans = [s for s in (m.title_span, m.doc_number_span, m.issuer_span, m.date_span, m.plan_title_span) if s]
    out = [(s.start, s.end) for s in [*spans, *doc.addressees, *(s.title_span for s in doc.sections)]]
    if m.issuer_span and m.date_span:  # the signature block, with a seal line (（国家知识产权局代章）) in it
        out.append((min(m.issuer_span.start, m.date_span.start), max(m.issuer_span.end, m.date_span.end)))
    return out


# --- instruments ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Title:
    start: int  # the title's first character, inside 《》 (or the bare name)
    end: int
    bracketed: bool


# 《…》 with at most one level of nesting (《关于印发《X》的通知》). A title holds no sentence punctuation, so
# an unbalanced 《 (（《以下简称《纲要》）) cannot swallow the text after it.
_TITLE_CHAR = r"[^《》\n,，.。;；:：]"
TITLE = regex.compile(rf"《(?P<t>(?:{_TITLE_CHAR}|《{_TITLE_CHAR}{{1,80}}》){{1,150}}?)》")


def find_titles(copy: str) -> Iterator[Title]:
    """《…》 titles and bare law names (outside titles), in text order."""
    found = [Title(m.start("t"), m.end("t"), True) for m in TITLE.finditer(copy)]
    taken = Coverage((t.start - 1, t.end + 1) for t in found)
    for m in _bare_laws().finditer(copy):
        if not taken.covers(m.start()):
            found.append(Title(m.start(), m.end(), False))
    return iter(sorted(found, key=lambda t: t.start))


@cache
def _law_entries() -> tuple[dict, ...]:
    return tuple(rule_book("laws")["entries"])


@cache
def _bare_laws() -> regex.Pattern:
    names = [e["name"] for e in _law_entries() if e.get("bare")]
    return regex.compile(rf"(?:中华人民共和国)?(?:{alternation(names)})(?!实施细则|实施条例|实施办法)")


TITLE_SUFFIX = regex.compile(r"\s*\((?:[^()]*\d{4}[^()]*|试行|暂行|修订|修正|草案|征求意见稿|[^()]{1,6}部分)\)\s*$")


def title_key(title: str) -> str:
    """The form titles are compared in: simplified, no 中华人民共和国, no trailing （试行）/（2021—2035年）."""
    t = matching_copy(title).strip().strip("《》")
    t = regex.sub(r"^中华人民共和国", "", t)
    while TITLE_SUFFIX.search(t):
        t = TITLE_SUFFIX.sub("", t)
    return regex.sub(r"\s+", "", t)


@cache
def _canonical_index() -> dict[str, dict]:
    index = {}
    for e in _law_entries():
        for t in (e["name"], *e.get("aliases", [])):
            index[title_key(t)] = e
        for t in (e["title_en"], *e.get("aliases_en", [])):
            index[_english_key(t)] = e
    return index


def _english_key(title: str) -> str:
    t = regex.sub(r"\s*\([^()]*\d{4}[^()]*\)\s*$", "", title)
    return "en:" + regex.sub(r"^(?:the|law of the people's republic of china on)\s+", "",
                             normalize_name(t).replace(" of the people's republic of china", "")).strip()


def canonical_law(title: str) -> dict | None:
    """The rule-book entry of an instrument, from its Chinese or English title, or None."""
    if regex.search(r"\p{Han}", title):
        return _canonical_index().get(title_key(title))
    return _canonical_index().get(_english_key(title))


def law_id_for(title: str) -> str:
    """One id per instrument: from the rule book's English title when the instrument is listed there (so a
    Chinese and an English mention share it), else from the Chinese title."""
    entry = canonical_law(title)
    if entry is not None:
        return make_law_id(entry["title_en"])
    key = title_key(title)
    return f"zh-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


@cache
def _type_rules() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(e["pattern"]), e["type"]) for e in rule_book("instrument_types")["entries"])


def instrument_type(title: str) -> str:
    entry = canonical_law(title)
    if entry is not None:
        return entry["type"]
    key = title_key(title)
    return next((t for p, t in _type_rules() if p.search(key)), "other")


@cache
def _action_rules() -> tuple[regex.Pattern, dict[str, str], regex.Pattern]:
    book = rule_book("actions")
    verbs = {}
    for e in book["entries"]:
        for v in e["pattern"].split("|"):
            verbs[v] = e["action"]
    light = regex.compile(alternation(book["light_verbs"]))
    return regex.compile(alternation(verbs)), verbs, light


CLAUSE_BREAK = regex.compile(r"[。；;，,：:!?！？\n]|[(（]")


def action_of(masked: str, start: int, end: int) -> str | None:
    """The governing verb of the title at ``start:end`` (brackets included): the nearest action verb
    before it in its clause; else (推进《A》《B》修改) the last verb between it and the clause's end."""
    verbs_re, verbs, _ = _action_rules()
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(masked, max(0, start - 80), start)), default=0)
    # "国务院印发的《纲要》": a verb before 的 describes the title; the clause's governing verb comes earlier
    found = [m for m in verbs_re.finditer(masked, clause_start, start) if masked[m.end():m.end() + 1] != "的"]
    if found:
        return verbs[found[-1].group()]
    after_end = CLAUSE_BREAK.search(masked, end)
    tail = list(verbs_re.finditer(masked, end, after_end.start() if after_end else len(masked)))
    return verbs[tail[-1].group()] if tail else None


SHORT_NAME = regex.compile(r"(?:以下简称|下称|简称)$")
# "《A》（以下简称《纲要》）和《B》": the definition is no clause break, so B keeps the verb governing A.
SHORT_NAME_NOTE = regex.compile(r"\((?:《)?(?:以下简称|下称|简称)[^()\n]{1,30}\)")


def law_mentions(doc: Document, copy: str, titles: list[Title]) -> list[LawMention]:
    """One mention per title; 《纲要》 defined as a short name (（以下简称《纲要》）) is the instrument it names."""
    masked = _mask(copy, [(t.start - t.bracketed, t.end + t.bracketed) for t in titles]
                   + [m.span() for m in SHORT_NAME_NOTE.finditer(copy)])
    short: dict[str, str] = {}
    out = []
    for i, t in enumerate(titles):
        surface = doc.text[t.start:t.end]
        if t.bracketed and SHORT_NAME.search(copy, max(0, t.start - 8), t.start - 1) and i:
            short[title_key(surface)] = doc.text[titles[i - 1].start:titles[i - 1].end]
            continue
        named = short.get(title_key(surface), surface)
        entry = canonical_law(named)
        measure = doc.measure_at(t.start)
        out.append(LawMention(
            mention_id=f"{doc.doc_id}/l{t.start}-{t.end}", law_id=law_id_for(named),
            title=entry["name"] if entry else named, instrument_type=instrument_type(named), surface=surface,
            action=action_of(masked, t.start - t.bracketed, t.end + t.bracketed),
            section_id=doc.section_at(t.start), measure_id=measure.measure_id if measure else None,
            span=TextSpan(t.start, t.end)))
    return out


# --- agencies ------------------------------------------------------------------------------------------------

def _mention(doc: Document, start: int, end: int, role: str, lead: bool = False,
             agency_id: str | None | bool = False) -> AgencyMention:
    surface = doc.text[start:end]
    measure = doc.measure_at(start)
    if agency_id is False:
        agency_id = resolve(surface, doc.metadata.year)
    return AgencyMention(
        mention_id=f"{doc.doc_id}/a{start}-{end}-{role}", agency_id=agency_id, surface=surface, role=role,
        lead=lead, section_id=doc.section_at(start), measure_id=measure.measure_id if measure else None,
        span=TextSpan(start, end))


@cache
def _agency_regex() -> regex.Pattern:
    # A bare short form preceded by 省/市/县 names a local office, and 科技部门 is "S&T departments".
    return regex.compile(rf"(?<![省市县区州级])(?:{alternation(zh_names())})(?!门)")


def _units(copy: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Units of a list split at 、 (and ， ；) outside brackets, trimmed."""
    depth, s = 0, start
    for i in range(start, end + 1):
        ch = copy[i] if i < end else "、"
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in "、，,；;" and depth == 0:
            a, b = s, i
            while a < b and copy[a] in " \u2060":
                a += 1
            while b > a and copy[b - 1] in " \u2060：:":
                b -= 1
            if b > a:
                yield a, b
            s = i + 1


def issuer_and_addressees(doc: Document, copy: str) -> list[AgencyMention]:
    out = []
    m = doc.metadata
    if m.issuer_span:
        out.append(_mention(doc, m.issuer_span.start, m.issuer_span.end, "issuer"))
    for span in doc.addressees:
        for s, e in _units(copy, span.start, span.end):
            out.append(_mention(doc, s, e, "addressee"))
    return out


@cache
def _responsibility_rules():
    book = rule_book("responsibility")
    parts = [(regex.compile(e["pattern"]), e["part"]) for e in book["entries"]]
    return (parts, regex.compile(book["cue"]["pattern"]), regex.compile(book["lead_before"]["pattern"]),
            regex.compile(book["trailing_group"]["pattern"]), regex.compile(book["collectives"]["pattern"]))


# What follows a note: the end of the sentence or text, or (in run-together text) the next item or heading.
NOTE_FOLLOWER = regex.compile(
    r"\s*(?:$|[。.;；\n\u2060\d]|[一二三四五六七八九十]+[、 \u3000]|\([一二三四五六七八九十\d]+\))")
NOTE = regex.compile(r"\((?P<inner>(?:[^()\n]|\([^()\n]*\))*)\)")


def responsibility_notes(doc: Document, masked: str) -> Iterator[list[AgencyMention]]:
    """The units of each responsibility parenthetical （X、Y负责）, （X牵头，Y参与）, one list per note."""
    parts, cue, _, _, _ = _responsibility_rules()
    for m in NOTE.finditer(masked):
        if not cue.search(m.group("inner")):
            continue
        # A note closes its sentence or paragraph: what follows is 。, a line end or the next item.
        if not NOTE_FOLLOWER.match(masked, m.end()):
            continue
        yield list(_note_units(doc, masked, m.start("inner"), m.end("inner")))


def _note_units(doc: Document, masked: str, start: int, end: int) -> Iterator[AgencyMention]:
    parts, _, lead_before, group, collectives = _responsibility_rules()
    clauses = []
    depth, s = 0, start
    for i in range(start, end + 1):
        ch = masked[i] if i < end else "，"
        depth += (ch == "(") - (ch == ")")
        if ch in "，,；;" and depth == 0:
            clauses.append((s, i))
            s = i + 1
    for cs, ce in clauses:
        clause = masked[cs:ce]
        part = None
        for pattern, name in parts:
            m = pattern.search(clause)
            if m:
                part, ce = name, cs + m.start()
                break
        lead = part == "lead"
        pieces = [(cs, ce, lead)]
        with_ = lead_before.search(masked, cs, ce)
        if with_:  # X会同Y: X leads
            pieces = [(cs, with_.start(), True), (with_.end(), ce, lead)]
        for ps, pe, is_lead in pieces:
            for us, ue in _units(masked, ps, pe):
                g = group.search(masked, us, ue)
                if g and g.start() > us:
                    ue = g.start()
                unit = masked[us:ue]
                agency_id: str | None | bool = None if collectives.search(unit) else False
                yield _mention(doc, us, ue, "responsible", is_lead, agency_id)


def mentioned_agencies(doc: Document, masked: str, notes: list[list[AgencyMention]]) -> list[AgencyMention]:
    """Gazetteer names elsewhere in the running text (never inside a 《》 title or a responsibility note)."""
    taken = Coverage((n[0].span.start, n[-1].span.end) for n in notes if n)
    out = []
    for m in _agency_regex().finditer(masked):
        if not taken.covers(m.start()):
            out.append(_mention(doc, m.start(), m.end(), "mentioned"))
    return out


# --- targets -------------------------------------------------------------------------------------------------

class _Entries:
    """An alternation of rule-book entries (in book order, so a longer phrase is listed first) and the
    value of the entry a matched text comes from."""

    def __init__(self, entries: list[dict], key: str) -> None:
        self.entries = [(regex.compile(e["pattern"]), e[key]) for e in entries]
        self.pattern = "|".join(f"(?:{e['pattern']})" for e in entries)

    def get(self, matched: str) -> str | None:
        return next((v for p, v in self.entries if matched and p.fullmatch(matched)), None)


@cache
def _target_regex() -> tuple[regex.Pattern, _Entries, _Entries, _Entries, dict]:
    book = rule_book("targets")
    cmp_of, suffix_of = _Entries(book["entries"], "comparator"), _Entries(book["suffix_comparators"], "comparator")
    unit_of = _Entries(book["units"], "unit")
    before, after, units = cmp_of.pattern, suffix_of.pattern, unit_of.pattern
    mags = book["magnitudes"]
    pattern = regex.compile(
        rf"(?:(?P<cmp>{before})\s*)?"
        rf"(?<![\d.A-Za-z]|{book['not_after']})(?P<lo>\d+(?:\.\d+)?)(?:\s*[-—–~～至到]\s*(?P<hi>\d+(?:\.\d+)?))?"
        rf"(?P<mag>{alternation(mags)})?(?P<unit>{units})(?!{book['not_before_unit']})"
        rf"(?P<suffix>{after})?")
    return pattern, cmp_of, suffix_of, unit_of, mags


YEAR_LIKE = regex.compile(r"^(?:19|20)\d\d$")
NOUN_AFTER = regex.compile(
    rf"[\p{{Han}}A-Za-z]{{1,16}}?(?={alternation(rule_book('targets')['counted_noun_stops'])}|[^\p{{Han}}A-Za-z]|$)")
SUBJECT_BREAK = regex.compile(r"[。；;，,：:、\n\u2060()]")
SUBJECT_LEAD = regex.compile(r"^(?:确保|力争|推动|推进|争取|实现|使|其中|全年|年内|累计|新增)+")


def find_targets(doc: Document, masked: str) -> list[Target]:
    """Targets in listed measures and goals: 不少于20个, 达到1800亿元, 提高到5%以上, 15个月以内, 2.5万家."""
    pattern, cmp_of, suffix_of, units, mags = _target_regex()
    regions = [(m.span.start, m.span.end, m.measure_id) for m in doc.measures if m.status == "listed"]
    regions += [(g.span.start, g.span.end, None) for g in doc.goals]
    # The first region (measures, then goals) holding the match: by bisection, not a scan per match.
    holding = IntervalIndex((s, e, k, (s, e, key)) for k, (s, e, key) in enumerate(regions))
    out = []
    for m in pattern.finditer(masked):
        start, end = m.start(), m.end()
        region = next((r for r in holding.at(start) if end <= r[1]), None)
        if region is None:
            continue
        lo, hi = m.group("lo"), m.group("hi") or m.group("lo")
        unit = units.get(m.group("unit"))
        if YEAR_LIKE.match(lo) and unit not in ("yuan", "%", "count"):
            continue
        scale = mags.get(m.group("mag") or "", 1)
        comparator = suffix_of.get(m.group("suffix") or "") or cmp_of.get(m.group("cmp") or "") or "="
        subject = None
        if unit == "count":
            noun = NOUN_AFTER.match(masked, end)
            subject = noun.group() if noun else None
        if subject is None:
            clause_start = max((b.end() for b in SUBJECT_BREAK.finditer(masked, region[0], start)), default=region[0])
            subject = SUBJECT_LEAD.sub("", doc.text[clause_start:start].strip()) or None
        out.append(Target(
            target_id=f"{doc.doc_id}/t{start}-{end}", measure_id=region[2], subject=subject, comparator=comparator,
            value_min=float(lo) * scale, value_max=float(hi) * scale, unit=unit, surface=doc.text[start:end],
            span=TextSpan(start, end)))
    return out


def _quotes(copy: str) -> list[tuple[int, int]]:
    """“十四五” and other quoted names: their numbers are not quantities."""
    return [m.span() for m in regex.finditer(r"“[^”\n]{1,40}”", copy)]
