"""Quality report: what a researcher should look at before trusting a document's rows.

Checks are small functions over a :class:`Document`; each yields :class:`QualityIssue` records that are
printed at the end of a run and written as the ``quality`` table.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import regex

from .model import Document, QualityIssue, Span, StageError
from .patterns import article_words
from .rules.profiles import languages, profile
from .segment import NO_BODY
from .segment.outline import marker

MIN_MEASURES = 3
MIN_MEASURE_CHARS = 20
MEASURE_ENDINGS = (".", ";", "。", "；", "!", "?", ")", "”", '"', "）")


def measure_gaps(doc: Document) -> Iterator[QualityIssue]:
    """Numbers missing from a measure sequence without being declared omitted."""
    groups: dict[str, list[int]] = defaultdict(list)
    restart = len({m.number for m in doc.measures}) < len(doc.measures)
    for m in doc.measures:
        groups[m.section_id if restart else ""].append(m.number)
    for where, numbers in groups.items():
        present = sorted(set(numbers))
        # The gaps between consecutive numbers (not every number of the range: a misread "100000." is one gap).
        missing = [(a + 1, b - 1) for a, b in zip(present, present[1:], strict=False) if b > a + 1]
        if missing:
            scope = f" in section {where.rsplit('/', 1)[1]}" if where else ""
            yield QualityIssue(
                "measure_gap",
                "warning",
                where or None,
                f"measure number(s) {_ranges(missing)} missing{scope} and not declared omitted",
            )


def duplicate_measures(doc: Document) -> Iterator[QualityIssue]:
    """The same measure number twice in one section (a repeated paragraph, or a misread number)."""
    seen: set[tuple[str | None, int]] = set()
    for m in doc.measures:
        key = (m.section_id, m.number)
        if key in seen:
            yield QualityIssue(
                "duplicate_measure",
                "warning",
                m.measure_id,
                f"measure number {m.number} appears more than once in its section",
                m.span,
            )
        seen.add(key)


def sections_without_measures(doc: Document) -> Iterator[QualityIssue]:
    parents = {s.parent_id for s in doc.sections}
    used = {m.section_id for m in doc.measures}
    for s in doc.sections:
        if s.section_id not in parents and s.section_id not in used:
            yield QualityIssue(
                "section_without_measures",
                "warning",
                s.section_id,
                f"section {s.label} '{s.title}' has no measures",
                s.title_span,
            )


def truncated_measures(doc: Document) -> Iterator[QualityIssue]:
    for m in doc.measures:
        if m.status != "listed":
            continue
        words = article_words(m.text or "") if m.kind == "article" else m.text  # an article's label is no word of it
        if len(words) < MIN_MEASURE_CHARS or not m.text.rstrip().endswith(MEASURE_ENDINGS):
            yield QualityIssue(
                "truncated_measure",
                "warning",
                m.measure_id,
                f"measure {m.number} looks truncated: …{words[-40:]!r}",
                m.span,
            )


def unresolved_agencies(doc: Document) -> Iterator[QualityIssue]:
    for a in doc.agency_mentions:
        if a.agency_id is None:
            yield QualityIssue(
                "unresolved_agency",
                "info",
                a.mention_id,
                f"{a.role} '{a.surface}' is not in the agency gazetteer",
                a.span,
            )


def untyped_instruments(doc: Document) -> Iterator[QualityIssue]:
    for x in doc.law_mentions:
        if not x.instrument_type or x.instrument_type == "other":
            yield QualityIssue(
                "untyped_instrument", "warning", x.mention_id, f"instrument '{x.surface}' has no type", x.span
            )


def low_confidence_segmentation(doc: Document) -> Iterator[QualityIssue]:
    m = doc.metadata
    listed = sum(x.status == "listed" for x in doc.measures)
    if not doc.sections:
        yield QualityIssue("low_confidence_segmentation", "warning", None, "no section headings found")
    if listed < MIN_MEASURES:
        yield QualityIssue("low_confidence_segmentation", "warning", None, f"only {listed} listed measure(s) found")
    if not m.doc_number:
        yield QualityIssue("low_confidence_segmentation", "info", None, "no document number found")


# Sources of an identity field that are guesses rather than what the document prints as that field.
WEAK_SOURCES = {"front_matter": "a body's name standing alone near the top", "running_text": "running text"}


def identity_fields(doc: Document) -> Iterator[QualityIssue]:
    """A field a researcher asks first (title, issuer, date) that is missing, or read from a weak source."""
    for reason in missing_identity(doc):
        yield QualityIssue("missing_identity", "warning", None, reason)
    m = doc.metadata
    for field, source, span in (
        ("issuer", m.issuer_source, m.issuer_span),
        ("issue date", m.issue_date_source, m.date_span),
    ):
        if source in WEAK_SOURCES:
            yield QualityIssue(
                "weak_identity", "info", None, f"{field} read from {WEAK_SOURCES[source]}: check it", span
            )


def missing_identity(doc: Document) -> list[str]:
    m = doc.metadata
    out = []
    if not m.title:
        out.append("no title found")
    if not m.issuer:
        out.append("no issuer found")
    if not m.issue_date:
        out.append(
            f"no issue date found (year {m.year} from the {m.year_source.replace('_', ' ')})"
            if m.year
            else "no issue date or year found"
        )
    return out


def status_reasons(doc: Document, quality: tuple[QualityIssue, ...]) -> list[StageError]:
    """Why a document is ``partial`` rather than ``success``: its identity is incomplete, it has no numbered
    body, or its outline was read with doubts (a gap, a repeated number, a choice between readings)."""
    out = [StageError("identity", reason) for reason in missing_identity(doc)]
    if NO_BODY in doc.outline_notes:
        out.append(StageError("segment", "no numbered body: identity and mentions only"))
    doubts = sorted({q.check for q in quality if q.check in OUTLINE_DOUBTS})
    if doubts:
        out.append(StageError("segment", "outline read with doubts: " + ", ".join(doubts)))
    return out


OUTLINE_DOUBTS = (
    "measure_gap",
    "duplicate_measure",
    "uncertain_outline",
    "unread_numbering",
    "numbered_text_outside_units",
)


UNREAD_MIN = 2  # paragraphs opening with one numbering the outline does not read, before it is reported


def unread_numbering(doc: Document) -> Iterator[QualityIssue]:
    """Paragraphs that open with a numbering of the family the outline does not read yet (articles 第X条,
    chapters, ①, ㈠, run-in 一是, annexes: ``rules/<language>/numbering.json``): their units are missing."""
    if doc.metadata.language not in languages():
        return
    book = profile(doc.metadata.language).rules
    starts = sorted([s.span.start for s in doc.sections] + [m.span.start for m in doc.measures])
    counts: dict[str, int] = defaultdict(int)
    for p in regex.finditer(r"[^\n]+", doc.text):
        i = bisect.bisect_left(starts, p.start())
        if i < len(starts) and starts[i] < min(p.end(), p.start() + UNIT_LABEL_MAX):
            continue  # a unit starts on this line
        for kind in NUMBERING_KINDS:
            if book.pattern("numbering", kind).match(p.group()):
                counts[kind] += 1
                break
    annexes = [x.span.start for x in doc.sections if x.kind == "annex"]
    for kind, n in sorted(counts.items()):
        if kind == "annex_label" and annexes:
            continue  # 附件： over annexes read below it (附件1.docx …): the list is there
        if kind == "annex_label":
            yield QualityIssue(
                "unread_numbering",
                "warning",
                None,
                "an annex label stands without its list (附件：): the annexes are not in the text",
            )
        elif kind == "point" and n >= UNREAD_MIN:
            yield QualityIssue(
                "unread_numbering",
                "warning",
                None,
                f"{n} numbered points open paragraphs inside measures or articles: they are kept "
                "in their text, not as rows",
            )
        elif n >= UNREAD_MIN:
            yield QualityIssue(
                "unread_numbering",
                "warning",
                None,
                f"{n} paragraphs open with {kind.replace('_', ' ')} numbering that the outline does "
                "not read yet: their units are missing",
            )


def numbered_text_outside_units(doc: Document) -> Iterator[QualityIssue]:
    """Lines opening with a numbering (the outline's schemes, or one of the rule book's ``numbering`` kinds) that
    no section or measure covers: words the outline dropped. Not reported: what precedes the first unit (front
    matter, a table of contents, a quoted title) unless it carries the first unit's own scheme with a smaller
    number (一、 lost before 二、), and an annex label (附件：) over annexes that were read."""
    units = sorted(
        [(s.span.start, s.span.end, s.section_id) for s in doc.sections]
        + [(m.span.start, m.span.end, m.measure_id) for m in doc.measures]
    )
    if not units:
        return  # no numbered body: reported as no_numbered_body
    first = marker(doc.text[units[0][0] :].split("\n", 1)[0])
    starts = [a for a, _, _ in units]
    covered = _merged([(a, b) for a, b, _ in units])
    covered_starts = [a for a, _ in covered]
    book = profile(doc.metadata.language).rules if doc.metadata.language in languages() else None
    annexes = any(x.kind == "annex" for x in doc.sections)
    for p in regex.finditer(r"[^\n]+", doc.text):
        k = bisect.bisect_left(covered_starts, p.end()) - 1
        if k >= 0 and covered[k][1] > p.start():
            continue  # a unit covers some of the line (a measure's span starts after its printed number)
        found = _numbering(p.group(), book)
        if found is None or (found[0] == "annex_label" and annexes):
            continue
        kind, label = found
        if p.start() < units[0][0]:
            mk = marker(p.group())
            if first is None or mk is None or mk.scheme != first.scheme or mk.value >= first.value:
                continue  # front matter, a table of contents
            if doc.text.find(p.group(), p.end()) >= 0:
                continue  # a table of contents' entry: the heading it names is printed below
        before = bisect.bisect_right(starts, p.start()) - 1
        after = f" (after {units[before][2]})" if before >= 0 else ""
        yield QualityIssue(
            "numbered_text_outside_units",
            "warning",
            units[before][2] if before >= 0 else None,
            f"text opening with {label} ({kind.replace('_', ' ')}) at offset {p.start()} is outside every "
            f"unit{after}: {p.group().strip()[:30]!r}",
            Span(p.start(), p.end()),
        )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans merged where they overlap or nest: the disjoint stretches they cover, in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _numbering(line: str, book: Any) -> tuple[str, str] | None:
    """The kind and printed label (一、, （一）, II.) of a numbering opening ``line``: the outline's schemes
    first, then the rule book's kinds the outline does not read; None when the line opens with none."""
    mk = marker(line)
    if mk is not None:
        return mk.scheme, line[: mk.title_start].strip() or mk.label
    for kind in NUMBERING_KINDS if book is not None else ():
        m = book.pattern("numbering", kind).match(line)
        if m:
            return kind, m.group().strip() or kind
    return None


UNIT_LABEL_MAX = 16  # a unit's span starts within this many characters of its line's start
NUMBERING_KINDS = ("chapter", "article", "circled", "paren_ideograph", "run_in", "annex", "annex_label", "point")


def component_errors(doc: Document) -> Iterator[QualityIssue]:
    """What a component of the pipeline could not do for this document (its status is then partial)."""
    for error in doc.errors:
        yield QualityIssue("component_error", "warning", error.component, str(error))


def reader_warnings(doc: Document) -> Iterator[QualityIssue]:
    """What the reader noticed but did not stop for (pdfminer's log lines, text running another way)."""
    for warning in doc.repaired.source.warnings:
        yield QualityIssue("reader_warning", "info", None, warning)


def uncertain_outline(doc: Document) -> Iterator[QualityIssue]:
    """Where segmentation chose one reading of the numbering among others, or the text was cut."""
    for note in doc.outline_notes:
        if note == NO_BODY:
            yield QualityIssue("no_numbered_body", "warning", None, note)
        else:
            yield QualityIssue("uncertain_outline", "warning", None, note)


CHECKS: dict[str, Callable[[Document], Iterator[QualityIssue]]] = {
    "component_error": component_errors,
    "measure_gap": measure_gaps,
    "duplicate_measure": duplicate_measures,
    "section_without_measures": sections_without_measures,
    "truncated_measure": truncated_measures,
    "unresolved_agency": unresolved_agencies,
    "untyped_instrument": untyped_instruments,
    "low_confidence_segmentation": low_confidence_segmentation,
    "missing_identity": identity_fields,
    "uncertain_outline": uncertain_outline,
    "unread_numbering": unread_numbering,
    "numbered_text_outside_units": numbered_text_outside_units,
    "reader_warning": reader_warnings,
}


def assess(doc: Document) -> tuple[QualityIssue, ...]:
    """Every check's findings for one document."""
    return tuple(issue for check in CHECKS.values() for issue in check(doc))


def assessed(doc: Document) -> Document:
    """The ``assess`` stage: the document with its quality findings, and the status they imply: ``partial`` with
    its reasons when the identity is incomplete, there is no numbered body, or the outline was read with
    doubts."""
    quality = assess(doc)
    reasons = tuple(status_reasons(doc, quality))
    if not reasons:
        return replace(doc, quality=quality)
    return replace(doc, quality=quality, status="partial", errors=doc.errors + reasons)


def _ranges(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)
