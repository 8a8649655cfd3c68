"""Worksheet PDFs: what a reader opens (pages, text, fillable fields, tags), the cache that
keeps an unchanged worksheet from being rendered again, and the one line a user reads when
WeasyPrint's system libraries are missing."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import catalogue, editor_vendor, pdf
from generator.progress import Progress
from tests import long_words
from tests.conftest import copy_project, free_port, run_generator

# The width of A4 and the height of US Letter, in points: fits on both papers.
PAGE = (595, 792)


def flat(text: str) -> str:
    """Text with ligatures unfolded and every run of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def expected_fields(exercise) -> set[str]:
    names = {"name", "date"}
    names |= {f"step-{i}" for i in range(1, len(exercise.steps) + 1)}
    names |= {f"step-{i}-done" for i in range(1, len(exercise.steps) + 1)}
    names |= {f"question-{i}" for i in range(1, len(exercise.reflection_questions) + 1)}
    names |= {f"tip-{i}" for i in range(1, len(exercise.tips) + 1)}
    if exercise.practice_log:
        names |= {f"log-{day}-{col}" for day in range(1, exercise.practice_log.days + 1)
                  for col in range(1, len(exercise.practice_log.columns) + 1)}
    return names


@pytest.fixture(scope="module")
def seeds(built_project: Path):
    return catalogue.load(built_project).exercises


def test_each_worksheet_pdf_has_its_steps_questions_and_fields(site_dir, seeds):
    assert len(seeds) >= 2
    for entry in seeds:
        ex = entry.exercise
        reader = PdfReader(site_dir / "worksheets" / f"{entry.slug}.pdf")
        assert 1 <= len(reader.pages) <= 2, f"{entry.slug}: {len(reader.pages)} pages"
        width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
        assert (width, height) == PAGE
        text = flat(" ".join(p.extract_text() for p in reader.pages))
        for wanted in [ex.title, *(s.title for s in ex.steps), *ex.reflection_questions,
                       *ex.tips, *(ex.practice_log.columns if ex.practice_log else [])]:
            assert flat(wanted) in text, f"{entry.slug}: {wanted!r} not in the PDF"
        assert "Page 1 of" in text
        fields = reader.get_fields() or {}
        assert expected_fields(ex) <= set(fields), f"missing {expected_fields(ex) - set(fields)}"
        assert fields["question-1" if ex.reflection_questions else "step-1"]["/FT"] == "/Tx"
        assert fields["step-1-done"]["/FT"] == "/Btn"


def test_worksheet_pdf_is_tagged_for_screen_readers(site_dir, seeds):
    reader = PdfReader(site_dir / "worksheets" / f"{seeds[0].slug}.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert seeds[0].exercise.title in reader.metadata.title
    fields = reader.get_fields()
    assert fields["step-1"].get("/TU") == "Notes on step 1"
    for name, field in fields.items():
        assert field.get("/TU") not in (None, "", name), f"{name} has no label a reader hears"


def test_each_log_cell_is_named_by_its_day_and_column(site_dir):
    fields = PdfReader(site_dir / "worksheets/secure-base-strategy.pdf").get_fields()
    assert fields["log-1-1"]["/TU"] == "Day 1: Bids I noticed"
    assert fields["log-7-3"]["/TU"] == "Day 7: How it felt"


def test_the_pdfs_fonts_ship_with_their_licences(site_dir):
    """The PDFs embed parts of the pinned faces; their licences sit beside them."""
    licences = site_dir / pdf.LICENCES
    for font in editor_vendor.Lock.read().fonts:
        text = (licences / f"{font.name.rsplit('/', 1)[-1]}.txt").read_text(encoding="utf-8")
        assert "SIL Open Font License" in text, font.name


def test_an_unchanged_worksheet_is_not_rendered_again(project: Path, site_dir: Path):
    """`project` is a copy in another folder given the built project's PDF cache: the cache
    is keyed by what a PDF is made from, never by paths or file times."""
    first = run_generator(project, "site", check=True)
    assert "PDFs: 0 rendered, 2 unchanged" in first.stdout
    cache = project / pdf.CACHE
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    published = (project / "site/worksheets/dependency-paradox.pdf").read_bytes()
    assert published == (site_dir / "worksheets/dependency-paradox.pdf").read_bytes()

    second = run_generator(project, "site", check=True)
    assert "PDFs: 0 rendered, 2 unchanged" in second.stdout
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == before
    assert (project / "site/worksheets/dependency-paradox.pdf").read_bytes() == published

    source = project / "content/exercises/secure-base-strategy.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Provide availability and responsiveness during stress",
                                   "Be there when stress hits"), encoding="utf-8")
    third = run_generator(project, "site", check=True)
    assert "PDFs: 1 rendered, 1 unchanged" in third.stdout, third.stdout
    assert (project / "site/worksheets/dependency-paradox.pdf").read_bytes() == published
    assert "Be there when stress hits" in flat(
        PdfReader(project / "site/worksheets/secure-base-strategy.pdf").pages[0]
        .extract_text())
    assert len(list(cache.glob("*.pdf"))) == 2, "PDFs no page makes any more are pruned"


def test_the_faces_are_decoded_once_and_draw_the_same_pdf_as_their_woff2(
        project: Path, built_project: Path, monkeypatch):
    """WeasyPrint is given each pinned face decompressed once into the cache, not its WOFF2,
    which it would decode again in every process that renders: the PDFs are the same bytes
    as PDFs rendered from the WOFF2 files themselves."""
    cache = project / pdf.CACHE
    woff2 = [face.path for face in editor_vendor.files().faces() if face.path.suffix == ".woff2"]
    assert woff2, "the pinned faces are WOFF2 files"
    decoded = [pdf._decoded(cache, path) for path in woff2]
    assert all(path.is_file() for path in decoded), "the built project's cache holds them"
    site = shutil.copytree(built_project / "site", project / "site")
    published = {path.name: path.read_bytes() for path in (site / "worksheets").glob("*.pdf")}
    assert len(published) == 2
    for path in cache.glob("*.pdf"):
        path.unlink()
    monkeypatch.setattr(pdf, "_decoded", lambda cache, woff2: woff2)
    monkeypatch.setattr(pdf, "_decompress", lambda decoded: None)
    # WeasyPrint's parsed fonts are let go with the test, not at the worker's exit.
    monkeypatch.setattr(pdf, "_PARSED", {})
    report = pdf.make_pdfs(project, site, Progress.quiet())
    assert report.rendered == 2
    assert {path.name: path.read_bytes()
            for path in (site / "worksheets").glob("*.pdf")} == published


def test_a_cache_copied_into_a_clone_in_another_folder_is_reused(built_project: Path,
                                                                  tmp_path: Path):
    """What the Site workflow does: the cache of one run restored into a fresh clone
    elsewhere. Its keys hold no path and no file time, so only the changed worksheet is
    rendered, and every other PDF is the one the first clone made, byte for byte."""
    clone = copy_project(tmp_path / "elsewhere" / "clone")
    shutil.copytree(built_project / pdf.CACHE, clone / pdf.CACHE)
    source = clone / "content/exercises/secure-base-strategy.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: (.*)$", r"title: \1 (changed)", text, count=1),
                      encoding="utf-8")
    before = {p.relative_to(built_project / "site"): p.read_bytes()
              for p in (built_project / "site").rglob("*.pdf")}
    result = run_generator(clone, "site", check=True)
    assert f"PDFs: 1 rendered, {len(before) - 1} unchanged" in result.stdout, result.stdout
    after = {p.relative_to(clone / "site"): p.read_bytes() for p in (clone / "site").rglob("*.pdf")}
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert [name.as_posix() for name in changed] == ["worksheets/secure-base-strategy.pdf"]


def test_a_pdf_build_fetches_nothing_from_the_network(project: Path):
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        source = project / "content/exercises/dependency-paradox.yaml"
        text = source.read_text(encoding="utf-8")
        assert "\noutcome: Shift" in text
        source.write_text(text.replace(
            "\noutcome: Shift", "\noutcome: |-\n  ![The site's heart](../../assets/favicon.svg)\n"
            f"  [a link](http://127.0.0.1:{port}/page)\n\n  Shift"), encoding="utf-8")
        run_generator(project, "site", check=True)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    reader = PdfReader(project / "site/worksheets/dependency-paradox.pdf")
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    assert f"http://127.0.0.1:{port}/page" in links


def test_missing_library_advice_is_one_line_naming_the_packages():
    error = ("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object "
             "file: No such file or directory.  Additionally, ctypes.util.find_library() did "
             "not manage to locate a library called 'libpango-1.0-0'")
    advice = pdf.missing_library_advice(error, find=lambda name: None if "pango" in name else name)
    assert "\n" not in advice
    assert "libpango-1.0-0" in advice
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in advice
    # A library the machine has but cannot load: its own package.
    advice = pdf.missing_library_advice(error, find=lambda name: name)
    assert advice.endswith("apt-get install libpango-1.0-0")


def test_a_missing_pango_stops_the_build_with_that_line_and_keeps_the_site(project: Path):
    """The machine is made to lack pango: the dynamic loader does not find it (ctypes, which
    the check before the PDF stage asks) and cffi cannot load it (WeasyPrint's import)."""
    run_generator(project, "site", check=True)
    before = sorted(p.relative_to(project).as_posix() for p in (project / "site").rglob("*"))
    hook = project / "no_pango"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import cffi\n"
        "_real = cffi.FFI.dlopen\n"
        "def dlopen(self, name, *args, **kwargs):\n"
        "    if 'pango' in str(name):\n"
        "        raise OSError(f\"cannot load library '{name}': {name}: cannot open shared \"\n"
        "                      'object file: No such file or directory')\n"
        "    return _real(self, name, *args, **kwargs)\n"
        "cffi.FFI.dlopen = dlopen\n"
        "import ctypes.util\n"
        "_find = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: None if 'pango' in name else _find(name)\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{project}"}
    result = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "site/ built" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(r"pango-1\.0.*apt-get install libpango-1\.0-0 libpangoft2-1\.0-0", lines[0])
    after = sorted(p.relative_to(project).as_posix() for p in (project / "site").rglob("*"))
    assert after == before


def test_a_pdf_that_cannot_be_made_is_named_with_its_language_folder(bilingual_site, tmp_path):
    import shutil

    from generator.errors import BuildError
    from generator.progress import Progress

    staging = tmp_path / "site"
    shutil.copytree(bilingual_site / "site", staging)
    page = staging / "es/worksheets/secure-base-strategy/index.html"
    page.write_text(re.sub(r"<form.*</form>", "", page.read_text(encoding="utf-8"),
                           flags=re.S), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        pdf.make_pdfs(bilingual_site, staging, Progress.quiet(), ("", "es/"))
    assert str(caught.value) == (
        "es/worksheets/secure-base-strategy.pdf: the built page has no worksheet <form> to "
        "make the PDF from (see generator/templates/worksheet.md.j2)")


def test_no_word_is_lost_off_the_edge_of_the_paper(long_words_site: Path):
    """A 5,000-character word, a 300-character address in a tip, 200-character headings of
    the practice log and a long Arabic word: each wraps inside its box, every character on
    the paper, no box in a margin, each heading within its column."""
    path = long_words_site / "site/worksheets" / f"{long_words.SLUG}.pdf"
    read = long_words.text(path)
    for word in long_words.LONG:
        assert word in read, f"a {len(word)}-character word is not whole in the PDF"
    letters = [c for c in unicodedata.normalize("NFKC", read) if c in long_words.ARABIC_LETTERS]
    assert len(letters) >= len(long_words.ARABIC)
    assert long_words.outside(path) == []
    boxes = long_words.boxes(path)
    printed = {box.text for box in boxes}
    assert [each for each in long_words.ORDINARY.split() if each not in printed] == []
    short = next(box for box in boxes if box.text == "Short")
    row = [box for box in boxes if box.page == short.page and len(box.text) >= 8]
    before = [box for box in row if box.text in long_words.HEADINGS[0]]
    after = [box for box in row if box.text in long_words.HEADINGS[2]]
    assert before and after
    assert max(box.x1 for box in before) < short.x0 < short.x1 < min(box.x0 for box in after)
