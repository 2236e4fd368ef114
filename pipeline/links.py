"""Links between a plan's Chinese original and its translation: ``measure_links``, one row per translated
measure paired with the measure of the original it translates.

Documents are paired when one is Chinese and the other not, with the same year and the same serial number
in their document numbers (国知战联办〔2014〕24号 / G. ZH. F. X. Z. [2014] No. 24). Measures are paired by
outline position (measure number and the ordinals of the enclosing sections) and checked by what they
share: instruments (one law_id across languages, see ``pipeline/rules/zh/laws.json``), agencies (one
agency_id) and the numbers of their targets. ``score`` is 0.3 for the same number, 0.2 for the same section
path, and up to 0.5 for the shared evidence (the mean Jaccard overlap of the kinds either measure has).

Built from the tables alone (like ``measure_lineage``), so it is recomputed over the whole output folder at
every commit and needs no document in memory.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import regex

MIN_SCORE = 0.3
SERIAL = regex.compile(r"(\d{1,4})\s*[号號]?\s*$|No\.?\s*(\d{1,4})\s*$", regex.I)
COLUMNS = {"documents": ["doc_id", "year", "doc_number", "language"],
           "sections": ["doc_id", "section_id", "parent_id", "ordinal"],
           "measures": ["doc_id", "measure_id", "section_id", "number", "status"],
           "law_mentions": ["doc_id", "measure_id", "law_id"],
           "agency_mentions": ["doc_id", "measure_id", "agency_id"],
           "targets": ["doc_id", "measure_id", "value_min", "value_max"]}


def _serial(number: object, year: object) -> tuple[int | None, str | None]:
    m = SERIAL.search(number) if isinstance(number, str) else None
    return (None if pd.isna(year) else int(year)), ((m.group(1) or m.group(2)) if m else None)


def document_pairs(documents: pd.DataFrame) -> list[tuple[str, str]]:
    """(original doc_id, translation doc_id) pairs."""
    keyed = [(r.doc_id, r.language, _serial(r.doc_number, r.year)) for r in documents.itertuples(index=False)]
    originals = [(d, key) for d, lang, key in keyed if lang == "zh"]
    pairs = []
    for doc_id, lang, key in sorted(keyed):
        if lang == "zh" or key[0] is None or key[1] is None:
            continue
        match = [o for o, okey in originals if okey == key]
        if len(match) == 1:
            pairs.append((match[0], doc_id))
    return pairs


def _measures(doc_id: str, t: dict[str, pd.DataFrame]) -> list[tuple[str, tuple]]:
    """Listed measures of a document with their key: number, section path, evidence."""
    sections = t["sections"][t["sections"]["doc_id"] == doc_id]
    parent = dict(zip(sections["section_id"], sections["parent_id"], strict=True))
    ordinal = dict(zip(sections["section_id"], sections["ordinal"], strict=True))

    def path(section_id: object) -> tuple[int, ...]:
        out = []
        while isinstance(section_id, str) and section_id in ordinal:
            out.append(int(ordinal[section_id]))
            section_id = parent[section_id]
        return tuple(reversed(out))

    evidence: dict[str, dict[str, set]] = defaultdict(lambda: {"laws": set(), "agencies": set(), "numbers": set()})
    for kind, table, columns in (("laws", "law_mentions", ["law_id"]), ("agencies", "agency_mentions", ["agency_id"]),
                                 ("numbers", "targets", ["value_min", "value_max"])):
        rows = t[table][(t[table]["doc_id"] == doc_id) & t[table]["measure_id"].notna()].dropna(subset=columns)
        for r in rows.itertuples(index=False):
            value = tuple(getattr(r, c) for c in columns)
            evidence[r.measure_id][kind].add(value[0] if len(value) == 1 else value)
    measures = t["measures"][(t["measures"]["doc_id"] == doc_id) & (t["measures"]["status"].astype(str) == "listed")]
    return [(m.measure_id, (int(m.number), path(m.section_id), evidence[m.measure_id]))
            for m in measures.itertuples(index=False)]


def _score(a: tuple, b: tuple) -> tuple[float, dict[str, int]]:
    (num_a, path_a, ev_a), (num_b, path_b, ev_b) = a, b
    overlaps = [len(ev_a[k] & ev_b[k]) / len(ev_a[k] | ev_b[k]) for k in ev_a if ev_a[k] | ev_b[k]]
    evidence = sum(overlaps) / len(overlaps) if overlaps else 0.0
    score = 0.3 * (num_a == num_b) + 0.2 * (path_a == path_b) + 0.5 * evidence
    return round(score, 4), {k: len(ev_a[k] & ev_b[k]) for k in ev_a}


def measure_links(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Rows of the ``measure_links`` table (schemas/measure_links.json) from the document tables."""
    t = {name: tables[name][cols] for name, cols in COLUMNS.items()}
    rows = []
    for original, translation in document_pairs(t["documents"]):
        candidates = []
        originals = _measures(original, t)
        for tm, tk in _measures(translation, t):
            for om, ok in originals:
                score, shared = _score(ok, tk)
                if score >= MIN_SCORE:
                    candidates.append((-score, tk[0], ok[0], tm, om, shared))
        used_t, used_o = set(), set()
        for neg, _, _, tm, om, shared in sorted(candidates, key=lambda c: c[:5]):
            if tm in used_t or om in used_o:
                continue
            used_t.add(tm)
            used_o.add(om)
            rows.append({"doc_id": translation, "measure_id": tm, "original_doc_id": original,
                         "original_measure_id": om, "score": -neg, "shared_laws": shared["laws"],
                         "shared_agencies": shared["agencies"], "shared_numbers": shared["numbers"]})
    return sorted(rows, key=lambda r: (r["doc_id"], r["measure_id"]))
