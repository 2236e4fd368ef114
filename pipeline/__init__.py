"""policy-pipeline: government policy circulars -> research-ready tables.

Stages: ``ingest -> repair -> segment -> extract -> export``; :func:`run` composes them over files and
folders, :func:`load` reads the written tables back as DataFrames.
"""

from .corpus import run
from .load import load
from .stages import STAGES, process_file
from .version import __version__

__all__ = ["run", "load", "process_file", "STAGES", "__version__"]
