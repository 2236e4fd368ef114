"""Reading direction of a PDF page: turn boxes so that the page's text runs left to right, top to bottom.

Both engines hand over boxes (``x0``, ``x1``, ``top``, ``bottom``, origin top left) with ``dir``, the
direction their baseline runs, counter-clockwise in degrees: 0 reads rightwards, 90 upwards (text turned
a quarter left), 180 upside down, 270 downwards. A page is read in the direction most of its characters
run; characters running another way (a stamp up the margin) are left out and counted.
"""

from __future__ import annotations

import math
from collections import Counter


def direction(a: float, b: float) -> int:
    """The direction (0, 90, 180, 270) of a baseline along (a, b) in PDF space (y upwards)."""
    if not (a or b):
        return 0
    return int(round(math.degrees(math.atan2(b, a)) / 90)) % 4 * 90


def upright(
    width: float, height: float, items: list[dict], weight=lambda item: len(item["text"])
) -> tuple[float, float, list[dict], int, int]:
    """(width, height, items turned into the reading frame, the direction read, characters left out)."""
    if not items:
        return width, height, items, 0, 0
    counts: Counter = Counter()
    for item in items:
        counts[item["dir"]] += weight(item)
    read = max(sorted(counts), key=counts.__getitem__)
    skipped = sum(n for d, n in counts.items() if d != read)
    kept = [item for item in items if item["dir"] == read]
    if read == 0:
        return width, height, kept, read, skipped
    turned = [{**item, **_turn(item, read, width, height), "dir": 0} for item in kept]
    if read in (90, 270):
        width, height = height, width
    return width, height, turned, read, skipped


def _turn(box: dict, read: int, width: float, height: float) -> dict:
    x0, x1, top, bottom = box["x0"], box["x1"], box["top"], box["bottom"]
    if read == 90:  # reads upwards: lines follow one another to the right
        return {"x0": height - bottom, "x1": height - top, "top": x0, "bottom": x1}
    if read == 270:  # reads downwards: lines follow one another to the left
        return {"x0": top, "x1": bottom, "top": width - x1, "bottom": width - x0}
    return {"x0": width - x1, "x1": width - x0, "top": height - bottom, "bottom": height - top}
