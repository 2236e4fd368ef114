"""The agency gazetteer (``rules/agencies.csv``, shared by every language): lookup of names, aliases and abbreviations.

Resolution is era-aware: an alias shared by a body and its successor ("Intellectual Property Office",
知识产权局) resolves to the body that existed in the document's year. Chinese names (``name_zh``,
``aliases_zh``) resolve to the same ids, in simplified or traditional characters, with full-width or ASCII
brackets.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .ingest.language import matching_copy
from .intervals import Containers, Coverage
from .model import Span
from .patterns import without_article
from .rules import RULES_DIR
from .rules.profiles import Script, script_book

DASHES = regex.compile(r"[‐‑‒–—―]")
HAN = regex.compile(r"\p{Han}")
# Compiled once: a long agency list resolves thousands of names.
ZH_NOISE = regex.compile(r"[\s“”\"]+")
QUOTES = regex.compile(r"[’‘`]")
SPACES = regex.compile(r"\s+")
TRAILING_BRACKET = regex.compile(r"\s*[(（][^()（）]*[)）]\s*$")
# Words a Chinese name may be printed with before the body's own name: the Party's (中共中央宣传部) and the
# state's (中华人民共和国商务部, as a joint decree's signature prints each issuer).
NAME_PREFIXES = (regex.compile(r"^(?:中共|中国共产党)"), regex.compile(r"^中华人民共和国(?=\p{Han}{2})"))
BRACKETED = regex.compile(r"\([^()]*\)")
LETTERS = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    abbreviation: str | None
    aliases: tuple[str, ...]
    kind: str
    valid_from: int | None
    valid_to: int | None
    successor_id: str | None
    name_zh: str | None = None
    aliases_zh: tuple[str, ...] = ()

    @property
    def names_zh(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name_zh, *self.aliases_zh) if n)

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.valid_from or 0) <= year <= (self.valid_to or 9999)


def normalize_name(name: str) -> str:
    if HAN.search(name):
        return ZH_NOISE.sub("", matching_copy(name)).strip(",.;:、，。；：")
    name = DASHES.sub("-", name).replace("-", " ")  # "Inter Ministerial" is printed for "Inter-Ministerial"
    name = QUOTES.sub("'", name)
    name = SPACES.sub(" ", name).strip(" ,.;:")
    return without_article(name).lower()


VARIANT = "variant"


@cache
def variant_ids() -> frozenset[str]:
    """The agency_ids that variant rows of ``agencies.csv`` name (each must be a body's row)."""
    with open(RULES_DIR / "agencies.csv", encoding="utf-8", newline="") as fh:
        return frozenset(
            r["agency_id"]
            for r in csv.DictReader(line for line in fh if not line.startswith("#"))
            if r["kind"] == VARIANT
        )


@cache
def agencies() -> tuple[Agency, ...]:
    out = []
    with open(RULES_DIR / "agencies.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    # A "variant" row adds the names real texts print to the body of its agency_id (kept in a block of their own).
    variants: dict[str, list[str]] = {}
    for row in rows:
        if row["kind"] == VARIANT:
            variants.setdefault(row["agency_id"], []).extend(a for a in row["aliases"].split("|") if a)
    for row in rows:
        if row["kind"] == VARIANT:
            continue
        out.append(
            Agency(
                agency_id=row["agency_id"],
                name=row["name"],
                abbreviation=row["abbreviation"] or None,
                aliases=tuple(a for a in row["aliases"].split("|") if a) + tuple(variants.get(row["agency_id"], ())),
                kind=row["kind"],
                valid_from=int(row["valid_from"]) if row["valid_from"] else None,
                valid_to=int(row["valid_to"]) if row["valid_to"] else None,
                successor_id=row["successor_id"] or None,
                name_zh=row.get("name_zh") or None,
                aliases_zh=tuple(a for a in (row.get("aliases_zh") or "").split("|") if a),
            )
        )
    return tuple(out)


@cache
def _index() -> dict[str, tuple[Agency, ...]]:
    index: dict[str, list[Agency]] = {}
    for agency in agencies():
        keys = {normalize_name(n) for n in (agency.name, *agency.aliases, *agency.names_zh)}
        for key in keys:
            index.setdefault(key, []).append(agency)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _abbreviations() -> dict[str, tuple[Agency, ...]]:
    index: dict[str, list[Agency]] = {}
    for agency in agencies():
        for abbr in filter(None, [agency.abbreviation, *(a for a in agency.aliases if a.isupper())]):
            index.setdefault(abbr, []).append(agency)
    return {k: tuple(v) for k, v in index.items()}


def candidates(surface: str) -> tuple[Agency, ...]:
    """The bodies a surface form may name: one for a full name, several for a short form that bodies share
    ("Inter-Ministerial Joint Meeting", 知识产权局)."""
    found = _index().get(normalize_name(surface)) or _abbreviations().get(surface.strip())
    for prefix in NAME_PREFIXES if not found and HAN.search(surface) else ():
        found = found or _index().get(normalize_name(prefix.sub("", surface)))
    return found or ()


def named_in(surfaces: Iterable[str]) -> frozenset[str]:
    """The bodies a document names unambiguously (by a name only one body has): its evidence for its short forms."""
    return frozenset(found[0].agency_id for s in set(surfaces) if len(found := candidates(s)) == 1)


@lru_cache(maxsize=65536)
def resolve(surface: str, year: int | None = None, named: frozenset[str] = frozenset()) -> str | None:
    """The agency_id a surface form names in a document of ``year``, or None when it is not known.

    A short form several bodies share is the one the document ``named`` in full (:func:`named_in`), when that is
    one of them; otherwise the one that existed in ``year``."""
    found = candidates(surface)
    bare = TRAILING_BRACKET.sub("", surface) if not found else surface
    if bare != surface:
        # "State Administration of Press, ... (National Copyright Administration)": the name before the
        # bracket is the body, the bracket its second nameplate. (A bracket that is not a pair stays.)
        return resolve(bare, year, named)
    if not found:
        return collective(surface)
    in_document = [a for a in found if a.agency_id in named]
    if len(found) > 1 and len(in_document) == 1:
        return in_document[0].agency_id
    valid = [a for a in found if a.valid_in(year)]
    if valid:
        # In a reorganization year both bodies are valid; the newer name is the one in use.
        return max(valid, key=lambda a: a.valid_from or 0).agency_id
    if year is None:
        return found[0].agency_id
    return min(found, key=lambda a: min(abs(year - (a.valid_from or year)), abs(year - (a.valid_to or year)))).agency_id


def collective(surface: str) -> str | None:
    """The gazetteer row of a collective addressee ("the people's governments of all provinces, ...",
    各省、自治区、直辖市人民政府): the ``agency_id`` of the first entry of the rule book's ``collectives`` whose
    pattern matches the whole surface."""
    script: Script = "han" if HAN.search(surface) else "latin"
    text = matching_copy(surface) if script == "han" else surface
    text = text.strip().strip(",.;:，。；：")
    return next((e["agency_id"] for p, e in script_book(script).each("collectives") if p.fullmatch(text)), None)


def collective_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where collective addressees stand in ``text[start:end]``: an agency list is not split inside them.
    (Chinese is read in its matching copy, which has the same offsets.)"""
    if not CJK.search(text, start, end):
        return [m.span() for m in script_book("latin").pattern("collectives").finditer(text, start, end)]
    copy = matching_copy(text[start:end])
    found = script_book("han").pattern("collectives").finditer(copy)
    return [(start + s, start + e) for s, e in (m.span() for m in found)]


@cache
def zh_names() -> tuple[str, ...]:
    """Every Chinese name and short form (simplified), longest first, for building matchers."""
    return tuple(sorted({n for a in agencies() for n in a.names_zh}, key=lambda n: (-len(n), n)))


def all_names() -> list[str]:
    """Every name and alias, longest first, for building matchers."""
    names = {n for a in agencies() for n in (a.name, *a.aliases)}
    return sorted(names, key=len, reverse=True)


@cache
def name_regex() -> regex.Pattern:
    """Matches any gazetteer name in running text (dash and apostrophe variants, any case)."""

    def pattern(name: str) -> str:
        out = regex.escape(name)
        out = out.replace(r"\-", r"[-‐‑‒–—―\s]").replace("'", "['’]").replace(r"\ ", r"\s+")
        return out

    body = "|".join(pattern(n) for n in all_names())
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{N}}])", regex.I)


@cache
def head_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in script_book("latin").words("agency_heads", "head_noun"))


def looks_like_agency(name: str) -> bool:
    """A name with an organizational head noun outside any parenthesis ("... Administration")."""
    bare = BRACKETED.sub(" ", name)
    words = {w.lower() for w in LETTERS.findall(bare)}
    return bool(words & head_nouns()) or resolve(name) is not None


# ------------------------------------------------------------------------------------------- agency lists

LIST_SEPARATOR = regex.compile(
    r"\s*(?:[,;，；、]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as|&)\s+)", regex.I
)
LIST_NOISE = regex.compile(r"^(?:the\s+|and\s+|to\s+)+|[\s,.;:，；。：]+$", regex.I)
CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True)
class ZhListRules:
    """How a Chinese list of bodies splits (the zh rule book's ``agency_heads`` ``list_splitting`` block)."""

    clause_separators: frozenset[str]  # split the list anywhere outside brackets
    enumerator: str  # 、: splits too, but the names it joins may share one head
    trailing_marks: str  # trimmed off a unit's end (the colon closing an addressee line)
    heads: tuple[str, ...]  # the words a body's name ends in, shortest first
    short_heads: frozenset[str]  # heads that name a body only after a one-character level (区财政)
    short_head_levels: str
    short_form_chars: int  # a name this short in a run enumerates short forms (各地、州、市…局)


@cache
def zh_list_rules() -> ZhListRules:
    book = script_book("han")
    block = book.extras["agency_heads"]["list_splitting"]
    heads = {w for kind in block["head_kinds"] for w in book.words("agency_heads", kind)}
    # A short head that another kind's word ends (教育局 ends with 局) is a head wherever it stands.
    others = tuple(w for kind in block["head_kinds"] if kind != "short_head" for w in book.words("agency_heads", kind))
    short = frozenset(w for w in book.words("agency_heads", "short_head") if not w.endswith(others))
    return ZhListRules(
        clause_separators=frozenset(block["clause_separators"]),
        enumerator=block["enumerator"],
        trailing_marks=block["trailing_marks"],
        heads=tuple(sorted(heads - short, key=len)),
        short_heads=short,
        short_head_levels=block["short_head_levels"],
        short_form_chars=block["short_form_chars"],
    )


def _has_head(name: str, rules: ZhListRules) -> bool:
    """The name ends with a body's head: a head word, or a short head right after a one-character level (区财政)."""
    if name.endswith(rules.heads):
        return True
    short = next((w for w in rules.short_heads if name.endswith(w)), None)
    level = name[-len(short) - 1 : -len(short)] if short else ""
    return bool(level) and level in rules.short_head_levels


def shared_heads(names: list[str]) -> list[tuple[int, int]]:
    """Group the names of one 、 run (first and last index of each group): places, levels or sectors without a
    head of their own (天津, 北京市, 各省、自治区、直辖市, 民政) go with the next name, whose head they share."""
    rules = zh_list_rules()
    groups: list[tuple[int, int]] = []
    first: int | None = None  # the first of the headless names waiting for a head
    for k, name in enumerate(names):
        bare = _without_closing_bracket(name)  # 财政厅（局）
        headless = not _has_head(bare, rules) and ("、" in name or resolve(name) is None)
        if headless and k + 1 < len(names):
            first = k if first is None else first
            continue
        groups.append((k if first is None else first, k))
        first = None
    return groups


def _without_closing_bracket(name: str) -> str:
    """The name without the bracket closing it, nested ones inside it included (财政厅（局）: 财政厅); a bracket
    left unopened stays."""
    if not name.endswith((")", "）")):
        return name
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        depth += (name[i] in ")）") - (name[i] in "(（")
        if depth == 0:
            return name[:i]
    return name


LATIN = regex.compile(r"[A-Za-z]")


def split_zh_list(text: str, start: int, end: int) -> list[Span]:
    """Split a Chinese list of bodies in ``text[start:end]`` into one span per body: every Chinese list the
    pipeline reads (addressee lines, responsibility notes and labels, distribution lines) goes through here.

    The list splits at the rule book's separators (``agency_heads`` ``list_splitting``) outside brackets,
    collective addressees (各省、自治区、直辖市人民政府) and known English names; each unit is trimmed. Of the
    names one 、 run joins, those without a head share the next one's (:func:`shared_heads`); a run holding a
    one-character name is one unit (各地、州、市…局). ``text`` may be the printed text or its matching copy (or a
    masked copy, U+2060 marking what is masked): the rules read the matching copy, which has the same offsets."""
    rules = zh_list_rules()
    copy = matching_copy(text[start:end])
    kept = Coverage([(s - start, e - start) for s, e in _kept_in_list(text, start, end)])
    runs: list[list[tuple[int, int]]] = [[]]
    s = 0
    for i, ch in enumerate([*copy, None]):
        clause = ch is None or ch in rules.clause_separators
        if not (clause or ch == rules.enumerator) or kept.covers(i):
            continue
        piece = _trim_unit(copy, s, i, rules)
        if piece:
            runs[-1].append(piece)
        if clause and runs[-1]:
            runs.append([])
        s = i + 1
    out: list[Span] = []
    for run in runs:
        if len(run) > 1 and any(b - a <= rules.short_form_chars for a, b in run):
            out.append(Span(start + run[0][0], start + run[-1][1]))
            continue
        names = [copy[a:b] for a, b in run]
        out.extend(Span(start + run[i][0], start + run[j][1]) for i, j in shared_heads(names) if names)
    return out


def _kept_in_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a list is not split: inside a pair of brackets (nested ones too; a bracket left open protects
    nothing), a collective addressee, a known English name."""
    spans = collective_spans(text, start, end)
    if LATIN.search(text, start, end):
        spans += [m.span() for m in name_regex().finditer(text, start, end)]
    opened: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in "(（":
            opened.append(i)
        elif ch in ")）" and opened:
            spans.append((opened.pop(), i + 1))
    return spans


UNIT_SPACE = " \t\n\r\u3000\u2060"  # white space, and U+2060 (what a masked copy blanks)


def _trim_unit(copy: str, s: int, e: int, rules: ZhListRules) -> tuple[int, int] | None:
    while s < e and copy[s] in UNIT_SPACE:
        s += 1
    while e > s and (copy[e - 1] in UNIT_SPACE or copy[e - 1] in rules.trailing_marks):
        e -= 1
    return (s, e) if e > s else None


def split_agency_list(text: str, start: int, end: int) -> list[Span]:
    """Split a list of agency names into one span per agency.

    A Chinese list (more Han characters than Latin letters) is :func:`split_zh_list`'s. In an English one, known
    names (from the gazetteer) are never split, so commas inside "General Administration of Quality
    Supervision, Inspection and Quarantine" stay; an unknown fragment without an organizational head noun
    ("Inspection and Quarantine") is joined to the name before it.
    """
    if _is_chinese(text[start:end]):
        return split_zh_list(text, start, end)
    protected = [m.span() for m in name_regex().finditer(text, start, end)] + collective_spans(text, start, end)
    depth_spans = [m.span() for m in regex.finditer(r"[(（][^()（）]*[)）]", text[start:end])]
    depth_spans = [(s + start, e + start) for s, e in depth_spans]
    kept = Containers(protected + depth_spans)
    cuts = [start]
    for m in LIST_SEPARATOR.finditer(text, start, end):
        s, e = m.span()
        if kept.overlaps(s, e):
            continue
        cuts.extend([s, e])
    cuts.append(end)
    pieces: list[Span] = []
    for s, e in zip(cuts[0::2], cuts[1::2], strict=True):
        span = _trim(text, s, e)
        if span:
            pieces.append(span)
    merged: list[Span] = []
    for piece in pieces:
        if merged and not looks_like_agency(text[piece.start : piece.end]):
            merged[-1] = Span(merged[-1].start, piece.end)
        else:
            merged.append(piece)
    if len(merged) > 1 and not looks_like_agency(text[merged[0].start : merged[0].end]):
        merged[1] = Span(merged[0].start, merged[1].end)
        merged.pop(0)
    return merged


def _is_chinese(text: str) -> bool:
    return len(HAN.findall(text)) > len(LATIN.findall(text))


def _trim(text: str, s: int, e: int) -> Span | None:
    piece = text[s:e]
    m = LIST_NOISE.search(piece)
    while m and m.group():
        if m.start() == 0:
            s += m.end()
        else:
            e = s + m.start()
        piece = text[s:e]
        m = LIST_NOISE.search(piece)
    return Span(s, e) if e > s else None
