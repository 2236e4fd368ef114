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

import bisect
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache

import regex

from ..gazetteer import named_in, resolve, split_zh_list, zh_list_rules, zh_names
from ..ingest.language import matching_copy
from ..intervals import Coverage, IntervalIndex
from ..model import AgencyMention, Document, LawMention, Section, StageError, Target
from ..model import Span as TextSpan
from ..patterns import DOC_NUMBER_INLINE, words_start
from ..rules import alternation
from ..rules.profiles import script_book
from .law_ids import canonical_law, is_own_title, make_law_id, title_key

ZH = script_book("han")  # the zh rule book (pipeline.rules.profiles): its patterns are compiled there, once


def extract_zh(doc: Document) -> Document:
    """Add mentions to a segmented Chinese document (the ``extract`` stage for ``language == "zh"``).

    Each family (agencies, laws, targets) is found on its own, as in English: a crash in one is recorded as
    ``extract.<family>`` (status ``partial``) and the other two are kept."""
    copy = matching_copy(doc.text)
    titles = list(find_titles(copy))
    found: dict[str, tuple] = {}
    errors: list[StageError] = []
    for family, finder, field in (
        ("agencies", _agencies, "agency_mentions"),
        ("laws", _laws, "law_mentions"),
        ("targets", _targets, "targets"),
    ):
        try:
            found[field] = tuple(finder(doc, copy, titles))
        except Exception as exc:  # noqa: BLE001 - one family's bug must not lose the others
            errors.append(StageError(f"extract.{family}", f"{type(exc).__name__}: {exc}"))
    out = replace(doc, **found)
    return replace(out, status="partial", errors=doc.errors + tuple(errors)) if errors else out


def _laws(doc: Document, copy: str, titles: list[Title]) -> list[LawMention]:
    front = Coverage(_front_matter(doc))
    laws = [m for m in law_mentions(doc, copy, titles) if not front.covers(m.span.start)]
    return sorted(laws, key=lambda m: (m.span.start, m.span.end))


def _agencies(doc: Document, copy: str, titles: list[Title]) -> list[AgencyMention]:
    # Titles and document numbers (国办发〔2014〕51号) name bodies that are not mentioned by the text.
    # An address line (通讯地址：甲州市政府第二办公区) names a place, not a body at work.
    masked = _mask(
        copy,
        [(t.start, t.end) for t in titles]
        + [m.span() for m in DOC_NUMBER_INLINE.finditer(copy)]
        + [m.span() for m in _address_line().finditer(copy)],
    )
    notes = list(responsibility_notes(doc, masked))
    front = Coverage(_front_matter(doc, paragraph_title))  # a body named in a paragraph set as a heading is mentioned
    agencies = issuer_and_addressees(doc, copy) + [a for n in notes for a in n]
    mentioned = [a for a in mentioned_agencies(doc, masked, notes) if not front.covers(a.span.start)]
    spans = [(a.span.start, a.span.end) for a in agencies + mentioned]
    spans += [(n[0].span.start, n[-1].span.end) for n in notes if n]
    # a local bureau's short name (区教育局) bounds a functional name after it (区教育局幼儿招生负责科室)
    found = Coverage(spans + [(a.span.start, a.span.end) for a in short_bodies(doc, masked, Coverage(spans))])
    agencies += mentioned + [a for a in functional_bodies(doc, masked, found) if not front.covers(a.span.start)]
    for finder in (listed_bodies, short_bodies, contact_bodies, printing_office):
        found = Coverage([(a.span.start, a.span.end) for a in agencies])
        agencies += [a for a in finder(doc, masked, found) if not front.covers(a.span.start)]
    agencies = _divisions(doc, masked, _second_nameplates(doc, masked, _departments_of(doc, masked, agencies)))
    coordinated, names = coordinated_bodies(doc, masked, agencies)
    agencies = _without_restatements(doc, agencies + coordinated, names)
    # Residents' and villagers' committees are self-governing organisations, not government bodies.
    self_governing = ZH.pattern("agency_heads", "self_governing")
    agencies = [a for a in agencies if a.agency_id or not self_governing.search(GLOSS.sub("", a.surface))]
    # A short form several bodies share is the one the document names in full (title and front matter included).
    named = named_in(m.group() for m in _agency_regex().finditer(copy))
    agencies = [
        replace(a, agency_id=resolve(a.surface, doc.metadata.year, named)) if a.agency_id else a for a in agencies
    ]
    return sorted(agencies, key=lambda a: (a.span.start, a.span.end, a.role))


def _targets(doc: Document, copy: str, titles: list[Title]) -> list[Target]:
    return find_targets(doc, _mask(copy, [(t.start, t.end) for t in titles] + _quotes(copy)))


def _mask(copy: str, ranges: list[tuple[int, int]]) -> str:
    """The copy with the given ranges blanked out (same length), so no rule matches inside them."""
    chars = list(copy)
    for s, e in ranges:
        chars[s:e] = "\u2060" * (e - s)
    return "".join(chars)


def _front_matter(doc: Document, text_title: Callable[[Section], bool] | None = None) -> list[tuple[int, int]]:
    """The spans no mention is read in: title, number, issuer, date, furniture, addressees, the signature and the
    headings' titles, but those ``text_title`` finds running text (by default :func:`running_title`)."""
    text_title = text_title or running_title
    m = doc.metadata
    spans = [s for s in (m.title_span, m.doc_number_span, m.issuer_span, m.date_span, m.plan_title_span) if s]
    spans += list(m.furniture_spans)
    headings = [s.title_span for s in doc.sections if s.kind == "heading" and not text_title(s)]
    out = [(s.start, s.end) for s in [*spans, *doc.addressees, *headings]]
    # The signature block, with a seal line (（国家知识产权局代章）) in it.
    if m.issuer_span and m.date_span and m.issuer_source == m.issue_date_source == "signature":
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
_VERSION_STOP = r"(?<=\d)\.(?=\d)"  # a version's stop: 《…技术规范（V1.0）》, 《…指南（2.0版）》
TITLE = regex.compile(rf"《(?P<t>(?:{_TITLE_CHAR}|{_VERSION_STOP}|《{_TITLE_CHAR}{{1,80}}》){{1,150}}?)》")


def find_titles(copy: str) -> Iterator[Title]:
    """《…》 titles and bare law names (outside titles), in text order."""
    found = [Title(m.start("t"), m.end("t"), True) for m in TITLE.finditer(copy)]
    taken = Coverage((t.start - 1, t.end + 1) for t in found)
    for m in ZH.re("bare_law").finditer(copy):
        if not taken.covers(m.start()):
            found.append(Title(m.start(), m.end(), False))
    return iter(sorted(found, key=lambda t: t.start))


_LAWS = ZH.extras["laws"]  # the book's title words: the state's name, closing-bracket words, short-name cues
HAN = regex.compile(r"\p{Han}")
SHORT_QUOTE = regex.compile(r"“[^”\n]{1,40}”")
# The index of the instruments the rule book lists (title_key, canonical_law) is in law_ids: both languages read it.


def law_id_for(title: str) -> str:
    """One id per instrument: from the rule book's English title when the instrument is listed there (so a
    Chinese and an English mention share it), else from the Chinese title."""
    entry = canonical_law(title)
    if entry is not None:
        return make_law_id(entry["title_en"])
    key = title_key(title)
    return f"zh-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def instrument_type(title: str) -> str:
    entry = canonical_law(title)
    if entry is not None:
        return entry["type"]
    key = title_key(title)
    return next((e["type"] for p, e in ZH.each("instrument_types") if p.search(key)), "other")


CLAUSE_BREAK = regex.compile(r"[。；;，,：:!?！？\n]|[(（]")


def action_of(masked: str, start: int, end: int) -> str | None:
    """The governing verb of the title at ``start:end`` (brackets included): the nearest action verb
    before it in its clause; else (推进《A》《B》修改) the last verb between it and the clause's end."""
    verbs = ZH.re("action_verb")
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(masked, max(0, start - 80), start)), default=0)
    # "国务院印发的《纲要》": a verb before 的 describes the title; the clause's governing verb comes earlier
    found = [m for m in verbs.finditer(masked, clause_start, start) if masked[m.end() : m.end() + 1] != "的"]
    if found:
        return ZH.value_of("actions", "entries", "action", found[-1].group())
    after_end = CLAUSE_BREAK.search(masked, end)
    tail = list(verbs.finditer(masked, end, after_end.start() if after_end else len(masked)))
    return ZH.value_of("actions", "entries", "action", tail[-1].group()) if tail else None


SHORT_NAME = regex.compile(rf"(?:{_LAWS['short_name_cue']['pattern']})$")
# "《A》（以下简称《纲要》）和《B》": the definition is no clause break, so B keeps the verb governing A.
SHORT_NAME_NOTE = regex.compile(rf"\((?:《)?(?:{_LAWS['short_name_cue']['pattern']})[^()\n]{{1,30}}\)")


@cache
def _conveyed() -> regex.Pattern:
    """ "关于印发X的通知": X, the instrument a notice issues (the rule book's issuing verbs, laws.json
    ``conveying_notice``)."""
    verbs, conveying = ZH.pattern("identity", "issuing_verb").pattern, _LAWS["conveying_notice"]
    return regex.compile(rf"(?:{verbs}|{conveying['verbs']})《?(?P<x>[^《》]+?)》?的(?:{conveying['notices']})$")


def own_titles(doc: Document) -> set[str]:
    """The document's own title keys: its title, its plan title and what its notice issues."""
    keys = set()
    for title in (doc.metadata.title, doc.metadata.plan_title):
        if title:
            keys.add(title_key(title))
            conveyed = _conveyed().search(matching_copy(title).strip())
            if conveyed:
                keys.add(title_key(conveyed.group("x")))
    return keys - {""}


def law_mentions(doc: Document, copy: str, titles: list[Title]) -> list[LawMention]:
    """One mention per title; 《纲要》 defined as a short name (（以下简称《纲要》）) is the instrument it names.
    Titles naming no instrument (forms, certificates: ``instrument_types``) and the document's own title
    give no mention."""
    own = own_titles(doc)
    masked = _mask(
        copy,
        [(t.start - t.bracketed, t.end + t.bracketed) for t in titles]
        + [m.span() for m in SHORT_NAME_NOTE.finditer(copy)],
    )
    short: dict[str, str] = {}
    out = []
    for i, t in enumerate(titles):
        surface = doc.text[t.start : t.end]
        if t.bracketed and SHORT_NAME.search(copy, max(0, t.start - 8), t.start - 1) and i:
            short[title_key(surface)] = doc.text[titles[i - 1].start : titles[i - 1].end]
            continue
        named = short.get(title_key(surface), surface)
        if instrument_type(named) == "not_instrument" or is_own_title(title_key(named), own):
            continue
        entry = canonical_law(named)
        measure = doc.measure_at(t.start)
        out.append(
            LawMention(
                mention_id=f"{doc.doc_id}/l{t.start}-{t.end}",
                law_id=law_id_for(named),
                title=entry["name"] if entry else named,
                instrument_type=instrument_type(named),
                surface=surface,
                action=action_of(masked, t.start - t.bracketed, t.end + t.bracketed),
                section_id=doc.section_at(t.start),
                measure_id=measure.measure_id if measure else None,
                span=TextSpan(t.start, t.end),
            )
        )
    return out


# --- agencies ------------------------------------------------------------------------------------------------


def _mention(
    doc: Document,
    start: int,
    end: int,
    role: str,
    lead: bool = False,
    agency_id: str | None | bool = False,
    responsibility: str | None = None,
) -> AgencyMention:
    surface = doc.text[start:end]
    measure = doc.measure_at(start)
    if agency_id is False:
        agency_id = resolve(surface, doc.metadata.year)
    return AgencyMention(
        mention_id=f"{doc.doc_id}/a{start}-{end}-{role}",
        agency_id=agency_id,
        surface=surface,
        role=role,
        lead=lead,
        section_id=doc.section_at(start),
        measure_id=measure.measure_id if measure else None,
        span=TextSpan(start, end),
        responsibility=responsibility,
    )


@cache
def _agency_regex() -> regex.Pattern:
    # A bare short form preceded by 省/市/县 names a local office, and 科技部门 is "S&T departments".
    return regex.compile(rf"(?<![省市县区州级])(?:{alternation(zh_names())})(?!门)")


def _units(copy: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Units of a list (pipeline.gazetteer.split_zh_list, the splitter the addressee line is read with)."""
    return ((u.start, u.end) for u in split_zh_list(copy, start, end))


def issuer_and_addressees(doc: Document, copy: str) -> list[AgencyMention]:
    out = []
    m = doc.metadata
    for span in m.issuer_spans or ([m.issuer_span] if m.issuer_span else []):
        out.append(_mention(doc, span.start, span.end, "issuer"))
    for span in doc.addressees:
        for s, e in _units(copy, span.start, span.end):
            out.append(_mention(doc, s, e, "addressee"))
    return out


# What follows a note: the end of the sentence or text, or (in run-together text) the next item or heading.
NOTE_FOLLOWER = regex.compile(
    r"\s*(?:$|[。.;；\n\u2060\d]|[一二三四五六七八九十]+[、 \u3000]|\([一二三四五六七八九十\d]+\))"
)
NOTE = regex.compile(r"\((?P<inner>(?:[^()\n]|\([^()\n]*\))*)\)")


def responsibility_notes(doc: Document, masked: str) -> Iterator[list[AgencyMention]]:
    """The units of each responsibility parenthetical （X、Y负责）, （X牵头，Y参与）, one list per note."""
    cue = ZH.re("responsibility_cue")
    for m in NOTE.finditer(masked):
        if not cue.search(m.group("inner")):
            continue
        # A note closes its sentence or paragraph: what follows is 。, a line end or the next item.
        if not NOTE_FOLLOWER.match(masked, m.end()):
            continue
        yield list(_note_units(doc, masked, m.start("inner"), m.end("inner")))
    yield from label_notes(doc, masked)
    for x in doc.measures:  # a table's column of responsible bodies (指导部门: pipeline.segment.body.table_rows)
        if x.kind == "table_row" and x.responsibility_span:
            yield list(_note_units(doc, masked, x.responsibility_span.start, x.responsibility_span.end))


# The part a note gives its units -> agency_mentions.responsibility
RESPONSIBILITY_OF = {"lead": "lead", "responsible": "responsible", "participant": "participating", None: "responsible"}
LABEL_LIST_END = regex.compile(r"[。；;\n]")


def label_notes(doc: Document, masked: str) -> Iterator[list[AgencyMention]]:
    """The units after a responsibility label (``responsibility`` ``labels``: 负责部门：X、Y; 牵头单位：X；配合单位：Y),
    up to the end of the sentence or line or the next label; under 负责部门/责任单位 the first unit leads."""
    found = []
    for pattern, entry in ZH.each("responsibility", "labels"):
        found += [(m, entry["part"]) for m in regex.finditer(rf"(?:{pattern.pattern})\s*[:：]", masked)]
    found.sort(key=lambda f: f[0].start())
    for k, (m, part) in enumerate(found):
        stop = LABEL_LIST_END.search(masked, m.end())
        end = min(stop.start() if stop else len(masked), found[k + 1][0].start() if k + 1 < len(found) else len(masked))
        units = list(_units(masked, m.end(), end))
        yield [
            _mention(
                doc,
                us,
                ue,
                "responsible",
                part == "lead" or (part == "responsible" and i == 0),
                responsibility="lead" if part == "responsible" and i == 0 else RESPONSIBILITY_OF[part],
            )
            for i, (us, ue) in enumerate(units)
        ]


def _note_units(doc: Document, masked: str, start: int, end: int) -> Iterator[AgencyMention]:
    lead_before, group = ZH.re("responsibility_lead_before"), ZH.re("responsibility_trailing_group")
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
        for pattern, entry in ZH.each("responsibility"):
            m = pattern.search(clause)
            if m:
                part, ce = entry["part"], cs + m.start()
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
                agency_id: str | None | bool = None if ZH.re("responsibility_collective").search(unit) else False
                yield _mention(
                    doc, us, ue, "responsible", is_lead, agency_id, "lead" if is_lead else RESPONSIBILITY_OF[part]
                )


def mentioned_agencies(doc: Document, masked: str, notes: list[list[AgencyMention]]) -> list[AgencyMention]:
    """Gazetteer names elsewhere in the running text (never inside a 《》 title or a responsibility note)."""
    taken = Coverage((n[0].span.start, n[-1].span.end) for n in notes if n)
    level = ZH.pattern("agency_heads", "level_prefix")
    out = []
    for m in _agency_regex().finditer(masked):
        if not taken.covers(m.start()) and not (level.fullmatch(m.group()) and _opens_functional_name(masked, m.end())):
            out.append(_mention(doc, m.start(), m.end(), "mentioned"))
    return out


def _opens_functional_name(masked: str, end: int) -> bool:
    """A level body's name (国务院) opens the name of a body of that level named by its function (国务院司法行政部门,
    国务院有关部门): it is not a mention of the level body itself."""
    heads, boundary = ZH.pattern("agency_heads", "functional_head"), ZH.pattern("agency_heads", "left_boundary")
    h = heads.search(masked, end, end + FUNCTIONAL_DOMAIN_MAX)
    return (
        bool(h)
        and all(HAN.match(c) for c in masked[end : h.start()])
        and not any(boundary.search(masked, end, e) for e in range(end + 1, h.start() + 1))
    )


FUNCTIONAL_DOMAIN_MAX = 20  # Han characters a functional body's name may run before its head
NAME_GAP_MAX = 12  # Han characters between a head and the next head of the same name (…人民政府市场监督管理部门)
SHORT_DOMAIN = (2, 4)  # an unprefixed name (登记机关) this long, standing after a boundary, is a body
LEADING_JOINER = regex.compile(r"^[和及与或、]*")
GLOSS_LEVEL_MAX = 2  # Han characters of a level or place before its bracketed alternative (村, 香港, 各区)
# A bracketed alternative inside a name, right before the scan point: 各区（街镇）, 香港（澳门）
BRACKET_GLOSS = regex.compile(r"\(\p{Han}{1,4}\)$")
GLOSS = regex.compile(r"[(（]\p{Han}{1,4}[)）]")  # the same, as printed: 村（居）民委员会 is 村民委员会 or 居民委员会
OWNED = regex.compile(rf"(?P<name>\p{{Han}}{{2,{NAME_GAP_MAX}}})(?=[^\p{{Han}}]|$)")  # a name run to a mark
# a name the text defines a short form of: 集成电路布图设计行政执法委员会（以下简称行政执法委员会）
DEFINED = regex.compile(r"\((?:以下简称|以下称|简称)")


def functional_bodies(doc: Document, masked: str, taken: Coverage) -> list[AgencyMention]:
    """Bodies named by their function in running text (区民政部门, 登记机关, 公安机关, 人民法院): a head of the rule
    book (``agency_heads`` ``functional_head``) and the Han characters before it back to a boundary word, a
    punctuation mark or a mention already found; of these, the shortest name that starts with a level or place
    word (``level_prefix``: 国务院, 省, 区, 县级以上 …), else the whole run when it is short and stands after a
    boundary. A body left unnamed (有关部门, 市有关部门: ``vague_domain``, ``vague_end``) or a head that
    modifies what follows (部门预算: ``head_not_before``) is none."""
    heads = ZH.pattern("agency_heads", "functional_head")
    boundary = ZH.pattern("agency_heads", "left_boundary")
    vague = ZH.pattern("agency_heads", "vague_domain")
    level = ZH.pattern("agency_heads", "level_prefix")
    vague_end = ZH.pattern("agency_heads", "vague_end")
    modifier = ZH.pattern("agency_heads", "head_not_before")
    out: list[AgencyMention] = []
    places = own_places(doc)
    floor = 0  # the end of the body found last: a body never reaches into the one before it
    # a joiner inside a department's name (规划和自然资源, 人力资源和社会保障) is no boundary
    # (社会组织管理部门, 支持…专项小组: 组织 and 持 are no boundary there either)
    scan = ZH.pattern("agency_heads", "joined_domain").sub(lambda m: "龢" * len(m.group()), masked)
    bare = ZH.pattern("agency_heads", "bare_body")
    unit = ZH.pattern("agency_heads", "sub_unit")
    body_end = ZH.pattern("agency_heads", "head_noun")
    zone = regex.compile(rf"(?:{ZH.pattern('agency_heads', 'zone').pattern})$")
    found = list(heads.finditer(masked))
    for k, h in enumerate(found):
        if taken.covers(h.start()):
            continue  # found already
        if modifier.match(masked, h.end()) and not _second_of_pair(masked, h.start(), heads):
            continue  # a modifier (部门预算), not the second of two bodies (金融监督管理部门与司法机关之间)
        if k + 1 < len(found) and _within_name(masked, h.end(), found[k + 1].start(), boundary):
            continue  # 人民政府 inside 县级以上地方人民政府市场监督管理部门: the longer name is read at its head
        owned = OWNED.match(masked, h.end()) if h.group().endswith("政府") else None
        if (
            owned
            and not unit.fullmatch(owned.group("name"))
            and body_end.search(owned.group("name"))
            and _within_name(masked, h.end(), owned.end(), boundary)
        ):
            continue  # 人民政府 owning a body named after it (…人民政府国有资产监督管理局): not a mention itself
        start = h.start()
        glosses: list[tuple[int, int]] = []  # bracketed alternatives inside the name (各区（街镇）社保经办机构)
        while start > floor and h.start() - start < FUNCTIONAL_DOMAIN_MAX and not taken.covers(start - 1):
            gloss = BRACKET_GLOSS.search(masked, max(floor, start - 7), start)
            if gloss and gloss.start() > floor and HAN.match(masked[gloss.start() - 1]):
                glosses.append(gloss.span())
                start = gloss.start()
                continue
            if not HAN.match(masked[start - 1]):
                break
            b = boundary.search(scan, max(floor, start - 4), start)
            if b and not level.fullmatch(b.group()):
                break
            start = b.start() if b else start - 1  # a level word among the boundaries (各级) is part of the name
        clean = h.start() - start < FUNCTIONAL_DOMAIN_MAX  # the run starts at a boundary, not mid-clause
        start += len(LEADING_JOINER.match(masked[start : h.start()]).group())
        prefixed = [
            p for p in range(start, h.start()) if level.match(masked, p) and not any(a <= p < b for a, b in glosses)
        ]
        if prefixed:
            # a run from a boundary keeps its whole name, a place's name (甲州市卫生委员会) included
            whole = prefixed[0] == start or any(
                masked[start : p + 1] in places or zone.search(masked, start, p + 1) for p in prefixed
            )  # a place of the document, or a zone's name (孔目江生态经济区管委会)
            if not (clean and whole):
                start = prefixed[-1]
        else:
            if glosses and min(a for a, _ in glosses) - start > GLOSS_LEVEL_MAX:
                start = max(
                    b for _, b in glosses
                )  # a clause before the bracket (发挥村（社区）…): the name is after it
            length = h.start() - max([start] + [b for _, b in glosses])
            named = (
                SHORT_DOMAIN[0] <= length <= SHORT_DOMAIN[1]
                or (length == 0 and bare.fullmatch(h.group()))  # 法院, 公证机构 alone
                or DEFINED.match(masked, h.end())  # a name the text defines a short form of
            )
            if not (clean and named) and not level.match(h.group()):
                continue
        domain = masked[start : h.start()]
        if domain and (vague.match(domain) or vague_end.search(domain)):
            continue
        if _unnamed_list(masked, start, heads):
            continue
        out.append(_mention(doc, start, h.end(), "mentioned"))
        floor = h.end()
    return out


PAIR_JOINER = "与和及同"  # joins two bodies a modifier after the second relates (X与Y之间)
HEAD_MAX = 8  # characters of the longest functional head


def _second_of_pair(masked: str, head: int, heads: regex.Pattern) -> bool:
    """The head closes a name joined to a body named just before it (金融监督管理部门与司法机关之间): a body of
    the pair, though a modifier follows."""
    for j in range(head - 1, max(0, head - FUNCTIONAL_DOMAIN_MAX) - 1, -1):
        if masked[j] in PAIR_JOINER:
            return any(m.end() == j for m in heads.finditer(masked, max(0, j - HEAD_MAX), j))
        if not HAN.match(masked[j]):
            return False
    return False


# the items of a list before its last one that share its head, each without a head of its own (有关行政、司法机关)
SHARED_ITEMS = regex.compile(r"(?:\p{Han}{1,6}、)+")
SHARED_WINDOW = 24  # characters before a body searched for the vague word opening its list


def _unnamed_list(masked: str, start: int, heads: regex.Pattern) -> bool:
    """The last item of a list sharing one head whose first item a vague word (``vague_end``) opens
    (向有关行政、司法机关: the 有关 leaves every item unnamed); a list of whole bodies (电信主管部门、公安机关)
    is none."""
    return any(
        SHARED_ITEMS.fullmatch(masked, v.end(), start) and not heads.search(masked, v.end(), start)
        for v in _vague_words().finditer(masked, max(0, start - SHARED_WINDOW), start)
    )


@cache
def _vague_words() -> regex.Pattern:
    return regex.compile(alternation(ZH.words("agency_heads", "vague_end")))


LIST_ITEM_MAX = 16  # Han characters of a body standing alone in a list line (甲州市人力资源和社会保障局)
LIST_LINE = regex.compile(r"[^\n|]+")  # a line, or a table cell (a | b | c: pipeline.ingest.list_tables)


def listed_bodies(doc: Document, masked: str, taken: Coverage) -> list[AgencyMention]:
    """Bodies standing alone in a list line, the line being their boundary: a distribution line (``agency_heads``
    ``distribution_label``: 抄送：国务院办公厅，外交部、…; 内部发送：办公厅，条法司) keeps each item that ends with a
    ``list_head``; any other line is read only when every item of it is a short name ending with one (a table's
    牵头单位 cell 市卫生健康委、各区政府, a 处室 cell 基层处、医政处)."""
    labels = ZH.words("agency_heads", "distribution_label")
    label = regex.compile(r"\s*(?:" + "|".join(r"\s*".join(map(regex.escape, w)) for w in labels) + r")\s*[:：]")
    item = regex.compile(rf"^各?\p{{Han}}{{1,{LIST_ITEM_MAX}}}$")
    head = ZH.pattern("agency_heads", "list_head")
    # a head read only in a distribution line (台办 there; 穗好办 alone on a line is an app)
    cells = [e["phrase"] for e in ZH.entries("agency_heads", "list_head") if not e.get("distribution_only")]
    cell_head = regex.compile(rf"(?:{alternation(cells)})$")
    vague = ZH.pattern("agency_heads", "vague_end")
    out: list[AgencyMention] = []
    for start, end, lab in _list_lines(masked, label):
        units = list(_units(masked, lab.end() if lab else start, end))
        good = [
            (a, b)
            for a, b in units
            if item.match(masked[a:b].replace(" ", ""))
            and (head if lab else cell_head).search(masked[a:b])
            and not vague.search(masked[a:b])
        ]
        if not good or (not lab and len(good) < len(units)):
            continue
        out += [_mention(doc, a, b, "mentioned") for a, b in good if not taken.covers(a)]
    return out


def _list_lines(masked: str, label: regex.Pattern) -> Iterator[tuple[int, int, regex.Match | None]]:
    """Each line or table cell, with its distribution label if it holds one; a distribution list ends its
    sentence (内部发送：办公厅，条法司。联系人：…), and another may follow it on the line (抄送：财政部。内部发送：
    办公厅、条法司, as a copy of a printed page joins them)."""
    for line in LIST_LINE.finditer(masked):
        start, end = line.span()
        lab = label.search(masked, start, end)  # also after other words (信息公开选项：主动公开抄送：…)
        if not lab:
            yield start, end, None
            continue
        while lab:
            stop = masked.find("。", lab.end(), end)
            stop = stop + 1 if stop >= 0 else end
            yield lab.start(), stop, lab
            lab = label.search(masked, stop, end) if stop < end else None


# The office that printed a red-header text, on its last line: "中国人民银行办公厅　　2014年3月7日印发".
PRINTED_BY = regex.compile(
    r"(?<![\p{Han}])(?P<b>\p{Han}{2,24})[ \t\u3000]*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发"
)


def printing_office(doc: Document, masked: str, taken: Coverage) -> list[AgencyMention]:
    """The office named on a red-header text's 印发 line, when its name ends with a ``list_head`` (its date is
    never the issue date: ``identity`` ``deadline_after``)."""
    head = ZH.pattern("agency_heads", "list_head")
    return [
        _mention(doc, m.start("b"), m.end("b"), "mentioned")
        for m in PRINTED_BY.finditer(masked)
        if head.search(m.group("b")) and not taken.covers(m.start("b"))
    ]


def contact_bodies(doc: Document, masked: str, taken: Coverage) -> list[AgencyMention]:
    """The office a contact label names (``agency_heads`` ``contact_label``: 联系科室：法规科，联系电话：…), when
    its name ends with a ``list_head``."""
    label = ZH.pattern("agency_heads", "contact_label")
    head = ZH.pattern("agency_heads", "list_head")
    found = regex.finditer(
        rf"(?:{label.pattern})\s*[:：]\s*(?P<b>\p{{Han}}{{2,{LIST_ITEM_MAX}}})(?=[,，;；)\n]|$)", masked
    )
    return [
        _mention(doc, m.start("b"), m.end("b"), "mentioned")
        for m in found
        if head.search(m.group("b")) and not taken.covers(m.start("b"))
    ]


def short_bodies(doc: Document, masked: str, taken: Coverage) -> list[AgencyMention]:
    """A one-character level and a short head (``short_head``: 市政府, 区委, 区财政, 区教育局) standing after a
    boundary word, a mark, a date or the document's own place (广州市财政局), and not followed by a word that
    makes it something else (``short_not_before``: 区委书记)."""
    heads = ZH.words("agency_heads", "short_head")
    boundary = ZH.pattern("agency_heads", "left_boundary")
    after = ZH.pattern("agency_heads", "short_not_before")
    levels = regex.escape(zh_list_rules().short_head_levels)  # the one-character levels (agency_heads list_splitting)
    pattern = regex.compile(rf"[{levels}](?:{alternation(heads)})")
    places = own_places(doc)
    out = []
    for m in pattern.finditer(masked):
        s = m.start()
        if taken.covers(s) or after.match(masked, m.end()):
            continue
        place = next((k for k in range(2, 5) if masked[max(0, s - k) : s + 1] in places), 0)
        if place and not taken.covers(s - place):
            s -= place  # 广州市财政局: the document's own place
        elif (
            s > 0
            and HAN.match(masked[s - 1])
            and not (boundary.search(masked, max(0, s - 4), s) or DATE_END.search(masked, max(0, s - 3), s))
        ):
            continue
        out.append(_mention(doc, s, m.end(), "mentioned"))
    return out


DATE_END = regex.compile(r"\d\s*日$")  # a date closes a phrase: 经2021年1月8日市政府常务会议审议


@cache
def _address_line() -> regex.Pattern:
    """A line opening with an address label (``agency_heads`` ``address_label``), to its end."""
    return regex.compile(rf"(?m)^[ \t\u3000]*(?:{ZH.pattern('agency_heads', 'address_label').pattern})\s*[:：][^\n]*")


# An internal division right after its parent body (市民政局法规处, 甲州市水务局水保科), closing the phrase; a
# date after it makes it a printing line's office (…办公厅秘书处2022年9月13日印发), furniture.
DIVISION = regex.compile(r"\p{Han}{1,6}?[处科](?=[^\p{Han}\d\s]|[和与及、]|负责|牵头|会同|具体|$)")


def _divisions(doc: Document, masked: str, agencies: list[AgencyMention]) -> list[AgencyMention]:
    """A body named in running text followed at once by a division's name (法规处, 水保科) names that division: a
    single 处 or 科 is a body only with its parent before it (not 法规处 alone, not 处理 after a bureau). So does
    a unit of the body (``agency_heads`` ``sub_unit``: 中国人民银行办公厅, 人民银行分支机构, 中国人民银行及其分支
    机构), which resolves only when the gazetteer lists it."""
    unit = ZH.pattern("agency_heads", "sub_unit")
    out = []
    for a in agencies:
        if a.role != "mentioned":
            out.append(a)
            continue
        m = DIVISION.match(masked, a.span.end) if masked.endswith(("局", "厅", "委"), 0, a.span.end) else None
        if m:
            out.append(_mention(doc, a.span.start, m.end(), "mentioned", agency_id=None))
            continue
        u = unit.match(masked, a.span.end)
        out.append(_mention(doc, a.span.start, u.end(), "mentioned") if u else a)
    return out


ITEM_MAX = 14  # Han characters of one item of a coordinated list (市人力资源和社会保障)
GENERIC_LEVEL = regex.compile(r"各|级|以上|地方")  # a level naming every level (各级, 县级以上): no one body's


@dataclass(frozen=True)
class _Item:
    start: int  # the item's first character (its level, when printed)
    end: int
    level: str  # the level word printed at its start, or ""
    body: bool  # a body's short name (残联), not a sector word (民政)


@cache
def _coordination() -> tuple[regex.Pattern, regex.Pattern]:
    """(an item of a coordinated list ending where the search ends: a level word, then a sector word or a body's
    short name; a level word alone)."""
    levels = [e["phrase"] for e in ZH.entries("agency_heads", "level_prefix") if not e.get("function")]
    sectors = ZH.words("agency_heads", "sector") + ZH.words("agency_heads", "list_body")
    item = regex.compile(rf"(?P<level>{alternation(levels)})?(?P<name>{alternation(sectors)})$")
    return item, regex.compile(rf"(?:{alternation(levels)})$")


def coordinated_bodies(doc: Document, masked: str, agencies: list[AgencyMention]) -> tuple[list[AgencyMention], dict]:
    """Departments named by a coordinated list that shares one head: 市人力资源和社会保障、民政部门 (the
    人力资源和社会保障 department), 民政、价格、市场监管等部门 and 发展改革、残联等单位 (``agency_heads``
    ``list_end``: each sector word of the ``sector`` list is its department, a ``list_body`` is a body), 市、区卫生
    健康部门 (the city's department too). Each is a mention of the words printed for it (价格, 卫生健康部门),
    unresolved; the second value maps its mention_id to the department's full name (价格部门, 市卫生健康部门),
    by which a body restated elsewhere is recognised (pipeline.extract.zh._without_restatements). A level
    shared by the list (市、区…, 各级…) is no one department's and is left out of the words."""
    heads, ends = ZH.pattern("agency_heads", "functional_head"), ZH.pattern("agency_heads", "list_end")
    taken = Coverage([(a.span.start, a.span.end) for a in agencies])
    anchors: list[tuple[int, AgencyMention | None]] = [
        (a.span.start, a)
        for a in agencies
        if a.role == "mentioned"
        and not a.agency_id
        and masked[a.span.start - 1 : a.span.start] == "、"
        and regex.search(rf"(?:{heads.pattern})$", a.surface)
        and "政府" not in a.surface  # 省、自治区、直辖市人民政府（的…部门）: a class of governments
    ]
    anchors += [(m.start(), None) for m in ends.finditer(masked)]
    out: list[AgencyMention] = []
    names: dict[str, str] = {}
    for pos, anchor in anchors:
        items, levels = _items(masked, pos, first=anchor is None)
        if len(items) < (1 if anchor else 2) and not (anchor and levels):
            continue
        shared = bool(levels) or any(GENERIC_LEVEL.search(i.level) for i in items)
        spread = next((i.level for i in items if i.level), levels[0] if levels else "")  # 市 of 市发展改革、财政…
        for i in items:
            start = i.start + (len(i.level) if shared or GENERIC_LEVEL.search(i.level) else 0)
            if taken.covers(start) or taken.covers(i.end - 1):
                continue
            m = _mention(doc, start, i.end, "mentioned", agency_id=resolve(doc.text[start : i.end]) if i.body else None)
            out.append(m)
            names[m.mention_id] = (
                (i.level or spread) + masked[i.start + len(i.level) : i.end] + ("" if i.body else "部门")
            )
        if anchor and levels:
            own = _coordination()[1].search(masked, anchor.span.start, anchor.span.start + 4)
            lead = regex.match(rf"(?:{_coordination()[1].pattern[:-1]})", masked[anchor.span.start : anchor.span.end])
            if lead and not own:
                core = anchor.span.start + len(lead.group())
                m = _mention(doc, core, anchor.span.end, "mentioned", agency_id=None)
                out.append(m)
                names[m.mention_id] = levels[0] + masked[core : anchor.span.end]
        taken = Coverage([(a.span.start, a.span.end) for a in agencies + out])
    return out, names


def _items(masked: str, pos: int, first: bool) -> tuple[list[_Item], list[str]]:
    """The items of a coordinated list ending at ``pos`` (before the shared head or 等…; ``first``: the last
    item ends there, else a 、 stands there), right to left, and the levels standing alone among them (市、区…)."""
    item, level_only = _coordination()
    boundary = ZH.pattern("agency_heads", "left_boundary")
    items: list[_Item] = []
    levels: list[str] = []
    end = pos
    if not first:
        end = pos - 1 if masked[pos - 1 : pos] == "、" else -1
    while end > 0:
        lo = max(0, end - ITEM_MAX)
        m = item.search(masked, lo, end)
        alone = level_only.search(masked, lo, end)
        if alone and (not m or alone.start() >= m.start()):  # a level alone (市 of 市、区…)
            if _inside_word(masked, alone.start(), boundary):
                break
            levels.insert(0, alone.group())
            start = alone.start()
        elif m:
            level = m.group("level") or ""
            if _inside_word(masked, m.start(), boundary):
                break  # the end of a longer word (乡建设 of 推动城乡建设), no department
            body = bool(ZH.pattern("agency_heads", "list_body").search(m.group("name")))
            items.insert(0, _Item(m.start(), end, level, body))
            start = m.start()
        else:
            break
        if masked[start - 1 : start] != "、":
            break
        end = start - 1
    return items, levels


def _inside_word(masked: str, start: int, boundary: regex.Pattern) -> bool:
    """A Han character stands before ``start`` and no boundary word (由, 接受) ends there."""
    return (
        start > 0
        and masked[start - 1] != "、"
        and bool(HAN.match(masked[start - 1]))
        and not boundary.search(masked, max(0, start - 4), start)
    )


def _departments_of(doc: Document, masked: str, agencies: list[AgencyMention]) -> list[AgencyMention]:
    """A government and its department joined by 的 (直辖市人民政府的知识产权管理部门) are one body, the department."""
    mentioned = {a.span.start: a for a in agencies if a.role == "mentioned" and not a.agency_id}
    out, dropped = [], set()
    for a in sorted(agencies, key=lambda x: x.span.start):
        b = mentioned.get(a.span.end + 1)
        if a.mention_id in dropped:
            continue
        if a.role == "mentioned" and a.surface.endswith("政府") and masked[a.span.end] == "的" and b:
            out.append(_mention(doc, a.span.start, b.span.end, "mentioned", agency_id=None))
            dropped.add(b.mention_id)
        else:
            out.append(a)
    return out


def _second_nameplates(doc: Document, masked: str, agencies: list[AgencyMention]) -> list[AgencyMention]:
    """A body followed by a second body in brackets (镇人民政府（街道办事处）: the one office of a town or a
    street) is one body by its two nameplates, not two."""
    mentioned = sorted((a for a in agencies if a.role == "mentioned"), key=lambda a: a.span.start)
    by_start = {a.span.start: a for a in mentioned}
    merged: dict[str, AgencyMention] = {}
    dropped: set[str] = set()
    for a in mentioned:
        if a.mention_id in dropped:
            continue
        b = by_start.get(a.span.end + 1)
        if b and masked[a.span.end] == "(" and masked[b.span.end : b.span.end + 1] == ")":
            merged[a.mention_id] = _mention(doc, a.span.start, b.span.end + 1, "mentioned", agency_id=a.agency_id)
            dropped.add(b.mention_id)
    return [merged.get(a.mention_id, a) for a in agencies if a.mention_id not in dropped]


EACH = "各"  # 各区政府 in the text is 区政府 printed with its quantifier: 区政府 beside it is not another body


def _without_restatements(
    doc: Document, agencies: list[AgencyMention], names: dict[str, str] | None = None
) -> list[AgencyMention]:
    """An unresolved body named elsewhere in the document with its level or place (市民政部门, 广州市卫生健康委员会)
    is that body: its bare form (民政部门), level-word form (市级民政部门), place-less form (市卫生健康委员会),
    form without 各 (区政府 beside 各区政府 in the text, not in the addressee line) or
    place-less short form (市卫生健康委, 市人社局 for 广州市人力资源和社会保障局) is not another. ``names``: the
    full name of a mention printed in part (民政 of 民政、价格等部门 is 民政部门), by mention_id."""
    names = names or {}

    def name(a: AgencyMention) -> str:
        return names.get(a.mention_id, a.surface)

    level = ZH.pattern("agency_heads", "level_prefix")
    bare = regex.compile(
        rf"(?:{ZH.pattern('agency_heads', 'functional_head').pattern}|{ZH.pattern('agency_heads', 'sub_unit').pattern})"
    )
    surfaces = {name(a) for a in agencies}
    in_text = {name(a) for a in agencies if a.role != "addressee"}  # an addressee class is not the text's
    places = own_places(doc)
    ending: dict[str, set[str]] = {}  # a surface's last three characters -> the surfaces ending near them
    for t in surfaces:
        for c in t[-3:]:
            ending.setdefault(c, set()).add(t)

    def placeless(x: str) -> str:
        return next((x[len(p) - 1 :] for p in places if x.startswith(p) and len(x) > len(p)), x)

    @cache
    def restated(printed: str) -> bool:
        s = placeless(printed)
        if not s or bare.fullmatch(s):
            return False  # a head alone (办公厅 of a distribution line) names no level's body
        for t in ending.get(s[-1], set()) - {printed}:
            extra = t[: -len(s)]
            each = extra == EACH and t in in_text
            if t != s and t.endswith(s) and (level.fullmatch(extra) or each or (extra + s[:1]) in places):
                return True
            if s[:1] in "市区县" and len(s) > 2:
                i = t.find(s[0])
                if 0 < i and t[: i + 1] in places and t[i:] != s and _short_for(s[1:], t[i + 1 :]):
                    return True
        return s[1:2] == "级" and (s[0] + s[2:]) in surfaces

    printed = {a.surface for a in agencies}  # a body printed in part (民政部门 of 市、区民政部门) and in full elsewhere
    return [
        a
        for a in agencies
        if a.agency_id
        or a.role != "mentioned"
        or not (restated(name(a)) or (name(a) != a.surface and name(a) in printed))
    ]


def _short_for(short: str, full: str) -> bool:
    """``short`` abbreviates ``full`` (人社局 for 人力资源和社会保障局, 卫生健康委 for 卫生健康委员会): its
    characters in order, the first and the last where the full name has them, and fewer of them."""
    if not (len(short) < len(full) and short[0] == full[0] and short[-1] in full[-3:]):
        return False
    it = iter(full)
    return all(c in it for c in short)


PLACE = regex.compile(r"(?<![\p{Han}])\p{Han}{2,4}?[省市县区州]|(?<=[省市县州])\p{Han}{2,3}?[市县区]")


def own_places(doc: Document) -> frozenset[str]:
    """The places the document's title and issuers name (广州市, 天河区 in 广州市天河区教育局关于…): a body named
    with one of them keeps it (广州市卫生健康委员会); any other run of characters before 市 or 区 is no place."""
    m = doc.metadata
    spans = [s for s in (m.title_span, m.issuer_span, *m.issuer_spans) if s]
    text = " ".join(doc.text[s.start : s.end] for s in spans) + " " + (m.title or "")
    return frozenset(p.group() for p in PLACE.finditer(matching_copy(text)))


def _within_name(masked: str, end: int, next_head: int, boundary: regex.Pattern) -> bool:
    """The text between a head and the next is Han characters of one name (no boundary word, no mark)."""
    gap = masked[end:next_head]
    return (
        len(gap) <= NAME_GAP_MAX
        and all(HAN.match(c) for c in gap)
        and not any(boundary.search(masked, end, e) for e in range(end + 1, next_head + 1))
    )


# --- targets -------------------------------------------------------------------------------------------------

YEAR_LIKE = regex.compile(r"^(?:19|20)\d\d$")
SUBJECT_BREAK = regex.compile(r"[。；;，,：:、\n\u2060()]")
SUBJECT_LEAD = regex.compile(rf"^(?:{ZH.extras['targets']['subject_lead']['pattern']})+")  # 确保, 力争 ...


def find_targets(doc: Document, masked: str) -> list[Target]:
    """Targets in listed measures and goals: 不少于20个, 达到1800亿元, 提高到5%以上, 15个月以内, 2.5万家; in
    articles only amounts (每人每月3000元, 不超过13元) outside fines. Time limits (30日内) and single counts
    are a rule's parameters (``targets.json`` ``parameters``)."""
    magnitudes = ZH.extras["targets"]["magnitudes"]
    parameters = ZH.extras["targets"].get("parameters", {})
    article_units = frozenset(parameters.get("article_units", ()))
    articles = {m.measure_id for m in doc.measures if m.status == "listed"} - {
        m.measure_id for m in doc.target_measures()
    }
    # An annex table's row states a goal only with a comparator word (达到75%以上); its amounts and scores
    # (6万元以上, 8分) are the table's criteria, and a row restating the body's goal is dropped below.
    table_rows = {m.measure_id for m in doc.measures if m.kind == "table_row"}
    regions: list[tuple[int, int, str | None]]
    # an article's region starts after its label (第五条): a subject is read back to its first words
    regions = [(words_start(m), m.span.end, m.measure_id) for m in doc.measures if m.status == "listed"]
    regions += [(g.span.start, g.span.end, None) for g in doc.goals]
    regions += [(s.start, s.end, None) for s in doc.target_openings()]  # a measure's words before its points
    regions += [(s, e, None) for s, e in heading_bodies(doc)]  # 一、主要目标 and its paragraph of goals
    # The first region (measures, then goals) holding the match: by bisection, not a scan per match.
    holding = IntervalIndex((s, e, k, (s, e, key)) for k, (s, e, key) in enumerate(regions))
    numerals = ZH.extras["targets"].get("numerals", {}).get("values", {})
    out: list[Target] = []
    said: set[tuple] = set()  # (measure, comparator, value, unit, words before): an amount restated in one measure
    for m in ZH.re("target").finditer(masked):
        start, end = m.start(), m.end()
        region = next((r for r in holding.at(start) if end <= r[1]), None)
        if region is None:
            continue
        if region[2] in table_rows and not m.group("cmp"):
            continue
        lo, hi = m.group("lo"), m.group("hi") or m.group("lo")
        low, high = _read_zh_number(lo, numerals), _read_zh_number(hi, numerals)
        unit = normalized_unit(m.group("unit"))  # the rules below read the normalized unit (count, month, yuan)
        if YEAR_LIKE.match(lo) and unit not in ("yuan", "%", "count"):
            continue
        comparator = (
            ZH.value_of("targets", "suffix_comparators", "comparator", m.group("suffix") or "")
            or ZH.value_of("targets", "entries", "comparator", m.group("cmp") or "")
            or "="
        )
        in_article = region[2] in articles
        if _is_parameter(
            masked,
            m,
            unit,
            comparator,
            region,
            article_units if in_article else frozenset(),
            parameters.get("min_bare_count", 1),
        ):
            continue
        key = (region[2], comparator, low, high, unit, masked[max(region[0], m.start("lo") - 4) : m.start("lo")])
        if region[2] is not None and key in said:
            continue  # 标准为每人每月2094.4元 printed again for another group: one standard
        said.add(key)
        scale = magnitudes.get(m.group("mag") or "", 1)
        subject = None
        if unit == "count":
            noun = ZH.re("counted_noun").match(masked, end)
            subject = noun.group() if noun else None
        if subject is None:
            clause_start = max((b.end() for b in SUBJECT_BREAK.finditer(masked, region[0], start)), default=region[0])
            subject = SUBJECT_LEAD.sub("", doc.text[clause_start:start].strip()) or None
        out.append(
            Target(
                target_id=f"{doc.doc_id}/t{start}-{end}",
                measure_id=region[2],
                subject=subject,
                comparator=comparator,
                value_min=low * scale,
                value_max=high * scale,
                unit=doc.text[m.start("unit") : m.end("unit")],  # as printed: 件, 個月 of a traditional text
                unit_normalized=unit,
                surface=doc.text[start:end],
                span=TextSpan(start, end),
            )
        )
    return _without_annex_restatements(doc, out)


def normalized_unit(word: str) -> str:
    """A Chinese unit word as printed (its matching copy) -> the unit normalized across languages (targets.json
    ``units``: 件 and 个 -> count, 个月 -> month, 平方米 -> m²); a word the book does not list is kept."""
    return ZH.value_of("targets", "units", "unit_normalized", word) or word


def _without_annex_restatements(doc: Document, targets: list[Target]) -> list[Target]:
    """An annex's table of indicators restates the goals of the body: a target in an annex with the values and
    unit of a target of the body counts once (in the body), whatever its comparator (a table's 2035年达到75% restates
    the body's 达到75%以上: the table drops the bound)."""
    in_annex = _sections_under(doc, ("annex",))
    annexed = {m.measure_id for m in doc.measures if m.section_id in in_annex}
    body = {(t.value_min, t.value_max, t.unit_normalized) for t in targets if t.measure_id not in annexed}
    return [
        t for t in targets if t.measure_id not in annexed or (t.value_min, t.value_max, t.unit_normalized) not in body
    ]


def _sections_under(doc: Document, kinds: tuple[str, ...]) -> set[str]:
    """Ids of the sections of one of ``kinds`` and of every section below one."""
    parent = {s.section_id: s.parent_id for s in doc.sections}
    kind = {s.section_id: s.kind for s in doc.sections}
    out: set[str] = set()
    for sid in parent:
        up: str | None = sid
        while up is not None and kind.get(up) not in kinds:
            up = parent.get(up)
        if up is not None:
            out.add(sid)
    return out


SENTENCE_BREAK = regex.compile(r"[。；;\n]")


def _read_zh_number(text: str, numerals: dict[str, int]) -> float:
    """Digits (2.5), or one Chinese numeral read after a comparator (至少一次)."""
    return float(numerals[text]) if text in numerals else float(text)


def heading_bodies(doc: Document) -> list[tuple[int, int]]:
    """The paragraphs of a heading before its first sub-section or listed measure (一、主要目标 and its goals; 三、供养
    标准 and its standard), outside articles and annexes (an annex's table restates the goals)."""
    ruled = _sections_under(doc, ("article", "annex"))
    starts = sorted([s.span.start for s in doc.sections] + [m.span.start for m in doc.measures])
    out = []
    for s in doc.sections:
        if s.kind != "heading" or s.section_id in ruled:
            continue
        k = bisect.bisect_right(starts, s.title_span.end)
        end = starts[k] if k < len(starts) else s.span.end  # (a span stops at the title when nothing is below)
        begin = s.title_span.start if running_title(s) else s.title_span.end
        if end > begin:
            out.append((begin, end))
    return out


# A sentence ends inside a heading's "title": a copy glued the heading to its paragraph without a stop
# (四、加强监督管理人民银行分支机构应…。收单机构违反…的，依照《…办法》从严处罚。); it is running text, read as such.
SENTENCE_INSIDE = regex.compile(r"[。！？；](?=.*\p{Han})", regex.S)


def running_title(section: Section) -> bool:
    """A heading's title that holds the paragraph under it (a sentence ends before its last words)."""
    return bool(SENTENCE_INSIDE.search(section.title or ""))


HEADING_MAX = 40  # characters of a heading's title: a longer title ending a sentence is a paragraph
SENTENCE_END = regex.compile(r"[。！？]\s*$")


def paragraph_title(section: Section) -> bool:
    """A heading's title that is running text, whose bodies are mentions: a running title, or one long sentence
    (一、境外机构…的资金，可以转存为定期存款，利率按中国人民银行相关规定执行。)."""
    title = section.title or ""
    return running_title(section) or (len(title) > HEADING_MAX and bool(SENTENCE_END.search(title)))


def _is_parameter(
    masked: str,
    m: regex.Match,
    unit: str,
    comparator: str,
    region: tuple,
    article_units: frozenset[str],
    min_bare_count: int,
) -> bool:
    """A number that sets a rule rather than a goal: a time limit (30日内, 最近90日), a single count (1所), a bound
    that qualifies a noun (15万平方米以上的住宅小区) or a condition (超过24个月的，), in an article anything but an
    amount, a bounded count or area (至少1个) and a staffing ratio (每5000名…配备1名), and an amount in a clause
    that imposes a fine."""
    before = masked[max(0, m.start() - 6) : m.start()]
    if unit in ("day", "month") and (
        ZH.re("target_duration_after").match(masked, m.end()) or ZH.re("target_duration_before").search(before)
    ):
        return True
    if m.group("suffix") and ZH.re("target_qualifier").match(masked, m.end()):
        return True
    if ZH.re("target_condition").match(masked, m.end()):
        return True
    clause = max((b.end() for b in SUBJECT_BREAK.finditer(masked, region[0], m.start())), default=region[0])
    per_capita = bool(ZH.re("target_per_capita").search(masked[clause : m.start()]))
    small = _read_zh_number(m.group("lo"), ZH.extras["targets"].get("numerals", {}).get("values", {})) < min_bare_count
    if unit == "count" and comparator == "=" and not m.group("hi") and small and not per_capita:
        return True
    if not article_units:
        return False
    bounds = ZH.extras["targets"]["parameters"].get("article_bounds", {}).get("units", ())
    if unit in bounds and (comparator != "=" or per_capita):
        return False
    if unit not in article_units:
        return True
    s = max((b.end() for b in SENTENCE_BREAK.finditer(masked, region[0], m.start())), default=region[0])
    e = SENTENCE_BREAK.search(masked, m.end(), region[1])
    return bool(ZH.re("target_penalty").search(masked, s, e.start() if e else region[1]))


def _quotes(copy: str) -> list[tuple[int, int]]:
    """“十四五” and other quoted names: their numbers are not quantities."""
    return [m.span() for m in SHORT_QUOTE.finditer(copy)]
