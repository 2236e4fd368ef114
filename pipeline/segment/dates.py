"""Dates as printed in plans: ``March 18, 2031``, ``18 March 2031``, ``2031-03-18``, ``2031年3月18日`` and
``二〇三一年三月十八日``."""

from __future__ import annotations

from datetime import date

import regex

from ..patterns import CN_DIGITS, DATE, DATE_CN_NUMERALS, DATE_PREFIX, MONTHS
from .paragraphs import numeral_value

BRACKETED_LINE = regex.compile(r"[(（](?P<inner>[^()（）]+)[)）]")


def standalone_date(text: str) -> date | None:
    """The date a line consists of (after an optional "Date:"; or in brackets, "(March 29, 1998)"), or None."""
    bare = DATE_PREFIX.sub("", text.strip()).rstrip(".")
    inner = BRACKETED_LINE.fullmatch(bare)
    if inner:
        bare = inner.group("inner").strip().rstrip(".")
    m = DATE.fullmatch(bare)
    if m:
        return to_date(m)
    m = DATE_CN_NUMERALS.fullmatch(bare)
    return cn_numeral_date(m) if m else None


def to_date(m: regex.Match) -> date | None:
    g = m.groupdict()
    try:
        if g["mdy"]:
            return date(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
        if g["dmy"]:
            return date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
        if g["iso"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        return date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return None


def cn_numeral_date(m: regex.Match) -> date | None:
    year = int("".join(str(CN_DIGITS[c]) for c in m.group("y")))
    try:
        return date(year, numeral_value(m.group("m")), numeral_value(m.group("d")))
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full date anywhere in a line, with its offsets."""
    for pattern, convert in ((DATE, to_date), (DATE_CN_NUMERALS, cn_numeral_date)):
        m = pattern.search(text)
        if m and (d := convert(m)):
            return d, m.start(), m.end()
    return None
