"""Validate: a read document -> a typed model, or plain-English problems at the right line.

Pydantic reports where in the data a value is wrong; the document's marks turn that into a
line and column in the file (the value's, or the key's when the key itself is wrong), the way
rendercv follows its errors back into the YAML.
"""

from __future__ import annotations

import difflib
import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import MAX_PER_FILE, Problem, capped, shown
from .reader import Document, field_name
from .schema import ID_PATTERN, ID_RULE, ID_WORDS

M = TypeVar("M", bound=BaseModel)


def validate(doc: Document, model: type[M],
             context: object = None) -> tuple[M | None, list[Problem]]:
    """Validate `doc.data` against `model` (with `context`, the schema's validation context);
    every problem is located, none is raised."""
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        return None, [Problem(doc.path, line, col, "(file)", _not_a_mapping(model, doc.data))]
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        errors = _without_misspelt_missing(model, [dict(e) for e in exc.errors(include_url=False)])
        problems = [_problem(doc, model, error) for error in errors[:MAX_PER_FILE + 1]]
        return None, capped(problems, total=len(errors))


def _without_misspelt_missing(model: type[BaseModel], errors: list[dict]) -> list[dict]:
    """`bdy:` typed for `body:` is one mistake: keep "did you mean `body`?", drop "`body` is
    required"."""
    meant = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            close = _meant(model, loc)
            if close:
                meant.add(loc[:-1] + (close,))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def _problem(doc: Document, model: type[BaseModel], error: dict) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    key_is_wrong = kind == "extra_forbidden"
    if loc and loc[-1] == "[key]":  # a mapping's key itself is wrong (`translations: {fr: }`)
        loc, key_is_wrong = loc[:-1], True
    line, col = doc.where(loc, key=key_is_wrong)
    return Problem(doc.path, line, col, field_name(loc), _message(model, loc, error))


def _not_a_mapping(model: type[BaseModel], data: object) -> str:
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    needed = ", ".join(f"`{name}`" for name in required[:-1]) + f" and `{required[-1]}`"
    if data is None:
        return f"the file is empty; it needs at least {needed}"
    return (f"the file must be `key: value` lines, starting with `{required[0]}:`, not "
            f"{_shape(data)}; it needs at least {needed}")


def _meant(model: type[BaseModel], loc: tuple) -> str | None:
    """The allowed key closest to the unknown key at `loc`, if one is close enough."""
    close = difflib.get_close_matches(str(loc[-1]), _known_keys(model, loc[:-1]), n=1,
                                      cutoff=0.6)
    return close[0] if close else None


def _known_keys(model: type[BaseModel], parent: tuple) -> list[str]:
    """The field names allowed at `parent` (a path of keys and list indices) in `model`."""
    current: object = model
    keyed = False  # the last field was a mapping (`translations`): this part is one of its keys
    for part in parent:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        keyed = getattr(annotation, "__origin__", None) is dict
        current = _model_in(annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: object) -> object:
    """The BaseModel inside `X`, `X | None` or `list[X]`, if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(model: type[BaseModel], loc: tuple, error: dict) -> str:
    kind, ctx, given = error["type"], error.get("ctx", {}), error.get("input")
    name = str(loc[-1]) if loc else "file"
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        close = _meant(model, loc)
        if close:
            return f"unknown key {shown(name)}; did you mean `{close}`?"
        return f"unknown key {shown(name)}; the keys allowed here are: {', '.join(known)}"
    if kind == "missing":
        return f"`{name}` is required here; add `{name}:` with a value"
    if given is None and kind.endswith("_type"):
        return "is empty; write a value after the ':' (or remove the key)"
    if kind == "string_type":
        if isinstance(given, dict) and len(given) == 1:
            return ("expected text here, but the ': ' in it made it a `key: value` line; put "
                    "text that contains ': ' in quotes")
        return f"expected text here, not {_shape(given)}"
    if kind == "list_type":
        return (f"expected a list here (one item per line, each starting with '- '), "
                f"not {_shape(given)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected `key: value` lines here, not {_shape(given)}"
    if kind == "string_too_short":
        return "is empty; write some text"
    if kind == "string_too_long":
        return (f"is {len(given) if isinstance(given, str) else 'too'} characters long; "
                f"the limit is {ctx.get('max_length')}")
    if kind == "too_short":
        least = ctx.get("min_length")
        return "needs at least one item" if least == 1 else f"needs at least {least} items"
    if kind == "too_long":
        return f"has too many items; the limit is {ctx.get('max_length')}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, like 4, not {shown(given)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(model, loc)
        return f"is {given}; it must be between {low} and {high}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, not {shown(given)}"
    if kind == "string_pattern_mismatch":
        if name in ("url", "repo_url"):
            end = "ends in '/'" if name == "url" else "does not end in '/'"
            return (f"must be a full web address starting with https://, with no spaces, quotes "
                    f"or < >; this one {end}")
        folded = "-".join(str(given).lower().split())
        if isinstance(given, str) and re.fullmatch(ID_PATTERN, folded):
            return f"{shown(given)} is not an id; ids are {ID_WORDS}: write `{folded}`"
        return f"{shown(given)} is not an id; ids are {ID_RULE}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _bounds(model: type[BaseModel], loc: tuple) -> tuple[object, object]:
    current: object = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            break
        info = fields[part]
        current = _model_in(info.annotation)
    low = high = "?"
    for meta in getattr(info, "metadata", []):
        low = getattr(meta, "ge", None) or low
        high = getattr(meta, "le", None) or high
    return low, high


def _shape(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "`key: value` lines"
    return f"the text {shown(value)}"
