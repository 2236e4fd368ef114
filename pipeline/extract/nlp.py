"""The spaCy pipeline: ``spacy.blank(language)`` plus registered rule components, built once per process.

Components (registered factories; each declares what it assigns):

- ``policy_phrase_ruler``: PhraseMatchers over ``{"label", "pattern", "attr"}`` records taken from a source
  — the rule book's instrument heads (``instruments.json``, exact case), its actions (``actions.json``, any
  case) or the agency gazetteer (names any case, abbreviations exact case). Its patterns are saved with
  ``nlp.to_disk`` and come back with ``spacy.load``.
- ``policy_instrument_finder``: titles of laws and other instruments (``titles.json``).
- ``policy_target_finder``: numeric targets (``targets.json``, ``numbers.json``).

Results are span groups in ``doc.spans``: ``instrument_heads``, ``actions``, ``agencies``, ``instruments``,
``targets``. Emphasis spans of the source (italic, bold) travel in ``doc.user_data["styles"]``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import agencies
from ..rules.profiles import profile

if not Span.has_extension("target"):
    Span.set_extension("target", default=None)  # dict: comparator, value_min, value_max, unit, subject

DASH_VARIANTS = ("-", "–", "—")


def _book(concept: str, value: str, attr: str) -> Callable[[str], list[dict]]:
    def patterns(language: str) -> list[dict]:
        return [
            {"label": e[value], "pattern": e["phrase"], "attr": attr}
            for e in profile(language).rules.entries(concept)
            if "phrase" in e
        ]

    return patterns


def _variants(name: str) -> set[str]:
    out = {name, name.replace("'", "’")}
    if "-" in name:
        out |= {v.replace("-", d) for v in list(out) for d in DASH_VARIANTS}
    return out


def _gazetteer(language: str) -> list[dict]:
    """Every name and alias in any case; abbreviations (and all-capital aliases) in exact case."""
    names, abbrs = set(), set()
    for a in agencies():
        for n in (a.name, *a.aliases):
            (abbrs if n.isupper() else names).update(_variants(n))
        if a.abbreviation:
            abbrs.add(a.abbreviation)
    return [{"label": "AGENCY", "pattern": n, "attr": "LOWER"} for n in sorted(names)] + [
        {"label": "AGENCY", "pattern": n, "attr": "ORTH"} for n in sorted(abbrs)
    ]


SOURCES: dict[str, Callable[[str], list[dict]]] = {
    "instruments": _book("instruments", "type", "ORTH"),
    "actions": _book("actions", "action", "LOWER"),
    "gazetteer": _gazetteer,
}


@Language.factory(
    "policy_phrase_ruler",
    assigns=["doc.spans"],
    default_config={"source": "actions", "spans_key": "actions", "language": "en"},
)
def make_phrase_ruler(nlp: Language, name: str, source: str, spans_key: str, language: str) -> PhraseRuler:
    if source not in SOURCES:
        raise ValueError(f"unknown phrase source {source!r}; valid: {', '.join(SOURCES)}")
    return PhraseRuler(nlp, spans_key, SOURCES[source](language))


class PhraseRuler:
    """Longest non-overlapping phrase matches, labelled with their record's ``label``."""

    def __init__(self, nlp: Language, spans_key: str, patterns: Iterable[dict]) -> None:
        self.nlp, self.spans_key = nlp, spans_key
        self.set_patterns(patterns)

    def set_patterns(self, patterns: Iterable[dict]) -> None:
        self.patterns = sorted(patterns, key=lambda p: (p["attr"], p["label"], p["pattern"]))
        self.matchers: dict[str, PhraseMatcher] = {}
        grouped: dict[tuple[str, str], list[Doc]] = {}
        for p in self.patterns:
            grouped.setdefault((p["attr"], p["label"]), []).append(self.nlp.make_doc(p["pattern"]))
        for (attr, label), docs in grouped.items():
            matcher = self.matchers.setdefault(attr, PhraseMatcher(self.nlp.vocab, attr=attr))
            matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=doc.vocab.strings[k]) for m in self.matchers.values() for k, s, e in m(doc)]
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps(p, ensure_ascii=False) for p in self.patterns)
        (path / "patterns.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PhraseRuler:
        lines = (Path(path) / "patterns.jsonl").read_text(encoding="utf-8").splitlines()
        self.set_patterns(json.loads(line) for line in lines if line.strip())
        return self


class TailSuffixSearch:
    r"""The tokenizer's suffix search, reading only the end of a long string.

    spaCy strips one suffix at a time and searches the whole remaining string for each (every suffix pattern
    ends in ``$``): a run of 20,000 quotation marks costs 20,000 searches of 20,000 characters. Every suffix
    pattern but ``\.\.+`` matches at most a few characters, and any tail of a run of dots is a run of dots, so
    a match starting before the last ``TAIL`` characters exists only when one starts right at that point: then
    (and only then) the whole string is searched. Same matches, linear time. ``pattern`` keeps
    ``nlp.to_disk`` working."""

    TAIL = 100

    def __init__(self, compiled) -> None:
        self.compiled, self.pattern = compiled, compiled.pattern

    def search(self, string: str):
        if len(string) <= self.TAIL:
            return self.compiled.search(string)
        pos = len(string) - self.TAIL
        match = self.compiled.search(string, pos)
        return self.compiled.search(string) if match is not None and match.start() == pos else match


@cache
def build_nlp(language: str = "en") -> Language:
    """The extraction pipeline of ``language``; cached, so each process builds it once."""
    from .laws import make_instrument_finder  # noqa: F401  (importing them registers their factories)
    from .targets import make_target_finder  # noqa: F401

    profile(language)  # a clear error for a language without a rule book
    nlp = spacy.blank(language)
    if nlp.tokenizer.suffix_search is not None:
        nlp.tokenizer.suffix_search = TailSuffixSearch(nlp.tokenizer.suffix_search.__self__).search
    for name, source in (("instrument_heads", "instruments"), ("actions", "actions"), ("agencies", "gazetteer")):
        nlp.add_pipe(
            "policy_phrase_ruler", name=name, config={"source": source, "spans_key": name, "language": language}
        )
    nlp.add_pipe("policy_instrument_finder")
    nlp.add_pipe("policy_target_finder")
    return nlp


def annotate(text: str, styles: list[tuple[int, int]] = (), language: str = "en") -> Doc:
    """Run the pipeline on a text, with emphasis spans (character offsets) as cues."""
    nlp = build_nlp(language)
    # The tokenizer alone, without ``nlp.max_length`` (1,000,000 characters): that limit guards the memory of
    # parsers and taggers, which this pipeline has none of; tokens and rule components are linear in the text.
    doc = nlp.tokenizer(text)
    doc.user_data["styles"] = list(styles)
    doc.user_data["text"] = text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
