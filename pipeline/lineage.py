"""Measure lineage: each measure paired with its most similar measure of the previous plan.

The previous plan of a document is found in the nearest earlier year in the tables, in the same language:
the documents of that year in the document's series when there are any, else every document of that year
(the language's). A series (:func:`series_key`) is the programme its title names, with years, ordinals
(第N, "3rd"), "annual"/年度 and digits removed from the title, and its issuer when one is printed: the 2033
"Promotion Plan for the National IP Strategy" of the State Council follows the 2032 one, not another
programme's plan of 2032. So the plans compared grow with a series, not with the square of a year's plans.
Similarity mixes three things a reader looks at when deciding whether a measure is carried over:

- the words: cosine similarity of TF-IDF vectors (scikit-learn), fitted on the two plans' measures, so that
  words every measure shares ("intellectual property") count little and distinctive ones ("pledge
  financing", "customs") much; English as words without stop words, Chinese as character bigrams; texts
  lower-cased with every number replaced by ``#``, so that "Sword Net 2032" and "Sword Net 2033", or "16
  months" and "15 months", read the same; an article's words without its label (第五条, "Article 5"), which
  its ``text`` starts with;
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

import importlib.util
import re
import runpy
from bisect import bisect_left
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import regex

from .patterns import article_words

WEIGHTS = {"text": 0.7, "instruments": 0.15, "agencies": 0.15}
CONTINUED_AT = 0.9
REVISED_AT = 0.3
COLUMNS = [
    "doc_id",
    "measure_id",
    "year",
    "previous_doc_id",
    "previous_measure_id",
    "previous_year",
    "label",
    "score",
    "text_similarity",
    "instrument_similarity",
    "agency_similarity",
]

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}#]+")
_ARTICLE = regex.compile(r"^(?:the|a|an)\s+")


def normalize(text: str) -> str:
    """Lower case, numbers as ``#``, punctuation as single spaces (Chinese characters are kept as they are)."""
    return _NON_WORD.sub(" ", _NUMBER.sub("#", text.lower())).strip()


_TITLE_YEARS = regex.compile(
    r"(?:\b(?:in|for|of)\s+)?(?:19|20)\d\d(?:\s*[-‐‑–—~至到]\s*(?:19|20)?\d\d)?\s*(?:年度|年)?", regex.I
)  # "in 2033", "2021-2025", "2033年度"
_ORDINALS = regex.compile(
    r"第[\d〇零一二三四五六七八九十百千两]+[次届期批个轮]?|\b\d+(?:st|nd|rd|th)\b|\bannual\b|年度", regex.I
)
_DIGITS = regex.compile(r"\d+")
_HAN = regex.compile(r"\p{Han}")


def series_key(title: object, issuer: object = None) -> str | None:
    """The programme a plan's title names (years, ordinals, "annual"/年度 and digits removed, the rest as
    :func:`~pipeline.extract.law_ids.title_key` or ``normalize_title`` compare titles), with its issuer when
    printed; None without a title."""
    from .extract.law_ids import normalize_title, title_key

    def key(text: str) -> str:
        text = title_key(text) if _HAN.search(text) else normalize_title(text)
        text = _DIGITS.sub(" ", _ORDINALS.sub(" ", _TITLE_YEARS.sub(" ", text)))
        return " ".join(_NON_WORD.sub(" ", text).split())

    if not isinstance(title, str) or not key(title):
        return None
    return key(title) + "\n" + (key(issuer) if isinstance(issuer, str) else "")


def measure_lineage(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per listed measure of every document that has an earlier plan in the tables (needs
    ``documents``, ``measures``, ``law_mentions`` and ``agency_mentions``; ``documents``' ``title`` and
    ``issuer``, when present, give the series); sorted by document and measure position, deterministic."""
    documents = tables["documents"]
    series = {
        d: series_key(t, i)
        for d, t, i in zip(
            documents["doc_id"].tolist(),
            documents["title"].tolist() if "title" in documents else [None] * len(documents),
            documents["issuer"].tolist() if "issuer" in documents else [None] * len(documents),
            strict=True,
        )
    }
    docs = documents[["doc_id", "year", "language"]].dropna(subset=["year"])
    measures = tables["measures"]
    measures = measures[(measures["status"].astype(str) == "listed") & measures["text"].notna()]
    measures = measures.sort_values(["doc_id", "char_start"], kind="stable")
    instruments = _instrument_sets(tables["law_mentions"])
    agencies = _sets(tables["agency_mentions"].dropna(subset=["measure_id", "agency_id"]), "agency_id")
    by_doc: dict[str, list[tuple[str, str]]] = defaultdict(list)  # doc_id -> its measures (id, text), text order
    # Columns as lists first: a column of pandas' Arrow-backed strings is slow to iterate value by value.
    kinds = measures["kind"].tolist() if "kind" in measures else [None] * len(measures)
    for d, m, t, kind in zip(
        measures["doc_id"].tolist(), measures["measure_id"].tolist(), measures["text"].tolist(), kinds, strict=True
    ):
        by_doc[d].append((m, article_words(t) if kind == "article" else t))  # 第五条 / "Article 5" is no word of it
    plans: dict[tuple[str, int], list[str]] = defaultdict(list)  # (language, year) -> its documents, by id
    for d, y, language in sorted(
        zip(docs["doc_id"].tolist(), docs["year"].tolist(), docs["language"].tolist(), strict=True)
    ):
        if isinstance(language, str) and d in by_doc:
            plans[language, int(y)].append(d)
    years = {language: sorted(y for lang, y in plans if lang == language) for language, _ in plans}
    blocks: dict[tuple[str, int], _Year] = {}
    vocabulary = _Vocabulary(instruments, agencies)

    def block(language: str, year: int) -> _Year:
        if (language, year) not in blocks:
            blocks[language, year] = _Year(year, plans[language, year], by_doc, vocabulary, language, series)
        return blocks[language, year]

    rows: list[dict] = []
    for doc in docs.sort_values("doc_id", kind="stable").itertuples(index=False):
        language = doc.language
        if not isinstance(language, str) or doc.doc_id not in by_doc:
            continue
        earlier = years[language][: bisect_left(years[language], doc.year)]
        if not earlier:
            continue
        current, previous = block(language, int(doc.year)), block(language, earlier[-1])
        rows += _pair(current, doc.doc_id, previous, earlier[-1], previous.series_rows(series.get(doc.doc_id)))
    _keep_terms({(t, lang) for lang, ys in years.items() for d in plans[lang, ys[-1]] for _, t in by_doc[d]})
    return pd.DataFrame(rows, columns=COLUMNS)


def _pair(plan: _Year, doc_id: str, previous: _Year, prev_year: int, among: np.ndarray | None) -> list[dict]:
    """Each measure of ``doc_id``'s best match among the previous plan year's measures (its rows ``among``, or
    all): all pairs scored at once, as matrices (rows: current, columns: previous); ties keep the earlier
    measure. A pair's figures do not depend on the others (the IDF is fitted on the plan and the whole
    previous year)."""
    start, end = plan.rows[doc_id]
    candidates = slice(None) if among is None else among
    parts = {
        "text": previous.text_similarity(plan.counts[start:end], among),
        "instruments": _jaccard(plan.instruments[start:end], previous.instruments[candidates]),
        "agencies": _jaccard(plan.agencies[start:end], previous.agencies[candidates]),
    }
    total: np.ndarray | float = 0.0
    weights: np.ndarray | float = 0.0
    for name, values in parts.items():  # the weighted mean of the parts that apply (NaN: does not apply)
        applies = ~np.isnan(values)
        total = total + np.where(applies, WEIGHTS[name] * np.nan_to_num(values), 0.0)
        weights = weights + np.where(applies, WEIGHTS[name], 0.0)
    scores = np.asarray(total) / np.asarray(weights)
    best = np.argmax(np.round(scores, 9), axis=1)  # the first of equal scores
    rows = []
    columns = np.arange(len(previous.measure_ids)) if among is None else among
    for i, mid in enumerate(plan.measure_ids[start:end]):
        c = int(best[i])
        j = int(columns[c])
        score = float(scores[i, c])
        label = "continued" if score >= CONTINUED_AT else "revised" if score >= REVISED_AT else "new"
        rows.append(
            {
                "doc_id": doc_id,
                "measure_id": mid,
                "year": plan.year,
                "previous_doc_id": previous.doc_ids[j],
                "previous_measure_id": previous.measure_ids[j],
                "previous_year": prev_year,
                "label": label,
                "score": round(score, 3),
                "text_similarity": round(float(parts["text"][i, c]), 3),
                "instrument_similarity": _round(parts["instruments"][i, c]),
                "agency_similarity": _round(parts["agencies"][i, c]),
            }
        )
    return rows


_WORDS = re.compile(r"(?u)\b\w+\b|#")  # the vectorizer's token pattern (read with ``re``, as it reads it)
_SPACES = re.compile(r"\s\s+")


def terms(text: str, language: str) -> list[str]:
    """The terms of a normalized measure text, as :func:`text_similarity`'s vectorizer finds them: Chinese as
    character bigrams, other languages as words without English stop words."""
    text = text.lower()
    if language.startswith("zh"):
        text = _SPACES.sub(" ", text)
        return [text[i : i + 2] for i in range(len(text) - 1)]
    stop = english_stop_words()
    return [w for w in _WORDS.findall(text) if w not in stop]


# A plan year is read twice, as the later and as the earlier year of a pairing: the terms of the measures of
# the latest years :func:`measure_lineage` compared are kept for the next call (and no others: memory holds one
# plan year's terms, not the corpus's).
_TERMS: dict[tuple[str, str], tuple[str, ...]] = {}


def _measure_terms(text: str, language: str) -> tuple[str, ...]:
    found = _TERMS.get((text, language))
    if found is None:
        found = _TERMS[text, language] = tuple(terms(normalize(text), language))
    return found


def _keep_terms(kept: set[tuple[str, str]]) -> None:
    for key in [k for k in _TERMS if k not in kept]:
        del _TERMS[key]


@cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from its file without importing scikit-learn (1 to 3 s)."""
    spec = importlib.util.find_spec("sklearn")
    found = spec.submodule_search_locations if spec else None
    path = Path(found[0], "feature_extraction", "_stop_words.py") if found else None
    try:
        return frozenset(runpy.run_path(str(path))["ENGLISH_STOP_WORDS"])
    except (OSError, TypeError, KeyError):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)


def text_similarity(current: list[str], previous: list[str], language: str = "en"):
    """Cosine similarities (rows: current, columns: previous) of TF-IDF vectors fitted on both lists (by
    scikit-learn: the reference :class:`_Year` computes the same figures against)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if language.startswith("zh"):
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2))
    else:
        vectorizer = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b|#", stop_words="english")
    vectors = vectorizer.fit_transform(current + previous)  # fitted on both, then each list's rows
    return cosine_similarity(vectors[: len(current)], vectors[len(current) :])


class _Vocabulary:
    """Column numbers of terms (per language), instruments and agencies, shared by the plan years compared."""

    def __init__(self, instruments: dict[str, frozenset], agencies: dict[str, frozenset]):
        self.terms: dict[str, dict[str, int]] = defaultdict(dict)
        self.sets = {"instruments": instruments, "agencies": agencies}
        self.members: dict[str, dict] = {"instruments": {}, "agencies": {}}

    def counts(self, texts: list[str], language: str):
        """Term counts of texts (rows), as a sparse matrix over every term of the language seen so far."""
        column = self.terms[language]
        rows: list[int] = []
        cols: list[int] = []
        for r, text in enumerate(texts):
            found = _measure_terms(text, language)
            for t in dict.fromkeys(found):  # new terms numbered in order of appearance (deterministic)
                if t not in column:
                    column[t] = len(column)
            rows += [r] * len(found)
            cols += map(column.__getitem__, found)
        return _csr(rows, cols, len(texts))

    def incidence(self, kind: str, measure_ids: list[str]):
        """Which instruments (or agencies) each measure names, as a 0/1 sparse matrix."""
        column, sets = self.members[kind], self.sets[kind]
        rows, cols = [], []
        for r, m in enumerate(measure_ids):
            for member in sets.get(m, ()):
                rows.append(r)
                cols.append(column.setdefault(member, len(column)))
        return _csr(rows, cols, len(measure_ids))


def _csr(rows: list[int], cols: list[int], n: int):
    """Counts of (row, column) pairs as a CSR matrix, entries of a row in column order."""
    from scipy.sparse import csr_matrix

    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(cols, default=-1) + 1))
    matrix.sum_duplicates()
    return matrix


def _widen(matrix, width: int):
    """The same matrix with ``width`` columns (columns numbered later, by other plan years, are empty here)."""
    from scipy.sparse import csr_matrix

    return csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width))


class _Year:
    """One plan year of one language: its measures (rows, by document then text order) as term counts and
    instrument and agency incidences, built once and compared with every plan of the next year."""

    def __init__(
        self,
        year: int,
        doc_ids: list[str],
        by_doc: dict[str, list[tuple[str, str]]],
        vocabulary: _Vocabulary,
        language: str,
        series: dict[str, str | None] | None = None,
    ):
        self.year = year
        self.measure_ids: list[str] = []
        self.doc_ids: list[str] = []
        texts: list[str] = []
        self.rows: dict[str, tuple[int, int]] = {}
        for d in doc_ids:
            start = len(self.measure_ids)
            for m, text in by_doc[d]:
                self.measure_ids.append(m)
                self.doc_ids.append(d)
                texts.append(text)
            self.rows[d] = (start, len(self.measure_ids))
        by_series: dict[str, list[int]] = defaultdict(list)
        for d in doc_ids:
            key = (series or {}).get(d)
            if key is not None:
                by_series[key] += range(*self.rows[d])
        self.series = {key: np.asarray(rows, dtype=np.intp) for key, rows in by_series.items() if rows}
        self.counts = vocabulary.counts(texts, language)
        self.frequency = np.bincount(self.counts.indices, minlength=self.counts.shape[1])  # measures with each term
        self.instruments = vocabulary.incidence("instruments", self.measure_ids)
        self.agencies = vocabulary.incidence("agencies", self.measure_ids)

    def series_rows(self, key: str | None) -> np.ndarray | None:
        """The rows (measures) of this year's plans of series ``key``, or None (all rows) when it has none."""
        return self.series.get(key) if key is not None else None

    def text_similarity(self, current, among: np.ndarray | None = None):
        """Cosine similarities of TF-IDF vectors (rows: ``current``, a matrix of term counts; columns: this
        year's measures, or its rows ``among``), the IDF fitted on both, as :func:`text_similarity` computes
        them: smoothed IDF (``ln((1 + n) / (1 + df)) + 1``) and rows of unit length."""
        n = current.shape[0] + self.counts.shape[0]
        width = max(current.shape[1], self.counts.shape[1])
        frequency = np.bincount(current.indices, minlength=width)
        frequency[: len(self.frequency)] += self.frequency
        idf = np.log((n + 1) / (frequency + 1.0)) + 1.0
        counts = self.counts if among is None else self.counts[among]
        return (_unit(_widen(current, width), idf) @ _unit(_widen(counts, width), idf).T).toarray()


def _unit(counts, idf):
    """TF-IDF rows of unit length (normalized twice, as the vectorizer and then the cosine do)."""
    vectors = counts.copy()
    vectors.data = vectors.data * idf[vectors.indices]
    row = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    for _ in range(2):
        norms = np.sqrt(np.bincount(row, weights=vectors.data * vectors.data, minlength=vectors.shape[0]))
        vectors.data = vectors.data / np.where(norms > 0, norms, 1.0)[row]
    return vectors


def _instrument_sets(mentions: pd.DataFrame) -> dict[str, frozenset]:
    """Per measure, its instruments as keys: one key per law_id, the year-masked title of its first
    mention (so an annual catalogue keeps its key from year to year)."""
    mentions = mentions.dropna(subset=["measure_id", "law_id"]).sort_values(
        ["law_id", "doc_id", "char_start"], kind="stable"
    )
    key = {
        law: _ARTICLE.sub("", normalize(surface))
        for law, surface in mentions.drop_duplicates("law_id")[["law_id", "surface"]].itertuples(index=False)
    }
    return _sets(mentions.assign(key=mentions["law_id"].map(key)), "key")


def _sets(mentions: pd.DataFrame, column: str) -> dict[str, frozenset]:
    """Per measure, the set of its mentions' ``column``."""
    found: dict[str, set] = defaultdict(set)
    mentions = mentions.dropna(subset=["measure_id"])
    for m, value in zip(mentions["measure_id"].tolist(), mentions[column].tolist(), strict=True):
        found[m].add(value)
    return {m: frozenset(values) for m, values in found.items()}


def _jaccard(a, b):
    """Jaccard overlap of every pair of rows of two 0/1 incidence matrices (rows: ``a``, columns: ``b``); NaN
    where both sets are empty: shared members by one product, the union from the sizes."""
    width = max(a.shape[1], b.shape[1])
    a, b = _widen(a, width), _widen(b, width)
    shared = (a @ b.T).toarray()
    union = np.add.outer(np.asarray(a.sum(axis=1)).ravel(), np.asarray(b.sum(axis=1)).ravel()) - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, shared / union, np.nan)


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 3)
