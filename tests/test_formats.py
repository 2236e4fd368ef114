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
from pipeline.model import Source
from pipeline.patterns import DOC_NUMBER
from pipeline.repair import repair
from pipeline.segment import _standalone_date, segment

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
    expected = {
        **dict.fromkeys([1, 2, 3], "I/I"),
        **dict.fromkeys([4, 5], "I/II"),
        **dict.fromkeys([6, 7], "II/I"),
        **dict.fromkeys([8, 9, 10], "II/II"),
        **dict.fromkeys([11, 12], "II/III"),
        **dict.fromkeys([13, 14, 15], "III"),
        **dict.fromkeys([16, 17], "IV"),
        **dict.fromkeys([18, 19], "V"),
    }
    assert {m.number: _path(doc_2031, m.section_id) for m in doc_2031.measures} == expected
    assert [(s.level, s.label) for s in doc_2031.sections if s.level == 2] == [
        (2, "I"),
        (2, "II"),
        (2, "I"),
        (2, "II"),
        (2, "III"),
    ]
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
        (1, "1", "Improving the Protection System"),
        (1, "2", "Strengthening Utilization"),
    ]
    assert [(m.number, _path(doc, m.section_id)) for m in doc.measures] == [
        (1, "1"),
        (2, "1"),
        (3, "2"),
        (4, "2"),
        (5, "2"),
    ]
    assert doc.metadata.doc_number == "G. ZH. B. F. (2030) No. 3"
    assert doc.metadata.issue_date == date(2030, 2, 10)


def test_responsibility_formats():
    doc = process_file(FORMATS / "arabic_headings.txt")
    assert _responsible(doc) == [
        (1, "mara", False),  # (Responsible for X)
        (2, "cnipa", True),
        (2, "moj", False),  # (Lead: X; Participating: Y), era-aware alias
        (3, "most", False),
        (3, "moe", False),
        (3, "cas", False),  # bare list
        (4, "mof", False),
        (4, "pbc", False),  # (X and Y are individually responsible ...)
        (5, "mofcom", False),
        (5, "ndrc", False),
        (5, "samr", False),  # (Responsible by: A, B and C)
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
        (1, "I", "I"),
        (2, "一", "I/一"),
        (2, "二", "I/二"),
        (1, "II", "II"),
        (2, "一", "II/一"),
    ]
    assert [(m.number, _path(doc, m.section_id)) for m in doc.measures] == [
        (1, "I/一"),
        (2, "I/一"),
        (1, "I/二"),
        (1, "II/一"),
    ]
    assert len({m.measure_id for m in doc.measures}) == 4
    assert doc.metadata.issue_date == date(2029, 3, 18)  # date printed before the signature
    assert doc.metadata.issuer == "China National Intellectual Property Administration"
    assert [g.text for g in doc.goals] == ["Strengthen judicial protection", "improve administrative enforcement"]


def test_four_levels_and_points_inside_a_measure():
    doc = process_file(FORMATS / "deep_nesting.txt")
    # Measure 1 owns numbered points: it is a section of kind "measure" (its opening words its title), its
    # points are measures of kind "point" under it.
    assert [(s.level, s.label, s.kind) for s in doc.sections] == [
        (1, "I", "heading"),
        (2, "I", "heading"),
        (3, "i", "heading"),
        (4, "1", "measure"),
        (3, "ii", "heading"),
        (2, "II", "heading"),
    ]
    owner = doc.sections[3]
    assert owner.title == "Promote the revision of the Patent Law, including:"
    assert doc.text[owner.span.start : owner.span.end].endswith("(2) the rules on damages.")
    assert [(m.kind, m.number, m.text, _path(doc, m.section_id)) for m in doc.measures[:2]] == [
        ("point", 1, "the rules on service inventions;", "I/I/i/1"),
        ("point", 2, "the rules on damages.", "I/I/i/1"),
    ]
    assert [(m.kind, m.number, _path(doc, m.section_id)) for m in doc.measures[2:]] == [
        ("measure", 2, "I/I/i"),
        ("measure", 3, "I/I/ii"),
        ("measure", 4, "I/II"),
    ]
    assert doc.metadata.doc_number == "GZBF [2027] 5"


@pytest.mark.parametrize(
    "line, number",
    [
        ("G. ZH. F. X. Z. [2014] No. 24", "G. ZH. F. X. Z. [2014] No. 24"),
        ("Guo Zhi Fa [2029] No. 12", "Guo Zhi Fa [2029] No. 12"),
        ("Guozhi Banfa (2016) No. 8", "Guozhi Banfa (2016) No. 8"),
        ("国知发〔2016〕8号", "国知发〔2016〕8号"),
        ("Doc. No.: GZBF [2027] 5", "GZBF [2027] 5"),
    ],
)
def test_document_numbers(line, number):
    assert DOC_NUMBER.match(line).group("number") == number


@pytest.mark.parametrize(
    "text",
    [
        "March 18, 2031",
        "18 March 2031",
        "2031-03-18",
        "Mar. 18, 2031",
        "2031年3月18日",
        "March 18th, 2031",
        "18th of March 2031",
        "Date: 18 March 2031",
    ],
)
def test_dates(text):
    assert _standalone_date(text) == date(2031, 3, 18)


@pytest.mark.slow
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
        (1, "sipo", False),
        (1, "saic", False),
        (1, "ncac", False),  # "Responsible units:" with abbreviations
        (2, "sipo", False),
        (2, "saic", False),  # "X and Y are responsible according to ..."
        (3, "sipo", True),
        (3, "mof", False),
        (3, "pbc", False),  # "Lead unit:; Cooperating units:"
        (4, "ncac", False),
        (4, "mps", False),  # "Undertaken by:"
    ]
    laws = [(x.surface, x.instrument_type, x.action) for x in doc.law_mentions]
    assert laws == [
        (
            "Opinions of the State Council on Accelerating the Construction of an Intellectual Property Powerful "
            "Country under the New Situation",
            "opinions",
            "implement",
        ),
        ("Patent Law (Draft Amendment)", "law", "revise"),
        ("Anti-Unfair Competition Law", "law", "revise"),
    ]
    targets = [(t.comparator, t.value_min, t.unit) for t in doc.targets]
    assert targets == [
        (">", 9.8, "count"),
        ("=", 2e9, "yuan"),
        ("=", 31, "province"),
        ("=", 95, "%"),
        ("<=", 60, "day"),
    ]
    assert doc.targets[0].subject == "number of invention patents per 10,000 population"


@pytest.mark.parametrize(
    "note, expected",
    [
        ("Undertaking units: SIPO, MOST", [("sipo", False), ("most", False)]),
        ("SIPO and SAIC shall be responsible", [("sipo", False), ("saic", False)]),
        ("Lead department: MOST; Co-organizers: MOF and MOE", [("most", True), ("mof", False), ("moe", False)]),
        ("Responsible: General Administration of Customs", [("gacc", False)]),
    ],
)
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
    assert [doc.text[a.start : a.end] for a in doc.addressees] == [
        "intellectual property offices of all provinces, autonomous regions and municipalities"
    ]


# ------------------------------------------------------------------ outline inference, clutter, cut text

FORMATS_ZH = FIXTURES / "formats_zh"


def _sections(doc):
    return [(s.level, _path(doc, s.section_id), s.title) for s in doc.sections]


def _measures(doc):
    return [(m.number, m.status, _path(doc, m.section_id) if m.section_id else None) for m in doc.measures]


def _front(doc):
    m = doc.metadata
    return {
        "title": m.title,
        "doc_number": m.doc_number,
        "issuer": m.issuer,
        "issue_date": m.issue_date,
        "plan_title": m.plan_title,
        "year": m.year,
    }


def _checks(doc):
    from pipeline.quality import assess

    return {q.check for q in assess(doc)}


def test_web_format_1_1_1_run_together_with_a_fused_year():
    """2020–2025 web copies: "1." headings, "(1)" sub-sections, "1." measures numbered on; one line."""
    doc = process_file(FORMATS / "web_one_line_2032.txt")
    assert _sections(doc) == [
        (1, "1", "Strengthen the protection system"),
        (2, "1/1", "Improve the rules"),
        (2, "1/2", "Improve enforcement"),
        (1, "2", "Promote utilization"),
        (2, "2/1", "Open licensing"),
    ]
    assert _measures(doc) == [
        (1, "listed", "1/1"),
        (2, "listed", "1/1"),
        (3, "listed", "1/2"),
        (4, "listed", "2/1"),
        (5, "listed", "2/1"),
    ]
    assert doc.metadata.plan_title == "Deepen the implementation of the national intellectual property strategy in 2032"
    assert doc.metadata.year == 2032 and doc.doc_id.startswith("2032-")
    assert doc.measures[1].text == "Revise the Guidelines for Trademark Examination."
    assert doc.measures[1].responsibility_text == "Responsible for Intellectual Property Office"
    assert "uncertain_outline" in _checks(doc)  # "1." read as two levels is said, not hidden


def test_table_of_contents_before_the_body():
    doc = process_file(FORMATS / "toc_2033.txt")
    assert _sections(doc) == [
        (1, "I", "Protection"),
        (2, "I/I", "Improving the legal system"),
        (2, "I/II", "Strengthening enforcement"),
        (1, "II", "Utilization"),
        (2, "II/III", "Serving innovation"),
    ]
    assert _measures(doc) == [
        (1, "listed", "I/I"),
        (2, "listed", "I/I"),
        (3, "listed", "I/II"),
        (4, "listed", "II/III"),
        (5, "listed", "II/III"),
    ]
    assert _front(doc) == {
        "title": "Circular on Issuing the Promotion Plan for the Implementation of the National IP Strategy in 2033",
        "doc_number": "Guo Zhi Zhan Lian Ban [2033] No. 4",
        "issuer": "Office of the Inter-Ministerial Joint Conference for Implementing the National Intellectual "
        "Property Strategy",
        "issue_date": date(2033, 4, 2),
        "plan_title": "Promotion Plan for the Implementation of the National IP Strategy in 2033",
        "year": 2033,
    }
    assert [doc.text[a.start : a.end] for a in doc.addressees] == [
        "Ministry of Science and Technology",
        "Ministry of Commerce",
    ]


def test_lower_roman_sub_headings_are_not_measures():
    doc = process_file(FORMATS / "lower_roman_2034.txt")
    assert _sections(doc) == [
        (1, "I", "Reform"),
        (2, "I/i", "Deepen IP Reform."),
        (2, "I/ii", "Improve Examination Quality."),
        (1, "II", "Protection"),
        (2, "II/i", "Strengthen Enforcement."),
    ]
    assert _measures(doc) == [(1, "listed", "I/i"), (2, "listed", "I/i"), (3, "listed", "I/ii"), (4, "listed", "II/i")]
    assert [doc.text[a.start : a.end] for a in doc.addressees] == ["Intellectual property offices of all provinces"]


def test_unlabelled_goals_restarting_measures_and_page_clutter():
    """2011–2013 copies: goals right under the heading without a label, "(1)" measures restarting."""
    doc = process_file(FORMATS / "restart_goals_2035.txt")
    assert _sections(doc) == [
        (1, "I", "Raising the Quality of Intellectual Property"),
        (1, "II", "Strengthening Protection"),
    ]
    assert [(g.text, _path(doc, g.section_id)) for g in doc.goals] == [
        ("Improving the evaluation of patent quality", "I"),
        ("steering applicants from quantity to value", "I"),
        ("raising the share of high-value patents", "I"),
        ("Shortening the time to resolve disputes", "II"),
        ("raising damages for wilful infringement", "II"),
    ]
    assert _measures(doc) == [
        (1, "listed", "I"),
        (2, "listed", "I"),
        (1, "listed", "II"),
        (2, "listed", "II"),
        (3, "listed", "II"),
    ]
    assert len({m.measure_id for m in doc.measures}) == 5
    assert [m.responsibility_text for m in doc.measures] == ["MOST", "SIPO", "SIPO", "SPC", "NCAC, MPS"]
    assert _front(doc) == {
        "title": "Promotion Plan for the Implementation of the National Intellectual Property Strategy in 2035",
        "doc_number": None,
        "issuer": "Office of the Inter-Ministerial Joint Meeting for Implementation of the National Intellectual "
        "Property Strategy",
        "issue_date": None,  # "Updated: Apr 9, 2035" is the page's date, not the plan's
        "plan_title": "Promotion Plan for the Implementation of the National Intellectual Property Strategy in 2035",
        "year": 2035,
    }
    assert doc.text[doc.metadata.preamble_span.start :].startswith("This plan is formulated")


def test_2011_numbered_sub_headings_with_paren_measures():
    doc = process_file(FORMATS / "sections_2036.txt")
    assert _sections(doc) == [
        (1, "I", "Creation"),
        (2, "I/1", "Patent creation"),
        (2, "I/2", "Trademark creation"),
        (1, "II", "Protection"),
        (2, "II/1", "Enforcement"),
    ]
    assert _measures(doc) == [(1, "listed", "I/1"), (2, "listed", "I/1"), (1, "listed", "I/2"), (1, "listed", "II/1")]


def test_roman_paren_roman_paren_arabic_restarting():
    doc = process_file(FORMATS / "paren_restart_2037.txt")
    assert _sections(doc) == [
        (1, "I", "Protection"),
        (2, "I/I", "Legislation"),
        (2, "I/II", "Enforcement"),
        (1, "II", "Utilization"),
        (2, "II/I", "Transfer"),
    ]
    assert _measures(doc) == [(1, "listed", "I/I"), (2, "listed", "I/I"), (1, "listed", "I/II"), (1, "listed", "II/I")]


def test_blog_copy_cut_inside_a_responsibility_note():
    doc = process_file(FORMATS / "blog_cut_2038.txt")
    # The headline says what happened; the document is the plan it and the issuing sentence name.
    assert doc.metadata.title == "2038 Promotion Plan for Building an Intellectual Property Powerhouse"
    assert doc.metadata.year == 2038
    assert _sections(doc) == [(1, "I", "Improving the system"), (2, "I/I", "Improving laws and regulations")]
    assert _measures(doc) == [(1, "listed", "I/I"), (2, "listed", "I/I")]
    cut = doc.measures[1]
    assert cut.text == (
        "Publish the Measures for the Administration of Patent Agencies and train 500 agents in the new rules."
    )
    assert cut.responsibility_text == "Responsible by Ministry of Comm"
    assert doc.text[cut.responsibility_span.start : cut.responsibility_span.end] == cut.responsibility_text


def test_excerpt_ending_mid_item_keeps_everything_before_the_cut():
    doc = process_file(FORMATS / "excerpt_cut_2039.txt")
    assert _sections(doc) == [(1, "I", "Improving the system"), (2, "I/I", "Improving laws and regulations")]
    assert [(m.number, m.text) for m in doc.measures] == [(1, "Accelerate the revisi")]
    assert {"truncated_measure", "uncertain_outline"} <= _checks(doc)


@pytest.mark.parametrize(
    "name",
    [
        "toc_2033.txt",
        "lower_roman_2034.txt",
        "restart_goals_2035.txt",
        "sections_2036.txt",
        "paren_restart_2037.txt",
        "blog_cut_2038.txt",
    ],
)
def test_each_format_also_when_the_body_runs_together_on_one_line(tmp_path, name):
    text = (FORMATS / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    body = next(i for i, line in enumerate(lines) if line.startswith(("I.", "(I)")))
    flat = "\n".join(lines[:body]) + "\n" + "".join(line.strip() for line in lines[body:] if line.strip())
    path = tmp_path / name
    path.write_text(flat, encoding="utf-8")
    original, doc = process_file(FORMATS / name), process_file(path)
    assert _sections(doc) == _sections(original)
    assert _measures(doc) == _measures(original)
    assert [m.text for m in doc.measures] == [m.text for m in original.measures]


# ------------------------------------------------------------------------------------ Chinese notices

ZH_2032_SECTIONS = [
    (1, "一", "完善知识产权制度"),
    (2, "一/一", "完善法律法规"),
    (2, "一/二", "深化改革"),
    (1, "二", "加强知识产权保护"),
    (2, "二/一", "强化行政保护"),
]
ZH_2032_MEASURES = [
    (1, "listed", "一/一"),
    (2, "listed", "一/一"),
    (3, "omitted", "一/二"),
    (4, "omitted", "一/二"),
    (5, "listed", "一/二"),
    (6, "listed", "二/一"),
]
ZH_2032_FRONT = {
    "title": "国务院知识产权战略实施工作部际联席会议办公室关于印发《2032年知识产权强国建设推进计划》的通知",
    "doc_number": "国知战联办发〔2032〕7号",
    "issuer": "国务院知识产权战略实施工作部际联席会议办公室",
    "issue_date": date(2032, 3, 18),
    "plan_title": "2032年知识产权强国建设推进计划",
    "year": 2032,
}


def test_chinese_notice_front_matter_outline_and_responsibility():
    doc = process_file(FORMATS_ZH / "notice_2032.txt")
    assert _front(doc) == ZH_2032_FRONT
    assert [doc.text[a.start : a.end] for a in doc.addressees] == [
        "科技部",
        "工业和信息化部",
        "农业农村部",
        "商务部",
        "市场监管总局",
        "知识产权局",
    ]
    assert _sections(doc) == ZH_2032_SECTIONS
    assert _measures(doc) == ZH_2032_MEASURES
    listed = [m for m in doc.measures if m.status == "listed"]
    assert [(m.text, m.responsibility_text) for m in listed] == [
        ("推进修订《植物新品种保护条例》，研究制定《数据汇编保护规定》。", "农业农村部、知识产权局负责"),
        ("开展商标注册审查标准研究。", "市场监管总局牵头，知识产权局参与"),
        ("在10个省份开展专利开放许可试点。", "知识产权局、科技部按职责分别负责"),
        ("组织开展打击侵犯商标权专项行动，办结案件不少于3000件。", "市场监管总局负责"),
    ]
    assert doc.text[doc.metadata.preamble_span.start :].startswith("为深入实施知识产权强国战略")
    assert "ICP" not in (doc.metadata.title + doc.metadata.issuer)


def test_chinese_notice_on_one_line():
    text = (FORMATS_ZH / "notice_2032.txt").read_text(encoding="utf-8")
    breadcrumb, rest = text.split("\n", 1)  # a breadcrumb stays a line of its own on the page
    flat = breadcrumb + "\n" + "".join(line.strip() for line in rest.splitlines())
    doc = segment(repair(Source(path="flat.txt", format="txt", text=flat, sha256="0")))
    assert _front(doc) == ZH_2032_FRONT
    assert len(doc.addressees) == 6
    assert _sections(doc) == ZH_2032_SECTIONS
    assert _measures(doc) == ZH_2032_MEASURES


def test_older_chinese_notice_with_spaced_headings_and_numeral_date():
    doc = process_file(FORMATS_ZH / "notice_2014_style.txt")
    assert _front(doc) == {
        "title": "国务院知识产权战略实施工作部际联席会议办公室关于印发《2031年国家知识产权战略实施推进计划》的通知",
        "doc_number": "国知战联办〔2031〕24号",
        "issuer": "国务院知识产权战略实施工作部际联席会议办公室",
        "issue_date": date(2031, 3, 31),
        "plan_title": "2031年国家知识产权战略实施推进计划",
        "year": 2031,
    }
    assert [doc.text[a.start : a.end] for a in doc.addressees] == ["联席会议各成员单位"]
    assert _sections(doc) == [
        (1, "一", "提高知识产权创造质量"),
        (2, "一/一", "提升专利质量"),
        (1, "二", "加强知识产权运用"),
        (2, "二/一", "促进转化"),
    ]
    assert _measures(doc) == [(1, "listed", "一/一"), (2, "listed", "一/一"), (3, "listed", "二/一")]
    assert doc.metadata.language == "zh"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("二〇二一年十二月二十七日", date(2021, 12, 27)),
        ("2021年12月27日", date(2021, 12, 27)),
        ("二〇三一年三月三十一日", date(2031, 3, 31)),
    ],
)
def test_chinese_dates(text, expected):
    assert _standalone_date(text) == expected


@pytest.mark.parametrize(
    "line, number",
    [
        ("国知战联办发〔2021〕16号", "国知战联办发〔2021〕16号"),
        ("国知战联办〔2014〕24号", "国知战联办〔2014〕24号"),
        ("國發〔2021〕20號", "國發〔2021〕20號"),
    ],
)
def test_chinese_document_numbers(line, number):
    assert DOC_NUMBER.match(line).group("number") == number


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("Updated: Apr 9, 2035 Example News Print", True),
        ("Share - WeChat", True),
        ("WordPress.com", True),
        ("Home > Policy > Translations", True),
        ("当前位置：首页 > 政务公开", True),
        ("京ICP备00000000号", True),
        ("A translation follows:", True),
        ("Copyright © 2032 Example. All rights reserved.", True),
        ("Promotion Plan for the Implementation of the National IP Strategy in 2033", False),
        ("Ministry of Commerce", False),
        ("国务院知识产权战略实施工作部际联席会议办公室", False),
    ],
)
def test_web_furniture(line, furniture):
    from pipeline.segment.front import is_furniture

    assert is_furniture(line) is furniture
