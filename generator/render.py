"""Stage 4: the Site -> Markdown text for every page, keyed by its path under the docs folder.

One Jinja template per page kind, named after it, with StrictUndefined. Author text only ever
enters a template as data, through the `text` filter (one line, escaped for Markdown and HTML)
or the `md` filter (a Markdown field rendered by `markup`); autoescape covers every other spot.
Front matter values are written by an encoder (`yaml_value`, through the `yaml_html` filter),
never by string formatting; only its constant lines are typed in the templates.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False) of one str, in C
from pathlib import Path

from markupsafe import Markup

from . import markup, templating
from .catalogue import PAGES_DIR, Entry, Site
from .errors import ContentError, Problem

TEMPLATES = Path(__file__).parent / "templates"


def _environment() -> templating.Environment:
    env = templating.environment(TEMPLATES)
    env.filters["text"] = _text
    env.filters["md"] = lambda value: Markup(markup.to_html(value))
    env.filters["yaml_html"] = _yaml_html
    env.filters["numbered"] = lambda values: list(enumerate(values, 1))  # no loop object
    return env


@lru_cache(maxsize=65536)  # titles and labels recur on every browse page
def _text(value: str) -> Markup:
    return Markup(markup.escape_text(value))


def _yaml_html(value: str) -> Markup:
    """A front matter `title` or `description`: the text as HTML (markup.front_matter_text),
    written as one YAML string."""
    return Markup(yaml_value(markup.front_matter_text(value)))


# What a YAML double-quoted scalar may not hold as it is: the characters YAML calls
# non-printable, and the ones it reads as line breaks (which would fold the line). Listed,
# rather than written as "not the printable ones" (which took 15 ms to compile on every run).
_YAML_RAW_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                              "\ufffe\uffff]")


def yaml_value(value: object) -> str:
    """`value` (strings, numbers, booleans, lists and dicts of them) as one line of YAML.

    JSON is YAML's flow style, and json's escapes (`\\"`, `\\\\`, `\\n`, `\\uXXXX`) are
    YAML's too; the characters YAML refuses raw are escaped as well. Much cheaper than
    PyYAML's emitter (whose representer is Python), which cost 4% of a cold build.
    """
    text = encode_basestring(value) if type(value) is str else json.dumps(value,
                                                                        ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_env = _environment()


def follow_template_edits() -> None:
    """For the live preview: a template saved while it runs is read again at its next use."""
    _env.auto_reload = True


def render(site: Site, memo: dict | None = None) -> dict[str, str]:
    """Every page of the site: `{path under docs/: text}`; two sources never share a path.

    With `memo` (kept by the live preview between saves, together with the catalogue's), an
    exercise's page and worksheet are rendered again only when the template, site_data.yaml,
    the exercise or one of its related exercises is a different object than last time.
    """
    check_paths(site)
    pages = {**site_pages(site), **exercise_pages(site, site.exercises, memo)}
    if memo is not None:
        for stale in set(memo) - set(pages):
            del memo[stale]
    return pages


def page_paths(site: Site) -> set[str]:
    """The path of every page `render` makes for `site`."""
    return _generated_paths(site) | set(site.pages)


def _generated_paths(site: Site) -> set[str]:
    paths = {path for kind, path in INDEXES}
    paths.update(f"{folder}/{entry.slug}.md" for entry in site.exercises
                 for _, folder in PER_EXERCISE)
    return paths | ({"CNAME"} if site.data.cname else set())


def check_paths(site: Site) -> None:
    """A hand-written page may not take the path of a generated one; checked before any
    page is rendered or written."""
    clashes = sorted(set(site.pages) & _generated_paths(site))
    if clashes:
        raise ContentError([Problem(f"{PAGES_DIR.as_posix()}/{rel}", 1, 1, "(file name)",
                                    "has the same path as a page the generator writes; rename "
                                    "it") for rel in clashes])


def site_pages(site: Site, part: tuple[int, int] = (0, 1)) -> dict[str, str]:
    """The pages made from the whole catalogue, the hand-written pages and the CNAME file.

    With `part` (number, count), only that part of them: a parallel build's processes each
    make one, so that they finish together (at 1000 exercises the index pages cost as much
    as 150 exercises' own pages)."""
    number, count = part
    pages: dict[str, str] = {}
    if number == 0:  # the hand-written pages and the CNAME file go with the first part
        pages.update(site.pages)
        if site.data.cname:
            pages["CNAME"] = f"{site.data.cname}\n"
    indexes = _dealt(site, count)[number]
    if not indexes:
        return pages
    context = _context(site)
    context["item"] = _lister(context)
    context.update(_groups(site))
    for kind, path in indexes:
        pages[path] = _env.get_template(f"{kind}.md.j2").render(context)
    return pages


def _dealt(site: Site, count: int) -> list[list[tuple[str, str]]]:
    """INDEXES dealt out into `count` parts of about the same weight (a page weighs the
    number of exercise lines it lists): heaviest first, each to the lightest part so far."""
    listed = len(site.exercises)
    weights = {"home": min(listed, HOME_CARDS),
               "browse_tags": sum(len(entry.exercise.tags) for entry in site.exercises)}
    parts: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    loads = [0] * count
    for kind, path in sorted(INDEXES, key=lambda page: -weights.get(page[0], listed)):
        lightest = loads.index(min(loads))
        parts[lightest].append((kind, path))
        loads[lightest] += weights.get(kind, listed)
    return parts


def _groups(site: Site) -> dict[str, dict | list]:
    """The exercises by theme, difficulty and book (each list in the catalogue's order), and
    those citing no book: one pass here instead of a filter over every exercise for each
    theme, level and book in the templates."""
    by_tag: dict[str, list[Entry]] = {tag.id: [] for tag in site.data.tags}
    by_difficulty: dict[str, list[Entry]] = {level.id: [] for level in site.data.difficulties}
    by_book: dict[str, list[Entry]] = {book.id: [] for book in site.data.books}
    uncited: list[Entry] = []
    for entry in site.exercises:
        ex = entry.exercise
        for tag in ex.tags:
            by_tag[tag].append(entry)
        by_difficulty[ex.difficulty].append(entry)
        (by_book[ex.source.book] if ex.source else uncited).append(entry)
    return {"by_tag": by_tag, "by_difficulty": by_difficulty, "by_book": by_book,
            "uncited": uncited}


def _lister(context: dict):
    """`item(entry, prefix)` for the index pages: the `item` macro of _list.md.j2, made once
    per exercise and reused, since an exercise is listed on every browse page and under each
    of its themes (calling the macro each time was half the cost of those pages). The books
    page writes an exercise's insight before it, not into it, so it reuses the same line."""
    macro = _env.get_template("_list.md.j2").make_module({"describe": context["describe"]}).item
    made: dict[tuple, Markup] = {}

    def item(entry: Entry, prefix: str) -> Markup:
        key = (entry.slug, prefix)
        if key not in made:
            made[key] = macro(entry, prefix)
        return made[key]

    return item


def exercise_pages(site: Site, entries, memo: dict | None = None) -> dict[str, str]:
    """The page and the worksheet of each of `entries` (part of `site.exercises`)."""
    context = _context(site)
    describe = context["describe"]
    pages: dict[str, str] = {}
    templates = {kind: _env.get_template(f"{kind}.md.j2") for kind, _ in PER_EXERCISE}
    for entry in entries:
        info = describe(entry)
        for kind, folder in PER_EXERCISE:
            template = templates[kind]
            path = f"{folder}/{entry.slug}.md"
            inputs = (template, site.data, entry.exercise,
                      *(other.exercise for other in info["related"]))
            cached = memo.get(path) if memo is not None else None
            if cached is not None and len(cached[0]) == len(inputs) \
                    and all(a is b for a, b in zip(cached[0], inputs)):
                pages[path] = cached[1]
                continue
            pages[path] = template.render(context, entry=entry, ex=entry.exercise, **info)
            if memo is not None:
                memo[path] = (inputs, pages[path])
    return pages


def _context(site: Site) -> dict:
    described: dict[str, dict] = {}

    def describe(entry: Entry) -> dict:
        if entry.slug not in described:
            described[entry.slug] = _describe(site, entry)
        return described[entry.slug]

    return {"site": site, "data": site.data, "describe": describe, "home_cards": HOME_CARDS}


def _describe(site: Site, entry: Entry) -> dict:
    """What templates need beside the exercise itself: its ids joined to site_data."""
    ex = entry.exercise
    book = site.book(ex.source.book) if ex.source else None
    return {
        "difficulty": site.difficulty(ex.difficulty),
        "book": book,
        "tags": [site.tag(t) for t in ex.tags],
        "related": [site.entry(s) for s in ex.related],
        "description": ex.description,
        # "Insight 4 of 8 of " or "From ", before the book's <cite>d title (no book: "")
        "citing": "" if book is None else f"Insight {ex.source.insight} of {book.insights} of "
        if ex.source.insight else "From ",
        "authors": " and ".join(book.authors) if book else "",
    }


# (template, folder): one page per exercise in each folder.
PER_EXERCISE: list[tuple[str, str]] = [("exercise", "exercises"), ("worksheet", "worksheets")]

HOME_CARDS = 12  # exercises shown as cards on the home page (home.md.j2)

# (template, path): the pages built from the whole catalogue.
INDEXES: list[tuple[str, str]] = [
    ("home", "index.md"),
    ("browse_all", "exercises/index.md"),
    ("browse_books", "browse/books.md"),
    ("browse_tags", "browse/tags.md"),
    ("browse_difficulty", "browse/difficulty.md"),
]

# Compiled at import, not at first use: the forked children of a parallel build then share the
# compiled templates instead of each compiling them again.
for _kind, _ in PER_EXERCISE + INDEXES:
    _env.get_template(f"{_kind}.md.j2")
