"""Where a run reads and writes when not told, and how paths are printed (no heavy imports: the command line
builds its help from these)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/processed")


def path_text(path: str | Path) -> str:
    """A path as text that any file or terminal can hold: undecodable bytes as ``\\xNN``."""
    return os.fsencode(os.fspath(path)).decode("utf-8", "backslashreplace")


def shown(path: str | Path) -> str:
    """A path safe to print: also control characters (newlines, escape sequences) escaped."""
    text = path_text(path)
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)
