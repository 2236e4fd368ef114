"""Links between a plan's Chinese original and its translation: ``document_links`` (which translation renders
which original, with the evidence), ``measure_links`` (each translated measure and the measure it renders) and
the cross-document findings of the ``quality`` table (``unshared_instrument``, ``partial_translation``).

Documents. A Chinese document and one in another language are a pair when the evidence says so:

- the serial of their document numbers (国知战联办〔2014〕24号 / G. ZH. F. X. Z. [2014] No. 24), the strongest
  evidence when both print one (a different serial rules the pair out);
- their years: the ``year`` of ``documents`` and the years their titles name, or, for a document that prints
  neither, the one year its opening names most (``body``); no year in common rules the pair out;
- their titles, as sets of the plan-name words of ``rules/zh/title_words.json`` (知识产权强国 / "IP
  Powerhouse", 推进计划 / "Promotion Plan", ...) — a document without a title is read from its opening;
- the outline's shape (top-level sections, listed measures);
- the instruments (one law_id across languages), agencies (one agency_id) and target numbers they share,
  counted against the smaller of the two sets, so an excerpt that renders part of the original still scores.

``score`` is the weighted mean of the evidence a pair has (``WEIGHTS``); a pair needs ``MIN_PAIR_SCORE`` and,
unless the document numbers agree, a year in common or ``MIN_CONTENT`` of shared instruments and numbers
(agencies recur in every plan of a series). Pairs are chosen one-to-one, greedily: document-number pairs first,
then by score.

Measures. Within a pair, measures are paired by outline position (measure number and the ordinals of the
enclosing sections) and checked by what they share: instruments, agencies and target numbers. ``score`` is 0.3
for the same number, 0.2 for the same section path, and up to 0.5 for the shared evidence (the mean Jaccard
overlap of the kinds either measure has); one-to-one, best first.

Built from the tables alone (like ``measure_lineage``), and needs no document in memory; only the openings
of documents without a year or a title are read from their text. An original is weighed only against the
translations that can have enough evidence (:func:`possible_pairs`: those of its years, and those without a
year), and a commit keeps each document's profile and each pair's rows (``pipeline/corpus_tables.py``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd
import regex

from .ingest.language import matching_copy
from .rules import entry_pattern
from .rules.profiles import script_book

MIN_SCORE = 0.3  # a measure pair
MIN_PAIR_SCORE = 0.5  # a document pair decided by evidence
MIN_CONTENT = 0.3  # shared content that stands in for a year in common
WEIGHTS = {"year": 0.15, "title": 0.3, "shape": 0.15, "laws": 0.15, "agencies": 0.1, "numbers": 0.15}
OPENING = 1500  # characters of a document's text read for its year or its title words when it prints none
SERIAL = regex.compile(r"(\d{1,4})\s*[号號]?\s*$|No\.?\s*(\d{1,4})\s*$", regex.I)
YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
YEAR_RANGE = regex.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:[-‐‑‒–—―~～至到]|\bto\b)\s*((?:19|20)\d\d)(?!\d)", regex.I
)
COLUMNS = {
    "documents": ["doc_id", "year", "doc_number", "language", "title", "plan_title"],
    "sections": ["doc_id", "section_id", "parent_id", "ordinal"],
    "measures": ["doc_id", "measure_id", "section_id", "number", "status"],
    "law_mentions": ["doc_id", "measure_id", "law_id", "surface"],
    "agency_mentions": ["doc_id", "measure_id", "agency_id"],
    "targets": ["doc_id", "measure_id", "value_min", "value_max"],
}
EVIDENCE_KINDS = ("laws", "agencies", "numbers")
DISTINCTIVE = ("laws", "numbers")


# --- documents ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What a document offers as evidence of what it translates, or is translated by."""

    doc_id: str
    language: str
    year: int | None
    year_source: str | None  # issue_date, doc_number, title (documents.year_source's sources) or body
    years: frozenset[int]  # every year it may be the plan of: its year and the years its titles name
    serial: tuple[int, str] | None  # (year, serial) of its document number
    words: frozenset[str]  # concepts of rules/zh/title_words.json its title (or opening) names
    sections: int
    measures: int
    content: Mapping[str, frozenset]  # laws, agencies, numbers


@dataclass(frozen=True)
class Evidence:
    """Why a translation is (or is not) paired with an original."""

    same_number: bool | None  # None: one of the two prints no document number
    same_year: bool | None  # None: one of the two has no year
    title: float | None  # overlap of their plan-name words; None: one of the two names none
    shape: float | None  # None: one of the two has no listed measure
    shared: Mapping[str, int]  # laws, agencies, numbers both documents name
    overlap: Mapping[str, float | None]  # the same, as a share of the smaller set (shrunk for small sets)
    score: float

    @property
    def vetoed(self) -> bool:
        return self.same_number is False or self.same_year is False

    @property
    def content(self) -> float:
        """Mean overlap of what sets one plan apart from the next (instruments, target numbers): agencies recur
        in every plan of a series, so they weigh in the score but cannot stand in for a year."""
        values = [self.overlap[k] or 0.0 for k in DISTINCTIVE]
        return sum(values) / len(values)

    @property
    def enough(self) -> bool:
        if self.vetoed:
            return False
        if self.same_number:
            return True
        return self.score >= MIN_PAIR_SCORE and (self.same_year is True or self.content >= MIN_CONTENT)


@dataclass(frozen=True)
class Pair:
    original: str
    translation: str
    evidence: Evidence


@cache
def _title_words() -> tuple[tuple[str, regex.Pattern, regex.Pattern], ...]:
    """(concept, Chinese pattern on the matching copy, English pattern) of each plan-name word."""
    book = script_book("han")
    return tuple(
        (e["concept"], entry_pattern(book.language, "title_words", e), regex.compile(e["en"], regex.I))
        for e in book.entries("title_words")
    )


def title_words(text: str, language: str) -> frozenset[str]:
    """The plan-name concepts a title names, in its language."""
    if language == "zh":
        copy = matching_copy(text)
        return frozenset(c for c, zh, _ in _title_words() if zh.search(copy))
    return frozenset(c for c, _, en in _title_words() if en.search(text))


def opening_year(text: str) -> int | None:
    """The plan year an opening names most: single years, not the ends of a range (2021—2035), though a
    range of one year ("2021 to 2021") counts; None on a tie or when it names none."""
    counts: Counter[int] = Counter()
    for m in YEAR_RANGE.finditer(text):
        if m.group(1) == m.group(2):
            counts[int(m.group(1))] += 1
    bare = YEAR_RANGE.sub(" ", text)
    counts.update(int(y) for y in YEAR.findall(bare))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def _serial(number: object, year: int | None) -> tuple[int, str] | None:
    m = SERIAL.search(number) if isinstance(number, str) else None
    return (year, m.group(1) or m.group(2)) if m and year is not None else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def needs_opening(documents: pd.DataFrame) -> list[str]:
    """Documents whose opening text the profiles read: those without a year, or without any title."""
    no_title = documents["title"].isna() & documents["plan_title"].isna()
    return sorted(documents.loc[documents["year"].isna() | no_title, "doc_id"])


def profiles(t: Mapping[str, pd.DataFrame], openings: Mapping[str, str]) -> dict[str, Profile]:
    content = {kind: _document_content(t, table, columns) for kind, table, columns in SOURCES}
    measures = t["measures"][t["measures"]["status"].astype(str) == "listed"].groupby("doc_id").size()
    tops = t["sections"][t["sections"]["parent_id"].isna()].groupby("doc_id").size()
    out = {}
    for r in t["documents"].itertuples(index=False):
        language = str(r.language)
        opening = openings.get(r.doc_id, "")[:OPENING]
        titles = " ".join(_text(x) for x in (r.title, r.plan_title)).strip()
        year, source, years = _years(r.year, titles, opening)
        out[r.doc_id] = Profile(
            r.doc_id,
            language,
            year,
            source,
            years,
            _serial(r.doc_number, None if pd.isna(r.year) else int(r.year)),
            title_words(titles or opening, language),
            int(tops.get(r.doc_id, 0)),
            int(measures.get(r.doc_id, 0)),
            {kind: frozenset(found.get(r.doc_id, ())) for kind, found in content.items()},
        )
    return out


def _years(recorded: object, titles: str, opening: str) -> tuple[int | None, str | None, frozenset[int]]:
    """A document's year, where it comes from (``recorded`` or ``body``) and every year it may be the plan of."""
    year, source = (None, None) if pd.isna(recorded) else (int(recorded), "recorded")  # type: ignore[call-overload]
    if year is None and (found := opening_year(opening)):
        year, source = found, "body"
    title_years = {int(y) for y in YEAR.findall(YEAR_RANGE.sub(" ", titles))}
    return year, source, frozenset(title_years | ({year} if year else set()))


def plan_years(documents: pd.DataFrame, openings: Mapping[str, str]) -> dict[str, tuple[str, frozenset[int]]]:
    """Each document's language and the years it may be the plan of (as its :class:`Profile` says), from the
    ``documents`` columns alone and the openings of documents without a year: what :func:`possible_pairs`
    blocks on."""
    out = {}
    for d, language, recorded, title, plan_title in zip(
        documents["doc_id"],
        documents["language"],
        documents["year"],
        documents["title"],
        documents["plan_title"],
        strict=True,
    ):
        titles = " ".join(_text(x) for x in (title, plan_title)).strip()
        out[d] = (str(language), _years(recorded, titles, openings.get(d, "")[:OPENING])[2])
    return out


def possible_pairs(years: Mapping[str, tuple[str, frozenset[int]]]) -> list[tuple[str, str]]:
    """The (original, translation) pairs that can have enough evidence (:attr:`Evidence.enough`): a pair needs a
    year in common unless one of the two names none (the same document number implies the same year), so each
    original is compared with the translations of its years and those without a year, not with all of them."""
    originals = sorted(d for d, (language, _) in years.items() if language == "zh")
    translations = sorted(d for d, (language, _) in years.items() if language == "en")
    by_year: dict[int, list[str]] = defaultdict(list)
    undated = []
    for d in translations:
        for y in years[d][1]:
            by_year[y].append(d)
        if not years[d][1]:
            undated.append(d)
    pairs: set[tuple[str, str]] = set()
    for o in originals:
        found = years[o][1]
        partners = translations if not found else [t for y in found for t in by_year.get(y, ())] + undated
        pairs.update((o, t) for t in partners)
    return sorted(pairs)


SOURCES = (
    ("laws", "law_mentions", ["law_id"]),
    ("agencies", "agency_mentions", ["agency_id"]),
    ("numbers", "targets", ["value_min", "value_max"]),
)


def _document_content(t: Mapping[str, pd.DataFrame], table: str, columns: list[str]) -> dict[str, set]:
    rows = t[table].dropna(subset=columns[:1])
    out: dict[str, set] = defaultdict(set)
    for doc_id, *values in rows[["doc_id", *columns]].itertuples(index=False):
        out[doc_id].add(values[0] if len(values) == 1 else tuple(None if pd.isna(v) else v for v in values))
    return out


def _overlap(a: frozenset, b: frozenset) -> float | None:
    """Shared items as a share of the smaller set, shrunk for small sets (one of one is 0.5, ten of ten 0.91)."""
    if not a or not b:
        return None
    return len(a & b) / (min(len(a), len(b)) + 1)


def evidence(original: Profile, translation: Profile) -> Evidence:
    numbered = original.serial is not None and translation.serial is not None
    same_number = original.serial == translation.serial if numbered else None
    same_year = None if not original.years or not translation.years else bool(original.years & translation.years)
    title = None
    if original.words and translation.words:
        title = len(original.words & translation.words) / len(original.words | translation.words)
    shape = None
    if original.measures and translation.measures:
        shape = min(original.measures, translation.measures) / max(original.measures, translation.measures)
        if original.sections and translation.sections:
            shape = (
                shape + min(original.sections, translation.sections) / max(original.sections, translation.sections)
            ) / 2
    overlap = {k: _overlap(original.content[k], translation.content[k]) for k in EVIDENCE_KINDS}
    parts = {"year": None if same_year is None else float(same_year), "title": title, "shape": shape, **overlap}
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    score = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None) / weight if weight else 0.0
    shared = {k: len(original.content[k] & translation.content[k]) for k in EVIDENCE_KINDS}
    return Evidence(same_number, same_year, title, shape, shared, overlap, round(score, 4))


def document_pairs(profiled: Mapping[str, Profile], candidates: Iterable[tuple[str, str]] | None = None) -> list[Pair]:
    """One-to-one (original, translation) pairs with enough evidence: document-number pairs first, then the
    best score, ties by doc_id. ``candidates`` (from :func:`possible_pairs`) limit the pairs weighed; by default
    every original is weighed against every translation."""
    if candidates is None:
        originals = [d for d, p in sorted(profiled.items()) if p.language == "zh"]
        translations = [d for d, p in sorted(profiled.items()) if p.language == "en"]
        candidates = [(o, tr) for o in originals for tr in translations]
    weighed = []
    for o, tr in candidates:
        ev = evidence(profiled[o], profiled[tr])
        if ev.enough:
            weighed.append((not ev.same_number, -ev.score, o, tr, ev))
    pairs, used = [], set()
    for _, _, o, tr, ev in sorted(weighed, key=lambda c: c[:4]):
        if o not in used and tr not in used:
            used.update((o, tr))
            pairs.append(Pair(o, tr, ev))
    return sorted(pairs, key=lambda p: p.translation)


# --- measures -------------------------------------------------------------------------------------------------


def _measures(doc_id: str, t: Mapping[str, pd.DataFrame]) -> list[tuple[str, tuple]]:
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

    evidence: dict[str, dict[str, set]] = defaultdict(lambda: {k: set() for k in EVIDENCE_KINDS})
    for kind, table, columns in SOURCES:
        rows = t[table][(t[table]["doc_id"] == doc_id) & t[table]["measure_id"].notna()].dropna(subset=columns)
        for r in rows.itertuples(index=False):
            value = tuple(getattr(r, c) for c in columns)
            evidence[r.measure_id][kind].add(value[0] if len(value) == 1 else value)
    measures = t["measures"][(t["measures"]["doc_id"] == doc_id) & (t["measures"]["status"].astype(str) == "listed")]
    return [
        (m.measure_id, (int(m.number), path(m.section_id), evidence[m.measure_id]))
        for m in measures.itertuples(index=False)
    ]


def _score(a: tuple, b: tuple) -> tuple[float, dict[str, int]]:
    (num_a, path_a, ev_a), (num_b, path_b, ev_b) = a, b
    overlaps = [len(ev_a[k] & ev_b[k]) / len(ev_a[k] | ev_b[k]) for k in ev_a if ev_a[k] | ev_b[k]]
    evidence = sum(overlaps) / len(overlaps) if overlaps else 0.0
    score = 0.3 * (num_a == num_b) + 0.2 * (path_a == path_b) + 0.5 * evidence
    return round(score, 4), {k: len(ev_a[k] & ev_b[k]) for k in ev_a}


def _link_measures(original: str, translation: str, t: Mapping[str, pd.DataFrame]) -> tuple[list[dict], int, int]:
    """measure_links rows of one pair, and the number of listed measures of the original and the translation."""
    originals, translated = _measures(original, t), _measures(translation, t)
    candidates = []
    for tm, tk in translated:
        for om, ok in originals:
            score, shared = _score(ok, tk)
            if score >= MIN_SCORE:
                candidates.append((-score, tk[0], ok[0], tm, om, shared))
    rows, used_t, used_o = [], set(), set()
    for neg, _, _, tm, om, shared in sorted(candidates, key=lambda c: c[:5]):
        if tm in used_t or om in used_o:
            continue
        used_t.add(tm)
        used_o.add(om)
        rows.append(
            {
                "doc_id": translation,
                "measure_id": tm,
                "original_doc_id": original,
                "original_measure_id": om,
                "score": -neg,
                "shared_laws": shared["laws"],
                "shared_agencies": shared["agencies"],
                "shared_numbers": shared["numbers"],
            }
        )
    return rows, len(originals), len(translated)


# --- findings -------------------------------------------------------------------------------------------------


def _finding(doc_id: str, check: str, severity: str, item_id: str | None, message: str) -> dict:
    return {
        "doc_id": doc_id,
        "check": check,
        "severity": severity,
        "item_id": item_id,
        "message": message,
        "char_start": None,
        "char_end": None,
    }


def unshared_instruments(pair: Pair, rows: Iterable[dict], t: Mapping[str, pd.DataFrame]) -> list[dict]:
    """Instruments left without a shared law_id on both sides of a linked measure (or of the two texts before
    their first measure): likely one instrument under two ids (its Chinese title not in rules/zh/laws.json, or
    its English rendering not among the entry's aliases_en)."""
    mentions = t["law_mentions"][t["law_mentions"]["doc_id"].isin((pair.original, pair.translation))]
    docs = t["documents"].set_index("doc_id")
    own = {
        d: " ".join(_text(docs.at[d, c]) for c in ("title", "plan_title")) for d in (pair.original, pair.translation)
    }
    titles: dict[str, dict[str, str]] = defaultdict(dict)  # measure_id (or doc_id) -> law_id -> first surface
    for m in mentions.dropna(subset=["law_id"]).itertuples(index=False):
        if not isinstance(m.measure_id, str) and m.surface in own[m.doc_id]:
            continue  # the plan's own title, which no rule book lists
        titles[m.measure_id if isinstance(m.measure_id, str) else m.doc_id].setdefault(m.law_id, m.surface)
    where = [(pair.translation, pair.original, None, "the text before the first measure of")]
    where += [
        (
            r["measure_id"],
            r["original_measure_id"],
            r["measure_id"],
            r["original_measure_id"].rsplit("/", 1)[-1] + " of",
        )
        for r in rows
    ]
    out = []
    for mine_key, their_key, item, place in where:
        mine, theirs = titles.get(mine_key, {}), titles.get(their_key, {})
        left = [s for law, s in mine.items() if law not in theirs]
        right = [s for law, s in theirs.items() if law not in mine]
        if left and right:
            out.append(
                _finding(
                    pair.translation,
                    "unshared_instrument",
                    "warning",
                    item,
                    f"instruments without a law_id in common with {place} {pair.original}: "
                    f"{'; '.join(left)} / {'; '.join(f'《{s}》' for s in right)} (one instrument under "
                    "two ids? add it, or this rendering, to rules/zh/laws.json)",
                )
            )
    return out


def _numbers(measure_ids: Iterable[str]) -> str:
    ns = sorted(int(m.rsplit("m", 1)[1]) for m in measure_ids if regex.search(r"m\d+$", m))
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def partial_translation(pair: Pair, rows: list[dict], t: Mapping[str, pd.DataFrame]) -> list[dict]:
    """A translation that renders only part of its original (an excerpt, a summary): which measures of the
    original it does not render, and which of its own measures render none."""
    listed = t["measures"][t["measures"]["status"].astype(str) == "listed"]
    linked_o = {r["original_measure_id"] for r in rows}
    linked_t = {r["measure_id"] for r in rows}
    missing = [m for m in listed.loc[listed["doc_id"] == pair.original, "measure_id"] if m not in linked_o]
    extra = [m for m in listed.loc[listed["doc_id"] == pair.translation, "measure_id"] if m not in linked_t]
    out = []
    if missing:
        out.append(
            _finding(
                pair.translation,
                "partial_translation",
                "info",
                None,
                f"renders {len(linked_o)} of the {len(linked_o) + len(missing)} listed measures of "
                f"{pair.original}; not rendered: {_numbers(missing) or len(missing)}",
            )
        )
    if extra:
        out.append(
            _finding(
                pair.translation,
                "partial_translation",
                "info",
                None,
                f"measures {_numbers(extra) or len(extra)} render no measure of {pair.original}",
            )
        )
    return out


# --- tables ---------------------------------------------------------------------------------------------------


def link_tables(tables: Mapping[str, pd.DataFrame], openings: Mapping[str, str] | None = None) -> dict[str, list[dict]]:
    """Rows of ``document_links``, ``measure_links`` and the cross-document ``quality`` findings, from the
    document tables (the columns of ``COLUMNS``) and the openings of the documents ``needs_opening`` names
    (taken from ``documents.text`` when the tables carry it)."""
    t = {name: tables[name][cols] for name, cols in COLUMNS.items()}
    if openings is None:
        docs = tables["documents"]
        openings = (
            {d: _text(x)[:OPENING] for d, x in zip(docs["doc_id"], docs["text"], strict=True)} if "text" in docs else {}
        )
    profiled = profiles(t, openings)
    pairs = document_pairs(profiled)
    return assembled(pairs, profiled, {(p.original, p.translation): pair_rows(p, t) for p in pairs})


PairRows = tuple[list[dict], list[dict], int, int]  # measure_links rows, findings, listed measures of each


def pair_rows(pair: Pair, t: Mapping[str, pd.DataFrame]) -> PairRows:
    """What one pair contributes besides its document_links row: its measure_links rows, its findings and the
    listed measures of the original and the translation (from the two documents' tables alone)."""
    rows, n_original, n_translation = _link_measures(pair.original, pair.translation, t)
    return rows, unshared_instruments(pair, rows, t) + partial_translation(pair, rows, t), n_original, n_translation


def assembled(
    pairs: list[Pair], profiled: Mapping[str, Profile], rows_of: Mapping[tuple[str, str], PairRows]
) -> dict[str, list[dict]]:
    """The three tables from the pairs and what each contributes (:func:`pair_rows`)."""
    documents, links, findings = [], [], []
    for pair in pairs:
        rows, found, n_original, n_translation = rows_of[pair.original, pair.translation]
        links += [dict(r) for r in rows]
        findings += [dict(f) for f in found]
        documents.append(_document_row(pair, profiled, len(rows), n_original, n_translation))
    return {
        "document_links": documents,
        "measure_links": sorted(links, key=lambda r: (r["doc_id"], r["measure_id"])),
        "quality": numbered(
            sorted(findings, key=lambda r: (r["doc_id"], r["check"], r["item_id"] or "", r["message"]))
        ),
    }


def numbered(findings: list[dict]) -> list[dict]:
    """Each finding across documents gets its id, ``<doc_id>/x<n>`` (a document's own are ``…/q<n>``)."""
    seen: dict[str, int] = {}
    for f in findings:
        seen[f["doc_id"]] = seen.get(f["doc_id"], 0) + 1
        f["finding_id"] = f"{f['doc_id']}/x{seen[f['doc_id']]}"
    return findings


def _document_row(
    pair: Pair, profiled: Mapping[str, Profile], linked: int, n_original: int, n_translation: int
) -> dict:
    ev, o, tr = pair.evidence, profiled[pair.original], profiled[pair.translation]
    return {
        "doc_id": pair.translation,
        "original_doc_id": pair.original,
        "score": ev.score,
        "decided_by": "doc_number" if ev.same_number else "evidence",
        "same_doc_number": ev.same_number,
        "same_year": ev.same_year,
        "year": tr.year,
        "year_from_body": tr.year_source == "body",
        "original_year": o.year,
        "title_similarity": _rounded(ev.title),
        "shape_similarity": _rounded(ev.shape),
        "shared_laws": ev.shared["laws"],
        "shared_agencies": ev.shared["agencies"],
        "shared_numbers": ev.shared["numbers"],
        "measures": n_translation,
        "original_measures": n_original,
        "linked_measures": linked,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def measure_links(tables: Mapping[str, pd.DataFrame]) -> list[dict]:
    """Rows of the ``measure_links`` table (schemas/measure_links.json) from the document tables."""
    return link_tables(tables)["measure_links"]
