"""The same commit builds the same bytes: in another folder, later, in another time zone and
language (issue 25). Every file of site/ is compared: the HTML, the sitemap and its .gz, the
search index, the PDFs, the editor's files at /admin/.

One exception, Pagefind's: the index of its search filters (`pagefind/filter/*.pf_filter`) lists
a filter's values in the order of a Rust hash map, which changes from one run to the next, in
the same folder too (Pagefind's own issue #638 says so of its filter and metadata indexes), and
the files that name it by its hash (`pagefind.*.pf_meta`, `pagefind-entry.json`) follow. Those
three are compared by what they hold, not by their bytes: the same files, with the same bytes in
another order once uncompressed."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator import build
from generator.errors import BuildError
from tests.conftest import PAGEFIND_UNORDERED, copy_project, run_generator, unhashed

# The other side of the world from UTC, and a language whose dates, numbers and sorting
# differ from English: what a maintainer's laptop and CI differ by.
ELSEWHERE = {"TZ": "Pacific/Auckland", "LANG": "de_DE.UTF-8"}




def _files(site: Path) -> dict[str, bytes]:
    """Every file's bytes; Pagefind's UNORDERED ones under a name without their hash, with the
    hashes they name blanked and, once uncompressed, their bytes in sorted order."""
    paths = {path.relative_to(site).as_posix(): path
             for path in sorted(site.rglob("*")) if path.is_file()}
    hashes = [found.encode() for name in paths if PAGEFIND_UNORDERED.search(name)
              for found in re.findall(r"_([0-9a-f]+)\.", name)]
    files = {}
    for name, path in paths.items():
        data = path.read_bytes()
        if PAGEFIND_UNORDERED.search(name):
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            for found in hashes:
                data = data.replace(found, b"#")
            name, data = unhashed(name), bytes(sorted(data))
        files[name] = data
    return files


def test_another_folder_time_zone_and_language_build_the_same_bytes(
        built_project: Path, tmp_path: Path):
    """`built_project` is built in this process's environment, a while before this one; the
    second copy lives in a folder of another length, and is built in another time zone and
    language (the locale need not be installed: Python and Babel read LANG themselves)."""
    other = copy_project(tmp_path / "another-and-longer-folder" / "project")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("LC_") and key not in ("LANG", "LANGUAGE", "TZ")}
    run_generator(other, "site", check=True, env={**env, **ELSEWHERE})
    first, second = _files(built_project / "site"), _files(other / "site")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"{len(differing)} of {len(first)} files differ: {differing[:20]}"
    assert any(name.endswith(".pdf") for name in first)
    assert "sitemap.xml.gz" in first and any(name.startswith("pagefind/") for name in first)
    assert any(name.startswith("admin/") for name in first)


def test_the_sitemap_is_dated_by_the_source_date_not_the_clock(site_dir: Path):
    """A copy of the project outside git, built without SOURCE_DATE_EPOCH: the fallback."""
    expected = "1980-01-01" if "SOURCE_DATE_EPOCH" not in os.environ else None
    if expected is None:
        pytest.skip("SOURCE_DATE_EPOCH is set for this run")
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>") == sitemap.count(f"<lastmod>{expected}</lastmod>") > 0


def _git(root: Path, *args: str, date: str = "") -> str:
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else None
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def test_the_source_date_is_the_variable_else_the_last_commit_else_1980(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    assert build.source_date(project) == build.FALLBACK_DATE  # outside git
    _git(tmp_path, "init", "-q")
    assert build.source_date(project) == build.FALLBACK_DATE  # in git, never committed
    (project / "site_data.yaml").write_text("name: x\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one", date="2024-02-29T23:30:00-05:00")
    assert build.source_date(project) == 1709267400  # 2024-03-01 04:30 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build.source_date(project) == 1700000000
    with build.dated(project) as date:
        assert date == 1700000000 and os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH must be a whole number"):
        build.source_date(project)


def test_the_date_is_set_for_the_build_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with build.dated(tmp_path) as date:
        assert os.environ["SOURCE_DATE_EPOCH"] == str(date) == str(build.FALLBACK_DATE)
    assert "SOURCE_DATE_EPOCH" not in os.environ
