"""The Markdown the generator writes for the seed exercises, against reviewed golden files."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import catalogue, render
from tests.conftest import ROOT, check_golden

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render.render(catalogue.load(ROOT))


@pytest.mark.parametrize("slug", ["secure-base-strategy", "dependency-paradox"])
def test_exercise_page_matches_golden(pages, slug, update_golden):
    check_golden(GOLDEN / "exercises" / f"{slug}.md", pages[f"exercises/{slug}.md"],
                 update_golden)


def test_every_page_kind_is_rendered(pages):
    expected = {"index.md", "exercises/index.md", "browse/books.md", "browse/tags.md",
                "browse/difficulty.md", "about.md", "guide/adding-an-exercise.md"}
    assert expected <= set(pages)
    for slug in ("secure-base-strategy", "dependency-paradox"):
        assert f"exercises/{slug}.md" in pages
        assert f"worksheets/{slug}.md" in pages


def test_front_matter_is_yaml_that_keeps_the_title_exactly(pages):
    import yaml

    text = pages["exercises/dependency-paradox.md"]
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "The Dependency Paradox Revealed: Rely More to Become Freer"


def test_browse_by_book_puts_numbered_insights_first(pages):
    text = pages["browse/books.md"]
    assert "Insight 4 of 8" in text
    assert text.index("dependency-paradox.md") < text.index("secure-base-strategy.md")


def test_a_hand_written_page_cannot_replace_a_generated_one(project):
    from generator.errors import ContentError

    (project / "content" / "pages" / "exercises").mkdir(parents=True)
    (project / "content" / "pages" / "exercises" / "index.md").write_text("# Mine\n")
    with pytest.raises(ContentError) as caught:
        render.render(catalogue.load(project))
    assert str(caught.value.problems[0]).startswith(
        "content/pages/exercises/index.md:1:1: (file name): has the same path")


def test_a_translated_page_cannot_replace_a_generated_one_either(tmp_path):
    from generator.errors import ContentError
    from tests.i18n import bilingual

    project = bilingual(tmp_path / "project")
    mine = project / "content" / "pages" / "es" / "browse" / "tags.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Mío\n")
    site = catalogue.load(project)
    with pytest.raises(ContentError) as caught:
        render.render(site.translations[0])
    assert str(caught.value.problems[0]).startswith(
        "content/pages/es/browse/tags.md:1:1: (file name): has the same path")


@given(st.text())
def test_front_matter_values_read_back_exactly_as_yaml(text):
    for value in (text, [text, "toc"], {"exclude": True, "text": text}):
        line = f"key: {render.yaml_value(value)}\n"
        assert "\n" not in line[:-1]  # one line, whatever the text holds
        assert yaml.safe_load(line) == {"key": value}


def test_every_character_yaml_refuses_raw_is_escaped_in_front_matter():
    """Checked over every code point, not a sample: the characters YAML 1.1 takes raw in a
    double-quoted scalar are tab, the line breaks json escapes anyway, and these ranges."""
    printable = re.compile("[\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                           "\U00010000-\U0010ffff]")
    every = "".join(map(chr, range(0x110000)))
    escaped = set(render._YAML_RAW_UNSAFE.findall(every))
    assert escaped == set(every) - set(printable.findall(every))


def test_render_writes_the_words_of_the_language_it_is_given():
    """The same exercise rendered in Spanish: the site's words change, the author's do not."""
    site = catalogue.load(ROOT)
    spanish = render.render(site, "es")
    page = spanish["exercises/dependency-paradox.md"]
    assert "## Principios clave" in page or "## Preguntas de reflexión" in page
    assert "Idea clave 4 de 8 de <cite>Attached</cite>" in page
    assert "Amir Levine y Rachel Heller" in page
    assert "Reflection Questions" not in page and "Look after yourself" not in page
    assert site.entry("dependency-paradox").exercise.title in page
    worksheet = spanish["worksheets/dependency-paradox.md"]
    assert "Mi versión:" in worksheet and 'title="Notas sobre el paso 1"' in worksheet
    assert render.render(site)["exercises/dependency-paradox.md"] != page  # English by default


def test_a_new_way_to_browse_is_one_entry(monkeypatch):
    """An entry in render.INDEXES (here reusing the themes' template) is rendered, put in the
    navigation's Browse section and the 404 page's ways back, and linked from the home page
    and the other browse pages."""
    entry = render.Index("browse_tags", "browse/audience.md", "By audience")
    monkeypatch.setattr(render, "INDEXES", [*render.INDEXES, entry])
    pages = render.render(catalogue.load(ROOT))
    assert "browse/audience.md" in pages
    assert "[By audience](browse/audience.md)" in pages["index.md"]
    assert "[By audience](../browse/audience.md)" in pages["exercises/index.md"]
    assert {"By audience": "browse/audience.md"} in render.navigation()[-1]["Browse"]
    assert {"title": "By audience", "url": "browse/audience/"} in render.index_links("en")
    assert render.index_links("en", directory_urls=False)[0]["url"] == "index.html"
