"""A translation's footnotes (issue 22, item 3): markers glued to words and the notes at a page's foot or the
document's end are furniture, kept in the text and never in a unit's span, text or an instrument's title.
Fixtures in our own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.segment.footnotes import footnote_spans, mask_markers
from pipeline.stages import process_file

FIXTURE = Path(__file__).parent / "fixtures" / "footnotes" / "en_plan_footnotes.txt"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Issuing the Demo Plan1\n\n1 See the note on plans.", ["1", "1 See the note on plans."]),
        ("Apply the Data Law14 and its rules.\n\n14 Adopted in 2021.", ["14", "14 Adopted in 2021."]),
        ("Follow the Initiative,2 and act.\n\n2 Launched in 2030.", ["2", "2 Launched in 2030."]),
        ("Use the Standards[3] now.\n\n[3] Drafted by the ministry.", ["[3]", "[3] Drafted by the ministry."]),
        ("Build berths by 2033.4\n\n4 River berths included.", ["4", "4 River berths included."]),
        # several notes printed on one line: one note paragraph
        (
            "The Law2 and the Code3 apply.\n\n2 Adopted in 2020. 3 Revised in 2024.",
            ["2", "3", "2 Adopted in 2020. 3 Revised in 2024."],
        ),
        # a numbered heading without a marker before it is no note; a marker without its note is no marker
        ("The Demo Plan\n\n1 General Provisions", []),
        ("The Demo Plan1 is issued.", []),
        # units and decimals are no markers: km2 (two letters), 3.5 times
        ("An area of 30 km2 in all.\n\n2 See the map.", []),
        ("Output grows 3.5 times.\n\n5 See the table.", []),
        # a note printed before the word carrying its number annotates nothing
        ("1 See the note.\n\nThe Demo Plan1 is issued.", []),
        ("按照《示范规划》1执行。\n\n1 See the plan.", []),
    ],
)
def test_footnote_spans(text, expected):
    assert [text[s.start : s.end] for s in footnote_spans(text)] == expected


def test_markers_are_blanked_for_the_extractor_and_offsets_hold():
    text = "Apply the Data Law14 and its rules.\n\n14 Adopted in 2021."
    masked = mask_markers(text, footnote_spans(text))
    assert masked == "Apply the Data Law   and its rules.\n\n14 Adopted in 2021."
    assert len(masked) == len(text)


@pytest.fixture(scope="module")
def doc():
    return process_file(FIXTURE)


def test_unit_texts_hold_no_footnote(doc):
    assert [m.text for m in doc.measures] == [
        "Follow the Clean Shipping Initiative, and cut emissions in every port by 2035.",
        "Apply the Port Data Security Law and the Measures for Shore Power Management to every terminal.",
        "Build shore power at twenty berths by 2033.",
        "Publish the Green Port Evaluation Standards within one year.",
    ]
    assert [s.title for s in doc.sections] == ["Guiding Principles", "Key Tasks"]
    spans = [doc.text[u.span.start : u.span.end].rstrip() for u in (*doc.sections, *doc.measures)]
    assert [t[-1] for t in spans] == ["."] * 6  # no span ends in a marker or a note


def test_footnote_lines_are_kept_in_the_text_outside_every_unit(doc):
    notes = [s for s in doc.metadata.furniture_spans if "\n" not in doc.text[s.start : s.end] and s.end - s.start > 4]
    assert [doc.text[s.start : s.end][:6] for s in notes] == ["2 See ", "3 Adop", "1 Tran", "4 The ", "[5] Dr"]
    for note in notes:
        for u in (*doc.sections, *doc.measures):
            assert not (u.span.start < note.end and note.start < u.span.end), (u, note)
    assert not [q for q in doc.quality if q.check == "numbered_text_outside_units"]


def test_instrument_titles_and_the_title_hold_no_marker(doc):
    assert [(m.title, m.measure_id.rsplit("/", 1)[1]) for m in doc.law_mentions if m.measure_id] == [
        ("Port Data Security Law", "m2"),
        ("Measures for Shore Power Management", "m2"),
        ("Green Port Evaluation Standards", "m4"),
    ]
    assert doc.metadata.title == "Green Ports Plan"
    assert not any(t and t[-1].isdigit() for t in (doc.metadata.title, doc.metadata.plan_title))
