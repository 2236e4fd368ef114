"""HTML and Word input: pages and documents rendered at test time give the same tables as the text file."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import CIRCULAR_2014, FIXTURES, PLAN_2031, mentions, outline
from docx.oxml import parse_xml
from office_fixtures import PAGES, W_NS, markup, paragraphs, render_docx, render_html

import pipeline
from pipeline.cli import main
from pipeline.corpus import process_file, run
from pipeline.ingest import detect_format, ingest, is_plan_file
from pipeline.ingest.docx import chinese_counting, format_number
from pipeline.ingest.html import decode_html
from pipeline.model import PipelineError

CHINESE_NESTED = FIXTURES / "formats" / "chinese_nested.txt"
PLANS = {"2014": CIRCULAR_2014, "2031": PLAN_2031, "zh_nested": CHINESE_NESTED}
RENDERINGS = [*(p.name for p in PAGES), "docx", "docx_automatic_numbering"]


@pytest.fixture(scope="module")
def text_docs():
    return {name: process_file(path) for name, path in PLANS.items()}


def _render(ref, rendering: str, folder: Path) -> Path:
    if rendering.startswith("docx"):
        return render_docx(ref, folder / f"{rendering}.docx", automatic_numbering="automatic" in rendering)
    page = next(p for p in PAGES if p.name == rendering)
    return render_html(ref, page, folder / f"{rendering}.html")


@pytest.fixture(scope="module", params=[(plan, r) for plan in PLANS for r in RENDERINGS], ids=lambda p: "-".join(p))
def rendered(request, text_docs, tmp_path_factory):
    plan, rendering = request.param
    path = _render(text_docs[plan], rendering, tmp_path_factory.mktemp(f"{plan}_{rendering}"))
    return text_docs[plan], path, process_file(path)


def test_rendering_gives_the_same_outline_as_text(rendered):
    ref, _, doc = rendered
    assert outline(doc) == outline(ref)


def test_rendering_gives_the_same_mentions_as_text(rendered):
    ref, _, doc = rendered
    assert mentions(doc) == mentions(ref)


def test_rendering_gives_the_same_text_and_emphasis(rendered):
    ref, _, doc = rendered
    assert doc.text == ref.text
    italic = {(s.start, s.end) for s in ref.repaired.styles if s.style == "italic"}
    assert {(s.start, s.end) for s in doc.repaired.styles if s.style == "italic"} == italic


FURNITURE = [
    "Share to",
    "Updated:",
    "Copyright ©",
    "All Rights Reserved",
    "ICP",
    "Xitucheng",
    "Postcode",
    "Loading",
    "Home >",
    "About Us",
    "text-indent",
    "Related",
    "Patent statistics for the first quarter",
    "[Print]",
    "National IP Strategy\nPromotion Plan for the Implementation",
]


def test_page_furniture_and_running_headers_are_gone(rendered):
    _, path, doc = rendered
    found = [f for f in FURNITURE if f in doc.text]
    assert not found, f"{path.name}: {found}"


def test_each_html_paragraph_is_anchored_in_the_page(rendered):
    _, path, doc = rendered
    source = doc.repaired.source
    if source.format != "html":
        assert source.anchors == ()
        return
    page, _ = decode_html(path.read_bytes())
    assert len(source.anchors) == source.text.count("\n\n") + 1
    for text_at, page_at in source.anchors:
        visible = html.unescape(re.sub(r"<[^>]*>", "", page[page_at : page_at + 400])).replace("\xa0", " ")
        assert visible.startswith(source.text[text_at : text_at + 20].split("\n")[0][:12])
    measure = doc.measures[-1]
    at = source.origin_at(doc.repaired.offsets.to_source(measure.span.start))
    assert measure.text[:20] in html.unescape(page[at : at + 300])


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    "body, text",
    [
        ("<p>&nbsp;&nbsp;A&nbsp;plan.</p><p>\n  Second\n  line.</p>", "A plan.\n\nSecond line."),
        ("<div>One.<br>Two.<br/><br/>Three.</div>", "One.\n\nTwo.\n\nThree."),
        ('<p><span style="font-family:SimSun">one </span><span lang="EN-US">two</span></p>', "one two"),
        ("<p>&ldquo;Quoted&rdquo; &amp; &#20013;&#25991; &#x4E2D;</p>", "“Quoted” & 中文 中"),
        ("<p>\u3000\u3000一、加强保护</p><p>（一）完善法律</p>", "一、加强保护\n\n（一）完善法律"),
        (
            "<p>Text</p><script>var x = '<p>not text</p>';</script><style>p {}</style><!-- a comment --><p>More</p>",
            "Text\n\nMore",
        ),
        (
            '<table><tr><td><a href="/">Home</a><br><a href="/a">About</a><br><a href="/n">News</a></td>'
            "<td><p>The article in a table cell, long enough to be the page's text.</p><p>Its second paragraph.</p>"
            "</td></tr></table>",
            "The article in a table cell, long enough to be the page's text.\n\nIts second paragraph.",
        ),
        (
            '<div class="title"><h1>Headline</h1></div><div class="info">Source: SIPO Date: 2031-03-18</div>'
            '<div class="TRS_Editor"><p>Headline</p><p>Body paragraph one, with enough words.</p><p>Two.</p></div>'
            '<div class="footer">Copyright © 2031 SIPO</div>',
            "Headline\n\nBody paragraph one, with enough words.\n\nTwo.",
        ),
        (
            "<article><p>Body text (Responsible by: National Copyright Administration)</p>"
            "<p>Contact the office to address the matter.</p></article>",
            "Body text (Responsible by: National Copyright Administration)\n\nContact the office to address the matter.",
        ),
        ("<ol><li>First.</li><li>Second.</li></ol><ul><li>Bullet.</li></ul>", "1. First.\n\n2. Second.\n\nBullet."),
        ('<ol type="I" start="2"><li><h1>Heading</h1></li></ol>', "II. Heading"),
        ('<ol start="55"><li value="64"><p>Sixty-four.</p></li><li>Next.</li></ol>', "64. Sixty-four.\n\n65. Next."),
        ('<ol style="list-style-type: cjk-ideographic"><li>加强保护</li></ol>', "一、加强保护"),
        (
            '<div class="con"><p>The plan, in a paragraph of its own words.</p><p>Second.</p></div>'
            "<p>(Editor: Zhang San)</p><p>【责任编辑：张三】</p>",
            "The plan, in a paragraph of its own words.\n\nSecond.",
        ),
        ('<div title="header"><p>Running header</p></div><p>Body.</p><div title="footer"><p>1</p></div>', "Body."),
        (
            '<div style="display:none">Hidden text</div><p>Visible text.</p><pre>line one\nline two</pre>',
            "Visible text.\n\nline one\n\nline two",
        ),
        # a table of numbered items: one line per row, cells joined by " | " (read as rows by the segmenter)
        (
            "<p>附件：推广清单</p><table><tbody><tr><td>序号</td><td>举措</td><td>指导部门</td></tr>"
            "<tr><td>1</td><td><p>简化</p><p>审批</p></td><td>示范局</td></tr></tbody></table>",
            "附件：推广清单\n\n序号 | 举措 | 指导部门\n\n1 | 简化 审批 | 示范局",
        ),
        (
            "<table><tr><th>No.</th><th>Task</th><th>Responsible</th></tr><tr><td>1</td><td>Open a|ledger</td>"
            "<td>Demo Office</td></tr></table>",
            "No. | Task | Responsible\n\n1 | Open a｜ledger | Demo Office",
        ),
        # a caption row spanning the table is text above it; a 序号 cell spanning three lines is one numbered row,
        # the cells below it joined as clauses; an empty last cell is not written
        (
            '<table><tr><td colspan="4"><p>附件2</p><p>示范任务分工表</p></td></tr>'
            "<tr><td>序号</td><td>任务</td><td>牵头单位</td><td>备注</td></tr>"
            '<tr><td rowspan="3">1</td><td>建好台账。</td><td>甲局</td><td></td></tr>'
            "<tr><td>按月更新。</td><td>乙局</td><td></td></tr><tr><td>年底报告</td><td>甲局、丙局</td><td></td></tr>"
            "<tr><td>2</td><td>做好宣传。</td><td>丙局</td><td>无</td></tr></table>",
            "附件2\n\n示范任务分工表\n\n序号 | 任务 | 牵头单位 | 备注\n\n"
            "1 | 建好台账。按月更新。年底报告 | 甲局；乙局；甲局、丙局\n\n2 | 做好宣传。 | 丙局 | 无",
        ),
        # the 序号 column in second place (spaced 序 号), a group name spanning its rows left empty below, never repeated
        (
            "<table><tr><td>类 别</td><td>序 号</td><td>指标</td><td>分值</td></tr>"
            '<tr><td rowspan="2">基础</td><td>1</td><td>住所</td><td>5分</td></tr>'
            "<tr><td>2</td><td>就业</td><td>8分</td></tr></table>",
            "类 别 | 序 号 | 指标 | 分值\n\n基础 | 1 | 住所 | 5分\n\n| 2 | 就业 | 8分",
        ),
        # a header over two rows: the columns take their lower names
        (
            '<table><tr><td rowspan="2">序号</td><td colspan="2">病种</td><td rowspan="2">期限</td></tr>'
            "<tr><td>分类</td><td>名称</td></tr><tr><td>1</td><td>甲类</td><td>示范病</td><td>一年</td></tr></table>",
            "序号 | 分类 | 名称 | 期限\n\n1 | 甲类 | 示范病 | 一年",
        ),
        # no 序号 column: a column whose cells open with 1., 2. numbers the rows
        (
            "<table><tr><td>大类</td><td>指标</td><td>标准</td></tr>"
            '<tr><td rowspan="2">数量</td><td>1.覆盖面</td><td>逐年提高</td></tr>'
            "<tr><td>2.参与率</td><td>不低于一半</td></tr></table>",
            "大类 | 指标 | 标准\n\n数量 | 1.覆盖面 | 逐年提高\n\n| 2.参与率 | 不低于一半",
        ),
        # any other table keeps one cell per line (a page's metadata block)
        (
            "<table><tr><td>发文字号：</td><td>示发〔2031〕1号</td><td>成文日期：</td></tr></table><p>正文。</p>",
            "发文字号：\n\n示发〔2031〕1号\n\n成文日期：\n\n正文。",
        ),
        # links to the annexes' files are article text; a list of page links is not
        (
            '<p>正文，足够长的一段文字。</p><p>附件：</p><p><a download="附件1.docx" href="/a/1.docx">附件1.docx</a></p>'
            '<p><a class="nfw-cms-attachment" href="/a/2">2.示范清单.pdf</a></p><p><a href="/news">新闻</a></p>',
            "正文，足够长的一段文字。\n\n附件：\n\n附件1.docx\n\n2.示范清单.pdf",
        ),
    ],
)
def test_html_paragraphs(body, text, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(_page(body))
    assert ingest(path).text == text


@pytest.mark.parametrize(
    "body, spans",
    [
        ("<p>The <i>Patent Law</i> and <b>bold</b>.</p>", [("Patent Law", "italic"), ("bold", "bold")]),
        ("<p><em>An <strong>outline</strong></em></p>", [("outline", "bold"), ("An outline", "italic")]),
        ("<h2>Heading</h2><p>Body.</p>", [("Heading", "bold")]),
        (
            '<p><span style="font-style: italic">Slanted</span> <span style="font-weight:700">heavy</span></p>',
            [("Slanted", "italic"), ("heavy", "bold")],
        ),
    ],
)
def test_html_emphasis_becomes_style_spans(body, spans, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(_page(body))
    source = ingest(path)
    assert sorted((source.text[s.start : s.end], s.style) for s in source.styles) == sorted(spans)


@pytest.mark.parametrize(
    "head, encoding, expected",
    [
        ('<meta charset="gb2312">', "gb18030", "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030", "gb18030"),
        ('<meta charset="big5">', "big5", "big5hkscs"),
        ("", "gb18030", "gb18030"),  # no declaration: detected like a text file
        ('<meta charset="utf-8">', "gb18030", "gb18030"),  # a wrong declaration: detected
    ],
)
def test_html_encodings(head, encoding, expected, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><head>{head}</head><body><p>國家知識產權局“2031”</p></body></html>".encode(encoding))
    source = ingest(path)
    assert (source.text, source.encoding) == ("國家知識產權局“2031”", expected)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no text"),
        (b'<html><body><div class="nav"><a href="/">Home</a> <a href="/b">News</a></div></body></html>', "no"),
    ],
)
def test_bad_html_is_a_clear_error(content, message, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(PipelineError, match=message):
        ingest(path)


# --- Word -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, fmt, expected",
    [
        (1, "decimal", "1"),
        (12, "decimal", "12"),
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (3, "lowerLetter", "c"),
        (27, "upperLetter", "AA"),
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (23, "chineseCountingThousand", "二十三"),
        (105, "chineseCounting", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (12, "taiwaneseCountingThousand", "十二"),
        (3, "chineseLegalSimplified", "叁"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (2, "decimalEnclosedCircle", "②"),
        (7, "decimalZero", "07"),
        (5, "none", ""),
    ],
)
def test_word_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_counting_is_what_plans_print():
    assert [chinese_counting(n) for n in (1, 9, 10, 15, 30, 99)] == ["一", "九", "十", "十五", "三十", "九十九"]


def _numbered_docx(
    path: Path,
    levels: list[tuple[str, str, str]],
    items: list[tuple[int, int | None, str]],
    starts: dict[int, int] | None = None,
) -> Path:
    """A Word file whose paragraphs ``(ilvl, numId or None, text)`` use one abstract list with ``levels``
    (numFmt, lvlText, suff); ``starts`` maps extra numIds to a startOverride of level 0."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, suff) in enumerate(levels)
    )
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">{lvls}</w:abstractNum>'))
    for num_id, start in {91: None, **(starts or {})}.items():
        override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start else ""
        numbering.append(
            parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>')
        )
    for ilvl, num_id, text in items:
        p = document.add_paragraph(text)
        if num_id:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    document.save(str(path))
    return path


CHINESE_LEVELS = [
    ("chineseCounting", "%1、", "nothing"),
    ("chineseCounting", "（%2）", "nothing"),
    ("decimal", "%3.", "tab"),
]


@pytest.mark.parametrize(
    "levels, items, starts, expected",
    [
        # Chinese counting; deeper levels restart under a higher one, as Word does
        (
            CHINESE_LEVELS,
            [
                (0, 91, "加强保护"),
                (1, 91, "司法保护"),
                (2, 91, "完善机制"),
                (2, 91, "加强监督"),
                (1, 91, "行政保护"),
                (2, 91, "开展行动"),
                (0, 91, "促进运用"),
                (1, 91, "转化"),
                (2, 91, "实施计划"),
            ],
            None,
            [
                "一、加强保护",
                "（一）司法保护",
                "1. 完善机制",
                "2. 加强监督",
                "（二）行政保护",
                "1. 开展行动",
                "二、促进运用",
                "（一）转化",
                "1. 实施计划",
            ],
        ),
        # Roman and bracketed levels; an unnumbered paragraph and a typed number in between change nothing
        (
            [("upperRoman", "%1.", "tab"), ("lowerRoman", "(%2)", "space")],
            [
                (0, 91, "Goals"),
                (1, 91, "first"),
                (0, None, "Plain text."),
                (1, 91, "second"),
                (0, None, "12. Typed."),
                (0, 91, "Measures"),
            ],
            None,
            ["I. Goals", "(i) first", "Plain text.", "(ii) second", "12. Typed.", "II. Measures"],
        ),
        # a second list instance with a startOverride restarts the shared counter there; the first continues it
        (
            [("decimal", "%1.", "tab")],
            [(0, 91, "One"), (0, 91, "Two"), (0, 92, "Sixty-four"), (0, 92, "Sixty-five"), (0, 91, "Sixty-six")],
            {92: 64},
            ["1. One", "2. Two", "64. Sixty-four", "65. Sixty-five", "66. Sixty-six"],
        ),
        # a multi-level label: "%1.%2"
        (
            [("decimal", "%1.", "tab"), ("decimal", "%1.%2", "tab")],
            [(0, 91, "A"), (1, 91, "a"), (1, 91, "b"), (0, 91, "B"), (1, 91, "c")],
            None,
            ["1. A", "1.1 a", "1.2 b", "2. B", "2.1 c"],
        ),
    ],
)
def test_word_automatic_numbering(levels, items, starts, expected, tmp_path):
    path = _numbered_docx(tmp_path / "numbered.docx", levels, items, starts)
    assert ingest(path).text.split("\n\n") == expected


def test_word_headers_footers_and_emphasis(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Running header"
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_heading("I. Improving Quality", level=1)
    p = document.add_paragraph("1. Implement the ")
    p.add_run("Patent Law").italic = True
    p.add_run(" and the ")
    p.add_run("Outline").bold = True
    p.add_run(".")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "2. A measure in a table."
    table.cell(0, 1).text = "(Responsible by: CNIPA)"
    document.save(str(tmp_path / "plan.docx"))
    source = ingest(tmp_path / "plan.docx")
    assert source.text == (
        "I. Improving Quality\n\n1. Implement the Patent Law and the Outline.\n\n"
        "2. A measure in a table.\n\n(Responsible by: CNIPA)"
    )
    assert sorted((source.text[s.start : s.end], s.style) for s in source.styles) == [
        ("I. Improving Quality", "bold"),
        ("Outline", "bold"),
        ("Patent Law", "italic"),
    ]
    assert (source.format, source.blocks_are_paragraphs) == ("docx", True)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "libreoffice --headless --convert-to docx"),
        ("misnamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "convert it to .docx"),
        ("truncated.docx", b"PK\x03\x04" + b"\x00" * 100, "not a readable Word file"),
        ("text.docx", b"1. Not a Word file.", "not a Word .docx file"),
        ("empty.docx", None, "no text"),
    ],
)
def test_bad_word_files_are_clear_errors(name, content, message, tmp_path):
    path = tmp_path / name
    if content is None:
        docx.Document().save(str(path))
    else:
        path.write_bytes(content)
    with pytest.raises(PipelineError, match=re.escape(message)):
        ingest(path)


def _libreoffice(source: Path, target: str, out: Path) -> Path:
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", target, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{target.split(':')[0]}"


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="libreoffice is not installed")
@pytest.mark.parametrize("plan, route", [("2031", "html"), ("zh_nested", "odt")])
def test_a_word_file_made_by_libreoffice(plan, route, text_docs, tmp_path):
    """LibreOffice writes its own styles and numbering.xml (Chinese counting as taiwaneseCountingThousand):
    a page converted by it, and our automatically numbered file saved as .odt and back."""
    ref = text_docs[plan]
    if route == "html":
        source = tmp_path / "p.html"  # a clean page: in a Word file, furniture would be body text
        body = "".join(f"<p>{markup(text, styles)}</p>\n" for text, styles in paragraphs(ref))
        source.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>', encoding="utf-8")
    else:
        docx_file = render_docx(ref, tmp_path / "p.docx", automatic_numbering=True)
        source = _libreoffice(docx_file, "odt", tmp_path / "odt")
    doc = process_file(_libreoffice(source, "docx:MS Word 2007 XML", tmp_path / "lo"))
    assert outline(doc) == outline(ref)
    assert mentions(doc) == mentions(ref)


# --- folders ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, plan",
    [
        ("plan.txt", True),
        ("plan.PDF", True),
        ("page.html", True),
        ("page.htm", True),
        ("plan.docx", True),
        ("README.md", False),
        ("notes.json", False),
        ("scan.png", False),
        ("old.doc", False),
        (".hidden.txt", False),
        ("~$plan.docx", False),
    ],
)
def test_which_files_in_a_folder_are_plans(name, plan):
    assert is_plan_file(Path(name)) is plan


@pytest.mark.slow
def test_a_mixed_folder_processes_every_plan_and_lists_the_rest(text_docs, tmp_path, capsys):
    from pdf_fixtures import LAYOUTS, render_plan

    folder = tmp_path / "plans"
    (folder / "web").mkdir(parents=True)
    shutil.copy(FIXTURES / "plan_2020_style.txt", folder / "plan_2020.txt")
    render_plan(text_docs["zh_nested"], LAYOUTS[1], folder / "plan_2029.pdf")
    render_html(text_docs["2014"], PAGES[0], folder / "web" / "circular_2014.htm")
    render_docx(text_docs["2031"], folder / "plan_2031.docx", automatic_numbering=True)
    (folder / "README.md").write_text("# Plans\n\nDownloaded from the ministry site.\n")
    (folder / "web" / "meta.json").write_text("{}")
    (folder / "web" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    report = run([folder], tmp_path / "out", jobs=1)
    assert report.ok, report.failures
    formats = pipeline.load(tmp_path / "out")["documents"]["source_format"].astype(str)
    assert sorted(formats) == ["docx", "html", "pdf", "txt"]
    assert [p.relative_to(folder).as_posix() for p in report.skipped] == ["README.md", "web/logo.png", "web/meta.json"]
    assert main(["run", str(folder), "--out", str(tmp_path / "out2"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "skipped 3 files that are not plans" in err and "README.md" in err


def test_a_folder_without_plans_is_an_error_naming_the_formats(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "README.md").write_text("# nothing here\n")
    report = run([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert not report.ok and "HTML" in str(report.failures[0]) and len(report.skipped) == 1


def test_a_named_markdown_file_is_still_read_as_text(tmp_path):
    path = tmp_path / "plan.md"
    shutil.copy(PLAN_2031, path)
    assert detect_format(path) == "txt"


def test_docx_table_of_numbered_items_is_read_row_by_row(tmp_path):
    document = docx.Document()
    document.add_paragraph("附件：推广清单")
    rows = [
        ["序号", "举措", "主要内容", "指导部门"],
        ["1", "简化审批", "实行告知承诺制。", "示范局"],
        ["2", "共享数据", "打通数据。", "数据局、财政局"],
    ]
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    other = document.add_table(rows=1, cols=2)  # any other table: one cell per line
    other.cell(0, 0).text, other.cell(0, 1).text = "联系人：", "张三"
    path = tmp_path / "annex.docx"
    document.save(path)
    assert ingest(path).text == (
        "附件：推广清单\n\n序号 | 举措 | 主要内容 | 指导部门\n\n"
        "1 | 简化审批 | 实行告知承诺制。 | 示范局\n\n"
        "2 | 共享数据 | 打通数据。 | 数据局、财政局\n\n联系人：\n\n张三"
    )


def test_a_word_task_table_with_merged_cells_gives_one_line_per_numbered_task(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=5, cols=3)
    caption = table.cell(0, 0).merge(table.cell(0, 2))  # a caption row spanning the table
    caption.text = "示范任务分工表"
    values = [
        ["序号", "任务", "牵头单位"],
        ["1", "建好台账。", "甲局"],
        ["", "按月更新。", "乙局"],
        ["2", "做好宣传", "丙局"],
    ]
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(2, 0).merge(table.cell(3, 0))  # task 1 printed over two lines (vMerge)
    path = tmp_path / "tasks.docx"
    document.save(path)
    assert ingest(path).text == (
        "示范任务分工表\n\n序号 | 任务 | 牵头单位\n\n1 | 建好台账。按月更新。 | 甲局；乙局\n\n2 | 做好宣传 | 丙局"
    )
