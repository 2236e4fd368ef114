"""Tables of numbered items (an annex's list: 序号 | 举措 | 主要内容 | 指导部门), read alike by the HTML and Word
readers.

Such a table is written one row per line, cells joined by ``CELL_SEPARATOR`` (as a Markdown table prints them), so
that the segmenter reads its rows as an annex's table rows (``pipeline.segment.body.table_rows``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..rules import languages, rules

CELL_SEPARATOR = " | "
MIN_TABLE_COLUMNS = 3


def numbers_its_rows(header: Sequence[str]) -> bool:
    """A header row of at least three cells whose first cell numbers the rows (序号, No.)."""
    return len(header) >= MIN_TABLE_COLUMNS and header[0].strip().lower() in number_heads()


@cache
def number_heads() -> frozenset[str]:
    """The first header cells that number a table's rows, in every rule book (``numbering.json`` annex_table
    ``number_columns``: 序号, No.), lower-cased."""
    return frozenset(
        c.strip().lower()
        for language in languages()
        for c in rules(language).extras.get("numbering", {}).get("annex_table", {}).get("number_columns", ())
    )
