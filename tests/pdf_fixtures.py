"""Render a plan to PDF in several layouts (fpdf2, DejaVu fonts shipped with matplotlib), at test time.

A small line breaker of our own gives full control of what PDF producers do: justified or ragged lines,
automatic hyphenation at line ends, first-line indents instead of paragraph spacing, running headers and
footers with page numbers, italic titles, paragraphs that run across pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILIES = {
    "sans": {
        "": "DejaVuSans.ttf",
        "I": "DejaVuSans-Oblique.ttf",
        "B": "DejaVuSans-Bold.ttf",
        "BI": "DejaVuSans-BoldOblique.ttf",
    },
    "serif": {
        "": "DejaVuSerif.ttf",
        "I": "DejaVuSerif-Italic.ttf",
        "B": "DejaVuSerif-Bold.ttf",
        "BI": "DejaVuSerif-BoldItalic.ttf",
    },
    "mono": {
        "": "DejaVuSansMono.ttf",
        "I": "DejaVuSansMono-Oblique.ttf",
        "B": "DejaVuSansMono-Bold.ttf",
        "BI": "DejaVuSansMono-BoldOblique.ttf",
    },
}


@dataclass(frozen=True)
class Layout:
    name: str
    family: str = "sans"
    size: float = 11
    page: str = "A4"
    margins: tuple[float, float] = (60, 60)  # left, right (pt); top/bottom leave the header/footer bands free
    justify: bool = True
    hyphenate: bool = False
    paragraph_gap: float = 0.8  # in line heights; 0 means paragraphs are marked by a first-line indent
    indent: float = 0
    header: str | None = None  # format fields: {page}, {pages}
    footer: str | None = None
    sign_right: bool = False  # signature and date set flush right, as in many printed circulars
    hang: float = 0  # continuation lines of numbered items indented this far under the text (hanging indent)
    turned: bool = False  # the page printed a quarter turn left on a landscape sheet: text runs upwards


LAYOUTS = [
    Layout(
        "justified_hyphenated",
        family="sans",
        size=11,
        page="A4",
        justify=True,
        hyphenate=True,
        header="Promotion Plan for the Implementation of the National IP Strategy",
        footer="— {page} —",
    ),
    Layout(
        "ragged_indented_page_of",
        family="serif",
        size=12,
        page="Letter",
        justify=False,
        paragraph_gap=0,
        indent=24,
        footer="Page {page} of {pages}",
        sign_right=True,
    ),
    Layout(
        "small_mono_header_numbers",
        family="mono",
        size=10,
        page="A5",
        margins=(36, 30),
        justify=True,
        hyphenate=True,
        header="{page}",
    ),
    Layout(
        "hanging_numbered_items",
        family="serif",
        size=11,
        page="A4",
        justify=True,
        hyphenate=True,
        hang=16,
        footer="{page}",
    ),
    # Below 10 pt a space is narrower than pdfplumber's default 3 pt word gap.
    Layout(
        "sans9_letter_ragged_hyphenated",
        family="sans",
        size=9,
        page="Letter",
        justify=False,
        hyphenate=True,
        footer="- {page} -",
    ),
]


def _words(paragraph: str, styles: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """(word, fpdf style) pairs; a word is italic or bold when the markup covers it."""
    out = []
    pos = 0
    for word in paragraph.split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        flags = "".join(
            f
            for f, name in (("B", "bold"), ("I", "italic"))
            if any(s < end and start < e and st == name for s, e, st in styles)
        )
        out.append((word, flags))
    return out


class _Renderer:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.pdf = FPDF(unit="pt", format=layout.page, orientation="L" if layout.turned else "P")
        self.pdf.set_auto_page_break(False)
        for style, file in FAMILIES[layout.family].items():
            self.pdf.add_font(layout.family, style, str(FONT_DIR / file))
        self.line_height = 1.35 * layout.size
        self.pages: list[list] = []

    def width(self, text: str, style: str) -> float:
        self.pdf.set_font(self.layout.family, style, self.layout.size)
        return self.pdf.get_string_width(text)

    def layout_paragraph(
        self, words: list[tuple[str, str]], avail: float, first_indent: float, rest_indent: float = 0
    ) -> list[list]:
        lines: list[list] = []
        line: list = []
        used = 0.0
        space = self.width(" ", "")
        queue = list(words)
        while queue:
            word, style = queue.pop(0)
            limit = avail - (first_indent if not lines else rest_indent)
            w = self.width(word, style)
            extra = (space if line else 0) + w
            if used + extra <= limit or not line:
                line.append((word, style))
                used += extra
                continue
            head = self._split(word, style, limit - used - space)
            if head:
                line.append((head[0], style))
                queue.insert(0, (head[1], style))
            else:
                queue.insert(0, (word, style))
            lines.append(line)
            line, used = [], 0.0
        if line:
            lines.append(line)
        return lines

    def _split(self, word: str, style: str, room: float) -> tuple[str, str] | None:
        """Break a word at a line end: at its own hyphen, or (when hyphenating) with an added hyphen."""
        if "-" in word[1:-1]:
            k = word.index("-", 1) + 1
            if self.width(word[:k], style) <= room:
                return word[:k], word[k:]
        if not self.layout.hyphenate or len(word) < 8 or not word[:-1].isalpha():
            return None
        for k in range(len(word) - 3, 2, -1):
            if self.width(word[:k] + "-", style) <= room:
                return word[:k] + "-", word[k:]
        return None

    def render(self, paragraphs: list[tuple[str, list, str]], path: Path) -> None:
        lay, pdf = self.layout, self.pdf
        page_w, page_h = (pdf.h, pdf.w) if lay.turned else (pdf.w, pdf.h)
        left, right = lay.margins
        top, bottom = 0.13 * page_h, 0.87 * page_h
        avail = page_w - left - right
        placed: list[list] = [[]]
        y = top
        for text, styles, align in paragraphs:
            words = _words(text, styles)
            title = align == "center"
            indent = lay.indent if lay.paragraph_gap == 0 and align == "body" else 0
            hang = lay.hang if re.match(r"\d+\. ", text) else 0
            lines = self.layout_paragraph(words, avail, indent, hang)
            for n, line in enumerate(lines):
                if y + self.line_height > bottom:
                    placed.append([])
                    y = top
                placed[-1].append((line, y, indent if n == 0 else hang, n == len(lines) - 1, align))
                y += self.line_height
            if lay.paragraph_gap or title:
                y += max(lay.paragraph_gap, 0.8) * self.line_height
        for number, lines in enumerate(placed, 1):
            pdf.add_page()
            # A quarter turn left about (w/2, w/2) puts the portrait page onto the landscape sheet.
            with pdf.rotation(90 if lay.turned else 0, x=page_w / 2, y=page_w / 2):
                for line, y, indent, last, align in lines:
                    self._draw_line(line, left + indent, y, avail - indent, last, align)
                for band, template in ((0.06 * page_h, lay.header), (0.94 * page_h, lay.footer)):
                    if template:
                        pdf.set_font(lay.family, "", lay.size - 2)
                        label = template.format(page=number, pages=len(placed))
                        x = page_w - right - pdf.get_string_width(label) if label.isdigit() else left
                        pdf.text(x, band, label)
        pdf.output(str(path))

    def _draw_line(self, line: list, x: float, y: float, avail: float, last: bool, align: str) -> None:
        pdf, lay = self.pdf, self.layout
        widths = [self.width(w, s) for w, s in line]
        space = self.width(" ", "")
        natural = sum(widths) + space * (len(line) - 1)
        if align == "center":
            x += (avail - natural) / 2
        elif align == "right":
            x += avail - natural
        elif lay.justify and not last and len(line) > 1:
            space = (avail - sum(widths)) / (len(line) - 1)
        for (word, style), w in zip(line, widths, strict=True):
            pdf.set_font(lay.family, style, lay.size)
            pdf.text(x, y + lay.size, word)
            x += w + space


def rotate_pages(path: Path, degrees: int, out: Path) -> Path:
    """A copy of a PDF whose pages carry ``/Rotate degrees``: viewers show them turned, the text is unchanged."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            page.set_rotation(degrees)
            page.close()
        pdf.save(str(out))
    finally:
        pdf.close()
    return out


def render_plan(doc, layout: Layout, path: Path) -> Path:
    """Render a processed document's paragraphs (with its italic and bold spans) to a PDF."""
    text = doc.text
    signature = {s.start for s in (doc.metadata.issuer_span, doc.metadata.date_span) if s}
    paragraphs = []
    pos = 0
    for index, para in enumerate(text.split("\n\n")):
        start, end = pos, pos + len(para)
        pos = end + 2
        styles = [
            (s.start - start, s.end - start, s.style) for s in doc.repaired.styles if s.start < end and start < s.end
        ]
        align = "center" if index == 0 else "right" if layout.sign_right and start in signature else "body"
        paragraphs.append((para, styles, align))
    _Renderer(layout).render(paragraphs, path)
    return path


# A second producer: reportlab sets whole lines with real spaces and its own justification, so the reader
# cannot lean on how fpdf2 places words.
REPORTLAB_LAYOUTS = {
    "reportlab_justified_a4": dict(size=10.5, justify=True, indent=0, space_after=6, page="A4", footer="- {page} -"),
    "reportlab_indented_letter": dict(
        size=10.5, justify=False, indent=18, space_after=0, page="Letter", footer="Page {page}"
    ),
}


def _reportlab_markup(doc, start: int, end: int) -> str:
    import html

    text = doc.text[start:end]
    events = []
    for s in doc.repaired.styles:
        if s.start < end and start < s.end:
            tag = "i" if s.style == "italic" else "b"
            events += [(max(s.start, start) - start, 1, f"<{tag}>"), (min(s.end, end) - start, 0, f"</{tag}>")]
    out, pos = [], 0
    for at, _, tag in sorted(events, key=lambda e: (e[0], e[1], e[2] != "</i>")):
        out += [html.escape(text[pos:at], quote=False), tag]
        pos = at
    return "".join(out) + html.escape(text[pos:], quote=False)


def render_plan_reportlab(doc, name: str, path: Path) -> Path:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.fonts import addMapping
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    opts = REPORTLAB_LAYOUTS[name]
    for style, file in (
        ("", "DejaVuSerif.ttf"),
        ("-I", "DejaVuSerif-Italic.ttf"),
        ("-B", "DejaVuSerif-Bold.ttf"),
        ("-BI", "DejaVuSerif-BoldItalic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(f"DVS{style}", str(FONT_DIR / file)))
    for bold, italic, face in ((0, 0, "DVS"), (0, 1, "DVS-I"), (1, 0, "DVS-B"), (1, 1, "DVS-BI")):
        addMapping("DVS", bold, italic, face)
    pagesize = A4 if opts["page"] == "A4" else letter
    body = ParagraphStyle(
        "body",
        fontName="DVS",
        fontSize=opts["size"],
        leading=opts["size"] * 1.3,
        alignment=TA_JUSTIFY if opts["justify"] else TA_LEFT,
        firstLineIndent=opts["indent"],
        spaceAfter=opts["space_after"],
    )
    title = ParagraphStyle("title", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12)
    story, pos = [], 0
    for i, para in enumerate(doc.text.split("\n\n")):
        story.append(Paragraph(_reportlab_markup(doc, pos, pos + len(para)), title if i == 0 else body))
        pos += len(para) + 2

    def footer(canvas, _):
        canvas.saveState()
        canvas.setFont("DVS", 8)
        canvas.drawCentredString(pagesize[0] / 2, 30, opts["footer"].format(page=canvas.getPageNumber()))
        canvas.restoreState()

    SimpleDocTemplate(str(path), pagesize=pagesize).build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (object k is ``objects[k - 1]``, object 1 the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_page_pdf(
    content: bytes, contents_ref: bytes | None = None, resources: bytes | None = None, extra: list[bytes] = ()
) -> bytes:
    """One Letter page showing ``content`` in Helvetica; objects 6 and up are ``extra``."""
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %s >>"
            % (resources or b"<< /Font << /F1 5 0 R >> >>", contents_ref or b"4 0 R"),
            stream,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *extra,
        ]
    )


MEASURE = b"BT /F1 12 Tf 72 720 Td (1. Improve the patent examination system.) Tj ET"

# Indirect references that lead back to themselves: pdfminer's resolve1 follows them forever.
LOOPS = {
    # the content stream's /Length is object 6, which is object 7, which is object 6 ...
    "length_loop": one_page_pdf(MEASURE, extra=[b"7 0 R", b"6 0 R"]).replace(
        b"<< /Length %d >>" % len(MEASURE), b"<< /Length 6 0 R >>"
    ),
    # the page's /Resources is such a loop
    "resources_loop": one_page_pdf(MEASURE, resources=b"6 0 R", extra=[b"7 0 R", b"6 0 R"]),
    # the page tree lists itself as its own page
    "page_tree_loop": build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
}


def render_stamped(path: Path) -> Path:
    """A page of body text with a stamp running up its left margin."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("sans", "", str(FONT_DIR / FAMILIES["sans"][""]))
    pdf.add_page()
    pdf.set_font("sans", "", 11)
    for k, line in enumerate(
        [
            "1. Improve the patent examination system and shorten the examination",
            "period for invention patents.",
            "",
            "2. Strengthen copyright protection.",
        ]
    ):
        pdf.text(72, 120 + 15 * k, line)
    with pdf.rotation(90, x=40, y=500):
        pdf.text(40, 500, "RECEIVED")
    pdf.output(str(path))
    return path


# A transformation matrix with a name among its numbers: pdfminer logs a warning and goes on.
ODD_MATRIX = one_page_pdf(b"q 1 0 0 /Odd 0 0 cm Q " + MEASURE)


CHINESE_PLAN = [
    "二〇三一年知识产权战略实施推进计划",
    "一、完善知识产权法律制度。推动专利法实施细则修改，加快商标法实施条例的修订工作，研究制定职务发明条例，"
    "健全知识产权审查标准，提高审查质量和效率，缩短发明专利审查周期。",
    "（一）加强知识产权保护，开展打击侵犯知识产权专项行动，严厉查处侵权行为，健全行政执法与刑事司法衔接机制，"
    "完善知识产权纠纷多元化解决机制，加大对重点领域和关键环节的监管力度，推进侵权判定标准的统一。",
    "（二）促进知识产权运用，完善知识产权交易服务体系，培育知识产权密集型产业，支持中小企业提升知识产权"
    "管理能力，引导高等学校和科研院所转移转化科技成果。",
]


def render_chinese(path: Path) -> Path:
    """A short Chinese plan in reportlab's built-in STSong-Light (a CID font the PDF names, not embeds)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, firstLineIndent=24)
    SimpleDocTemplate(str(path)).build([Paragraph(p, body) for p in CHINESE_PLAN])
    return path
