"""Long and adversarial plans: no length limit, and pathological shapes finish with the rows they should.

Speed is measured by `make bench` (growth ratios of the 2031 plan repeated 5 and 50 times, and of each
adversarial shape at 1x and 10x), never asserted here. A quadratic step makes these inputs take minutes; a
generous alarm turns that into a failure instead of a hang.
"""

from __future__ import annotations

import signal
from collections import Counter
from contextlib import contextmanager

import pytest
import spacy
from scale_fixtures import PLAN_2031, adversarial, plan_of_length

from pipeline.extract.nlp import build_nlp
from pipeline.intervals import Containers, Coverage, IntervalIndex
from pipeline.segment.outline import TRAILING_PARENS, trailing_parens
from pipeline.stages import process_file

GUARD_SECONDS = 120  # about 20 times what these take: only a quadratic step gets near it


@contextmanager
def guard(seconds: int = GUARD_SECONDS):
    def stop(signum, frame):
        raise TimeoutError(f"took over {seconds} s: a step is not linear in the input")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_text(tmp_path, text: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with guard():
        return process_file(path)


def per_measure(doc) -> list[tuple]:
    """Each listed measure's rows, with offsets made relative to the measure (so repeats compare equal)."""
    rows = []
    for m in doc.measures:
        s = m.span.start
        laws = sorted(
            (x.span.start - s, x.surface, x.instrument_type, x.action, x.law_id)
            for x in doc.law_mentions
            if x.measure_id == m.measure_id
        )
        agencies = sorted(
            (a.span.start - s, a.surface, a.agency_id, a.role, a.lead)
            for a in doc.agency_mentions
            if a.measure_id == m.measure_id
        )
        targets = sorted(
            (t.span.start - s, t.surface, t.comparator, t.value_min, t.unit, t.subject)
            for t in doc.targets
            if t.measure_id == m.measure_id
        )
        rows.append((m.number, m.status, m.text, m.responsibility_text, tuple(laws), tuple(agencies), tuple(targets)))
    return rows


@pytest.mark.slow
def test_two_million_characters_give_the_rows_of_their_pieces(tmp_path):
    """Over spaCy's 1,000,000-character limit: every repeat of the 2031 body gives the 2031 plan's rows."""
    one = process_file(PLAN_2031)
    big = run_text(tmp_path, plan_of_length(2_000_000))
    assert len(big.text) >= 2_000_000 and big.status == "success" and not big.errors
    repeats, rest = divmod(len(big.measures), len(one.measures))
    assert rest == 0 and repeats > 300
    assert per_measure(big) == per_measure(one) * repeats
    assert len(big.targets) == len(one.targets) * repeats
    assert len(big.sections) == len(one.sections) * repeats


def count_by(rows, key) -> Counter:
    return Counter(key(r) for r in rows)


# (shape, n, check on the document): the sizes.
ADVERSARIAL = [
    ("quotes", 20_000, lambda d: len(d.measures) == 1 and [x.surface for x in d.law_mentions][-1] == "Trademark Law"),
    ("short_paragraphs", 10_000, lambda d: len(d.measures) == 1 and d.measures[0].text == "Promote the work."),
    (
        "paragraphs",
        10_000,
        lambda d: (
            len(d.measures) == 1
            and d.measures[0].text.count("and the work") == 10_000
            and [a.agency_id for a in d.agency_mentions if a.measure_id] == ["moj"]
        ),
    ),
    # measure numbers have at most three digits: items 1-999 are measures, the rest run on in the last one
    (
        "run_together",
        8_000,
        lambda d: (
            [m.number for m in d.measures] == list(range(1, 1000))
            and len(d.targets) == 8_000
            and len(d.law_mentions) == 8_000 + 2
        ),
    ),  # (+ 2 cited in the notice; the plan
    # it issues is the document itself)
    ("paren_items", 50_000, lambda d: len(d.measures) == 1 and d.measures[0].text.endswith("(1)" * 50_000)),
    ("agency_list", 10_000, lambda d: count_by(d.agency_mentions, lambda a: a.role)["responsible"] == 10_000),
    ("addressees", 10_000, lambda d: count_by(d.agency_mentions, lambda a: a.role)["addressee"] == 10_000 + 4),
]


@pytest.mark.slow
@pytest.mark.parametrize(("shape", "n", "check"), ADVERSARIAL, ids=[a[0] for a in ADVERSARIAL])
def test_adversarial_shapes_finish_with_their_rows(tmp_path, shape, n, check):
    doc = run_text(tmp_path, adversarial(shape, n))
    assert check(doc), shape


# The linear replacements give exactly the answers of what they replace.
PAREN_CASES = [
    "measure (Responsible by: A, B).",
    "x (a (b) c) ;",
    "x (a (b (c)))",
    "x (a) (b)",
    "x (a)) ",
    "(a)",
    "x（甲（乙）丙）。",
    "x (a)\n\n",
    "x ) (a",
    "x (a) . .",
    "no brackets",
    "x (a)" + "(1)" * 300,
]


@pytest.mark.parametrize("text", PAREN_CASES)
def test_trailing_parens_finds_what_the_pattern_finds(text):
    expected = TRAILING_PARENS.search(text)
    found = trailing_parens(text)
    assert (found and (found.span(), found.span("inner"))) == (expected and (expected.span(), expected.span("inner")))


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        '"' * 3000,
        "." * 3000,
        "a" + "." * 150 + "!",
        "x" * 200 + "'s",
        "10" + "%" * 200,
        '"the' + '"' * 500 + "Law”" * 50,
        "(" * 150 + "a" + ")" * 150 + ".",
    ],
)
def test_the_tokenizer_reading_suffixes_from_the_end_splits_as_spacy_does(text):
    plain = spacy.blank("en").tokenizer
    assert [t.text for t in build_nlp().tokenizer(text)] == [t.text for t in plain(text)]


INTERVALS = [(0, 10, 0, "a"), (2, 5, -1, "b"), (5, 8, -1, "c"), (8, 8, -2, "empty"), (12, 20, 0, "d")]


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, ("a",)),
        (2, ("b", "a")),
        (5, ("c", "a")),
        (8, ("a",)),
        (10, ()),
        (11, ()),
        (12, ("d",)),
        (19, ("d",)),
        (20, ()),
        (-1, ()),
    ],
)
def test_interval_index_lists_the_intervals_holding_an_offset_by_priority(offset, expected):
    assert IntervalIndex(INTERVALS).at(offset) == expected


@pytest.mark.parametrize(
    ("span", "contains", "overlaps"),
    [
        ((0, 10), True, True),
        ((3, 11), False, True),
        ((10, 12), False, False),
        ((12, 13), True, True),
        ((-2, 0), False, False),
        ((19, 25), False, True),
    ],
)
def test_containers_answer_as_a_scan_would(span, contains, overlaps):
    pairs = [(0, 10), (2, 5), (12, 20)]
    inside = Containers(pairs)
    assert inside.contains(*span) == contains == any(a <= span[0] and span[1] <= b for a, b in pairs)
    assert inside.overlaps(*span) == overlaps == any(a < span[1] and span[0] < b for a, b in pairs)
    assert [Coverage(pairs).covers(x) for x in range(-1, 22)] == [
        any(a <= x < b for a, b in pairs) for x in range(-1, 22)
    ]
