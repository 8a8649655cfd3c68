"""The browser editor's files: Sveltia CMS and the fonts it shows, fetched from npm and checked.

`generator/editor.lock.json` pins each npm package by version and by the sha512 integrity npm
publishes for it. `python -m generator.editor_vendor` (run by `make site` and `make test`)
downloads every tarball the store lacks with `npm pack` (so npm's own registry and proxy
settings apply), refuses one whose sha512 differs from the lock, and unpacks only the files the
site serves into the Python environment that runs the generator
(`<venv>/share/exercise-site/editor/`). Every copy of the project run by that environment, the
tests' copies included, builds from there; the build itself never reaches the network.

Updating is one command, `python -m generator.editor_vendor --update 0.222.0`: it asks npm for
that version's integrity, reads from the new bundle which files it would load from a CDN (the
fonts at cdn.jsdelivr.net, the version of Immutable.js at unpkg.com), pins the npm packages that
hold those files, rewrites the lock and fetches.

Why mirrors: Sveltia loads its text font (Source Sans 3), its icon font (Material Symbols;
without it every icon shows as its ligature name) and a monospace font from a CDN, and
Immutable.js from unpkg.com once a custom preview template is registered. The site serves the
same files from npm's `@fontsource` and `immutable` packages instead (see generator/admin/sw.js).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import BuildError

LOCK = Path(__file__).with_name("editor.lock.json")
# Sveltia's bundle names its fonts by the fontsource CDN's address; `:vf` is the variable font.
FONT_URL = re.compile(r"https://cdn\.jsdelivr\.net/fontsource/fonts/(?P<family>[a-z0-9-]+)"
                      r"(?P<vf>:vf)?@(?P<version>[0-9][0-9.]*)/(?P<file>[a-z0-9-]+\.woff2)")
# The modules the editor imports from unpkg.com that this site needs (Immutable.js: the entry
# a preview template is given), and the file of each it imports.
UNPKG_MODULES = {"immutable": "dist/immutable.es.js"}
# What the site serves from the editor's package (source maps are left out: 17 MB for DevTools).
EDITOR_FILES = re.compile(r"^package/(dist/sveltia-cms\.js|dist/chunks/[^/]+\.js|LICENSE\.txt"
                          r"|schema/sveltia-cms\.json)$")
MARKER = ".integrity"


@dataclass(frozen=True)
class Package:
    """One npm package at one version, with the sha512 integrity its tarball must have."""

    name: str
    version: str
    integrity: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> str:
        return self.spec.replace("/", "+")


@dataclass(frozen=True)
class Mirror(Package):
    """A file the editor asks a CDN for (`url`), and where its npm package holds it."""

    url: str
    file: str


@dataclass(frozen=True)
class Lock:
    editor: Package
    mirrors: tuple[Mirror, ...]

    @classmethod
    def read(cls, path: Path = LOCK) -> Lock:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(Package(**data["editor"]), tuple(Mirror(**m) for m in data["mirrors"]))

    def write(self, path: Path = LOCK) -> None:
        data = {"editor": asdict(self.editor), "mirrors": [
            {"url": m.url, "name": m.name, "version": m.version, "integrity": m.integrity,
             "file": m.file} for m in self.mirrors]}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @property
    def packages(self) -> tuple[Package, ...]:
        return (self.editor, *self.mirrors)


def store() -> Path:
    """Where the checked files live: inside the environment running the generator, so every
    copy of the project it builds (the tests make many) finds them without a download."""
    return Path(sys.prefix) / "share" / "exercise-site" / "editor"


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity string npm records for a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _installed(package: Package, where: Path) -> bool:
    marker = where / package.folder / MARKER
    return marker.is_file() and marker.read_text(encoding="ascii").strip() == package.integrity


def _npm(*args: str, cwd: Path | None = None) -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is needed once to fetch the browser editor (install Node.js and "
                         "npm, then run `make site` again)")
    result = subprocess.run([npm, *args, "--json", "--silent"], cwd=cwd, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"npm {args[0]} {args[1]} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def _download(package: Package) -> bytes:
    """The package's tarball, as `npm pack` gets it from the registry, checked against the lock."""
    with tempfile.TemporaryDirectory() as tmp:
        packed = json.loads(_npm("pack", package.spec, "--pack-destination", tmp))
        data = (Path(tmp) / packed[0]["filename"]).read_bytes()
    found = integrity_of(data)
    if found != package.integrity:
        raise BuildError(f"{package.spec}: the download's checksum is {found}, but "
                         f"{LOCK.name} pins {package.integrity}; nothing was installed")
    return data


def _members(data: bytes, wanted) -> dict[str, bytes]:
    """The regular files of a tarball whose names `wanted` accepts, read without extracting."""
    found = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and wanted(member.name):
                extracted = tar.extractfile(member)
                assert extracted is not None
                found[member.name.removeprefix("package/")] = extracted.read()
    return found


def _wanted(package: Package):
    if isinstance(package, Mirror):
        return lambda name: name in (f"package/{package.file}", "package/LICENSE")
    return lambda name: EDITOR_FILES.match(name) is not None


def _install(package: Package, data: bytes, where: Path) -> None:
    """Unpack into a fresh folder and rename it into place: a half-unpacked copy is never used."""
    files = _members(data, _wanted(package))
    target = where / package.folder
    partial = where / (package.folder + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for rel, content in files.items():
        path = partial / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (partial / MARKER).write_text(package.integrity + "\n", encoding="ascii")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)


def fetch(lock: Lock | None = None, where: Path | None = None) -> list[str]:
    """Download, check and unpack every pinned package the store lacks; the specs fetched."""
    lock = lock or Lock.read()
    where = where or store()
    where.mkdir(parents=True, exist_ok=True)
    fetched = []
    for package in lock.packages:
        if not _installed(package, where):
            _install(package, _download(package), where)
            fetched.append(package.spec)
    return fetched


@dataclass(frozen=True)
class Files:
    """The checked files of the pinned editor: what the build copies into site/admin/."""

    lock: Lock
    root: Path

    @property
    def editor(self) -> Path:
        return self.root / self.lock.editor.folder

    @property
    def config_schema(self) -> Path:
        """Sveltia's own JSON Schema of its configuration, shipped in its npm package."""
        return self.editor / "schema" / "sveltia-cms.json"

    def mirror(self, mirror: Mirror) -> Path:
        return self.root / mirror.folder / mirror.file

    def licence(self, mirror: Mirror) -> Path:
        return self.root / mirror.folder / "LICENSE"


def files(lock: Lock | None = None, where: Path | None = None) -> Files:
    """The installed files of the pinned versions; a BuildError says how to get them if not."""
    lock = lock or Lock.read()
    where = where or store()
    missing = [p.spec for p in lock.packages if not _installed(p, where)]
    if missing:
        raise BuildError(f"the browser editor's files are not installed ({', '.join(missing)}); "
                         "run `make site` (or `.venv/bin/python -m generator.editor_vendor`) "
                         "once with access to the npm registry")
    return Files(lock, where)


def _view_integrity(spec: str) -> str:
    return json.loads(_npm("view", spec, "dist.integrity"))


def update(version: str) -> Lock:
    """Pin Sveltia CMS `version` and the packages of the files its bundle asks CDNs for."""
    editor = Package("@sveltia/cms", version, _view_integrity(f"@sveltia/cms@{version}"))
    bundle = _members(_download(editor), lambda n: n == "package/dist/sveltia-cms.js")
    text = bundle["dist/sveltia-cms.js"].decode("utf-8")
    mirrors = []
    for url in sorted({match.group() for match in FONT_URL.finditer(text)}):
        match = FONT_URL.fullmatch(url)
        assert match is not None
        family = match["family"]
        name = f"@fontsource{'-variable' if match['vf'] else ''}/{family}"
        mirrors.append(Mirror(name, match["version"],
                              _view_integrity(f"{name}@{match['version']}"), url,
                              f"files/{family}-{match['file']}"))
    for name, file in UNPKG_MODULES.items():
        # The bundle carries its package.json's dependencies: `immutable:`^5.1.9``.
        pinned = re.search(rf"""["']?{re.escape(name)}["']?:`\^?([0-9][0-9.]*)`""", text)
        if pinned is None:
            raise BuildError(f"@sveltia/cms@{version} no longer names its {name} version; check "
                             "the bundle by hand before pinning it")
        spec = f"{name}@{pinned.group(1)}"
        mirrors.append(Mirror(name, pinned.group(1), _view_integrity(spec),
                              f"https://unpkg.com/{spec}/{file}", file))
    if not any(FONT_URL.fullmatch(m.url) for m in mirrors):
        raise BuildError(f"@sveltia/cms@{version} names no fontsource font; check the bundle "
                         "by hand before pinning it")
    return Lock(editor, tuple(mirrors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.editor_vendor",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", metavar="VERSION",
                        help="pin this version of @sveltia/cms (and its fonts), then fetch it")
    args = parser.parse_args(argv)
    try:
        if args.update:
            lock = update(args.update)
            lock.write()
            print(f"{LOCK.name}: pinned {lock.editor.spec} and "
                  f"{', '.join(m.spec for m in lock.mirrors)}")
        fetched = fetch()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"browser editor: fetched and checked {', '.join(fetched)}" if fetched
          else "browser editor: the pinned files are installed and checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
