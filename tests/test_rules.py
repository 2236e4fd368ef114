"""The rule books: every file meets its schema, every entry matches its examples (what each example and
counter-example must produce through the running finder: tests/test_rule_contracts.py), derived patterns agree
with their lists, and the spaCy components save their patterns."""

from __future__ import annotations

import json

import jsonschema
import pytest
import regex

from pipeline.extract.agencies import responsibility_segments
from pipeline.ingest.language import matching_copy
from pipeline.rules import MATCHED_ON_COPY, RULES_DIR, entry_pattern, languages, rules, schema_path

BOOK_FILES = sorted(p for lang in languages() for p in (RULES_DIR / lang).glob("*.json"))
ENTRIES = [
    (p.parent.name, p.stem, i, e)
    for p in BOOK_FILES
    for i, e in enumerate(json.loads(p.read_text(encoding="utf-8"))["entries"])
]


def test_every_language_has_a_book():
    assert "en" in languages()
    assert len(BOOK_FILES) >= 10


@pytest.mark.parametrize("path", BOOK_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_file_meets_its_schema(path):
    schema = json.loads(schema_path(path.parent.name, path.stem).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    "language,concept,i,entry",
    ENTRIES,
    ids=[f"{lang}/{c}/{e.get('phrase') or e.get('pattern')}" for lang, c, i, e in ENTRIES],
)
def test_entry_matches_its_examples(language, concept, i, entry):
    pattern = entry_pattern(language, concept, entry)
    # Chinese rules read the matching copy: traditional characters simplified, full-width forms as ASCII.
    seen = matching_copy if concept in MATCHED_ON_COPY.get(language, ()) else str
    for example in entry["examples"]:
        text = example if isinstance(example, str) else example["text"]
        assert pattern.search(seen(text)), f"{concept}[{i}] does not match its example {text!r}"
    # Counter-examples are checked through the running pattern or finder: tests/test_rule_contracts.py.


def test_no_phrase_is_listed_twice_in_one_kind():
    seen = set()
    for language, concept, _, e in ENTRIES:
        if "phrase" in e:
            ignore_case = entry_pattern(language, concept, e).flags & regex.I
            phrase = e["phrase"].lower() if ignore_case else e["phrase"]
            key = (language, concept, e.get("kind"), e.get("position"), phrase)
            assert key not in seen, key
            seen.add(key)


def test_every_responsibility_wording_is_a_cue_with_a_role():
    """Cue, label splitter and trailer come from one list, so a new wording is all three at once."""
    r = rules("en")
    for e in r.entries("responsibility"):
        for example in e["examples"]:
            assert r.re("responsibility_cue").search(example)
        assert r.role_of[e["phrase"].lower()] == e["role"]


@pytest.mark.parametrize(
    "inner,expected",
    [
        ("Lead: MOST; Participating: MOF, MIIT", [("lead", "MOST"), ("participating", "MOF, MIIT")]),
        ("MOST takes the lead, MOF participates", [("lead", "MOST"), ("participating", "MOF")]),
        ("In cooperation with MOF", [("participating", "MOF")]),
        ("MOF and PBC are individually responsible for their duties", [("individually_responsible", "MOF and PBC")]),
        ("Responsible by: SIPO, MOFCOM", [("responsible", "SIPO, MOFCOM")]),
        ("SIPO, MOFCOM", [("responsible", "SIPO, MOFCOM")]),
    ],
)
def test_responsibility_segments(inner, expected):
    got = [(role, inner[s:e].strip()) for role, s, e in responsibility_segments(inner, 0, len(inner))]
    assert got == expected


def test_unknown_language_is_a_clear_error():
    with pytest.raises(LookupError, match="no rule book for language 'xx'"):
        rules("xx")


def test_phrase_rulers_save_their_patterns_with_the_pipeline(tmp_path):
    import spacy

    from pipeline.extract.nlp import build_nlp

    nlp = build_nlp("en")
    nlp.to_disk(tmp_path / "nlp")
    saved = (tmp_path / "nlp" / "actions" / "patterns.jsonl").read_text(encoding="utf-8")
    assert '"pattern": "formulate"' in saved
    loaded = spacy.load(tmp_path / "nlp")
    text = "Formulate the Regulations on Trade Secrets and revise the Patent Law with the Ministry of Finance."
    doc_a, doc_b = loaded(text), nlp(text)
    for key in ("instrument_heads", "actions", "agencies"):
        a = [(s.text, s.label_) for s in doc_a.spans[key]]
        b = [(s.text, s.label_) for s in doc_b.spans[key]]
        assert a == b and a, key


@pytest.mark.parametrize(
    "concept, block, key, matched, expected",
    [
        ("targets", "units", "unit_normalized", "个百分点", "percentage point"),
        ("targets", "units", "unit_normalized", "％", "%"),
        ("targets", "suffix_comparators", "comparator", "以内", "<="),
        ("targets", "entries", "comparator", "不少于", ">="),
        ("actions", "entries", "action", "研究制定", "formulate"),
        ("responsibility", "entries", "part", "牵头", "lead"),
        ("targets", "units", "unit_normalized", "个月", "month"),  # not a count: 个 followed by 月 is excluded there
        ("targets", "units", "unit_normalized", "公里", None),  # a unit the book does not list
        ("targets", "units", "unit_normalized", "", None),
    ],
)
def test_a_matched_text_finds_its_entry(concept, block, key, matched, expected):
    """What the Chinese extractor asks of a match (which comparator, unit, action or part it is): the first
    entry of the list whose pattern, compiled once by the rule book, matches all of it."""
    assert rules("zh").value_of(concept, block, key, matched) == expected
