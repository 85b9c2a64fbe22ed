"""The versioned JSON contract of `ficlens analyze`, generated from the model."""

from __future__ import annotations

from typing import Any

from ficlens.model import SCHEMA_VERSION, Work


def output_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one `ficlens analyze` object."""
    schema = Work.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://ficlens.invalid/schema/analyze-{SCHEMA_VERSION}.json"
    schema["title"] = "ficlens analyze output"
    schema["description"] = (
        f"One analysed work, schema version {SCHEMA_VERSION}. Offsets are character indices "
        "into the body text (end-exclusive); `text` is present only with --include-text."
    )
    schema.setdefault("properties", {})["text"] = {
        "type": "string",
        "description": "The normalised body text (only with --include-text).",
    }
    return schema
