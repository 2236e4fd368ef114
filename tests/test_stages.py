"""The stage list, document statuses, language detection, the import graph and the installable package."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pipeline.extract as extract_stage
from pipeline.ingest.language import detect_language
from pipeline.stages import STAGE_NAMES, process_file, run_stages

ROOT = Path(__file__).resolve().parent.parent
CIRCULAR = ROOT / "data" / "raw" / "circular_2014.txt"


def test_stages_run_in_order_and_stop_where_asked():
    assert STAGE_NAMES == ("ingest", "repair", "segment", "extract", "assess")
    assert type(run_stages(CIRCULAR, until="ingest")).__name__ == "Source"
    assert type(run_stages(CIRCULAR, until="repair")).__name__ == "RepairedText"
    doc = run_stages(CIRCULAR, until="segment")
    assert doc.measures and not doc.agency_mentions  # not extracted yet
    with pytest.raises(ValueError, match="unknown stage 'parse'"):
        run_stages(CIRCULAR, until="parse")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Plan for 2016. I. Strengthen patent enforcement.", "en"),
        ("二〇二一年知识产权强国建设推进计划。一、完善知识产权制度", "zh"),
        ("國家知識產權戰略實施推進計劃（《專利法》修訂）", "zh"),
        ("《专利法》 Patent Law of the People's Republic of China, Trademark Law and the Copyright Law", "en"),
        ("1. 2. 3. — 12 —", "und"),
    ],
)
def test_language_is_detected_from_the_script(text, expected):
    assert detect_language(text) == expected


def test_a_plan_is_a_success_with_no_errors():
    doc = process_file(CIRCULAR)
    assert (doc.status, doc.errors, doc.metadata.language) == ("success", (), "en")


def test_a_language_without_a_rule_book_is_partial_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(extract_stage, "languages", lambda: ("fr",))
    doc = process_file(CIRCULAR)
    assert doc.status == "partial" and doc.measures
    assert not doc.agency_mentions and not doc.law_mentions
    assert "no rule book for language 'en'" in str(doc.errors[0])
    assert [q.check for q in doc.quality].count("component_error") == 1


def test_a_crash_in_one_extractor_loses_that_family_only(monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    annotate, families = extract_stage.english()
    families = tuple((name, broken if name == "targets" else finder, field) for name, finder, field in families)
    monkeypatch.setattr(extract_stage, "english", lambda: (annotate, families))
    doc = process_file(CIRCULAR)
    assert doc.status == "partial"
    assert [str(e) for e in doc.errors] == ["extract.targets: RuntimeError: boom"]
    assert doc.agency_mentions and doc.law_mentions and not doc.targets


def _imports(path: Path, package: str, modules: set[str]) -> set[str]:
    """The pipeline modules ``path`` imports anywhere: at module level and inside functions (an import inside a
    function runs too, later: a circle through it is a circle), relative or absolute. ``from .pdf import x``
    depends on the submodule; ``from . import pdf`` on the package too (write ``from .pdf import ...`` in a
    package whose ``__init__`` imports the module); ``from .. import __version__`` on the package."""
    here = package.split(".")
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "pipeline"}
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "pipeline"):
            base = here[: len(here) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            out |= {mod} | {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in modules}
    return out


def _import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package under ``root`` and the pipeline modules it imports."""
    paths = {}
    for path in (root / "pipeline").rglob("*.py"):
        rel = path.relative_to(root).with_suffix("")
        paths[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    return {
        name: _imports(path, name if path.name == "__init__.py" else name.rsplit(".", 1)[0], set(paths)) - {name}
        for name, path in paths.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (``[a, b, ..., a]``), or None."""
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> list[str] | None:
        state[m] = 1
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                return path[path.index(d) :] + [d]
            if d not in state and (found := visit(d, path + [d])):
                return found
        state[m] = 2
        return None

    return next((c for m in sorted(graph) if m not in state and (c := visit(m, [m]))), None)


@pytest.mark.parametrize(
    "files, circle",
    [
        # an import inside a function counts: b imports a only when called
        ({"a.py": "from . import b\n", "b.py": "def f():\n    from .a import x\n"}, True),
        ({"a.py": "from .b import y\n", "b.py": "import pipeline.a\n"}, True),
        ({"a.py": "from .sub.c import y\n", "sub/__init__.py": "", "sub/c.py": "from ..a import x\n"}, True),
        # a package's __init__ importing its submodule, which imports a sibling: "from . import d" names the package
        ({"sub/__init__.py": "from .c import y\n", "sub/c.py": "from . import d\n", "sub/d.py": ""}, True),
        ({"sub/__init__.py": "from .c import y\n", "sub/c.py": "from .d import z\n", "sub/d.py": ""}, False),
        ({"a.py": "import json\nfrom .b import y\n", "b.py": "def f():\n    import pipeline_other\n"}, False),
    ],
)
def test_the_cycle_check_follows_imports_inside_functions(tmp_path, files, circle):
    for name, text in {"__init__.py": "", **files}.items():
        (tmp_path / "pipeline" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pipeline" / name).write_text(text)
    assert (_cycle(_import_graph(tmp_path)) is not None) == circle


def test_no_module_imports_in_a_circle():
    cycle = _cycle(_import_graph(ROOT))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.slow
def test_the_wheel_carries_schemas_and_rules_and_runs_outside_the_checkout(tmp_path):
    source, wheel_dir = tmp_path / "source", tmp_path / "wheel"
    shutil.copytree(ROOT / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(source)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheel_dir.glob("policy_pipeline-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/schemas/documents.json" in names
    assert "pipeline/rules/en/responsibility.json" in names
    assert "pipeline/rules/agencies.csv" in names
    assert "pipeline/rules/schemas/responsibility.schema.json" in names
    # Installed (not editable) into a folder of its own, run from /tmp-like elsewhere: no checkout needed.
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    plan = tmp_path / "plans" / "circular_2014.txt"
    plan.parent.mkdir()
    plan.write_bytes(CIRCULAR.read_bytes())
    code = (
        "import sys, pipeline; assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__; "
        "from pipeline.cli import main; sys.exit(main(['run', 'plans', '--out', 'out', '-q']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out").is_dir() and any((tmp_path / "out").rglob("*.parquet"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "code, absent",
    [
        # The command line's help and the package itself load none of the heavy libraries.
        ("import pipeline, pipeline.cli; pipeline.cli.build_parser()", ("spacy", "pandas", "pyarrow", "pypinyin")),
        # A Chinese plan is read without spaCy (its extractor is rule-based on the text), an English one without
        # pandas or pyarrow (only writing tables needs them).
        (
            "from pipeline.stages import process_file; "
            f"assert process_file(r'{ROOT / 'tests/fixtures/zh/plan_2027_zh.txt'}').law_mentions",
            ("spacy", "pandas"),
        ),
        (
            f"from pipeline.stages import process_file; assert process_file(r'{CIRCULAR}').law_mentions",
            ("pandas", "pyarrow"),
        ),
    ],
)
def test_imports_are_paid_where_used(code, absent):
    probe = f"import sys; {code}; print(' '.join(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
