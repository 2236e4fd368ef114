"""Provenance in datapackage.json: licence, rule-book version, pipeline commit; LICENSE and CITATION.cff."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import CIRCULAR_2014, ROOT

import pipeline
from pipeline.provenance import PACKAGE_DIR, RULES_DIR, pipeline_commit, rules_version

BASE = {"a.json": b'{"x": 1}\n', "b.csv": b"id,name\nsipo,SIPO\n"}


def _rules(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "rules"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    ("files", "same_as_base"),
    [
        (dict(reversed(BASE.items())), True),  # written in another order
        ({**BASE, "a.json": b'{"x": 1}\r\n'}, True),  # Windows line endings
        ({**BASE, "__init__.py": b"# code\n", "__pycache__/x.pyc": b"\0"}, True),  # code is not rule data
        ({**BASE, "a.json": b'{"x": 2}\n'}, False),  # one value changed
        ({"a2.json": BASE["a.json"], "b.csv": BASE["b.csv"]}, False),  # a file renamed
        ({**BASE, "en/c.jsonl": b"{}\n"}, False),  # a file added in a language folder
        ({"a.json": b'{"x": 1}\nid,name\n', "b.csv": b"sipo,SIPO\n"}, False),  # bytes moved between files
    ],
)
def test_rules_version_follows_the_rule_data(tmp_path, files, same_as_base):
    base = rules_version(_rules(tmp_path / "base", BASE))
    other = rules_version(_rules(tmp_path / "other", files))
    assert re.fullmatch(r"[0-9a-f]{12}", other)
    assert (other == base) is same_as_base


def test_rules_version_of_the_shipped_rules():
    assert RULES_DIR.is_dir() and any(RULES_DIR.rglob("*.json"))
    assert rules_version() == rules_version(RULES_DIR)


def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pipeline_commit_in_a_checkout_and_elsewhere(tmp_path, monkeypatch):
    try:
        head = _git("rev-parse", "HEAD", cwd=PACKAGE_DIR)
    except subprocess.CalledProcessError:
        head = None  # the tests run from an exported copy
    assert pipeline_commit() == head
    copy = tmp_path / "site-packages" / "pipeline"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert pipeline_commit(copy) is None  # an installed copy, not a checkout
    _git("init", "-q", cwd=tmp_path)  # a package inside someone else's repository is not its checkout
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x", cwd=tmp_path)
    assert pipeline_commit(copy) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert pipeline_commit() is None  # no git at all


def test_own_checkout_gives_its_commit(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "clone"
    shutil.copytree(PACKAGE_DIR, repo / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    _git("init", "-q", cwd=repo)
    _git("add", "pipeline", cwd=repo)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x", cwd=repo)
    assert pipeline_commit(repo / "pipeline") == _git("rev-parse", "HEAD", cwd=repo)


@pytest.mark.slow
def test_datapackage_names_licence_rules_and_commit_and_reruns_are_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert pipeline.run([CIRCULAR_2014], out, jobs=1).ok
    text = (first / "datapackage.json").read_bytes()
    assert text == (second / "datapackage.json").read_bytes()
    package = json.loads(text)
    assert package["licenses"] == [
        {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
    ]
    assert package["rules_version"] == rules_version()
    assert package["pipeline_commit"] == pipeline_commit()


def test_license_file_is_mit_as_pyproject_says():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in text


def test_citation_cff_has_what_cff_1_2_0_requires():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"]
    assert isinstance(cff["title"], str) and cff["title"]
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert cff["type"] in {"software", "dataset"}
    assert cff["license"] == "MIT"
    assert cff["version"] == pipeline.__version__
    allowed = {
        "abstract",
        "authors",
        "cff-version",
        "date-released",
        "keywords",
        "license",
        "message",
        "repository-code",
        "title",
        "type",
        "version",
        "url",
        "preferred-citation",
        "identifiers",
    }
    assert set(cff) <= allowed


@pytest.mark.skipif(
    shutil.which("cffconvert") is None,
    reason="cffconvert pins jsonschema<4, which frictionless cannot share; run it in its own venv",
)
def test_citation_cff_validates_with_cffconvert():
    result = subprocess.run(
        ["cffconvert", "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
