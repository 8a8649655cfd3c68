"""MkDocs started on its own runs the same pipeline as the generator's commands: nothing
redone when the Markdown is current, a content mistake shown as its error line, never as a
traceback; and check, build and the hook render every page from the same full models."""

import json
from pathlib import Path

from generator import build
from tests.conftest import run_generator, run_mkdocs


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _docs(project: Path) -> dict[str, str]:
    folder = project / build.DOCS
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*.md"))}


def test_mkdocs_build_after_the_generator_rewrites_no_markdown(project: Path):
    run_generator(project, "build", check=True)
    before = _listing(project / build.DOCS)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert _listing(project / build.DOCS) == before
    assert (project / "site" / "exercises" / "dependency-paradox" / "index.html").is_file()


def test_mkdocs_build_reports_a_content_mistake_in_one_line(project: Path):
    run_generator(project, "build", check=True)
    source = project / "content" / "exercises" / "dependency-paradox.yaml"
    source.write_text(source.read_text().replace("\ndifficulty:", "\ndificulty:"))
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert ("content/exercises/dependency-paradox.yaml:10:1: dificulty: unknown key `dificulty`; "
            "did you mean `difficulty`?") in output
    assert "1 error in 1 file; nothing was built" in output
    assert not (project / "site").exists()


def test_check_build_and_the_hook_render_from_the_same_full_models(project: Path):
    """A browse-page template that reads attributes only the full exercise model has (its
    steps, examples and practice log) works alike in `check`, `build` and MkDocs' hook."""
    template = project / "generator" / "templates" / "_list.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{%- endmacro %}",
        " ({{ entry.exercise.steps | length }} steps, {{ entry.exercise.examples | length }} "
        "examples, {{ entry.source }}, {{ entry.exercise.steps[0].title | text }})\n"
        "{%- endmacro %}"), encoding="utf-8")
    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    run_generator(project, "build", check=True)
    generated = _docs(project)
    assert " steps, 0 examples, content/exercises/dependency-paradox.yaml, Identify your " \
        "emotional anchor person" in generated["exercises/index.md"]
    for path in (project / build.DOCS).rglob("*.md"):
        path.unlink()
    result = run_mkdocs(project)  # the hook writes the Markdown again
    assert result.returncode == 0, result.stderr
    assert _docs(project) == generated


def test_theme_templates_are_compiled_once_not_on_every_build(tmp_path: Path):
    """MkDocs makes a new Jinja environment per build (per save, in the live preview); the
    hook gives it Jinja's cache of compiled templates, so later ones load them compiled."""
    import jinja2

    from generator import mkdocs_hooks

    (tmp_path / "main.html").write_text("<title>{{ page_title }}</title>")
    compiled = []

    class Counting(jinja2.Environment):
        def compile(self, *args, **kwargs):
            compiled.append(args)
            return super().compile(*args, **kwargs)

    for _ in range(3):
        env = mkdocs_hooks.on_env(Counting(loader=jinja2.FileSystemLoader(tmp_path)), None, None)
        assert env.get_template("main.html").render(page_title="T") == "<title>T</title>"
    assert len(compiled) == 1


def test_mkdocs_build_alone_speaks_the_site_language(project: Path):
    """The hook sets the language before Material's search reads it from the theme."""
    from tests.i18n import set_language

    set_language(project, "es")
    run_generator(project, "build", check=True)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in home and "Explorar" in home
    entry = json.loads((project / "site/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["es"]  # Pagefind stems Spanish words
