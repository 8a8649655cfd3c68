"""Cross-file checks: names, collisions, references between exercises and site_data.yaml."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import catalogue
from generator.errors import ContentError

EXERCISES = Path("content/exercises")


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        catalogue.load(root)
    return [str(p) for p in caught.value.problems]


def copy_seed(root: Path, name: str) -> Path:
    target = root / EXERCISES / name
    shutil.copy(root / EXERCISES / "dependency-paradox.yaml", target)
    return target


def test_the_seed_catalogue_loads_sorted_by_title(project):
    site = catalogue.load(project)
    assert [e.slug for e in site.exercises] == ["dependency-paradox", "secure-base-strategy"]
    assert site.entry("secure-base-strategy").source == \
        "content/exercises/secure-base-strategy.yaml"


def test_a_file_name_that_is_not_a_slug(project):
    copy_seed(project, "My Exercise.yaml")
    assert problems(project) == [
        "content/exercises/My Exercise.yaml:1:1: (file name): `My Exercise.yaml` is not a valid "
        "name; use lower-case words joined by '-', like `secure-base-strategy.yaml`"]


def test_names_that_fold_to_the_same_slug_collide(project):
    copy_seed(project, "Dependency-Paradox.yaml")
    found = problems(project)
    assert ("content/exercises/dependency-paradox.yaml:1:1: (file name): collides with "
            "`content/exercises/Dependency-Paradox.yaml`: both would be the same page; rename "
            "one") in found
    assert any(line.startswith("content/exercises/Dependency-Paradox.yaml:1:1: (file name): ")
               and "is not a valid name" in line for line in found)


def test_unicode_forms_of_one_name_collide(project):
    copy_seed(project, "cafe\u0301.yaml")
    copy_seed(project, "caf\u00e9.yaml")
    found = problems(project)
    assert sum("collides with" in line for line in found) == 1


def test_a_file_that_is_not_yaml(project):
    (project / EXERCISES / "notes.yml").write_text("title: x\n", encoding="utf-8")
    assert problems(project) == [
        "content/exercises/notes.yml:1:1: (file): exercise files must end in `.yaml`; rename "
        "it to `notes.yaml` or move it elsewhere"]


def test_a_symbolic_link_is_refused(project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: the build machine's secret\n", encoding="utf-8")
    os.symlink(secret, project / EXERCISES / "leak.yaml")
    os.symlink(secret, project / "content/pages/leak.md")
    assert problems(project) == [
        "content/exercises/leak.yaml:1:1: (file): is a symbolic link; content must be ordinary "
        "files inside the repository",
        "content/pages/leak.md:1:1: (file): is a symbolic link; content must be ordinary files "
        "inside the repository",
    ]


def test_a_related_slug_that_does_not_exist_suggests_the_nearest(project):
    path = project / EXERCISES / "secure-base-strategy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "related:\n  - dependency-paradox\n" in text
    path.write_text(text.replace("related:\n  - dependency-paradox\n",
                                 "related:\n  - dependancy-paradox\n"), encoding="utf-8")
    [line] = problems(project)
    assert line.endswith("related[1]: unknown exercise `dependancy-paradox`; did you mean "
                         "`dependency-paradox`? choose one of: dependency-paradox, "
                         "secure-base-strategy")


def test_a_related_exercise_with_its_own_mistake_is_one_error_not_two(project):
    path = project / EXERCISES / "dependency-paradox.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and "unknown key `colour`" in found[0]


def test_removing_a_tag_from_site_data_flags_every_exercise_using_it(project):
    path = project / "site_data.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: secure-base\n")
    end = text.index("  - id:", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(project)
    assert len(found) == 2
    for line in found:
        assert ": unknown tag `secure-base`; did you mean " in line or \
            ": unknown tag `secure-base`; choose one of: " in line
        assert "choose one of: dependency, responsiveness" in line


def test_an_insight_beyond_the_book(project):
    path = project / EXERCISES / "dependency-paradox.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("insight: 4", "insight: 9"), encoding="utf-8")
    [line] = problems(project)
    assert line.endswith(":12: source.insight: is 9, but `attached` has 8 insights; use 1 to 8")


def test_duplicate_ids_in_site_data(project):
    path = project / "site_data.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: hard\n", "  - id: easy\n"), encoding="utf-8")
    [line] = problems(project)
    assert line.startswith("site_data.yaml:")
    assert line.endswith(": difficulties[3].id: `easy` is used twice; ids must be unique")


def test_missing_site_data(project):
    (project / "site_data.yaml").unlink()
    assert problems(project) == ["site_data.yaml:1:1: (file): is missing; the site needs its "
                                 "name, books, difficulties and tags there"]


def test_a_page_name_that_cannot_be_published(project):
    (project / "content/pages/back\\slash.md").write_text("# x\n", encoding="utf-8")
    assert problems(project) == ["content/pages/back\\slash.md:1:1: (file name): this name "
                                 "cannot be published; rename the file"]


def test_every_file_is_read_and_every_error_collected(project):
    for index in range(5):
        (project / EXERCISES / f"broken-{index}.yaml").write_text("title: [\n",
                                                                  encoding="utf-8")
    found = problems(project)
    assert len(found) == 5
    assert len({line.split(":")[0] for line in found}) == 5


def test_a_file_with_schema_mistakes_still_gets_its_cross_file_errors_in_the_same_run(project):
    (project / EXERCISES / "listening-walk.yaml").write_text(
        "title: The Listening Walk\nsummery: Walk together.\ndifficulty: medium\n"
        "tags: [couples, listening, Not An Id]\nsource:\n  book: attached\n  insight: 11\n"
        "steps:\n  - title: Walk\n    body: Listen.\nrelated: [secure-base]\n", encoding="utf-8")
    found = [line.split(":", 3)[1:] for line in problems(project)]
    assert found == [
        ["2", "1", " summery: unknown key `summery`; did you mean `summary`?"],
        ["3", "13", " difficulty: unknown difficulty `medium`; choose one of: easy, moderate, "
                    "hard"],
        ["4", "17", " tags[2]: unknown tag `listening`; choose one of: secure-base, dependency, "
                    "responsiveness, self-reflection, couples, individual"],
        ["4", "28", " tags[3]: unknown tag `Not An Id`; choose one of: secure-base, "
                    "dependency, responsiveness, self-reflection, couples, individual"],
        ["7", "12", " source.insight: is 11, but `attached` has 8 insights; use 1 to 8"],
        ["11", "11", " related[1]: unknown exercise `secure-base`; did you mean "
                     "`secure-base-strategy`? choose one of: dependency-paradox, listening-walk, "
                     "secure-base-strategy"],
    ]


def test_the_preview_validates_again_only_the_file_a_save_changed(project):
    remembered: dict = {}
    first = {e.slug: e.exercise for e in catalogue.load(project, remembered).exercises}
    source = project / EXERCISES / "dependency-paradox.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "title: 'The Dependency Paradox Revealed: Rely More to Become Freer'",
        "title: Rely More, Roam Further"), encoding="utf-8")
    second = {e.slug: e.exercise for e in catalogue.load(project, remembered).exercises}
    assert second["secure-base-strategy"] is first["secure-base-strategy"]
    assert second["dependency-paradox"].title == "Rely More, Roam Further"
    assert second == {e.slug: e.exercise for e in catalogue.load(project).exercises}
    data = project / "site_data.yaml"  # the validation context changes: all again
    data.write_text(data.read_text(encoding="utf-8").replace(
        "\ntags:\n", "\ntags:\n  - id: new-theme\n    label: New\n    description: New.\n", 1),
        encoding="utf-8")
    third = {e.slug: e.exercise for e in catalogue.load(project, remembered).exercises}
    assert third["secure-base-strategy"] is not second["secure-base-strategy"]
    assert third == second


# -- More languages (site_data.yaml's `translations`, content/exercises/<language>/) ------------


def add_translations(root: Path, text: str) -> None:
    with open(root / "site_data.yaml", "a", encoding="utf-8") as data:
        data.write("\ntranslations:\n" + text)


def test_a_translation_is_its_languages_site_with_its_labels(project):
    add_translations(project, "  es:\n    tags:\n      couples: {label: En pareja}\n")
    (project / EXERCISES / "es").mkdir()
    shutil.copy(project / EXERCISES / "secure-base-strategy.yaml", project / EXERCISES / "es")
    site = catalogue.load(project)
    (spanish,) = site.translations
    assert (spanish.language, spanish.folder) == ("es", "es/")
    assert [e.source for e in spanish.exercises] == [
        "content/exercises/es/secure-base-strategy.yaml"]
    assert spanish.tag("couples").label == "En pareja"
    assert spanish.tag("secure-base").label == site.tag("secure-base").label  # not translated
    assert [e.slug for e in site.exercises] == ["dependency-paradox", "secure-base-strategy"]


def test_a_language_folder_the_site_does_not_list_is_named(project):
    (project / EXERCISES / "es").mkdir()
    shutil.copy(project / EXERCISES / "secure-base-strategy.yaml", project / EXERCISES / "es")
    assert problems(project) == [
        "content/exercises/es:1:1: (folder): holds exercises in `es`, which is not one of the "
        "site's languages; add `es` under `translations` in site_data.yaml to publish them"]


@pytest.mark.parametrize("text, expected", [
    ("  fr: {}\n", "site_data.yaml:71:3: translations.fr: unknown language `fr`; choose one "
                  "of: en, ar, es"),
    ("  en: {}\n", "site_data.yaml:71:7: translations.en: `en` is the site's main language"),
    ("  es:\n    tags:\n      couple: {label: x}\n",
     "site_data.yaml:73:15: translations.es.tags.couple: unknown tag `couple`; did you mean "
     "`couples`?"),
])
def test_translations_name_only_what_site_data_has(project, text, expected):
    add_translations(project, text)
    (found,) = problems(project)
    assert found.startswith(expected), found
