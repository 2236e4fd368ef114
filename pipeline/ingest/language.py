"""Language and script of a text, from script statistics; and the matching copy of a Chinese text.

``detect_language`` reads the script of the letters (a Chinese plan quotes English abbreviations, an
English translation quotes a Chinese document number: neither tips the balance): Han, kana and Hangul
together against Latin letters. A CJK text is ``"ja"`` when kana (which Chinese never writes) are a
meaningful share of it, ``"ko"`` when Hangul is, else ``"zh"``; a Latin text is the language of the Latin-script
profile (pipeline.rules.profiles) whose function words are the largest share of its words, ``"en"`` when it is
too short to tell, and ``"und"`` when it holds almost none of any profile's function words (a French or German
plan is not forced into English). Languages without a rule book end ``partial`` at extraction.

``matching_copy`` gives a copy of a Chinese text of exactly the same length in which
full-width forms are ASCII and traditional characters simplified, so rules written once in simplified
Chinese find their matches at the offsets of the text as printed.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import cast

import regex

from ..model import Language
from ..rules.profiles import detection_cues

HAN = regex.compile(r"\p{Han}")
HAN_RUN = regex.compile(r"\p{Han}+")
LATIN = regex.compile(r"[A-Za-z]")
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")  # not ・ or ー, which Chinese text prints too
HANGUL = regex.compile(r"\p{Hangul}")
KANA_RUN = regex.compile(r"[\p{Hiragana}\p{Katakana}]+")
HANGUL_RUN = regex.compile(r"\p{Hangul}+")
LATIN_WORD = regex.compile(r"[A-Za-z]+")
ZH_SHARE = 0.3  # Han characters among Han characters plus Latin letters
CJK_SHARE = 0.3  # Han, kana and Hangul among all letters: a CJK text
JA_KANA_SHARE = 0.2  # kana among Han plus kana: Japanese (Chinese prints a stray katakana name at most)
KO_HANGUL_SHARE = 0.3  # Hangul among the CJK letters: Korean (which may print some Han characters)
# A Latin text of this many words is in a Latin-script profile's language only if that profile's function words
# (pipeline.rules.profiles: English's are about a fifth of an English policy text, next to none of a French,
# German or Spanish one) are a share of them.
EN_MIN_WORDS = 40
EN_FUNCTION_SHARE = 0.04
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
    """``"zh"``, ``"ja"``, ``"ko"``, ``"en"`` or ``"und"`` (no letters, or a Latin text that is not English):
    the value for ``documents.language``."""
    sample = text[:SAMPLE]
    han, kana, hangul = (_count(p, sample) for p in (HAN_RUN, KANA_RUN, HANGUL_RUN))
    latin_words = LATIN_WORD.findall(sample)
    latin = sum(map(len, latin_words))
    cjk = han + kana + hangul
    if not cjk + latin:
        return "und"
    if cjk / (cjk + latin) >= CJK_SHARE:
        if hangul / cjk >= KO_HANGUL_SHARE:
            return "ko"
        if kana / (han + kana or 1) >= JA_KANA_SHARE:
            return "ja"
        if han / (han + latin) >= ZH_SHARE:
            return "zh"
    return cast(
        Language, _latin_language(latin_words)
    )  # a registered profile's code (the Literal lists the shipped ones)


def _count(run: regex.Pattern, text: str) -> int:
    """Characters of ``text`` in runs of ``run`` (one match a run, not one a character)."""
    return sum(map(len, run.findall(text)))


def _latin_language(latin_words: list[str]) -> str:
    """The Latin-script profile whose function words are the largest share of the words (at least
    ``EN_FUNCTION_SHARE``), the first Latin-script profile (English) when there are too few words to tell,
    else ``"und"``."""
    cues = detection_cues()
    words = Counter(map(str.lower, latin_words))  # each word looked up once, not once per use
    total = len(latin_words)
    if total < EN_MIN_WORDS:
        return next(iter(cues), "und")
    shares = {code: sum(n for w, n in words.items() if w in cue) / total for code, cue in cues.items()}
    best = max(shares, key=lambda code: shares[code], default="und")
    return best if shares.get(best, 0.0) >= EN_FUNCTION_SHARE else "und"


def is_wide(ch: str) -> bool:
    """A character of CJK typesetting: Han, CJK punctuation and full-width forms (no space around them)."""
    cp = ord(ch)
    return (
        0x3000 < cp <= 0x303F
        or 0x3400 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF01 <= cp <= 0xFF60
        or 0x20000 <= cp <= 0x2FFFF
    )


@cache
def _convert() -> Callable[[str, str], str]:
    """zhconv's ``convert``, imported with pkg_resources kept out: zhconv uses it only to open its dictionary
    file (and reads the file itself without it), and importing pkg_resources scans every installed distribution,
    0.12 s of the fork server's start."""
    missing = object()
    saved = sys.modules.get("pkg_resources", missing)
    if "zhconv" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # "import pkg_resources" fails
    try:
        from zhconv import convert
    finally:
        if saved is missing:
            sys.modules.pop("pkg_resources", None)
        else:
            sys.modules["pkg_resources"] = saved  # type: ignore[assignment]
    return convert


@cache
def _simplified(ch: str) -> str:
    """One character simplified (OpenCC-style character mapping through zhconv), or itself."""
    out = _convert()(ch, "zh-hans")
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
        out.extend(_matching_char(c) for c in text[pos : m.start()])
        out.append(_simplified_run(m.group()))
        pos = m.end()
    out.extend(_matching_char(c) for c in text[pos:])
    return "".join(out)


def simplified_copy(text: str) -> str:
    """``text`` with its Han characters simplified, one for one (same length, punctuation as printed): the Han part
    of :func:`matching_copy`."""
    return HAN_RUN.sub(lambda m: _simplified_run(m.group()), text)


def _simplified_run(run: str) -> str:
    if all(_simplified(c) == c for c in run):
        return run
    out = _convert()(run, "zh-hans")
    return out if len(out) == len(run) else "".join(_simplified(c) for c in run)


def is_traditional(text: str, threshold: float = 0.05) -> bool:
    """Whether a Chinese text is printed in traditional characters (many of its Han characters change
    when simplified)."""
    han = HAN.findall(text[:SAMPLE])
    if not han:
        return False
    changed = sum(_simplified(c) != c for c in han)
    return changed / len(han) >= threshold
