"""Interval lookups in O(log n): which spans hold an offset, whether an offset or a span is covered.

Every stage asks "which measure, section, paragraph or blocked range is this mention in?" once per mention;
scanning the list each time makes a long document quadratic. These indexes are built once (n log n) and
answer by bisection, with exactly the answers the scans gave.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any


class IntervalIndex:
    """Half-open intervals ``(start, end)`` with a priority; ``at(offset)`` lists the values of every interval
    holding ``offset``, lowest priority first (ties in the order given)."""

    def __init__(self, intervals: Iterable[tuple[int, int, Any, Any]]) -> None:
        items = [(s, e, p, i, v) for i, (s, e, p, v) in enumerate(intervals) if s < e]
        bounds = sorted({x for s, e, *_ in items for x in (s, e)})
        by_start = sorted(items, key=lambda t: t[0])
        active: list[tuple[Any, int, int, Any]] = []  # (priority, order, end, value), sorted
        self._starts: list[int] = []
        self._values: list[tuple[Any, ...]] = []
        k = 0
        for b in bounds:
            while k < len(by_start) and by_start[k][0] <= b:
                s, e, p, i, v = by_start[k]
                active.append((p, i, e, v))
                k += 1
            active = sorted((x for x in active if x[2] > b), key=lambda x: (x[0], x[1]))
            self._starts.append(b)
            self._values.append(tuple(x[3] for x in active))

    def at(self, offset: int) -> tuple[Any, ...]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._values[i] if i >= 0 else ()

    def first(self, offset: int) -> Any:
        values = self.at(offset)
        return values[0] if values else None


class Coverage:
    """The union of half-open intervals: is an offset covered, does a span lie inside one interval."""

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted((s, e) for s, e in intervals if s < e):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def covers(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


class Containers:
    """Intervals (possibly overlapping): is a span inside one of them, does it overlap one."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        pairs = sorted(intervals)
        self._starts = [s for s, _ in pairs]
        self._max_end: list[int] = []  # the largest end among the intervals up to each index
        for _, e in pairs:
            self._max_end.append(max(e, self._max_end[-1]) if self._max_end else e)

    def contains(self, start: int, end: int) -> bool:
        """Some interval ``(a, b)`` has ``a <= start`` and ``end <= b``."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._max_end[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Some interval ``(a, b)`` has ``a < end`` and ``start < b``."""
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._max_end[i] > start
