"""Compare extraction with a gold annotation: precision, recall and F1 per entity type.

A gold file (JSON, see ``tests/gold/``) lists, per document, ``instruments`` (measure, surface, type,
action), ``agencies`` (measure, surface, role, agency_id, lead) and ``targets`` (measure, comparator,
value_min, value_max, unit). A found item matches a gold item with the same key (measure number plus
surface, or plus value and unit); units are compared normalized (``targets.unit_normalized``: a gold unit
printed in Chinese, 件 or 个月, is read as count or month, as the pipeline normalizes it); attributes of
matched items (type, action, agency_id) are scored as accuracy. Items are multisets: two mentions of one law
in one measure count twice.

:func:`read_gold` checks the file before any work: a regular file of at most :data:`MAX_GOLD` bytes, JSON
(nesting deeper than Python recurses is an error, not a crash), each item with its keys and their types;
problems raise :class:`GoldError` naming the file and, for an item, the list and its position.
"""

from __future__ import annotations

import json
import math
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .corpus import process_file
from .extract.zh import normalized_unit
from .gazetteer import normalize_name
from .model import Document, PipelineError

MAX_GOLD = 16 * 1024**2  # bytes
_TEXT, _OPTIONAL_TEXT, _NUMBER = (str,), (str, type(None)), (int, float)
_MEASURE = (int, type(None))
# Per list, the keys every item needs and the JSON types each may have (bool is checked apart from int).
GOLD_KEYS: dict[str, dict[str, tuple[type, ...]]] = {
    "instruments": {"measure": _MEASURE, "surface": _TEXT, "type": _TEXT, "action": _OPTIONAL_TEXT},
    "agencies": {"measure": _MEASURE, "surface": _TEXT, "role": _TEXT, "agency_id": _OPTIONAL_TEXT, "lead": (bool,)},
    "targets": {"measure": _MEASURE, "comparator": _TEXT, "value_min": _NUMBER, "value_max": _NUMBER, "unit": _TEXT},
}


class GoldError(PipelineError):
    """A gold file that cannot be used; the message names the file and the problem."""


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
    number: dict[str | None, int] = {m.measure_id: m.number for m in doc.measures}  # no measure: None
    return {
        "instruments": [
            ((number.get(x.measure_id), normalize_name(x.surface)), {"type": x.instrument_type, "action": x.action})
            for x in doc.law_mentions
        ],
        "agencies": [
            ((number.get(x.measure_id), normalize_name(x.surface), x.role), {"agency_id": x.agency_id, "lead": x.lead})
            for x in doc.agency_mentions
        ],
        "responsibility": [
            ((number.get(x.measure_id), normalize_name(x.surface)), {"agency_id": x.agency_id, "lead": x.lead})
            for x in doc.agency_mentions
            if x.role == "responsible"
        ],
        "targets": [
            (
                (number.get(x.measure_id), x.comparator, x.value_min, x.value_max, x.unit_normalized),
                {"subject": (x.subject or "").lower()},
            )
            for x in doc.targets
        ],
    }


def _gold_items(gold: dict) -> dict[str, list[tuple[tuple, dict]]]:
    return {
        "instruments": [
            ((g["measure"], normalize_name(g["surface"])), {"type": g["type"], "action": g["action"]})
            for g in gold["instruments"]
        ],
        "agencies": [
            ((g["measure"], normalize_name(g["surface"]), g["role"]), {"agency_id": g["agency_id"], "lead": g["lead"]})
            for g in gold["agencies"]
        ],
        "responsibility": [
            ((g["measure"], normalize_name(g["surface"])), {"agency_id": g["agency_id"], "lead": g["lead"]})
            for g in gold["agencies"]
            if g["role"] == "responsible"
        ],
        "targets": [
            (
                (
                    g["measure"],
                    g["comparator"],
                    float(g["value_min"]),
                    float(g["value_max"]),
                    normalized_unit(g["unit"]),
                ),
                {"subject": (g.get("subject") or "").lower()},
            )
            for g in gold["targets"]
        ],
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
        out[entity] = Score(
            entity,
            sum(g.values()),
            sum(f.values()),
            correct,
            {n: agree[n] / total if total else 1.0 for n in sorted(names)},
            tuple(map(str, (g - f).elements())),
            tuple(map(str, (f - g).elements())),
        )
    return out


def evaluate(gold_path: str | Path, input_path: str | Path) -> dict[str, Score]:
    """Score the pipeline on ``input_path`` against a gold file; a bad gold file raises :class:`GoldError`,
    an input that fails raises :class:`PipelineError` naming it."""
    gold = read_gold(gold_path)
    try:
        doc = process_file(input_path)
    except PipelineError as exc:
        raise PipelineError(f"{input_path}: {exc}") from exc
    return score(doc, gold)


def read_gold(path: str | Path) -> dict:
    """A gold annotation, checked (see the module's description)."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise GoldError(f"{path}: not a regular file; give a gold annotation (JSON)")
        with open(path, "rb") as fh:
            data = fh.read(MAX_GOLD + 1)
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_GOLD:
        raise GoldError(f"{path}: larger than {MAX_GOLD // 1024**2} MB; not a gold annotation")
    try:
        gold = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise GoldError(f"{path}: JSON nested too deeply to be a gold annotation") from None
    except ValueError as exc:  # a number too long to convert
        raise GoldError(f"{path}: not usable JSON ({exc})") from None
    _check_gold(gold, path)
    return gold


def _check_gold(gold: object, path: Path) -> None:
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: not a gold annotation (a JSON object with {', '.join(GOLD_KEYS)})")
    for entity, keys in GOLD_KEYS.items():
        items = gold.get(entity)
        if not isinstance(items, list):
            raise GoldError(f"{path}: {entity} must be a list of objects")
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise GoldError(f"{path}: {entity} item {i} is not an object")
            for key, types in keys.items():
                value = item.get(key, ...)
                if value is ...:
                    raise GoldError(f"{path}: {entity} item {i} has no {key}")
                if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                    names = " or ".join("null" if t is type(None) else _JSON_TYPES[t] for t in types)
                    raise GoldError(f"{path}: {entity} item {i}: {key} must be {names}")
                if types is _NUMBER and not _finite(value):
                    raise GoldError(f"{path}: {entity} item {i}: {key} must be a finite number")
            subject = item.get("subject")
            if entity == "targets" and not isinstance(subject, _OPTIONAL_TEXT):
                raise GoldError(f"{path}: {entity} item {i}: subject must be text or null")


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


_JSON_TYPES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def report(scores: dict[str, Score], verbose: bool = False) -> str:
    lines = [f"{'entity':<15} {'gold':>5} {'found':>5} {'correct':>7} {'P':>6} {'R':>6} {'F1':>6}  attributes"]
    for s in scores.values():
        attrs = ", ".join(f"{k} {v:.2f}" for k, v in s.attribute_accuracy.items())
        lines.append(
            f"{s.entity:<15} {s.gold:>5} {s.found:>5} {s.correct:>7} {s.precision:>6.3f} "
            f"{s.recall:>6.3f} {s.f1:>6.3f}  {attrs}"
        )
        if verbose:
            lines += [f"    missed:   {m}" for m in s.missed] + [f"    spurious: {m}" for m in s.spurious]
    return "\n".join(lines)
