"""Shapes of numeric targets, both languages, in our own words: each shape a target is read in, and each shape
that looks like one but is a date, a count of a list, a condition, a rate's base or a restatement."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.extract.targets import find_targets_in_text
from pipeline.extract.zh import extract_zh
from pipeline.ingest.language import matching_copy
from pipeline.model import Document, Measure, Metadata, RepairedText, Section, Source, Span
from pipeline.stages import process_file

# --- Chinese -------------------------------------------------------------------------------------------------


def _zh(text: str, kind: str = "measure") -> Document:
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")
    repaired = RepairedText(source=source, text=text, offsets=())
    measure = Measure("m1", None, 1, "listed", text, Span(0, len(text)), kind=kind)
    return Document("d", repaired, Metadata(year=2031, language="zh"), measures=(measure,))


def _read(doc: Document) -> list[tuple[str, float, float, str]]:
    """The shapes below compare the normalized unit (the printed one: ``test_each_target_gives_its_unit_...``)."""
    return [(t.comparator, t.value_min, t.value_max, t.unit_normalized) for t in extract_zh(doc).targets]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a floor or a cap before a short verb bounds the count, even a single one
        ("力争为每个区至少培育1家实训基地。", [(">=", 1, 1, "count")]),
        ("社区医生每月至少上门随访1次。", [(">=", 1, 1, "count")]),
        ("每个项目最多推荐3人。", [("<=", 3, 3, "count")]),
        ("每年资助数量最多不超过12个。", [("<=", 12, 12, "count")]),
        # a number in one Chinese numeral after a comparator
        ("服务对象每年至少复核一次资格。", [(">=", 1, 1, "count")]),
        # approximate levels, ranges and ratios
        ("建成约80间标准化诊室。", [("=", 80, 80, "count")]),
        ("群众满意度达到85%左右。", [("=", 85, 85, "%")]),
        ("接种率每年提高2～4个百分点。", [("=", 2, 4, "percentage point")]),
        ("救助标准按城市低保标准的1.3倍确定。", [("=", 1.3, 1.3, "times")]),
        ("每个服务点面积不少于150平方米。", [(">=", 150, 150, "m²")]),
        ("活动室面积不小于40㎡。", [(">=", 40, 40, "m²")]),
        # a PDF copy's space before the number, after the share's base (…净资产的 40%)
        ("示范投资余额不超过本企业净资产的 40%。", [("<=", 40, 40, "%")]),
        # a share of places: 在 before a percentage is no place
        ("试点在20%的乡镇卫生院设置康复室。", [("=", 20, 20, "%")]),
        # the same amount restated for another group in one measure counts once
        (
            "甲类对象的补助标准为每人每月900元；乙类对象的补助标准为每人每月900元。",
            [("=", 900, 900, "yuan")],
        ),
    ],
)
def test_chinese_target_shapes(text, expected):
    assert _read(_zh(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "落实孤儿、残疾人等5类对象的补助政策。",  # 等 sums up a list
        "每3000名居民中推选1名代表。",  # 每 before a number: a rate's base
        "对建筑面积10万平方米以上的小区实行新标准。",  # a bound that qualifies a noun
        "大型商场（单体建筑面积3万平方米以上）执行本标准。",  # ... or a bracketed note
        "停发时间超过18个月的，应当重新申请。",  # a condition
        "药品用量最长放宽至2个月。",  # a maximum allowed duration is a rule
        "培育1家实训基地。",  # a single count without a bound
        "开展三类服务，实现一站式办理。",  # numerals without a comparator name
        "2031年完成目标。",
        "柜台付出的示范券种为100元、20元券。",  # banknote denominations, one or a list of them
    ],
)
def test_chinese_shapes_that_are_not_targets(text):
    assert _read(_zh(text)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # in an article: amounts, bounded counts and areas, staffing ratios
        (
            "每个街道应当设置至少1个服务中心，每处建筑面积不少于500平方米。",
            [(">=", 1, 1, "count"), (">=", 500, 500, "m²")],
        ),
        ("食堂应当能够容纳20名以上老人同时就餐。", [(">=", 20, 20, "count")]),
        ("按照每3000名老年人配备1名的比例安排工作人员。", [("=", 1, 1, "count")]),
        ("每个企业每年最多申报4人。", [("<=", 4, 4, "count")]),
        # but plain counts and durations of an article are its parameters
        ("应当指定3名工作人员受理。", []),
        ("评审组由3名或3名以上专家组成。", []),  # 或 joins an alternative: no bound
        ("补贴期限最长不超过2年，不超过6个月的按月发放。", []),
    ],
)
def test_chinese_article_shapes(text, expected):
    assert _read(_zh(text, kind="article")) == expected


def test_the_paragraph_of_a_goals_heading_gives_targets_and_an_annex_heading_none():
    """一、主要目标 followed by its paragraph and then 二、 (no sub-sections): the paragraph's numbers are targets;
    the same words under an annex heading (a table restating the goals) are not."""
    text = "一、主要目标\n到2031年，服务覆盖率达到70%以上，满意度达到90%左右。\n二、主要任务\n（一）建设站点。新建站点30个。\n"
    heading_end = text.index("\n")
    second = text.index("二、")
    first_measure = text.index("（一）")
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")
    measure = Measure("m1", "s2", 1, "listed", text[first_measure:], Span(first_measure, len(text)))
    sections = (
        Section("s1", None, 1, 1, "一", "主要目标", Span(2, heading_end), Span(0, second)),
        Section("s2", None, 1, 2, "二", "主要任务", Span(second + 2, first_measure - 1), Span(second, len(text))),
    )
    repaired = RepairedText(source=source, text=text, offsets=())
    doc = Document("d", repaired, Metadata(year=2031, language="zh"), sections=sections, measures=(measure,))
    assert _read(doc) == [(">=", 70, 70, "%"), ("=", 90, 90, "%"), ("=", 30, 30, "count")]
    annexed = replace(doc, sections=(replace(sections[0], kind="annex"), sections[1]))
    assert _read(annexed) == [("=", 30, 30, "count")]


def test_the_matching_copy_reads_full_width_digits():
    assert matching_copy("至少３名") == "至少3名"


# --- English -------------------------------------------------------------------------------------------------


def _en(text: str) -> list[tuple[str, float, str]]:
    return [(v["comparator"], v["value_min"], v["unit"]) for _, _, v in find_targets_in_text(text, [])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Close no fewer than 300 infringing and pirate websites this year.", [(">=", 300, "website")]),
        ("Raise the number of invention patents per 10,000 residents to 12.5 by 2030.", [("=", 12.5, "count")]),
        ("Set up a further 4 intermediate people's courts with IP chambers.", [("=", 4, "court")]),
        ("Protect 25 more plant species in the new reserves.", [("=", 25, "species")]),
        ("The coverage rate will exceed 65% by 2029.", [(">", 65, "%")]),
        ("Train 2,000 people in patent drafting.", [("=", 2000, "person")]),
    ],
)
def test_english_target_shapes(text, expected):
    assert _en(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Raise the share of patents to 12.5 by 2030.",  # a bare number after "to" without "the number of"
        "See Article 12 of the Measures.",
        "The 8 pilot areas set up in 2029 will report.",
        "Implement the plan by 2030.",
        "The work falls into the following three stages:",  # a count of what is listed next
        "Act in the following 4 areas.",
    ],
)
def test_english_shapes_that_are_not_targets(text):
    assert _en(text) == []


@pytest.mark.parametrize("restated", ["覆盖率不低于70%", "覆盖率2035年达到70%"])
def test_an_annex_row_restating_a_goal_of_the_body_counts_once(restated):
    """An annex's table of indicators repeats the body's goals: a row with the same value and unit gives no second
    target, also with its bound dropped (2035年达到70% of 不低于70%); a row with a new number does."""
    text = f"（一）提高覆盖率。覆盖率不低于70%。\n附件\n1.{restated}。\n2.满意度不低于85%。\n"
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")
    annex = text.index("附件")
    rows = [text.index("1.覆盖率"), text.index("2.满意度")]
    measures = (
        Measure("m1", None, 1, "listed", text[: annex - 1], Span(0, annex - 1)),
        Measure("a/m1", "a", 1, "listed", "", Span(rows[0], rows[1] - 1)),
        Measure("a/m2", "a", 2, "listed", "", Span(rows[1], len(text) - 1)),
    )
    annex_section = Section("a", None, 1, 1, "附件", "", Span(annex, annex + 2), Span(annex, len(text)), kind="annex")
    repaired = RepairedText(source=source, text=text, offsets=())
    doc = Document("d", repaired, Metadata(year=2031, language="zh"), sections=(annex_section,), measures=measures)
    assert [(t.measure_id, t.value_min) for t in extract_zh(doc).targets] == [("m1", 70), ("a/m2", 85)]


@pytest.mark.parametrize(
    "row, expected",
    [
        # a row of an indicator table states a goal with its comparator word
        ("签约覆盖率 | 达到80%以上", [(">=", 80, 80, "%")]),
        # a scoring table's amounts and points are its criteria, not goals
        ("纳税额 | 年纳税额5万元以上 | 12分", []),
        ("社会保险 | 缴费满1年计2分 | 最高不超过10分", []),
    ],
)
def test_an_annex_table_row_gives_a_target_only_with_a_comparator_word(row, expected):
    assert _read(_zh(row, kind="table_row")) == expected


def _en_plan_targets(body: str) -> list[tuple[str, str | None]]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "plan.txt"
        path.write_text(body, encoding="utf-8")
        doc = process_file(path)
    return [(t.surface, (t.measure_id or "").rsplit("/", 1)[-1] or None) for t in doc.targets]


def test_english_figures_in_the_paragraphs_below_a_point_are_its_targets():
    """A translated plan prints a step's figures in paragraphs below its run-in point: they are the point's
    targets; the count announcing the steps is none, and an article's later paragraph keeps its numbers out."""
    plan = (
        "Example Development Plan for Registers\n\nI. Objectives\n\nThe work falls into the following three "
        "steps:\n\nFirst, by 2031, registers will cover every county.\n\nThe register industry will exceed 20 "
        "billion yuan.\n\nSecond, by 2035, registers will be linked.\n\nThe industry will reach more than 50 "
        "billion yuan.\n\nII. Tasks\n\n1. Build the registers of every county and publish them online.\n"
    )
    assert _en_plan_targets(plan) == [("exceed 20 billion yuan", "r1"), ("more than 50 billion yuan", "r2")]
    rules = (
        "Measures for Example Registers\n\nArticle 1 Registers shall be kept.\n\nThey are stored for at least 6 "
        "months.\n\nArticle 2 These Measures take effect on 1 May 2031.\n"
    )
    assert _en_plan_targets(rules) == []


# --- the unit as printed and normalized, both languages -----------------------------------------------------


def _one_measure(text: str, language: str) -> Document:
    source = Source(path="x.txt", format="txt", text=text, sha256="0", language=language)
    repaired = RepairedText(source=source, text=text, offsets=())
    measure = Measure("m1", None, 1, "listed", text, Span(0, len(text)))
    return Document("d", repaired, Metadata(year=2031, language=language), measures=(measure,))


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # Chinese: the unit word as printed, without the magnitude (万, 亿 scale the value)
        ("zh", "每万人口发明专利拥有量达到8件。", [("件", "count", 8)]),
        ("zh", "PCT国际专利申请受理量达到3万件。", [("件", "count", 30000)]),
        ("zh", "专利审查周期缩短至22个月。", [("个月", "month", 22)]),
        (
            "zh",
            "（一）主要指标。到2016年底，每万人口发明专利拥有量达到8件，PCT国际专利申请受理量达到3万件，"
            "专利审查周期缩短至22个月。",
            [("件", "count", 8), ("件", "count", 30000), ("个月", "month", 22)],
        ),
        ("zh", "对入选项目每年给予40万元资助。", [("元", "yuan", 400000)]),
        ("zh", "质押融资金额达到1800亿元。", [("元", "yuan", 1.8e11)]),
        ("zh", "高技术产业增加值占比提高2个百分点。", [("个百分点", "percentage point", 2)]),
        ("zh", "每处服务中心建筑面积不少于1000平方米。", [("平方米", "m²", 1000)]),
        ("zh", "活动室面积不小于40㎡。", [("㎡", "m²", 40)]),
        ("zh", "救助标准按城市低保标准的1.5倍确定。", [("倍", "times", 1.5)]),
        ("zh", "服务对象每年至少复核一次资格。", [("次", "count", 1)]),
        ("zh", "建成约100间标准化诊室。", [("间", "count", 100)]),
        ("zh", "群众满意度达到15%。", [("%", "%", 15)]),
        ("zh", "结案率不低于95％。", [("％", "%", 95)]),
        ("zh", "办结时限压缩至20个工作日。", [("个工作日", "day", 20)]),
        ("zh", "知识产权保护社会满意度评分达到90分。", [("分", "point", 90)]),
        ("zh", "审查周期压减至15個月以內。", [("個月", "month", 15)]),  # a traditional character stays as printed
        # English: the unit word or counted noun in the singular; percent, currency, working days normalized;
        # unit and unit_normalized are one English word
        ("en", "Cut the trademark examination pendency to below 9 months.", [("month", "month", 9)]),
        ("en", "Set up 3 patent-oriented experimental zones.", [("zone", "zone", 3)]),
        ("en", "Raise the share of cases closed to 85 percent.", [("%", "%", 85)]),
        ("en", "Invest RMB 2 billion in patent operation funds.", [("yuan", "yuan", 2e9)]),
        ("en", "Raise the rate to 85 percentage points.", [("percentage point", "percentage point", 85)]),
        ("en", "Conclude such cases within 60 working days.", [("day", "day", 60)]),
        ("en", "The number of such centres reaches 14.", [("count", "count", 14)]),  # nothing printed after it
    ],
)
def test_each_target_gives_its_unit_as_printed_and_normalized(language, text, expected):
    doc = extract(_one_measure(text, language))
    assert [(t.unit, t.unit_normalized, t.value_min) for t in doc.targets] == expected
    assert all(t.unit in t.surface for t in doc.targets if language == "zh")  # a word of the target's own text
