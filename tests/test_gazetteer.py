"""The agency gazetteer: every name, alias, abbreviation and Chinese form resolves to its body in its years."""

from __future__ import annotations

import pytest
from zhconv import convert

from pipeline.gazetteer import agencies, named_in, resolve, split_agency_list, split_zh_list


def _year(a) -> int:
    """A year inside the body's validity, away from the reorganization year it shares with its successor."""
    if a.valid_to:
        return a.valid_to - 1
    return max((a.valid_from or 2008) + 1, 2009)


def _names(a) -> list[str]:
    return list(dict.fromkeys(filter(None, (a.name, a.abbreviation, *a.aliases, *a.names_zh))))


CASES = [
    pytest.param(alias, _year(a), a.agency_id, id=f"{a.agency_id}:{alias}") for a in agencies() for alias in _names(a)
]
HAN_CASES = [c for c in CASES if any("\u4e00" <= ch <= "\u9fff" for ch in c.values[0])]


@pytest.mark.parametrize("alias,year,agency_id", CASES)
def test_every_alias_resolves_to_its_agency_in_its_years(alias, year, agency_id):
    assert resolve(alias, year) == agency_id


@pytest.mark.parametrize("alias,year,agency_id", HAN_CASES)
def test_chinese_names_resolve_in_traditional_characters_too(alias, year, agency_id):
    assert resolve(convert(alias, "zh-hant"), year) == agency_id


def test_successors_exist_and_follow_their_predecessor():
    by_id = {a.agency_id: a for a in agencies()}
    for a in agencies():
        if a.successor_id:
            assert a.successor_id in by_id, a.agency_id
            assert a.valid_to and (by_id[a.successor_id].valid_from or 0) <= a.valid_to, a.agency_id


@pytest.mark.parametrize(
    "surface,year,agency_id",
    [
        ("Statistics Bureau", 2020, "nbs"),
        ("Intellectual Property Administration", 2021, "cnipa"),
        ("Propaganda Department of Central Committee", 2019, "cpd"),
        (
            "Office of National Leading Group on the Fight against IPR Infringement and Counterfeiting",
            2017,
            "nlgipr_office",
        ),
        ("State Commission Office of Public Sector Reform", 2018, "scopsr"),
        ("National Government Offices Administration", 2021, "ngoa"),
        ("State Administration of Foreign Exchange", 2016, "safe"),
        ("Inter-Ministerial Joint Conference on Building an IP Powerhouse", 2024, "ipp_jc"),
        ("Inter-Ministerial Joint Conference", 2015, "nipsjc"),  # the strategy conference before it
        ("Inter-Ministerial Joint Conference", 2024, "ipp_jc"),
        # the Party's General Office is one body, not the Central Committee and an office
        ("General Office of the CPC Central Committee", 2019, "gocpcc"),
        ("CPC Central Committee General Office", 2019, "gocpcc"),
        ("中共中央办公厅", 2019, "gocpcc"),
        ("知识产权局", 2016, "sipo"),
        ("知识产权局", 2019, "cnipa"),
        ("國家知識產權局", 2021, "cnipa"),
        ("广电总局", 2012, "sarft"),
        ("广电总局", 2021, "nrta"),
        ("新闻出版署（国家版权局）", 2020, "nppa"),
        ("银保监会", 2021, "cbirc"),
        ("金融监管总局", 2024, "nfra"),
        ("中共中央宣传部", 2020, "cpd"),
    ],
)
def test_variants_real_translations_and_originals_use(surface, year, agency_id):
    assert resolve(surface, year) == agency_id


@pytest.mark.parametrize(
    "addressees, expected",
    [
        (
            "The people's governments of the provinces, autonomous regions and municipalities directly under the Central "
            "Government, all ministries and commissions under the State Council, and all agencies directly under the State "
            "Council",
            [
                (
                    "people's governments of the provinces, autonomous regions and municipalities directly under the Central "
                    "Government",
                    "provincial_governments",
                ),
                ("all ministries and commissions under the State Council", "sc_ministries"),
                ("all agencies directly under the State Council", "sc_institutions"),
            ],
        ),
        (
            "Ministry of Commerce, the State Council ministries and commissions, and the people's governments of all cities "
            "and counties",
            [
                ("Ministry of Commerce", "mofcom"),
                ("State Council ministries and commissions", "sc_ministries"),
                ("people's governments of all cities and counties", "local_governments"),
            ],
        ),
        (
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构",
            [
                ("各省、自治区、直辖市人民政府", "provincial_governments"),
                ("国务院各部委", "sc_ministries"),
                ("各直属机构", "sc_institutions"),
            ],
        ),
        (
            "各省、自治區、直轄市人民政府，國務院各部委、各直屬機構",
            [
                ("各省、自治區、直轄市人民政府", "provincial_governments"),
                ("國務院各部委", "sc_ministries"),
                ("各直屬機構", "sc_institutions"),
            ],
        ),
        (
            "各市、县（市、区）人民政府，省政府各部门，省各直属单位",
            [
                ("各市、县（市、区）人民政府", "local_governments"),
                ("省政府各部门", "provincial_departments"),
                ("省各直属单位", "provincial_institutions"),
            ],
        ),
    ],
)
def test_a_collective_addressee_is_one_unit(addressees, expected):
    """The set phrases that address a class of bodies are not split at their commas, and resolve to the class."""
    spans = split_agency_list(addressees, 0, len(addressees))
    assert [(addressees[s.start : s.end], resolve(addressees[s.start : s.end], 2031)) for s in spans] == expected


@pytest.mark.parametrize(
    "surface, year, named, agency_id",
    [
        ("Inter-Ministerial Joint Meeting", 2031, frozenset(), "ipp_jc"),  # the body of that year
        ("Inter-Ministerial Joint Meeting", 2031, frozenset({"nipsjc"}), "nipsjc"),  # the one the document names
        ("Inter-Ministerial Joint Meeting", 2031, frozenset({"nipsjc", "ipp_jc"}), "ipp_jc"),  # both named: the year
        ("Office of the Joint Meeting", 2031, frozenset({"nipsjc_office", "mofcom"}), "nipsjc_office"),
        ("Ministry of Commerce", 2031, frozenset({"most"}), "mofcom"),  # a full name is not a short form
    ],
)
def test_a_short_form_is_the_body_the_document_names_in_full(surface, year, named, agency_id):
    assert resolve(surface, year, named) == agency_id


def test_only_names_one_body_has_are_evidence():
    assert named_in(
        [
            "Inter-Ministerial Joint Meeting for Implementing the National Intellectual Property Strategy",
            "Inter-Ministerial Joint Meeting",
            "Ministry of Commerce",
        ]
    ) == {"nipsjc", "mofcom"}


@pytest.mark.parametrize("surface", ["示范局（处（室））", "示范局）", "Demo Office (a (b))"])
def test_a_name_ending_in_brackets_that_do_not_pair_resolves_to_nothing(surface):
    assert resolve(surface) is None  # and never recurses without end


# (list as printed, units): the one Chinese splitter (gazetteer.split_zh_list) that the addressee line
# (pipeline.segment.front) and the extractor's notes, labels and distribution lines (pipeline.extract.zh) use.
ZH_LISTS = [
    # places and levels without a head of their own share the head of the name after them
    ("甲州、乙州分行", ["甲州、乙州分行"]),
    ("甲州市、乙州市财政厅", ["甲州市、乙州市财政厅"]),
    ("市、区民政部门", ["市、区民政部门"]),
    (
        "各省、自治区、直辖市、示范兵团社会信用体系建设牵头部门",
        ["各省、自治区、直辖市、示范兵团社会信用体系建设牵头部门"],
    ),
    # so do sectors: a department's domain printed without its head
    ("民政、财政部门", ["民政、财政部门"]),
    ("工信、商务部门", ["工信、商务部门"]),
    ("各级民政、财政部门", ["各级民政、财政部门"]),
    # 财政 is a body only after a one-character level (区财政); alone it is a sector sharing the next head
    ("财政、商务主管部门", ["财政、商务主管部门"]),
    ("示范兵团财政、商务主管部门，各分行", ["示范兵团财政、商务主管部门", "各分行"]),
    ("区财政、区教育局", ["区财政", "区教育局"]),
    # a short form the gazetteer knows is a body of its own
    ("发展改革委、财政部", ["发展改革委", "财政部"]),
    ("市发展改革委、财政局", ["市发展改革委", "财政局"]),
    # a run holding a one-character name enumerates short forms that share their words
    ("各地、州、市及示范区质量技术监督局", ["各地、州、市及示范区质量技术监督局"]),
    ("区局机关各部、处、室、局，各直属单位", ["区局机关各部、处、室、局", "各直属单位"]),
    # 和, 及, 与 never separate: they join inside a name
    ("人力资源和社会保障局、民政局", ["人力资源和社会保障局", "民政局"]),
    ("示范总署及其分支机构、财政部", ["示范总署及其分支机构", "财政部"]),
    # levels naming every level, and a trailing group the note reader cuts later
    ("各级人民政府、各有关部门", ["各级人民政府", "各有关部门"]),
    ("发展改革委、财政部等部门", ["发展改革委", "财政部等部门"]),
    # brackets are never split: a defined short name, a second nameplate, a nested alternative
    ("示范局（以下简称甲局、乙局）、财政部", ["示范局（以下简称甲局、乙局）", "财政部"]),
    ("示范委员会（以下简称示范委），财政部", ["示范委员会（以下简称示范委）", "财政部"]),
    ("各省、自治区、直辖市示范厅（局、委）、商务部", ["各省、自治区、直辖市示范厅（局、委）", "商务部"]),
    ("示范局（含甲（乙、丙）分局、丁局）、财政部", ["示范局（含甲（乙、丙）分局、丁局）", "财政部"]),
    ("示范厅(局)、财政部", ["示范厅(局)", "财政部"]),
    # collective addressees are one unit each, in either script
    (
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"],
    ),
    ("各省、自治區、直轄市人民政府；國務院各部委", ["各省、自治區、直轄市人民政府", "國務院各部委"]),
    ("各市、县（市、区）人民政府，省政府各部门", ["各市、县（市、区）人民政府", "省政府各部门"]),
    # an addressee line closed by its colon; a list split by commas only; a distribution line closed by 。
    ("各幼儿园：", ["各幼儿园"]),
    ("示范银行上海总部，各分行，营业管理部：", ["示范银行上海总部", "各分行", "营业管理部"]),
    ("办公厅，条法司。", ["办公厅", "条法司"]),
    ("示范局 、 财政部", ["示范局", "财政部"]),
]


@pytest.mark.parametrize("printed, expected", ZH_LISTS)
def test_a_chinese_list_splits_the_same_for_addressees_and_for_notes(printed, expected):
    from pipeline.extract.zh import _units
    from pipeline.ingest.language import matching_copy

    front = [printed[s.start : s.end] for s in split_agency_list(printed, 0, len(printed))]
    copy = matching_copy(printed)
    notes = [printed[a:b] for a, b in _units(copy, 0, len(copy))]
    assert front == notes == expected
    # a unit split again is itself (the extractor splits the addressee spans the segmenter found)
    for unit in expected:
        assert [unit[s.start : s.end] for s in split_zh_list(unit, 0, len(unit))] == [unit]


def test_a_masked_copy_splits_like_the_text():
    """The extractor splits a copy where titles and numbers are blanked (U+2060): blanks are trimmed like spaces."""
    masked = "\u2060\u2060示范局、财政部\u2060，商务部"
    assert [masked[s.start : s.end] for s in split_zh_list(masked, 0, len(masked))] == ["示范局", "财政部", "商务部"]


def test_each_list_splitting_example_splits_as_written():
    """The rule book's examples of its list-splitting block (agency_heads ``list_splitting``)."""
    from pipeline.rules.profiles import script_book

    for printed, expected in script_book("han").extras["agency_heads"]["list_splitting"]["examples"]:
        assert [printed[s.start : s.end] for s in split_zh_list(printed, 0, len(printed))] == expected, printed
