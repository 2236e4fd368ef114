"""Rule examples as contracts: each example of a rule-book entry is run through the compiled pattern or finder
the pipeline runs, and must produce the entry's output there; each counter-example must not.

Two checks per entry:

- **found**: the kind's combined pattern (all entries of the kind in one alternation, longest first: the one a
  stage runs) finds, in each example, the very match the entry makes on its own. An example whose phrase a
  longer entry swallows, or that only contains the phrase inside another word, fails.
- **produced**: where an entry has an output (a responsibility wording's ``role``, an instrument head's
  ``type``, an action's ``action``, a target word's ``comparator`` or ``unit``, a number's ``value``, a month's
  ``value``, a metadata label's ``field``, a numbering's ``kind``, a collective's ``agency_id``, a zh
  responsibility ``part``), the finder the pipeline runs on that concept is run on the example and must
  produce it, for the entry's own words where the finder says which words it read. An example written as
  ``{"text": ..., "expect": {...}}`` states its output itself (a number word inside a larger number).

A counter-example must not produce the entry's output (and its own pattern must not match it:
tests/test_rules.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from functools import cache
from typing import Any

import pytest
import regex

from pipeline.extract.agencies import RESPONSIBILITY_LABEL, RESPONSIBILITY_TRAILER, responsibility_segments
from pipeline.extract.functional import functional_bodies
from pipeline.extract.targets import find_targets_in_text
from pipeline.gazetteer import collective, collective_spans
from pipeline.ingest.language import matching_copy
from pipeline.model import Document, Measure, Metadata, RepairedText, Source, Span
from pipeline.patterns import DATE
from pipeline.quality import NUMBERING_KINDS
from pipeline.rules import MATCHED_ON_COPY, RULES_DIR, any_language, entry_pattern, languages, rules
from pipeline.segment.dates import to_date
from pipeline.segment.identity import METADATA_LABEL, field_of_label

# The kinds a stage reads through one pattern over every language's book (pipeline.patterns,
# pipeline.segment.identity): their examples are checked through that pattern.
ANY_LANGUAGE = {
    ("labels", k)
    for k in (
        "responsibility_cue",
        "seal_marker",
        "title_word",
        "furniture",
        "furniture_word",
        "publication_note",
        "toc_label",
        "preamble_opener",
    )
}
ANY_LANGUAGE |= {("identity", k) for k in ("metadata_label", "closing_formula", "cover_word", "deadline_after")}
# Books whose entries a stage runs one at a time (pipeline.links: each plan-name word is its own concept).
EACH_ALONE = {("zh", "title_words")}


def text_of(example: str | Mapping) -> str:
    return example if isinstance(example, str) else example["text"]


def _entries() -> Iterator[tuple[str, str, int, dict]]:
    for lang in languages():
        for path in sorted((RULES_DIR / lang).glob("*.json")):
            for i, e in enumerate(json.loads(path.read_text(encoding="utf-8"))["entries"]):
                yield lang, path.stem, i, e


ENTRIES = list(_entries())
IDS = [
    f"{lang}/{c}/{e.get('kind') or ''}/{e.get('phrase') or e.get('name') or e.get('pattern', '')[:24]}"
    for lang, c, i, e in ENTRIES
]


def seen(language: str, concept: str, text: str) -> str:
    """What a rule reads: the matching copy for the books matched on it (zh), else the text as printed."""
    return matching_copy(text) if concept in MATCHED_ON_COPY.get(language, ()) else text


def running_pattern(language: str, concept: str, kind: str | None, entry: Mapping) -> regex.Pattern:
    if (language, concept) in EACH_ALONE:
        return entry_pattern(language, concept, entry)
    if (concept, kind) in ANY_LANGUAGE:
        return any_language(concept, kind)
    return rules(language).pattern(concept, kind)


# --- found: the running pattern makes this entry's match -----------------------------------------------------


@pytest.mark.parametrize("language,concept,i,entry", ENTRIES, ids=IDS)
def test_the_running_pattern_finds_each_example_as_this_entry(language, concept, i, entry):
    if concept == "laws":
        return  # found by the title finder: tests/test_zh.py (every listed instrument is found in its examples)
    mine = entry_pattern(language, concept, entry)
    running = running_pattern(language, concept, entry.get("kind"), entry)
    for example in entry["examples"]:
        text = seen(language, concept, text_of(example))
        own = {m.span() for m in mine.finditer(text)}
        assert own, f"{concept}[{i}] does not match its example {text!r}"
        found = [m.span() for m in running.finditer(text)]
        assert own & set(found), (
            f"{language}/{concept}[{i}]: the running pattern reads {text!r} as "
            f"{[text[s:e] for s, e in found]}, not as this entry's {[text[s:e] for s, e in own]}"
        )
    if (language, concept, entry.get("kind")) in PRODUCERS:
        return  # its counter-examples must not produce its output: below
    for counter in entry.get("counter_examples", ()):
        text = seen(language, concept, text_of(counter))
        own = {m.span() for m in mine.finditer(text)}
        read = {m.span() for m in running.finditer(text)}
        assert not own & read, f"{concept}[{i}] reads its counter-example {text!r}"


# --- produced: the running finder gives the entry's output ---------------------------------------------------

Produced = list[tuple[str | None, Any]]  # (the words the finder read, if it says; the output)


def _parenthetical(text: str) -> str:
    """The inside of the example's last bracket (a responsibility note, maybe cut off at either end)."""
    start = max(text.rfind("("), text.rfind("（")) + 1
    return regex.sub(r"[)）]?[\s.。]*$", "", text[start:])


def responsibility_roles(text: str) -> Produced:
    """Labels and trailers as pipeline.extract.agencies reads them, with the role each list gets there."""
    inner = _parenthetical(text)
    roles = {(s, role) for role, s, _ in responsibility_segments(inner, 0, len(inner))}
    out: Produced = []
    for m in RESPONSIBILITY_LABEL.finditer(inner):
        out += [(m.group("label"), role) for s, role in roles if s == m.end()]
    for m in RESPONSIBILITY_TRAILER.finditer(inner):
        wording = rules("en").role_of[m.group("trailer").lower()]
        out += [(m.group("trailer"), wording)] if any(r == wording for _, r in roles) else []
    return out


@cache
def _english_nlp():
    from pipeline.extract.nlp import annotate

    return annotate


def phrase_spans(key: str) -> Callable[[str], Produced]:
    def produced(text: str) -> Produced:
        return [(s.text, s.label_) for s in _english_nlp()(text).spans[key]]

    return produced


def english_targets(field: str) -> Callable[[str], Produced]:
    """pipeline.extract.targets' finder: each target's words (with what stands right before) and ``field``."""

    def produced(text: str) -> Produced:
        return [(text[max(0, s - 40) : e], t[field]) for s, e, t in find_targets_in_text(text, [])]

    return produced


def months(text: str) -> Produced:
    return [
        (m.group("m1") or m.group("m2"), d.month)
        for m in DATE.finditer(text)
        if (d := to_date(m)) and (m.group("m1") or m.group("m2"))
    ]


def metadata_fields(text: str) -> Produced:
    return [(m.group("label"), field_of_label(m.group("label"))) for m in METADATA_LABEL.finditer(text)]


def numbering_kind(language: str) -> Callable[[str], Produced]:
    """pipeline.quality.unread_numbering: the first kind whose pattern opens the line."""

    def produced(text: str) -> Produced:
        book = rules(language)
        kind = next((k for k in NUMBERING_KINDS if book.pattern("numbering", k).match(text)), None)
        return [(None, kind)] if kind else []

    return produced


def collectives(text: str) -> Produced:
    return [(text[s:e], collective(text[s:e])) for s, e in collective_spans(text, 0, len(text))]


def functional(text: str) -> Produced:
    """pipeline.extract.functional: each function named, with the body it resolves to (None below the national
    level); the words read are the function's own."""
    return [(f.function[0], f.agency_id) for f in functional_bodies(text)]


def _zh_doc(text: str) -> Document:
    """A one-measure Chinese document over ``text``."""
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")
    repaired = RepairedText(source=source, text=text, offsets=())
    measure = Measure("d/m1", None, 1, "listed", text, Span(0, len(text)))
    return Document("d", repaired, Metadata(year=2030, language="zh"), measures=(measure,))


def zh_actions(text: str) -> Produced:
    from pipeline.extract.zh import find_titles, law_mentions

    copy = matching_copy(text)
    return [(None, m.action) for m in law_mentions(_zh_doc(text), copy, list(find_titles(copy)))]


def zh_instrument_type(text: str) -> Produced:
    from pipeline.extract.zh import instrument_type

    return [(None, instrument_type(text))]


def zh_targets(field: str) -> Callable[[str], Produced]:
    def produced(text: str) -> Produced:
        from pipeline.extract.zh import find_targets

        return [(t.surface, getattr(t, field)) for t in find_targets(_zh_doc(text), matching_copy(text))]

    return produced


def zh_title_words(text: str) -> Produced:
    from pipeline.links import title_words

    return [(None, c) for c in title_words(text, "zh")]


def zh_responsibility_part(text: str) -> Produced:
    """pipeline.extract.zh._note_units: the first entry whose pattern is found in a clause gives its part."""
    out: Produced = []
    for clause in regex.split(r"[，,；;]", matching_copy(_parenthetical(text))):
        part = next((e["part"] for p, e in rules("zh").each("responsibility") if p.search(clause)), None)
        out += [(None, part)] if part else []
    return out


# (language, concept, kind) -> (the entry's output field, the finder the pipeline runs, and where the finder says
# which words it read, how the output must come from this entry's own words: "exact" (the words read are the
# phrase) or "within" (a target's words hold the phrase)).
PRODUCERS: dict[tuple[str, str, str | None], tuple[str, Callable[[str], Produced], str | None]] = {
    ("en", "responsibility", None): ("role", responsibility_roles, "exact"),
    ("en", "actions", None): ("action", phrase_spans("actions"), "exact"),
    ("en", "instruments", None): ("type", phrase_spans("instrument_heads"), "exact"),
    ("en", "targets", "comparator"): ("comparator", english_targets("comparator"), "within"),
    ("en", "targets", "unit"): ("unit", english_targets("unit"), "within"),
    ("en", "numbers", "number"): ("value", english_targets("value_min"), "within"),
    ("en", "numbers", "magnitude"): ("value", english_targets("value_min"), "within"),
    ("en", "dates", "month"): ("value", months, "exact"),
    ("en", "identity", "metadata_label"): ("field", metadata_fields, "exact"),
    ("zh", "identity", "metadata_label"): ("field", metadata_fields, "exact"),
    ("en", "collectives", None): ("agency_id", collectives, None),
    ("en", "agency_heads", "sector"): ("agency_id", functional, "exact"),
    ("zh", "collectives", None): ("agency_id", collectives, None),
    ("zh", "actions", None): ("action", zh_actions, None),
    ("zh", "instrument_types", None): ("type", zh_instrument_type, None),
    ("zh", "targets", None): ("comparator", zh_targets("comparator"), None),
    ("zh", "responsibility", None): ("part", zh_responsibility_part, None),
    ("zh", "title_words", None): ("concept", zh_title_words, None),
    **{
        (lang, "numbering", kind): ("kind", numbering_kind(lang), None)
        for lang in ("en", "zh")
        for kind in NUMBERING_KINDS
    },
}


def expected(entry: Mapping, example: str | Mapping, field: str) -> Any:
    if isinstance(example, Mapping) and field in example.get("expect", {}):
        return example["expect"][field]
    return entry.get(field) if field != "kind" else entry["kind"]  # a function no national body holds: None


def _read_as_entry(words: str | None, entry: Mapping, language: str, concept: str, how: str | None) -> bool:
    """The finder read this entry's words: its phrase (in any case and spacing), or words that hold it."""
    if how is None or words is None or "phrase" not in entry:
        return True
    phrase, words = (SQUEEZE.sub("", t).lower() for t in (entry["phrase"], seen(language, concept, words)))
    return phrase == words if how == "exact" else phrase in words


SQUEEZE = regex.compile(r"\s+")


PRODUCING = [(lang, c, i, e) for lang, c, i, e in ENTRIES if (lang, c, e.get("kind")) in PRODUCERS]


@pytest.mark.parametrize("language,concept,i,entry", PRODUCING, ids=[IDS[ENTRIES.index(x)] for x in PRODUCING])
def test_each_example_produces_the_entry_output_through_the_running_finder(language, concept, i, entry):
    field, finder, how = PRODUCERS[(language, concept, entry.get("kind"))]
    for example in entry["examples"]:
        text, want = text_of(example), expected(entry, example, field)
        got = finder(text)
        mine = [v for words, v in got if _read_as_entry(words, entry, language, concept, how)]
        assert want in mine, f"{language}/{concept}[{i}]: {text!r} gives {got}, not {field}={want!r}"
    for counter in entry.get("counter_examples", ()):
        got = finder(text_of(counter))
        mine = [v for words, v in got if _read_as_entry(words, entry, language, concept, how)]
        assert entry.get(field) not in mine, f"{language}/{concept}[{i}]: counter-example {counter!r} gives {got}"


ZH_UNITS = rules("zh").extras["targets"]["units"]
ZH_SUFFIXES = rules("zh").extras["targets"]["suffix_comparators"]


def zh_target_rows(text: str) -> list[dict]:
    """pipeline.extract.zh.find_targets on a one-measure document: each target's fields."""
    from pipeline.extract.zh import find_targets

    return [asdict(t) for t in find_targets(_zh_doc(text), matching_copy(text))]


@pytest.mark.parametrize("entry", ZH_UNITS, ids=[e["pattern"][:20] for e in ZH_UNITS])
def test_each_chinese_unit_example_gives_its_printed_and_normalized_unit(entry):
    """The zh target book's ``units``, through pipeline.extract.zh.find_targets: each example states the target's
    unit as printed and its unit_normalized (the entry's), perhaps its value; a counter-example gives no target of
    the entry's unit_normalized."""
    for example in entry["examples"]:
        expect = example["expect"]
        assert expect["unit_normalized"] == entry["unit_normalized"], example  # the example is read as this entry
        got = zh_target_rows(example["text"])
        assert any(all(t[k] == v for k, v in expect.items()) for t in got), f"{example['text']!r} gives {got}"
        assert all(t["unit"] in t["surface"] for t in got), got  # as printed
    for counter in entry.get("counter_examples", ()):
        got = zh_target_rows(counter)
        assert entry["unit_normalized"] not in [t["unit_normalized"] for t in got], f"{counter!r} gives {got}"


@pytest.mark.parametrize("entry", ZH_SUFFIXES, ids=[e["pattern"][:20] for e in ZH_SUFFIXES])
def test_each_chinese_suffix_example_gives_its_comparator_in_a_target(entry):
    """The zh target book's ``suffix_comparators`` (以上, 以内), through pipeline.extract.zh.find_targets."""
    finder = zh_targets("comparator")
    for example in entry["examples"]:
        got = finder(text_of(example))
        assert entry["comparator"] in [v for _, v in got], f"{example!r} gives {got}"
    for counter in entry.get("counter_examples", ()):
        assert entry["comparator"] not in [v for _, v in finder(counter)], counter


def test_the_contracts_cover_every_entry_with_an_output():
    """A new concept with an output field needs its producer here, or its examples check nothing."""
    outputs = {"role", "type", "action", "comparator", "unit", "field", "agency_id", "part", "concept"}
    missing = {
        (lang, c, e.get("kind"))
        for lang, c, _, e in ENTRIES
        if outputs & set(e) and (lang, c, e.get("kind")) not in PRODUCERS and c not in ("laws",)
    }
    assert not missing, missing
    # An example that states its own output ({"text", "expect"}) needs a finder that checks it.
    stated = {
        (lang, c, e.get("kind")) for lang, c, _, e in ENTRIES if any(isinstance(x, Mapping) for x in e["examples"])
    }
    assert stated - set(PRODUCERS) - CHECKED_ALONE == set()


# Entries whose stated outputs a test of their own checks (below).
CHECKED_ALONE = {("en", "titles", "leading_article"), ("en", "titles", "state_name"), ("en", "titles", "article")}


TITLE_WORDS = rules("zh").entries("title_words")


@pytest.mark.parametrize("entry", TITLE_WORDS, ids=[e["concept"] for e in TITLE_WORDS])
def test_each_english_plan_name_example_names_its_concept(entry):
    """A plan-name word's English wording, through pipeline.links.title_words (translations pair on it)."""
    from pipeline.links import title_words

    for example in entry["examples_en"]:
        assert entry["concept"] in title_words(example, "en"), example
    for counter in entry.get("counter_examples_en", ()):
        assert entry["concept"] not in title_words(counter, "en"), counter


@pytest.mark.parametrize("name", ["not_after", "not_before_unit"])
def test_what_keeps_a_chinese_number_from_being_a_target(name):
    """The zh target book's guards around a number: each example gives no target through
    pipeline.extract.zh.find_targets, each counter-example one."""
    block, finder = rules("zh").extras["targets"][name], zh_targets("unit")
    for example in block["examples"]:
        assert finder(example) == [], example
    for counter in block["counter_examples"]:
        assert finder(counter), counter


@pytest.mark.parametrize("name", ["bound_gap", "numerals"])
def test_a_floor_or_cap_bounds_a_count_across_a_verb_or_in_a_numeral(name):
    """zh targets.json ``bound_gap`` and ``numerals``: each example gives a bounded target (至少培育1家, 至少进行一次)
    through pipeline.extract.zh.find_targets, each counter-example none (培育1家, 三类)."""
    block, finder = rules("zh").extras["targets"][name], zh_targets("comparator")
    for example in block["examples"]:
        assert [c for _, c in finder(example) if c != "="], example
    for counter in block["counter_examples"]:
        assert finder(counter) == [], counter


def test_the_title_words_of_the_chinese_law_book_work_in_the_title_finder():
    """laws.json's blocks beside its entries, through pipeline.extract.zh: the state's name and closing-bracket
    words are dropped when titles are compared, a short-name cue makes a bracket a definition."""
    from pipeline.extract.zh import SHORT_NAME_NOTE, canonical_law, title_key

    book = rules("zh").extras["laws"]
    for example in book["state_name"]["examples"]:
        assert canonical_law(example) is not None and len(title_key(example)) < len(example), example
    for example in book["title_suffixes"]["examples"]:
        assert "(" not in title_key(example), example
    for counter in book["state_name"]["counter_examples"] + book["title_suffixes"]["counter_examples"]:
        assert title_key(counter) == matching_copy(counter), counter
    for example in book["short_name_cue"]["examples"]:
        assert SHORT_NAME_NOTE.search(matching_copy(example)), example
    for counter in book["short_name_cue"]["counter_examples"]:
        assert not SHORT_NAME_NOTE.search(matching_copy(counter)), counter


# --- the blocks beside a book's entries: each example through the function that reads the block --------------

LEADING_ARTICLE = rules("en").entries("titles", "leading_article")


@pytest.mark.parametrize("entry", LEADING_ARTICLE, ids=[e["phrase"] for e in LEADING_ARTICLE])
def test_a_leading_article_is_dropped_where_titles_and_names_are_recorded(entry):
    """titles.json ``leading_article`` through pipeline.patterns.without_article (law titles, law_id keys,
    gazetteer keys, the issuer): each example gives its stated rest, each counter-example comes back whole."""
    from pipeline.extract.law_ids import normalize_title
    from pipeline.gazetteer import normalize_name
    from pipeline.patterns import without_article

    for example in entry["examples"]:
        rest = example["expect"]["rest"]
        assert without_article(example["text"]) == rest, example
        assert normalize_title(example["text"]) == normalize_title(rest), example
        assert normalize_name(example["text"]) == normalize_name(rest), example
    for counter in entry["counter_examples"]:
        assert without_article(counter) == counter, counter


TITLE_KEY_WORDS = [e for kind in ("state_name", "article") for e in rules("en").entries("titles", kind)]


@pytest.mark.parametrize("entry", TITLE_KEY_WORDS, ids=[e.get("phrase") or e["kind"] for e in TITLE_KEY_WORDS])
def test_each_title_key_example_gives_its_key(entry):
    """titles.json ``state_name`` and ``article`` through pipeline.extract.law_ids.english_title_key (how an English
    title finds its instrument in the zh law book): each example and counter-example gives its stated key."""
    from pipeline.extract.law_ids import english_title_key

    for example in entry["examples"] + entry["counter_examples"]:
        assert english_title_key(example["text"]) == example["expect"]["key"], example


def test_each_subject_lead_example_gives_its_subject():
    """zh targets.json ``subject_lead``: the subject pipeline.extract.zh.find_targets gives each example (the lead
    words dropped) and each counter-example (a lead word that does not open the clause stays)."""
    block, finder = rules("zh").extras["targets"]["subject_lead"], zh_targets("subject")
    for example in block["examples"] + block["counter_examples"]:
        got = [subject for _, subject in finder(example["text"])]
        assert got == [example["expect"]["subject"]], f"{example['text']!r} gives subjects {got}"


def test_each_conveying_notice_example_conveys_its_instrument():
    """zh laws.json ``conveying_notice``: through pipeline.extract.zh.own_titles, a notice's title makes the
    instrument it issues one of the document's own titles (never a mention); a counter-example conveys none."""
    from dataclasses import replace

    from pipeline.extract.zh import own_titles, title_key

    block = rules("zh").extras["laws"]["conveying_notice"]
    for example in block["examples"] + block["counter_examples"]:
        doc = _zh_doc("。")
        doc = replace(doc, metadata=replace(doc.metadata, title=example["text"]))
        conveyed = own_titles(doc) - {title_key(example["text"])}
        want = example["expect"]["conveys"]
        assert conveyed == ({title_key(want)} if want else set()), f"{example['text']!r} conveys {conveyed}"


def zh_notes(text: str) -> list[list[tuple[str, bool, str | None]]]:
    """pipeline.extract.zh.responsibility_notes on a one-measure document: each note's units as (surface, lead,
    agency_id)."""
    from pipeline.extract.zh import responsibility_notes

    notes = responsibility_notes(_zh_doc(text), matching_copy(text))
    return [[(m.surface, m.lead, m.agency_id) for m in note] for note in notes]


def _bracketed(text: str) -> str:
    return text if text.startswith(("（", "(")) else f"（{text}）"


ZH_RESPONSIBILITY = rules("zh").extras["responsibility"]


def test_each_responsibility_cue_example_makes_a_note():
    block = ZH_RESPONSIBILITY["cue"]
    for example in block["examples"]:
        assert zh_notes(example) and all(zh_notes(example)), example
    for counter in block["counter_examples"]:
        assert zh_notes(counter) == [], counter


def test_each_lead_before_example_makes_the_unit_before_it_lead():
    """X会同Y负责: X leads (zh responsibility.json ``lead_before``); without 会同 nobody does."""
    block = ZH_RESPONSIBILITY["lead_before"]
    for example in block["examples"]:
        first = zh_notes(_bracketed(example))[0][0]
        assert first[1] and example.startswith(first[0] + "会同"), (example, first)
    for counter in block["counter_examples"]:
        assert not any(lead for note in zh_notes(_bracketed(counter + "负责")) for _, lead, _ in note), counter


def test_each_trailing_group_example_is_cut_from_its_unit():
    """中央宣传部等部门: the unit is 中央宣传部 (zh responsibility.json ``trailing_group``)."""
    block = ZH_RESPONSIBILITY["trailing_group"]
    group = regex.compile(block["pattern"])
    for example in block["examples"]:
        units = [u for note in zh_notes(_bracketed(example + "负责")) for u, _, _ in note]
        assert units == [example[: group.search(example).start()]], (example, units)
    for counter in block["counter_examples"]:
        assert [u for note in zh_notes(_bracketed(counter + "负责")) for u, _, _ in note] == [counter], counter


def test_each_responsibility_collective_example_is_no_single_body():
    """有关部门负责: a unit, but no agency (zh responsibility.json ``collectives``); a named body resolves."""
    block = ZH_RESPONSIBILITY["collectives"]
    for example in block["examples"]:
        assert zh_notes(_bracketed(example + "负责")) == [[(example, False, None)]], example
    for counter in block["counter_examples"]:
        [[(unit, _, agency_id)]] = zh_notes(_bracketed(counter + "负责"))
        assert unit == counter and agency_id is not None, counter


def test_each_responsibility_label_example_gives_its_part():
    """负责部门：X、Y (zh responsibility.json ``labels``) through pipeline.extract.zh.label_notes: the units after the
    label get the entry's part (under 负责部门 the first unit leads); a counter-example is another entry's label."""
    from pipeline.extract.zh import label_notes

    parts = {
        "lead": lambda i: "lead",
        "responsible": lambda i: "lead" if i == 0 else "responsible",
        "participant": lambda i: "participating",
    }
    for pattern, entry in rules("zh").each("responsibility", "labels"):
        for example in entry["examples"]:
            notes = list(label_notes(_zh_doc(example), matching_copy(example)))
            got = [m.responsibility for note in notes for m in note]
            assert got and got == [parts[entry["part"]](i) for i in range(len(got))], (example, got)
        for counter in entry["counter_examples"]:
            assert list(label_notes(_zh_doc(counter), matching_copy(counter))), counter  # read, as another label
            assert not pattern.search(matching_copy(counter)), counter


# Every block beside a book's entries that carries examples, and the test above that runs them through the
# function reading the block: a new block needs its contract here, or its examples check nothing.
CHECKED_BLOCKS = {
    ("zh", "targets", "units"): "test_each_chinese_unit_example_gives_its_printed_and_normalized_unit",
    ("zh", "targets", "suffix_comparators"): "test_each_chinese_suffix_example_gives_its_comparator_in_a_target",
    ("zh", "targets", "not_after"): "test_what_keeps_a_chinese_number_from_being_a_target",
    ("zh", "targets", "not_before_unit"): "test_what_keeps_a_chinese_number_from_being_a_target",
    ("zh", "targets", "subject_lead"): "test_each_subject_lead_example_gives_its_subject",
    ("zh", "targets", "parameters"): "tests/test_zh.py::test_rule_parameters_are_not_targets",
    ("zh", "targets", "bound_gap"): "test_a_floor_or_cap_bounds_a_count_across_a_verb_or_in_a_numeral",
    ("zh", "targets", "numerals"): "test_a_floor_or_cap_bounds_a_count_across_a_verb_or_in_a_numeral",
    ("zh", "laws", "state_name"): "test_the_title_words_of_the_chinese_law_book_work_in_the_title_finder",
    ("zh", "laws", "title_suffixes"): "test_the_title_words_of_the_chinese_law_book_work_in_the_title_finder",
    ("zh", "laws", "short_name_cue"): "test_the_title_words_of_the_chinese_law_book_work_in_the_title_finder",
    ("zh", "laws", "conveying_notice"): "test_each_conveying_notice_example_conveys_its_instrument",
    ("zh", "responsibility", "cue"): "test_each_responsibility_cue_example_makes_a_note",
    ("zh", "responsibility", "lead_before"): "test_each_lead_before_example_makes_the_unit_before_it_lead",
    ("zh", "responsibility", "trailing_group"): "test_each_trailing_group_example_is_cut_from_its_unit",
    ("zh", "responsibility", "collectives"): "test_each_responsibility_collective_example_is_no_single_body",
    ("zh", "responsibility", "labels"): "test_each_responsibility_label_example_gives_its_part",
    (
        "zh",
        "agency_heads",
        "list_splitting",
    ): "tests/test_gazetteer.py::test_each_list_splitting_example_splits_as_written",
    **{
        (lang, "numbering", "run_in_series"): "tests/test_segment.py::test_run_in_series_examples_of_the_rule_book"
        for lang in ("zh", "en")
    },
    **{
        (
            lang,
            "numbering",
            "annex_heading",
        ): "test_each_annex_heading_example_opens_an_annex_and_no_counter_example_does"
        for lang in ("zh", "en")
    },
    **{
        (lang, "numbering", "annex_table"): "test_each_annex_table_example_gives_its_rows_through_the_table_reader"
        for lang in ("zh", "en")
    },
}


def _has_examples(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(k.startswith("examples") for k in value) or any(_has_examples(v) for v in value.values())
    return isinstance(value, list) and any(_has_examples(v) for v in value)


def test_every_block_with_examples_has_a_contract():
    blocks = {
        (lang, concept, name)
        for lang in languages()
        for concept, extras in rules(lang).extras.items()
        for name, value in extras.items()
        if _has_examples(value)
    }
    assert blocks - set(CHECKED_BLOCKS) == set()
    assert set(CHECKED_BLOCKS) - blocks == set()  # a contract for a block that is gone


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_annex_heading_example_opens_an_annex_and_no_counter_example_does(language):
    from pipeline.segment.body import annex_heading

    block = rules(language).extras["numbering"]["annex_heading"]
    for example in block["examples"]:
        m = annex_heading(example, language)
        assert m and m.group("label").strip(), example
    for counter in block["counter_examples"]:
        assert annex_heading(counter, language) is None, counter


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_annex_table_example_gives_its_rows_through_the_table_reader(language):
    """The first example is a header and one row: one listed row whose responsible cell is its responsibility; each
    later example, printed as a row's only cell under that header, is a row withheld as a count: that many omitted
    rows."""
    from pipeline.segment.body import table_rows
    from pipeline.segment.paragraphs import paragraphs

    first, *withheld = rules(language).extras["numbering"]["annex_table"]["examples"]
    rows, used = table_rows(paragraphs(first), "d/a1", language)
    header, row = first.split("\n")
    assert [(r.status, r.responsibility_text) for r in rows] == [("listed", row.split(" | ")[-1])]
    assert used == {0, 1}
    for example in withheld:
        rows, _ = table_rows(paragraphs(f"{header}\n | {example} |  |"), "d/a1", language)
        count = int(regex.search(r"\d+", example).group())
        assert [r.status for r in rows] == ["omitted"] * count, example
