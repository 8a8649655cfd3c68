"""The Markdown the generator writes for the seed exercises, against reviewed golden files."""

import re
from pathlib import Path
from types import SimpleNamespace

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


def test_outlines_give_every_page_exactly_what_whole_models_give(pages):
    """A parallel build renders index pages and related links from outlines (fanout): an
    outline must hold all those pages use."""
    site = catalogue.load(ROOT)
    outlined = catalogue.Site(site.data, tuple(
        catalogue.Entry(e.slug, e.source, catalogue.Outline.of(e.exercise))
        for e in site.exercises), site.pages, site.home)
    assert render.site_pages(outlined) == {path: pages[path] for path in render.site_pages(site)}
    assert render.exercise_pages(outlined, site.exercises) == render.exercise_pages(
        site, site.exercises)


@pytest.mark.parametrize("count", [2, 3, 7])
def test_the_parts_of_the_index_pages_are_all_of_them_once(pages, count):
    site = catalogue.load(ROOT)
    parts = [render.site_pages(site, (number, count)) for number in range(count)]
    assert sum(len(part) for part in parts) == len(render.site_pages(site))
    assert {path: text for part in parts for path, text in part.items()} == \
        render.site_pages(site)
    assert "about.md" in parts[0]  # the hand-written pages go with the first part


def test_the_index_pages_are_dealt_out_by_the_lines_they_list():
    # _dealt reads only how many exercises there are and their themes
    site = SimpleNamespace(exercises=[SimpleNamespace(exercise=SimpleNamespace(
        tags=["a", "b", "c"][:1 + index % 3])) for index in range(1000)])
    parts = render._dealt(site, 2)
    assert sorted(path for part in parts for _, path in part) == sorted(
        path for _, path in render.INDEXES)
    # browse_tags lists each exercise under every theme it has (two each here)
    weights = {"home": 12, "browse_tags": sum(len(e.exercise.tags) for e in site.exercises)}
    loads = [sum(weights.get(kind, 1000) for kind, _ in part) for part in parts]
    assert max(loads) - min(loads) <= max(weights.values())


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


def test_the_preview_memo_rerenders_what_a_change_touches_and_nothing_else(project):
    catalogue_memo, render_memo = {}, {}
    first = render.render(catalogue.load(project, catalogue_memo), render_memo)
    source = project / "content" / "exercises" / "dependency-paradox.yaml"
    source.write_text(source.read_text().replace(
        'title: "The Dependency Paradox Revealed: Rely More to Become Freer"',
        "title: Rely More, Roam Further"))
    second_site = catalogue.load(project, catalogue_memo)
    second = render.render(second_site, render_memo)
    assert second == render.render(catalogue.load(project))  # the same as without a memo
    assert "Rely More, Roam Further" in second["exercises/dependency-paradox.md"]
    # The other exercise links to the renamed one, so its page changed too.
    assert "[Rely More, Roam Further](dependency-paradox.md)" in \
        second["exercises/secure-base-strategy.md"]
    assert first["worksheets/secure-base-strategy.md"] == \
        second["worksheets/secure-base-strategy.md"]


def test_the_catalogue_memo_keeps_unchanged_files_and_forgets_removed_ones(project):
    memo = {}
    first = {e.slug: e.exercise for e in catalogue.load(project, memo).exercises}
    (project / "content" / "exercises" / "secure-base-strategy.yaml").write_text(
        (project / "content" / "exercises" / "secure-base-strategy.yaml").read_text()
        .replace("related: [dependency-paradox]\n", ""))
    (project / "content" / "exercises" / "dependency-paradox.yaml").write_text(
        (project / "content" / "exercises" / "dependency-paradox.yaml").read_text()
        .replace("related: [secure-base-strategy]\n", ""))
    second = {e.slug: e.exercise for e in catalogue.load(project, memo).exercises}
    assert second["secure-base-strategy"] is not first["secure-base-strategy"]
    (project / "content" / "exercises" / "dependency-paradox.yaml").unlink()
    third = {e.slug: e.exercise for e in catalogue.load(project, memo).exercises}
    assert third["secure-base-strategy"] is second["secure-base-strategy"]
    assert len(memo["exercises"]) == 1


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
