"""HTML reader (lxml): a saved web page -> the article's text, one paragraph per line.

The steps, each a small function below:

- decode: a byte-order mark, else the page's own declaration (``<meta charset>``, ``http-equiv``,
  ``<?xml encoding?>``), else the text reader's detection; GB2312 and GBK are read as GB18030 (their
  superset), which sites declaring them often really use.
- clean: scripts, styles, form controls, hidden elements, ``<nav>``, ``<aside>``, ``<footer>``, a
  ``<header>`` outside an article, and elements whose class or id names page furniture (menu, breadcrumb,
  share, copyright ...) are removed, unless they hold a large share of the page's text.
- container: from ``<body>`` down, step into the child that holds most of the text for as long as
  everything beside it is furniture (link lists, "Updated: ... Source: ... Print" lines, copyright and ICP
  lines, contact tables). A headline beside the article is not furniture, so it stops the descent and is
  kept.
- paragraphs: block elements and ``<br>`` end paragraphs; white space collapses as in a browser;
  non-breaking and ideographic spaces are spaces; furniture blocks inside the container are dropped too,
  and a headline repeated right under itself is kept once.
- styles: ``b``/``strong`` and ``h1``-``h6`` are bold, ``i``/``em``/``cite`` italic, as are CSS
  ``font-weight``/``font-style`` in ``style`` attributes.
- anchors: where each paragraph begins in the decoded page (:attr:`Source.anchors`).

The text handed to repair has one paragraph per line, paragraphs separated by a blank line.

Hostile pages are refused with one line (:func:`check_page`): over :data:`PAGE_LIMIT` bytes, more than
:data:`MAX_TAGS` tags or :data:`MAX_REFERENCES` character references (``&amp;``), or elements nested deeper
than :data:`MAX_DEPTH` (libxml2's HTML parser silently drops what lies deeper than 255, and the walks below
recurse once per level). The HTML parser loads no DTD, defines no entities and fetches nothing.
"""

from __future__ import annotations

import codecs
import hashlib
import html as htmllib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import PipelineError, Source, StyleSpan
from .list_tables import html_grid, list_lines
from .text import BOMS, decode

# Elements that end a paragraph where they start and where they end.
BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre
    section summary table tbody td tfoot th thead tr ul""".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
BOLD_TAGS = frozenset({"b", "strong", *HEADINGS})
ITALIC_TAGS = frozenset({"i", "em", "cite", "var", "dfn"})
DROP_TAGS = frozenset(
    """script style noscript template iframe frame frameset object embed svg canvas
    button select option input textarea nav aside footer map audio video head title meta link""".split()
)
# class or id words that name page furniture
FURNITURE_NAMES = frozenset(
    """nav navbar navigation menu menus submenu breadcrumb breadcrumbs crumb crumbs
    bread share sharing social bdshare footer foot copyright sidebar related comment comments toolbar
    banner logo search login ad ads advert pager pagination position location dqwz print tools""".split()
)
CSS_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
CSS_ITALIC = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.I)
CSS_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Lines of page furniture: "Updated: ... Source: ... Print", share bars, copyright and ICP lines,
# breadcrumbs, contact details.
_META_WORDS = (
    r"updated?|update time|release time|published|posted|date|source|author|editor|views|hits|"
    r"print|close|font size|share(?: to| on)?|发布时间|发布日期|发表时间|更新时间|时间|来源|信息来源|文章来源|"
    r"作者|编辑|责任编辑|浏览次数|点击数|访问量|字号|浏览字号|打印|关闭|分享到?"
)
# A label opens the line or follows a space, a bar or the time before it ("… 17:14信息来源：").
META_LABEL = re.compile(rf"(?:^|\s|\||(?<=\d))(?:{_META_WORDS})\s*[:：]", re.I)
FURNITURE_LINE = re.compile(
    r"©|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|版权所有|\bICP\b|ICP备|备案号|公网安备|"
    r"(?:主办单位|承办单位|技术支持|网站地图)\s*[:：]|\bsite ?map\b"
    r"|^\s*(?:home|首页|当前位置|您的位置|您现在的位置|your (?:current )?location|current location)\s*[>›»/:：]"
    r"|\[\s*(?:print|close)\s*\]|【\s*(?:打印|关闭|大|中|小)"
    r"|^\s*(?:print|close|打印|关闭|返回顶部|back to top)(?:\s+(?:print|close|打印|关闭|返回顶部|back to top))*\s*$",
    re.I,
)
BYLINE = re.compile(r"^[\[【(（]?\s*(?:source|editor|author|responsible editor|来源|作者|编辑|责任编辑)\s*[:：]", re.I)
BYLINE_MAX = 80
CONTACT_WORD = re.compile(
    r"(?:\b(?:tel|telephone|phone|fax|e-?mail|address|post ?code|zip(?: code)?|contact)"
    r"|联系电话|电话|传真|地址|邮编|邮箱|联系人)\s*[:：]",
    re.I,
)
FURNITURE_MAX = 300  # a furniture block is shorter than this (characters of text)
LINK_SHARE = 0.5  # a block whose text is more than this share link text is a link list
DESCEND_SHARE = 0.6  # step into a child holding at least this share of its parent's text
KEEP_SHARE = 0.3  # an element holding this share of the page's text is never removed as furniture
WHITE = frozenset(" \t\n\r\f\v\u00a0\u3000\u2002\u2003\u2009\u202f\u200b")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Limits on a page. A saved government page is well under 5 MB and nested some 30 elements deep.
PAGE_LIMIT = 64 * 1024**2
MAX_TAGS = 2_000_000
MAX_REFERENCES = 2_000_000
MAX_DEPTH = 200
REFERENCE = re.compile(rb"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def read_html(path: Path) -> Source:
    """Read a saved web page; the entry point of this module."""
    import lxml.html

    size = path.stat().st_size
    if size > PAGE_LIMIT:
        raise PipelineError(f"web page of {size / 1024**2:.0f} MB is too large (at most {PAGE_LIMIT // 1024**2} MB)")
    data = path.read_bytes()
    check_page(data)
    page, encoding = decode_html(data)
    try:
        root = lxml.html.document_fromstring(_strip_xml_declaration(page))
    except Exception as exc:  # lxml raises ParserError or ValueError for pages without any element
        raise PipelineError(f"not a readable HTML page ({exc})") from exc
    if depth(root) > MAX_DEPTH:
        raise PipelineError(
            f"web page nested deeper than {MAX_DEPTH} elements; not read (a parser drops what lies deeper)"
        )
    body = root.find("body")
    if body is None:
        body = root
    sizes = _clean(body)
    if not sizes[body][0]:
        raise PipelineError("HTML page has no text")
    paragraphs = _paragraphs(_container(body, sizes), sizes)
    if not paragraphs:
        raise PipelineError("HTML page has no article text (only navigation and page furniture)")
    text, styles, starts = _assemble(paragraphs)
    anchors = tuple(zip(starts, locate_paragraphs(page, [p.text for p in paragraphs]), strict=True))
    return Source(
        path=str(path),
        format="html",
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        styles=styles,
        blocks_are_paragraphs=True,
        anchors=anchors,
    )


def check_page(data: bytes) -> None:
    """Refuse a page with more tags or character references than any real page has (counted in the bytes,
    before lxml builds a tree of them)."""
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise PipelineError(f"web page has {tags:,} tags (at most {MAX_TAGS:,}); not read")
    if data.count(b"&") > MAX_REFERENCES:
        references = sum(1 for _ in REFERENCE.finditer(data))
        if references > MAX_REFERENCES:
            raise PipelineError(
                f"web page has {references:,} character references such as &amp; (at most {MAX_REFERENCES:,}); not read"
            )


def depth(root) -> int:
    """How deep elements nest under ``root`` (``root`` alone: 0), without recursion."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        el, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in el)
    return deepest


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a page: byte-order mark, then its declared charset, then detection like a text file."""
    for bom, _ in BOMS:
        if data.startswith(bom):
            return decode(data)
    head = data[:4096]
    found = XML_ENCODING.search(head) or CHARSET.search(head)
    if found:
        name = found.group(1).decode("ascii").lower()
        name = ALIASES.get(name, name)
        try:
            codecs.lookup(name)
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
    return decode(data)


def _strip_xml_declaration(page: str) -> str:
    # lxml refuses str input that carries an XML encoding declaration.
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", page, count=1)


def _words(el) -> set[str]:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return set(re.split(r"[^a-z0-9]+", names)) - {""}


def _measure(root) -> dict:
    """(characters of text, characters of link text), white space aside, for every element under ``root``."""
    sizes: dict = {}

    def visit(el, in_link: bool) -> tuple[int, int]:
        in_link = in_link or el.tag == "a" and not is_attachment_link(el)
        total = _count(el.text)
        links = 0
        for child in el:
            if isinstance(child.tag, str):
                t, k = visit(child, in_link)
                total += t
                links += k
            total += _count(child.tail)
        sizes[el] = (total, total if in_link else links)
        return sizes[el]

    visit(root, any(a.tag == "a" for a in root.iterancestors()))
    return sizes


ATTACHMENT_HREF = re.compile(r"\.(?:docx?|wps|pdf|ofd|xlsx?|et|zip|rar|7z)(?:[?#].*)?$", re.I)


def is_attachment_link(a) -> bool:
    """A link to one of the document's annexes (a file to download: ``download``, an attachment class, or a
    document's file name): article text (the annex list ``附件1.docx``), not a link list of the page."""
    return (
        a.get("download") is not None
        or "attachment" in (a.get("class") or "").lower()
        or bool(ATTACHMENT_HREF.search((a.get("href") or "").strip()))
    )


def _count(text: str | None) -> int:
    return len(text) - sum(text.count(c) for c in " \t\n\r\f\v\u00a0\u3000") if text else 0


def _clean(body) -> dict:
    """Remove what is never article text; returns the text sizes (see :func:`_measure`) of what is left."""
    for el in list(body.iter()):
        if not isinstance(el.tag, str) and el.getparent() is not None:  # comments, processing instructions
            _remove(el)
    for el in list(body.iter()):
        if el.getparent() is None:
            continue
        tag = el.tag.lower()
        if tag in DROP_TAGS or CSS_HIDDEN.search(el.get("style", "")) or el.get("hidden") is not None:
            _remove(el)
        elif tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _remove(el)
        elif tag == "div" and el.get("title", "").lower() in ("header", "footer"):
            _remove(el)  # a word processor's running header or footer (LibreOffice's HTML export)
    sizes = _measure(body)
    total = sizes[body][0]
    named = [el for el in body.iter() if el is not body and _words(el) & FURNITURE_NAMES]
    removed = False
    for el in named:
        if el.getparent() is not None and el in sizes and sizes[el][0] < KEEP_SHARE * total:
            _remove(el)
            removed = True
    return _measure(body) if removed else sizes


def _remove(el) -> None:
    """Drop an element but keep the text that follows it (its tail), as a browser would show it."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _flat(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def is_furniture_text(text: str) -> bool:
    """A short line of page furniture (metadata, copyright, breadcrumb, contact details)."""
    if len(text) >= FURNITURE_MAX:
        return False
    if FURNITURE_LINE.search(text) or len(META_LABEL.findall(text)) >= 2:
        return True
    if len(text) < BYLINE_MAX and BYLINE.match(text):
        return True  # "Source: SIPO", "(Editor: Zhang San)", "【责任编辑：张三】"
    return len(CONTACT_WORD.findall(text)) >= 2


def _is_furniture(el, sizes: dict) -> bool:
    total, links = sizes[el]
    if total == 0:
        return True
    if links > LINK_SHARE * total:
        return True
    return total < FURNITURE_MAX and is_furniture_text(_flat(el))


def _container(body, sizes: dict):
    """The element holding the article: descend while everything beside the biggest child is furniture."""
    el = body
    while True:
        children = [c for c in el if isinstance(c.tag, str)]
        own = (el.text or "") + "".join(c.tail or "" for c in children)
        if _count(own) and not is_furniture_text(re.sub(r"\s+", " ", own).strip()):
            return el  # text directly in this element (paragraphs between <br>s) is article text
        sized = [(sizes[c][0] - sizes[c][1], c) for c in children if sizes[c][0]]
        if not sized:
            return el
        best_len, best = max(sized, key=lambda s: s[0])
        whole = sum(n for n, _ in sized)
        if best_len < DESCEND_SHARE * whole or not all(_is_furniture(c, sizes) for _, c in sized if c is not best):
            return el
        if best.tag == "li" and el.tag == "ol":
            return el  # the list item's number comes from its list
        el = best


@dataclass
class _Paragraph:
    text: str = ""
    styles: list[tuple[int, int, str]] = field(default_factory=list)
    links: int = 0


class _Collector:
    """Walks an element tree, collecting paragraphs of (character, styles) with browser white space."""

    def __init__(self, sizes: dict) -> None:
        self.sizes = sizes
        self.paragraphs: list[_Paragraph] = []
        self.label = ""  # an ordered list's number waiting for the item's text
        self.chars: list[tuple[str, frozenset[str], bool]] = []

    def add(self, text: str | None, styles: frozenset[str], link: bool) -> None:
        if self.label and text and not all(ch in WHITE for ch in text):
            # a list item's number stands on the line of its first text, even when that text is in a <p>
            self.chars.extend((ch, frozenset(), link) for ch in self.label)
            self.label = ""
        for ch in text or "":
            self.chars.append((ch, styles, link))

    def end(self) -> None:
        out: list[tuple[str, frozenset[str], bool]] = []
        for ch, styles, link in self.chars:
            if ch in WHITE:
                if out and out[-1][0] != " ":
                    out.append((" ", styles, link))
            else:
                out.append((ch, styles, link))
        while out and out[-1][0] == " ":
            out.pop()
        self.chars = []
        if not out:
            return
        para = _Paragraph("".join(c for c, _, _ in out), links=sum(1 for c in out if c[2]))
        for style in ("bold", "italic"):
            start = None
            for i, (ch, styles, _) in enumerate([*out, (" ", frozenset(), False)]):
                if style in styles and start is None and ch != " ":
                    start = i
                elif style not in styles and start is not None:
                    end = i
                    while para.text[end - 1] == " ":
                        end -= 1
                    para.styles.append((start, end, style))
                    start = None
        self.paragraphs.append(para)

    def walk(self, el, styles: frozenset[str] = frozenset(), link: bool = False, top: bool = True) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in BLOCK
        if block and not top and self.sizes[el][0] < FURNITURE_MAX and _is_furniture(el, self.sizes):
            return  # a share bar, info line or contact table inside the article
        if tag in BOLD_TAGS or CSS_BOLD.search(el.get("style", "")):
            styles = styles | {"bold"}
        if tag in ITALIC_TAGS or CSS_ITALIC.search(el.get("style", "")):
            styles = styles | {"italic"}
        link = link or tag == "a" and not is_attachment_link(el)
        if block or tag == "br":
            self.end()
        listed = list_table(el) if tag == "table" else None
        if listed:  # 序号 | 举措 | 主要内容 | 指导部门: one line per numbered row, after the caption rows
            captions, lines = listed
            for tr in captions:
                self.walk(tr, styles, link, top=False)
            for line in lines:
                self.add(line, styles, link)
                self.end()
            return
        if tag == "pre":
            for line in (el.text_content() or "").split("\n"):
                self.add(line, styles, link)
                self.end()
            return
        if tag == "li" and el.getparent() is not None and el.getparent().tag == "ol":
            self.label = list_label(el)
        self.add(el.text, styles, link)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, styles, link, top=False)
            self.add(child.tail, styles, link)
        if block:
            self.end()


# A table listing items (pipeline.ingest.list_tables) is read one row per line, cells joined by CELL_SEPARATOR, so
# that the segmenter reads each row with its column names; other tables (a page's metadata block, forms) stay one
# cell per line.


def _rows(table) -> list:
    """The rows of a table, not of tables nested in it."""
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def table_rows(table) -> list[list[tuple[str, int, int]]]:
    """The rows of a table (not of tables nested in it), each a list of its cells as ``(text, rowspan, colspan)``,
    white space collapsed."""
    return [
        [
            (_cell_text(c).replace("|", "｜"), _int(c.get("rowspan"), 1), _int(c.get("colspan"), 1))
            for c in tr
            if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")
        ]
        for tr in _rows(table)
    ]


def _cell_text(cell) -> str:
    """A cell's text, white space collapsed, paragraphs (block elements, ``<br>``) inside it separated by a space."""
    parts: list[str] = []

    def visit(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in BLOCK or tag == "br":
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
            parts.append(child.tail or "")
        if tag in BLOCK:
            parts.append(" ")

    visit(cell)
    return re.sub(r"[\s\u3000]+", " ", "".join(parts)).strip()


def list_table(table) -> tuple[list, list[str]] | None:
    """A table of numbered items (pipeline.ingest.list_tables.list_lines): its caption rows, read as ordinary
    text, and its lines (the header, then one line per numbered row); None for any other table."""
    listed = list_lines(html_grid(table_rows(table)))
    if listed is None:
        return None
    return _rows(table)[: listed[0]], listed[1]


LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
CSS_LIST = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.I)


def list_label(li) -> str:
    """The number a browser shows before an item of an ordered list (``start``, ``value``, ``type``)."""
    from .docx import format_number

    ol = li.getparent()
    number = _int(ol.get("start"), 1) - 1
    for item in ol:
        if isinstance(item.tag, str) and item.tag == "li":
            number = _int(item.get("value"), number + 1)
            if item is li:
                break
    css = CSS_LIST.search(li.get("style", "") or ol.get("style", ""))
    kind = css.group(1).lower() if css else LIST_TYPES.get(ol.get("type", "1"), "decimal")
    fmt = {
        "lower-roman": "lowerRoman",
        "upper-roman": "upperRoman",
        "lower-alpha": "lowerLetter",
        "lower-latin": "lowerLetter",
        "upper-alpha": "upperLetter",
        "upper-latin": "upperLetter",
        "cjk-ideographic": "chineseCounting",
        "simp-chinese-informal": "chineseCounting",
        "trad-chinese-informal": "chineseCounting",
        "cjk-decimal": "decimal",
        "none": "none",
    }.get(kind, "decimal")
    if fmt == "none":
        return ""
    return format_number(number, fmt) + ("、" if fmt == "chineseCounting" else ". ")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _paragraphs(container, sizes: dict) -> list[_Paragraph]:
    collector = _Collector(sizes)
    collector.walk(container)
    collector.end()
    kept: list[_Paragraph] = []
    for para in collector.paragraphs:
        if para.links > LINK_SHARE * len(para.text) or is_furniture_text(para.text):
            continue
        if kept and para.text == kept[-1].text and len(kept) == 1:
            continue  # a headline repeated as the article's first line
        kept.append(para)
    return kept


def _assemble(paragraphs: list[_Paragraph]) -> tuple[str, tuple[StyleSpan, ...], list[int]]:
    parts, styles, starts = [], [], []
    pos = 0
    for para in paragraphs:
        starts.append(pos)
        parts.append(para.text)
        styles += [StyleSpan(pos + s, pos + e, style) for s, e, style in para.styles if e > s]
        pos += len(para.text) + 2
    return "\n\n".join(parts), tuple(sorted(styles, key=lambda s: (s.start, s.end, s.style))), starts


_NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|title|textarea)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)
_LEAD = re.compile(r"^(?:\s|&nbsp;|&#160;|&#xa0;|\u3000|\u00a0)*", re.I)


def _norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", " ", htmllib.unescape(text)).strip()


def locate_paragraphs(page: str, paragraphs: list[str]) -> list[int]:
    """Offset in the decoded page where each paragraph's text begins.

    The page's text runs (between tags, outside scripts, styles and comments) are matched in order against
    the paragraphs' beginnings; a paragraph that cannot be matched gets the previous paragraph's offset.
    """
    runs: list[tuple[int, str]] = []
    pos = 0
    for m in _NOT_TEXT.finditer(page):
        if m.start() > pos:
            runs.append((pos, page[pos : m.start()]))
        pos = m.end()
    if pos < len(page):
        runs.append((pos, page[pos:]))
    anchors: list[int] = []
    cursor = 0
    for para in paragraphs:
        head = para[:40]
        found = None
        for i in range(cursor, len(runs)):
            start, raw = runs[i]
            text = _norm(raw)
            if text and (head.startswith(text[:40]) if len(text) < len(head) else text.startswith(head)):
                if len(text) >= 2 or text == para:
                    found = i
                    break
        if found is None:
            anchors.append(anchors[-1] if anchors else 0)
            continue
        start, raw = runs[found]
        anchors.append(start + _LEAD.match(raw).end())
        cursor = found + 1
    return anchors
