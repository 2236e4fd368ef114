"""Load written tables back as pandas DataFrames with the dtypes their schemas promise."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .model import PipelineError
from .store import Manifest, read_consistent, read_table, table_dir
from .tables import ALL_TABLES, table_schema


def load(out_dir: str | Path = "data/processed") -> dict[str, pd.DataFrame]:
    """Every table in ``out_dir`` as a DataFrame: enumerations are categoricals (with all their levels),
    integers nullable (``Int64``), dates (``issue_date``) ``datetime.date`` objects with ``None`` where the
    document prints none (as ``pandas.read_parquet`` gives them; ``pd.to_datetime`` makes a datetime column),
    ``aliases`` lists of strings.

    Only the fragments named by the last committed run (``datapackage.json``) are read, so a run in
    progress or one that was killed is never half seen; a run that commits while they are read (and removes a
    file the old manifest named) makes it read them again from the new manifest. A damaged manifest raises
    :class:`~pipeline.model.PipelineError` naming it (the next ``run`` repairs it)."""
    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(f"{out} does not exist; run `python -m pipeline run --out {out}` first")
    return read_consistent(out, lambda manifest: _load(out, manifest))


def _load(out: Path, manifest: Manifest | None) -> dict[str, pd.DataFrame]:
    if manifest is not None and manifest.damaged:
        raise PipelineError(f"{manifest.damaged[0]}; run again to repair it")
    tables = {}
    for name in ALL_TABLES:
        if manifest is None and not table_dir(out, name).exists():
            continue
        df = read_table(out, name, manifest).to_pandas()
        for f in table_schema(name)["fields"]:
            col, kind = f["name"], f["type"]
            if "enum" in f.get("constraints", {}):
                df[col] = pd.Categorical(df[col], categories=f["constraints"]["enum"])
            elif kind == "integer":
                df[col] = df[col].astype("Int64")
            elif kind == "boolean":
                df[col] = df[col].astype("boolean")
            elif kind == "date":  # a date, or None: never NaT, which reads as a value ("NaT") when exported
                df[col] = df[col].astype(object).where(df[col].notna(), None)
            elif kind == "array":
                df[col] = df[col].map(lambda v: list(v) if v is not None else [])
        tables[name] = df
    return tables
