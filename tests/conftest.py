from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.corpus import process_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CIRCULAR_2014 = ROOT / "data" / "raw" / "circular_2014.txt"
PLAN_2031 = FIXTURES / "synthetic_plan_2031.txt"


@pytest.fixture(scope="session")
def doc_2014():
    return process_file(CIRCULAR_2014)


@pytest.fixture(scope="session")
def doc_2031():
    return process_file(PLAN_2031)


def outline(doc) -> dict:
    """What must not change between renderings of one plan: structure and exact wording."""
    return {
        "sections": [(s.level, s.label, s.title) for s in doc.sections],
        "goals": [g.text for g in doc.goals],
        "measures": [(m.number, m.status, m.text, m.responsibility_text) for m in doc.measures],
        "metadata": (doc.metadata.doc_number, doc.metadata.issue_date, doc.metadata.year),
        "addressees": [doc.text[a.start : a.end] for a in doc.addressees],
    }


def table_files(out: Path) -> dict[str, bytes]:
    """Every table fragment and the data package under ``out``, by relative path: what a run writes."""
    files = [p for p in out.glob("*.parquet/*.parquet")] + [out / "datapackage.json"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files if p.exists()}


def mentions(doc) -> tuple[list, list, list]:
    """Instruments, agencies and targets keyed by measure number (not by offsets): what two renderings of
    one plan (text, PDF, HTML, DOCX) must share."""
    number = {m.measure_id: m.number for m in doc.measures}
    return (
        sorted(
            [(number.get(x.measure_id), x.surface, x.instrument_type, x.action) for x in doc.law_mentions], key=repr
        ),
        sorted([(number.get(x.measure_id), x.surface, x.role, x.agency_id) for x in doc.agency_mentions], key=repr),
        sorted(
            [(number.get(x.measure_id), x.comparator, x.value_min, x.value_max, x.unit) for x in doc.targets], key=repr
        ),
    )


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found
