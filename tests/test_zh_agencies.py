"""Chinese agency mentions on the shapes real documents print (fixtures in our own words)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.extract.zh import extract_zh
from pipeline.model import Document, Measure, Metadata, RepairedText, Section, Source, Span
from pipeline.repair import repair


def _source(text: str) -> Source:
    return Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")


def _one(text: str, year: int = 2025, title: str | None = None) -> Document:
    """A one-measure document over ``text`` (with a title naming the document's place, when given)."""
    repaired = RepairedText(source=_source(text), text=text, offsets=repair(_source("x")).offsets)
    measure = Measure("d/m1", None, 1, "listed", text, Span(0, len(text)))
    return Document("d", repaired, Metadata(year=year, language="zh", title=title), measures=(measure,))


TITLE = "甲州市卫生委员会关于加强服务的通知"


def _mentioned(text: str, year: int = 2025, title: str | None = TITLE) -> list[str]:
    return [a.surface for a in extract_zh(_one(text, year, title)).agency_mentions if a.role == "mentioned"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a distribution line: every item is a body, the short forms of internal departments included
        (
            "做好衔接工作。\n抄　送：国务院办公厅，外交部、港澳办。\n内部发送：秘书处，法规司，统计科。联系人：王某",
            ["国务院办公厅", "外交部", "港澳办", "秘书处", "法规司", "统计科"],
        ),
        # a copy joins the labels of a printed page's last lines to the words before them, and its office
        # that printed the copies (印发) names itself above the date
        (
            "做好衔接工作。\n公开选项：主动公开抄送：示范部。内部发送：秘书处，法规司。\n甲州市示范局办公室　2031年3月7日印发",
            ["示范部", "秘书处", "法规司", "甲州市示范局办公室"],
        ),
        # a table cell of the lead and partner columns: a line of short names only
        ("提升服务水平。\n各区政府、市教育委\n规划处、信息处\n", ["各区政府", "市教育委", "规划处", "信息处"]),
        ("提升服务水平。\n登录穗好办\n", []),  # an app is no office
        # a line that is not only names is no cell: 公司 and 收入 are not read, nor a name inside a sentence
        ("提升服务水平。\n委托运营公司、服务处理\n本处所称收入\n", []),
    ],
)
def test_bodies_standing_alone_in_list_lines(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("方案经市政府同意后实施，由区财政负担。", ["市政府", "区财政"]),
        ("在区委、区政府领导下推进。", ["区委", "区政府"]),
        # not a body: a person's post, a website, a budget line, a word inside another word
        ("区委书记出席会议，登录市政府门户网站，安排区财政资金，城市政府治理。", []),
    ],
)
def test_short_forms_of_local_bodies_after_a_boundary(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a body is named with its place (after a boundary word or a label), and its place-less form is that body
        ("由甲州市卫生委员会负责。\n主办：甲州市卫生委员会", ["甲州市卫生委员会", "甲州市卫生委员会"]),
        ("由甲州市卫生委员会负责，并由市卫生委员会配合。", ["甲州市卫生委员会"]),
        ("该市卫生委员会负责。", ["市卫生委员会"]),  # a determiner is no place
        ("书面征求区民政部门意见。", ["区民政部门"]),  # nor a verb before 区: the document's places are its own
        # a short form of a body named in full with the document's place
        (
            "由甲州市卫生委员会负责。\n甲州市人力资源和社会保障局\n市卫生委、市人社局、甲州市卫生委\n",
            ["甲州市卫生委员会", "甲州市人力资源和社会保障局"],
        ),
        # the bare and the level-word forms restate the body named with its level
        ("市民政部门负责统筹，民政部门定期培训，所需经费由市级民政部门列入预算。", ["市民政部门"]),
        # the class printed with 各 is restated without it
        ("市卫生健康委、各区政府\n由区政府每年报告进展。", ["市卫生健康委", "各区政府"]),
        # a class of organs is no body
        ("鼓励党政机关参与。", []),
        ("由本级财政部门安排。", []),
        # 和 inside a department's name is no boundary
        ("由市规划和自然资源部门负责。", ["市规划和自然资源部门"]),
    ],
)
def test_a_body_restated_is_not_another_body(text, expected):
    assert _mentioned(text) == expected


def test_a_service_guidance_unit_is_a_body():
    assert _mentioned("由区养老服务指导单位负责审核。") == ["区养老服务指导单位"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a label opens the list: under 负责部门 the first unit leads
        ("完善统计制度。负责部门：商务部、海关总署。", [("商务部", True, "lead"), ("海关总署", False, "responsible")]),
        (
            "完善统计制度。\n牵头单位：甲市卫生委；配合单位：甲市财政局、各区政府\n",
            [
                ("甲市卫生委", True, "lead"),
                ("甲市财政局", False, "participating"),
                ("各区政府", False, "participating"),
            ],
        ),
        # a parenthetical note fills the same field
        (
            "加强保护。（知识产权局牵头，公安部参与）",
            [("知识产权局", True, "lead"), ("公安部", False, "participating")],
        ),
        ("加强保护。（公安部、海关总署负责）", [("公安部", False, "responsible"), ("海关总署", False, "responsible")]),
        # the units are the addressee line's (gazetteer.split_zh_list): a sector shares the next name's head, a
        # bracket is never split, a short head after a level is a body
        (
            "加强保护。（示范局牵头，财政、商务主管部门配合）",
            [("示范局", True, "lead"), ("财政、商务主管部门", False, "participating")],
        ),
        (
            "加强保护。（示范局（以下简称甲局、乙局）、财政部负责）",
            [("示范局（以下简称甲局、乙局）", False, "responsible"), ("财政部", False, "responsible")],
        ),
        (
            "完善统计制度。负责部门：民政、财政部门，区财政。",
            [("民政、财政部门", True, "lead"), ("区财政", False, "responsible")],
        ),
    ],
)
def test_responsibility_of_chinese_notes(text, expected):
    doc = extract_zh(_one(text))
    got = [(a.surface, a.lead, a.responsibility) for a in doc.agency_mentions if a.role == "responsible"]
    assert got == expected
    # the label is no body
    assert not [a for a in doc.agency_mentions if "单位" in a.surface or "负责部门" in a.surface]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "由区老龄工作机构负责，向社保经办机构申请，市残疾人联合会配合。",
            ["区老龄工作机构", "社保经办机构", "市残疾人联合会"],
        ),
        ("与香港特别行政区政府合作。", ["香港特别行政区政府"]),
        ("由甲州市东区青年创业专项小组负责。", ["甲州市东区青年创业专项小组"]),
    ],
)
def test_working_bodies_by_their_heads(text, expected):
    assert _mentioned(text, title="甲州市东区科技局关于支持创业的通知") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("请径向市民政局反映，由区教育局审核。", ["市民政局", "区教育局"]),
        ("经2021年1月8日市政府常务会议审议。", ["市政府"]),
        ("由甲州市财政局拨付。", ["甲州市财政局"]),  # the document's own place
        ("加强城市民政局建设。", []),  # 市 inside a word
        ("详见市政府官方网站。", []),
    ],
)
def test_local_bureaus_by_level(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,year,expected",
    [
        # the patent office by its legal description, by era; never the State Council
        ("国务院专利行政部门负责专利工作。", 2016, [("国务院专利行政部门", "sipo")]),
        ("国务院专利行政部门负责专利工作。", 2020, [("国务院专利行政部门", "cnipa")]),
        # a State Council department by its function stays unresolved; its relevant departments name no one body
        ("国务院司法行政部门负责。", 2020, [("国务院司法行政部门", None)]),
        ("国务院有关部门配合。", 2020, []),
        ("国务院负责。", 2020, [("国务院", "sc")]),
        # a body inside a cited title or a document number is not mentioned
        ("依据国知发〔2016〕5号和《国家知识产权局关于试点的通知》执行。", 2020, []),
    ],
)
def test_functional_terms_never_resolve_to_the_level_body(text, year, expected):
    doc = extract_zh(_one(text, year))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("本市各级人民政府及其有关部门应当做好工作。", ["本市各级人民政府"]),  # 各级 is a level word of the name
        ("由各级价格主管部门负责。", ["各级价格主管部门"]),
    ],
)
def test_a_level_word_among_the_boundaries_is_part_of_the_name(text, expected):
    assert _mentioned(text) == expected


def test_the_party_general_office_is_one_body():
    doc = extract_zh(_one("中共中央办公厅、国务院办公厅印发了一份意见，各地认真落实。", title=None))
    got = [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"]
    assert got == [("中共中央办公厅", "gocpcc"), ("国务院办公厅", "gosc")]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a body with its second nameplate in brackets is one body
        ("申请人向乡人民政府（街道办事处）提出申请。", ["乡人民政府（街道办事处）"]),
        # two bodies side by side are two
        ("由乡人民政府、街道办事处负责。", ["乡人民政府", "街道办事处"]),
        # residents' and villagers' committees assist; they are no government body
        ("区民政部门负责，居民委员会、村民委员会协助做好宣传。", ["区民政部门"]),
        # the government in its eighth term meeting is the meeting's date-stamp, not a body named
        ("本办法已经市八届人民政府第5次常务会议通过。", []),
        # an address line is a place
        ("请按时办理。\n通讯地址：甲州市政府第二办公区长江路\n", []),
        ("请按时办理。\n甲州市政府负责解释。\n", ["甲州市政府"]),
    ],
)
def test_nameplates_self_governing_bodies_terms_and_addresses(text, expected):
    assert _mentioned(text, title="甲州市民政局关于做好服务的通知") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a bracketed alternative inside a name belongs to it (the name starts at its level, as 区民政部门 does)
        ("请及时联系各区（街镇）社保经办机构咨询。", ["区（街镇）社保经办机构"]),
        ("居住在境外的，可以前往甲地（乙地）民政总署申领证明。", ["甲地（乙地）民政总署"]),
        # a body after 前往 (go to) stands after a boundary
        ("也可以前往甲地工会联合会申领证明。", ["甲地工会联合会"]),
        # the short domain is counted after the bracket: 村（社区） is the level of a committee of four characters
        ("由村（社区）公共卫生委员会负责。", ["村（社区）公共卫生委员会"]),
        # a clause before the bracket is not the level: the name starts after the bracket
        ("要充分发挥村（社区）公共卫生委员会作用。", ["公共卫生委员会"]),
        # 村（居）民委员会 is a villagers' or residents' committee: self-governing, no body
        ("区民政部门负责，村（居）民委员会协助。", ["区民政部门"]),
        # a bracket that closes a clause is no part of the name after it
        ("按规定执行（见附件）。区民政部门负责。", ["区民政部门"]),
    ],
)
def test_bracketed_alternatives_inside_a_name(text, expected):
    assert _mentioned(text, title="甲州市民政局关于做好服务的通知") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a division right after its parent bureau is the division
        ("本项工作由市民政局法规处具体承办。", ["市民政局法规处"]),
        ("材料报甲州市水务局水保科，逾期不予受理。", ["甲州市水务局水保科"]),
        # a bureau that handles (处理) something is the bureau; a division alone in running text is not read
        ("甲州市水务局处理投诉。法规处另行通知。", ["甲州市水务局"]),
        # the printing line's office is furniture: the bureau stays as it was read
        ("做好衔接。\n甲州市民政局秘书处 2030年5月6日印发\n", ["甲州市民政局"]),
    ],
)
def test_a_division_after_its_parent_body(text, expected):
    assert _mentioned(text, title="甲州市民政局关于做好服务的通知") == expected


# --- departments named by their function in 办法 and 条例 articles --------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        # sector words sharing one head are each a department, by the words printed for it
        ("接受民政、价格、市场监管等部门监督。", ["民政", "价格", "市场监管"]),
        ("市、区发展改革、工业和信息化、残联等单位协同实施。", ["发展改革", "工业和信息化", "残联"]),
        ("市人力资源和社会保障、民政部门负责培训。", ["市人力资源和社会保障", "民政部门"]),
        # two levels sharing a department: the city's one is read from the words after the levels
        ("市、区卫生健康部门负责统筹。", ["区卫生健康部门", "卫生健康部门"]),
        # ... and is not read again where the text prints it in full
        ("市、区民政部门负责。市民政部门审核。", ["区民政部门", "市民政部门"]),
        # a department restated in a list (民政 of 区民政部门) is not another one
        ("由区民政部门负责。民政、公安等相关单位配合。", ["区民政部门", "公安"]),
        # a sector word or a level ending a longer word is none (建设 of 城乡建设, 市 of 城市)
        ("推动城乡建设、民政部门负责。", ["民政部门"]),
        ("推动城市、区卫生健康部门统筹。", ["区卫生健康部门"]),
        # one sector word is no list; words that are no sector are no departments
        ("税务等有关部门配合。", []),
        ("医疗机构、养老机构等单位参与。", []),
    ],
)
def test_coordinated_departments(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a body's office or branches are a body of their own; the bank's branch network is in the gazetteer
        ("甲州市民政局办公室负责汇总。", [("甲州市民政局办公室", None)]),
        ("中国人民银行及其分支机构负责部署。", [("中国人民银行及其分支机构", "pbc_branches")]),
        ("应当会同人民银行分支机构开展招标。", [("人民银行分支机构", "pbc_branches")]),
        # heads that name a body alone, after a boundary
        ("公证机构应当减免费用，法律援助机构应当及时援助。", [("公证机构", None), ("法律援助机构", None)]),
        ("由法院、公安机关出具证明。", [("法院", None), ("公安机关", None)]),
        # a street's service centre with its level; a district office of the civic affairs bureau
        ("街道（镇）政务服务中心设立专窗。", [("街道（镇）政务服务中心", None)]),
        ("居住地的街（镇）政务服务中心受理。", []),
        ("也可前往各区民政署申请证明。", [("区民政署", None)]),
        # a name the text gives a short form of is a body however long its domain
        ("甲州市设立青年创业服务委员会（以下简称服务委员会），负责评审。", [("青年创业服务委员会", None)]),
        # a zone's name before its body belongs to it
        ("甲江生态经济区管委会负责辖区建设。", [("甲江生态经济区管委会", None)]),
        # a government and its department joined by 的 are the department
        (
            "委托省、自治区、直辖市人民政府的知识产权管理部门协助调查。",
            [("直辖市人民政府的知识产权管理部门", None)],
        ),
        # a government owning a bureau named after it is no mention of the government
        ("转载单位：甲州市东区财政局（甲州市东区人民政府国有资产监督管理局）", []),
    ],
)
def test_units_bare_heads_defined_names_and_owners(text, expected):
    doc = extract_zh(_one(text, title=TITLE))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # an office a contact label names
        ("请遵照执行。（联系科室：学前教育科，联系电话：12345678）", ["学前教育科"]),
        ("联系人：张某，联系电话：12345678", []),
        # a distribution line's head office (办公厅) is the issuer's own, whatever other 办公厅 the lines name
        (
            "做好衔接。\n抄送：国务院办公厅，港澳办、台办。\n内部发送：办公厅，条法司。\n",
            ["国务院办公厅", "港澳办", "台办", "办公厅", "条法司"],
        ),
        # a local bureau bounds the functional name after it
        ("区教育局招生负责科室立即备份数据。", ["区教育局", "招生负责科室"]),
    ],
)
def test_contact_offices_distribution_heads_and_bounds(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # 便于 ("so that") bounds the body after it; 监管部门 alone is whichever body supervises: no body named
        ("建立报告制度可及时反映风险情况，便于监管部门采取措施。", []),
        ("便于市场监管部门及时处置，各监管部门要相互协作。", ["市场监管部门"]),
        ("地方金融监管部门会同有关部门处置，便于区民政部门核实。", ["地方金融监管部门", "区民政部门"]),
    ],
)
def test_a_purpose_word_bounds_a_body_and_supervisors_alone_are_unnamed(text, expected):
    assert _mentioned(text) == expected


@pytest.mark.parametrize(
    "text,year,expected",
    [
        # national financial bodies the central bank's texts name: associations and market infrastructure
        ("甲方应当接受中国银行业协会的自律管理。", 2021, [("中国银行业协会", "cba")]),
        ("由中国支付清算协会组织会员单位开展自查。", 2021, [("中国支付清算协会", "pcac")]),
        ("中国互联网金融协会要加强行业自律。", 2019, [("中国互联网金融协会", "nifa")]),
        ("报价通过全国银行间同业拆借中心发布。", 2014, [("全国银行间同业拆借中心", "cfets")]),
        ("发挥金融监管协调部际联席会议制度的作用。", 2015, [("金融监管协调部际联席会议", "fjc_frc")]),
        ("报国务院金融稳定发展委员会审定。", 2019, [("国务院金融稳定发展委员会", "fsdc")]),
        # the central bank's Shanghai head office is a body of the gazetteer, not the bank itself
        ("每月向中国人民银行上海总部报送数据。", 2022, [("中国人民银行上海总部", "pbc_shanghai")]),
        # the bank's other units after its name: its head office, its branches from a grade up, its cash centres
        ("全国性银行须向人民银行总行报送方案。", 2013, [("人民银行总行", None)]),
        (
            "向所在地中国人民银行副省级城市中心支行以上分支机构备案。",
            2022,
            [("中国人民银行副省级城市中心支行以上分支机构", None)],
        ),
        ("经人民银行钞票处理中心清分的钱捆可直接对外支付。", 2013, [("人民银行钞票处理中心", None)]),
        # a bank that is no gazetteer body has no unit mention
        ("各商业银行总行应当报送方案。", 2013, []),
    ],
)
def test_financial_bodies_and_the_central_banks_units(text, year, expected):
    doc = extract_zh(_one(text, year, title=TITLE))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # judicial organs and the customs offices are bodies named by their function
        ("涉嫌犯罪的，移送司法机关依法处理。", [("司法机关", None)]),
        ("配合公安机关和司法机关做好取证工作。", [("公安机关", None), ("司法机关", None)]),
        ("进口时，海关凭许可证办理验放手续。", [("海关", None)]),
        # ... but a vague word opening a list leaves its shared head unnamed, and a zone of the customs is a zone
        ("不得向有关行政、司法机关的工作人员行贿。", []),
        ("运入其他海关特殊监管区域的货物免予办理。", []),
        # a domain holding a boundary character (工商: 商 is "to consult" elsewhere)
        ("实施高效管理。工商行政管理部门要支持企业登记。", [("工商行政管理部门", None)]),
        # a unit that leads is a role, not a body
        ("经营者应当指定牵头部门，明确人员职责。", []),
    ],
)
def test_judicial_organs_customs_and_roles(text, expected):
    doc = extract_zh(_one(text, title=TITLE))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the provincial governments named by their level are the provincial collective, not one government
        ("各省级人民政府对本行政区域内的处置工作负总责。", [("省级人民政府", "provincial_governments")]),
        ("鼓励省级人民政府加大政策支持。", [("省级人民政府", "provincial_governments")]),
        # the formula with the cities planned separately is one collective, not a city's government
        (
            "做好衔接。\n抄送：各省、自治区、直辖市、计划单列市人民政府。\n",
            [("各省、自治区、直辖市、计划单列市人民政府", "provincial_governments")],
        ),
        # one province's government is no collective
        ("报省人民政府批准。", [("省人民政府", None)]),
    ],
)
def test_provincial_governments_by_their_level(text, expected):
    doc = extract_zh(_one(text, title=TITLE))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


def _headed(label: str, title: str) -> Document:
    """A document of one numbered heading whose title is ``title`` (as a paragraph glued to its label is read)."""
    text = f"{label}{title}\n"
    repaired = RepairedText(source=_source(text), text=text, offsets=repair(_source("x")).offsets)
    span = Span(len(label), len(text) - 1)
    section = Section("d/s1", None, 1, 1, label, title, span, Span(0, len(text)))
    return Document("d", repaired, Metadata(year=2016, language="zh", title=TITLE), sections=(section,))


@pytest.mark.parametrize(
    "title,expected",
    [
        # a short heading's title is no running text: the bodies it names are not mentions
        ("发挥人民银行作用", []),
        ("加强协调，发挥人民银行作用。", []),
        # one long sentence set as a heading is the paragraph, whose bodies are mentions
        (
            "境外机构在境内银行业金融机构开立的账户内的资金，可以转存为定期存款，利率按中国人民银行相关规定执行。",
            [("中国人民银行", "pbc")],
        ),
    ],
)
def test_a_paragraph_set_as_a_heading_names_bodies(title, expected):
    doc = extract_zh(_headed("一、", title))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a head before a modifier word names no body (the departments' budgets, between departments) ...
        ("纳入部门预算统筹安排。", []),
        ("加强部门之间的沟通。", []),
        # ... but the second of two bodies joined before it is one
        ("由民政部门与司法机关之间协商解决。", [("民政部门", None), ("司法机关", None)]),
    ],
)
def test_the_second_body_of_a_pair_before_a_modifier(text, expected):
    doc = extract_zh(_one(text, title=TITLE))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


def test_an_addressee_class_does_not_absorb_the_body_the_text_names():
    """各区人民政府 on the addressee line is a class of recipients; 区人民政府 in the text is a body at work."""
    text = "各区人民政府：\n由区人民政府每年报告进展。"
    doc = replace(_one(text, title=TITLE), addressees=(Span(0, 6),))
    found = [(a.role, a.surface) for a in extract_zh(doc).agency_mentions]
    assert found == [("addressee", "各区人民政府"), ("mentioned", "区人民政府")]
