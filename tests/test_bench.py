"""`make bench` works and measures what it claims; no timings are asserted here.

The behaviour the targets rest on is tested where it lives: a no-change build writes nothing
(test_site.py) and an unchanged worksheet's PDF is not rendered again (test_pdf.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import measure, synth
from generator.schema import Exercise
from tests.conftest import ROOT, run_generator


def test_a_synthetic_exercise_uses_every_key_at_a_realistic_length():
    data = yaml.safe_load((ROOT / "site_data.yaml").read_text(encoding="utf-8"))
    exercise = synth.exercise(3, 50, data)
    assert set(exercise) == set(Exercise.model_fields)
    assert 850 <= synth.words(exercise) <= 1000
    assert (len(exercise["steps"]), len(exercise["principles"]),
            len(exercise["reflection_questions"])) == (4, 5, 4)
    assert exercise["practice_log"]["columns"] and exercise["related"]


def test_synthetic_projects_pass_the_real_check(tmp_path: Path):
    project = synth.make_project(tmp_path / "project", 12)
    assert len(list((project / synth.EXERCISES).glob("*.yaml"))) == 12
    result = run_generator(project, "check", check=True)
    assert "12 exercises" in result.stdout


def test_the_written_file_count_sees_a_rewrite(tmp_path: Path):
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    before = measure.snapshot(tmp_path)
    assert measure.changed(before, measure.snapshot(tmp_path)) == 0
    (tmp_path / "new.tmp").write_text("a")
    os.replace(tmp_path / "new.tmp", tmp_path / "a.md")  # same text, written again
    (tmp_path / "b.md").unlink()
    assert measure.changed(before, measure.snapshot(tmp_path)) == 2


@pytest.mark.slow  # 2-3 minutes of real builds: `make test-slow`, run by CI
def test_a_small_bench_run_writes_its_table(tmp_path: Path):
    out = tmp_path / "results.md"
    committed = (ROOT / "bench" / "results.md")
    before = committed.read_bytes() if committed.exists() else None
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "20", "--runs", "1", "--variants-size", "20",
         "--preview-size", "20", "--preview-edits", "1", "--reader-runs", "1",
         "--out", str(out),
         "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    assert text == result.stdout
    row = next(line for line in text.splitlines() if line.startswith("| 20 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) > 10 and "–" not in cells  # every figure measured at N=20
    for heading in ("## Figures", "## Targets", "## Where MkDocs' time goes", "hot spots",
                    "## Reader"):
        assert heading in text
    for target in ("against the floor", "5% of the MkDocs build", "no-change run writes no file",
                   "0.3 s per worksheet", "live preview", "a translated exercise",
                   "peak memory", "a content-only change built as the workflow builds it"):
        assert target in text
    assert "Python 3." in text and "mkdocs-material" in text and "Working folder: " in text
    assert re.search(r"Host speed: .* took \d+\.\d\d s at the start and \d+\.\d\d s "
                     r"at the end", text)
    assert (committed.read_bytes() if committed.exists() else None) == before
