"""Traditional characters: a text printed in them is segmented in simplified ones, and what is read is given back
as printed.

The segmentation rules (article labels 第一条, 关于…的通知, 国务院令第…号公布, 从…起) are written in simplified
characters. A traditional-character copy (a Big5 page, a Taiwan or Hong Kong reprint) is segmented in its
*simplified copy*: Han characters simplified one for one (:func:`pipeline.ingest.language.matching_copy`'s Han
part; punctuation left as printed), so every offset into the copy is the same offset into the text. Spans need
nothing; every string that was read (a title, an issuer, a label, a measure's text) is given back in the
characters the text prints (:func:`as_printed`): found in the copy, it is the text's characters at the same place;
otherwise (a value joined from pieces) its characters are turned back one by one, as the text prints them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from ..ingest.language import HAN, is_traditional, simplified_copy

__all__ = ["as_printed", "is_traditional", "simplified_copy"]


class _Printed:
    """Turns strings read from the copy back into the text's characters."""

    def __init__(self, copy: str, text: str) -> None:
        self.copy, self.text = copy, text
        pairs = Counter((a, b) for a, b in zip(copy, text, strict=True) if a != b)
        self.chars: dict[str, str] = {}
        for (a, b), _ in pairs.most_common():
            self.chars.setdefault(a, b)  # the form the text prints most often

    def __call__(self, value: str) -> str:
        if not HAN.search(value) or not any(c in self.chars for c in value):
            return value
        at = self.copy.find(value)
        if at >= 0:
            return self.text[at : at + len(value)]
        return "".join(self.chars.get(c, c) for c in value)


def as_printed(obj: object, copy: str, text: str, skip: tuple[str, ...] = ()) -> object:
    """``obj`` (a dataclass, or tuples and lists of them) with every string in the text's own characters; the
    fields of ``obj`` named in ``skip`` are left as they are."""
    return _walk(obj, _Printed(copy, text), skip)


def _walk(obj: object, printed: _Printed, skip: tuple[str, ...] = ()) -> object:
    if isinstance(obj, str):
        return printed(obj)
    if isinstance(obj, tuple):
        return tuple(_walk(x, printed) for x in obj)
    if isinstance(obj, list):
        return [_walk(x, printed) for x in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if f.name in skip:
                continue
            value = getattr(obj, f.name)
            new = _walk(value, printed)
            if new is not value and new != value:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj
