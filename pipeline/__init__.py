"""policy-pipeline: government policy circulars -> research-ready tables.

Stages: ``ingest -> repair -> segment -> extract -> export``; :func:`run` composes them over files and
folders, :func:`load` reads the written tables back as DataFrames.
"""

from importlib import import_module

from .version import __version__

__all__ = ["run", "load", "process_file", "STAGES", "__version__"]
# Imported on first use, so that ``import pipeline`` (and the command line's help) does not load spaCy, pandas
# and pyarrow: ``pipeline.run`` is ``pipeline.corpus.run`` and so on.
_WHERE = {"run": "corpus", "load": "loader", "process_file": "stages", "STAGES": "stages"}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
