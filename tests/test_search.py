"""The search index (generator/search.py): whole, from the settings in the code only, and
never swapped in half-written.

What it holds is tested on the built sites (test_site.py, test_i18n.py, test_therapists.py)
and in Chromium (tests/browser/test_search.py); here, what makes it safe to publish.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import search
from generator.errors import BuildError
from tests.conftest import unhashed
from tests.pagefind_index import indexed_pages


@pytest.fixture
def built_pages(tmp_path: Path, site_dir: Path) -> Path:
    """A copy of the built site's pages, with its index, to index again."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("admin", "*.pdf"))
    return copy


def files(folder: Path) -> dict[str, bytes]:
    return {unhashed(path.relative_to(folder).as_posix()): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_entry_file_names_every_language_and_counts_the_pages(built_pages):
    """Every search starts from pagefind-entry.json: it must be whole and name metadata that
    is there."""
    report = search.index(built_pages)
    entry = json.loads((built_pages / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    assert (built_pages / f"pagefind/pagefind.{entry['languages']['en']['hash']}.pf_meta"
            ).stat().st_size
    count = entry["languages"]["en"]["page_count"]
    assert count == len(indexed_pages(built_pages)) and f"Pagefind read {count} pages" in report
    assert not [name for name in search.UNUSED if (built_pages / "pagefind" / name).exists()]


def test_settings_on_the_machine_do_not_change_the_index(built_pages, monkeypatch):
    """Pagefind also reads PAGEFIND_* variables and a pagefind.yml where it starts; the index
    is made from the settings in generator/search.py alone."""
    before = files(built_pages / "pagefind")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "body")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", '[".md-typeset"]')
    (built_pages / "pagefind.yml").write_text("root_selector: header\n")
    monkeypatch.chdir(built_pages)
    search.index(built_pages)
    after = files(built_pages / "pagefind")
    fragments = sorted(name for name in before if name.startswith("fragment/"))
    assert fragments and [before[name] for name in fragments] == [after[name]
                                                                   for name in fragments]


def test_a_half_written_index_is_an_error_line_and_the_last_index_stays(built_pages,
                                                                        monkeypatch):
    """What a busy machine once published: Pagefind's entry file empty. The build stops with
    one line, and the index in place is the one from before."""
    before = files(built_pages / "pagefind")
    run = search._run_pagefind

    def cut_short(site_dir, output, folders):
        run(site_dir, output, folders)
        (output / "pagefind-entry.json").write_bytes(b"")

    monkeypatch.setattr(search, "_run_pagefind", cut_short)
    with pytest.raises(BuildError, match=r"^search: Pagefind's index is incomplete "
                                         r"\(pagefind-entry\.json: "):
        search.index(built_pages)
    assert files(built_pages / "pagefind") == before


def test_pagefind_failing_is_an_error_line(built_pages):
    """No page to read: Pagefind's own complaint, in one line, not a traceback."""
    for page in built_pages.rglob("*.html"):
        page.unlink()
    with pytest.raises(BuildError, match=r"^search: "):
        search.index(built_pages)
