"""The agency gazetteer (``rules/agencies.csv``, shared by every language): lookup of names, aliases and abbreviations.

Resolution is era-aware: an alias shared by a body and its successor ("Intellectual Property Office")
resolves to the body that existed in the document's year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import regex

from .rules import RULES_DIR, rules

DASHES = regex.compile(r"[‐‑‒–—―]")
LEADING_ARTICLE = regex.compile(r"^(?:the)\s+", regex.I)


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

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.valid_from or 0) <= year <= (self.valid_to or 9999)


def normalize_name(name: str) -> str:
    name = DASHES.sub("-", name)
    name = regex.sub(r"[’‘`]", "'", name)
    name = regex.sub(r"\s+", " ", name).strip(" ,.;:")
    return LEADING_ARTICLE.sub("", name).lower()


@cache
def agencies() -> tuple[Agency, ...]:
    out = []
    with open(RULES_DIR / "agencies.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for row in rows:
        out.append(Agency(
            agency_id=row["agency_id"], name=row["name"], abbreviation=row["abbreviation"] or None,
            aliases=tuple(a for a in row["aliases"].split("|") if a), kind=row["kind"],
            valid_from=int(row["valid_from"]) if row["valid_from"] else None,
            valid_to=int(row["valid_to"]) if row["valid_to"] else None,
            successor_id=row["successor_id"] or None))
    return tuple(out)


@cache
def _index() -> dict[str, tuple[Agency, ...]]:
    index: dict[str, list[Agency]] = {}
    for agency in agencies():
        keys = {normalize_name(agency.name), *(normalize_name(a) for a in agency.aliases)}
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


def resolve(surface: str, year: int | None = None) -> str | None:
    """The agency_id a surface form names in a document of ``year``, or None when it is not known."""
    candidates = _index().get(normalize_name(surface)) or _abbreviations().get(surface.strip())
    if not candidates and surface.rstrip().endswith(")"):
        # "State Administration of Press, ... (National Copyright Administration)": the name before the
        # bracket is the body, the bracket its second nameplate.
        return resolve(regex.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", surface), year)
    if not candidates:
        return None
    valid = [a for a in candidates if a.valid_in(year)]
    if valid:
        # In a reorganization year both bodies are valid; the newer name is the one in use.
        return max(valid, key=lambda a: a.valid_from or 0).agency_id
    if year is None:
        return candidates[0].agency_id
    return min(candidates, key=lambda a: min(abs(year - (a.valid_from or year)),
                                              abs(year - (a.valid_to or year)))).agency_id


def all_names() -> list[str]:
    """Every name and alias, longest first, for building matchers."""
    names = {n for a in agencies() for n in (a.name, *a.aliases)}
    return sorted(names, key=len, reverse=True)


@cache
def name_regex() -> regex.Pattern:
    """Matches any gazetteer name in running text (dash and apostrophe variants, any case)."""
    def pattern(name: str) -> str:
        out = regex.escape(name)
        out = out.replace(r"\-", "[-‐‑‒–—―]").replace("'", "['’]").replace(r"\ ", r"\s+")
        return out
    body = "|".join(pattern(n) for n in all_names())
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{N}}])", regex.I)


@cache
def head_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in rules("en").words("agency_heads", "head_noun"))


def looks_like_agency(name: str) -> bool:
    """A name with an organizational head noun outside any parenthesis ("... Administration")."""
    bare = regex.sub(r"\([^()]*\)", " ", name)
    words = {w.lower() for w in regex.findall(r"\p{L}+", bare)}
    return bool(words & head_nouns()) or resolve(name) is not None
