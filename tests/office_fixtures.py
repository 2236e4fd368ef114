"""Render a plan as a saved web page or a Word file, at test time, with the furniture real copies carry.

Web pages: navigation menus, breadcrumbs, "Updated: ... Source: ... Print" lines, share bars, footers with
copyright and ICP lines, contact tables, scripts and styles around the article, which sits in a
``<div class="TRS_Editor">``, an ``<article>``, table cells, or one ``<div>`` of ``<br>``-separated lines.
Word files (python-docx): heading styles, italic runs, a running header and footer, and a variant whose
section and measure numbers are Word's automatic numbering (numbering.xml) instead of typed text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path


def paragraphs(doc) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """A processed document's paragraphs with their emphasis spans (offsets within the paragraph)."""
    out, pos = [], 0
    for para in doc.text.split("\n\n"):
        start, end = pos, pos + len(para)
        pos = end + 2
        out.append(
            (
                para,
                [
                    (max(s.start, start) - start, min(s.end, end) - start, s.style)
                    for s in doc.repaired.styles
                    if s.start < end and start < s.end
                ],
            )
        )
    return out


def markup(text: str, styles, tags=("i", "b"), escape=html.escape) -> str:
    events = []
    for s, e, style in styles:
        tag = tags[0] if style == "italic" else tags[1]
        events += [(s, 1, f"<{tag}>"), (e, 0, f"</{tag}>")]
    out, pos = [], 0
    for at, _, tag in sorted(events, key=lambda e: (e[0], e[1])):
        out += [escape(text[pos:at]), tag]
        pos = at
    return "".join(out) + escape(text[pos:])


def _entities(text: str) -> str:
    """Escape as an old CMS does: named entities for quotes, numeric references for the rest."""
    named = {"“": "&ldquo;", "”": "&rdquo;", "’": "&rsquo;", "‘": "&lsquo;", "—": "&mdash;", "–": "&ndash;"}
    out = html.escape(text, quote=False)
    return "".join(named.get(c, c if ord(c) < 128 else f"&#{ord(c)};") for c in out)


NAV = """<div class="nav"><ul><li><a href="/">Home</a></li><li><a href="/about">About Us</a></li>
<li><a href="/news">News</a></li><li><a href="/policies">Policies</a></li><li><a href="/services">Services</a></li>
<li><a href="/contact">Contact</a></li></ul></div>"""
BREADCRUMB = """<div class="breadcrumb">Home &gt; <a href="/policies">Policies</a> &gt; <a href="/notices">Notices</a>
</div>"""
INFO = """<div class="info">Updated: 2014-05-09 10:32&nbsp;&nbsp; Source: SIPO&nbsp;&nbsp;
<a href="javascript:window.print()">Print</a> <a href="javascript:window.close()">Close</a></div>"""
SHARE = """<div class="bdsharebuttonbox">Share to: <a href="#">Weibo</a> <a href="#">WeChat</a> <a href="#">QQ</a>
</div>"""
CONTACT = """<table class="lianxi" width="100%"><tr><td>Address: No. 6 Xitucheng Road, Haidian District, Beijing</td>
<td>Postcode: 100088</td></tr><tr><td>Tel: 010-62083114</td><td>E-mail: webmaster@example.gov.cn</td></tr></table>"""
FOOTER = """<div class="footer"><p>Copyright &copy; 2014 State Intellectual Property Office. All Rights Reserved.</p>
<p>Jing ICP Bei No. 05040526 &nbsp; Sponsored by the Office of the Joint Conference</p></div>"""
SCRIPT = """<script type="text/javascript">var _hmt = _hmt || []; if (a < b && b > c) { document.write("<p>Loading
the 2014 plan</p>"); }</script>"""
STYLE = """<style>.TRS_Editor p { text-indent: 2em; margin: 0 } .nav li { float: left } </style>"""
RELATED = """<div class="related"><h3>Related</h3><ul><li><a href="/n/1">SIPO holds press conference</a></li>
<li><a href="/n/2">Patent statistics for the first quarter</a></li></ul></div>"""


@dataclass(frozen=True)
class Page:
    name: str
    encoding: str = "utf-8"
    declare: str = "utf-8"  # what <meta charset> says
    layout: str = "trs"  # trs, article, table, br
    headline_outside: bool = True  # the title as the page headline above the article body
    headline_repeated: bool = False  # ... and again as the body's first line
    entities: bool = False


PAGES = [
    Page("trs_editor_utf8"),
    Page("trs_editor_gb18030", encoding="gb18030", declare="gb2312", headline_repeated=True),
    Page("article_html5_entities", layout="article", headline_outside=False, entities=True),
    Page("table_cells_spans", layout="table", declare="GBK", encoding="gb18030"),
    Page("br_lines_in_one_div", layout="br", headline_outside=False),
]


def _body(page: Page, paras, start: int) -> str:
    esc = _entities if page.entities else html.escape
    out = []
    for k, (text, styles) in enumerate(paras[start:]):
        inner = markup(text, styles, ("em", "strong") if page.layout == "article" else ("i", "b"), esc)
        if page.layout == "trs":
            out.append(f'<p style="text-indent:2em">&nbsp;&nbsp;&nbsp;&nbsp;{inner}</p>')
        elif page.layout == "article":
            out.append(f"<p>\n  {inner}\n</p>")
        elif page.layout == "table":
            # lines in spans: one paragraph split over two inline spans, at a space outside emphasis
            cuts = [i for i, c in enumerate(text) if c == " " and not any(s <= i < e for s, e, _ in styles)]
            cut = min(cuts, key=lambda i: abs(i - len(text) // 2)) + 1 if cuts else len(text)
            left = markup(text[:cut], [(s, e, st) for s, e, st in styles if e <= cut], escape=esc)
            right = markup(text[cut:], [(s - cut, e - cut, st) for s, e, st in styles if s >= cut], escape=esc)
            out.append(
                f'<p class="MsoNormal"><span style="font-family:SimSun">{left}</span>'
                f'<span lang="EN-US">{right}</span></p>'
            )
        else:
            out.append(inner + ("<br><br>\n" if k % 2 else "<br/>\n"))
    return "\n".join(out)


def render_html(doc, page: Page, path: Path) -> Path:
    """Write a saved web page of a processed document's paragraphs, furniture around them."""
    paras = paragraphs(doc)
    title, title_styles = paras[0]
    headline = markup(title, [s for s in title_styles if s[2] == "italic"])
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={page.declare}">'
        if page.layout == "table"
        else f'<meta charset="{page.declare}">'
    )
    head = f"<head>{meta}<title>{html.escape(title[:60])} - SIPO</title>{STYLE}{SCRIPT}</head>"
    first = 1 if page.headline_outside and not page.headline_repeated else 0
    body_html = _body(page, paras, first if page.layout != "br" else 0)
    if page.layout == "trs":
        inner = (
            f'<div class="main">{BREADCRUMB}<div class="title"><h1>{headline}</h1></div>{INFO}{SHARE}'
            f'<div class="TRS_Editor">{STYLE}{body_html}</div>{CONTACT}{RELATED}</div>'
        )
    elif page.layout == "article":
        inner = (
            f'<main><article><header>{BREADCRUMB}<p class="meta">{INFO}</p></header>\n{body_html}\n'
            f"{SHARE}</article><aside>{RELATED}</aside></main>"
        )
    elif page.layout == "table":
        inner = (
            f'<table width="980"><tr><td width="200" valign="top">{NAV}</td><td valign="top">'
            f'<table width="100%"><tr><td align="center" class="bt"><b>{headline}</b></td></tr>'
            f'<tr><td>{INFO}</td></tr><tr><td class="nr">{body_html}</td></tr>'
            f"<tr><td>[Print] [Close]</td></tr></table></td></tr></table>{CONTACT}"
        )
    else:
        inner = f'{BREADCRUMB}<div id="zoom" style="font-size:14px">{SCRIPT}{body_html}</div>{SHARE}'
    page_html = (
        f'<!DOCTYPE html>\n<html>{head}<body>\n<div class="header">{NAV}</div>\n'
        f'<div class="wrapper">{inner}</div>\n{FOOTER}\n</body></html>\n'
    )
    path.write_bytes(page_html.encode(page.encoding))
    return path


# --- Word -------------------------------------------------------------------------------------------

ROMAN_LABEL = re.compile(r"^([IVX]+)\.\s+")
PAREN_LABEL = re.compile(r"^[(（]([IVX]+|[一二三四五六七八九十]+)[)）]\s*")
NUMBER_LABEL = re.compile(r"^(\d+)\.\s+")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _abstract(abstract_id: int, levels: list[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


class _Lists:
    """numbering.xml entries added to a python-docx document: abstract lists and their instances."""

    def __init__(self, document) -> None:
        from docx.oxml import parse_xml

        self.parse = parse_xml
        self.root = document.part.numbering_part.element
        self.next_id = 100

    def abstract(self, levels: list[tuple[str, str]]) -> int:
        self.next_id += 1
        # abstractNum elements must come before num elements
        first_num = self.root.find(f"{{{W_NS}}}num")
        element = self.parse(_abstract(self.next_id, levels))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.root.append(element)
        return self.next_id

    def instance(self, abstract_id: int, start: int | None = None) -> int:
        self.next_id += 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start is not None else ""
        )
        self.root.append(
            self.parse(
                f'<w:num xmlns:w="{W_NS}" w:numId="{self.next_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return self.next_id


def _set_numbering(paragraph, num_id: int, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def render_docx(doc, path: Path, automatic_numbering: bool = False) -> Path:
    """Write a Word file of a processed document: the title and section headings in heading styles, italic
    and bold runs, a running header and footer; optionally Word's own numbering instead of typed numbers."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Promotion Plan for the Implementation of the National IP Strategy"
    footer = section.footer.paragraphs[0]
    footer.text = "— "
    footer._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W_NS}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    paras = paragraphs(doc)
    lists = _Lists(document) if automatic_numbering else None
    if lists:
        numbers = [int(m.group(1)) for text, _ in paras if (m := NUMBER_LABEL.match(text))]
        restarting = any(b < a for a, b in zip(numbers, numbers[1:], strict=False))
        chinese = any(PAREN_LABEL.match(text) and PAREN_LABEL.match(text).group(1)[0] not in "IVX" for text, _ in paras)
        sub = ("chineseCounting", "（%2）") if chinese else ("upperRoman", "(%2)")
        # Measures numbered per sub-section are a third level of the outline list (Word restarts a level under a
        # higher one); measures numbered on across sections are a list of their own.
        outline = lists.abstract([("upperRoman", "%1."), sub, *([("decimal", "%3.")] if restarting else [])])
        outline_num = lists.instance(outline)
        measures = lists.abstract([("decimal", "%1.")])
        measure_num, expected = None, None
    for index, (text, styles) in enumerate(paras):
        level = 0 if index == 0 else 1 if ROMAN_LABEL.match(text) else 2 if PAREN_LABEL.match(text) else None
        style = {0: "Title", 1: "Heading 1", 2: "Heading 2"}.get(level, "Normal")
        paragraph = document.add_paragraph(style=style)
        if lists and level in (1, 2):
            label = (ROMAN_LABEL if level == 1 else PAREN_LABEL).match(text)
            text, styles = _drop(text, styles, label.end())
            _set_numbering(paragraph, outline_num, level - 1)
        elif lists and NUMBER_LABEL.match(text):
            label = NUMBER_LABEL.match(text)
            number = int(label.group(1))
            if restarting:
                _set_numbering(paragraph, outline_num, 2)
            else:
                if number != expected:
                    measure_num = lists.instance(measures, start=number)
                expected = number + 1
                _set_numbering(paragraph, measure_num, 0)
            text, styles = _drop(text, styles, label.end())
        _add_runs(paragraph, text, styles)
    document.save(str(path))
    return path


def _drop(text: str, styles, n: int):
    return text[n:], [(max(0, s - n), e - n, st) for s, e, st in styles if e > n]


def _add_runs(paragraph, text: str, styles) -> None:
    cuts = sorted({0, len(text), *(s for s, _, _ in styles), *(e for _, e, _ in styles)})
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        run = paragraph.add_run(text[a:b])
        on = {st for s, e, st in styles if s <= a and b <= e}
        run.italic = "italic" in on or None
        run.bold = "bold" in on or None
