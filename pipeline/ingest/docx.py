"""Word reader (python-docx package, document XML read directly): paragraphs in order, with numbering.

- Paragraphs of the body in order, table cells' paragraphs row by row; headers, footers, footnotes,
  comments and deleted revisions are never read. A line break inside a paragraph is a line of that
  paragraph (repair joins it, as for PDF blocks).
- Styles: a run is bold or italic by its own formatting, else its character style, else its paragraph
  style (following ``basedOn``), else the document defaults; heading paragraphs (``Heading N``, ``Title``,
  an outline level) are bold.
- Automatic numbering (``numPr`` on the paragraph or its style) is rendered as the reader sees it: the
  level's ``lvlText`` (``%1.``, ``(%2)``, ``%1、``) filled with each level's counter in that level's format
  (decimal, upper or lower Roman, letters, Chinese counting ``一``, ...). Counters belong to the abstract
  list, so lists that share one continue each other; a ``startOverride`` restarts; a level restarts when a
  higher level is used (or as ``lvlRestart`` says). Bullets are not rendered.

The text handed to repair has one paragraph per block, blocks separated by a blank line.

Hostile packages are refused with one line before python-docx sees them (:func:`unpack`): every XML part is
unpacked in bounded chunks, no more than :data:`PART_LIMIT` each and :data:`PACKAGE_LIMIT` in all (what the
headers claim is checked first, what really comes out is counted); images and other binary parts are never
unpacked; a part with a DTD (``<!DOCTYPE``, which Word never writes: entity bombs, external entities) is
refused; python-docx's parser resolves no entities, fetches nothing and refuses XML nested deeper than 256
elements or with a text over 10 MB (libxml2's own limits).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import PipelineError, Source, StyleSpan
from .list_tables import GridCell, list_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIP = frozenset(
    {
        f"{W}del",
        f"{W}moveFrom",
        f"{W}instrText",
        f"{W}delText",
        f"{W}txbxContent",
        MC_FALLBACK,
        f"{W}pPr",
        f"{W}rPr",
        f"{W}footnoteReference",
        f"{W}endnoteReference",
        f"{W}commentReference",
    }
)
OFF = frozenset({"0", "false", "off", "none"})
HEADING_STYLE_PREFIXES = ("heading", "title", "subtitle", "标题")
CN_DIGITS = "〇一二三四五六七八九"
CN_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
# financial numerals: chineseLegalSimplified 壹贰叁, ideographLegalTraditional 壹貳參
# Limits on what a Word file may unpack to. A 500-page document's document.xml is some 10-20 MB.
PART_LIMIT = 100 * 1024**2
PACKAGE_LIMIT = 200 * 1024**2
MAX_PARTS = 10_000
CHUNK = 1024**2  # bytes unpacked per read: what one call may inflate to
XML_SUFFIXES = (".xml", ".rels")
DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
MAX_COUNTER = 32767  # Word's largest list number; a start value beyond it is read as this
LEGAL_DIGITS = {
    "chineseLegalSimplified": ("零壹贰叁肆伍陆柒捌玖", "仟佰拾"),
    "ideographLegalTraditional": ("零壹貳參肆伍陸柒捌玖", "仟佰拾"),
}


def read_docx(path: Path) -> Source:
    """Read a Word .docx file; the entry point of this module."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(unpack(path)))
        blocks = _blocks(document)
    except (PackageNotFoundError, KeyError) as exc:
        raise unreadable(f"a part is missing ({exc})") from exc
    except etree.LxmlError as exc:
        raise unreadable(_xml_problem(str(exc))) from exc
    except (ValueError, OverflowError) as exc:  # a number or value that cannot be read
        raise unreadable(f"an invalid value ({exc})") from exc
    if not blocks:
        raise PipelineError("Word file has no text in its body")
    text, spans = _assemble(blocks)
    return Source(
        path=str(path), format="docx", text=text, sha256=_sha256(path), styles=spans, blocks_are_paragraphs=True
    )


def unreadable(problem: str) -> PipelineError:
    return PipelineError(f"not a readable Word file: {problem}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def unpack(path: Path) -> bytes:
    """The package re-packed, uncompressed, with its XML parts checked and its binary parts emptied; raises
    :class:`PipelineError` for a broken archive, a part or package over the limits, or a part with a DTD."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise unreadable(f"{len(infos)} parts in the package (at most {MAX_PARTS})")
            xml = [i for i in infos if i.filename.lower().endswith(XML_SUFFIXES) and not i.is_dir()]
            _check_sizes(xml)
            parts = {i.filename: b"" for i in infos if not i.is_dir()}
            total = 0
            for info in xml:
                parts[info.filename] = _read_part(archive, info, PACKAGE_LIMIT - total)
                total += len(parts[info.filename])
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise unreadable(f"corrupt or truncated ({type(exc).__name__}: {exc})") from exc
    except OSError as exc:
        raise PipelineError(f"cannot read the file ({exc.strerror or exc})") from exc
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
        for name, blob in parts.items():
            repacked.writestr(name, blob)
    return out.getvalue()


def _check_sizes(xml: list[zipfile.ZipInfo]) -> None:
    """What the headers claim, before anything is unpacked."""
    for info in xml:
        if info.file_size > PART_LIMIT:
            raise unreadable(f"part {info.filename} unpacks to {_size(info.file_size)} (at most {_size(PART_LIMIT)})")
    total = sum(i.file_size for i in xml)
    if total > PACKAGE_LIMIT:
        raise unreadable(f"its XML parts unpack to {_size(total)} (at most {_size(PACKAGE_LIMIT)})")


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int) -> bytes:
    """One part, inflated a chunk at a time and counted, whatever its headers say."""
    chunks, size = [], 0
    with archive.open(info) as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            if size > PART_LIMIT:
                raise unreadable(f"part {info.filename} unpacks to more than {_size(PART_LIMIT)}")
            if size > left:
                raise unreadable(f"its XML parts unpack to more than {_size(PACKAGE_LIMIT)}")
            chunks.append(chunk)
    part = b"".join(chunks)
    if any(mark in part for mark in DTD_MARKS):
        raise unreadable(
            f"part {info.filename} has a DTD (<!DOCTYPE), which Word never writes (entity definitions are refused)"
        )
    return part


def _size(n: int) -> str:
    return f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n:,} bytes"


def _xml_problem(message: str) -> str:
    """libxml2's refusal in words: which limit a part passed, or that its XML is broken."""
    lowered = message.lower()
    if "amplification" in lowered or "entity loop" in lowered:
        return "its XML expands entities beyond the parser's limit"
    if "depth" in lowered:
        return "its XML is nested deeper than the parser's limit of 256 elements"
    if "huge" in lowered or "limit" in lowered:
        return "its XML has a text or name larger than the parser's limit of 10 MB"
    return f"broken XML ({message})"


def _blocks(document) -> list[_Block]:
    styles = _Styles(document.styles.element if document.part.package else None)
    numbering = _Numbering(_numbering_element(document))
    blocks: list[_Block] = []
    for p in _body_paragraphs(document.element.body):
        if p.tag == f"{W}tbl":  # a table of numbered items: captions, then one block per numbered row
            listed = list_lines(_grid(p, lambda tc: _cell_text(tc, styles, numbering)))
            if listed is None:
                continue
            captions, lines = listed
            for tr in p.findall(f"{W}tr")[:captions]:
                blocks.extend(b for q in tr.iter(f"{W}p") if (b := _paragraph(q, styles, numbering)).text.strip())
            blocks.extend(_Block(line) for line in lines)
            continue
        block = _paragraph(p, styles, numbering)
        if block.text.strip():
            blocks.append(block)
    return blocks


def _cell_text(tc, styles: _Styles, numbering: _Numbering) -> str:
    """A cell's text, its paragraphs joined by a space."""
    return " ".join(t for p in tc.iter(f"{W}p") if (t := _paragraph(p, styles, numbering).text.strip())).replace(
        "|", "｜"
    )


def _raw_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t")).replace("|", "｜")


def _grid(tbl, text_of: Callable) -> list[list[GridCell]]:
    """The grid of a table (pipeline.ingest.list_tables): a cell spanning columns (gridSpan) fills them, a cell
    continuing the one above (vMerge) is marked so, with the text of the cell it continues."""
    grid: list[list[GridCell]] = []
    for tr in tbl.findall(f"{W}tr"):
        row: list[GridCell] = []
        for tc in tr.findall(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            merge = pr.find(f"{W}vMerge") if pr is not None else None
            value = span.get(f"{W}val") if span is not None else None
            width = int(value) if value and value.isdigit() else 1
            above = merge is not None and merge.get(f"{W}val", "continue") != "restart"
            if above:
                col = len(row)
                prev = grid[-1] if grid else []
                text = prev[col].text if col < len(prev) else ""
            else:
                text = text_of(tc)
            row.extend(GridCell(text, from_above=above, from_left=k > 0) for k in range(max(1, width)))
        grid.append(row)
    return grid


def _list_table(tbl) -> bool:
    """A table of numbered items (pipeline.ingest.list_tables.list_lines)."""
    return list_lines(_grid(tbl, _raw_text)) is not None


def _numbering_element(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _body_paragraphs(body):
    """w:p elements of the body in reading order, descending into tables and content controls."""
    for child in body:
        if child.tag == f"{W}p":
            yield child
        elif child.tag == f"{W}tbl" and _list_table(child):
            yield child  # read row by row (see _blocks)
        elif child.tag == f"{W}tbl":
            for tc in child.iter(f"{W}tc"):
                yield from (p for p in tc if p.tag == f"{W}p")
        elif child.tag in (f"{W}sdtContent", f"{W}customXml"):
            yield from _body_paragraphs(child)
        elif child.tag == f"{W}sdt" and child.find(f"{W}sdtContent") is not None:
            yield from _body_paragraphs(child.find(f"{W}sdtContent"))


def _on(rpr, name: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(f"{W}{name}")
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in OFF


@dataclass
class _Style:
    based_on: str | None
    name: str
    rpr: object
    ppr: object


class _Styles:
    def __init__(self, root) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_rpr = None
        self.default_paragraph: str | None = None
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_rpr = defaults
        for s in root.iter(f"{W}style"):
            sid = s.get(f"{W}styleId")
            based = s.find(f"{W}basedOn")
            name = s.find(f"{W}name")
            self.styles[sid] = _Style(
                based.get(f"{W}val") if based is not None else None,
                (name.get(f"{W}val") if name is not None else sid or "").lower(),
                s.find(f"{W}rPr"),
                s.find(f"{W}pPr"),
            )
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true"):
                self.default_paragraph = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid].based_on

    def run_prop(self, name: str, rpr, rstyle: str | None, pstyle: str | None) -> bool:
        for value in (
            _on(rpr, name),
            *(_on(s.rpr, name) for s in self.chain(rstyle)),
            *(_on(s.rpr, name) for s in self.chain(pstyle)),
            _on(self.default_rpr, name),
        ):
            if value is not None:
                return value
        return False

    def is_heading(self, pstyle: str | None, ppr) -> bool:
        if ppr is not None and ppr.find(f"{W}outlineLvl") is not None:
            return ppr.find(f"{W}outlineLvl").get(f"{W}val") != "9"
        for s in self.chain(pstyle):
            if s.name.startswith(HEADING_STYLE_PREFIXES):
                return True
            if s.ppr is not None and s.ppr.find(f"{W}outlineLvl") is not None:
                return s.ppr.find(f"{W}outlineLvl").get(f"{W}val") != "9"
        return False

    def num_pr(self, pstyle: str | None) -> tuple[str | None, int | None]:
        for s in self.chain(pstyle):
            num_pr = s.ppr.find(f"{W}numPr") if s.ppr is not None else None
            if num_pr is not None:
                num_id = num_pr.find(f"{W}numId")
                ilvl = num_pr.find(f"{W}ilvl")
                return (
                    num_id.get(f"{W}val") if num_id is not None else None,
                    int(ilvl.get(f"{W}val")) if ilvl is not None else None,
                )
        return None, None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    restart: int | None = None  # lvlRestart: restart after this (1-based) level is used; 0 never
    legal: bool = False


def _levels(parent) -> dict[int, _Level]:
    out = {}
    for lvl in parent.iter(f"{W}lvl"):

        def val(tag: str, default: str | None = None, lvl=lvl) -> str | None:
            el = lvl.find(f"{W}{tag}")
            return el.get(f"{W}val", default) if el is not None else default

        restart = val("lvlRestart")
        out[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
            start=_counter(val("start", "0") or "0"),
            fmt=val("numFmt", "decimal") or "decimal",
            text=val("lvlText", "") or "",
            suffix=val("suff", "tab") or "tab",
            restart=int(restart) if restart is not None else None,
            legal=lvl.find(f"{W}isLgl") is not None and _on(lvl, "isLgl") is not False,
        )
    return out


class _Numbering:
    """numbering.xml: abstract lists and their levels, list instances, and the running counters."""

    def __init__(self, root) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.overridden: set[tuple[str, int]] = set()
        if root is None:
            return
        for a in root.iter(f"{W}abstractNum"):
            self.abstract[a.get(f"{W}abstractNumId")] = _levels(a)
        for num in root.iter(f"{W}num"):
            abstract = num.find(f"{W}abstractNumId")
            starts, levels = {}, {}
            for ov in num.iter(f"{W}lvlOverride"):
                ilvl = int(ov.get(f"{W}ilvl", "0"))
                so = ov.find(f"{W}startOverride")
                if so is not None:
                    starts[ilvl] = _counter(so.get(f"{W}val", "0"))
                levels.update(_levels(ov))
            if abstract is not None:
                self.nums[num.get(f"{W}numId")] = (abstract.get(f"{W}val"), starts, levels)

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        """The number a reader sees for the next paragraph of list ``num_id`` at level ``ilvl``."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        ilvl = ilvl or 0
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if ilvl in starts and (num_id, ilvl) not in self.overridden:
            self.overridden.add((num_id, ilvl))
            counters[ilvl] = starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart != 0 and ilvl < (restart if restart is not None else deeper):
                del counters[deeper]
        if level.fmt == "bullet":
            return ""

        def fill(k: int) -> str:
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            return format_number(value, "decimal" if level.legal and k < ilvl else lv.fmt)

        text = level.text
        for k in range(8, -1, -1):
            text = text.replace(f"%{k + 1}", fill(k))
        if not text.strip():
            return ""
        return text if level.suffix == "nothing" else text + " "  # a tab or a space: the reader sees a gap


def _counter(value: str) -> int:
    """A start value, within Word's range (a hostile 10**12 would make a Roman numeral of a billion Ms)."""
    return max(0, min(int(value), MAX_COUNTER))


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format (``numFmt``)."""
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        # Word repeats the letter past Z: AA, BB, ...
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_counting(n)
    if fmt in LEGAL_DIGITS:
        return chinese_counting(n, LEGAL_DIGITS[fmt])
    if fmt == "ideographDigital" or fmt == "taiwaneseDigital":
        return "".join(CN_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return CN_TRADITIONAL[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "none":
        return ""
    return str(n)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, digits in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def chinese_counting(n: int, digits: tuple[str, str] = (CN_DIGITS, "千百十")) -> str:
    """一, 十, 十一, 二十, 一百零五 ... (below 10,000); ``digits``: the numerals and the units 千百十."""
    numerals, (thousand, hundred, ten) = digits[0], digits[1]
    if n <= 0:
        return numerals[0] if n == 0 else str(n)
    if n >= 10000:
        return str(n)
    units = ((1000, thousand), (100, hundred), (10, ten), (1, ""))
    out, zero = [], False
    for value, unit in units:
        digit = n // value % 10
        if digit:
            if zero and out:
                out.append("零")
            out.append(("" if value == 10 and n < 20 and numerals == CN_DIGITS else numerals[digit]) + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)


@dataclass
class _Block:
    text: str = ""
    styles: list[tuple[int, int, str]] = field(default_factory=list)


def _paragraph(p, styles: _Styles, numbering: _Numbering) -> _Block:
    ppr = p.find(f"{W}pPr")
    pstyle_el = ppr.find(f"{W}pStyle") if ppr is not None else None
    pstyle = pstyle_el.get(f"{W}val") if pstyle_el is not None else styles.default_paragraph
    num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
    num_id, ilvl = styles.num_pr(pstyle)
    if num_pr is not None:
        nid, lvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
        num_id = nid.get(f"{W}val") if nid is not None else num_id
        ilvl = int(lvl.get(f"{W}val")) if lvl is not None else ilvl
    chunks: list[tuple[str, bool, bool]] = []
    for r in _runs(p):
        rpr = r.find(f"{W}rPr")
        rstyle_el = rpr.find(f"{W}rStyle") if rpr is not None else None
        rstyle = rstyle_el.get(f"{W}val") if rstyle_el is not None else None
        bold = styles.run_prop("b", rpr, rstyle, pstyle)
        italic = styles.run_prop("i", rpr, rstyle, pstyle)
        for el in r:
            if el.tag == f"{W}t":
                chunks.append((el.text or "", bold, italic))
            elif el.tag in (f"{W}tab", f"{W}ptab"):
                chunks.append((" ", bold, italic))
            elif el.tag in (f"{W}br", f"{W}cr"):
                chunks.append(("\n" if el.get(f"{W}type", "textWrapping") == "textWrapping" else " ", False, False))
            elif el.tag == f"{W}noBreakHyphen":
                chunks.append(("-", bold, italic))
            elif el.tag == f"{W}sym":
                chunks.append((chr(int(el.get(f"{W}char", "20"), 16)) if el.get(f"{W}char") else "", bold, italic))
    body = "".join(c for c, _, _ in chunks)
    if not body.strip():
        return _Block()
    label = numbering.label(num_id, ilvl)
    heading = styles.is_heading(pstyle, ppr)
    block = _Block()
    text = label
    marks: list[tuple[int, bool, bool]] = [(len(label), False, False)] if label else []
    for chunk, bold, italic in chunks:
        marks.append((len(text), bold, italic))
        text += chunk
    block.text, lead = _tidy(text)
    for style, index in (("bold", 1), ("italic", 2)):
        start = None
        for i, mark in enumerate([*marks, (len(text), False, False)]):
            on = mark[index] if i < len(marks) else False
            if on and start is None:
                start = mark[0]
            elif not on and start is not None:
                block.styles.append((start - lead, mark[0] - lead, style))
                start = None
    if heading:
        block.styles.append((0, len(block.text), "bold"))
    block.styles = [_clip(s, block.text) for s in block.styles]
    block.styles = [s for s in block.styles if s[1] > s[0]]
    return block


def _runs(p):
    """w:r elements of a paragraph in order, inside hyperlinks, insertions, smart tags and fields."""
    for el in p:
        if el.tag in SKIP:
            continue
        if el.tag == f"{W}r":
            yield el
        else:
            yield from _runs(el)


def _tidy(text: str) -> tuple[str, int]:
    """The text without outer white space; returns it and how many characters were cut at its start.
    Spaces around inner line breaks are left to repair, which cleans lines as it does for every format."""
    lead = len(text) - len(text.lstrip(" \t\n\u00a0\u3000"))
    return text[lead:].rstrip(" \t\n\u00a0\u3000"), lead


def _clip(span: tuple[int, int, str], text: str) -> tuple[int, int, str]:
    start, end, style = max(0, span[0]), min(len(text), span[1]), span[2]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, style


def _assemble(blocks: list[_Block]) -> tuple[str, tuple[StyleSpan, ...]]:
    parts, spans = [], []
    pos = 0
    for block in blocks:
        parts.append(block.text)
        spans += [StyleSpan(pos + s, pos + e, style) for s, e, style in block.styles]
        pos += len(block.text) + 2
    merged = sorted(set(spans), key=lambda s: (s.start, s.end, s.style))
    return "\n\n".join(parts), tuple(merged)
