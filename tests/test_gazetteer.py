"""The agency gazetteer: every name, alias, abbreviation and Chinese form resolves to its body in its years."""

from __future__ import annotations

import pytest
from zhconv import convert

from pipeline.gazetteer import agencies, named_in, resolve, split_agency_list


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
