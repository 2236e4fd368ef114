"""The language profile registry (pipeline.rules.profiles): every profile's references load, no module outside
the rules package names a language's book, and a third language plugs in through its profile alone."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import pipeline
from pipeline.ingest.language import detect_language
from pipeline.rules.profiles import (
    FAMILIES,
    PROFILES,
    STRUCTURAL_BOOK,
    Profile,
    languages,
    profile,
    registered,
    script_book,
    structural,
)
from pipeline.stages import process_file

PACKAGE = Path(pipeline.__file__).parent


@pytest.mark.parametrize("code", sorted(PROFILES))
def test_each_profile_loads_its_book_and_its_functions(code):
    p = profile(code)
    assert p.code == code and p.rules.language == code and p.rules.books
    assert p.families == FAMILIES
    for name in ("extractor", "number_reader", "date_reader", "title_key"):
        assert callable(p.load(name)), name
    assert p.load("number_reader")("12") == 12.0


def test_the_structural_book_and_the_script_books():
    assert {p.structure for p in PROFILES.values()} == {STRUCTURAL_BOOK}
    assert structural() is profile(STRUCTURAL_BOOK).rules
    assert script_book("latin") is profile("en").rules
    assert script_book("han") is profile("zh").rules
    assert languages() == ("en", "zh")


@pytest.mark.parametrize("code", ["ja", "ko", "und", "fr"])
def test_a_language_without_a_profile_has_no_book(code):
    with pytest.raises(LookupError, match=f"no rule book for language '{code}' \\(have: en, zh\\)"):
        profile(code)


def _book_lookups(path: Path) -> list[str]:
    """Calls that name a language's book: ``rules("en")``, ``profile("zh")``, ``compile_book("en", ...)``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            in ("rules", "profile", "compile_book", "entry_pattern")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            out.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return out


def test_no_module_outside_the_rules_package_names_a_language_book():
    """A stage asks the document's profile, a script's book or the structural book; only pipeline/rules (where
    the registry is written) names a language."""
    named = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if "rules" not in path.relative_to(PACKAGE).parts[:1]
        for hit in _book_lookups(path)
    ]
    assert named == []


# --- a third language, through its profile alone --------------------------------------------------------------
# "xx" (spaCy's multi-language code) is a toy language written for this test: its function words, one instrument
# head ("Wetto", a law) and one action ("revizu", amend). Nothing in pipeline/ knows it.

XX_WORDS = frozenset({"ka", "lo", "mi", "ze", "tu"})
XX_PLAN = """Ka Plano lo Sciencio 2031

Ka ministerio ze tu plano lo mi regiono. Ka plano ze mi jaro 2031 tu ka fino lo ka jaro.

1. Ka ministerio revizu ka Datumo Wetto lo mi jaro, ka lo mi ze tu ka regiono ze mi kontoro.
2. Ka ministerio ze tu ka kontoro lo mi regiono, ka lo mi ze tu ka oficejo ze mi plano.
3. Ka oficejo ze tu ka regiono lo mi jaro, ka lo mi ze tu ka ministerio ze mi kontoro.
"""


def _toy_book(folder: Path) -> Path:
    folder.mkdir()
    (folder / "instruments.json").write_text(
        json.dumps(
            {
                "description": "Toy instrument heads.",
                "entries": [{"phrase": "Wetto", "type": "law", "examples": ["ka Datumo Wetto"]}],
            }
        ),
        encoding="utf-8",
    )
    (folder / "actions.json").write_text(
        json.dumps(
            {
                "description": "Toy actions.",
                "entries": [{"phrase": "revizu", "action": "amend", "examples": ["revizu ka Datumo Wetto"]}],
            }
        ),
        encoding="utf-8",
    )
    return folder


def _toy_profile(tmp_path: Path) -> Profile:
    return Profile(
        code="xx",
        script="latin",
        book_dir=_toy_book(tmp_path / "xx"),
        extractor="pipeline.extract:extract_with_spacy",
        families=FAMILIES,
        number_reader="pipeline.extract.targets:read_number",
        date_reader="pipeline.segment.dates:to_date",
        title_key="pipeline.extract.law_ids:english_title_key",
        function_words=XX_WORDS,
    )


def test_a_third_language_plugs_in_through_its_profile_alone(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(XX_PLAN, encoding="utf-8")
    assert detect_language(XX_PLAN) == "und"
    before = process_file(path)
    assert before.metadata.language == "und" and before.status == "partial" and not before.law_mentions
    with registered(_toy_profile(tmp_path)):
        assert detect_language(XX_PLAN) == "xx" and "xx" in languages()
        doc = process_file(path)
    assert "xx" not in PROFILES and languages() == ("en", "zh")
    assert doc.metadata.language == "xx"
    assert [m.measure_id.rsplit("/", 1)[1] for m in doc.measures] == ["m1", "m2", "m3"]
    assert [(m.surface, m.instrument_type, m.action) for m in doc.law_mentions] == [("Datumo Wetto", "law", "amend")]
    assert not [e for e in doc.errors if e.component.startswith("extract")]


def test_a_third_language_extractor_crash_loses_its_mentions_only(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(XX_PLAN, encoding="utf-8")
    broken = Profile(**{**_toy_profile(tmp_path).__dict__, "extractor": "pipeline.rules.profiles:no_such_function"})
    with registered(broken):
        doc = process_file(path)
    assert doc.status == "partial" and doc.measures and not doc.law_mentions
    assert [str(e) for e in doc.errors if e.component.startswith("extract")] == [
        "extract.xx: AttributeError: module 'pipeline.rules.profiles' has no attribute 'no_such_function'"
    ]


def test_a_profile_is_registered_once():
    with pytest.raises(ValueError, match="has a profile already"):
        with registered(PROFILES["en"]):
            pass
