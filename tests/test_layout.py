"""The layout of exercise files (generator/layout.py): the bytes the browser editor saves.

The golden file was written by this emitter and compared, byte for byte, with what the `yaml`
npm package (the one Sveltia CMS bundles) writes for the same data with the editor's options;
tests/browser/test_editor.py checks the real editor against the repository's files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import layout
from generator.schema import Exercise
from tests.conftest import ROOT, check_golden, run_generator

GOLDEN = ROOT / "tests" / "golden" / "layout"
# Every exercise file of the repository that the editor may open: the seeds, and the
# exercises of the test projects in other languages.
EXERCISE_FILES = sorted([*(ROOT / "content/exercises").rglob("*.yaml"),
                         *(ROOT / "tests/i18n").rglob("*.yaml")])
EXERCISE_FILES = [p for p in EXERCISE_FILES if p.name not in ("site_data.yaml",
                                                              "translations.yaml")]

# Text where YAML's rules choose the quoting; the comment is the layout `yaml` gives it.
AWKWARD = {
    "title": "Ask: why now?",  # ': ' -> quoted
    "subtitle": "It's 'ours' now",  # ' inside a word needs no quotes
    "summary": "First paragraph.\n\nSecond, after an empty line.",  # -> |- block
    "difficulty": "easy",
    "recommended": False,
    "source": {"book": "attached", "insight": 4},
    "tags": ["couples", "secure-base"],
    "outcome": "- not a list",  # '- ' first -> quoted
    "principles": ["42", "true", "#hashtag", "A line\nand another"],
    "steps_title": "Steps, then: more",
    "steps": [{"title": "One", "body": "Say \"hello\" and 'bye'."},
              {"title": "Two", "body": "Plain text, with a comma."}],
    "examples": [{"story": "A story\n\n- with a list\n- of two"}],
    "reflection_questions": ["Why?", "1.5"],
    "tips": ["@someone said so", "100% sure"],
    "background": "Ends with a colon:",
    "practice_log": {"days": 7, "columns": ["Mood", "What helped"]},
    "related": ["dependency-paradox"],
}


def test_an_exercise_with_every_field_and_awkward_text(update_golden):
    exercise = Exercise.model_validate(AWKWARD)
    written = layout.text(exercise)
    check_golden(GOLDEN / "awkward.yaml", written, update_golden)
    assert Exercise.model_validate(yaml.safe_load(written)) == exercise


@pytest.mark.parametrize("value, laid_out", [
    ("plain words", "plain words"),
    ("no", "no"),  # YAML 1.2: text, and the generator reads it as text too
    ("null", "'null'"),
    ("0x1F", "'0x1F'"),
    ("1e5", "'1e5'"),
    ("a #tag", "'a #tag'"),
    ("a#b", "a#b"),
    ("?", "'?'"),
    ("it's", "it's"),
    ("'quoted' start", "\"'quoted' start\""),
    ("\"quoted\" start", "'\"quoted\" start'"),
    ("both ' and \" : here", "'both '' and \" : here'"),
    ("two\nlines", "|-\n  two\n  lines"),
    ("  indented\nfirst line", "|2-\n    indented\n  first line"),
])
def test_a_scalar_is_laid_out_as_yaml_does(value, laid_out):
    assert layout.scalar(value, "  ") == laid_out


def test_lists_and_objects_nest_by_two_spaces():
    assert layout.dump({"steps": [{"title": "A", "body": "x\ny"}], "tags": ["b"],
                        "source": {"book": "c"}}) == (
        "steps:\n  - title: A\n    body: |-\n      x\n      y\ntags:\n  - b\nsource:\n  book: c\n")


def test_empty_and_unset_fields_are_left_out_and_yes_no_is_written():
    exercise = Exercise.model_validate({"title": "T", "summary": "S", "difficulty": "easy",
                                        "steps": [{"title": "A", "body": "B"}], "tags": []})
    assert layout.text(exercise) == ("title: T\nsummary: S\ndifficulty: easy\n"
                                     "recommended: false\nsteps:\n  - title: A\n    body: B\n")


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_exercise_file_of_the_repository_is_in_the_layout(path):
    text = path.read_text(encoding="utf-8")
    assert text == layout.text(Exercise.model_validate(yaml.safe_load(text))), (
        f"{path.relative_to(ROOT)} is not in the editor's layout: run "
        "`python -m generator format` (or format_file on it)")


def test_check_names_a_hand_laid_file_and_format_rewrites_it(project: Path):
    rel = "content/exercises/dependency-paradox.yaml"
    before = Exercise.model_validate(yaml.safe_load((project / rel).read_text("utf-8")))
    hand = (project / rel).read_text("utf-8").replace(
        "tags:\n  - dependency\n  - secure-base\n  - self-reflection\n  - individual\n",
        "tags: [dependency, secure-base, self-reflection, individual]\n\n")
    (project / rel).write_text("# my notes\n" + hand, encoding="utf-8")
    checked = run_generator(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert f"note: 1 exercise file not in the browser editor's layout ({rel})" in checked.stdout
    assert "python -m generator format" in checked.stdout

    formatted = run_generator(project, "format", check=True)
    assert formatted.stdout.splitlines() == [f"formatted {rel}"]
    after = (project / rel).read_text("utf-8")
    assert after == (ROOT / rel).read_text("utf-8")
    assert Exercise.model_validate(yaml.safe_load(after)) == before
    assert "note:" not in run_generator(project, "check", check=True).stdout
    assert run_generator(project, "format", check=True).stdout.startswith("every exercise")


def test_format_leaves_a_file_with_mistakes_alone(project: Path):
    bad = project / "content/exercises/broken.yaml"
    shutil.copy(ROOT / "tests/bad/tab-indent.yaml", bad)
    original = bad.read_bytes()
    result = run_generator(project, "format", check=True)
    assert "content/exercises/broken.yaml" in result.stdout.splitlines()[-1]
    assert bad.read_bytes() == original
