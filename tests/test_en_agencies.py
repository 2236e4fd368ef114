"""English agency mentions on real page shapes, in our own words: bylines and breadcrumbs are furniture, a numbered
term of a body inside an event's name is no mention, a news outlet is no body, a long name printed in lower case
around a proper noun is a name, and the gazetteer reads the variants real translations print (variant rows, a
hyphen printed as a space)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from pipeline.extract.functional import functional_bodies
from pipeline.gazetteer import agencies, resolve, variant_ids
from pipeline.stages import process_file


def mentions(text: str) -> list[tuple[str, str, str | None]]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "page.txt"
        path.write_text(text, encoding="utf-8")
        doc = process_file(path)
    return [(a.surface, a.role, a.agency_id) for a in doc.agency_mentions]


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # A byline under the headline ("EXAMPLE ENGLISH" of a site that reposts SIPO) and a term of the Central
        # Committee inside a plenary session's name are not bodies at work; the issuer line is.
        (
            "The Demonstration Promotion Plan 2014\n\nUpdated: May 5, 2014 SIPO ENGLISH Print\n\nOffice of the "
            "Inter-Ministerial Joint Meeting for Implementation of the National Intellectual Property Strategy\n\nThis plan "
            "implements the 3rd Plenary Session of the 18th CPC Central Committee and sets the goals for 2014.\n",
            [
                (
                    "Office of the Inter-Ministerial Joint Meeting for Implementation of the National Intellectual Property "
                    "Strategy",
                    "issuer",
                    "nipsjc_office",
                )
            ],
            {"SIPO", "CPC Central Committee"},
        ),
        # The Joint Meeting reviewing a plan at its plenary session is the Joint Meeting at work; a news agency in a
        # dateline is an outlet.
        (
            "A New 2016 Plan Issued to Speed up Demonstration Zones\n\nExample News Agency, Beijing, July 6--The plan was "
            "reviewed by the first plenary session of the Inter-Ministerial Joint Meeting for implementation of National "
            "IP strategy and approved by the State Council. An official with the Office of the Inter-Ministerial Joint "
            "Meeting explained it.\n",
            [
                ("Inter-Ministerial Joint Meeting for implementation of National IP strategy", "mentioned", "nipsjc"),
                ("State Council", "mentioned", "sc"),
                ("Office of the Inter-Ministerial Joint Meeting", "mentioned", "nipsjc_office"),
            ],
            {"News Agency", "Example News Agency"},
        ),
        # A translator's lower case around a proper noun: still the Joint Meeting; a description stays one.
        (
            "Circular on the Division of Demonstration Tasks\n\nThe Program, as approved by the 2nd plenary of "
            "inter-ministerial joint meeting of State Council on IPR strategic implementation work, is hereby issued to "
            "you. The inter-ministerial joint conference system works well.\n",
            [
                (
                    "inter-ministerial joint meeting of State Council on IPR strategic implementation work",
                    "mentioned",
                    "nipsjc",
                )
            ],
            {"inter-ministerial joint conference"},
        ),
    ],
)
def test_english_mentions_on_real_page_shapes(text, expected, absent):
    got = mentions(text)
    for item in expected:
        assert item in got, (item, got)
    assert not absent & {s for s, _, _ in got}, got


@pytest.mark.parametrize(
    "surface, year, agency_id",
    [
        (
            "Office of Inter-ministerial Joint Meeting of State Council on IP Strategic Implementation Work",
            2017,
            "nipsjc_office",
        ),
        ("Inter Ministerial Joint Meeting", 2015, "nipsjc"),  # the hyphen printed as a space
        ("State Council inter-ministerial joint conference", 2021, "nipsjc"),
        ("State Council Inter-Ministerial Joint Conference", 2024, "ipp_jc"),  # the body of that year
        (
            "Inter-Ministerial Joint Conference on the Construction of a National Intellectual Property Power",
            2024,
            "ipp_jc",
        ),
        ("Office of the Inter-Ministerial Joint Meeting", 2016, "nipsjc_office"),
    ],
)
def test_variants_resolve_to_their_body(surface, year, agency_id):
    assert resolve(surface, year) == agency_id


def test_variant_rows_add_names_and_no_body():
    ids = [a.agency_id for a in agencies()]
    assert len(ids) == len(set(ids))  # a variant row is not a second body
    assert variant_ids() <= set(ids)  # and names a body that has its own row


FRAME = "Measures for the Care of Example Registers\n\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        # One function at the national level is that body; the same function at the local level is a class of
        # departments (unresolved), printed as it stands.
        (
            "Article 1 The national cybersecurity and informatization department plans the work of registers. Local "
            "cybersecurity and informatization departments carry it out in their regions.",
            [
                ("national cybersecurity and informatization department", "cac"),
                ("Local cybersecurity and informatization departments", None),
            ],
        ),
        # A list sharing one head: one mention per function; the State Council is their level, not a body at work.
        (
            "Article 1 The State Council telecommunications, public security and other such relevant departments "
            "supervise registers within their duties.",
            [("telecommunications", "miit"), ("public security", "mps")],
        ),
        (
            "Article 1 The State Council departments for education and for civil affairs keep the registers.",
            [("State Council departments for education", "moe")],
        ),
        # The function after its head, at no level: classes of departments.
        (
            "Article 1 Departments such as for education, culture and tourism, and radio and television shall keep "
            "registers.",
            [("education", None), ("culture and tourism", None), ("radio and television", None)],
        ),
        (
            "Article 1 Each platform reports to the public security authorities and to the departments responsible "
            "for personal information protection.",
            [
                ("public security authorities", None),
                ("departments responsible for personal information protection", None),
            ],
        ),
        # Several levels at once where each is named alone elsewhere, and the bare class where a local level
        # names it: the same bodies, no other mention.
        (
            "Article 1 The state internet information department and local internet information departments keep "
            "registers. Article 2 The national and provincial internet information departments publish them; "
            "internet information departments answer questions.",
            [("state internet information department", "cac"), ("local internet information departments", None)],
        ),
        # People's governments named by their level: a class of governments; the State Council beside them is at work.
        (
            "Article 1 People's governments at all levels support registers. Article 2 The State Council and local "
            "people's governments at or above the county level fund them.",
            [
                ("People's governments at all levels", None),
                ("State Council", "sc"),
                ("local people's governments at or above the county level", None),
            ],
        ),
        # Not a body: an unnamed department, a function without its head, a finance word, the State Council's
        # departments.
        (
            "Article 1 Relevant departments of the State Council shall help. Violations of public security rules are "
            "punished. Support comes through finance administration.",
            [],
        ),
    ],
)
def test_bodies_named_by_their_function(body, expected):
    got = [(s, a) for s, role, a in mentions(FRAME + body) if role == "mentioned"]
    assert got == expected


def test_a_bracket_defining_a_short_form_names_no_one_responsible():
    body = (
        '1. These Measures apply to providers of example register services (hereinafter "service providers").\n\n'
        "2. Keep the registers up to date (Responsible by: Ministry of Civil Affairs).\n"
    )
    got = [(s, role) for s, role, _ in mentions("Example Plan for Registers 2031\n\n" + body)]
    assert got == [("Ministry of Civil Affairs", "responsible")]


@pytest.mark.parametrize(
    "text",
    [
        "the State Administration for Market Regulation",  # a body's name: the gazetteer's
        "the Central People's Government",
        "(Ministry of Public Security, Cyberspace Administration of China)",
    ],
)
def test_a_name_in_capitals_is_no_function(text):
    assert list(functional_bodies(text)) == []
