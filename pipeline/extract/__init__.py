"""Extract: agencies, legal instruments and numeric targets, attached to the segmented document."""

from __future__ import annotations

from dataclasses import replace

from ..model import Document
from .agencies import find_agency_mentions


def extract(doc: Document) -> Document:
    """Add mentions to a segmented document; the entry point of this stage."""
    return replace(doc, agency_mentions=tuple(find_agency_mentions(doc)))
