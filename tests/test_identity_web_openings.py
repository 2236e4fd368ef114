"""Identity read from the first lines of web copies of notices: what a site sets around a document (a view count,
a time stamp, an abstract, a bulleted field table, a headline in capitals) stays out of its fields, and the
document's own lines are read in the shapes such copies print (a title wrapped under its number, a date in
brackets under a title, a translation's number set serial first, a number closing the title, a title glued to
its original).

The texts are ours (invented bodies, titles, numbers and dates); each case says what must be read and what must
be left empty: a false value is worse than none."""

from __future__ import annotations

from datetime import date

import pytest
from test_identity import fields, seg

VIEW_COUNT_LINE = """[来源][示范网][发表时间] 2031/06/02阅读次数:88次
各省、自治区、直辖市示范厅:
为做好示范城市建设工作，现将有关事项通知如下。各地要加强组织领导，确保各项任务落实到位。
特此通知。
示范部
2031年5月20日
"""

TIME_STAMP_LINE = """Home >> Laws of the Demo Province

Ideas on Growing the Demo Economy

2031-03-04 09:10:11

The growth of the demo economy is promoted in the following ways.
"""

TITLE_THEN_STAMP = """Opinions of the General Office of the Demo Council on Improving Demo Services

date:2031-04-05 10:11:12 source:a city site

No. 12 [2031] of the General Office of the Demo Council

The people's governments of all provinces; all ministries of the Demo Council:

Improving demo services matters to every enterprise. The Opinions are hereby offered as follows.

I. General requirements
"""

BRACKETED_DATE = """DEMO PROVINCIAL COMMITTEE

THE PEOPLE'S GOVERNMENT OF DEMO PROVINCE

NOTIONS ON GROWING THE DEMO ECONOMY

(3rd May 2031)

Notions are proposed as follows to grow the demo economy of the province.

1. The demo economy should be promoted.
"""

BRACKETED_DATE_FIRST = """(April 9, 2031)
  People's governments of all provinces, ministries and commissions of the Demo Council:

  The readjustment of demo organs is hereby circulated as follows:

  1. Demo organs through readjustment
"""

SERIAL_FIRST = """Notice of the Demo Council on Issuing the Working Rules of the Demo Council

(No. 7 [2031] of the Demo Council)

The people's governments of all provinces; all ministries of the Demo Council:

The Working Rules of the Demo Council are hereby issued to you.

Demo Council

June 2, 2031
"""

LETTER_NUMBER = """Notice of the General Office of the Demo Council on Dividing the Key Tasks of the Demo Plan

Letter No. 4 [2031] from General Office of the Demo Council

To the people's governments of all provinces: The plan for dividing the key tasks has been approved and is now \
issued to you for your earnest implementation. All departments should develop specific measures.
"""

COMMA_ADDRESSEES = """Notice on Release of the 2031 Demo Work Plan

No. DEMO 〔2031〕55

Date: June 15, 2031

The Demo Offices of all provinces, autonomous regions and municipalities,

In order to carry out the demo work, the 2031 Demo Work Plan is hereby released for your implementation.

Demo Office General Office

June 15, 2031

The 2031 Demo Work Plan
"""

CAPITALISED_HEADLINE = """Demo Laws Page 3

CIRCULAR OF THE DEMO ADMINISTRATION ON AMENDING THE DEMO RULES

The Demo Administration

Circular of the Demo Administration on Amending the Demo Rules

DemoFa [2031] No.31

September 4, 2031

All branches of the Demo Administration:

The Demo Rules are amended as follows.
"""

NUMBER_CLOSING_TITLE = """Implementation Opinions of the General Office of the Demo Provincial Government on Growing Demo Farming \
(Demo Zhengban Fa [2031] No. 6)
By: Date: 2031-03-05 Categories: release Tags: ,
People's governments of all cities and counties, departments directly under the province:

   In order to grow demo farming, the following implementation opinions are hereby put forward.
"""

GLUED_ORIGINAL = """示范院关于批准示范开发区的通知Circular of the Demo Council Concerning the Approval of Demo Development Zones

The Demo Council has decided to designate another group of demo development zones.
"""

WRAPPED_ZH = """示范市人民政府办公厅文件

示政办发〔2031〕24号

示范市人民政府办公厅关于加强示范学校

毕业生服务工作的通知

各区人民政府，市政府各部门、各直属机构：

为做好毕业生服务工作，现就有关问题通知如下：

一、充分认识服务工作的重要性。
"""

JOINT_OFFICES_ZH = """“示范信息公开” 中共示范区委办公室 示范区人民政府办公室印发《示范区服务品牌三年行动计划(2031—2033年)》的通知
示范区服务品牌三年行动计划
(2031—2033年)
为打响示范服务品牌，特制定本行动计划。
一、总体要求
"""

ABSTRACT_ZH = """示范部办公厅关于公布第三批示范市场的通知
摘要:经综合评定并公示，现确定示范商城等20家市场为第三批示范市场，有效期为2031年1月至2033年12月，各地要加强管理指导，及时总结经验做法，切实发挥其示范引领作用。
示办函〔2031〕45号
各省、自治区、直辖市示范厅，示范服务中心：
经综合评定并公示，现确定示范商城等20家市场为第三批示范市场。
特此通知。
示范部办公厅
2031年12月21日
"""

COLUMN_LABEL_ZH = """示范部办公厅关于确定第二批试点单位的通知
栏目:信用建设 发布时间:2031-11-12
示范部办公厅关于确定第二批试点单位的通知
各省、自治区、直辖市示范厅，示范服务中心：
经研究，确定12个市为第二批试点单位。
"""

BULLETED_TABLE_ZH = """示范县人民政府工作规则
  • 索引号:
    0000000000/2031-000001
  • 发文机构:
    县政府网站
  • 发文字号:
    示政发〔2031〕7号
  • 发文日期:
    2031年04月06日 16:40
  • 发布日期:
    2031年04月06日 16:34
示范县人民政府工作规则
第一章 总则
一、根据有关规定，结合本县实际，制定本规则。
"""

PUBLIC_NOTICE_ZH = """关于第一批示范城市遴选结果的公示
2031-02-17浏览次数:
关于第一批示范城市遴选结果的公示
按照有关要求，示范部组织开展遴选工作，现将名单公示如下：
甲市
乙市
公示时间为5个工作日。如有意见，请于公示期内以书面方式向我部反映。
示范部
2031年2月17日
"""


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (VIEW_COUNT_LINE, "zh", {"title": None, "issuer": "示范部", "issue_date": date(2031, 5, 20), "year": 2031}),
        (TIME_STAMP_LINE, "en", {"title": None, "issue_date": None, "year": None}),
        (
            TITLE_THEN_STAMP,
            "en",
            {
                "title": "Opinions of the General Office of the Demo Council on Improving Demo Services",
                "doc_number": "No. 12 [2031] of the General Office of the Demo Council",
                "issue_date": None,
                "year": 2031,
            },
        ),
        (BRACKETED_DATE, "en", {"issuer": None, "issue_date": date(2031, 5, 3), "year": 2031}),
        (BRACKETED_DATE_FIRST, "en", {"title": None, "issuer": None, "issue_date": date(2031, 4, 9), "year": 2031}),
        (
            SERIAL_FIRST,
            "en",
            {
                "title": "Notice of the Demo Council on Issuing the Working Rules of the Demo Council",
                "doc_number": "No. 7 [2031] of the Demo Council",
                "issue_date": date(2031, 6, 2),
            },
        ),
        (
            LETTER_NUMBER,
            "en",
            {
                "doc_number": "Letter No. 4 [2031] from General Office of the Demo Council",
                "issuer": "General Office of the Demo Council",
                "year": 2031,
            },
        ),
        (
            COMMA_ADDRESSEES,
            "en",
            {
                "doc_number": "No. DEMO 〔2031〕55",
                "issuer": "Demo Office General Office",
                "issue_date": date(2031, 6, 15),
            },
        ),
        (
            CAPITALISED_HEADLINE,
            "en",
            {
                "title": "Circular of the Demo Administration on Amending the Demo Rules",
                "doc_number": "DemoFa [2031] No.31",
                "issue_date": date(2031, 9, 4),
            },
        ),
        (
            NUMBER_CLOSING_TITLE,
            "en",
            {
                "title": "Implementation Opinions of the General Office of the Demo Provincial Government on Growing "
                "Demo Farming",
                "doc_number": "Demo Zhengban Fa [2031] No. 6",
                "year": 2031,
            },
        ),
        (
            GLUED_ORIGINAL,
            "en",
            {
                "title": "Circular of the Demo Council Concerning the Approval of Demo Development Zones",
                "issuer": "Demo Council",
            },
        ),
        (
            WRAPPED_ZH,
            "zh",
            {
                "title": "示范市人民政府办公厅关于加强示范学校毕业生服务工作的通知",
                "doc_number": "示政办发〔2031〕24号",
                "issuer": "示范市人民政府办公厅",
                "year": 2031,
            },
        ),
        (
            JOINT_OFFICES_ZH,
            "zh",
            {
                "title": "中共示范区委办公室 示范区人民政府办公室印发《示范区服务品牌三年行动计划(2031—2033年)》的通知",
                "year": None,
            },
        ),
        (
            BULLETED_TABLE_ZH,
            "zh",
            {"doc_number": "示政发〔2031〕7号", "issuer": None, "issue_date": date(2031, 4, 6), "year": 2031},
        ),
        (
            PUBLIC_NOTICE_ZH,
            "zh",
            {"title": "关于第一批示范城市遴选结果的公示", "issuer": "示范部", "issue_date": date(2031, 2, 17)},
        ),
    ],
    ids=[
        "zh-view-count-line-is-no-title",
        "en-time-stamp-is-no-title-nor-year",
        "en-time-stamp-stays-off-the-title",
        "en-date-in-brackets-under-title",
        "en-date-in-brackets-opening",
        "en-serial-first-number",
        "en-letter-number",
        "en-comma-addressees-sign-nothing",
        "en-capitalised-headline-above-title",
        "en-number-closing-title",
        "en-title-glued-to-original",
        "zh-title-wrapped-under-number",
        "zh-joint-offices-title-with-spaces",
        "zh-bulleted-field-table",
        "zh-public-notice-title",
    ],
)
def test_web_openings_identity(text, language, expected):
    got = fields(seg(text, language))
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ABSTRACT_ZH, ["各省、自治区、直辖市示范厅", "示范服务中心"]),
        (COLUMN_LABEL_ZH, ["各省、自治区、直辖市示范厅", "示范服务中心"]),
        (BULLETED_TABLE_ZH, []),
        (PUBLIC_NOTICE_ZH, []),
        (
            "示范区人民政府办公室关于印发示范服务工作方案的通知\n区属各单位：\n现将方案印发给你们，请认真执行。\n",
            ["区属各单位"],
        ),
    ],
    ids=["abstract-before-addressees", "column-label", "bulleted-labels", "list-introduced-by-colon", "short-class"],
)
def test_page_labels_are_no_addressees(text, expected):
    doc = seg(text, "zh")
    assert [doc.repaired.text[a.start : a.end] for a in doc.addressees] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            NUMBER_CLOSING_TITLE,
            ["People's governments of all cities and counties", "departments directly under the province"],
        ),
        (
            """Notice from the Office of the Demo Administration on Issuing the Key Points of Demo Disclosure in 2031
Release Time:
2031-05-30
Key points of demo disclosure in 2031. To do a good job in demo disclosure, we must keep to the plan.
""",
            [],
        ),
        (LETTER_NUMBER, ["people's governments of all provinces"]),
    ],
    ids=["labelled-fields-line-above-addressees", "release-time-label", "list-run-into-the-body"],
)
def test_english_page_labels_are_no_addressees(text, expected):
    doc = seg(text, "en")
    assert [doc.repaired.text[a.start : a.end] for a in doc.addressees] == expected


LEVEL_ONLY_TITLE = """{header}
示政发〔2031〕18号
市政府关于大力实施示范品牌战略
推进示范城市建设的意见
各区人民政府，市各委办局：
为推进示范城市建设，特制定本意见。
一、重要意义
"""


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        ("示范市人民政府文件", "示范市人民政府"),  # the red header prints the full name of the title's 市政府
        ("", "市政府"),  # no header: the title's words stand
        ("示范市人民政府办公室文件", "市政府"),  # the header names another body (the office): the title's stands
        ("示范省人民政府文件", "市政府"),  # another level
    ],
    ids=["header-full-name", "no-header", "office-header", "other-level"],
)
def test_a_title_naming_its_issuer_by_level_takes_the_red_headers_name(header, issuer):
    doc = seg(LEVEL_ONLY_TITLE.format(header=header), "zh")
    assert (doc.metadata.title, doc.metadata.issuer) == ("市政府关于大力实施示范品牌战略推进示范城市建设的意见", issuer)


OFFICE_TITLE_EN = """{title}

To all departments of the Administration:

The key points of demo disclosure in 2031 are now issued to you. Please implement them carefully.

{signer}

May 26, 2031
"""

OFFICE_TITLE_ZH = """{title}
各省、自治区、直辖市示范厅：
现将2031年示范公开工作要点印发给你们，请认真贯彻执行。
{signer}
2031年5月26日
"""


@pytest.mark.parametrize(
    ("text", "language", "title", "signer", "issuer"),
    [
        (
            OFFICE_TITLE_EN,
            "en",
            "Notice from the Office of the Demo Administration on Issuing the Key Points of Demo Disclosure in 2031",
            "Demo Administration",
            None,  # the title names the office, the signature its body: which one issued it is not printed
        ),
        (
            OFFICE_TITLE_EN,
            "en",
            "Notice from the Office of the Demo Administration on Issuing the Key Points of Demo Disclosure in 2031",
            "Office of the Demo Administration",
            "Office of the Demo Administration",
        ),
        (
            OFFICE_TITLE_EN,
            "en",
            "Notice of the Demo Administration on Issuing the Key Points of Demo Disclosure in 2031",
            "Demo Administration",
            "Demo Administration",
        ),
        (OFFICE_TITLE_ZH, "zh", "示范局办公室关于印发2031年示范公开工作要点的通知", "示范局", None),
        (OFFICE_TITLE_ZH, "zh", "示范局办公室关于印发2031年示范公开工作要点的通知", "示范局办公室", "示范局办公室"),
        (OFFICE_TITLE_ZH, "zh", "关于印发2031年示范公开工作要点的通知", "示范局", "示范局"),
    ],
    ids=[
        "en-office-dropped",
        "en-office-signs",
        "en-same-body",
        "zh-office-dropped",
        "zh-office-signs",
        "zh-no-title-issuer",
    ],
)
def test_a_signature_dropping_the_titles_office_leaves_the_issuer_empty(text, language, title, signer, issuer):
    m = seg(text.format(title=title, signer=signer), language).metadata
    assert (m.title, m.issuer, m.issue_date) == (title, issuer, date(2031, 5, 26))
