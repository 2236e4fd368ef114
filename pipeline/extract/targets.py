"""Numeric targets: a comparator, a number or range, and a unit or counted noun.

"ensure that the trademark examination pendency below 9 months" -> subject "trademark examination
pendency", ``<``, 9, ``month``. Never targets: ordinals ("10th"), years and year ranges ("(2014–2020)"),
document and section numbers ("[2014] No. 24", "Section 1"), numbers inside names of instruments,
campaigns or quotations ("10th Sword Net", "“six targets”"), and parts of compounds ("two-way").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

import regex
from spacy.language import Language
from spacy.tokens import Doc
from text_to_num import text2num

from ..intervals import Coverage, IntervalIndex
from ..model import Document, Target
from ..model import Span as TextSpan
from ..patterns import QUOTATION
from ..rules.profiles import script_book
from .runs import YEAR, text_of

_R = script_book("latin")  # the word lists of the Latin-script finders (pipeline.rules.profiles)
COMPARATOR_OF = _R.table("targets", "comparator", "comparator")
BARE_OK = frozenset(w for w, ok in _R.table("targets", "comparator", "bare_number").items() if ok)
UNIT_OF = _R.table("targets", "unit", "unit")
WORD_NUMBERS = _R.table("numbers", "number", "value")
NEEDS_COMPARATOR = frozenset(w for w, need in _R.table("numbers", "number", "needs_comparator").items() if need)
MAGNITUDES = _R.table("numbers", "magnitude", "value")
STOP = frozenset(_R.words("targets", "counted_noun_stop"))
JOINING = frozenset({"and", "or"})  # stop words that may join the adjectives before a counted noun
IRREGULAR_PLURALS = _R.table("targets", "plural_noun", "singular")  # species -> species, people -> person

TARGET = _R.re("target")
TARGET_START = _R.re("target_start")
CURRENCY_BEFORE = _R.re("currency_before")
NOT_BEFORE = _R.re("not_before_number")
# Words of a counted noun phrase: lower-case words and acronyms ("10,000 IP professionals").
COUNTED_WORD = regex.compile(r"\s+(?P<w>[a-z]+(?:-[a-z]+)*(?:['’]s\b)?|[A-Z]{2,6}(?:-[a-z]+)?)")  # people's courts
# After a number: an ordinal suffix, a compound ("two-way"), a reference's bracket or colon: not a quantity.
NOT_AFTER_NUMBER = regex.compile(r"(?:st|nd|rd|th)\b|[-‐]\p{L}|\s*[\]〕:：]")
SHORT_BRACKET = regex.compile(r"[(（][^()（）\n]{0,40}[)）]")  # "(2)", "(2014)": a number that names, not counts
WORD_OR_PERCENT = regex.compile(r"%|\p{L}{3,}")
DIGIT_SEPARATORS = regex.compile(r"[,\s\u00a0\u202f]")
DECIMAL = regex.compile(r"\d+(?:\.\d+)?")
WORD_SEPARATORS = regex.compile(r"\s*-\s*|\s+")
LEADING_CONJUNCTION = regex.compile(r"^(?:and|or|to)(?:\s+|$)")  # "and" alone names nothing
CLAUSE_END = regex.compile(r"\s*(?:[,;.。；]|and\b|$)")
COUNT_SUBJECT = _R.pattern("targets", "count_subject")  # "the number of ... to 11.5": a bare count
HORIZON_AFTER = _R.pattern("targets", "horizon_after")  # "exceed 70% by 2027": the year is the horizon
SENTENCE_START = regex.compile(r"[.;:。；]\s|\n")


@Language.factory("policy_target_finder", assigns=["doc.spans"], requires=["doc.spans"])
def make_target_finder(nlp: Language, name: str) -> TargetFinder:
    return TargetFinder()


class TargetFinder:
    """Sets ``doc.spans["targets"]``; each span's ``_.target`` holds comparator, values and unit."""

    def __call__(self, doc: Doc) -> Doc:
        blocked = _blocked_ranges(doc)
        spans = []
        for start, end, value in find_targets_in_text(text_of(doc), blocked):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                span._.target = {**value, "start": start, "end": end}
                spans.append(span)
        doc.spans["targets"] = spans
        return doc


def _blocked_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges where numbers are names, not quantities: titles, agencies, quotations."""
    ranges = [(s.start_char, s.end_char) for key in ("instruments", "agencies") for s in doc.spans.get(key, [])]
    text = text_of(doc)
    ranges += [m.span() for m in QUOTATION.finditer(text)]
    ranges += [m.span() for m in SHORT_BRACKET.finditer(text) if not WORD_OR_PERCENT.search(m.group())]
    return ranges


def read_number(text: str) -> float:
    """Digits ("1,200", "816 000", "3.5"), or a number in words read by text2num ("twenty-five thousand")."""
    t = DIGIT_SEPARATORS.sub("", text)
    if DECIMAL.fullmatch(t):
        return float(t)
    words = WORD_SEPARATORS.sub(" ", text.lower()).strip()
    return float(WORD_NUMBERS[words]) if words in WORD_NUMBERS else float(text2num(words, "en"))


# ``TARGET_START`` compiled by the standard library's engine, which scans the lower-cased text for it about twice
# as fast; None when the rule book's pattern needs the regex module's syntax.
try:
    _TARGET_START_RE: re.Pattern | None = re.compile(TARGET_START.pattern)
except re.error:
    _TARGET_START_RE = None
NON_ASCII = regex.compile(r"[^\x00-\x7f]+")


@cache
def _neutral(ch: str) -> bool:
    """Neither a word character nor a digit for either engine (a dash, a quotation mark, a space): where a
    text's characters outside ASCII are all such, both engines find a word boundary, a digit and an ASCII word at
    the same places, so ``TARGET_START`` starts at the same offsets in both."""
    return not (re.match(r"[\w\d]", ch) or regex.match(r"[\w\d]", ch))


def target_starts(low: str) -> Iterator[re.Match | regex.Match]:
    """``TARGET_START.finditer(low)``, by the standard library's engine when it gives the same offsets."""
    if _TARGET_START_RE is not None and all(_neutral(c) for run in NON_ASCII.findall(low) for c in run):
        return _TARGET_START_RE.finditer(low)
    return TARGET_START.finditer(low)


def target_matches(text: str) -> Iterator[regex.Match]:
    """``TARGET.finditer(text)``, trying the pattern only where a match can start (``TARGET_START`` on the
    lower-cased text): the same matches without the cost of a case-insensitive alternation at every character."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): offsets would not agree
        yield from TARGET.finditer(text)
        return
    end = 0
    for candidate in target_starts(low):
        if candidate.start() >= end and (m := TARGET.match(text, candidate.start())):
            yield m
            end = m.end()


def find_targets_in_text(text: str, blocked: list[tuple[int, int]]) -> Iterator[tuple[int, int, dict]]:
    blocked_at = Coverage(blocked)
    for m in target_matches(text):
        lo_s, lo_e = m.span("lo")
        if blocked_at.covers(lo_s):
            continue
        lo, hi = m.group("lo"), m.group("hi") or m.group("lo")
        before, after = text[max(0, lo_s - 30) : lo_s], m.end("hi") if m.group("hi") else lo_e
        if NOT_BEFORE.search(before) or NOT_AFTER_NUMBER.match(text, after):
            continue
        if lo_s > 0 and (text[lo_s - 1].isalnum() or text[lo_s - 1] in "-‐."):
            continue
        if lo.lower() in NEEDS_COMPARATOR and not m.group("cmp"):
            continue
        unit = (m.group("unit") or "").strip().lower()
        unit = UNIT_OF.get(unit, unit) if unit else None
        end = m.end()
        if YEAR.match(lo) and unit not in ("yuan", "%") and not m.group("cmp"):
            continue
        subject = None
        if unit is None and CURRENCY_BEFORE.search(before):
            unit = "yuan"
        if unit is None:
            counted = _counted_noun(text, end)
            if counted is not None:
                subject, unit, end = counted
            elif m.group("cmp") and _bare_count(text, m, end):
                unit = "count"  # "the number ... reaches 14.", "the number of ... to 11.5 by 2030"
            else:
                continue
        scale = MAGNITUDES.get((m.group("mag") or "").lower(), 1)
        comparator = COMPARATOR_OF.get((m.group("cmp") or "").lower(), "=")
        start = m.start("cmp") if m.group("cmp") and COMPARATOR_OF[m.group("cmp").lower()] != "=" else lo_s
        yield (
            start,
            end,
            {
                "comparator": comparator,
                "value_min": read_number(lo) * scale,
                "value_max": read_number(hi) * scale,
                "unit": unit,
                "subject": subject,
            },
        )


def _bare_count(text: str, m: regex.Match, end: int) -> bool:
    """A number without unit or counted noun that ends its clause (perhaps before its horizon, "by 2030") after a
    comparator that takes one ("reaches 14") or after any in a clause naming "the number of" what it counts."""
    if not (CLAUSE_END.match(text, end) or HORIZON_AFTER.match(text, end)):
        return False
    if m.group("cmp").lower() in BARE_OK:
        return True
    starts = [s.end() for s in SENTENCE_START.finditer(text, max(0, m.start() - 200), m.start())]
    return bool(COUNT_SUBJECT.search(text, starts[-1] if starts else max(0, m.start() - 200), m.start()))


def _counted_noun(text: str, pos: int) -> tuple[str, str, int] | None:
    """The noun phrase a bare number counts: "3 patent-oriented experimental zones" -> zone."""
    words = []
    end = pos
    while (w := COUNTED_WORD.match(text, end)) and len(words) < 8:
        if w.group("w") in STOP and (w.group("w") not in JOINING or any(map(_plural, words))):
            break  # "infringing and pirate websites" runs on to its noun; "patents and trademarks" stops
        words.append(w.group("w"))
        end = w.end()
    while words and not _plural(words[-1]):
        words.pop()
    if not words:
        return None
    phrase_end = pos + len(text[pos:end]) - len(text[pos:end].split(words[-1])[-1])
    phrase = text[pos:phrase_end].strip()
    return phrase, singular(words[-1]), phrase_end


def _plural(word: str) -> bool:
    if "'" in word or "’" in word:
        return False  # a possessive ("people's") is not the counted noun
    return (
        word.lower() in IRREGULAR_PLURALS
        or len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
    )


def singular(word: str) -> str:
    if word.lower() in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word.lower()]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + repl
    return word


SUBJECT_BOUNDARY = _R.re("subject_boundary")
OF_PHRASE = regex.compile(r"\s+of\s+")
SUBJECT_TRAIL = _R.re("subject_trail")


def subject_before(text: str, start: int, floor: int, region: tuple[str, list[int]] | None = None) -> str | None:
    """What a duration, percentage or amount measures: the noun phrase before the comparator.

    ``region``: the text from ``floor`` to the end of the measure or goal and the ends of the boundary matches
    in it (:func:`boundaries`), so that many targets in one long measure do not each scan it from the start."""
    if region is None:
        region = boundaries(text[floor:start])
    # The matches in text[floor:start] are those of the whole region that end before ``start`` (each looked
    # no further than its end), then whatever a scan from the last of them finds before ``start``.
    part, ends = region
    k = bisect.bisect_left(ends, start - floor)
    cut = ends[k - 1] if k else 0
    for m in SUBJECT_BOUNDARY.finditer(part, cut, start - floor):
        cut = m.end()
    phrase = LEADING_CONJUNCTION.sub("", CURRENCY_BEFORE.sub("", text[floor + cut : start]).strip())
    while True:
        trimmed = SUBJECT_TRAIL.sub("", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    return phrase or None


def boundaries(part: str) -> tuple[str, list[int]]:
    """A measure's or goal's text and where its subject boundaries (", ", "in ", ...) end."""
    return part, [m.end() for m in SUBJECT_BOUNDARY.finditer(part)]


def subject_after(text: str, end: int) -> str | None:
    """ "95% of patent infringement cases": the counted noun phrase after "of"."""
    m = OF_PHRASE.match(text, end)
    if not m:
        return None
    counted = _counted_noun(text, m.end() - 1)
    return counted[0] if counted else None


def continuations(doc: Document) -> list[tuple[int, int, str]]:
    """The unnumbered paragraphs after each plan measure or point, up to the next unit (section, measure or goal), as
    regions of that measure: a translation prints a step's figures below its run-in point ("First, by 2031, …" then
    "The core industry will exceed 150 billion yuan …"). Articles keep theirs out (a rule's parameters)."""
    starts = sorted(
        [s.span.start for s in doc.sections] + [m.span.start for m in doc.measures] + [g.span.start for g in doc.goals]
    )
    out = []
    for m in doc.target_measures():
        k = bisect.bisect_right(starts, m.span.end - 1)
        if k == len(starts):
            continue  # the last unit: what follows is the closing text (signature, date, annex notes)
        following = starts[k]
        end = doc.text.rfind("\n", m.span.end, following) + 1  # the next unit's paragraph (its label) stays out
        if end > m.span.end:
            out.append((m.span.end, end, m.measure_id))
    return out


def find_targets(doc: Document, sdoc: Doc) -> list[Target]:
    """Targets in measures and goals (elsewhere numbers are dates, references and names)."""
    # Articles of measures and regulations set rules: their numbers (fines, time limits) are not targets.
    regions: list[tuple[int, int, str | None]]
    regions = [(m.span.start, m.span.end, m.measure_id) for m in doc.target_measures()]
    regions += [(g.span.start, g.span.end, None) for g in doc.goals]
    regions += [(s.start, s.end, None) for s in doc.target_openings()]  # a measure's words before its points
    regions += continuations(doc)
    holding = IntervalIndex((r[0], r[1], 0, r) for r in regions)  # the regions holding an offset, in order
    parts: dict[tuple, tuple[str, list[int]]] = {}
    out = []
    for span in sdoc.spans["targets"]:
        t = span._.target
        region = next((r for r in holding.at(t["start"]) if t["end"] <= r[1]), None)
        if region is None:
            continue
        if region not in parts:
            parts[region] = boundaries(doc.text[region[0] : region[1]])
        subject = (
            t["subject"]
            or subject_after(doc.text, t["end"])
            or subject_before(doc.text, t["start"], region[0], parts[region])
        )
        out.append(
            Target(
                target_id=f"{doc.doc_id}/t{t['start']}-{t['end']}",
                measure_id=region[2],
                subject=subject,
                comparator=t["comparator"],
                value_min=t["value_min"],
                value_max=t["value_max"],
                unit=t["unit"],
                unit_normalized=t["unit"],  # an English unit is already the normalized English word
                surface=doc.text[t["start"] : t["end"]],
                span=TextSpan(t["start"], t["end"]),
            )
        )
    return out
