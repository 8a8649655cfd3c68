"""Every bad file in tests/bad/ gets exactly the error lines its first comment lines promise.

A case is one exercise file. Its leading `# expect: LINE:COL: FIELD: MESSAGE` comments are the
exact lines `python -m generator check` must print for it (after the file's path), in order,
followed by the one-line summary. The file is dropped into a copy of the real project, beside
the seed exercises, so cross-file mistakes (an unknown tag, an insight beyond the book) are
checked against the real site_data.yaml. To add a case: write the file, run `check` on it,
read the lines, and put them at the top once they say the right thing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.__main__ import main
from tests.conftest import copy_project

BAD = Path(__file__).parent / "bad"
CASES = sorted(BAD.glob("*.yaml"))
LINE = re.compile(r"^[^:]+:\d+:\d+: [^:]+: .+$")


def expected_lines(case: Path) -> list[str]:
    lines = []
    for raw in case.read_bytes().splitlines():
        if not raw.startswith(b"# expect: "):
            break
        lines.append(raw.decode("utf-8").removeprefix("# expect: "))
    return lines


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad") / "project")


def check(root: Path, capsys) -> tuple[int, list[str], list[str]]:
    capsys.readouterr()
    code = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_the_table_is_not_empty():
    assert len(CASES) >= 50
    for case in CASES:
        assert expected_lines(case), f"{case.name} has no `# expect:` line"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_file_gives_exactly_its_error_lines(root, case, capsys):
    rel = f"content/exercises/{case.name}"
    target = root / rel
    target.write_bytes(case.read_bytes())
    try:
        code, out, err = check(root, capsys)
    finally:
        target.unlink()
    expected = [f"{rel}:{line}" for line in expected_lines(case)]
    count = len(expected)
    assert err == expected + [f"{count} error{'s' if count != 1 else ''} in 1 file"]
    assert code == 1
    assert out == []
    for line in err[:-1]:
        assert LINE.match(line), line


def test_the_project_itself_is_clean(root, capsys):
    code, out, err = check(root, capsys)
    assert (code, err) == (0, [])
    assert len(out) == 1 and out[0].startswith("OK")
