"""The browser editor's configuration (`/admin/config.yml`), made from the model and site data.

Sveltia CMS reads Decap's configuration format: one collection of YAML files whose fields are
declared in order, each with a widget. Every field here comes from `Exercise`'s JSON Schema
(the same one editors get from `python -m generator schema`): its order, label, description
(shown as the field's hint), whether it is required, its patterns and limits. The choices come
from `site_data.yaml` (its books and lists of choices: schema.CHOICES, each named by the
field's schema.CHOOSE_FROM); `related` offers the exercises of the repository itself. So a key added
to the model, or a tag added to the site, reaches the form with the next build, and the form
never offers what `generator check` would refuse.

The form checks what Sveltia can check before saving (required fields, lengths, the file name's
pattern, numbers' ranges, list sizes); the messages it shows for patterns and ranges use the
generator's wording. What only the whole site can tell (an insight beyond its book's count
when there are several books) is left to `generator check` on the pull request.

A site in several languages (`translations` in site_data.yaml) gets Sveltia's i18n: each
exercise can be written in every language, in the files the generator reads
(content/exercises/<slug>.yaml, its translation content/exercises/<language>/<slug>.yaml).
Text is translated; ids, numbers and yes/no are the same in every language, so the editor
copies them from the main language. A site in one language gets none of this: its
configuration is the one it had before translations existed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .catalogue import EXERCISES_DIR
from .errors import BuildError
from .schema import CHOOSE_FROM, ID_PATTERN, ID_RULE, Exercise, SiteData

COLLECTION = "exercises"
FOLDER = EXERCISES_DIR.as_posix()
MARKDOWN = "text/markdown"
ID_MESSAGE = f"must be {ID_RULE}"
MARKDOWN_BUTTONS = ["bold", "italic", "code", "link", "quote", "bulleted-list", "numbered-list"]
HEADER = ("# Made by generator/editor_config.py from generator/schema.py and site_data.yaml "
          "at each build;\n# edit those instead.\n")

Json = dict[str, Any]


def github_repo(repo_url: str) -> str:
    """`owner/name` of a GitHub repository address, which the editor's backend needs."""
    match = re.fullmatch(r"https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(\.git)?/?",
                         repo_url)
    if match is None:
        raise BuildError(f"site_data.yaml: repo_url {repo_url!r} is not a GitHub repository "
                         "(https://github.com/owner/name); the browser editor publishes through "
                         "GitHub pull requests")
    return match.group(1)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _optional(prop: Json) -> Json:
    """The schema of a value that may also be null, without the null."""
    kinds = [kind for kind in prop.get("anyOf", []) if kind.get("type") != "null"]
    if len(kinds) == 1:
        merged = {k: v for k, v in prop.items() if k != "anyOf"}
        return {**kinds[0], **merged}
    return prop


def _resolve(prop: Json, defs: Json) -> Json:
    if "$ref" in prop:
        return {**defs[prop["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in prop.items()
                                                             if k != "$ref"}}
    return prop


def _between(low: int, high: int) -> list[str]:
    """A number's range as a pattern, so that the form says it in the generator's words (`is
    15; it must be between 1 and 14`) and once: with `min` and `max` as well, the editor would
    add its own sentence for the same mistake."""
    numbers = "|".join(str(n) for n in range(low, high + 1))
    return [f"^({numbers})$", f"It must be between {low} and {high}."]


def _text(prop: Json) -> Json:
    if prop.get("contentMediaType") == MARKDOWN:
        longest = prop.get("maxLength")
        field: Json = {"widget": "markdown"}
        if longest:
            field["pattern"] = [f"^[\\s\\S]{{0,{longest}}}$",
                                f"It is too long; the limit is {longest} characters."]
        return field
    field = {"widget": "string"}
    if "minLength" in prop:
        field["minlength"] = prop["minLength"]
    if "maxLength" in prop:
        field["maxlength"] = prop["maxLength"]
    return field


def _i18n(field: Json, prop: Json) -> bool | str:
    """How a field's value is given in a translation: text is translated (`true`); an id, a
    number or a yes/no is the same in every language, so the editor copies it from the main
    language and shows it read-only (`duplicate`). A list or an object is translated when any
    of its parts is. Sveltia leaves a field without the option out of a translation's file,
    and a translation must be a whole exercise, so every field gets one."""
    parts = [*field.get("fields", ()), *([field["field"]] if "field" in field else ())]
    if parts:
        translated = any(part["i18n"] is True for part in parts)
    else:
        translated = prop.get("type") == "string" and "pattern" not in prop
    return True if translated else "duplicate"


def _languages(site: SiteData) -> Json:
    """Sveltia's i18n options: the main language's files in the collection's folder, each
    other language's in a folder named after it inside, as generator/catalogue.py reads them.
    A new exercise starts in the main language only and a language is added when its
    translation is ready (its box in the editor's language menu): the site publishes an
    exercise in the languages it has."""
    return {"structure": "multiple_folders", "locales": list(site.languages),
            "default_locale": site.language, "initial_locales": "default",
            "omit_default_locale_from_file_path": True,
            "omit_default_locale_from_preview_path": True}


class _Fields:
    """Walks the JSON Schema of the model, turning each property into an editor field."""

    def __init__(self, site: SiteData, defs: Json):
        self.site = site
        self.defs = defs
        self.translated = len(site.languages) > 1

    def choices(self, group: str, prop: Json) -> Json:
        """What an id is chosen from (the schema's CHOOSE_FROM): the other exercises, or a
        group of site_data.yaml (difficulties, tags, books), by their labels."""
        if group == "exercises":
            return {"widget": "relation", "collection": COLLECTION, "value_field": "{{slug}}",
                    "search_fields": ["title"], "display_fields": ["title"], "multiple": True,
                    "max": prop.get("maxItems")}
        options = [{"label": getattr(choice, "label", None) or choice.cited_as,
                    "value": choice.id} for choice in getattr(self.site, group)]
        field: Json = {"widget": "select", "options": options}
        if prop.get("type") == "array":
            field.update(multiple=True, max=prop.get("maxItems"))
        return field

    def field(self, name: str, prop: Json, required: bool, path: str) -> Json:
        prop = _resolve(_optional(prop), self.defs)
        field: Json = {"name": name, "label": _label(name)}
        kind = prop.get("type")
        group = prop.get(CHOOSE_FROM) or _resolve(prop.get("items", {}), self.defs).get(CHOOSE_FROM)
        if group:
            field.update(self.choices(group, prop))
        elif kind == "object":
            field.update(widget="object", fields=self.fields(prop, path + "."))
        elif kind == "array":
            items = _resolve(prop["items"], self.defs)
            field["widget"] = "list"
            field["label_singular"] = _label(name).removesuffix("s")
            if items.get("type") == "object":
                field["fields"] = self.fields(items, path + ".")
                field["summary"] = f"{{{{fields.{next(iter(items['properties']))}}}}}"
            else:
                field["field"] = {"name": name, "label": field["label_singular"],
                                  **_text(items)}
                if self.translated:
                    field["field"]["i18n"] = _i18n(field["field"], items)
            if "minItems" in prop:
                field["min"] = prop["minItems"]
            if "maxItems" in prop:
                field["max"] = prop["maxItems"]
        elif kind == "integer":
            field.update(widget="number", value_type="int")
            low, high = prop.get("minimum"), prop.get("maximum")
            if path == "source.insight":
                high = max(book.insights for book in self.site.books)
            if low is not None and high is not None:
                field["pattern"] = _between(low, high)
        elif kind == "boolean":
            field["widget"] = "boolean"
        elif kind == "string":
            field.update(_text(prop))
            if "pattern" in prop:
                field["pattern"] = [prop["pattern"], f"It {ID_MESSAGE}."]
        else:
            raise BuildError(f"generator/editor_config.py: no editor field for {path} ({kind})")
        if prop.get("default") not in (None, []):
            field["default"] = prop["default"]
        if self.translated:
            field["i18n"] = _i18n(field, prop)
        field["hint"] = self.hint(path, prop)
        field["required"] = required
        return {k: v for k, v in field.items() if v is not None}

    def hint(self, path: str, prop: Json) -> str:
        hint = prop.get("description", "")
        if path == "source.insight":
            counts = ", ".join(f"{b.cited_as} has {b.insights}" for b in self.site.books)
            hint += f" ({counts}.)"
        return hint

    def fields(self, schema: Json, prefix: str = "") -> list[Json]:
        required = set(schema.get("required", ()))
        return [self.field(name, prop, name in required, prefix + name)
                for name, prop in schema["properties"].items()]


def editor_config(site: SiteData) -> Json:
    """The whole configuration, as the data written to config.yml."""
    schema = Exercise.model_json_schema()
    fields = _Fields(site, schema.get("$defs", {})).fields(schema)
    config: Json = {
        "backend": {"name": "github", "repo": github_repo(site.repo_url),
                    "branch": site.repo_branch, "auth_methods": ["token"]},
        # Saving opens a pull request; merging it (on GitHub) publishes, as for any change.
        "publish_mode": "editorial_workflow",
        "app_title": f"{site.name} editor",
        "site_url": site.url,
        "media_folder": "content/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "lowercase": True,
                 "sanitize_replacement": "-", "trim": True,
                 "maxlength": schema["properties"]["related"]["items"]["maxLength"]},
        # How the editor writes YAML, stated rather than left to its defaults: the layout
        # generator/layout.py writes (`generator new`, `generator format`) is this one.
        "output": {"omit_empty_optional_fields": True,
                   "yaml": {"indent_size": 2, "indent_sequences": True, "quote": "none"}},
        # Only what the generator renders: headings, strikethrough, images and code blocks
        # would reach the page as the characters typed (generator/markup.py).
        "field_defaults": {"richtext": {"buttons": MARKDOWN_BUTTONS, "editor_components": []}},
    }
    description = ("Each exercise is one file in content/exercises/; its name is the page's "
                   "address.")
    languages: Json = {}
    if len(site.languages) > 1:
        config["i18n"] = _languages(site)
        folders = " or ".join(f"{FOLDER}/{language}/" for language in site.languages[1:])
        description += f" A translation has the same name, in {folders}."
        languages = {"i18n": True}
    config["collections"] = [{
        "name": COLLECTION,
        "label": "Exercises",
        "label_singular": "Exercise",
        "description": description,
        "folder": FOLDER,
        "extension": "yaml",
        "format": "yaml",
        **languages,
        "identifier_field": "title",
        "slug": {"template": "{{title}}", "editable": ["create"],
                 "pattern": [ID_PATTERN, "The file name " + ID_MESSAGE + "."]},
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "preview_path": ("{{locale}}/" if languages else "") + "exercises/{{slug}}/",
        "fields": fields,
    }]
    return config


def config_text(site: SiteData) -> str:
    return HEADER + yaml.safe_dump(editor_config(site), sort_keys=False, allow_unicode=True,
                                   width=100)


def write(site: SiteData, target: Path) -> Path:
    """Write config.yml into `target`, the site's admin/ folder."""
    path = target / "config.yml"
    path.write_text(config_text(site), encoding="utf-8")
    return path
