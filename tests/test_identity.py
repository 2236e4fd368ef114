"""Identity: who issued a document, when, under which number and title, to whom; each field with its source.

The texts are ours, written in the shapes real documents print (docs/real-formats.md of the team): a gov.cn
page's metadata table, a signature closing the text, a deadline before the signature date, a run-on issuing
sentence, a translator's cover page, a promulgation line, a letter without numbered items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.model import Source
from pipeline.quality import missing_identity
from pipeline.repair import repair
from pipeline.rules import rules
from pipeline.segment import segment
from pipeline.segment.identity import field_of_label, is_deadline, metadata_table
from pipeline.segment.paragraphs import paragraphs
from pipeline.stages import process_file

FIXTURES = Path(__file__).parent / "fixtures" / "identity"


def seg(text: str, language: str = "zh"):
    return segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0", language=language)))


def fields(doc) -> dict:
    m = doc.metadata
    return {
        "title": m.title,
        "doc_number": m.doc_number,
        "issuer": m.issuer,
        "issue_date": m.issue_date,
        "year": m.year,
    }


ZH_DEADLINE = """国家知识产权局办公室关于报送2030年工作总结的通知

国知办函〔2030〕12号

各省、自治区、直辖市知识产权局：

为做好年度总结工作，现将有关事项通知如下。请于2030年11月30日前报送工作总结。

国家知识产权局办公室
2030年3月26日
"""

EN_DEADLINE = """Notice of the General Office of the Ministry of Science and Technology on Reporting Annual Results

To the science and technology departments of all provinces:

Please submit the summary by November 30, 2030 to the Ministry.

It is hereby notified.

General Office of the Ministry of Science and Technology
March 26, 2030
"""

EN_RUN_ON = """The 2029 Promotion Plan for Building an IP Powerhouse

The Office of the Inter-Ministerial Joint Conference hereby issues the 2029 Promotion Plan for Building an IP \
Powerhouse, 12 April 2029

I. Improving the system

1. Revise the rules on patent agencies. (Responsible by CNIPA)
"""

ZH_RUN_ON = """2029年知识产权强国建设推进计划

国务院知识产权战略实施工作部际联席会议办公室 2029年4月12日

一、完善制度

1.修订专利代理管理办法。（国家知识产权局负责）
"""

ZH_JOINT = """中共中央 国务院关于加强知识产权保护工作的意见

各省、自治区、直辖市党委和人民政府，中央和国家机关各部委：

现就加强知识产权保护工作提出如下意见。

一、总体要求

（一）指导思想。坚持保护创新。

中共中央
国务院
2031年5月6日
"""

ZH_LETTER = """国家知识产权局办公室关于专利代理机构名称变更问题的复函

某省知识产权局：

你局来函收悉。经研究，同意你局意见。

此复。

国家知识产权局办公室
二〇三一年五月六日
"""

ZH_REGULATION = """# 示范管理条例

2030年5月8日 中华人民共和国国务院令第801号公布

2031年1月1日 施行

第一章 总则

第一条 为了规范示范管理，制定本条例。
"""

EN_LAW_FIRM = """Measures for the Administration of Demonstration Zones

Issuing Authority: State Council
Document Number: Guo Fa [2031] No. 9
Promulgation Date: 2031-03-09
Effective Date: 2031-06-01

Article 1 These Measures are formulated to regulate demonstration zones.

I. General provisions

1. The measures apply nationwide.
"""

EN_COVER = """Translation

The following is a translation of a State Council notice.

Translated by: Example Language Services
Editor: Jane Doe, Translation Manager
Date of translation: January 5, 2032

State Council Notice on Issuing the Action Plan for Demonstration Zones

State Council [2031] Document No. 14

To the people's governments of all provinces, autonomous regions, and municipalities directly under the Central \
Government:

The Action Plan for Demonstration Zones is hereby issued to you. Please implement it conscientiously.

State Council
August 21, 2031

I. Main goals

1. Build 30 demonstration zones by 2033.
"""


@pytest.mark.parametrize(
    "text, language, expected, sources",
    [
        (
            ZH_DEADLINE,
            "zh",
            {
                "issuer": "国家知识产权局办公室",
                "issue_date": date(2030, 3, 26),
                "year": 2030,
                "doc_number": "国知办函〔2030〕12号",
            },
            {"issue_date_source": "signature"},
        ),
        (
            EN_DEADLINE,
            "en",
            {
                "issuer": "General Office of the Ministry of Science and Technology",
                "issue_date": date(2030, 3, 26),
                "year": 2030,
            },
            {"issuer_source": "signature"},
        ),
        (EN_RUN_ON, "en", {"issue_date": date(2029, 4, 12), "year": 2029}, {"issue_date_source": "running_text"}),
        (
            ZH_RUN_ON,
            "zh",
            {"issuer": "国务院知识产权战略实施工作部际联席会议办公室", "issue_date": date(2029, 4, 12)},
            {"issue_date_source": "signature"},
        ),
        (
            ZH_JOINT,
            "zh",
            {
                "issuer": "中共中央 国务院",
                "issue_date": date(2031, 5, 6),
                "title": "中共中央 国务院关于加强知识产权保护工作的意见",
            },
            {"issuer_source": "signature"},
        ),
        (
            ZH_LETTER,
            "zh",
            {
                "issuer": "国家知识产权局办公室",
                "issue_date": date(2031, 5, 6),
                "year": 2031,
                "title": "国家知识产权局办公室关于专利代理机构名称变更问题的复函",
            },
            {},
        ),
        (
            ZH_REGULATION,
            "zh",
            {
                "title": "示范管理条例",
                "doc_number": "中华人民共和国国务院令第801号",
                "issuer": "国务院",
                "issue_date": date(2030, 5, 8),
            },
            {"issue_date_source": "promulgation_line"},
        ),
        (
            EN_LAW_FIRM,
            "en",
            {
                "issuer": "State Council",
                "doc_number": "Guo Fa [2031] No. 9",
                "issue_date": date(2031, 3, 9),
                "year": 2031,
            },
            {"issuer_source": "metadata_table"},
        ),
        (
            EN_COVER,
            "en",
            {
                "issuer": "State Council",
                "issue_date": date(2031, 8, 21),
                "year": 2031,
                "doc_number": "State Council [2031] Document No. 14",
            },
            {},
        ),
    ],
    ids=[
        "zh-deadline",
        "en-deadline",
        "en-run-on",
        "zh-run-on",
        "zh-joint",
        "zh-letter",
        "zh-regulation",
        "en-law-firm",
        "en-cover",
    ],
)
def test_identity_fields_and_their_sources(text, language, expected, sources):
    doc = seg(text, language)
    got = fields(doc)
    assert {k: got[k] for k in expected} == expected
    assert {k: getattr(doc.metadata, k) for k in sources} == sources


@pytest.mark.parametrize(
    "text, language, title, issuer",
    [
        (
            "《2031年知识产权强国建设推进计划》印发\n\n日前，联席会议办公室印发《2031年知识产权强国建设推进计划》，明确了重点任务。\n",
            "zh",
            "2031年知识产权强国建设推进计划",
            "联席会议办公室",
        ),
        ("近期，该计划由联席会议办公室正式发布，名为《2031年推进计划》。\n", "zh", None, "联席会议办公室"),
        (
            "The Demonstration Zone Promotion Plan 2031 Issued and Implemented\n\nThe plan sets out 40 tasks.\n",
            "en",
            "Demonstration Zone Promotion Plan 2031",
            None,
        ),
        (
            "The State Council issued the Outline for Building Demonstration Zones (2031-2045)\n\nThe outline sets goals.\n",
            "en",
            "Outline for Building Demonstration Zones (2031-2045)",
            "State Council",
        ),
        (
            "“十五五”示范区建设规划国务院关于印发“十五五”示范区建设规划的通知 国发〔2031〕20号\n\n"
            "各省、自治区、直辖市人民政府：\n\n现将规划印发给你们。\n",
            "zh",
            "国务院关于印发“十五五”示范区建设规划的通知",
            "国务院",
        ),
        (
            "On December 10 2031 the State Council launched the Demonstration Action Plan.\n\nThe plan sets goals.\n",
            "en",
            None,
            "State Council",
        ),
        # A headline's abbreviation gives way to the full name the text prints; a description ("the 2031 work plan")
        # is no title, the original's title in 《》 after it is.
        (
            "CNIPA releases 2031 work plan\n\nThe China National Intellectual Property Administration (CNIPA) on January 5 "
            "released the 2031 work plan (《2031年示范区建设推进计划》) in line with the Outline.\n",
            "en",
            "2031年示范区建设推进计划",
            "China National Intellectual Property Administration",
        ),
        (
            "CNIPA releases 2031 work plan\n\nThe China National Intellectual Property Administration (CNIPA) on January 5 "
            "released the 2031 work plan.\n",
            "en",
            None,
            "China National Intellectual Property Administration",
        ),
    ],
)
def test_news_pages_name_the_document_and_its_issuer(text, language, title, issuer):
    m = seg(text, language).metadata
    assert (m.title if title else None, m.issuer) == (title, issuer)


# English news items and law-firm notes, in our words, in the shapes real pages print: the title a headline or
# the issuing sentence names, the issuer, the date, and the sources they were read from.
@pytest.mark.parametrize(
    "text, expected",
    [
        # A headline in sentence case names no document; the issuing sentence does, in quotation marks that close a
        # sentence ("…2045).”"), and names the joint issuers (as signed: side by side) and the date.
        (
            "China declares new ambitions for demonstration zones\n\nOn March 3, 2031, the Central Committee of the "
            "Communist Party of China and the State Council issued the “Guidelines for Building Demonstration Zones "
            "(2031-2045)” (示范区建设纲要(2031-2045年)). The Guidelines set goals.”\n\nFor goals, the Guidelines set "
            "targets as\n\nBy 2035, 40 zones.\n",
            {
                "title": "Guidelines for Building Demonstration Zones (2031-2045)",
                "title_source": "running_text",
                "issuer": "Central Committee of the Communist Party of China State Council",
                "issue_date": date(2031, 3, 3),
                "year": 2031,
            },
        ),
        # A headline that says what happened ("… Issued to Speed up …") gives way to the name in the text; a
        # passive issuing sentence names the plan, and "promulgated by" after "According to" names another
        # document's issuer.
        (
            "A New Promotion Plan Issued to Speed up Demonstration Zones\n\nMay 2 (Zone News)--Recently, the Promotion "
            "Plan for the Implementation of the National Demonstration Strategy and acceleration of building zones in 2031 "
            "was issued. It was approved.\n\n"
            "According to the Opinions on Demonstration Zones promulgated by the State Council, the plan sets six "
            "tasks.\n",
            {
                "title": "Promotion Plan for the Implementation of the National Demonstration Strategy and acceleration of "
                "building zones in 2031",
                "issuer": None,
                "year": 2031,
            },
        ),
        # A publisher is not the author: "published … authored by X" names X; the day it was published is not the
        # issue date. A title ends before the original's title in brackets.
        (
            "On May 7, 2031, the National Demonstration Administration (NDA) published the 2031 Demonstration Zone "
            "Promotion Plan (2031年示范区推进计划) authored by the Office of the Joint Conference on Demonstration Zones. "
            "The plan lists tasks.\n\nI. Improve the system\n\n1. Revise the rules.\n",
            {
                "title": "2031 Demonstration Zone Promotion Plan",
                "issuer": "Office of the Joint Conference on Demonstration Zones",
                "issue_date": None,
                "publication_date": date(2031, 5, 7),
                "year": 2031,
            },
        ),
        # Where nothing else names one, the publisher is the issuer and its date the issue date.
        (
            "Outline of the National Demonstration Strategy\n\nThe State Council published the Outline of the National "
            "Demonstration Strategy on June 5, 2031.\n\nThe Outline sets goals till 2040.\n",
            {
                "title": "Outline of the National Demonstration Strategy",
                "issuer": "State Council",
                "issue_date": date(2031, 6, 5),
                "year": 2031,
            },
        ),
        # "forwarded" names the issuer (the General Office, in lower case after "Recently,"), before the drafter
        # that "issued by" names; the title is the full name printed in the text, not the headline's short form,
        # and ends after its range of years; a range is never the year.
        (
            "China issues The Further Demonstration Action Plan (2031-2035)\n\nRecently, the general office of State "
            "Council of China forwarded The Further Implementation of the National Demonstration Strategy Action Plan "
            "(2031-2035)(hereafter as the Action Plan)issued by the Ministry of Demonstration jointed with other "
            "departments. The Action Plan sets goals.\n",
            {
                "title": "The Further Implementation of the National Demonstration Strategy Action Plan (2031-2035)",
                "issuer": "general office of State Council of China",
                "year": None,
            },
        ),
        # After an opening phrase, "…, the Office … issued the “…”" names the issuer.
        (
            '99 tasks in 7 areas! The "2031 Plan for Promoting Demonstration Zones" was issued\n\nA few days ago, with '
            "the approval of the Joint Conference on Demonstration Zones, the Office of the Joint Conference issued the "
            '"2031 Promotion Plan for Demonstration Zones", which sets 99 tasks.\n',
            {"title": "2031 Promotion Plan for Demonstration Zones", "issuer": "Office of the Joint Conference"},
        ),
        # "… issued by X and Y" closing a headline: the title is what precedes it.
        (
            "The Outline for Demonstration Zones (2031-2045) issued by the CPC Central Committee and the State Council\n\n"
            " Last update:2031-09-28\n\nRecently, the CPC Central Committee and the State Council issued the Outline for "
            "Demonstration Zones (2031-2045) with a notice circulated.\n",
            {"title": "Outline for Demonstration Zones (2031-2045)", "issuer": "CPC Central Committee State Council"},
        ),
        # A bracketed issuing note is not a title.
        (
            "(Issued by the State Council of the People's Republic of China on June 5, 2031)\n\nThis Outline is "
            "formulated to build demonstration zones.\n",
            {
                "title": None,
                "issuer": "State Council of the People's Republic of China",
                "issue_date": date(2031, 6, 5),
            },
        ),
    ],
    ids=[
        "quoted-title-joint-issuers",
        "passive-title-citing",
        "publisher-not-author",
        "publisher-issuer",
        "forwarded-full-title",
        "comma-lead",
        "issued-by-headline",
        "bracket-note",
    ],
)
def test_english_news_pages_identity(text, expected):
    m = seg(text, "en").metadata
    assert {k: getattr(m, k) for k in expected} == expected


def test_joint_issuers_are_one_mention_each():
    doc = seg(ZH_JOINT)
    assert [doc.text[s.start : s.end] for s in doc.metadata.issuer_spans] == ["中共中央", "国务院"]


def test_a_deadline_is_never_an_issue_date():
    text = "请于2030年11月30日前报送；截至2030年6月30日；by March 31, 2030"
    for day in ("2030年11月30日", "2030年6月30日", "March 31, 2030"):
        start = text.index(day)
        assert is_deadline(text, start, start + len(day)), day
    signed = "国家知识产权局\n2030年3月26日"
    start = signed.index("2030")
    assert not is_deadline(signed, start, len(signed))


def test_a_letter_without_numbered_items_is_partial_with_its_identity():
    doc = process_file_text(ZH_LETTER)
    assert doc.status == "partial" and any("no numbered body" in str(e) for e in doc.errors)
    assert [a.surface for a in doc.agency_mentions if a.role == "addressee"] == ["某省知识产权局"]
    assert not missing_identity(doc)


def test_gov_page_metadata_table_is_read_as_fields_not_as_text():
    doc = process_file(FIXTURES / "gov_page_opinion_2031.html")
    m = doc.metadata
    assert (m.title, m.doc_number, m.issuer, m.issue_date) == (
        "国务院关于促进示范工作的意见",
        "国发〔2031〕7号",
        "国务院",
        date(2031, 3, 9),
    )
    assert (m.title_source, m.issuer_source, m.issue_date_source) == ("metadata_table",) * 3
    assert m.publication_date == date(2031, 3, 16)  # 发布日期: the site's, never the issue date
    roles = [(a.surface, a.role) for a in doc.agency_mentions]
    assert ("国务院", "mentioned") not in roles  # neither the table's 发文机关 nor the signature is running text
    assert [s for s, r in roles if r == "addressee"] == ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]
    assert not any("：" in s for s, r in roles if r == "addressee")  # table labels are never addressees
    assert doc.status == "success"


def test_missing_issuer_makes_the_document_partial_with_the_reason():
    doc = process_file_text(
        "2031年示范工作推进计划\n\n一、完善制度\n\n1.修订示范办法。\n\n2.完善示范规则。\n\n3.健全示范机制。\n"
    )
    assert doc.status == "partial"
    assert "identity: no issuer found" in [str(e) for e in doc.errors]
    assert "missing_identity" in {q.check for q in doc.quality}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_metadata_label_fills_its_field_through_the_reader(language):
    """Each label's examples, read by the running code as a table of two lines, give the entry's field and
    the value printed after the label."""
    for entry in rules(language).entries("identity", "metadata_label"):
        for example in entry["examples"]:
            text = f"{example}\n索引号：000014349/2031-00001\n"
            cands, used = metadata_table(paragraphs(text))
            assert 0 in used, example
            assert field_of_label(entry["phrase"]) == entry["field"]
            if entry["field"] in ("title", "doc_number", "issuer"):
                value = example.split("：" if "：" in example else ": ", 1)[1]
                assert [(c.field, c.value) for c in cands] == [(entry["field"], value)], example
            elif entry["field"] != "other":
                assert [c.field for c in cands] == [entry["field"]], example


def process_file_text(text: str, tmp=Path("/tmp")):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        return process_file(path)


ZH_MEASURES_WITH_ARTICLES = """示范区管理办法

第一章 总则

第一条 为了规范示范区管理，制定本办法。

第二条 示范区应当具备下列条件：

（一）依法设立；

（二）有固定场所。

第二章 附则

第三条 违反本办法的，处1万元以下罚款。本办法自2031年1月1日起施行。
"""


def test_chapters_and_articles_are_read_and_article_numbers_are_not_targets():
    doc = process_file_text(ZH_MEASURES_WITH_ARTICLES)
    # Article 2 owns numbered points: a section of kind "article" under its chapter, its points measures under it.
    assert [(s.label, s.title, s.kind, s.level) for s in doc.sections] == [
        ("第一章", "总则", "heading", 1),
        ("第二条", "示范区应当具备下列条件：", "article", 2),
        ("第二章", "附则", "heading", 1),
    ]
    assert doc.sections[1].parent_id == doc.sections[0].section_id
    assert [(m.number, m.kind, m.text) for m in doc.measures] == [
        (1, "article", "第一条 为了规范示范区管理，制定本办法。"),  # an article's text starts at its label
        (1, "point", "依法设立；"),
        (2, "point", "有固定场所。"),
        (3, "article", "第三条 违反本办法的，处1万元以下罚款。本办法自2031年1月1日起施行。"),
    ]
    assert {m.section_id for m in doc.measures if m.kind == "point"} == {doc.sections[1].section_id}
    assert not doc.targets  # a fine and a date of a regulation are its parameters
    assert not [q for q in doc.quality if q.check == "unread_numbering"]


ZH_RUN_IN = """关于做好示范工作的通知

各区人民政府：

现就有关事项通知如下。

一是加强组织领导，明确责任分工。

二是强化督促检查，确保工作落实。

三是做好宣传引导。

示范局
2031年5月6日
"""


def test_run_in_items_at_paragraph_starts_are_points_of_the_document():
    doc = process_file_text(ZH_RUN_IN)
    assert [(m.kind, m.number, m.text) for m in doc.measures] == [
        ("point", 1, "加强组织领导，明确责任分工。"),
        ("point", 2, "强化督促检查，确保工作落实。"),
        ("point", 3, "做好宣传引导。"),
    ]
    assert not [q for q in doc.quality if q.check == "unread_numbering"]


def test_an_annex_label_without_its_list_is_reported():
    doc = process_file_text(ZH_LETTER.replace("此复。", "此复。\n\n附件："))
    assert any("annex label stands without its list" in q.message for q in doc.quality)


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "各地、州、市及示范区质量技术监督局，区局机关各部、处、室、局，各直属单位：",
            ["各地、州、市及示范区质量技术监督局", "区局机关各部、处、室、局", "各直属单位"],
        ),
        ("中国人民银行上海总部，各分行、营业管理部：", ["中国人民银行上海总部", "各分行", "营业管理部"]),
        (
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"],
        ),
        ("各幼儿园：", ["各幼儿园"]),
        # places or levels without a head of their own share the head of the body after them
        ("示范、样板、模范分行，示范市、样板市财政局：", ["示范、样板、模范分行", "示范市、样板市财政局"]),
        (
            "各省、自治区、直辖市、示范兵团社会信用体系建设牵头部门，示范总局：",
            ["各省、自治区、直辖市、示范兵团社会信用体系建设牵头部门", "示范总局"],
        ),
        # a list split by commas only (no 、) is a Chinese list too
        ("示范银行上海总部，各分行，营业管理部：", ["示范银行上海总部", "各分行", "营业管理部"]),
        # a sector without its head shares the next name's
        (
            "各省、自治区、直辖市及示范兵团财政、商务主管部门，各分行：",
            ["各省、自治区、直辖市及示范兵团财政、商务主管部门", "各分行"],
        ),
    ],
)
def test_chinese_addressees_split_as_printed(line, expected):
    doc = process_file_text(
        f"关于做好示范工作的通知\n\n{line}\n\n现将有关事项通知如下。\n\n一、工作要求\n\n"
        "1.加强组织领导。\n\n示范局\n2031年5月6日\n"
    )
    assert [a.surface for a in doc.agency_mentions if a.role == "addressee"] == expected
    # one splitter: the addressee mentions are the addressee spans the front matter read
    assert [doc.text[s.start : s.end] for s in doc.addressees] == expected


def test_translated_pdf_with_a_cover_page_takes_issuer_and_date_from_the_signature(tmp_path):
    """A translation as PDF: the translator's cover page (translator, editor, date of translation) is never the
    issuer or the date; the number printed as "State Council [YEAR] Document No. N" is read."""
    from pdf_fixtures import FONT_DIR
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DVS", str(FONT_DIR / "DejaVuSerif.ttf")))
    style = ParagraphStyle("body", fontName="DVS", fontSize=11, leading=14, spaceAfter=18)
    cover, _, rest = EN_COVER.partition("State Council Notice")
    story = [Paragraph(p, style) for p in cover.split("\n\n") if p.strip()] + [PageBreak()]
    body = ("State Council Notice" + rest).split("\n\n")
    story += [Paragraph(p.replace("\n", " "), style) for p in body if p.strip()]
    path = tmp_path / "translation.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    m = process_file(path).metadata
    # The PDF's layout sets the signature on one line ("State Council August 21, 2031"), as real ones do.
    assert (m.issuer, m.issue_date, m.year) == ("State Council", date(2031, 8, 21), 2031)
    assert m.title.startswith("State Council Notice on Issuing the Action Plan for Demonstration Zones")


# One-character numerals: ㈠ numbers points like （一）, ① numbers points of its own scheme.
ZH_IDEOGRAPH_POINTS = """绿化管理办法

第一条 为了推进城区绿化，制定本办法。

第二条 鼓励采用下列技术：

㈠雨水收集和利用技术；

㈡屋顶绿化技术。

第三条 有下列行为之一的，由主管部门责令改正：

㈠擅自砍伐树木的；

㈡占用绿地的。
"""

ZH_CIRCLED_POINTS = """关于做好绿化工作的通知

各区人民政府：

一、工作任务

1.开展三项行动：

①清理违法占绿；

②补植行道树；

③修复受损绿地。

2.加强监督检查。
"""


@pytest.mark.parametrize(
    "text, expected_owners, expected_points",
    [
        (
            ZH_IDEOGRAPH_POINTS,
            [("第二条", "article"), ("第三条", "article")],
            [
                ("㈠", "雨水收集和利用技术；"),
                ("㈡", "屋顶绿化技术。"),
                ("㈠", "擅自砍伐树木的；"),
                ("㈡", "占用绿地的。"),
            ],
        ),
        (
            ZH_CIRCLED_POINTS,
            [("1", "measure")],
            [("①", "清理违法占绿；"), ("②", "补植行道树；"), ("③", "修复受损绿地。")],
        ),
    ],
)
def test_points_numbered_with_one_character(text, expected_owners, expected_points):
    doc = process_file_text(text)
    owners = [s for s in doc.sections if s.kind != "heading"]
    assert [(s.label, s.kind) for s in owners] == expected_owners
    points = [m for m in doc.measures if m.kind == "point"]
    assert [(doc.text[m.span.start - 1], m.text) for m in points] == expected_points
    assert all(m.section_id in {s.section_id for s in owners} for m in points)


def test_a_measure_that_opens_a_list_keeps_its_lines():
    """ "…其中：" then unnumbered lines ending in ；: the lines belong to the measure (and its targets)."""
    doc = process_file_text("""关于调整补助标准的通知

各区人民政府：

一、补助标准

（一）城乡补助标准为每人每月1200元。

（二）困难人员补助标准按不同地区确定，其中：

甲区的补助标准为每人每月1500元；

乙区的补助标准为每人每月1600元。

（三）本通知自2031年1月1日起执行。
""")
    second = doc.measures[1]
    assert second.text.endswith("乙区的补助标准为每人每月1600元。")
    assert [t.value_min for t in doc.targets if t.measure_id == second.measure_id] == [1500, 1600]
    assert doc.measures[2].text == "本通知自2031年1月1日起执行。"


# Translations in the layouts their publishers print, in our own words: a cover page set as a table (labels on lines
# of their own, "Translation Date Translator Editor" over one line of values), a publisher's running header above the
# notice's title and a footnote number glued to it, a web copy's "Guofa [YEAR] No. N" and addressee wording.
@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "en_cover_table_translation.txt",
            {
                "title": "State Council Opinions on Deepening the Demonstration Zone Initiative",
                "doc_number": "State Council [2031] Document No. 11",
                "issuer": "State Council",
                "issue_date": date(2031, 8, 21),
                "year": 2031,
            },
        ),
        (
            "en_running_header_footnote.txt",
            {
                "title": "Notice of the State Council Issuing the Demonstration Zone Development Plan",
                "doc_number": "State Council Document [2031] No. 35",
                "issuer": "State Council",
                "issue_date": date(2031, 7, 8),
                "year": 2031,
            },
        ),
        (
            "en_notice_guofa.txt",
            {
                "title": "Notice of the State Council on Printing and Issuing the Demonstration Zone Development Plan",
                "doc_number": "Guofa [2031] No. 35",
                "issuer": "State Council",
                "issue_date": date(2031, 7, 8),
                "year": 2031,
            },
        ),
    ],
)
def test_translations_in_their_publishers_layouts(name, expected):
    doc = process_file(FIXTURES / name)
    assert fields(doc) == expected
    # The cover (its author line names the State Council, its source line a website and a date) is furniture.
    assert [a.role for a in doc.agency_mentions if a.agency_id == "sc"] == ["issuer"]
    assert {a.agency_id for a in doc.agency_mentions if a.role == "addressee"} == {
        "provincial_governments",
        "sc_ministries",
        "sc_institutions",
    }


def test_translation_pdf_with_a_table_cover_page(tmp_path):
    """The table cover as a PDF's first page: the labels and values are read as the cover, not the document."""
    from pdf_fixtures import FONT_DIR
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DVS", str(FONT_DIR / "DejaVuSerif.ttf")))
    style = ParagraphStyle("body", fontName="DVS", fontSize=11, leading=14, spaceAfter=12)
    text = (FIXTURES / "en_cover_table_translation.txt").read_text(encoding="utf-8")
    cover, _, rest = text.partition("\nState Council Opinions")
    story = [Paragraph(p.replace("\n", " "), style) for p in cover.split("\n\n") if p.strip()] + [PageBreak()]
    story += [Paragraph(line, style) for line in ("State Council Opinions" + rest).split("\n") if line.strip()]
    path = tmp_path / "opinions.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    m = process_file(path).metadata
    assert (m.title, m.doc_number, m.issuer, m.issue_date) == (
        "State Council Opinions on Deepening the Demonstration Zone Initiative",
        "State Council [2031] Document No. 11",
        "State Council",
        date(2031, 8, 21),
    )


# Web news items in our words, in the shapes real pages print: the issuing sentence names the document and its
# issuer when the heading is a headline or a sentence; a month and day printed without a year take the single year
# of the title; the members of a joint body drew the plan up; a notice signed without a date.
@pytest.mark.parametrize(
    "text, language, expected",
    [
        (  # a bare headline (no 《》) gives way to the title in the issuing sentence, the day in it takes the year
            "2031示范区建设推进计划发布\n示范频道 时间:\n\n示范区建设工作部际联席会议4月12日在京发布了"
            "《2031年示范区建设推进计划》，明确了五方面重点工作。\n",
            "zh",
            {
                "title": "2031年示范区建设推进计划",
                "issuer": "示范区建设工作部际联席会议",
                "issue_date": date(2031, 4, 12),
            },
        ),
        (  # a sentence standing first is no title; 近日印發 names the issuer in traditional characters
            "6月2日，示范區建設工作部際聯席會議辦公室近日印發的《2032年示范區建設推進計劃》在網站公布，"
            "明確了五個方面，包括多項任務，\n\n其中計劃提出兩項任務。\n",
            "zh",
            {"title": "2032年示范區建設推進計劃", "issuer": "示范區建設工作部際聯席會議辦公室", "issue_date": None},
        ),
        (  # a cited document's issuer is not this one's: 为贯彻落实 X 印发的《纲要》; signed without a date
            "示联办〔2031〕3号\n\n各成员单位：\n\n现将《2031年示范区建设推进计划》印发，请认真组织实施。\n\n特此通知。\n\n"
            "示范区建设工作部际联席会议办公室\n\n2031年示范区建设推进计划\n\n"
            "为贯彻落实示范委员会、示范院印发的《示范区建设纲要》，制定本计划。\n\n一、完善制度\n\n（一）修订办法。\n",
            "zh",
            {"issuer": "示范区建设工作部际联席会议办公室", "issue_date": None},
        ),
        (  # "the N members of X … co-developed"; "issued on April 3rd" with the year in the title
            "Demonstration Zone Promotion Plan 2031 Issued and Implemented\n\nTo advance the zones in 2031, 19 members "
            "of the Demonstration Zone Inter-Ministerial Joint Conference conducted joint research and co-developed "
            "the Demonstration Zone Promotion Plan 2031. The Promotion Plan issued and put into practice on April 3rd.\n",
            "en",
            {
                "title": "Demonstration Zone Promotion Plan 2031",
                "issuer": "Demonstration Zone Inter-Ministerial Joint Conference",
                "issue_date": date(2031, 4, 3),
            },
        ),
        (  # "member agencies of X … are pleased to present"; a deadline without a year is no issue date
            "Introduction to the Demonstration Action Plan 2031\n\nTo explain the measures taken in 2031, member agencies "
            "of the Inter-agency Joint Meeting for Demonstration Zones, in line with its schedule, are pleased to "
            "present this Action Plan. Reports are due by March 30th.\n",
            "en",
            {"issuer": "Inter-agency Joint Meeting for Demonstration Zones", "issue_date": None},
        ),
    ],
    ids=[
        "zh-bare-headline",
        "zh-sentence-first",
        "zh-citing-unsigned-date",
        "en-members-codeveloped",
        "en-members-present",
    ],
)
def test_issuing_sentences_of_news_pages(text, language, expected):
    m = seg(text, language).metadata
    assert {k: getattr(m, k) for k in expected} == expected


@pytest.mark.parametrize(
    "text",
    [
        "為貫徹落實示范委員會、示范院印發的《示范區建設綱要》，深入實施示范戰略，明確年度任務，制定本計劃。\n\n一、完善制度\n",
        "为贯彻落实示范委员会、示范院印发的《示范区建设纲要》，明确年度任务，制定本计划。\n\n一、完善制度\n",
    ],
)
def test_a_cited_documents_issuer_opening_the_text_is_not_the_issuer(text):
    assert seg(text).metadata.issuer is None


def test_a_chinese_sentence_standing_first_is_no_title():
    text = "为贯彻落实示范纲要，深入实施示范战略，明确2031年度重点任务，\n\n制定本计划。\n\n一、完善制度\n\n（一）修订办法。\n"
    assert seg(text).metadata.title is None


CLOSING_ADDRESSEES = """示范市财政局 示范市商务局关于支持服务出口的指导意见
示财发〔2031〕7号
为支持服务出口，提出如下意见。
一、加大信贷支持
各银行加大对服务出口企业的信贷投放。
二、改善融资环境
鼓励发行债务融资工具。
示范市财政局 示范市商务局
2031年3月5日
主 送：示范市各区财政局，各商业银行、示范市农村信用合作联社。
抄 送：示范市人民政府办公厅。
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        # none above the body: the distribution line under the signature names them (抄送 is a copy, not an addressee)
        (CLOSING_ADDRESSEES, ["示范市各区财政局", "各商业银行", "示范市农村信用合作联社"]),
        # addressees above the body win; the closing line is not read again
        (
            CLOSING_ADDRESSEES.replace("为支持服务出口", "各区人民政府：\n为支持服务出口"),
            ["各区人民政府"],
        ),
    ],
)
def test_a_closing_distribution_line_names_the_addressees(text, expected):
    doc = seg(text)
    assert [doc.text[s.start : s.end] for s in doc.addressees] == expected


@pytest.mark.parametrize(
    "closing, issuer, issuer_source",
    [
        # names glued to each other and to the date (a PDF copy): the date signs, the title names the issuers
        ("示范市财政局示范市商务局2031年3月5日", "示范市财政局 示范市商务局", "title"),
        # set apart by a space, as usual: the signature names its issuers
        ("示范市财政局 示范市商务局 2031年3月5日", "示范市财政局 示范市商务局", "signature"),
    ],
)
def test_a_signature_glued_to_its_date_gives_the_date(closing, issuer, issuer_source):
    text = CLOSING_ADDRESSEES.replace("示范市财政局 示范市商务局\n2031年3月5日", closing)
    meta = seg(text).metadata
    assert (meta.issue_date, meta.issuer, meta.issuer_source) == (date(2031, 3, 5), issuer, issuer_source)


GLUED_TAIL_NOTICE = """示范省商务厅文件
示商发〔2031〕12号
示范省商务厅关于建立外贸企业季度报告制度的通知
各市商务局：
为掌握外贸企业经营情况，现就建立季度报告制度通知如下：
一、报送内容
各市商务局应于每季度结束后15日内报送辖区企业经营情况。
二、工作要求
请各市商务局指定专人负责。
附件：1. 外贸企业季度报告表
2. 外贸企业名单示范省商务厅二〇三一年三月五日
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        # a PDF copy ran the signature onto the annex list's last line: the date ending it after a body's name signs
        (GLUED_TAIL_NOTICE, date(2031, 3, 5)),
        # the same line ending in a date that follows no body's name is no signature
        (GLUED_TAIL_NOTICE.replace("2. 外贸企业名单示范省商务厅", "2. 外贸企业名单截至"), None),
    ],
)
def test_a_signature_glued_onto_the_last_line_gives_the_date(text, expected):
    assert seg(text).metadata.issue_date == expected


OLD_REGULATION = """# 示范口岸管理办法

2031年1月5日 国务院批准

2031年2月4日 示范部、示范总局发布

2032年3月1日 《国务院关于修改部分行政法规的决定》第一次修订

第一条 为了规范口岸管理，制定本办法。
"""


@pytest.mark.parametrize(
    "text, issuer, issue_date, doc_number",
    [
        # a promulgation line without a decree number names the bodies that issued it; approval and revision
        # lines are not promulgations
        (OLD_REGULATION, "示范部、示范总局", date(2031, 2, 4), None),
        (OLD_REGULATION.replace("示范部、示范总局发布", "国务院发布"), "国务院", date(2031, 2, 4), None),
        # the approval line alone promulgates nothing: no issuer from it
        (OLD_REGULATION.replace("2031年2月4日 示范部、示范总局发布\n", ""), None, date(2031, 1, 5), None),
        # what precedes 发布 must be bodies' names
        (OLD_REGULATION.replace("示范部、示范总局发布", "本办法同时发布"), None, date(2031, 1, 5), None),
    ],
)
def test_a_promulgation_line_without_a_decree_number(text, issuer, issue_date, doc_number):
    m = seg(text).metadata
    assert (m.issuer, m.issue_date, m.doc_number) == (issuer, issue_date, doc_number)


@pytest.mark.parametrize(
    "line, issuer, doc_number",
    [
        # a joint decree, and a line that says when the text takes effect
        ("2031年2月4日 示范部、示范总局令第3号发布", "示范部、示范总局", "示范部、示范总局令第3号"),
        ("2031年2月4日 示范总局令第1号发布  自发布之日施行", "示范总局", "示范总局令第1号"),
        # each joint issuer without the state's name, as the first is read (their names side by side)
        (
            "2031年2月4日 中华人民共和国示范部、中华人民共和国示范总局令第3号发布",
            "示范部 示范总局",
            "中华人民共和国示范部、中华人民共和国示范总局令第3号",
        ),
    ],
)
def test_promulgation_lines_of_joint_decrees_and_effect_notes(line, issuer, doc_number):
    m = seg(OLD_REGULATION.replace("2031年2月4日 示范部、示范总局发布", line)).metadata
    assert (m.issuer, m.issue_date, m.doc_number) == (issuer, date(2031, 2, 4), doc_number)


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (  # a rule's title heads it ("Measures for …"); its last article dates its entry into force, no signature
            "Measures for the Administration of Demonstration Data\n\nArticle 1\tThese Measures are formulated to "
            "regulate demonstration data.\n\nArticle 2\tThese Measures shall come into force on June 1, 2031.\n",
            "en",
            {"title": "Measures for the Administration of Demonstration Data", "issuer": None, "issue_date": None},
        ),
        (  # the title ends in its head word (and a stray space); the labels have a colon after them
            "Demonstration Data Service Management Provisions \n\nChapter I: General Provisions\n\nArticle 1: These "
            "Provisions are formulated to regulate demonstration services.\n\nArticle 2: These Provisions take "
            "effect on March 1, 2032.\n",
            "en",
            {"title": "Demonstration Data Service Management Provisions", "issuer": None, "issue_date": None},
        ),
        (  # the same closing sentence without an article label
            "Interim Regulations on Demonstration Zones\n\n1. Zones shall be built.\n\nThese Regulations shall "
            "become effective on May 5, 2031.\n",
            "en",
            {"title": "Interim Regulations on Demonstration Zones", "issuer": None, "issue_date": None},
        ),
        (  # a Chinese rule's last article: 自…起施行 never signs, with or without its full stop
            "示范数据管理办法\n\n第一条 为了规范示范数据，制定本办法。\n\n第二条 本办法自2031年6月1日起施行。\n",
            "zh",
            {"title": "示范数据管理办法", "issuer": None, "issue_date": None},
        ),
        (
            "示范数据管理办法\n\n第一条 为了规范示范数据，制定本办法。\n\n第二条　本办法自2031年6月1日起施行\n",
            "zh",
            {"title": "示范数据管理办法", "issuer": None, "issue_date": None},
        ),
        (  # a signature under the articles still signs
            "Trial Rules for Demonstration Grants\n\nArticle 1\tThese Rules are formulated to regulate grants.\n\n"
            "Article 2\tThese Rules shall come into force on June 1, 2031.\n\nMinistry of Demonstration\n\n"
            "May 20, 2031\n",
            "en",
            {
                "title": "Trial Rules for Demonstration Grants",
                "issuer": "Ministry of Demonstration",
                "issue_date": date(2031, 5, 20),
            },
        ),
        (
            "Decision of the State Council on Demonstration Zones\n\nThe State Council decides as follows.\n",
            "en",
            {"title": "Decision of the State Council on Demonstration Zones", "issuer": "State Council"},
        ),
    ],
    ids=[
        "measures-tab",
        "provisions-colon",
        "regulations-unlabelled",
        "zh-article",
        "zh-article-no-stop",
        "signed-after-articles",
        "decision",
    ],
)
def test_a_rules_title_and_its_entry_into_force(text, language, expected):
    doc = seg(text, language)
    assert {k: getattr(doc.metadata, k) for k in expected} == expected
    if "Article 2" in text:  # the last article stays a unit of the body
        assert [m.text for m in doc.measures if " into force on " in m.text or " effect on " in m.text]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (  # a dateline's day is the report's, the issuers are named with an acronym inside the first name
            "Opinions on Strengthening Demonstration Ethics\n\nDemo News Agency, Rivertown, March 20, [2031]. Recently, "
            "the General Office of the Demonstration Party (DP) Central Committee and the General Office of the State "
            "Council issued the Opinions on Strengthening Demonstration Ethics.\n\n1. Overall requirements. Act.\n",
            "en",
            {
                "issuer": "General Office of the Demonstration Party (DP) Central Committee General Office of the State Council",
                "issue_date": None,
                "publication_date": date(2031, 3, 20),
                "year": 2031,
                "year_source": "publication_date",
            },
        ),
        (  # the year printed without brackets
            "Opinions on Demonstration Zones\n\nDemo News Agency, Rivertown, May 2, 2031 — Recently, the State Council "
            "issued the Opinions on Demonstration Zones.\n\n1. Build zones.\n",
            "en",
            {"issuer": "State Council", "issue_date": None, "publication_date": date(2031, 5, 2), "year": 2031},
        ),
        (  # the same in Chinese; a dateline without its year dates nothing
            "关于加强示范伦理治理的意见\n\n示范社河城2031年3月20日电 近日，示范办公厅、国务院办公厅印发了《关于加强示范伦理治理的意见》。\n\n"
            "一、总体要求\n\n（一）指导思想。坚持示范。\n",
            "zh",
            {
                "issuer": "示范办公厅、国务院办公厅",
                "issue_date": None,
                "publication_date": date(2031, 3, 20),
                "year": 2031,
            },
        ),
        (
            "关于加强示范伦理治理的意见\n\n示范社河城3月20日电 近日，示范办公厅、国务院办公厅印发了《关于加强示范伦理治理的意见》。\n\n"
            "一、总体要求\n\n（一）指导思想。坚持示范。\n",
            "zh",
            {"issue_date": None, "publication_date": None, "year": None},
        ),
        (  # a place and a date opening a sentence are no dateline without an outlet
            "Opinions on Demonstration Zones\n\nRivertown, Lakeside, May 2, 2031. The zones were built.\n\n1. Build.\n",
            "en",
            {"publication_date": None},
        ),
        (  # a year-less issuing day takes the dateline's year
            "Opinions on Demonstration Zones\n\nDemo News Agency, Rivertown, May 2, 2031. The State Council issued the "
            "Opinions on Demonstration Zones on April 28.\n\n1. Build zones.\n",
            "en",
            {"issuer": "State Council", "issue_date": date(2031, 4, 28), "year": 2031, "year_source": "issue_date"},
        ),
    ],
    ids=["en-bracketed-year", "en-plain-year", "zh-dateline", "zh-no-year", "en-no-outlet", "en-yearless-issue"],
)
def test_a_news_items_dateline_is_its_publication_date(text, language, expected):
    m = seg(text, language).metadata
    assert {k: getattr(m, k) for k in expected} == expected
