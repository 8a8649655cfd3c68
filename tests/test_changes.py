"""`make changes`: a change to the content alone takes the workflow's short path, anything else,
or a change that cannot be compared, the full one. Decided in a real git repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import changes
from tests.conftest import ROOT


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


def commit(repo: Path, files: dict[str, str | None]) -> str:
    """Write (or, for None, remove) `files`, commit them, return the new commit."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            git(repo, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", "change")
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"content/exercises/a.yaml": "title: A\n", "content/home.md": "# Home\n",
                  "site_data.yaml": "name: Site\n", "generator/pdf.py": "X = 1\n",
                  "mkdocs.yml": "site_name: x\n"})
    return repo


@pytest.mark.parametrize(("files", "path"), [
    ({"content/exercises/a.yaml": "title: B\n"}, "content"),
    ({"content/exercises/new.yaml": "title: N\n", "content/home.md": "# Hi\n"}, "content"),
    ({"content/exercises/a.yaml": None}, "content"),
    ({"site_data.yaml": "name: Other\n"}, "content"),
    ({"generator/pdf.py": "X = 2\n"}, "full"),
    ({"content/exercises/a.yaml": "title: B\n", "generator/pdf.py": "X = 2\n"}, "full"),
    ({"mkdocs.yml": "site_name: y\n"}, "full"),
    ({".github/workflows/pages.yml": "name: x\n"}, "full"),
    ({"content.py": "x\n"}, "full"),  # a name that only starts like the content folder
])
def test_the_path_follows_the_changed_files(repo: Path, files, path):
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, files)
    assert changes.decide(repo, base)[0] == path


def test_a_rename_out_of_the_content_takes_the_full_path(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "mv", "content/exercises/a.yaml", "generator/a.yaml")
    git(repo, "commit", "-q", "-m", "move")
    assert changes.decide(repo, base) == ("full", ["content/exercises/a.yaml",
                                                   "generator/a.yaml"])


@pytest.mark.parametrize("base", ["", "0" * 40, "1234567890" * 4, "no-such-branch"])
def test_a_change_without_a_base_to_compare_takes_the_full_path(repo: Path, base: str):
    assert changes.decide(repo, base) == ("full", None)


def test_no_change_takes_the_full_path(repo: Path):
    assert changes.decide(repo, "HEAD")[0] == "full"


def test_make_changes_tells_the_workflow(repo: Path, tmp_path: Path):
    """The workflow's own step: `make changes BASE=...` with $GITHUB_OUTPUT set."""
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/exercises/a.yaml": "title: B\n"})
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "changes",
         f"BASE={base}", f"PYTHON={sys.executable}"],
        cwd=repo, env={**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_OUTPUT": str(output)},
        capture_output=True, text=True, check=True)
    assert "content: 1 changed file(s), all content" in result.stdout
    assert output.read_text(encoding="utf-8") == "path=content\n"
