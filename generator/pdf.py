"""The last build stage: a fillable PDF of every worksheet, one file for A4 and US Letter.

The PDF is made from the worksheet page MkDocs has just built, not from a second template: the
worksheet's <form> is cut out of the staged page and rendered by WeasyPrint with the same
print.css and worksheet.css the browser prints with (one design, two outputs), plus the
page's own footer rule and the page size. Rendering is the slowest part of a build, so each
PDF is cached in build/pdf-cache under a hash of everything it is made from, and only the
missing ones are rendered, in worker processes, one per available core.

A PDF is the same bytes on every build of the same inputs, which the cache relies on: it holds
no date (WeasyPrint writes one only when the page names it) and no random id (WeasyPrint names
its fonts by a hash of their description, and writes no /ID for this variant), and the field
font it embeds is dated by its first face, not by the clock.

Every glyph of Latin (with its diacritics), Greek, Cyrillic, Hebrew and Arabic text is drawn
with the faces pinned in generator/editor.lock.json (editor_vendor), declared through
@font-face, each file with the unicode-range its package gives it and a family of its own
("Worksheet Sans latin", ...: WeasyPrint tells a PDF's fonts apart by family and weight), listed
in the lock's order as the page's and the footer's font-family. WeasyPrint is given them
decompressed from WOFF2 once, into the cache (`_decompress`), not the WOFF2 files it would
decode again in every process that renders. Under names no installed font
has, fontconfig cannot put a font of the machine in their place, so every machine draws the
same glyphs. Arabic is Vazirmatn's, not Noto Sans Arabic's: the current Noto draws a
letter as a dotless form and its dots, and WeasyPrint maps each glyph to one character, so
the PDF's text read other letters (ق as ة) where Vazirmatn's reads as written. Chinese,
Japanese and Korean are left to the machine's fonts (their pinned faces would be a 150 MB
download for text the site rarely has).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes.util
import hashlib
import html
import importlib.metadata
import io
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import editor_vendor, prerequisites, writer
from .errors import BuildError
from .progress import Counter, Progress

CACHE = Path("build/pdf-cache")
STYLESHEETS = ("assets/stylesheets/print.css", "assets/stylesheets/worksheet.css")
# The width of A4 and the height of US Letter: a page that fits on both papers, so one file
# prints at full size on either, whichever paper the reader (or the client it is emailed to)
# has. Two files, one per paper, took twice the build time and asked the reader to choose.
PAGE_SIZE = "210mm 279.4mm"
# Form fields need `pdf_forms` at layout time; the PDF/UA variant also tags the structure.
PDF_OPTIONS = {"pdf_forms": True, "pdf_variant": "pdf/ua-1"}
# The families of the pinned faces: this and the subset's name ("Worksheet Sans greek").
TEXT_FAMILY = "Worksheet Sans"
# What the pinned faces do not draw (Chinese, Japanese, Korean): the machine's fonts, which
# fontconfig picks by the page's language.
FALLBACK = "sans-serif"
# The characters the form fields' font takes from the pinned regular faces (see `_field_font`).
_PUNCTUATION = "U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2193,U+2212,U+2264,U+2265"
FIELD_CHARACTERS = (
    "U+0020-007E,U+00A0-024F,U+0300-036F,U+1E00-1EFF,"  # Latin, Vietnamese included
    "U+0370-03FF,U+0400-052F,"  # Greek, Cyrillic
    "U+0590-05FF,U+FB1D-FB4F,"  # Hebrew
    "U+0600-06FF,U+0750-077F,U+FE70-FEFF,"  # Arabic, and its shaped forms
    + _PUNCTUATION)
FIELD_FAMILY = "Worksheet fields"
LICENCES = "worksheets/licenses"  # beside the PDFs: the licences of the fonts they embed
# Chinese, Japanese and Korean characters: their fonts are a separate, large, optional package.
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
CJK_PACKAGE = "fonts-noto-cjk"

_FORM = re.compile(r'<form class="ws"[^>]*>.*?</form>', re.S)
_FOOTER = re.compile(r'<style[^>]*id="page-footer"[^>]*>(.*?)</style>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
_DIR = re.compile(r'<body[^>]*\bdir="(rtl|ltr)"')  # Material sets the direction on <body>


@dataclass(frozen=True)
class Job:
    """One PDF to render: the complete input, and where the result is cached."""

    name: str  # its path in the built site: es/worksheets/<slug>.pdf
    document: str
    stylesheets: tuple[str, ...]
    footer: str
    page_url: str
    site_url: str
    staging: Path
    fonts: frozenset[str]  # the addresses of the pinned font files it may read
    cached: Path


@dataclass
class Report:
    rendered: int = 0
    reused: int = 0
    notes: tuple[str, ...] = ()  # what the reader of the PDFs misses, and how to mend it

    def __str__(self) -> str:
        return "; ".join((f"PDFs: {self.rendered} rendered, {self.reused} unchanged",
                          *self.notes))


def missing_library_advice(error: str, find=ctypes.util.find_library) -> str:
    """The one line a user sees when WeasyPrint cannot load its system libraries: the library
    it named, and the packages of every library the machine lacks (prerequisites.LIBRARIES),
    or failing that of the one named."""
    found = re.search(r"cannot load library '([^']+)'", error)
    library = found.group(1) if found else "pango-1.0"
    lacking = prerequisites.missing(find) or [
        (name, package) for name, package in prerequisites.LIBRARIES.items()
        if name in library] or [("pango-1.0", prerequisites.LIBRARIES["pango-1.0"])]
    packages = " ".join(package for _, package in lacking)
    return (f"worksheet PDFs need the system library {library}, which WeasyPrint cannot "
            f"load; install it with: sudo apt-get install {packages}")


def import_weasyprint():
    """WeasyPrint, or a BuildError of one line when its libraries are missing.

    A failed import prints a long banner on stdout before cffi raises OSError; the banner is
    swallowed so that the one line of advice is all the user reads.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            import weasyprint
        except OSError as exc:
            raise BuildError(missing_library_advice(str(exc))) from None
        except ModuleNotFoundError:
            raise BuildError("WeasyPrint is not installed; run `make site`, which installs "
                             "requirements.lock into .venv") from None
    return weasyprint


def make_pdfs(root: Path, staging: Path, progress: Progress,
              folders: tuple[str, ...] = ("",)) -> Report:
    """Put `worksheets/<slug>.pdf` beside every built worksheet, in each language's folder
    (`""`, `"es/"`: each language is a site of its own, with its own stylesheets).

    WeasyPrint is imported only when a PDF is to be rendered: its import and libraries were a
    quarter of a build that found every PDF in the cache. The libraries it needs are checked
    first all the same, so a machine that could not render a changed worksheet is told so on
    every build, not the first time one changes."""
    lacking = prerequisites.missing()
    if lacking:
        raise BuildError(prerequisites.message(lacking))
    cache = root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    vendored = editor_vendor.files()
    faces = vendored.faces()
    font = _field_font(cache, faces)
    decoded = {face.path: _decoded(cache, face.path) for face in faces
               if face.path.suffix == ".woff2"}
    css = (*(_read_css(staging, name) for name in STYLESHEETS),
           _font_faces(faces, lambda path: decoded.get(path, path).as_uri()))
    keyed_faces = _font_faces(faces, lambda path: path.name)
    seed = _seed(importlib.metadata.version("weasyprint"), font, faces)
    jobs: dict[Path, Job] = {}
    for folder in folders:
        for page in sorted((staging / folder / "worksheets").glob("*/index.html")):
            slug = page.parent.name
            source = page.read_text(encoding="utf-8")
            job = _job(f"{folder}worksheets/{slug}.pdf", slug, source, css, keyed_faces, font, seed,
                       staging / folder, cache)
            jobs[staging / job.name] = job
    todo = {job.cached: job for job in jobs.values() if not job.cached.exists()}
    progress.stage(f"PDFs: {len(todo)} to make, {len(jobs) - len(todo)} unchanged")
    if todo:
        import_weasyprint()
        _decompress(decoded)
    with progress.count(len(todo), "PDFs") as counter:
        _render_all(list(todo.values()), counter)
    for target, job in jobs.items():
        shutil.copyfile(job.cached, target)
    for folder in folders:
        if (staging / folder / "worksheets").is_dir():
            _licences(vendored, staging / folder / LICENCES)
    _prune(cache, {job.cached.name for job in jobs.values()} | {font.name}
           | {path.name for path in decoded.values()})
    notes = _missing_cjk_font(list(jobs.values()))
    return Report(rendered=len(todo), reused=len(jobs) - len(todo), notes=tuple(notes))


def _font_faces(faces: list[editor_vendor.Face], address: Callable[[Path], str]) -> str:
    """The @font-face rules of the pinned faces, and the page's and the footer's families:
    after worksheet.css and print.css, whose faces are the browser's.

    A script without italics (Hebrew, Arabic) has its upright face declared as its italic
    too: else fontconfig would slant the upright face, or not, as the machine's own
    configuration says (90-synthetic.conf), and the PDF would differ from machine to machine.
    """
    styles = {(face.subset, face.weight, face.style) for face in faces}
    declared = [(face, face.style) for face in faces] + [
        (face, "italic") for face in faces
        if face.style == "normal" and (face.subset, face.weight, "italic") not in styles]
    families = list(dict.fromkeys(f"{TEXT_FAMILY} {face.subset}" for face in faces))
    rules = [f'@font-face {{ font-family: "{TEXT_FAMILY} {face.subset}"; '
             f"font-weight: {face.weight}; font-style: {style}; "
             f'src: url("{address(face.path)}"); unicode-range: {face.unicode_range}; }}\n'
             for face, style in declared]
    stack = ", ".join([*(f'"{family}"' for family in families), FALLBACK])
    boxes = " ".join(f"@{box} {{ font-family: {stack}; }}"
                     for box in ("bottom-left", "bottom-center", "bottom-right"))
    return "".join(rules) + f".ws-pdf {{ font-family: {stack}; }}\n@page {{ {boxes} }}\n"


def _licences(vendored: editor_vendor.Files, target: Path) -> None:
    """The licence of each pinned font (the SIL Open Font License), as `<package>.txt`."""
    target.mkdir(parents=True, exist_ok=True)
    for font in vendored.lock.fonts:
        shutil.copyfile(vendored.licence(font), target / f"{font.name.rsplit('/', 1)[-1]}.txt")


def _read_css(staging: Path, name: str) -> str:
    path = staging / name
    if not path.is_file():
        raise BuildError(f"{name} is missing from the built site; the worksheet PDFs are "
                         "styled with it (overrides/assets/stylesheets/)")
    return path.read_text(encoding="utf-8")


def _seed(version: str, font: Path, faces: list[editor_vendor.Face]) -> bytes:
    """What every PDF depends on besides its page: the renderer, this module, the field font
    and the pinned faces, by their bytes."""
    digest = hashlib.sha256(f"weasyprint {version}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for path in (font, *(face.path for face in faces)):
        digest.update(path.read_bytes())
    return digest.digest()


def _job(name: str, slug: str, page: str, css: tuple[str, ...], keyed_faces: str, font: Path,
         seed: bytes, staging: Path, cache: Path) -> Job:
    """`name`: the PDF's path in the built site, the name its messages give it."""
    form = _needed(_FORM, page, name, "worksheet <form>",
                   "generator/templates/worksheet.md.j2")
    footer = _needed(_FOOTER, page, name, '<style id="page-footer">', "overrides/main.html")
    canonical = _needed(_CANONICAL, page, name, "canonical link", "site_data.yaml's url")
    title = _TITLE.search(page)
    lang = _LANG.search(page)
    direction = _DIR.search(page)
    document = (f'<!DOCTYPE html>\n<html lang="{lang.group(1) if lang else "en"}" '
                f'dir="{direction.group(1) if direction else "ltr"}">'
                f'<head><meta charset="utf-8"><title>{title.group(1) if title else ""}</title>'
                f'</head>\n<body class="ws-pdf">\n{form.group(0)}\n</body></html>\n')
    stylesheets = (*css, _paper(font.as_uri()))
    page_url = html.unescape(canonical.group(1))
    site_url = page_url.removesuffix(f"worksheets/{slug}/")
    # The key names each font by its file name (the faces' bytes and the field font's are in
    # the seed), never by its absolute address: a cache copied into a clone in another folder,
    # or used by another environment, stays valid.
    digest = hashlib.sha256(seed)
    for part in (document, *css[:-1], keyed_faces, _paper(font.name), footer.group(1),
                 page_url):
        digest.update(part.encode())
        digest.update(b"\0")
    for source in re.findall(r'\bsrc="([^"]+)"', form.group(0)):
        local = _site_file(urljoin(page_url, html.unescape(source)), site_url, staging)
        digest.update(local.read_bytes() if local else b"-")
    fonts = frozenset(re.findall(r'url\("(file:[^"]+)"\)', "".join(stylesheets)))
    return Job(name, document, stylesheets, footer.group(1), page_url, site_url, staging, fonts,
               cache / f"{digest.hexdigest()}.pdf")


def _paper(font_url: str) -> str:
    """The page size, and the fields' font at `font_url`, as a stylesheet."""
    return (f"@page {{ size: {PAGE_SIZE}; }}\n"
            f'@font-face {{ font-family: "{FIELD_FAMILY}"; src: url("{font_url}"); }}\n'
            '.ws-pdf .ws input, .ws-pdf .ws textarea '
            f'{{ font-family: "{FIELD_FAMILY}", sans-serif; }}\n')


def _needed(pattern: re.Pattern[str], page: str, name: str, what: str,
            where: str) -> re.Match[str]:
    found = pattern.search(page)
    if found is None:
        raise BuildError(f"{name}: the built page has no {what} to make the PDF from "
                         f"(see {where})")
    return found


def _site_file(url: str, site_url: str, staging: Path) -> Path | None:
    """The built file a URL of the published site stands for, if it is one."""
    if not url.startswith(site_url):
        return None
    relative = unquote(urlsplit(url).path)[len(urlsplit(site_url).path):]
    path = (staging / relative).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_relative_to(staging.resolve()) and path.is_file() else None


def _field_font(cache: Path, faces: list[editor_vendor.Face]) -> Path:
    """The one font every form field uses: the pinned regular faces merged, each cut to the
    characters a client may type in a field (FIELD_CHARACTERS).

    A PDF text field names a single font, in which a viewer draws whatever the reader types,
    so that font must hold every script a client may type: a list of fallback faces, as the
    page's text has, does not exist for a field. WeasyPrint embeds a field's font whole (a
    reader may type any character), so the faces are cut to their scripts and lose their
    hinting and layout tables, which a viewer drawing a field does not use. Arabic keeps its
    joined forms (presentation forms B), which viewers that join the letters typed into a
    field draw; one that does not shows them unjoined. Chinese and Japanese are left out,
    their faces being larger than a whole worksheet: a viewer shows them with its own fonts,
    or not.
    """
    wanted = set(_unicodes(FIELD_CHARACTERS))
    cuts = [(face.path, wanted & set(_unicodes(face.unicode_range)))
            for face in faces if (face.weight, face.style) == (400, "normal")]
    cuts = [(path, unicodes) for path, unicodes in cuts if unicodes]
    if not cuts:
        raise BuildError(f"{editor_vendor.LOCK.name} pins no regular face for the form fields")
    digest = hashlib.sha256(Path(__file__).read_bytes())  # the recipe, and what it is made of
    for path, unicodes in cuts:
        digest.update(path.read_bytes() + repr(sorted(unicodes)).encode())
    target = cache / f"fields-{digest.hexdigest()[:16]}.ttf"
    if not target.exists():
        writer.atomic_write(target, _merged(cuts))
    return target


def _decoded(cache: Path, woff2: Path) -> Path:
    """Where the face in the WOFF2 file `woff2` is kept decompressed, named by its bytes."""
    digest = hashlib.sha256(woff2.read_bytes()).hexdigest()[:16]
    return cache / f"{woff2.stem}-{digest}.ttf"


def _decompress(decoded: dict[Path, Path]) -> None:
    """Each pinned WOFF2 face decompressed into the cache once (`decoded`: {woff2: ttf}).

    WeasyPrint decompresses every WOFF2 face it is given, with fontTools' pure Python
    decoder, in every process that renders: for the 36 pinned faces that cost more than
    laying out a worksheet. Given the decompressed file, it reads it as it is. It is the same
    function's output, so the PDFs are the same bytes; the file name holds the WOFF2's digest.
    """
    from fontTools.ttLib import woff2

    for source, target in decoded.items():
        if not target.exists():
            out = io.BytesIO()
            with source.open("rb") as data:
                woff2.decompress(data, out)
            writer.atomic_write(target, out.getvalue())


def _unicodes(ranges: str) -> list[int]:
    from fontTools import subset

    return subset.parse_unicodes(ranges)


def _merged(faces: list[tuple[Path, set[int]]]) -> bytes:
    """The faces cut and merged into one TrueType font, the same bytes on every build: it
    takes the first face's dates (fontTools would write the time of the build)."""
    from fontTools import merge, subset, ttLib
    from fontTools.ttLib.scaleUpem import scale_upem

    cut = []
    units = None  # the merger needs one size of em: the first face's (Noto Sans: 1000)
    for path, unicodes in faces:
        options = subset.Options()
        options.layout_features = []
        options.hinting = False
        options.drop_tables += ["FFTM", "DSIG", "GSUB", "GPOS", "GDEF"]
        font = subset.load_font(str(path), options)
        font.flavor = None  # the pinned files are woff2; a merged font is plain TrueType
        font.recalcTimestamp = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        units = units or font["head"].unitsPerEm
        if font["head"].unitsPerEm != units:
            scale_upem(font, units)
        part = io.BytesIO()
        font.save(part)
        part.seek(0)
        cut.append(part)
    first = ttLib.TTFont(cut[0])
    font = merge.Merger().merge(cut) if len(cut) > 1 else first
    font["head"].created = first["head"].created
    font["head"].modified = first["head"].modified
    # Named as the fields' own family: under its faces' name (Noto Sans) it would stand in for
    # them when the page's text falls back to another face.
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (1, 2, 4, 6, 16, 17)]
    for number, text in ((1, FIELD_FAMILY), (2, "Regular"), (4, FIELD_FAMILY),
                         (6, FIELD_FAMILY.replace(" ", "-"))):
        names.setName(text, number, 3, 1, 0x409)
    font.recalcTimestamp = False
    merged = io.BytesIO()
    font.save(merged)
    return merged.getvalue()


def _missing_cjk_font(jobs: list[Job]) -> list[str]:
    """A note when a worksheet has Chinese, Japanese or Korean text that no installed font
    covers: the PDF would show empty boxes for it."""
    found = {char for job in jobs for char in _CJK.findall(job.document)}
    if not found:
        return []
    path = _font_file("sans-serif", language="zh-cn")
    if path is not None:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            covered = font.getBestCmap() or {}
        found = {char for char in found if ord(char) not in covered}
        if not found:
            return []
    names = sorted(job.name for job in jobs if any(char in job.document for char in found))
    return [f"{', '.join(names[:3])}{' and more' if len(names) > 3 else ''}: Chinese, Japanese "
            f"or Korean text that no installed font has shows as empty boxes; install "
            f"{CJK_PACKAGE}"]


def _font_file(family: str, language: str) -> Path | None:
    """The file of the machine's fonts fontconfig picks for `family` and `language`, through
    the library WeasyPrint already loads."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcPatternAddString(pattern, b"lang", language.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return None
        file = ffi.new("FcChar8 **")
        found = fontconfig.FcPatternGetString(match, b"file", 0, file)
        path = Path(ffi.string(file[0]).decode()) if found == fontconfig.FcResultMatch else None
        fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)
    suffixes = (".ttf", ".otf", ".ttc", ".otc")
    if path is None or path.suffix.lower() not in suffixes or not path.is_file():
        return None
    return path


# PDFs a worker process is given at the least. Each process first imports WeasyPrint and parses
# the stylesheets and fonts, which costs about as much CPU as laying out four worksheets: for
# three PDFs or fewer (a content change renders one per language), a second process doubles
# that cost and the build is no sooner (bench/results.md, "PDF worker processes").
PDFS_PER_WORKER = 3


def _render_all(jobs: list[Job], counter: Counter) -> None:
    """Render in worker processes, up to one per core: laying out a page is all Python."""
    workers = min(-(-len(jobs) // PDFS_PER_WORKER), _cores())
    if workers <= 1:
        for job in jobs:
            _render(job)
            counter.advance()
        return
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(_render, job): job for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            try:
                future.result()
            except Exception as exc:
                exc.add_note(f"while making {futures[future].name}")
                raise
            counter.advance()


def _cores() -> int:
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Errors(logging.Handler):
    """Collects WeasyPrint's errors, which it only logs (a wrong option, a broken rule)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _render(job: Job) -> None:
    weasyprint = import_weasyprint()
    fetcher = _fetcher(job)
    fonts, css = _parsed(job, fetcher)
    css.append(weasyprint.CSS(string=job.footer, font_config=fonts, url_fetcher=fetcher))
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        document = weasyprint.HTML(string=job.document, base_url=job.page_url,
                                   url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=css, font_config=fonts, **PDF_OPTIONS)
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        raise BuildError(f"{job.name}: WeasyPrint reported: {'; '.join(errors.messages)}")
    writer.atomic_write(job.cached, pdf)


_PARSED: dict = {}


def _parsed(job: Job, fetcher):
    """The font configuration and the shared stylesheets, kept for the next job of this process.

    Every worksheet shares the site stylesheets, the paper rule and the field font, and parsing
    them (and loading the font) costs about as much as laying out a page.
    """
    weasyprint = sys.modules["weasyprint"]
    if "fonts" not in _PARSED:
        from weasyprint.text.fonts import FontConfiguration

        _PARSED["fonts"] = FontConfiguration()
    fonts = _PARSED["fonts"]
    css = []
    for text in job.stylesheets:
        if text not in _PARSED:
            _PARSED[text] = weasyprint.CSS(string=text, font_config=fonts, url_fetcher=fetcher)
        css.append(_PARSED[text])
    return fonts, css


def _fetcher(job: Job):
    """Reads the site's own files from the staging folder, so a build never reaches the network.

    The page is given its published address, so links in the PDF lead to the real site, while
    an image of the site is read from the build. Anything else is refused and left out.
    """
    from weasyprint.urls import URLFetcher

    class SiteFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url in job.fonts:
                return super().fetch(url, headers)
            local = _site_file(url, job.site_url, job.staging)
            if local is None:
                raise ValueError(f"not fetched; a worksheet PDF reads only this site's files: "
                                 f"{url}")
            return super().fetch(local.as_uri(), headers)

    return SiteFiles(allowed_protocols={"file", "data"})


def _prune(cache: Path, keep: set[str]) -> None:
    """Cached PDFs no page produces any more are removed, so the cache never only grows."""
    for path in cache.iterdir():
        if path.name not in keep and path.suffix in (".pdf", ".ttf"):
            path.unlink()

