"""Agency mentions: the issuer, the addressees and (later) responsible and mentioned bodies."""

from __future__ import annotations

from collections.abc import Iterator

from ..gazetteer import resolve
from ..model import AgencyMention, Document, Span


def mention_id(doc: Document, span: Span, role: str) -> str:
    return f"{doc.doc_id}/a{span.start}-{span.end}-{role}"


def _mention(doc: Document, span: Span, role: str, lead: bool = False,
             section_id: str | None = None, measure_id: str | None = None) -> AgencyMention:
    surface = doc.text[span.start:span.end]
    return AgencyMention(mention_id=mention_id(doc, span, role), agency_id=resolve(surface, doc.metadata.year),
                         surface=surface, role=role, lead=lead, section_id=section_id,
                         measure_id=measure_id, span=span)


def find_agency_mentions(doc: Document) -> Iterator[AgencyMention]:
    if doc.metadata.issuer_span:
        yield _mention(doc, doc.metadata.issuer_span, "issuer")
    for span in doc.addressees:
        yield _mention(doc, span, "addressee")
