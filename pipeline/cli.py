"""Command line: argument parsing only; every command composes the stages."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from .executors import EXECUTORS, Killed, Limits, human_bytes, local_results, stop_helper_processes, usable_cpus
from .ingest import DEFAULT_ENGINE, ENGINES, PLAN_FORMATS_TEXT
from .model import PipelineError, QualityIssue
from .paths import DEFAULT_INPUT, DEFAULT_OUTPUT, shown
from .stages import STAGES, process_file, run_stages
from .version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
SKIPPED_SHOWN = 10  # skipped files named in the run summary without -v
MIN_MEMORY, MAX_MEMORY = 64 * 1024**2, 1024**4  # --max-memory: a worker needs ~190 MB; 1T bounds typos
MAX_TIMEOUT = 7 * 24 * 3600.0

EPILOG = f"""\
examples:
  policy-pipeline run                          # everything in {DEFAULT_INPUT}/ -> {DEFAULT_OUTPUT}/
  policy-pipeline run plans/ extra.pdf --out out/
  policy-pipeline run plans/ --prune           # also drop plans no longer in plans/
  policy-pipeline run plans/ --executor dask --scheduler tcp://scheduler:8786
  policy-pipeline segment data/raw/circular_2014.txt   # debug one stage, prints JSON
  policy-pipeline validate data/processed              # schema check + quality report

exit status: 0 every input processed (a second file of a plan already given, same doc_id, is a warning naming
both, not written); 1 some input failed (the others are still written, one line per failed file on stderr),
--out overlaps an input, --prune refused, or DIR could not be written (full disk); 2 bad command line or
unusable --out; 130 interrupted (Ctrl-C, SIGTERM, SIGHUP: the documents finished so far are written; run
again to continue).

status: every document written is `success` (title, issuer and issue date found, outline read without
doubt) or `partial`, with the reasons on its summary line and in documents.errors; the last line counts
them. A notice or letter without numbered items is written as partial; only an empty or unreadable file
fails.
"""


def _json_default(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _json(value: object) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, indent=1) + "\n"


def cmd_run(args: argparse.Namespace) -> int:
    from .corpus import run, terminal_progress  # pyarrow and pandas: paid by the commands that write tables
    from .corrections import CorrectionsError
    from .store import OutputError

    show_progress = not args.quiet and sys.stderr.isatty()
    try:
        report = run(
            args.inputs or [DEFAULT_INPUT],
            args.out,
            jobs=args.jobs,
            progress=terminal_progress if show_progress else None,
            executor=args.executor,
            scheduler=args.scheduler,
            limits=Limits(args.timeout, args.max_memory),
            prune=args.prune,
            on_wait=lambda message: print(message, file=sys.stderr),
            pdf_engine=args.pdf_engine,
            corrections=args.corrections,
        )
    except (CorrectionsError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (PipelineError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    for unmatched in report.unmatched:
        print(f"error: {unmatched}", file=sys.stderr)
    if not args.quiet:
        for duplicate in report.duplicates:
            print(f"warning: {duplicate}", file=sys.stderr)
        if report.skipped:
            names = report.skipped if args.verbose else report.skipped[:SKIPPED_SHOWN]
            hidden = len(report.skipped) - len(names)
            more = f" and {hidden} more (-v lists all)" if hidden else ""
            print(
                f"skipped {len(report.skipped)} files that are not plans: {', '.join(map(shown, names))}{more}",
                file=sys.stderr,
            )
        for p in report.processed:
            n = p.summary
            status = "" if n.get("status", "success") == "success" else f" [partial: {'; '.join(n.get('reasons', ()))}]"
            print(
                f"{p.source}: {p.doc_id} — {n['sections']} sections, {n['goals']} goals, {n['measures']} measures "
                f"(+{n['omitted']} omitted), {n['agency_mentions']} agency mentions, {n['instruments']} "
                f"instruments, {n['targets']} targets{status}",
                file=sys.stderr,
            )
        issues = [(p.doc_id, QualityIssue(*q)) for p in report.processed for q in p.quality]
        if report.processed or not report.unchanged:
            print(quality_report(issues, args.verbose), file=sys.stderr)

        if args.corrections:
            print(corrections_report(report, args.verbose, colour=_colour(sys.stderr)), file=sys.stderr)
        if report.unchanged:
            print(f"{len(report.unchanged)} unchanged (already in {shown(args.out)}), skipped", file=sys.stderr)
            print(unchanged_quality_report(args.out, report.unchanged, args.verbose), file=sys.stderr)
        if report.resumed:
            print(
                f"{len(report.resumed)} resumed from an interrupted run (finished then, written now)", file=sys.stderr
            )
        for source in report.pruned:
            print(f"pruned {source} (no longer in the inputs)", file=sys.stderr)
        if report.written:
            print(
                f"wrote {_count(len(report.processed), 'document')}{_statuses(report)}; "
                f"{len(report.written) - 1} tables and datapackage.json in {shown(args.out)}/",
                file=sys.stderr,
            )
    if report.prune_refused:
        print(f"error: {report.prune_refused}", file=sys.stderr)
    if report.interrupted:
        print(
            f"interrupted: {_count(len(report.processed), 'document')} written, {report.not_started} not processed; "
            "run again to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return EXIT_OK if report.ok else EXIT_FAILED


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _statuses(report) -> str:
    """ " (2 success, 1 partial)": how many documents of the run ended with each status."""
    counts: dict[str, int] = {}
    for p in report.processed:
        status = p.summary.get("status", "success")
        counts[status] = counts.get(status, 0) + 1
    return (
        f" ({', '.join(f'{n} {s}' for s, n in sorted(counts.items(), key=lambda x: x[0] != 'success'))})"
        if counts
        else ""
    )


def quality_report(issues: Sequence[tuple[str, QualityIssue]], verbose: bool) -> str:
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


def unchanged_quality_report(out: str | Path, sources: list[str], verbose: bool) -> str:
    """The findings of the documents a run left as they were (read from their quality rows in ``out``): one
    line counting them by check, or with ``verbose`` one line per document as for the processed ones."""
    from . import store

    manifest = store.read_manifest(Path(out))
    names, keys = set(sources), {store.source_key(s) for s in sources}
    entries = [e for e in (manifest.documents if manifest else ()) if e.source in names or e.path in keys]
    issues = []
    if entries:
        import pyarrow.dataset as ds

        files = [str(store.table_dir(Path(out), "quality") / f"{e.key}.parquet") for e in entries]
        rows = (
            ds.dataset(files, format="parquet")
            .to_table(columns=["doc_id", "check", "severity", "item_id", "message"])
            .to_pylist()
        )
        issues = [(r["doc_id"], QualityIssue(r["check"], r["severity"], r["item_id"], r["message"])) for r in rows]
    head = f"quality of the {_count(len(sources), 'unchanged document')}"
    if not issues:
        return f"{head}: nothing to report"
    if verbose:
        return f"{head}, as before:\n" + quality_report(issues, verbose)
    counts = Counter(f"{q.check} ({q.severity})" for _, q in issues)
    with_findings = len({doc_id for doc_id, _ in issues})
    return (
        f"{head}, as before: "
        + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        + f" in {with_findings} of them (-v lists them)"
    )


CORRECTION_COLOUR = "\033[36m"  # cyan: corrections stand apart from errors (red) and quality findings


def _colour(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def corrections_report(report, verbose: bool, colour: bool = False) -> str:
    """One line per document with corrections applied (``-v``: one line per correction), in their own colour
    on a terminal; and a line for corrections of documents not processed in this run."""
    lines = []
    for doc_id, applied in sorted(report.corrections.items()):
        counts = Counter(c.action for c in applied)
        lines.append(
            f"corrections {doc_id}: {len(applied)} applied ("
            + ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
            + ")"
        )
        if verbose:
            lines += [
                shown(
                    f"  {c.where}: {c.action} {c.table} {c.target}"
                    + (f" {c.field}" if c.field else "")
                    + f" — {c.coder}: {c.note}"
                )
                for c in applied
            ]  # the file's words, escaped
    if report.not_in_run:
        docs = sorted({shown(c.doc_id) for c in report.not_in_run})
        lines.append(
            f"corrections: {len(report.not_in_run)} for documents not in this run, left as they were "
            f"({', '.join(docs)})"
        )
    if not lines:
        lines.append("corrections: none applied")
    return "\n".join(f"{CORRECTION_COLOUR}{line}\033[0m" if colour else line for line in lines)


def cmd_export_tables(args: argparse.Namespace) -> int:
    from .tables_export import ExportError, ExportUsageError, default_output, export_tables

    out = args.out or default_output(args.dir, args.format)
    try:
        export_tables(args.dir, out, args.format)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, ExportUsageError) else EXIT_FAILED
    print(out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import check

    found = check(args.dir)
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in found.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(quality_report(found.issues, verbose=not args.quiet))
    return EXIT_FAILED if found.problems else EXIT_OK


def cmd_dictionary(args: argparse.Namespace) -> int:
    from .dictionary import render_dictionary

    text = render_dictionary()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .report import ReportError, write_report

    try:
        written = write_report(args.dir, args.out, args.doc)
    except ReportError as exc:
        print(f"error: {args.dir}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # the message names the path
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for path in written:
        print(path)
    return EXIT_OK


def cmd_stage(args: argparse.Namespace, name: str) -> int:
    """A stage command: the stages up to ``name`` on one file, in a worker process under the limits of
    ``run`` (``--timeout``, ``--max-memory``); prints what the stage produces, or one line naming the file."""
    status, text = in_worker(
        args.file, _stage_text, Limits(args.timeout, args.max_memory), stage=name, pdf_engine=args.pdf_engine
    )
    if status != "ok":
        print(f"error: {shown(args.file)}: {text}", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.write(text)
    return EXIT_OK


def in_worker(path: str, fn: Callable, limits: Limits, **options: object) -> tuple[str, object]:
    """``fn(path, **options)`` in a worker process under ``limits``, as ``run`` runs a document:
    ``("ok", its value)`` or ``("error", the problem in one line)``."""
    _start_fork_server()
    task = partial(guarded, fn=fn, **options)
    outcomes = [o for _, o in local_results([path], task, 1, limits)]
    outcome = outcomes[0] if outcomes else Killed("the worker process returned nothing")
    return ("error", outcome.message) if isinstance(outcome, Killed) else outcome


def _start_fork_server() -> None:
    """Start multiprocessing's fork server with only the stages preloaded, before :func:`local_results` would
    start it with run's list (pyarrow, spaCy: seconds a debug command does not need to wait); the worker
    imports what its stage needs."""
    from multiprocessing import forkserver

    forkserver.set_forkserver_preload(["pipeline.stages"])
    forkserver.ensure_running()


def guarded(path: str, fn: Callable, **options: object) -> tuple[str, object]:
    """In the worker: ``("ok", fn(path, **options))`` or ``("error", the problem in one line)``."""
    try:
        return "ok", fn(path, **options)
    except PipelineError as exc:
        return "error", str(exc)
    except MemoryError:
        raise  # the worker reports the memory ceiling
    except Exception as exc:  # a bug: one line, as in run, not a traceback
        return "error", f"internal error: {type(exc).__name__}: {exc}"


def _stage_text(path: str, stage: str, pdf_engine: str) -> str:
    """What a stage produces for one file: JSON, or the text for repair."""
    value = run_stages(path, until=stage, pdf_engine=pdf_engine)
    if stage == "ingest":
        return _json(
            {
                "path": value.path,
                "format": value.format,
                "encoding": value.encoding,
                "language": value.language,
                "sha256": value.sha256,
                "chars": len(value.text),
                "n_pages": value.n_pages,
                "styles": value.styles,
                "anchors": value.anchors,
                "warnings": value.warnings,
            }
        )
    if stage == "repair":
        return value.text + "\n"
    if stage == "segment":
        text = value.text
        return _json(
            {
                "doc_id": value.doc_id,
                "metadata": value.metadata,
                "addressees": [text[s.start : s.end] for s in value.addressees],
                "sections": value.sections,
                "goals": value.goals,
                "measures": value.measures,
            }
        )
    return _json(
        {
            "status": value.status,
            "errors": value.errors,
            "agency_mentions": value.agency_mentions,
            "law_mentions": value.law_mentions,
            "targets": value.targets,
            "quality": value.quality,
        }
    )


def cmd_export(args: argparse.Namespace) -> int:
    """``run`` in one process: the same duplicate check and failure isolation, then the paths written."""
    from .corpus import run
    from .store import OutputError

    try:
        report = run(args.files, args.out, jobs=1)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (PipelineError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"warning: {duplicate}", file=sys.stderr)
    for name, path in report.written.items():
        print(f"{name}: {shown(path)}")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_evaluate(args: argparse.Namespace) -> int:
    """The gold file is checked first; the input runs in a worker under the default limits of ``run``."""
    from .evaluate import GoldError, read_gold, report, score

    try:
        gold = read_gold(args.gold)
    except GoldError as exc:  # the message names the file
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    status, doc = in_worker(args.input, process_file, Limits())
    if status != "ok":
        print(f"error: {shown(args.input)}: {doc}", file=sys.stderr)
        return EXIT_FAILED
    print(report(score(doc, gold), verbose=args.verbose))
    return EXIT_OK


def _limit_options(p: argparse.ArgumentParser) -> None:
    """The limits of ``run``, for the stage commands (which run the file in a worker process too)."""
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=Limits().timeout,
        metavar="SECONDS",
        help=f"wall-clock limit; the file is stopped and reported (default: {Limits().timeout:g})",
    )
    p.add_argument(
        "--max-memory",
        type=_size,
        default=Limits().max_memory,
        metavar="SIZE",
        help=f"memory ceiling, e.g. 500M or 2G (default: {human_bytes(Limits().max_memory)})",
    )


def _pdf_engine_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pdf-engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"how PDFs are read, with the same layout rules (default: {DEFAULT_ENGINE}, the fast one)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-pipeline",
        description=f"Turn policy circulars ({PLAN_FORMATS_TEXT}) into research-ready Parquet tables.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "run",
        help="process files and folders into tables (the whole pipeline)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=f"files or folders (default: {DEFAULT_INPUT}/); folders are searched for .txt, .pdf, "
        ".html, .htm and .docx files, other files in them are listed as skipped",
    )
    p.add_argument(
        "--out",
        type=_folder,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help=f"output folder (default: {DEFAULT_OUTPUT}/), outside the input folders",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"worker processes, 1 to {usable_cpus() * 4} (default: one per core)",
    )
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=Limits().timeout,
        metavar="SECONDS",
        help="wall-clock limit per document; a document over it is stopped and reported (default: "
        f"{Limits().timeout:g})",
    )
    p.add_argument(
        "--max-memory",
        type=_size,
        default=Limits().max_memory,
        metavar="SIZE",
        help=f"memory ceiling per document, e.g. 500M or 2G (default: {human_bytes(Limits().max_memory)})",
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help="remove from DIR the plans whose source was under an input and is no longer found there "
        "(nothing is pruned when an input is missing or a folder could not be read)",
    )
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="local worker processes (default) or a dask.distributed cluster",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="the dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument(
        "--corrections",
        type=Path,
        default=None,
        metavar="FILE",
        help="apply a researcher's corrections CSV to the extracted rows (see README: Corrections); "
        "a correction whose row is gone is an error naming its line",
    )
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only (no summary, no progress bar)")
    noise.add_argument("-v", "--verbose", action="store_true", help="also print every quality finding")
    _pdf_engine_option(p)
    p.set_defaults(func=cmd_run)

    for stage in STAGES:
        if stage.name == "assess":
            continue  # its findings print with extract
        p = sub.add_parser(
            stage.name, help=f"run the stages up to {stage.name} on one file and print the result ({stage.description})"
        )
        p.add_argument("file", help="a .txt, .pdf, .html/.htm or .docx file")
        _pdf_engine_option(p)
        _limit_options(p)
        p.set_defaults(func=partial(cmd_stage, name=stage.name))

    p = sub.add_parser(
        "evaluate",
        help="precision, recall and F1 against a gold annotation",
        epilog="example:\n  policy-pipeline evaluate tests/gold/circular_2014.gold.json data/raw/circular_2014.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("gold", help="gold annotation (JSON, see tests/gold/)")
    p.add_argument("input", help="the document the gold annotation describes")
    p.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious items")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "validate",
        help="check written tables against schemas/ and print the quality report",
        epilog="example:\n  policy-pipeline validate data/processed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", nargs="?", type=_folder, default=DEFAULT_OUTPUT, metavar="DIR")
    p.add_argument("-q", "--quiet", action="store_true", help="counts only, not every finding")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "export-tables",
        help="export the tables to CSV, Excel, SQLite or DuckDB for colleagues",
        epilog="examples:\n  policy-pipeline export-tables data/processed --format xlsx\n"
        "  policy-pipeline export-tables data/processed --format csv --out shared/csv\n\n"
        "lists are JSON text in CSV, Excel and SQLite; Excel starts with the data dictionary.\n"
        "CSV is UTF-8 with a byte-order mark (for Excel), booleans TRUE/FALSE; text that would\n"
        "run as a formula gets a leading ' in CSV. DuckDB files open in DuckDB 1.1+ and 2.\n"
        "exit status: 0 written, 1 failed (earlier export kept), 2 bad format or file name.\n"
        "xlsx and duckdb need: pip install 'policy-pipeline[export]'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help=f"the tables (default: {DEFAULT_OUTPUT}/)",
    )
    p.add_argument("--format", "-f", required=True, choices=["csv", "xlsx", "sqlite", "duckdb"])
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="a folder for csv; a .xlsx, .sqlite (.sqlite3, .db) or .duckdb (.db) file otherwise "
        "(default: DIR/exports/csv/ or DIR/exports/tables.FORMAT)",
    )
    p.set_defaults(func=cmd_export_tables)

    p = sub.add_parser("dictionary", help="print the data dictionary generated from schemas/ (Markdown)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write it to FILE instead")
    p.set_defaults(func=cmd_dictionary)

    p = sub.add_parser(
        "report",
        help="write one HTML page per document with every row highlighted, and an index",
        epilog="examples:\n  policy-pipeline report data/processed --out report/\n"
        "  policy-pipeline report data/processed --doc 2014-gzhfxz-24 --out report/\n\n"
        "Open report/index.html in a browser (sortable, filterable); on a page, hover a\n"
        "highlight to see its row, click it for the panel (its measure's mentions, translation\n"
        "and lineage links), find words or ids, untick a kind to hide it. A row opens at its\n"
        "id: report/2014-gzhfxz-24.html#2014-gzhfxz-24/m12.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help=f"folder of tables written by run (default: {DEFAULT_OUTPUT}/)",
    )
    p.add_argument(
        "--doc",
        action="append",
        default=None,
        metavar="ID",
        help="only this document (its doc_id); repeat for several (default: every document)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("report"),
        metavar="OUT",
        help="folder for the pages, created if missing (default: report/)",
    )
    p.set_defaults(func=cmd_report)

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


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a folder, not an empty string")
    return Path(text)


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 and at most {MAX_TIMEOUT:g} (a week), not {text!r}"
        )
    return value


def _size(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
    t = text.strip().upper().removesuffix("B")
    unit = t[-1:] if t[-1:] in units else ""
    try:
        value = float(t[: len(t) - len(unit)]) * units[unit]
    except ValueError:
        value = 0
    if not MIN_MEMORY <= value <= MAX_MEMORY:  # also false for nan
        raise argparse.ArgumentTypeError(
            f"must be a size from 64M to {human_bytes(MAX_MEMORY)}, such as 500M or 2G, not {text!r}"
        )
    return int(value)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        stop_helper_processes()


if __name__ == "__main__":
    sys.exit(main())
