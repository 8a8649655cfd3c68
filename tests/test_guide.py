"""The therapists' guide: it names every key, and the error lines it shows are real.

The guide is hand-written, so these tests keep it true: a key added to the model must be
explained there, and each error line it quotes is reproduced by making the mistake it
describes in a file made by `new` and running `check`.
"""

from __future__ import annotations

import re

import pytest

from generator.schema import Example, Exercise, PracticeLog, Source, Step
from tests.conftest import ROOT, read_page, run_generator

GUIDE = ROOT / "content/pages/guide/adding-an-exercise.md"
FILE = "content/exercises/morning-check-in.yaml"


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _error_lines() -> list[str]:
    blocks = re.findall(r"```text\n(.*?)```", _guide(), re.DOTALL)
    return [line for block in blocks for line in block.splitlines()]


@pytest.mark.parametrize("model", [Exercise, Source, Step, Example, PracticeLog])
def test_guide_mentions_every_key(model):
    text = _guide()
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert missing == [], f"add these keys to {GUIDE.name}: {missing}"


# The mistakes the guide describes, as (line in the new file, what the author wrote).
MISTAKES = [
    ("title: Morning Check-in", "title: Morning Check-in: ten minutes together"),
    ("summary: |-", "summery: |-"),
    ("recommended: false", "recommended: false\ntags: [secure-bases, couples]"),
]


def test_guide_shows_the_real_error_lines(project):
    shown = _error_lines()
    assert len(shown) == len(MISTAKES)
    run_generator(project, "new", "Morning Check-in", check=True)
    path = project / FILE
    original = path.read_text(encoding="utf-8")
    for (line, mistake), expected in zip(MISTAKES, shown, strict=True):
        assert line in original.splitlines()
        lines = original.split("\n")
        lines[lines.index(line)] = mistake
        path.write_text("\n".join(lines), encoding="utf-8")
        result = run_generator(project, "check")
        assert result.returncode == 1
        assert result.stderr.splitlines() == [expected, "1 error in 1 file"]
    path.write_text(original.replace("title: Morning Check-in\n",
                                     'title: "Morning Check-in: ten minutes together"\n'),
                    encoding="utf-8")
    assert run_generator(project, "check").returncode == 0


def test_guide_is_a_page_of_the_site(site_dir):
    page = read_page(site_dir, "guide/adding-an-exercise/")
    assert "<h1" in page and "Adding an exercise" in page
    assert "Every key, with an example" in page
    assert "did you mean <code>summary</code>?" in page or "did you mean `summary`?" in page
