"""Overlapping character spans -> a properly nested tree of elements, by one sweep over their boundaries.

Spans nest (a measure holds mentions, a law title an agency name) and sometimes cross. The sweep visits each
boundary once, in order: it closes the spans that end there (closing the spans opened inside them first, and
re-opening those that go on as continuation fragments), places point markers, then opens the spans that start
there, longest outermost. The text is never searched or replaced, so a span is exactly ``text[start:end]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A highlighted row: ``text[start:end]``; ``key`` is unique per row (``table:id``)."""

    start: int
    end: int
    key: str
    kind: str
    classes: tuple[str, ...] = ()
    rank: int = 0  # among spans with the same bounds, the lower rank is outer


@dataclass(frozen=True)
class Marker:
    """Something placed at one position without covering text: a page number, a note in the margin."""

    pos: int
    kind: str
    label: str
    key: str = ""
    classes: tuple[str, ...] = ()


@dataclass
class Element:
    """One fragment of a span in the tree; ``continued`` when an earlier fragment of the same span was split off."""

    span: Span
    continued: bool
    children: list[str | Marker | Element] = field(default_factory=list)


Node = str | Marker | Element


def placeable(span: Span, length: int) -> bool:
    return 0 <= span.start < span.end <= length


def nest(text: str, spans: list[Span], markers: Sequence[Marker] = ()) -> list[Node]:
    """The text as nodes (strings, markers, elements with children) covering every character once, in order.

    Spans that do not fit in the text (empty, negative, past its end) are left out; check them with
    :func:`placeable` first. Markers at one position keep their given order.
    """
    opens: dict[int, list[Span]] = defaultdict(list)
    n_ending: dict[int, int] = defaultdict(int)
    marks: dict[int, list[Marker]] = defaultdict(list)
    for span in spans:
        if placeable(span, len(text)):
            opens[span.start].append(span)
            n_ending[span.end] += 1
    for marker in markers:
        marks[min(max(marker.pos, 0), len(text))].append(marker)
    root: list[Node] = []
    stack: list[Element] = []
    last = 0
    for pos in sorted({0, len(text), *opens, *n_ending, *marks}):
        children = stack[-1].children if stack else root
        if pos > last:
            children.append(text[last:pos])
            last = pos
        reopen = []
        remaining = n_ending.get(pos, 0)
        while remaining:
            element = stack.pop()
            if element.span.end == pos:
                remaining -= 1
            else:
                reopen.append(element.span)
        children = stack[-1].children if stack else root
        children.extend(marks.get(pos, ()))
        starting = [(span, True) for span in reversed(reopen)] + [(span, False) for span in opens.get(pos, ())]
        # Longest outermost; a continuing span before a new one of the same end (it began earlier).
        for span, continued in sorted(starting, key=lambda sc: (-sc[0].end, not sc[1], sc[0].rank, sc[0].key)):
            element = Element(span, continued)
            children.append(element)
            stack.append(element)
            children = element.children
    return root


def plain_text(nodes: list[Node]) -> str:
    """The text a tree covers (markers left out): equals the input text of :func:`nest`."""
    out: list[str] = []

    def walk(items: list[Node]) -> None:
        for node in items:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, Element):
                walk(node.children)

    walk(nodes)
    return "".join(out)
