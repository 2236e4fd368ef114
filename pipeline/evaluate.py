"""Compare extraction with a gold annotation: precision, recall and F1 per entity type.

A gold file (JSON, see ``tests/gold/``) lists, per document, ``instruments`` (measure, surface, type,
action), ``agencies`` (measure, surface, role, agency_id, lead) and ``targets`` (measure, comparator,
value_min, value_max, unit). A found item matches a gold item with the same key (measure number plus
surface, or plus value and unit); attributes of matched items (type, action, agency_id) are scored as
accuracy. Items are multisets: two mentions of one law in one measure count twice.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .corpus import process_file
from .gazetteer import normalize_name
from .model import Document


@dataclass(frozen=True)
class Score:
    entity: str
    gold: int
    found: int
    correct: int
    attribute_accuracy: dict[str, float]
    missed: tuple[str, ...]
    spurious: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _items(doc: Document) -> dict[str, list[tuple[tuple, dict]]]:
    number = {m.measure_id: m.number for m in doc.measures}
    return {
        "instruments": [((number.get(x.measure_id), normalize_name(x.surface)),
                         {"type": x.instrument_type, "action": x.action}) for x in doc.law_mentions],
        "agencies": [((number.get(x.measure_id), normalize_name(x.surface), x.role),
                      {"agency_id": x.agency_id, "lead": x.lead}) for x in doc.agency_mentions],
        "responsibility": [((number.get(x.measure_id), normalize_name(x.surface)),
                            {"agency_id": x.agency_id, "lead": x.lead})
                           for x in doc.agency_mentions if x.role == "responsible"],
        "targets": [((number.get(x.measure_id), x.comparator, x.value_min, x.value_max, x.unit),
                     {"subject": (x.subject or "").lower()}) for x in doc.targets],
    }


def _gold_items(gold: dict) -> dict[str, list[tuple[tuple, dict]]]:
    return {
        "instruments": [((g["measure"], normalize_name(g["surface"])), {"type": g["type"], "action": g["action"]})
                        for g in gold["instruments"]],
        "agencies": [((g["measure"], normalize_name(g["surface"]), g["role"]),
                      {"agency_id": g["agency_id"], "lead": g["lead"]}) for g in gold["agencies"]],
        "responsibility": [((g["measure"], normalize_name(g["surface"])),
                            {"agency_id": g["agency_id"], "lead": g["lead"]})
                           for g in gold["agencies"] if g["role"] == "responsible"],
        "targets": [((g["measure"], g["comparator"], float(g["value_min"]), float(g["value_max"]), g["unit"]),
                     {"subject": (g.get("subject") or "").lower()}) for g in gold["targets"]],
    }


def score(doc: Document, gold: dict) -> dict[str, Score]:
    found, expected = _items(doc), _gold_items(gold)
    out = {}
    for entity in expected:
        f = Counter(k for k, _ in found[entity])
        g = Counter(k for k, _ in expected[entity])
        correct = sum((f & g).values())
        gold_attrs = {k: a for k, a in expected[entity]}
        agree: Counter = Counter()
        total = 0
        for key, attrs in found[entity]:
            if key in gold_attrs:
                total += 1
                agree.update(name for name, value in attrs.items() if gold_attrs[key][name] == value)
        names = {n for _, a in expected[entity] for n in a}
        out[entity] = Score(entity, sum(g.values()), sum(f.values()), correct,
                            {n: agree[n] / total if total else 1.0 for n in sorted(names)},
                            tuple(map(str, (g - f).elements())), tuple(map(str, (f - g).elements())))
    return out


def evaluate(gold_path: str | Path, input_path: str | Path) -> dict[str, Score]:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return score(process_file(input_path), gold)


def report(scores: dict[str, Score], verbose: bool = False) -> str:
    lines = [f"{'entity':<15} {'gold':>5} {'found':>5} {'correct':>7} {'P':>6} {'R':>6} {'F1':>6}  attributes"]
    for s in scores.values():
        attrs = ", ".join(f"{k} {v:.2f}" for k, v in s.attribute_accuracy.items())
        lines.append(f"{s.entity:<15} {s.gold:>5} {s.found:>5} {s.correct:>7} {s.precision:>6.3f} "
                     f"{s.recall:>6.3f} {s.f1:>6.3f}  {attrs}")
        if verbose:
            lines += [f"    missed:   {m}" for m in s.missed] + [f"    spurious: {m}" for m in s.spurious]
    return "\n".join(lines)
