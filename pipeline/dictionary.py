"""The data dictionary, rendered from ``schemas/`` so that it cannot drift from the tables."""

from __future__ import annotations

from .tables import ALL_TABLES, table_schema

HEADER = """# Data dictionary

Generated from `schemas/` by `python -m pipeline dictionary --out docs/data-dictionary.md`; do not edit by
hand (a test fails when this file and the schemas disagree).

Every `char_start`/`char_end` pair indexes `documents.text` of the same `doc_id` (Python string offsets,
end exclusive). Page numbers are 1-based and null for sources without pages.
"""


def render_dictionary() -> str:
    parts = [HEADER]
    for name in ALL_TABLES:
        schema = table_schema(name)
        parts.append(f"\n## `{schema['name']}`\n\n{schema['description']}\n")
        parts.append(f"Primary key: {', '.join(f'`{k}`' for k in schema['primaryKey'])}.")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            parts.append(f" `{fk['fields']}` references `{ref['resource']}.{ref['fields']}`.")
        parts.append("\n\n| column | type | required | description |\n|---|---|---|---|\n")
        for f in schema["fields"]:
            constraints = f.get("constraints", {})
            kind = f["type"] if f["type"] != "array" else f"list of {f.get('arrayItem', {}).get('type', 'string')}"
            description = f["description"].replace("|", "\\|")
            if "enum" in constraints:
                description += " One of: " + ", ".join(f"`{v}`" for v in constraints["enum"]) + "."
            parts.append(
                f"| `{f['name']}` | {kind} | {'yes' if constraints.get('required') else ''} | {description} |\n"
            )
    return "".join(parts)
