"""Language profiles: one per language, written once here and read everywhere.

A :class:`Profile` says, for one language, where its rule book is, which script it is written in (the structural
patterns and the segment cues that look at a text's script ask for the book of that script), how a document in
it is recognised (:mod:`pipeline.ingest.language` reads ``function_words`` for Latin-script profiles), which
extractor reads it and which families that extractor isolates, and which functions read its numbers and dates
and normalise its titles. :data:`PROFILES` is the registry; :func:`profile` the look-up. No module outside
``pipeline.rules`` names a language's book: it asks :func:`profile` for the document's language, or for the
book of a script (:func:`script_book`), or for the shared :func:`structural` book.

The structural book: outline labels, numbering, dates, omitted-measure notes and repair words are read for
every document, before and regardless of its language (a Chinese page may carry an English menu, an English
translation a Chinese document number). They come from one book, :data:`STRUCTURAL_BOOK`, whose derived
patterns hold the Chinese branches too (pipeline.rules._derive).

Adding a language is adding a :class:`Profile` here (and its book folder): see CONTRIBUTING.md. A test may
add one for a while with :func:`registered`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import MATCHED_ON_COPY, RULES_DIR, Rules, compile_book, has_book

Script = Literal["latin", "han"]


@dataclass(frozen=True)
class Profile:
    """What the pipeline knows about one language, by reference (``"module:name"`` for code, a folder for the
    rule book), so that reading the registry loads nothing heavy."""

    code: str  # documents.language
    script: Script  # the letters it is written in (detection, and the book a script-keyed reader takes)
    book_dir: Path  # its rule book: one JSON file per concept
    extractor: str  # "module:function" turning a segmented Document into one with mentions
    families: tuple[str, ...]  # what the extractor finds, each in its own try (extract.<family> errors)
    number_reader: str  # "module:function" reading a number as the targets finder does
    date_reader: str  # "module:function" reading a date match into a datetime.date
    title_key: str  # "module:function": the form in which titles are compared (law_id, own title)
    # Latin-script detection: a long text is this language when these words are a share of its words.
    function_words: frozenset[str] = frozenset()
    # One rule book serves this language's traditional and simplified printings, read on the matching copy.
    reads_matching_copy: bool = False
    # The book whose structural patterns (outline labels, numbering, dates, omissions, repair words) read its
    # documents. They are compiled once at import for every document, so all profiles name the same one.
    structure: str = "en"

    @property
    def rules(self) -> Rules:
        """The compiled rule book (once per process)."""
        return compile_book(self.code, self.book_dir)

    @property
    def matched_on_copy(self) -> frozenset[str]:
        """The concepts of the book matched on the matching copy of a text (pipeline.ingest.language)."""
        return MATCHED_ON_COPY.get(self.code, frozenset())

    def load(self, name: Literal["extractor", "number_reader", "date_reader", "title_key"]) -> Callable[..., Any]:
        """One of the profile's functions, imported on first use."""
        module, _, attr = getattr(self, name).partition(":")
        return getattr(importlib.import_module(module), attr)


FAMILIES = ("agencies", "laws", "targets")

PROFILES: dict[str, Profile] = {
    "en": Profile(
        code="en",
        script="latin",
        book_dir=RULES_DIR / "en",
        extractor="pipeline.extract:extract_with_spacy",
        families=FAMILIES,
        number_reader="pipeline.extract.targets:read_number",
        date_reader="pipeline.segment.dates:to_date",
        title_key="pipeline.extract.law_ids:english_title_key",
        function_words=frozenset(
            {
                "the",
                "of",
                "and",
                "to",
                "for",
                "with",
                "by",
                "shall",
                "that",
                "this",
                "is",
                "are",
                "be",
                "will",
                "from",
                "which",
            }
        ),
    ),
    "zh": Profile(
        code="zh",
        script="han",
        book_dir=RULES_DIR / "zh",
        extractor="pipeline.extract.zh:extract_zh",
        families=FAMILIES,
        number_reader="builtins:float",
        date_reader="pipeline.segment.dates:to_date",
        title_key="pipeline.extract.law_ids:title_key",
        reads_matching_copy=True,
    ),
}


def _structural_book() -> str:
    """The one book the profiles read structure with (it holds the Chinese branches of the derived patterns)."""
    named = {p.structure for p in PROFILES.values()}
    if len(named) != 1:
        raise ValueError(
            f"the profiles read structure with several books ({', '.join(sorted(named))}); the "
            "structural patterns are compiled once for every document, so they must name one"
        )
    return named.pop()


STRUCTURAL_BOOK = _structural_book()


def profile(language: str) -> Profile:
    """The profile of ``language``; LookupError (naming the languages there are) when it has none."""
    found = PROFILES.get(language)
    if found is None or not found.book_dir.is_dir():
        raise LookupError(f"no rule book for language {language!r} (have: {', '.join(languages())})")
    return found


def languages() -> tuple[str, ...]:
    """The languages with a profile and a rule book, sorted."""
    return tuple(sorted(code for code, p in PROFILES.items() if has_book(p.book_dir)))


def structural() -> Rules:
    """The shared structural book (:data:`STRUCTURAL_BOOK`)."""
    return profile(STRUCTURAL_BOOK).rules


def script_book(script: Script) -> Rules:
    """The book of the first profile written in ``script``: for a reader that knows a text's script but not a
    document's language (the segment cues of a Chinese signature, the Chinese title finder, the English
    finders' word lists compiled at import)."""
    for p in PROFILES.values():
        if p.script == script:
            return p.rules
    raise LookupError(f"no profile written in the {script} script")


def by_script(script: Script) -> tuple[Profile, ...]:
    return tuple(p for p in PROFILES.values() if p.script == script)


@contextmanager
def registered(extra: Profile) -> Iterator[Profile]:
    """``extra`` in the registry for the duration of a ``with`` block (tests: a third language)."""
    if extra.code in PROFILES:
        raise ValueError(f"language {extra.code!r} has a profile already")
    PROFILES[extra.code] = extra
    try:
        yield extra
    finally:
        del PROFILES[extra.code]


def detection_cues() -> Mapping[str, frozenset[str]]:
    """Latin-script languages and their function words, in registry order (pipeline.ingest.language)."""
    return {p.code: p.function_words for p in by_script("latin")}
