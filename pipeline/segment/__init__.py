"""Segment: read a plan's structure from its repaired text.

Front matter (title, document number, addressees, signature, date, plan title, preamble), then the body:
numbered headings at one or more levels, goal paragraphs split into statements, numbered measures (with a
trailing responsibility note split off), and ranges of measures declared omitted.

Modules: ``paragraphs`` (paragraphs, items run together on one line), ``outline`` (numbering schemes and
outline inference), ``front`` (front matter amid web clutter), ``dates``, ``body`` (sections, goals,
measures), ``script`` (a text in traditional characters); ``make_doc_id`` names the document (rule in
pipeline/doc_id.py). Every span is an offset
range into the repaired text; no text is copied and edited.
"""

from __future__ import annotations

from dataclasses import replace

from ..doc_id import make_doc_id as readable_doc_id
from ..model import Document, Metadata, PipelineError, RepairedText, Span
from ..patterns import DOC_NUMBER, GOAL_LABEL, OMITTED_RANGE
from .body import annex_lead, annex_start, read_annexes, read_body
from .dates import standalone_date, to_date
from .footnotes import footnote_spans, without_footnotes
from .front import closing_addressees, read_front_matter, split_agency_list
from .identity import cover_paragraphs, end_signatures, is_furniture, metadata_table, resolve
from .outline import Marker, infer_outline, marker, run_in_marker, tab_numbered
from .paragraphs import _Para, paragraphs, roman_to_int, run_in_ordinals, split_run_in, split_run_together
from .script import as_printed, is_traditional, simplified_copy

_standalone_date = standalone_date  # the name the tests and older callers use

__all__ = ["segment", "paragraphs", "split_agency_list", "make_doc_id", "standalone_date", "to_date", "roman_to_int"]


def segment(repaired: RepairedText) -> Document:
    """Build the :class:`Document` skeleton of one repaired text; the entry point of this stage.

    A text without a numbered body (a letter, a decision, a short notice) is a document too: its identity
    and paragraphs are read, and ``outline_notes`` says that no numbered body was found. A Chinese text printed
    in traditional characters is read in simplified ones and its values given back as printed (``script``)."""
    if repaired.source.language != "zh" or not is_traditional(repaired.text):
        return _segment(repaired)
    copy = simplified_copy(repaired.text)
    doc = _segment(replace(repaired, text=copy))
    # the text itself and the document's name are no values read from it
    printed = as_printed(doc, copy, repaired.text, skip=("repaired", "doc_id"))
    assert isinstance(printed, Document)
    return replace(printed, repaired=repaired)


def _segment(repaired: RepairedText) -> Document:
    text = repaired.text
    paras = split_run_together(paragraphs(text))
    ordinals = run_in_ordinals(paras, repaired.source.language)  # 一是…二是…: points of the unit holding them
    paras = split_run_in(paras, ordinals)
    run_in = {r.at: r for r in ordinals}
    if not any(p.text.strip() for p in paras):
        raise PipelineError("the text is empty")
    all_paras = paras
    table, table_paras = metadata_table(paras)
    table_paras |= cover_paragraphs(paras)  # a translator's cover page is no part of the document either
    paras = [p for i, p in enumerate(paras) if i not in table_paras]
    cut = _is_cut(text)
    markers = [
        run_in_marker(p.text, run_in[p.start]) if p.start in run_in else marker(p.text, cut=cut and i == len(paras) - 1)
        for i, p in enumerate(paras)
    ]
    # "2<TAB>…" after "1.": an item whose stop a copy lost (a translator's note "3 Adopted in …" is none)
    footnotes = footnote_spans(text) if repaired.source.language == "en" else ()
    markers = tab_numbered(paras, markers, footnotes)
    body_start = _body_start(paras, markers)
    notes: tuple[str, ...] = ()
    if body_start is None:
        body_start, notes = len(paras), (NO_BODY,)
    # A notice whose own text has no numbered units (…印发给你们 / 附件：…办法 / signature) and whose first numbered
    # unit is in its annex (附件 / 黄金…办法 / 第一条): the body starts at that annex's heading, annexes from there.
    lead = annex_lead(paras, markers, body_start, repaired.source.language)
    if lead is not None:
        body_start = lead
    front = paras[:body_start]
    body, body_markers = paras[body_start:], markers[body_start:]
    metadata, addressees = read_front_matter(front, text)
    if not addressees and body_start is not None:  # none above the body: a 主送 line under the signature
        addressees = closing_addressees(paras[body_start:], text)
    sigs = end_signatures(paras, body_start)
    if sigs:  # the signature closing the text: its lines are not the body's
        drop = {p.start for p in paras if sigs[0].issuer_span.start <= p.start <= sigs[0].date_span.start}
        keep = [k for k, p in enumerate(body) if p.start not in drop]
        body, body_markers = [body[k] for k in keep], [body_markers[k] for k in keep]
    metadata = resolve(replace(metadata, language=repaired.source.language), text, paras, body_start, table, sigs)
    furniture = [Span(p.start, p.end) for i, p in enumerate(all_paras) if i in table_paras]
    # Bylines, breadcrumbs and "Updated:" lines of the front matter name no body ("SIPO ENGLISH Print").
    furniture += [Span(p.start, p.end) for p in front if is_furniture(p.text)]
    furniture += [Span(s.issuer_span.start, s.date_span.end) for s in sigs[:1]]
    metadata = replace(metadata, furniture_spans=tuple(furniture))
    doc_id = make_doc_id(metadata, text)
    language = repaired.source.language
    # annexes: read after the body, each with its own outline
    split = 0 if lead is not None else annex_start(body, body_markers, language)
    annexes, annex_markers = body[split:], body_markers[split:]
    body, body_markers = body[:split], body_markers[:split]
    outline = infer_outline(body, [None if mk and mk.run_in else mk for mk in body_markers]) if body else None
    sections, goals, measures = read_body(body, body_markers, outline, doc_id) if outline else ([], [], [])
    if annexes:
        more = read_annexes(annexes, annex_markers, doc_id, language)
        sections, goals, measures = sections + more[0], goals + more[1], measures + more[2]
    if language == "en":  # a translation's footnotes: furniture, never in a unit's text or a title
        sections, measures = without_footnotes(text, footnotes, sections, measures)
        metadata = replace(metadata, furniture_spans=metadata.furniture_spans + footnotes)
    outline_notes = outline.notes if outline else ()
    if body and not measures and not sections:
        notes = (NO_BODY,)
    last = measures[-1] if measures else None
    notes = (
        notes
        + outline_notes
        + (
            (f"the text ends inside measure {last.number}",)
            if cut
            and last
            and last.status == "listed"
            and last.kind != "table_row"
            and last.span.end >= len(text.rstrip()) - 1
            else ()
        )
    )
    doc = Document(
        doc_id=doc_id,
        repaired=repaired,
        metadata=metadata,
        addressees=tuple(addressees),
        sections=tuple(sections),
        goals=tuple(goals),
        measures=tuple(measures),
    )
    return replace(doc, outline_notes=notes)


NO_BODY = "no numbered body (no numbered headings or measures): identity and mentions only"


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
