"""Rule data shipped with the package: JSON lexicons, JSONL spaCy patterns, CSV gazetteers."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCE_DIR = Path(__file__).parent


@cache
def load_json(name: str) -> Any:
    return json.loads((RESOURCE_DIR / name).read_text(encoding="utf-8"))


@cache
def load_jsonl(name: str) -> tuple[dict, ...]:
    lines = (RESOURCE_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("//"))


@cache
def load_csv(name: str) -> tuple[dict, ...]:
    with open(RESOURCE_DIR / name, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple(dict(row) for row in rows)
