"""Every bad file in tests/bad/ gets exactly the error lines its first comment lines promise.

A case is one exercise file. Its leading `# expect: LINE:COL: FIELD: MESSAGE` comments are the
exact lines `python -m generator check` must print for it (after the file's path), in order,
followed by the one-line summary. The file is dropped into a copy of the real project, beside
the seed exercises, so cross-file mistakes (an unknown tag, an insight beyond the book) are
checked against the real site_data.yaml. To add a case: write the file without the comments,
run `pytest tests/test_errors_table.py --update-golden`, which writes the lines `check` prints
at the top, and read them: they are the expectation from then on.
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


def body(case: Path) -> bytes:
    """The case without its `# expect:` lines."""
    raw = case.read_bytes()
    while raw.startswith(b"# expect: "):
        raw = raw.split(b"\n", 1)[1]
    return raw


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


def run_case(root: Path, case: Path, raw: bytes, capsys) -> tuple[int, list[str], list[str]]:
    rel = f"content/exercises/{case.name}"
    target = root / rel
    target.write_bytes(raw)
    try:
        return check(root, capsys)
    finally:
        target.unlink()


def rewrite_expectations(root: Path, case: Path, capsys) -> None:
    """--update-golden: put the lines `check` prints now at the top of the case. The lines
    shift what follows them, so the case is run once with as many placeholder lines first."""
    prefix = f"content/exercises/{case.name}:"
    count = len(run_case(root, case, body(case), capsys)[2]) - 1
    _, _, err = run_case(root, case, b"# expect: -\n" * count + body(case), capsys)
    header = "".join(f"# expect: {line.removeprefix(prefix)}\n" for line in err[:-1])
    case.write_bytes(header.encode("utf-8") + body(case))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_file_gives_exactly_its_error_lines(root, case, capsys, update_golden):
    if update_golden:
        rewrite_expectations(root, case, capsys)
    assert expected_lines(case), (f"{case.name} has no `# expect:` line; run this test with "
                                  "--update-golden and read what it wrote")
    code, out, err = run_case(root, case, case.read_bytes(), capsys)
    expected = [f"content/exercises/{case.name}:{line}" for line in expected_lines(case)]
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
