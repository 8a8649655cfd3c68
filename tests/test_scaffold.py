"""`python -m generator new "Title"`: a file in the editor's layout that passes `check` and builds.

Run as a user runs it, in a private copy of the project; the page is built with the real
MkDocs in strict mode. `--language` writes into another language's folder, and `--translate`
starts a translation from the main language's file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import build, catalogue, layout, scaffold
from generator.catalogue import MAX_SLUG
from generator.schema import ID_PATTERN, Exercise
from tests.conftest import read_page, run_generator
from tests.i18n import bilingual


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_writes_the_required_keys_in_the_editors_layout_and_passes_check_and_builds(
        project):
    result = run_generator(project, "new", "Crème brûlée: a Partner’s Test", check=True)
    path = project / "content/exercises/creme-brulee-a-partners-test.yaml"
    assert "content/exercises/creme-brulee-a-partners-test.yaml" in result.stdout
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data) == ["title", "summary", "difficulty", "recommended", "steps"]
    assert data["title"] == "Crème brûlée: a Partner’s Test"
    assert text == layout.text(Exercise.model_validate(data)), "not in the editor's layout"
    assert "#" not in text

    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: 3 exercises")

    result = build.run(project, build.Until.MARKDOWN)
    build.run_mkdocs(project, result, result.site, project / "built")
    page = read_page(project / "built", "exercises/creme-brulee-a-partners-test/")
    assert "Crème brûlée: a Partner’s Test" in page
    assert "Name the first step in a few words." in page
    home = read_page(project / "built", "")
    assert "exercises/creme-brulee-a-partners-test/" in home


def test_new_never_overwrites_a_file(project):
    run_generator(project, "new", "Morning Check-in", check=True)
    path = project / "content/exercises/morning-check-in.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# my own notes\n", encoding="utf-8")
    before = _snapshot(project / "content")

    again = run_generator(project, "new", "Morning check in!")
    assert again.returncode == 2
    assert again.stderr.strip() == ("error: content/exercises/morning-check-in.yaml already "
                                    "exists; edit it, or choose another title")
    assert _snapshot(project / "content") == before


def test_new_refuses_a_title_without_letters_or_digits(project):
    before = _snapshot(project / "content")
    for title in ("!!!", "日本語", "   "):
        result = run_generator(project, "new", title)
        assert result.returncode == 2, title
        assert "gives an empty file name" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert _snapshot(project / "content") == before


def test_new_refuses_a_title_the_schema_refuses(project):
    result = run_generator(project, "new", "x" * 201)
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: cannot use this title: `title` is 201 characters "
                                     "long; the limit is 200")
    assert not list((project / "content/exercises").glob("x*.yaml"))


def test_the_generator_writes_content_only_through_new(project):
    before = _snapshot(project / "content")
    for command in ("check", "build", "schema"):
        run_generator(project, command, check=True)
    assert _snapshot(project / "content") == before


def test_slugs():
    assert scaffold.slugify("The Secure Base Strategy") == "the-secure-base-strategy"
    assert scaffold.slugify("Çà et là: l’été!") == "ca-et-la-lete"
    assert scaffold.slugify("  Step 2 -- Repair  ") == "step-2-repair"
    assert scaffold.slugify("Your Partner's Turn") == "your-partners-turn"
    assert scaffold.slugify("Vergüenza y Straße — Ærø") == "vergueenza-y-strasse-aero"
    long = scaffold.slugify(" ".join(["attachment"] * 20))
    assert len(long) <= MAX_SLUG and long.endswith("attachment")


@given(st.text())
def test_a_slug_is_empty_or_a_valid_file_name(title):
    slug = scaffold.slugify(title)
    assert slug == "" or (re.fullmatch(ID_PATTERN, slug) and len(slug) <= MAX_SLUG)


@pytest.fixture
def spanish_too(tmp_path: Path) -> Path:
    """The project with a Spanish version (tests/i18n/bilingual)."""
    return bilingual(tmp_path / "bilingual")


def test_new_in_another_language_writes_into_its_folder_and_builds(spanish_too):
    root = spanish_too
    result = run_generator(root, "new", "Un momento de calma", "--language", "es", check=True)
    rel = "content/exercises/es/un-momento-de-calma.yaml"
    assert result.stdout.startswith(f"Wrote {rel}:")
    assert "/es/exercises/un-momento-de-calma/" in result.stdout
    text = (root / rel).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["title"] == "Un momento de calma"
    assert not (root / "content/exercises/un-momento-de-calma.yaml").exists()

    check = run_generator(root, "check")
    assert check.returncode == 0, check.stderr
    built = build.run(root, build.Until.MARKDOWN)
    spanish = built.site.translations[0]
    assert spanish.has("un-momento-de-calma") and not built.site.has("un-momento-de-calma")
    build.run_mkdocs(root, built, spanish, root / "built")
    assert "Un momento de calma" in read_page(root / "built", "exercises/un-momento-de-calma/")


def test_new_refuses_a_language_the_site_is_not_in(project, spanish_too):
    for root, languages in ((spanish_too, "en, es"), (project, "en")):
        before = _snapshot(root / "content")
        result = run_generator(root, "new", "Calme", "--language", "fr")
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"error: `fr` is not one of the site's languages: {languages}; to add a language, "
            "list it under `translations:` in site_data.yaml"]
        assert _snapshot(root / "content") == before


def test_translate_starts_from_the_main_language_file_and_keeps_its_name(spanish_too):
    root = spanish_too
    result = run_generator(root, "new", "--language", "es", "--translate",
                           "dependency-paradox", check=True)
    rel = "content/exercises/es/dependency-paradox.yaml"
    assert result.stdout.startswith(f"Wrote {rel}:")
    assert "/es/exercises/dependency-paradox/" in result.stdout
    assert "keep the ids" in result.stdout
    original = (root / "content/exercises/dependency-paradox.yaml").read_text(encoding="utf-8")
    text = (root / rel).read_text(encoding="utf-8")
    assert text == original, "a copy of the original, in the same layout"

    check = run_generator(root, "check")
    assert check.returncode == 0, check.stderr
    spanish = catalogue.load(root).translations[0]
    assert spanish.entry("dependency-paradox").source == rel

    before = _snapshot(root / "content")
    again = run_generator(root, "new", "--language", "es", "--translate", "dependency-paradox")
    assert again.returncode == 2
    assert again.stderr.strip() == (f"error: {rel} already exists; edit it: it is the "
                                    "exercise's `es` translation")
    assert _snapshot(root / "content") == before


@pytest.mark.parametrize("args, message", [
    (["--translate", "dependency-paradox"],
     "--translate needs --language, the language to translate into: es; to add a language, "
     "list it under `translations:` in site_data.yaml"),
    (["--language", "es", "--translate", "dependency"],
     "cannot translate: unknown exercise `dependency`; did you mean `dependency-paradox`? "
     "choose one of: dependency-paradox, secure-base-strategy (file names in "
     "content/exercises/ without .yaml)"),
    (["--language", "es", "--translate", "../../site_data"],
     "cannot translate: unknown exercise `../../site_data`; choose one of: "
     "dependency-paradox, secure-base-strategy (file names in content/exercises/ without "
     ".yaml)"),
    (["La paradoja", "--language", "es", "--translate", "dependency-paradox"],
     "give either a title or --translate, not both: a translation keeps the file name of the "
     "exercise it translates; translate the title in the file"),
    (["--language", "es"],
     'give the new exercise\'s title, in quotes: new "Morning Check-in" (or --translate with '
     "the file name of an exercise to translate)"),
])
def test_a_translation_asked_for_wrongly_is_refused_in_one_line(spanish_too, args, message):
    before = _snapshot(spanish_too / "content")
    result = run_generator(spanish_too, "new", *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {message}"]
    assert _snapshot(spanish_too / "content") == before
