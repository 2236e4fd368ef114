"""The document id (its body is maintained separately: see make_doc_id)."""

from __future__ import annotations

import hashlib

import regex

from ..model import Metadata


def make_doc_id(meta: Metadata, text: str) -> str:
    """Stable across runs and machines: the year and document number identify a circular."""
    if meta.doc_number:
        key = regex.sub(r"[^\p{L}\p{N}]", "", meta.doc_number).lower()
    else:
        key = text
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return f"{meta.year or 'undated'}-{digest}"
