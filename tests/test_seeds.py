"""The two seed exercises load and validate, with the values their seeds give."""

from generator import catalogue
from tests.conftest import ROOT


def test_seed_exercises_load_and_cross_check():
    site = catalogue.load(ROOT)
    by_slug = {entry.slug: entry.exercise for entry in site.exercises}
    assert set(by_slug) >= {"secure-base-strategy", "dependency-paradox"}

    secure = by_slug["secure-base-strategy"]
    assert secure.subtitle == ("Build the emotional foundation that lets both partners thrive "
                               "independently")
    assert len(secure.principles) == 5 and len(secure.steps) == 4
    assert secure.steps[0].title == "Accept that dependency is healthy and necessary"
    assert secure.examples[0].story.startswith("When Mark wanted to leave his stable job")
    assert secure.background.startswith("The concept of the secure base originates")
    assert secure.related == ["dependency-paradox"]

    paradox = by_slug["dependency-paradox"]
    assert paradox.difficulty == "hard" and paradox.recommended is True
    assert paradox.source.book == "attached" and paradox.source.insight == 4
    assert site.book("attached").insights == 8
    assert len(paradox.reflection_questions) == 4 and len(paradox.tips) == 3
    assert paradox.steps_title == "Create Your Own 'Secure Base' Today"
    assert paradox.related == ["secure-base-strategy"]
