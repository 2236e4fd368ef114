"""Segment: the 2014 circular's skeleton, checked by reading the document, and its renderings."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CIRCULAR_2014, outline
from variants import hard_wrap, indented_no_blank_lines, single_newlines, to_bytes

from pipeline.corpus import process_file
from pipeline.model import PipelineError, Source
from pipeline.repair import repair
from pipeline.segment import segment, split_agency_list


def test_2014_metadata(doc_2014):
    m = doc_2014.metadata
    assert m.doc_number == "G. ZH. F. X. Z. [2014] No. 24"
    assert m.issue_date == date(2014, 4, 1)
    assert m.year == 2014
    assert m.title.startswith("Circular of the Office of Inter–Ministry Joint Conference")
    assert m.title.endswith("Promotion Plan for the Implementation of the National IP Strategy in 2014")
    assert m.issuer == ("Office of Inter–Ministry Joint Conference for Implementing the National "
                        "Intellectual Property Strategy")
    assert m.plan_title == "The Promotion Plan for the Implementation of the National IP Strategy in 2014"
    assert doc_2014.text[m.preamble_span.start:].startswith("This plan is promulgated")


def test_2014_addressees(doc_2014):
    names = [doc_2014.text[s.start:s.end] for s in doc_2014.addressees]
    assert len(names) == 28
    assert names[0] == "Propaganda Department of the CPC Central Committee"
    assert "General Administration of Quality Supervision, Inspection and Quarantine" in names
    assert ("State Administration of Press, Publication, Radio, Film and Television "
            "(National Copyright Administration)") in names
    assert names[-2:] == ["State Administration of Science, Technology and Industry for National Defense",
                          "General Armament Department"]


def test_2014_sections_and_goals(doc_2014):
    assert [(s.label, s.level) for s in doc_2014.sections] == [
        ("I", 1), ("II", 1), ("III", 1), ("IV", 1), ("V", 1), ("VI", 1), ("VII", 1)]
    assert doc_2014.sections[0].title == "Improving IP quality"
    assert len(doc_2014.goals) == 24
    per_section = [sum(g.section_id == s.section_id for g in doc_2014.goals) for s in doc_2014.sections]
    assert per_section == [4, 2, 5, 4, 3, 3, 3]  # counted by reading the semicolons of each goals paragraph
    assert doc_2014.goals[3].text.startswith("upgrade the creation capability")  # "; and upgrade ..."


def test_2014_measures(doc_2014):
    listed = [m.number for m in doc_2014.measures if m.status == "listed"]
    omitted = [m.number for m in doc_2014.measures if m.status == "omitted"]
    assert listed == list(range(1, 55)) + list(range(64, 80))
    assert omitted == list(range(55, 64))
    by_number = {m.number: m for m in doc_2014.measures}
    assert ("implement special crackdown activities on online copyright piracy and infringement."
            in by_number[28].text)
    assert by_number[72].text.endswith("National Intellectual Property Strategy (2014–2020).")
    assert "Interim Provisions on IP Management" in by_number[45].text
    assert by_number[19].text.endswith(
        "Implementation Regulations of Trademark Law, and Service Invention Regulations.")
    section_of = {s.section_id: s.label for s in doc_2014.sections}
    assert section_of[by_number[7].section_id] == "I"
    assert section_of[by_number[8].section_id] == "II"
    assert section_of[by_number[60].section_id] == "V"
    assert section_of[by_number[79].section_id] == "VII"
    for m in doc_2014.measures:
        if m.status == "listed":
            assert doc_2014.text[m.span.start:m.span.end] == m.text
            assert "*" not in m.text and "\n" not in m.text and "- " not in m.text


@pytest.mark.parametrize("variant", ["wrapped_crlf_bom", "gb18030", "utf16", "single_newlines", "indented"])
def test_renderings_give_the_same_outline(tmp_path, doc_2014, variant):
    text = CIRCULAR_2014.read_text(encoding="utf-8")
    data = {
        "wrapped_crlf_bom": lambda: to_bytes(hard_wrap(text, 72), newline="\r\n", bom=True),
        "gb18030": lambda: to_bytes(text, "gb18030"),
        "utf16": lambda: to_bytes(text, "utf-16"),
        "single_newlines": lambda: to_bytes(single_newlines(text)),
        "indented": lambda: to_bytes(indented_no_blank_lines(text)),
    }[variant]()
    path = tmp_path / f"circular_{variant}.txt"
    path.write_bytes(data)
    assert outline(process_file(path)) == outline(doc_2014)


def test_text_without_numbered_body_is_a_document_that_says_so():
    src = Source(path="x.txt", format="txt", text="Dear colleagues,\n\nSee you on Monday.\n", sha256="0")
    doc = segment(repair(src))
    assert (doc.sections, doc.measures) == ((), ())
    assert any(note.startswith("no numbered body") for note in doc.outline_notes)


def test_empty_text_is_an_error():
    src = Source(path="x.txt", format="txt", text="\n \n", sha256="0")
    with pytest.raises(PipelineError, match="empty"):
        segment(repair(src))


@pytest.mark.parametrize("text, expected", [
    ("Ministry of Finance, Ministry of Justice and the State Post Bureau",
     ["Ministry of Finance", "Ministry of Justice", "State Post Bureau"]),
    # unknown to the gazetteer: a fragment without a head noun belongs to the name before it
    ("Bureau of Seeds, Saplings and Flowers, Ministry of Finance",
     ["Bureau of Seeds, Saplings and Flowers", "Ministry of Finance"]),
    ("the Ministry of Commerce; People's Bank of China", ["Ministry of Commerce", "People's Bank of China"]),
])
def test_split_agency_list(text, expected):
    assert [text[s.start:s.end] for s in split_agency_list(text, 0, len(text))] == expected


def test_omitted_single_and_range_forms():
    text = ("Plan\n\nI. Heading\n\n1. Do one.\n\n2-4. (Omitted)\n\nMeasure 5 (omitted)\n\n6. Do six.")
    doc = segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0")))
    assert [(m.number, m.status) for m in doc.measures] == [
        (1, "listed"), (2, "omitted"), (3, "omitted"), (4, "omitted"), (5, "omitted"), (6, "listed")]
