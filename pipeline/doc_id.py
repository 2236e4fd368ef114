"""Readable document ids that stay the same across runs and machines.

A numbered circular is ``{year}-{letters}-{serial}``: ``G. ZH. F. X. Z. [2014] No. 24`` is ``2014-gzhfxz-24``.
The letters are the pinyin initials of the number's prefix, lower-cased: a printed initial (one letter, or
letters without a vowel: ``G``, ``ZH``) is kept as it is; a romanized syllable (``Guo``, ``Zhi``) and a Chinese
character (国, 知, read from pypinyin's dictionary) give their initial consonant (``g``, ``zh``; ``ch``/``sh``/``zh``
count as one), or their first letter when they have none (安 ``an`` gives ``a``). So ``国知发协字〔2014〕24号``,
``Guo Zhi Fa Xie Zi [2014] No. 24`` and ``G. ZH. F. X. Z. [2014] No. 24`` are all ``2014-gzhfxz-24``.

A plan without a document number is ``{year}-{slug}-{hash}``: up to four words of its plan title (or title)
without small words and numbers, and the first six hex digits of the SHA-256 of its repaired text, e.g.
``2020-promotion-plan-deepening-implementation-3f9a1c``; ``undated`` stands for a missing year.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import unicodedata
from functools import cache
from pathlib import Path

import regex

# The parts of a document number as DOC_NUMBER (patterns.py) captures it.
_NUMBER = regex.compile(
    r"^(?P<prefix>.*?)\s*[\[〔【(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕】)）]\s*(?:No\.?\s*|第\s*)?(?P<serial>\d{1,4})\s*[号號]?$",
    regex.I,
)
HAN = regex.compile(r"\p{Han}")
_TOKEN = regex.compile(r"\p{Han}|[A-Za-z]+")
_SMALL_WORDS = frozenset("a an and at by for from in of on the to with".split())
MAX_LETTERS = 16
SLUG_WORDS = 4


def make_doc_id(year: int | None, doc_number: str | None, title: str | None, text: str) -> str:
    """``2014-gzhfxz-24`` from a year and document number; a title slug and a text hash without a number."""
    parts = _NUMBER.match(doc_number.strip()) if doc_number else None
    if parts:
        letters = "".join(_initial(t) for t in _tokens(parts["prefix"]))[:MAX_LETTERS]
        serial = str(int(parts["serial"]))
        return "-".join(p for p in (parts["year"], letters, serial) if p)
    words = [w for w in _tokens(title or "") if w not in _SMALL_WORDS][:SLUG_WORDS]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    return "-".join([str(year or "undated"), *(words or ["plan"]), digest])


def _tokens(text: str) -> list[str]:
    """Latin words as printed (lower-cased) and each Chinese character as its pinyin syllable."""
    return [_pinyin(token) if HAN.match(token) else token.lower() for token in _TOKEN.findall(text)]


def _pinyin(character: str) -> str:
    """The character's first reading in pypinyin's dictionary of single characters, without tones (ü as v), as
    ``lazy_pinyin(character, style=Style.NORMAL)`` gives it; the character itself when it has none."""
    reading = _readings().get(ord(character))
    if reading is None:
        return character
    reading = unicodedata.normalize("NFD", reading.split(",")[0]).replace("u\u0308", "v")
    return "".join(c for c in reading if not unicodedata.combining(c))


@cache
def _readings() -> dict[int, str]:
    """pypinyin's readings of single characters, read from its data file (13 ms) without importing the package,
    which loads its dictionary of phrases too (0.3 s, a tenth of adding one plan to an output)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypinyin is not installed")
    path = Path(spec.submodule_search_locations[0], "pinyin_dict.json")
    return {int(code): reading for code, reading in json.loads(path.read_text(encoding="utf-8")).items()}


def _initial(token: str) -> str:
    if len(token) == 1 or not regex.search(r"[aeiouv]", token):
        return token  # a printed initial: "g", "zh"
    return token[:2] if token[:2] in ("zh", "ch", "sh") else token[0]
