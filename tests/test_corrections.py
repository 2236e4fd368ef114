"""Corrections: a researcher's CSV is checked line by line, applied on every run, and reports what it misses."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
from conftest import PLAN_2031, table_files

import pipeline
from pipeline.cli import main
from pipeline.corpus import run
from pipeline.corrections import CorrectionsError, apply_corrections, read_corrections
from pipeline.export import document_rows
from pipeline.validate import validate

HEADER = "table,doc_id,row_id,char_start,char_end,action,field,value,note,coder\n"
DOC = "2031-gzhlb-7"  # doc_id of tests/fixtures/synthetic_plan_2031.txt
MOF_SPAN = "2958,2977"  # "Ministry of Finance" in measure 4's responsibility parenthetical
WIPO = "World Intellectual Property Organization"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "header, body, expected",
    [
        ("table,doc_id,field\n", "", "corrections.csv:1: missing column(s) note, coder"),
        ("table,doc_id,note,coder,colour\n", "", "corrections.csv:1: unknown column(s) colour"),
        (HEADER, "laws,D,x,,,set,title,T,n,AB\n", "corrections.csv:2: table 'laws' cannot be corrected"),
        (HEADER, "# a comment\nmeasures,D,D/m1,,,fix,status,listed,n,AB\n", "corrections.csv:3: action 'fix'"),
        (HEADER, "measures,D,D/m1,,,set,,x,n,AB\n", ":2: set needs a field"),
        (HEADER, "measures,D,D/m1,,,set,colour,red,n,AB\n", ":2: measures has no column 'colour'"),
        (HEADER, "measures,D,D/m1,,,set,measure_id,D/m2,n,AB\n", ":2: measure_id cannot be set"),
        (HEADER, "measures,D,D/m1,1,5,set,status,listed,n,AB\n", ":2: give either row_id or char_start/char_end"),
        (HEADER, "measures,D,,,,remove,,,n,AB\n", ":2: give either row_id or char_start/char_end"),
        (HEADER, "measures,D,,5,x,remove,,,n,AB\n", ":2: char_start and char_end must both be whole numbers"),
        (HEADER, "measures,D,,9,5,remove,,,n,AB\n", ":2: span 9-5 is not"),
        (HEADER, "measures,D,D/m1,,,set,number,four,n,AB\n", ":2: number must be a whole number, not 'four'"),
        (HEADER, "measures,D,D/m1,,,set,status,gone,n,AB\n", ":2: status must be one of listed, omitted"),
        (HEADER, "agency_mentions,D,D/a1,,,set,lead,maybe,n,AB\n", ":2: lead must be true or false"),
        (HEADER, "targets,D,D/t1,,,set,value_min,,n,AB\n", ":2: value_min cannot be empty"),
        (HEADER, "measures,D,D/m1,,,set,status,listed,,AB\n", ":2: every correction needs a note and the coder"),
        (HEADER, "measures,D,D/m1,,,set,status,listed,n,\n", ":2: every correction needs a note and the coder"),
        (HEADER, "measures,D,D/m1,,,remove,status,,n,AB\n", ":2: remove takes no field or value"),
        (HEADER, "agency_mentions,D,,,,add,,{},n,AB\n", ":2: add needs char_start and char_end"),
        (HEADER, 'agency_mentions,D,,1,5,add,,"[1, 2]",n,AB\n', ":2: value of an add must be a JSON object"),
        (HEADER, 'agency_mentions,D,,1,5,add,,"{""role"": ""mentioned""",n,AB\n', ":2: value is not a JSON object"),
        (
            HEADER,
            'agency_mentions,D,,1,5,add,,"{""role"": ""mentioned""}",n,AB\n',
            ":2: the new agency_mentions row needs lead in value",
        ),
        (
            HEADER,
            'agency_mentions,D,,1,5,add,,"{""lead"": 3, ""role"": ""mentioned""}",n,AB\n',
            ":2: lead must be true",
        ),
        (
            HEADER,
            'agency_mentions,D,,1,5,add,,"{""doc_id"": ""E""}",n,AB\n',
            ":2: doc_id comes from its own CSV column",
        ),
        (HEADER, "documents,D,,1,5,add,,{},n,AB\n", ":2: documents cannot be added"),
        (HEADER, "measures,D,D/m1,,,set,status,listed,n,AB,extra\n", ":2: 11 cells for 10 columns"),
    ],
)
def test_bad_corrections_files_name_file_line_and_problem(tmp_path, header, body, expected):
    path = write(tmp_path, body, header)
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path)
    assert str(path) in str(err.value) and expected in str(err.value), str(err.value)


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such corrections file"),
        (b"", "empty file"),
        (b"table,doc_id,note,coder\n\xff\xfe,x\n", "not UTF-8 text"),
    ],
)
def test_unreadable_corrections_files(tmp_path, content, expected):
    path = tmp_path / "c.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CorrectionsError, match=expected):
        read_corrections(path)


def test_values_are_typed_by_the_schema(tmp_path):
    path = write(
        tmp_path,
        "targets,D,D/t1,,,set,value_min,2.5,n,AB\n"
        "measures,D,D/m1,,,set,number,7,n,AB\n"
        "agency_mentions,D,D/a1,,,set,lead,TRUE,n,AB\n"
        "documents,D,D,,,set,issue_date,2031-03-19,n,AB\n"
        "measures,D,D/m1,,,set,responsibility_text,,n,AB\n"
        "measures,D,D/m1,,,set,status,omitted,n,AB\n",
    )
    values = [c.value for c in read_corrections(path)]
    assert values == [2.5, 7, True, pd.Timestamp("2031-03-19").date(), None, "omitted"]
    assert [c.action for c in read_corrections(path)] == ["set"] * 6  # the default action


@pytest.fixture(scope="module")
def rows_2031(doc_2031):
    assert doc_2031.doc_id == DOC
    return document_rows(doc_2031)


def corrections(tmp_path, body):
    return read_corrections(write(tmp_path, body))


def row(rows, table, key, value):
    return next(r for r in rows[table] if r[key] == value)


def test_set_remove_and_add_mark_rows_and_leave_the_input_alone(tmp_path, doc_2031, rows_2031):
    before = copy.deepcopy(rows_2031)
    start = doc_2031.text.index(WIPO)
    found = corrections(
        tmp_path,
        (
            f"measures,{DOC},{DOC}/m4,,,set,status,omitted,withdrawn in the official reprint,AB\n"
            f"agency_mentions,{DOC},,{MOF_SPAN},set,lead,true,MOF leads per the press release,CD\n"
            f"agency_mentions,{DOC},,{MOF_SPAN},set,role,mentioned,second look,AB\n"
            f"targets,{DOC},{DOC}/t2878-2886,,,remove,,,not a target but a ceiling,AB\n"
            f'agency_mentions,{DOC},,{start},{start + len(WIPO)},add,,"{{""role"": ""mentioned"", ""lead"": false, '
            f'""measure_id"": ""{DOC}/m16""}}",international body missed,AB\n'
        ),
    )
    rows, unmatched = apply_corrections(DOC, rows_2031, found)
    assert unmatched == []
    assert rows_2031 == before  # pure: the input is not changed
    m4 = row(rows, "measures", "measure_id", f"{DOC}/m4")
    assert (m4["status"], m4["corrected"], m4["correction_note"]) == (
        "omitted",
        True,
        "AB: withdrawn in the official reprint",
    )
    mof = row(rows, "agency_mentions", "mention_id", f"{DOC}/a2958-2977-responsible")
    assert (mof["lead"], mof["role"], mof["correction_note"]) == (
        True,
        "mentioned",
        "CD: MOF leads per the press release; AB: second look",
    )
    assert f"{DOC}/t2878-2886" not in {t["target_id"] for t in rows["targets"]}
    added = row(rows, "agency_mentions", "mention_id", f"{DOC}/added-{start}-{start + len(WIPO)}")
    assert (added["surface"], added["agency_id"], added["role"], added["corrected"]) == (WIPO, None, "mentioned", True)
    untouched = row(rows, "measures", "measure_id", f"{DOC}/m5")
    assert (untouched["corrected"], untouched["correction_note"]) == (False, None)
    assert all("corrected" not in q for q in rows["quality"])  # quality findings are not corrected


@pytest.mark.parametrize(
    "body, expected",
    [
        (f"measures,{DOC},{DOC}/m99,,,set,status,omitted,n,AB\n", f"no measures row {DOC}/m99 in {DOC}"),
        (f"targets,{DOC},,1,2,remove,,,n,AB\n", f"no targets row span 1-2 in {DOC}"),
        (
            f'agency_mentions,{DOC},,{MOF_SPAN},add,,"{{""role"": ""responsible"", ""lead"": false}}",n,AB\n'
            f"agency_mentions,{DOC},,{MOF_SPAN},set,lead,true,n,AB\n",
            "2958-2977 matches 2 agency_mentions rows",
        ),
        (
            f"measures,{DOC},{DOC}/m4,,,remove,,,n,AB\nmeasures,{DOC},{DOC}/m4,,,set,status,listed,n,AB\n",
            f"no measures row {DOC}/m4",
        ),
        (
            f'agency_mentions,{DOC},{DOC}/a2958-2977-responsible,{MOF_SPAN},add,,"{{""role"": ""responsible"", '
            f'""lead"": false}}",n,AB\n',
            "exists already; not added again",
        ),
        (f'goals,{DOC},,999990,999999,add,,"{{""ordinal"": 1}}",n,AB\n', "beyond the end of"),
    ],
)
def test_a_correction_that_finds_no_row_is_reported_with_its_line(tmp_path, rows_2031, body, expected):
    found = corrections(tmp_path, body)
    _, unmatched = apply_corrections(DOC, rows_2031, found)
    assert len(unmatched) == 1
    assert str(unmatched[0]).startswith(f"{tmp_path / 'corrections.csv'}:{unmatched[0].correction.line}: ")
    assert expected in str(unmatched[0]), str(unmatched[0])


def test_corrections_of_other_documents_are_not_applied_here(tmp_path, rows_2031):
    found = corrections(tmp_path, "measures,2030-other,2030-other/m1,,,set,status,omitted,n,AB\n")
    rows, unmatched = apply_corrections(DOC, rows_2031, found)
    assert unmatched == [] and not any(r["corrected"] for r in rows["measures"])


BODY = (
    f"measures,{DOC},{DOC}/m4,,,set,status,omitted,withdrawn in the official reprint,AB\n"
    f"agency_mentions,{DOC},,{MOF_SPAN},set,agency_id,mofcom,wrong ministry in the translation,CD\n"
    f"measures,{DOC},{DOC}/m7,,,set,text,Strengthen the supervision of IP litigation.,shortened,AB\n"
)


@pytest.mark.slow
def test_run_applies_corrections_every_time_and_stays_byte_identical(tmp_path):
    path = write(tmp_path, BODY)
    out = tmp_path / "out"
    report = run([PLAN_2031], out, jobs=1, corrections=path)
    assert report.ok and report.unmatched == [] and len(report.corrections[DOC]) == 3
    t = pipeline.load(out)
    corrected = t["measures"][t["measures"]["corrected"]]
    assert list(corrected["number"]) == [4, 7]
    assert list(corrected["correction_note"]) == ["AB: withdrawn in the official reprint", "AB: shortened"]
    assert t["measures"]["corrected"].dtype == "boolean" and t["measures"]["corrected"].sum() == 2
    mof = t["agency_mentions"].query("char_start == 2958")
    assert list(mof["agency_id"]) == ["mofcom"] and list(mof["corrected"]) == [True]
    assert validate(out)[0] == []  # a corrected text no longer matching its span is not an error
    first = table_files(out)
    assert run([PLAN_2031], out, jobs=1, corrections=path).ok
    assert table_files(out) == first
    assert run([PLAN_2031], out, jobs=1).ok  # without the file the extracted rows come back
    assert not pipeline.load(out)["measures"]["corrected"].any()


@pytest.mark.slow
def test_cli_reports_unmatched_corrections_and_exits_1(tmp_path, capsys):
    path = write(tmp_path, BODY + f"targets,{DOC},{DOC}/t1-2,,,remove,,,n,AB\n")
    status = main(["run", str(PLAN_2031), "--out", str(tmp_path / "out"), "--corrections", str(path), "-j", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"error: {path}:5: no targets row {DOC}/t1-2 in {DOC}" in err
    assert f"corrections {DOC}: 3 applied (3 set)" in err
    assert "\033[" not in err  # no colour when stderr is not a terminal
    assert pipeline.load(tmp_path / "out")["measures"]["corrected"].sum() == 2  # the others are still applied


def test_cli_bad_corrections_file_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "measures,D,D/m1,,,set,status,gone,n,AB\n")
    status = main(["run", str(PLAN_2031), "--out", str(tmp_path / "out"), "--corrections", str(path)])
    assert status == 1
    assert f"error: {path}:2: status must be one of listed, omitted" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_corrections_report_has_its_own_colour_on_a_terminal(tmp_path):
    from pipeline.cli import CORRECTION_COLOUR, corrections_report

    report = run(
        [PLAN_2031],
        tmp_path / "out",
        jobs=1,
        corrections=write(tmp_path, BODY + "measures,2030-x,2030-x/m1,,,set,status,omitted,n,AB\n"),
    )
    text = corrections_report(report, verbose=True, colour=True)
    lines = text.splitlines()
    assert lines[0] == f"{CORRECTION_COLOUR}corrections {DOC}: 3 applied (3 set)\033[0m"
    assert f"corrections.csv:2: set measures {DOC}/m4 status — AB: withdrawn" in lines[1]
    assert "1 for documents not in this run, left as they were (2030-x)" in lines[-1]


@pytest.mark.slow
def test_the_readme_example_applies_cleanly(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "corrections.csv"
    path.write_text(example, encoding="utf-8")
    report = run([PLAN_2031], tmp_path / "out", jobs=1, corrections=path)
    assert report.ok and report.unmatched == [] and len(report.corrections[DOC]) == 4
    added = pipeline.load(tmp_path / "out")["agency_mentions"].query("corrected and role == 'mentioned'")
    assert list(added["surface"]) == [WIPO]
