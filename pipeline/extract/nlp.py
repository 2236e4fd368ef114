"""The spaCy pipeline: ``spacy.blank("en")`` plus registered rule components, built once per process.

Components (each a registered factory whose rule data is loaded from ``pipeline/resources``):

- ``policy_phrase_ruler``: a PhraseMatcher over JSONL ``{"label", "pattern", "id"}`` records; used twice,
  for instrument head words (``instrument_heads.jsonl``, case-sensitive) and action words (``actions.jsonl``).
- ``policy_agency_ruler``: a PhraseMatcher over every name, alias and abbreviation in ``agencies.csv``.
- ``policy_instrument_finder``: titles of laws and other instruments (``titles.json``).
- ``policy_target_finder``: numeric targets (``targets.json``).

Results are span groups in ``doc.spans``: ``instrument_heads``, ``actions``, ``agencies``, ``instruments``,
``targets``. Emphasis spans of the source (italic, bold) travel in ``doc.user_data["styles"]``.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import load_jsonl

if not Span.has_extension("target"):
    Span.set_extension("target", default=None)  # dict: comparator, value_min, value_max, unit, subject


@Language.factory("policy_phrase_ruler", default_config={"patterns": "actions.jsonl", "spans_key": "actions",
                                                          "attr": "LOWER"})
def make_phrase_ruler(nlp: Language, name: str, patterns: str, spans_key: str, attr: str) -> PhraseRuler:
    return PhraseRuler(nlp, patterns, spans_key, attr)


class PhraseRuler:
    """Longest non-overlapping matches of JSONL phrase patterns; the span label is the record's ``id``."""

    def __init__(self, nlp: Language, patterns: str, spans_key: str, attr: str) -> None:
        self.spans_key = spans_key
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        by_id: dict[str, list[Doc]] = {}
        for record in load_jsonl(patterns):
            by_id.setdefault(record["id"], []).append(nlp.make_doc(record["pattern"]))
        for key, docs in by_id.items():
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=doc.vocab.strings[k]) for k, s, e in self.matcher(doc)]
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc


@cache
def build_nlp() -> Language:
    """The extraction pipeline; cached, so each process builds it once (about 1 s)."""
    from . import agencies, laws, targets  # noqa: F401  (registers their factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("policy_phrase_ruler", name="instrument_heads",
                 config={"patterns": "instrument_heads.jsonl", "spans_key": "instrument_heads", "attr": "ORTH"})
    nlp.add_pipe("policy_phrase_ruler", name="actions",
                 config={"patterns": "actions.jsonl", "spans_key": "actions", "attr": "LOWER"})
    nlp.add_pipe("policy_agency_ruler")
    nlp.add_pipe("policy_instrument_finder")
    nlp.add_pipe("policy_target_finder")
    return nlp


def annotate(text: str, styles: list[tuple[int, int]] = ()) -> Doc:
    """Run the pipeline on a text, with emphasis spans (character offsets) as cues."""
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["styles"] = list(styles)
    doc.user_data["text"] = text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
