"""The HTML report: span nesting, pages built from the tables, corrections, page numbers, the command line."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import ROOT
from pdf_fixtures import LAYOUTS, render_plan
from test_cli import cli

import pipeline
from pipeline.corpus import commit_documents, process_file
from pipeline.report import ReportError, render_report, write_report
from pipeline.report.build import KINDS
from pipeline.report.spans import Element, Marker, Span, nest, plain_text

# ---------------------------------------------------------------------------------------------- the sweep


def _show(nodes) -> str:
    """A tree as text: ``[key ...]`` for an element, ``[key+ ...]`` for a continued fragment, ``<label>``."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Marker):
            out.append(f"<{node.label}>")
        else:
            out.append(f"[{node.span.key}{'+' if node.continued else ''} {_show(node.children)}]")
    return "".join(out)


def S(start: int, end: int, key: str, rank: int = 0) -> Span:
    return Span(start, end, key, "k", rank=rank)


NEST_CASES = [
    # (text, spans, markers, expected)
    ("abcdef", [], [], "abcdef"),
    ("abcdef", [S(1, 3, "A")], [], "a[A bc]def"),
    ("abcdef", [S(0, 6, "A"), S(2, 4, "B")], [], "[A ab[B cd]ef]"),  # a measure holding a mention
    ("abcdef", [S(2, 4, "B"), S(0, 6, "A")], [], "[A ab[B cd]ef]"),  # input order does not matter
    ("abcdef", [S(0, 4, "A"), S(2, 6, "B")], [], "[A ab[B cd]][B+ ef]"),  # crossing: the later one is split
    ("abcdef", [S(0, 3, "A"), S(0, 6, "B")], [], "[B [A abc]def]"),  # same start: the longer is outer
    ("abcdef", [S(0, 6, "A"), S(3, 6, "B")], [], "[A abc[B def]]"),  # same end
    ("abcdef", [S(1, 4, "X", rank=1), S(1, 4, "Y", rank=0)], [], "a[Y [X bcd]]ef"),  # same bounds: by rank
    ("abcdef", [S(0, 2, "A"), S(2, 4, "B")], [], "[A ab][B cd]ef"),  # adjacent, not nested
    # reopened fragments: the longest outermost
    ("abcdef", [S(0, 3, "A"), S(1, 5, "B"), S(2, 6, "C")], [], "[A a[B b[C c]]][C+ [B+ de]f]"),
    ("abcdef", [S(0, 6, "A"), S(1, 2, "B"), S(1, 2, "C")], [], "[A a[B [C b]]cdef]"),
    ("abcdef", [S(3, 3, "E"), S(-1, 2, "N"), S(4, 9, "P")], [], "abcdef"),  # unplaceable spans are left out
    ("abcdef", [S(2, 4, "A")], [Marker(2, "note", "n"), Marker(0, "page", "p1")], "<p1>ab<n>[A cd]ef"),
    ("abcdef", [S(0, 4, "A"), S(2, 6, "B")], [Marker(4, "note", "n")], "[A ab[B cd]]<n>[B+ ef]"),
    ("", [], [Marker(0, "page", "p1")], "<p1>"),
]


@pytest.mark.parametrize("text,spans,markers,expected", NEST_CASES)
def test_nest(text, spans, markers, expected):
    nodes = nest(text, spans, markers)
    assert _show(nodes) == expected
    assert plain_text(nodes) == text


def test_nest_keeps_every_character_and_every_span_once():
    rng = random.Random(7)
    text = "".join(rng.choice("ab \n") for _ in range(300))
    spans = [S(a, b, f"s{i}") for i in range(150) for a, b in [sorted(rng.sample(range(301), 2))]]
    nodes = nest(text, spans)
    assert plain_text(nodes) == text
    covered: dict[str, list[tuple[int, int]]] = {}

    def walk(items, pos):
        for node in items:
            if isinstance(node, str):
                pos += len(node)
            elif isinstance(node, Element):
                end = walk(node.children, pos)
                covered.setdefault(node.span.key, []).append((pos, end))
                pos = end
        return pos

    walk(nodes, 0)
    for span in spans:  # the fragments of a span are adjacent and together cover exactly its characters
        frags = sorted(covered[span.key])
        assert frags[0][0] == span.start and frags[-1][1] == span.end
        assert all(a[1] == b[0] for a, b in zip(frags, frags[1:], strict=False))


# ---------------------------------------------------------------------------------------------- the pages


class _Page(HTMLParser):
    """The text of ``#text`` without margin notes and page markers, and every element with a data-key."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.elements: list[dict] = []
        self.rows: dict = {}
        self._json = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        attrs["classes"] = set((attrs.get("class") or "").split())
        self.stack.append((tag, attrs))
        if "data-key" in attrs and self._inside_text():
            self.elements.append(attrs)
        self._json = attrs.get("id") == "rows"

    def handle_endtag(self, tag):
        self.stack.pop()
        self._json = False

    def _inside_text(self) -> bool:
        return any(a.get("id") == "text" for _, a in self.stack)

    def handle_data(self, data):
        if self._json:
            self.rows = json.loads(data)
        elif self._inside_text() and not any({"qnote", "page-marker"} & a["classes"] for _, a in self.stack):
            self.text.append(data)


@pytest.fixture(scope="module")
def tables_dir(doc_2014, doc_2031, tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    commit_documents([doc_2014, doc_2031], out)
    return out


@pytest.fixture(scope="module")
def tables(tables_dir):
    return pipeline.load(tables_dir)


@pytest.fixture(scope="module")
def report_dir(tables_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    write_report(tables_dir, out)
    return out


def _doc_ids(tables):
    return sorted(tables["documents"]["doc_id"])


def test_one_page_per_document_and_an_index(tables, report_dir):
    names = sorted(p.name for p in report_dir.iterdir())
    assert names == sorted([f"{d}.html" for d in _doc_ids(tables)] + ["index.html"])
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    for doc_id in _doc_ids(tables):
        assert f'<a href="{doc_id}.html">{doc_id}</a>' in index


@pytest.mark.parametrize("which", [0, 1])
def test_page_text_is_the_document_text_and_every_row_is_highlighted(tables, report_dir, which):
    doc_id = _doc_ids(tables)[which]
    page = _Page((report_dir / f"{doc_id}.html").read_text(encoding="utf-8"))
    text = tables["documents"].set_index("doc_id").at[doc_id, "text"]
    assert "".join(page.text) == text
    for table, kind, id_col in KINDS:
        df = tables[table][tables[table]["doc_id"] == doc_id]
        shown = [
            e for e in page.elements if "hl" in e["classes"] and kind in e["classes"] and "cont" not in e["classes"]
        ]
        assert len(shown) == len(df), table
        if id_col:
            assert sorted(e["data-key"] for e in shown) == sorted(f"{table}:{i}" for i in df[id_col]), table
        assert all(e["data-key"] in page.rows for e in shown)
    mentions = tables["agency_mentions"][tables["agency_mentions"]["doc_id"] == doc_id]
    for role, n in mentions["role"].value_counts().items():
        assert sum(f"role-{role}" in e["classes"] for e in page.elements if "cont" not in e["classes"]) == n
    leads = [e for e in page.elements if "lead" in e["classes"] and "cont" not in e["classes"]]
    assert len(leads) == int(mentions["lead"].sum())


def test_hover_text_has_the_normalised_values(tables, report_dir):
    targets = tables["targets"]
    target = targets[targets["doc_id"] == _doc_ids(tables)[0]].iloc[0]
    page = _Page((report_dir / f"{target.doc_id}.html").read_text(encoding="utf-8"))
    row = page.rows[f"targets:{target.target_id}"]
    fields = dict(row["fields"])
    assert (row["table"], row["id"]) == ("targets", target.target_id)
    assert (fields["comparator"], fields["unit"], fields["subject"]) == (target.comparator, target.unit, target.subject)
    assert fields["unit_normalized"] == target.unit_normalized
    assert fields["value_min"] == f"{target.value_min:g}"
    mention = tables["agency_mentions"].dropna(subset=["agency_id"]).iloc[0]
    agency = tables["agencies"].set_index("agency_id").loc[mention.agency_id]
    assert dict(page.rows[f"agency_mentions:{mention.mention_id}"]["fields"])["agency"].startswith(agency["name"])


def test_rerun_is_byte_identical(tables_dir, report_dir, tmp_path):
    write_report(tables_dir, tmp_path)
    for path in report_dir.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_quality_findings_stand_beside_their_passage(tables, report_dir):
    quality = tables["quality"].dropna(subset=["char_start"])
    doc_id = quality.iloc[0].doc_id
    html = (report_dir / f"{doc_id}.html").read_text(encoding="utf-8")
    notes = html.count('<span class="qnote')
    assert notes == len(quality[quality["doc_id"] == doc_id]) > 0


CORRECTIONS = [
    # (table, id column, corrected, note, expect the class, expected note)
    ("measures", "measure_id", True, "number 12 read as 21", True, "number 12 read as 21"),
    ("agency_mentions", "mention_id", True, None, True, None),
    ("targets", "target_id", False, "checked, kept", False, "checked, kept"),
    ("law_mentions", "mention_id", pd.NA, None, False, None),
]


@pytest.mark.parametrize("table,id_col,corrected,note,marked,shown_note", CORRECTIONS)
def test_corrected_rows_have_their_own_class_and_note(
    tables, tmp_path, table, id_col, corrected, note, marked, shown_note
):
    changed = dict(tables)
    df = tables[table].copy()
    df["corrected"] = pd.array([False] * len(df), dtype="boolean")
    df["correction_note"] = pd.Series([None] * len(df), dtype="object")
    df.loc[0, "corrected"] = corrected
    df.loc[0, "correction_note"] = note
    changed[table] = df
    row = df.iloc[0]
    render_report(changed, tmp_path, [row.doc_id])
    page = _Page((tmp_path / f"{row.doc_id}.html").read_text(encoding="utf-8"))
    key = f"{table}:{row[id_col]}"
    element = next(e for e in page.elements if e["data-key"] == key)
    assert ("corrected" in element["classes"]) is marked
    assert (page.rows[key].get("corrected", False), page.rows[key].get("note")) == (marked, shown_note)
    assert sum("corrected" in e["classes"] for e in page.elements) == int(marked)


def test_without_correction_columns_nothing_is_marked_corrected(tables, report_dir):
    for doc_id in _doc_ids(tables):
        page = _Page((report_dir / f"{doc_id}.html").read_text(encoding="utf-8"))
        assert not any("corrected" in e["classes"] for e in page.elements)
        assert not any(row.get("corrected") for row in page.rows.values())


def test_pdf_pages_are_marked_in_order(doc_2031, tmp_path):
    pdf = render_plan(doc_2031, LAYOUTS[0], tmp_path / "plan_2031.pdf")
    doc = process_file(pdf)
    commit_documents([doc], tmp_path / "tables")
    written = write_report(tmp_path / "tables", tmp_path / "report")
    html = written[0].read_text(encoding="utf-8")
    pages = [int(p) for p in re.findall(r'class="page-marker" data-page="(\d+)"', html)]
    measures = pipeline.load(tmp_path / "tables")["measures"]
    assert pages == sorted(set(pages)) and pages[0] == 1
    assert set(measures["page_start"].dropna()) <= set(pages)
    page = _Page(html)
    assert "".join(page.text) == doc.text
    assert any(("page_start", "1") in map(tuple, row["fields"]) for row in page.rows.values())


def test_unknown_document_is_a_clear_error(tables, tmp_path):
    with pytest.raises(ReportError, match="no document 1999-nope"):
        render_report(tables, tmp_path, ["1999-nope"])
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_report_command(tables_dir, tables, tmp_path):
    doc_id = _doc_ids(tables)[1]
    result = cli("report", str(tables_dir), "--doc", doc_id, "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == sorted([f"{doc_id}.html", "index.html"])
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{doc_id}.html">' in index and f'<a href="{_doc_ids(tables)[0]}.html">' not in index
    bad = cli("report", str(tmp_path / "missing"), "--out", str(tmp_path / "r2"))
    assert bad.returncode == 1 and bad.stderr.startswith("error:") and "missing" in bad.stderr
    assert cli("report", "--help", cwd=ROOT).stdout.count("--doc") >= 1


# ---------------------------------------------------------------------------------------------- review tools

ZH = ROOT / "tests" / "fixtures" / "zh"


class _Ids(HTMLParser):
    """Every element id and data-key of a page, the hrefs of its links, the JSON blocks, and every tag."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.key_of: dict[str, str] = {}
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.json: dict[str, object] = {}
        self._block = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
            self.key_of[attrs["id"]] = attrs.get("data-key")
        if tag == "a":
            self.hrefs.append(attrs.get("href"))
        self._block = attrs["id"] if tag == "script" and attrs.get("type") == "application/json" else None

    def handle_endtag(self, tag):
        self._block = None

    def handle_data(self, data):
        if self._block:
            self.json[self._block] = json.loads(data)


@pytest.fixture(scope="module")
def linked(doc_2014, tmp_path_factory):
    """A Chinese plan and its translation (2027), the Chinese plan of 2026 and the 2014 circular: tables with
    measure_links and measure_lineage rows, and the report of them."""
    docs = [process_file(ZH / n) for n in ("plan_2027_zh.txt", "plan_2027_en.txt", "plan_2026_zh.txt")]
    out = tmp_path_factory.mktemp("linked")
    commit_documents([doc_2014, *docs], out / "tables")
    tables = pipeline.load(out / "tables")
    render_report(tables, out / "report")
    return tables, out / "report"


ID_TABLES = [(table, id_col) for table, _, id_col in KINDS if id_col]


def _links(page: _Ids) -> list[dict]:
    """The page's links block expanded: one dict per link with the address the panel gives it."""
    block = page.json["links"]
    out = []
    for measure, links in block["measures"].items():
        for rel, index, other, note, *quoted in links:
            doc_id, file, has_page = block["docs"][index]
            out.append(
                {
                    "measure": measure,
                    "rel": rel,
                    "doc_id": doc_id,
                    "measure_id": other,
                    "note": note,
                    "page": has_page,
                    "href": f"{file}#{quoted[0] if quoted else other}",
                }
            )
    return out


@pytest.mark.parametrize("which", ["2014-gzhfxz-24", "2027-gzhqlb-3-zh", "2027-gzhqlb-3"])
def test_every_row_has_its_id_as_anchor_once(linked, which):
    tables, out = linked
    page = _Ids((out / f"{which}.html").read_text(encoding="utf-8"))
    assert len(page.ids) == len(set(page.ids))
    for table, id_col in ID_TABLES:
        for row_id in tables[table].loc[tables[table]["doc_id"] == which, id_col]:
            assert page.key_of.get(row_id) == f"{table}:{row_id}", (table, row_id)
    sections = tables["sections"][tables["sections"]["doc_id"] == which]
    toc = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert toc == list(sections["section_id"])  # the table of contents leads to the sections' anchors


def test_an_anchor_is_the_row_id_in_the_address(linked):
    """``report/<doc>.html#<measure_id>``: the id as it is (``/`` allowed in a fragment), other characters quoted."""
    from pipeline.report.links import href

    cases = [
        ("2014-gzhfxz-24", "2014-gzhfxz-24/m12", "2014-gzhfxz-24.html#2014-gzhfxz-24/m12"),
        ("2014-gzhfxz-24", "", "2014-gzhfxz-24.html"),
        ("a b", "a b/m1", "a_b.html#a%20b/m1"),
        ("x", 'x/"<m>', "x.html#x/%22%3Cm%3E"),
    ]
    for doc_id, row_id, expected in cases:
        assert href(doc_id, row_id) == expected


def test_responsibility_notes_are_highlighted(linked):
    tables, out = linked
    doc_id = "2027-gzhqlb-3-zh"
    measures = tables["measures"][
        (tables["measures"]["doc_id"] == doc_id) & tables["measures"]["responsibility_text"].notna()
    ]
    page = _Page((out / f"{doc_id}.html").read_text(encoding="utf-8"))
    shown = sorted(
        e["data-key"] for e in page.elements if "responsibility" in e["classes"] and "cont" not in e["classes"]
    )
    assert len(measures) > 0 and shown == sorted(f"responsibility:{m}" for m in measures["measure_id"])
    text = tables["documents"].set_index("doc_id").at[doc_id, "text"]
    for m in measures.itertuples():
        assert text[int(m.responsibility_char_start) : int(m.responsibility_char_end)] == m.responsibility_text


# (page, which link table, its column of this page's measure, rel, column of the other doc, other measure)
LINK_CASES = [
    ("2027-gzhqlb-3", "measure_links", "measure_id", "original", "original_doc_id", "original_measure_id"),
    ("2027-gzhqlb-3-zh", "measure_links", "original_measure_id", "translation", "doc_id", "measure_id"),
    ("2027-gzhqlb-3-zh", "measure_lineage", "measure_id", "previous", "previous_doc_id", "previous_measure_id"),
    ("2026-gzhzhlbf-16-zh", "measure_lineage", "previous_measure_id", "next", "doc_id", "measure_id"),
    ("2027-gzhqlb-3", "measure_lineage", "measure_id", "previous", "previous_doc_id", "previous_measure_id"),
]


@pytest.mark.parametrize("doc_id,table,own,rel,other_doc,other", LINK_CASES)
def test_each_measure_links_to_its_translation_and_lineage(linked, doc_id, table, own, rel, other_doc, other):
    tables, out = linked
    page = _Ids((out / f"{doc_id}.html").read_text(encoding="utf-8"))
    df = tables[table]
    rows = df[df[own].str.startswith(doc_id + "/")]
    assert len(rows) > 0
    expected = sorted((r[own], f"{r[other_doc]}.html#{r[other]}") for _, r in rows.iterrows())
    shown = sorted((link["measure"], link["href"]) for link in _links(page) if link["rel"] == rel)
    assert shown == expected
    assert all(link["page"] for link in _links(page))


def test_a_link_to_a_document_without_a_page_is_plain_text(linked, tmp_path):
    tables, _ = linked
    render_report(tables, tmp_path, ["2027-gzhqlb-3"])
    page = _Ids((tmp_path / "2027-gzhqlb-3.html").read_text(encoding="utf-8"))
    assert not [h for h in page.hrefs if h.startswith("2027-gzhqlb-3-zh.html")]
    assert _links(page) and not any(link["page"] for link in _links(page))
    index = _Ids((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert {h for h in index.hrefs if ".html" in h} == {"2027-gzhqlb-3.html"}  # the only page written


def _index_cells(html: str) -> dict[str, dict[str, str]]:
    """The index table: per doc_id, its cells by column head."""

    class Table(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.heads, self.rows, self.cell = [], [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            if tag in ("td", "th"):
                self.cell = []
            if tag == "br" and self.cell is not None:
                self.cell.append(" ")

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                (self.heads if tag == "th" else self.rows[-1]).append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    t = Table()
    t.feed(html)
    return {row[0]: dict(zip(t.heads, row, strict=True)) for row in t.rows if row}


def test_index_has_status_language_counts_findings_and_reasons(linked, tmp_path):
    tables, _ = linked
    changed = dict(tables)
    docs = tables["documents"].copy()
    docs["status"] = docs["status"].astype(object)
    partial = docs["doc_id"] == "2027-gzhqlb-3"
    docs.loc[partial, "status"] = "partial"
    docs.loc[partial, "errors"] = pd.Series(
        [["identity: no issuer found", "segment: no numbered body"]], index=docs.index[partial]
    )
    changed["documents"] = docs
    quality = tables["quality"].copy()
    quality.loc[quality["doc_id"] == "2027-gzhqlb-3-zh", "severity"] = "warning"
    changed["quality"] = quality
    render_report(changed, tmp_path)
    cells = _index_cells((tmp_path / "index.html").read_text(encoding="utf-8"))
    for doc in tables["documents"].itertuples():
        row = cells[doc.doc_id]
        counts = {t: int((tables[t]["doc_id"] == doc.doc_id).sum()) for t in tables if "doc_id" in tables[t]}
        assert (row["language"], row["year"]) == (doc.language, str(doc.year))
        assert row["measures"] == str(counts["measures"])
        assert row["mentions"] == str(counts["law_mentions"] + counts["agency_mentions"] + counts["targets"])
        n = counts["quality"]
        warnings = int(((quality["doc_id"] == doc.doc_id) & (quality["severity"] == "warning")).sum())
        assert row["findings"] == str(n) + (f" ({warnings} warning{'s' * (warnings > 1)})" if warnings else "")
    assert (cells["2027-gzhqlb-3"]["status"], cells["2027-gzhqlb-3"]["errors"]) == (
        "partial",
        "identity: no issuer found; segment: no numbered body",
    )
    assert (cells["2014-gzhfxz-24"]["status"], cells["2014-gzhfxz-24"]["errors"]) == ("success", "")
    assert cells["2027-gzhqlb-3"]["linked"] == "original 2027-gzhqlb-3-zh previous plan 2014-gzhfxz-24"


PAYLOAD = '</script><img src=x onerror="window.__pwned=1">&amp;'


def test_untrusted_text_stays_text_everywhere(tables, tmp_path):
    """A document's words, a measure's text, a mention's surface, a finding's message, the issuer and the reasons
    of a partial status: escaped in the page, its JSON blocks (read by the panel and the search) and the index."""
    doc_id = _doc_ids(tables)[0]
    changed = dict(tables)
    docs = tables["documents"].copy()
    i = docs.index[docs["doc_id"] == doc_id][0]
    measure = tables["measures"][tables["measures"]["doc_id"] == doc_id].iloc[5]
    text, at = docs.at[i, "text"], int(measure.char_start) + 3
    docs.at[i, "text"] = text[:at] + PAYLOAD + text[at + len(PAYLOAD) :]
    docs.at[i, "issuer"] = docs.at[i, "plan_title"] = PAYLOAD
    docs.at[i, "errors"] = [PAYLOAD]
    changed["documents"] = docs
    for table, column in (("measures", "text"), ("agency_mentions", "surface"), ("quality", "message")):
        df = tables[table].copy()
        df.loc[df["doc_id"] == doc_id, column] = PAYLOAD
        changed[table] = df
    render_report(changed, tmp_path, [doc_id])
    for name in (f"{doc_id}.html", "index.html"):
        html = (tmp_path / name).read_text(encoding="utf-8")
        parsed = _Ids(html)
        assert "img" not in parsed.tags, name
        assert html.count("</script>") == parsed.tags.count("script"), name  # no script element is cut short
    page = _Page((tmp_path / f"{doc_id}.html").read_text(encoding="utf-8"))
    assert "".join(page.text) == docs.at[i, "text"]  # the words as printed, markup characters included
    assert dict(page.rows[f"measures:{measure.measure_id}"]["fields"])["text"] == PAYLOAD
    assert _index_cells((tmp_path / "index.html").read_text(encoding="utf-8"))[doc_id]["errors"] == PAYLOAD


def test_page_stays_light(tables, report_dir, linked, tmp_path):
    """A page holds its document alone: in a bigger report it grows only by its links (here the 2014 circular,
    next to two later plans in ``linked``; alone in ``tmp_path``). Its size is about 5.5 times its text (152.2 KB
    before the review tools, 149.7 KB with them: the rows' JSON made compact pays for the anchors and the
    script); the bound notices a page that starts to grow with the corpus or with a new feature."""
    doc_id = "2014-gzhfxz-24"
    one = {name: df[df["doc_id"] == doc_id] if "doc_id" in df.columns else df for name, df in tables.items()}
    one["measure_lineage"] = one["measure_lineage"].iloc[0:0]
    render_report(one, tmp_path, [doc_id])
    alone = (tmp_path / f"{doc_id}.html").stat().st_size
    linked_tables, linked_dir = linked
    page = _Ids((linked_dir / f"{doc_id}.html").read_text(encoding="utf-8"))
    n_links = len(_links(page))
    assert n_links > 0
    assert 0 < (linked_dir / f"{doc_id}.html").stat().st_size - alone < 100 * n_links + 300
    text = len(tables["documents"].set_index("doc_id").at[doc_id, "text"].encode("utf-8"))
    assert (report_dir / f"{doc_id}.html").stat().st_size < 6 * text + 20_000


def test_every_toggle_has_its_rule(linked):
    """Each checkbox of the legend (a kind, a role) names a class that the style sheet turns off."""
    tables, out = linked
    from pipeline.report.build import ROLES

    html = (out / "2027-gzhqlb-3-zh.html").read_text(encoding="utf-8")
    toggles = re.findall(r'data-toggle="([\w-]+)"', html)
    assert sorted(toggles) == sorted([kind for _, kind, _ in KINDS] + ["responsibility"] + [f"role-{r}" for r in ROLES])
    for toggle in toggles:
        target = f".hl.agency.{toggle}" if toggle.startswith("role-") else f".hl.{toggle}"
        assert f".off-{toggle} {target}" in html, toggle


def test_page_head_names_the_linked_documents_with_their_evidence(linked):
    tables, out = linked
    pair = tables["document_links"].iloc[0]
    cases = [(pair.doc_id, "original", pair.original_doc_id), (pair.original_doc_id, "translation", pair.doc_id)]
    for doc_id, rel, other in cases:
        html = (out / f"{doc_id}.html").read_text(encoding="utf-8")
        link = f'<a class="doc-link" data-rel="{rel}" href="{other}.html">{other}</a>'
        assert f'{link} <span class="hint">score {pair.score:g}, decided by {pair.decided_by}</span>' in html


def test_links_block_lists_each_document_once_and_quotes_only_when_needed():
    from types import SimpleNamespace

    from pipeline.report import _links_json
    from pipeline.report.links import Link, href

    page = SimpleNamespace(
        links={
            "d/m1": [
                Link("original", "a b", "a b/m1", href("a b", "a b/m1"), "score 1"),
                Link("previous", "x", "x/m2", href("x", "x/m2"), "new, score 0.1"),
            ],
            "d/m2": [Link("previous", "x", "x/m3", href("x", "x/m3"), "continued, score 1")],
        }
    )
    assert _links_json(page, {"x"}) == {
        "docs": [["a b", "a_b.html", False], ["x", "x.html", True]],
        "measures": {
            "d/m1": [["original", 0, "a b/m1", "score 1", "a%20b/m1"], ["previous", 1, "x/m2", "new, score 0.1"]],
            "d/m2": [["previous", 1, "x/m3", "continued, score 1"]],
        },
    }
