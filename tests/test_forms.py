"""One document, many forms: a PDF of short one-line paragraphs, a Word copy whose number stands under its issuers,
a saved page's info line and metadata cell, a text with a stray byte. Each case is a small made-up text in the
shape those forms give (realbench/formats.py measures the real documents); what must be read, and what must stay
empty rather than wrong."""

from __future__ import annotations

import pytest

from pipeline.corpus import run
from pipeline.ingest import ingest
from pipeline.ingest.html import is_furniture_text
from pipeline.ingest.pdf import layout_text
from pipeline.ingest.text import decode
from pipeline.model import PipelineError, Source
from pipeline.repair import repair
from pipeline.segment import segment

SIZE = 10.0
MARGIN = 50.0
WIDTH = 30  # characters of a full line


def cjk_page(lines: list[tuple[int, str]]) -> list[dict]:
    """Words of a page of Chinese lines, ``(indent in characters, text)``: one word per line, as PDF text without
    spaces comes out."""
    words = []
    for k, (indent, text) in enumerate(lines):
        x0 = MARGIN + indent * SIZE
        top = 100 + k * 1.6 * SIZE
        words.append(
            {
                "text": text,
                "x0": x0,
                "x1": x0 + SIZE * len(text),
                "top": top,
                "bottom": top + SIZE,
                "fontname": "Song",
                "size": SIZE,
            }
        )
    return words


def full(head: str) -> str:
    """A line that fills the measure: ``head`` padded with 工作 to WIDTH characters less its indent."""
    return (head + "推进某项工作" * 10)[:WIDTH]


INDENTED = [  # paragraphs marked by a two-character first-line indent; most of them one line long
    (2, full("为做好某项工作")[:28]),
    (0, "现就有关事项通知如下："),
    (2, "一、加强组织领导。"),
    (2, "二、做好宣传引导。"),
    (2, full("三、各区要结合实际")[:28]),
    (0, full("推进")),
    (0, "按时报送。"),
    (2, "四、本通知自印发之日起施行。"),
    (2, "某市某局"),
]
INDENTED_TEXT = (
    f"{INDENTED[0][1]}\n现就有关事项通知如下：\n\n一、加强组织领导。\n\n二、做好宣传引导。\n\n"
    f"{INDENTED[4][1]}\n{full('推进')}\n按时报送。\n\n四、本通知自印发之日起施行。\n\n某市某局"
)
FLUSH = [  # no indents at all: a short line ends its paragraph
    (0, "某市某局关于做好某项工作的通知"),
    (0, "各区人民政府："),
    (0, full("为做好某项工作")),
    (0, "现通知如下。"),
]
FLUSH_TEXT = f"某市某局关于做好某项工作的通知\n\n各区人民政府：\n\n{full('为做好某项工作')}\n现通知如下。"


@pytest.mark.parametrize(
    "lines, expected",
    [(INDENTED, INDENTED_TEXT), (FLUSH, FLUSH_TEXT)],
    ids=["one-line paragraphs at an indent", "flush left, short lines end paragraphs"],
)
def test_chinese_pdf_paragraphs(lines, expected):
    text, _, _ = layout_text([(600.0, 800.0, cjk_page(lines))])
    assert text == expected


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        # a number under the issuers' line is a paragraph of its own, as in the plain text
        ("某省某厅某省某局\n\n（2030）第7号\n\n根据有关规定，现公告如下：", ["某省某厅某省某局", "（2030）第7号"]),
        ("某省某厅关于某事的通知\n\n某财〔2030〕12号\n\n各市某局：", ["某省某厅关于某事的通知", "某财〔2030〕12号"]),
        # a responsibility note in brackets still carries on its measure
        ("（三）加强某项工作的组织协调\n\n（市某局负责）", ["（三）加强某项工作的组织协调（市某局负责）"]),
        # articles cited at a line start carry on the sentence; an article's own label starts one
        (
            "违反本办法的，依照\n第五十五条、第六十三条的规定处理。",
            ["违反本办法的，依照第五十五条、第六十三条的规定处理。"],
        ),
        (
            "本办法由某局负责解释。\n第五十六条 本办法自公布之日起施行。",
            ["本办法由某局负责解释。", "第五十六条 本办法自公布之日起施行。"],
        ),
    ],
)
def test_word_and_pdf_paragraphs_are_joined_as_text_is(text, paragraphs):
    source = Source(path="x.docx", format="docx", text=text, sha256="0", blocks_are_paragraphs=True, language="zh")
    assert repair(source).text.split("\n\n")[: len(paragraphs)] == paragraphs


def seg(text: str):
    return segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")))


NOTICE = """某市某局关于开展二〇三〇年某项认证的通告
{info}
{to}根据有关规定，现就有关事项通告如下：
一、认证时间
全年均可办理。
某市某局
2030年3月27日
"""


@pytest.mark.parametrize(
    "info",
    [
        "发表时间： 2030-03-31 17:14信息来源： 市某某局 浏览字号：大中小",
        "发表时间： 2030-03-31 17:14 信息来源： 市某某局 浏览字号：大中小",
        "信息来源：市某某局 发布时间：2030-03-31",
        "文章来源：某区某办 点击数：12",
    ],
)
@pytest.mark.parametrize("to, addressees", [("", []), ("各区某局：\n", ["各区某局"])])
def test_a_pages_info_line_is_never_an_addressee(info, to, addressees):
    doc = seg(NOTICE.format(info=info, to=to))
    assert [doc.repaired.text[s.start : s.end] for s in doc.addressees] == addressees
    assert doc.metadata.title == "某市某局关于开展二〇三〇年某项认证的通告"


PAGE = """索引号：
000000/2030-00001
发文机关：
{issuers}
成文日期：
2030年05月06日
标题：
某省财政厅 某省税务局关于某项补贴的通知
发文字号：
某财〔2030〕3号
某省财政厅 某省税务局关于某项补贴的通知
各市财政局、税务局：
一、补贴对象。
二、补贴标准。
"""
SIGNED = """某省财政厅 某省税务局关于某项补贴的通知
某财〔2030〕3号
各市财政局、税务局：
一、补贴对象。
二、补贴标准。
某省财政厅 某省税务局
2030年5月6日
"""


@pytest.mark.parametrize("issuers", ["某省财政厅、某省税务局", "某省财政厅，某省税务局", "某省财政厅 某省税务局"])
def test_joint_issuers_read_alike_from_a_metadata_cell_and_a_signature(issuers):
    page, signed = seg(PAGE.format(issuers=issuers)).metadata, seg(SIGNED).metadata
    assert signed.issuer == "某省财政厅 某省税务局"
    assert page.issuer == signed.issuer


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("发表时间： 2030-03-31 17:14信息来源： 市某某局 浏览字号：大中小", True),
        ("发布时间：2030-01-02 09:00来源：某某局", True),
        ("文章来源：某区某办 | 浏览次数：35", True),
        ("本办法所称信息来源：指单位自行报送的材料。", False),
    ],
)
def test_web_info_lines_are_furniture(line, furniture):
    assert is_furniture_text(line) is furniture


TEXT = "某市某局关于做好二〇三〇年某项工作的通知\n各区人民政府：\n一、加强组织领导。\n" * 3


@pytest.mark.parametrize(
    "data, problem",
    [
        (TEXT.encode("gbk")[:20] + b"\x80" + TEXT.encode("gbk")[20:], "not gb18030 (byte 0x80 at offset 20)"),
        (TEXT.encode()[:30] + b"\xff" + TEXT.encode()[30:], "not utf-8 (byte 0xff at offset 30)"),
    ],
    ids=["GBK with a stray byte", "UTF-8 with a stray byte"],
)
def test_undecodable_bytes_are_refused_with_where(data, problem):
    with pytest.raises(PipelineError, match="cannot decode the bytes") as caught:
        decode(data)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    "data, encoding, warning",
    [
        (
            TEXT.encode("gbk")[:20] + b"\x80" + TEXT.encode("gbk")[20:],
            "gb18030",
            "1 byte that is not gb18030 (the first at offset 20)",
        ),
        (
            TEXT.encode()[:30] + b"\xff" + TEXT.encode()[30:],
            "utf-8",
            "1 byte that is not utf-8 (the first at offset 30)",
        ),
        (TEXT.encode("gbk")[:-2], "gb18030", "not gb18030"),  # a download cut in the middle of its last character
    ],
    ids=["GBK with a stray byte", "UTF-8 with a stray byte", "GBK cut short"],
)
def test_a_text_with_a_few_stray_bytes_is_read_and_says_so(data, encoding, warning, tmp_path):
    from pipeline.ingest.text import read_text

    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    source = read_text(path)
    assert source.encoding == encoding
    assert source.text.count("\ufffd") == 1 and "各区人民政府" in source.text
    assert len(source.warnings) == 1 and warning in source.warnings[0]


def test_a_text_of_many_undecodable_bytes_is_refused(tmp_path):
    from pipeline.ingest.text import read_text

    data = TEXT.encode("gbk")
    path = tmp_path / "plan.txt"
    path.write_bytes(b"".join(data[i : i + 9] + b"\x80" for i in range(0, len(data), 9)))  # one in ten bytes
    with pytest.raises(PipelineError, match="cannot decode the bytes"):
        read_text(path)


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Société Générale – “quoted” café, naïve résumé.\n".encode("cp1252"), "cp1252"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_good_encodings_still_decode(data, expected):
    assert decode(data)[1] == expected


@pytest.mark.parametrize("name", ["empty.pdf", "empty.docx", "empty.txt", "empty.html"])
def test_an_empty_file_is_one_clear_error(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(PipelineError, match="empty"):
        ingest(path)
    report = run([path], tmp_path / "out", jobs=1)
    assert not report.ok
    line = str(report.failures[0])
    assert str(path) in line and "empty" in line and "\n" not in line


@pytest.mark.parametrize(
    "opening",
    [
        "某某银行决定，从 2030 年 10 月 24 日起下调某项利率。",
        "某某銀行決定，從 2030 年 10 月 24 日起下調某項利率。",  # a copy in traditional characters
        "某某銀行決定，2030年10月24日以後不再辦理。",
    ],
)
def test_a_date_things_start_from_is_no_issue_date_in_either_script(opening):
    m = seg(f"某某銀行關於下調某項利率的通知\n各分行：\n{opening}\n一、下調利率。\n二、做好解釋。\n").metadata
    assert m.issue_date is None


NOTICE_SIMPLIFIED = """某某省财政厅关于做好某项补贴发放工作的通知
某财〔2030〕8号
各市财政局：
为做好某项补贴发放工作，现就有关事项通知如下：
一、明确补贴对象。各市要认真核对名单。
二、规范发放程序。发放前应当公示。
某某省财政厅
2030年6月1日
"""
RULES_SIMPLIFIED = """某某资料管理办法
2030年3月1日 某某省人民政府令第12号公布
第一章 总则
第一条 为了规范某某资料的管理，制定本办法。
第二条 本办法适用于本省行政区域内的资料管理活动。
第二章 附则
第三条 本办法自2030年5月1日起施行。
"""


def traditional(text: str) -> str:
    import zhconv

    return zhconv.convert(text, "zh-hant")


def read(doc) -> tuple:
    m = doc.metadata
    return (
        (m.title, m.doc_number, m.issuer, m.issue_date),
        [(s.label, s.title) for s in doc.sections],
        [(x.number, x.kind, x.text) for x in doc.measures],
    )


@pytest.mark.parametrize("text", [NOTICE_SIMPLIFIED, RULES_SIMPLIFIED], ids=["notice", "regulation"])
def test_a_traditional_copy_reads_as_the_simplified_one_and_keeps_its_characters(text):
    from pipeline.segment.script import simplified_copy

    plain, trad = seg(text), seg(traditional(text))
    assert read(plain)[0][0] and read(plain)[1] + read(plain)[2]  # the simplified text is read in full
    got = read(trad)

    def simplified(value):
        if isinstance(value, str):
            return simplified_copy(value)
        return type(value)(map(simplified, value)) if isinstance(value, (list, tuple)) else value

    assert simplified(got) == read(plain)  # same values, in simplified characters
    assert got[0][0] == traditional(read(plain)[0][0])  # ... printed in traditional ones
    assert all(v is None or v == traditional(v) for v in got[0] if isinstance(v, str))
