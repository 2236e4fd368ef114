"""`make bench`: speed of the text, HTML and DOCX stages, the PDF stage per engine (tests/bench_pdf.py), the
whole pipeline, and corpus runs.

Corpus runs use generated plans (tests/plans.py: each with its own year, document number, numbers and
addressee order; one in twenty rendered to PDF), 100 and 1,000 of them, through the command line as a user
runs it: documents per second, peak memory, the speed-up from 1 to N jobs, a cached re-run, one added plan.
Timings are printed, never asserted: machines differ. `python -m tests.bench --quick` skips the 1,000.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import bench_pdf  # noqa: E402
from bench_scale import bench_scale  # noqa: E402
from conftest import CIRCULAR_2014, descendants  # noqa: E402
from office_fixtures import PAGES, render_docx, render_html  # noqa: E402
from pdf_fixtures import LAYOUTS, render_plan  # noqa: E402
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

PDF_EVERY = 20
REPEATS = 5


def best(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_corpus(folder: Path, n: int) -> Path:
    """n plans, one in PDF_EVERY rendered to PDF (layouts in turn)."""
    folder.mkdir(parents=True)
    for i in range(n):
        txt = folder / f"plan_{i:04d}.txt"
        txt.write_text(variant(i), encoding="utf-8")
        if i % PDF_EVERY == PDF_EVERY - 1:
            render_plan(process_file(txt), LAYOUTS[i // PDF_EVERY % len(LAYOUTS)], txt.with_suffix(".pdf"))
            txt.unlink()
    return folder


def stages(folder: Path) -> None:
    """Seconds per document in each stage, in one process (the rule pipelines already built)."""
    for kind in ("txt", "pdf"):
        paths = sorted(folder.glob(f"*.{kind}"))[:5]
        totals = dict.fromkeys(("ingest", "repair", "segment", "extract", "quality", "rows"), 0.0)
        for path in paths:
            value = path
            for name, fn in (("ingest", ingest), ("repair", repair), ("segment", segment), ("extract", extract),
                             ("quality", lambda d: replace(d, quality=assess(d))), ("rows", document_tables)):
                start = time.perf_counter()
                value = fn(value) if name != "rows" else (fn(value), value)[1]
                totals[name] += time.perf_counter() - start
        print(f"stages, {kind.upper()} ({len(paths)} documents): " + ", ".join(
            f"{name} {t / len(paths) * 1000:.0f} ms" for name, t in totals.items()))


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for p in (pid, *descendants(pid)):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError):
            pass
    return total


def timed_run(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Wall seconds, peak RSS of the main process, peak RSS of main plus workers."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--jobs",
                             str(jobs), "-q"])
    main_peak = tree_peak = 0
    while proc.poll() is None:
        try:
            main_peak = max(main_peak, int(Path(f"/proc/{proc.pid}/statm").read_text().split()[1])
                            * os.sysconf("SC_PAGE_SIZE"))
        except (OSError, IndexError):
            pass
        tree_peak = max(tree_peak, tree_rss(proc.pid))
        time.sleep(0.2)
    if proc.returncode != 0:
        raise SystemExit(f"run failed with status {proc.returncode}")
    return time.perf_counter() - start, main_peak, tree_peak


def corpus_scale(sizes: tuple[int, ...]) -> None:
    jobs = usable_cpus()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in sizes:
            folder = make_corpus(root / f"in{n}", n)
            n_pdf = len(list(folder.glob("*.pdf")))
            if n == sizes[0]:
                stages(folder)
            runs = [1, jobs] if n == sizes[0] and jobs > 1 else [jobs]
            for j in runs:
                out = root / f"out{n}_{j}"
                seconds, main_peak, tree_peak = timed_run(folder, out, j)
                print(f"{n} plans ({n - n_pdf} TXT, {n_pdf} PDF), --jobs {j}: {seconds:.1f} s, "
                      f"{n / seconds:.1f} documents/s, peak RSS {main_peak / 2**20:.0f} MB main, "
                      f"{tree_peak / 2**20:.0f} MB with workers")
            seconds, _, _ = timed_run(folder, out, jobs)
            print(f"{n} plans, cached re-run (nothing changed): {seconds:.1f} s")
            (folder / "plan_added.txt").write_text(variant(n + 1), encoding="utf-8")
            before = {p: p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
            seconds, _, _ = timed_run(folder, out, jobs)
            after = {p: p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
            rewritten = sum(p in after and after[p] != ino for p, ino in before.items()) + len(set(after) - set(before))
            print(f"{n} plans + 1 added: {seconds:.1f} s, {rewritten} fragment files written "
                  f"(its 8 and the corpus-wide laws)")


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
    corpus_scale((100,) if "--quick" in sys.argv else (100, 1000))


if __name__ == "__main__":
    main()
