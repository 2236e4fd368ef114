"""Paragraphs of the repaired text, and paragraphs split where numbered items run together on one line.

Text copied from web pages often loses its line breaks: "... rules1. Promote ... (Responsible for X)2.
Promulgate ...", a year fused to the first numeral ("... in 20201. Deepen reform"), Chinese headings after a
full stop ("……制定本计划。一、完善……（一）完善……1.推进……"). A marker inside a paragraph starts a new one
only where it continues the numbering read so far, so numbers inside sentences stay where they are; never right
after an abbreviation's stop ("Art. I.", "No.3.", "U.S.") nor as the last letter of a word in capitals ("AI.
Promote" opens no part I). Run-in
ordinals (一是…二是…, "First, … Second, …", …如下：（1）…；（2）…) start paragraphs of their own where they stand in a
sequence at a clause boundary (:func:`run_in_ordinals`, :func:`split_run_in`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..ingest.list_tables import CELL_SEPARATOR
from ..patterns import CHINESE_NUMERALS
from ..rules import languages, rules
from ..rules.profiles import structural

_CN = CHINESE_NUMERALS
INLINE_MARKER = structural().re("inline_marker")  # see pipeline.rules._derive
RUN_ON_BEFORE = regex.compile(r"[\p{L})）\]”\"]\s*$|[.;:。；：!?！？]\s*$")
LAST_NON_SPACE = regex.compile(r"(?r)\S")
KINDS = ("label", "roman", "range", "lroman", "paren", "cn", "ynum", "num")
GLUED_HEADING_MAX = 80  # "I. Reformi. Deepen ...": a glued "i." counts right after a short heading only
# "I. Raising QualityImproving the evaluation ...": a heading glued to the unnumbered paragraph under it.
CASE_JUNCTION = regex.compile(r"(?<=[a-z)）])(?=[A-Z][a-z]+\s+\p{Ll})")
CN_NUMERALS = {c: i + 1 for i, c in enumerate(CHINESE_NUMERALS)}


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    text: str
    full_text: str = field(repr=False, compare=False, default="")


def paragraphs(text: str) -> list[_Para]:
    """One paragraph per line of the repaired text."""
    return [_Para(m.start(), m.end(), m.group(), text) for m in regex.finditer(r"[^\n]+", text)]


def numeral_value(label: str) -> int:
    """The value of a label as printed: ``12``, ``IV``, ``iv``, ``十二``."""
    if "㈠" <= label[0] <= "㈩":  # (before isdigit, which is true of ①)
        return ord(label[0]) - ord("㈠") + 1
    if "①" <= label[0] <= "⑳":
        return ord(label[0]) - ord("①") + 1
    if label.isdigit():
        return int(label)
    if label[0] in CN_NUMERALS:  # 一 .. 十, 十一 .. 十九, 二十 ..
        if "十" not in label:
            return CN_NUMERALS[label[0]]
        tens, _, units = label.partition("十")
        return 10 * (CN_NUMERALS.get(tens, 1)) + CN_NUMERALS.get(units, 0)
    return roman_to_int(label)


def roman_to_int(label: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(label.lower(), label.lower()[1:] + " ", strict=True):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _kind(m: regex.Match) -> tuple[str, int]:
    kind = next(k for k in KINDS if m.group(k))
    if kind == "label":
        return kind, 0
    label = m.group(kind)
    value = numeral_value(label)
    if kind == "range":
        return "range", int(m.group("rfirst")) * 1000 + value
    if kind == "ynum":
        return "num", value
    if kind == "paren":
        sub = (
            "paren_roman"
            if label[0] in "IVX"
            else "paren_lower"
            if label[0] in "ivx"
            else "paren_arabic"
            if label.isdigit()
            else "paren_cn"
        )
        return sub, value
    return kind, value


class _Numbering:
    """The numbering read so far: which markers would continue it."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}
        self.nums: set[int] = set()
        self.since: dict[str, int] = {}  # markers of other kinds seen since the last of this kind
        self.count = 0

    def continues(self, kind: str, value: int) -> bool:
        if kind == "label":
            return True
        if kind == "range":
            return value // 1000 - 1 in self.nums
        if kind == "num":
            return value - 1 in self.nums or (value == 1 and self._restarted(kind))
        return value == self.last.get(kind, 0) + 1 or (value == 1 and self._restarted(kind))

    def _restarted(self, kind: str) -> bool:
        return kind not in self.last or self.since.get(kind, 0) < self.count

    def see(self, kind: str, value: int) -> None:
        if kind == "label":
            return
        self.count += 1
        if kind == "range":  # "3—4.（略）": numbers declared omitted continue the measures
            self.nums.update(range(value // 1000, value % 1000 + 1))
            return
        self.last[kind] = value
        self.since[kind] = self.count
        if kind == "num":
            self.nums.add(value)


def _runs_on(text: str, end: int) -> bool:
    """``RUN_ON_BEFORE.search(text[:end])``, looking only at the end: the pattern is a character and white
    space up to the end, so only the last character that is not white space can start it."""
    last = LAST_NON_SPACE.search(text, 0, end)
    return bool(RUN_ON_BEFORE.search(text, last.start() if last else 0, end))


def split_run_together(paras: list[_Para]) -> list[_Para]:
    """Split paragraphs where numbered items or labels run on without a line break.

    A marker inside a paragraph counts only when it continues the numbering seen so far (a number one above
    one already read, 1 after another kind of marker, the next heading numeral) or is a "Goals:"/"Measures:"
    label, and when it is glued to the previous word or follows the end of a sentence.
    """
    out: list[_Para] = []
    numbering = _Numbering()
    queue = list(reversed(paras))
    while queue:
        p = queue.pop()
        if is_table_line(p.text):  # numbers inside a table's cells are the cell's text
            out.append(p)
            continue
        lead = INLINE_MARKER.match(p.text)
        if lead and lead.group("ynum") is None:
            numbering.see(*_kind(lead))
        first = len(p.text) - len(p.text.lstrip())  # the first character that is not white space
        for m in INLINE_MARKER.finditer(p.text, lead.end() if lead else 1):
            at = m.start()  # what stands before the marker, read in place (no copy per candidate)
            if first >= at or not (m.group("ynum") or _runs_on(p.text, at)):
                continue
            kind, value = _kind(m)
            if kind == "lroman" and p.text[at - 1 : at].isalpha() and not (lead and at <= GLUED_HEADING_MAX):
                continue
            if not numbering.continues(kind, value):
                continue
            before = p.text[:at]
            head_end = p.start + len(before.rstrip())
            queue.append(_Para(p.start + m.start(), p.end, p.text[m.start() :], p.full_text))
            p = _Para(p.start, head_end, before.rstrip(), p.full_text)
            break
        junction = CASE_JUNCTION.search(p.text, 0, GLUED_HEADING_MAX) if lead and lead.group("roman") else None
        if junction and p.text.rstrip().endswith((".", ";", "。")):
            queue.append(_Para(p.start + junction.start(), p.end, p.text[junction.start() :], p.full_text))
            p = _Para(p.start, p.start + junction.start(), p.text[: junction.start()], p.full_text)
        out.append(p)
    return out


def is_table_line(text: str) -> bool:
    """A row of a table as the readers write it (cells joined by `` | ``): never split, never read for run-in
    ordinals (its numbered items are its cells' text)."""
    return CELL_SEPARATOR in text


@dataclass(frozen=True)
class RunIn:
    """A run-in ordinal read as a point: ``label`` (一是, "First,") of ``series`` with ``value``, at offset ``at``."""

    at: int
    series: str
    value: int
    label: str


RUN_IN_WINDOW = 4000  # characters between two ordinals of one sequence at most


def run_in_ordinals(paras: list[_Para], language: str | None) -> list[RunIn]:
    """Run-in ordinals (一是…二是…, 一要…二要…, "First, … Second, …" of ``rules/<language>/numbering.json``)
    that open a clause (the start of a paragraph or after a clause-ending mark) and stand in a sequence: the
    series' first label followed by its second, and so on. A lone 一是 (统一是, "At first,") is not one."""
    if language not in languages():
        return []
    book = rules(language).extras.get("numbering", {})
    series = book.get("run_in_series", ())
    if not series:
        return []
    boundary = regex.compile(book.get("run_in_boundary", r"[.;:!?。；：]") + r"\s*$")
    found: list[RunIn] = []
    for s in series:
        labels = s["labels"]
        inline_only = s.get("inline_only", False)  # （1）…；（2）… after a colon: at a paragraph's start it is outline
        label_re = regex.compile(
            "|".join(regex.escape(x) for x in sorted(labels, key=len, reverse=True))
            + (r"(?=\s*\S)" if language == "zh" or inline_only else r"(?=\s)")
        )
        for p in paras:
            if is_table_line(p.text):
                continue
            # what stands before the paragraph on its line (a paragraph split off a line by split_run_together)
            line = p.full_text[p.full_text.rfind("\n", 0, p.start) + 1 : p.start] if p.full_text else ""
            for m in label_re.finditer(p.text):
                before = line + p.text[: m.start()]
                opens = not before.strip()
                if opens and inline_only or not opens and not boundary.search(before[-8:]):
                    continue
                found.append(RunIn(p.start + m.start(), s["series"], labels.index(m.group()) + 1, m.group()))
    found.sort(key=lambda r: r.at)
    return _sequences(found)


def _sequences(found: list[RunIn]) -> list[RunIn]:
    """The ordinals that continue their series (1, 2, 3 … within :data:`RUN_IN_WINDOW`), in runs of two or more."""
    out: list[RunIn] = []
    chains: dict[str, list[RunIn]] = {}
    for r in found:
        chain = chains.get(r.series, [])
        if chain and r.value == chain[-1].value + 1 and r.at - chain[-1].at <= RUN_IN_WINDOW:
            chain.append(r)
            continue
        if r.value == 1:
            if len(chain) > 1:
                out.extend(chain)
            chains[r.series] = [r]
    out.extend(r for chain in chains.values() if len(chain) > 1 for r in chain)
    return sorted(out, key=lambda r: r.at)


def split_run_in(paras: list[_Para], ordinals: list[RunIn]) -> list[_Para]:
    """Each run-in ordinal inside a paragraph starts a paragraph of its own (offsets into the same text)."""
    cuts = sorted(r.at for r in ordinals)
    out: list[_Para] = []
    k = 0
    for p in paras:
        while k < len(cuts) and cuts[k] < p.start:
            k += 1
        start = p.start
        while k < len(cuts) and cuts[k] < p.end:
            at = cuts[k]
            head = p.text[start - p.start : at - p.start].rstrip()
            if head.strip():
                out.append(_Para(start, start + len(head), head, p.full_text))
            start = at
            k += 1
        out.append(_Para(start, p.end, p.text[start - p.start :], p.full_text))
    return out
