"""The README's commands work as written from a fresh clone: no bare `python`, real targets and subcommands,
and its examples give the figures it states; so do those of the pages it moved to docs/, and its links to
them and its screenshot lead somewhere."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
MOVED = ("docs/internals.md", "docs/benchmarks.md")  # internals and benchmark history, moved out of the README
TEXT = "\n".join([README, *((ROOT / page).read_text(encoding="utf-8") for page in MOVED)])
BIN = Path(sys.executable).parent
# Programs a fresh clone has after `make install` (or any make target), plus the clone itself.
ALLOWED = {
    "make",
    "git",
    "cd",
    ".venv/bin/policy-pipeline",
    ".venv/bin/python",
    ".venv/bin/pip",
    ".venv/bin/jupyter",
    ".venv/bin/frictionless",
    ".venv/bin/dask",
}
PLACEHOLDERS = {
    "FILE...": "data/raw/circular_2014.txt",
    "FILE": "data/raw/circular_2014.txt",
    "GOLD": "tests/gold/circular_2014.gold.json",
    "INPUT": "data/raw/circular_2014.txt",
    "[DIR]": "data/processed",
    "DIR": "data/processed",
}


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", TEXT, flags=re.S)


def _commands() -> list[list[str]]:
    """Every command in the bash blocks and in inline code spans that start with a program path."""
    lines = [line.split("#")[0].strip() for block in _blocks("bash") for line in block.splitlines()]
    inline = re.findall(r"`((?:\.venv/bin/\w|python3? |make )[^`]*)`", TEXT)
    out = []
    for line in [*lines, *inline]:
        for part in re.split(r"\s*&&\s*", line):
            if part:
                out.append(shlex.split(part))
    return out


def test_every_command_uses_a_program_a_fresh_clone_has():
    programs = {words[0] for words in _commands()}
    assert programs <= ALLOWED, programs - ALLOWED
    assert not re.search(r"(?<![/\w])python3? -m pipeline", TEXT)  # a bare python fails outside .venv


def test_make_targets_named_in_the_readme_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, flags=re.M))
    named = {words[1] for words in _commands() if words[0] == "make" and len(words) > 1}
    named |= set(re.findall(r"`make (\w+)`", TEXT))
    assert named and named <= targets, named - targets


def test_venv_programs_named_in_the_readme_are_installed():
    named = {words[0].removeprefix(".venv/bin/") for words in _commands() if words[0].startswith(".venv/bin/")}
    named.discard("jupyter")  # the README installs it on the same line
    assert all((BIN / name).exists() for name in named), [n for n in named if not (BIN / n).exists()]


@pytest.mark.parametrize(
    "words", [w for w in _commands() if w[0] == ".venv/bin/policy-pipeline"], ids=lambda w: " ".join(w[1:3])
)
def test_policy_pipeline_commands_parse(words):
    argv = [PLACEHOLDERS.get(w, w) for w in words[1:]]
    if "--help" in argv:
        return
    args = cli.build_parser().parse_args(argv)  # argparse exits on a wrong subcommand or option
    assert callable(args.func)


def test_the_evaluate_example_runs(monkeypatch, capsys):
    words = next(
        w
        for w in _commands()
        if w[:2] == [".venv/bin/policy-pipeline", "evaluate"] and "tests/gold/circular_2014.gold.json" in w
    )
    monkeypatch.chdir(ROOT)
    assert cli.main(words[1:]) == 0
    assert "F1" in capsys.readouterr().out


@pytest.mark.slow
def test_the_join_example_gives_what_the_readme_says(tmp_path, monkeypatch):
    run = next(w for w in _commands() if w[:2] == [".venv/bin/policy-pipeline", "run"] and "out/two-plans" in w)
    code = next(b for b in _blocks("python") if 'pipeline.load("out/two-plans")' in b)
    monkeypatch.chdir(ROOT)
    out = tmp_path / "two-plans"
    assert cli.main([*(str(out) if w == "out/two-plans" else w for w in run[1:]), "-q"]) == 0
    scope: dict = {}
    exec(code.replace('"out/two-plans"', repr(str(out))), scope)
    notes = scope["t"]["measures"].groupby("doc_id").responsibility_text.count().to_dict()
    assert notes == {"2014-gzhfxz-24": 0, "2031-gzhlb-7": 19}
    assert "2014-gzhfxz-24 0, 2031-gzhlb-7 19 measures" in code
    resp = scope["resp"]
    assert len(resp) == 40 and set(resp.doc_id) == {"2031-gzhlb-7"}
    assert "40 rows, all from 2031-gzhlb-7" in code


def _anchor(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", ["README.md", *MOVED])
def test_links_between_the_readme_and_docs_lead_to_a_file_and_heading(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    local = [link for link in links if not re.match(r"https?:", link)]
    assert local
    for link in local:
        path, _, anchor = link.partition("#")
        target = (ROOT / page).parent / path if path else ROOT / page
        assert target.is_file(), link
        if anchor and target.suffix == ".md":
            headings = re.findall(r"(?m)^#+ (.+)$", target.read_text(encoding="utf-8"))
            assert anchor in {_anchor(h) for h in headings}, link


def test_the_readme_opens_with_a_quick_start_and_a_screenshot():
    first = README.split("\n## ", 2)[1]
    assert first.startswith("Quick start")
    for words in (
        "make install",
        "policy-pipeline run",
        "policy-pipeline report",
        "export-tables",
        "pipeline.load",
        "duckdb.sql",
        "](docs/img/report.png)",
    ):
        assert words in first
    assert (ROOT / "docs" / "img" / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
