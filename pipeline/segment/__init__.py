"""Segment: read a plan's structure from its repaired text.

Front matter (title, document number, addressees, signature, date, plan title, preamble), then the body:
numbered headings at one or more levels, goal paragraphs split into statements, numbered measures (with a
trailing responsibility note split off), and ranges of measures declared omitted.

Modules: ``paragraphs`` (paragraphs, items run together on one line), ``outline`` (numbering schemes and
outline inference), ``front`` (front matter amid web clutter), ``dates``, ``body`` (sections, goals,
measures); ``make_doc_id`` names the document (rule in pipeline/doc_id.py). Every span is an offset
range into the repaired text; no text is copied and edited.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..doc_id import make_doc_id as readable_doc_id
from ..model import Document, Metadata, PipelineError, RepairedText, Span
from ..patterns import DOC_NUMBER, GOAL_LABEL, OMITTED_RANGE
from .body import read_body
from .dates import standalone_date, to_date
from .front import read_front_matter, split_agency_list
from .identity import (
    PRIORITY,
    SPACE,
    Candidate,
    Signature,
    choose,
    closing_date,
    headline_title,
    is_deadline,
    metadata_table,
    promulgation_lines,
    running_text,
    signatures,
    split_issuers,
    title_issuer,
)
from .outline import Marker, infer_outline, marker
from .paragraphs import _Para, paragraphs, roman_to_int, split_run_together

_standalone_date = standalone_date  # the name the tests and older callers use

__all__ = ["segment", "paragraphs", "split_agency_list", "make_doc_id", "standalone_date", "to_date",
           "roman_to_int"]


def segment(repaired: RepairedText) -> Document:
    """Build the :class:`Document` skeleton of one repaired text; the entry point of this stage.

    A text without a numbered body (a letter, a decision, a short notice) is a document too: its identity
    and paragraphs are read, and ``outline_notes`` says that no numbered body was found."""
    text = repaired.text
    paras = split_run_together(paragraphs(text))
    if not any(p.text.strip() for p in paras):
        raise PipelineError("the text is empty")
    all_paras = paras
    table, table_paras = metadata_table(paras)
    paras = [p for i, p in enumerate(paras) if i not in table_paras]
    cut = _is_cut(text)
    markers = [marker(p.text, cut=cut and i == len(paras) - 1) for i, p in enumerate(paras)]
    body_start = _body_start(paras, markers)
    notes: tuple[str, ...] = ()
    if body_start is None:
        body_start, notes = len(paras), (NO_BODY,)
    front = paras[:body_start]
    body, body_markers = paras[body_start:], markers[body_start:]
    metadata, addressees = read_front_matter(front, text)
    sigs = _end_signatures(paras, body_start)
    if sigs:  # the signature closing the text: its lines are not the body's
        drop = {paras[i].start for i in (*sigs[0].lines, sigs[0].date_index)}
        keep = [k for k, p in enumerate(body) if p.start not in drop]
        body, body_markers = [body[k] for k in keep], [body_markers[k] for k in keep]
    metadata = resolve(replace(metadata, language=repaired.source.language), text, paras, body_start, table, sigs)
    furniture = [Span(p.start, p.end) for i, p in enumerate(all_paras) if i in table_paras]
    furniture += [Span(paras[s.lines[0]].start, paras[s.date_index].end) for s in sigs[:1]]
    metadata = replace(metadata, furniture_spans=tuple(furniture))
    doc_id = make_doc_id(metadata, text)
    outline = infer_outline(body, body_markers) if body else None
    sections, goals, measures = read_body(body, body_markers, outline, doc_id) if outline else ([], [], [])
    outline_notes = outline.notes if outline else ()
    if body and not measures and not sections:
        notes = (NO_BODY,)
    notes = notes + outline_notes + (("the text ends inside measure "
                                      f"{measures[-1].number}",) if cut and measures and measures[-1].status == "listed"
                                     and measures[-1].span.end >= len(text.rstrip()) - 1 else ())
    doc = Document(doc_id=doc_id, repaired=repaired, metadata=metadata, addressees=tuple(addressees),
                   sections=tuple(sections), goals=tuple(goals), measures=tuple(measures))
    return replace(doc, outline_notes=notes)


NO_BODY = "no numbered body (no numbered headings or measures): identity and mentions only"


def _end_signatures(paras: list[_Para], body_start: int) -> list[Signature]:
    """Signature blocks after the front matter: the first closes the document's own text."""
    from ..patterns import SEAL_LINE
    from .front import agency_like, is_furniture

    skip = {i for i, p in enumerate(paras) if is_furniture(p.text)}
    return [s for s in signatures(paras, agency_like, SEAL_LINE, skip) if s.lines[0] >= body_start]


def resolve(meta: Metadata, text: str, paras: list[_Para], body_start: int, table: list[Candidate],
            sigs: list[Signature]) -> Metadata:
    """Each identity field from its best candidate (:data:`identity.PRIORITY`), with its source and span."""
    from .front import agency_like, is_furniture, title_year

    front = paras[:body_start]
    skip = {i for i, p in enumerate(paras) if is_furniture(p.text)}
    found: list[Candidate] = list(table)
    if meta.title:
        mark = regex.match(r"#+\s*", meta.title)  # a Markdown heading's marks
        cut = mark.end() if mark else 0
        found.append(headline_title(Candidate("title", meta.title[cut:],
                                              Span(meta.title_span.start + cut, meta.title_span.end), "heading")))
    if meta.doc_number:
        found.append(Candidate("doc_number", meta.doc_number, meta.doc_number_span, "number_line"))
    if meta.issuer:
        found.append(Candidate("issuer", meta.issuer, meta.issuer_span,
                               "signature" if meta.issue_date else "front_matter"))
    if meta.issue_date and not is_deadline(text, meta.date_span.start, meta.date_span.end):
        found.append(Candidate("issue_date", meta.issue_date, meta.date_span,
                               "signature" if meta.issuer else "date_line"))
    for sig in sigs[:1]:
        found.append(Candidate("issuer", text[sig.issuer_span.start:sig.issuer_span.end], sig.issuer_span,
                               "signature"))
        found.append(Candidate("issue_date", sig.day, sig.date_span, "signature"))
    title = next((c for c in found if c.field == "title" and c.source == "metadata_table"), None) or \
        next((c for c in found if c.field == "title"), None)
    if title:
        t = title_issuer(str(title.value), title.span.start, agency_like) or _issuers_above(front, title, agency_like)
        if t:
            found.append(t)
    found += running_text(front, agency_like)
    found += promulgation_lines(front)
    if not any(c.field == "issue_date" and c.source in ("metadata_table", "signature") for c in found):
        late = closing_date(paras, body_start, skip)
        if late:
            found.append(late)
    chosen = {f: choose(found, f) for f in PRIORITY}
    out = {}
    for f, c in chosen.items():
        if c is None:
            continue
        span = c.span
        if f == "title":
            # A title set on several lines is one title: lines joined (without a space between Han characters).
            title = regex.sub(r"(?<=\p{Han})\s*\n\s*(?=\p{Han})", "", str(c.value))
            out.update(title=regex.sub(r"\s*\n\s*", " ", title), title_span=span, title_source=c.source)
        elif f == "doc_number":
            out.update(doc_number=str(c.value), doc_number_span=span, doc_number_source=c.source)
        elif f == "issuer":
            article = regex.match(r"the\s+", str(c.value), regex.I)  # "the State Council": the name is what follows
            if article:
                span = Span(span.start + article.end(), span.end)
            out.update(issuer=SPACE.sub(" ", text[span.start:span.end]).strip(), issuer_span=span,
                       issuer_source=c.source, issuer_spans=split_issuers(text, span))
        elif f == "issue_date":
            out.update(issue_date=c.value, date_span=span, issue_date_source=c.source)
        elif f == "publication_date":
            out.update(publication_date=c.value, publication_date_span=span)
    if chosen["issue_date"] is None:
        out.update(issue_date=None, date_span=None, issue_date_source=None)
    if chosen["issuer"] is None:
        out.update(issuer=None, issuer_span=None, issuer_source=None)
    meta = replace(meta, **out)
    year, year_source = _year(meta, title_year)
    if meta.plan_title and meta.plan_title == meta.issuer:  # a signature is not the plan's title
        meta = replace(meta, plan_title=meta.title, plan_title_span=meta.title_span)
    return replace(meta, year=year, year_source=year_source)


def _issuers_above(front: list[_Para], title: Candidate, agency_like) -> Candidate | None:
    """Issuers printed on their own line above a title that opens with 关于 (住房和城乡建设部 人民银行 银保监会)."""
    if not str(title.value).lstrip().startswith(("关于", "關於")):
        return None
    above = [p for p in front if p.end <= title.span.start]
    if above and agency_like(above[-1].text) and len(above[-1].text) < 120:
        p = above[-1]
        return Candidate("issuer", p.text, Span(p.start, p.end), "title")
    return None


def _year(meta: Metadata, title_year) -> tuple[int | None, str | None]:
    from ..patterns import DOC_NUMBER_INLINE

    if meta.issue_date:
        return meta.issue_date.year, "issue_date"
    if meta.doc_number:
        m = DOC_NUMBER_INLINE.search(meta.doc_number)
        if m:
            return int(m.group("year")), "doc_number"
    for t in (meta.title, meta.plan_title):
        y = title_year(t or "")
        if y:
            return y, "title"
    return None, None


def make_doc_id(meta: Metadata, text: str) -> str:
    """Readable and stable across runs and machines: ``2014-gzhfxz-24`` from the year and document number
    (rule in pipeline/doc_id.py); a plan without a number gets a slug of its title and a hash of its text.
    A Chinese original ends in ``-zh`` (``2021-gzhzhlbf-16-zh``): its translation carries the same document
    number, and the two are processed side by side (``measure_links``)."""
    doc_id = readable_doc_id(meta.year, meta.doc_number, meta.plan_title or meta.title, text)
    return f"{doc_id}-zh" if meta.language == "zh" else doc_id


def _is_cut(text: str) -> bool:
    """The text stops mid-sentence: its last line ends without closing punctuation."""
    tail = text.rstrip()
    return bool(tail) and not tail.endswith((".", "。", ";", "；", ")", "）", "”", '"', "!", "?", "！", "？", "…"))


def _body_start(paras: list[_Para], markers: list[Marker | None]) -> int | None:
    for i, p in enumerate(paras):
        if DOC_NUMBER.match(p.text) or standalone_date(p.text):
            continue
        if markers[i] or GOAL_LABEL.match(p.text) or OMITTED_RANGE.match(p.text):
            return i
    return None
