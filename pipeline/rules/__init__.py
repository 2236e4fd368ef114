"""The rule books: what the pipeline knows about plans, as data, one book per language.

``pipeline/rules/<language>/<concept>.json`` holds one concept each (labels, responsibility wordings,
instrument heads, actions, targets, numbers, dates, titles, repair, agency heads):

    {"description": "...", "entries": [{"phrase": "Lead", "role": "lead", "position": "label",
                                        "examples": ["(Lead: MOST; Participating: MOF)"]}, ...]}

Every entry has ``examples`` and may have ``counter_examples``: contracts run through the pattern and finder the
stages run (each example is found as its entry and produces its output; no counter-example produces it:
tests/test_rule_contracts.py); ``schemas/<concept>.schema.json`` is each file's contract. An entry is either a literal
``phrase`` or a regex ``pattern``; its ``kind`` says which list of the concept it belongs to.

:func:`rules` loads and compiles a language's book once per process into a frozen :class:`Rules`; which folder is a
language's book is its profile's (:mod:`pipeline.rules.profiles`, the registry the stages read). This
module is the only place that builds regexes from rule data: each (concept, kind) has one template in
:data:`TEMPLATES`; the combined pattern the stages use and the single-entry pattern the tests check
examples with come from the same template, and derived patterns (the responsibility cue, label splitter
and trailer) come from the same list, so they cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex

RULES_DIR = Path(__file__).parent
SCHEMA_DIR = RULES_DIR / "schemas"
I = regex.I  # noqa: E741
WORD = r"(?<![\p{{L}}'’])(?:{alt})(?!\p{{L}})"  # a whole word or phrase

# (concept, kind) -> (template, flags). ``{alt}`` is the alternation of the kind's phrases (longest first);
# a regex entry stands in the alternation as it is. Kind None: the concept's entries have no kind.
TEMPLATES: dict[str, dict[str | None, tuple[str, int]]] = {
    "labels": {
        "goal_label": (r"^(?P<label>{alt})\s*[:：]\s*", I),
        "measure_label": (r"^(?P<label>{alt})\s*[:：]\s*", I),
        "addressee_label": (r"^(?P<label>{alt})\s*[:：]\s*", 0),
        "date_prefix": (r"^(?:{alt})\s*[:：]?\s*(?=\S)", I),
        "omitted_word": (r"(?:^|\d\s*[.．:]?\s*[(（\[]?\s*)(?:{alt})", 0),
        "measure_word": (r"^(?:{alt})\s*\d{{1,3}}", 0),
        "furniture": (r"^\s*(?:{alt})", I),
        "furniture_word": (r"(?<![A-Za-z])(?:{alt})(?![a-z])", 0),
        "publication_note": (r"^[(（]?\s*(?:{alt})", I),
        "disclosure_option": (r"^\s*(?:{alt})\s*[:：]\s*\p{{Han}}{{0,3}}?(?:公开|公開)\s*", 0),
        "toc_label": (r"^(?:{alt})\s*[:：]?\s*$", I),
        "title_word": (r"(?:{alt})", I),
        "abbreviation": (r"(?<!\p{{L}})(?:{alt})", 0),
        "seal_marker": (r"^[(（][^()（）]*(?:{alt})[)）]$", 0),
        "preamble_opener": (r"(?:{alt})", 0),
        "responsibility_cue": (r"(?:{alt})", 0),
    },
    "responsibility": {None: (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I)},
    "dates": {"month": (r"\b(?:{alt})\.?\s+\d", I)},
    "instruments": {None: (r"\b(?:{alt})\b", 0)},
    "actions": {None: (r"\b(?:{alt})\b", I)},
    "titles": {
        "connector": (WORD, 0),
        "complement": (WORD, 0),
        "time_follower": (WORD, 0),
        "normalize_drop": (WORD, I),
        "reference_word": (WORD, 0),
        "self_reference": (WORD, 0),
        "generic_title": (WORD, I),
        "leading_article": (r"^(?:{alt})\s+", I),
        # read on a lower-cased title (pipeline.extract.law_ids.english_title_key)
        "state_name": (r"\s*\b(?:{alt})\b", I),
        "article": (r"\b(?:{alt})\b", I),
        "suffix_parenthetical": (r"{alt}", 0),
        "internal_after_comma": (r"{alt}", 0),
        "suffix_phrase": (r"{alt}", 0),
    },
    "targets": {
        "comparator": (r"\b(?:{alt})\s+\d", I),
        "unit": (r"\d\s*(?:{alt})(?!\p{{L}})", I),
        "currency_prefix": (r"(?:{alt})\s*\d", 0),
        "not_before_number": (r"\b(?:{alt})\s*\d", 0),
        "counted_noun_stop": (WORD, I),
        "subject_starts_after": (WORD, I),
        "subject_trailing_words": (WORD, I),
        "plural_noun": (WORD, I),
        "count_subject": (WORD, I),
        "horizon_after": (r"\s+(?:{alt})\s+(?:19|20)\d\d\b", I),
    },
    "numbers": {"number": (r"\b(?:{alt})\b", I), "magnitude": (r"\d\s+(?:{alt})\b", I)},
    "repair": {
        "paragraph_cannot_end_with": (r"(?<!\p{{L}})(?:{alt})$", I),
        "hyphen_keep_suffix": (r"\p{{L}}-(?:{alt})(?!\p{{L}})", I),
        "hyphen_keep_prefix": (r"(?<!\p{{L}})(?:{alt})-\p{{L}}", I),
        "page_number_line": (r"{alt}", 0),
        "reading_gloss": (r"{alt}", 0),
    },
    "agency_heads": {
        "head_noun": (r"\b(?:{alt})\b", 0),
        "unknown_body_head": (r"\b(?:{alt})\b", 0),
        "functional_head": (r"\b(?:{alt})\b", 0),
        "left_boundary": (r"\b(?:{alt})$", 0),
        "vague_domain": (r"^(?:{alt})+$", 0),
        "level_prefix": (r"\b(?:{alt})", 0),
        "vague_end": (r"^(?:{alt})|(?:{alt})$", 0),
        "head_not_before": (r"\b(?:{alt})", 0),
        "list_head": (r"\b(?:{alt})$", 0),
        "distribution_label": (r"^(?:{alt})$", 0),
        "short_head": (r"(?:{alt})", 0),
        "short_not_before": (r"(?:{alt})", 0),
        "joined_domain": (r"(?:{alt})", 0),
        # before a numbered term of a body, these make it part of an event's name ("the 3rd Plenary
        # Session of the 18th CPC Central Committee"); an outlet is a news organisation, not a body
        "event_before": (r"(?<!\p{{L}})(?:{alt})\s+\d+(?:st|nd|rd|th)\s+$", I),
        "outlet": (r"\b(?:{alt})\b", 0),
        # the words of a function a department is named by ('public security', 'radio and television':
        # pipeline.extract.functional), in any case
        "sector": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        # people's governments named by their level ("… at all levels"): pipeline.extract.functional
        "government_head": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        "level_after": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
    },
    "collectives": {None: (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I)},
    # A numbering opening a paragraph (pipeline.quality.unread_numbering); each entry anchors itself (^).
    "numbering": {
        kind: (r"(?:{alt})", 0)
        for kind in ("chapter", "article", "circled", "paren_ideograph", "run_in", "annex", "annex_label", "point")
    },
    # Where a document prints its identity (pipeline.segment.identity). A metadata label is matched with any
    # white space between its characters (gov.cn prints "索  引  号："), bracketed (【发布部门】) or before a colon.
    "identity": {
        "metadata_label": (r"(?:^|(?<=[\s|]))(?:[【\[](?P<label>{alt})[】\]]\s*[:：]?|(?P<label>{alt})\s*[:：])\s*", I),
        "closing_formula": (r"^\s*(?:{alt})\s*[。.！!]?\s*$", I),
        "deadline_before": (r"(?<!\p{{L}})(?:{alt})\s*(?=\d|[〇○一二三四五六七八九]|[A-Z][a-z]+\.?\s+\d)", I),
        "deadline_after": (r"(?<=日)\s*(?:{alt})", 0),
        "issuing_verb": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        "publishing_verb": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        "headline_verb": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        "drafting_verb": (r"(?<!\p{{L}})(?:{alt})(?!\p{{L}})", I),
        "title_stop": (r"\s+(?:{alt})(?!\p{{L}})", I),
        "citing_phrase": (r"(?<!\p{{Latin}})(?:{alt})(?!\p{{Latin}})", I),  # Han words run on: 为贯彻…
        "cover_word": (r"^\s*(?:{alt})\s*[:：]", I),
        "cover_label": (r"^\s*(?:(?:{alt})\s*)+$", I),
        "signing_officer": (r"^\s*(?:{alt})\s*[:：]?\s*\p{{Han}}{{2,4}}\s*$", 0),
    },
}
# Kinds whose phrases match with any white space between their characters.
SPACED = frozenset({("identity", "metadata_label"), ("identity", "signing_officer"), ("labels", "addressee_label")})

# Where a language needs another template (no word boundaries between Han characters).
# Books that are matched on the matching copy of a text (pipeline.ingest.language.matching_copy: traditional
# characters simplified, full-width forms as ASCII) rather than on the text as printed; the others list
# traditional variants themselves.
MATCHED_ON_COPY = {
    "zh": frozenset({"responsibility", "targets", "actions", "instrument_types", "laws", "collectives", "title_words"})
}
# The zh book's regex entries (pipeline.extract.zh) stand as they are.
LANGUAGE_TEMPLATES: dict[str, dict[str, dict[str | None, tuple[str, int]]]] = {
    "zh": {
        "agency_heads": {
            "head_noun": (r"(?:{alt})(?:[(（][^()（）]*[)）])?$", 0),
            # a body named by its function (pipeline.extract.zh.functional_bodies)
            "functional_head": (r"(?:{alt})", 0),
            "left_boundary": (r"(?:{alt})$", 0),
            "vague_domain": (r"^(?:{alt})+$", 0),
            "level_prefix": (r"(?:{alt})", 0),
            "vague_end": (r"^(?:{alt})|(?:{alt})$", 0),
            "head_not_before": (r"(?:{alt})", 0),
            # a body standing alone in a list line (抄送：…, a table's 牵头单位 cell)
            "list_head": (r"(?:{alt})$", 0),
            "distribution_label": (r"^(?:{alt})$", 0),
            # a one-character level before a short head (市政府, 区委, 区财政)
            "short_head": (r"(?:{alt})", 0),
            "short_not_before": (r"(?:{alt})", 0),
            "joined_domain": (r"(?:{alt})", 0),
            # the label of an address line (通讯地址：…), and the self-governing committees ending a name
            "address_label": (r"(?:{alt})", 0),
            "self_governing": (r"(?:{alt})$", 0),
            # coordinated departments (民政、价格等部门: pipeline.extract.zh.coordinated_bodies): the sector
            # words of a department's name, the bodies that stand in such a list, the words ending it
            "sector": (r"(?:{alt})$", 0),
            "list_body": (r"(?:{alt})$", 0),
            "list_end": (r"(?:{alt})", 0),
            # a unit of the body named before it (…办公厅, …分支机构), a head naming a body alone (法院), and
            # the zones a place's name may end with before its body (…经济区管委会)
            "sub_unit": (r"(?:{alt})", 0),
            "bare_body": (r"(?:{alt})", 0),
            "zone": (r"(?:{alt})", 0),
            # the label of a contact line naming an office (联系科室：法规科)
            "contact_label": (r"(?:{alt})", 0),
        },
        "identity": {
            "deadline_before": (r"(?:{alt})\s*(?=\d|[〇○一二三四五六七八九])", 0),
            "issuing_verb": (r"(?:{alt})", 0),
        },
        **{
            concept: {None: (r"{alt}", 0)}
            for concept in ("responsibility", "targets", "actions", "instrument_types", "collectives", "title_words")
        },
        # A named law, printed in 《》 or bare, but not its implementing rules (专利法实施细则).
        "laws": {None: (r"(?:中华人民共和国)?(?:{alt})(?!实施细则|实施条例|实施办法)", 0)},
    },
}


def template(language: str, concept: str, kind: str | None) -> tuple[str, int]:
    return LANGUAGE_TEMPLATES.get(language, {}).get(concept, {}).get(kind) or TEMPLATES[concept][kind]


def schema_path(language: str, concept: str) -> Path:
    """A concept's schema: ``schemas/<language>/<concept>.schema.json`` where a language's book has a shape of
    its own, else the shared ``schemas/<concept>.schema.json``."""
    own = SCHEMA_DIR / language / f"{concept}.schema.json"
    return own if own.is_file() else SCHEMA_DIR / f"{concept}.schema.json"


ROLES = ("lead", "responsible", "participating", "individually_responsible")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so the longest phrase wins)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _alt(entries: Iterable[Mapping], spaced: bool = False) -> str:
    """The alternation of entries' phrases (longest first) and patterns; ``spaced``: any white space may
    stand between the Han characters of a phrase ("索  引  号")."""
    entries = list(entries)
    if spaced:
        phrases = sorted({e["phrase"] for e in entries if "phrase" in e}, key=lambda w: (-len(w), w))
        return "|".join(
            regex.sub(r"(?<=\p{Han})(?=\p{Han})", r"\\s*", regex.escape(w)).replace(r"\ ", r"\s+") for w in phrases
        )
    # A literal phrase, or an instrument's name and aliases (zh laws.json).
    literal = alternation(
        [e["phrase"] for e in entries if "phrase" in e]
        + [n for e in entries if "name" in e for n in (e["name"], *e.get("aliases", ()))]
    )
    patterns = [f"(?:{e['pattern']})" for e in entries if "pattern" in e]
    return "|".join(p for p in [literal, *patterns] if p)


def entry_pattern(language: str, concept: str, entry: Mapping) -> regex.Pattern:
    """The pattern of one entry alone, from its kind's template: what its examples must match."""
    pattern, flags = template(language, concept, entry.get("kind"))
    return regex.compile(pattern.format(alt=_alt([entry], (concept, entry.get("kind")) in SPACED)), flags)


@dataclass(frozen=True)
class Rules:
    """One language's compiled rule book. Use :meth:`words`, :meth:`table` and :meth:`pattern` for a
    concept's lists; the derived patterns the stages share are fields."""

    language: str
    books: Mapping[str, tuple[Mapping[str, Any], ...]]
    extras: Mapping[str, Mapping[str, Any]]  # a book's blocks beside its entries (zh: cue, units, ...)
    patterns: Mapping[tuple[str, str | None], regex.Pattern] = field(repr=False)
    derived: Mapping[str, regex.Pattern] = field(repr=False)  # see :func:`_derive`
    # (concept, list) -> each regex entry compiled alone, with its entry: for rules that ask which entry a
    # matched text comes from (zh: the comparator of 不少于, the part of 牵头).
    each_entry: Mapping[tuple[str, str], tuple[tuple[regex.Pattern, Mapping[str, Any]], ...]] = field(repr=False)
    role_of: Mapping[str, str] = field(repr=False)  # lower-case responsibility wording -> role

    def entries(self, concept: str, kind: str | None = None) -> tuple[Mapping[str, Any], ...]:
        return tuple(e for e in self.books.get(concept, ()) if kind is None or e.get("kind") == kind)

    def words(self, concept: str, kind: str | None = None) -> tuple[str, ...]:
        return tuple(e["phrase"] for e in self.entries(concept, kind) if "phrase" in e)

    def regexes(self, concept: str, kind: str) -> tuple[str, ...]:
        return tuple(e["pattern"] for e in self.entries(concept, kind) if "pattern" in e)

    def table(self, concept: str, kind: str | None, value: str) -> dict[str, Any]:
        """Lower-cased phrase -> the entry's ``value`` field (e.g. comparator, unit, role)."""
        return {e["phrase"].lower(): e[value] for e in self.entries(concept, kind) if "phrase" in e}

    def pattern(self, concept: str, kind: str | None = None) -> regex.Pattern:
        return self.patterns.get((concept, kind), NEVER)

    def re(self, name: str) -> regex.Pattern:
        """A derived pattern by name (``responsibility_cue``, ``omitted_range``, ``date``, ``target`` ...)."""
        return self.derived[name]

    def each(self, concept: str, block: str = "entries") -> tuple[tuple[regex.Pattern, Mapping[str, Any]], ...]:
        """The regex entries of a concept's entries (or of a list beside them, such as zh targets' ``units``),
        each compiled alone as written (with its kind's flags), in book order, with its entry."""
        return self.each_entry.get((concept, block), ())

    def value_of(self, concept: str, block: str, key: str, matched: str) -> Any:
        """``key`` of the first entry of the list whose pattern matches all of ``matched``, or None."""
        return next((e[key] for p, e in self.each(concept, block) if matched and p.fullmatch(matched)), None)


def _load_books(folder: Path) -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def languages() -> tuple[str, ...]:
    """Languages with a book folder here. The stages ask :func:`pipeline.rules.profiles.languages` (the registry,
    which may hold a book kept elsewhere)."""
    return _book_folders(RULES_DIR)


@cache
def _book_folders(folder: Path) -> tuple[str, ...]:
    # Read once per process, as the books themselves are (compile_book): the segmenters ask for every line.
    return tuple(sorted(p.name for p in folder.iterdir() if p != SCHEMA_DIR and has_book(p)))


@cache
def has_book(folder: Path) -> bool:
    """Whether ``folder`` is a folder holding rule files (``*.json``); looked at once per process and folder."""
    return folder.is_dir() and any(folder.glob("*.json"))


def rules(language: str = "en") -> Rules:
    """The compiled book in ``pipeline/rules/<language>/``; LookupError when there is none. Outside this package,
    ask the document's profile: ``profile(doc.metadata.language).rules`` (pipeline.rules.profiles)."""
    folder = RULES_DIR / language
    if not folder.is_dir():
        raise LookupError(f"no rule book for language {language!r} (have: {', '.join(languages())})")
    return compile_book(language, folder)


@cache
def compile_book(language: str, folder: Path) -> Rules:
    """The rule book in ``folder``, compiled with ``language``'s templates; built once per process."""
    files = _load_books(folder)
    books = {concept: tuple(data["entries"]) for concept, data in files.items()}
    extras = {
        concept: MappingProxyType({k: v for k, v in data.items() if k not in ("description", "entries")})
        for concept, data in files.items()
    }
    patterns = {}
    for concept, entries in books.items():
        for kind in {**TEMPLATES.get(concept, {}), **LANGUAGE_TEMPLATES.get(language, {}).get(concept, {})}:
            chosen = [e for e in entries if e.get("kind") == kind]
            if chosen:
                pattern, flags = template(language, concept, kind)
                patterns[(concept, kind)] = regex.compile(
                    pattern.format(alt=_alt(chosen, (concept, kind) in SPACED)), flags
                )
    resp = books.get("responsibility", ())
    each_entry = {
        (concept, block): tuple(
            (regex.compile(e["pattern"], _flags(language, concept, block, e)), e) for e in items if "pattern" in e
        )
        for concept, data in files.items()
        for block, items in data.items()
        if isinstance(items, list) and any(isinstance(e, dict) and "pattern" in e for e in items)
    }
    derived = {**_derive(books), **LANGUAGE_DERIVED.get(language, lambda b, x: {})(books, extras)}
    return Rules(
        language=language,
        books=MappingProxyType(books),
        extras=MappingProxyType(extras),
        patterns=MappingProxyType(patterns),
        derived=MappingProxyType(derived),
        each_entry=MappingProxyType(each_entry),
        role_of=MappingProxyType({e["phrase"].lower(): e["role"] for e in resp if "phrase" in e}),
    )


NEVER = regex.compile(r"(?!x)x")
CHINESE_NUMERALS = "一二三四五六七八九十"
ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
ROMAN_LOWER = r"(?:x{0,3}(?:ix|iv|v?i{0,3}))"
DASH = r"[-‐‑‒–—―~～至]|\bto\b"
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
# Thousands separated by commas or (thin, no-break) spaces: "1,000", "816 000"; decimals with a point.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+)(?:\.\d+)?"


def _derive(books: Mapping[str, tuple[dict, ...]]) -> dict[str, regex.Pattern]:
    """Patterns that combine several lists of a book with fixed shapes (numbering, numbers, brackets)."""

    def words(concept: str, kind: str | None = None, where: Mapping | None = None) -> str:
        chosen = [e for e in books.get(concept, ()) if kind is None or e.get("kind") == kind]
        chosen = [e for e in chosen if all(e.get(k) == v for k, v in (where or {}).items())]
        return _alt(chosen) or NEVER.pattern

    def lowered(concept: str, kind: str) -> str:
        """The kind's alternation for lower-cased text: phrases lower-cased, patterns made case-insensitive."""
        entries = [e for e in books.get(concept, ()) if e.get("kind") == kind]
        parts = [alternation(e["phrase"].lower() for e in entries if "phrase" in e)]
        parts += [f"(?i:{e['pattern']})" for e in entries if "pattern" in e]
        return "|".join(p for p in parts if p) or NEVER.pattern

    wordings, labels = words("responsibility"), words("responsibility", where={"position": "label"})
    trailers = words("responsibility", where={"position": "trailer"})
    measure_words, omitted = words("labels", "measure_word"), words("labels", "omitted_word")
    abbreviation = words("labels", "abbreviation")
    section_labels = f"{words('labels', 'goal_label')}|{words('labels', 'measure_label')}"
    month = words("dates", "month")
    # A number written out: number words joined by spaces or hyphens ("twenty-five thousand"), with "and"
    # after a word of a hundred or more ("one hundred and twenty"); read by pipeline.extract.targets.
    number_word = f"{words('numbers', 'number')}|{words('numbers', 'magnitude')}"
    big = _alt(e for e in books.get("numbers", ()) if e.get("value", 0) >= 100) or NEVER.pattern
    word_number = (
        rf"\b(?:{words('numbers', 'number')})(?:(?:[ \t]+|[ \t]*-[ \t]*|(?<=\b(?:{big}))[ \t]+and[ \t]+)"
        rf"(?:{number_word})\b)*(?!\p{{L}})"
    )
    cn = CHINESE_NUMERALS
    out = {
        "responsibility_cue": (rf"(?<!\p{{L}})(?:{wordings})(?!\p{{L}})", I),
        "responsibility_start": (rf"^[(（]\s*(?:{wordings})(?!\p{{L}})", I),
        # "Lead:" opening a list of units, at the start or after a separator.
        "responsibility_label": (rf"(?:^|(?<=[;；,，]\s*))(?P<label>{labels})(?:\s*[:：]\s*|\s+)", I),
        # "... are responsible" closing a list of units, before a separator or at the end.
        "responsibility_trailer": (rf"(?<=\S)\s*(?P<trailer>{trailers})\s*(?=[;；,，.。]|$)", I),
        "omitted_range": (
            rf"^(?:(?:{measure_words})\s*)?(?P<first>\d{{1,3}})\s*(?:{DASH})+\s*(?P<last>\d{{1,3}})"
            rf"\s*[.．:]?\s*[(（\[]?\s*(?:{omitted})\s*[)）\]]?\s*\.?$",
            0,
        ),
        "omitted_single": (
            rf"^(?:(?:{measure_words})\s*)?(?P<first>\d{{1,3}})\s*[.．:]?\s*[(（\[]?\s*"
            rf"(?:{omitted})\s*[)）\]]?\s*\.?$",
            0,
        ),
        # Anything that starts a new paragraph when it begins a line.
        "structure_start": (
            rf"^(?:(?=[IVX]){ROMAN}\s*[.．、]\s+\S|[{cn}]+\s*、|[(（](?:(?=[IVX]){ROMAN}|[{cn}]+|\d{{1,3}})[)）]"
            rf"\s*[A-Z\p{{Han}}]|\d{{1,3}}\s*[.．、]\s*[A-Z\p{{Han}}]|(?=[ivx]){ROMAN_LOWER}\s*[.)]\s+[A-Za-z]"
            rf"|第[{cn}百零〇]+[章条](?![、，,和及与或至到第的])|[㈠-㈩①-⑳]\s*\S"
            rf"|(?:{section_labels})\s*[:：]|(?:{words('labels', 'addressee_label')})\s*[:：])",
            0,
        ),
        # A marker inside a paragraph of text that lost its line breaks (pipeline.segment.paragraphs); never right
        # after an abbreviation's stop ("Art. I.", "No.1.", "U.S.") nor a roman numeral ending a word in capitals
        # ("AI. Promote"). (Each branch whose look-behind comes first is led by a look-ahead at its first
        # character, which the branch's first item requires anyway: the look-behind is then tried only where the
        # branch can match, a third of this pattern's scan of every paragraph.)
        "inline_marker": (
            rf"(?<!(?<!\p{{L}})(?:{abbreviation})[ \t]{{0,3}})(?:"
            rf"(?P<label>(?:{section_labels})\s*[:：])"
            r"|(?=[IVX])(?<![\dIVX\p{Lu}])(?P<roman>[IVX]{1,6})\s*[.．、]\s*(?=[A-Z])"
            rf"|(?P<rfirst>\d{{1,3}})\s*(?:[-—–~至])\s*(?P<range>\d{{1,3}})\s*[.．:]?\s*(?=[(（\[]?\s*(?:{omitted}))"
            r"|(?=[ivx])(?<![\d])(?P<lroman>(?:i{1,3}|iv|vi{0,3}|ix|x))\s*[.．]\s*(?=[A-Z])"
            rf"|[(（](?P<paren>[IVX]{{1,6}}|[ivx]{{1,4}}|[{cn}]{{1,3}}|\d{{1,3}})[)）]\s*(?=[A-Z\p{{Han}}《“])"
            rf"|(?=[{cn}])(?<![{cn}\p{{Han}}\d])(?P<cn>[{cn}]{{1,3}})\s*、\s*(?=\p{{Han}}|[《“])"
            r"|(?=\d)(?<=(?:19|20)\d\d)(?P<ynum>\d{1,2})\s*[.．]\s*(?=[A-Z])"
            r"|(?=\d)(?<![\d,])(?<!\d\.)(?P<num>\d{1,3})\s*[.．、]\s*(?=[A-Z\p{Han}《“\"])"
            # Chinese plans: a measure number before a year ("…负责）2.2026年底前完成…") and a heading numeral
            # with a space instead of 、 after a closing bracket or full stop ("…负责）三 促进…").
            r"|(?=\d)(?<![\d,.])(?P<num>\d{1,3})\s*[.．](?=(?:19|20)\d\d\s*年)"
            rf"|(?=[{cn}])(?:(?<=[。；）)]\s*)|^)(?P<cn>[{cn}]{{1,3}})[ \u3000]+(?=\p{{Han}}))",
            0,
        ),
        "date": (
            rf"(?P<mdy>(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}}){ORDINAL_SUFFIX},?\s+(?P<y1>(?:19|20)\d\d))"
            rf"|(?P<dmy>(?P<d2>\d{{1,2}}){ORDINAL_SUFFIX}\s+(?:of\s+)?(?P<m2>{month})\.?,?\s+(?P<y2>(?:19|20)\d\d))"
            rf"|(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}}))"
            rf"|(?P<cn>(?P<y4>(?:19|20)\d\d)\s*年\s*(?P<m4>\d{{1,2}})\s*月\s*(?P<d4>\d{{1,2}})\s*日)",
            I,
        ),
        "page_number_line": (words("repair", "page_number_line"), 0),
        # A comparator, a currency word between it and the number ("exceeds RMB 350 billion"), a number in
        # digits or in words, a range, a magnitude and a unit.
        "target": (
            rf"(?:(?P<cmp>\b(?:{words('targets', 'comparator')}))\s+"
            rf"(?:(?:{words('targets', 'currency_prefix')})\s*(?=\d))?)?"
            rf"(?P<lo>(?:{NUMBER}|{word_number}))"
            rf"(?:\s*(?:[-–—~]|\bto\b)\s*(?P<hi>(?:{NUMBER}|{word_number})))?"
            rf"(?:\s+(?P<mag>{words('numbers', 'magnitude')})\b)?"
            rf"(?P<unit>\s*%|\s+(?:{words('targets', 'unit')})\b)?",
            I,
        ),
        # Where a target can start (a comparator, a number word, a digit), found on the lower-cased text without
        # the cost of case-insensitive matching: ``target`` is tried only there (pipeline.extract.targets).
        "target_start": (rf"(?=\b(?:{lowered('targets', 'comparator')}|{lowered('numbers', 'number')})\b|\d)", 0),
        "currency_before": (rf"(?:{words('targets', 'currency_prefix')})\s*$", 0),
        "not_before_number": (rf"(?:\b(?:{words('targets', 'not_before_number')})|[\[〔(（#])\s*$", 0),
        "subject_boundary": (rf"(?:[,;:]\s+|\b(?:{words('targets', 'subject_starts_after')})\s+)", I),
        "subject_trail": (rf"\s+(?:{words('targets', 'subject_trailing_words')})\s*$", I),
    }
    return {name: regex.compile(pattern, flags) for name, (pattern, flags) in out.items()}


def _flags(language: str, concept: str, block: str, entry: Mapping) -> int:
    """An entry's flags when compiled alone: those of its kind's template (English: mostly any case)."""
    templates = {**TEMPLATES.get(concept, {}), **LANGUAGE_TEMPLATES.get(language, {}).get(concept, {})}
    kind = entry.get("kind")
    return templates[kind][1] if block == "entries" and kind in templates else 0


def _derive_zh(books: Mapping[str, tuple[dict, ...]], extras: Mapping[str, Mapping]) -> dict[str, regex.Pattern]:
    """The zh book's combined patterns (pipeline.extract.zh), matched on the matching copy of a text."""

    def alt(concept: str, block: str = "entries") -> str:
        items = books.get(concept, ()) if block == "entries" else extras.get(concept, {}).get(block, ())
        return "|".join(f"(?:{e['pattern']})" for e in items) or NEVER.pattern

    def block(concept: str, name: str) -> str:
        return extras.get(concept, {}).get(name, {}).get("pattern", NEVER.pattern)

    targets = extras.get("targets", {})
    parameters = targets.get("parameters", {})
    # Floors and caps (the entries whose comparator is not =): they may stand before a verb (至少培育1家).
    bounds = (
        "|".join(f"(?:{e['pattern']})" for e in books.get("targets", ()) if e["comparator"] != "=") or NEVER.pattern
    )
    numerals = alternation(targets.get("numerals", {}).get("values", {})) or NEVER.pattern
    gap = targets.get("bound_gap", {}).get("max_chars", 0) or 1
    magnitudes = alternation(targets.get("magnitudes", {})) or NEVER.pattern
    stops = alternation(targets.get("counted_noun_stops", ())) or NEVER.pattern
    bare_laws = alternation(e["name"] for e in books.get("laws", ()) if e.get("bare")) or NEVER.pattern
    # An action's pattern is a list of verbs: all of them, longest first, so 研究制定 is not read as 制定.
    verbs = alternation(v for e in books.get("actions", ()) for v in e["pattern"].split("|")) or NEVER.pattern
    return {
        name: regex.compile(pattern)
        for name, pattern in {
            # A law named without 《》, but not its implementing rules (专利法实施细则).
            "bare_law": rf"(?:{block('laws', 'state_name')})?(?:{bare_laws})(?!实施细则|实施条例|实施办法)",
            "action_verb": verbs,
            "responsibility_cue": block("responsibility", "cue"),
            "responsibility_lead_before": block("responsibility", "lead_before"),
            "responsibility_trailing_group": block("responsibility", "trailing_group"),
            "responsibility_collective": block("responsibility", "collectives"),
            "target": (
                # (the comparator may stand before what the number is a share of: 不超过交易金额的0.35%; a floor or
                # a cap before a short verb: 至少培育1家, 最多申报5人; a one-numeral number only after one: 至少一次)
                rf"(?:(?P<cmp>{bounds})\s*\p{{Han}}{{1,{gap}}}?(?=\d|{numerals})"
                rf"|(?P<cmp>{alt('targets')})\s*(?:\p{{Han}}{{1,10}}?的\s*)?)?"
                rf"(?<![\d.A-Za-z]|{block('targets', 'not_after')})"
                rf"(?P<lo>\d+(?:\.\d+)?|(?<=(?P=cmp)\p{{Han}}{{0,4}})(?<![一二两三四五六七八九十百千万])(?:{numerals}))"
                rf"(?:\s*[-—–~～至到]\s*(?P<hi>\d+(?:\.\d+)?))?"
                rf"(?P<mag>{magnitudes})?(?P<unit>{alt('targets', 'units')})"
                rf"(?!{block('targets', 'not_before_unit')})(?P<suffix>{alt('targets', 'suffix_comparators')})?"
            ),
            # A rule's parameters (pipeline.extract.zh.find_targets): a time limit's context, a fine's clause.
            "target_duration_after": rf"(?:{parameters.get('duration_after', {}).get('pattern', NEVER.pattern)})",
            "target_duration_before": rf"(?:{parameters.get('duration_before', {}).get('pattern', NEVER.pattern)})",
            "target_penalty": rf"(?:{parameters.get('penalty', {}).get('pattern', NEVER.pattern)})",
            "target_per_capita": rf"(?:{parameters.get('per_capita', {}).get('pattern', NEVER.pattern)})",
            "target_qualifier": rf"(?:{parameters.get('qualifier', {}).get('pattern', NEVER.pattern)})",
            "target_condition": rf"(?:{parameters.get('condition', {}).get('pattern', NEVER.pattern)})",
            # The noun a bare count counts (3个示范区): up to the first stop word or non-letter.
            "counted_noun": rf"[\p{{Han}}A-Za-z]{{1,16}}?(?={stops}|[^\p{{Han}}A-Za-z]|$)",
        }.items()
    }


LANGUAGE_DERIVED = {"zh": _derive_zh}


@cache
def any_language(concept: str, kind: str) -> regex.Pattern:
    """One kind's pattern over the entries of every language's book: for structure read before (or
    regardless of) the language, such as web furniture around a Chinese page with an English menu."""
    entries = [e for lang in languages() for e in rules(lang).entries(concept, kind)]
    pattern, flags = TEMPLATES[concept][kind]
    return regex.compile(pattern.format(alt=_alt(entries, (concept, kind) in SPACED) or NEVER.pattern), flags)
