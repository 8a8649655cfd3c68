"""The browser editor at `/admin/`: Sveltia CMS, served by the site itself.

`install` writes `admin/` into a built site: the page (generator/admin/index.html, with its
Content-Security-Policy), the configuration made from the model (editor_config), the pinned
editor and the files it would otherwise fetch from CDNs (its fonts, Immutable.js for the
preview), all checked by editor_vendor, their licences, the preview (preview.js, with the
site's words in each of its languages in preview.json) and a service worker (sw.js) that
answers from the site the addresses on other hosts the editor asks for.

The page holds a token that can write to the repository once someone signs in, so its policy
lets scripts come from the site only and connections go to the site and GitHub's API only. The
exceptions are the exact addresses sw.js answers, each named to the file: a page's policy is
checked before its service worker sees a request, so they must be allowed, but none of them
reaches the network while sw.js controls the page, and start.js starts the editor only once it
does (without a service worker it starts without the preview, the one user of Immutable.js).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from string import Template

from . import editor_config, editor_vendor, i18n
from .catalogue import Site
from .schema import CHOICES, Exercise, PracticeLog, SiteData, Time

STATIC = Path(__file__).with_name("admin")
FOLDER = "admin"
GITHUB_API = "https://api.github.com"
# GitHub shows a signed-in user's picture from here.
AVATARS = "https://avatars.githubusercontent.com"
UPDATE_CHECK = "https://unpkg.com/@sveltia/cms/package.json"
GITHUB_STATUS = "https://www.githubstatus.com/api/v2/status.json"
# The page's words the preview shows (generator/templates/exercise.md.j2, _source.md.j2), by
# the name preview.js gives them: each is a message of the site's gettext catalogue, so the
# preview says them in the language of the exercise it shows, as the page does.
WORDS = {
    "recommended": "Recommended",
    "themes": "Themes:",
    "outcome": "What You'll Achieve",
    "principles": "Key principles",
    "steps": "Steps",
    "questions": "Reflection Questions",
    "tips": "Personalization Tips",
    "tips_title": "Make it your own",
    "log": "Practice log",
    "log_note": "The worksheet has the table to fill in.",
    "background": "Background",
    "related": "Related exercises",
    "insight": "Insight %(number)s of %(total)s of %(book)s",
    "from": "From %(book)s",
    "time": "Time:",
    "range": "%(least)s–%(most)s minutes",
    "audience": "For:",
    "cautions": "Cautions: when not to do this exercise, or when to stop",
    "references": "References",
    "for_therapists": "For therapists: introducing and debriefing the exercise",
}
EXAMPLES = ("Example", "Examples")
LOG = ("Keep a log for %(num)d day, noting each day:",
       "Keep a log for %(num)d days, noting each day:")
MINUTES = ("%(num)d minute", "%(num)d minutes")


def answers(lock: editor_vendor.Lock) -> dict[str, object]:
    """What sw.js answers for the editor's update check and for GitHub's status."""
    return {UPDATE_CHECK: {"version": lock.editor.version},
            GITHUB_STATUS: {"status": {"indicator": "unknown"}}}


def local_path(mirror: editor_vendor.Mirror) -> str:
    """Where the site serves a mirrored file, inside admin/."""
    return f"vendor/{Path(mirror.file).name}"


def content_security_policy(lock: editor_vendor.Lock) -> str:
    """The page's policy. Besides the site, it names GitHub's API and exactly the addresses
    sw.js answers (fonts, Immutable.js, the update and status checks), each to the file."""
    fonts = " ".join(m.url for m in lock.mirrors if m.file.endswith(".woff2"))
    scripts = " ".join(m.url for m in lock.mirrors if m.file.endswith(".js"))
    checks = " ".join(answers(lock))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {scripts}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {AVATARS}",
        f"font-src 'self' {fonts}",
        # data: is the editor reading its own logo, which it carries as a data: address.
        f"connect-src 'self' data: {GITHUB_API} {checks}",
        # The preview pane is a frame the editor fills from a blob: address.
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def install(site: Site, built: Path) -> str:
    """Write admin/ into the built site at `built` for the checked `site`; a BuildError if
    the editor is not fetched."""
    vendored = editor_vendor.files()
    lock = vendored.lock
    target = built / FOLDER
    shutil.rmtree(target, ignore_errors=True)
    (target / "vendor").mkdir(parents=True)
    (target / "licenses").mkdir()
    shutil.copytree(vendored.editor / "dist", target, dirs_exist_ok=True)
    shutil.copy2(vendored.editor / "LICENSE.txt", target / "licenses" / "sveltia-cms.txt")
    for mirror in lock.mirrors:
        shutil.copy2(vendored.mirror(mirror), target / local_path(mirror))
        shutil.copy2(vendored.licence(mirror),
                     target / "licenses" / f"{mirror.name.rsplit('/', 1)[-1]}.txt")
    for name in ("start.js", "preview.js", "preview.css"):
        shutil.copy2(STATIC / name, target / name)
    site_data = site.data
    config = editor_config.write(site_data, target)
    # What the preview says (preview.js): data, read by start.js, never code.
    (target / "preview.json").write_text(json.dumps(preview_words(site), indent=2,
                                                    ensure_ascii=False), encoding="utf-8")
    page = Template((STATIC / "index.html").read_text(encoding="utf-8"))
    (target / "index.html").write_text(page.substitute(
        csp=content_security_policy(lock), title=f"{_html(site_data.name)} · editor"),
        encoding="utf-8")
    worker = Template((STATIC / "sw.js").read_text(encoding="utf-8"))
    (target / "sw.js").write_text(worker.substitute(
        files=json.dumps({m.url: local_path(m) for m in lock.mirrors}, indent=2),
        answers=json.dumps(answers(lock), indent=2)), encoding="utf-8")
    return f"editor: {lock.editor.spec} at /{FOLDER}/ ({config.name} from the model)"


def preview_words(site: Site) -> dict[str, object]:
    """For each language of the site, what the preview writes around the exercise: the
    page's headings from the site's catalogue, whether the language is written right to left,
    and the labels of difficulties, tags, audiences and books in that language."""
    most_examples = Exercise.model_json_schema()["properties"]["examples"]["maxItems"]
    most_days = PracticeLog.model_json_schema()["properties"]["days"]["maximum"]
    most_minutes = Time.model_json_schema()["properties"]["minutes"]["anyOf"][0]["maximum"]
    languages = {}
    for each in site.every_language:
        words = i18n.translations(each.language)
        languages[each.language] = {
            "dir": i18n.direction(each.language),
            "words": {name: words.gettext(message) for name, message in WORDS.items()},
            # Plurals as the catalogue makes them, for every count the schema allows.
            "examples": [words.ngettext(*EXAMPLES, n) for n in range(1, most_examples + 1)],
            "log": [words.ngettext(*LOG, n) % {"num": n} for n in range(1, most_days + 1)],
            "minutes": [words.ngettext(*MINUTES, n) % {"num": n}
                        for n in range(1, most_minutes + 1)],
            **_labels(each.data),
        }
    return {"language": site.language, "languages": languages}


def _labels(data: SiteData) -> dict[str, object]:
    """How the preview names what an exercise chooses: the site's words, not the ids."""
    return {
        **{group: {c.id: {"label": c.label, "description": c.description}
                   for c in getattr(data, group)} for group in CHOICES},
        "books": {b.id: {"label": b.cited_as, "insights": b.insights} for b in data.books},
    }


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
