"""Nothing lost: failed builds leave site/ as it was, Markdown is swapped in whole, content is
never written.

Each test works on its own copy of the project built once for the run (`built_project`, the
real `python -m generator site`), and compares bytes before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_generator, unhashed

EXERCISE = Path("content/exercises/secure-base-strategy.yaml")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: its bytes' hash (folders map to '')."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = "" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def sources(root: Path) -> dict[str, tuple[str, int]]:
    """content/ and site_data.yaml: bytes and modification times, to see any write at all."""
    paths = [root / "site_data.yaml", *sorted((root / "content").rglob("*"))]
    return {p.relative_to(root).as_posix(): (
        "" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in paths}


@pytest.fixture
def fresh(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, site/ and build/ included."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    return root


def test_a_content_error_leaves_site_and_the_markdown_untouched(fresh):
    site_before, docs_before = snapshot(fresh / "site"), snapshot(fresh / "build/docs")
    path = fresh / EXERCISE
    path.write_text(path.read_text(encoding="utf-8").replace("difficulty: moderate",
                                                             "difficulty: medium"),
                    encoding="utf-8")
    result = run_generator(fresh, "site")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 error in 1 file"
    assert snapshot(fresh / "site") == site_before
    assert snapshot(fresh / "build/docs") == docs_before


def test_an_mkdocs_failure_leaves_site_byte_identical(fresh):
    before = snapshot(fresh / "site")
    assert len(before) > 20
    (fresh / "content/pages/broken.md").write_text("# Broken\n\nSee [this](missing-page.md).\n",
                                                   encoding="utf-8")
    result = run_generator(fresh, "site")
    assert result.returncode == 2, result.stderr
    assert "mkdocs build failed; site/ was left as it was" in result.stderr
    assert "Traceback" not in result.stderr.split("site/ was left as it was", 1)[0]
    assert snapshot(fresh / "site") == before
    assert not (fresh / "build/site.new").exists()
    (fresh / "content/pages/broken.md").unlink()
    run_generator(fresh, "site", check=True)
    assert set(map(unhashed, snapshot(fresh / "site"))) == set(map(unhashed, before))


def test_generated_markdown_is_replaced_whole_by_a_rename(fresh):
    page = fresh / "build/docs/exercises/secure-base-strategy.md"
    old_text = page.read_bytes()
    keep = fresh / "old-page.md"
    os.link(page, keep)  # a reader holding the old file must see it whole, never half-written
    path = fresh / EXERCISE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: The Secure Base Strategy", "title: The Secure Base Strategy, Revised"),
        encoding="utf-8")
    run_generator(fresh, "build", check=True)
    assert keep.read_bytes() == old_text
    assert os.stat(page).st_ino != os.stat(keep).st_ino
    assert b"The Secure Base Strategy, Revised" in page.read_bytes()
    assert [p.name for p in (fresh / "build/docs").rglob("*") if p.name.endswith(".tmp")] == []


def test_unchanged_markdown_is_not_rewritten(fresh):
    docs = fresh / "build/docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    run_generator(fresh, "build", check=True)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")} == before


def test_the_generator_never_writes_to_content_or_site_data(fresh):
    before = sources(fresh)
    run_generator(fresh, "check", check=True)
    run_generator(fresh, "build", check=True)
    run_generator(fresh, "site", check=True)
    assert sources(fresh) == before
    (fresh / "content/exercises/broken.yaml").write_text("title: [\n", encoding="utf-8")
    before = sources(fresh)
    for command in ("check", "build", "site"):
        assert run_generator(fresh, command).returncode == 1
    assert sources(fresh) == before
