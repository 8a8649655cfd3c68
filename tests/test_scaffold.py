"""`python -m generator new "Title"`: a file that explains itself, passes `check` and builds.

Run as a user runs it, in a private copy of the project; the page is built with the real
MkDocs in strict mode.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import build, catalogue, scaffold
from generator.catalogue import MAX_SLUG
from generator.schema import ID_PATTERN, Exercise
from tests.conftest import read_page, run_generator


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_writes_every_key_with_its_description_and_passes_check_and_builds(project):
    result = run_generator(project, "new", "Crème brûlée: a Partner’s Test", check=True)
    path = project / "content/exercises/creme-brulee-a-partners-test.yaml"
    assert "content/exercises/creme-brulee-a-partners-test.yaml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ("# yaml-language-server: "
                                    "$schema=../../schema/exercise.schema.json")
    data = yaml.safe_load(text)
    assert list(data) == list(Exercise.model_fields)
    assert data["title"] == "Crème brûlée: a Partner’s Test"
    for name, info in Exercise.model_fields.items():
        assert re.search(rf"^# {re.escape(info.description)} Example:.*\n(#   .*\n)*{name}:",
                         text, re.MULTILINE), name

    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: 3 exercises")

    run_generator(project, "build", check=True)
    build.run_mkdocs(project, catalogue.load_site_data(project), project / "built")
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
    long = scaffold.slugify(" ".join(["attachment"] * 20))
    assert len(long) <= MAX_SLUG and long.endswith("attachment")


@given(st.text())
def test_a_slug_is_empty_or_a_valid_file_name(title):
    slug = scaffold.slugify(title)
    assert slug == "" or (re.fullmatch(ID_PATTERN, slug) and len(slug) <= MAX_SLUG)
