"""Extract: agencies, legal instruments and numeric targets, attached to the segmented document.

Each family is found on its own: a crash in one loses that family (recorded as an error, status
``partial``), not the document. A language without a rule book gets its structure and a recorded error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from ..model import Document, StageError
from ..rules.profiles import languages, profile
from ..segment import paragraphs
from ..segment.footnotes import mask_markers

# A plan with this many measures and not one agency, instrument or target was not read right (a short
# excerpt may truly have none).
EXPECT_MENTIONS_FROM = 5


@cache
def english() -> tuple[Callable, tuple[tuple[str, Callable, str], ...]]:
    """The spaCy pipeline's ``annotate`` and the families found on its Doc, as (family, finder, Document field).

    Imported on the first English document: a process that reads only Chinese plans, or none (the command
    line's help, the parent of a run's workers), does not load spaCy."""
    from .agencies import find_agency_mentions
    from .laws import find_law_mentions
    from .nlp import annotate
    from .targets import find_targets

    return annotate, (
        ("agencies", find_agency_mentions, "agency_mentions"),
        ("laws", find_law_mentions, "law_mentions"),
        ("targets", lambda doc, sdoc, regions: find_targets(doc, sdoc), "targets"),
    )


def extract(doc: Document) -> Document:
    """Add mentions to a segmented document; the entry point of this stage. The document's language profile
    (pipeline.rules.profiles) names the extractor; a language without one keeps its structure, status partial."""
    language = doc.metadata.language
    if language not in languages():
        return _partial(
            doc,
            {},
            [
                StageError(
                    "extract",
                    f"no rule book for language {language!r} "
                    f"(have: {', '.join(languages())}); only the structure was read",
                )
            ],
        )
    # (loaded inside the check: a profile whose extractor cannot be imported loses the mentions, not the document)
    return _checked(doc, language, lambda d: profile(language).load("extractor")(d))


def extract_with_spacy(doc: Document) -> Document:
    """The extractor of a language read with the spaCy pipeline (``spacy.blank(language)`` and the rule book's
    components): each family in its own ``try``."""
    language = doc.metadata.language
    annotate, families = english()
    try:
        text = mask_markers(doc.text, doc.metadata.furniture_spans)  # a translator's footnote numbers
        sdoc = annotate(text, [(s.start, s.end) for s in doc.repaired.styles if s.style == "italic"], language)
    except Exception as exc:  # noqa: BLE001 - any failure of the NLP pipeline loses the mentions, not the document
        return _partial(doc, {}, [StageError("extract", f"{type(exc).__name__}: {exc}")])
    regions = text_regions(doc)
    found: dict[str, tuple] = {}
    errors: list[StageError] = []
    for family, finder, field in families:
        try:
            found[field] = tuple(finder(doc, sdoc, regions))
        except Exception as exc:  # noqa: BLE001 - one family's bug must not lose the others
            errors.append(StageError(f"extract.{family}", f"{type(exc).__name__}: {exc}"))
    return _partial(doc, found, errors) if errors else replace(doc, **found)


def _checked(doc: Document, family: str, extractor: Callable[[Document], Document]) -> Document:
    """Run a profile's extractor, which isolates its own families (records ``extract.<family>`` errors); a crash
    before its families (reading the text) loses the mentions, not the document."""
    try:
        out = extractor(doc)
    except Exception as exc:  # noqa: BLE001 - the extractor's bug loses the mentions, not the document
        return _partial(doc, {}, [StageError(f"extract.{family}", f"{type(exc).__name__}: {exc}")])
    if out.errors != doc.errors:
        return out  # a family failed: recorded by the extractor, status partial
    errors = _found_nothing(out, (out.agency_mentions, out.law_mentions, out.targets))
    return _partial(out, {}, errors) if errors else out


def _found_nothing(doc: Document, found) -> list[StageError]:
    listed = sum(m.status == "listed" for m in doc.measures)
    if not any(found) and listed >= EXPECT_MENTIONS_FROM:
        return [StageError("extract", f"no agencies, instruments or targets in {listed} measures")]
    return []


def _partial(doc: Document, found: dict, errors: list[StageError]) -> Document:
    return replace(doc, **found, status="partial", errors=doc.errors + tuple(errors))


def text_regions(doc: Document) -> list[tuple[int, int]]:
    """Paragraphs of running text: everything but the title, number, addressees, signature, date and headings.

    Each of these is cut out of its paragraph, so a body that runs together on one line (plan title and
    headings inline) keeps its measures."""
    m = doc.metadata
    furniture = [s for s in (m.title_span, m.doc_number_span, m.issuer_span, m.date_span, m.plan_title_span) if s]
    furniture += list(m.furniture_spans)
    furniture += list(doc.addressees)
    furniture += [s.title_span for s in doc.sections if s.title_span and s.kind == "heading"]
    cuts = sorted((f.start, f.end) for f in furniture)
    # The title printed again (after a table of contents, or as a web page's headline and again above the body).
    titles = {t.strip() for t in (m.title, m.plan_title) if t}
    out = []
    # Paragraphs and cuts in order: only the cuts overlapping a paragraph matter to it (in the order of their
    # starts), and a cut ending before a paragraph matters to none after it, so each cut is looked at while it
    # is open rather than once per paragraph.
    active: list[tuple[int, int]] = []
    k = 0
    for p in paragraphs(doc.text):
        if doc.text[p.start : p.end].strip() in titles:
            continue
        while k < len(cuts) and cuts[k][0] < p.end:
            active.append(cuts[k])
            k += 1
        active = [c for c in active if c[1] > p.start]
        start = p.start
        for cs, ce in active:
            if cs < p.end and p.start < ce:
                if cs > start:
                    out.append((start, cs))
                start = max(start, ce)
        if doc.text[start : p.end].strip():
            out.append((start, p.end))
    return out
