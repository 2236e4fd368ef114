"""Later plans: numbering schemes, run-together web text, responsibility parentheticals, front-matter
variants. Fixtures under tests/fixtures/formats/ are small made-up plans, one per format; expected values
were written down from reading them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import CIRCULAR_2014, FIXTURES, PLAN_2031, ROOT, outline, table_files

from pipeline.corpus import process_file, run
from pipeline.evaluate import score
from pipeline.patterns import DOC_NUMBER
from pipeline.segment import _standalone_date

FORMATS = FIXTURES / "formats"


def _path(doc, section_id):
    by_id = {s.section_id: s for s in doc.sections}
    labels = []
    while section_id:
        labels.insert(0, by_id[section_id].label)
        section_id = by_id[section_id].parent_id
    return "/".join(labels)


def _responsible(doc):
    number = {m.measure_id: m.number for m in doc.measures}
    return [(number[a.measure_id], a.agency_id, a.lead) for a in doc.agency_mentions if a.role == "responsible"]


def test_2031_measures_sit_in_their_sections(doc_2031):
    expected = {**dict.fromkeys([1, 2, 3], "I/I"), **dict.fromkeys([4, 5], "I/II"), **dict.fromkeys([6, 7], "II/I"),
                **dict.fromkeys([8, 9, 10], "II/II"), **dict.fromkeys([11, 12], "II/III"),
                **dict.fromkeys([13, 14, 15], "III"), **dict.fromkeys([16, 17], "IV"), **dict.fromkeys([18, 19], "V")}
    assert {m.number: _path(doc_2031, m.section_id) for m in doc_2031.measures} == expected
    assert [(s.level, s.label) for s in doc_2031.sections if s.level == 2] == [
        (2, "I"), (2, "II"), (2, "I"), (2, "II"), (2, "III")]
    assert all(m.responsibility_text for m in doc_2031.measures)
    assert doc_2031.measures[0].text.endswith("Regulations on the Protection of Trade Secrets.")


def test_2031_responsibility_against_gold(doc_2031):
    gold = json.loads((ROOT / "tests" / "gold" / "synthetic_plan_2031.gold.json").read_text(encoding="utf-8"))
    s = score(doc_2031, gold)["responsibility"]
    assert s.f1 >= 0.95 and s.attribute_accuracy["lead"] == 1.0


@pytest.mark.parametrize("joiner", ["", " "], ids=["glued", "spaced"])
def test_web_text_without_line_breaks(tmp_path, doc_2031, joiner):
    text = PLAN_2031.read_text(encoding="utf-8")
    body = text.index("I. Improving")
    flat = text[:body] + joiner.join(line.strip() for line in text[body:].splitlines() if line.strip())
    path = tmp_path / "web.txt"
    path.write_text(flat, encoding="utf-8")
    doc = process_file(path)
    assert outline(doc) == outline(doc_2031)
    assert _responsible(doc) == _responsible(doc_2031)


def test_numbered_headings_with_numbered_measures():
    doc = process_file(FORMATS / "arabic_headings.txt")
    assert [(s.level, s.label, s.title) for s in doc.sections] == [
        (1, "1", "Improving the Protection System"), (1, "2", "Strengthening Utilization")]
    assert [(m.number, _path(doc, m.section_id)) for m in doc.measures] == [
        (1, "1"), (2, "1"), (3, "2"), (4, "2"), (5, "2")]
    assert doc.metadata.doc_number == "G. ZH. B. F. (2030) No. 3"
    assert doc.metadata.issue_date == date(2030, 2, 10)


def test_responsibility_formats():
    doc = process_file(FORMATS / "arabic_headings.txt")
    assert _responsible(doc) == [
        (1, "mara", False),                                   # (Responsible for X)
        (2, "cnipa", True), (2, "moj", False),                # (Lead: X; Participating: Y), era-aware alias
        (3, "most", False), (3, "moe", False), (3, "cas", False),  # bare list
        (4, "mof", False), (4, "pbc", False),                 # (X and Y are individually responsible ...)
        (5, "mofcom", False), (5, "ndrc", False), (5, "samr", False),  # (Responsible by: A, B and C)
    ]
    measure_2 = doc.measures[1]
    assert measure_2.text == "Publish the Guidelines for Patent Examination."
    assert measure_2.responsibility_text == "Lead: Intellectual Property Office; Participating: Ministry of Justice"


def test_the_same_alias_before_2018_is_sipo():
    doc = process_file(FORMATS / "pre2018_aliases.txt")
    assert _responsible(doc) == [(1, "sipo", False), (1, "saic", False)]


def test_chinese_sub_sections_and_numbering_restarting_per_section():
    doc = process_file(FORMATS / "chinese_nested.txt")
    assert [(s.level, s.label, _path(doc, s.section_id)) for s in doc.sections] == [
        (1, "I", "I"), (2, "一", "I/一"), (2, "二", "I/二"), (1, "II", "II"), (2, "一", "II/一")]
    assert [(m.number, _path(doc, m.section_id)) for m in doc.measures] == [
        (1, "I/一"), (2, "I/一"), (1, "I/二"), (1, "II/一")]
    assert len({m.measure_id for m in doc.measures}) == 4
    assert doc.metadata.issue_date == date(2029, 3, 18)  # date printed before the signature
    assert doc.metadata.issuer == "China National Intellectual Property Administration"
    assert [g.text for g in doc.goals] == ["Strengthen judicial protection", "improve administrative enforcement"]


def test_four_levels_and_points_inside_a_measure():
    doc = process_file(FORMATS / "deep_nesting.txt")
    assert [(s.level, s.label) for s in doc.sections] == [(1, "I"), (2, "I"), (3, "i"), (3, "ii"), (2, "II")]
    first = doc.measures[0]
    assert first.text.startswith("Promote the revision of the Patent Law, including:")
    assert first.text.endswith("(2) the rules on damages.")
    assert [(m.number, _path(doc, m.section_id)) for m in doc.measures] == [
        (1, "I/I/i"), (2, "I/I/i"), (3, "I/I/ii"), (4, "I/II")]
    assert doc.metadata.doc_number == "GZBF [2027] 5"


@pytest.mark.parametrize("line, number", [
    ("G. ZH. F. X. Z. [2014] No. 24", "G. ZH. F. X. Z. [2014] No. 24"),
    ("Guo Zhi Fa [2029] No. 12", "Guo Zhi Fa [2029] No. 12"),
    ("Guozhi Banfa (2016) No. 8", "Guozhi Banfa (2016) No. 8"),
    ("国知发〔2016〕8号", "国知发〔2016〕8号"),
    ("Doc. No.: GZBF [2027] 5", "GZBF [2027] 5"),
])
def test_document_numbers(line, number):
    assert DOC_NUMBER.match(line).group("number") == number


@pytest.mark.parametrize("text", ["March 18, 2031", "18 March 2031", "2031-03-18", "Mar. 18, 2031", "2031年3月18日",
                                  "March 18th, 2031", "18th of March 2031", "Date: 18 March 2031"])
def test_dates(text):
    assert _standalone_date(text) == date(2031, 3, 18)


def test_folder_of_plans_is_one_dataset_and_rerun_changes_nothing(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for src in (CIRCULAR_2014, PLAN_2031):
        (folder / src.name).write_bytes(src.read_bytes())
    out = tmp_path / "out"
    assert run([folder], out).ok
    first = table_files(out)
    assert run([folder], out).ok
    assert table_files(out) == first
    import pandas as pd

    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs.year) == [2014, 2031]
    laws = pd.read_parquet(out / "laws.parquet")
    mentions = pd.read_parquet(out / "law_mentions.parquet")
    shared = mentions.groupby("law_id").doc_id.nunique()
    assert (shared == 2).sum() >= 1  # the Opinions on Further Improving the Quality of Patent Applications
    assert set(mentions.law_id) == set(laws.law_id)


def test_later_wordings_abbreviations_and_labels():
    doc = process_file(FORMATS / "later_wordings.txt")
    assert doc.metadata.doc_number == "Guo Zhi Zhan Lian Ban [2017] No. 9"
    assert doc.metadata.issue_date == date(2017, 5, 10)
    assert doc.metadata.issuer.startswith("Office of the Inter-Ministerial Joint Conference")
    assert [m.number for m in doc.measures] == [1, 2, 3, 4]
    assert _responsible(doc) == [
        (1, "sipo", False), (1, "saic", False), (1, "ncac", False),   # "Responsible units:" with abbreviations
        (2, "sipo", False), (2, "saic", False),                       # "X and Y are responsible according to ..."
        (3, "sipo", True), (3, "mof", False), (3, "pbc", False),      # "Lead unit:; Cooperating units:"
        (4, "ncac", False), (4, "mps", False),                        # "Undertaken by:"
    ]
    laws = [(x.surface, x.instrument_type, x.action) for x in doc.law_mentions]
    assert laws == [
        ("Opinions of the State Council on Accelerating the Construction of an Intellectual Property Powerful "
         "Country under the New Situation", "opinions", "implement"),
        ("Patent Law (Draft Amendment)", "law", "revise"),
        ("Anti-Unfair Competition Law", "law", "revise"),
    ]
    targets = [(t.comparator, t.value_min, t.unit) for t in doc.targets]
    assert targets == [(">", 9.8, "count"), ("=", 2e9, "yuan"), ("=", 31, "province"), ("=", 95, "%"),
                       ("<=", 60, "day")]
    assert doc.targets[0].subject == "number of invention patents per 10,000 population"


@pytest.mark.parametrize("note, expected", [
    ("Undertaking units: SIPO, MOST", [("sipo", False), ("most", False)]),
    ("SIPO and SAIC shall be responsible", [("sipo", False), ("saic", False)]),
    ("Lead department: MOST; Co-organizers: MOF and MOE", [("most", True), ("mof", False), ("moe", False)]),
    ("Responsible: General Administration of Customs", [("gacc", False)]),
])
def test_more_responsibility_wordings(note, expected):
    from pipeline.extract import extract
    from pipeline.model import Source
    from pipeline.repair import repair
    from pipeline.segment import segment

    text = f"Plan for 2015\n\nI. Protection\n\n1. Strengthen border enforcement. ({note})\n\n2. Publish reports.\n"
    doc = extract(segment(repair(Source(path="plan.txt", format="txt", text=text, sha256="0"))))
    assert doc.measures[0].text == "Strengthen border enforcement."
    assert [(a.agency_id, a.lead) for a in doc.agency_mentions if a.role == "responsible"] == expected


def test_document_number_above_the_title():
    doc = process_file(FORMATS / "number_above_title.txt")
    m = doc.metadata
    assert m.doc_number == "Guo Zhi Fa Guan Zi [2019] No. 18"
    assert m.title == "Notice on Issuing the Work Plan for Patent Protection in 2019"
    assert m.issuer == "China National Intellectual Property Administration"
    assert m.plan_title == "Work Plan for Patent Protection in 2019"
    assert [doc.text[a.start:a.end] for a in doc.addressees] == [
        "intellectual property offices of all provinces, autonomous regions and municipalities"]
