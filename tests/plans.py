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


# Plans of both languages for corpus views (the notebook): each language's plans take the years 2000 to 2029
# in turn, from bases of different outlines, so consecutive plans share some measures and not others.
FIXTURES = CIRCULAR_2014.parent.parent.parent / "tests" / "fixtures"
BASES = {
    "en": [
        (CIRCULAR_2014, "2014"),
        (FIXTURES / "plan_2020_style.txt", "2020"),
        (FIXTURES / "synthetic_plan_2031.txt", "2031"),
        (FIXTURES / "zh" / "plan_2029_en.txt", "2029"),
    ],
    "zh": [
        (FIXTURES / "zh" / "plan_2027_zh.txt", "2027"),
        (FIXTURES / "zh" / "plan_2029_zh.txt", "2029"),
        (FIXTURES / "zh" / "plan_2026_zh.txt", "2026"),
    ],
}
_NUMBER = {"en": (r"\[{year}\] No\. \d+", "[{year}] No. {n}"), "zh": (r"〔{year}〕\d+号", "〔{year}〕{n}号")}


def language_variant(language: str, k: int) -> str:
    """The ``k``-th plan of ``language``: year 2000 + k % 30 (several plans a year past 30, as provinces
    issue theirs), document number k + 100, from base ``k // 2`` modulo the number of bases (so every other
    plan continues its previous year and the others have a new outline)."""
    path, base_year = BASES[language][k // 2 % len(BASES[language])]
    year = str(2000 + k % 30)
    text = path.read_text(encoding="utf-8").replace(base_year, year)
    text = text.replace(_hanzi(base_year), _hanzi(year))  # 二〇二九年四月十日
    pattern, number = _NUMBER[language]
    return re.sub(pattern.format(year=year), number.format(year=year, n=k + 100), text, count=1)


def _hanzi(year: str) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in year)


def write_mixed_plans(folder: Path, n: int) -> list[Path]:
    """``n`` plans, English and Chinese in turn (``plan_en_0000.txt``, ``plan_zh_0000.txt``, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        language, k = ("en", "zh")[i % 2], i // 2
        path = folder / f"plan_{language}_{k:04d}.txt"
        path.write_text(language_variant(language, k), encoding="utf-8")
        paths.append(path)
    return paths
