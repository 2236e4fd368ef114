"""Extract: agencies, legal instruments and numeric targets, attached to the segmented document."""

from __future__ import annotations

from dataclasses import replace

from ..model import Document
from ..segment import paragraphs
from .agencies import find_agency_mentions
from .laws import find_law_mentions
from .nlp import annotate
from .targets import find_targets


def extract(doc: Document) -> Document:
    """Add mentions to a segmented document; the entry point of this stage."""
    sdoc = annotate(doc.text, [(s.start, s.end) for s in doc.repaired.styles if s.style == "italic"])
    regions = text_regions(doc)
    return replace(doc, agency_mentions=tuple(find_agency_mentions(doc, sdoc, regions)),
                   law_mentions=tuple(find_law_mentions(doc, sdoc, regions)),
                   targets=tuple(find_targets(doc, sdoc)))


def text_regions(doc: Document) -> list[tuple[int, int]]:
    """Paragraphs of running text: everything but the title, number, addressees, signature, date and headings."""
    m = doc.metadata
    furniture = [s for s in (m.title_span, m.doc_number_span, m.issuer_span, m.date_span, m.plan_title_span) if s]
    furniture += list(doc.addressees)
    furniture += [s.title_span for s in doc.sections]
    return [(p.start, p.end) for p in paragraphs(doc.text)
            if not any(f.start < p.end and p.start < f.end for f in furniture)]
