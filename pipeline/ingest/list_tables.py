"""Tables of numbered items (an annex's list: 序号 | 举措 | 主要内容 | 指导部门), read alike by the HTML and Word
readers.

Such a table is written one row per line, cells joined by ``CELL_SEPARATOR`` (as a Markdown table prints them), so
that the segmenter reads its rows as an annex's table rows (``pipeline.segment.body.table_rows``).

What makes a table one of numbered items (:func:`list_lines`):

- caption rows above the header (``附件2 …任务分工表`` spanning the table, fewer than three cells) are ordinary
  text, read before it;
- the header is the first row of at least three cells; its rows are numbered by a column headed by one of the
  rule books' ``number_columns`` (序号, No.; in any position: 类别 | 序号 | 指标), or, without such a column, by a
  column whose cells open with consecutive numbers (``1.重点人群签约服务覆盖率`` in the second column);
- a row whose number cell is spanned from the row above (rowspan, vMerge: one task printed over three lines of
  主要内容 and 牵头单位) continues that numbered row: its cells are added to the row's cells (as clauses of their
  own: ``各区政府；市卫生健康委``), so that one numbered row is one line; a cell spanning from above into a new
  numbered row (a 类别 printed once for its group) is left empty there, never repeated;
- a row right below the header whose number cell is the header's (序号 spanning two rows) names the columns
  under the header's (门诊特定病种 over 分类 | 病种名称): each column takes its lower name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from ..rules import languages, rules

CELL_SEPARATOR = " | "
MIN_TABLE_COLUMNS = 3
MIN_NUMBERED_ROWS = 2  # a column numbers the rows when at least this many open with 1, 2, …
NUMBER_LABEL = regex.compile(r"\s*(?P<num>\d{1,3})\s*[.．、](?!\d)")  # 1. / 1、 opening a cell, not 3.5


@dataclass(frozen=True)
class GridCell:
    """One position of a table's grid: the text of the cell printed there, and whether that cell was printed in
    an earlier row and spans into this one (rowspan, vMerge continue) or in an earlier column (colspan)."""

    text: str
    from_above: bool = False
    from_left: bool = False


@cache
def number_heads() -> frozenset[str]:
    """The header cells that number a table's rows, in every rule book (``numbering.json`` annex_table
    ``number_columns``: 序号, No.), lower-cased, white space removed (序 号 is 序号)."""
    return frozenset(
        _key(c)
        for language in languages()
        for c in rules(language).extras.get("numbering", {}).get("annex_table", {}).get("number_columns", ())
    )


def _key(text: str) -> str:
    return regex.sub(r"\s", "", text).lower()


def number_column(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int | None:
    """The column numbering the rows: the one headed 序号 / No., else the first whose cells in ``rows`` open with
    a number label running 1, 2, … (restarts allowed), at least ``MIN_NUMBERED_ROWS`` of them; None if neither."""
    heads = number_heads()
    for j, cell in enumerate(header):
        if _key(cell) in heads:
            return j
    for j in range(len(header)):
        found = [label_number(r[j]) for r in rows if j < len(r) and r[j].strip()]
        values = [v for v in found if v is not None]
        if len(values) == len(found) >= MIN_NUMBERED_ROWS and values[0] == 1 and _runs_on(values):
            return j
    return None


def _runs_on(values: Sequence[int]) -> bool:
    return all(b in (a + 1, 1) for a, b in zip(values, values[1:], strict=False))


def label_number(cell: str) -> int | None:
    """The number a cell opens with as a label (``1.`` / ``1、``), or None."""
    m = NUMBER_LABEL.match(cell)
    return int(m.group("num")) if m else None


def list_lines(grid: Sequence[Sequence[GridCell]]) -> tuple[int, list[str]] | None:
    """A table of numbered items written one numbered row per line: ``(k, lines)`` where ``grid[:k]`` are caption
    rows (read as ordinary text) and ``lines`` the header and the rows, cells joined by ``CELL_SEPARATOR``; None
    when the table numbers no rows (a page's metadata block, a form)."""
    own = [[c.text if not (c.from_above or c.from_left) else "" for c in row] for row in grid]
    h = next((i for i, row in enumerate(own) if sum(1 for t in row if t.strip()) >= MIN_TABLE_COLUMNS), None)
    if h is None:
        return None
    header, body = own[h], grid[h + 1 :]
    col = number_column(header, [[c.text if not c.from_above else "" for c in row] for row in body])
    if col is None:
        return None
    lines: list[list[str]] = [header]
    for row in body:
        if not any(c.text.strip() for c in row):
            continue
        cells = [c.text if not (c.from_above or c.from_left) else "" for c in row]
        if col < len(row) and row[col].from_above and len(lines) == 1:  # a second header row (分类 | 病种名称)
            lines[0] = _named(lines[0], cells)
            continue
        if col < len(row) and row[col].from_above:  # the numbered row above goes on
            width = max(len(lines[-1]), len(cells))
            last, more = lines[-1] + [""] * (width - len(lines[-1])), cells + [""] * (width - len(cells))
            lines[-1] = [_joined(a, b) for a, b in zip(last, more, strict=True)]
            continue
        lines.append(cells)
    return h, [CELL_SEPARATOR.join(_trimmed(cells)) for cells in lines]


def _named(header: list[str], below: list[str]) -> list[str]:
    """A header over two rows (门诊特定病种 over 分类 | 病种名称): each column named by its lower, more specific
    name where it has one (牵头单位 under 责任单位)."""
    width = max(len(header), len(below))
    return [
        (below[j] if j < len(below) and below[j].strip() else header[j] if j < len(header) else "")
        for j in range(width)
    ]


CLOSED = ("。", "；", ";", "！", "？", ".", "!", "?")


def _joined(above: str, below: str) -> str:
    """A cell of a numbered row and the cell below it in the same column (the row goes on): one text, the two
    parts as two clauses (``各区政府；市卫生健康委、市人社局``), nothing added after a closed sentence."""
    if not above or not below:
        return above or below
    return above + below if above.endswith(CLOSED) else f"{above}；{below}"


def _trimmed(cells: list[str]) -> list[str]:
    """Without empty cells at the end: a line never closes with a pipe (a Markdown table's outer pipe)."""
    n = len(cells)
    while n > 1 and not cells[n - 1].strip():
        n -= 1
    return cells[:n]


def html_grid(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[GridCell]]:
    """The grid of a table from its rows of ``(text, rowspan, colspan)`` cells (HTML): a cell spanning rows or
    columns fills its positions, marked as continued from above or from the left."""
    grid: list[list[GridCell]] = []
    spans: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers) of cells from rows above
    for tr in rows:
        out: list[GridCell] = []
        started: dict[int, tuple[str, int]] = {}
        queue = list(tr)
        while queue or any(col >= len(out) for col in spans):
            col = len(out)
            if col in spans:
                text, left = spans.pop(col)
                out.append(GridCell(text, from_above=True))
                if left > 1:
                    started[col] = (text, left - 1)
            elif queue:
                text, rowspan, colspan = queue.pop(0)
                for k in range(max(1, colspan)):
                    if rowspan > 1:
                        started[len(out)] = (text, rowspan - 1)
                    out.append(GridCell(text, from_left=k > 0))
            else:
                out.append(GridCell(""))  # a hole left of a cell spanning from above
        spans = started
        grid.append(out)
    return grid
