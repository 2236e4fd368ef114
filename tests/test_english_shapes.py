"""Shapes of English translations as copies print them (fixtures in our own words): a colon after a chapter's or an
article's label, items numbered "2<TAB>…" without a stop, headings glued to the end of the previous paragraph by a
copy that lost its line breaks, and what must not split (abbreviations and decimals before a numeral)."""

from __future__ import annotations

import pytest

from pipeline.model import Source
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.segment.paragraphs import paragraphs, split_run_together
from pipeline.stages import process_file


def _seg(text: str, language: str = "en"):
    return segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0", language=language)))


def _units(doc) -> list[tuple[str, str, str | None, str]]:
    """(kind, label or number, parent's label, first words) of every section and measure, in text order."""
    labels = {s.section_id: s.label for s in doc.sections}
    rows = [(s.span.start, s.kind, s.label, labels.get(s.parent_id), s.title[:12]) for s in doc.sections]
    rows += [
        (m.span.start, m.kind, str(m.number), labels.get(m.section_id), (m.text or "")[:12])
        for m in doc.measures
        if not any(s.span.start == m.span.start for s in doc.sections)
    ]
    return [r[1:] for r in sorted(rows)]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        (  # a colon after the label, with a space or a tab after it
            "en",
            "Trial Rules for Demonstration Grants\n\nChapter I: General Provisions\n\nArticle 1: These Rules are formulated to regulate grants.\n\n"
            "Article 2:\tGrants shall be public.\n\nChapter II: Supplementary Provisions\n\n"
            "Article 3: These Rules take effect on May 1, 2031.\n",
            [
                ("heading", "Chapter I", None, "General Prov"),
                ("article", "1", "Chapter I", "Article 1: T"),
                ("article", "2", "Chapter I", "Article 2: G"),  # (repair prints the tab as a space)
                ("heading", "Chapter II", None, "Supplementar"),
                ("article", "3", "Chapter II", "Article 3: T"),
            ],
        ),
        (  # a full-width colon after a Chinese article's label
            "zh",
            "示范资金管理办法\n\n第一章　总则\n\n第一条：为了规范示范资金，制定本办法。\n\n第二条：本办法自2031年5月1日起施行。\n",
            [
                ("heading", "第一章", None, "总则"),
                ("article", "1", "第一章", "第一条：为了规范示范资金"),
                ("article", "2", "第一章", "第二条：本办法自2031"),
            ],
        ),
    ],
    ids=["en-colon", "zh-colon"],
)
def test_a_colon_after_a_label_is_no_label_and_opens_no_title(language, text, expected):
    """The colon is in no label; an article's words start at its label (the colon stays in them, after it)."""
    doc = _seg(text, language)
    assert _units(doc) == expected
    assert not any(m.text.startswith((":", "：")) for m in doc.measures)
    assert all(doc.text[m.span.start :].startswith(("Article", "第")) for m in doc.measures if m.kind == "article")
    assert not any(s.title.startswith((":", "：")) for s in doc.sections)


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # "2<TAB>…" after "1.<TAB>…": items whose stop the copy lost
            "1.\tKeep records. Records shall be kept.\n\n2\tOpen the ledger. The ledger shall be open.\n\n"
            "3\tClose the books. Books shall be closed.\n",
            [
                ("measure", "1", None, "Keep records"),
                ("measure", "2", None, "Open the led"),
                ("measure", "3", None, "Close the bo"),
            ],
        ),
        (  # a number that does not continue the run, or a count before a lower-case word, is text
            "1.\tKeep records. Records shall be kept.\n\n3\tClose the books. Books shall be closed.\n\n"
            "2 million yuan shall be spent.\n",
            [("measure", "1", None, "Keep records")],
        ),
        (  # a translator's note under its marker ("Law3") is no item 3
            "1.\tKeep records under the Ledger Law. Records shall be kept.\n\n2.\tApply the Data Law3 to them.\n\n"
            "3 Adopted by the Standing Committee in 2029.\n",
            [("measure", "1", None, "Keep records"), ("measure", "2", None, "Apply the Da")],
        ),
        (  # no "1." before it: nothing to continue
            "Grants shall be paid.\n\n2\tOpen the ledger. The ledger shall be open.\n",
            [],
        ),
    ],
    ids=["tab-run", "not-continuing", "no-run", "translators-note"],
)
def test_items_numbered_without_a_stop_continue_a_run(body, expected):
    doc = _seg("Trial Rules for Demonstration Grants\n\n" + body)
    assert _units(doc) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # headings glued after a sentence's stop: a part, a section after a part's title, an item
            "The plan is hereby formulated.I. The Situation\nText.\nIt serves growth.II. The Requirements(1) Guiding "
            "Ideas\n1. Keep records\nMore text, etc.2. Build a ledger\nText.",
            [
                "The plan is hereby formulated.",
                "I. The Situation",
                "Text.",
                "It serves growth.",
                "II. The Requirements",
                "(1) Guiding Ideas",
                "1. Keep records",
                "More text, etc.",
                "2. Build a ledger",
                "Text.",
            ],
        ),
        (  # a word in capitals ending in I ("AI.") opens no part; the next part glued after it does
            "I. Tasks\nEmbed AI. Promote the use of AI.II. Measures",
            ["I. Tasks", "Embed AI. Promote the use of AI.", "II. Measures"],
        ),
        (  # after an abbreviation's stop, a numeral is a reference, not a unit
            "1. Do this under Art. I. Definitions apply.\n2. Apply No.3. The rule.\n3. Follow the U.S. Standards.",
            [
                "1. Do this under Art. I. Definitions apply.",
                "2. Apply No.3. The rule.",
                "3. Follow the U.S. Standards.",
            ],
        ),
        (  # a decimal is no item number
            "I. Tasks\n1. Raise it by 2.5. Then cut it by 3.2. Report.",
            ["I. Tasks", "1. Raise it by 2.5. Then cut it by 3.2. Report."],
        ),
    ],
    ids=["glued-after-stop", "capitals-ending-in-i", "abbreviations", "decimals"],
)
def test_headings_glued_to_the_previous_paragraph_start_units(text, expected):
    assert [p.text for p in split_run_together(paragraphs(text))] == expected


def test_glued_parts_sections_and_items_make_the_outline():
    doc = _seg(
        "A Demonstration Development Plan\nTo seize the chance, this plan has been formulated.I. The Situation\n"
        "Zones grow fast. They serve AI. Promote zones.II. The Tasks(1) Build zones\nBuild them well, etc.1. Map the "
        "zones\nMap them.2. Staff the zones\nStaff them.(2) Fund zones\nFund them.III. Guarantees\nGuard them.\n"
    )
    assert _units(doc) == [
        ("heading", "I", None, "The Situatio"),
        ("heading", "II", None, "The Tasks"),
        ("heading", "1", "II", "Build zones"),
        ("measure", "1", "1", "Map the zone"),
        ("measure", "2", "1", "Staff the zo"),
        ("heading", "2", "II", "Fund zones"),
        ("heading", "III", None, "Guarantees"),
    ]


@pytest.mark.parametrize(
    "text, laws",
    [
        (  # the rule's own title line (a trailing space after it) is its title, not an instrument cut at its first word
            "Internet Demonstration Service Management Provisions \n\nChapter I: General Provisions\n\nArticle 1: These "
            "Provisions are formulated in accordance with the Demonstration Law.\n\nArticle 2: These Provisions take "
            "effect on March 1, 2032.\n",
            ["Demonstration Law"],
        ),
        (
            "Measures for the Security Management of Demonstration Data\n\nArticle 1\tThese Measures are formulated in "
            "accordance with the Demonstration Data Law.\n\nArticle 2\tThese Measures shall come into force on June 1, "
            "2031.\n",
            ["Demonstration Data Law"],
        ),
    ],
    ids=["provisions", "measures"],
)
def test_a_rules_title_line_is_no_instrument_it_cites(tmp_path, text, laws):
    path = tmp_path / "rule.txt"
    path.write_text(text, encoding="utf-8")
    doc = process_file(path)
    assert doc.metadata.title == text.split("\n")[0].strip()
    assert [m.title for m in doc.law_mentions] == laws
    assert doc.metadata.issuer is None and doc.metadata.issue_date is None
