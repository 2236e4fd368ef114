"""Structural regexes, built once at import from ``resources/structure.json``.

Shared by repair (which must not join a line that starts a heading or an item onto the line before) and
segment (which reads the structure).
"""

from __future__ import annotations

import regex

from .resources import load_json

_S = load_json("structure.json")
_CN = _S["chinese_numerals"]


def alternation(words) -> str:
    """A regex alternation of literal words, longest first (so the longest phrase wins)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
ROMAN_LOWER = r"(?:x{0,3}(?:ix|iv|v?i{0,3}))"

# Heading numbered "I." / "IV、" / "一、" / "第一部分" at the start of a paragraph.
ROMAN_HEADING = regex.compile(rf"^(?P<label>(?=[IVX]){ROMAN})\s*[.．、]\s*(?P<title>\S.*)$")
CHINESE_HEADING = regex.compile(rf"^(?P<label>[{_CN}]+)\s*[、.．]\s*(?P<title>\S.*)$")
# "(I)", "（一）", "(ii)".
PAREN_HEADING = regex.compile(
    rf"^[(（](?P<label>(?=[IVX]){ROMAN}|[{_CN}]+|(?=[ivx]){ROMAN_LOWER})[)）]\s*(?P<title>\S.*)$")
ARABIC_ITEM = regex.compile(r"^(?P<label>\d{1,3})\s*[.．、]\s*(?P<title>\S.*)$")
PAREN_ARABIC_ITEM = regex.compile(r"^[(（](?P<label>\d{1,3})[)）]\s*(?P<title>\S.*)$")
LOWER_ROMAN_ITEM = regex.compile(rf"^(?P<label>(?=[ivx]){ROMAN_LOWER})\s*[.)]\s*(?P<title>\S.*)$")

GOAL_LABEL = regex.compile(rf"^(?P<label>{alternation(_S['goal_labels'])})\s*[:：]\s*", regex.I)
MEASURE_LABEL = regex.compile(rf"^(?P<label>{alternation(_S['measure_labels'])})\s*[:：]\s*", regex.I)
ADDRESSEE_LABEL = regex.compile(rf"^(?P<label>{alternation(_S['addressee_labels'])})\s*[:：]\s*")

DASH = r"[-‐‑‒–—―~～至]|\bto\b"
OMITTED_RANGE = regex.compile(
    rf"^(?:(?:{alternation(_S['measure_words'])})\s*)?(?P<first>\d{{1,3}})\s*(?:{DASH})+\s*(?P<last>\d{{1,3}})"
    rf"\s*[.．:]?\s*[(（\[]?\s*(?:{alternation(_S['omitted_words'])})\s*[)）\]]?\s*\.?$")
OMITTED_SINGLE = regex.compile(
    rf"^(?:(?:{alternation(_S['measure_words'])})\s*)?(?P<first>\d{{1,3}})\s*[.．:]?\s*[(（\[]?\s*"
    rf"(?:{alternation(_S['omitted_words'])})\s*[)）\]]?\s*\.?$")

# Anything that starts a new paragraph when it begins a line.
STRUCTURE_START = regex.compile(
    rf"^(?:(?=[IVX]){ROMAN}\s*[.．、]\s+\S|[{_CN}]+\s*、|[(（](?:(?=[IVX]){ROMAN}|[{_CN}]+|\d{{1,3}})[)）]\s*[A-Z\p{{Han}}]"
    rf"|\d{{1,3}}\s*[.．、]\s*[A-Z\p{{Han}}]|(?=[ivx]){ROMAN_LOWER}\s*[.)]\s+[A-Za-z]"
    rf"|(?:{alternation(_S['goal_labels'] + _S['measure_labels'])})\s*[:：]"
    rf"|(?:{alternation(_S['addressee_labels'])})\s*[:：])")

MONTHS = {m.lower(): i + 1 for i, m in enumerate(_S["months"])}
MONTHS.update({m.lower(): i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])})
MONTHS["sept"] = 9
_MONTH = alternation(_S["months"] + _S["month_abbreviations"])
_ORD = r"(?:st|nd|rd|th)?"
DATE = regex.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>(?:19|20)\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d))"
    rf"|(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}}))"
    rf"|(?P<cn>(?P<y4>(?:19|20)\d\d)\s*年\s*(?P<m4>\d{{1,2}})\s*月\s*(?P<d4>\d{{1,2}})\s*日)",
    regex.I)

# "G. ZH. F. X. Z. [2014] No. 24", "Guo Zhi Ban Fa (2016) No. 8", "国知战联办〔2014〕24号".
DOC_NUMBER = regex.compile(
    r"^(?:(?:Doc(?:ument)?\.?\s*)?No\.?\s*[:：]\s*|文号\s*[:：]\s*)?"
    r"(?P<number>(?:[\p{L}.\s]{0,40}?)\s*[\[〔【(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕】)）]\s*"
    r"(?:No\.?\s*|第\s*)?\d{1,4}\s*号?)\s*$")

# Page numbers standing alone on a line: "3", "— 3 —", "Page 3 of 9", "3/9" (from repair.json).
PAGE_NUMBER_LINE = regex.compile("|".join(f"(?:{p})" for p in load_json("repair.json")["page_number_lines"]))

# Words that say who is responsible ("Responsible by", "Lead", ...), anywhere in a parenthetical.
RESPONSIBILITY_CUE = regex.compile(rf"\b(?:{alternation(_S['responsibility_cues'])})\b", regex.I)
# A quotation: its inner text names something (a title, a campaign); numbers inside are not quantities.
QUOTATION = regex.compile(r"[“\"](?P<inner>[^”\"\n]{1,300})[”\"]")
CHINESE_NUMERALS = _CN

# A responsibility parenthetical that a wrap or page break pushed onto a line of its own.
RESPONSIBILITY_START = regex.compile(
    r"^[(（]\s*(?:" + "|".join(regex.escape(c) for c in sorted(_S["responsibility_cues"], key=len, reverse=True))
    + r")\b", regex.I)
DATE_PREFIX = regex.compile(rf"^(?:{alternation(_S['date_prefixes'])})\s*[:：]?\s*", regex.I)
