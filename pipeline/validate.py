"""Check a folder of written tables: one consistent commit, schemas, keys, spans; and read back the quality report.

A sound folder holds exactly the fragments its manifest (in ``datapackage.json``) names, each with its own
document's rows only, and no temporary files; anything else (a run killed between writing fragments and
its commit, files copied in by hand) would show up in ``pd.read_parquet(DIR / "measures.parquet")`` as
mixed or orphaned rows, and is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .export import SCHEMA_DIR, arrow_schema
from .model import QualityIssue
from .store import PACKAGE, STATE, read_manifest, table_dir


def validate(out_dir: str | Path) -> tuple[list[str], list[tuple[str, QualityIssue]]]:
    """Problems with the tables (empty when they are sound) and the quality findings stored with them."""
    out = Path(out_dir)
    problems: list[str] = []
    try:
        manifest = read_manifest(out)
    except Exception as exc:  # an unreadable datapackage.json is a finding, not a crash
        return [str(exc)], []
    if manifest is None:
        problems.append(f"{out / PACKAGE}: missing, or without the manifest of a run")
    listed = manifest.files() if manifest else {}
    owner = {f"{t}.parquet/{e.key}.parquet": e.doc_id for e in (manifest.documents if manifest else ())
             for t in listed}
    tables: dict[str, pa.Table] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        name = path.stem
        folder = table_dir(out, name)
        if not folder.is_dir():
            problems.append(f"{folder}: missing")
            continue
        files = listed.get(name) if manifest else [f"{name}.parquet/{f.name}" for f in sorted(folder.iterdir())]
        for extra in sorted(set(f"{name}.parquet/{f.name}" for f in folder.iterdir()) - set(files)):
            problems.append(f"{out / extra}: not named in the manifest (left by an interrupted run or copied in; "
                            "readers of the folder see its rows; the next run removes it)")
        parts = []
        for rel in files:
            file = out / rel
            if not file.is_file():
                problems.append(f"{file}: missing (named in the manifest)")
                continue
            part = pq.read_table(file)
            if not part.schema.equals(arrow_schema(name)):
                problems.append(f"{file}: columns or types differ from schemas/{name}.json")
                continue
            if rel in owner and set(part.column("doc_id").to_pylist()) - {owner[rel]}:
                problems.append(f"{file}: rows of another document than {owner[rel]} (mixed rows)")
            parts.append(part)
        if not parts:
            continue
        table = pa.concat_tables(parts)
        tables[name] = table
        schema = json.loads(path.read_text(encoding="utf-8"))
        keys = list(zip(*(table.column(k).to_pylist() for k in schema["primaryKey"]), strict=True))
        if len(keys) != len(set(keys)):
            problems.append(f"{folder}: duplicate primary keys {schema['primaryKey']}")
    for tmp in sorted(p for p in out.rglob(".*.tmp") if STATE + "/staging" not in p.as_posix()):
        problems.append(f"{tmp}: temporary file left by an interrupted run (the next run removes it)")
    if "documents" in tables:
        text = dict(zip(tables["documents"].column("doc_id").to_pylist(),
                        tables["documents"].column("text").to_pylist(), strict=True))
        for name, column in (("goals", "text"), ("measures", "text"), ("agency_mentions", "surface"),
                             ("law_mentions", "surface"), ("targets", "surface")):
            if name not in tables:
                continue
            corrected = ["corrected"] if "corrected" in tables[name].column_names else []
            for row in tables[name].select(["doc_id", "char_start", "char_end", column, *corrected]).to_pylist():
                if row[column] is None or row.get("corrected"):  # a correction may change the words or span
                    continue
                if row["doc_id"] not in text:
                    problems.append(f"{table_dir(out, name)}: rows of {row['doc_id']}, which is not in documents")
                    break
                if text[row["doc_id"]][row["char_start"]:row["char_end"]] != row[column]:
                    problems.append(f"{table_dir(out, name)}: {row[column][:40]!r} does not match its offsets")
                    break
    issues = []
    if "quality" in tables:
        for row in tables["quality"].to_pylist():
            issues.append((row["doc_id"], QualityIssue(row["check"], row["severity"], row["item_id"], row["message"])))
    return problems, issues
