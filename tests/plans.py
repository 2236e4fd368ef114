"""Distinct plans generated at test time from the 2014 circular: each with its own year and document number
(so its own doc_id), numbers and addressee order permuted, so no cache or shortcut can tell them apart."""

from __future__ import annotations

import random
import re
from pathlib import Path

from conftest import CIRCULAR_2014

BASE = CIRCULAR_2014.read_text(encoding="utf-8")
ADDRESSEES = BASE.splitlines()[11]


def variant(i: int, numbered: bool = True) -> str:
    """Plan ``i``: year 2001 + i % 30, document number i + 100; the same outline as the 2014 circular."""
    rng = random.Random(i)
    year = 2001 + i % 30
    text = BASE.replace("[2014] No. 24", f"[{year}] No. {i + 100}" if numbered else "")
    text = text.replace("2014", str(year))
    names = ADDRESSEES.rstrip(",").split(", ")
    rng.shuffle(names)
    text = text.replace(ADDRESSEES, ", ".join(names) + ",")
    # numbers inside sentences (not measure numbers, which open a line)
    return re.sub(r"(?<=[ (])(\d{1,3})(?=[ %)])", lambda m: str(rng.randint(2, 999)), text)


def write_plans(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"plan_{i:04d}.txt"
        path.write_text(variant(i), encoding="utf-8")
        paths.append(path)
    return paths
