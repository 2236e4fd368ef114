"""Long and adversarial plans for the scale tests and `make bench`, made from the 2031 plan.

``long_plan(n)`` repeats the body of tests/fixtures/synthetic_plan_2031.txt ``n`` times after its front
matter, numbering the measures of each repeat on from the last one, so every measure has its own number and
id; section headings repeat as printed (further sections of the same names).
"""

from __future__ import annotations

from pathlib import Path

import regex

PLAN_2031 = Path(__file__).parent / "fixtures" / "synthetic_plan_2031.txt"
BODY_START = "I. Improving the Intellectual Property System"
MEASURE_NUMBER = regex.compile(r"^(\d+)\.", regex.M)


def plan_parts() -> tuple[str, str, int]:
    """Front matter, body and the number of measures of the 2031 plan."""
    text = PLAN_2031.read_text(encoding="utf-8").rstrip() + "\n"
    cut = text.index(BODY_START)
    body = text[cut:]
    return text[:cut], body, len(MEASURE_NUMBER.findall(body))


def long_plan(repeats: int, renumber: bool = True) -> str:
    """The 2031 plan with its body printed ``repeats`` times, measure numbers running on (``renumber``; up to
    999, the most a measure number has digits for) or starting again at 1 in each repeat."""
    front, body, per = plan_parts()
    pieces = [front]
    for k in range(repeats):
        pieces.append(MEASURE_NUMBER.sub(lambda m, k=k: f"{int(m.group(1)) + k * per}.", body) if renumber else body)
        pieces.append("\n")
    return "".join(pieces)


def plan_of_length(chars: int) -> str:
    """A plan of at least ``chars`` characters: the 2031 body repeated, its numbers starting again each time."""
    front, body, _ = plan_parts()
    return long_plan(-(-(chars - len(front)) // (len(body) + 1)), renumber=False)


def with_body(body: str) -> str:
    """The 2031 front matter with a body of one's own (adversarial shapes)."""
    return plan_parts()[0] + body


AGENCY_NAMES = (
    "Ministry of Justice",
    "China National Intellectual Property Administration",
    "State Administration for Market Regulation",
    "Ministry of Commerce",
    "National Copyright Administration",
)


def adversarial(shape: str, n: int) -> str:
    """A plan whose body has one pathological shape, ``n`` times over."""
    heading = "I. Improving the Intellectual Property System\n\n"
    if shape == "quotes":  # n quotation marks in one measure
        return with_body(heading + "1. Promote the " + '"' * n + " review of the Trademark Law.\n")
    if shape == "quoted_titles":  # n/2 quoted phrases, each holding a title
        return with_body(heading + "1. Promote " + ", ".join(['"the Patent Law"'] * (n // 2)) + ".\n")
    if shape == "paragraphs":  # n short paragraphs that repair joins into one
        return with_body(heading + "1. Promote the work\n\n" + "and the work\n\n" * n + "of the Ministry of Justice.\n")
    if shape == "short_paragraphs":  # n short paragraphs, each a sentence of its own
        return with_body(heading + "1. Promote the work.\n\n" + "Improve the work.\n\n" * n)
    if shape == "run_together":  # n measures run together on one line
        return with_body(
            heading
            + " ".join(f"{k}. Promote the revision of the Patent Law, raise the rate to {k}%." for k in range(1, n + 1))
            + "\n"
        )
    if shape == "paren_items":  # "(1)" n times in one measure
        return with_body(heading + "1. Promote the work " + "(1)" * n + "\n")
    if shape == "agency_list":  # a responsibility note naming n agencies
        names = ", ".join(AGENCY_NAMES[k % len(AGENCY_NAMES)] for k in range(n))
        return with_body(heading + f"1. Promote the revision of the Patent Law. (Responsible by: {names})\n")
    if shape == "addressees":  # n addressees
        names = ", ".join(AGENCY_NAMES[k % len(AGENCY_NAMES)] for k in range(n))
        front, body, _ = plan_parts()
        return front.replace("To: the member units", f"To: {names}, the member units", 1) + body
    if shape == "headings":  # n sections of one measure each
        return with_body(
            "".join(
                f"{_roman(k % 30 + 1)}. Improving the System\n\n{k + 1}. Promote the work of "
                f"the Ministry of Justice, raise the rate to {k}%.\n\n"
                for k in range(n)
            )
        )
    raise ValueError(shape)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


SHAPES = (
    "quotes",
    "quoted_titles",
    "paragraphs",
    "short_paragraphs",
    "run_together",
    "paren_items",
    "agency_list",
    "addressees",
    "headings",
)
