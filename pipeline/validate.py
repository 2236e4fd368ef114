"""Check a folder of written tables: schemas, keys, spans; and read back the quality report."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from .export import SCHEMA_DIR, arrow_schema
from .model import QualityIssue


def validate(out_dir: str | Path) -> tuple[list[str], list[tuple[str, QualityIssue]]]:
    """Problems with the tables (empty when they are sound) and the quality findings stored with them."""
    out = Path(out_dir)
    problems: list[str] = []
    tables = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        name = path.stem
        file = out / f"{name}.parquet"
        if not file.exists():
            problems.append(f"{file}: missing")
            continue
        table = pq.read_table(file)
        tables[name] = table
        if not table.schema.equals(arrow_schema(name)):
            problems.append(f"{file}: columns or types differ from schemas/{name}.json")
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        keys = list(zip(*(table.column(k).to_pylist() for k in schema["primaryKey"]), strict=True))
        if len(keys) != len(set(keys)):
            problems.append(f"{file}: duplicate primary keys {schema['primaryKey']}")
    if "documents" in tables:
        text = dict(zip(tables["documents"].column("doc_id").to_pylist(),
                        tables["documents"].column("text").to_pylist(), strict=True))
        for name, column in (("goals", "text"), ("measures", "text"), ("agency_mentions", "surface"),
                             ("law_mentions", "surface"), ("targets", "surface")):
            if name not in tables:
                continue
            for row in tables[name].to_pylist():
                if row.get("corrected"):  # a researcher's correction may change the words or the span
                    continue
                if row[column] is not None and text[row["doc_id"]][row["char_start"]:row["char_end"]] != row[column]:
                    problems.append(f"{out / name}.parquet: {row[column][:40]!r} does not match its offsets")
                    break
    issues = []
    if "quality" in tables:
        for row in tables["quality"].to_pylist():
            issues.append((row["doc_id"], QualityIssue(row["check"], row["severity"], row["item_id"], row["message"])))
    return problems, issues
