"""The JSON Schema editors use to complete and explain keys in exercise files.

It is made from the same pydantic model the validator uses, so an editor can never accept a
key the build refuses or miss one it needs. The YAML language server shows a key's
`description` on hover and offers its `examples`, so every key must have both: a key without
them is a gap in `generator/schema.py`, and exporting refuses it rather than ship it.
"""

from __future__ import annotations

import json

from .schema import IN_THE_FILE, Exercise

DRAFT = "https://json-schema.org/draft/2020-12/schema"
COMMITTED = "schema/exercise.schema.json"


def exercise_schema() -> dict:
    """The Exercise model as a draft 2020-12 JSON Schema; every key described, with examples."""
    schema = Exercise.model_json_schema()
    objects = [("", schema)] + [(f"{name}.", sub) for name, sub in schema["$defs"].items()]
    missing = []
    for prefix, obj in objects:
        obj["additionalProperties"] = False
        for key, prop in obj["properties"].items():
            if not prop.get("description") or not prop.get("examples"):
                missing.append(prefix + key)
            if IN_THE_FILE in prop:  # VS Code's YAML extension shows this one when present
                prop["markdownDescription"] = (f"{prop['description']} In the file: "
                                               f"{prop.pop(IN_THE_FILE)}")
    if missing:
        raise RuntimeError(f"generator/schema.py: add a description and an example to "
                           f"{', '.join(missing)}")
    return {"$schema": DRAFT, **schema}


def exercise_schema_text() -> str:
    """The schema as the committed file holds it (`make schema` writes it)."""
    return json.dumps(exercise_schema(), indent=2, ensure_ascii=False) + "\n"
