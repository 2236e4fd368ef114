"""policy-pipeline: government policy circulars -> research-ready tables.

Stages: ``ingest -> repair -> segment -> extract -> export``; :func:`run` composes them over files and
folders, :func:`load` reads the written tables back as DataFrames.
"""

__version__ = "0.1.0"

from .corpus import process_file, run  # noqa: E402
from .load import load  # noqa: E402

__all__ = ["run", "load", "process_file", "__version__"]
