"""measure_lineage: each measure of a plan paired with its counterpart in the previous plan.

The expected pairs below were decided by reading tests/fixtures/lineage/plan_2032.txt and plan_2033.txt
side by side (both invented for this test), before the thresholds were set.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES

import pipeline
from pipeline.corpus import run
from pipeline.lineage import measure_lineage, normalize, series_key
from pipeline.patterns import article_words

LINEAGE = FIXTURES / "lineage"

# 2033 measure number -> (2032 measure number, label); None: new, no counterpart (the best match is not checked).
BY_READING = {
    1: (1, "continued"),  # Trademark Law and trade secrets: word for word
    2: (2, "revised"),  # patent commissioning: formulate -> implement, second duty replaced
    3: None,  # data IP registration platform: nothing like it in 2032
    4: (3, "continued"),  # fiscally funded research reporting: 20 -> 30 pilots
    5: (4, "continued"),  # technical IP trials: word for word
    6: (5, "continued"),  # "Sword Net 2032" -> "Sword Net 2033"
    7: (6, "continued"),  # examination period: 16 -> 15 months
    8: (7, "revised"),  # border protection -> ports, rapid response, records shared with regulators
    9: (8, "continued"),  # protection centers: 10 -> 12
    10: (9, "revised"),  # pledge financing rewritten as a financing service system with insurance pilots
    11: (10, "continued"),  # Catalogue of Patent-Intensive Industries (2032) -> (2033)
    12: None,  # geographical indications: new
    13: (11, "revised"),  # WIPO: promote accession -> complete the ratification procedures
    14: None,  # survey of SMEs' IP use, not the 2032 survey of pupils' awareness: new
}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lineage")
    report = run([LINEAGE], out, jobs=1)
    assert report.ok, report.failures
    return out


def number(measure_id: str) -> int:
    return int(measure_id.rsplit("/m", 1)[1])


@pytest.mark.slow
def test_lineage_matches_the_pairs_decided_by_reading(two_years):
    lineage = pipeline.load(two_years)["measure_lineage"]
    assert list(lineage["year"].unique()) == [2033] and list(lineage["previous_year"].unique()) == [2032]
    found = {number(r.measure_id): (number(r.previous_measure_id), r.label) for r in lineage.itertuples()}
    assert set(found) == set(BY_READING)  # one row per listed 2033 measure, none for 2032 (no earlier plan)
    for n, expected in BY_READING.items():
        if expected is None:
            assert found[n][1] == "new", (n, found[n])
        else:
            assert found[n] == expected, (n, found[n], expected)


def test_lineage_scores_are_bounded_and_explained_by_their_parts(two_years):
    lineage = pipeline.load(two_years)["measure_lineage"]
    assert lineage["score"].between(0, 1).all() and lineage["text_similarity"].between(0, 1).all()
    catalogue = lineage[lineage["measure_id"].str.endswith("/m11")].iloc[0]
    assert catalogue["instrument_similarity"] == 1.0  # "(2032)" and "(2033)" catalogues are one instrument
    research = lineage[lineage["measure_id"].str.endswith("/m4")].iloc[0]
    assert pd.isna(research["instrument_similarity"])  # neither measure names an instrument: not counted


def test_lineage_is_rewritten_byte_identically(two_years, tmp_path):
    again = tmp_path / "again"
    assert run(sorted(LINEAGE.glob("*.txt"), reverse=True), again, jobs=1).ok

    def files(out):
        return {p.name: p.read_bytes() for p in (out / "measure_lineage.parquet").iterdir()}

    assert files(again) == files(two_years)


@pytest.mark.slow
def test_lineage_is_recomputed_when_a_plan_is_added(tmp_path):
    out = tmp_path / "out"
    assert run([LINEAGE / "plan_2033.txt"], out, jobs=1).ok
    assert pq.read_table(out / "measure_lineage.parquet").num_rows == 0  # no earlier plan yet
    assert run([LINEAGE / "plan_2032.txt"], out, jobs=1).ok  # the earlier year arrives later
    assert pq.read_table(out / "measure_lineage.parquet").num_rows == 14


@pytest.mark.slow
def test_adding_a_plan_recomputes_the_lineage_of_its_years_only(tmp_path):
    """Lineage is kept per plan year, named by the fragments it came from: a plan of a new year adds its year's
    pairing and leaves the earlier pairing's file as it was."""
    plans = tmp_path / "in"
    plans.mkdir()
    for year in (2032, 2033):
        shutil.copy(LINEAGE / f"plan_{year}.txt", plans)
    out = tmp_path / "out"
    assert run([plans], out, jobs=1).ok
    cache = out / ".pipeline" / "lineage"
    before = {f.name: f.stat().st_mtime_ns for f in cache.glob("*.parquet")}
    assert len(before) == 1
    later = (LINEAGE / "plan_2033.txt").read_text(encoding="utf-8").replace("2033", "2034")
    (plans / "plan_2034.txt").write_text(later, encoding="utf-8")
    assert run([plans], out, jobs=1).ok
    after = {f.name: f.stat().st_mtime_ns for f in cache.glob("*.parquet")}
    assert len(after) == 2 and all(after.get(name) == mtime for name, mtime in before.items())
    rows = pq.read_table(out / "measure_lineage.parquet").to_pandas()
    assert sorted(rows.groupby("year").size().items()) == [(2033, 14), (2034, 14)]


def frames(docs: list[tuple[str, int, str]], measures: list[tuple[str, str, str]]) -> dict[str, pd.DataFrame]:
    """Tables for the pure function: docs as (doc_id, year, language), measures as (doc_id, number, text)."""
    return {
        "documents": pd.DataFrame(docs, columns=["doc_id", "year", "language"]),
        "measures": pd.DataFrame(
            [
                {"doc_id": d, "measure_id": f"{d}/m{n}", "status": "listed", "text": t, "char_start": int(n)}
                for d, n, t in measures
            ]
        ),
        "law_mentions": pd.DataFrame(columns=["doc_id", "measure_id", "law_id", "surface", "char_start"]),
        "agency_mentions": pd.DataFrame(columns=["doc_id", "measure_id", "agency_id"]),
    }


PATROL = "Organize the special action against online piracy of films and music"
PLEDGE = "Expand the pledge financing of patents for small enterprises"


@pytest.mark.parametrize(
    "docs, expected",
    [
        # the nearest earlier year, skipping a missing one; not the year before it
        ([("a", 2030, "en"), ("b", 2031, "en"), ("d", 2033, "en")], {"b/m1": "a/m1", "d/m1": "b/m1"}),
        # another language is not the previous plan
        ([("a", 2030, "en"), ("z", 2032, "zh"), ("d", 2033, "en")], {"d/m1": "a/m1"}),
        # a document without a year is left out
        ([("a", 2030, "en"), ("n", None, "en"), ("d", 2033, "en")], {"d/m1": "a/m1"}),
        # two documents of one year: each is compared with the earlier year, not with each other
        ([("a", 2030, "en"), ("c", 2031, "en"), ("d", 2031, "en")], {"c/m1": "a/m1", "d/m1": "a/m1"}),
    ],
)
def test_previous_plan_is_the_nearest_earlier_year_in_the_same_language(docs, expected):
    measures = [(d, 1, PATROL) for d, _, _ in docs] + [(d, 2, PLEDGE) for d, _, _ in docs]
    lineage = measure_lineage(frames(docs, measures))
    pairs = dict(zip(lineage["measure_id"], lineage["previous_measure_id"], strict=True))
    assert {k: v for k, v in pairs.items() if k.endswith("/m1")} == expected
    assert set(lineage["label"]) == {"continued"}


def test_chinese_measures_are_compared_by_characters():
    docs = [("a", 2030, "zh"), ("b", 2031, "zh")]
    measures = [
        ("a", 1, "开展打击网络侵权盗版专项行动"),
        ("a", 2, "推进专利质押融资"),
        ("b", 1, "推进专利和商标质押融资"),
        ("b", 2, "开展打击网络侵权盗版“剑网2031”专项行动"),
    ]
    lineage = measure_lineage(frames(docs, measures))
    pairs = list(zip(lineage["measure_id"], lineage["previous_measure_id"], strict=True))
    assert pairs == [("b/m1", "a/m2"), ("b/m2", "a/m1")]


@pytest.mark.parametrize(
    "language, previous, current",
    [
        # the same words under another number, and two rules that share only their labels
        (
            "zh",
            ["第五条　财政部负责示范资金的分配。", "第六条　申请人应当如实填报申请表。"],
            ["第七条　财政部负责示范资金的分配。", "第八条　本办法自发布之日起施行。"],
        ),
        (
            "en",
            ["Article 5 The Ministry of Finance allocates the grants.", "Article 6: Applicants fill in the form."],
            ["Article 7 The Ministry of Finance allocates the grants.", "Article 8. These Measures take effect today."],
        ),
    ],
)
def test_an_articles_label_is_no_word_of_it(language, previous, current):
    """An article's text starts at its label (第五条, "Article 5"); lineage compares its words without it, as
    it would the words of a measure printed after its number."""
    docs = [("a", 2030, language), ("b", 2031, language)]
    rows = [("a", n, t) for n, t in enumerate(previous, 1)] + [("b", n, t) for n, t in enumerate(current, 1)]
    labelled = frames(docs, rows)
    labelled["measures"]["kind"] = "article"
    bare = frames(docs, [(d, n, article_words(t)) for d, n, t in rows])
    bare["measures"]["kind"] = "measure"
    scores = measure_lineage(labelled)[["measure_id", "previous_measure_id", "text_similarity", "label"]]
    assert scores.equals(measure_lineage(bare)[["measure_id", "previous_measure_id", "text_similarity", "label"]])
    assert list(scores["text_similarity"])[0] == 1.0 and list(scores["label"]) == ["continued", "new"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Organize the "Sword Net 2033" special action.', "organize the sword net # special action"),
        ("Reduce it to 15.5 months, 1,800 yuan", "reduce it to # months # yuan"),
        ("推进“剑网2031”行动", "推进 剑网# 行动"),
    ],
)
def test_normalize_masks_numbers_and_punctuation(text, expected):
    assert normalize(text) == expected


def titled(docs: list[tuple[str, int, str, str | None]], measures: list[tuple[str, str, str]]) -> dict:
    """:func:`frames` with a title and an issuer: docs as (doc_id, year, title, issuer), all in English."""
    tables = frames([(d, y, "en") for d, y, _, _ in docs], measures)
    tables["documents"]["title"] = [t for _, _, t, _ in docs]
    tables["documents"]["issuer"] = [i for _, _, _, i in docs]
    return tables


PATENTS = "2030 Patent Quality Programme"
BRANDS = "Trademark Brand Programme for 2030"


@pytest.mark.parametrize(
    "docs, expected",
    [
        # two series in one year never cross: each 2031 plan follows its own programme's 2030 plan, though the
        # other's measure is the same words
        (
            [
                ("a", 2030, PATENTS, "CNIPA"),
                ("b", 2030, BRANDS, "CNIPA"),
                ("c", 2031, PATENTS.replace("2030", "2031"), "CNIPA"),
                ("d", 2031, BRANDS.replace("2030", "2031"), "CNIPA"),
            ],
            {"c/m1": "a/m1", "d/m1": "b/m1"},
        ),
        # years, ordinals and "Annual" are not part of the series
        (
            [("a", 2030, "Patent Quality Programme", None), ("b", 2030, BRANDS, None)]
            + [("d", 2031, "The 2nd Annual Trademark Brand Programme (2031)", None)],
            {"d/m1": "b/m1"},
        ),
        # a series without a plan in the previous year falls back to all of that year's plans (the first of
        # equal matches)
        (
            [("a", 2030, PATENTS, "CNIPA"), ("b", 2030, BRANDS, "CNIPA"), ("d", 2031, "Customs IP Programme", "GAC")],
            {"d/m1": "a/m1"},
        ),
        # the same programme from another issuer is another series: here it falls back as well
        (
            [("a", 2030, PATENTS, "CNIPA"), ("b", 2030, BRANDS, "CNIPA"), ("d", 2031, BRANDS, "SAMR")],
            {"d/m1": "a/m1"},
        ),
        # no title: all plans of the previous year, as without series
        ([("a", 2030, PATENTS, None), ("b", 2030, BRANDS, None), ("d", 2031, None, None)], {"d/m1": "a/m1"}),
        # the series' plan is in an older year than the nearest one: the nearest year's plans, all of them
        (
            [("a", 2029, BRANDS, None), ("b", 2030, PATENTS, None), ("d", 2031, BRANDS, None)],
            {"b/m1": "a/m1", "d/m1": "b/m1"},
        ),
    ],
)
def test_a_plan_follows_its_series_in_the_previous_year_or_all_of_that_year(docs, expected):
    measures = [(d, 1, PATROL) for d, *_ in docs]
    lineage = measure_lineage(titled(docs, measures))
    assert dict(zip(lineage["measure_id"], lineage["previous_measure_id"], strict=True)) == expected
    assert set(lineage["label"]) == {"continued"}


def test_a_pair_scores_the_same_within_its_series_as_among_all_plans():
    docs = [("a", 2030, PATENTS, None), ("b", 2030, BRANDS, None), ("c", 2031, PATENTS.replace("2030", "2031"), None)]
    measures = [("a", 1, PATROL), ("b", 1, PLEDGE), ("a", 2, PLEDGE + " and trademarks"), ("c", 1, PLEDGE)]
    blocked = measure_lineage(titled(docs, measures))
    everything = measure_lineage(frames([(d, y, "en") for d, y, _, _ in docs], measures))
    assert list(blocked["previous_measure_id"]) == ["a/m2"] and list(everything["previous_measure_id"]) == ["b/m1"]
    pair = everything.iloc[0]
    assert blocked.iloc[0]["score"] < pair["score"] == 1.0


@pytest.mark.parametrize(
    "title, issuer, expected",
    [
        (
            "2033 Promotion Plan for the National IP Strategy",
            "State Council",
            "promotion plan for the national ip strategy\nstate council",
        ),
        (
            "Promotion Plan for the National IP Strategy in 2034",
            "State Council",
            "promotion plan for the national ip strategy\nstate council",
        ),
        ("2021年知识产权强国建设推进计划", "国家知识产权局", "知识产权强国建设推进计划\n国家知识产权局"),
        ("第十四届2022年度知识产权强国建设推进计划", None, "知识产权强国建设推进计划\n"),
        ("The 3rd Annual Patent Quality Programme Plan (2031)", None, "patent quality programme plan\n"),
        ("2031", "State Council", None),
        (None, "State Council", None),
    ],
)
def test_series_key(title, issuer, expected):
    assert series_key(title, issuer) == expected
