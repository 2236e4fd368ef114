"""Hostile files (issue 26): entity and zip bombs in Word files, hostile web pages, corrections and gold files
that are not what they claim. Each fails with one line naming the file and the problem (exit 1; 2 for a bad
option value), nothing is unpacked, parsed or printed beyond the limits, and the other files of a run are
still processed. Every fixture is generated here (tests/hostile_fixtures.py); none is large on disk.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import hostile_fixtures as hf
import pandas as pd
import pytest
from conftest import PLAN_2031, ROOT

from pipeline.cli import corrections_report
from pipeline.corrections import CorrectionsError, Unmatched, read_corrections
from pipeline.evaluate import GoldError, read_gold
from pipeline.ingest import docx as docx_reader
from pipeline.ingest import html as html_reader
from pipeline.ingest import ingest
from pipeline.model import PipelineError

MB = 1024**2
DOC = "2031-gzhlb-7"
HEADER = "table,doc_id,row_id,char_start,char_end,action,field,value,note,coder\n"


def cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        errors="backslashreplace",
    )


def one_error_line(result: subprocess.CompletedProcess, path: Path) -> str:
    """The single line on stderr, checked to be an error naming ``path`` and no traceback."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith(f"error: {path}: ") and "internal error" not in lines[0], lines[0]
    return lines[0]


# ------------------------------------------------------------------------------------------------- Word


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n")
    return secret


WORD_CASES = [
    # an entity bomb: a billion "lol"s from a few hundred bytes
    ("laughs.docx", hf.amplified_docx, "part word/document.xml has a DTD"),
    # an external entity naming a local file (XXE)
    ("xxe.docx", lambda p: hf.external_entity_docx(p, _secret(p.parent)), "part word/document.xml has a DTD"),
    # the same in UTF-16, where a byte search for "<!DOCTYPE" in ASCII would miss it
    (
        "utf16.docx",
        lambda p: hf.write_docx(
            p,
            hf.document_xml(doctype=hf.billion_laughs(2, 2))
            .decode()
            .replace('encoding="UTF-8"', 'encoding="UTF-16"')
            .encode("utf-16"),
        ),
        "part word/document.xml has a DTD",
    ),
    # a zip bomb in the document part: refused by its header before anything is unpacked
    (
        "bomb.docx",
        lambda p: hf.zip_bomb_docx(p, 150 * MB, part="word/document.xml"),
        "part word/document.xml unpacks to 150 MB (at most 100 MB)",
    ),
    # a zip bomb whose headers claim 1 KB: exactly 1 KB is unpacked, which is not a whole XML document
    ("lying.docx", lambda p: hf.zip_bomb_docx(p, 1024 * MB, part="word/document.xml", lie=True), "broken XML"),
    # nesting past libxml2's limit
    ("deep.docx", lambda p: hf.deep_docx(p, 300), "nested deeper than the parser's limit of 256 elements"),
    ("text.docx", lambda p: hf.write_docx(p, b"<w:document>1. Not closed"), "broken XML"),
    ("garbage.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100), "corrupt or truncated"),
    # a numbering value that python-docx accepts and int() does not
    (
        "ilvl.docx",
        lambda p: hf.write_docx(
            p,
            hf.document_xml(
                body_prefix=(
                    '<w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                    "<w:r><w:t>1. A measure.</w:t></w:r></w:p>"
                )
            ),
        ),
        "an invalid value",
    ),
]


@pytest.mark.parametrize("name, build, expected", WORD_CASES, ids=[c[0] for c in WORD_CASES])
def test_hostile_word_files_are_refused_with_the_problem(name, build, expected, tmp_path):
    path = tmp_path / name
    build(path)
    with pytest.raises(PipelineError) as err:
        ingest(path)
    message = str(err.value)
    assert message.startswith("not a readable Word file: ") and expected in message, message
    assert "\n" not in message and "TOP-SECRET" not in message


@pytest.mark.parametrize(
    "limit, value, expected",
    [
        ("MAX_PARTS", 3, "4 parts in the package (at most 3)"),
        ("PACKAGE_LIMIT", 1000, "its XML parts unpack to 1,051 bytes (at most 1,000 bytes)"),
        ("PART_LIMIT", 300, "part [Content_Types].xml unpacks to 462 bytes (at most 300 bytes)"),
    ],
)
def test_the_package_limits(limit, value, expected, tmp_path, monkeypatch):
    path = hf.write_docx(tmp_path / "plan.docx", hf.document_xml(), {"word/extra.xml": b"<x/>"})
    assert ingest(path).text.startswith("1. Implement the Patent Law.")
    monkeypatch.setattr(docx_reader, limit, value)
    with pytest.raises(PipelineError, match=re.escape(f"not a readable Word file: {expected}")):
        ingest(path)


def test_images_are_never_unpacked(tmp_path):
    """A 2 GB 'image' costs nothing: binary parts are left packed, the text is read."""
    path = hf.zip_bomb_docx(tmp_path / "image.docx", 2048 * MB)
    assert path.stat().st_size < 4 * MB
    assert ingest(path).text == "\n\n".join(hf.PLAN)


@pytest.mark.parametrize("start, first", [("3", "III. "), ("1000000000000", "M" * 32 + "DCCLXVII. "), ("-5", "0. ")])
def test_list_start_values_are_held_to_words_range(start, first, tmp_path):
    """A start of 10**12 in upper Roman would be a billion Ms; Word's counters end at 32767."""
    text = ingest(hf.numbered_docx(tmp_path / "numbered.docx", start)).text
    assert text.startswith(first + "First measure.")


# ------------------------------------------------------------------------------------------------- HTML


def _sparse(path: Path, size: int, head: bytes = b"<html><body><p>1. A measure.</p>") -> Path:
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


HTML_CASES = [
    ("deep.html", lambda p: p.write_bytes(hf.deep_html(100_000)), "nested deeper than 200 elements"),
    ("just_too_deep.html", lambda p: p.write_bytes(hf.deep_html(199)), "nested deeper than 200 elements"),
    (
        "references.html",
        lambda p: p.write_bytes(hf.entity_flood_html(2_100_000)),
        "2,100,000 character references such as &amp; (at most 2,000,000)",
    ),
    (
        "tags.html",
        lambda p: p.write_bytes(hf.html_page("<i></i>" * 1_000_001 + hf.PLAN_HTML)),
        "tags (at most 2,000,000)",
    ),
    ("huge.html", lambda p: _sparse(p, 65 * MB), "web page of 65 MB is too large (at most 64 MB)"),
]


@pytest.mark.parametrize("name, build, expected", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_hostile_web_pages_are_refused_with_the_problem(name, build, expected, tmp_path):
    path = tmp_path / name
    build(path)
    with pytest.raises(PipelineError, match=re.escape(expected)):
        ingest(path)


@pytest.mark.parametrize(
    "page", [hf.deep_html(198), hf.entity_flood_html(100_000), hf.html_page("<i></i>" * 10_000 + hf.PLAN_HTML)]
)
def test_pages_within_the_limits_are_read(page, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(page)
    assert ingest(path).text.endswith("\n\n".join(hf.PLAN))


def test_depth_is_measured_without_recursion():
    import lxml.etree as etree

    root = etree.Element("a")
    el = root
    for _ in range(5000):  # deeper than Python recurses
        el = etree.SubElement(el, "a")
    assert html_reader.depth(root) == 5000


# --------------------------------------------------------------------------------- stage commands, run


def test_a_stage_command_names_the_hostile_file_in_one_line(tmp_path):
    path = hf.amplified_docx(tmp_path / "laughs.docx")
    result = cli("ingest", path)
    assert result.returncode == 1 and result.stdout == ""
    assert "not a readable Word file" in one_error_line(result, path)


@pytest.mark.slow
def test_stage_commands_run_under_the_limits_of_run(tmp_path):
    result = cli("extract", PLAN_2031, "--timeout", "0.01")
    assert result.returncode == 1
    assert "took longer than the time limit (0.01 s); stopped" in one_error_line(result, PLAN_2031)
    # a part that lies about its size is unpacked no further than it says, well under a small ceiling
    lying = hf.zip_bomb_docx(tmp_path / "lying.docx", 1024 * MB, part="word/document.xml", lie=True)
    result = cli("ingest", lying, "--max-memory", "256M")
    assert result.returncode == 1 and "broken XML" in one_error_line(result, lying)


@pytest.mark.parametrize("option", [("--timeout", "0"), ("--max-memory", "6")])
def test_a_bad_limit_is_a_usage_error(option):
    result = cli("segment", PLAN_2031, *option)
    assert result.returncode == 2 and option[0] in result.stderr


@pytest.mark.slow
def test_a_run_fails_the_hostile_files_only(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    hf.amplified_docx(inputs / "laughs.docx")
    hf.zip_bomb_docx(inputs / "bomb.docx", 150 * MB, part="word/document.xml")
    hf.deep_docx(inputs / "deep.docx", 300)
    (inputs / "deep.html").write_bytes(hf.deep_html(100_000))
    (inputs / "references.html").write_bytes(hf.entity_flood_html(2_100_000))
    (inputs / "plan.txt").write_bytes(PLAN_2031.read_bytes())
    result = cli("run", inputs, "--out", tmp_path / "out", "-q", "-j", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == 5 and not any("internal error" in e for e in errors), result.stderr
    for name in ("laughs.docx", "bomb.docx", "deep.docx", "deep.html", "references.html"):
        assert sum(f"error: {inputs / name}: " in e for e in errors) == 1, name
    assert list(pd.read_parquet(tmp_path / "out" / "documents.parquet")["doc_id"]) == [DOC]


# ------------------------------------------------------------------------------------------ corrections


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


NESTED = hf.nested_json(60_000)  # 120,000 characters: within the csv field limit, past the recursion limit
CORRECTION_CASES = [
    (
        "field over the csv limit",
        f"measures,{DOC},{DOC}/m4,,,set,status,omitted,{'x' * 200_000},AB\n",
        ":2: not readable as CSV (field larger than field limit (131072))",
    ),
    (
        "nested JSON in an add",
        f'agency_mentions,{DOC},,1,5,add,,"{{""lead"": {NESTED}}}",n,AB\n',
        ":2: value is not a JSON object: nested too deeply",
    ),
    (
        "nested JSON in a list",
        f'documents,{DOC},{DOC},,,set,issuers,"{NESTED}",n,AB\n',
        ":2: issuers must be a JSON list of strings: nested too deeply",
    ),
    (
        "nested JSON within the limit",
        f'agency_mentions,{DOC},,1,5,add,,"{{""lead"": {hf.nested_json(900)}}}",n,AB\n',
        ":2: lead must be true or false, not ",
    ),
    (
        "30-digit span",
        f"measures,{DOC},,{'9' * 30},{'9' * 30},remove,,,n,AB\n",
        ":2: span 999999999999999999999999999999-999999999999999999999999999999 is not 0 <= char_start <= char_end "
        "<= 9223372036854775807",
    ),
    (
        "30-digit number",
        f"measures,{DOC},{DOC}/m4,,,set,number,{'9' * 30},n,AB\n",
        ":2: number must be a whole number from -9223372036854775808 to 9223372036854775807, not '9999",
    ),
    (
        "5000-digit number",
        f"measures,{DOC},{DOC}/m4,,,set,number,{'9' * 5000},n,AB\n",
        ":2: number must be a whole number from",
    ),
    (
        "int64 overflow by one",
        f"measures,{DOC},{DOC}/m4,,,set,number,9223372036854775808,n,AB\n",
        ":2: number must be a whole number from",
    ),
    (
        "infinite number",
        f"targets,{DOC},{DOC}/t1,,,set,value_min,1e999,n,AB\n",
        ":2: value_min must be a number, not '1e999'",
    ),
    ("not a number", f"targets,{DOC},{DOC}/t1,,,set,value_min,nan,n,AB\n", ":2: value_min must be a number"),
    (
        "line after a multi-line note",
        f'measures,{DOC},{DOC}/m4,,,set,status,omitted,"a note\nover\nthree lines",AB\n'
        f"measures,{DOC},{DOC}/m4,,,set,status,gone,n,AB\n",
        ":5: status must be one of listed, omitted",
    ),
    (
        "error in a multi-line record",
        f'measures,{DOC},{DOC}/m4,,,set,status,"gone\nand\nback",n,AB\n',
        ":2: status must be one of listed, omitted, not 'gone\\nand\\nback'",
    ),
    (
        "CR line ends",
        f"measures,{DOC},{DOC}/m4,,,set,status,omitted,n,AB\r\n\r\nmeasures,{DOC},{DOC}/m4,,,set,status,gone,n,AB\r\n",
        ":4: status must be one of",
    ),
    (
        "escape sequences",
        f"\x1b[2Jmeasures,{DOC},{DOC}/m4,,,set,status,omitted,n,AB\n",
        ":2: table '\\x1b[2Jmeasures' cannot be corrected",
    ),
    (
        "a long bad value is cut",
        f"{'t' * 100_000},{DOC},{DOC}/m4,,,set,status,omitted,n,AB\n",
        ":2: table '" + "t" * 59 + "…",
    ),
]


@pytest.mark.parametrize("case, body, expected", CORRECTION_CASES, ids=[c[0] for c in CORRECTION_CASES])
def test_hostile_corrections_name_the_file_and_the_record_line(case, body, expected, tmp_path):
    path = _csv(tmp_path, body)
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path)
    message = str(err.value)
    assert message.startswith(f"{path}{expected}"), message[:500]
    assert len(message) < 500 and "\x1b" not in message and "\n" not in message


@pytest.mark.parametrize(
    "target, expected",
    [
        (lambda tmp: tmp, "not a regular file"),
        (lambda tmp: Path("/dev/zero"), "not a regular file"),
        (lambda tmp: _sparse(tmp / "big.csv", 33 * MB, HEADER.encode()), "larger than 32 MB"),
        (lambda tmp: tmp / "missing.csv", "no such corrections file"),
    ],
)
def test_corrections_are_read_from_a_regular_file_of_bounded_size(target, expected, tmp_path):
    path = target(tmp_path)
    with pytest.raises(CorrectionsError, match=f"^{re.escape(str(path))}: {expected}"):
        read_corrections(path)


@pytest.mark.slow
def test_a_corrections_folder_is_one_line_and_exit_1(tmp_path):
    result = cli("run", PLAN_2031, "--out", tmp_path / "out", "--corrections", tmp_path)
    assert result.returncode == 1 and "not a regular file" in one_error_line(result, tmp_path)
    assert not (tmp_path / "out").exists()


def test_printed_corrections_escape_control_characters(tmp_path):
    path = _csv(
        tmp_path,
        f'measures,{DOC},{DOC}/m4,,,set,status,omitted,"evil \x1b]0;pwned\x07\x1b[2J\nnote",'
        f"A\x1bB\nmeasures,{DOC}\x1b[31m,x,,,remove,,,n,AB\n",
    )
    first, other = read_corrections(path)
    report = types.SimpleNamespace(corrections={DOC: [first]}, not_in_run=[other])
    text = corrections_report(report, verbose=True)
    assert "\x1b" not in text and "\x07" not in text
    assert "evil \\x1b]0;pwned\\x07\\x1b[2J\\nnote" in text and "A\\x1bB" in text and f"{DOC}\\x1b[31m" in text
    assert "\x1b" not in str(Unmatched(other, f"no measures row x in {other.doc_id}"))


# ------------------------------------------------------------------------------------------------- gold


GOLD_CASES = [
    (hf.nested_json(100_000), "JSON nested too deeply to be a gold annotation"),
    ("[1, 2]", "not a gold annotation (a JSON object with instruments, agencies, targets)"),
    ("{", "not JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
    ('{"instruments": 1, "agencies": [], "targets": []}', "instruments must be a list of objects"),
    ('{"instruments": [], "agencies": [], "targets": [7]}', "targets item 1 is not an object"),
    ('{"instruments": [{"measure": 1}], "agencies": [], "targets": []}', "instruments item 1 has no surface"),
    (
        '{"instruments": [{"measure": true, "surface": "x", "type": "law", "action": null}], "agencies": [], '
        '"targets": []}',
        "instruments item 1: measure must be a whole number or null",
    ),
    (
        '{"instruments": [], "agencies": [{"measure": 1, "surface": ["x"], "role": "r", "agency_id": null, '
        '"lead": true}], "targets": []}',
        "agencies item 1: surface must be text",
    ),
    (
        '{"instruments": [], "agencies": [], "targets": [{"measure": 1, "comparator": ">=", "value_min": '
        'Infinity, "value_max": 1, "unit": "%"}]}',
        "targets item 1: value_min must be a finite number",
    ),
    (
        '{"instruments": [], "agencies": [], "targets": [{"measure": 1, "comparator": ">=", "value_min": '
        f'{"9" * 400}, "value_max": 1, "unit": "%"}}]}}',
        "targets item 1: value_min must be a finite number",
    ),
]


@pytest.mark.parametrize("content, expected", GOLD_CASES, ids=[c[1][:40] for c in GOLD_CASES])
def test_bad_gold_files_name_the_file_and_the_problem(content, expected, tmp_path):
    path = tmp_path / "x.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError) as err:
        read_gold(path)
    assert str(err.value) == f"{path}: {expected}"


@pytest.mark.parametrize(
    "target, expected",
    [
        (lambda tmp: tmp, "not a regular file"),
        (lambda tmp: Path("/dev/zero"), "not a regular file"),
        (lambda tmp: _sparse(tmp / "big.json", 17 * MB, b"{}"), "larger than 16 MB"),
        (lambda tmp: tmp / "missing.json", "no such gold file"),
    ],
)
def test_gold_is_read_from_a_regular_file_of_bounded_size(target, expected, tmp_path):
    path = target(tmp_path)
    with pytest.raises(GoldError, match=f"^{re.escape(str(path))}: {expected}"):
        read_gold(path)


def test_the_gold_files_in_the_repository_are_accepted():
    for path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        assert read_gold(path)["instruments"] is not None


GOLD_2031 = ROOT / "tests" / "gold" / "synthetic_plan_2031.gold.json"


@pytest.mark.parametrize(
    "gold, document, named, expected",
    [
        ("deep.gold.json", PLAN_2031, "gold", "JSON nested too deeply"),
        (GOLD_2031, "missing.txt", "input", "not a file"),
        (GOLD_2031, "laughs.docx", "input", "not a readable Word file: part word/document.xml has a DTD"),
    ],
)
def test_evaluate_reports_one_line_and_exit_1(gold, document, named, expected, tmp_path):
    (tmp_path / "deep.gold.json").write_text(hf.nested_json(100_000))
    hf.amplified_docx(tmp_path / "laughs.docx")
    gold, document = tmp_path / gold, tmp_path / document  # an absolute path stays as it is
    result = cli("evaluate", gold, document)
    assert result.returncode == 1 and expected in one_error_line(result, gold if named == "gold" else document)


def test_no_fixture_is_large_on_disk():
    here = Path(__file__).parent
    assert all(os.path.getsize(p) < 64 * 1024 for p in (here / "hostile_fixtures.py", here / "test_hostile.py"))
