"""What produced a set of tables: the rule-book version and the pipeline's git commit (for datapackage.json)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from .rules import RULES_DIR  # every rule file below it counts (rule books, gazetteer, rule schemas)

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_VERSION_DIGITS = 12
_NOT_RULES = {".py", ".pyc"}


def rules_version(rules_dir: Path = RULES_DIR) -> str:
    """The first 12 hex digits of a SHA-256 over the rule data files, in sorted order of their paths.

    Each file adds its path relative to ``rules_dir`` and its bytes with line endings normalized to ``\\n``,
    so a checkout with Windows line endings has the same version; Python files and caches are not rules.
    """
    digest = hashlib.sha256()
    files = sorted(
        (
            p
            for p in rules_dir.rglob("*")
            if p.is_file() and p.suffix not in _NOT_RULES and "__pycache__" not in p.parts
        ),
        key=lambda p: p.relative_to(rules_dir).as_posix(),
    )
    for path in files:
        data = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(path.relative_to(rules_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(str(len(data)).encode("ascii") + b"\0" + data)
    return digest.hexdigest()[:RULES_VERSION_DIGITS]


def pipeline_commit(source_dir: Path = PACKAGE_DIR) -> str | None:
    """``git rev-parse HEAD`` of the checkout holding the package's source, or None: not a git checkout of
    this project (an installed copy, or a package inside someone else's repository), no git, or any error."""
    try:
        top = _git(source_dir, "rev-parse", "--show-toplevel")
        if top is None or Path(top).resolve() / source_dir.name != source_dir.resolve():
            return None
        return _git(source_dir, "rev-parse", "--verify", "--quiet", "HEAD")
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _git(cwd: Path, *args: str) -> str | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # no GIT_DIR from a caller's hook
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL, env=env
    )
    out = result.stdout.strip()
    return out if result.returncode == 0 and out else None
