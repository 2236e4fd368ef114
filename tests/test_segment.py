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
    assert m.issuer == (
        "Office of Inter–Ministry Joint Conference for Implementing the National Intellectual Property Strategy"
    )
    assert m.plan_title == "The Promotion Plan for the Implementation of the National IP Strategy in 2014"
    assert doc_2014.text[m.preamble_span.start :].startswith("This plan is promulgated")


def test_2014_addressees(doc_2014):
    names = [doc_2014.text[s.start : s.end] for s in doc_2014.addressees]
    assert len(names) == 28
    assert names[0] == "Propaganda Department of the CPC Central Committee"
    assert "General Administration of Quality Supervision, Inspection and Quarantine" in names
    assert (
        "State Administration of Press, Publication, Radio, Film and Television (National Copyright Administration)"
    ) in names
    assert names[-2:] == [
        "State Administration of Science, Technology and Industry for National Defense",
        "General Armament Department",
    ]


def test_2014_sections_and_goals(doc_2014):
    assert [(s.label, s.level) for s in doc_2014.sections] == [
        ("I", 1),
        ("II", 1),
        ("III", 1),
        ("IV", 1),
        ("V", 1),
        ("VI", 1),
        ("VII", 1),
    ]
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
    assert "implement special crackdown activities on online copyright piracy and infringement." in by_number[28].text
    assert by_number[72].text.endswith("National Intellectual Property Strategy (2014–2020).")
    assert "Interim Provisions on IP Management" in by_number[45].text
    assert by_number[19].text.endswith(
        "Implementation Regulations of Trademark Law, and Service Invention Regulations."
    )
    section_of = {s.section_id: s.label for s in doc_2014.sections}
    assert section_of[by_number[7].section_id] == "I"
    assert section_of[by_number[8].section_id] == "II"
    assert section_of[by_number[60].section_id] == "V"
    assert section_of[by_number[79].section_id] == "VII"
    for m in doc_2014.measures:
        if m.status == "listed":
            assert doc_2014.text[m.span.start : m.span.end] == m.text
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


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ministry of Finance, Ministry of Justice and the State Post Bureau",
            ["Ministry of Finance", "Ministry of Justice", "State Post Bureau"],
        ),
        # unknown to the gazetteer: a fragment without a head noun belongs to the name before it
        (
            "Bureau of Seeds, Saplings and Flowers, Ministry of Finance",
            ["Bureau of Seeds, Saplings and Flowers", "Ministry of Finance"],
        ),
        ("the Ministry of Commerce; People's Bank of China", ["Ministry of Commerce", "People's Bank of China"]),
    ],
)
def test_split_agency_list(text, expected):
    assert [text[s.start : s.end] for s in split_agency_list(text, 0, len(text))] == expected


def test_omitted_single_and_range_forms():
    text = "Plan\n\nI. Heading\n\n1. Do one.\n\n2-4. (Omitted)\n\nMeasure 5 (omitted)\n\n6. Do six."
    doc = segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0")))
    assert [(m.number, m.status) for m in doc.measures] == [
        (1, "listed"),
        (2, "omitted"),
        (3, "omitted"),
        (4, "omitted"),
        (5, "omitted"),
        (6, "listed"),
    ]


# ---- Run-in ordinals, annexes and annex tables (issue 22): fixtures in our own words ----------------------------


def _seg(text: str, language: str):
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language=language)
    return segment(repair(source))


def _unit_rows(doc, section_row, measure_row) -> list[tuple]:
    """``section_row(s)`` of every section and ``measure_row(m)`` of every measure that is not a section too, in
    text order."""
    rows = [(s.span.start, *section_row(s)) for s in doc.sections]
    rows += [
        (m.span.start, *measure_row(m))
        for m in doc.measures
        if not any(s.span.start == m.span.start for s in doc.sections)
    ]
    return [r[1:] for r in sorted(rows)]


def _units(doc) -> list[tuple[str, str, str | None, str]]:
    """(kind, label or number, parent's label, first words) of every section and measure, in text order."""
    labels = {s.section_id: s.label for s in doc.sections}
    return _unit_rows(
        doc,
        lambda s: (s.kind, s.label, labels.get(s.parent_id), s.title[:6]),
        lambda m: (m.kind, str(m.number), labels.get(m.section_id), (m.text or "")[:6]),
    )


ZH_HEAD = "示范区办公室关于做好示范工作的通知\n\n各区人民政府：\n\n现就有关事项通知如下。\n\n"
EN_HEAD = "Notice of the Demo Office on the Demo Work\n\nTo the district offices:\n\nWe notify as follows.\n\n"


@pytest.mark.parametrize(
    "language, body, expected",
    [
        # inside a measure: points of the measure, which becomes a section of kind measure
        (
            "zh",
            "一、总体要求\n\n（一）做好示范工作。主要包括：一是摸清底数；二是建立台账。\n\n"
            "（二）加强组织领导，落实责任。\n\n"
            "（三）做好宣传引导。\n",
            [
                ("heading", "一", None, "总体要求"),
                ("measure", "一", "一", "做好示范工作"),
                ("point", "1", "一", "摸清底数；"),
                ("point", "2", "一", "建立台账。"),
                ("measure", "2", "一", "加强组织领导"),
                ("measure", "3", "一", "做好宣传引导"),
            ],
        ),
        # at paragraph starts under a heading, with 一要…二要… nested in the first 一是
        (
            "zh",
            "一、工作重点\n\n一是明确重点。一要反映动态；二要反映热点。\n\n二是完善机制，健全网络。\n\n二、工作要求\n\n"
            "（一）按时报送信息。\n\n（二）确保信息准确。\n\n（三）注重信息质量。\n",
            [
                ("heading", "一", None, "工作重点"),
                ("point", "一是", "一", "明确重点。"),
                ("point", "1", "一是", "反映动态；"),
                ("point", "2", "一是", "反映热点。"),
                ("point", "2", "一", "完善机制，健"),
                ("heading", "二", None, "工作要求"),
                ("measure", "1", "二", "按时报送信息"),
                ("measure", "2", "二", "确保信息准确"),
                ("measure", "3", "二", "注重信息质量"),
            ],
        ),
        # no sequence (一是 alone), or 一是 inside a word (统一是): no point
        (
            "zh",
            "一、工作要求\n\n（一）全区统一是前提，唯一是底线。\n\n（二）一是加强领导，并无其他。\n\n"
            "（三）做好宣传引导。\n",
            [
                ("heading", "一", None, "工作要求"),
                ("measure", "1", "一", "全区统一是前"),
                ("measure", "2", "一", "一是加强领导"),
                ("measure", "3", "一", "做好宣传引导"),
            ],
        ),
        (
            "en",
            "I. General Requirements\n\n1. Do the demo work well. First, count the stock. Second, open a ledger.\n\n"
            "2. Strengthen the leadership of the work.\n",
            [
                ("heading", "I", None, "Genera"),
                ("measure", "1", "I", "Do the"),
                ("point", "1", "1", "count "),
                ("point", "2", "1", "open a"),
                ("measure", "2", "I", "Streng"),
            ],
        ),
        (
            "en",
            "I. General Requirements\n\n1. At first, the office waited; second, it acted on the plan.\n\n"
            "2. Strengthen the leadership of the work.\n",
            [("heading", "I", None, "Genera"), ("measure", "1", "I", "At fir"), ("measure", "2", "I", "Streng")],
        ),
        # points run on after a colon, and a point holding points of a deeper numbering (a section of kind point)
        (
            "zh",
            "一、工作要求\n\n（一）报名。须提供如下材料：（1）户口簿；（2）身份证明。\n\n（二）审核。审核过程如下：\n\n"
            "1.导入信息。\n\n2.派位过程如下：\n\n（1）赋予随机号码。\n\n（2）生成名单。\n\n（三）做好宣传引导。\n",
            [
                ("heading", "一", None, "工作要求"),
                ("measure", "一", "一", "报名。须提供"),
                ("point", "1", "一", "户口簿；"),
                ("point", "2", "一", "身份证明。"),
                ("measure", "二", "一", "审核。审核过"),
                ("point", "1", "二", "导入信息。"),
                ("point", "2", "二", "派位过程如下"),
                ("point", "1", "2", "赋予随机号码"),
                ("point", "2", "2", "生成名单。"),
                ("measure", "3", "一", "做好宣传引导"),
            ],
        ),
        (
            "en",
            "I. Requirements\n\n1. Apply on time. The applicant shall submit: (1) the form; (2) a copy of the licence."
            "\n\n2. Strengthen the leadership of the work.\n",
            [
                ("heading", "I", None, "Requir"),
                ("measure", "1", "I", "Apply "),
                ("point", "1", "1", "the fo"),
                ("point", "2", "1", "a copy"),
                ("measure", "2", "I", "Streng"),
            ],
        ),
    ],
)
def test_run_in_ordinals_are_points_of_the_unit_holding_them(language, body, expected):
    doc = _seg((ZH_HEAD if language == "zh" else EN_HEAD) + body, language)
    assert _units(doc) == expected


@pytest.mark.parametrize("language", ["zh", "en"])
def test_run_in_series_examples_of_the_rule_book(language):
    from pipeline.rules import rules
    from pipeline.segment.paragraphs import paragraphs, run_in_ordinals

    for series in rules(language).extras["numbering"]["run_in_series"]:
        for example in series["examples"]:
            found = run_in_ordinals(paragraphs(example), language)
            assert [r.value for r in found][:2] == [1, 2], example
            assert {r.series for r in found} == {series["series"]}, example
        for counter in series.get("counter_examples", ()):
            assert run_in_ordinals(paragraphs(counter), language) == [], counter


ZH_ANNEXES = """一、工作要求

（一）按时报送信息。

（二）确保信息准确。

（三）注重信息质量。

示范区办公室

2031年5月6日

附件：1.示范联络员登记表

2.示范任务清单

附件1：

示范联络员登记表

一、填报说明

（一）如实填写。

（二）按时报送。

（三）妥善保存。

附件2

示范任务清单

序号 | 举措 | 主要内容 | 指导部门

1 | 简化审批 | 实行告知承诺制。 | 示范区市场监管局

2 | 共享数据 | 打通部门数据。 | 示范区数据局、示范区财政局

 | 其他方面2项 |  |
"""

EN_ANNEXES = """I. Requirements

1. Report the information on time.

2. Keep the information accurate.

Demo Office

6 May 2031

Annexes:

1. Register of Liaison Officers

2. List of Demo Tasks

Annex 1: Register of Liaison Officers

I. Notes

1. Fill in the form truthfully.

2. Report it on time.

Annex 2: List of Demo Tasks

No. | Measure | Content | Responsible

1 | Simpler approval | Approve on a pledge. | Demo Market Bureau

2 | Shared data | Open the data of the offices. | Demo Data Bureau

 | Other fields: 2 items |  |
"""


@pytest.mark.parametrize(
    "language, body, expected",
    [
        (
            "zh",
            ZH_ANNEXES,
            [
                ("heading", "一", None, "工作要求"),
                ("measure", "1", "一", "按时报送信息"),
                ("measure", "2", "一", "确保信息准确"),
                ("measure", "3", "一", "注重信息质量"),
                ("annex", "1", None, "示范联络员登"),
                ("annex", "2", None, "示范任务清单"),
                ("annex", "附件1", None, "示范联络员登"),
                ("heading", "一", "附件1", "填报说明"),
                ("measure", "1", "一", "如实填写。"),
                ("measure", "2", "一", "按时报送。"),
                ("measure", "3", "一", "妥善保存。"),
                ("annex", "附件2", None, "示范任务清单"),
                ("table_row", "1", "附件2", "简化审批 |"),
                ("table_row", "2", "附件2", "共享数据 |"),
                ("table_row", "3", "附件2", ""),
                ("table_row", "4", "附件2", ""),
            ],
        ),
        (
            "en",
            EN_ANNEXES,
            [
                ("heading", "I", None, "Requir"),
                ("measure", "1", "I", "Report"),
                ("measure", "2", "I", "Keep t"),
                ("annex", "Annexes", None, "Annexe"),
                ("annex", "1", "Annexes", "Regist"),
                ("annex", "2", "Annexes", "List o"),
                ("annex", "Annex 1", None, "Regist"),
                ("heading", "I", "Annex 1", "Notes"),
                ("measure", "1", "I", "Fill i"),
                ("measure", "2", "I", "Report"),
                ("annex", "Annex 2", None, "List o"),
                ("table_row", "1", "Annex 2", "Simple"),
                ("table_row", "2", "Annex 2", "Shared"),
                ("table_row", "3", "Annex 2", ""),
                ("table_row", "4", "Annex 2", ""),
            ],
        ),
    ],
)
def test_annexes_have_their_own_outline_and_their_tables_rows(language, body, expected):
    doc = _seg((ZH_HEAD if language == "zh" else EN_HEAD) + body, language)
    assert _units(doc) == expected
    rows = [m for m in doc.measures if m.kind == "table_row"]
    assert rows[0].columns[0] in ("序号", "No.") and len(rows[0].cells) == len(rows[0].columns) == 4
    assert rows[1].responsibility_text in ("示范区数据局、示范区财政局", "Demo Data Bureau")
    assert doc.text[rows[1].responsibility_span.start : rows[1].responsibility_span.end] == rows[1].responsibility_text
    assert [(m.number, m.status) for m in rows[2:]] == [(3, "omitted"), (4, "omitted")]  # withheld, printed as a count


def test_an_annex_tables_responsible_column_names_responsible_bodies(tmp_path):
    path = tmp_path / "annexes.txt"
    path.write_text(ZH_HEAD + ZH_ANNEXES, encoding="utf-8")
    doc = process_file(path)
    responsible = sorted(a.surface for a in doc.agency_mentions if a.role == "responsible")
    assert responsible == sorted(["示范区市场监管局", "示范区数据局", "示范区财政局"])


ZH_TABLE_PLAN = """一、主要任务

（一）扩大服务供给

1.增加人员。各区要增加服务人员，做好保障。

2.优化团队。各区要优化服务团队，提高水平。

二、组织实施

（一）加强领导。各区要建立工作机制，落实责任。

（二）加强宣传。各区要做好宣传解读，营造氛围。

示范区办公室

2031年5月6日

附件：示范指标及分值表

附件

示范指标及分值表

类 别 | 序 号 | 指标 | 内容及分值

基础 | 1 | 住所 | 1. 每满1年计2分。2. 最高10分。

| 2 | 就业 | 参保每满1年计1分。

加分 | 1 | 学历 | 1. 本科计10分。2. 专科计5分。

示范评价表

大类 | 指标 | 标准

数量 | 1.覆盖面 | 逐年提高。

| 2.参与率 | 不低于一半。
"""


def test_annex_tables_numbered_in_any_column_and_run_on_headings():
    doc = _seg(ZH_HEAD + ZH_TABLE_PLAN, "zh")
    assert _units(doc) == [
        ("heading", "一", None, "主要任务"),
        ("heading", "一", "一", "扩大服务供给"),
        ("measure", "1", "一", "增加人员。各"),
        ("measure", "2", "一", "优化团队。各"),
        ("heading", "二", None, "组织实施"),
        # （一） with its text run on, beside heading-like （一）: units of 二, never dropped
        ("measure", "1", "二", "加强领导。各"),
        ("measure", "2", "二", "加强宣传。各"),
        # the note naming the one annex that follows is no annex of its own
        ("annex", "附件", None, "示范指标及分"),
        # 序号 in the second column, restarting under each 类别; the numbers inside a cell are its text
        ("table_row", "1", "附件", "住所 | 1"),
        ("table_row", "2", "附件", "就业 | 参"),
        ("table_row", "1", "附件", "学历 | 1"),
        # no 序号 column: 1., 2. opening the cells of one column number the rows, the text starts after them
        ("table_row", "1", "附件", "覆盖面 | "),
        ("table_row", "2", "附件", "参与率 | "),
    ]
    rows = [m for m in doc.measures if m.kind == "table_row"]
    assert [m.cells[0] for m in rows[:3]] == ["基础", "", "加分"]  # the group name stays a cell, not the text
    assert rows[0].columns == ("类 别", "序 号", "指标", "内容及分值")
    assert doc.text[rows[3].span.start - 2 : rows[3].span.start] == "1."


# ---- Where a unit's span starts: an article at its printed label, a numbered measure or point after its number ----


def _starts(doc) -> list[tuple[str, str, str]]:
    """(kind, label or number, the first words of the unit's span) of every section and measure, in text order;
    every listed measure's ``text`` is its span's text."""
    assert all(m.text == doc.text[m.span.start : m.span.end] for m in doc.measures if m.status == "listed")

    def opening(span) -> str:
        return doc.text[span.start : span.end].split("\n", 1)[0][:14]

    return _unit_rows(
        doc, lambda s: (s.kind, s.label, opening(s.span)), lambda m: (m.kind, str(m.number), opening(m.span))
    )


EN_RULES = "Measures for Demonstration Grants\n\n"
ZH_RULES = "示范资金管理办法\n\n"


@pytest.mark.parametrize(
    "language, body, expected",
    [
        (  # label, a space, the words
            "en",
            "Article 1 These Measures are formulated to regulate grants.\n\nArticle 2 Grants shall be public.\n",
            [("article", "1", "Article 1 Thes"), ("article", "2", "Article 2 Gran")],
        ),
        (  # a stop after the number
            "en",
            "Article 1. These Measures are formulated to regulate grants.\n\nArticle 2. Grants shall be public.\n",
            [("article", "1", "Article 1. The"), ("article", "2", "Article 2. Gra")],
        ),
        (  # a stop after a chapter's and an article's number: one label each, not a word and an item "1."
            "en",
            "Chapter I. General Provisions\n\nArticle 1. These Measures are formulated to regulate grants.\n\n"
            "Chapter II. Supplementary Provisions\n\nArticle 2. These Measures take effect on May 1, 2031.\n",
            [
                ("heading", "Chapter I.", "Chapter I. Gen"),
                ("article", "1", "Article 1. The"),
                ("heading", "Chapter II.", "Chapter II. Su"),
                ("article", "2", "Article 2. The"),
            ],
        ),
        (  # a tab after the number (repair prints it as a space)
            "en",
            "Article 1\tThese Measures are formulated to regulate grants.\n\nArticle 2\tGrants shall be public.\n",
            [("article", "1", "Article 1 Thes"), ("article", "2", "Article 2 Gran")],
        ),
        (  # a colon after the number
            "en",
            "Article 1: These Measures are formulated to regulate grants.\n\nArticle 2: Grants shall be public.\n",
            [("article", "1", "Article 1: The"), ("article", "2", "Article 2: Gra")],
        ),
        (  # 第一条 and an ideographic space (repair prints it as a space)
            "zh",
            "第一条　为了规范示范资金管理，制定本办法。\n\n第二条　示范资金应当公开使用。\n",
            [("article", "1", "第一条 为了规范示范资金管理"), ("article", "2", "第二条 示范资金应当公开使用")],
        ),
        (  # an article holding points is a section at its label; its points start after theirs
            "en",
            "Article 1 These Measures are formulated to regulate grants.\n\n"
            "Article 2 An applicant shall submit the following materials:\n\n(1) the application form;\n\n"
            "(2) a copy of the licence.\n\nArticle 3 Grants shall be public.\n",
            [
                ("article", "1", "Article 1 Thes"),
                ("article", "Article 2", "Article 2 An a"),
                ("point", "1", "the applicatio"),
                ("point", "2", "a copy of the "),
                ("article", "3", "Article 3 Gran"),
            ],
        ),
        (
            "zh",
            "第一条　为了规范示范资金管理，制定本办法。\n\n第二条　申请人应当提交下列材料：\n\n（一）申请表；\n\n"
            "（二）营业执照复印件。\n\n第三条　示范资金应当公开使用。\n",
            [
                ("article", "1", "第一条 为了规范示范资金管理"),
                ("article", "第二条", "第二条 申请人应当提交下列材"),
                ("point", "1", "申请表；"),
                ("point", "2", "营业执照复印件。"),
                ("article", "3", "第三条 示范资金应当公开使用"),
            ],
        ),
        (  # numbered measures of a plan start after their number
            "en",
            "I. Tasks\n\n1. Keep records of every grant paid.\n\n2. Open a ledger for the grants.\n",
            [("heading", "I", "I. Tasks"), ("measure", "1", "Keep records o"), ("measure", "2", "Open a ledger ")],
        ),
        (
            "zh",
            "一、主要任务\n\n（一）建立示范资金台账，各区按季度报送资金使用情况。\n\n"
            "（二）公开示范资金使用情况，接受社会监督，每年发布年度报告。\n\n（三）做好宣传引导。\n",
            [
                ("heading", "一", "一、主要任务"),
                ("measure", "1", "建立示范资金台账，各区按季度"),
                ("measure", "2", "公开示范资金使用情况，接受社"),
                ("measure", "3", "做好宣传引导。"),
            ],
        ),
    ],
    ids=[
        "en-space",
        "en-stop",
        "en-chapter-stop",
        "en-tab",
        "en-colon",
        "zh-space",
        "en-points",
        "zh-points",
        "en-plan",
        "zh-plan",
    ],
)
def test_an_article_starts_at_its_label_a_numbered_measure_after_its_number(language, body, expected):
    doc = _seg((EN_RULES if language == "en" else ZH_RULES) + body, language)
    assert _starts(doc) == expected
    assert all(isinstance(m.number, int) for m in doc.measures)
