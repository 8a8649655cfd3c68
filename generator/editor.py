"""The browser editor at `/admin/`: Sveltia CMS, served by the site itself.

`install` writes `admin/` into a built site: the page (generator/admin/index.html, with its
Content-Security-Policy), the configuration made from the model (editor_config), the pinned
editor and the files it would otherwise fetch from CDNs (its fonts, Immutable.js for the
preview), all checked by editor_vendor, their licences, the preview (preview.js, with the
site's labels in choices.json) and a service worker (sw.js) that answers from the site the
addresses on other hosts the editor asks for.

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

from . import editor_config, editor_vendor
from .catalogue import load_site_data

STATIC = Path(__file__).with_name("admin")
FOLDER = "admin"
GITHUB_API = "https://api.github.com"
# GitHub shows a signed-in user's picture from here.
AVATARS = "https://avatars.githubusercontent.com"
UPDATE_CHECK = "https://unpkg.com/@sveltia/cms/package.json"
GITHUB_STATUS = "https://www.githubstatus.com/api/v2/status.json"


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


def install(root: Path, site: Path) -> str:
    """Write admin/ into the built site at `site`; a BuildError if the editor is not fetched."""
    vendored = editor_vendor.files()
    lock = vendored.lock
    target = site / FOLDER
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
    site_data = load_site_data(root)
    config = editor_config.write(site_data, target)
    # The labels the preview shows (preview.js): data, read by start.js, never code.
    (target / "choices.json").write_text(json.dumps(editor_config.labels(site_data), indent=2),
                                         encoding="utf-8")
    page = Template((STATIC / "index.html").read_text(encoding="utf-8"))
    (target / "index.html").write_text(page.substitute(
        csp=content_security_policy(lock), title=f"{_html(site_data.name)} · editor"),
        encoding="utf-8")
    worker = Template((STATIC / "sw.js").read_text(encoding="utf-8"))
    (target / "sw.js").write_text(worker.substitute(
        files=json.dumps({m.url: local_path(m) for m in lock.mirrors}, indent=2),
        answers=json.dumps(answers(lock), indent=2)), encoding="utf-8")
    return f"editor: {lock.editor.spec} at /{FOLDER}/ ({config.name} from the model)"


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
