"""`make bench`: speed of the text, HTML and DOCX stages, the PDF stage per engine (tests/bench_pdf.py), the
whole pipeline, and corpus runs.

Corpus runs use generated text plans in many series (:func:`series_plan`: ten programmes, each with its own
title and number prefix; numbers and addressee order permuted as in tests/plans.py), 100, 400 and 1,000 of
them (about 30 plan years; 10,000 at 200 a year with `--large` or BENCH_LARGE=1, not in `make test`), through
the command line as a user runs it: documents per second against the stage-limited rate (cores / CPU seconds a
warm worker spends on a document), wall and CPU seconds, peak memory, `--jobs` 1 against one per core on
400, a cached re-run, one added plan, and the CPU cost of measure_lineage over the whole output. Timings are
printed, never asserted: machines differ. `python -m tests.bench --quick` skips the 1,000; `python -m tests.bench
--corpus 10000` (sizes separated by commas) makes only the corpus runs of those sizes.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import bench_pdf  # noqa: E402
from bench_scale import bench_scale  # noqa: E402
from conftest import CIRCULAR_2014, descendants  # noqa: E402
from office_fixtures import PAGES, render_docx, render_html  # noqa: E402
from plans import variant  # noqa: E402

from pipeline.executors import usable_cpus  # noqa: E402
from pipeline.export import document_tables  # noqa: E402
from pipeline.extract import extract  # noqa: E402
from pipeline.extract.nlp import build_nlp  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.ingest.docx import read_docx  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from pipeline.ingest.text import read_text  # noqa: E402
from pipeline.quality import assess  # noqa: E402
from pipeline.repair import repair  # noqa: E402
from pipeline.segment import segment  # noqa: E402
from pipeline.stages import process_file  # noqa: E402

REPEATS = 5


def best(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# Many series: each plan belongs to one of SERIES programmes, with its own title and document-number prefix.
PROGRAMMES = (
    "National IP Strategy",
    "Patent Quality Programme",
    "Trademark Brand Programme",
    "Copyright Protection Programme",
    "Trade Secret Programme",
    "Geographical Indications Programme",
    "IP Finance Programme",
    "IP Talent Programme",
    "Customs IP Programme",
    "Plant Variety Programme",
)
PREFIXES = (
    "G. ZH. F. X. Z.",
    "G. ZH. B.",
    "G. SH. F.",
    "G. B. H.",
    "G. M. M.",
    "G. D. B.",
    "G. J. R.",
    "G. R. C.",
    "G. H. G.",
    "G. N. Y.",
)
MAX_PER_YEAR = 200
LARGE = 10_000  # the optional run: BENCH_LARGE=1 make bench (or python -m tests.bench --large)


def series_plan(i: int, per_year: int) -> str:
    """Plan ``i`` of a corpus of ``per_year`` plans a year (years from 2001 on), in series ``i % 10``: its
    programme in the title, its own number prefix, serial ``i % per_year + 1``; the 2014 circular's outline,
    its addressees and the numbers in its sentences permuted (as tests/plans.py does)."""
    year = 2001 + i // per_year
    s = i % len(PROGRAMMES)
    text = variant(i).replace(f"[{2001 + i % 30}] No. {i + 100}", f"[{year}] No. {i % per_year + 1}")
    text = re.sub(r"\b20[0-3]\d\b", str(year), text).replace("G. ZH. F. X. Z.", PREFIXES[s])
    head, body = text[:400], text[400:]
    return head.replace("National IP Strategy", PROGRAMMES[s]) + body


def write_series(folder: Path, n: int, start: int = 0, per_year: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    per_year = per_year or per_year_of(n)
    for i in range(start, start + n):
        (folder / f"plan_{i:05d}.txt").write_text(series_plan(i, per_year), encoding="utf-8")
    return folder


def per_year_of(n: int) -> int:
    """About 30 plan years, at most MAX_PER_YEAR plans a year (10,000 plans: 200 a year over 50 years)."""
    return max(1, min(MAX_PER_YEAR, n // 30))


def stages(folder: Path) -> None:
    """Seconds per document in each stage, in one process (the rule pipelines already built)."""
    paths = sorted(folder.glob("*.txt"))[:5]
    totals = dict.fromkeys(("ingest", "repair", "segment", "extract", "quality", "rows"), 0.0)
    for path in paths:
        value = path
        for name, fn in (
            ("ingest", ingest),
            ("repair", repair),
            ("segment", segment),
            ("extract", extract),
            ("quality", lambda d: replace(d, quality=assess(d))),
            ("rows", document_tables),
        ):
            start = time.perf_counter()
            value = fn(value) if name != "rows" else (fn(value), value)[1]
            totals[name] += time.perf_counter() - start
    print(
        f"stages, TXT ({len(paths)} documents): "
        + ", ".join(f"{name} {t / len(paths) * 1000:.0f} ms" for name, t in totals.items())
    )


def stage_seconds(folder: Path, n: int = 20) -> float:
    """CPU seconds a warm worker spends on one document (the stages and its rows encoded), over ``n`` plans."""
    from pipeline.corpus import work

    paths = sorted(folder.glob("*.txt"))[:n]
    work(str(paths[0]))
    start = time.process_time()
    for path in paths:
        work(str(path))
    return (time.process_time() - start) / len(paths)


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for p in (pid, *descendants(pid)):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError):
            pass
    return total


@dataclass(frozen=True)
class Timed:
    wall: float  # seconds
    cpu: float  # seconds of CPU of the run and all its processes
    main_peak: int  # bytes
    tree_peak: int  # bytes, main process and workers


def timed_run(folder: Path, out: Path, jobs: int) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--jobs", str(jobs), "-q"]
    )
    main_peak = tree_peak = 0
    while proc.poll() is None:
        try:
            main_peak = max(
                main_peak, int(Path(f"/proc/{proc.pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            )
        except (OSError, IndexError):
            pass
        tree_peak = max(tree_peak, tree_rss(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"run failed with status {proc.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(wall, cpu, main_peak, tree_peak)


def lineage_seconds(out: Path) -> float:
    """CPU seconds of measure_lineage over the whole output, its kept years removed first."""
    from pipeline import corpus_tables, store

    shutil.rmtree(out / store.STATE / "lineage", ignore_errors=True)
    start = time.process_time()
    corpus_tables.lineage_by_year(out, store.read_manifest(out))
    return time.process_time() - start


def corpus_scale(sizes: tuple[int, ...]) -> None:
    """Documents/s of whole runs against the stage-limited rate (cores / CPU seconds per document), the
    speed-up from one worker to one per core, a cached re-run, one plan added, peak memory."""
    cores = usable_cpus()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sample = write_series(root / "sample", 21, per_year=1)
        stages(sample)
        per_doc = stage_seconds(sample)
        limit = cores / per_doc
        print(
            f"corpus: a document costs {per_doc * 1000:.0f} ms of CPU in a warm worker: the stage-limited rate "
            f"on {cores} cores is {limit:.0f} documents/s"
        )
        peaks = {}
        for n in sizes:
            folder = write_series(root / f"in{n}", n)
            series = f"{len(PROGRAMMES)} series, {per_year_of(n)} plans a year"
            runs = [1, cores] if n == 400 and cores > 1 else [cores]
            timed = {}
            for jobs in runs:
                out = root / f"out{n}_{jobs}"
                timed[jobs] = t = timed_run(folder, out, jobs)
                print(
                    f"{n} plans ({series}), --jobs {jobs}: {t.wall:.1f} s ({t.cpu:.1f} s CPU), "
                    f"{n / t.wall:.1f} documents/s = {n / t.wall / limit:.2f} of the stage-limited rate; peak RSS "
                    f"{t.main_peak / 2**20:.0f} MB main, {t.tree_peak / 2**20:.0f} MB with workers"
                )
            peaks[n] = timed[cores].main_peak
            if len(runs) > 1:
                print(f"{n} plans, --jobs {cores} over --jobs 1: {timed[1].wall / timed[cores].wall:.2f}x")
            t = timed_run(folder, out, cores)
            print(f"{n} plans, cached re-run (nothing changed): {t.wall:.1f} s ({t.cpu:.1f} s CPU)")
            write_series(folder, 1, start=n, per_year=per_year_of(n))
            before = {p: p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
            t = timed_run(folder, out, cores)
            after = {p: p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
            rewritten = sum(p in after and after[p] != ino for p, ino in before.items()) + len(set(after) - set(before))
            print(f"{n} plans + 1 added: {t.wall:.1f} s ({t.cpu:.1f} s CPU), {rewritten} fragment files written")
            print(f"{n} plans: measure_lineage over all of them, none kept: {lineage_seconds(out):.1f} s CPU")
        if len(peaks) > 1:
            small, large = min(peaks), max(peaks)
            print(f"peak RSS of the main process, {large} plans over {small}: {peaks[large] / peaks[small]:.2f}x")


def main() -> None:
    warnings.filterwarnings("ignore")
    if "--corpus" in sys.argv:  # only corpus runs, of the sizes given: python -m tests.bench --corpus 10000
        corpus_scale(tuple(int(n) for n in sys.argv[sys.argv.index("--corpus") + 1].split(",")))
        return
    start = time.perf_counter()
    build_nlp()
    print(f"spaCy pipeline build (once per process): {time.perf_counter() - start:.2f} s")
    text_doc = process_file(CIRCULAR_2014)
    t_text = best(lambda: process_file(CIRCULAR_2014))
    print(
        f"text circular, whole pipeline:           {t_text * 1000:.0f} ms/document "
        f"({len(text_doc.text) / t_text / 1000:.0f} k chars/s)"
    )
    t_read = best(lambda: read_text(CIRCULAR_2014))
    print(f"text stage (read_text):                  {t_read * 1000:5.1f} ms/document")
    with tempfile.TemporaryDirectory() as tmp:
        renderings = [
            (f"HTML {p.name}", render_html(text_doc, p, Path(tmp) / f"{p.name}.html"), read_html) for p in PAGES
        ]
        renderings += [
            (f"DOCX {name}", render_docx(text_doc, Path(tmp) / f"{name}.docx", auto), read_docx)
            for name, auto in (("typed_numbers", False), ("automatic_numbering", True))
        ]
        for name, path, reader in renderings:
            stage = best(lambda p=path, r=reader: r(p))
            whole = best(lambda p=path: process_file(p), repeats=3)
            print(
                f"{name:<36} {path.stat().st_size / 1000:4.0f} kB: stage {stage * 1000:5.1f} ms/document "
                f"({stage / t_read:4.1f}x the text stage); whole pipeline {whole * 1000:4.0f} ms/document "
                f"(text: {t_text * 1000:.0f} ms)"
            )
    bench_pdf(text_doc)
    bench_scale()
    sizes = (100, 400) if "--quick" in sys.argv else (100, 400, 1000)
    if "--large" in sys.argv or os.environ.get("BENCH_LARGE"):
        sizes += (LARGE,)
    corpus_scale(sizes)


if __name__ == "__main__":
    main()
