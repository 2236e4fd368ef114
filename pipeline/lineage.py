"""Measure lineage: each measure paired with its most similar measure of the previous plan.

The previous plan of a document is every document of the nearest earlier year in the tables, in the same
language. Similarity mixes three things a reader looks at when deciding whether a measure is carried over:

- the words: cosine similarity of TF-IDF vectors (scikit-learn), fitted on the two plans' measures, so that
  words every measure shares ("intellectual property") count little and distinctive ones ("pledge
  financing", "customs") much; English as words without stop words, Chinese as character bigrams; texts
  lower-cased with every number replaced by ``#``, so that "Sword Net 2032" and "Sword Net 2033", or "16
  months" and "15 months", read the same;
- the instruments named in the measure (Jaccard overlap; an instrument is its ``law_id``, or its title with
  years masked, so the "Catalogue ... (2032)" continues as the "Catalogue ... (2033)");
- the agencies named in the measure (Jaccard overlap of resolved ``agency_id``).

``score`` is the weighted mean of the parts that apply (text always; instruments and agencies only when
either measure names some). Labels follow from the score: ``continued`` at or above
:data:`CONTINUED_AT` (the same measure, at most its years and figures updated), ``revised`` at or above
:data:`REVISED_AT` (the same subject, reworded: actions, scope or instruments changed), ``new`` below.
The thresholds were set on ``tests/fixtures/lineage/`` (two plan years whose pairs were decided by reading):
measures carried over with new years or figures score 1.00, reworded ones 0.33 to 0.80 (the lowest: border
protection rewritten as port protection with two new duties), new ones at most 0.28 (the highest: a survey
of enterprises after a survey of students, which shares the words "carry out a survey of intellectual
property ... among"). The margin is thin, so read ``revised`` near 0.3 as a hint to check, not a finding.
A measure of the earlier plan can be the best match of several (a measure split in two); a measure of the
earlier plan that nobody matches was dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

import numpy as np
import pandas as pd
import regex

WEIGHTS = {"text": 0.7, "instruments": 0.15, "agencies": 0.15}
CONTINUED_AT = 0.9
REVISED_AT = 0.3
COLUMNS = ["doc_id", "measure_id", "year", "previous_doc_id", "previous_measure_id", "previous_year",
           "label", "score", "text_similarity", "instrument_similarity", "agency_similarity"]

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}#]+")
_ARTICLE = regex.compile(r"^(?:the|a|an)\s+")


def normalize(text: str) -> str:
    """Lower case, numbers as ``#``, punctuation as single spaces (Chinese characters are kept as they are)."""
    return _NON_WORD.sub(" ", _NUMBER.sub("#", text.lower())).strip()


def measure_lineage(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per listed measure of every document that has an earlier plan in the tables (needs
    ``documents``, ``measures``, ``law_mentions`` and ``agency_mentions``); sorted by document and
    measure position, deterministic."""
    docs = tables["documents"][["doc_id", "year", "language"]].dropna(subset=["year"])
    measures = tables["measures"]
    measures = measures[(measures["status"].astype(str) == "listed") & measures["text"].notna()]
    measures = measures.sort_values(["doc_id", "char_start"], kind="stable")
    measures = measures.assign(normalized=[normalize(t) for t in measures["text"]])  # once, not once per pairing
    instruments = _instrument_sets(tables["law_mentions"])
    agencies = _sets(tables["agency_mentions"].dropna(subset=["measure_id", "agency_id"]), "agency_id")
    by_doc: dict[str, list[str]] = defaultdict(list)  # doc_id -> its measures in text order
    for d, m in zip(measures["doc_id"], measures["measure_id"], strict=True):
        by_doc[d].append(m)
    terms = _Terms(measures, docs)  # each measure tokenized once, not once per plan it is compared with
    rows: list[dict] = []
    previous_of: dict[tuple, tuple[list[str], list[str]] | None] = {}  # (language, year) -> its measures, docs
    latest = {language: sorted(int(y) for y in years.unique())  # language -> its plan years
              for language, years in docs.groupby("language")["year"]}
    for doc in docs.sort_values("doc_id", kind="stable").itertuples(index=False):
        years = latest.get(doc.language, [])
        earlier = years[:bisect_left(years, doc.year)]
        if not earlier or doc.doc_id not in by_doc:
            continue
        prev_year = earlier[-1]
        if (doc.language, prev_year) not in previous_of:
            in_year = docs[(docs["language"] == doc.language) & (docs["year"] == prev_year)]
            prev_docs = [d for d in sorted(in_year["doc_id"]) if d in by_doc]
            previous_of[doc.language, prev_year] = ([m for d in prev_docs for m in by_doc[d]],
                                                    [d for d in prev_docs for _ in by_doc[d]]) if prev_docs else None
        previous = previous_of[doc.language, prev_year]
        if previous is None:
            continue
        current = by_doc[doc.doc_id]
        text = terms.similarity(current, previous[0])
        rows += _pair(doc.doc_id, current, int(doc.year), previous, prev_year, instruments, agencies, text)
    return pd.DataFrame(rows, columns=COLUMNS)


def _pair(doc_id: str, ids: list[str], year: int, previous: tuple[list[str], list[str]], prev_year: int,
          instruments: dict[str, frozenset], agencies: dict[str, frozenset], text) -> list[dict]:
    """Each measure's (``ids``, of ``doc_id``) best match among the previous measures (``previous``: their
    ids and documents): all pairs scored at once, as matrices (rows: current, columns: previous; ``text``:
    their text similarities); ties keep the earlier measure."""
    prev_ids, prev_docs = previous
    parts = {"text": np.asarray(text, dtype=float), "instruments": _jaccard(ids, prev_ids, instruments),
             "agencies": _jaccard(ids, prev_ids, agencies)}
    total = weights = 0.0
    for name, values in parts.items():  # the weighted mean of the parts that apply (NaN: does not apply)
        applies = ~np.isnan(values)
        total = total + np.where(applies, WEIGHTS[name] * np.nan_to_num(values), 0.0)
        weights = weights + np.where(applies, WEIGHTS[name], 0.0)
    scores = total / weights
    best = np.argmax(np.round(scores, 9), axis=1)  # the first of equal scores
    rows = []
    for i, mid in enumerate(ids):
        j = int(best[i])
        score = float(scores[i, j])
        label = "continued" if score >= CONTINUED_AT else "revised" if score >= REVISED_AT else "new"
        rows.append({"doc_id": doc_id, "measure_id": mid, "year": year,
                     "previous_doc_id": prev_docs[j], "previous_measure_id": prev_ids[j],
                     "previous_year": prev_year, "label": label, "score": round(score, 3),
                     "text_similarity": round(float(parts["text"][i, j]), 3),
                     "instrument_similarity": _round(parts["instruments"][i, j]),
                     "agency_similarity": _round(parts["agencies"][i, j])})
    return rows


def _vectorizer(language: str):
    # imported here: scikit-learn takes about 1 to 3 s to import, paid only when two plan years meet
    from sklearn.feature_extraction.text import TfidfVectorizer

    if language.startswith("zh"):
        return TfidfVectorizer(analyzer="char", ngram_range=(2, 2))
    return TfidfVectorizer(token_pattern=r"(?u)\b\w+\b|#", stop_words="english")


def text_similarity(current: list[str], previous: list[str], language: str = "en"):
    """Cosine similarities (rows: current, columns: previous) of TF-IDF vectors fitted on both lists."""
    from sklearn.metrics.pairwise import cosine_similarity

    vectors = _vectorizer(language).fit_transform(current + previous)  # fitted on both, then each list's rows
    return cosine_similarity(vectors[:len(current)], vectors[len(current):])


class _Terms:
    """The terms of every measure, found once (by the analyzer :func:`text_similarity` uses), and the count
    matrix of any list of measures built from them exactly as scikit-learn's vectorizer builds it (same
    values, same column order, same order of entries within a row), so that its TF-IDF weighting and cosine
    give the very same figures as :func:`text_similarity` on the texts, without reading each previous plan's
    measures again for every plan compared with it."""

    def __init__(self, measures: pd.DataFrame, docs: pd.DataFrame):
        language_of = dict(zip(docs["doc_id"], docs["language"].astype(str), strict=True))
        self.ids: dict[str, np.ndarray] = {}  # measure_id -> its terms in text order, as ranks of the sorted terms
        by_language: dict[str, list[tuple[str, list[str]]]] = {}
        for language in sorted({language_of.get(d, "en") for d in measures["doc_id"]}):
            analyze = _vectorizer(language).build_analyzer()
            chosen = [language_of.get(d, "en") == language for d in measures["doc_id"]]
            by_language[language] = [(m, analyze(t)) for m, t, c
                                      in zip(measures["measure_id"], measures["normalized"], chosen, strict=True) if c]
        for found in by_language.values():
            rank = {t: i for i, t in enumerate(sorted({t for _, tokens in found for t in tokens}))}
            for m, tokens in found:
                self.ids[m] = np.fromiter((rank[t] for t in tokens), dtype=np.int64, count=len(tokens))

    def counts(self, measure_ids: list[str]):
        """The count matrix TfidfVectorizer makes of these measures' texts (float counts, absent terms no column)."""
        from scipy.sparse import csr_matrix

        parts = [self.ids[m] for m in measure_ids]
        seq = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        row = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
        terms, first, column = np.unique(seq, return_index=True, return_inverse=True)
        seen = np.empty(len(terms), dtype=np.int64)  # the vectorizer's first numbering: order of first appearance
        seen[np.argsort(first, kind="stable")] = np.arange(len(terms))
        keys, n = np.unique(row * max(len(terms), 1) + seen[column], return_counts=True)
        rows, by_seen = np.divmod(keys, max(len(terms), 1))
        order = np.argsort(seen, kind="stable")  # seen number -> column (columns: terms sorted)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(parts)))])
        return csr_matrix((n.astype(np.float64), order[by_seen], indptr), shape=(len(parts), len(terms)))

    def similarity(self, current: list[str], previous: list[str]):
        """What :func:`text_similarity` gives for the texts of these measures (of one language)."""
        from sklearn.feature_extraction.text import TfidfTransformer
        from sklearn.metrics.pairwise import cosine_similarity

        counts = self.counts([*current, *previous])
        vectors = TfidfTransformer().fit_transform(counts)
        return cosine_similarity(vectors[:len(current)], vectors[len(current):])


def _instrument_sets(mentions: pd.DataFrame) -> dict[str, frozenset]:
    """Per measure, its instruments as keys: one key per law_id, the year-masked title of its first
    mention (so an annual catalogue keeps its key from year to year)."""
    mentions = mentions.dropna(subset=["measure_id", "law_id"]).sort_values(["law_id", "doc_id", "char_start"],
                                                                             kind="stable")
    key = {law: _ARTICLE.sub("", normalize(surface)) for law, surface
           in mentions.drop_duplicates("law_id")[["law_id", "surface"]].itertuples(index=False)}
    return _sets(mentions.assign(key=mentions["law_id"].map(key)), "key")


def _sets(mentions: pd.DataFrame, column: str) -> dict[str, frozenset]:
    """Per measure, the set of its mentions' ``column``."""
    found: dict[str, set] = defaultdict(set)
    mentions = mentions.dropna(subset=["measure_id"])
    for m, value in zip(mentions["measure_id"], mentions[column], strict=True):
        found[m].add(value)
    return {m: frozenset(values) for m, values in found.items()}


def _jaccard(ids: list[str], prev_ids: list[str], sets: dict[str, frozenset]):
    """Jaccard overlap of every pair's sets (rows: ``ids``, columns: ``prev_ids``); NaN where both are empty.
    Computed from a sparse incidence matrix: shared members by one product, the union from the sizes."""
    from scipy.sparse import csr_matrix

    keys: dict = {}  # set member -> column

    def incidence(measures: list[str]) -> tuple[list[int], list[int]]:
        rows, cols = [], []
        for r, m in enumerate(measures):
            for member in sets.get(m, ()):
                rows.append(r)
                cols.append(keys.setdefault(member, len(keys)))
        return rows, cols

    (r1, c1), (r2, c2) = incidence(ids), incidence(prev_ids)
    a = csr_matrix((np.ones(len(r1)), (r1, c1)), shape=(len(ids), len(keys)))
    b = csr_matrix((np.ones(len(r2)), (r2, c2)), shape=(len(prev_ids), len(keys)))
    shared = (a @ b.T).toarray()
    union = np.add.outer(np.asarray(a.sum(axis=1)).ravel(), np.asarray(b.sum(axis=1)).ravel()) - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, shared / union, np.nan)


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 3)
