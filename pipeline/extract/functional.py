"""English bodies named by their function: the departments a translation prints in lower case.

A Chinese rule names most bodies by function (网信部门, 公安机关, 民政、价格等部门) and translations print them as
phrases: "the national cybersecurity and informatization department", "public security authorities",
"departments responsible for personal information protection", "the State Council education, market
regulation, civil affairs and other such relevant departments", "departments such as for education, culture,
and press and publication". Two shapes, the function before its head noun or after it
(``for``, ``such as for``, ``responsible for``, ``in charge of``), each with an optional level before it.

The words are the English rule book's (``agency_heads``: ``functional_head``, ``level_prefix``, ``sector``). A
phrase naming one function is one mention of the whole phrase; a list of functions sharing one head gives one
mention per function, of its words only (as the Chinese 民政、价格等部门 gives 民政 and 价格). A function named at
the national level (``level_prefix`` marked ``national``: national, state, State Council) is one body, the
sector's ``agency_id`` in the gazetteer; at any other level, or without a level, it is a class of departments
and the mention stays unresolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from ..rules import alternation
from ..rules.profiles import script_book

SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"  # between two items of a list
OTHER = r"(?:,?\s+(?:and|or)\s+other(?:\s+such)?)?"  # "… and other such (relevant) departments"
ADJECTIVES = r"(?:(?:relevant|competent|regulatory|administrative)\s+)*"
AFTER_HEAD = r"(?:such\s+as\s+)?(?:for|responsible\s+for|in\s+charge\s+of)"


@dataclass(frozen=True)
class Functional:
    """One function named in a phrase: where its mention stands, and its body when the phrase is national."""

    start: int
    end: int
    agency_id: str | None
    level: tuple[int, int] | None  # where the phrase's level stands (a "State Council" there is no mention)
    function: tuple[str, str] = ("", "")  # (the function's words, its head noun in the singular), lower case
    levels: int = 0  # how many levels the phrase names ("the national and provincial … departments": 2)


@cache
def _book() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, dict[str, str], frozenset[str], regex.Pattern]:
    """(function before its head, function after it, people's governments by level, sector -> national body,
    national level words, the head nouns alone)."""
    book = script_book("latin")
    sectors = alternation(book.words("agency_heads", "sector"))
    heads = alternation(book.words("agency_heads", "functional_head"))
    levels = alternation(book.words("agency_heads", "level_prefix"))
    sector, head, level = (rf"(?<!\p{{L}})(?:{words})(?!\p{{L}})" for words in (sectors, heads, levels))
    listed = rf"(?P<list>{sector}(?:{SEP}{sector})*)"
    level_run = rf"(?:(?P<level>{level}(?:{SEP}{level})*)\s+)?"
    before = regex.compile(rf"{level_run}{listed}{OTHER}\s+{ADJECTIVES}(?P<head>{head})", regex.I)
    after = regex.compile(rf"{level_run}{ADJECTIVES}(?P<head>{head})\s+{AFTER_HEAD}\s+{listed}", regex.I)
    government, level_after = (
        alternation(book.words("agency_heads", kind)) for kind in ("government_head", "level_after")
    )
    governments = regex.compile(
        rf"(?:(?P<level>{level})\s+)?(?<!\p{{L}})(?P<head>{government})(?:\s+(?P<after>{level_after}))?"
        r"(?!\p{L})",
        regex.I,
    )
    national = {
        e["phrase"].lower(): e["agency_id"] for e in book.entries("agency_heads", "sector") if e.get("agency_id")
    }
    national_levels = frozenset(
        e["phrase"].lower() for e in book.entries("agency_heads", "level_prefix") if e.get("national")
    )
    return before, after, governments, national, national_levels, regex.compile(head, regex.I)


WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
SMALL_WORDS = frozenset({"and", "or", "of", "for", "the", "at", "as", "in"})


def _proper_name(phrase: str) -> bool:
    """Every word of the phrase but its small words capitalized: a name, not a function in lower case."""
    words = [w for w in WORD.findall(phrase) if w.lower() not in SMALL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


_LEVEL = regex.compile(r"[^,]+?(?=\s*,|\s+(?:and|or)\s+|$)")  # one level of a run of levels


def _items(m: regex.Match) -> list[tuple[int, int]]:
    """The functions of a match's list, each as (start, end) in the text."""
    sector = script_book("latin").pattern("agency_heads", "sector")
    start, end = m.span("list")
    return [s.span() for s in sector.finditer(m.string, start, end)]


# Characters a phrase reaches before or after its head noun at most ("the national and provincial
# cybersecurity and informatization, telecommunications, public security and other such relevant departments": 120)
REACH = 500


def _near_heads(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` within :data:`REACH` of a head noun, merged, each ending between two
    words (a phrase is read there as in the whole text: three to four times faster than reading all of it)."""
    heads = _book()[-1]
    spans: list[tuple[int, int]] = []
    for h in heads.finditer(text, start, end):
        a, b = max(start, h.start() - REACH), min(end, h.end() + REACH)
        while b < end and text[b - 1].isalpha() and text[b].isalpha():
            b += 1
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def functional_bodies(text: str, start: int = 0, end: int | None = None) -> Iterator[Functional]:
    """The functions named in ``text[start:end]``, in text order (see the module's docstring)."""
    before, after, governments, national, national_levels, _ = _book()
    end = len(text) if end is None else end
    found: list[regex.Match] = []
    for a, b in _near_heads(text, start, end):  # both shapes hold a head noun: read only around them
        for pattern in (before, after):
            found += pattern.finditer(text, a, b)
    # "people's governments at all levels", "local people's governments": a class; "the people's government of X"
    # is a name (the gazetteer's or an unknown body's)
    found += [g for g in governments.finditer(text, start, end) if g.group("level") or g.group("after")]
    taken = -1
    for m in sorted(found, key=lambda m: (m.start(), -m.end())):
        if m.start() < taken or _proper_name(m.group()):
            continue  # inside a longer phrase read already, or a body's name ("State Administration for Market
            # Regulation", "Central People's Government": the gazetteer's or an unknown body's)
        taken = m.end()
        level = m.group("level")
        if m.re is governments:
            words = regex.sub(r"\s+", " ", m.group("after") or level).lower()
            yield Functional(m.start(), m.end(), None, m.span("level") if level else None, ("government", words), 1)
            continue
        is_national = bool(level) and level.lower() in national_levels
        level_span = m.span("level") if level else None
        n_levels = len(_LEVEL.findall(level)) if level else 0
        items = _items(m)
        head = regex.sub(r"ies$", "y", m.group("head").lower()).removesuffix("s")
        spans = [(m.start("level") if level else min(m.start("list"), m.start("head")), m.end())]
        for (s, e), item in zip(spans if len(items) == 1 else items, items, strict=True):
            words = regex.sub(r"\s+", " ", text[item[0] : item[1]]).lower()
            body = national.get(words) if is_national else None
            yield Functional(s, e, body if n_levels == 1 else None, level_span, (words, head), n_levels)


def restated(found: list[Functional]) -> list[Functional]:
    """Without the functions that restate bodies named elsewhere in the document with one level and the same
    function and head: one printed without a level where a local level names it ("internet information
    departments" after "local internet information departments", as the Chinese 民政部门 is the 市民政部门 named
    elsewhere; a national body named alone does not make the departments of every level one body), and one
    printed with several levels ("the national and provincial … departments") where any level names it alone."""
    local = {f.function for f in found if f.levels == 1 and not f.agency_id}
    single = {f.function for f in found if f.levels == 1}
    return [f for f in found if f.agency_id or f.levels == 1 or f.function not in (local if f.levels == 0 else single)]
