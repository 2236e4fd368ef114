"""Translator's footnotes of English translations: furniture kept in the text, never in a unit or a title.

A translation printed from a PDF glues a footnote's number to the word it annotates ("…Initiative,1",
"Data Security Law14 and the …", "…Plan1") and prints the note at the page foot or the document's end
("1 See the Notice of …", "[1] …"). A number counts as a marker only when a note with that number follows it,
and a note only when a marker with its number precedes it, so a numbered heading or an amount is never one.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..model import Measure, Section, Span
from .paragraphs import paragraphs

# A number glued after a word of three letters or more (and a closing comma, stop, bracket or quote), or after
# a year closing a sentence ("… by 2033.4" ending its paragraph or before the next sentence).
MARKER = regex.compile(
    r"(?<=\p{L}{3}[,.;:)”\"’]?)(?:\[(?P<n>\d{1,2})\]|(?P<n>\d{1,2}))(?=[\s,.;:)]|$)"
    r"|(?<=(?<!\d)(?:19|20)\d\d\.)(?P<n>\d{1,2})(?=[ \t]*$|\s+\p{Lu})",
    regex.M,
)
# A note: a paragraph opening with its number and a capitalised word; notes printed on one line follow a stop.
NOTE_START = regex.compile(r"^\s*(?:\[(?P<n>\d{1,2})\]|(?P<n>\d{1,2}))\s+(?=\p{Lu})")
NOTE_INSIDE = regex.compile(r"(?<=[.;]\s)(?:\[(?P<n>\d{1,2})\]|(?P<n>\d{1,2}))\s+(?=\p{Lu})")


def footnote_spans(text: str) -> tuple[Span, ...]:
    """The markers and the note paragraphs of ``text``'s footnotes, in text order."""
    notes = []  # (paragraph, numbers it holds)
    for p in paragraphs(text):
        m = NOTE_START.match(p.text)
        if m:
            numbers = {m.group("n")} | {x.group("n") for x in NOTE_INSIDE.finditer(p.text)}
            notes.append((p, numbers))
    if not notes:
        return ()
    markers = [m for m in MARKER.finditer(text) if any(m.end() <= p.start and m.group("n") in ns for p, ns in notes)]
    out = [Span(m.start(), m.end()) for m in markers]
    for p, _numbers in notes:
        first = NOTE_START.match(p.text)
        if first and any(m.group("n") == first.group("n") and m.end() <= p.start for m in markers):
            out.append(Span(p.start, p.end))
    return tuple(sorted(out, key=lambda s: s.start))


def _trim(text: str, start: int, end: int, notes: tuple[Span, ...]) -> int:
    """``end`` moved back over notes, markers and white space."""
    moved = True
    while moved:
        moved = False
        while end > start and text[end - 1].isspace():
            end -= 1
        for n in notes:
            if n.start < end <= n.end and n.start >= start:
                end, moved = n.start, True
    return end


def _without(text: str, start: int, end: int, notes: tuple[Span, ...]) -> str:
    """``text[start:end]`` without the notes and markers inside it (a note paragraph leaves one line break)."""
    out, at = [], start
    for n in notes:
        if n.end <= start or n.start >= end:
            continue
        out.append(text[at : max(at, n.start)])
        at = max(at, n.end)
    out.append(text[at:end])
    return regex.sub(r"\n{3,}", "\n\n", "".join(out))


def without_footnotes(
    text: str, notes: tuple[Span, ...], sections: list[Section], measures: list[Measure]
) -> tuple[list[Section], list[Measure]]:
    """Sections and measures whose spans end before a footnote and whose titles and texts hold none."""
    if not notes:
        return sections, measures
    new_sections = []
    for s in sections:
        end = _trim(text, s.span.start, s.span.end, notes)
        t_end = _trim(text, s.title_span.start, s.title_span.end, notes)
        new_sections.append(
            replace(
                s,
                span=Span(s.span.start, max(end, t_end)),
                title_span=Span(s.title_span.start, t_end),
                title=_without(text, s.title_span.start, t_end, notes).strip()
                if text[s.title_span.start : s.title_span.end].strip() == s.title.strip()
                else s.title,
            )
        )
    new_measures = []
    for m in measures:
        if m.text is None or text[m.span.start : m.span.end] != m.text:
            new_measures.append(m)
            continue
        end = _trim(text, m.span.start, m.span.end, notes)
        new_measures.append(replace(m, span=Span(m.span.start, end), text=_without(text, m.span.start, end, notes)))
    return new_sections, new_measures


def mask_markers(text: str, furniture: tuple[Span, ...]) -> str:
    """``text`` with the footnote markers among ``furniture`` blanked (same length, so offsets hold): the words
    read by the extractor are "Data Security Law", not "Data Security Law14"."""
    chars = list(text)
    for s in furniture:
        if s.end - s.start <= 4 and regex.fullmatch(r"\[?\d{1,2}\]?", text[s.start : s.end]):
            chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)
