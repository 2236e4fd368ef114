#!/usr/bin/env python3
"""Rebuild the real benchmark's documents from fetched mirrors of public repositories.

The gold files (``realbench/gold/*.json``, written by reading) name where each document comes from:

    "source": {"repo": "owner/name", "commit": "<40 hex>", "path": "dir/file.html",
               "extract": {"kind": "file"}}

``extract`` is one of
    {"kind": "file"}                                   the file's bytes, as stored
    {"kind": "jsonl", "line": N, "field": "content"}   one field of line N (0-based) of a JSON-lines file
    {"kind": "json", "pointer": "/0/content"}          one value of a JSON file, by JSON pointer
    {"kind": "csv", "row": N, "column": "text"}        one cell of row N (0-based, header excluded)
and is "file" when absent. The text is written to ``DOCS_DIR/<file>`` (UTF-8 for extracted values, bytes as
stored for files). Mirrors are looked for in ``$MIRROR_ROOT`` (default ``/work/.mirror``) as
``owner+name/repo`` (what the team's ``fetch`` tool makes): a git directory without a work tree.

Nothing here is committed but the gold: third-party text stays in the mirrors and in ``DOCS_DIR``.
Exit status 0 always; prints one line per document it could not rebuild and a summary line.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path


def mirror_dir(root: Path, repo: str) -> Path:
    return root / repo.replace("/", "+") / "repo"


def read_blob(git_dir: Path, commit: str, path: str) -> bytes:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=True
    )
    return out.stdout


def extract(data: bytes, spec: dict) -> bytes:
    kind = spec.get("kind", "file")
    if kind == "file":
        return data
    text = data.decode("utf-8-sig")
    if kind == "jsonl":
        value = json.loads(text.splitlines()[spec["line"]])[spec["field"]]
    elif kind == "json":
        value = json.loads(text)
        for part in spec["pointer"].strip("/").split("/"):
            value = value[int(part)] if isinstance(value, list) else value[part.replace("~1", "/").replace("~0", "~")]
    elif kind == "csv":
        value = list(csv.DictReader(io.StringIO(text)))[spec["row"]][spec["column"]]
    else:
        raise ValueError(f"unknown extract kind {kind!r}")
    return str(value).encode("utf-8")


def rebuild(gold_dir: Path, docs_dir: Path, root: Path) -> tuple[int, int]:
    built = missing = 0
    docs_dir.mkdir(parents=True, exist_ok=True)
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        src = gold["source"]
        git_dir = mirror_dir(root, src["repo"])
        if not git_dir.is_dir():
            print(f"realbench: {gold['file']}: mirror of {src['repo']} absent ({git_dir})", file=sys.stderr)
            missing += 1
            continue
        try:
            data = extract(read_blob(git_dir, src.get("commit") or "HEAD", src["path"]), src.get("extract", {}))
        except (subprocess.CalledProcessError, KeyError, IndexError, ValueError) as e:
            print(f"realbench: {gold['file']}: cannot rebuild from {src['repo']}:{src['path']}: {e}", file=sys.stderr)
            missing += 1
            continue
        target = docs_dir / gold["file"]
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        built += 1
    return built, missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("docs_dir", type=Path)
    ap.add_argument("--mirrors", type=Path, default=Path(os.environ.get("MIRROR_ROOT", "/work/.mirror")))
    a = ap.parse_args()
    built, missing = rebuild(a.gold_dir, a.docs_dir, a.mirrors)
    print(f"realbench: rebuilt {built} document(s), {missing} not available")
    return 0


if __name__ == "__main__":
    sys.exit(main())
