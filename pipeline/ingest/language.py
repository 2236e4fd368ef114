"""Language and script of a text, from script statistics; and the matching copy of a Chinese text.

``detect_language`` says ``"zh"`` when Han characters make up a good share of the letters (a Chinese
plan quotes English abbreviations, an English translation quotes a Chinese document number: neither
tips the balance). ``matching_copy`` gives a copy of a Chinese text of exactly the same length in which
full-width forms are ASCII and traditional characters simplified, so rules written once in simplified
Chinese find their matches at the offsets of the text as printed.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from ..model import Language

HAN = regex.compile(r"\p{Han}")
HAN_RUN = regex.compile(r"\p{Han}+")
LATIN = regex.compile(r"[A-Za-z]")
ZH_SHARE = 0.3  # Han characters among Han characters plus Latin letters
SAMPLE = 50_000
CORNER_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}  # traditional printing's quotation marks


def han_share(text: str) -> float:
    sample = text[:SAMPLE]
    if not HAN.search(sample):
        return 0.0
    han = len(HAN.findall(sample))
    latin = len(LATIN.findall(sample))
    return han / (han + latin) if han + latin else 0.0


def detect_language(text: str) -> Language:
    """``"zh"`` or ``"en"`` (``"und"`` for a text without letters): the value for ``documents.language``."""
    sample = text[:SAMPLE]
    if not HAN.search(sample) and not LATIN.search(sample):
        return "und"
    return "zh" if han_share(text) >= ZH_SHARE else "en"


def is_wide(ch: str) -> bool:
    """A character of CJK typesetting: Han, CJK punctuation and full-width forms (no space around them)."""
    cp = ord(ch)
    return (0x3000 < cp <= 0x303F or 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0xFF01 <= cp <= 0xFF60 or 0x20000 <= cp <= 0x2FFFF)


@cache
def _simplified(ch: str) -> str:
    """One character simplified (OpenCC-style character mapping through zhconv), or itself."""
    from zhconv import convert

    out = convert(ch, "zh-hans")
    return out if len(out) == 1 else ch


@cache
def _matching_char(ch: str) -> str:
    if "\uff01" <= ch <= "\uff5e":
        out = unicodedata.normalize("NFKC", ch)
        return out if len(out) == 1 else ch
    if ch == "\u3000":
        return " "
    if ch in CORNER_QUOTES:
        return CORNER_QUOTES[ch]
    if HAN.match(ch):
        return _simplified(ch)
    return ch


def matching_copy(text: str) -> str:
    """``text`` with full-width forms as ASCII and traditional characters simplified, character for
    character: ``len(matching_copy(t)) == len(t)``, so an offset into the copy is an offset into ``t``.

    Runs of Han characters are converted as phrases (so 著作權 gives 著作权, not 着作权) wherever the
    converter keeps the run's length, character by character elsewhere."""
    out = []
    pos = 0
    for m in HAN_RUN.finditer(text):
        out.extend(_matching_char(c) for c in text[pos:m.start()])
        out.append(_simplified_run(m.group()))
        pos = m.end()
    out.extend(_matching_char(c) for c in text[pos:])
    return "".join(out)


def _simplified_run(run: str) -> str:
    if all(_simplified(c) == c for c in run):
        return run
    from zhconv import convert

    out = convert(run, "zh-hans")
    return out if len(out) == len(run) else "".join(_simplified(c) for c in run)


def is_traditional(text: str, threshold: float = 0.05) -> bool:
    """Whether a Chinese text is printed in traditional characters (many of its Han characters change
    when simplified)."""
    han = HAN.findall(text[:SAMPLE])
    if not han:
        return False
    changed = sum(_simplified(c) != c for c in han)
    return changed / len(han) >= threshold
