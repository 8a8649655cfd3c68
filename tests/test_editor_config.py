"""The editor's configuration served at /admin/config.yml, and the files shipped beside it.

It must pass Sveltia's own JSON Schema of its configuration (shipped in the npm package), be
made from the current model and site_data.yaml at every build (never a stale copy), and give
every key of the model a field, in the model's order, with its required mark, hint and limits.
How the editor's files are fetched and checked: tests/test_editor_vendor.py.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from generator import editor_config, editor_vendor
from generator.catalogue import load_site_data
from generator.errors import BuildError
from generator.schema import Example, Exercise, PracticeLog, Source, Step
from tests.conftest import ROOT, run_generator
from tests.i18n import bilingual


@pytest.fixture(scope="module")
def served(site_dir) -> dict:
    return yaml.safe_load((site_dir / "admin" / "config.yml").read_text(encoding="utf-8"))


def _fields(config: dict) -> list[dict]:
    return config["collections"][0]["fields"]


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


def test_served_config_passes_sveltias_own_schema(served):
    schema = json.loads(editor_vendor.files().config_schema.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    validator.validate(served)
    # The schema is strict enough to matter: a misspelt option fails it.
    wrong = json.loads(json.dumps(served))
    wrong["collections"][0]["fields"][0]["max_length"] = 200
    assert not validator.is_valid(wrong)


def test_served_config_is_the_one_the_model_and_site_data_make_now(built_project, site_dir):
    served = (site_dir / "admin" / "config.yml").read_text(encoding="utf-8")
    assert served == editor_config.config_text(load_site_data(built_project))


def test_a_new_tag_reaches_the_served_form_with_the_next_build(project):
    data = project / "site_data.yaml"
    data.write_text(data.read_text(encoding="utf-8") + (
        "  - id: bedtime\n    label: At bedtime\n    description: Practised before sleep.\n"),
        encoding="utf-8")
    run_generator(project, "site", check=True)
    served = yaml.safe_load((project / "site" / "admin" / "config.yml").read_text("utf-8"))
    tags = _by_name(_fields(served))["tags"]
    assert {"label": "At bedtime", "value": "bedtime"} in tags["options"]


@pytest.mark.parametrize("path, model", [("", Exercise), ("source", Source), ("steps", Step),
                                         ("examples", Example), ("practice_log", PracticeLog)])
def test_every_key_of_the_model_is_a_field_in_its_order(served, path, model):
    fields = _fields(served)
    if path:
        fields = _by_name(fields)[path]["fields"]
    assert [field["name"] for field in fields] == list(model.model_fields)
    for field in fields:
        info = model.model_fields[field["name"]]
        assert field["required"] == info.is_required(), field["name"]
        assert field["hint"].startswith(info.description), field["name"]


def test_each_key_gets_the_widget_its_value_needs(served):
    fields = _by_name(_fields(served))
    widgets = {name: field["widget"] for name, field in fields.items()}
    assert widgets == {
        "title": "string", "subtitle": "string", "summary": "markdown", "difficulty": "select",
        "time": "object", "audience": "select", "recommended": "boolean", "source": "object",
        "tags": "select", "outcome": "markdown", "cautions": "markdown", "principles": "list",
        "steps_title": "string", "steps": "list", "examples": "list",
        "reflection_questions": "list", "tips": "list", "background": "markdown",
        "references": "list", "for_therapists": "markdown", "practice_log": "object",
        "related": "relation"}
    assert fields["principles"]["field"]["widget"] == "markdown"
    assert fields["tips"]["field"]["widget"] == "string"
    assert [f["widget"] for f in fields["steps"]["fields"]] == ["string", "markdown"]
    assert (fields["steps"]["min"], fields["steps"]["max"]) == (1, 20)
    assert fields["title"]["maxlength"] == 200
    days = _by_name(fields["practice_log"]["fields"])["days"]
    assert (days["widget"], days["value_type"]) == ("number", "int")
    assert days["pattern"][1] == "It must be between 1 and 14."
    assert re.fullmatch(days["pattern"][0], "14") and not re.fullmatch(days["pattern"][0], "15")
    assert fields["related"]["value_field"] == "{{slug}}" and fields["related"]["multiple"]
    assert fields["references"]["summary"] == "{{fields.citation}}"
    doi = _by_name(fields["references"]["fields"])["doi"]
    assert re.fullmatch(doi["pattern"][0], "10.1037/0022-3514.92.2.268")
    assert not re.fullmatch(doi["pattern"][0], "https://doi.org/10.1037/x")


def test_choices_are_the_site_datas(built_project, served):
    site = load_site_data(built_project)
    fields = _by_name(_fields(served))
    assert [o["value"] for o in fields["difficulty"]["options"]] == [
        d.id for d in site.difficulties]
    assert [o["value"] for o in fields["tags"]["options"]] == [t.id for t in site.tags]
    assert [o["value"] for o in fields["audience"]["options"]] == [a.id for a in site.audiences]
    assert fields["audience"]["multiple"]
    source = _by_name(fields["source"]["fields"])
    assert [o["value"] for o in source["book"]["options"]] == [b.id for b in site.books]
    most = max(b.insights for b in site.books)
    assert source["insight"]["pattern"][1] == f"It must be between 1 and {most}."


def test_saving_opens_a_pull_request_and_the_file_name_is_an_id(served):
    assert served["publish_mode"] == "editorial_workflow"
    assert served["backend"]["name"] == "github"
    collection = served["collections"][0]
    assert (collection["folder"], collection["extension"]) == ("content/exercises", "yaml")
    assert collection["slug"]["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"


def test_a_site_in_one_language_has_no_language_options(served):
    assert "i18n" not in json.dumps(served)
    assert served["collections"][0]["preview_path"] == "exercises/{{slug}}/"


@pytest.fixture(scope="module")
def bilingual_config(tmp_path_factory) -> dict:
    """The configuration of the project with a Spanish version (tests/i18n/bilingual)."""
    root = bilingual(tmp_path_factory.mktemp("bilingual") / "project")
    return yaml.safe_load(editor_config.config_text(load_site_data(root)))


def test_a_bilingual_config_passes_sveltias_own_schema(bilingual_config):
    schema = json.loads(editor_vendor.files().config_schema.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(bilingual_config)


def test_a_translation_is_the_same_file_name_in_the_languages_folder(bilingual_config):
    assert bilingual_config["i18n"] == {
        "structure": "multiple_folders", "locales": ["en", "es"], "default_locale": "en",
        "initial_locales": "default", "omit_default_locale_from_file_path": True,
        "omit_default_locale_from_preview_path": True}
    collection = bilingual_config["collections"][0]
    assert collection["i18n"] is True
    assert (collection["folder"], collection["extension"]) == ("content/exercises", "yaml")
    assert collection["preview_path"] == "{{locale}}/exercises/{{slug}}/"
    assert "content/exercises/es/" in collection["description"]
    assert "i18n" not in collection["slug"], "one file name for every language"


def _i18n(fields: list[dict], prefix: str = "") -> dict[str, object]:
    found: dict[str, object] = {}
    for field in fields:
        path = prefix + field["name"]
        found[path] = field["i18n"]
        found.update(_i18n(field.get("fields", []), path + "."))
        if "field" in field:
            found[path + ".*"] = field["field"]["i18n"]
    return found


def test_text_is_translated_and_ids_numbers_and_flags_are_copied(bilingual_config):
    given = _i18n(_fields(bilingual_config))
    copied = {path for path, value in given.items() if value == "duplicate"}
    assert copied == {"difficulty", "time.minutes", "time.up_to", "audience", "recommended",
                      "source", "source.book", "source.insight", "tags", "references.doi",
                      "practice_log.days", "related"}
    assert all(value is True for path, value in given.items() if path not in copied)
    assert {"title", "summary", "steps.title", "steps.body", "examples.story", "tips.*",
            "practice_log", "practice_log.columns.*"} <= set(given)


def test_the_editor_and_its_mirrors_ship_with_their_licences(site_dir):
    licences = site_dir / "admin" / "licenses"
    assert "MIT License" in (licences / "sveltia-cms.txt").read_text(encoding="utf-8")
    for mirror in editor_vendor.Lock.read().mirrors:
        name = mirror.name.rsplit("/", 1)[-1]
        assert (licences / f"{name}.txt").read_text(encoding="utf-8").strip(), name


def test_a_missing_editor_stops_the_build_with_the_command_to_run(tmp_path):
    with pytest.raises(BuildError, match=r"make site"):
        editor_vendor.files(where=tmp_path)


def test_the_checksum_is_npms_integrity_string():
    # npm's own record for an empty tarball would read the same: sha512, base64.
    assert editor_vendor.integrity_of(b"") == (
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")


def test_a_repository_that_is_not_on_github_is_refused():
    with pytest.raises(BuildError, match="not a GitHub repository"):
        editor_config.github_repo("https://gitlab.com/example/site")
    assert editor_config.github_repo("https://github.com/example/site") == "example/site"


# Words a therapist filling in the form should not meet unexplained (issue 27).
DEVELOPER_WORDS = re.compile(r"\b(ids?|slugs?|site_data(\.yaml)?|ya?ml|true|false|markdown|"
                             r"null|schema)\b", re.IGNORECASE)


def _hints(fields: list[dict]) -> dict[str, str]:
    found = {}
    for field in fields:
        found[field["name"]] = field["hint"]
        found.update(_hints(field.get("fields", [])))
        if "hint" in field.get("field", {}):
            found[field["name"] + ".item"] = field["field"]["hint"]
    return found


def test_hints_speak_to_therapists_and_say_what_readers_see():
    config = editor_config.editor_config(load_site_data(ROOT))
    hints = _hints(_fields(config))
    assert {name: hint for name, hint in hints.items() if DEVELOPER_WORDS.search(hint)} == {}
    top = {name: hints[name] for name in Exercise.model_fields}
    unsaid = [name for name, hint in top.items()
              if not re.search(r"\b(readers?|page|worksheet|shown?|shows|heading)\b", hint, re.I)]
    assert unsaid == [], "say what a reader sees of these"
