"""Structural regexes shared by repair (which must not join a line that starts a heading or an item onto
the line before) and segment (which reads the structure).

The numbering shapes ("I.", "(一)", "1.", "(1)", "i.") are fixed here; everything built from words of the
rule book (labels, dates, responsibility wordings, omissions) comes compiled from :mod:`pipeline.rules`.
"""

from __future__ import annotations

import regex

from .model import Measure
from .rules import CHINESE_NUMERALS, ROMAN, ROMAN_LOWER, alternation, any_language
from .rules.profiles import script_book, structural

__all__ = ["alternation", "CHINESE_NUMERALS", "ROMAN", "ROMAN_LOWER"]

_R = structural()  # the book every document's structure is read with (pipeline.rules.profiles)
_CN = CHINESE_NUMERALS

# Heading numbered "I." / "IV、" / "一、" at the start of a paragraph.
ROMAN_HEADING = regex.compile(rf"^(?P<label>(?=[IVX]){ROMAN})\s*[.．、]\s*(?P<title>\S.*)$")
CHINESE_HEADING = regex.compile(rf"^(?P<label>[{_CN}]+)\s*[、.．]\s*(?P<title>\S.*)$")
# "(I)", "（一）", "(ii)".
PAREN_HEADING = regex.compile(
    rf"^[(（](?P<label>(?=[IVX]){ROMAN}|[{_CN}]+|(?=[ivx]){ROMAN_LOWER})[)）]\s*(?P<title>\S.*)$"
)
ARABIC_ITEM = regex.compile(r"^(?P<label>\d{1,3})\s*[.．、]\s*(?P<title>\S.*)$")
PAREN_ARABIC_ITEM = regex.compile(r"^[(（](?P<label>\d{1,3})[)）]\s*(?P<title>\S.*)$")
LOWER_ROMAN_ITEM = regex.compile(rf"^(?P<label>(?=[ivx]){ROMAN_LOWER})\s*[.)]\s*(?P<title>\S.*)$")
# Chapters and articles of measures and regulations: "第一章 总则", "第十二条 …", "Chapter II …", "Article 3 …"; a
# colon after the label ("Chapter I: General Provisions", "Article 1: In order to …") is neither label nor title.
_CN_ORDINAL = rf"[{_CN}百零〇]+"
_LABEL_COLON = r"(?:\s*[:：])?"
CHAPTER_HEADING = regex.compile(
    rf"^(?P<label>第(?P<num>{_CN_ORDINAL})章|Chapter\s+(?P<num>(?=[IVXLC]){ROMAN}|\d{{1,3}})\b\.?){_LABEL_COLON}"
    r"\s*(?P<title>\S.*)$"
)
ARTICLE_ITEM = regex.compile(
    rf"^(?P<label>第(?P<num>{_CN_ORDINAL})条|Article\s+(?P<num>\d{{1,3}})\b\.?){_LABEL_COLON}\s*(?P<title>\S.*)$"
)
_ARTICLE_LABEL = regex.compile(rf"^(?:第{_CN_ORDINAL}条|Article\s+\d{{1,3}}\b\.?){_LABEL_COLON}\s*")


def article_words(text: str) -> str:
    """An article's words after its printed label: ``measures.text`` of an article starts at it (第五条　…,
    "Article 5: …"); what reads an article's words (lineage, the length of a measure, a target's subject read
    back to the unit's start) reads them without it."""
    return text[article_label_length(text) :]


def article_label_length(text: str) -> int:
    """The length of the printed label (with its colon and spacing) opening an article's text; 0 if none."""
    m = _ARTICLE_LABEL.match(text)
    return m.end() if m else 0


def words_start(measure: Measure) -> int:
    """Where a measure's words start: its span's start, after the label for an article."""
    if measure.kind == "article" and measure.text:
        return measure.span.start + article_label_length(measure.text)
    return measure.span.start


# One-character numerals: "㈠" (read as "（一）") and circled "①".
PAREN_IDEOGRAPH_ITEM = regex.compile(r"^(?P<label>[㈠-㈩])\s*(?P<title>\S.*)$")
CIRCLED_ITEM = regex.compile(r"^(?P<label>[①-⑳])\s*(?P<title>\S.*)$")

GOAL_LABEL = _R.pattern("labels", "goal_label")
MEASURE_LABEL = _R.pattern("labels", "measure_label")
ADDRESSEE_LABEL = _R.pattern("labels", "addressee_label")
DATE_PREFIX = _R.pattern("labels", "date_prefix")
OMITTED_RANGE = _R.re("omitted_range")
OMITTED_SINGLE = _R.re("omitted_single")
STRUCTURE_START = _R.re("structure_start")
DATE = _R.re("date")
MONTHS = _R.table("dates", "month", "value")
PAGE_NUMBER_LINE = _R.re("page_number_line")
RESPONSIBILITY_CUE = _R.re("responsibility_cue")  # a wording anywhere in a parenthetical
RESPONSIBILITY_START = _R.re("responsibility_start")  # a parenthetical a wrap pushed onto a line of its own

# "G. ZH. F. X. Z. [2014] No. 24", "Guo Zhi Ban Fa (2016) No. 8", "国知战联办〔2014〕24号".
DOC_NUMBER = regex.compile(
    r"^(?:(?:Doc(?:ument)?\.?\s*)?No\.?\s*[:：]\s*|文号\s*[:：]\s*)?(?P<open>[(（])?"
    r"(?P<number>(?:[\p{L}.\s]{0,40}?)\s*[\[〔【(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕】)）]\s*"
    r"(?:(?:Document\s+)?No\.?\s*|第\s*)?\d{1,4}\s*[号號]?)(?(open)[)）])\s*$"
)
# A translation's number set serial first, its issuer after it, alone on its line: "No. 21 [2031] of the State
# Council", "Letter No. 6 [2031] from the General Office of the State Council", "(No. 9 [2031] of …)".
SERIAL_FIRST_EN = regex.compile(
    r"^\s*[(（]?(?P<number>(?:[A-Z][a-z]{2,12}\s+)?No\.\s*\d{1,4}\s*[\[〔(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕)）]"
    r"(?:\s+(?:of|from)\s+(?:the\s+)?(?P<body>[A-Z][\p{L}'’ ,&-]{2,100}?))?)\s*[)）]?\s*$"
)
# A quotation: its inner text names something (a title, a campaign); numbers inside are not quantities.
QUOTATION = regex.compile(r"[“\"](?P<inner>[^”\"\n]{1,300})[”\"]")

# --- segment: outline inference, front matter amid web clutter, Chinese plans -------------------------------

# "一 完善知识产权制度": a Chinese numeral, a space and no 、 (some Chinese copies); short lines only.
CHINESE_SPACE_HEADING = regex.compile(rf"^(?P<label>[{_CN}]{{1,3}})[ \u3000]+(?P<title>\p{{Han}}[^。；]{{0,60}})$")
# A year standing alone, also where it touches a Han character ("2025年"), never inside a longer number.
YEAR_IN_TEXT = regex.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])")
# "二〇二一年十二月二十七日"; Big5 has no 〇, so traditional copies print ○ (or ◯) for it.
_CN_DIGIT = "〇○◯零一二三四五六七八九"
DATE_CN_NUMERALS = regex.compile(
    rf"(?P<y>[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,2}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日"
)
CN_DIGITS = {c: (0 if c in "〇○◯零" else "一二三四五六七八九".index(c) + 1) for c in _CN_DIGIT}
# A document number anywhere on a short line ("苏政发〔2009〕1号 2009年1月5日"); a joint decree's long names too
# ("中国人民银行 中国银行保险监督管理委员会令〔2022〕第4号").
DOC_NUMBER_INLINE = regex.compile(
    r"(?P<number>[\p{L}.]{1,20}(?:\s(?:[\p{L}.]{1,12}|\p{Han}{13,20})){0,5}\s*"
    r"[\[〔【(（]\s*(?P<year>(?:19|20)\d\d)\s*[\]〕】)）]\s*"
    r"(?:(?:Document\s+)?No\.?\s*|第\s*)?\d{1,4}\s*[号號]?)"
)
# Words of the rule books of every language (a Chinese page may carry an English menu and the reverse).
RESPONSIBILITY_CUE_ZH = any_language("labels", "responsibility_cue")  # no word boundaries between Han characters
SEAL_LINE = any_language("labels", "seal_marker")
TITLE_WORD = any_language("labels", "title_word")
FURNITURE_START = any_language("labels", "furniture")
FURNITURE_WORD = any_language("labels", "furniture_word")
PUBLICATION_NOTE = any_language("labels", "publication_note")
# "信息公开选项：主动公开" under a ministry's text; a copy may run its 主送 line on after it.
DISCLOSURE_OPTION = any_language("labels", "disclosure_option")
TOC_LABEL = any_language("labels", "toc_label")
AGENCY_HEAD_ZH = script_book("han").pattern("agency_heads", "head_noun")
PREAMBLE_OPENER_ZH = any_language("labels", "preamble_opener")

# "the State Council": an article opening a title or a name is not part of it (titles.json ``leading_article``).
LEADING_ARTICLE = script_book("latin").pattern("titles", "leading_article")


def article_end(text: str) -> int:
    """Where the article opening ``text`` ends (0 when none): "the State Council" -> 4."""
    m = LEADING_ARTICLE.match(text)
    return m.end() if m else 0


def without_article(text: str) -> str:
    """``text`` without the article that opens it: "the State Council" -> "State Council"."""
    return text[article_end(text) :]
