"""Identity of Chinese ministry documents in the layouts real copies print them in (text copies of PDFs and web
pages of a central bank's notices, decrees and announcements): a title run into its addressee list, a decree's
number under its head, a site's note after a rule's name, a numbered announcement without a subject title, a
printing line under the text, joint issuers glued or spaced out.

The texts are ours (invented titles, numbers and dates in the shapes those copies print); each case says what
must be read and what must be left empty (a false value is worse than none)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Source, Span
from pipeline.quality import missing_identity
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.segment.identity import split_issuers


def seg(text: str):
    return segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")))


def squeeze(value: str | None) -> str | None:
    return None if value is None else "".join(value.split())


RED_HEADER_GLUED = """特 急
中国人民银行文件
银发〔2031〕88 号
中国人民银行关于调整储蓄存款计息规则的通知中国人民银行上海总部，各分行、营业管理部，各省会（首府）城市中心支行；各国有商业银行、股份制商业银行：
中国人民银行决定，从 2031 年 11 月 2 日起调整储蓄存款计息规则。现就有关事项通知如下：
一、各银行应按新规则计息。
二、请将本通知转发至辖内机构。
抄送：财政部。
中国人民银行办公厅 2031年10月30日印发
"""

DECREE_TWO_LINES = """中国人民银行令
（2031）第 2 号
《支付账户服务管理办法》已经 2031 年 1 月 5 日中国人民银行第 1 次行务会议审议通过，现予公布，自 2031 年 3 月 1 日起施行。
行 长 王某
2031 年 1 月 20 日
支付账户服务管理办法
第一条 为规范支付账户服务，制定本办法。
第二条 本办法自 2031 年 3 月 1 日起施行。
"""

STATE_COUNCIL_DECREE = """储蓄服务条例（国务院令 第901号）
中华人民共和国国务院令
（第901号）
现发布《储蓄服务条例》，自2031年4月1日起施行。
总理　李某
2031年3月20日
第一条　为了规范储蓄服务，制定本条例。
第二条　本条例自2031年4月1日起施行。
"""

BARE_ANNOUNCEMENT = """中国人民银行公告
（2031）第5号
为规范柜台债券业务，根据《债券托管办法》（中国人民银行令〔2029〕第1号发布）等有关规定，现就有关事项公告如下：
一、承办银行可以增加柜台债券品种。
二、本公告自公布之日起执行。
信息公开选项：主动公开
中国人民银行办公厅　　　　2031年3月7日印发
"""

JOINT_DECREE_WITH_NOTE = """中国人民银行 公安部令〔2031〕第1号（涉案资产冻结管理办法）
《涉案资产冻结管理办法》已经中国人民银行、公安部审议通过，现予发布，自2031年2月1日起施行。
中国人民银行行长　王某
公安部部长　赵某
2031年1月10日
涉案资产冻结管理办法
第一条　为规范涉案资产冻结工作，制定本办法。
第二条　本办法自2031年2月1日起施行。
"""

UNTITLED_JOINT_ANNOUNCEMENT = """中国人民银行海关总署
（2031）第3号
依照《示范物品管理条例》（国发〔2030〕12号文印发）的规定，现将示范物品进出口许可事项公告如下：
列入目录的货物进出口通关时，海关凭准许证办理验放手续。
特此公告。
"""

YEAR_SERIAL_ANNOUNCEMENT = """2031年第1号

为落实机构改革部署，现就金融消费者权益保护工作安排公告如下：

一、国家金融监督管理总局统筹负责金融消费者权益保护工作。

二、本公告自公布之日起施行。

国家金融监督管理总局

中国人民银行

2031年6月28日
"""

PRESIDENT_DECREE = """中华人民共和国主席令（十五届第9号）
《中华人民共和国储备资产豁免法》已由中华人民共和国第十五届全国人民代表大会常务委员会第三次会议于2031年10月25日通过，现予公布，自公布之日起施行。
中华人民共和国主席　某某
2031年10月25日
（2031年10月27日第十五届全国人民代表大会常务委员会第三次会议通过）
第一条  本法所称储备资产，是指中央银行持有的储备资产。
第二条  本法自公布之日起施行。
"""

JOINT_GLUED_TITLE = """中国人民银行 财政部 商务部 海关总署 税务总局银监会关于扩大跨境结算试点地区的通知中国人民银行上海总部，各分行；各省、自治区、直辖市财政厅、商务厅：
为满足企业需求，经国务院批准，现就有关事项通知如下：
一、试点地区扩大到全国。
二、请各单位做好试点工作。
中国人民银行　　财政部　　商务部
海关总署　　税务总局　　银监会二〇三一年七月二十七日
"""

CASES = [
    # (text, title, doc_number, issuer, issue_date)
    (
        RED_HEADER_GLUED,
        "中国人民银行关于调整储蓄存款计息规则的通知",
        "银发〔2031〕88号",
        "中国人民银行",
        None,  # no signature date: the 印发 line's date is the printing date, and 从…起 a start date
    ),
    (DECREE_TWO_LINES, "支付账户服务管理办法", "中国人民银行令（2031）第2号", "中国人民银行", date(2031, 1, 20)),
    (STATE_COUNCIL_DECREE, "储蓄服务条例", "中华人民共和国国务院令第901号", "国务院", date(2031, 3, 20)),
    (BARE_ANNOUNCEMENT, "中国人民银行公告（2031）第5号", "中国人民银行公告（2031）第5号", "中国人民银行", None),
    (
        JOINT_DECREE_WITH_NOTE,
        "涉案资产冻结管理办法",
        "中国人民银行公安部令〔2031〕第1号",
        "中国人民银行公安部",
        None,  # read below; the date line's source is not asserted here
    ),
    (UNTITLED_JOINT_ANNOUNCEMENT, None, "（2031）第3号", "中国人民银行海关总署", None),
    (
        YEAR_SERIAL_ANNOUNCEMENT,
        None,
        "2031年第1号",
        "国家金融监督管理总局中国人民银行",
        date(2031, 6, 28),
    ),
    (
        PRESIDENT_DECREE,
        "中华人民共和国储备资产豁免法",
        "中华人民共和国主席令（十五届第9号）",
        None,
        date(2031, 10, 25),
    ),
]


@pytest.mark.parametrize(("text", "title", "number", "issuer", "day"), CASES, ids=lambda v: str(v)[:12])
def test_identity_of_real_layouts(text, title, number, issuer, day):
    m = seg(text).metadata
    assert squeeze(m.title) == title
    assert squeeze(m.doc_number) == number
    if issuer is not None:
        assert squeeze(m.issuer) == issuer
    if day is not None or text in (RED_HEADER_GLUED, BARE_ANNOUNCEMENT):
        assert m.issue_date == day


def test_title_run_into_addressees_leaves_the_list_to_the_addressees():
    doc = seg(RED_HEADER_GLUED)
    got = [doc.repaired.text[s.start : s.end] for s in doc.addressees]
    assert got[:2] == ["中国人民银行上海总部", "各分行"]
    assert "各国有商业银行" in got


def test_a_preamble_ending_in_a_colon_is_not_an_addressee_list():
    assert seg(BARE_ANNOUNCEMENT).addressees == ()
    decision = DECREE_TWO_LINES.replace(
        "第一条 为规范支付账户服务，制定本办法。",
        "为贯彻国务院常务会议决定，中国人民银行决定：\n第一条 为规范支付账户服务，制定本办法。",
    )
    assert seg(decision).addressees == ()


def test_untitled_documents_are_not_complete():
    """No title printed: the field stays empty and the document says so (its status is not ``success``)."""
    for text in (UNTITLED_JOINT_ANNOUNCEMENT, YEAR_SERIAL_ANNOUNCEMENT):
        assert "no title found" in missing_identity(seg(text))


def test_a_cited_number_inside_a_sentence_is_neither_number_nor_title():
    m = seg(UNTITLED_JOINT_ANNOUNCEMENT).metadata
    assert "国发" not in (m.doc_number or "") and m.title is None
    assert (m.year, m.year_source) == (2031, "doc_number")  # the bare （2031）第3号 still gives the year


def test_joint_title_glued_to_addressees_names_every_issuer():
    doc = seg(JOINT_GLUED_TITLE)
    m = doc.metadata
    assert m.title == "中国人民银行 财政部 商务部 海关总署 税务总局银监会关于扩大跨境结算试点地区的通知"
    names = [doc.repaired.text[s.start : s.end] for s in m.issuer_spans]
    assert names == ["中国人民银行", "财政部", "商务部", "海关总署", "税务总局", "银监会"]
    assert m.issue_date == date(2031, 7, 27)


@pytest.mark.parametrize(
    ("printed", "names"),
    [
        ("中国人民银行 外 汇 局", ["中国人民银行", "外 汇 局"]),
        ("中国人民银行 银 监 会 财 政 部", ["中国人民银行", "银 监 会", "财 政 部"]),
        ("中国银行保险监督管理委员会中国证券监督管理委员会", ["中国银行保险监督管理委员会", "中国证券监督管理委员会"]),
        ("中国人民银行海关总署", ["中国人民银行", "海关总署"]),
        ("中国人民银行办公厅", ["中国人民银行办公厅"]),  # one known name is not split
        ("某某市某某研究会中国人民银行", ["某某市某某研究会中国人民银行"]),  # not wholly known names: kept
    ],
)
def test_joint_issuers_glued_or_spaced_are_split_into_known_names(printed, names):
    spans = split_issuers(printed, Span(0, len(printed)))
    assert [printed[s.start : s.end] for s in spans] == names


GOV_PAGE_TWO_LINE_TITLE = """中国人民银行 国家外汇管理局
关于提升跨境结算服务水平的通知
标题：
中国人民银行 国家外汇管理局
关于提升跨境结算服务水平的通知
索引号：
HB/2031-0000001
文号：
银发〔2031〕231号
发文机关：
中国人民银行
国家外汇管理局
公文种类：
规范性文件
发布日期：
2031年11月20日
中国人民银行上海总部，各分行：
为提升服务水平，现就有关事项通知如下：
一、银行应优化服务。
二、本通知自发布之日起施行。
中国人民银行
国家外汇管理局
2031年11月17日
"""

RULE_WITH_ADOPTION_NOTE = """储蓄贷款管理办法(2031年5月9日银发〔2031〕190号文颁布  自2031年5月9日起施行)
第一章　总　则
第一条　为规范储蓄贷款管理，制定本办法。
第二条　本办法自颁布之日起施行。
"""

DECREE_WITH_ADOPTION_NOTE = """中国人民银行令（发布规章清理结果）
(2031年3月16日中国人民银行令〔2031〕第2号公布  自2031年3月16日起施行)
为推进法治建设，中国人民银行对规章进行了清理。现决定废止《某某管理办法》等3件规章。
行　长　王某
2031年3月16日
"""

LAW_WITH_ADOPTION_NOTE = """中华人民共和国储备资产管理法（2031年8月27日第十五届全国人民代表大会常务委员会第二十三次会议通过）
第一条  为了规范储备资产管理，制定本法。
第二条  本法自2032年6月1日起施行。
"""

FIRM_ADDRESSEE = """中国人民银行文件
银发〔2031〕290 号
中国人民银行关于印发《跨境支付系统运营机构监督管理办法》的通知跨境支付清算（上海）有限责任公司：
为规范对你公司的监督管理，现将办法印发你公司，请认真遵照执行。
"""

MORE_CASES = [
    (
        GOV_PAGE_TWO_LINE_TITLE,
        "中国人民银行国家外汇管理局关于提升跨境结算服务水平的通知",
        "银发〔2031〕231号",
        date(2031, 11, 17),
    ),
    (RULE_WITH_ADOPTION_NOTE, "储蓄贷款管理办法", "银发〔2031〕190号", date(2031, 5, 9)),
    (DECREE_WITH_ADOPTION_NOTE, None, "中国人民银行令〔2031〕第2号", date(2031, 3, 16)),
    (LAW_WITH_ADOPTION_NOTE, "中华人民共和国储备资产管理法", None, None),
    (
        "中华人民共和国储备资产管理法（修正）(2031年3月18日第十五届全国人民代表大会第三次会议通过 根据2033年12月27日"
        "第十五届全国人民代表大会常务委员会第六次会议《关于修改〈中华人民共和国储备资产管理法〉的决定》修正)\n"
        "第一条  为了规范储备资产管理，制定本法。\n第二条  本法自公布之日起施行。\n",
        "中华人民共和国储备资产管理法（修正）",
        None,
        None,
    ),
    (FIRM_ADDRESSEE, "中国人民银行关于印发《跨境支付系统运营机构监督管理办法》的通知", "银发〔2031〕290号", None),
]


@pytest.mark.parametrize(("text", "title", "number", "day"), MORE_CASES, ids=lambda v: str(v)[:12])
def test_notes_and_cells_around_titles(text, title, number, day):
    """A title set on two lines of a web page's table cell is one title; a rule's adoption note (in brackets after
    its name, or on the line under a decree's head) is neither part of the title nor cut at its dates: its date and
    number are the rule's."""
    m = seg(text).metadata
    assert (squeeze(m.title), squeeze(m.doc_number), m.issue_date) == (title, number, day)


HEAD_ON_TWO_LINES = """中国人民银行财政部
公告
（2031）第 16 号
为规范境外机构债券发行，中国人民银行、财政部制定了《境外机构债券发行管理办法》，现予公布。
"""

OFFICER_RUN_INTO_DATE = """中国人民银行令
〔2031〕第 3 号
《个人外汇服务办法》已于 2031 年 11 月 30 日经第 27 次行长办公会审议通过，现予公布，自 2032 年 2 月 1 日起施行。
行长：王某某二〇三一年十二月二十五日
个人外汇服务办法
第一章 总 则
第一条 为便利个人外汇收支，制定本办法。
"""


def test_announcement_head_on_two_lines_is_read_with_its_number():
    m = seg(HEAD_ON_TWO_LINES).metadata
    assert (squeeze(m.title), squeeze(m.doc_number)) == ("中国人民银行财政部公告（2031）第16号",) * 2
    assert [m.issuer_spans and seg(HEAD_ON_TWO_LINES).repaired.text[s.start : s.end] for s in m.issuer_spans] == [
        "中国人民银行",
        "财政部",
    ]


def test_officer_name_and_date_on_one_line_date_the_decree():
    m = seg(OFFICER_RUN_INTO_DATE).metadata
    assert (m.title, squeeze(m.doc_number), m.issue_date) == (
        "个人外汇服务办法",
        "中国人民银行令〔2031〕第3号",
        date(2031, 12, 25),
    )


TITLE_RUN_INTO_PREAMBLE = """特急
中国人民银行公安部文件
银发〔2031〕86号
中国人民银行 公安部关于建立涉案账户紧急止付机制的通知为提高冻结诈骗资金效率，现就有关事项通知如下：
一、建立紧急止付机制。
二、各单位抓好落实。
中国人民银行　公安部
2031年3月18日
"""


def test_title_run_into_its_preamble_ends_at_its_kind_word():
    m = seg(TITLE_RUN_INTO_PREAMBLE).metadata
    assert m.title == "中国人民银行 公安部关于建立涉案账户紧急止付机制的通知"
    assert (squeeze(m.doc_number), m.issue_date) == ("银发〔2031〕86号", date(2031, 3, 18))


def test_a_red_header_of_known_names_signs_an_unsigned_announcement_and_nothing_else_does():
    doc = seg(UNTITLED_JOINT_ANNOUNCEMENT)
    assert [doc.repaired.text[s.start : s.end] for s in doc.metadata.issuer_spans] == ["中国人民银行", "海关总署"]
    garbled = UNTITLED_JOINT_ANNOUNCEMENT.replace("中国人民银行海关总署", "中 国 人 民 银 行部政财海关总署")
    assert seg(garbled).metadata.issuer is None  # not wholly known names: no issuer rather than a false one


ABOUT_TITLE_GLUED = """中国人民银行文件
银发〔2031〕407号
关于印发《紧急贷款管理暂行办法》的通知中国人民银行各分行、营业管理部：
为了维护金融稳定，总行制定了《紧急贷款管理暂行办法》，现印发给你们，请遵照执行。
附件：紧急贷款管理暂行办法— 1 —（此页无正文）
"""


def test_a_title_opening_with_about_run_into_addressees_and_its_header_issuer():
    doc = seg(ABOUT_TITLE_GLUED)
    m = doc.metadata
    assert (m.title, m.issuer) == ("关于印发《紧急贷款管理暂行办法》的通知", "中国人民银行")
    assert [doc.repaired.text[s.start : s.end] for s in doc.addressees] == ["中国人民银行各分行", "营业管理部"]


# A joint decree in our words: its issuers' names, then the decree's text (no signature, so the head is read).
JOINT_DECREE_TEXT = "\n《示范投资管理办法》已经审议通过，现予公布，自2031年5月1日起施行。\n\n2031年3月1日\n"


@pytest.mark.parametrize(
    ("head", "issuers", "number"),
    [
        # the head on one line, with the number: each issuer without the state's name, as the first is read
        (
            "中华人民共和国示范发展委员会 中华人民共和国样板部令第5号",
            ["示范发展委员会", "样板部"],
            "中华人民共和国示范发展委员会 中华人民共和国样板部令第5号",
        ),
        (
            "中华人民共和国示范发展委员会 中华人民共和国样板部令〔2031〕第5号",
            ["示范发展委员会", "样板部"],
            "中华人民共和国示范发展委员会 中华人民共和国样板部令〔2031〕第5号",
        ),
        # a second issuer printed with the state's name where the first is printed without it
        ("国务院 中华人民共和国示范委员会令第9号", ["国务院", "示范委员会"], "国务院 中华人民共和国示范委员会令第9号"),
        # the names set one a line above a lone 令, the number below it (with or without brackets)
        (
            "中华人民共和国国务院\n中华人民共和国中央军事委员会\n令\n第999号",
            ["国务院", "中央军事委员会"],
            "中华人民共和国国务院 中华人民共和国中央军事委员会令第999号",
        ),
        (
            "中华人民共和国示范发展委员会\n中华人民共和国样板部\n令\n2031年第5号",
            ["示范发展委员会", "样板部"],
            "中华人民共和国示范发展委员会 中华人民共和国样板部令2031年第5号",
        ),
        # one issuer: as before
        ("中华人民共和国国务院令\n第999号", ["国务院"], "中华人民共和国国务院令第999号"),
        # words set apart by a space that are not all bodies' names head no decree
        ("经示范会议审议 现发布示范部令第5号", [], None),
    ],
)
def test_joint_decree_issuers_are_read_in_one_form(head, issuers, number):
    doc = seg(head + "\n" + JOINT_DECREE_TEXT)
    m = doc.metadata
    assert [doc.repaired.text[s.start : s.end] for s in m.issuer_spans] == issuers
    assert m.doc_number == number


@pytest.mark.parametrize(
    ("printed", "names"),
    [
        # the first issuer read without the state's name (a decree's head): so is every other
        ("示范发展委员会 中华人民共和国样板部", ["示范发展委员会", "样板部"]),
        ("国务院、中华人民共和国中央军事委员会", ["国务院", "中央军事委员会"]),
        # the first printed with it (a signature as printed): all as printed
        ("中华人民共和国示范发展委员会 中华人民共和国样板部", ["中华人民共和国示范发展委员会", "中华人民共和国样板部"]),
        ("中华人民共和国国务院 中央军事委员会", ["中华人民共和国国务院", "中央军事委员会"]),
    ],
)
def test_co_issuers_take_the_first_issuers_form(printed, names):
    spans = split_issuers(printed, Span(0, len(printed)))
    assert [printed[s.start : s.end] for s in spans] == names


@pytest.mark.parametrize(
    ("surface", "agency_id"),
    [
        ("中华人民共和国商务部", "mofcom"),  # the state's name before a body's name: that body
        ("中华人民共和国中央军事委员会", "cmc"),
        ("中共中央宣传部", "cpd"),  # as the Party's name before it
        ("中华人民共和国", None),  # the state's name alone is no body
    ],
)
def test_a_body_named_with_the_states_name_resolves(surface, agency_id):
    from pipeline.gazetteer import resolve

    assert resolve(surface, 2031) == agency_id


# A ministry's copy ends with its disclosure option and runs the 主送 line on after it (one line, or the label
# spaced out); the list is the addressees. Without the label nothing after the option is an addressee. (The list is
# long, as these lines are: a short one among lines of one width would read as a wrapped line.)
CLASSES = [
    "中国人民银行上海总部",
    "各分行",
    "营业管理部",
    "各省会（首府）城市中心支行",
    "各省、自治区、直辖市通信管理局",
    "公安厅（局）",
    "财政厅（局）",
    "新疆生产建设兵团公安局",
    "国家开发银行",
    "各政策性银行",
    "国有商业银行",
    "股份制商业银行",
    "中国邮政储蓄银行",
    "各示范支付机构",
    "示范清算机构",
    "示范信息服务机构",
    "示范支付行业协会",
    "各证券公司",
    "期货公司",
    "基金管理公司",
    "基金销售机构",
    "证券登记结算机构",
    "各保险公司",
    "保险资产管理公司",
    "其他示范支付业务从业机构",
]
DISCLOSURE_THEN_ADDRESSEES = (
    "中国人民银行 工业和信息化部关于规范示范支付业务的指导意见\n"
    "为规范示范支付业务，经国务院同意，现提出以下意见。\n"
    "一、示范支付机构应当依法开展业务，不得超范围经营示范支付业务，不得挪用客户备付金。\n"
    "二、各有关部门按照职责分工做好示范支付业务的监督管理工作，及时查处违法违规行为。\n"
    + "".join(
        f"{n}、示范支付机构应当建立健全{w}制度，明确{w}的职责分工和工作流程，定期开展{w}评估，及时向监督管理部门"
        f"报告{w}中发现的问题；监督管理部门应当加强对示范支付机构{w}工作的指导和检查，督促其落实{w}责任。\n"
        for n, w in (("三", "内部控制"), ("四", "风险管理"), ("五", "信息安全"), ("六", "客户权益保护"))
    )
    + "信息公开选项：主动公开{label}"
    + "，".join(CLASSES[:4])
    + "；"
    + "、".join(CLASSES[4:7])
    + "，"
    + CLASSES[7]
    + "；"
    + "，".join(CLASSES[8:10])
    + "、"
    + "、".join(CLASSES[10:12])
    + "，"
    + CLASSES[12]
    + "；"
    + "；".join(CLASSES[13:])
    + "。\n抄  送：各省、自治区、直辖市人民政府。\n内部发送：办公厅，条法司。\n"
    "中国人民银行办公厅                          2031年7月18日印发\n"
)


@pytest.mark.parametrize(
    ("label", "addressees"),
    [("主送：", CLASSES), ("主  送：", CLASSES), ("", [])],  # the option alone: no list is labelled
)
def test_a_main_addressee_line_run_on_after_the_disclosure_option(label, addressees):
    doc = seg(DISCLOSURE_THEN_ADDRESSEES.format(label=label))
    assert [doc.repaired.text[s.start : s.end] for s in doc.addressees] == addressees


def _joint_notice(names: list[str]) -> str:
    body = "".join(
        f"（{n}）各部门要加强{w}工作，明确责任分工，建立健全{w}机制，定期通报{w}情况，确保各项要求落到实处。\n"
        for n, w in (("一", "监测预警"), ("二", "协同处置"), ("三", "宣传教育"))
    )
    return (
        " ".join(names)
        + " 关于进一步防范示范交易风险的通知（银发〔2031〕237号）\n各省、自治区、直辖市人民政府：\n"
        + "为防范示范交易风险，现就有关事项通知如下：\n"
        + body
        + "\n".join(names)
        + "\n2031年9月15日\n"
    )


TEN = ["中国人民银行", "中央网信办", "最高人民法院", "最高人民检察院", "工业和信息化部"]
TEN += ["公安部", "市场监管总局", "银保监会", "证监会", "外汇局"]


@pytest.mark.parametrize(
    ("names", "issuer"),
    [
        (TEN, " ".join(TEN)),  # ten known bodies, one per line: every one signs
        (TEN[:3], " ".join(TEN[:3])),
        # past four lines, a line the gazetteer does not know ends the block: the known names under it sign
        (["示范协调小组办公室", *TEN[:5]], " ".join(TEN[:5])),
        (["示范协调小组办公室", *TEN[:3]], " ".join(["示范协调小组办公室", *TEN[:3]])),  # four lines: as before
    ],
    ids=["ten", "three", "unknown-fifth", "unknown-fourth"],
)
def test_a_signature_of_one_name_per_line_names_every_known_body(names, issuer):
    m = seg(_joint_notice(names)).metadata
    assert (m.issuer, m.issue_date) == (issuer, date(2031, 9, 15))


# An office's 印发 notice: its own text has no numbered unit, the measures it prints follow as its annex.
PRINTED_MEASURES = """示范部办公厅关于印发《示范租借业务管理暂行办法》的通知
示范部各司局，各省、自治区、直辖市示范厅：
为规范示范租借业务，我厅制定了《示范租借业务管理暂行办法》，现印发给你们，请遵照执行。
附件：示范租借业务管理暂行办法
示范部办公厅
2031年7月3日
附件
{title}
第一条 为规范示范租借业务，制定本办法。
第二条 本办法所称示范租借业务，是指一方将示范物品借给另一方的行为。
第三条 本办法自2031年9月1日起施行。
"""


@pytest.mark.parametrize("title", ["示范租借业务管理暂行办法", ""], ids=["titled", "untitled"])
def test_the_measures_a_notice_prints_are_its_annex(title):
    doc = seg(PRINTED_MEASURES.format(title=title).replace("\n\n", "\n"))
    assert (doc.metadata.title, doc.metadata.issue_date) == (
        "示范部办公厅关于印发《示范租借业务管理暂行办法》的通知",
        date(2031, 7, 3),
    )
    assert [(s.label, s.kind) for s in doc.sections] == [("附件", "annex")]
    assert [m.number for m in doc.measures] == [1, 2, 3]
    assert {m.section_id for m in doc.measures} == {doc.sections[0].section_id}


PAGE_OF_AN_OFFICE = """示范部办公厅关于规范示范租借业务的通知
标题：
示范部办公厅关于规范示范租借业务的通知
文号：
示办发〔2031〕8号
发文机关：
示范部
发布日期：
2031年07月08日
示范部各司局，各省、自治区、直辖市示范厅：
为规范示范租借业务，现就有关事项通知如下：
一、各单位应当规范示范租借业务。
二、本通知自印发之日起施行。
{signer}
2031年7月3日
"""


@pytest.mark.parametrize(
    ("signer", "issuer"),
    [
        ("示范部办公厅", "示范部办公厅"),  # the page's 发文机关 names the body, the text is signed by its office
        ("示范局", "示范部"),  # another body signs: the page's cell stands
    ],
)
def test_a_page_naming_the_parent_body_gives_way_to_its_office_signature(signer, issuer):
    m = seg(PAGE_OF_AN_OFFICE.format(signer=signer)).metadata
    assert (m.issuer, m.issue_date) == (issuer, date(2031, 7, 3))
