"""The body: sections, goals and measures along the inferred outline.

Goals are a "Goals:" paragraph, or (2011–2013 copies) the unlabelled paragraph right under a heading before
its first measure or sub-heading, split at semicolons. A measure runs from after its number (an article from its
label, 第五条 / "Article 5", as a section does) to the next numbered paragraph; a closing responsibility note (also
one cut off by the end of the text) is split off. Measure numbers stay as printed; where they restart per section
the ids carry the section path.

Run-in ordinals (一是…二是…, "First, … Second, …", points run on after a colon) are points of the measure holding
them, else of their section. Annexes after the body (附件 / 附件1 / the list of annexes) are sections of kind
annex, each read with an outline of its own; an annex's table printed one row per line (``序号 | 举措 | …``) gives
one measure of kind table_row per row, with its column names and cells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import regex

from ..ingest.list_tables import MIN_TABLE_COLUMNS, NUMBER_LABEL, number_column, number_heads
from ..model import Goal, Measure, Section, Span
from ..patterns import (
    GOAL_LABEL,
    MEASURE_LABEL,
    OMITTED_RANGE,
    OMITTED_SINGLE,
    RESPONSIBILITY_CUE,
    RESPONSIBILITY_CUE_ZH,
)
from ..rules import languages, rules
from .front import agency_like, split_agency_list
from .outline import Marker, Outline, infer_outline, marker, trailing_parens
from .paragraphs import _Para

GOAL_SPLIT = regex.compile(r";\s*|；\s*")
GOAL_TRIM = regex.compile(r"^(?:and|as well as)\s+|[\s.;。；]+$", regex.I)
UNCLOSED_NOTE = regex.compile(r"\s*[(（](?P<inner>[^()（）]*)$")
GOAL_MIN_CHARS = 40
LIST_OPEN = (":", "：", ";", "；")  # a measure's last line ending so is continued by the unnumbered lines below


def read_body(
    paras: list[_Para], markers: list[Marker | None], outline: Outline, doc_id: str
) -> tuple[list[Section], list[Goal], list[Measure]]:
    open_sections: list[Section] = []  # the current path from level 1 down
    sections: list[Section] = []
    goals: list[Goal] = []
    measures: list[Measure] = []
    child_counts: dict[str | None, int] = {}
    current: list = []  # the measure being read: [paragraph, marker, end, section_id]
    points: list[tuple[_Para, Marker]] = []  # numbered points inside it (（一）, (1), ① …)
    pending_goal: list[_Para] = []  # an unlabelled paragraph under a heading, a goal if a measure follows

    position: dict[str, int] = {}  # section_id -> index in ``sections``
    taken: set[str] = set()  # ids of run-in points under their section

    def close(level: int, end: int) -> None:
        while open_sections and open_sections[-1].level >= level:
            done = open_sections.pop()
            sections[position[done.section_id]] = replace(done, span=Span(done.span.start, end))

    def finish_measure() -> None:
        if current:
            p, mk, end, section_id = current
            measure = _measure(p, mk, end, section_id)
            owner = _owner_section(measure, p, mk, points, open_sections, sections, doc_id)
            if owner is None and mk.run_in:
                measures.append(replace(measure, measure_id=_unique(f"{section_id or doc_id}/r{mk.value}", taken)))
            elif owner is None:
                measures.append(measure)
            else:
                more_sections, more = _points(owner, points, end)
                sections.extend([owner, *more_sections])
                measures.extend(more)
            current.clear()
            points.clear()

    def commit_goal(section_id: str | None) -> None:
        if pending_goal:
            goals.extend(split_goals(pending_goal[0], 0, doc_id, section_id, goals))
            pending_goal.clear()

    toc = range(*outline.toc) if outline.toc else range(0)
    last_end = paras[0].start if paras else 0
    just_headed = False  # the previous paragraph was a heading
    for i, p in enumerate(paras):
        if i in toc:
            continue
        mk = markers[i]
        section_id = open_sections[-1].section_id if open_sections else None
        if mk and mk.run_in:
            if current and current[1].scheme != mk.scheme:
                # 一是 inside a measure, an article or a run-in point of another series: its point
                current[2] = p.end
                points.append((p, mk))
                last_end = p.end
                continue
            kind: str | None = "measure"  # a run-in point directly under its section (a measure of kind point)
        else:
            kind = outline.kind(mk, bool(current)) if mk else None
        run_on = outline.run_on_level(mk) if mk and kind in (None, "subitem") else None
        if run_on and mk and (not current or current[1].scheme == mk.scheme):
            # （一）加强组织领导。… where short （一） items are headings: a unit of the level above, not a point
            finish_measure()
            commit_goal(section_id)
            close(run_on, last_end)
            current.extend([p, mk, p.end, open_sections[-1].section_id if open_sections else None])
            last_end, just_headed = p.end, False
            continue
        if kind == "subitem" and mk:
            current[2] = p.end  # "(1) ..." points inside a measure belong to it
            points.append((p, mk))
            last_end = p.end
            continue
        if kind == "heading" and mk:
            finish_measure()
            if outline.level(mk) > _level(open_sections):
                commit_goal(section_id)  # goals of a section stand above its first sub-section
            pending_goal.clear()
            level = outline.level(mk)
            close(level, last_end)
            parent = open_sections[-1] if open_sections else None
            parent_id = parent.section_id if parent else None
            ordinal = child_counts.get(parent_id, 0) + 1
            child_counts[parent_id] = ordinal
            path = f"{parent.section_id.rsplit('/', 1)[1]}." if parent else "s"
            section = Section(
                section_id=f"{doc_id}/{path}{ordinal}",
                parent_id=parent_id,
                level=level,
                ordinal=ordinal,
                label=mk.label,
                title=p.text[mk.title_start :],
                title_span=Span(p.start + mk.title_start, p.end),
                span=Span(p.start, p.end),
            )
            position.setdefault(section.section_id, len(sections))
            sections.append(section)
            open_sections.append(section)
            last_end, just_headed = p.end, True
            continue
        if kind == "measure":
            finish_measure()
            commit_goal(section_id)
            current.extend([p, mk, p.end, section_id])
            last_end, just_headed = p.end, False
            continue
        goal_label = GOAL_LABEL.match(p.text)
        omitted = OMITTED_RANGE.match(p.text) or OMITTED_SINGLE.match(p.text)
        if goal_label:
            finish_measure()
            pending_goal.clear()
            goals.extend(split_goals(p, goal_label.end(), doc_id, section_id, goals))
        elif MEASURE_LABEL.match(p.text) and not MEASURE_LABEL.sub("", p.text).strip():
            finish_measure()
            commit_goal(section_id)
        elif omitted:
            finish_measure()
            first = int(omitted.group("first"))
            last = int(omitted.groupdict().get("last") or first)
            for number in range(first, last + 1):
                measures.append(
                    Measure(
                        measure_id="",
                        section_id=section_id,
                        number=number,
                        status="omitted",
                        text=None,
                        span=Span(p.start, p.end),
                    )
                )
        elif just_headed and not current and len(p.text) >= GOAL_MIN_CHARS and mk is None:
            pending_goal.append(p)
            just_headed = False
            continue
        elif current and mk is None and p.full_text[: current[2]].rstrip().endswith(LIST_OPEN):
            current[2] = p.end  # "…其中：" / "…; " : the lines of the list it opens belong to the measure
            last_end = p.end
            continue
        else:
            just_headed = False
            continue
        just_headed = False
        last_end = p.end
    finish_measure()
    close(1, last_end)
    numbered = iter(assign_measure_ids([m for m in measures if m.kind != "point"], doc_id))  # points have ids
    return sections, goals, [m if m.kind == "point" else next(numbered) for m in measures]


def printed_label(label: str) -> str:
    """An annex label as printed, its spacing made plain: none next to a Han character (附件 1 -> 附件1), one space
    between Latin words and numbers (Appendix 1, Annex  2 -> Annex 2)."""
    label = regex.sub(r"\s+(?=\p{Han})|(?<=\p{Han})\s+", "", label.strip())
    return regex.sub(r"\s+", " ", label)


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when a number is printed twice under one section."""
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}-{n}"
    taken.add(out)
    return out


def _level(open_sections: list[Section]) -> int:
    return open_sections[-1].level if open_sections else 0


def split_goals(p: _Para, offset: int, doc_id: str, section_id: str | None, earlier: list[Goal]) -> list[Goal]:
    """A goals paragraph lists goal statements separated by semicolons; each becomes a row."""
    out = []
    # Goals of one section are read together: count back over its goals only (the scan ends at another section's).
    ordinal = 0
    for g in reversed(earlier):
        if g.section_id != section_id:
            break
        ordinal += 1
    pos = offset
    body = p.text
    for piece in GOAL_SPLIT.split(body[offset:]):
        s = p.start + pos
        e = s + len(piece)
        pos += len(piece)
        sep = GOAL_SPLIT.match(body, pos)
        if sep:
            pos = sep.end()
        trimmed = _trim_goal(p.text[s - p.start : e - p.start], s)
        if trimmed is None:
            continue
        ordinal += 1
        gs, ge = trimmed
        out.append(
            Goal(
                goal_id=f"{section_id or doc_id}/g{ordinal}",
                section_id=section_id,
                ordinal=ordinal,
                text=p.text[gs - p.start : ge - p.start],
                span=Span(gs, ge),
            )
        )
    return out


def _trim_goal(piece: str, start: int) -> tuple[int, int] | None:
    s, e = 0, len(piece)
    while True:
        m = GOAL_TRIM.search(piece, s, e)
        if not m or not m.group():
            break
        if m.start() == s:
            s = m.end()
        else:
            e = m.start()
    return (start + s, start + e) if e > s else None


def _measure(p: _Para, mk: Marker, end: int, section_id: str | None) -> Measure:
    """A listed measure from its first paragraph to ``end``, with a closing responsibility note split off
    (also one left open where the text was cut). An article starts at its label (第五条, "Article 5"), as a
    section does; a numbered measure or point starts after its number ("1.", "（一）")."""
    s = p.start if mk.scheme == "article" else p.start + mk.title_start
    text = p.full_text[s:end]
    e = end
    resp_text = resp_span = None
    m = trailing_parens(text)
    if not (m and is_responsibility(m.group("inner"))):
        m = UNCLOSED_NOTE.search(text)
        if m and not (
            RESPONSIBILITY_CUE.search(m.group("inner"))
            or RESPONSIBILITY_CUE_ZH.search(m.group("inner"))
            or _agency_list(m.group("inner"))
        ):
            m = None
    if m and m.group("inner").strip():
        inner_s = s + m.start("inner")
        resp_span = Span(inner_s, inner_s + len(m.group("inner")))
        resp_text = m.group("inner")
        e = s + m.start()
        text = text[: m.start()]
    return Measure(
        measure_id="",
        section_id=section_id,
        number=mk.value,
        status="listed",
        text=text,
        span=Span(s, e),
        responsibility_text=resp_text,
        responsibility_span=resp_span,
        kind=_unit_kind(mk),
    )


def _unit_kind(mk: Marker) -> Literal["article", "point", "measure"]:
    return "article" if mk.scheme == "article" else "point" if mk.run_in else "measure"


def _owner_section(
    measure: Measure,
    p: _Para,
    mk: Marker,
    points: list[tuple[_Para, Marker]],
    open_sections: list[Section],
    sections: list[Section],
    doc_id: str,
) -> Section | None:
    """An article or measure that owns numbered points is a section of its kind: its opening words (up to the
    first point) are its title. Not when a responsibility note closes it (the note covers every point, and
    points are not where responsibility is read) or when its points start with no words of its own."""
    if not points or measure.responsibility_text is not None:
        return None
    first = points[0][0].start
    title_start = p.start + mk.title_start
    title = p.full_text[title_start:first].strip()
    if not title:
        return None
    parent = open_sections[-1] if open_sections else None
    kind = _unit_kind(mk)
    base = f"{parent.section_id}.{kind[0]}{mk.value}" if parent else f"{doc_id}/{kind[0]}{mk.value}"
    taken = {s.section_id for s in sections}
    section_id, n = base, 1
    while section_id in taken:  # a number printed twice
        n += 1
        section_id = f"{base}-{n}"
    return Section(
        section_id=section_id,
        parent_id=parent.section_id if parent else None,
        level=(parent.level if parent else 0) + 1,
        ordinal=mk.value,
        label=mk.label,
        title=title,
        title_span=Span(title_start, title_start + len(title)),
        span=Span(p.start, measure.span.end),
        kind=kind,
    )


def _points(owner: Section, points: list[tuple[_Para, Marker]], end: int) -> tuple[list[Section], list[Measure]]:
    """The points of one numbering (the first seen) as measures of kind "point"; a point holding points of a
    deeper numbering (2.…如下：（1）…（2）…) is a section of kind point over them, read the same way."""
    scheme = points[0][1].scheme
    tops = [k for k, (_, mk) in enumerate(points) if mk.scheme == scheme]
    sections: list[Section] = []
    out: list[Measure] = []
    seen: dict[int, int] = {}
    for n, k in enumerate(tops):
        p, mk = points[k]
        s = p.start + mk.title_start
        e = points[tops[n + 1]][0].start if n + 1 < len(tops) else end
        text = p.full_text[s:e].rstrip()
        seen[mk.value] = seen.get(mk.value, 0) + 1
        suffix = f"-{seen[mk.value]}" if seen[mk.value] > 1 else ""  # a second list of points in one article
        point_id = f"{owner.section_id}/p{mk.value}{suffix}"
        inner = points[k + 1 : tops[n + 1] if n + 1 < len(tops) else len(points)]
        title = p.full_text[s : inner[0][0].start].strip() if inner else ""
        if inner and title:
            section = Section(
                section_id=point_id,
                parent_id=owner.section_id,
                level=owner.level + 1,
                ordinal=mk.value,
                label=mk.label,
                title=title,
                title_span=Span(s, s + len(title)),
                span=Span(p.start, s + len(text)),
                kind="point",
            )
            more_sections, more = _points(section, inner, s + len(text))
            sections += [section, *more_sections]
            out += more
            continue
        out.append(
            Measure(
                measure_id=point_id,
                section_id=owner.section_id,
                number=mk.value,
                status="listed",
                text=text,
                span=Span(s, s + len(text)),
                kind="point",
            )
        )
    return sections, out


# A bracket defining a short form ("(hereinafter "service providers")", （以下简称…）) names no one responsible.
DEFINED_TERM = regex.compile(r"^\s*(?:hereinafter|referred\s+to\s+as|以下简称|以下称|简称)", regex.I)


def is_responsibility(inner: str) -> bool:
    if DEFINED_TERM.match(inner):
        return False
    if RESPONSIBILITY_CUE.search(inner) or RESPONSIBILITY_CUE_ZH.search(inner):
        return True
    return _agency_list(inner)


def _agency_list(inner: str) -> bool:
    pieces = split_agency_list(inner, 0, len(inner))
    return bool(pieces) and all(agency_like(inner[p.start : p.end]) for p in pieces)


def assign_measure_ids(measures: list[Measure], doc_id: str) -> list[Measure]:
    numbers = [m.number for m in measures]
    unique = len(numbers) == len(set(numbers))
    out = []
    seen: dict[str, int] = {}
    for m in measures:
        if unique:
            mid = f"{doc_id}/m{m.number}"
        else:  # numbering restarts per section: the section path disambiguates
            where = m.section_id.rsplit("/", 1)[1] if m.section_id else "s0"
            mid = f"{doc_id}/{where}/m{m.number}"
        seen[mid] = seen.get(mid, 0) + 1
        if seen[mid] > 1:  # a number printed twice in one section: keep both rows, ids stay unique
            mid = f"{mid}-{seen[mid]}"
        out.append(replace(m, measure_id=mid))
    return out


ANNEX_HEADING_MAX = 120  # an annex's heading line is shorter than this


def annex_heading(text: str, language: str | None) -> regex.Match | None:
    """The label opening an annex or the list of annexes (``rules/<language>/numbering.json`` annex_heading)."""
    if language not in languages() or len(text) > ANNEX_HEADING_MAX:
        return None
    block = rules(language).extras.get("numbering", {}).get("annex_heading")
    return _compiled(block["pattern"]).match(text) if block else None


@cache
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern)


def annex_start(paras: list[_Para], markers: list[Marker | None], language: str | None) -> int:
    """Where the annexes begin: the first annex heading after a numbered unit of the body (``len(paras)`` if
    none). Everything from there is read as annexes, each with its own outline."""
    seen = False
    for i, p in enumerate(paras):
        if seen and annex_heading(p.text, language):
            return i
        seen = seen or markers[i] is not None
    return len(paras)


def annex_lead(paras: list[_Para], markers: list[Marker | None], body_start: int, language: str | None) -> int | None:
    """The annex heading just above the first numbered unit (附件, or 附件1, and maybe the annex's title line
    between), when no numbered unit stands above it: the units are the annex's, under its section."""
    for j in (body_start - 1, body_start - 2):
        if j < 0 or j >= len(paras) or any(markers[k] for k in range(j, body_start)):
            continue
        m = annex_heading(paras[j].text, language)
        if m and not regex.match(r"\s*[:：]", paras[j].text[m.end() :]):
            return j
    return None


def read_annexes(
    paras: list[_Para], markers: list[Marker | None], doc_id: str, language: str | None
) -> tuple[list[Section], list[Goal], list[Measure]]:
    """Annexes after the body. The list of annexes (附件： / 附件：1.… / "Annexes:") gives one section of kind
    ``annex`` per listed item (under a section for the label when the label stands alone); an annex heading
    (附件1 / "Appendix 1") is a section of kind ``annex`` whose paragraphs are read with an outline of their
    own: its numbering restarts under it, never beside the body's top level."""
    found = [(i, m) for i, p in enumerate(paras) if (m := annex_heading(p.text, language))]
    heads = [i for i, _ in found]
    sections: list[Section] = []
    goals: list[Goal] = []
    measures: list[Measure] = []
    for k, h in enumerate(heads):
        block = range(h + 1, heads[k + 1] if k + 1 < len(heads) else len(paras))
        m = found[k][1]
        if _notes_next_annex(paras[h], m, block, found[k + 1][1] if k + 1 < len(found) else None):
            continue
        if m.group("num") is None:
            listed = _annex_list(paras, markers, h, block, m, doc_id, len(sections))
            if listed or not paras[h].text[m.end() :].strip() and not block:
                sections.extend(listed)
                continue
        s, g, ms = _annex(paras, markers, h, block, m, f"{doc_id}/a{m.group('num') or k + 1}", language)
        sections.extend(s)
        goals.extend(g)
        measures.extend(ms)
    return sections, goals, measures


def _notes_next_annex(p: _Para, m: regex.Match, block: range, following: regex.Match | None) -> bool:
    """``附件：广州市…分值表`` naming one unnumbered annex, nothing below it, and that annex printed next under its
    own unnumbered heading (附件): the annex note, not a second annex; the annex itself is the unit."""
    named = p.text[m.end() :].strip()
    return (
        m.group("num") is None
        and bool(named)
        and not marker(named)
        and not block
        and following is not None
        and following.group("num") is None
    )


def _annex_list(
    paras: list[_Para], markers: list[Marker | None], h: int, block: range, m: regex.Match, doc_id: str, n: int
) -> list[Section]:
    """The list of annexes: its numbered items (on the label's line and the lines below it)."""
    p = paras[h]
    items: list[tuple[int, int, str, int, int]] = []  # (start, title start, label, value, end)
    rest = marker(p.text[m.end() :])
    if rest:
        s = p.start + m.end()
        items.append((s, s + rest.title_start, rest.label, rest.value, p.end))
    for i in block:
        mk = markers[i]
        if mk is None or mk.scheme != "arabic":
            continue
        items.append((paras[i].start, paras[i].start + mk.title_start, mk.label, mk.value, paras[i].end))
    if not items:
        return []
    run_on = bool(rest) or "\n" not in p.full_text[p.end : items[0][0]]  # 附件：1.… on the label's line
    out: list[Section] = []
    parent: Section | None = None
    if not run_on:  # 附件： alone on its line: a section over its items
        label = printed_label(m.group("label").rstrip(":： \t"))
        parent = Section(
            section_id=f"{doc_id}/a0" + (f"-{n}" if n else ""),
            parent_id=None,
            level=1,
            ordinal=0,
            label=label,
            title=label,
            title_span=Span(p.start + m.start("label"), p.start + m.end("label")),
            span=Span(p.start, items[-1][4]),
            kind="annex",
        )
        out.append(parent)
    base = parent.section_id if parent else f"{doc_id}/a0" + (f"-{n}" if n else "")
    for start, title_at, label, value, end in items:
        out.append(
            Section(
                section_id=f"{base}.{value}",
                parent_id=parent.section_id if parent else None,
                level=2 if parent else 1,
                ordinal=value,
                label=label,
                title=p.full_text[title_at:end].strip(),
                title_span=Span(title_at, end),
                span=Span(start, end),
                kind="annex",
            )
        )
    return out


def _annex(
    paras: list[_Para],
    markers: list[Marker | None],
    h: int,
    block: range,
    m: regex.Match,
    annex_id: str,
    language: str | None,
) -> tuple[list[Section], list[Goal], list[Measure]]:
    """One annex: its heading and its own outline (sections re-parented under it, one level deeper)."""
    p = paras[h]
    title_at = p.start + m.end()
    title = p.full_text[title_at : p.end].strip()
    inner = list(block)
    if not title and inner and markers[inner[0]] is None:  # 附件1： with its title on the next line
        q = paras[inner.pop(0)]
        title, title_at = q.text.strip(), q.start + len(q.text) - len(q.text.lstrip())
    end = paras[block[-1]].end if block else p.end
    label = printed_label(m.group("label"))
    num = m.group("num") or ""
    head = Section(
        section_id=annex_id,
        parent_id=None,
        level=1,
        ordinal=int(num) if num.isdigit() else 0,
        label=label,
        title=title,
        title_span=Span(title_at, title_at + len(title)),
        span=Span(p.start, end),
        kind="annex",
    )
    rows, in_table = table_rows([paras[i] for i in inner], annex_id, language)
    inner = [i for k, i in enumerate(inner) if k not in in_table]
    body = [paras[i] for i in inner]
    body_markers = [None if (mk := markers[i]) and mk.run_in else mk for i in inner]
    if not any(body_markers):
        return [head], [], rows
    outline = infer_outline(body, body_markers)
    sections, goals, measures = read_body(body, [markers[i] for i in inner], outline, annex_id)
    sections = [replace(s, parent_id=s.parent_id or annex_id, level=s.level + 1) for s in sections]
    measures = [replace(x, section_id=x.section_id or annex_id) for x in measures]
    goals = [replace(g, section_id=g.section_id or annex_id) for g in goals]
    return [head, *sections], goals, sorted(measures + rows, key=lambda x: x.span.start)


CELL = regex.compile(r"[^|]+")
TABLE_RULE = regex.compile(r"[\s|:\-]*")  # a Markdown table's rule line |---|---|


def _cells(p: _Para) -> list[tuple[int, int]]:
    """The cells of a table line ``a | b | c`` as spans of their text, spaces trimmed. Markdown's outer pipes
    (``| a | b |``, opened and closed by a pipe) are no cells; a line opened by a pipe but not closed by one starts
    with an empty cell (`` | 2 | 合法稳定就业``: the row of a group whose name is printed once, above)."""
    out = []
    for m in CELL.finditer(p.text):
        text = m.group()
        s = m.start() + len(text) - len(text.lstrip())
        e = m.start() + len(text.rstrip())
        out.append((p.start + s, p.start + max(s, e)))
    stripped = p.text.strip()
    if stripped.startswith("|"):
        if out and out[0][0] == out[0][1] and stripped.endswith("|"):
            out = out[1:]
        elif not out or out[0][0] != out[0][1]:
            out.insert(0, (p.start, p.start))
    return out


@dataclass(frozen=True)
class _Table:
    columns: list[str]
    number_at: int  # the column numbering the rows
    by_label: bool  # numbered by a label opening that column's cells (1.重点人群…), not by a 序号 column


def _table_header(paras: list[_Para], k: int) -> _Table | None:
    """The table a line of cells heads: at least three cells and a column numbering the rows below it
    (``pipeline.ingest.list_tables.number_column``: a 序号 / No. column anywhere, or a column whose cells open
    with 1., 2., …)."""
    texts = _texts(paras[k])
    if len(texts) < MIN_TABLE_COLUMNS:
        return None
    below = []
    for q in paras[k + 1 :]:
        if "|" not in q.text:
            break
        if not TABLE_RULE.fullmatch(q.text):
            below.append(_texts(q))
    at = number_column(texts, below)
    if at is None:
        return None
    return _Table(texts, at, _key(texts[at]) not in number_heads())


def _texts(p: _Para) -> list[str]:
    return [p.full_text[s:e] for s, e in _cells(p)]


def table_rows(paras: list[_Para], parent_id: str, language: str | None) -> tuple[list[Measure], set[int]]:
    """The rows of a table printed one row per line (``序号 | 举措 | 主要内容 | 指导部门``, as web tables are
    read): one measure of kind ``table_row`` per row, its number the row's number (the 序号 cell, in any column,
    or the label opening the numbering column's cell: ``1.重点人群签约服务覆盖率``), its text the cells after the
    number, ``columns``/``cells`` the header's names and the row's cells (a group name printed before the number
    column, 类别, stays in ``cells``); a column of responsible bodies (``rules/<language>/numbering.json``
    annex_table) is the row's responsibility. Returns the rows and the indices of the paragraphs the table
    occupies."""
    spec = rules(language).extras.get("numbering", {}).get("annex_table") if language in languages() else None
    if not spec:
        return [], set()
    responsible = {_key(x) for x in spec["responsible_columns"]}
    rows: list[Measure] = []
    used: set[int] = set()
    table: _Table | None = None
    taken: set[str] = set()
    for k, p in enumerate(paras):
        if "|" not in p.text:
            table = None
            continue
        head = _table_header(paras, k) if table is None or _heads_again(p) else None
        if head:
            table = head
            used.add(k)
            continue
        if table is None:
            continue
        used.add(k)
        if TABLE_RULE.fullmatch(p.text):
            continue
        cells = _cells(p)
        texts = [p.full_text[s:e] for s, e in cells]
        row = _table_row(p, cells, texts, table, spec, responsible, rows, parent_id, taken)
        rows.extend(row)
    return rows, used


def _heads_again(p: _Para) -> bool:
    """A line naming a 序号 / No. column: the header of a new table right below the last one."""
    return any(_key(t) in number_heads() for t in _texts(p))


def _table_row(
    p: _Para,
    cells: list[tuple[int, int]],
    texts: list[str],
    table: _Table,
    spec: dict,
    responsible: set[str],
    earlier: list[Measure],
    parent_id: str,
    taken: set[str],
) -> list[Measure]:
    """One line of a table: a listed row, or rows withheld (军民深度融合方面6项: that many rows of status omitted)."""
    at = table.number_at
    cell = texts[at] if at < len(texts) else ""
    label = NUMBER_LABEL.match(cell) if table.by_label else None
    printed = int(label.group("num")) if label else int(cell) if not table.by_label and cell.isdigit() else None
    filled = [t for t in texts if t.strip()]
    withheld = (
        _compiled(spec["omitted_row"]).match(filled[0])
        if "omitted_row" in spec and len(filled) == 1 and printed is None
        else None
    )
    columns = tuple(table.columns)
    if withheld:
        last = earlier[-1].number if earlier else 0
        return [
            Measure(
                measure_id=_unique(f"{parent_id}/t{number}", taken),
                section_id=parent_id,
                number=number,
                status="omitted",
                text=None,
                span=Span(p.start, p.end),
                kind="table_row",
                columns=columns,
            )
            for number in range(last + 1, last + 1 + int(withheld.group("count")))
        ]
    number = printed if printed is not None else len(earlier) + 1
    if label:  # the text starts after the label, in the numbering cell
        after = cells[at][0] + label.end()
        after += len(cell[label.end() :]) - len(cell[label.end() :].lstrip())
        body = [(after, cells[at][1]), *cells[at + 1 :]]
    else:
        body = cells[at + 1 :] if printed is not None else cells
    body = [c for c in body if c[1] > c[0]] or body
    resp = next(
        (
            cells[j]
            for j, c in enumerate(table.columns[: len(cells)])
            if _key(c) in responsible and cells[j][1] > cells[j][0]
        ),
        None,
    )
    start, end = (body[0][0], body[-1][1]) if body else (p.start, p.end)
    return [
        Measure(
            measure_id=_unique(f"{parent_id}/t{number}", taken),
            section_id=parent_id,
            number=number,
            status="listed",
            text=p.full_text[start:end],
            span=Span(start, end),
            responsibility_text=p.full_text[resp[0] : resp[1]] if resp else None,
            responsibility_span=Span(*resp) if resp else None,
            kind="table_row",
            columns=columns[: len(cells)],
            cells=tuple(texts[: len(columns)]),
        )
    ]


def _key(text: str) -> str:
    return regex.sub(r"\s", "", text).lower()
