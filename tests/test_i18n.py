"""The site in the reader's language (issue 19): complete catalogues, a site built in Spanish
with no English word of its own left, PDFs that show every script, and right to left.

What a reader sees is read from the built site: the text and labels of every HTML page, the
text and field names of the PDFs (pypdf, and poppler's pdftotext and pdffonts).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.conftest import ROOT, once_per_run, read_page, run_generator, with_pdf_cache
from tests.i18n import scripts, set_language

LOCALES = ROOT / "overrides/locales"
TRANSLATED = ("es", "ar")
# The messages a worksheet PDF shows (the others are on the site's pages).
ON_THE_WORKSHEET = ("Worksheet", "Name", "Date", "What you'll achieve", "Steps",
                    "Practice log", "Day", "Reflection questions", "Make it your own",
                    "My version:", "Page %(page)s of %(pages)s",
                    "Insight %(number)s of %(total)s of %(book)s", "%(work)s by %(authors)s")
# Author text in each script (tests/i18n/scripts/scripts.yaml), as words a reader must find.
SAMPLES = {
    "Latin": "Ćwiczenie Übung Čeština Türkçe Tiếng Việt çàéñšğữ",
    "Greek": "Άσκηση Ελληνικά ψυχή αγάπη",
    "Cyrillic": "Русский привязанность доверие",
    "Hebrew": "עברית ביטחון ואהבה",
    "Arabic": "العربية الثقة والحب",
    "Chinese": "中文 安全感从哪里来",
    "Japanese": "日本語 あなたの安全基地は誰ですか",
}
TYPED_IN_FIELDS = ("Latin", "Greek", "Cyrillic", "Hebrew", "Arabic")  # the fields' font
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def catalogue(language: str):
    with open(LOCALES / language / "LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po, locale=language)


def extracted() -> set[str]:
    """The messages `make messages` finds in the sources, by babel.cfg."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return {message[2] if isinstance(message[2], str) else message[2][0]
            for message in extract_from_dir(str(ROOT), method_map, options_map)}


def words(message: str) -> list[str]:
    """The fixed text of a message as a reader sees it: without its placeholders, its HTML
    tags and its Markdown links' targets; pieces of punctuation alone are left out."""
    text = re.sub(r"<[^>]+>", "", message)
    text = re.sub(r"\[([^\]]*)\]\(%\(\w+\)s\)", r"\1", text)
    pieces = (piece.strip(" ,.:;()“”«»¿?¡!-–") for piece in re.split(r"%\(\w+\)[sd]", text))
    return [piece for piece in pieces if re.search(r"\w", piece)]


def found(piece: str, text: str, ignore_case: bool = False) -> bool:
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text,
                     re.IGNORECASE if ignore_case else 0) is not None


class _Shown(HTMLParser):
    """Everything of a page a reader may see or hear: its text, the labelling attributes, and
    the strings its scripts and styles show (the JavaScript's messages, the paper footer's
    words; not their code, nor addresses), and the messages search.js takes from the page."""

    LABELS = ("title", "aria-label", "placeholder", "alt", "content", "value", "data-error")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.labels: list[str] = []
        self.code = False

    def handle_starttag(self, tag, attrs):
        self.code = tag in ("script", "style")
        self.labels += [value for name, value in attrs if name in self.LABELS and value]

    def handle_endtag(self, tag):
        self.code = False

    def handle_data(self, data):
        if not self.code:
            self.parts.append(data)
            return
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', data)
        self.parts += [f"\n{text}\n" for text in strings
                       if "://" not in text and not text.startswith("/")]


def shown(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    text = " ".join(("".join(parser.parts), *parser.labels)).replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def pdf_text(path: Path) -> str:
    """What pdftotext reads, with the bidi marks it adds around right-to-left runs removed."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                            capture_output=True, text=True)
    return BIDI_MARKS.sub("", result.stdout)


def pdf_language(reader: PdfReader) -> str:
    root: Any = reader.trailer["/Root"]
    return str(root["/Lang"])


def field_labels(path: Path) -> list[str]:
    return [str(field.get("/TU", "")) for field in (PdfReader(path).get_fields() or {}).values()]


# -- The catalogues --------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_compiled(language):
    """Each catalogue holds exactly the messages of the sources, all translated with the same
    placeholders, and its committed .mo is the .po compiled (`make messages` mends all)."""
    po = catalogue(language)
    messages = {message.id if isinstance(message.id, str) else message.id[0]: message
                for message in po if message.id}
    assert set(messages) == extracted(), "run `make messages`"
    for key, message in messages.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{language}: {key!r} is not translated"
    assert [errors for _, errors in po.check()] == []
    with open(LOCALES / language / "LC_MESSAGES/messages.mo", "rb") as mo:
        compiled = read_mo(mo)
    assert pairs(compiled) == pairs(po), \
        f"{language}'s messages.mo is not its messages.po compiled; run `make messages`"


def pairs(messages) -> dict:
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in messages if m.id}


def test_spanish_is_written_with_its_accents():
    spanish = {m.id: m.string for m in catalogue("es") if m.id}
    assert spanish["Steps"] == "Pasos"
    assert spanish["Key principles"] == "Principios clave"
    assert spanish["Reflection Questions"] == "Preguntas de reflexión"
    assert spanish["Day"] == "Día"


def test_a_language_without_a_catalogue_is_refused_with_the_choices(project: Path):
    set_language(project, "fr")
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert "site_data.yaml" in result.stderr
    assert re.search(r"language: unknown language `fr`.*en, ar, es", result.stderr), \
        result.stderr


# -- A site in Spanish -----------------------------------------------------------------------


def english_left(site: Path, pages: list[Path]) -> set[tuple[str, str]]:
    """(page, English word of the site's own) on each of `pages`."""
    english = [(message.id, piece) for message in catalogue("es") if message.id
               for msgid in ((message.id,) if isinstance(message.id, str) else message.id)
               for piece in words(msgid)]
    left = set()
    for page in pages:
        text = shown(page.read_text(encoding="utf-8"))
        left |= {(page.relative_to(site).as_posix(), piece)
                 for _, piece in english if found(piece, text)}
    return left


def test_no_english_word_of_the_site_is_left_on_a_spanish_page(spanish_site: Path):
    # The browser editor (admin/) is Sveltia's application, in its own English interface.
    site = spanish_site / "site"
    pages = sorted(page for page in site.rglob("*.html")
                   if page.relative_to(site).parts[0] != "admin")
    assert len(pages) > 20
    left = english_left(site, pages)
    assert not left, f"English words of the site on Spanish pages: {sorted(left)[:20]}"


def test_every_spanish_message_is_on_the_spanish_sites(spanish_site: Path, bilingual_site: Path):
    """On the Spanish site, or on the Spanish half of the bilingual one (the language menu's
    words are only on a site with more than one language)."""
    pages = [*(spanish_site / "site").rglob("*.html"),
             *(bilingual_site / "site/es").rglob("*.html")]
    text = "\n".join(shown(page.read_text(encoding="utf-8")) for page in pages)
    missing = []
    for message in catalogue("es"):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(all(found(piece, text) for piece in words(form)) for form in forms):
            missing.append(forms[0])
    assert not missing, f"translations never shown: {missing}"


def test_material_speaks_spanish_too(spanish_site: Path):
    page = (spanish_site / "site/exercises/base-segura/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in page
    assert 'placeholder="Búsqueda"' in page
    assert "Tabla de contenidos" in page
    assert 'title="Cambiar al modo oscuro"' in page or "Cambiar al modo oscuro" in page
    entry = json.loads((spanish_site / "site/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["es"], "search stems Spanish words"


@pytest.mark.parametrize("which", ["spanish site", "bilingual site"])
def test_the_spanish_worksheet_pdf_is_in_spanish(which: str, request):
    spanish = {m.id: m.string for m in catalogue("es") if m.id}
    english = [piece for message in catalogue("es") if isinstance(message.id, str) and message.id
               for piece in words(message.id)]
    shown_here: tuple[str, ...] = ON_THE_WORKSHEET
    if which == "spanish site":
        path = request.getfixturevalue("spanish_site") / "site/worksheets/base-segura.pdf"
    else:
        path = (request.getfixturevalue("bilingual_site")
                / "site/es/worksheets/secure-base-strategy.pdf")
        # Like its English original, the translation names the book but no insight in it.
        shown_here = tuple(m for m in ON_THE_WORKSHEET if not m.startswith("Insight"))
    reader = PdfReader(path)
    assert pdf_language(reader) == "es"
    text = pdf_text(path) + "\n" + "\n".join(field_labels(path))
    for msgid in shown_here:
        for piece in words(spanish[msgid]):
            assert found(piece, text, ignore_case=True), f"{piece!r} is not in the PDF"
    words_shown = re.sub(r"https?://\S+", "", text)  # the footer's address is no UI word
    left = [piece for piece in english if found(piece, words_shown, ignore_case=True)]
    assert not left, f"English words in the Spanish PDF: {left}"
    labels = field_labels(path)
    assert "Notas sobre el paso 1" in labels
    assert "Día 7: Cómo respondí" in labels


# -- One site in two languages ---------------------------------------------------------------
# tests/i18n/bilingual: the real site in English, with secure-base-strategy, the about page and
# the home text in Spanish; dependency-paradox and the guide are not translated.

TRANSLATED_PAGE = "exercises/secure-base-strategy/"
UNTRANSLATED_PAGE = "exercises/dependency-paradox/"


class Menu(HTMLParser):
    """The language menu's entries: (hreflang, href, text)."""

    def __init__(self):
        super().__init__()
        self.entries: list[list[str]] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and "md-select__link" in (found.get("class") or ""):
            self.entries.append([found["hreflang"] or "", found["href"] or "", ""])
            self._inside = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.entries[-1][2] += data


def menu(site: Path, url_path: str) -> dict[str, tuple[str, str]]:
    """The menu of the page at `url_path`: {language: (the path it leads to, its words)}."""
    parser = Menu()
    parser.feed(read_page(site, url_path))
    base = "http://site/" + url_path
    return {lang: (urljoin(base, href).removeprefix("http://site/"), " ".join(text.split()))
            for lang, href, text in parser.entries}


def test_each_language_has_every_page_kind_under_its_folder(bilingual_site: Path):
    site = bilingual_site / "site"
    for path in ("index.html", "exercises/index.html", "browse/books/index.html",
                 "browse/tags/index.html", "browse/difficulty/index.html", "about/index.html",
                 f"{TRANSLATED_PAGE}index.html", "worksheets/secure-base-strategy/index.html",
                 "worksheets/secure-base-strategy.pdf"):
        assert (site / path).is_file(), path
        assert (site / "es" / path).is_file(), f"es/{path}"
    assert '<html lang="es"' in read_page(site, f"es/{TRANSLATED_PAGE}")
    assert '<html lang="en"' in read_page(site, TRANSLATED_PAGE)
    spanish = shown(read_page(site, f"es/{TRANSLATED_PAGE}"))
    for label in ("Base segura", "Media", "Maneras de amar", "Pasos", "Imprimir"):
        assert label in spanish, label
    assert pdf_language(PdfReader(site / "es/worksheets/secure-base-strategy.pdf")) == "es"
    material = read_page(site, f"es/{TRANSLATED_PAGE}")  # Material's own words follow
    assert 'placeholder="Búsqueda"' in material and "Tabla de contenidos" in material


def test_no_english_word_of_the_site_is_left_on_the_spanish_half(bilingual_site: Path):
    site = bilingual_site / "site"
    pages = sorted((site / "es").rglob("*.html"))
    assert len(pages) >= 8
    left = english_left(site, pages)
    assert not left, f"English words of the site on Spanish pages: {sorted(left)[:20]}"


@pytest.mark.parametrize("url_path", ["", TRANSLATED_PAGE, "worksheets/secure-base-strategy/",
                                      "exercises/", "browse/tags/", "about/"])
def test_the_language_menu_leads_to_the_same_page_in_the_other_language(bilingual_site: Path,
                                                                        url_path: str):
    site = bilingual_site / "site"
    assert menu(site, url_path) == {"en": (url_path, "English"), "es": (f"es/{url_path}",
                                                                        "Español")}
    assert menu(site, f"es/{url_path}") == {"en": (url_path, "English"),
                                            "es": (f"es/{url_path}", "Español")}


@pytest.mark.parametrize("url_path", [UNTRANSLATED_PAGE, "worksheets/dependency-paradox/",
                                      "guide/adding-an-exercise/"])
def test_a_page_not_in_spanish_leads_to_the_spanish_home_and_says_so(bilingual_site: Path,
                                                                    url_path: str):
    site = bilingual_site / "site"
    assert menu(site, url_path)["es"] == (
        "es/", "Español (home page: this page is not in that language)")
    assert not (site / "es" / url_path).exists()


def test_spanish_pages_never_lead_to_an_untranslated_page(bilingual_site: Path):
    """Untranslated exercises are not listed in Spanish, nor given as related exercises;
    the untranslated guide is not in the Spanish navigation (the crawl in
    tests/browser/test_languages.py follows every link of both languages)."""
    site = bilingual_site / "site"
    for page in (site / "es").rglob("*.html"):
        assert "dependency-paradox" not in page.read_text(encoding="utf-8"), page
    home = shown(read_page(site, "es/"))
    assert "Acerca de" in home and "Adding an exercise" not in home
    english = shown(read_page(site, TRANSLATED_PAGE))
    assert "The Dependency Paradox" in english  # related, in English


def test_sitemaps_name_each_pages_other_language(bilingual_site: Path):
    namespace = "{http://www.w3.org/1999/xhtml}link"
    url = "https://example.github.io/attached-exercises/"
    for sitemap, prefix in (("sitemap.xml", url), ("es/sitemap.xml", url + "es/")):
        root = ElementTree.parse(bilingual_site / "site" / sitemap).getroot()
        alternates = {entry[0].text: {link.get("hreflang"): link.get("href")
                                      for link in entry.iter(namespace)} for entry in root}
        assert alternates[prefix + TRANSLATED_PAGE] == {"en": url + TRANSLATED_PAGE,
                                                        "es": url + "es/" + TRANSLATED_PAGE}
    english = ElementTree.parse(bilingual_site / "site/sitemap.xml").getroot()
    untranslated = next(entry for entry in english if entry[0].text == url + UNTRANSLATED_PAGE)
    assert [link.get("hreflang") for link in untranslated.iter(namespace)] == ["en"]


def test_each_language_has_its_own_search_index(bilingual_site: Path):
    entry = json.loads((bilingual_site / "site/pagefind/pagefind-entry.json").read_text("utf-8"))
    counts = {language: found["page_count"] for language, found in entry["languages"].items()}
    assert set(counts) == {"en", "es"}
    assert counts["es"] < counts["en"]  # the Spanish half has one exercise and no guide


# -- Any script in the PDF -------------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory, built_project: Path) -> tuple[Path, str]:
    """The project with a worksheet in every pinned script and one in Chinese and Japanese,
    built once for the run (from the built project's PDF cache); and what the build said."""
    def make(folder: Path) -> Path:
        root = with_pdf_cache(scripts(folder / "project"), built_project)
        said = run_generator(root, "site", check=True).stdout
        (folder / "said.txt").write_text(said, encoding="utf-8")
        return folder

    folder = once_per_run(tmp_path_factory, "scripts", make)
    return folder / "project", (folder / "said.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scripts_pdf(scripts_site: tuple[Path, str]) -> Path:
    return scripts_site[0] / "site/worksheets/scripts.pdf"


def missing_glyphs(reader: PdfReader) -> list[tuple[str, int]]:
    """The glyphs the PDF's text draws that its font does not have.

    WeasyPrint draws a character no font has as the .notdef box, under a glyph number past the
    end of the font (the fonts are CID fonts, Identity-H: two bytes a glyph, the font's own
    glyph numbers); so every glyph drawn must be within its embedded font, and not 0."""
    missing = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = resources["/Font"]
        sizes: dict[str, int] = {}
        current = ""
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = str(operands[0])
                if current not in sizes:
                    font = fonts[current].get_object()
                    descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                                  .get_object())
                    program = descriptor.get("/FontFile2") or descriptor["/FontFile3"]
                    data = program.get_object().get_data()
                    sizes[current] = TTFont(io.BytesIO(data))["maxp"].numGlyphs
            elif operator in (b"Tj", b"TJ"):
                for string in operands[0] if operator == b"TJ" else operands:
                    raw = getattr(string, "original_bytes", b"")
                    for at in range(0, len(raw), 2):
                        glyph = int.from_bytes(raw[at:at + 2], "big")
                        if glyph == 0 or glyph >= sizes[current]:
                            missing.append((current, glyph))
    return missing


def test_every_script_shows_its_glyphs_in_the_pdf(scripts_pdf: Path):
    text = " ".join(pdf_text(scripts_pdf).split())
    for script in ("Latin", "Greek", "Cyrillic", "Hebrew"):
        for word in SAMPLES[script].split():
            assert word in text, f"{script}: {word!r} is not in the PDF's text"
    assert missing_glyphs(PdfReader(scripts_pdf)) == [], "drawn as .notdef: no font has them"
    fonts = subprocess.run(["pdffonts", str(scripts_pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts), "every font is embedded"
    names = [line.split()[0].split("+", 1)[1] for line in fonts]
    for subset in ("latin", "latin-ext", "vietnamese", "greek", "cyrillic", "hebrew", "arabic"):
        assert any(name.startswith(f"Worksheet-Sans-{subset}") for name in names), subset
    assert all(name.startswith("Worksheet-") for name in names), "only the pinned faces"


def test_the_arabic_text_of_the_pdf_reads_as_written(scripts_pdf: Path):
    """Copied or searched, Arabic reads as written: each letter is a glyph of its own (not
    the dotless form and dots of the current Noto Sans Arabic, which read as other letters)."""
    text = " ".join(pdf_text(scripts_pdf).split())
    for word in SAMPLES["Arabic"].split():
        assert word in text, f"Arabic: {word!r} is not in the PDF's text"


def test_chinese_and_japanese_take_the_machines_fonts_or_name_the_package(
        scripts_site: tuple[Path, str]):
    """Their faces are not pinned (a 150 MB download): the machine's are used, and without
    them the build names the PDFs that show empty boxes and the package to install."""
    root, said = scripts_site
    note = re.search(r"worksheets/cjk\.pdf: Chinese, Japanese or Korean text that no installed "
                     r"font has shows as empty boxes; install fonts-noto-cjk", said)
    if note is None:
        text = " ".join(pdf_text(root / "site/worksheets/cjk.pdf").split())
        for script in ("Chinese", "Japanese"):
            for word in SAMPLES[script].split():
                assert word in text, f"{script}: {word!r} is not in the PDF's text"
        assert missing_glyphs(PdfReader(root / "site/worksheets/cjk.pdf")) == []
    assert "scripts.pdf" not in said, "every other script is drawn with the pinned faces"


def test_the_fields_font_has_every_script_a_client_may_type(scripts_pdf: Path):
    reader = PdfReader(scripts_pdf)
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"]
    field = next(font.get_object() for font in fonts.values()
                 if "Worksheet-fields" in font.get_object()["/BaseFont"])
    descriptor = field["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    data = descriptor["/FontFile2"].get_object().get_data()
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    for script in TYPED_IN_FIELDS:
        missing = {char for char in SAMPLES[script].replace(" ", "") if ord(char) not in cmap}
        assert not missing, f"{script}: the fields' font lacks {sorted(missing)}"


def test_a_pdf_is_the_same_without_any_font_of_the_machine(scripts_site: tuple[Path, str],
                                                           tmp_path: Path):
    """Built with fontconfig told of no font at all (FONTCONFIG_FILE, as a user can), every
    PDF but the Chinese and Japanese one is byte for byte the one built with the machine's
    fonts: they are drawn with the pinned faces only."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8")
    built = scripts_site[0]
    root = scripts(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(root), "FONTCONFIG_FILE": str(config)}
    result = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert re.search(r"; worksheets/cjk\.pdf: Chinese, Japanese or Korean text that no installed "
                     r"font has shows as empty boxes; install fonts-noto-cjk; site/ built$",
                     result.stdout.strip()), result.stdout
    pdfs = sorted(path.name for path in (built / "site/worksheets").glob("*.pdf"))
    assert "scripts.pdf" in pdfs
    for name in pdfs:
        if name != "cjk.pdf":
            assert (root / "site/worksheets" / name).read_bytes() == (
                built / "site/worksheets" / name).read_bytes(), name


def test_fields_font_keeps_the_pdfs_small(site_dir: Path):
    """The fields' font is embedded whole in every PDF: cut to the characters a client may
    type, it costs about 80 kB compressed, not the megabyte of the faces it is made of."""
    for pdf in (site_dir / "worksheets").glob("*.pdf"):
        assert pdf.stat().st_size < 160_000, f"{pdf.name}: {pdf.stat().st_size} bytes"


# -- Right to left ---------------------------------------------------------------------------


def test_an_arabic_worksheet_pdf_is_laid_out_right_to_left(arabic_site: Path):
    page = (arabic_site / "site/worksheets/qaeda-amina/index.html").read_text("utf-8")
    assert '<html lang="ar"' in page and 'dir="rtl"' in page
    path = arabic_site / "site/worksheets/qaeda-amina.pdf"
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    assert pdf_language(reader) == "ar"
    width = float(reader.pages[0].mediabox.width)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                           check=True, capture_output=True, text=True).stdout
    placed = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        boxes)

    def spans(*words: str) -> list[tuple[float, float]]:
        # pdftotext gives a right-to-left word in either order of its letters
        return [(float(x0), float(x1)) for x0, x1, word in placed
                if word in words or word[::-1] in words]

    title = spans("القاعدة", "استراتيجية")
    assert title, "the title is not in the PDF"
    right = max(x1 for _, x1 in title)
    assert right > width * 0.85, f"the title ends at {right:.0f} of {width:.0f}: not on the right"
    assert min(x0 for x0, _ in title) > width / 2
    number = spans("الصفحة")  # "Page 1 of 2", in the footer: on the left, the site on the right
    assert number and max(x1 for _, x1 in number) < width / 3
