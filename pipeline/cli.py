"""Command line: argument parsing only; every command composes the stages."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from . import __version__
from .corpus import DEFAULT_INPUT, DEFAULT_OUTPUT, EXECUTORS, expand_inputs, process_file, run, terminal_progress
from .executors import Limits, human_bytes, usable_cpus
from .export import export
from .extract import extract
from .ingest import ingest
from .model import PipelineError
from .quality import QualityIssue
from .repair import repair
from .segment import segment
from .store import shown

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = f"""\
examples:
  python -m pipeline run                          # everything in {DEFAULT_INPUT}/ -> {DEFAULT_OUTPUT}/
  python -m pipeline run plans/ extra.pdf --out out/
  python -m pipeline run plans/ --prune           # also drop plans no longer in plans/
  python -m pipeline run plans/ --executor dask --scheduler tcp://scheduler:8786
  python -m pipeline segment data/raw/circular_2014.txt   # debug one stage, prints JSON
  python -m pipeline validate data/processed              # schema check + quality report

exit status: 0 every input processed; 1 some input failed (the others are still written, one line per
failed file on stderr); 2 bad command line or unusable --out; 130 interrupted (Ctrl-C: the documents
finished so far are written; run again to continue).
"""


def _json_default(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, default=_json_default, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_run(args: argparse.Namespace) -> int:
    show_progress = not args.quiet and sys.stderr.isatty()
    try:
        report = run(args.inputs or [DEFAULT_INPUT], args.out, jobs=args.jobs,
                     progress=terminal_progress if show_progress else None, executor=args.executor,
                     scheduler=args.scheduler, limits=Limits(args.timeout, args.max_memory), prune=args.prune,
                     on_wait=lambda message: print(message, file=sys.stderr))
    except (PipelineError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    if not args.quiet:
        for p in report.processed:
            n = p.summary
            print(f"{p.source}: {p.doc_id} — {n['sections']} sections, {n['goals']} goals, {n['measures']} measures "
                  f"(+{n['omitted']} omitted), {n['agency_mentions']} agency mentions, {n['instruments']} "
                  f"instruments, {n['targets']} targets", file=sys.stderr)
        issues = [(p.doc_id, QualityIssue(*q)) for p in report.processed for q in p.quality]
        print(quality_report(issues, args.verbose), file=sys.stderr)
        if report.unchanged:
            print(f"{len(report.unchanged)} unchanged (already in {shown(args.out)}), skipped", file=sys.stderr)
        if report.resumed:
            print(f"{len(report.resumed)} resumed from an interrupted run (finished then, written now)",
                  file=sys.stderr)
        for source in report.pruned:
            print(f"pruned {source} (no longer among the inputs)", file=sys.stderr)
        if report.written:
            print(f"wrote {len(report.processed)} documents; {len(report.written) - 1} tables and datapackage.json "
                  f"in {shown(args.out)}/", file=sys.stderr)
    if report.interrupted:
        print(f"interrupted: {len(report.processed)} documents written, {report.not_started} not processed; "
              "run again to continue", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK if report.ok else EXIT_FAILED


def quality_report(issues: list[tuple[str, object]], verbose: bool) -> str:
    """One line per document (counts by check); with ``verbose``, one line per finding."""
    by_doc: dict[str, list] = {}
    for doc_id, issue in issues:
        by_doc.setdefault(doc_id, []).append(issue)
    if not by_doc:
        return "quality: nothing to report"
    lines = []
    for doc_id, found in sorted(by_doc.items()):
        counts = Counter(f"{q.check} ({q.severity})" for q in found)
        lines.append(f"quality {doc_id}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
        if verbose:
            lines += [f"  {q.severity}: {q.message}" for q in found]
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems, issues = validate(args.dir)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(quality_report(issues, verbose=not args.quiet))
    return EXIT_FAILED if problems else EXIT_OK


def cmd_dictionary(args: argparse.Namespace) -> int:
    from .dictionary import render_dictionary

    text = render_dictionary()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _one_file(args: argparse.Namespace, stage) -> int:
    try:
        stage(args.file)
    except PipelineError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    def show(path: str) -> None:
        src = ingest(path)
        _print_json({"path": src.path, "format": src.format, "encoding": src.encoding, "sha256": src.sha256,
                     "chars": len(src.text), "n_pages": src.n_pages, "styles": src.styles})
    return _one_file(args, show)


def cmd_repair(args: argparse.Namespace) -> int:
    return _one_file(args, lambda path: sys.stdout.write(repair(ingest(path)).text + "\n"))


def cmd_segment(args: argparse.Namespace) -> int:
    def show(path: str) -> None:
        doc = segment(repair(ingest(path)))
        text = doc.text
        _print_json({"doc_id": doc.doc_id, "metadata": doc.metadata,
                     "addressees": [text[s.start:s.end] for s in doc.addressees],
                     "sections": doc.sections, "goals": doc.goals, "measures": doc.measures})
    return _one_file(args, show)


def cmd_extract(args: argparse.Namespace) -> int:
    def show(path: str) -> None:
        doc = extract(segment(repair(ingest(path))))
        _print_json({"agency_mentions": doc.agency_mentions, "law_mentions": doc.law_mentions,
                     "targets": doc.targets})
    return _one_file(args, show)


def cmd_export(args: argparse.Namespace) -> int:
    files, missing = expand_inputs(args.files)
    status = EXIT_OK
    docs = []
    for failure in missing:
        print(f"error: {failure}", file=sys.stderr)
        status = EXIT_FAILED
    for path in files:
        try:
            docs.append(process_file(path))
        except PipelineError as exc:
            print(f"error: {shown(path)}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
    if docs:
        try:
            written = export(docs, args.out)
        except PipelineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
        for name, path in written.items():
            print(f"{name}: {shown(path)}")
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report

    try:
        scores = evaluate(args.gold, args.input)
    except (PipelineError, OSError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(report(scores, verbose=args.verbose))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-pipeline", description="Turn policy circulars (TXT, PDF) into research-ready Parquet tables.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="process files and folders into tables (the whole pipeline)",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help=f"files or folders (default: {DEFAULT_INPUT}/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR",
                   help=f"output folder (default: {DEFAULT_OUTPUT}/)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help=f"worker processes, 1 to {usable_cpus() * 4} (default: one per core)")
    p.add_argument("--timeout", type=_positive_seconds, default=Limits().timeout, metavar="SECONDS",
                   help="wall-clock limit per document; a document over it is stopped and reported (default: "
                        f"{Limits().timeout:g})")
    p.add_argument("--max-memory", type=_size, default=Limits().max_memory, metavar="SIZE",
                   help=f"memory ceiling per document, e.g. 500M or 2G (default: {human_bytes(Limits().max_memory)})")
    p.add_argument("--prune", action="store_true", help="remove from DIR the plans that are no longer among the inputs")
    p.add_argument("--executor", choices=EXECUTORS, default="local",
                   help="local worker processes (default) or a dask.distributed cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="the dask scheduler, e.g. tcp://10.0.0.5:8786")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only (no summary, no progress bar)")
    noise.add_argument("-v", "--verbose", action="store_true", help="also print every quality finding")
    p.set_defaults(func=cmd_run)

    for name, func, what in (("ingest", cmd_ingest, "read one file; print what was read (JSON)"),
                             ("repair", cmd_repair, "print the repaired text of one file"),
                             ("segment", cmd_segment, "print the structure of one file (JSON)"),
                             ("extract", cmd_extract, "print the mentions found in one file (JSON)")):
        p = sub.add_parser(name, help=what)
        p.add_argument("file", help="a .txt or .pdf file")
        p.set_defaults(func=func)

    p = sub.add_parser("evaluate", help="precision, recall and F1 against a gold annotation",
                       epilog="example:\n  python -m pipeline evaluate tests/gold/circular_2014.gold.json "
                              "data/raw/circular_2014.txt",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", help="gold annotation (JSON, see tests/gold/)")
    p.add_argument("input", help="the document the gold annotation describes")
    p.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious items")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("validate", help="check written tables against schemas/ and print the quality report",
                       epilog="example:\n  python -m pipeline validate data/processed",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", nargs="?", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    p.add_argument("-q", "--quiet", action="store_true", help="counts only, not every finding")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("dictionary", help="print the data dictionary generated from schemas/ (Markdown)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write it to FILE instead")
    p.set_defaults(func=cmd_dictionary)

    p = sub.add_parser("export", help="process files and write their tables (like run, without parallelism)")
    p.add_argument("files", nargs="+", metavar="INPUT")
    p.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    p.set_defaults(func=cmd_export)
    return parser


def _jobs(text: str) -> int:
    top = usable_cpus() * 4
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= top:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {top} (4 per usable core), not {text!r}")
    return n


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


def _size(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    t = text.strip().upper().removesuffix("B")
    unit = t[-1:] if t[-1:] in units else ""
    try:
        value = float(t[:len(t) - len(unit)]) * units[unit]
    except ValueError:
        value = 0
    if value < 64 * 1024 ** 2:
        raise argparse.ArgumentTypeError(f"must be a size of at least 64M, such as 500M or 2G, not {text!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
