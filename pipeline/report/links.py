"""Where a page's measures lead: the measure of the original a translated measure translates (``measure_links``)
and the other way, and the most similar measure of the previous plan (``measure_lineage``) and the other way;
and the documents a page is linked to (``document_links``, ``measure_links``, ``measure_lineage``).

Read from the exported tables alone, like the rest of the report; a link is a relative address,
``<doc_id>.html#<measure_id>``, which opens the other page at the measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

import pandas as pd

Rel = Literal["original", "translation", "previous", "next"]
RELS: dict[str, str] = {
    "original": "original",
    "translation": "translation",
    "previous": "previous plan",
    "next": "next plan",
}


@dataclass(frozen=True)
class Link:
    """One measure (``measure_id``, or a whole document when empty) in another document."""

    rel: Rel
    doc_id: str
    measure_id: str
    href: str
    note: str  # the label and score that made the link


def filename(doc_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id) + ".html"


def href(doc_id: str, row_id: str = "") -> str:
    """The address of a page, or of a row on it (its id is the anchor)."""
    return filename(doc_id) + (f"#{quote(row_id, safe='/:-_.~')}" if row_id else "")


def _rows(tables: dict[str, pd.DataFrame], name: str, column: str, doc_id: str) -> list[dict]:
    df = tables.get(name)
    if df is None or df.empty or column not in df.columns:
        return []
    return df[df[column] == doc_id].to_dict("records")


def _translation_note(rec: dict) -> str:
    shared = [
        f"{rec[c]} {label}"
        for c, label in (("shared_laws", "instruments"), ("shared_agencies", "agencies"), ("shared_numbers", "numbers"))
        if rec.get(c)
    ]
    return f"score {rec['score']:g}" + (f", shared {', '.join(shared)}" if shared else "")


def _lineage_note(rec: dict) -> str:
    return f"{rec['label']}, score {rec['score']:g}"


def measure_links(tables: dict[str, pd.DataFrame], doc_id: str) -> dict[str, list[Link]]:
    """Per measure of ``doc_id``, its links, in the order original, translation, previous, next."""
    out: dict[str, list[Link]] = {}

    def add(measure_id: str, rel: Rel, other_doc: str, other_measure: str, note: str) -> None:
        out.setdefault(measure_id, []).append(Link(rel, other_doc, other_measure, href(other_doc, other_measure), note))

    for rec in _rows(tables, "measure_links", "doc_id", doc_id):
        add(rec["measure_id"], "original", rec["original_doc_id"], rec["original_measure_id"], _translation_note(rec))
    for rec in _rows(tables, "measure_links", "original_doc_id", doc_id):
        add(rec["original_measure_id"], "translation", rec["doc_id"], rec["measure_id"], _translation_note(rec))
    for rec in _rows(tables, "measure_lineage", "doc_id", doc_id):
        add(rec["measure_id"], "previous", rec["previous_doc_id"], rec["previous_measure_id"], _lineage_note(rec))
    for rec in _rows(tables, "measure_lineage", "previous_doc_id", doc_id):
        add(rec["previous_measure_id"], "next", rec["doc_id"], rec["measure_id"], _lineage_note(rec))
    order = list(RELS)
    return {
        m: sorted(links, key=lambda x: (order.index(x.rel), x.doc_id, x.measure_id)) for m, links in sorted(out.items())
    }


def linked_documents(tables: dict[str, pd.DataFrame], doc_id: str) -> tuple[Link, ...]:
    """The documents ``doc_id`` is linked to: its original or translations (``document_links``, or any measure
    pair), its previous and next plans (``measure_lineage``)."""
    found: dict[tuple[Rel, str], str] = {}
    for rec in _rows(tables, "document_links", "doc_id", doc_id):
        found["original", rec["original_doc_id"]] = _pair_note(rec)
    for rec in _rows(tables, "document_links", "original_doc_id", doc_id):
        found["translation", rec["doc_id"]] = _pair_note(rec)
    for rec in _rows(tables, "measure_links", "doc_id", doc_id):
        found.setdefault(("original", rec["original_doc_id"]), "")
    for rec in _rows(tables, "measure_links", "original_doc_id", doc_id):
        found.setdefault(("translation", rec["doc_id"]), "")
    for rec in _rows(tables, "measure_lineage", "doc_id", doc_id):
        found.setdefault(("previous", rec["previous_doc_id"]), "")
    for rec in _rows(tables, "measure_lineage", "previous_doc_id", doc_id):
        found.setdefault(("next", rec["doc_id"]), "")
    order = list(RELS)
    return tuple(
        Link(rel, other, "", href(other), note)
        for (rel, other), note in sorted(found.items(), key=lambda x: (order.index(x[0][0]), x[0][1]))
    )


def _pair_note(rec: dict) -> str:
    decided = rec.get("decided_by")
    return f"score {rec['score']:g}" + (f", decided by {decided}" if isinstance(decided, str) else "")
