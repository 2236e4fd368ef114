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
    r"(?:No\.?\s*|第\s*)?\d{1,4}\s*[号號]?)\s*$")

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

# --- segment: outline inference, front matter amid web clutter, Chinese plans -------------------------------

# "一 完善知识产权制度": a Chinese numeral, a space and no 、 (some Chinese copies); short lines only.
CHINESE_SPACE_HEADING = regex.compile(rf"^(?P<label>[{_CN}]{{1,3}})[ \u3000]+(?P<title>\p{{Han}}[^。；]{{0,60}})$")
# A year standing alone, also where it touches a Han character ("2025年"), never inside a longer number.
YEAR_IN_TEXT = regex.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])")
# "二〇二一年十二月二十七日".
_CN_DIGIT = "〇零一二三四五六七八九"
DATE_CN_NUMERALS = regex.compile(
    rf"(?P<y>[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,2}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日")
CN_DIGITS = {c: (0 if c in "〇零" else "一二三四五六七八九".index(c) + 1) for c in _CN_DIGIT}
# A document number anywhere on a short line ("苏政发〔2009〕1号 2009年1月5日").
DOC_NUMBER_INLINE = regex.compile(
    r"(?P<number>[\p{L}.]{1,20}(?:\s[\p{L}.]{1,12}){0,5}\s*[\[〔【(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕】)）]\s*"
    r"(?:No\.?\s*|第\s*)?\d{1,4}\s*[号號]?)")
# Chinese responsibility wording ("负责", "牵头"): no word boundaries between Han characters.
RESPONSIBILITY_CUE_ZH = regex.compile(alternation(_S["responsibility_cues_zh"]))
SEAL_LINE = regex.compile(rf"^[(（][^()（）]*(?:{alternation(_S['seal_markers'])})[)）]$")
TITLE_WORD = regex.compile(rf"(?:{alternation(_S['title_words'])})", regex.I)
FURNITURE_START = regex.compile(rf"^\s*(?:{alternation(_S['furniture_prefixes'])})", regex.I)
FURNITURE_WORD = regex.compile(rf"(?<![A-Za-z])(?:{alternation(_S['furniture_phrases'])})(?![a-z])")
PUBLICATION_NOTE = regex.compile(rf"^[(（]?\s*(?:{alternation(_S['publication_notes'])})", regex.I)
TOC_LABEL = regex.compile(rf"^(?:{alternation(_S['toc_labels'])})\s*[:：]?\s*$", regex.I)
AGENCY_HEAD_ZH = regex.compile(rf"(?:{alternation(_S['agency_heads_zh'])})(?:[(（][^()（）]*[)）])?$")
PREAMBLE_OPENER_ZH = regex.compile(alternation(_S["preamble_openers_zh"]))
