"""Identity: who issued a document, when, under which number and title, read from every place real
documents print it, each field kept with where it came from.

Candidates come from
- ``metadata_table``: a web page's or legal database's label/value block (gov.cn: 索引号, 发文机关, 成文日期,
  标题, 发文字号, 发布日期; law firms: "Issuing Authority", "Promulgation Date"), read as fields and never as
  body text, title or addressees;
- ``signature``: issuer lines (and a seal note) above a date standing alone, in the front matter of a notice or
  at the end of a document's text;
- ``title``: the issuer a notice's title names (国务院办公厅关于…的通知, "Notice of the General Office of …");
- ``running_text``: "X issued … on DATE", "issued by X on DATE", a date closing an issuing sentence.

Every cue (labels and the field each fills, closing formulas, deadline words, issuing verbs, cover-page
words) is in the language's rule book, ``rules/<language>/identity.json``. A date that a deadline word
stands next to (请于2030年11月30日前报送, "by March 31, 2030") is never an issue date; a site's publication
date is ``publication_date``, never the issue date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from typing import Literal

import regex

from ..gazetteer import head_nouns, looks_like_agency, split_agency_list
from ..gazetteer import resolve as resolve_agency
from ..ingest.language import matching_copy
from ..model import Metadata, Span
from ..patterns import (
    AGENCY_HEAD_ZH,
    DATE,
    DATE_CN_NUMERALS,
    DOC_NUMBER,
    DOC_NUMBER_INLINE,
    FURNITURE_START,
    FURNITURE_WORD,
    MONTHS,
    PUBLICATION_NOTE,
    SEAL_LINE,
    SERIAL_FIRST_EN,
    TITLE_WORD,
    YEAR_IN_TEXT,
    article_end,
)
from ..rules import any_language, languages, rules
from ..rules.profiles import script_book
from .dates import find_date, standalone_date, to_date
from .paragraphs import _Para

FieldSource = Literal[
    "metadata_table",
    "signature",
    "promulgation_line",
    "heading",
    "number_line",
    "title",
    "date_line",
    "front_matter",
    "running_text",
    "headline",
]
FIELD_MAX = {"title": 300, "doc_number": 60, "issuer": 120}
TABLE_MIN_LABELS = 2  # a metadata table has at least this many labelled lines close together
TABLE_WINDOW = 14  # ... within this many paragraphs
LIST_BULLETS = " \t\u3000•·▪◦●"  # a page's table set as a bulleted list: "• 发文字号：" / "镇政发〔2031〕7号"
METADATA_LABEL = any_language("identity", "metadata_label")
CLOSING_FORMULA = any_language("identity", "closing_formula")
COVER_WORD = any_language("identity", "cover_word")
DEADLINE_AFTER = any_language("identity", "deadline_after")
BREADCRUMB = regex.compile(r"(?:^|\s)(?:>|»|›|＞)\s*\S|\S\s*(?:>|»|›|＞)(?:\s|$)")
CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")
HAN = regex.compile(r"\p{Han}")
FURNITURE_MAX = 160


@lru_cache(maxsize=2048)  # a paragraph is asked about by the front matter, the signatures and the identity
def is_furniture(text: str) -> bool:
    """Web page furniture: breadcrumbs, share bars, "Updated:" lines, copyright notes, blog intros."""
    t = text.strip()
    if FURNITURE_START.match(t) or (len(t) < FURNITURE_MAX and (FURNITURE_WORD.search(t) or BREADCRUMB.search(t))):
        return True
    return bool(PUBLICATION_NOTE.match(t))


COVER_LABEL = script_book("latin").pattern("identity", "cover_label")
COVER_SPAN = 40  # a cover page's labels stand among the text's first paragraphs


def cover_paragraphs(paras: list[_Para]) -> set[int]:
    """A translator's cover page: the paragraphs from the text's start to the value of its last label ("Title" /
    "Author" / "Source" / "Translation Date Translator Editor" on lines of their own, or "Translated by: …"),
    when a translation's label is among them and no document number stands before the last one. Empty when the
    text has none."""
    labels = [
        i
        for i, p in enumerate(paras[:COVER_SPAN])
        if len(p.text) < 120 and (COVER_LABEL.match(p.text) or COVER_WORD.match(p.text))
    ]
    if not any(regex.search(r"(?i)translat", paras[i].text) for i in labels):
        return set()
    last = labels[-1]
    if any(DOC_NUMBER.match(p.text) for p in paras[:last]):
        return set()
    bare = COVER_LABEL.match(paras[last].text) or not regex.search(r"[:：]\s*\S", paras[last].text)
    return set(range(0, min(len(paras), last + (2 if bare else 1))))


def agency_like(name: str) -> bool:
    """An English name with an organizational head noun, or a Chinese one ending in 部, 局, 委 ..."""
    name = name.strip()
    if CJK.search(name):
        return len(name) < 60 and not regex.search(r"[，。,：:]", name) and bool(AGENCY_HEAD_ZH.search(name))
    return looks_like_agency(name)


def title_year(title: str) -> int | None:
    """The year a title names: the last one outside brackets ("(2021–2035)" is a span, not the plan's year)."""
    ranges = r"(?:19|20)\d\d\s*年?\s*[-–—~～至到]\s*(?:19|20)\d\d"  # 2021—2035年: a plan's span, not a year
    bare = regex.sub(ranges, " ", regex.sub(r"[(（][^()（）]*[)）]", " ", title))
    years = YEAR_IN_TEXT.findall(bare) or YEAR_IN_TEXT.findall(regex.sub(ranges, " ", title))
    return int(years[-1]) if years else None


SPACE = regex.compile(r"\s+")
# A note after a signature's date: （此件公开发布）, （联系人：…，联系电话：…）.
TRAILING_NOTE = regex.compile(r"[(（](?P<inner>[^()（）]{2,60})[)）]\s*$")


@dataclass(frozen=True)
class Candidate:
    """One value of one identity field, where it was printed and what printed it."""

    field: str  # title, doc_number, issuer, issue_date, publication_date, effective_date
    value: str | date
    span: Span
    source: FieldSource


@cache
def label_fields() -> dict[str, str]:
    """A metadata label without white space, lower-cased -> the field its value fills (every language)."""
    return {
        SPACE.sub("", e["phrase"]).lower(): e["field"]
        for lang in languages()
        for e in rules(lang).entries("identity", "metadata_label")
    }


def field_of_label(label: str) -> str:
    return label_fields().get(SPACE.sub("", label).lower(), "other")


DOTTED_DATE = regex.compile(r"(?<!\d)((?:19|20)\d\d)[./](\d{1,2})[./](\d{1,2})(?!\d)")


def parse_date(text: str) -> tuple[date, int, int] | None:
    """The first date of a value (``2019年01月27日``, ``2019-01-27``, "March 26, 2030", ``2019.01.27``), with
    its offsets: :func:`dates.find_date`, and the dotted form metadata tables also print."""
    found = find_date(text)
    if found:
        return found
    m = DOTTED_DATE.search(text)
    try:
        return (date(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()) if m else None
    except ValueError:
        return None


def metadata_table(paras: list[_Para]) -> tuple[list[Candidate], set[int]]:
    """The fields of a metadata block and the paragraphs it occupies (to be kept out of the front matter).

    A labelled line is ``LABEL：VALUE`` (several on one line, as a table row flattened), or ``LABEL：`` with its
    value in the next paragraph (a table cell each). Labels count as a table only where at least
    :data:`TABLE_MIN_LABELS` of them stand within :data:`TABLE_WINDOW` paragraphs (one line may hold them), so
    a form's lone ``名称：`` in an annex is not one."""
    labels = {
        i: len(METADATA_LABEL.findall(p.text))
        for i, p in enumerate(paras)
        if len(p.text) < 400 and METADATA_LABEL.match(p.text.lstrip(LIST_BULLETS))
    }
    labelled = list(labels)
    table = [i for i in labelled if sum(n for j, n in labels.items() if abs(j - i) <= TABLE_WINDOW) >= TABLE_MIN_LABELS]
    out: list[Candidate] = []
    used: set[int] = set()
    for i in table:
        if i in used:
            continue
        p = paras[i]
        used.add(i)
        matches = list(METADATA_LABEL.finditer(p.text))
        for k, m in enumerate(matches):
            end = matches[k + 1].start() if k + 1 < len(matches) else len(p.text)
            start, stop = _strip(p.text, m.end(), end)
            base = p.start
            if start == stop and k + 1 == len(matches) and i + 1 < len(paras) and i + 1 not in labelled:
                q = paras[i + 1]  # the value in the next cell
                start, stop, base = 0, len(q.text), q.start
                value_text = q.text
                used.add(i + 1)
                more = _title_continued(paras, i + 1, labelled) if field_of_label(m.group("label")) == "title" else None
                if more is not None:  # 标题： / 中国人民银行 国家外汇管理局 / 关于…的通知: the cell held two lines
                    value_text = q.full_text[q.start : paras[more].end]
                    stop = len(value_text)
                    used.add(more)
            else:
                value_text = p.text[start:stop]
            if not value_text:
                continue
            cand = _candidate(field_of_label(m.group("label")), value_text, base + start)
            if cand:
                out.append(cand)
    return out, used


# A note in brackets of when and how a rule was adopted or issued: "（2006年8月27日…会议通过）",
# "(2023年3月16日中国人民银行令〔2023〕第2号公布 自2023年3月16日起施行)"; one piece, never cut at its dates or numbers.
PROMULGATION_BRACKET = regex.compile(
    r"[（(][^（）()]{0,200}?(?:19|20)\d\d\s*年[^（）()]{0,200}?(?:通过|公布|发布|颁布|施行|修正|修订)[^（）()]{0,60}[）)]"
)


RULE_NAME = regex.compile(r"\p{Han}{4,}(?:[（(]\p{Han}{1,4}[）)])?")  # 中华人民共和国中国人民银行法（修正）


def without_adoption_note(value: str) -> str:
    """A rule's name (Han characters, a short bracket: （修正）) without the adoption note closing it."""
    note = PROMULGATION_BRACKET.search(value)
    name = value[: note.start()].rstrip() if note else ""
    if note and note.end() == len(value.rstrip()) and RULE_NAME.fullmatch(name):
        return value[: note.start()].rstrip()
    return value


def _title_continued(paras: list[_Para], i: int, labelled: list[int]) -> int | None:
    """The paragraph that goes on a title value standing in paragraph ``i`` when the value is only its issuers'
    names and the next line opens with 关于 (a joint notice's title set on two lines in one table cell)."""
    j = i + 1
    if j >= len(paras) or j in labelled or not ABOUT.match(paras[j].text.lstrip()):
        return None
    return j if agency_like(paras[i].text) and TITLE_WORD.search(paras[j].text) else None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u3000\u00a0|":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\u00a0|":
        end -= 1
    return start, end


def _candidate(field: str, value: str, start: int, source: FieldSource = "metadata_table") -> Candidate | None:
    if field in ("issue_date", "publication_date", "effective_date"):
        found = parse_date(value)
        if not found:
            return None
        d, s, e = found
        return Candidate(field, d, Span(start + s, start + e), source)
    if field in FIELD_MAX and len(value) <= FIELD_MAX[field]:
        return Candidate(field, value, Span(start, start + len(value)), source)
    return None


def is_deadline(text: str, start: int, end: int) -> bool:
    """A date that a deadline or range word stands next to: 于2030年11月30日前, 截至2030年底, "by March 31,
    2030", "from …": never an issue date."""
    # Read in the matching copy (simplified, full-width forms as ASCII, same length): 從…起 is 从…起.
    before = matching_copy(text[max(0, start - 24) : start])
    for lang in ("zh", "en"):
        for m in rules(lang).pattern("identity", "deadline_before").finditer(before + text[start:end]):
            if m.end() == len(before) or (m.end() < len(before) and before[m.end() :].isspace()):
                return True  # "从 2015 年 10 月 24 日起": a PDF copy's space between the word and the date
    if regex.search(r"[于在到经經]\s*$", before):  # 于2030年11月30日, 经2018年11月23日…会议: a date the text sets
        return True
    return bool(DEADLINE_AFTER.match(matching_copy(text[end - 1 : end + DEADLINE_AFTER_SPAN]), 1))  # after 日


DEADLINE_AFTER_SPAN = 40  # what DEADLINE_AFTER reads after a date (前, 以前, 起, "or earlier")


def title_issuer(title: str, title_start: int) -> Candidate | None:
    """The issuer a notice's title names: 国务院办公厅关于…的通知, "Notice of the General Office of the State
    Council on …", "Notice from the Office of … on …", "Opinions of the State Council Regarding …"."""
    m = regex.match(r"^\s*(?P<issuer>[^《》“”，。：]{2,60}?)\s*关于", title)
    if not m:
        m = regex.match(
            r"^\s*(?:[\w\s]{0,40}?\b(?:Notice|Circular|Opinions?|Decision|Reply|Letter|Announcement|"
            r"Measures|Provisions|Plan)\s+(?:of|from)\s+)(?P<issuer>(?:the\s+)?[A-Z][^,;:.]{2,120}?)\s+"
            r"(?:on|regarding|concerning|about|for)\s",
            title,
            regex.I,
        )
    if not m:  # a translation's word order: "State Council Opinions on …", "MIIT and NDRC Notice on Issuing …"
        m = regex.match(
            r"^\s*(?P<issuer>[A-Z][^,;:.]{1,120}?)\s+(?:Guiding\s+)?(?:Notice|Circular|Opinions?|"
            r"Decision|Reply|Announcement)\s+(?:on|regarding|concerning)\s",
            title,
        )
    if not m:
        return None
    issuer = m.group("issuer").strip()
    parts = [x for x in regex.split(r"[\s、,，]+(?:and\s+)?", issuer) if x]
    if not (agency_like(issuer) or (len(parts) > 1 and all(agency_like(x) for x in parts))):
        return None
    s = title_start + m.start("issuer")
    return Candidate("issuer", issuer, Span(s, s + len(issuer)), "title")


def _en_running_patterns(kind: str = "issuing_verb") -> tuple[regex.Pattern, ...]:
    """English issuing sentences: "X issued … on DATE", "issued by X on DATE", "On DATE, X issued …", and
    the same without a date (the issuer only: "The plan, released by the State Council General Office");
    ``kind`` names the verbs (issuing verbs, or a publisher's)."""
    verbs = script_book("latin").pattern("identity", kind).pattern
    day = DATE.pattern
    # A name: no issuing verb inside it ("X published the plan issued by Y" names no X as issuer), and not
    # opening with "On DATE," (the third shape).
    # A bracketed acronym may stand inside the name ("the General Office of the Chinese Communist Party (CCP) Central
    # Committee") or close it.
    acronym = r"(?-i:\([A-Z]{2,10}\))"
    name = (
        rf"(?P<issuer>(?!On\s|Recently\b|Today\b)(?:the\s+)?[A-Z]"
        rf"(?:(?!\b(?:{verbs}|published)\b)(?!,\s*(?-i:\p{{Ll}}))(?:{acronym}|[^.;:()\n\"“])){{2,150}}?)"
        rf"(?:\s*{acronym})?"
    )
    # A sentence's start, or the subject after an opening phrase: "A few days ago, …, the Office … issued".
    lead = r"(?:^|(?<=[.;]\s)|(?<=\bRecently,?\s)|(?<=\brecently,?\s)|(?<=,\s)(?=the\s))"
    adverbs = r"(?:(?:has|have|recently|jointly|officially|today)\s+|on\s+[A-Z][a-z]+\.?\s+\d{1,2}\s+)*"
    return tuple(
        regex.compile(p, regex.I)
        for p in (
            rf"(?:{verbs})\s+by\s+{name}\s+on\s+(?:\p{{L}}+,?\s+)?(?P<date>{day})",
            rf"{lead}{name}\s+{adverbs}(?:{verbs})\b[^.\n]{{0,300}}?\bon\s+(?:\p{{L}}+,?\s+)?(?P<date>{day})",
            rf"(?:^|(?<=[.;]\s))On\s+(?P<date>{day}),?\s+{name}\s+{adverbs}(?:{verbs})\b",
            rf"(?:{verbs})\s+by\s+{name}(?=\s*[,.;]|\s+(?:highlighted|sets?|calls?)\b)",
            rf"{lead}{name}\s+{adverbs}(?:{verbs})\s+(?:(?:the|an?)\s+)?[\"“]?[A-Z0-9]",
        )
    )


# "28 members of the X Joint Conference … co-developed the plan", "member agencies of X … are pleased to present
# this Action Plan": the body the members belong to drew the plan up (the verbs: identity.json drafting_verb).
MEMBERS_OF = regex.compile(
    r"(?:^|(?<=[.;,]\s))(?:\d+\s+|the\s+)?(?:members?|member\s+(?:agencies|units|bodies|organizations))\s+of\s+"
    # the name runs to its first comma or lowercase word other than of/for/on/and/the/in (a verb)
    r"(?:the\s+)?(?P<issuer>[A-Z][^.;,()\n]{4,150}?)(?=\s*[,(]|\s+(?!(?:of|for|on|and|the|in)\b)\p{Ll})"
    rf"[^.;]{{0,200}}?{script_book('latin').pattern('identity', 'drafting_verb').pattern}",
)


def members_of(paras: list[_Para]) -> list[Candidate]:
    """The body whose members drew up the plan (:data:`MEMBERS_OF`), a ``running_text`` issuer."""
    out: list[Candidate] = []
    for p in paras[:12]:
        if len(p.text) > 3000 or len(HAN.findall(p.text)) * 3 > len(p.text):
            continue
        for m in MEMBERS_OF.finditer(p.text):
            name = m.group("issuer").strip()
            if _names_body(name):
                s = p.start + m.start("issuer")
                out.append(Candidate("issuer", name, Span(s, s + len(name)), "running_text"))
    return out


ISSUING_VERB_EN = script_book("latin").pattern("identity", "issuing_verb")
PUBLISHING_VERB_EN = script_book("latin").pattern("identity", "publishing_verb")
RUNNING = _en_running_patterns()
PUBLISHING = _en_running_patterns("publishing_verb")


def _names_body(name: str) -> bool:
    """An English name that is a body's: the gazetteer knows it, or it ends in an organizational head noun
    before any "on …" ("… Joint Conference on …", "… Administration"), or opens with one ("Office of …");
    "Constructing the Public Service System … of the People" is not one."""
    core = regex.split(r"\s+(?:on|for|regarding)\s+", regex.sub(r"[(（][^()（）]*[)）]", " ", name))[0]
    core = regex.sub(r"^\s*the\s+", "", core, flags=regex.I)  # "the general office of …": the name follows
    words = [w.lower() for w in regex.findall(r"[\p{L}’'-]+", core)]
    # "… Joint Conference", or a head that its complement follows: "Office of Inter-ministerial Joint Meeting …".
    return resolve_agency(name) is not None or bool(
        words and (words[-1] in head_nouns() or set(words[:2]) & head_nouns())
    )


def running_text(paras: list[_Para]) -> list[Candidate]:
    """Issuer and date from English issuing sentences (see :func:`_en_running_patterns`) in the first
    paragraphs, and a date that closes a front-matter paragraph after a comma (the signature of a copy that
    lost its line breaks: "…Powerhouse, 12 April 2029")."""
    out: list[Candidate] = []
    for p in paras[:12]:
        if len(p.text) > 3000 or COVER_WORD.match(p.text):
            continue
        if len(HAN.findall(p.text)) * 3 > len(p.text):  # a Chinese sentence (an English one may quote 《…》)
            out.extend(_zh_running(p))
            continue
        # Every shape needs an issuing verb: the patterns (slow on long paragraphs) run only where one is.
        issued = _issuing_sentences(p, RUNNING) if ISSUING_VERB_EN.search(p.text) else []
        out.extend(issued)
        # A publisher ("CNIPA published the plan authored by the Office") is the issuer only where no issuing
        # sentence names one; otherwise its date is the day the plan was published.
        published = _issuing_sentences(p, PUBLISHING) if PUBLISHING_VERB_EN.search(p.text) else []
        if any(c.field == "issuer" for c in issued):
            published = [replace(c, field="publication_date") for c in published if c.field == "issue_date"]
        out.extend(published)
        tail = regex.search(rf"[,，]\s*(?P<date>{DATE.pattern})\s*[.。]?\s*$", p.text, regex.I)
        if tail and not is_deadline(p.text, tail.start("date"), tail.end("date")):
            d = to_date(DATE.fullmatch(tail.group("date")))
            if d:
                out.append(
                    Candidate(
                        "issue_date", d, Span(p.start + tail.start("date"), p.start + tail.end("date")), "running_text"
                    )
                )
    return out


CITING = script_book("latin").pattern("identity", "citing_phrase")


def _cites(text: str, at: int) -> bool:
    """The words from the sentence's start to ``at`` refer to another document ("To implement the Outline …
    issued by X"): X issued that document, not this one."""
    start = max((m.end() for m in regex.finditer(r"[.;。；]\s", text[:at])), default=0)
    return bool(CITING.search(text, start, at))


def _issuing_sentences(p: _Para, patterns: tuple[regex.Pattern, ...]) -> list[Candidate]:
    """Issuer (a body's name) and date of each issuing sentence of one paragraph that ``patterns`` read."""
    out: list[Candidate] = []
    for pattern in patterns:
        for m in pattern.finditer(p.text):
            issuer = m.group("issuer").strip()
            if regex.match(r"(?i:\S+\s+by\s)", m.group()) and _cites(p.text, m.start()):
                continue
            parts = [x for x in regex.split(r",\s*|\s+and\s+(?:the\s+)?", issuer) if x]
            listed = [x for x in regex.split(r",\s*(?:and\s+)?", issuer) if x]  # "A few days ago, …, the Office"
            if len(listed) > 1 and not all(map(_names_body, listed)):
                continue
            if len(issuer) < 150 and (_names_body(issuer) or (len(parts) > 1 and all(map(_names_body, parts)))):
                s = p.start + m.start("issuer")
                out.append(Candidate("issuer", issuer, Span(s, s + len(issuer)), "running_text"))
                d = to_date(DATE.fullmatch(m.group("date"))) if "date" in m.groupdict() and m.group("date") else None
                if d:
                    out.append(
                        Candidate(
                            "issue_date", d, Span(p.start + m.start("date"), p.start + m.end("date")), "running_text"
                        )
                    )
    return out


# --------------------------------------------------------------------------- titles named in running text

TITLE_STOP = script_book("latin").pattern("identity", "title_stop")
YEAR_RANGE_END = regex.compile(r"[(（]\s*(?:19|20)\d\d\s*[-–—~～至]\s*(?:19|20)\d\d\s*年?\s*[)）]")
# What ends a title printed without quotes: a clause's punctuation, a quotation, a bracket that is not a
# range of years (the original's title: "(2025年…)", "(hereafter …)"), a date ("… on June 5, 2031").
TITLE_END_MARK = regex.compile(
    rf"[,;:]|\.(?:\s|$)|[\"“”\n]|\s*[(（](?!\s*(?:19|20)\d\d\s*[-–—~～至])"
    rf"|\s+on\s+(?:{DATE.pattern})",
    regex.I,
)
ORIGINAL_TITLE = regex.compile(r"\s*[(（]\s*《(?P<t>[^《》]{4,120})》")
SMALL_WORDS = frozenset({"with", "from", "into", "under", "over", "upon", "about", "through", "during", "towards"})


def _title_cased(title: str) -> bool:
    """A name rather than a description: most of its words longer than three letters are capitalized
    ("Promotion Plan for the Implementation of the National … Strategy and acceleration of building …"), not
    "the 2031 work plan"."""
    words = [w for w in regex.findall(r"\p{L}[\p{L}'’-]*", title) if len(w) > 3 and w.lower() not in SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _title_at(p: _Para, start: int) -> Candidate | None:
    """The document's name printed at ``start`` of a paragraph (after an issuing verb, or as the subject of
    "… was issued"): in quotation marks to the closing one, else to the first mark in :data:`TITLE_END_MARK`,
    a :data:`TITLE_STOP` word, or right after a range of years; a title word in it, and title-cased. A
    description ("the 2031 work plan") gives way to the original's title in 《》 printed after it."""
    text = p.text
    if text[start : start + 1] in '"“':
        close = regex.compile(r"[\"”]").search(text, start + 1)
        end = close.start() if close else -1
        start += 1
    else:
        ends = [m.start() for m in (TITLE_END_MARK.search(text, start), TITLE_STOP.search(text, start)) if m]
        years = YEAR_RANGE_END.search(text, start)
        end = min([*ends, *([years.end()] if years else []), len(text)])
    title = text[start:end].rstrip() if end > start else ""
    if not 8 <= len(title) <= 200 or not TITLE_WORD.search(title):
        return None
    if not _title_cased(title):
        original = ORIGINAL_TITLE.match(text, end)
        if not original:
            return None
        start, title = original.start("t"), original.group("t")
    return Candidate("title", title, Span(p.start + start, p.start + start + len(title)), "running_text")


def running_titles(paras: list[_Para]) -> list[Candidate]:
    """The document an English issuing sentence names ("… issued the “Guidelines for … (2021-2035)”",
    "the Promotion Plan for … in 2016 was issued", "… launched the Action Plan for … for the period …")."""
    verbs = rf"(?i:{ISSUING_VERB_EN.pattern}|{PUBLISHING_VERB_EN.pattern})"
    after_verb = regex.compile(rf"{verbs}\s+(?:the\s+)?(?=[\"“A-Z0-9])")
    subject = regex.compile(
        rf"(?:^|(?<=[.;]\s)|(?<=,\s))(?:[Tt]he\s+)?(?=[A-Z0-9])(?P<t>[^.;:,\"“”\n]{{8,200}}?)\s+"
        rf"(?:was|were|has\s+been|had\s+been|is)\s+(?:\p{{L}}+ly\s+)?{verbs}"
    )
    out: list[Candidate] = []
    for p in paras[:12]:
        if len(p.text) > 3000 or COVER_WORD.match(p.text):
            continue
        if len(HAN.findall(p.text)) * 3 > len(p.text):
            out.extend(_zh_running_titles(p))
            continue
        starts = [m.end() for m in after_verb.finditer(p.text)] + [m.start("t") for m in subject.finditer(p.text)]
        out.extend(c for c in (_title_at(p, s) for s in sorted(starts)) if c)
    return out


@dataclass(frozen=True)
class Signature:
    """Issuer lines above a date standing alone; ``lines`` and ``date_index`` index the paragraphs (empty and
    -1 for a signature set on one line with its date)."""

    lines: tuple[int, ...]
    date_index: int
    day: date
    issuer_span: Span
    date_span: Span
    glued: bool = False  # names run into the date (…委员会2017年2月13日): their boundaries are lost


ZH_VERB = r"(?:印发|印發|发布|發布|公布|出台|出臺)"
# "联席会议办公室印发《…》", "该计划由联席会议办公室正式发布", "中共中央、国务院印发了《…》", "X3月21日在京发布了《…》".
# A name starts where the Han run starts ("为贯彻落实中共中央、国务院印发的《…》" names no issuer "贯彻落实…").
ZH_ISSUING = regex.compile(
    rf"(?:由(?P<by>[\p{{Han}}、（）]{{2,40}}?)(?:正式|联合|近日|日前)?{ZH_VERB})"
    rf"|(?:(?<![\p{{Han}}、（）])(?:近日|日前|近期|今天|今日)?)"
    rf"(?P<issuer>(?!为|為|根据|根據|按照|依据|依據)(?:(?![由经将对该])[\p{{Han}}、（）]){{2,40}}?)"
    rf"(?:\d{{1,2}}月\d{{1,2}}日)?(?:在[\p{{Han}}]{{1,6}}?)?(?:近日|日前|正式|联合|已|于近日)?{ZH_VERB}[了的]?"
    rf"(?:《|[^，。；]{{0,30}}?(?:意见|通知|方案|规划|纲要|计划|計劃|規劃|綱要))"
)
# The document an issuing sentence names: "…发布了《T》", "《T》正式印发", "该计划…名为《T》".
ZH_TITLE_ISSUED = regex.compile(
    rf"(?:{ZH_VERB}[了的]?|名为|名為)《(?P<t>[^《》]{{4,120}})》|《(?P<u>[^《》]{{4,120}})》(?:正式|已)?{ZH_VERB}"
    # a decree's promulgation sentence: "《…办法》已经2025年4月2日…会议审议通过，现予发布", "《…法》已由…通过，现予公布"
    rf"|^\s*《(?P<p>[^《》]{{4,120}})》已(?:经|由|于|於)[^。；]{{0,120}}?通过[^。；]{{0,40}}?现予(?:以)?{ZH_VERB}"
)
# A month and day without a year in an issuing sentence: "3月21日在京发布", "on March 26th".
ZH_MONTH_DAY = regex.compile(rf"(?<![年\d])(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日(?=[^，。；]{{0,60}}?{ZH_VERB})")
CITING_ZH = script_book("han").pattern("identity", "citing_phrase")


def _zh_cites(text: str, at: int) -> bool:
    """The clause before ``at`` refers to another document ("为贯彻落实…印发的《纲要》")."""
    start = max((m.end() for m in regex.finditer(r"[。；！？]", text[:at])), default=0)
    return bool(CITING_ZH.search(text, start, at))


def _zh_running(p: _Para) -> list[Candidate]:
    """The issuer a Chinese sentence names: "X印发《…》", "由X发布"; and a month and day printed before its
    verb (a year-less ``issue_date`` candidate, see :func:`yearless_dates`)."""
    for m in ZH_ISSUING.finditer(p.text):
        group = "by" if m.group("by") else "issuer"
        name = m.group(group)
        parts = [x for x in name.split("、") if x]
        if _zh_cites(p.text, m.end(group)):
            continue
        if agency_like(name) or (len(parts) > 1 and all(map(agency_like, parts))):
            s = p.start + m.start(group)
            return [Candidate("issuer", name, Span(s, s + len(name)), "running_text")]
    return []


def _zh_running_titles(p: _Para) -> list[Candidate]:
    for m in ZH_TITLE_ISSUED.finditer(p.text):
        g = "t" if m.group("t") else "u" if m.group("u") else "p"
        # a promulgation sentence names its rule whatever the rule's kind (…法, …条例)
        if (g == "p" or TITLE_WORD.search(m.group(g))) and not _zh_cites(p.text, m.start()):
            s = p.start + m.start(g)
            return [Candidate("title", m.group(g), Span(s, s + len(m.group(g))), "running_text")]
    return []


EN_MONTH_DAY = regex.compile(
    rf"\bon\s+(?P<m>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!,?\s*(?:19|20)\d\d)",
    regex.I,
)


@dataclass(frozen=True)
class MonthDay:
    """A date printed without its year in an issuing sentence ("发布于3月21日", "issued on March 26th")."""

    month: int
    day: int
    span: Span


def yearless_dates(paras: list[_Para]) -> list[MonthDay]:
    """Month and day printed in the issuing sentence of a front paragraph, the year left to the page (see
    :func:`resolve`); a deadline ("by March 26th") is none."""
    out: list[MonthDay] = []
    for p in paras[:12]:
        if len(p.text) > 3000 or COVER_WORD.match(p.text):
            continue
        zh = len(HAN.findall(p.text)) * 3 > len(p.text)
        for m in (ZH_MONTH_DAY if zh else EN_MONTH_DAY).finditer(p.text):
            sentence = p.text[
                max((x.end() for x in regex.finditer(r"[.;。；]\s?", p.text[: m.start()])), default=0) : m.end()
            ]
            if zh and (_zh_cites(p.text, m.start()) or regex.search(r"近日|日前", p.text[m.end() : m.end() + 60])):
                continue  # "5月7日，X近日印发的《…》在网站公布": the day it was posted
            if not zh and not ISSUING_VERB_EN.search(sentence):
                continue
            if is_deadline(p.text, m.start("m"), m.end()):
                continue
            month = int(m.group("m")) if zh else MONTHS[m.group("m").lower()]
            out.append(MonthDay(int(month), int(m.group("d")), Span(p.start + m.start("m"), p.start + m.end("d"))))
    return out


# A news item's dateline: the outlet, the place and the day it reported the document ("Xinhua News Agency, Beijing,
# March 20, 2031. Recently, …", the year maybe in a translator's brackets: "March 20, [2031]";
# 新华社北京2031年3月20日电).
# The day the outlet published the report, not the day the document was issued: ``publication_date``.
OUTLET = script_book("latin").pattern("agency_heads", "outlet")
DATELINE_EN = regex.compile(
    r"^\s*(?P<outlet>[A-Z][\p{L}'’&. -]{1,60}?)\s*,\s*(?P<place>[A-Z][\p{L}'’ -]{1,40}?)\s*,\s*"
    rf"(?P<date>(?P<m>(?i:{'|'.join(sorted(MONTHS, key=len, reverse=True))}))\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    r"\s*,?\s*(?P<open>\[)?(?P<y>(?:19|20)\d\d)(?(open)\]))\s*(?:[.,:(—–]|--)"
)
DATELINE_ZH = regex.compile(
    r"^\s*[\p{Han}]{2,12}?(?P<date>(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日)\s*[电電讯訊]"
)


def datelines(paras: list[_Para]) -> list[Candidate]:
    """The ``publication_date`` of a news item's dateline (:data:`DATELINE_EN`, :data:`DATELINE_ZH`) opening one of
    the first paragraphs; an English one names its outlet ("… News Agency"). A dateline without its year gives none."""
    out: list[Candidate] = []
    for p in paras[:12]:
        m = DATELINE_ZH.match(p.text) or DATELINE_EN.match(p.text)
        if not m or ("outlet" in m.groupdict() and not OUTLET.search(m.group("outlet"))):
            continue
        month = int(m.group("m")) if m.group("m").isdigit() else MONTHS[m.group("m").lower()]
        try:
            day = date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
        out.append(
            Candidate("publication_date", day, Span(p.start + m.start("date"), p.start + m.end("date")), "running_text")
        )
    return out


# A news headline naming a document: "《2024年知识产权强国建设推进计划》印发".
HEADLINE = regex.compile(
    r"^\s*(?:(?P<subject>[\p{Han}、 ]{2,40}?)(?:印发|印發|发布|發布|公布|出台)(?:了)?)?《(?P<title>[^《》]{4,120})》"
    r"\s*(?:正式)?(?:印发|印發|发布|發布|公布|出台)?(?:实施)?\s*$"
)


# English headlines: "The Outline for … (2021-2035) issued", "X Issued and Implemented", "Y issues the Plan …".
_NEWS_VERB = r"(?:issue[sd]?|release[sd]?|unveil(?:s|ed)?|launch(?:es|ed)?|publish(?:es|ed)?)"
HEADLINES_EN = (
    regex.compile(
        rf"^(?:[^!]{{0,80}}!\s*)?(?:The\s+)?[\"“]?(?P<title>[A-Z0-9][^\"”]{{8,200}}?)[\"”]?\s+"
        rf"(?:(?:is|was|were)\s+)?{_NEWS_VERB}(?:\s+and\s+implemented)?\s*\.?$",
        regex.I,
    ),
    regex.compile(
        rf"^(?P<subject>[A-Z][\w\s,'’()-]{{1,120}}?)\s+{_NEWS_VERB}\s+(?:the\s+|an?\s+)?[\"“]?"
        r"(?P<title>[A-Z0-9][^\"”]{8,200}?)[\"”]?\s*\.?$"
    ),
)


# "The Outline for … (2021-2035) issued by the CPC Central Committee and the State Council": a headline when
# what follows "by" is bodies' names and nothing more (a title goes on: "Circular released by X concerning Y").
ISSUED_BY_HEADLINE = regex.compile(
    r"^(?:The\s+)?(?P<title>[A-Z0-9][^\"”]{8,200}?)\s+(?:issued|released|published|"
    r"unveiled|launched)\s+by\s+(?P<by>[A-Za-z][^\"”]{2,150}?)\s*\.?$"
)
# "A New Promotion Plan Issued to Speed up …": a participle and its purpose.
PARTICIPLE_HEADLINE = regex.compile(r"\b(?:issued|released|published|unveiled|launched)\s+to\s", regex.I)
HEADLINE_VERB = script_book("latin").pattern("identity", "headline_verb")


def _issued_by_bodies(value: str) -> regex.Match | None:
    m = ISSUED_BY_HEADLINE.match(value)
    parts = [x for x in regex.split(r",\s*|\s+and\s+", m.group("by")) if x] if m else []
    return m if parts and all(resolve_agency(regex.sub(r"^the\s+", "", x, flags=regex.I)) for x in parts) else None


def is_headline(value: str) -> bool:
    """A news headline rather than a document's title: it says what happened to the document ("… Issued and
    Implemented", "CNIPA releases …", "China vows …", "110 items! …", "… issued by X and Y"). A title named in
    the text's issuing sentence is preferred to it."""
    v = value.strip()
    return bool(
        "!" in v
        or "！" in v
        or HEADLINE_VERB.search(v)
        or PARTICIPLE_HEADLINE.search(v)
        or any(p.match(v) for p in (HEADLINE, *HEADLINES_EN))
        or _issued_by_bodies(v)
        or _zh_news_line(v)
    )


# "2013年…推进计划发布": a title word and the verb that reports it, without 《》.
BARE_HEADLINE_ZH = regex.compile(rf"^[^《》，,。]{{4,120}}?(?:正式)?{ZH_VERB}(?:实施|實施)?$")


def _zh_news_line(v: str) -> bool:
    """A Chinese line that reports rather than names: a bare headline (:data:`BARE_HEADLINE_ZH`), or a
    sentence (it ends in a comma or stop, or runs over two commas)."""
    if not HAN.search(v):
        return False
    bare = BARE_HEADLINE_ZH.match(v)
    if bare and TITLE_WORD.search(v[:-2]):
        return True
    return zh_sentence(v)


def zh_sentence(v: str) -> bool:
    """A Chinese line that is a sentence, not a name: it ends in a comma or stop, or runs over two commas."""
    return bool(HAN.search(v)) and bool(regex.search(r"[，,。；;：:]$", v) or len(regex.findall(r"[，,]", v)) >= 2)


def headline_title(title: Candidate) -> list[Candidate]:
    """The document a news headline names, as the title (its span inside the headline); the headline's
    subject as issuer when it names a body ("CNIPA releases 2022 work plan"). A headline's candidates have
    the source ``headline``: they give way to a title the running text names."""
    value = str(title.value)
    source: FieldSource = "headline" if is_headline(value) else title.source
    by = _issued_by_bodies(value)
    if by and TITLE_WORD.search(by.group("title")):
        s = title.span.start + by.start("title")
        return [Candidate("title", by.group("title"), Span(s, s + len(by.group("title"))), source)]
    for pattern in (HEADLINE, *HEADLINES_EN):
        m = pattern.match(value)
        if m and TITLE_WORD.search(m.group("title")):
            if pattern is not HEADLINE and not _title_cased(m.group("title")):
                return []  # "China issues action plan to fully implement …": a description, no title printed
            s = title.span.start + m.start("title")
            out = [Candidate("title", m.group("title"), Span(s, s + len(m.group("title"))), source)]
            subject = m.groupdict().get("subject")
            if subject and (_names_body(subject.strip()) if not CJK.search(subject) else agency_like(subject)):
                b = title.span.start + m.start("subject")
                out.append(Candidate("issuer", subject.strip(), Span(b, b + len(subject.strip())), "title"))
            return out
    if source == "headline" and not CJK.search(value) and not _title_cased(value):
        return []  # a headline in sentence case names the document only in passing
    if source == "headline" and zh_sentence(value):
        return []  # a preamble or a news sentence standing first names no title
    return [replace(_unglued(title), source=source)]


ABOUT = regex.compile(r"[关關][于於]")


def _unglued(title: Candidate) -> Candidate:
    """A notice's title with a headline glued before it on one line ("“十四五”…规划国务院关于印发…的通知"):
    it starts at the issuer that follows the headline's last title word."""
    about = ABOUT.search(str(title.value))
    if not about or about.start() == 0:
        return title
    prefix = str(title.value)[: about.start()]
    words = list(TITLE_WORD.finditer(prefix))
    issuer = prefix[words[-1].end() :] if words else ""
    if not issuer or not agency_like(issuer):
        return title
    cut = words[-1].end()
    return Candidate("title", str(title.value)[cut:], Span(title.span.start + cut, title.span.end), title.source)


SIGNATURE_LINES = 4  # lines naming bodies above a signature's date
ONE_NAME_LINES = 16  # a joint text signed by many bodies, one known name per line (ten ministries and regulators)


def signatures(paras: list[_Para], skip: set[int]) -> list[Signature]:
    """Signature blocks anywhere in the text, in text order: up to four lines naming bodies (a seal note may
    stand between them and the date), then a date standing alone. A block whose every line is one body the
    gazetteer knows may run to sixteen lines (a joint notice of ten bodies signs one name per line)."""
    out = []
    for i, p in enumerate(paras):
        if i in skip or len(p.text) > 100:
            continue
        note = TRAILING_NOTE.search(p.text)  # "2031年3月9日（此件公开发布）", "…日（联系人：…）"
        dated = p.text[: note.start()] if note else p.text
        d = standalone_date(dated)
        if d is None:
            one = _signed_line(p, dated)  # "State Council August 21, 2031": a layout joined them
            if one:
                out.append(one)
            continue
        j = i - 1
        while j >= 0 and (j in skip or SEAL_LINE.match(paras[j].text.strip())):
            j -= 1
        lines: list[int] = []
        while j >= 0 and len(lines) < ONE_NAME_LINES and j not in skip and _signature_line(paras[j].text):
            if len(lines) >= SIGNATURE_LINES and not all(_one_name(paras[k].text) for k in (j, *lines)):
                break
            lines.insert(0, j)
            j -= 1
        if lines:
            out.append(
                Signature(
                    tuple(lines),
                    i,
                    d,
                    Span(paras[lines[0]].start, paras[lines[-1]].end),
                    Span(p.start, p.start + len(dated.rstrip())),
                )
            )
    return out


def _one_name(text: str) -> bool:
    return resolve_agency(text.strip()) is not None


SIGNED_LINE = regex.compile(  # a Chinese signature may run into its date (…监督管理委员会2017年2月13日, PDF copies)
    rf"^(?P<issuer>[^。.;；:：]{{2,100}}?)(?:[\s,，]+|(?<=\p{{Han}}))"
    rf"(?P<date>{DATE.pattern}|{DATE_CN_NUMERALS.pattern})\s*\.?$",
    regex.I,
)


def _signed_line(p: _Para, dated: str) -> Signature | None:
    """A signature whose issuer and date a layout or a copy set on one line."""
    m = SIGNED_LINE.match(dated)
    if not m or not _signature_line(m.group("issuer")):
        return None
    if is_deadline(dated, m.start("date"), m.end("date")):
        return None
    d = parse_date(m.group("date"))
    if not d:
        return None
    issuer = Span(p.start + m.start("issuer"), p.start + m.end("issuer"))
    date = Span(p.start + m.start("date"), p.start + m.end("date"))
    return Signature((), -1, d[0], issuer, date, glued=m.end("issuer") == m.start("date"))


# A unit's label opening a line ("Article 20", 第二十条, "Chapter VI"): a line of the body, never a signature.
UNIT_LABEL = regex.compile(
    "|".join(f"(?:{any_language('numbering', kind).pattern})" for kind in ("article", "chapter"))
)


def _signature_line(text: str) -> bool:
    t = text.strip()
    return (
        0 < len(t) < 80
        and not t.endswith(("。", ".", "：", ":", "；", ";", "，", ","))
        and agency_like(t)
        and not COVER_WORD.match(t)
        and not METADATA_LABEL.match(t)
        and not UNIT_LABEL.match(t)
    )


def closing_formula_at(paras: list[_Para]) -> int | None:
    """The paragraph that closes a notice's text before its signature (特此通知, "It is hereby notified")."""
    return next((i for i, p in enumerate(paras) if CLOSING_FORMULA.match(p.text)), None)


# Which candidate wins, per field, by where it was printed (first listed first).
PRIORITY: dict[str, tuple[FieldSource, ...]] = {
    "title": ("metadata_table", "heading", "number_line", "running_text", "headline"),
    "doc_number": ("number_line", "metadata_table", "promulgation_line"),
    "issuer": (
        "metadata_table",
        "signature",
        "promulgation_line",
        "number_line",
        "title",
        "front_matter",
        "running_text",
    ),
    "issue_date": ("metadata_table", "signature", "promulgation_line", "date_line", "running_text"),
    "publication_date": ("metadata_table", "date_line", "running_text"),
}


def choose(candidates: list[Candidate], field: str) -> Candidate | None:
    """The candidate of ``field`` from the most trusted source; the first printed among equals."""
    ranked = [c for c in candidates if c.field == field and c.source in PRIORITY[field]]
    return min(ranked, key=lambda c: (PRIORITY[field].index(c.source), c.span.start), default=None)


ABBREVIATION = regex.compile(r"^[A-Z]{2,10}$")
# A footnote's number glued to a title's last word ("…Development Plan1"), whose note the text prints below.
FOOTNOTE_MARKER = regex.compile(r"(?<=[a-z])\d{1,2}$")


# A unit of a body (中国人民银行办公厅; zh agency_heads sub_unit) signs in its own name; a page's 发文机关 cell may
# name the body.
SUB_UNIT = script_book("han").pattern("agency_heads", "sub_unit")


def signing_office(chosen: Candidate | None, candidates: list[Candidate]) -> Candidate | None:
    """The metadata table's issuer gives way to the signature's where the signature is a unit of that body
    (发文机关：中国人民银行 over a text signed 中国人民银行办公厅 and numbered in the office's series)."""
    if chosen is None or chosen.source != "metadata_table":
        return chosen
    body = str(chosen.value).strip()
    office = next(
        (
            c
            for c in candidates
            if c.field == "issuer"
            and c.source == "signature"
            and str(c.value).strip().startswith(body)
            and SUB_UNIT.fullmatch(str(c.value).strip()[len(body) :])
        ),
        None,
    )
    return office or chosen


def full_name(chosen: Candidate | None, candidates: list[Candidate]) -> Candidate | None:
    """An issuer printed as an abbreviation ("CNIPA releases …") by its full name where the text prints that
    too ("The China National Intellectual Property Administration (CNIPA) on January 5 released …")."""
    if chosen is None or not ABBREVIATION.match(str(chosen.value)):
        return chosen
    body = resolve_agency(str(chosen.value))
    same = [
        c
        for c in candidates
        if c.field == "issuer"
        and c is not chosen
        and body
        and resolve_agency(regex.sub(r"^the\s+", "", str(c.value), flags=regex.I)) == body
    ]
    return max(same, key=lambda c: len(str(c.value)), default=chosen)


def _bare_name(value: str) -> str:
    return regex.sub(r"[\s、,，]+|^the\s+", "", value, flags=regex.I).lower()


def unless_office_dropped(chosen: Candidate | None, found: list[Candidate]) -> Candidate | None:
    """No issuer where the signature names a body whose office the title names ("Notice from the Office of the X
    on …" signed "X": a translation that dropped the office, or a parent's seal): the two disagree, and which one
    issued the text is not printed. The field is left empty for a reader to check."""
    if chosen is None or chosen.source != "signature":
        return chosen
    signed = _bare_name(str(chosen.value))
    titled = [_bare_name(str(c.value)) for c in found if c.field == "issuer" and c.source == "title"]
    office = regex.compile(
        rf"^(?:(?:general)?officeof(?:the)?{regex.escape(signed)}|{regex.escape(signed)}(?:办公厅|办公室))$"
    )
    return None if any(office.match(t) for t in titled) else chosen


# A local government named in its own title by level only (市政府关于…, 省人民政府办公厅关于…), and the red header
# that prints its full name above the number (某某市人民政府文件).
LEVEL_ONLY = regex.compile(r"^(?P<level>[省市县区])(?:人民)?政府(?P<office>办公厅|办公室)?$")
RED_HEADER = regex.compile(
    r"^\s*(?P<name>\p{Han}{2,20}?(?P<level>[省市县区])人民政府(?P<office>办公厅|办公室)?)\s*文件\s*$"
)


def header_name(chosen: Candidate | None, front: list[_Para]) -> Candidate | None:
    """A title's issuer named by level only (市政府) by the full name its red header prints (常州市人民政府文件),
    when both are of the same level and office."""
    short = LEVEL_ONLY.match(str(chosen.value)) if chosen and chosen.source == "title" else None
    if chosen is None or short is None:
        return chosen
    for p in front:
        head = RED_HEADER.match(p.text)
        if head and (head.group("level"), head.group("office")) == (short.group("level"), short.group("office")):
            span = Span(p.start + head.start("name"), p.start + head.end("name"))
            return Candidate("issuer", head.group("name"), span, "front_matter")
    return chosen


def split_issuers(text: str, span: Span) -> tuple[Span, ...]:
    """Joint issuers as one span each: 中共中央 国务院, 国家知识产权局、司法部, "MIIT, NDRC"; one span when the
    name does not split into names."""
    value = text[span.start : span.end]
    if regex.search(r"\p{Han}", value):
        cuts = [m.span() for m in regex.finditer(r"[\s、，,]+", value)]
        pieces, pos = [], 0
        for a, b in [*cuts, (len(value), len(value))]:
            if a > pos:
                pieces.append(Span(span.start + pos, span.start + a))
            pos = b
        pieces = [q for piece in _spaced_names(pieces) for q in _glued_names(text, piece)]
        return _in_first_form(text, pieces) if len(pieces) > 1 else (span,)
    pieces = split_agency_list(text, span.start, span.end)
    return tuple(pieces) if len(pieces) > 1 else (span,)


def _in_first_form(text: str, pieces: list[Span]) -> tuple[Span, ...]:
    """Co-issuers read in the form of the first: where the first is read without the state's name (a decree's
    head, number or promulgation line drops it: 中华人民共和国国务院令 is 国务院's), so is every other
    (中华人民共和国甲部 中华人民共和国乙部令: 甲部, 乙部); where the first is printed with it, all are as printed."""
    if STATE_PREFIX.match(text[pieces[0].start : pieces[0].end]):
        return tuple(pieces)
    out = []
    for piece in pieces:
        prefix = STATE_PREFIX.match(text[piece.start : piece.end])
        out.append(Span(piece.start + prefix.end(), piece.end) if prefix else piece)
    return tuple(out)


def _spaced_names(pieces: list[Span]) -> list[Span]:
    """A red header's name set one character apart (外 汇 局): a run of one-character pieces is one piece."""
    out: list[Span] = []
    run: list[Span] = []
    for piece in [*pieces, None]:
        if piece is not None and piece.end - piece.start == 1:
            run.append(piece)
            continue
        if run:
            out.append(Span(run[0].start, run[-1].end) if len(run) > 1 else run[0])
            run = []
        if piece is not None:
            out.append(piece)
    return out


GLUED_MAX = 60  # a run of names glued together is read only up to this length


def _glued_names(text: str, piece: Span) -> list[Span]:
    """A Han piece that is several known bodies' names glued together (a PDF copy lost the spaces:
    中国银行保险监督管理委员会中国证券监督管理委员会; spaced: 银 监 会 财 政 部), one span per name; the piece itself
    when it is one known name or is not wholly made of known names."""
    chars = [i for i in range(piece.start, piece.end) if not text[i].isspace()]
    flat = "".join(text[i] for i in chars)
    if len(flat) > GLUED_MAX or resolve_agency(flat) or not regex.fullmatch(r"\p{Han}+", flat):
        return [piece]
    best: list[list[int] | None] = [[0]] + [None] * len(flat)  # fewest names covering flat[:j]
    for j in range(2, len(flat) + 1):
        for k in range(max(0, j - 30), j - 1):
            prev = best[k]
            here = best[j]
            if prev is not None and resolve_agency(flat[k:j]) and (here is None or len(prev) + 1 < len(here)):
                best[j] = [*prev, j]
    cover = best[len(flat)]
    if cover is None or len(cover) < 3:
        return [piece]
    return [Span(chars[a], chars[b - 1] + 1) for a, b in zip(cover, cover[1:], strict=False)]


def issuer_value(text: str, span: Span, pieces: tuple[Span, ...], source: FieldSource | None = None) -> str:
    """The issuer as printed; joint issuers that running text links with words ("the CPC Central Committee and
    the State Council issued …") as their names side by side, the form a signature prints them in (中共中央 国务院),
    and so are those a page's metadata cell lists (发文机关：甲局、乙局): the page and its text give one issuer."""
    gaps = [text[a.end : b.start] for a, b in zip(pieces, pieces[1:], strict=False)]
    listed = source == "metadata_table" and all(ISSUER_GAP.fullmatch(gap) for gap in gaps)
    if len(pieces) > 1 and (listed or any(regex.search(r"\p{L}", gap) for gap in gaps)):
        return " ".join(SPACE.sub(" ", text[p.start : p.end]).strip() for p in pieces)
    return SPACE.sub(" ", text[span.start : span.end]).strip()


ISSUER_GAP = regex.compile(r"[\s、，,；;]*")  # what separates joint issuers' names in a list


# "2018年11月6日 中华人民共和国国务院令第706号公布": the line a regulation's copies print under its title; an
# older one names its issuers without a decree number ("1982年2月4日 卫生部、交通部发布"). An approval line
# ("1981年12月30日 国务院批准") is not a promulgation.
_PROMULGATED = (
    rf"(?P<date>{DATE.pattern}|{DATE_CN_NUMERALS.pattern})\s*"
    r"(?:(?P<number>(?P<issuer>[\p{Han}、]{2,60}?)令\s*第\s*\d{1,5}\s*号)|(?P<bodies>[\p{Han}、]{2,80}?))\s*"
    r"(?:公布|发布|發布)"
)
# ... and may say when it takes effect: "1990年1月1日 国家统计局令第1号发布  自发布之日施行".
PROMULGATION = regex.compile(rf"^{_PROMULGATED}(?:\s+自[^。，]{{1,20}}施行)?\s*$", regex.I)
STATE_PREFIX = regex.compile(r"^中华人民共和国(?=\p{Han}{2})")


# The same note in brackets, on the title's line or below it: "…条例（2021年7月27日中华人民共和国国务院令第746号公布）".
PROMULGATION_NOTE = regex.compile(rf"[（(]\s*{_PROMULGATED}\s*[）)]\s*$", regex.I)


def promulgation_lines(paras: list[_Para]) -> list[Candidate]:
    """Number, issuer and date of the last promulgation line (a revised regulation prints one per version;
    the last is the text in hand), or of a bracketed promulgation note closing a title line."""
    found = [
        (p, m, p.start + len(p.text) - len(p.text.lstrip()))
        for p in paras
        if len(p.text) < 120 and (m := PROMULGATION.match(p.text.strip()))
    ]
    found += [(p, m, p.start) for p in paras[:4] if len(p.text) < 300 and (m := PROMULGATION_NOTE.search(p.text))]
    if not found:
        return []
    p, m, base = found[-1]
    day = parse_date(m.group("date"))
    group = "issuer" if m.group("number") else "bodies"
    if group == "bodies" and not all(map(agency_like, m.group("bodies").split("、"))):
        return []  # "2031年3月1日起施行的办法发布": not a line of bodies
    prefix = STATE_PREFIX.match(m.group(group))
    issuer_start = m.start(group) + (prefix.end() if prefix else 0)
    out = [
        Candidate(
            "issuer",
            m.string[issuer_start : m.end(group)],
            Span(base + issuer_start, base + m.end(group)),
            "promulgation_line",
        ),
    ]
    if m.group("number"):
        number = Span(base + m.start("number"), base + m.end("number"))
        out.append(Candidate("doc_number", m.group("number"), number, "promulgation_line"))
    if day:
        out.append(
            Candidate("issue_date", day[0], Span(base + m.start("date"), base + m.end("date")), "promulgation_line")
        )
    return out


def closing_date(paras: list[_Para], first: int, skip: set[int]) -> Candidate | None:
    """A date standing alone at the end of the text (its last paragraphs), or right after the closing formula,
    with no issuer line above it: the signature's date where the issuer is printed at the top."""
    live = [i for i in range(first, len(paras)) if i not in skip]
    closing = closing_formula_at(paras[first:])
    look = live[-3:] + ([i for i in live if i > first + closing][:3] if closing is not None else [])
    for i in sorted(set(look)):
        p = paras[i]
        note = TRAILING_NOTE.search(p.text)
        dated = p.text[: note.start()] if note else p.text
        d = standalone_date(dated) if len(dated) < 40 else None
        if d:
            lead = len(dated) - len(dated.lstrip())
            return Candidate("issue_date", d, Span(p.start + lead, p.start + len(dated.rstrip())), "signature")
        tail = _glued_tail_date(p, dated)
        if tail:
            return tail
    return None


# A signature a copy ran onto the end of the line above it, names and date glued: "…5. 重点支付机构监管报告附表
# 中国人民银行二〇一二年七月十三日" (the annex list, then the issuer and its date, in a text taken from a PDF).
GLUED_TAIL = regex.compile(rf"(?P<names>\p{{Han}}{{2,30}})(?P<date>{DATE.pattern}|{DATE_CN_NUMERALS.pattern})\s*$")


def _glued_tail_date(p: _Para, dated: str) -> Candidate | None:
    """The date ending one of the last paragraphs right after a body's name (a known one, or a name ending in an
    agency's head noun): the signature's date, its names' boundaries lost. A deadline is none."""
    m = GLUED_TAIL.search(dated)
    if not m or is_deadline(dated, m.start("date"), m.end("date")):
        return None
    names = m.group("names")
    if not (any(resolve_agency(names[-k:]) for k in range(2, len(names) + 1)) or AGENCY_HEAD_ZH.search(names)):
        return None
    d = parse_date(m.group("date"))
    return (
        Candidate("issue_date", d[0], Span(p.start + m.start("date"), p.start + m.end("date")), "signature")
        if d
        else None
    )


# A decree's or a numbered announcement's number on two lines: "广州市人民政府令" / "第179号",
# "中华人民共和国国务院令" / "（第285号）", "中国人民银行令" / "（2019）第 1 号",
# "中国人民银行公告" / "〔2007〕第 1 号".
# A head may name joint issuers set apart by spaces or 、 (中国人民银行 财政部令): JOINT_NAMES.
JOINT_NAMES = r"\p{Han}(?:\p{Han}|[ \u3000、](?=\p{Han})){1,80}?"
DECREE_HEAD = regex.compile(rf"^\s*(?P<issuer>{JOINT_NAMES})(?P<kind>令|公告)\s*$")
DECREE_SERIAL = regex.compile(
    r"^\s*(?:[（(]\s*(?P<bare>第\s*\d{1,5}\s*号)\s*[）)]|第\s*\d{1,5}\s*号"
    r"|[\[〔【(（]\s*(?:19|20)\d\d\s*[\]〕】)）]\s*第?\s*\d{1,4}\s*号|(?:19|20)\d\d\s*年\s*第\s*\d{1,4}\s*号)\s*$"
)
# A decree's number on one line: "中华人民共和国主席令（十届第41号）", "中华人民共和国国务院令第 660 号".
DECREE_LINE = regex.compile(
    rf"^\s*(?P<number>(?P<issuer>{JOINT_NAMES})令"
    r"\s*(?:[（(]\s*(?:\p{Han}{1,3}届)?\s*第\s*\d{1,5}\s*号\s*[）)]|第\s*\d{1,5}\s*号))\s*$"
)


def decree_number(paras: list[_Para]) -> list[Candidate]:
    """Number and issuer of a decree or a numbered 公告 whose number is set under its head (the issuer's 令 or
    公告, then 第N号 or （2019）第1号): the head and the number as one, the brackets around a bare 第N号 dropped;
    or of a decree whose number is one line of its own. The issuer is the head's body without the state's name
    (中华人民共和国国务院令: 国务院); a head naming no body (主席令) gives the number only."""
    for k, (a, b) in enumerate(zip(paras, paras[1:], strict=False)):
        m = DECREE_HEAD.match(a.text)
        names = _names_above(paras, k) if regex.fullmatch(r"\s*(?:令|公告)\s*", a.text) else []
        if names:  # 中国人民银行财政部 / 公告 / （2018）第 16 号: the head on two lines, or more (one name a line)
            a = _Para(names[0].start, a.end, " ".join(p.text.strip() for p in names) + a.text.strip(), a.full_text)
            m = DECREE_HEAD.match(a.text)
        serial = DECREE_SERIAL.match(b.text) if m and _one_or_bodies(m.group("issuer")) else None
        if m and serial:
            number = a.text.strip() + regex.sub(r"\s+", "", serial.group("bare") or b.text.strip())
            issuer = _stacked_issuer(names) if len(names) > 1 else _head_issuer(a, m)
            return [Candidate("doc_number", number, Span(a.start + m.start("issuer"), b.end), "number_line")] + issuer
    for a in paras[:6]:
        m = DECREE_LINE.match(a.text)
        if m and _one_or_bodies(m.group("issuer")):
            s = a.start + m.start("number")
            number = regex.sub(r"令\s*[（(]\s*(第\s*\d{1,5}\s*号)\s*[）)]$", r"令\1", m.group("number"))
            return [Candidate("doc_number", number, Span(s, s + len(m.group("number"))), "number_line")] + (
                _head_issuer(a, m)
            )
    return []


# The bodies heading a decree's or an announcement's number: "中国人民银行 中国银行保险监督管理委员会令〔2022〕第4号".
NUMBER_HEAD = regex.compile(r"^\s*(?P<issuer>\p{Han}[\p{Han}\s、]{1,80}?)\s*(?:令|公告)\s*[\[〔【(（]\s*(?:19|20)\d\d")


def number_head_issuer(number: str, span: Span) -> list[Candidate]:
    """The issuer a 令 or 公告 number names before its year (every name a body's, the state's name dropped), or a
    translation's number after its serial ("No. 21 [2031] of the State Council")."""
    serial = SERIAL_FIRST_EN.match(number)
    if serial and serial.group("body") and agency_like(serial.group("body")):
        a, b = serial.span("body")
        return [Candidate("issuer", serial.group("body"), Span(span.start + a, span.start + b), "number_line")]
    m = NUMBER_HEAD.match(number)
    if not m:
        return []
    prefix = STATE_PREFIX.match(m.group("issuer"))
    start = m.start("issuer") + (prefix.end() if prefix else 0)
    name = number[start : m.end("issuer")]
    parts = [x for x in regex.split(r"[\s、]+", name) if x]
    if not parts or not all(agency_like(x) or resolve_agency(x) for x in parts):
        return []
    return [Candidate("issuer", name, Span(span.start + start, span.start + m.end("issuer")), "number_line")]


def _headed_number_title(found: list[Candidate], numbered: list[Candidate]) -> list[Candidate]:
    """A bare head (中国人民银行公告, 中国人民银行令) names a kind of document, not one: it is never the title. A 公告
    without a subject title is cited by its head and number (中国人民银行公告（2014）第3号): that is its title."""
    heads = [c for c in found if c.field == "title" and DECREE_HEAD.match(SPACE.sub("", str(c.value)))]
    if not heads:
        return found + numbered
    kept = [c for c in found if c not in heads]
    number = next((c for c in numbered if c.field == "doc_number"), None)
    if number and any(str(number.value).startswith(SPACE.sub("", str(h.value))) for h in heads):
        kept.append(Candidate("title", number.value, number.span, "number_line"))
    return kept + numbered


def header_issuers(front: list[_Para], number: Span) -> list[Candidate]:
    """The bodies a red header names on the line above the number (中国人民银行海关总署 / （2008）第3号,
    中国人民银行文件): the issuers where nothing better is printed, when the line is known bodies' names only."""
    i = next((k for k, p in enumerate(front) if p.start <= number.start < p.end), None)
    if not i or front[i - 1].end > number.start:
        return []
    p = front[i - 1]
    m = regex.match(r"^\s*(?P<names>\p{Han}[\p{Han}\s]{1,80}?)\s*(?:文件)?\s*$", p.text)
    if not m:
        return []
    span = Span(p.start + m.start("names"), p.start + m.end("names"))
    names = _glued_names(p.full_text, span)
    flat = SPACE.sub("", m.group("names"))
    if len(names) < 2 and not resolve_agency(flat):
        return []
    return [Candidate("issuer", p.full_text[span.start : span.end], span, "front_matter")]


def _head_issuer(p: _Para, m: regex.Match) -> list[Candidate]:
    prefix = STATE_PREFIX.match(m.group("issuer"))
    s = p.start + m.start("issuer") + (prefix.end() if prefix else 0)
    name = p.text[s - p.start : p.start + m.end("issuer") - p.start]
    if not _bodies(name):
        return []
    return [Candidate("issuer", name, Span(s, s + len(name)), "number_line")]


def _bodies(name: str) -> bool:
    """Every name of a run of them (joint issuers set apart by spaces or 、) is a body's."""
    parts = [x for x in regex.split(r"[\s、]+", name) if x]
    return bool(parts) and all(agency_like(x) or resolve_agency(x) for x in parts)


def _one_or_bodies(head: str) -> bool:
    """A decree's head names one issuer (中国人民银行, or 主席 naming no body), or several that are all bodies: a
    line of words set apart by spaces is no head otherwise (经国务院同意 现发布…令第5号)."""
    return not regex.search(r"[\s、]", head) or _bodies(head)


STACKED_NAMES_MAX = 4  # issuers' names set one a line above a joint decree's 令


def _names_above(paras: list[_Para], k: int) -> list[_Para]:
    """The lines right above a head's lone 令 or 公告 that are each a body's name (a joint decree sets one a
    line): none when the line above is not one."""
    j = k
    while j > 0 and k - j < STACKED_NAMES_MAX and agency_like(paras[j - 1].text):
        j -= 1
    return paras[j:k]


def _stacked_issuer(names: list[_Para]) -> list[Candidate]:
    """The issuers of a head set one name a line (中华人民共和国国务院 / 中华人民共和国中央军事委员会 / 令): from the
    first name, without the state's name, to the end of the last (split into one span each by split_issuers)."""
    first, last = names[0], names[-1]
    lead = len(first.text) - len(first.text.lstrip())
    prefix = STATE_PREFIX.match(first.text.strip())
    start = first.start + lead + (prefix.end() if prefix else 0)
    end = last.start + len(last.text.rstrip())
    return [Candidate("issuer", first.full_text[start:end], Span(start, end), "number_line")]


@cache
def _officer_signed() -> regex.Pattern:
    """A signing officer's line that runs on into the date (rules/zh/identity.json signing_officer)."""
    offices = "|".join(r"\s*".join(e["phrase"]) for e in script_book("han").entries("identity", "signing_officer"))
    return regex.compile(
        rf"^(?:{offices})\s*[：:]?\s*\p{{Han}}{{2,4}}\s*(?P<date>{DATE.pattern}|{DATE_CN_NUMERALS.pattern})\s*$",
        regex.I,
    )


def officer_dates(paras: list[_Para]) -> list[Candidate]:
    """The date under a signing officer's line (市长：温国辉, 总理 李强): a decree's signature."""
    officer = script_book("han").pattern("identity", "signing_officer")
    out = []
    for a, b in zip(paras, paras[1:], strict=False):
        if len(a.text) < 30 and officer.match(a.text.strip()):
            d = standalone_date(b.text)
            if d:
                out.append(Candidate("issue_date", d, Span(b.start, b.end), "signature"))
    for p in paras:  # "行长：周小川二〇〇九年三月二十六日": the officer, the name and the date on one line
        m = _officer_signed().match(p.text.strip()) if len(p.text) < 40 else None
        found = parse_date(m.group("date")) if m else None
        if m and found:
            s = p.start + len(p.text) - len(p.text.lstrip()) + m.start("date")
            out.append(Candidate("issue_date", found[0], Span(s, s + len(m.group("date"))), "signature"))
    return out


def end_signatures(paras: list[_Para], body_start: int) -> list[Signature]:
    """Signature blocks after the front matter: the first closes the document's own text."""
    skip = {i for i, p in enumerate(paras) if is_furniture(p.text)}
    first = paras[body_start].start if body_start < len(paras) else len(paras[-1].full_text) if paras else 0
    return [s for s in signatures(paras, skip) if s.issuer_span.start >= first]


def resolve(
    meta: Metadata, text: str, paras: list[_Para], body_start: int, table: list[Candidate], sigs: list[Signature]
) -> Metadata:
    """Each identity field from its best candidate (:data:`identity.PRIORITY`), with its source and span."""
    front = paras[:body_start]
    skip = {i for i, p in enumerate(paras) if is_furniture(p.text)}
    found: list[Candidate] = list(table)
    if meta.title:
        mark = regex.match(r"#+\s*", meta.title)  # a Markdown heading's marks
        cut = mark.end() if mark else 0
        note = PROMULGATION_NOTE.search(meta.title)  # "…条例（2021年7月27日…国务院令第746号公布）"
        stop = note.start() if note and note.start() > cut else len(meta.title)
        found += headline_title(
            Candidate(
                "title",
                meta.title[cut:stop].rstrip(),
                Span(meta.title_span.start + cut, meta.title_span.start + len(meta.title[:stop].rstrip())),
                "heading",
            )
        )
    if meta.doc_number and meta.doc_number_span:
        found.append(Candidate("doc_number", meta.doc_number, meta.doc_number_span, "number_line"))
        found += number_head_issuer(meta.doc_number, meta.doc_number_span)
        found += header_issuers(front, meta.doc_number_span)
        # A number line naming its document is the title when no other is printed: 中国人民银行公告〔2020〕第19号（…）.
        line = next((p for p in front if p.start <= meta.doc_number_span.start < p.end), None)
        bracket = regex.search(r"[\[〔【(（]", meta.doc_number)
        named = text[line.start : meta.doc_number_span.start + (bracket.start() if bracket else 0)] if line else ""
        if line and TITLE_WORD.search(named):
            # 个人住房贷款管理办法(1998年5月9日银发〔1998〕190号文颁布…): the name without its note
            value = without_adoption_note(line.text.strip())
            lead = len(line.text) - len(line.text.lstrip())
            span = Span(line.start + lead, line.start + lead + len(value))
            found.append(Candidate("title", value, span, "number_line"))
    # A name standing alone near the top signs the document only if it is a body's name (not a slogan or a
    # goal in title case: "Constructing the Public Service System … of the People").
    if meta.issuer and (meta.issue_date or CJK.search(meta.issuer) or _names_body(meta.issuer)):
        found.append(
            Candidate("issuer", meta.issuer, meta.issuer_span, "signature" if meta.issue_date else "front_matter")
        )
    if meta.issue_date and not is_deadline(text, meta.date_span.start, meta.date_span.end):
        # A date alone above the title is the page's ("Jun 22, 2008" over a copied outline): a signature follows
        # the title.
        above_title = not meta.issuer and meta.title_span and meta.date_span.end <= meta.title_span.start
        found.append(
            Candidate(
                "publication_date" if above_title else "issue_date",
                meta.issue_date,
                meta.date_span,
                "date_line" if above_title else "signature" if meta.issuer else "date_line",
            )
        )
    front_sigs = signatures(front, skip)
    signed, glued = _signature_candidates([*front_sigs[:1], *sigs[:1]], text)
    found += signed
    title = next((c for c in found if c.field == "title" and c.source == "metadata_table"), None) or next(
        (c for c in found if c.field == "title"), None
    )
    if title:
        t = title_issuer(str(title.value), title.span.start) or _issuers_above(front, title)
        found += [t] if t else glued  # names glued to their date sign only when the title names no issuer
    else:
        found += glued
    found += running_text(front)
    found += datelines(front)
    found += running_titles(front)
    found += _fallback_issuers(found, front, paras, skip)
    found += promulgation_lines(front)
    found = _headed_number_title(found, decree_number(front))
    found += officer_dates(paras)
    if not any(c.field == "issue_date" and c.source in ("metadata_table", "signature") for c in found):
        late = closing_date(paras, body_start, skip)
        if late:
            found.append(late)
    chosen = {f: choose(found, f) for f in PRIORITY}
    chosen["issuer"] = unless_office_dropped(
        header_name(signing_office(full_name(chosen["issuer"], found), found), front), found
    )
    if chosen["issue_date"] is None:
        chosen["issue_date"] = _dated(yearless_dates(front), chosen["publication_date"], chosen["title"])
    out = {}
    for f, c in chosen.items():
        if c is None:
            continue
        span = c.span
        if f == "title":
            marker = FOOTNOTE_MARKER.search(str(c.value))  # "…Development Plan1": a translator's footnote
            if marker and regex.search(rf"(?m)^\s*{marker.group()}\s+\p{{L}}", text[c.span.end :]):
                span = Span(span.start, span.end - len(marker.group()))
                c = replace(c, value=str(c.value)[: marker.start()], span=span)
            # A title set on several lines is one title: lines joined (without a space between Han characters).
            title = regex.sub(r"(?<=\p{Han})\s*\n\s*(?=\p{Han})", "", str(c.value))
            out.update(title=regex.sub(r"\s*\n\s*", " ", title), title_span=span, title_source=c.source)
        elif f == "doc_number":
            out.update(doc_number=str(c.value), doc_number_span=span, doc_number_source=c.source)
        elif f == "issuer":
            # "the State Council": the name is what follows (titles.json leading_article)
            span = Span(span.start + article_end(str(c.value)), span.end)
            spans = split_issuers(text, span)
            out.update(
                issuer=issuer_value(text, span, spans, c.source),
                issuer_span=span,
                issuer_source=c.source,
                issuer_spans=spans,
            )
        elif f == "issue_date":
            out.update(issue_date=c.value, date_span=span, issue_date_source=c.source)
        elif f == "publication_date":
            out.update(publication_date=c.value, publication_date_span=span)
    if chosen["title"] is None and meta.title:  # a headline that names no document ("China issues action plan …")
        out.update(title=None, title_span=None, title_source=None)
        if meta.plan_title == meta.title:
            out.update(plan_title=None, plan_title_span=None)
    if chosen["issue_date"] is None:
        out.update(issue_date=None, date_span=None, issue_date_source=None)
    if chosen["issuer"] is None:
        out.update(issuer=None, issuer_span=None, issuer_source=None)
    meta = replace(meta, **out)
    year, year_source = _year(meta)
    if meta.plan_title and meta.plan_title == meta.issuer:  # a signature is not the plan's title
        meta = replace(meta, plan_title=meta.title, plan_title_span=meta.title_span)
    return replace(meta, year=year, year_source=year_source)


def _signature_candidates(sigs: list[Signature], text: str) -> tuple[list[Candidate], list[Candidate]]:
    """Each signature's date and issuer; an issuer whose names run into the date (a PDF copy's
    …监督管理委员会2017年2月13日) is returned apart: its names' boundaries are lost."""
    out: list[Candidate] = []
    glued: list[Candidate] = []
    for sig in sigs:
        issuer = Candidate("issuer", text[sig.issuer_span.start : sig.issuer_span.end], sig.issuer_span, "signature")
        (glued if sig.glued else out).append(issuer)
        out.append(Candidate("issue_date", sig.day, sig.date_span, "signature"))
    return out, glued


def _fallback_issuers(
    found: list[Candidate], front: list[_Para], paras: list[_Para], skip: set[int]
) -> list[Candidate]:
    """Issuers read only where nothing better is printed: the body whose members drew the plan up (no issuing
    sentence names one), a name after the closing formula (no signature block)."""
    out = [] if any(c.field == "issuer" and c.source == "running_text" for c in found) else members_of(front)
    if not any(c.field == "issuer" and c.source == "signature" for c in found):
        out += unsigned_closing(paras, skip)
    return out


def _dated(days: list[MonthDay], published: Candidate | None, title: Candidate | None) -> Candidate | None:
    """The first year-less issuing date, its year the page's publication date's, else the single year the
    title names ("2013年…推进计划" issued on 3月21日); none when neither prints a year."""
    if not days:
        return None
    year = published.value.year if published and isinstance(published.value, date) else None
    if year is None and title and not regex.search(r"(?:19|20)\d\d\s*年?\s*[-–—~～至到]", str(title.value)):
        year = title_year(str(title.value))
    if year is None:
        return None
    d = days[0]
    try:
        return Candidate("issue_date", date(year, d.month, d.day), d.span, "running_text")
    except ValueError:
        return None


def unsigned_closing(paras: list[_Para], skip: set[int]) -> list[Candidate]:
    """A body's name on its own line right after the closing formula (特此通知 / 国家…办公室), the notice signed
    without a date printed."""
    i = closing_formula_at(paras)
    nxt = next((j for j in range(i + 1, min(i + 3, len(paras))) if j not in skip), None) if i is not None else None
    if nxt is None:
        return []
    p = paras[nxt]
    if len(p.text) < 80 and agency_like(p.text) and not regex.search(r"[。.；;：:]", p.text):
        return [Candidate("issuer", p.text.strip(), Span(p.start, p.start + len(p.text.strip())), "signature")]
    return []


def _issuers_above(front: list[_Para], title: Candidate) -> Candidate | None:
    """Issuers printed on their own line above a title that opens with 关于 (住房和城乡建设部 人民银行 银保监会)."""
    if not str(title.value).lstrip().startswith(("关于", "關於")):
        return None
    above = [p for p in front if p.end <= title.span.start]
    if above and agency_like(above[-1].text) and len(above[-1].text) < 120:
        p = above[-1]
        return Candidate("issuer", p.text, Span(p.start, p.end), "title")
    return None


def _year(meta: Metadata) -> tuple[int | None, str | None]:
    if meta.issue_date:
        return meta.issue_date.year, "issue_date"
    if meta.doc_number:  # 国发〔2019〕5号, and a bare （2008）第3号 under its issuers' header
        m = (
            DOC_NUMBER_INLINE.search(meta.doc_number)
            or DOC_NUMBER.match(meta.doc_number)
            or SERIAL_FIRST_EN.match(meta.doc_number)
        )
        if m:
            return int(m.group("year")), "doc_number"
    for t in (meta.title, meta.plan_title):
        y = title_year(t or "")
        if y:
            return y, "title"
    if meta.publication_date:  # a page or a news item dated the day it published the document
        return meta.publication_date.year, "publication_date"
    return None, None
