"""Plain-text reader: encoding detection, line endings, and ``*italic*`` / ``**bold**`` markup.

Encodings: a byte-order mark decides; else UTF-16 without a mark (NUL bytes in the ASCII characters);
else every candidate that decodes strictly (UTF-8, GB18030, Big5/CP950, CP1252) is scored and the most
plausible wins. Chinese decodes are told apart by the share of common characters: a Big5 file decoded as
GB18030 does not fail, but gives kana, box-drawing signs and rare ideographs instead of common ones. A text that
none reads whole but UTF-8 or GB18030 reads but for a few stray bytes is read so, with a warning.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from functools import cache
from pathlib import Path

from ..model import PipelineError, Source, StyleSpan

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order after BOM sniffing; the best-scoring strict decode wins, earlier ones on ties.
CANDIDATES = ("utf-8", "gb18030", "cp950", "cp1252")
MARKUP = re.compile(r"\*{1,3}")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but for \t \n \f \r


def read_text(path: Path) -> Source:
    data = path.read_bytes()
    try:
        text, encoding = decode(data)
        warnings: tuple[str, ...] = ()
    except Undecodable as exc:
        text, encoding, warnings = with_stray_bytes(data, exc)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, styles = strip_emphasis(text)
    if not text.strip():
        raise PipelineError("file is empty (no text)")
    return Source(
        path=str(path),
        format="txt",
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        styles=styles,
        warnings=warnings,
    )


class Undecodable(PipelineError):
    """Bytes that no candidate encoding reads whole."""


# Bytes a Chinese text may hold that its encoding cannot read (a download cut in the middle of a character, a
# stray byte) before it is refused, and at most one in a hundred: each is read as U+FFFD and the document says so
# in a quality finding.
STRAY_BYTES = 8


def with_stray_bytes(data: bytes, refused: Undecodable) -> tuple[str, str, tuple[str, ...]]:
    """The text of UTF-8 or GB18030 bytes with a few bytes the encoding cannot read (:data:`STRAY_BYTES`), those
    as U+FFFD, and the warning naming them; else ``refused`` is raised."""
    best = None
    for name in CANDIDATES[:2]:
        try:
            data.decode(name)
            continue  # it decodes whole: not the problem (cp1252 mojibake was; refused as it was)
        except UnicodeDecodeError as exc:
            first = exc.start
        text = data.decode(name, errors="replace")
        stray = text.count("\ufffd") - data.decode(name, errors="ignore").count("\ufffd")
        if best is None or stray < best[0]:
            best = (stray, name, text, first)
    if best is None or best[0] > min(STRAY_BYTES, len(data) // 100) or _control_ratio(best[2]) > 0.01:
        raise refused
    stray, name, text, first = best
    what = "1 byte that is" if stray == 1 else f"{stray} bytes that are"
    return text, name, (f"{what} not {name} (the first at offset {first}) read as U+FFFD",)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; raises PipelineError for binary or undecodable input."""
    if not data.strip():
        raise PipelineError("file is empty")
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise PipelineError(f"starts with a {name} byte-order mark but does not decode: {exc}") from exc
    utf16 = _sniff_utf16(data) or _sniff_utf16_cjk(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise PipelineError("binary file (contains NUL bytes); expected text or PDF")
    scored = []
    for rank, name in enumerate(CANDIDATES):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), -rank, name, text))
    if not scored:
        raise Undecodable(f"cannot decode the bytes: {_failures(data)}")
    score, _, name, text = max(scored)
    if name == "cp1252" and _mojibake(text):
        # Chinese text with a stray or cut byte decodes as nothing but Windows-1252, into accented Latin letters.
        raise Undecodable(f"cannot decode the bytes: {_failures(data)}; as cp1252 they read as mojibake")
    if _control_ratio(text) > 0.01:
        raise PipelineError("binary file (control characters); expected text or PDF")
    return text, name


MOJIBAKE_SHARE = 0.3  # a Western text has a few accented letters among its letters, not this share


def _mojibake(text: str) -> bool:
    """Whether a Windows-1252 decode is mostly accented letters and signs: double-byte text read one byte a time."""
    letters = [c for c in text if not c.isspace() and not c.isdigit()]
    return sum(not c.isascii() for c in letters) > MOJIBAKE_SHARE * max(1, len(letters))


def _failures(data: bytes) -> str:
    """Where each Chinese-capable candidate stops: "not utf-8 (byte 0xff at offset 30), not gb18030 (...)"."""
    out = []
    for name in CANDIDATES[:-1]:
        try:
            data.decode(name)
        except UnicodeDecodeError as exc:
            out.append(f"not {name} (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    return ", ".join(out)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, name in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                data.decode(name)
                return name
            except UnicodeDecodeError:
                return None
    return None


def _sniff_utf16_cjk(data: bytes) -> str | None:
    """UTF-16 without a BOM of mostly Chinese text: few NULs, but a decode made of common characters."""
    if len(data) % 2 or b"\x00" not in data:
        return None
    best = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:8192].decode(name, errors="strict") if len(data) > 8192 else data.decode(name)
        except UnicodeDecodeError:
            continue
        han = [c for c in text if 0x4E00 <= ord(c) <= 0x9FFF]
        if len(han) >= 0.3 * len(text) and sum(c in common_cjk() for c in han) >= 0.8 * len(han):
            best = name
    return best


@cache
def common_cjk() -> frozenset[str]:
    """The common ideographs of both scripts: GB2312 level 1 (3,755 simplified) and Big5 level 1
    (5,401 traditional), read from the codecs themselves."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) >= (0xC6, 0x7F):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _plausibility(text: str) -> int:
    """Rewards characters that real documents use, penalizes mojibake-looking ones."""
    score = 0
    common = common_cjk()
    for m in NON_ASCII.finditer(text):
        i, ch = m.start(), m.group()
        cp = ord(ch)
        if 0x2010 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:
            score += 1
        elif 0x4E00 <= cp <= 0x9FFF:
            # A lone ideograph glued to Latin letters is a sign of a wrong double-byte decode; so is a rare one.
            neighbours = text[max(0, i - 1) : i] + text[i + 1 : i + 2]
            glued = any(c.isascii() and c.isalpha() for c in neighbours)
            score += -1 if glued else (1 if ch in common else -2)
        elif 0x3040 <= cp <= 0x30FF or 0x2500 <= cp <= 0x257F or 0x0391 <= cp <= 0x0451:
            score -= 2  # kana, box drawing, Greek and Cyrillic: a Chinese text decoded with the wrong table
        elif unicodedata.category(ch) in ("Co", "Cn", "Cc", "So"):
            score -= 2
        else:
            score -= 1 if 0x80 <= cp <= 0xFF else 0
    return score


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = len(CONTROL.findall(sample))
    return bad / max(1, len(sample))


def strip_emphasis(text: str) -> tuple[str, tuple[StyleSpan, ...]]:
    """Remove ``*``/``**``/``***`` emphasis markers, returning the plain text and style spans over it.

    A run of asterisks is a marker when it touches a word on one side (opening before a non-space,
    closing after one); spaced-out asterisks are kept as text.
    """
    out: list[str] = []
    styles: list[StyleSpan] = []
    open_at: dict[str, int] = {}
    pos = 0
    length = 0
    for m in MARKUP.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        closing = not before.isspace()
        opening = not after.isspace()
        if not (closing or opening):
            continue
        chunk = text[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        n = len(m.group())
        wanted = {1: ["italic"], 2: ["bold"], 3: ["italic", "bold"]}[n]
        for style in wanted:
            if closing and style in open_at:
                start = open_at.pop(style)
                if length > start:
                    styles.append(StyleSpan(start, length, style))
            elif opening:
                open_at[style] = length
    out.append(text[pos:])
    return "".join(out), tuple(sorted(styles, key=lambda s: (s.start, s.end, s.style)))
