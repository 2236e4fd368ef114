"""PDF part of `make bench`: each engine's PDF stage per layout, against bare pdfplumber ``extract_words``.

Timings are printed, never asserted: machines differ. Each figure is the best of several runs, in CPU time of
this process (``time.process_time``): the stage is single-threaded, so on an idle machine that is its wall
clock, and other processes on a busy machine barely change it.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_fixtures import LAYOUTS, REPORTLAB_LAYOUTS, render_plan, render_plan_reportlab  # noqa: E402

from pipeline.corpus import process_file  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def bare_extract_words(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def bench_pdf(text_doc, repeats: int = 5) -> list[dict]:
    """Render ``text_doc`` in every test layout and time both engines; print and return one row per layout."""
    warnings.filterwarnings("ignore")
    rows = []
    print(
        f"{'PDF layout':<32} {'pages':>5} {'extract_words':>13} {'pdfplumber':>10} {'pdfium':>8} {'ratio':>6} "
        f"{'whole (pdfium)':>14}   (ms/page)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in [layout.name for layout in LAYOUTS] + list(REPORTLAB_LAYOUTS):
            path = Path(tmp) / f"{name}.pdf"
            if name in REPORTLAB_LAYOUTS:
                render_plan_reportlab(text_doc, name, path)
            else:
                render_plan(text_doc, next(x for x in LAYOUTS if x.name == name), path)
            with pdfplumber.open(path) as pdf:
                n = len(pdf.pages)
            bare = best(lambda p=path: bare_extract_words(p), max(2, repeats // 2))
            plumber = best(lambda p=path: read_pdf(p, "pdfplumber"), max(2, repeats // 2))
            pdfium = best(lambda p=path: read_pdf(p, "pdfium"), repeats * 2)
            whole = best(lambda p=path: process_file(p, "pdfium"), repeats)
            row = dict(
                layout=name,
                pages=n,
                extract_words=bare / n * 1000,
                pdfplumber=plumber / n * 1000,
                pdfium=pdfium / n * 1000,
                ratio=plumber / pdfium,
                whole=whole / n * 1000,
            )
            rows.append(row)
            print(
                f"{name:<32} {n:>5} {row['extract_words']:>13.1f} {row['pdfplumber']:>10.1f} {row['pdfium']:>8.2f} "
                f"{row['ratio']:>5.1f}x {row['whole']:>14.1f}",
                flush=True,
            )
    pages = sum(r["pages"] for r in rows)
    plumber = sum(r["pdfplumber"] * r["pages"] for r in rows)
    pdfium = sum(r["pdfium"] * r["pages"] for r in rows)
    print(
        f"{'all layouts':<32} {pages:>5} {'':>13} {plumber / pages:>10.1f} {pdfium / pages:>8.2f} "
        f"{plumber / pdfium:>5.1f}x"
    )
    return rows


if __name__ == "__main__":
    from conftest import CIRCULAR_2014

    bench_pdf(process_file(CIRCULAR_2014))
