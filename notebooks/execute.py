"""Execute a notebook headlessly and save a copy with its outputs (used by `make notebook` and the tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def execute(
    notebook: Path, output: Path | None = None, data_dir: Path | None = None, timeout: int = 300
) -> nbformat.NotebookNode:
    """Run every cell (cwd = the notebook's folder); raise on the first failing cell."""
    nb = nbformat.read(notebook, as_version=4)
    if data_dir is not None:
        os.environ["POLICY_PIPELINE_DATA"] = str(Path(data_dir).resolve())
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # the kernel imports this checkout's pipeline (not another copy installed in the environment)
    paths = [str(HERE.parent), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, output)
    return nb


if __name__ == "__main__":
    source = HERE / "01_explore.ipynb"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "data" / "processed" / "01_explore.ipynb"
    execute(source, target)
    print(f"executed {source.name} -> {target}")
