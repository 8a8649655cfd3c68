"""A plain `mkdocs build` runs the generator's build: nothing redone when the Markdown is
current, and a content mistake shown as its error line, never as a traceback."""

import os
import subprocess
import sys
from pathlib import Path

from generator import build, state
from tests.conftest import run_generator


def _mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    env.pop(build.PREGENERATED_ENV, None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)


def test_mkdocs_build_after_the_generator_rewrites_no_markdown(project: Path):
    run_generator(project, "build", check=True)
    before = state.listing(project / build.DOCS)
    result = _mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert state.listing(project / build.DOCS) == before
    assert (project / "site" / "exercises" / "dependency-paradox" / "index.html").is_file()


def test_mkdocs_build_reports_a_content_mistake_in_one_line(project: Path):
    run_generator(project, "build", check=True)
    source = project / "content" / "exercises" / "dependency-paradox.yaml"
    source.write_text(source.read_text().replace("\ndifficulty:", "\ndificulty:"))
    result = _mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert ("content/exercises/dependency-paradox.yaml:3:1: dificulty: unknown key `dificulty`; "
            "did you mean `difficulty`?") in output
    assert "1 error in 1 file; nothing was built" in output
    assert not (project / "site").exists()


def test_theme_templates_are_compiled_once_not_on_every_build(tmp_path: Path):
    """MkDocs makes a new Jinja environment per build (per save, in the live preview); the
    hook gives it Jinja's cache of compiled templates, so later ones load them compiled."""
    import jinja2

    from generator import mkdocs_hooks

    (tmp_path / "main.html").write_text("<title>{{ page_title }}</title>")
    compiled = []
    for _ in range(3):
        env = mkdocs_hooks.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)),
                                  None, None)
        original = env.compile
        env.compile = lambda *args, **kwargs: compiled.append(args) or original(*args, **kwargs)
        assert env.get_template("main.html").render(page_title="T") == "<title>T</title>"
    assert len(compiled) == 1
