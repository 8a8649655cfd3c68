"""The Site -> Markdown text for every page, keyed by its path under the docs folder.

One Jinja template per page kind, named after it, with StrictUndefined and autoescape. Author
text only ever enters a template as data, through the `text` filter (one line, escaped for
Markdown and HTML) or the `md` filter (a Markdown field rendered by `markup`); autoescape
covers every other spot. Front matter values are written by an encoder (`yaml_value`, through
the `yaml_html` filter), never by string formatting; only its constant lines are typed in the
templates.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import i18n, markup
from .catalogue import Entry, Site
from .errors import ContentError, Problem
from .schema import Time

TEMPLATES = Path(__file__).parent / "templates"

# (template, folder): one page per exercise in each folder, reached from the index pages.
PER_EXERCISE: list[tuple[str, str]] = [("exercise", "exercises"), ("worksheet", "worksheets")]


def N_(message: str) -> str:
    """Marks a message for `make messages` (babel.cfg) that is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Index:
    """A page built from the whole catalogue, and its place in the site's navigation."""

    template: str  # generator/templates/<template>.md.j2
    path: str  # under the docs folder
    title: str  # in the navigation and the lists of these pages (a message)
    browse: bool = True  # one of the ways to browse: the navigation's Browse section


# The one list of the index pages, in the navigation's order. The navigation (`navigation`,
# put before mkdocs.yml's hand-written pages by build.apply_settings), the home page's and the
# browse pages' links to the ways to browse (`browse` in their templates) and the 404 page's
# ways back (`config.extra.indexes`) are all made from it: a new way to browse is one entry
# here and its template.
INDEXES: list[Index] = [
    Index("home", "index.md", N_("Home"), browse=False),
    Index("browse_all", "exercises/index.md", N_("All exercises")),
    Index("browse_books", "browse/books.md", N_("By book")),
    Index("browse_tags", "browse/tags.md", N_("By theme")),
    Index("browse_difficulty", "browse/difficulty.md", N_("By difficulty")),
    Index("browse_audience", "browse/audience.md", N_("By audience")),
    Index("browse_time", "browse/time.md", N_("By time")),
]
BROWSE = N_("Browse")  # the navigation's section of the ways to browse


def navigation() -> list[dict]:
    """MkDocs' `nav` entries of the index pages, untranslated (`i18n.translate_nav`)."""
    return [{index.title: index.path} for index in INDEXES if not index.browse] + \
        [{BROWSE: [{index.title: index.path} for index in INDEXES if index.browse]}]


def index_links(language: str, directory_urls: bool = True) -> list[dict[str, str]]:
    """Each index page's title in `language` and its address from the site's root, for a
    theme template (the 404 page's ways back)."""
    return [{"title": i18n.gettext(language, index.title), "url": _url(index.path, directory_urls)}
            for index in INDEXES]


def _url(path: str, directory_urls: bool) -> str:
    """The address MkDocs gives the page at `path` (under the docs folder)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") \
        else f"{stem}/"


HOME_CARDS = 12  # exercises shown as cards on the home page (home.md.j2)


# How exercises are browsed and searched by time: (id, the most minutes each time, name), in
# order; an exercise is in the first range its longest time fits, and in none when its time
# gives no minutes.
TIME_RANGES: tuple[tuple[str, int | None, str], ...] = (
    ("up-to-10", 10, N_("Up to 10 minutes")),
    ("up-to-30", 30, N_("Up to 30 minutes")),
    ("longer", None, N_("Longer than 30 minutes")),
)


def time_range(time: Time | None) -> str | None:
    """The id of the range of TIME_RANGES an exercise's time is in, if it says its minutes."""
    longest = time.longest if time else None
    if longest is None:
        return None
    return next(range_id for range_id, most, _ in TIME_RANGES if most is None or longest <= most)


def environment(language: str = i18n.DEFAULT) -> jinja2.Environment:
    """Templates from generator/templates: autoescaped, strict, read again when edited, with
    the words of `language` (gettext: `_()`, `ngettext()`, `{% trans %}`).

    A message is formatted by `_()` itself, with its variables escaped and the translation
    kept as it is (Jinja's "new style"; see `i18n.template_callables`).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    gettext, ngettext = i18n.template_callables(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, newstyle=False)
    env.globals["_"] = gettext  # the extension's `_` is a wrapper that calls `gettext` again
    env.filters["text"] = lambda value: Markup(markup.escape_text(_plain(value)))
    env.filters["md"] = lambda value: Markup(markup.to_html(value))
    env.filters["yaml_html"] = lambda value: Markup(
        yaml_value(markup.front_matter_text(_plain(value))))
    env.filters["numbered"] = lambda values: list(enumerate(values, 1))
    env.filters["and_list"] = lambda values: i18n.and_list(list(values), language)
    return env


def _plain(value: str) -> str:
    """A message from `_()` as the text it stands for: `_()` gives HTML (Markup, with its
    variables escaped), and these filters escape for their own context themselves."""
    return value.unescape() if isinstance(value, Markup) else str(value)


_environment = functools.cache(environment)


def render(site: Site, language: str | None = None) -> dict[str, str]:
    """Every page of the site: `{path under docs/: text}`; two sources never share a path.

    The site's own words are in `language`, by default site_data.yaml's."""
    language = language or site.data.language
    env = _environment(language)
    check_paths(site)
    pages = dict(site.pages)
    if site.data.cname and not site.folder:
        pages["CNAME"] = f"{site.data.cname}\n"
    described = {entry.slug: describe(site, entry) for entry in site.exercises}
    context = {"site": site, "data": site.data, "describe": lambda e: described[e.slug],
               "home_cards": HOME_CARDS, **_groups(site)}
    for index in INDEXES:
        pages[index.path] = env.get_template(f"{index.template}.md.j2").render(
            context, browse=_browse_links(index, language))
    for entry in site.exercises:
        for kind, folder in PER_EXERCISE:
            pages[f"{folder}/{entry.slug}.md"] = env.get_template(f"{kind}.md.j2").render(
                context, entry=entry, ex=entry.exercise, **described[entry.slug])
    return pages


def _browse_links(here: Index, language: str) -> list[dict]:
    """The ways to browse as links from the page `here`: each one's title in `language`, its
    path relative to `here`, and whether it is `here` itself."""
    folder = posixpath.dirname(here.path) or "."
    return [{"title": i18n.gettext(language, index.title),
             "link": posixpath.relpath(index.path, folder),
             "here": index is here} for index in INDEXES if index.browse]


def check_paths(site: Site) -> None:
    """A hand-written page may not take the path of a generated one."""
    generated = {index.path for index in INDEXES} | {"CNAME"}
    generated |= {f"{folder}/{e.slug}.md" for e in site.exercises for _, folder in PER_EXERCISE}
    clashes = sorted(set(site.pages) & generated)
    if clashes:
        raise ContentError([Problem((site.pages_dir / rel).as_posix(), 1, 1,
                                    "(file name)",
                                    "has the same path as a page the generator writes; rename "
                                    "it") for rel in clashes])


def describe(site: Site, entry: Entry) -> dict:
    """What templates need beside the exercise itself: its ids joined to site_data."""
    ex = entry.exercise
    return {
        "difficulty": site.difficulty(ex.difficulty),
        "book": site.book(ex.source.book) if ex.source else None,
        "tags": [site.tag(t) for t in ex.tags],
        "audiences": [site.choice("audiences", a) for a in ex.audience],
        "time_range": time_range(ex.time),
        # Only those in this language: a reader never follows a link out of their language.
        "related": [site.entry(s) for s in ex.related if site.has(s)],
        "description": ex.description,
    }


def _groups(site: Site) -> dict[str, dict | list]:
    """The exercises by theme, difficulty, audience, time range and book (each in the
    catalogue's order), and those citing no book or giving no minutes; the time ranges' ids
    and names in the site's language."""
    by_tag: dict[str, list[Entry]] = {tag.id: [] for tag in site.data.tags}
    by_difficulty: dict[str, list[Entry]] = {level.id: [] for level in site.data.difficulties}
    by_audience: dict[str, list[Entry]] = {a.id: [] for a in site.data.audiences}
    by_time: dict[str, list[Entry]] = {range_id: [] for range_id, _, _ in TIME_RANGES}
    by_book: dict[str, list[Entry]] = {book.id: [] for book in site.data.books}
    uncited: list[Entry] = []
    untimed: list[Entry] = []
    for entry in site.exercises:
        ex = entry.exercise
        for tag in ex.tags:
            by_tag[tag].append(entry)
        for audience in ex.audience:
            by_audience[audience].append(entry)
        by_difficulty[ex.difficulty].append(entry)
        range_id = time_range(ex.time)
        (by_time[range_id] if range_id else untimed).append(entry)
        (by_book[ex.source.book] if ex.source else uncited).append(entry)
    names = [(range_id, i18n.gettext(site.language, name)) for range_id, _, name in TIME_RANGES]
    return {"by_tag": by_tag, "by_difficulty": by_difficulty, "by_audience": by_audience,
            "by_time": by_time, "time_ranges": names, "by_book": by_book, "uncited": uncited,
            "untimed": untimed}


# What a YAML double-quoted scalar may not hold as it is: the characters YAML calls
# non-printable, and the ones it reads as line breaks (which would fold the line).
_YAML_RAW_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                              "\ufffe\uffff]")


def yaml_value(value: object) -> str:
    """`value` (strings, numbers, booleans, lists and dicts of them) as one line of YAML.

    JSON is YAML's flow style, and json's escapes (`\\"`, `\\\\`, `\\n`, `\\uXXXX`) are
    YAML's too; the characters YAML refuses raw are escaped as well.
    """
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
