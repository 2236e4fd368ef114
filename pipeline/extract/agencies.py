"""Agency mentions: issuer, addressees, units responsible for a measure, and other named bodies.

Names are matched against the gazetteer (``agencies.csv``) with a PhraseMatcher; a capitalized name
headed by an organizational noun that the gazetteer lacks ("National Technical Committee for ...") is still
a mention, with a null ``agency_id``. Resolution is era-aware (see :func:`pipeline.gazetteer.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import agencies, resolve
from ..model import AgencyMention, Document
from ..model import Span as TextSpan
from ..patterns import alternation
from ..resources import load_json
from ..segment import split_agency_list
from .runs import capitalized_run, clause_initial, is_cap

UNKNOWN_HEADS = frozenset(load_json("agency_heads.json")["unknown_body_heads"])
COMPLEMENTS = frozenset(load_json("titles.json")["complements"])
_S = load_json("structure.json")


LABELS = {kind: words for kind, words in _S["responsibility_labels"].items()}
RESPONSIBILITY_LABEL = regex.compile(
    rf"(?:^|(?<=[;；,，]\s*))(?P<label>{alternation([w for ws in LABELS.values() for w in ws])})(?:\s*[:：]\s*|\s+)",
    regex.I)
TRAILER = regex.compile(rf"\s*(?:{alternation(_S['responsibility_trailers'])})\s*$", regex.I)
DASH_VARIANTS = ("-", "–", "—")


@Language.factory("policy_agency_ruler")
def make_agency_ruler(nlp: Language, name: str) -> AgencyRuler:
    return AgencyRuler(nlp)


class AgencyRuler:
    """Sets ``doc.spans["agencies"]``: gazetteer names (any case) and abbreviations (exact case)."""

    def __init__(self, nlp: Language) -> None:
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        names, abbrs = set(), set()
        for a in agencies():
            for n in (a.name, *a.aliases):
                (abbrs if n.isupper() else names).update(_variants(n))
            if a.abbreviation:
                abbrs.add(a.abbreviation)
        self.names.add("AGENCY", [nlp.make_doc(n) for n in sorted(names)])
        self.abbreviations.add("AGENCY", [nlp.make_doc(n) for n in sorted(abbrs)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="AGENCY") for _, s, e in self.names(doc) + self.abbreviations(doc)]
        doc.spans["agencies"] = filter_spans(spans)
        return doc


def _variants(name: str) -> set[str]:
    out = {name, name.replace("'", "’")}
    if "-" in name:
        out |= {v.replace("-", d) for v in list(out) for d in DASH_VARIANTS}
    return out


def unknown_bodies(sdoc: Doc) -> Iterator[Span]:
    """Capitalized names headed by an organizational noun that no gazetteer entry covers."""
    taken = [(s.start, s.end) for key in ("agencies", "instruments") for s in sdoc.spans[key]]
    i = 0
    while i < len(sdoc):
        if not is_cap(sdoc[i]) or clause_initial(sdoc, i) or any(s <= i < e for s, e in taken):
            i += 1
            continue
        j = capitalized_run(sdoc, i)
        if j - i >= 2 and not any(s < j and i < e for s, e in taken):
            for k in range(i, j):
                nxt = sdoc[k + 1] if k + 1 < j else None
                if sdoc[k].text in UNKNOWN_HEADS and (nxt is None or nxt.lower_ in COMPLEMENTS):
                    yield Span(sdoc, i, j, label="AGENCY")
                    break
        i = max(j, i + 1)


def _mention(doc: Document, span: TextSpan, role: str, lead: bool = False) -> AgencyMention:
    surface = doc.text[span.start:span.end]
    measure = doc.measure_at(span.start)
    return AgencyMention(
        mention_id=f"{doc.doc_id}/a{span.start}-{span.end}-{role}", agency_id=resolve(surface, doc.metadata.year),
        surface=surface, role=role, lead=lead, section_id=doc.section_at(span.start),
        measure_id=measure.measure_id if measure else None, span=span)


def responsibility_mentions(doc: Document) -> Iterator[AgencyMention]:
    """Units named in each measure's responsibility parenthetical; "Lead:" units get ``lead``."""
    text = doc.text
    for m in doc.measures:
        if not m.responsibility_span:
            continue
        start, end = m.responsibility_span.start, m.responsibility_span.end
        inner = text[start:end]
        labels = [(lab.group("label"), start + lab.start(), start + lab.end())
                  for lab in RESPONSIBILITY_LABEL.finditer(inner)]
        segments = []
        if not labels or labels[0][1] > start:
            segments.append((None, start, labels[0][1] if labels else end))
        for k, (label, _, label_end) in enumerate(labels):
            seg_end = labels[k + 1][1] if k + 1 < len(labels) else end
            segments.append((label, label_end, seg_end))
        for label, s, e in segments:
            trailer = TRAILER.search(text, s, e)
            if trailer:
                e = trailer.start()
            lead = label is not None and any(label.lower() == w.lower() for w in LABELS["lead"])
            for span in split_agency_list(text, s, e):
                yield _mention(doc, span, "responsible", lead)


def _is_proper_name(surface: str) -> bool:
    """Gazetteer matching ignores case; a lower-case phrase ("the inter-ministerial joint conference
    system") is a description, not a name."""
    words = [w for w in surface.split() if w.lower() != "the"]
    return bool(words) and words[0][:1].isupper()


def find_agency_mentions(doc: Document, sdoc: Doc, regions: list[tuple[int, int]]) -> list[AgencyMention]:
    out: list[AgencyMention] = []
    if doc.metadata.issuer_span:
        out.append(_mention(doc, doc.metadata.issuer_span, "issuer"))
    out.extend(_mention(doc, span, "addressee") for span in doc.addressees)
    out.extend(responsibility_mentions(doc))
    excluded = [(m.responsibility_span.start, m.responsibility_span.end) for m in doc.measures
                if m.responsibility_span]
    for span in [*sdoc.spans["agencies"], *unknown_bodies(sdoc)]:
        s, e = span.start_char, span.end_char
        if (any(a <= s and e <= b for a, b in regions) and not any(a <= s < b for a, b in excluded)
                and _is_proper_name(span.text)):
            out.append(_mention(doc, TextSpan(s, e), "mentioned"))
    return sorted(out, key=lambda a: (a.span.start, a.span.end, a.role))
