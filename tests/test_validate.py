"""Validation against the schema, and `python -m generator check` as a therapist meets it."""

from __future__ import annotations

import re

from generator import reader, schema
from generator.errors import MAX_PER_FILE, Problem
from generator.validate import validate
from tests.conftest import run_generator

LINE = re.compile(r"^[^:]+:\d+:\d+: [^:]+: .+$")
BASE = ("title: A short exercise\nsummary: One paragraph.\ndifficulty: easy\nsteps:\n"
        "  - title: Do one thing.\n    body: Then another.\n")


def check(text: str, model=schema.Exercise):
    doc, problems = reader.read(text.encode("utf-8"), "x.yaml")
    if problems:
        return None, problems
    return validate(doc, model)


def lines(problems: list[Problem]) -> list[str]:
    return [str(p).removeprefix("x.yaml:") for p in problems]


def test_text_that_yaml_would_turn_into_other_things_stays_text():
    exercise, problems = check(BASE.replace("A short exercise", "No") + "subtitle: 1:30\n")
    assert problems == []
    assert exercise.title == "No" and exercise.subtitle == "1:30"


def test_numbers_and_yes_no_are_read_the_way_an_editor_reads_them():
    exercise, _ = check(BASE + "recommended: true\nsource:\n  book: attached\n  insight: 4\n")
    assert exercise.recommended is True and exercise.source.insight == 4
    for value in ("yes", "on", "1", "y"):
        _, problems = check(BASE + f"recommended: {value}\n")
        assert lines(problems) == [f"7:14: recommended: expected true or false, not `{value}`"]
    for value in ("4.0", "4_000", "٤", "1e2", "0x4"):
        _, problems = check(BASE + f"source:\n  book: attached\n  insight: {value}\n")
        assert lines(problems) == [f"9:12: source.insight: expected a whole number, like 4, "
                                   f"not `{value}`"]


def test_a_misspelt_key_suggests_the_nearest_one_and_nothing_else():
    _, problems = check(BASE.replace("summary:", "summery:"))
    assert lines(problems) == ["2:1: summery: unknown key `summery`; did you mean `summary`?"]
    _, problems = check(BASE.replace("    body:", "    boddy:"))
    assert lines(problems) == ["6:5: steps[1].boddy: unknown key `boddy`; did you mean `body`?"]


def test_an_unknown_key_with_no_near_match_lists_the_keys_allowed_there():
    _, problems = check(BASE + "practice_log:\n  columns: [Mood]\n  rows: 3\n")
    assert lines(problems) == ["9:3: practice_log.rows: unknown key `rows`; the keys allowed "
                               "here are: days, columns"]


def test_wrong_shapes_say_what_was_expected():
    _, problems = check(BASE + "tags: couples\nprinciples:\n  a: b\n")
    assert lines(problems) == [
        "7:7: tags: expected a list here (one item per line, each starting with '- '), not "
        "the text `couples`",
        "9:3: principles: expected a list here (one item per line, each starting with '- '), "
        "not `key: value` lines",
    ]
    _, problems = check(BASE.replace("title: A short exercise", "title:\n  - A\n  - B"))
    assert lines(problems) == ["2:3: title: expected text here, not a list"]
    _, problems = check(BASE + "source: attached\n")
    assert lines(problems) == ["7:9: source: expected `key: value` lines here, not the text "
                               "`attached`"]


def test_empty_values_and_missing_keys():
    _, problems = check(BASE.replace("summary: One paragraph.", "summary:   ") + "tips: []\n")
    assert lines(problems) == ["2:9: summary: is empty; write a value after the ':' (or "
                               "remove the key)"]
    _, problems = check(BASE.replace("    body: Then another.\n", ""))
    assert lines(problems) == ["5:5: steps[1].body: `body` is required here; add `body:` with "
                               "a value"]


def test_one_line_fields_refuse_line_breaks_but_folded_text_is_one_line():
    exercise, problems = check(BASE.replace("title: A short exercise",
                                            "title: >-\n  A short\n  exercise"))
    assert problems == [] and exercise.title == "A short exercise"
    _, problems = check(BASE + "tips:\n  - |\n    one\n    two\n")
    assert lines(problems) == ["8:5: tips[1]: must be one line; remove the line break (use `>-` "
                               "or join the lines)"]


def test_absurd_lengths_are_refused_with_the_limit():
    _, problems = check(BASE.replace("One paragraph.", "word " * 3000))
    assert lines(problems) == ["2:10: summary: is 14999 characters long; the limit is 12000"]
    _, problems = check(BASE + "tips: [" + ", ".join(["Tip"] * 21) + "]\n")
    assert lines(problems) == ["7:7: tips: has too many items; the limit is 20"]


def test_hostile_keys_and_values_still_give_one_clean_line_each():
    text = BASE + ('"a: b\\nc": 1\n'
                   '"' + "k" * 500 + '": 2\n'
                   'practice_log:\n  days: "1\\n2: 3"\n  columns: [x]\n')
    _, problems = check(text)
    assert len(problems) == 3
    for problem in problems:
        printed = str(problem)
        assert LINE.match(printed) and len(printed.splitlines()) == 1, printed
        assert len(printed) < 400


def test_site_data_mistakes_are_located_too():
    text = ("name: Site\ndescription: About it.\nurl: example.org\nrepo_url: https://x.org/r\n"
            "safety_notice: Take care.\nbooks:\n  - id: b\n    title: B\n    authors: [A]\n"
            "    insights: lots\ndifficulties: []\ntags:\n  - id: t\n    label: T\n"
            "    descripton: d\n")
    _, problems = check(text, schema.SiteData)
    assert lines(problems) == [
        "3:6: url: must be a full web address starting with https://, with no spaces, quotes "
        "or < >; this one ends in '/'",
        "10:15: books[1].insights: expected a whole number, like 4, not `lots`",
        "11:15: difficulties: needs at least one item",
        "15:5: tags[1].descripton: unknown key `descripton`; did you mean `description`?",
    ]


def test_every_field_has_a_description_and_an_example():
    for model in (schema.Exercise, schema.Step, schema.Example, schema.PracticeLog,
                  schema.Source, schema.SiteData, schema.Book, schema.Choice):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"
            assert info.examples, f"{model.__name__}.{name}"


def test_check_prints_each_error_then_a_summary_and_exits_1(project):
    path = project / "content/exercises/secure-base-strategy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\ndifficulty: " in text and "\nrecommended: false\n" in text
    text = text.replace("\nrecommended: false\n", "\nrecommended: yes\n", 1)
    text = text.replace("\ndifficulty: ", "\ndificulty: ", 1)
    path.write_text(text, encoding="utf-8")
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert errors[-1] == "2 errors in 1 file"
    assert [line.split(": ", 2)[1:] for line in errors[:-1]] == [
        ["dificulty", "unknown key `dificulty`; did you mean `difficulty`?"],
        ["recommended", "expected true or false, not `yes`"],
    ]
    for line in errors[:-1]:
        assert LINE.match(line), line
        assert line.startswith("content/exercises/secure-base-strategy.yaml:")


def test_errors_in_several_files_are_all_reported(project):
    (project / "content/exercises/one.yaml").write_text("title: [\n", encoding="utf-8")
    (project / "content/exercises/two.yaml").write_text("title: A\ntitle: B\n", encoding="utf-8")
    result = run_generator(project, "check")
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors[-1].endswith("errors in 2 files")
    assert {line.split(":")[0] for line in errors[:-1]} == {"content/exercises/one.yaml",
                                                           "content/exercises/two.yaml"}


def test_check_succeeds_with_exit_0_and_one_line(project):
    result = run_generator(project, "check")
    assert result.returncode == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


def test_web_addresses_cannot_break_out_of_an_html_attribute():
    base = ("name: Site\ndescription: About it.\nsafety_notice: Take care.\nbooks:\n  - id: b\n"
            "    title: B\n    authors: [A]\n    insights: 3\ndifficulties:\n  - id: easy\n"
            "    label: Easy\n    description: Easy.\n")
    data, problems = check(base + "url: https://x.org/a/\nrepo_url: https://x.org/r\n",
                           schema.SiteData)
    assert problems == [] and data.url == "https://x.org/a/"
    for url, repo in [('https://x.org/"><script>alert(1)</script>/', "https://x.org/r"),
                      ("https://x.org/a/", "https://x.org/r' onmouseover='alert(1)"),
                      ("https://x.org/a b/", "https://x.org/r/")]:
        _, problems = check(base + f"url: {url}\nrepo_url: {repo}\n", schema.SiteData)
        assert problems and all(p.field in ("url", "repo_url") for p in problems), problems


def test_huge_numbers_are_an_error_not_a_crash():
    for value in ("1234567890123", "9" * 6000):
        _, problems = check(BASE + f"source:\n  book: attached\n  insight: {value}\n")
        assert len(problems) == 1 and problems[0].field == "source.insight"
        assert "is far too large; write a small whole number" in problems[0].message


def test_a_list_item_with_a_colon_explains_the_quotes():
    _, problems = check(BASE + "tips:\n  - Remember: breathe first\n")
    assert lines(problems) == ["8:5: tips[1]: expected text here, but the ': ' in it made it a "
                               "`key: value` line; put text that contains ': ' in quotes"]


def test_markdown_that_would_crash_or_crawl_the_renderer_is_a_located_error():
    _, problems = check(BASE.replace("One paragraph.", "'" + "- " * 3000 + "'"))
    assert [(p.line, p.column, p.field) for p in problems] == [(2, 10, "summary")]
    assert "nested more than" in problems[0].message
    _, problems = check(BASE.replace("Then another.", "'" + "[" * 5000 + "'"))
    assert [(p.line, p.column, p.field) for p in problems] == [(6, 11, "steps[1].body")]


def test_a_file_with_thousands_of_mistakes_prints_fifty_and_a_count():
    _, problems = check("".join(f"key{i}: value\n" for i in range(3000)))
    assert len(problems) == MAX_PER_FILE + 1
    assert str(problems[-1]) == (f"x.yaml:{MAX_PER_FILE - 3}:1: (file): and "
                                 f"{3000 + 4 - MAX_PER_FILE} more mistakes in this file; fix "
                                 "these first, then check again")
    _, problems = check("".join(f"key{i}: !tag value\n" for i in range(3000)))
    assert len(problems) == MAX_PER_FILE + 1 and "2950 more mistakes" in problems[-1].message
