"""Token helpers shared by the rule components: capitalized runs as names and titles are printed."""

from __future__ import annotations

import regex
from spacy.tokens import Doc, Token

from ..rules import rules

_R = rules("en")
CONNECTORS = frozenset(_R.words("titles", "connector"))
SUFFIX_PARENS = _R.pattern("titles", "suffix_parenthetical")
INTERNAL_AFTER_COMMA = _R.pattern("titles", "internal_after_comma")
CLAUSE_BREAKS = frozenset(".;:!?(")
ORDINAL = regex.compile(r"^\d+(?:st|nd|rd|th)$")
YEAR = regex.compile(r"^(?:19|20)\d\d$")
HYPHENS = frozenset("-‐‑")
QUOTES = frozenset("\"“”")
# The number of a measure or heading printed in brackets: "(1)", "(IV)", "(iii)".
MARKER = regex.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[ivx]{1,5})$")


def text_of(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access, computed once per Doc."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() or bool(ORDINAL.match(tok.text))


def glued_hyphen(tok: Token) -> bool:
    """A hyphen inside a compound ("Benefit-Sharing"), which spaCy splits into three tokens."""
    doc = tok.doc
    return tok.text in HYPHENS and tok.i > 0 and not doc[tok.i - 1].whitespace_ and not tok.whitespace_


def clause_initial(doc: Doc, i: int) -> bool:
    """Capitalized only because a sentence, clause or paragraph starts here."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return (prev.is_space or "\n" in prev.whitespace_ or prev.text[-1:] in CLAUSE_BREAKS
            or (prev.text in ")）" and i >= 3 and doc[i - 3].text in "(（" and bool(MARKER.match(doc[i - 2].text))))


def suffix_paren_end(doc: Doc, i: int) -> int | None:
    """If a parenthetical that belongs to a title ("(II)", "(Interim)", "(2014–2020)") starts at i, its end."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(i + 8, len(doc))):
        if doc[j].text == ")":
            inner = doc[i + 1:j].text
            return j + 1 if SUFFIX_PARENS.match(inner) else None
    return None


def inner_quote_end(doc: Doc, i: int) -> int | None:
    """If a quotation inside a title starts at i (the 14th “Five-Year” Plan for ...), the index after it: a short
    capitalized quotation with the title going on, capitalized, right after it."""
    if doc[i].text not in QUOTES:
        return None
    for j in range(i + 1, min(i + 8, len(doc) - 1)):
        if doc[j].text in QUOTES:
            return j + 1 if j > i + 1 and is_cap(doc[i + 1]) and is_cap(doc[j + 1]) else None
    return None


def capitalized_run(doc: Doc, i: int) -> int:
    """End (exclusive) of the run of capitalized words, title connectors and title suffixes from i."""
    j = i
    while j < len(doc):
        tok = doc[j]
        if tok.is_space or (j > i and "\n" in doc[j - 1].whitespace_):
            break
        if j > i and glued_hyphen(doc[j - 1]):
            j += 1
        elif is_cap(tok) or (tok.like_num and (j > i or YEAR.match(tok.text))) or glued_hyphen(tok) \
                or tok.lower_ in CONNECTORS:
            j += 1
        elif (end := suffix_paren_end(doc, j)) is not None:
            j = end
        elif j > i and (end := inner_quote_end(doc, j)) is not None:
            j = end
        elif tok.text == "," and (m := _internal_comma(doc, tok)):
            while j < len(doc) and doc[j].idx < m.end():
                j += 1
        else:
            break
    return trim_run(doc, i, j)[1]


def _internal_comma(doc: Doc, tok: Token) -> regex.Match | None:
    return INTERNAL_AFTER_COMMA.match(text_of(doc), tok.idx)


def trim_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing connectors, hyphens and punctuation."""
    while start < end and (doc[start].lower_ in CONNECTORS or not doc[start].text.strip()):
        start += 1
    while end > start and (doc[end - 1].lower_ in CONNECTORS or glued_hyphen(doc[end - 1])
                           or doc[end - 1].text in ",.;:“”\"'"):
        end -= 1
    return start, end
