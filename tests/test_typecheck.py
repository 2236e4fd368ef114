"""The mypy baseline check (tests/typecheck.py): errors compared without line numbers, a new one fails, a fixed one
asks for a shorter baseline, and shrinking never adds a line. (mypy itself runs in `make test`, not here.)"""

from __future__ import annotations

import pytest
from typecheck import BASELINE, compare, normalise, read_baseline, shrunk

E1 = 'pipeline/a.py: error: Item "None" of "Span | None" has no attribute "start"  [union-attr]'
E2 = 'pipeline/b.py: error: Need type annotation for "out"  [var-annotated]'


@pytest.mark.parametrize(
    "output, expected",
    [
        ('pipeline/a.py:12: error: Item "None" of "Span | None" has no attribute "start"  [union-attr]\n', [E1]),
        ('pipeline/a.py:12:7: error: Item "None" of "Span | None" has no attribute "start"  [union-attr]\n', [E1]),
        (
            'pipeline\\b.py:3: error: Need type annotation for "out"  [var-annotated]\n'
            "pipeline/b.py:3: note: hint: ...\nFound 1 error in 1 file (checked 2 source files)\n",
            [E2],
        ),
        (
            'pipeline/c.py:40: error: Name "x" already defined on line 12  [no-redef]\n',
            ['pipeline/c.py: error: Name "x" already defined on line N  [no-redef]'],
        ),
        ("Success: no issues found in 54 source files\n", []),
    ],
)
def test_errors_are_read_without_their_line_numbers(output, expected):
    assert normalise(output) == expected


@pytest.mark.parametrize(
    "found, baseline, new, gone",
    [
        ([E1, E2], [E1, E2], [], []),
        ([E1, E1, E2], [E1, E2], [E1], []),  # the same error once more in a file is new
        ([E2], [E1, E2], [], [E1]),  # fixed: the baseline must shrink
        ([E1], [E2], [E1], [E2]),
    ],
)
def test_new_errors_fail_and_fixed_ones_ask_for_a_shorter_baseline(found, baseline, new, gone):
    assert compare(found, baseline) == (new, gone)


@pytest.mark.parametrize(
    "found, baseline, expected",
    [
        ([E2], [E1, E2], [E2]),
        ([E1, E2], [E2], [E2]),  # a new error is never written into the baseline
        ([], [E1, E1], []),
    ],
)
def test_shrinking_only_removes(found, baseline, expected):
    assert shrunk(found, baseline) == expected


def test_the_baseline_is_sorted_and_holds_no_line_numbers():
    lines = read_baseline(BASELINE)
    assert lines == sorted(lines)
    assert lines == normalise("\n".join(line.replace(": error:", ":1: error:", 1) for line in lines))
