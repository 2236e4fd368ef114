"""`make bench`: speed of the text, HTML, DOCX and PDF stages (PDF against bare pdfplumber), and of the whole pipeline.

Timings are printed, never asserted: machines differ. Each figure is the best of several runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CIRCULAR_2014  # noqa: E402
from office_fixtures import PAGES, render_docx, render_html  # noqa: E402
from pdf_fixtures import LAYOUTS, render_plan  # noqa: E402

from pipeline.corpus import process_file  # noqa: E402
from pipeline.extract.nlp import build_nlp  # noqa: E402
from pipeline.ingest.docx import read_docx  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402
from pipeline.ingest.text import read_text  # noqa: E402

REPEATS = 5


def best(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_extract_words(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def main() -> None:
    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    build_nlp()
    print(f"spaCy pipeline build (once per process): {time.perf_counter() - start:.2f} s")
    text_doc = process_file(CIRCULAR_2014)
    t_text = best(lambda: process_file(CIRCULAR_2014))
    print(f"text circular, whole pipeline:           {t_text * 1000:.0f} ms/document "
          f"({len(text_doc.text) / t_text / 1000:.0f} k chars/s)")
    t_read = best(lambda: read_text(CIRCULAR_2014))
    print(f"text stage (read_text):                  {t_read * 1000:5.1f} ms/document")
    with tempfile.TemporaryDirectory() as tmp:
        renderings = [(f"HTML {p.name}", render_html(text_doc, p, Path(tmp) / f"{p.name}.html"), read_html)
                      for p in PAGES]
        renderings += [(f"DOCX {name}", render_docx(text_doc, Path(tmp) / f"{name}.docx", auto), read_docx)
                       for name, auto in (("typed_numbers", False), ("automatic_numbering", True))]
        for name, path, reader in renderings:
            stage = best(lambda p=path, r=reader: r(p))
            whole = best(lambda p=path: process_file(p), repeats=3)
            print(f"{name:<36} {path.stat().st_size / 1000:4.0f} kB: stage {stage * 1000:5.1f} ms/document "
                  f"({stage / t_read:4.1f}x the text stage); whole pipeline {whole * 1000:4.0f} ms/document "
                  f"(text: {t_text * 1000:.0f} ms)")
        for layout in LAYOUTS:
            path = render_plan(text_doc, layout, Path(tmp) / f"{layout.name}.pdf")
            with pdfplumber.open(path) as pdf:
                n = len(pdf.pages)
            bare = best(lambda p=path: bare_extract_words(p))
            ours = best(lambda p=path: read_pdf(p))
            whole = best(lambda p=path: process_file(p), repeats=3)
            print(f"PDF {layout.name:<27} {n:>2} pages: pdfplumber extract_words {bare / n * 1000:5.1f} ms/page, "
                  f"PDF stage {ours / n * 1000:5.1f} ms/page, ratio {ours / bare:.2f}x; "
                  f"whole pipeline {whole / n * 1000:5.1f} ms/page")


if __name__ == "__main__":
    main()
