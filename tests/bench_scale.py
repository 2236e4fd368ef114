"""`make bench`, growth with length: CPU of whole runs (start-up included) of the 2031 plan repeated 5 and 50
times and of a 2,000,000-character plan, and of each adversarial shape at 1x and 10x (tests/scale_fixtures.py).

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

from scale_fixtures import SHAPES, adversarial, long_plan, plan_of_length

from pipeline.stages import process_file

# The sizes (10x the first figure of each pair).
SHAPE_SIZES = {"quotes": 20_000, "quoted_titles": 20_000, "paragraphs": 10_000, "short_paragraphs": 10_000,
               "run_together": 8_000, "paren_items": 50_000, "agency_list": 10_000, "addressees": 10_000,
               "headings": 8_000}


def run_cpu(path: Path, out: Path) -> tuple[float, float]:
    """CPU seconds (user + system) and peak memory (MB) of `policy-pipeline run` on one file, start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(path), "--out", str(out), "-q"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, after.ru_maxrss / 1024


def cpu_of(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def bench_scale() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plans = {"5x": long_plan(5), "50x": long_plan(50), "2,000,000 chars": plan_of_length(2_000_000)}
        cpu = {}
        for name, text in plans.items():
            path = tmp / f"plan_{len(text)}.txt"
            path.write_text(text, encoding="utf-8")
            cpu[name], peak = run_cpu(path, tmp / f"out_{len(text)}")
            print(f"2031 plan {name:<16} {len(text):>9,} chars: one-plan run {cpu[name]:5.2f} s CPU "
                  f"(start-up included), peak {peak:4.0f} MB")
        print(f"  50x / 5x CPU: {cpu['50x'] / cpu['5x']:.1f}x for 10x the text")
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
            print(f"adversarial {shape:<17} {n // 10:>6,} -> {n:>6,}: {times[0] * 1000:6.0f} ms -> "
                  f"{times[1] * 1000:6.0f} ms ({times[1] / times[0]:4.1f}x)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    bench_scale()
