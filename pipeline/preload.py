"""What the fork server imports before it forks the run's workers (:data:`pipeline.executors.PRELOAD`).

The stages and the rule books, and the rule pipelines built by processing the two warm-up notices once
(:func:`pipeline.corpus.warm_up`): every worker forked from the server starts warm, its pipelines shared with
the server's pages, instead of building them again (about 1.4 s of CPU a worker). Not imported anywhere else.
"""

from __future__ import annotations

import contextlib

from .corpus import warm_up

with contextlib.suppress(Exception):  # the server must start anyway: a worker that finds it cold warms itself
    warm_up()
