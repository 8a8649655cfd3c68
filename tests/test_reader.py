"""The reader: YAML bytes -> the text the author typed, with positions, or located problems."""

from __future__ import annotations

import yaml

from generator import reader


def read(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return reader.read(raw, "x.yaml")


def lines(problems) -> list[str]:
    return [str(p).removeprefix("x.yaml:") for p in problems]


def test_the_c_parser_is_on_the_hot_path():
    assert reader._Loader is yaml.CSafeLoader


def test_values_stay_the_text_typed():
    doc, problems = read("a: no\nb: 1:30\nc: 0x10\nd: 4\ne: ~\nf:\ng: ''\nh: 'null'\n"
                         "i: 2024-01-01\n")
    assert problems == []
    assert doc.data == {"a": "no", "b": "1:30", "c": "0x10", "d": "4", "e": None, "f": None,
                        "g": "", "h": "null", "i": "2024-01-01"}


def test_keys_and_values_have_their_line_and_column():
    doc, _ = read("title: T\nsteps:\n  - title: A\n    body: |\n      B\n")
    assert doc.keys[("steps", 0, "body")] == (4, 5)
    assert doc.values[("steps", 0, "body")] == (4, 11)
    assert doc.values[("title",)] == (1, 8)
    assert doc.where(("steps", 0, "missing")) == (3, 5)
    assert doc.where(("steps", 0, "body"), key=True) == (4, 5)


def test_a_byte_order_mark_at_the_start_is_fine():
    doc, problems = read("\ufefftitle: T\n")
    assert problems == [] and doc.data == {"title": "T"}


def test_windows_line_endings_keep_the_positions():
    doc, problems = read("title: T\r\nsummary: S\r\n")
    assert problems == [] and doc.values[("summary",)] == (2, 10)


def test_duplicate_keys_name_both_lines_and_keep_the_first():
    doc, problems = read("title: A\nsource:\n  book: x\n  book: y\ntitle: B\n")
    assert lines(problems) == [
        "4:3: source.book: `book` appears twice, on line 3 and line 4; keep one and delete the "
        "other",
        "5:1: title: `title` appears twice, on line 1 and line 5; keep one and delete the other",
    ]
    assert doc.data["title"] == "A"


def test_keys_that_are_not_words():
    _, problems = read("? [a, b]\n: c\n{x: 1}: d\n")
    assert [str(p).split(": ", 2)[1] for p in problems] == ["(key)", "(key)"]
    _, problems = read('"": x\n')
    assert lines(problems) == ["1:1: (empty key): this key is empty; write the key's name "
                               "before the ':'"]


def test_anchors_and_aliases_are_refused_before_anything_expands():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8))
    assert len(laughs) < 400
    doc, problems = read(laughs)
    assert len(problems) == 51 and problems[-1].message.startswith("and 31 more mistakes")
    assert all("not allowed" in p.message for p in problems[:-1])
    assert len(repr(doc.data)) < 2000


def test_a_file_over_the_size_cap_is_refused_unread():
    doc, problems = read(b"a: " + b"x" * reader.MAX_BYTES + b"\n")
    assert lines(problems) == [f"1:1: (file): the file is {reader.MAX_BYTES // 1024} KB; the "
                               f"limit is {reader.MAX_BYTES // 1024} KB, so split or shorten it"]
    assert doc.data is None


def test_very_deep_nesting_is_one_error_not_a_crash():
    _, problems = read("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(problems) == 1
    assert problems[0].message.startswith(f"nested more than {reader.MAX_DEPTH} levels")


def test_a_second_document_is_refused():
    _, problems = read("---\ntitle: A\n---\ntitle: B\n")
    assert lines(problems) == ["3:1: (file): a second document starts here ('---'); a file "
                               "holds one exercise, so remove the '---' line or split the file"]


def test_bytes_that_are_not_utf8_are_reported_at_their_line():
    _, problems = read("title: T\nsummary: ok\nbody: caf\xe9\n".encode("latin-1"))
    assert lines(problems) == ["3:10: body: byte 0xe9 is not UTF-8 text; save the file with "
                               "the UTF-8 encoding"]


def test_invisible_characters_are_reported_where_they_are():
    for char, name in [("\x1b", "a control character"), ("\u202e", "right-to-left override"),
                       ("\u2066", "left-to-right isolate"), ("\u2028", "line separator"),
                       ("\x85", "a control character")]:
        _, problems = read(f"title: T\nsummary: ab{char}c\n")
        assert [(p.line, p.column, p.field) for p in problems] == [(2, 12, "summary")]
        assert f"U+{ord(char):04X} ({name})" in problems[0].message


def test_emoji_joiners_and_non_latin_text_are_fine():
    text = "title: 👩‍❤️‍👨 Любовь: «بيت» 日本語 עברית\n"
    doc, problems = read(text.replace(": «", " «"))
    assert problems == []
    assert doc.data["title"] == "👩‍❤️‍👨 Любовь «بيت» 日本語 עברית"


def test_a_non_breaking_space_in_the_indentation():
    _, problems = read("steps:\n  - title: A\n \u00a0  body: B\n")
    assert lines(problems) == ["3:2: body: this line is indented with a non-breaking space; "
                               "indent with ordinary spaces"]


def test_text_cut_by_a_comment_is_an_error_but_numbers_and_quotes_are_not():
    _, problems = read("title: Notice it # then note it\nsubtitle: We're #1\n")
    assert [(p.line, p.column, p.field) for p in problems] == [(1, 17, "title"),
                                                               (2, 16, "subtitle")]
    _, problems = read("title: 'Notice it # then'\nrecommended: true  # yes\ninsight: 4 # of 8\n"
                       "subtitle: Step#1\n")
    assert problems == []


def test_yaml_syntax_errors_name_the_nearest_key_and_the_fix():
    cases = {
        "title: T\nsteps:\n  - title: A\n    body: Step one: go\n":
            "4:19: steps[1].body: unexpected ': ' in a value",
        "title: T\nsteps:\n  - title: A\n\tbody: B\n":
            "4:1: body: a tab character is not allowed here; indent with spaces, not tabs",
        "title: T\nsummary: 'open\n":
            "2:10: summary: this quote is never closed",
        "title: T\ntags: [a, b\n":
            "2:7: tags: the '[' here is never closed",
        "title: T\nsummary: *bold* text\n":
            "2:10: summary: a value cannot start with '*'; put text that starts with '*' in "
            "quotes",
        "title: T\nsummary: S\n  more: x\n":
            "3:7: more: unexpected ': ' in a value",
        "title: T\nsummary\n":
            "2:1: summary: this line should be `key: value`",
        "title: T\n...\nsummary: S\n":
            "3:1: summary: text after a '...' line is not read",
    }
    for text, start in cases.items():
        _, problems = read(text)
        assert len(problems) == 1, (text, problems)
        assert lines(problems)[0].startswith(start), (text, lines(problems))


def test_tags_are_named_the_way_they_were_typed():
    _, problems = read("title: !!python/object/apply:os.system [ls]\n")
    assert lines(problems) == ["1:8: title: YAML tags (`!!python/object/apply:os.system`) are "
                               "not allowed; remove the tag and write plain text"]


def test_an_empty_file_or_only_comments_reads_as_nothing():
    for text in ("", "\n\n", "# just a comment\n", "~\n"):
        doc, problems = read(text)
        assert problems == [] and doc.data is None


def test_escapes_in_double_quotes_cannot_smuggle_invisible_characters():
    for escape, code in [("\\u202e", "U+202E"), ("\\0", "U+0000"), ("\\e", "U+001B"),
                         ("\\x85", "U+0085"), ("\\L", "U+2028")]:
        _, problems = read(f'title: T\nsummary: "a{escape}b"\n')
        assert [(p.line, p.column, p.field) for p in problems] == [(2, 10, "summary")]
        assert code in problems[0].message
    doc, problems = read('title: "a\\tb \\u00e9"\n')
    assert problems == [] and doc.data["title"] == "a\tb é"
