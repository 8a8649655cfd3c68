"""The editor's JSON Schema: made from the validator's model, committed, and honest.

Checked with an independent validator (`jsonschema`), the way an editor reads the file: the
committed copy must match the model, accept the real exercise files and refuse what the
build refuses.
"""

from __future__ import annotations

import fnmatch
import json
import re

import jsonschema
import pytest
import yaml

from generator import editor_schema, scaffold
from generator.schema import Exercise
from tests.conftest import ROOT, run_generator

COMMITTED = ROOT / editor_schema.COMMITTED
SEEDS = sorted((ROOT / "content" / "exercises").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_up_to_date():
    printed = run_generator(ROOT, "schema", check=True).stdout
    assert printed == editor_schema.exercise_schema_text()
    assert COMMITTED.read_text(encoding="utf-8") == printed, (
        "schema/exercise.schema.json is out of date: run `make schema` and commit it")


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _objects(schema: dict):
    yield "", schema
    for name, sub in schema["$defs"].items():
        yield f"{name}.", sub


def test_every_key_has_a_description_and_an_example_and_no_others_are_allowed(schema):
    assert list(schema["properties"]) == list(Exercise.model_fields)
    for prefix, obj in _objects(schema):
        assert obj["additionalProperties"] is False, prefix
        for key, prop in obj["properties"].items():
            assert prop.get("description"), f"{prefix}{key} has no description"
            assert prop.get("examples"), f"{prefix}{key} has no example"


def test_every_example_is_valid_for_its_own_key(schema):
    for prefix, obj in _objects(schema):
        for key, prop in obj["properties"].items():
            check = jsonschema.Draft202012Validator({**prop, "$defs": schema["$defs"]})
            for example in prop["examples"]:
                assert not list(check.iter_errors(example)), f"{prefix}{key}: {example!r}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_schema_accepts_the_seed_files(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_accepts_a_new_scaffold(validator):
    data = yaml.safe_load(scaffold.scaffold("Morning Check-in", "easy"))
    assert list(data) == ["title", "summary", "difficulty", "recommended", "steps"]
    assert [e.message for e in validator.iter_errors(data)] == []


def _seed() -> dict:
    return yaml.safe_load(SEEDS[0].read_text(encoding="utf-8"))


def test_schema_rejects_an_unknown_key(validator):
    data = {**_seed(), "summery": "A typo'd key."}
    errors = list(validator.iter_errors(data))
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "summery" in errors[0].message


def test_schema_rejects_an_unknown_key_inside_a_step(validator):
    data = _seed()
    data["steps"][0]["bodyy"] = "Typo'd."
    errors = list(validator.iter_errors(data))
    assert [(e.validator, list(e.absolute_path)) for e in errors] == [
        ("additionalProperties", ["steps", 0])]


@pytest.mark.parametrize("key, value", [("tags", "secure-base"), ("recommended", "maybe"),
                                        ("steps", "Do it.")])
def test_schema_rejects_a_wrong_type(validator, key, value):
    data = {**_seed(), key: value}
    errors = list(validator.iter_errors(data))
    assert [(e.validator, list(e.absolute_path)) for e in errors] == [("type", [key])]


def test_vscode_maps_the_schema_to_the_exercise_files_in_every_language():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert list(settings["yaml.schemas"]) == ["./schema/exercise.schema.json"]
    globs = settings["yaml.schemas"]["./schema/exercise.schema.json"]
    for rel in ("content/exercises/x.yaml", "content/exercises/es/x.yaml"):
        assert any(fnmatch.fnmatchcase(rel, glob) for glob in globs), rel
    assert not any(fnmatch.fnmatchcase("content/pages/es/about.md", glob) for glob in globs)


def test_pre_commit_runs_check_on_content_changes_and_the_style_and_type_gates():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] if repo["repo"] == "local"
             for h in repo["hooks"]}
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy"
    hook = hooks["generator-check"]
    assert hook["entry"].endswith("-m generator check")
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/exercises/x.yaml") and files.search("site_data.yaml")
    assert not files.search("generator/schema.py")
