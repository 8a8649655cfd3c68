"""A build whose inputs and outputs are as the last build left them does nothing; any other
difference (an input edited, an output touched or removed) gets a full build."""

from pathlib import Path

from generator import build, state


def _docs(project: Path) -> Path:
    return project / build.DOCS


def test_an_unchanged_build_skips_everything(project: Path):
    build.generate(project)
    before = state.listing(_docs(project))
    report = build.generate(project)
    assert report.written == [] and report.removed == []
    assert report.unchanged == len(before)
    assert state.listing(_docs(project)) == before


def test_an_edited_input_is_rebuilt(project: Path):
    build.generate(project)
    source = project / "content" / "exercises" / "secure-base-strategy.yaml"
    source.write_text(source.read_text().replace("The Secure Base Strategy", "A Safe Harbour"))
    report = build.generate(project)
    assert "exercises/secure-base-strategy.md" in report.written
    assert "A Safe Harbour" in (_docs(project) / "exercises/secure-base-strategy.md").read_text()


def test_a_hand_edited_or_deleted_output_is_repaired(project: Path):
    build.generate(project)
    page = _docs(project) / "exercises" / "dependency-paradox.md"
    good = page.read_text()
    page.write_text("edited by hand\n")
    (_docs(project) / "browse" / "tags.md").unlink()
    report = build.generate(project)
    assert sorted(report.written) == ["browse/tags.md", "exercises/dependency-paradox.md"]
    assert page.read_text() == good


def test_a_failed_build_forgets_the_last_good_state(project: Path):
    import pytest

    from generator.errors import ContentError

    build.generate(project)
    source = project / "content" / "exercises" / "secure-base-strategy.yaml"
    good = source.read_text()
    source.write_text(good + "summery: typo\n")
    with pytest.raises(ContentError):
        build.generate(project)
    source.write_text(good)
    assert build.generate(project).written == []


def test_a_first_build_replaces_what_an_interrupted_one_left(project: Path):
    leftover = project / "build" / "docs.new"
    (leftover / "exercises").mkdir(parents=True)
    (leftover / "exercises" / "half-written.md").write_text("# half")
    report = build.generate(project)
    assert not leftover.exists()
    assert not (_docs(project) / "exercises" / "half-written.md").exists()
    assert "exercises/secure-base-strategy.md" in report.written


def test_a_first_build_records_exactly_the_listing_of_what_it_wrote(project: Path):
    import json

    build.generate(project, jobs=2)
    saved = json.loads((project / state.STATE).read_text(encoding="utf-8"))
    assert saved["outputs"] == state.listing(project / build.DOCS)
