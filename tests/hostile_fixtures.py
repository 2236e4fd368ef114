"""Hostile files, generated: entity amplification, external entities, zip bombs, deep nesting, huge pages.

Nothing large is kept in git; the bombs are small on disk and large only when unpacked.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
IMAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/image1.png"/></Relationships>'
)
PLAN = ("1. Implement the Patent Law.", "2. Improve the examination of applications.")


def document_xml(
    paragraphs: tuple[str, ...] = PLAN, doctype: str = "", body_prefix: str = "", body_suffix: str = ""
) -> bytes:
    paras = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body_prefix}{paras}{body_suffix}</w:body></w:document>'
    ).encode()


def write_docx(path: Path, document: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal Word package: content types, relationships, ``word/document.xml`` and ``extra`` parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def billion_laughs(levels: int = 9, fan_out: int = 10) -> str:
    """A DOCTYPE whose last entity expands to ``fan_out ** levels`` copies of "lol" (a billion by default)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * fan_out}">' for i in range(1, levels + 1)
    ]
    return f"<!DOCTYPE w:document [{''.join(entities)}]>"


def amplified_docx(path: Path) -> Path:
    doctype = billion_laughs()
    return write_docx(path, document_xml(("1. Implement &lol9;", PLAN[1]), doctype=doctype))


def external_entity_docx(path: Path, secret: Path) -> Path:
    """An XXE attempt: an external entity naming a local file, used in the text."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    return write_docx(path, document_xml(("1. Implement the Patent Law &xxe;.", PLAN[1]), doctype=doctype))


def _deflated_spaces(size: int, chunk: int = 1 << 20) -> tuple[bytes, int]:
    """``size`` bytes of spaces deflated (raw, as in a ZIP), and their CRC-32. After a full flush the
    compressor starts afresh, so one compressed MB repeated is a valid stream: a GB costs a MB of disk."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b" " * chunk
    packed = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(block, crc)
    return packed * (size // chunk) + packer.flush(), crc


def _zip_entry(name: str, compressed: bytes, crc: int, declared: int) -> tuple[bytes, bytes]:
    """A deflated ZIP entry: its local header plus data, and its central directory record (offset patched
    in by :func:`write_raw_zip`). ``declared`` is the uncompressed size the headers state."""
    encoded = name.encode()
    local = (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(compressed), declared, len(encoded), 0)
        + encoded
        + compressed
    )
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(compressed),
            declared,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + encoded
    )
    return local, central


def write_raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A ZIP written by hand from ``(name, deflated data, crc, declared size)``, so sizes can lie."""
    body, directory = b"", b""
    for name, compressed, crc, declared in entries:
        local, central = _zip_entry(name, compressed, crc, declared)
        directory += central[:42] + struct.pack("<I", len(body)) + central[46:]
        body += local
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def zip_bomb_docx(path: Path, unpacked: int, part: str = "word/media/image1.png", lie: bool = False) -> Path:
    """A Word file with one part that unpacks to ``unpacked`` bytes of spaces (a few MB on disk per GB).
    With ``lie`` its headers claim 1 KB, with the CRC of the first KB, so a reader trusting them is fooled."""
    compressed, crc = _deflated_spaces(unpacked)
    declared = unpacked
    if lie:
        declared, crc = 1024, zlib.crc32(b" " * 1024)
    entries = [
        ("[Content_Types].xml", *_deflated(CONTENT_TYPES.encode())),
        ("_rels/.rels", *_deflated(PACKAGE_RELS.encode())),
    ]
    if part == "word/document.xml":
        entries.append((part, compressed, crc, declared))
    else:
        entries += [
            ("word/document.xml", *_deflated(document_xml())),
            ("word/_rels/document.xml.rels", *_deflated(IMAGE_RELS.encode())),
            (part, compressed, crc, declared),
        ]
    return write_raw_zip(path, entries)


def deep_docx(path: Path, depth: int) -> Path:
    """Content controls nested ``depth`` deep around the plan's paragraphs."""
    open_, close = "<w:sdt><w:sdtContent>" * depth, "</w:sdtContent></w:sdt>" * depth
    return write_docx(path, document_xml(body_prefix=open_, body_suffix=close))


def html_page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


PLAN_HTML = "".join(f"<p>{p}</p>" for p in PLAN)


def deep_html(depth: int) -> bytes:
    return html_page("<div>" * depth + PLAN_HTML + "</div>" * depth)


def entity_flood_html(count: int) -> bytes:
    """A page of ``count`` character references (``&amp;``), each one character once read."""
    return html_page(f"<p>1. {'&amp;' * count}</p>" + PLAN_HTML)


def huge_html(size: int) -> bytes:
    paragraph = "<p>1. Implement the Patent Law and improve the examination of applications.</p>\n"
    return html_page(paragraph * (size // len(paragraph) + 1))


def nested_json(depth: int) -> str:
    return "[" * depth + "]" * depth


NUMBERING_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)
NUMBERING_TYPE = (
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
)


def numbered_docx(path: Path, start: str, fmt: str = "upperRoman") -> Path:
    """Two paragraphs of an automatically numbered list whose level starts at ``start``."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    paras = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for text in ("First measure.", "Second measure.")
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{paras}</w:body></w:document>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.replace("</Types>", NUMBERING_TYPE))
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", NUMBERING_RELS)
        z.writestr("word/numbering.xml", numbering)
    return path
