"""Links between a plan's Chinese original and its translation: ``measure_links``, one row per translated
measure paired with the measure of the original it translates.

Documents are paired when one is Chinese and the other not, with the same year and the same serial number
in their document numbers (国知战联办〔2014〕24号 / G. ZH. F. X. Z. [2014] No. 24). Measures are paired by
outline position (measure number and the ordinals of the enclosing sections) and checked by what they
share: instruments (one law_id across languages, see ``pipeline/rules/zh/laws.json``), agencies (one
agency_id) and the numbers of their targets. ``score`` is 0.3 for the same number, 0.2 for the same section
path, and up to 0.5 for the shared evidence (the mean Jaccard overlap of the kinds either measure has).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .ingest.language import detect_language
from .model import Document, Measure

MIN_SCORE = 0.3
SERIAL = regex.compile(r"(\d{1,4})\s*号?\s*$|No\.?\s*(\d{1,4})\s*$", regex.I)


def language_of(doc: Document) -> str:
    return doc.metadata.language if doc.metadata.language == "zh" else detect_language(doc.text[:5000])


def _serial(doc: Document) -> tuple[int | None, str | None]:
    number = doc.metadata.doc_number or ""
    m = SERIAL.search(number)
    return doc.metadata.year, (m.group(1) or m.group(2)) if m else None


def document_pairs(docs: Iterable[Document]) -> list[tuple[Document, Document]]:
    """(original, translation) pairs among the documents."""
    docs = list(docs)
    originals = [d for d in docs if language_of(d) == "zh"]
    translations = [d for d in docs if language_of(d) != "zh"]
    pairs = []
    for t in translations:
        key = _serial(t)
        match = [o for o in originals if _serial(o) == key and key[0] is not None]
        if len(match) == 1:
            pairs.append((match[0], t))
    return pairs


def _section_path(doc: Document, section_id: str | None) -> tuple[int, ...]:
    by_id = {s.section_id: s for s in doc.sections}
    path = []
    while section_id in by_id:
        s = by_id[section_id]
        path.append(s.ordinal)
        section_id = s.parent_id
    return tuple(reversed(path))


def _evidence(doc: Document, m: Measure) -> dict[str, set]:
    return {
        "laws": {x.law_id for x in doc.law_mentions if x.measure_id == m.measure_id},
        "agencies": {x.agency_id for x in doc.agency_mentions if x.measure_id == m.measure_id and x.agency_id},
        "numbers": {(x.value_min, x.value_max) for x in doc.targets if x.measure_id == m.measure_id},
    }


def _score(a: tuple, b: tuple) -> tuple[float, dict[str, int]]:
    (num_a, path_a, ev_a), (num_b, path_b, ev_b) = a, b
    overlaps = [len(ev_a[k] & ev_b[k]) / len(ev_a[k] | ev_b[k]) for k in ev_a if ev_a[k] | ev_b[k]]
    evidence = sum(overlaps) / len(overlaps) if overlaps else 0.0
    score = 0.3 * (num_a == num_b) + 0.2 * (path_a == path_b) + 0.5 * evidence
    return round(score, 4), {k: len(ev_a[k] & ev_b[k]) for k in ev_a}


def measure_links(docs: Iterable[Document]) -> list[dict]:
    """Rows of the ``measure_links`` table (schemas/measure_links.json)."""
    rows = []
    for original, translation in document_pairs(docs):
        def keyed(doc: Document) -> list[tuple[Measure, tuple]]:
            return [(m, (m.number, _section_path(doc, m.section_id), _evidence(doc, m)))
                    for m in doc.measures if m.status == "listed"]

        candidates = []
        for tm, tk in keyed(translation):
            for om, ok in keyed(original):
                score, shared = _score(ok, tk)
                if score >= MIN_SCORE:
                    candidates.append((-score, tm.number, om.number, tm, om, shared))
        used_t, used_o = set(), set()
        for neg, _, _, tm, om, shared in sorted(candidates, key=lambda c: c[:3]):
            if tm.measure_id in used_t or om.measure_id in used_o:
                continue
            used_t.add(tm.measure_id)
            used_o.add(om.measure_id)
            rows.append({"doc_id": translation.doc_id, "measure_id": tm.measure_id,
                         "original_doc_id": original.doc_id, "original_measure_id": om.measure_id,
                         "score": -neg, "shared_laws": shared["laws"], "shared_agencies": shared["agencies"],
                         "shared_numbers": shared["numbers"]})
    return sorted(rows, key=lambda r: (r["doc_id"], r["measure_id"]))
