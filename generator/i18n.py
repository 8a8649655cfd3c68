"""The site's own words in the reader's language: one gettext catalogue per language.

Every word the site writes around the therapist's text (headings, buttons, labels, the
navigation) is a message in `overrides/locales/<lang>/LC_MESSAGES/messages.po`. `make messages`
extracts them with Babel (babel.cfg: the generator's templates, the theme overrides and
mkdocs.yml's titles) into `overrides/locales/messages.pot`, merges that into every catalogue
and compiles each one to `messages.mo` beside it.

The compiled .mo files are committed, and a test checks each is its .po compiled: MkDocs reads
a theme's translations only as compiled files in the theme's `locales/` folder (our
`custom_dir`), and the generator's templates read the very same files, so the pages around the
therapist's text and the theme's templates never disagree. English is the language the
messages are written in, so it needs no catalogue.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from babel.core import Locale
from babel.lists import format_list
from babel.support import NullTranslations, Translations
from markupsafe import Markup

LOCALES = Path(__file__).resolve().parent.parent / "overrides" / "locales"
DEFAULT = "en"


def languages() -> tuple[str, ...]:
    """English and every language with a catalogue, the choices of site_data's `language`."""
    found = {path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/messages.po")}
    return (DEFAULT, *sorted(found - {DEFAULT}))


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of `language`; English (the messages themselves) has none."""
    if language == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALES), [language])


def template_callables(language: str) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """`gettext` and `ngettext` for the templates: Jinja's "new style" (a message formats
    itself, its variables escaped, the translation kept as it is: translations are the site's
    own words, like the templates; author text only ever enters them as an escaped variable).

    Jinja's extension does the same through two wrappers that each go through the template
    context again, for every message, and an exercise's two pages have some seventy.
    """
    catalogue = translations(language)

    def gettext(message: str, **variables: object) -> Markup:
        return Markup(catalogue.gettext(message)) % variables

    def ngettext(singular: str, plural: str, num: int, **variables: object) -> Markup:
        variables.setdefault("num", num)
        return Markup(catalogue.ngettext(singular, plural, num)) % variables

    return gettext, ngettext


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic), else `ltr`: the `dir` of its
    pages."""
    return "rtl" if Locale.parse(language).character_order == "right-to-left" else "ltr"


def and_list(items: list[str], language: str) -> str:
    """`A and B`, `A, B and C`, in the language's own way (CLDR, through Babel)."""
    return format_list(items, locale=Locale.parse(language)) if items else ""


def language_name(language: str) -> str:
    """A language's name in itself, as its readers look for it in a menu: "Español"."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def translate_nav(nav: Any, language: str, pages: Collection[str] | None = None) -> Any:
    """The navigation (render.navigation, then mkdocs.yml's `nav`) with its titles translated
    (each one is a message: render.py's `N_`, `extract_mkdocs`), without the pages not in
    `pages` (a hand-written page a language does not have yet) and the sections left empty;
    the pages it points to are left as they are."""
    if isinstance(nav, list):
        items = [translate_nav(item, language, pages) for item in nav]
        return [item for item in items if item not in (None, {}, [])]
    if isinstance(nav, dict):
        kept = {gettext(language, str(title)): translate_nav(target, language, pages)
                for title, target in nav.items()}
        return {title: target for title, target in kept.items() if target not in (None, [])}
    if isinstance(nav, str) and pages is not None and "://" not in nav \
            and nav.lstrip("/") not in pages:
        return None
    return nav


def extract_mkdocs(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """A Babel extractor for mkdocs.yml (named in babel.cfg): the navigation's titles and the
    colour toggle's names, the words of the site's frame written in its configuration."""
    import yaml

    root = yaml.compose(fileobj.read().decode("utf-8"))
    for title in _nav_titles(_get(root, "nav")):
        yield (title.start_mark.line + 1, "gettext", title.value, [])
    palette = _get(_get(root, "theme"), "palette")
    schemes = palette.value if isinstance(palette, yaml.SequenceNode) else [palette]
    for scheme in schemes:
        name = _get(_get(scheme, "toggle"), "name")
        if isinstance(name, yaml.ScalarNode):
            yield (name.start_mark.line + 1, "gettext", name.value, [])


def _get(node: Any, key: str) -> Any:
    """The value under `key` of a YAML mapping node, or None."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == key:
                return value
    return None


def _nav_titles(node: Any) -> Iterator[Any]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_titles(item)
    elif isinstance(node, yaml.MappingNode):
        for title, target in node.value:
            yield title
            yield from _nav_titles(target)


def translate_palette(palette: Any, language: str) -> Any:
    """Material's colour schemes with their toggle's name (a button's label) translated."""
    if isinstance(palette, dict):
        palette = [palette]
    if not isinstance(palette, list):
        return palette
    translated = []
    for scheme in palette:
        scheme = dict(scheme)
        toggle = scheme.get("toggle")
        if isinstance(toggle, dict) and "name" in toggle:
            scheme["toggle"] = {**toggle, "name": gettext(language, toggle["name"])}
        translated.append(scheme)
    return translated
