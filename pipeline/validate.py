"""Check a folder of written tables: one consistent commit, schemas, keys, spans, checksums; and read back the
quality report.

A sound folder holds exactly the fragments its manifest (in ``datapackage.json``) names, each whole (its
checksum in the manifest) and holding its own document's rows only; anything else (files copied in by hand, a
fragment cut short) would show up in ``pd.read_parquet(DIR / "measures.parquet")`` as mixed, orphaned or
unreadable rows, and is reported. A commit that was cut short (its journal still in ``.pipeline/``) is a note,
not a problem: its files are known, and the next run finishes it. Every path printed is escaped
(:func:`pipeline.paths.shown`); nothing outside DIR is read, whatever the manifest names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .export import arrow_schema
from .model import PipelineError, QualityIssue
from .paths import shown
from .store import JOURNAL, PACKAGE, STATE, Manifest, matches, read_consistent, read_journal, table_dir
from .tables import ALL_TABLES, TABLES, table_schema

INTERRUPTED = "interrupted commit, run again to finish"


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    issues: list[tuple[str, QualityIssue]] = field(default_factory=list)


def validate(out_dir: str | Path) -> tuple[list[str], list[tuple[str, QualityIssue]]]:
    """Problems with the tables (empty when they are sound) and the quality findings stored with them."""
    found = check(out_dir)
    return found.problems, found.issues


def check(out_dir: str | Path) -> Findings:
    """:func:`validate` with its notes (a commit cut short); read again when a run commits meanwhile."""
    out = Path(out_dir)
    try:
        return read_consistent(out, lambda manifest: _check(out, manifest))
    except PipelineError as exc:  # an unreadable datapackage.json is a finding, not a crash
        return Findings([str(exc)])


def _check(out: Path, manifest: Manifest | None) -> Findings:
    found = Findings()
    if manifest is None:
        found.problems.append(f"{shown(out / PACKAGE)}: missing, or without the manifest of a run")
    else:
        found.problems += manifest.damaged
    journal = read_journal(out)
    pending = set()
    if journal is not None:
        pending = {b for _, b in journal["renames"]} | set(journal["remove"])
        found.notes.append(
            f"{shown(out / STATE / JOURNAL)}: {INTERRUPTED} ({len(journal['renames'])} files to "
            "move in, the old ones to remove; pipeline.load reads the last commit)"
        )
    tables = _read_tables(out, manifest, pending, found)
    _check_spans(out, tables, found)
    for tmp in sorted(p for p in out.rglob(".*.tmp") if STATE + "/" not in p.relative_to(out).as_posix()):
        found.problems.append(
            f"{shown(tmp)}: temporary file left by an interrupted run of an earlier version (remove it)"
        )
    if "quality" in tables:
        for row in tables["quality"].to_pylist():
            found.issues.append(
                (row["doc_id"], QualityIssue(row["check"], row["severity"], row["item_id"], row["message"]))
            )
    return found


def _read_tables(out: Path, manifest: Manifest | None, pending: set[str], found: Findings) -> dict[str, pa.Table]:
    listed = manifest.files() if manifest else {}
    sums = manifest.checksums() if manifest else {}
    owner = {f"{t}.parquet/{e.key}.parquet": e.doc_id for e in (manifest.documents if manifest else ()) for t in listed}
    tables: dict[str, pa.Table] = {}
    for name in ALL_TABLES:
        folder = table_dir(out, name)
        if folder.is_symlink() or not folder.is_dir():
            found.problems.append(f"{shown(folder)}: {'a link, not read' if folder.is_symlink() else 'missing'}")
            continue
        # readers of the folder skip hidden files ("." or "_"): temporary files are reported below
        on_disk = {f"{name}.parquet/{f.name}" for f in folder.iterdir() if not f.name.startswith((".", "_"))}
        files = listed.get(name, []) if manifest else sorted(on_disk)
        for extra in sorted(on_disk - set(files) - pending):
            found.problems.append(
                f"{shown(out / extra)}: not named in the manifest (copied in, or left by an "
                "earlier version; readers of the folder see its rows; remove it)"
            )
        parts = []
        for rel in files:
            part = _read_part(out, rel, sums.get(rel), found)
            if part is None:
                continue
            if not part.schema.equals(arrow_schema(name)):
                found.problems.append(f"{shown(out / rel)}: columns or types differ from schemas/{name}.json")
                continue
            if rel in owner and set(part.column("doc_id").to_pylist()) - {owner[rel]}:
                found.problems.append(f"{shown(out / rel)}: rows of another document than {owner[rel]} (mixed rows)")
            parts.append(part)
        if not parts:
            continue
        table = pa.concat_tables(parts)
        tables[name] = table
        primary = table_schema(name)["primaryKey"]
        keys = list(zip(*(table.column(k).to_pylist() for k in primary), strict=True))
        if len(keys) != len(set(keys)):
            found.problems.append(f"{shown(folder)}: duplicate primary keys {primary}")
    return tables


def _read_part(out: Path, rel: str, expected: str | None, found: Findings) -> pa.Table | None:
    """One fragment named by the manifest, or None (and a problem) when it is missing, damaged or unreadable."""
    file = out / rel
    if file.is_symlink() or not file.is_file():
        found.problems.append(
            f"{shown(file)}: {'a link, not read' if file.is_symlink() else 'missing'} "
            "(named in the manifest; the next run writes it again)"
        )
        return None
    if expected is not None and not matches(file, expected):
        found.problems.append(
            f"{shown(file)}: damaged (its checksum differs from the manifest's; the next run writes it again)"
        )
        return None
    try:
        return pq.read_table(file)
    except (OSError, pa.ArrowException) as exc:
        found.problems.append(f"{shown(file)}: unreadable ({str(exc).splitlines()[0][:120]})")
        return None


def _check_spans(out: Path, tables: dict[str, pa.Table], found: Findings) -> None:
    if "documents" not in tables:
        return
    text = dict(
        zip(
            tables["documents"].column("doc_id").to_pylist(),
            tables["documents"].column("text").to_pylist(),
            strict=True,
        )
    )
    for name, column in ((t.name, t.span_text) for t in TABLES if t.span_text):
        if name not in tables:
            continue
        corrected = ["corrected"] if "corrected" in tables[name].column_names else []
        for row in tables[name].select(["doc_id", "char_start", "char_end", column, *corrected]).to_pylist():
            if row[column] is None or row.get("corrected"):  # a correction may change the words or span
                continue
            if row["doc_id"] not in text:
                found.problems.append(
                    f"{shown(table_dir(out, name))}: rows of {row['doc_id']}, which is not in documents"
                )
                break
            if text[row["doc_id"]][row["char_start"] : row["char_end"]] != row[column]:
                found.problems.append(f"{shown(table_dir(out, name))}: {row[column][:40]!r} does not match its offsets")
                break


__all__ = ["INTERRUPTED", "Findings", "check", "validate"]
