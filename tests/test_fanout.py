"""Work spread over processes gives exactly what one process gives, mistakes included."""

import os
from pathlib import Path

import pytest

from bench import synth
from generator import build, catalogue, fanout
from generator.errors import BuildError, ContentError


def _first(shard):
    return list(shard), (os.getpid(), len(shard))


def _second(kept, met, part):
    return os.getpid(), kept, met


def test_each_shard_takes_both_steps_in_one_process_and_the_order_is_kept():
    seen = []
    met, results = fanout.run(fanout.Steps(_first, lambda sent: seen.append(sent) or "met",
                                           _second), list(range(10)), jobs=3)
    assert met == "met"
    assert [item for _, kept, _ in results for item in kept] == list(range(10))
    assert [(pid, len(kept)) for pid, kept, _ in results] == seen[0]  # same process, both steps
    assert results[0][0] == os.getpid()  # this process takes the first shard itself
    assert os.getpid() not in {pid for pid, _, _ in results[1:]}  # children the others
    assert {m for _, _, m in results} == {"met"}


def test_shards_are_equal_and_each_second_step_knows_which_part_it_is():
    met, results = fanout.run(fanout.Steps(_first, lambda sent: "met",
                                           lambda kept, met, part: (len(kept), part)),
                              list(range(1000)), jobs=3)
    assert results == [(333, (0, 3)), (334, (1, 3)), (333, (2, 3))]
    _, alone = fanout.run(fanout.Steps(_first, lambda sent: "met",
                                       lambda kept, met, part: (len(kept), part)),
                          list(range(1000)), jobs=1)
    assert alone == [(1000, (0, 1))]


def _fails_on_seven(shard):
    if 7 in shard:
        raise RuntimeError("seven")
    return list(shard), None


def test_a_failure_in_a_child_is_raised_here():
    with pytest.raises(RuntimeError, match="seven"):
        fanout.run(fanout.Steps(_fails_on_seven, list, _second), list(range(10)), jobs=2)


def test_when_the_meeting_fails_no_second_step_runs_anywhere(tmp_path: Path):
    def second(kept, met, part):
        (tmp_path / str(os.getpid())).touch()

    def meet(sent):
        raise ContentError([])

    with pytest.raises(ContentError):
        fanout.run(fanout.Steps(_first, meet, second), list(range(10)), jobs=3)
    assert list(tmp_path.iterdir()) == []


def test_small_catalogues_stay_in_one_process():
    assert fanout.jobs_for(10) == 1
    assert fanout.jobs_for(100_000) == len(os.sched_getaffinity(0))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return synth.make_project(tmp_path_factory.mktemp("fanout") / "project", 24)


def test_a_parallel_build_writes_the_same_files_as_one_process(synthetic: Path, tmp_path: Path):
    one, two = (synth.copy_project(tmp_path / name) for name in ("one", "two"))
    for copy in (one, two):
        (copy / synth.EXERCISES).mkdir(parents=True, exist_ok=True)
        for path in (synthetic / synth.EXERCISES).iterdir():
            (copy / synth.EXERCISES / path.name).write_bytes(path.read_bytes())
        for path in (copy / synth.EXERCISES).iterdir():
            if not path.name.startswith(synth.slug(0)[:-4]):
                path.unlink()  # the seeds: the synthetic exercises stand alone
    build.generate(one, jobs=1)
    report = build.generate(two, jobs=2)
    files = {p.relative_to(one / build.DOCS): p.read_bytes()
             for p in (one / build.DOCS).rglob("*") if p.is_file()}
    assert files == {p.relative_to(two / build.DOCS): p.read_bytes()
                     for p in (two / build.DOCS).rglob("*") if p.is_file()}
    assert len(report.written) == len(files) == 2 * 24 + 5 + 2  # pages, indexes, about, guide
    assert not (two / "build" / "docs.new").exists()


def test_mistakes_found_in_children_are_all_reported(synthetic: Path, tmp_path: Path):
    project = synth.copy_project(tmp_path / "project")
    folder = project / synth.EXERCISES
    for path in (synthetic / synth.EXERCISES).iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    first, last = folder / f"{synth.slug(0)}.yaml", folder / f"{synth.slug(23)}.yaml"
    first.write_text(first.read_text().replace("difficulty:", "dificulty:"))
    last.write_text(last.read_text().replace("related:\n- bench-exercise-",
                                             "related:\n- bench-exercize-", 1))
    errors = []
    for jobs in (1, 2):
        with pytest.raises(ContentError) as caught:
            build.generate(project, jobs=jobs)
        errors.append([str(p) for p in caught.value.problems])
    with pytest.raises(ContentError) as caught:
        catalogue.load(project)
    assert errors[0] == errors[1] == [str(p) for p in caught.value.problems]
    assert not (project / "build" / "docs").exists()
    assert any(line.startswith(f"content/exercises/{synth.slug(0)}.yaml:") and
               "did you mean `difficulty`" in line for line in errors[1])
    assert any(line.startswith(f"content/exercises/{synth.slug(23)}.yaml:") and
               "unknown exercise `bench-exercize-" in line for line in errors[1])


def _dies_on_seven(shard):
    if 7 in shard:
        os._exit(3)  # as a child killed by the system would vanish
    return list(shard), None


@pytest.mark.parametrize("step", ["first", "second"])
def test_a_child_that_dies_fails_the_build_instead_of_hanging_it(step):
    steps = (fanout.Steps(_dies_on_seven, list, _second) if step == "first" else
             fanout.Steps(_first, list, lambda kept, met, part: _dies_on_seven(kept)))
    with pytest.raises(BuildError, match="stopped without a word"):
        fanout.run(steps, list(range(10)), jobs=2)


def test_the_cli_spreads_a_large_catalogue_and_still_reports_one_line_per_mistake(tmp_path):
    from tests.conftest import run_generator

    count = 2 * fanout.PER_JOB + 20
    project = synth.make_project(tmp_path / "large", count)
    broken = project / synth.EXERCISES / f"{synth.slug(count - 1)}.yaml"
    broken.write_text(broken.read_text().replace("\ndifficulty:", "\ndificulty:"))
    result = run_generator(project, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/exercises/{synth.slug(count - 1)}.yaml:9:1: dificulty: unknown key "
        "`dificulty`; did you mean `difficulty`?", "1 error in 1 file"]
    assert not (project / "build" / "docs").exists()
    broken.write_text(broken.read_text().replace("\ndificulty:", "\ndifficulty:"))
    result = run_generator(project, "build", check=True)
    assert f"{2 * count + 5 + 2} written" in result.stdout
