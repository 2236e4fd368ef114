"""mypy over the package, against a baseline that only shrinks (``mypy-baseline.txt``).

    python -m tests.typecheck            # fails on an error not in the baseline, and on a baseline line mypy no
                                         # longer reports (then shrink the baseline)
    python -m tests.typecheck --shrink   # rewrite the baseline without the errors that are gone (never adds one)

``make test`` and ``make quick`` run the first. The baseline holds one error per line as mypy prints it without
its line number (``pipeline/x.py: error: ...  [code]``), so that edits above an error do not move it; an error
that occurs twice in a file is listed twice. mypy's settings are in pyproject.toml (``[tool.mypy]``).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# mypy errors accepted for now (python -m tests.typecheck); it may only shrink: fix one, then run\n"
    "# `python -m tests.typecheck --shrink`. One error per line, without its line number.\n"
)
_ERROR = re.compile(r"^(?P<path>[^:\n]+\.pyi?):\d+(?::\d+)?: error: (?P<message>.*)$")
_LINE_REFERENCE = re.compile(r"\bon line \d+\b")


def normalise(output: str) -> list[str]:
    """mypy's error lines (notes and the summary left out) as ``path: error: message  [code]``: no line or column
    number, paths with ``/``, references to other lines as ``on line N``."""
    out = []
    for line in output.splitlines():
        m = _ERROR.match(line.strip())
        if m:
            path = m["path"].replace("\\", "/")
            out.append(f"{path}: error: {_LINE_REFERENCE.sub('on line N', m['message'].rstrip())}")
    return sorted(out)


def read_baseline(path: Path = BASELINE) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def compare(found: Iterable[str], baseline: Iterable[str]) -> tuple[list[str], list[str]]:
    """(errors not in the baseline, baseline lines mypy no longer reports), each as often as it is missing."""
    now, accepted = Counter(found), Counter(baseline)
    return sorted((now - accepted).elements()), sorted((accepted - now).elements())


def shrunk(found: Iterable[str], baseline: Iterable[str]) -> list[str]:
    """The baseline without the errors that are gone; never with one it did not hold."""
    return sorted((Counter(baseline) & Counter(found)).elements())


def run_mypy() -> str:
    """mypy's report on the package, run from the project's folder (its paths are then those of the baseline)."""
    from mypy import api

    os.chdir(ROOT)
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--hide-error-context", "--no-error-summary", "--no-pretty"]
    )
    if status not in (0, 1) or stderr.strip():
        raise SystemExit(f"typecheck: mypy could not run (exit {status}): {(stderr or stdout).strip()[:500]}")
    return stdout


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    found = normalise(run_mypy())
    baseline = read_baseline()
    if argv == ["--shrink"]:
        kept = shrunk(found, baseline)
        BASELINE.write_text(HEADER + "".join(f"{line}\n" for line in kept), encoding="utf-8")
        print(f"typecheck: baseline {len(baseline)} -> {len(kept)} errors ({BASELINE.name})")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    new, gone = compare(found, baseline)
    for line in new:
        print(f"new mypy error (fix it; the baseline does not grow): {line}")
    if gone:
        print(
            f"{len(gone)} error(s) of {BASELINE.name} are fixed: run `python -m tests.typecheck --shrink` and "
            "commit the shorter baseline"
        )
        for line in gone:
            print(f"  fixed: {line}")
    if new or gone:
        return 1
    print(f"typecheck: mypy finds the {len(found)} errors of {BASELINE.name} and no other")
    return 0


if __name__ == "__main__":
    sys.exit(main())
