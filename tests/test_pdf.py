"""PDF ingestion: layouts rendered at test time give the same tables as the text file, plus pages."""

from __future__ import annotations

import threading
import warnings
from dataclasses import replace

import pytest
from conftest import mentions, outline
from fpdf import FPDF
from pdf_fixtures import (
    CHINESE_PLAN,
    LAYOUTS,
    LOOPS,
    ODD_MATRIX,
    REPORTLAB_LAYOUTS,
    build_pdf,
    render_chinese,
    render_plan,
    render_plan_reportlab,
    render_stamped,
    rotate_pages,
)

from pipeline.corpus import process_file, run
from pipeline.ingest import ENGINES, ingest
from pipeline.ingest.pdf import layout_text, read_pdf
from pipeline.ingest.pdf_direction import direction, upright
from pipeline.model import PipelineError

warnings.filterwarnings("ignore", message="Dimensions for page format")

NAMES = [layout.name for layout in LAYOUTS] + list(REPORTLAB_LAYOUTS)


@pytest.fixture(scope="module")
def render(doc_2014, tmp_path_factory):
    """The 2014 circular as a PDF in the named layout, rendered once per module."""
    done = {}
    folder = tmp_path_factory.mktemp("pdf")

    def get(name: str):
        if name not in done:
            path = folder / f"circular_{name}.pdf"
            if name in REPORTLAB_LAYOUTS:
                render_plan_reportlab(doc_2014, name, path)
            else:
                render_plan(doc_2014, next(x for x in LAYOUTS if x.name == name), path)
            done[name] = path
        return done[name]

    return get


@pytest.fixture(
    scope="module", params=[(name, engine) for name in NAMES for engine in ENGINES], ids=lambda p: "-".join(p)
)
def pdf_doc(request, render):
    name, engine = request.param
    return process_file(render(name), engine)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_both_engines_read_every_layout_alike(name, render):
    """Same text, style spans and page offsets, so every table is the same whichever engine read the file."""
    plumber, pdfium = (read_pdf(render(name), engine) for engine in ("pdfplumber", "pdfium"))
    assert pdfium.text == plumber.text
    assert pdfium.styles == plumber.styles
    assert pdfium.page_starts == plumber.page_starts


@pytest.mark.slow
def test_layout_gives_the_same_outline_as_text(pdf_doc, doc_2014):
    assert outline(pdf_doc) == outline(doc_2014)


def test_layout_gives_the_same_mentions_as_text(pdf_doc, doc_2014):
    assert mentions(pdf_doc) == mentions(doc_2014)


def test_a_later_plan_with_responsibility_notes_from_pdf(doc_2031, tmp_path):
    doc = process_file(render_plan(doc_2031, LAYOUTS[1], tmp_path / "plan_2031.pdf"))
    assert outline(doc) == outline(doc_2031)
    assert mentions(doc) == mentions(doc_2031)


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
            words.append(
                {
                    "text": w,
                    "x0": x,
                    "x1": x + 6 * len(w),
                    "top": top + k * 14,
                    "bottom": top + k * 14 + size,
                    "fontname": "Serif",
                    "size": size,
                }
            )
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
        path.write_bytes(build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "kind, message",
    [
        ("scan", "no text layer"),
        ("encrypted", "encrypted"),
        ("truncated", "PDF"),
        ("corrupt", "PDF"),
        ("zero_pages", "zero pages"),
    ],
)
def test_bad_pdfs_are_clear_errors_and_write_nothing(kind, message, engine, tmp_path, doc_2014):
    path = _bad_pdf(kind, tmp_path, doc_2014)
    with pytest.raises(PipelineError, match=message):
        process_file(path, engine)
    report = run([path], tmp_path / "out", jobs=1, pdf_engine=engine)
    assert not report.ok and str(path) in str(report.failures[0])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.parquet"))


def test_a_title_split_across_pages_is_one_mention(pdf_doc, doc_2014):
    split = [x for x in pdf_doc.law_mentions if len(set(pdf_doc.repaired.page_span(x.span.start, x.span.end))) > 1]
    if "small_mono" not in pdf_doc.repaired.source.path:
        pytest.skip("only this layout is known to break a title across pages")
    assert [x.surface for x in split] == [
        "Special Procedure of Standard Establishment, Section 1: Standards Involving Patents"
    ]
    assert split[0].surface in {x.surface for x in doc_2014.law_mentions}


def test_both_engines_read_chinese_alike(tmp_path):
    plumber, pdfium = (read_pdf(render_chinese(tmp_path / "plan_zh.pdf"), e) for e in ("pdfplumber", "pdfium"))
    assert pdfium.text == plumber.text
    assert [paragraph.replace("\n", "") for paragraph in pdfium.text.split("\n\n")] == CHINESE_PLAN


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "name, shown",
    [
        ("justified_hyphenated", "pages carry /Rotate 90: shown turned, text unchanged"),
        ("reportlab_justified_a4", "pages carry /Rotate 270"),
        ("turned", "text drawn a quarter turn left on landscape sheets: runs upwards"),
        ("turned+rotate90", "the same sheets carry /Rotate 90, so they are shown upright"),
    ],
)
def test_turned_pages_are_read_in_their_text_direction(name, shown, engine, render, doc_2014, tmp_path):
    base = "justified_hyphenated" if name.startswith("turned") else name
    path = render(base)
    if name.startswith("turned"):
        path = render_plan(doc_2014, replace(LAYOUTS[0], name="turned", turned=True), tmp_path / "turned.pdf")
    if name != "turned":
        path = rotate_pages(path, 270 if "270" in shown else 90, tmp_path / "rotated.pdf")
    expected = read_pdf(render(base), engine)
    got = read_pdf(path, engine)
    assert (got.text, got.styles, got.page_starts) == (expected.text, expected.styles, expected.page_starts)
    assert got.warnings == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_text_running_another_way_is_left_out_and_reported(engine, tmp_path):
    source = read_pdf(render_stamped(tmp_path / "stamped.pdf"), engine)
    assert source.text == (
        "1. Improve the patent examination system and shorten the examination\n"
        "period for invention patents.\n\n2. Strengthen copyright protection."
    )
    assert source.warnings == ("page 1: 8 characters not running 0° left out",)


@pytest.mark.parametrize(
    "engine, warnings",
    [
        (
            "pdfplumber",
            (
                "pdfminer: Cannot concatenate matrix to current transformation matrix because not all "
                "values in (1, 0, 0, /'Odd', 0, 0) can be parsed as floats",
            ),
        ),
        ("pdfium", ()),
    ],
)
def test_pdfminer_log_lines_become_warnings_not_stderr(engine, warnings, tmp_path, capfd):
    path = tmp_path / "odd.pdf"
    path.write_bytes(ODD_MATRIX)
    source = ingest(path, engine)
    assert source.text == "1. Improve the patent examination system."
    assert source.warnings == warnings
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "kind, outcome",
    [
        ("length_loop", "1. Improve the patent examination system."),
        ("resources_loop", "1. Improve the patent examination system."),
        ("page_tree_loop", "corrupt PDF: page 1 cannot be read"),
    ],
)
def test_pdfium_ends_on_reference_loops(kind, outcome, tmp_path):
    """pdfminer (the pdfplumber engine) loops forever on the first two; PDFium reads or refuses them."""
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(LOOPS[kind])
    result: list = []

    def read() -> None:
        try:
            result.append(read_pdf(path, "pdfium").text)
        except PipelineError as exc:
            result.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert result and result[0].startswith(outcome)


def test_an_unknown_engine_is_a_clear_error(tmp_path):
    path = tmp_path / "odd.pdf"
    path.write_bytes(ODD_MATRIX)
    with pytest.raises(PipelineError, match="unknown PDF engine 'mupdf'; expected one of pdfplumber, pdfium"):
        ingest(path, "mupdf")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (1, 0, 0),
        (0, 1, 90),
        (-1, 0, 180),
        (0, -1, 270),
        (0.99, 0.05, 0),
        (0.05, -0.99, 270),
        (0, 0, 0),
    ],
)
def test_direction_of_a_baseline(a, b, expected):
    assert direction(a, b) == expected


@pytest.mark.parametrize(
    "turn, box, expected",
    [
        # a word running upwards on a 600 x 800 page: its line lies across the turned 800 x 600 page
        (90, (100, 112, 500, 540), (260, 300, 100, 112)),
        (270, (100, 112, 500, 540), (500, 540, 488, 500)),
        (180, (100, 140, 500, 512), (460, 500, 288, 300)),
    ],
)
def test_upright_turns_boxes_into_the_reading_frame(turn, box, expected):
    x0, x1, top, bottom = box
    word = {"text": "word", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "dir": turn}
    width, height, words, read, skipped = upright(600, 800, [word])
    assert (read, skipped) == (turn, 0)
    assert (width, height) == ((800, 600) if turn in (90, 270) else (600, 800))
    assert tuple(words[0][k] for k in ("x0", "x1", "top", "bottom")) == expected
    assert words[0]["dir"] == 0
