"""`check --github`: every error line of every bad file becomes one escaped `::error` command.

GitHub reads a workflow command up to the end of its line, ends a property at ',' and splits
the command from its message at '::'; a value carrying a line break, a ',' or a ':' unescaped
would cut an annotation short or move it to another file. Each case of tests/bad/ is dropped
into a copy of the project, checked with `--github`, and each command is decoded back and
compared with the plain error line printed beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main
from generator.annotations import annotation, escape_data, escape_property, summary
from generator.errors import Problem
from tests.conftest import ROOT, copy_project
from tests.test_errors_table import CASES

COMMAND = re.compile(r"^::error file=([^,:\r\n]*),line=(\d+),col=(\d+),title=([^,:\r\n]*)::"
                     r"([^\r\n]*)$")


def unescape(text: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def plain(path: str, line: str, col: str, field: str, message: str) -> str:
    """The `path:line:col: field: message` line the same problem prints (errors.Problem)."""
    return str(Problem(path, int(line), int(col), field, message))


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("github") / "project")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_error_line_is_one_escaped_annotation(root, case, capsys, tmp_path, monkeypatch):
    job_summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(job_summary))
    target = root / "content" / "exercises" / case.name
    target.write_bytes(case.read_bytes())
    try:
        capsys.readouterr()
        code = main(["--root", str(root), "check", "--github"])
        out, err = capsys.readouterr()
    finally:
        target.unlink()
    errors = err.splitlines()[:-1]
    commands = out.splitlines()
    assert code == 1
    assert errors and len(commands) == len(errors)
    for command, error in zip(commands, errors, strict=True):
        found = COMMAND.match(command)
        assert found, command
        assert plain(*(unescape(part) for part in found.groups())) == error
    written = job_summary.read_text(encoding="utf-8")
    assert written.startswith(f"### Content check: {err.splitlines()[-1]}\n")
    assert written.count(f"| content/exercises/{case.name} |") == len(errors)


def test_the_characters_github_reads_are_escaped():
    problem = Problem("content/exercises/a,b:c.yaml", 3, 7, "steps[0].body",
                      "100% wrong\r\nsecond line, with: colon")
    assert annotation(problem) == (
        "::error file=content/exercises/a%2Cb%3Ac.yaml,line=3,col=7,title=steps[0].body::"
        "100%25 wrong%0D%0Asecond line, with: colon")
    assert escape_property("50%,a:b\n") == "50%25%2Ca%3Ab%0A"
    assert escape_data("50%,a:b\n") == "50%25,a:b%0A"


def test_a_clean_project_annotates_nothing_and_says_so(root, capsys, tmp_path, monkeypatch):
    job_summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(job_summary))
    capsys.readouterr()
    assert main(["--root", str(root), "check", "--github"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and not any(line.startswith("::") for line in out.splitlines())
    assert job_summary.read_text(encoding="utf-8").startswith("### Content check: no mistakes")


def test_a_table_cell_cannot_break_the_summary():
    text = summary([Problem("a.yaml", 1, 1, "title", "a | b <script>\nc")], "1 error in 1 file")
    assert text.splitlines()[-1] == "| a.yaml | 1 | 1 | title | a \\| b &lt;script&gt; c |"


def test_the_pages_workflow_annotates_pull_requests():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    checks = [run for run in runs if re.search(r"make\s+check", run)]
    assert checks and all("--github" in run for run in checks)
