"""`make bench`, growth with length: CPU of the stages (and of start-up) on the 2031 plan repeated 5 and 50
times and on a 2,000,000-character plan, and on each adversarial shape at 1x and 10x (tests/scale_fixtures.py).

Linear steps give about 10x the work for 10x the input (less, while start-up and fixed costs weigh in); a
quadratic one gives about 100x. Printed, never asserted.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale_fixtures import PLAN_2031, SHAPES, adversarial, long_plan, plan_of_length

from pipeline.stages import process_file

# The sizes (10x the first figure of each pair).
SHAPE_SIZES = {
    "quotes": 20_000,
    "quoted_titles": 20_000,
    "paragraphs": 10_000,
    "short_paragraphs": 10_000,
    "run_together": 8_000,
    "paren_items": 50_000,
    "agency_list": 10_000,
    "addressees": 10_000,
    "headings": 8_000,
}


def startup_cpu() -> float:
    """CPU seconds (user + system) of what a run loads before its first document, in a fresh interpreter: the
    command line, the table writer (pyarrow, pandas) and the English spaCy pipeline, built. (A whole `run` is not
    timed from outside: its documents are read in worker processes the parent does not account for.)"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = "import pipeline.cli, pipeline.store; from pipeline.extract.nlp import build_nlp; build_nlp('en')"
    subprocess.run([sys.executable, "-c", code], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def cpu_of(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def bench_scale() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        startup = min(startup_cpu() for _ in range(3))
        print(f"start-up (command line, table writer, spaCy pipeline built): {startup:.2f} s CPU")
        process_file(PLAN_2031)  # one-time loads (spaCy pipeline, word lists) belong to start-up
        plans = {"5x": long_plan(5), "50x": long_plan(50), "2,000,000 chars": plan_of_length(2_000_000)}
        cpu = {}
        for name, text in plans.items():
            path = tmp / f"plan_{len(text)}.txt"
            path.write_text(text, encoding="utf-8")
            cpu[name] = cpu_of(lambda p=path: process_file(p))
            print(
                f"2031 plan {name:<16} {len(text):>9,} chars: {cpu[name]:5.2f} s CPU in the stages, "
                f"{startup + cpu[name]:5.2f} s with start-up"
            )
        print(
            f"  50x / 5x CPU, start-up included: {(startup + cpu['50x']) / (startup + cpu['5x']):.1f}x "
            f"for 10x the text ({cpu['50x'] / cpu['5x']:.1f}x in the stages)"
        )
        for shape in SHAPES:
            n = SHAPE_SIZES[shape]
            warm = tmp / f"{shape}_warm.txt"  # one-time loads (spaCy, word lists) out of the figures
            warm.write_text(adversarial(shape, 3), encoding="utf-8")
            process_file(warm)
            times = []
            for size in (n // 10, n):
                path = tmp / f"{shape}_{size}.txt"
                path.write_text(adversarial(shape, size), encoding="utf-8")
                times.append(cpu_of(lambda p=path: process_file(p)))  # once: a rerun hits spaCy's token cache
            print(
                f"adversarial {shape:<17} {n // 10:>6,} -> {n:>6,}: {times[0] * 1000:6.0f} ms -> "
                f"{times[1] * 1000:6.0f} ms ({times[1] / times[0]:4.1f}x)"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    bench_scale()
