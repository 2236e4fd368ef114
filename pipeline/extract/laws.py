"""Laws and other instruments: titles, their type, and what the plan asks to do with them.

A title is a run of capitalized words and the lower-case words titles use ("of", "on", "the", ...), which
holds a head word ("Regulations", "Opinions", ...) either at its end or followed by a complement ("on ...",
"for ..."). Coordinated titles are split where both sides have a head of their own ("Copyright Law, Patent
Law"), while lists inside one title stay ("... in Medicine, Health and Family Planning"). Italics and
quotation marks are cues: a marked span with a head is one title even where the rules would cut it. The
rules alone give the same titles on text without markup.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..intervals import Containers, Coverage
from ..model import Document, LawMention
from ..model import Span as TextSpan
from ..patterns import QUOTATION
from ..rules.profiles import script_book
from .law_ids import is_own_title, law_identity, normalize_title
from .runs import (
    YEAR,
    Tokens,
    capitalized_run,
    clause_initial,
    glued_hyphen,
    suffix_paren_end,
    suffix_phrase_end,
    text_of,
    tokens,
    trim_run,
)

_R = script_book("latin")  # the word lists of the Latin-script finders (pipeline.rules.profiles)
COMPLEMENTS = frozenset(_R.words("titles", "complement"))
TIME_FOLLOWERS = frozenset(_R.words("titles", "time_follower"))
REFERENCE_WORDS = frozenset(_R.words("titles", "reference_word"))
SELF_REFERENCE = frozenset(_R.words("titles", "self_reference"))
LINE_BREAK = regex.compile(r"\n")
SENTENCE_BREAK = regex.compile(r"[.;]")
GENERIC_TITLES = frozenset(w.lower() for w in _R.words("titles", "generic_title"))


@Language.factory("policy_instrument_finder", assigns=["doc.spans"], requires=["doc.spans"])
def make_instrument_finder(nlp: Language, name: str) -> InstrumentFinder:
    return InstrumentFinder()


class InstrumentFinder:
    """Sets ``doc.spans["instruments"]``; each span's label is its instrument type."""

    def __call__(self, doc: Doc) -> Doc:
        # A head word inside an agency name ("... for Market Regulation") heads no title.
        agency_tokens = {i for span in doc.spans.get("agencies", []) for i in range(span.start, span.end)}
        heads = {
            span.start: span.label_ for span in doc.spans.get("instrument_heads", []) if span.start not in agency_tokens
        }
        found = rule_titles(tokens(doc), heads)
        # Titles do not overlap (runs are disjoint, and a cue replaces the one title it overlaps by their union),
        # so the titles a cue overlaps are neighbours in start order: found by bisection, not a scan per cue.
        starts = [f.start for f in found]
        by_start = {f.start: f for f in found}
        if any(a.end > b.start for a, b in zip(found, found[1:], strict=False)):
            raise ValueError("rule titles overlap")  # the invariant the lookups below rest on
        for cue in cue_titles(tokens(doc), heads):
            k = bisect.bisect_left(starts, cue.end)
            lo = k
            while lo > 0 and by_start[starts[lo - 1]].end > cue.start:
                lo -= 1
            overlapping = [by_start[x] for x in starts[lo:k]]
            if len(overlapping) > 1:
                continue  # one emphasis run over several titles ("*A*, *B*" set as one run): trust the rules
            del starts[lo:k]
            for f in overlapping:
                del by_start[f.start]
            # The cue may stop short of the title (italics closed before a page break): take the union.
            start = min([cue.start, *(f.start for f in overlapping)])
            end = max([cue.end, *(f.end for f in overlapping)])
            bisect.insort(starts, start)
            by_start[start] = Span(doc, start, end, label=cue.label_)
        doc.spans["instruments"] = [by_start[x] for x in starts]
        return doc


def _acceptable_heads(t: Tokens, start: int, end: int, heads: dict[int, str]) -> list[int]:
    """Head words that head the title: last word, or followed by a complement or a suffix parenthetical."""
    out = []
    for k in range(start, end):
        if k not in heads or (k > start and glued_hyphen(t, k - 1)):
            continue
        if (
            k + 1 == end
            or t.lower[k + 1] in COMPLEMENTS
            or t.text[k + 1] in ",:"
            or suffix_paren_end(t, k + 1)
            or suffix_phrase_end(t, k + 1)
        ):
            out.append(k)
    return out


def _title(t: Tokens, start: int, end: int, heads: dict[int, str]) -> Span | None:
    start, end = trim_run(t, start, end)
    accepted = _acceptable_heads(t, start, end, heads)
    if not accepted:
        return None
    # "issued by the CPC Central Committee and the State Council and the National ... Plan": a body named
    # before the head word issues the title, it is not part of it.
    # (Agencies are sorted and do not overlap: those from ``start`` ending by the head are a run found by bisection.)
    starts, ends = _agency_bounds(t.doc)
    i, j = bisect.bisect_left(starts, start), bisect.bisect_right(ends, accepted[0])
    if j > i:
        start, end = trim_run(t, ends[j - 1], end)
        accepted = _acceptable_heads(t, start, end, heads)
    if not accepted or end - start < 2:
        return None
    if _time_follows(t, end):
        return None
    if (
        t.text[start] in SELF_REFERENCE
        or (start > 0 and t.text[start - 1] in SELF_REFERENCE)
        or t.span_text(start, end).lower() in GENERIC_TITLES
    ):
        # "this Promotion Plan", "These Measures are formulated" (opening a sentence, capitalized into the run),
        # "the Work Plan": the document itself or a short name, no title
        return None
    return Span(t.doc, start, end, label=heads[accepted[0]])


def _time_follows(t: Tokens, end: int) -> bool:
    """A time word follows the title, after its closing quotation mark if any ("the 13th Five-Year Plan period",
    "the “14th Five-Year Plan” period"): the words name a time."""
    while end < len(t) and t.text[end] in "\"”’'":
        end += 1
    return end < len(t) and t.text[end] in TIME_FOLLOWERS


def _agency_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Token starts and ends of the agency names (``doc.spans["agencies"]``), computed once per document."""
    bounds = doc.user_data.get("_agency_bounds")
    if bounds is None:
        agencies = list(doc.spans.get("agencies", []))
        bounds = doc.user_data["_agency_bounds"] = ([a.start for a in agencies], [a.end for a in agencies])
    return bounds


def _split_coordination(t: Tokens, start: int, end: int, heads: dict[int, str]) -> list[tuple[int, int]]:
    """Split "X Law and the Y Regulations" where both sides have a head; keep "Access to and Benefit-Sharing".

    The run is cut at each "and"/"or" into segments. A segment with a head of its own, or one opening a reference
    ("Articles 3 and 4 of the Trademark Law", which runs on to its law), starts a new title; any other continues
    the title before it ("the Plan (2021–2025) and Long-Range Objectives through the Year 2035 and the Outline
    ..." is the Plan with its objectives, then the Outline)."""
    cuts = [k for k in range(start + 1, end - 1) if t.lower[k] in ("and", "or")]
    pieces: list[tuple[int, int]] = []
    for s, e in zip([start] + [k + 1 for k in cuts], cuts + [end], strict=True):
        first, last = trim_run(t, s, e)
        opens = bool(_acceptable_heads(t, first, last, heads)) or (first < last and t.text[first] in REFERENCE_WORDS)
        before = pieces[-1] if pieces else None
        if before and opens and _acceptable_heads(t, *trim_run(t, *before), heads):
            pieces.append((s, e))
        elif before:
            pieces[-1] = (before[0], e)
        else:
            pieces.append((s, e))
    return pieces


def rule_titles(t: Tokens, heads: dict[int, str]) -> list[Span]:
    found: list[Span] = []
    doc, n = t.doc, len(t)
    i = 0
    while i < n:
        # "2020 Promotion Plan ...": a year may open a title when a capitalized word follows it.
        if not (t.cap[i] or (i + 1 < n and t.cap[i + 1] and YEAR.match(t.text[i]))) or clause_initial(t, i):
            i += 1
            continue
        j = capitalized_run(t, i)
        for s, e in _split_coordination(t, i, j, heads):
            title = _title(t, _skip_reference(t, s, e), e, heads)
            if title is not None:
                found.append(title)
            elif found and _list_inside_title(t, found[-1], s, e):
                # "... in Medicine, Health and Family Planning": the run after the comma has no head of its own
                found[-1] = Span(doc, found[-1].start, e, label=found[-1].label_)
        i = max(j, i + 1)
    return found


def _skip_reference(t: Tokens, start: int, end: int) -> int:
    """ "Article 20 of the Patent Law" mentions the Patent Law: start after the reference's "of"."""
    if t.text[start] not in REFERENCE_WORDS:
        return start
    for k in range(start + 1, min(end, start + 6)):
        if t.lower[k] == "of":
            return k + 1
    return start


def _list_inside_title(t: Tokens, title: Span, start: int, end: int) -> bool:
    # Only a comma (and white space) between: checked token by token, stopping at the first other word, rather
    # than building the text between (which may be long when the last title is far back).
    commas = 0
    for k in range(title.end, start):
        word = t.text[k]
        commas += word == ","
        if commas > 1 or (word != "," and word.strip()):
            return False
    after = t.text[end] if end < len(t) else "."
    return commas == 1 and t.cap[start] and after in {",", ".", ";"}


def cue_titles(t: Tokens, heads: dict[int, str]) -> Iterator[Span]:
    """Italic and quoted spans that hold a title."""
    doc = t.doc
    marked = list(doc.user_data.get("styles", []))
    marked += [m.span("inner") for m in QUOTATION.finditer(text_of(doc))]
    for s, e in marked:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) < 2:
            continue
        start, end = trim_run(t, span.start, span.end)
        accepted = _acceptable_heads(t, start, end, heads)
        if _time_follows(t, span.end):
            continue  # "the “14th Five-Year Plan” period": a time, as it is unquoted
        if accepted and t.cap[start]:
            yield Span(doc, start, end, label=heads[accepted[0]])


def _action(sdoc: Doc, title: Span, titles: list[Span]) -> str | None:
    """A passive verb right after the title ("... is hereby issued"), else the nearest action word before it
    in its sentence."""
    starts, ends, labels, allowed, breaks = _action_index(sdoc, titles)
    after = sdoc[title.end : min(len(sdoc), title.end + 5)]
    if len(after) and after[0].lower_ in {"is", "are", "was", "were", "be", "shall"}:
        i = bisect.bisect_right(starts, after.start)  # the first action starting after the verb
        if i < len(starts) and starts[i] < after.end:
            return labels[i]
    # The last action ending before the title, not inside a title, with no sentence or line break between.
    j = bisect.bisect_right(ends, title.start) - 1
    k = allowed[j] if j >= 0 else -1
    b = bisect.bisect_left(breaks, title.start)
    stop = breaks[b - 1] if b else -1
    return labels[k] if k >= 0 and ends[k] > stop else None


def _action_index(sdoc: Doc, titles: list[Span]) -> tuple:
    """What :func:`_action` looks up, built once per document and list of titles (actions are sorted and do
    not overlap): starts, ends and labels of the actions; for each action the last one up to it that is not
    inside a title (-1 if none); the tokens that break a sentence or line (".", ";", a line break in the token
    or the white space after it), ascending."""
    cached = sdoc.user_data.get("_action_index")
    if cached is not None and cached[0] is titles:
        return cached[1]
    actions = list(sdoc.spans["actions"])
    inside = Coverage((t.start, t.end) for t in titles)
    allowed, last = [], -1
    for i, a in enumerate(actions):
        last = last if inside.covers(a.start) else i
        allowed.append(last)
    # Found in the text, not token by token: each token spans its text and white space up to the next token.
    text = text_of(sdoc)
    idx = sdoc.to_array("IDX").tolist()
    breaks = {bisect.bisect_right(idx, m.start()) - 1 for m in LINE_BREAK.finditer(text)}
    breaks |= {
        k
        for m in SENTENCE_BREAK.finditer(text)
        if idx[k := bisect.bisect_right(idx, m.start()) - 1] == m.start() and len(sdoc[k]) == 1
    }
    index = (
        [a.start for a in actions],
        [a.end for a in actions],
        [a.label_ for a in actions],
        allowed,
        sorted(b for b in breaks if b >= 0),
    )
    sdoc.user_data["_action_index"] = (titles, index)
    return index


def find_law_mentions(doc: Document, sdoc: Doc, regions: list[tuple[int, int]]) -> list[LawMention]:
    """Law mentions in the given regions of the text (front matter such as the title is left out)."""
    titles = list(sdoc.spans["instruments"])
    inside = Containers(regions)
    own = {normalize_title(t) for t in (doc.metadata.title, doc.metadata.plan_title) if t}
    out = []
    for t in titles:
        s, e = t.start_char, t.end_char
        if not inside.contains(s, e) or is_own_title(normalize_title(doc.text[s:e]), own):
            continue  # outside the running text, or the document itself (its plan, what its notice issues)
        measure = doc.measure_at(s)
        surface = doc.text[s:e]
        law_id, title, instrument_type = law_identity(surface, t.label_)
        out.append(
            LawMention(
                mention_id=f"{doc.doc_id}/l{s}-{e}",
                law_id=law_id,
                title=title,
                instrument_type=instrument_type,
                surface=surface,
                action=_action(sdoc, t, titles),
                section_id=doc.section_at(s),
                measure_id=measure.measure_id if measure else None,
                span=TextSpan(s, e),
            )
        )
    return out
