"""Ingest: encodings, line endings, emphasis markup, and bad input."""

from __future__ import annotations

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.text import decode, strip_emphasis
from pipeline.model import PipelineError

SAMPLE = "I. Goals\n\n1. Implement the “Patent Law” — 2–3 items; 知识产权 ‘quoted’.\n"


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", False),
        ("utf-8", True),
        ("utf-16", False),
        ("utf-16-le", False),
        ("utf-16-be", False),
        ("gb18030", False),
        ("gbk", False),
    ],
)
def test_decodes_common_encodings(encoding, bom):
    data = SAMPLE.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    text, _ = decode(data)
    assert text == SAMPLE


def test_cp1252_curly_quotes_are_not_read_as_chinese():
    sample = "Promote the “Copyright Law” revision – now.\n"
    text, name = decode(sample.encode("cp1252"))
    assert (text, name) == (sample, "cp1252")


def test_crlf_and_cr_become_newlines(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"I. A\r\n\r\n1. B.\r2. C.\r\n")
    assert ingest(path).text == "I. A\n\n1. B.\n2. C.\n"


@pytest.mark.parametrize(
    "marked, plain, styles",
    [
        ("implement *Opinions on X*, and", "implement Opinions on X, and", [(10, 23, "italic")]),
        ("**Bold *and italic***", "Bold and italic", [(0, 15, "bold"), (5, 15, "italic")]),
        ("*Interim Provi-*\n\nsions on *IP*", "Interim Provi-\n\nsions on IP", [(0, 14, "italic"), (25, 27, "italic")]),
        ("a * b * c", "a * b * c", []),
    ],
)
def test_emphasis_becomes_style_spans(marked, plain, styles):
    text, spans = strip_emphasis(marked)
    assert text == plain
    assert [(s.start, s.end, s.style) for s in spans] == styles


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"  \n\n \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"abc \x81\xff\x8d\xfe\x80", "decode"),
    ],
)
def test_bad_text_files_raise_clear_errors(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(PipelineError, match=problem):
        ingest(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "plan.odt"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(PipelineError, match="unsupported file type"):
        ingest(path)
