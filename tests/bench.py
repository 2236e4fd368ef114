"""`make bench`: speed of the whole pipeline, and of the PDF stage per engine (tests/bench_pdf.py).

Timings are printed, never asserted: machines differ. Each figure is the best of several runs.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import bench_pdf  # noqa: E402
from conftest import CIRCULAR_2014  # noqa: E402

from pipeline.corpus import process_file  # noqa: E402
from pipeline.extract.nlp import build_nlp  # noqa: E402

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
    bench_pdf(text_doc)


if __name__ == "__main__":
    main()
