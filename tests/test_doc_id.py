"""Readable doc_ids: year, pinyin initials of the number's prefix, serial; a title slug and hash without a number."""

from __future__ import annotations

import pytest
from conftest import CIRCULAR_2014, FIXTURES, PLAN_2031

from pipeline.corpus import process_file
from pipeline.doc_id import make_doc_id


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("G. ZH. F. X. Z. [2014] No. 24", "2014-gzhfxz-24"),  # printed initials kept as printed
        ("Guo Zhi Fa Xie Zi [2014] No. 24", "2014-gzhfxz-24"),  # romanized syllables give their initials
        ("国知发协字〔2014〕24号", "2014-gzhfxz-24"),  # Chinese characters, read as pinyin
        ("GUO ZHI FA XIE ZI (2014) No.24", "2014-gzhfxz-24"),  # capitals, round brackets, no space
        ("国知战联办发〔2021〕16号", "2021-gzhzhlbf-16"),
        ("国知发〔2016〕第8号", "2016-gzhf-8"),
        ("Guo Zhi Ban Fa [2016] No. 08", "2016-gzhbf-8"),  # leading zero dropped
        ("Chang An Fa [2019] No. 2", "2019-chaf-2"),  # ch is one initial; a syllable without one
        ("[2014] No. 5", "2014-5"),  # no prefix
    ],
)
def test_numbered_plans(number, expected):
    assert make_doc_id(None, number, "Any title", "any text") == expected


@pytest.mark.parametrize(
    ("year", "title", "text", "expected"),
    [
        (
            2020,
            "2020 Promotion Plan for Deepening the Implementation of the Strategy",
            "a",
            "2020-promotion-plan-deepening-implementation-ca9781",
        ),
        (
            2020,
            "2020 Promotion Plan for Deepening the Implementation of the Strategy",
            "b",
            "2020-promotion-plan-deepening-implementation-3e23e8",
        ),  # another text, another id
        (None, "Plan", "a", "undated-plan-ca9781"),
        (2021, None, "a", "2021-plan-ca9781"),
        (2021, "2021年知识产权", "a", "2021-nian-zhi-shi-chan-ca9781"),
    ],
)
def test_unnumbered_plans(year, title, text, expected):
    assert make_doc_id(year, None, title, text) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (CIRCULAR_2014, "2014-gzhfxz-24"),
        (PLAN_2031, "2031-gzhlb-7"),
        (FIXTURES / "plan_2020_style.txt", "2020-gzhzhlb-3"),
    ],
)
def test_fixture_plans(path, expected):
    doc = process_file(path)
    assert doc.doc_id == expected
    assert all(m.measure_id.startswith(f"{expected}/") for m in doc.measures)  # row ids carry it


def test_pinyin_readings_are_pypinyins():
    """The readings come from pypinyin's data file without importing the package: every character it knows gets
    the syllable its own ``lazy_pinyin`` gives (tones dropped, ü as v: 绿 lv, 女 nv)."""
    from pypinyin import Style, lazy_pinyin

    from pipeline.doc_id import _pinyin, _readings

    differ = [chr(c) for c in _readings() if _pinyin(chr(c)) != lazy_pinyin(chr(c), style=Style.NORMAL)[0]]
    assert differ == []
    assert [_pinyin(c) for c in "国知绿女〇"] == ["guo", "zhi", "lv", "nv", "ling"]
