"""The stages, as one list that ``run``, the stage commands and :func:`process_file` share.

Every stage has the same call shape: the previous stage's value in, the next one out
(``path -> Source -> RepairedText -> Document -> Document``). A stage that cannot go on raises
:class:`~pipeline.model.PipelineError` (the document fails); a component that fails inside a stage records a
:class:`~pipeline.model.StageError` on the document, whose status becomes ``partial``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from .ingest import DEFAULT_ENGINE
from .model import Document


@dataclass(frozen=True)
class Stage:
    name: str
    target: str  # "module:function" in this package, imported when the stage first runs (not by the command line)
    description: str
    options: tuple[str, ...] = ()  # keyword options of the run (``pdf_engine``) that it accepts

    @property
    def run(self) -> Callable[..., Any]:
        module, function = self.target.split(":")
        return getattr(import_module(f".{module}", __package__), function)


STAGES: tuple[Stage, ...] = (
    Stage("ingest", "ingest:ingest", "read one file: text, emphasis, pages, language", ("pdf_engine",)),
    Stage("repair", "repair:repair", "page breaks, hyphens, furniture; an offset map back to the source"),
    Stage("segment", "segment:segment", "front matter, sections, goals, measures"),
    Stage("extract", "extract:extract", "agencies, instruments, targets"),
    Stage("assess", "quality:assessed", "quality findings"),
)
STAGE_NAMES = tuple(s.name for s in STAGES)


def run_stages(path: str | Path, until: str = STAGES[-1].name, **options: Any) -> Any:
    """Run the stages on one file, in order, up to and including ``until``; returns that stage's value.
    ``options`` (``pdf_engine="pdfplumber"``) go to the stages that accept them."""
    if until not in STAGE_NAMES:
        raise ValueError(f"unknown stage {until!r}; valid: {', '.join(STAGE_NAMES)}")
    value: Any = path
    for stage in STAGES[: STAGE_NAMES.index(until) + 1]:
        value = stage.run(value, **{k: v for k, v in options.items() if k in stage.options})
    return value


def process_file(path: str | Path, pdf_engine: str = DEFAULT_ENGINE) -> Document:
    """The whole chain for one file: every stage, ending with a document that has a status."""
    return run_stages(path, pdf_engine=pdf_engine)
