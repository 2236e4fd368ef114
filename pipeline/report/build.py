"""Tables of one document -> what its page shows: highlight spans, margin markers, and each row's hover text.

Everything comes from the exported tables, so the page shows exactly what was written: a row's span is its
``char_start``/``char_end`` into ``documents.text``. Optional columns ``corrected`` (bool) and
``correction_note`` on any table mark corrected rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .links import Link, filename, linked_documents, measure_links
from .spans import Marker, Node, Span, nest, placeable

# (table, kind, id column); the order is the nesting order of rows with equal bounds (outer first).
KINDS = (
    ("sections", "section", "section_id"),
    ("goals", "goal", "goal_id"),
    ("measures", "measure", "measure_id"),
    ("law_mentions", "instrument", "mention_id"),
    ("agency_mentions", "agency", "mention_id"),
    ("targets", "target", "target_id"),
    ("quality", "quality", None),
)
LABELS = {
    "section": "section heading",
    "goal": "goal",
    "measure": "measure",
    "instrument": "instrument",
    "agency": "agency mention",
    "target": "target",
    "quality": "quality finding",
    "responsibility": "responsibility note",
}
# A measure's responsibility note (measures.responsibility_*) is a highlight of its own, nested in the measure.
RESPONSIBILITY = "responsibility"
ROLES = ("issuer", "addressee", "responsible", "mentioned")
HIDDEN = {"doc_id", "corrected", "correction_note"}  # shown otherwise (the note in its own line)
LONG_TEXT = 160


@dataclass(frozen=True)
class Row:
    """One table row as its hover shows it."""

    key: str
    table: str
    id: str
    kind: str
    fields: tuple[tuple[str, str], ...]
    corrected: bool
    note: str | None
    anchor: str | None = None  # the element id of its first highlight: the row id (``#<measure_id>``)


@dataclass(frozen=True)
class Page:
    doc_id: str
    filename: str
    header: tuple[tuple[str, str], ...]
    title: str
    nodes: list[Node]
    rows: dict[str, Row]
    counts: tuple[tuple[str, str, int], ...]  # (kind, label, rows of this document)
    role_counts: tuple[tuple[str, int], ...]
    toc: tuple[tuple[int, str, str], ...]  # (level, key, heading as printed)
    unplaced: tuple[Row, ...]  # rows with no usable span (e.g. a finding about the whole document)
    has_pages: bool
    links: dict[str, list[Link]]  # measure_id -> its translation/original and lineage links
    doc_links: tuple[Link, ...]


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def _int(value: object) -> int | None:
    return None if _missing(value) else int(value)


def _flag(value: object) -> bool:
    return not _missing(value) and bool(value)


def _lookup(tables: dict[str, pd.DataFrame], table: str, key: str) -> dict[str, dict]:
    df = tables.get(table)
    if df is None or df.empty:
        return {}
    return {rec[key]: rec for rec in df.to_dict("records")}


def _extra(table: str, rec: dict, agencies: dict, laws: dict) -> list[tuple[str, str]]:
    """Normalised values from the tables a row points to."""
    if table == "agency_mentions":
        agency = agencies.get(rec.get("agency_id"))
        if agency is None:
            return [("agency", "not in the gazetteer")]
        abbr = agency.get("abbreviation")
        name = agency["name"] + ("" if _missing(abbr) else f" ({abbr})")
        return [("agency", name), ("agency kind", _fmt(agency.get("kind")))]
    if table == "law_mentions":
        law = laws.get(rec.get("law_id"))
        if law is not None:
            return [("instrument", law["title"]), ("instrument_type", _fmt(law.get("instrument_type")))]
    return []


def _row(table: str, kind: str, row_id: str, rec: dict, extra: list[tuple[str, str]], id_col: str | None) -> Row:
    """The row's own id column is left out of its fields: the head line shows it."""
    fields = [(col, _fmt(val)) for col, val in rec.items() if col not in HIDDEN and col != id_col and not _missing(val)]
    note = rec.get("correction_note")
    return Row(
        key=f"{table}:{row_id}",
        table=table,
        id=row_id,
        kind=kind,
        fields=tuple(fields + extra),
        corrected=_flag(rec.get("corrected")),
        note=None if _missing(note) else str(note),
        anchor=row_id if id_col else None,
    )


def _responsibility(rec: dict, rank: int) -> tuple[Row, Span] | None:
    """A measure's responsibility note as a row of its own (key ``responsibility:<measure_id>``) and its span;
    ``rank`` puts it between the measure and its mentions when their bounds are equal."""
    text = rec.get("responsibility_text")
    if _missing(text):
        return None
    start, end = _int(rec.get("responsibility_char_start")), _int(rec.get("responsibility_char_end"))
    fields = [("measure_id", str(rec["measure_id"])), ("responsibility_text", _fmt(text))]
    fields += [(name, str(value)) for name, value in (("char_start", start), ("char_end", end)) if value is not None]
    row = Row(
        key=f"{RESPONSIBILITY}:{rec['measure_id']}",
        table="measures",
        id=str(rec["measure_id"]),
        kind=RESPONSIBILITY,
        fields=tuple(fields),
        corrected=False,
        note=None,
    )
    span = Span(-1 if start is None else start, -1 if end is None else end, row.key, RESPONSIBILITY, (), rank)
    return row, span


def _classes(table: str, rec: dict, row: Row) -> tuple[str, ...]:
    out = []
    if table == "agency_mentions":
        out.append(f"role-{rec['role']}")
        if _flag(rec.get("lead")):
            out.append("lead")
        if _missing(rec.get("agency_id")):
            out.append("unresolved")
    elif table == "measures":
        out.append(f"status-{rec['status']}")
    elif table == "quality":
        out.append(f"severity-{rec['severity']}")
    if row.corrected:
        out.append("corrected")
    return tuple(out)


def _bounds(table: str, rec: dict, text: str) -> tuple[int | None, int | None]:
    start, end = _int(rec.get("char_start")), _int(rec.get("char_end"))
    if table == "sections" and start is not None:  # the heading, not the whole section
        title_end = _int(rec.get("title_char_end"))
        if title_end is None:
            newline = text.find("\n", start)
            title_end = end if newline < 0 or (end is not None and newline > end) else newline
        end = title_end
    return start, end


def _page_markers(spans: list[tuple[Span, int | None]]) -> list[Marker]:
    """'p. N' where the first row that starts on page N begins (no table gives the page break itself); the
    first page's marker stands at the top."""
    first: dict[int, int] = {}
    for span, page in spans:
        if page is not None:
            first[page] = min(first.get(page, span.start), span.start)
    markers: list[Marker] = []
    for page in sorted(first):
        pos = first[page] if markers else 0
        if not markers or pos > markers[-1].pos:
            markers.append(Marker(pos, "page", f"p. {page}", key=f"page:{page}"))
    return markers


def build_page(tables: dict[str, pd.DataFrame], doc_id: str) -> Page:
    """Everything the page template needs for one document; raises ``KeyError`` for an unknown ``doc_id``."""
    docs = tables["documents"]
    match = docs[docs["doc_id"] == doc_id]
    if match.empty:
        raise KeyError(doc_id)
    doc = match.iloc[0].to_dict()
    text = doc["text"]
    agencies = _lookup(tables, "agencies", "agency_id")
    laws = _lookup(tables, "laws", "law_id")
    spans: list[tuple[Span, int | None]] = []
    markers: list[Marker] = []
    rows: dict[str, Row] = {}
    unplaced: list[Row] = []
    counts, toc = [], []
    role_counts = dict.fromkeys(ROLES, 0)
    n_responsibility = 0
    for rank, (table, kind, id_col) in enumerate(KINDS):
        df = tables.get(table)
        recs = [] if df is None else df[df["doc_id"] == doc_id].to_dict("records")
        counts.append((kind, LABELS[kind], len(recs)))
        for i, rec in enumerate(recs):
            item = "" if id_col or _missing(rec["item_id"]) else rec["item_id"]
            row_id = str(rec[id_col]) if id_col else f"{rec['check']}:{item}:{i}"
            row = _row(table, kind, row_id, rec, _extra(table, rec, agencies, laws), id_col)
            rows[row.key] = row
            note = _responsibility(rec, 2 * rank + 1) if table == "measures" else None
            if note is not None:
                n_responsibility += 1
                rows[note[0].key] = note[0]
                if placeable(note[1], len(text)):
                    spans.append((note[1], None))
            if table == "agency_mentions":
                role_counts[str(rec["role"])] += 1
            start, end = _bounds(table, rec, text)
            span = Span(
                -1 if start is None else start,
                -1 if end is None else end,
                row.key,
                kind,
                _classes(table, rec, row),
                2 * rank,
            )
            if not placeable(span, len(text)):
                unplaced.append(row)
                continue
            spans.append((span, _int(rec.get("page_start"))))
            if table == "quality":
                markers.append(Marker(span.start, "note", str(rec["message"]), row.key, span.classes))
            if table == "sections":
                toc.append((int(rec["level"]), row.anchor, " ".join(text[span.start : span.end].split())))
    counts.insert(3, (RESPONSIBILITY, LABELS[RESPONSIBILITY], n_responsibility))
    has_pages = any(page is not None for _, page in spans)
    page_markers = _page_markers(spans) if has_pages else []
    nodes = nest(text, [s for s, _ in spans], page_markers + markers)
    header = [
        (name, _fmt(doc[name]))
        for name in (
            "doc_number",
            "issuer",
            "issue_date",
            "year",
            "language",
            "status",
            "errors",
            "source_file",
            "source_format",
            "n_pages",
            "pipeline_version",
        )
        if name in doc and not _missing(doc[name]) and _fmt(doc[name]) != ""
    ]
    title = doc.get("plan_title") if not _missing(doc.get("plan_title")) else doc.get("title")
    return Page(
        doc_id=doc_id,
        filename=filename(doc_id),
        header=tuple(header),
        title=str(title if not _missing(title) else doc_id),
        nodes=nodes,
        rows=rows,
        counts=tuple(counts),
        role_counts=tuple(role_counts.items()),
        toc=tuple(toc),
        unplaced=tuple(unplaced),
        has_pages=has_pages,
        links=measure_links(tables, doc_id),
        doc_links=linked_documents(tables, doc_id),
    )
