"""Language detection says what a text is written in (zh, ja, ko, en, und) instead of forcing zh or en, and a
language without a rule book keeps its structure and ends ``partial`` with a clear error."""

from __future__ import annotations

import pytest

from pipeline.ingest.language import detect_language
from pipeline.stages import process_file

# Texts written for these tests.
JAPANESE = """二〇三一年知的財産推進計画

一、特許審査の迅速化を図る。審査の期間を十二か月以内に短縮する。（担当：特許庁）
二、中小企業による出願を支援し、相談窓口を各地に設ける。（担当：経済産業省）
三、模倣品の取締りを強化し、税関との連携を深める。
"""
KOREAN = """2031년 지식재산 추진 계획

1. 특허 심사 기간을 열두 달 이내로 줄인다. (담당: 특허청)
2. 중소기업의 출원을 돕고 지역마다 상담 창구를 둔다. (담당: 산업통상자원부)
3. 위조 상품 단속을 강화하고 세관과 협력한다.
"""
FRENCH = (
    "Plan d'action pour la propriété intellectuelle. Le ministère renforce la protection des brevets et "
    "des marques dans toutes les régions du pays. Les délais d'examen seront réduits à neuf mois avant "
    "la fin de l'année. Les petites entreprises reçoivent une aide pour déposer leurs demandes auprès de "
    "l'office national, qui ouvre des guichets dans chaque département."
)
ENGLISH = (
    "Plan for the promotion of intellectual property. The ministry shall strengthen the protection of "
    "patents and trademarks in all regions of the country. Examination periods will be cut to nine "
    "months by the end of the year, and small firms receive help to file their applications with the "
    "national office, which opens a desk in every province."
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (JAPANESE, "ja"),
        ("特許審査の迅速化を図る。", "ja"),
        ("知的財産の保護を強化するため、関係省庁は連携して取り組む。", "ja"),
        (KOREAN, "ko"),
        ("특허 심사 기간을 줄인다.", "ko"),
        ("知識財產 保護를 強化한다. 特許廳이 擔當한다.", "ko"),  # Korean that prints Han characters
        ("推进与ソニー公司的合作，完善知识产权保护制度，加快专利审查。", "zh"),  # a katakana name in Chinese text
        ("知识产权保护・运用・管理，加快专利审查进度。", "zh"),  # ・ is printed in Chinese too
        ("國家知識產權戰略實施推進計劃", "zh"),
        (ENGLISH, "en"),
        ("Plan for 2016. I. Strengthen patent enforcement.", "en"),  # too short to tell: English as before
        (FRENCH, "und"),
        ("1. 2. 3. — 12 —", "und"),
    ],
)
def test_language_from_the_script(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "name,text,language",
    [
        ("plan_ja.txt", JAPANESE, "ja"),
        ("plan_ko.txt", KOREAN, "ko"),
    ],
)
def test_a_language_without_a_rule_book_keeps_its_structure_and_ends_partial(tmp_path, name, text, language):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = process_file(path)
    assert doc.metadata.language == language
    assert doc.status == "partial"
    assert any(str(e).startswith(f"extract: no rule book for language '{language}'") for e in doc.errors)
    assert not (doc.agency_mentions or doc.law_mentions or doc.targets)
    assert len(doc.measures) == 3


def test_simplifying_imports_no_pkg_resources_and_leaves_one_already_imported_alone():
    # zhconv opens its dictionary through pkg_resources when it can, whose import scans every installed
    # distribution; the simplified copy reads the same dictionary without it.
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from pipeline.ingest.language import matching_copy\n"
        "assert matching_copy('著作權法') == '著作权法'\n"
        "print('pkg_resources' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    already = "import sys, types\nsys.modules['pkg_resources'] = marker = types.ModuleType('pkg_resources')\n"
    check = "assert sys.modules['pkg_resources'] is marker\n"
    done = subprocess.run([sys.executable, "-c", already + probe + check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
