"""The values that pass between stages: small frozen dataclasses.

Data flows one way: ``path -> Source -> RepairedText -> Document -> Document (with mentions) -> tables``.
Every span is a half-open ``(start, end)`` pair of Python string offsets into ``RepairedText.text`` of the
same document, unless a field says otherwise.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from .intervals import IntervalIndex

Status = Literal["success", "partial", "failure", "skipped"]
Language = Literal["en", "zh", "ja", "ko", "und"]  # see pipeline.ingest.language
MeasureKind = Literal["measure", "article", "point", "table_row"]
SectionKind = Literal["heading", "article", "measure", "point", "annex"]


class PipelineError(Exception):
    """An input that cannot be processed; the message names the problem, the runner adds the file."""


@dataclass(frozen=True)
class StageError:
    """What went wrong in one component of one document's processing (the document may still have rows)."""

    component: str  # e.g. "extract.agencies"
    message: str

    def __str__(self) -> str:
        return f"{self.component}: {self.message}"


@dataclass(frozen=True)
class StyleSpan:
    start: int
    end: int
    style: str  # "italic" or "bold"


@dataclass(frozen=True)
class Source:
    """One input file as read: decoded text without markup, its emphasis and its pages.

    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins (empty for sources without
    pages). ``styles`` index ``text``.
    """

    path: str
    format: str  # "txt", "pdf", "html" or "docx"
    text: str
    sha256: str
    encoding: str | None = None
    styles: tuple[StyleSpan, ...] = ()
    page_starts: tuple[int, ...] = ()
    # True when the reader already knows paragraph boundaries (PDF layout): every line of a block belongs
    # to one paragraph. Plain text leaves that to repair's wrap heuristics.
    blocks_are_paragraphs: bool = False
    language: Language = "en"  # detected from the script of the text (pipeline.ingest.language)
    # (text offset, original offset) for each paragraph of an HTML page, ascending: where the paragraph
    # begins in ``text`` and in the decoded page (the HTML markup as characters), so a row can be traced back
    # to the page. Empty for other formats, whose ``text`` is the original's own text (TXT) or has pages.
    anchors: tuple[tuple[int, int], ...] = ()
    # What the reader should know but that did not stop it (pdfminer's log lines, text left out).
    warnings: tuple[str, ...] = ()

    @property
    def n_pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """1-based page of a source offset, or None when the source has no pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def origin_at(self, offset: int) -> int | None:
        """Offset in the decoded original page where the paragraph holding a source offset begins (HTML only)."""
        if not self.anchors:
            return None
        i = bisect.bisect_right([a[0] for a in self.anchors], offset) - 1
        return self.anchors[max(0, i)][1]


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise map from repaired-text offsets to source-text offsets.

    ``runs`` holds ``(repaired_start, source_start, length, copied)``; a copied run maps one to one, an
    inserted run (a space that replaces a line break, say) maps every offset to ``source_start``.
    """

    runs: tuple[tuple[int, int, int, bool], ...]
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r[0] for r in self.runs))

    def to_source(self, offset: int) -> int:
        if not self.runs:
            return offset
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        rstart, sstart, length, copied = self.runs[i]
        if copied:
            return sstart + min(offset - rstart, length)
        return sstart


@dataclass(frozen=True)
class RepairedText:
    source: Source
    text: str
    offsets: OffsetMap
    styles: tuple[StyleSpan, ...] = ()  # mapped onto ``text``

    def page_span(self, start: int, end: int) -> tuple[int | None, int | None]:
        if not self.source.page_starts:
            return None, None
        last = max(start, end - 1)
        return (self.source.page_at(self.offsets.to_source(start)), self.source.page_at(self.offsets.to_source(last)))


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    section_id: str
    parent_id: str | None
    level: int
    ordinal: int
    label: str
    title: str
    title_span: Span
    span: Span  # heading through the last paragraph before the next heading of the same or higher level
    # "heading" (a numbered title over the units below it), or an article or measure that owns numbered points
    # (第二条 …包括：（一）…（二）…): its opening words are its ``title`` and its points are measures of kind "point".
    kind: SectionKind = "heading"


@dataclass(frozen=True)
class Goal:
    goal_id: str
    section_id: str | None
    ordinal: int
    text: str
    span: Span


@dataclass(frozen=True)
class Measure:
    measure_id: str
    section_id: str | None
    number: int
    status: str  # "listed" or "omitted"
    text: str | None
    span: Span  # the measure's words after its number (an article's from its label 第五条 / "Article 5"); for an
    # omitted range, the line that declares it
    responsibility_text: str | None = None
    responsibility_span: Span | None = None
    # "measure" (a numbered task of a plan), "article" (第X条 / "Article N" of measures and regulations, whose
    # numbers are the rule's parameters, never targets) or "point" (（一）, (1), ① inside an article or measure,
    # which is then a section of that kind).
    kind: MeasureKind = "measure"
    # A row of an annex's table (kind "table_row"): the header's column names and the row's cells, in order.
    columns: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencyMention:
    mention_id: str
    agency_id: str | None
    surface: str
    role: str  # issuer, addressee, responsible, mentioned
    lead: bool
    section_id: str | None
    measure_id: str | None
    span: Span
    responsibility: str | None = None  # role responsible: lead, responsible, participating, individually_...


@dataclass(frozen=True)
class LawMention:
    mention_id: str
    law_id: str
    title: str  # canonical title
    instrument_type: str
    surface: str
    action: str | None
    section_id: str | None
    measure_id: str | None
    span: Span


@dataclass(frozen=True)
class Target:
    target_id: str
    measure_id: str | None
    subject: str | None
    comparator: str
    value_min: float
    value_max: float
    unit: str  # the text's own word for the unit (件, 个月; month, zone): targets.json in schemas/
    unit_normalized: str  # the same across languages (count, month; month, zone)
    surface: str
    span: Span


@dataclass(frozen=True)
class QualityIssue:
    check: str
    severity: str  # "warning" (look at it) or "info" (worth knowing)
    item_id: str | None
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    title_span: Span | None = None
    doc_number: str | None = None
    doc_number_span: Span | None = None
    issuer: str | None = None
    issuer_span: Span | None = None
    issue_date: date | None = None
    date_span: Span | None = None
    plan_title: str | None = None
    plan_title_span: Span | None = None
    preamble_span: Span | None = None
    year: int | None = None
    language: Language = "en"
    # Where each identity field was read (pipeline.segment.identity): "metadata_table", "signature",
    # "heading", "number_line", "title", "running_text", "front_matter"; None when the field is empty.
    title_source: str | None = None
    doc_number_source: str | None = None
    issuer_source: str | None = None
    issue_date_source: str | None = None
    year_source: str | None = None
    publication_date: date | None = None  # a site's or database's publication date, never the issue date
    publication_date_span: Span | None = None
    issuer_spans: tuple[Span, ...] = ()  # one per issuing body (joint issuers: 中共中央 国务院)
    # Lines that carry identity, not text: the metadata table's lines and a signature block closing the text.
    furniture_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Document:
    doc_id: str
    repaired: RepairedText
    metadata: Metadata
    addressees: tuple[Span, ...] = ()
    sections: tuple[Section, ...] = ()
    goals: tuple[Goal, ...] = ()
    measures: tuple[Measure, ...] = ()
    agency_mentions: tuple[AgencyMention, ...] = ()
    law_mentions: tuple[LawMention, ...] = ()
    targets: tuple[Target, ...] = ()
    quality: tuple[QualityIssue, ...] = ()  # from pipeline.quality.assess
    status: Status = "success"  # partial when a component failed or found nothing it should have
    errors: tuple[StageError, ...] = ()  # recorded per component; the document keeps its other rows
    # Where segmentation had to choose between readings of the outline (from pipeline.segment.outline).
    outline_notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.repaired.text

    def target_measures(self) -> list[Measure]:
        """The listed measures whose numbers can be targets: a plan's measures and their points, never articles
        (their numbers are a rule's parameters) or an article's points (also points of points of an article)."""
        in_article = self._in_article()
        return [
            m
            for m in self.measures
            if m.status == "listed" and (m.kind == "measure" or m.kind == "point" and m.section_id not in in_article)
        ]

    def target_openings(self) -> list[Span]:
        """The opening words (``title_span``) of measures and points that own points (sections of kind measure or
        point outside articles): their numbers can be targets as a measure's can."""
        in_article = self._in_article()
        return [
            s.title_span
            for s in self.sections
            if s.kind in ("measure", "point") and s.title_span and s.section_id not in in_article
        ]

    def _in_article(self) -> set[str]:
        """Ids of the sections of kind article and of every section below one."""
        parent = {s.section_id: s.parent_id for s in self.sections}
        kind = {s.section_id: s.kind for s in self.sections}
        out = set()
        for sid in parent:
            up: str | None = sid
            while up is not None and kind.get(up) != "article":
                up = parent.get(up)
            if up is not None:
                out.add(sid)
        return out

    def measure_at(self, offset: int) -> Measure | None:
        """The listed measure whose words (or responsibility parenthetical) contain ``offset``."""
        return self._measure_index.first(offset)

    def section_at(self, offset: int) -> str | None:
        """The deepest section containing ``offset``."""
        return self._section_index.first(offset)

    # Built on first use (a mention at a time would otherwise scan every measure and section); not fields, so
    # ``replace`` starts afresh and equality ignores them.
    @cached_property
    def _measure_index(self) -> IntervalIndex:
        return IntervalIndex(
            (m.span.start, m.responsibility_span.end if m.responsibility_span else m.span.end, 0, m)
            for m in self.measures
            if m.status == "listed"
        )

    @cached_property
    def _section_index(self) -> IntervalIndex:
        return IntervalIndex((s.span.start, s.span.end, -s.level, s.section_id) for s in self.sections)
