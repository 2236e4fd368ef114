"""Repair: paragraph and word joins across breaks, furniture, Unicode, and the map back to the source."""

from __future__ import annotations

import pytest

from pipeline.model import Source
from pipeline.repair import keep_hyphen, repair


def _repair(text: str):
    return repair(Source(path="t.txt", format="txt", text=text, sha256="0"))


@pytest.mark.parametrize(
    "left, right, keep",
    [
        ("im", "plement", False),  # split word (measure 28 of the 2014 circular)
        ("Intellec", "tual", False),
        ("IP", "intensive", True),  # acronym prefix
        ("Benefit", "Sharing", True),  # capitalized second part
        ("2", "3", True),  # numeric range
        ("technology", "led", True),  # compound suffix from the lexicon
        ("cross", "regional", True),  # compound prefix from the lexicon
        ("com", "missioning", False),
        ("Provi", "sions", False),
        ("featured", "industrial", True),  # two words that do not form one
        ("co", "operation", False),  # a joined word that exists wins
    ],
)
def test_keep_hyphen(left, right, keep):
    assert keep_hyphen(left, right, frozenset()) is keep


def test_hyphen_decision_uses_the_documents_own_words():
    assert keep_hyphen("pre", "installation", frozenset({"pre-installation"})) is True
    assert keep_hyphen("co", "operation", frozenset({"cooperation"})) is False


@pytest.mark.parametrize(
    "raw, repaired",
    [
        # a page break (several blank lines) inside a sentence, and a hyphenated word across it
        ("1. Implement the net, im-\n\n\n\nplement the plan.", "1. Implement the net, implement the plan."),
        # a single stray blank line before a lower-case continuation
        (
            "19. Such as Implementation Regulations\n\nof Trademark Law.",
            "19. Such as Implementation Regulations of Trademark Law.",
        ),
        # a paragraph cannot end in "the" even when the next page starts with a capital
        ("5. Promote the\n\n\nNational Plan.", "5. Promote the National Plan."),
        # real paragraphs stay apart
        ("I. Heading\n\nGoals: Do this.\n\n1. Do that.", "I. Heading\n\nGoals: Do this.\n\n1. Do that."),
        # hard-wrapped lines inside one paragraph
        (
            "Circular of the Office for\nImplementing the Strategy\n\n1. Act.",
            "Circular of the Office for Implementing the Strategy\n\n1. Act.",
        ),
        # Unicode spaces and invisible characters
        ("1.\u00a0Do\u2003this\u200b now.", "1. Do this now."),
        # a responsibility note pushed to the next page, or wrapped onto a line of its own
        (
            "5. Cut fees.\n\n\n\n(Responsible by: Ministry of Finance)",
            "5. Cut fees. (Responsible by: Ministry of Finance)",
        ),
        (
            "5. Cut the fees of all\nthe applicants.\n(Ministry of Finance)",
            "5. Cut the fees of all the applicants. (Ministry of Finance)",
        ),
        # no blank lines: a document number and a date stand alone; a line that ends a sentence ends a paragraph
        (
            "Circular on the Plan\nG. ZH. [2015] No. 3\nTo: Ministry of Finance\nOffice of the Conference\nMay 4, 2015\n"
            "I. Heading\n1. Do this.\n2. Do that.",
            "Circular on the Plan\n\nG. ZH. [2015] No. 3\n\nTo: Ministry of Finance\n\nOffice of the Conference\n\n"
            "May 4, 2015\n\nI. Heading\n\n1. Do this.\n\n2. Do that.",
        ),
        # quotes and dashes stay as printed
        ("Measures 55—63 (Omitted) “six targets”", "Measures 55—63 (Omitted) “six targets”"),
    ],
)
def test_repair_text(raw, repaired):
    assert _repair(raw).text == repaired


def test_page_numbers_and_running_headers_are_dropped():
    header = "Promotion Plan 2014"
    pages = [
        f"{header}\n\n1. First measure runs over\n\n\n- 1 -\n\n\n",
        f"{header}\n\nthe page break.\n\n2. Second.\n\n\nPage 2 of 3\n\n\n",
        f"{header}\n\n3. Third.\n\n\n3\n",
    ]
    text = _repair("".join(pages)).text
    assert text == "1. First measure runs over the page break.\n\n2. Second.\n\n3. Third."


def test_structural_lines_that_repeat_are_not_headers():
    text = "I. A\n\nMeasures:\n\n1. X.\n\n\n\nII. B\n\nMeasures:\n\n2. Y.\n\n\n\nIII. C\n\nMeasures:\n\n3. Z."
    assert _repair(text).text.count("Measures:") == 3


def test_offsets_map_back_to_the_source():
    raw = "Intro.\n\n\n\n28. Implement the net, im-\n\n\n\nplement special crackdown."
    r = _repair(raw)
    start = r.text.index("implement special")
    assert raw[r.offsets.to_source(start) :].startswith("im-")
    later = r.text.index("special")
    assert raw[r.offsets.to_source(later) :].startswith("special")


@pytest.mark.parametrize(
    "raw, text, runs",
    [
        # a wrapped line: the joining space is inserted, at the line break it replaces
        (
            "Circular of the\nOffice.",
            "Circular of the Office.",
            ((0, 0, 15, True), (15, 15, 1, False), (16, 16, 7, True)),
        ),
        # a split word joined: its hyphen and the line break are left out
        ("1. Do im-\nplement it.", "1. Do implement it.", ((0, 0, 8, True), (8, 10, 11, True))),
        (
            "1. Implement the net, im-\n\n\n\nplement it.",
            "1. Implement the net, implement it.",
            ((0, 0, 24, True), (24, 29, 11, True)),
        ),
        ("1. IP-\nintensive", "1. IP-intensive", ((0, 0, 6, True), (6, 7, 9, True))),  # a compound keeps its hyphen
        ("Provi\u00ad\nsions", "Provisions", ((0, 0, 5, True), (5, 7, 5, True))),  # a soft hyphen at the line end
        # a ligature spelled out and full-width forms made ASCII: inserted, each at the character it replaces
        ("\ufb01nance", "finance", ((0, 0, 2, False), (2, 1, 5, True))),
        ("（１）", "(1)", ((0, 0, 1, False), (1, 1, 1, False), (2, 2, 1, False))),
        # white space other than " " replaced, extra spaces and invisible characters left out
        ("a\u00a0b", "a b", ((0, 0, 1, True), (1, 1, 1, False), (2, 2, 1, True))),
        ("  a\tb  ", "a b", ((0, 2, 1, True), (1, 3, 1, False), (2, 4, 1, True))),
        ("a  b", "a b", ((0, 0, 2, True), (2, 3, 1, True))),
        ("a\u200bb", "ab", ((0, 0, 1, True), (1, 2, 1, True))),
        # the blank line between paragraphs is inserted just after the first one ends
        ("A.\n\nB.", "A.\n\nB.", ((0, 0, 2, True), (2, 2, 2, False), (4, 4, 2, True))),
        # a page number dropped between the halves of a sentence
        ("1. X\n\n\n- 1 -\n\n\nand Y.", "1. X and Y.", ((0, 0, 4, True), (4, 4, 1, False), (5, 15, 6, True))),
    ],
)
def test_offset_runs(raw, text, runs):
    r = _repair(raw)
    assert (r.text, r.offsets.runs) == (text, runs)


@pytest.mark.parametrize(
    "marked, text, styled",
    [
        (
            "1. Implement *Interim Provi-*\n\n\n\nsions on *IP   Management*.",
            "1. Implement Interim Provisions on IP Management.",
            ["Interim Provi", "IP Management"],
        ),
        ("*im-\nplement* it", "implement it", ["implement"]),  # a span across a de-hyphenation
        ("**Bold-\nface** x", "Boldface x", ["Boldface"]),
        ("*a\nb* c", "a b c", ["a b"]),  # a joining space inside a span
    ],
)
def test_styles_follow_the_text_through_joins(marked, text, styled):
    from pipeline.ingest.text import strip_emphasis

    plain, styles = strip_emphasis(marked)
    r = repair(Source(path="t.txt", format="txt", text=plain, sha256="0", styles=styles))
    assert r.text == text
    assert [r.text[s.start : s.end] for s in r.styles] == styled


@pytest.mark.parametrize(
    "printed, repaired",
    [
        ("國發(fā)〔2021〕20號", "國發〔2021〕20號"),
        ("知識產(chǎn)權(quán)保護", "知識產權保護"),
        ("党【dǎng】中央", "党中央"),
        ("规划(plan)与第(1)项", "规划(plan)与第(1)项"),  # no tone mark: not a reading
        ("见（a）国务院(State Council)", "见（a）国务院(State Council)"),
    ],
)
def test_pinyin_readings_left_by_copy_tools_are_dropped_with_offsets_kept(printed, repaired):
    text = f"标题\n{printed}\n"
    r = repair(Source(path="x", format="txt", text=text, sha256="0", language="zh"))
    assert r.text == f"标题\n\n{repaired}"
    last = r.text.rindex(repaired[-1])
    assert text[r.offsets.to_source(last)] == repaired[-1]


def test_markdown_heading_marks_are_dropped_with_offsets_kept():
    text = "# 示范管理条例\n\n## 第一章 总则\n\n第一条 为了规范示范管理，制定本条例。\n"
    r = repair(Source(path="x.md", format="txt", text=text, sha256="0", language="zh"))
    assert r.text.split("\n\n")[:2] == ["示范管理条例", "第一章 总则"]
    start = r.text.index("第一章")
    assert text[r.offsets.to_source(start) :].startswith("第一章")


@pytest.mark.parametrize(
    "printed, paragraphs",
    [
        # a part heading with its first item glued on (a PDF copy's line): two paragraphs
        ("一、总体要求（一）指导思想。坚持示范原则。", ["一、总体要求", "（一）指导思想。坚持示范原则。"]),
        (
            "二、鼓励示范服务创新，持续改善示范体验（一）积极开展创新。鼓励示范。",
            ["二、鼓励示范服务创新，持续改善示范体验", "（一）积极开展创新。鼓励示范。"],
        ),
        ("二、严格示范条件（三）实施准入管理。", ["二、严格示范条件", "（三）实施准入管理。"]),  # numbered across parts
        # a sentence ends before the item, the bracket holds no Chinese numeral, or no part heading opens the line
        ("一、总体要求。现提出（一）以下意见。", ["一、总体要求。现提出（一）以下意见。"]),
        ("一、发展目标（2031—2035年）", ["一、发展目标（2031—2035年）"]),
        ("（一）加强领导（1）明确责任。", ["（一）加强领导（1）明确责任。"]),
    ],
)
def test_a_part_heading_glued_to_its_first_item_is_a_line_of_its_own(printed, paragraphs):
    r = repair(Source(path="t.txt", format="txt", text=printed, sha256="0", language="zh"))
    assert r.text.split("\n\n") == paragraphs
    if len(paragraphs) == 2:  # the break is inserted, the offsets kept
        at = r.text.index(paragraphs[1])
        assert r.offsets.to_source(at) == printed.index(paragraphs[1])
