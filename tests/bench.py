"""`make bench`: speed of the text, HTML and DOCX stages, the PDF stage per engine (tests/bench_pdf.py), and of
the whole pipeline.

Timings are printed, never asserted: machines differ. Each figure is the best of several runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import bench_pdf  # noqa: E402
from bench_scale import bench_scale  # noqa: E402
from conftest import CIRCULAR_2014  # noqa: E402
from office_fixtures import PAGES, render_docx, render_html  # noqa: E402

from pipeline.corpus import process_file  # noqa: E402
from pipeline.extract.nlp import build_nlp  # noqa: E402
from pipeline.ingest.docx import read_docx  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from pipeline.ingest.text import read_text  # noqa: E402

REPEATS = 5


def best(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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
    bench_pdf(text_doc)
    bench_scale()


if __name__ == "__main__":
    main()
