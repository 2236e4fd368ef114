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
    by_doc = {d: g for d, g in measures.groupby("doc_id", sort=True)}
    rows: list[dict] = []
    previous_of: dict[tuple, pd.DataFrame | None] = {}  # (language, year) -> the measures of that plan year
    for doc in docs.sort_values("doc_id", kind="stable").itertuples(index=False):
        earlier = docs[(docs["language"] == doc.language) & (docs["year"] < doc.year)]
        if earlier.empty or doc.doc_id not in by_doc:
            continue
        prev_year = int(earlier["year"].max())
        if (doc.language, prev_year) not in previous_of:
            prev_ids = [d for d in sorted(earlier.loc[earlier["year"] == prev_year, "doc_id"]) if d in by_doc]
            previous_of[doc.language, prev_year] = pd.concat([by_doc[d] for d in prev_ids]) if prev_ids else None
        previous = previous_of[doc.language, prev_year]
        if previous is None:
            continue
        rows += _pair(by_doc[doc.doc_id], int(doc.year), previous, prev_year, instruments, agencies,
                      str(doc.language))
    return pd.DataFrame(rows, columns=COLUMNS)


def _pair(current: pd.DataFrame, year: int, previous: pd.DataFrame, prev_year: int,
          instruments: dict[str, frozenset], agencies: dict[str, frozenset], language: str) -> list[dict]:
    """Each current measure's best match among the previous measures: all pairs scored at once, as matrices
    (rows: current, columns: previous); ties keep the earlier measure."""
    text = text_similarity(list(current["normalized"]), list(previous["normalized"]), language)
    ids, prev_ids = list(current["measure_id"]), list(previous["measure_id"])
    parts = {"text": np.asarray(text, dtype=float), "instruments": _jaccard(ids, prev_ids, instruments),
             "agencies": _jaccard(ids, prev_ids, agencies)}
    total = weights = 0.0
    for name, values in parts.items():  # the weighted mean of the parts that apply (NaN: does not apply)
        applies = ~np.isnan(values)
        total = total + np.where(applies, WEIGHTS[name] * np.nan_to_num(values), 0.0)
        weights = weights + np.where(applies, WEIGHTS[name], 0.0)
    scores = total / weights
    best = np.argmax(np.round(scores, 9), axis=1)  # the first of equal scores
    prev_docs = list(previous["doc_id"])
    rows = []
    for i, (doc_id, mid) in enumerate(zip(current["doc_id"], ids, strict=True)):
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


def text_similarity(current: list[str], previous: list[str], language: str = "en"):
    """Cosine similarities (rows: current, columns: previous) of TF-IDF vectors fitted on both lists."""
    # imported here: scikit-learn takes about 3 s to import, paid only when two plan years meet
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if language.startswith("zh"):
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2))
    else:
        vectorizer = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b|#", stop_words="english")
    vectors = vectorizer.fit_transform(current + previous)  # fitted on both, then each list's rows
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
    return {m: frozenset(g[column]) for m, g in mentions.dropna(subset=["measure_id"]).groupby("measure_id")}


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
