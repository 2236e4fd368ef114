"""document_links and measure_links: an original and its translation paired by evidence (document number, year,
title words, outline shape, shared instruments, agencies and numbers), one-to-one, and their measures linked;
unshared instruments and partial translations reported in ``quality``.

The pairs are the fixture plans (text we wrote) in the shapes real translations take: the whole circular, the
plan alone from its title (no notice, number or date), no year at all, an excerpt."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.extract.law_ids import _english_key, canonical_law, title_key
from pipeline.extract.zh import ZH
from pipeline.links import Evidence, Profile, document_pairs, evidence, opening_year, possible_pairs, title_words
from pipeline.rules import rules

FIXTURES = Path(__file__).parent / "fixtures" / "zh"


def from_plan_title(text: str) -> str:
    """The plan alone: from its title line (the line the notice's title names) on, without notice, number or
    date."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if i and len(line.strip()) > 10 and line.strip() in lines[0])
    return "\n".join(lines[start:]) + "\n"


def up_to_measure(text: str, n: int) -> str:
    """An excerpt: the text before measure ``n``."""
    return text[: re.search(rf"(?m)^{n}\.", text).start()]


def run(tmp_path: Path, texts: dict[str, str]) -> dict[str, pd.DataFrame]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert pipeline.run([folder], tmp_path / "out", jobs=1).ok
    return pipeline.load(tmp_path / "out")


def plan(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def number(measure_id: str) -> int:
    return int(measure_id.rsplit("m", 1)[1])


def measure_pairs(tables: dict[str, pd.DataFrame]) -> list[tuple[int, int]]:
    links = tables["measure_links"]
    return sorted(zip(links.measure_id.map(number), links.original_measure_id.map(number), strict=True))


def link_rows(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    docs = tables["documents"].set_index("doc_id")
    return sorted(
        (docs.at[r.original_doc_id, "source_file"], docs.at[r.doc_id, "source_file"])
        for r in tables["document_links"].itertuples()
    )


# --- documents paired as when the notice is there ------------------------------------------------------------


@pytest.fixture(scope="module")
def with_notice(tmp_path_factory) -> dict[str, pd.DataFrame]:
    return run(tmp_path_factory.mktemp("notice"), {"zh.txt": plan("plan_2029_zh"), "en.txt": plan("plan_2029_en")})


@pytest.mark.slow
@pytest.mark.parametrize("stripped", [("en",), ("zh", "en")], ids=["translation", "both"])
def test_a_plan_from_its_title_links_every_measure_as_with_its_notice(tmp_path, with_notice, stripped):
    texts = {
        f"{lang}.txt": (from_plan_title if lang in stripped else str)(plan(f"plan_2029_{lang}"))
        for lang in ("zh", "en")
    }
    assert all("〔2029〕" not in t and "[2029] No." not in t for lang, t in texts.items() if lang[:2] in stripped)
    tables = run(tmp_path, texts)
    assert measure_pairs(tables) == measure_pairs(with_notice) == [(n, n) for n in range(1, 17)]
    row = tables["document_links"].iloc[0]
    assert (row.decided_by, row.linked_measures, row.measures, row.original_measures) == ("evidence", 16, 16, 16)
    assert pd.isna(row.same_doc_number)  # the translation prints none
    assert row.score >= 0.8 and row.title_similarity == 1.0 and row.same_year


def test_with_the_notice_the_document_number_decides(with_notice):
    row = with_notice["document_links"].iloc[0]
    assert (row.decided_by, bool(row.same_doc_number), row.year, row.original_year) == ("doc_number", True, 2029, 2029)


def test_plans_of_different_years_are_not_paired(tmp_path):
    """Four plans from their titles (no number, no date): each translation with its own year's original."""
    texts = {f"{n}.txt": from_plan_title(plan(f"plan_{n}")) for n in ("2027_zh", "2027_en", "2029_zh", "2029_en")}
    tables = run(tmp_path, texts)
    assert link_rows(tables) == [("2027_zh.txt", "2027_en.txt"), ("2029_zh.txt", "2029_en.txt")]
    assert set(tables["measure_links"].original_doc_id) == set(tables["document_links"].original_doc_id)


@pytest.mark.slow
def test_a_translation_and_an_original_of_another_year_are_not_paired(tmp_path):
    tables = run(tmp_path, {"zh.txt": plan("plan_2027_zh"), "en.txt": from_plan_title(plan("plan_2029_en"))})
    assert tables["document_links"].empty and tables["measure_links"].empty


@pytest.mark.slow
@pytest.mark.parametrize("original,paired", [("plan_2029_zh", True), ("plan_2027_zh", False)])
def test_a_translation_without_any_year_is_paired_by_what_it_shares(tmp_path, original, paired):
    """No year anywhere in the translation: its instruments and numbers must carry the pair (agencies recur in
    every plan of the series, so they cannot)."""
    en = re.sub(r"2029 ?", "", from_plan_title(plan("plan_2029_en")))
    tables = run(tmp_path, {"zh.txt": plan(original), "en.txt": en})
    assert tables["documents"].year.isna().sum() == 1
    assert len(tables["document_links"]) == int(paired)
    if paired:
        assert measure_pairs(tables) == [(n, n) for n in range(1, 17)]
        assert pd.isna(tables["document_links"].iloc[0].same_year)


# --- an excerpt links what it has and reports the rest ------------------------------------------------------


@pytest.mark.slow
def test_an_excerpt_links_what_it_has(tmp_path):
    excerpt = up_to_measure(from_plan_title(plan("plan_2029_en")), 7)
    tables = run(tmp_path, {"zh.txt": plan("plan_2029_zh"), "en.txt": excerpt})
    assert measure_pairs(tables) == [(n, n) for n in range(1, 7)]
    row = tables["document_links"].iloc[0]
    assert (row.measures, row.original_measures, row.linked_measures) == (6, 16, 6)
    quality = tables["quality"]
    partial = quality[quality.check.astype(str) == "partial_translation"]
    assert partial.message.tolist() == ["renders 6 of the 16 listed measures of 2029-gzhzhlb-4-zh; not rendered: 7–16"]


# --- one law_id per instrument across languages --------------------------------------------------------------


def test_instruments_without_a_shared_id_are_a_finding(with_notice):
    quality = with_notice["quality"]
    found = quality[quality.check.astype(str) == "unshared_instrument"]
    by_measure = dict(zip(found.item_id.fillna("").str.rsplit("/", n=1).str[-1], found.message, strict=True))
    assert "Measures for Evaluating the Comprehensive Management Reform" in by_measure["m2"]
    assert "《知识产权综合管理改革评估办法》" in by_measure["m2"]
    assert "m5" not in by_measure  # Patent Law, its Implementing Regulations, Anti-Unfair Competition Law: one id each
    assert set(found.severity.astype(str)) == {"warning"}


@pytest.mark.parametrize(
    "english,chinese",
    [
        ("Provisions on the Protection of Trade Secrets", "商业秘密保护规定"),
        ("Regulations on the Protection of Layout Designs of Integrated Circuits", "集成电路布图设计保护条例"),
        ("Regulations on the Protection of Layout-Designs of Integrated Circuits", "集成电路布图设计保护条例"),
        ("Regulation on the Collective Administration of Copyright", "著作权集体管理条例"),
        ("Regulations on the Collective Management of Copyrights", "著作权集体管理条例"),
        (
            "Regulation for the Implementation of the Copyright Law of the People's Republic of China",
            "著作权法实施条例",
        ),
        ("Regulation for the Protection of New Plant Varieties of People’s Republic of China", "植物新品种保护条例"),
        ("Several Provisions on Standardizing Patent Application Practices", "关于规范专利申请行为的若干规定"),
        ("Measures for Registration of Copyright in Computer Software", "计算机软件著作权登记办法"),
        ("Antitrust Guidelines for Standard Essential Patents", "标准必要专利反垄断指引"),
        (
            "14th “Five-Year” Plan for Protection and Application of National Intellectual Property",
            "“十四五”国家知识产权保护和运用规划",
        ),
        (
            "Law of the People's Republic of China on Promoting the Transformation of Scientific and Technological "
            "Achievements",
            "促进科技成果转化法",
        ),
        ("Regulations on Trade Secrets in Banking", None),
    ],
)
def test_english_renderings_find_the_chinese_instrument(english, chinese):
    entry = canonical_law(english)
    assert (entry["name"] if entry else None) == chinese
    if chinese:
        assert entry is canonical_law(f"《{chinese}》")


def test_no_two_instruments_share_a_lookup_key():
    seen: dict[str, str] = {}
    for e in ZH.entries("laws"):
        keys = [title_key(t) for t in (e["name"], *e.get("aliases", ()))]
        keys += [_english_key(t) for t in (e["title_en"], *e.get("aliases_en", ()))]
        for key in keys:
            assert seen.setdefault(key, e["name"]) == e["name"], (key, e["name"], seen[key])


# --- the evidence, piece by piece ----------------------------------------------------------------------------

TITLE_WORDS = list(rules("zh").entries("title_words"))


@pytest.mark.parametrize("entry", TITLE_WORDS, ids=[e["concept"] for e in TITLE_WORDS])
def test_title_words_find_their_english_renderings(entry):
    for example in entry["examples_en"]:
        assert entry["concept"] in title_words(example, "en"), example
    for counter in entry.get("counter_examples_en", ()):
        assert entry["concept"] not in title_words(counter, "en"), counter


@pytest.mark.parametrize(
    "zh,en",
    [
        (
            "2031年深入实施国家知识产权战略 加快建设知识产权强国推进计划",
            "2031 Promotion Plan for Deeply Implementing the National Intellectual Property Strategy and Accelerating the "
            "Building of an IP Powerhouse",
        ),
        (
            "2031年知识产权强国建设推进计划",
            "Plan for Promoting the Construction of a Powerful Intellectual Property Country in 2031",
        ),
        (
            "知识产权强国建设纲要和“十四五”规划实施年度推进计划",
            "Annual Promotion Plan for Implementing the Outline for Building an IP Powerhouse and the 14th Five-Year Plan",
        ),
    ],
)
def test_a_title_and_its_translation_name_the_same_words(zh, en):
    assert title_words(zh, "zh") == title_words(en, "en") != frozenset()


@pytest.mark.parametrize(
    "text,year",
    [
        ("… and clarify the key tasks for 2031.", 2031),
        ("Published on 3 May 2031: the key tasks of 2031, under the Outline (2021-2035).", 2031),
        ("the key tasks and work measures during 2031 to 2031 are specified", 2031),
        ("明确2031年度重点任务，落实《纲要（2021—2035年）》", 2031),
        ("《纲要（2021—2035年）》", None),  # a range is not a plan year
        ("reviewed in 2030, for 2031", None),  # a tie
        ("", None),
    ],
)
def test_opening_year(text, year):
    assert opening_year(text) == year


def profile(
    doc_id: str,
    language: str,
    year: int | None = None,
    serial: str | None = None,
    laws: tuple[str, ...] = (),
    agencies: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
    measures: int = 0,
) -> Profile:
    return Profile(
        doc_id,
        language,
        year,
        "recorded" if year else None,
        frozenset({year} if year else ()),
        (year, serial) if serial else None,
        frozenset(words),
        1 if measures else 0,
        measures,
        {"laws": frozenset(laws), "agencies": frozenset(agencies), "numbers": frozenset()},
    )


WORDS = ("ip_powerhouse", "promotion_plan")


@pytest.mark.parametrize(
    "original,translation,enough",
    [
        (profile("o", "zh", 2031, "5"), profile("t", "en", 2031, "5"), True),  # the number alone decides
        (
            profile("o", "zh", 2031, "5", words=WORDS),
            profile("t", "en", 2031, "6", words=WORDS),
            False,
        ),  # numbers differ
        (profile("o", "zh", 2031, words=WORDS), profile("t", "en", 2030, words=WORDS), False),  # years differ
        (profile("o", "zh", 2031, words=WORDS, measures=10), profile("t", "en", 2031, words=WORDS, measures=9), True),
        (
            profile("o", "zh", 2031, words=WORDS, agencies=("a", "b")),  # no year: agencies cannot carry it
            profile("t", "en", None, words=WORDS, agencies=("a", "b")),
            False,
        ),
        (
            profile("o", "zh", 2031, words=WORDS, laws=("x", "y", "z")),  # no year: shared instruments can
            profile("t", "en", None, words=WORDS, laws=("x", "y", "z")),
            True,
        ),
        (profile("o", "zh", 2031, words=("ip_powerhouse",)), profile("t", "en", 2031, words=("work_plan",)), False),
    ],
)
def test_enough_evidence(original, translation, enough):
    assert isinstance(evidence(original, translation), Evidence)
    assert evidence(original, translation).enough is enough


def test_pairs_are_one_to_one_number_first_then_best_score():
    a = profile("a-zh", "zh", 2031, "5", words=WORDS, measures=10)
    b = profile("b-zh", "zh", 2031, words=WORDS, measures=10)
    t1 = profile("t1", "en", 2031, words=WORDS, measures=10)  # fits both originals equally well
    t2 = profile("t2", "en", 2031, "5", words=("ip_powerhouse",), measures=4)  # a's number
    pairs = document_pairs({p.doc_id: p for p in (a, b, t1, t2)})
    assert [(p.original, p.translation) for p in pairs] == [("b-zh", "t1"), ("a-zh", "t2")]


def _years_of(**docs: tuple[str, tuple[int, ...]]) -> dict[str, tuple[str, frozenset[int]]]:
    return {d: (language, frozenset(years)) for d, (language, years) in docs.items()}


@pytest.mark.parametrize(
    "years, expected",
    [
        (_years_of(o=("zh", (2031,)), t=("en", (2031,))), [("o", "t")]),
        (_years_of(o=("zh", (2031,)), t=("en", (2030,))), []),  # no year in common: never enough
        (_years_of(o=("zh", (2031,)), t=("en", ())), [("o", "t")]),  # a translation without a year
        (_years_of(o=("zh", ()), t=("en", (2030,)), u=("en", (2031,))), [("o", "t"), ("o", "u")]),  # an original
        (_years_of(o=("zh", (2030, 2031)), t=("en", (2031, 2035))), [("o", "t")]),  # a year of a title
        (_years_of(o=("zh", (2031,)), p=("zh", (2031,)), t=("en", (2031,))), [("o", "t"), ("p", "t")]),
        (_years_of(o=("zh", (2031,)), t=("fr", (2031,))), []),  # translations are English
        (_years_of(o=("en", (2031,)), t=("en", (2031,))), []),  # originals are Chinese
    ],
)
def test_possible_pairs_are_those_that_can_have_enough_evidence(years, expected):
    assert possible_pairs(years) == expected


def test_blocked_pairs_are_the_pairs_of_every_original_with_every_translation():
    """Weighing only the possible pairs chooses what weighing all of them chooses (profiles of four years, with
    and without numbers, one original and one translation without a year)."""
    found = {}
    for k in range(12):
        serial = str(k % 5) if k % 3 else None
        for language, year, measures in (("zh", 2030 + k % 4, 10), ("en", None if k == 5 else 2030 + k % 4, 9 + k % 3)):
            p = profile(f"{language}{k:02d}", language, year, serial, words=WORDS[: 1 + k % 2], measures=measures)
            found[p.doc_id] = p
    years = {d: (p.language, p.years) for d, p in found.items()}
    assert document_pairs(found, possible_pairs(years)) == document_pairs(found) != []
    assert len(possible_pairs(years)) < 12 * 12
