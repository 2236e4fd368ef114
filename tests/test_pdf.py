"""PDF ingestion: layouts rendered at test time give the same tables as the text file, plus pages."""

from __future__ import annotations

import warnings

import pytest
from conftest import outline
from fpdf import FPDF
from pdf_fixtures import LAYOUTS, REPORTLAB_LAYOUTS, render_plan, render_plan_reportlab

from pipeline.corpus import process_file, run
from pipeline.ingest.pdf import layout_text
from pipeline.model import PipelineError

warnings.filterwarnings("ignore", message="Dimensions for page format")


@pytest.fixture(scope="module", params=[*LAYOUTS, *REPORTLAB_LAYOUTS],
                ids=lambda layout: getattr(layout, "name", layout))
def pdf_doc(request, doc_2014, tmp_path_factory):
    name = getattr(request.param, "name", request.param)
    path = tmp_path_factory.mktemp("pdf") / f"circular_{name}.pdf"
    if name in REPORTLAB_LAYOUTS:
        render_plan_reportlab(doc_2014, name, path)
    else:
        render_plan(doc_2014, request.param, path)
    return process_file(path)


def _mentions(doc):
    number = {m.measure_id: m.number for m in doc.measures}
    return (sorted([(number.get(x.measure_id), x.surface, x.instrument_type, x.action) for x in doc.law_mentions],
                   key=repr),
            sorted([(number.get(x.measure_id), x.surface, x.role, x.agency_id) for x in doc.agency_mentions], key=repr),
            sorted([(number.get(x.measure_id), x.comparator, x.value_min, x.value_max, x.unit) for x in doc.targets],
                   key=repr))


def test_layout_gives_the_same_outline_as_text(pdf_doc, doc_2014):
    assert outline(pdf_doc) == outline(doc_2014)


def test_layout_gives_the_same_mentions_as_text(pdf_doc, doc_2014):
    assert _mentions(pdf_doc) == _mentions(doc_2014)


def test_a_later_plan_with_responsibility_notes_from_pdf(doc_2031, tmp_path):
    doc = process_file(render_plan(doc_2031, LAYOUTS[1], tmp_path / "plan_2031.pdf"))
    assert outline(doc) == outline(doc_2031)
    assert _mentions(doc) == _mentions(doc_2031)


def test_every_measure_has_pages(pdf_doc):
    n_pages = pdf_doc.repaired.source.n_pages
    pages = [pdf_doc.repaired.page_span(m.span.start, m.span.end) for m in pdf_doc.measures]
    assert all(1 <= first <= last <= n_pages for first, last in pages)
    firsts = [first for first, _ in pages]
    assert firsts == sorted(firsts)
    if "reportlab" not in pdf_doc.repaired.source.path:  # our own line breaker always splits some measure
        assert any(first != last for first, last in pages), "no measure runs across a page break"
    assert pdf_doc.repaired.page_span(pdf_doc.measures[-1].span.start, pdf_doc.measures[-1].span.end)[1] == n_pages


def test_running_headers_footers_and_page_numbers_are_gone(pdf_doc):
    text = pdf_doc.text
    assert "Page 2 of" not in text and "— 2 —" not in text and "- 2 -" not in text and "Page 2" not in text
    assert text.count("Promotion Plan for the Implementation of the National IP Strategy") <= 3


def _words(*lines, top=100.0, size=10.0, x0=50.0):
    words = []
    for k, line in enumerate(lines):
        x = x0
        for w in line.split():
            words.append({"text": w, "x0": x, "x1": x + 6 * len(w), "top": top + k * 14, "bottom": top + k * 14 + size,
                          "fontname": "Serif", "size": size})
            x += 6 * len(w) + 4
    return words


def test_layout_text_joins_pages_and_drops_furniture():
    page1 = _words("1. The measure runs to the end of the page and goes on") + _words("Page 1 of 2", top=780)
    page2 = _words("after the break.", top=100) + _words("2. Next measure.", top=128) + _words("Page 2 of 2", top=780)
    text, _, starts = layout_text([(600.0, 800.0, page1), (600.0, 800.0, page2)])
    assert text == "1. The measure runs to the end of the page and goes on\nafter the break.\n\n2. Next measure."
    assert starts == [0, text.index("after")]


def _bad_pdf(kind: str, tmp_path, doc_2014):
    path = tmp_path / f"{kind}.pdf"
    if kind == "scan":
        pdf = FPDF()
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
        pdf.output(str(path))
    elif kind == "encrypted":
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.text(20, 20, "1. Secret measure.")
        pdf.set_encryption(owner_password="owner", user_password="user")
        pdf.output(str(path))
    elif kind == "truncated":
        full = tmp_path / "full.pdf"
        render_plan(doc_2014, LAYOUTS[0], full)
        path.write_bytes(full.read_bytes()[:4000])
    elif kind == "corrupt":
        path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog garbage garbage\n")
    elif kind == "zero_pages":
        path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                         b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                         b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return path


@pytest.mark.parametrize("kind, message", [
    ("scan", "no text layer"), ("encrypted", "encrypted"), ("truncated", "PDF"), ("corrupt", "PDF"),
    ("zero_pages", "zero pages"),
])
def test_bad_pdfs_are_clear_errors_and_write_nothing(kind, message, tmp_path, doc_2014):
    path = _bad_pdf(kind, tmp_path, doc_2014)
    with pytest.raises(PipelineError, match=message):
        process_file(path)
    report = run([path], tmp_path / "out", jobs=1)
    assert not report.ok and str(path) in str(report.failures[0])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.parquet"))


def test_a_title_split_across_pages_is_one_mention(pdf_doc, doc_2014):
    split = [x for x in pdf_doc.law_mentions if len(set(pdf_doc.repaired.page_span(x.span.start, x.span.end))) > 1]
    if "small_mono" not in pdf_doc.repaired.source.path:
        pytest.skip("only this layout is known to break a title across pages")
    assert [x.surface for x in split] == [
        "Special Procedure of Standard Establishment, Section 1: Standards Involving Patents"]
    assert split[0].surface in {x.surface for x in doc_2014.law_mentions}
