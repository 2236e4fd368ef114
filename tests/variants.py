"""Renderings of a plan that must give the same tables as the original: generated at test time."""

from __future__ import annotations

import re
import textwrap


def hard_wrap(text: str, width: int = 72) -> str:
    """Wrap every paragraph at ``width`` columns, as a plain-text export or an e-mail would."""
    out = []
    for line in text.split("\n"):
        out.append("\n".join(textwrap.wrap(line, width=width)) if line.strip() else "")
    return "\n".join(out)


def to_bytes(text: str, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> bytes:
    data = text.replace("\n", newline).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def strip_markup(text: str) -> str:
    """The same text without any ``*`` emphasis."""
    return re.sub(r"\*+", "", text)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def single_newlines(text: str) -> str:
    """Paragraphs on lines of their own with no blank line between them (a common export)."""
    return "\n".join(" ".join(p.split("\n")) for p in paragraphs(text))


def indented_no_blank_lines(text: str, width: int = 70) -> str:
    """Wrapped paragraphs marked only by a first-line indent."""
    return "\n".join("    " + hard_wrap(" ".join(p.split("\n")), width) for p in paragraphs(text))
