"""The writer: only changed files are rewritten, stale ones removed, nothing outside the folder."""

from pathlib import Path

import pytest

from generator import writer


def test_writes_then_leaves_unchanged_files_alone(tmp_path: Path):
    out = tmp_path / "docs"
    first = writer.write_tree(out, {"a.md": "A", "sub/b.md": "B"})
    assert sorted(first.written) == ["a.md", "sub/b.md"]
    stamp = (out / "a.md").stat().st_mtime_ns
    second = writer.write_tree(out, {"a.md": "A", "sub/b.md": "B2"})
    assert second.written == ["sub/b.md"] and second.unchanged == 1
    assert (out / "a.md").stat().st_mtime_ns == stamp
    assert (out / "sub/b.md").read_text() == "B2"


def test_removes_files_and_folders_no_page_claims(tmp_path: Path):
    out = tmp_path / "docs"
    writer.write_tree(out, {"a.md": "A", "old/gone.md": "G"})
    report = writer.write_tree(out, {"a.md": "A"})
    assert report.removed == ["old/gone.md"]
    assert not (out / "old").exists()
    assert sorted(p.name for p in out.iterdir()) == ["a.md"]


def test_leaves_no_temporary_files(tmp_path: Path):
    out = tmp_path / "docs"
    writer.write_tree(out, {f"p{i}.md": str(i) for i in range(20)})
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\b.md", ""])
def test_refuses_paths_outside_the_folder(tmp_path: Path, bad):
    with pytest.raises(ValueError):
        writer.write_tree(tmp_path / "docs", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()
