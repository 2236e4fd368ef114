"""Extract: instruments, agencies, targets. One-line cases are made up for the rules (not taken from the
corpus); document-level figures come from the gold annotations in tests/gold/, made by reading."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CIRCULAR_2014, ROOT
from variants import strip_markup

from pipeline.corpus import process_file
from pipeline.evaluate import score
from pipeline.extract.law_ids import law_identity, make_law_id
from pipeline.extract.nlp import annotate
from pipeline.extract.runs import tokens
from pipeline.extract.targets import TARGET, TARGET_START, target_matches, target_starts
from pipeline.extract.zh import canonical_law, law_id_for
from pipeline.extract.zh import instrument_type as instrument_type_zh
from pipeline.gazetteer import resolve

GOLD = ROOT / "tests" / "gold"


def titles(text: str) -> list[tuple[str, str]]:
    doc = annotate(text)
    return [(s.text, s.label_) for s in doc.spans["instruments"]]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Promote the revision of the Anti-Unfair Competition Law and the Regulations on the Protection of "
            "Layout-Designs of Integrated Circuits.",
            [
                ("Anti-Unfair Competition Law", "law"),
                ("Regulations on the Protection of Layout-Designs of Integrated Circuits", "regulations"),
            ],
        ),
        (
            "Revise laws such as the Copyright Law, Seed Law, Implementation Rules of the Patent Law, and Anti-Monopoly Law.",
            [
                ("Copyright Law", "law"),
                ("Seed Law", "law"),
                ("Implementation Rules of the Patent Law", "rules"),
                ("Anti-Monopoly Law", "law"),
            ],
        ),
        (
            "Publish the Guidelines on Patent Examination, Search and Classification, and train examiners.",
            [("Guidelines on Patent Examination, Search and Classification", "guidelines")],
        ),
        (
            "Publish the Guidelines for Trademark Examination and Trial (2021 Revision) this year.",
            [("Guidelines for Trademark Examination and Trial (2021 Revision)", "guidelines")],
        ),
        (
            "Complete the drafting of the Provisions on Cases Involving Plant Variety Rights (Interim).",
            [("Provisions on Cases Involving Plant Variety Rights (Interim)", "provisions")],
        ),
        (
            "Accede to the Hague Agreement Concerning the International Registration of Industrial Designs.",
            [("Hague Agreement Concerning the International Registration of Industrial Designs", "treaty")],
        ),
        ("Enforce relevant laws and administrative regulations according to the law.", []),
        ("Establish IP management standards for universities and uniform provisions on data.", []),
        ("Launch the formulation of the IP plan for the 14th Five-Year Plan period.", []),
        ("Support the State Administration for Market Regulation in this work.", []),
        (
            "Apply Article 20 of the Patent Law and Articles 3 and 4 of the Trademark Law.",
            [("Patent Law", "law"), ("Trademark Law", "law")],
        ),
        (
            "Promote the entry into force of the Beijing Treaty on Audiovisual Performances.",
            [("Beijing Treaty on Audiovisual Performances", "treaty")],
        ),
        # Real wordings of translated copies: past tenses, quotes of either kind, lower-case words in a quoted
        # title, a document number after it, a quotation inside it, a measure number in brackets before the verb.
        (
            '3. Promulgated "Several Opinions on Improving the Quality of University Patents". (Ministry of Education)',
            [("Several Opinions on Improving the Quality of University Patents", "opinions")],
        ),
        (
            "Issued \u201cGuiding Opinions on promoting the high-quality development of patent work\u201d.",
            [("Guiding Opinions on promoting the high-quality development of patent work", "opinions")],
        ),
        (
            'Promulgated the "Opinions on Trade Secrets of Enterprises" (State Council No. [2040]86).',
            [("Opinions on Trade Secrets of Enterprises", "opinions")],
        ),
        (
            "Implement the Outline for Building an IP Powerhouse (2021-2035) and the 14th \u201cFive-Year\u201d Plan for "
            "Protection of Intellectual Property.",
            [
                ("Outline for Building an IP Powerhouse (2021-2035)", "outline"),
                ("14th \u201cFive-Year\u201d Plan for Protection of Intellectual Property", "plan"),
            ],
        ),
        (
            "(1) Revise the Guidelines for Patent Examination. (SIPO)",
            [("Guidelines for Patent Examination", "guidelines")],
        ),
        ('Carry out the "Sword Net 2041" special campaign and the "Iron Fist" action.', []),
        ("the key tasks are specified and this Promotion Plan is formulated.", []),
        # A sentence opening with "These"/"This" capitalizes it into the run: the document itself, no title.
        ("These Measures are formulated to regulate demonstration data.", []),
        ("During the \u201c14th Five-Year Plan\u201d period, zones shall grow.", []),
        ('During the "14th Five-Year Plan" era, zones shall grow.', []),
        ("This Decision shall be interpreted by the Ministry of Demonstration.", []),
        (
            "These Rules are formulated in accordance with the Demonstration Data Law.",
            [("Demonstration Data Law", "law")],
        ),
        ("(hereinafter referred to as the Promotion Plan) was issued.", []),
        (
            "the Outline issued by the CPC Central Committee and the State Council and the National Plan for IP Use.",
            [("National Plan for IP Use", "plan")],
        ),
        # A conjunct without a head of its own belongs to the title before it; a time phrase can end a title.
        (
            "formulated in accordance with the 15th Five-Year Plan (2026\u20132030) and Long-Range Objectives through the "
            "Year 2040 of the People's Republic of China and the Outline for Building a Cultural Powerhouse (2026-2040).",
            [
                (
                    "15th Five-Year Plan (2026\u20132030) and Long-Range Objectives through the Year 2040 of the People's Republic "
                    "of China",
                    "plan",
                ),
                ("Outline for Building a Cultural Powerhouse (2026-2040)", "outline"),
            ],
        ),
        (
            "Revise the Regulations on Protection of Layout-Designs and Plant Varieties and the Seed Law.",
            [("Regulations on Protection of Layout-Designs and Plant Varieties", "regulations"), ("Seed Law", "law")],
        ),
        ("Enforce the Patent Law through the year 2030 campaign.", [("Patent Law", "law")]),
        (
            "Implement the Talent Development Plan through the Year 2035.",
            [("Talent Development Plan through the Year 2035", "plan")],
        ),
    ],
)
def test_instrument_titles(text, expected):
    assert titles(text) == expected


def test_emphasis_and_quotes_are_cues_not_requirements():
    text = "Publish the Outline for Culture, Section 2: Heritage Protection Plans this year."
    plain = titles(text)
    start = text.index("Outline")
    italic = annotate(text, [(start, text.index(" this"))])
    assert (
        [s.text for s in italic.spans["instruments"]]
        == [t for t, _ in plain]
        == ["Outline for Culture, Section 2: Heritage Protection Plans"]
    )


def test_law_id_is_the_same_across_wordings():
    assert make_law_id("Patent Law") == make_law_id("the Patent Law of the People’s Republic of China")
    assert make_law_id("Patent Law") != make_law_id("Trademark Law")


@pytest.mark.parametrize(
    "english, chinese",
    [
        ("Patent Law of the People's Republic of China", "《中华人民共和国专利法》"),
        ("Trademark Law", "商标法"),
        ("Regulations on the Protection of New Varieties of Plants", "《植物新品种保护条例》"),
    ],
)
def test_english_and_chinese_titles_of_one_instrument_share_its_id(english, chinese):
    law_id, title, instrument_type = law_identity(english, "regulations")
    assert law_id == law_id_for(chinese)
    # the rule book's English title and type, whichever language comes first
    assert (
        (title, instrument_type)
        == law_identity(chinese)[1:]
        == (canonical_law(chinese)["title_en"], instrument_type_zh(chinese))
    )


def test_an_instrument_the_rule_book_does_not_list_keeps_its_own_id():
    assert law_identity("Opinions on Trade Secrets of Enterprises", "opinions") == (
        make_law_id("Opinions on Trade Secrets of Enterprises"),
        "Opinions on Trade Secrets of Enterprises",
        "opinions",
    )


@pytest.mark.parametrize(
    "surface, year, agency_id",
    [
        ("State Intellectual Property Office", 2014, "sipo"),
        ("Intellectual Property Office", 2014, "sipo"),
        ("Intellectual Property Office", 2020, "cnipa"),
        ("the China National Intellectual Property Administration", 2031, "cnipa"),
        ("SAIC", 2015, "saic"),
        ("Ministry of Agriculture and Rural Affairs", 2019, "mara"),
        (
            "State Administration of Press, Publication, Radio, Film and Television (National Copyright Administration)",
            2014,
            "sapprft",
        ),
        ("Ministry of Magic", 2014, None),
        # Names the translations really use.
        ("Statistics Bureau", 2020, "nbs"),
        ("Intellectual Property Administration", 2021, "cnipa"),
        ("State Intellectual Property Office", 2023, "cnipa"),
        ("Propaganda Department of Central Committee", 2021, "cpd"),
        (
            "Office of National Leading Group on the Fight against IPR Infringement and Counterfeiting",
            2020,
            "nlgipr_office",
        ),
        ("State Commission Office of Public Sector Reform", 2020, "scopsr"),
        ("National Government Offices Administration", 2020, "ngoa"),
        ("State Administration of Foreign Exchange", 2020, "safe"),
        ("GAC", 2012, "gacc"),
        ("Inter-Ministerial Joint Conference on Building an IP Powerhouse", 2021, "ipp_jc"),
        ("Inter-Ministerial Joint Conference on Building an IP Powerhouse", 2025, "ipp_jc"),
        (
            "Office of the Inter-Ministerial Joint Meeting for Implementation of the National Intellectual Property Strategy",
            2012,
            "nipsjc_office",
        ),
    ],
)
def test_gazetteer_resolution_is_era_aware(surface, year, agency_id):
    assert resolve(surface, year) == agency_id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("raise the patent rate to more than 60% in all provinces", [(">", 60, 60, "%")]),
        ("reduce the pendency to within 20 months", [("<=", 20, 20, "month")]),
        ("train no fewer than 1,000 patent examiners", [(">=", 1000, 1000, "examiner")]),
        ("register 816 000 trademarks", [("=", 816000, 816000, "trademark")]),
        ("train 10,000 IP professionals", [("=", 10000, 10000, "professional")]),
        ("the PCT applications exceed 30,000.", [(">", 30000, 30000, "count")]),
        ("the number of patents per 10,000 people reaches 12.", [("=", 12, 12, "count")]),
        ("invest RMB 3 billion in the fund", [("=", 3e9, 3e9, "yuan")]),
        ("the rate of 2012–13 and the years 2015-2017", []),
        ("invest 2.5 billion yuan in the fund", [("=", 2.5e9, 2.5e9, "yuan")]),
        ("carry out pilots in 5-8 pilot cities", [("=", 5, 8, "city")]),
        ("build at least ten demonstration zones", [(">=", 10, 10, "zone")]),
        ("launch the 10th Sword Net campaign and the 13th Five-year Plan", []),
        ("implement the Action Plan (2014–2020) and Section 1: Standards", []),
        ("as required by [2014] No. 24 issued in 2015", []),
        ("promote two-way transformation and the “six targets” of publicity", []),
        ("according to Article 3 of the law", []),
        # Numbers in words are read by a parser, whole: not "twenty" and "five" as a range.
        ("train twenty-five thousand grassroots law enforcement officers", [("=", 25000, 25000, "officer")]),
        ("set up thirteen intellectual property tribunals", [("=", 13, 13, "tribunal")]),
        ("build one hundred and twenty patent navigation centres", [("=", 120, 120, "centre")]),
        ("so that the registered amount exceeds RMB 350 billion.", [(">", 3.5e11, 3.5e11, "yuan")]),
        # Counts that describe what exists, not commit to a number.
        ("publish the added value of the eight pilot areas set up in 2024", []),
        ("promote the reforms in the eight reform pilot areas.", []),
        ("support the 28 member units in building platforms", []),
        # irregular plurals from the rule book; adjectives joined by "and" before the noun; a possessive
        ("add 30 more plant species to the list", [("=", 30, 30, "species")]),
        ("crack down on no fewer than 500 infringing and pirate websites", [(">=", 500, 500, "website")]),
        ("designate a further 5 intermediate people's courts", [("=", 5, 5, "court")]),
        ("grant 10 patents and trademarks", [("=", 10, 10, "patent")]),
    ],
)
def test_targets(text, expected):
    doc = annotate(text)
    found = [
        (s._.target["comparator"], s._.target["value_min"], s._.target["value_max"], s._.target["unit"])
        for s in doc.spans["targets"]
    ]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reach At Least 2,000 patents, NO FEWER THAN twenty-five thousand officers and up to 3.5 billion yuan.",
        "From 10 to 20 centres; over 30%; within 15 working days; 1st and 2nd batches in 2025.",
        "İstanbul office: at least 5 offices (the lower case of İ is two characters long).",
        "one hundred and twenty, 816 000 and 1 200 000 items; Twelve Tribunals; ¥300 million",
        "no digits and no number words here",
    ],
)
def test_target_matches_are_the_patterns_own_matches(text):
    """The pattern is tried only where a target can start; it must find what a scan of every position finds."""
    assert [m.span() for m in target_matches(text)] == [m.span() for m in TARGET.finditer(text)]


@pytest.mark.parametrize(
    "text, by_re",
    [
        ("reach at least 2,000 patents and no fewer than ten centres by 2030", True),  # ASCII
        ("reach 50% — “no less than ten” – by 2030\u00a0or 2031", True),  # dashes, quotes, no-break space
        ("\u24d0 over ten centres, 12 offices", False),  # a circled letter: a word character for one engine only
        ("cafe\u0301 over ten, 12 offices", False),  # a combining accent
        ("\u0663 over ten, 12 offices", False),  # an Arabic-Indic digit
        ("x\u200dten over 5", False),  # a zero-width joiner
    ],
)
def test_target_starts_are_the_same_by_either_engine(text, by_re):
    """Where a target can start is found by the standard library's engine only when the text's characters
    outside ASCII are neither word characters nor digits for either engine; the offsets are the same."""
    low = text.lower()
    found = list(target_starts(low))
    assert [m.start() for m in found] == [m.start() for m in TARGET_START.finditer(low)]
    assert found and isinstance(found[0], re.Match) is by_re


def test_token_view_agrees_with_spacy():
    doc = annotate("The 2nd  Plan (2014–2020),\n\nissued by\tSIPO: twenty-five Regulations; 3.5 billion İ.")
    view = tokens(doc)
    assert view.text == [t.text for t in doc]
    assert view.lower == [t.lower_ for t in doc]
    assert view.idx == [t.idx for t in doc]
    assert view.space == [bool(t.whitespace_) for t in doc]
    assert view.num == [t.like_num for t in doc]
    assert [view.span_text(s, e) for s, e in ((0, 3), (3, 9), (5, 5))] == [doc[0:3].text, doc[3:9].text, ""]
    assert view.cap[:3] == [True, True, False]  # "The", "2nd" (an ordinal), white space


def _scores(doc, gold_name):
    return score(doc, json.loads((GOLD / gold_name).read_text(encoding="utf-8")))


def test_2014_against_gold(doc_2014):
    s = _scores(doc_2014, "circular_2014.gold.json")
    assert s["instruments"].f1 >= 0.95
    assert s["targets"].precision == 1.0 and s["targets"].recall == 1.0 and s["targets"].gold == 4
    addressees = [a for a in doc_2014.agency_mentions if a.role == "addressee"]
    assert len(addressees) == 28 and all(a.agency_id for a in addressees)


def test_2014_without_markup_gives_the_same_figures(tmp_path, doc_2014):
    path = tmp_path / "circular_2014_plain.txt"
    path.write_text(strip_markup(CIRCULAR_2014.read_text(encoding="utf-8")), encoding="utf-8")
    plain = _scores(process_file(path), "circular_2014.gold.json")
    marked = _scores(doc_2014, "circular_2014.gold.json")
    for entity in ("instruments", "targets", "agencies"):
        assert (plain[entity].correct, plain[entity].found) == (marked[entity].correct, marked[entity].found)


def test_2031_against_gold(doc_2031):
    s = _scores(doc_2031, "synthetic_plan_2031.gold.json")
    assert s["instruments"].f1 >= 0.9
    assert s["targets"].f1 >= 0.9


def test_every_mention_is_its_text(doc_2014, doc_2031):
    for doc in (doc_2014, doc_2031):
        for m in [*doc.agency_mentions, *doc.law_mentions, *doc.targets]:
            assert doc.text[m.span.start : m.span.end] == m.surface


def test_agencies_named_in_measures(doc_2014):
    number = {m.measure_id: m.number for m in doc_2014.measures}
    mentioned = [(number.get(a.measure_id), a.agency_id) for a in doc_2014.agency_mentions if a.role == "mentioned"]
    assert (6, "cas") in mentioned and (69, "cas") in mentioned
    assert (49, None) in mentioned  # a committee the plan sets up: a mention without a gazetteer id


def test_2020_style_plan_against_gold():
    """A plan written after the rules, in the wording of the 2016-2020 translations (see its gold note)."""
    doc = process_file(ROOT / "tests" / "fixtures" / "plan_2020_style.txt")
    s = _scores(doc, "plan_2020_style.gold.json")
    assert s["instruments"].f1 >= 0.9 and s["targets"].f1 >= 0.9 and s["responsibility"].f1 >= 0.95
    assert s["agencies"].f1 >= 0.95


# ---- An article's label (its span starts at 第五条 / "Article 5") gives no target, mention or ordinal -------------

ARTICLE_RULES = {
    "zh": "示范资金管理办法\n\n第一章　总则\n\n第一条　为了规范示范资金管理，根据《中华人民共和国预算法》，制定本办法。\n\n"
    "第五条　第一类企业每家每年补贴3000元，由财政部负责分配。\n\n"
    "第十五条　申请人应当提交下列材料：\n\n（一）申请表；\n\n（二）营业执照复印件。\n\n"
    "第二十条　本办法自2031年5月1日起施行。\n",
    "en": "Measures for Demonstration Grants\n\nChapter I General Provisions\n\nArticle 1 These Measures are "
    "formulated in accordance with the Budget Law of the People's Republic of China.\n\nArticle 5: The Ministry of "
    "Finance shall allocate the grants, and each enterprise shall receive 3,000 yuan a year.\n\nArticle 15. An "
    "applicant shall submit the following materials:\n\n(1) the application form;\n\n(2) a copy of its licence.\n\n"
    "Article 20\tThese Measures take effect on May 1, 2031.\n",
}


def _rows(doc) -> dict[str, list[tuple]]:
    return {
        "targets": sorted((t.span, t.surface, t.value_min, t.unit, t.subject, t.measure_id) for t in doc.targets),
        "agency_mentions": sorted((a.span, a.surface, a.role, a.agency_id, a.measure_id) for a in doc.agency_mentions),
        "law_mentions": sorted((m.span, m.surface, m.measure_id) for m in doc.law_mentions),
    }


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_articles_label_in_its_span_gives_no_row(language):
    """The same document read with its articles' spans starting after their labels (the contract before) has the
    same targets, agency and law mentions: 第五条 / "Article 5" is no number, body or instrument of the article."""
    from dataclasses import replace

    from pipeline.extract import extract
    from pipeline.model import Source, Span
    from pipeline.patterns import article_words
    from pipeline.repair import repair
    from pipeline.segment import segment

    source = Source(path="x.txt", format="txt", text=ARTICLE_RULES[language], sha256="0", language=language)
    doc = segment(repair(source))
    articles = [m for m in doc.measures if m.kind == "article"]
    assert [m.number for m in articles] == [1, 5, 20]  # 第十五条 / Article 15 holds points: a section
    assert all(doc.text[m.span.start :].startswith(("第", "Article")) for m in articles)
    assert [s.label for s in doc.sections if s.kind == "article"] == ["第十五条" if language == "zh" else "Article 15."]

    def after_label(m):
        skip = len(m.text) - len(article_words(m.text))
        return replace(m, text=m.text[skip:], span=Span(m.span.start + skip, m.span.end))

    before = replace(doc, measures=tuple(after_label(m) if m.kind == "article" else m for m in doc.measures))
    now, then = extract(doc), extract(before)
    assert _rows(now) == _rows(then)
    # an English article's numbers are no targets; a Chinese article's amount is one, its subject read back to
    # the article's first words (not to its label)
    expected_targets = [(3000.0, "第一类企业每家每年补贴")] if language == "zh" else []
    assert [(t.value_min, t.subject) for t in now.targets] == expected_targets
    law = "中华人民共和国预算法" if language == "zh" else "Budget Law of the People's Republic of China"
    assert [m.surface for m in now.law_mentions] == [law]
    assert [a.agency_id for a in now.agency_mentions if a.measure_id and a.measure_id.endswith("/m5")] == ["mof"]
