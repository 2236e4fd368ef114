"""What the fork server imports before it forks the run's workers (:data:`pipeline.executors.PRELOAD`).

Every stage's module and every format's reader (both registries import them on first use), and the rule
pipelines built by processing the two warm-up notices once (:func:`pipeline.corpus.warm_up`): every worker
forked from the server starts warm, its pipelines shared with the server's pages, instead of building them again
(about 1.4 s of CPU a worker). Not imported anywhere else.
"""

from __future__ import annotations

import contextlib

from .corpus import warm_up
from .ingest import READERS, reader
from .stages import STAGES

for stage in STAGES:
    stage.run  # noqa: B018 (imports the stage's module)
for fmt in READERS:
    reader(fmt)

with contextlib.suppress(Exception):  # the server must start anyway: a worker that finds it cold warms itself
    warm_up()
