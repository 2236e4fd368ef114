"""Agency mentions: issuer, addressees, units responsible for a measure, and other named bodies.

Names are matched against the gazetteer (``agencies.csv``) with a PhraseMatcher; a capitalized name
headed by an organizational noun that the gazetteer lacks ("National Technical Committee for ...") is still
a mention, with a null ``agency_id``. Resolution is era-aware (see :func:`pipeline.gazetteer.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import regex
from spacy.tokens import Doc, Span

from ..gazetteer import looks_like_agency, named_in, resolve, split_agency_list
from ..intervals import Containers, Coverage
from ..model import AgencyMention, Document
from ..model import Span as TextSpan
from ..rules.profiles import script_book
from .functional import Functional, functional_bodies, restated
from .runs import capitalized_run, clause_initial, tokens

_R = script_book("latin")  # the word lists of the Latin-script finders (pipeline.rules.profiles)
UNKNOWN_HEADS = frozenset(_R.words("agency_heads", "unknown_body_head"))
COMPLEMENTS = frozenset(_R.words("titles", "complement"))
RESPONSIBILITY_LABEL = _R.re("responsibility_label")
RESPONSIBILITY_TRAILER = _R.re("responsibility_trailer")
EVENT_BEFORE = _R.pattern("agency_heads", "event_before")
OUTLET = _R.pattern("agency_heads", "outlet")
LIST_GAP = regex.compile(r"[\s,;，；.。]*")
CUT_SEPARATOR = regex.compile(r"\s*(?:[,;，；、]\s*(?:and\s+)?|\s+and\s+)")
# "relevant departments of the State Council": the State Council's departments, not the State Council at work
DEPARTMENTS_OF = regex.compile(
    r"(?:departments|bodies|organs|agencies|authorities)\s+(?:of|under)\s+(?:the\s+)?$", regex.I
)


def unknown_bodies(sdoc: Doc) -> Iterator[Span]:
    """Capitalized names headed by an organizational noun that no gazetteer entry covers."""
    taken = Containers([(s.start, s.end) for key in ("agencies", "instruments") for s in sdoc.spans[key]])
    t = tokens(sdoc)
    i, n = 0, len(t)
    while i < n:
        if not t.cap[i] or clause_initial(t, i) or taken.contains(i, i + 1):
            i += 1
            continue
        j = capitalized_run(t, i)
        if j - i >= 2 and not taken.overlaps(i, j):
            for k in range(i, j):
                if t.text[k] in UNKNOWN_HEADS and (k + 1 == j or t.lower[k + 1] in COMPLEMENTS):
                    yield Span(sdoc, i, j, label="AGENCY")
                    break
        i = max(j, i + 1)


def _mention(
    doc: Document,
    span: TextSpan,
    role: str,
    lead: bool = False,
    responsibility: str | None = None,
    named: frozenset[str] = frozenset(),
) -> AgencyMention:
    surface = doc.text[span.start : span.end]
    measure = doc.measure_at(span.start)
    return AgencyMention(
        mention_id=f"{doc.doc_id}/a{span.start}-{span.end}-{role}",
        agency_id=resolve(surface, doc.metadata.year, named),
        surface=surface,
        role=role,
        lead=lead,
        responsibility=responsibility,
        section_id=doc.section_at(span.start),
        measure_id=measure.measure_id if measure else None,
        span=span,
    )


def responsibility_segments(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Split a responsibility parenthetical into ``(role, start, end)`` lists of units.

    A label opens a list with its role ("Lead: X; Participating: Y"); a trailer closes one ("X takes the
    lead, Y participates"; "X and Y are individually responsible for their duties"). A label's role wins over
    a trailer's; a list with neither is ``responsible``.
    """
    inner = text[start:end]
    labels = list(RESPONSIBILITY_LABEL.finditer(inner))
    bounds = [(None, 0, labels[0].start() if labels else len(inner))] if not labels or labels[0].start() else []
    bounds += [
        (lab.group("label"), lab.end(), labels[k + 1].start() if k + 1 < len(labels) else len(inner))
        for k, lab in enumerate(labels)
    ]
    for label, s, e in bounds:
        label_role = _R.role_of[label.lower()] if label else None
        pos = s
        e = len(inner[:e].rstrip(" ,;，；"))
        for trailer in RESPONSIBILITY_TRAILER.finditer(inner, s, e):
            yield label_role or _R.role_of[trailer.group("trailer").lower()], start + pos, start + trailer.start()
            pos = LIST_GAP.match(inner, trailer.end(), e).end()
        if pos < e:
            yield label_role or "responsible", start + pos, start + e


def cut_off_end(text: str, start: int, end: int) -> int:
    """Where a responsibility note cut off by the end of the text ("..., General Administration of Customs, Nat")
    stops naming whole units: before the fragment after its last separator, unless that fragment is a name."""
    if text[end:].strip() or text[start - 1 : start] not in "(（":
        return end  # closed, or not a bracketed note
    last = max(CUT_SEPARATOR.finditer(text, start, end), key=lambda m: m.start(), default=None)
    if last is None or looks_like_agency(text[last.end() : end].strip()):
        return end
    return last.start()


def responsibility_mentions(doc: Document, named: frozenset[str] = frozenset()) -> Iterator[AgencyMention]:
    """Units named in each measure's responsibility parenthetical, with their role; lead units get ``lead``."""
    for m in doc.measures:
        if m.responsibility_span:
            end = cut_off_end(doc.text, m.responsibility_span.start, m.responsibility_span.end)
            for role, s, e in responsibility_segments(doc.text, m.responsibility_span.start, end):
                for span in split_agency_list(doc.text, s, e):
                    yield _mention(doc, span, "responsible", lead=role == "lead", responsibility=role, named=named)


PROPER_MIN_WORDS = 5  # a long name a translation prints in lower case keeps its proper nouns


def _is_proper_name(surface: str) -> bool:
    """Gazetteer matching ignores case; a lower-case phrase ("the inter-ministerial joint conference
    system") is a description, not a name. A long full name printed in lower case around a proper noun
    ("inter-ministerial joint meeting of State Council on IPR strategic implementation work") is a name."""
    words = [w for w in surface.split() if w.lower() != "the"]
    if not words:
        return False
    return words[0][:1].isupper() or (len(words) >= PROPER_MIN_WORDS and any(w[:1].isupper() for w in words[1:]))


def _not_a_body(text: str, start: int, end: int) -> bool:
    """A name that names no body at work: a numbered term in an event's name ("the 3rd Plenary Session of the
    18th CPC Central Committee"), or a news outlet ("Xinhua News Agency" in a dateline)."""
    if EVENT_BEFORE.search(text[max(0, start - 60) : start]):
        return True
    return any(m.end() > start and m.start() < end for m in OUTLET.finditer(text, max(0, start - 30), end))


def find_agency_mentions(doc: Document, sdoc: Doc, regions: list[tuple[int, int]]) -> list[AgencyMention]:
    # Bodies the document names in full (title and front matter included): what its short forms refer to.
    named = named_in(span.text for span in sdoc.spans["agencies"])
    out: list[AgencyMention] = []
    m = doc.metadata
    out.extend(
        _mention(doc, span, "issuer", named=named)
        for span in m.issuer_spans or ([m.issuer_span] if m.issuer_span else [])
    )
    out.extend(_mention(doc, span, "addressee", named=named) for span in doc.addressees)
    out.extend(responsibility_mentions(doc, named))
    excluded = Coverage(
        (m.responsibility_span.start, m.responsibility_span.end) for m in doc.measures if m.responsibility_span
    )
    inside = Containers(regions)
    functional = [f for start, end in regions for f in functional_bodies(doc.text, start, end)]
    # a level standing alone before a function ("the State Council telecommunications … departments"), not one of
    # several ("the State Council and local people's governments": the State Council at work)
    levels = Containers([f.level for f in functional if f.level and f.levels == 1])
    names = [*sdoc.spans["agencies"], *unknown_bodies(sdoc)]
    for span in names:
        s, e = span.start_char, span.end_char
        if (
            inside.contains(s, e)
            and not excluded.covers(s)
            and _is_proper_name(span.text)
            and not _not_a_body(doc.text, s, e)
            and not levels.contains(s, e)  # "the State Council telecommunications … departments"
            and not DEPARTMENTS_OF.search(doc.text, max(0, s - 40), s)
        ):
            out.append(_mention(doc, TextSpan(s, e), "mentioned", named=named))
    covering = [n for n in [*names, *sdoc.spans["instruments"]] if not levels.contains(n.start_char, n.end_char)]
    out += _functional_mentions(doc, functional, covering, excluded, named)
    return sorted(out, key=lambda a: (a.span.start, a.span.end, a.role))


def _functional_mentions(
    doc: Document, functional: list[Functional], names: list[Span], excluded: Coverage, named: frozenset[str]
) -> list[AgencyMention]:
    """Bodies named by their function (pipeline.extract.functional) that no name or title found covers: a
    national function is its body (the rule book's ``agency_id``), any other a class of departments, unresolved."""
    taken = Containers([(s.start_char, s.end_char) for s in names])
    return [
        replace(_mention(doc, TextSpan(f.start, f.end), "mentioned", named=named), agency_id=f.agency_id)
        for f in restated(functional)
        if not taken.overlaps(f.start, f.end) and not excluded.covers(f.start)
    ]
