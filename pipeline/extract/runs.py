"""Token helpers shared by the rule components: capitalized runs as names and titles are printed.

The components walk tokens many times over (every capitalized word starts a run), so they read a
:class:`Tokens` view of the Doc, plain Python lists built once per Doc, rather than a spaCy ``Token`` object
made per look.
"""

from __future__ import annotations

import regex
from spacy.attrs import IDX, LENGTH, LIKE_NUM, SPACY
from spacy.tokens import Doc

from ..rules.profiles import script_book

_R = script_book("latin")  # the word lists of the Latin-script finders (pipeline.rules.profiles)
CONNECTORS = frozenset(_R.words("titles", "connector"))
SUFFIX_PARENS = _R.pattern("titles", "suffix_parenthetical")
INTERNAL_AFTER_COMMA = _R.pattern("titles", "internal_after_comma")
SUFFIX_PHRASE = _R.pattern("titles", "suffix_phrase")
CLAUSE_BREAKS = frozenset(".;:!?(")
ORDINAL = regex.compile(r"^\d+(?:st|nd|rd|th)$")
YEAR = regex.compile(r"^(?:19|20)\d\d$")
HYPHENS = frozenset("-‐‑")
QUOTES = frozenset('"“”')
# The number of a measure or heading printed in brackets: "(1)", "(IV)", "(iii)".
MARKER = regex.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[ivx]{1,5})$")


def text_of(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access, computed once per Doc."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


class Tokens:
    """A Doc's tokens as lists: ``text``, ``lower``, ``idx`` (character offset), ``space`` (followed by a space),
    ``num`` (spaCy's ``like_num``), ``cap`` (capitalized or an ordinal: "2nd"). Get one with :func:`tokens`."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        columns = doc.to_array([IDX, LENGTH, SPACY, LIKE_NUM]).T.tolist() if len(doc) else [[], [], [], []]
        self.idx, self.space, self.num = columns[0], list(map(bool, columns[2])), list(map(bool, columns[3]))
        chars = text_of(doc)
        self.text = [chars[i : i + n] for i, n in zip(self.idx, columns[1], strict=True)]
        self.lower = list(map(str.lower, self.text))
        self.cap = [t[:1].isupper() or (t[:1].isdigit() and ORDINAL.match(t) is not None) for t in self.text]
        self.run_ends: dict[int, int] = {}  # capitalized_run's answers: the instrument and agency finders ask alike

    def __len__(self) -> int:
        return len(self.text)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if end <= start:
            return ""
        return text_of(self.doc)[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]


def tokens(doc: Doc) -> Tokens:
    """The :class:`Tokens` of a Doc, built on first use (a Doc is not changed after the tokenizer)."""
    view = doc.user_data.get("_tokens")
    if view is None:
        view = doc.user_data["_tokens"] = Tokens(doc)
    return view


def glued_hyphen(t: Tokens, i: int) -> bool:
    """A hyphen inside a compound ("Benefit-Sharing"), which spaCy splits into three tokens."""
    return t.text[i] in HYPHENS and i > 0 and not t.space[i - 1] and not t.space[i]


def clause_initial(t: Tokens, i: int) -> bool:
    """Capitalized only because a sentence, clause or paragraph starts here."""
    if i == 0:
        return True
    prev = t.text[i - 1]
    return (
        prev.isspace()
        or prev[-1:] in CLAUSE_BREAKS
        or (prev in ")）" and i >= 3 and t.text[i - 3] in "(（" and bool(MARKER.match(t.text[i - 2])))
    )


def suffix_paren_end(t: Tokens, i: int) -> int | None:
    """If a parenthetical that belongs to a title ("(II)", "(Interim)", "(2014–2020)") starts at i, its end."""
    if i >= len(t) or t.text[i] != "(":
        return None
    for j in range(i + 1, min(i + 8, len(t))):
        if t.text[j] == ")":
            return j + 1 if SUFFIX_PARENS.match(t.span_text(i + 1, j)) else None
    return None


def suffix_phrase_end(t: Tokens, i: int) -> int | None:
    """If lower-case words that end a title start at i ("through the Year 2035"), the index after them."""
    if i >= len(t) or not t.text[i].islower() or not (m := SUFFIX_PHRASE.match(text_of(t.doc), t.idx[i])):
        return None
    j = i
    while j < len(t) and t.idx[j] < m.end():
        j += 1
    return j


def inner_quote_end(t: Tokens, i: int) -> int | None:
    """If a quotation inside a title starts at i (the 14th “Five-Year” Plan for ...), the index after it: a short
    capitalized quotation with the title going on, capitalized, right after it."""
    if t.text[i] not in QUOTES:
        return None
    for j in range(i + 1, min(i + 8, len(t) - 1)):
        if t.text[j] in QUOTES:
            return j + 1 if j > i + 1 and t.cap[i + 1] and t.cap[j + 1] else None
    return None


def capitalized_run(t: Tokens, i: int) -> int:
    """End (exclusive) of the run of capitalized words, title connectors and title suffixes from i (computed once
    per start: the instrument and the agency finders walk the same runs)."""
    end = t.run_ends.get(i)
    if end is None:
        end = t.run_ends[i] = _capitalized_run(t, i)
    return end


def _capitalized_run(t: Tokens, i: int) -> int:
    text, n = t.text, len(t)
    j = i
    while j < n:
        word = text[j]
        if word.isspace():
            break
        if j > i and glued_hyphen(t, j - 1):
            j += 1
        elif t.cap[j] or (t.num[j] and (j > i or YEAR.match(word))) or glued_hyphen(t, j) or t.lower[j] in CONNECTORS:
            j += 1
        elif (end := suffix_paren_end(t, j)) is not None:
            j = end
        elif j > i and (end := inner_quote_end(t, j)) is not None:
            j = end
        elif j > i and (end := suffix_phrase_end(t, j)) is not None:
            j = end
        elif word == "," and (m := INTERNAL_AFTER_COMMA.match(text_of(t.doc), t.idx[j])):
            while j < n and t.idx[j] < m.end():
                j += 1
        else:
            break
    return trim_run(t, i, j)[1]


def trim_run(t: Tokens, start: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing connectors, hyphens and punctuation."""
    while start < end and (t.lower[start] in CONNECTORS or not t.text[start].strip()):
        start += 1
    while end > start and (
        t.lower[end - 1] in CONNECTORS or glued_hyphen(t, end - 1) or t.text[end - 1] in ",.;:“”\"'"
    ):
        end -= 1
    return start, end
