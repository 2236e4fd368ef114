"""Law ids: the normalized form of an instrument's title and the stable id made from it, and the index of the
instruments the rule book lists (``rules/zh/laws.json``, by their Chinese and English titles), shared by the English
and Chinese extractors and the ``laws`` table (no spaCy here, so the Chinese path does not import it)."""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache

import regex

from ..ingest.language import matching_copy
from ..patterns import without_article
from ..rules.profiles import script_book

NORMALIZE_DROP = script_book("latin").pattern("titles", "normalize_drop")
DASHES = regex.compile(r"[‐‑‒–—―]")
APOSTROPHES = regex.compile(r"[’‘`]")
NOT_TITLE_CHARS = regex.compile(r"[^\p{L}\p{N}()'-]+")
SPACES = regex.compile(r"\s+")
NOT_SLUG = regex.compile(r"[^a-z0-9]+")


# The title forms below are pure functions of the title, and the same titles come back in every plan (each
# mention is looked up more than once): kept per process, a bounded number of them.
TITLE_CACHE = 16_384


@lru_cache(maxsize=TITLE_CACHE)
def normalize_title(title: str) -> str:
    """The form a law_id is made from: case, dashes, quotes, articles and "of the PRC" do not matter."""
    t = APOSTROPHES.sub("'", DASHES.sub("-", title.lower()))
    t = without_article(NORMALIZE_DROP.sub(" ", t).strip())
    return SPACES.sub(" ", NOT_TITLE_CHARS.sub(" ", t)).strip()


PRC = script_book("latin").pattern("titles", "state_name")  # "of the People's Republic of China"
ARTICLES = script_book("latin").pattern("titles", "article")  # the, a, an
PLURAL = regex.compile(r"\b(\w{2,}[^s\W])s\b")


@lru_cache(maxsize=TITLE_CACHE)
def english_title_key(title: str) -> str:
    """The form English titles are looked up in the rule book by: on top of :func:`normalize_title`, hyphens are
    spaces, "of the People's Republic of China" and articles go, and plurals are singular, so the renderings
    translations print ("Regulation for the Implementation of ...", "Layout Designs" / "Layout-Designs")
    find one entry."""
    t = APOSTROPHES.sub("'", DASHES.sub("-", title.lower())).replace("-", " ")
    t = ARTICLES.sub(" ", PRC.sub(" ", t))
    t = SPACES.sub(" ", NOT_TITLE_CHARS.sub(" ", t)).strip()
    return PLURAL.sub(r"\1", t)


def make_law_id(title: str) -> str:
    norm = normalize_title(title)
    slug = NOT_SLUG.sub("-", norm).strip("-")[:48].rstrip("-")
    return f"{slug}-{hashlib.sha256(norm.encode('utf-8')).hexdigest()[:6]}"


def law_identity(title: str, instrument_type: str | None = None) -> tuple[str, str, str | None]:
    """The law_id, canonical title and type of an instrument: one listed in the Chinese rule book
    (``rules/zh/laws.json``, which accepts English titles) gets the id, English title and type of its entry
    there, so "Patent Law of the People's Republic of China" and 《专利法》 are one instrument whichever plan is
    read first; any other keeps its own title and the type its head word gives."""
    entry = canonical_law(title)
    if entry is None:
        return make_law_id(title), title, instrument_type
    return make_law_id(entry["title_en"]), entry["title_en"], entry["type"]


OWN_TITLE_SHARE = 0.75  # a title inside the document's own (or the reverse) covering this share of the longer


def is_own_title(key: str, own: set[str]) -> bool:
    """An instrument title (as a key: ``normalize_title`` or the Chinese ``title_key``) that names the document
    itself, its plan or what its notice issues; also with words around it ("Notice on Issuing the …",
    the issuer's place printed twice)."""
    return any(
        key == k or (k in key or key in k) and min(len(k), len(key)) >= OWN_TITLE_SHARE * max(len(k), len(key))
        for k in own
        if k
    )


# --- the instrument index ------------------------------------------------------------------------------------
# The instruments the Chinese rule book lists, found by any of their Chinese or English titles: the same entry (id,
# English title, type) whichever language names it (moved here from extract/zh.py: both languages read it).

ZH = script_book("han")  # the book that lists instruments by both titles (pipeline.rules.profiles)
_LAWS = ZH.extras["laws"]  # the book's title words: the state's name, closing-bracket words
PRC_PREFIX = regex.compile(rf"^(?:{_LAWS['state_name']['pattern']})")
HAN = regex.compile(r"\p{Han}")
YEARS_SUFFIX = regex.compile(r"\s*\([^()]*\d{4}[^()]*\)\s*$")  # "(2021-2035)"
TITLE_SUFFIX = regex.compile(rf"\s*\((?:[^()]*\d{{4}}[^()]*|{_LAWS['title_suffixes']['pattern']})\)\s*$")


@lru_cache(maxsize=TITLE_CACHE)
def title_key(title: str) -> str:
    """The form titles are compared in: simplified, no 中华人民共和国, no trailing （试行）/（2021—2035年）."""
    t = matching_copy(title).strip().strip("《》")
    t = PRC_PREFIX.sub("", t)
    while TITLE_SUFFIX.search(t):
        t = TITLE_SUFFIX.sub("", t)
    return SPACES.sub("", t)


@cache
def _canonical_index() -> dict[str, dict]:
    index = {}
    for e in ZH.entries("laws"):
        for t in (e["name"], *e.get("aliases", [])):
            index[title_key(t)] = e
        for t in (e["title_en"], *e.get("aliases_en", [])):
            index[_english_key(t)] = e
    return index


@lru_cache(maxsize=TITLE_CACHE)
def _english_key(title: str) -> str:
    return "en:" + english_title_key(YEARS_SUFFIX.sub("", title))


def canonical_law(title: str) -> dict | None:
    """The rule-book entry of an instrument, from its Chinese or English title, or None."""
    if HAN.search(title):
        return _canonical_index().get(title_key(title))
    return _canonical_index().get(_english_key(title))
