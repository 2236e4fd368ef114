"""Which language a text is written in, from the script of its letters (enough to tell en from zh)."""

from __future__ import annotations

import regex

from ..model import Language

HAN = regex.compile(r"\p{Han}")
LATIN = regex.compile(r"[A-Za-z]+")


def detect_language(text: str, sample: int = 20_000) -> Language:
    """``zh`` when Han characters outnumber Latin words in the first ``sample`` characters (a Chinese plan
    quotes English names and a translation quotes Chinese titles, but never the other way round in bulk),
    ``en`` when Latin words dominate, ``und`` when there are no letters at all."""
    head = text[:sample]
    han = len(HAN.findall(head))
    words = len(LATIN.findall(head))
    if not han and not words:
        return "und"
    return "zh" if han > words else "en"
