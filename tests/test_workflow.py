"""The Site workflow (.github/workflows/pages.yml), read as data: which steps each path runs,
that only main deploys, that every action is pinned by commit, that the PDF cache's key names
what changes a PDF, and that a content mistake on the short path still fails the check."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import changes, editor_vendor, pdf
from tests.conftest import ROOT, copy_project

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
FULL_ONLY = "steps.changes.outputs.path == 'full'"
MAIN_ONLY = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
# What a PDF is made from besides the content: each must be in the PDF cache key's first part.
PDF_INPUTS = ("generator/templates/**", "overrides/**", "generator/pdf.py", "requirements.lock",
              "generator/*.lock.json")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return workflow["jobs"]["build"]["steps"]


def runs_on(path: str, workflow: dict) -> list[str]:
    """The commands of the build job that run for a pull request taking `path`."""
    taken = []
    for step in steps(workflow):
        condition = step.get("if", "")
        if condition == FULL_ONLY and path != "full" or "pull_request" in condition:
            continue
        assert condition in ("", FULL_ONLY), f"a condition this test does not know: {condition}"
        taken.append(step.get("run", step.get("uses", "")).strip())
    return taken


def test_one_required_check_that_always_reports(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert all(not (spec or {}).get(key) for spec in triggers.values()
               for key in ("paths", "paths-ignore"))
    assert workflow["jobs"]["build"]["name"] == "build"
    assert "if" not in workflow["jobs"]["build"]


def test_a_content_change_skips_the_tests_and_a_generator_change_runs_them(workflow):
    content = runs_on(changes.path_for(["content/exercises/secure-base-strategy.yaml"]),
                      workflow)
    full = runs_on(changes.path_for(["generator/render.py", "content/home.md"]), workflow)
    assert "make check CHECK_ARGS=--github" in content and "make site" in content
    assert "make test" not in content and "make test-slow" not in content
    assert "make test" in full and "make test-slow" in full
    assert full.index("make check CHECK_ARGS=--github") < full.index("make test") \
        < full.index("make site")
    assert set(content) < set(full)


def test_the_logic_is_in_make_targets(workflow):
    for step in steps(workflow):
        command = step.get("run", "")
        if command and "apt-get" not in command:
            assert command.startswith("make "), command


def test_only_main_deploys_and_only_after_every_step(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == MAIN_ONLY
    publishing = [s for s in steps(workflow) if "pages" in s.get("uses", "")]
    assert len(publishing) == 2 and all(s["if"] == MAIN_ONLY for s in publishing)
    assert steps(workflow)[-2:] == publishing  # after the check, the tests and the build
    assert all("continue-on-error" not in s and "always()" not in s.get("if", "")
               for s in steps(workflow))
    assert workflow["permissions"] == {"contents": "read"}


def test_every_action_is_pinned_by_commit_with_its_version_beside_it():
    uses = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines()
            if re.match(r"\s*(- )?uses:", line)]
    assert len(uses) >= 6
    for line in uses:
        assert re.fullmatch(r"\s*(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), \
            line


def cache_step(workflow: dict, path: str) -> dict:
    return next(s for s in steps(workflow) if s.get("with", {}).get("path") == path)


def test_the_pdf_cache_key_names_what_changes_a_pdf(workflow):
    step = cache_step(workflow, pdf.CACHE.as_posix())
    key, restore = step["with"]["key"], step["with"]["restore-keys"].strip()
    inputs, content = key.rsplit("-", 1)[0] + "-", key.rsplit("-", 1)[1]
    assert restore == inputs  # a content change reuses every other worksheet's PDF
    for name in PDF_INPUTS:
        assert f"'{name}'" in inputs, name
        assert any(ROOT.glob(name)), f"{name} matches no file: hashFiles would ignore it"
    assert "runner.os" in inputs and "python-version" in inputs
    # The rest a page is made from: an exact hit, which saves nothing, means nothing changed.
    assert all(f"'{name}'" in content for name in ("content/**", "site_data.yaml", "generator/**"))
    assert step["uses"] == next(s["uses"] for s in steps(workflow)
                                if s.get("with", {}).get("path", "").endswith("npm"))


def test_the_editor_cache_is_where_the_editor_is_installed(workflow):
    installed = editor_vendor.store().relative_to(sys.prefix).as_posix()
    step = cache_step(workflow, f".venv/{installed}")
    assert step["with"]["key"] == "npm-${{ hashFiles('generator/*.lock.json') }}"


def test_a_content_mistake_on_the_short_path_fails_the_check(tmp_path: Path):
    """The check step's own command, on a project with one bad exercise: it fails (so no
    later step runs, the deploy included) and annotates the file."""
    project = copy_project(tmp_path / "project")
    bad = ROOT / "tests" / "bad" / "days-out-of-range.yaml"
    shutil.copyfile(bad, project / "content" / "exercises" / bad.name)
    assert changes.path_for([f"content/exercises/{bad.name}"]) == "content"
    venv = Path(sys.prefix)
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "check",
         "CHECK_ARGS=--github", f"VENV={venv}", "-o", f"{venv}/.installed"],
        cwd=project, env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert f"::error file=content/exercises/{bad.name},line=" in result.stdout
    assert f"content/exercises/{bad.name}:" in result.stderr
    assert bad.name in summary.read_text(encoding="utf-8")
    assert not (project / "site").exists()


def test_nothing_can_deploy_after_a_failed_step(workflow):
    for name, job in workflow["jobs"].items():
        assert "continue-on-error" not in job, name
        for step in job["steps"]:
            assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", step.get("if", ""))
            assert step.get("shell", "bash") == "bash", (name, step)  # bash -e: stops on errors
            for line in step.get("run", "").splitlines():
                if re.search(r"\bmake\s", line):
                    assert not re.search(r"\|\||;|&\s*$", line), line  # no `make x || true`


def test_the_deploy_job_has_only_the_rights_it_needs(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_the_full_path_installs_what_the_tests_use_and_no_fonts(workflow):
    install = next(s["run"] for s in steps(workflow) if "apt-get install" in s.get("run", ""))
    for package in ("poppler-utils", "libpango-1.0-0", "libpangoft2-1.0-0", "chromium"):
        assert package in install
    assert "fonts-noto" not in install, "the PDFs' fonts are pinned (generator/editor.lock.json)"
    assert "CHROMIUM_PATH" in install  # the browser fixture then finds the browser, or CI fails
