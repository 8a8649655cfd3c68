"""The files taken from npm: the browser editor (Sveltia CMS and the fonts it shows) and the
fonts the worksheet PDFs are drawn with, fetched from the npm registry and checked.

`generator/editor.lock.json` pins each npm package by version and by the sha512 integrity the
registry publishes for it. `python -m generator.editor_vendor` (run by `make site` and `make
test`) downloads every tarball the store lacks straight from the registry over HTTPS (no npm
program: `npm_config_registry` names another registry, and the usual proxy variables apply),
refuses one whose sha512 differs from the lock, and unpacks only the files the site uses into
the Python environment that runs the generator (`<venv>/share/exercise-site/npm/`). Every copy
of the project run by that environment, the tests' copies included, builds from there; the
build itself never reaches the network.

Updating the editor is one command, `python -m generator.editor_vendor --update 0.222.0`: it
reads that version's integrity from the registry, reads from the new bundle which files it
would load from a CDN (the fonts at cdn.jsdelivr.net, the version of Immutable.js at
unpkg.com), pins the npm packages that hold those files, rewrites the lock and fetches.

Why mirrors: Sveltia loads its text font (Source Sans 3), its icon font (Material Symbols;
without it every icon shows as its ligature name) and a monospace font from a CDN, and
Immutable.js from unpkg.com once a custom preview template is registered. The site serves the
same files from npm's `@fontsource` and `immutable` packages instead (see generator/admin/sw.js).

Why fonts for the PDFs: drawn with whatever fontconfig finds, a worksheet looked different on
every machine. The lock's `fonts` pins the `@fontsource` subsets (one woff2 file a script and a
weight, with the unicode-range each covers) that generator/pdf.py loads through @font-face.
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
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .errors import BuildError

LOCK = Path(__file__).with_name("editor.lock.json")
REGISTRY = "https://registry.npmjs.org/"
TIMEOUT = 60  # seconds without a byte before a download is given up
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

    def wanted(self, name: str) -> bool:
        """Whether the tarball's member `name` is installed: the editor's served files."""
        return EDITOR_FILES.match(name) is not None


@dataclass(frozen=True)
class Mirror(Package):
    """A file the editor asks a CDN for (`url`), and where its npm package holds it."""

    url: str
    file: str

    def wanted(self, name: str) -> bool:
        return name in (f"package/{self.file}", "package/LICENSE")


@dataclass(frozen=True)
class FontPackage(Package):
    """A fontsource package of one family, of which the PDFs use some subsets (`latin`,
    `greek`, `hebrew`...) in some weights and styles (`normal`, `italic`)."""

    family: str
    subsets: tuple[str, ...]
    weights: tuple[int, ...]
    styles: tuple[str, ...] = ("normal",)

    @property
    def files(self) -> tuple[tuple[str, int, str, str], ...]:
        """(subset, weight, style, file) of each face: its woff2 file in the package."""
        base = self.name.rsplit("/", 1)[-1]
        return tuple((subset, weight, style, f"files/{base}-{subset}-{weight}-{style}.woff2")
                     for subset in self.subsets for weight in self.weights
                     for style in self.styles)

    @staticmethod
    def stylesheet(weight: int, style: str) -> str:
        """The package's @font-face rules of a weight and style (`400.css`, `700-italic.css`),
        which give each file's unicode-range."""
        return f"{weight}{'' if style == 'normal' else '-' + style}.css"

    def wanted(self, name: str) -> bool:
        return name.removeprefix("package/") in {
            "LICENSE", *(file for *_, file in self.files),
            *(self.stylesheet(weight, style) for _, weight, style, _ in self.files)}


@dataclass(frozen=True)
class Lock:
    editor: Package
    mirrors: tuple[Mirror, ...]
    fonts: tuple[FontPackage, ...] = ()

    @classmethod
    def read(cls, path: Path = LOCK) -> Lock:
        data = json.loads(path.read_text(encoding="utf-8"))
        fonts = tuple(FontPackage(f["name"], f["version"], f["integrity"], f["family"],
                                  tuple(f["subsets"]), tuple(f["weights"]), tuple(f["styles"]))
                      for f in data.get("fonts", ()))
        return cls(Package(**data["editor"]), tuple(Mirror(**m) for m in data["mirrors"]),
                   fonts)

    def write(self, path: Path = LOCK) -> None:
        data = {"editor": asdict(self.editor), "mirrors": [
            {"url": m.url, "name": m.name, "version": m.version, "integrity": m.integrity,
             "file": m.file} for m in self.mirrors],
            "fonts": [asdict(f) for f in self.fonts]}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @property
    def packages(self) -> tuple[Package, ...]:
        return (self.editor, *self.mirrors, *self.fonts)


def store() -> Path:
    """Where the checked files live: inside the environment running the generator, so every
    copy of the project it builds (the tests make many) finds them without a download."""
    return Path(sys.prefix) / "share" / "exercise-site" / "npm"


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity string npm records for a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _marker(package: Package) -> str:
    """What an installed copy records: the integrity and what was taken (files, subsets), so
    that a lock asking for other files of the same tarball unpacks it again."""
    return json.dumps(asdict(package), sort_keys=True)


def _installed(package: Package, where: Path) -> bool:
    marker = where / package.folder / MARKER
    return marker.is_file() and marker.read_text(encoding="utf-8").strip() == _marker(package)


def registry() -> str:
    """The registry npm itself would use: `npm_config_registry` (as npm reads it from the
    environment, in either case), else npm's public one."""
    url = (os.environ.get("npm_config_registry")  # noqa: SIM112 (npm's own spelling)
           or os.environ.get("NPM_CONFIG_REGISTRY")
           or REGISTRY)
    return url if url.endswith("/") else url + "/"


def tarball_url(package: Package) -> str:
    """Where every npm registry serves a version's tarball: `<name>/-/<base>-<version>.tgz`."""
    return f"{registry()}{package.name}/-/{package.name.rsplit('/', 1)[-1]}-{package.version}.tgz"


def _proxy(url: str) -> str:
    """The proxy urllib sends `url` through (HTTPS_PROXY, NO_PROXY...), without credentials."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return "no proxy"
    shown = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return f"proxy {shown.scheme}://{shown.hostname}{f':{shown.port}' if shown.port else ''}"


def _get(url: str, what: str) -> bytes:
    """The body at `url`; a BuildError of one line with the host, the status or the
    connection's error, and the proxy used, when there is none."""
    host = urlsplit(url).netloc
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise BuildError(f"{what}: {host} answered HTTP {exc.code} {exc.reason} for {url} "
                         f"({_proxy(url)})") from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
    except OSError as exc:  # a timeout, or a connection reset in the middle of the download
        reason = exc.strerror or repr(exc)
    raise BuildError(f"{what}: cannot connect to {host} ({reason}; {_proxy(url)}); set "
                     "npm_config_registry or HTTPS_PROXY if the registry is reached another way")


def _download(package: Package, url: str | None = None) -> bytes:
    """The package's tarball from the registry, checked against the lock."""
    data = _get(url or tarball_url(package), f"cannot download {package.spec}")
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


def _install(package: Package, data: bytes, where: Path) -> None:
    """Unpack into a fresh folder and rename it into place: a half-unpacked copy is never used."""
    files = _members(data, package.wanted)
    target = where / package.folder
    partial = where / (package.folder + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for rel, content in files.items():
        path = partial / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (partial / MARKER).write_text(_marker(package) + "\n", encoding="utf-8")
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
class Face:
    """One installed font file of the PDFs, and the characters the page takes from it."""

    family: str
    subset: str  # fontsource's name of its script: latin, greek, hebrew...
    weight: int
    style: str  # normal or italic
    path: Path
    unicode_range: str  # as CSS writes it: U+0000-00FF,U+0131,...


@dataclass(frozen=True)
class Files:
    """The checked files of the pinned packages: what the build copies and draws with."""

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

    def licence(self, package: Package) -> Path:
        return self.root / package.folder / "LICENSE"

    def faces(self) -> list[Face]:
        """Every font file the PDFs use, in the lock's order, with the unicode-range its
        package's own stylesheet gives it (a subset's file holds a few shared characters
        too, such as the space; the range says which it is meant for)."""
        faces = []
        for font in self.lock.fonts:
            for subset, weight, style, file in font.files:
                css = (self.root / font.folder / font.stylesheet(weight, style)).read_text("utf-8")
                found = re.search(rf"url\(\./{re.escape(file)}\)[^}}]*?unicode-range:\s*([^;}}]+)",
                                  css)
                if found is None:
                    raise BuildError(f"{font.spec}: {font.stylesheet(weight, style)} gives {file} "
                                     "no unicode-range; check the package before pinning it")
                faces.append(Face(font.family, subset, weight, style,
                                  self.root / font.folder / file,
                                  "".join(found.group(1).split())))
        return faces


def files(lock: Lock | None = None, where: Path | None = None) -> Files:
    """The installed files of the pinned versions; a BuildError says how to get them if not."""
    lock = lock or Lock.read()
    where = where or store()
    missing = [p.spec for p in lock.packages if not _installed(p, where)]
    if missing:
        raise BuildError(f"the pinned npm files (browser editor, PDF fonts) are not installed "
                         f"({', '.join(missing)}); run `make site` (or `.venv/bin/python -m "
                         "generator.editor_vendor`) once with access to the npm registry")
    return Files(lock, where)


def _version(name: str, version: str) -> dict:
    """The registry's record of one version of a package (its `dist`: integrity, tarball)."""
    url = f"{registry()}{quote(name, safe='@')}/{quote(version)}"
    data = _get(url, f"cannot read {name}@{version} from the registry")
    try:
        record = json.loads(data)
        record["dist"]["integrity"]  # noqa: B018 (what update needs of it)
    except (ValueError, KeyError, TypeError):
        raise BuildError(f"{url}: not a package version's record (no dist.integrity)") from None
    return record


def _pin(name: str, version: str) -> str:
    return _version(name, version)["dist"]["integrity"]


def update(version: str) -> Lock:
    """Pin Sveltia CMS `version` and the packages of the files its bundle asks CDNs for; the
    PDFs' fonts stay as pinned."""
    record = _version("@sveltia/cms", version)
    editor = Package("@sveltia/cms", version, record["dist"]["integrity"])
    bundle = _members(_download(editor, record["dist"].get("tarball")),
                      lambda n: n == "package/dist/sveltia-cms.js")
    text = bundle["dist/sveltia-cms.js"].decode("utf-8")
    mirrors = []
    for url in sorted({match.group() for match in FONT_URL.finditer(text)}):
        match = FONT_URL.fullmatch(url)
        assert match is not None
        family = match["family"]
        name = f"@fontsource{'-variable' if match['vf'] else ''}/{family}"
        mirrors.append(Mirror(name, match["version"], _pin(name, match["version"]), url,
                              f"files/{family}-{match['file']}"))
    for name, file in UNPKG_MODULES.items():
        # The bundle carries its package.json's dependencies: `immutable:`^5.1.9``.
        pinned = re.search(rf"""["']?{re.escape(name)}["']?:`\^?([0-9][0-9.]*)`""", text)
        if pinned is None:
            raise BuildError(f"@sveltia/cms@{version} no longer names its {name} version; check "
                             "the bundle by hand before pinning it")
        spec = f"{name}@{pinned.group(1)}"
        mirrors.append(Mirror(name, pinned.group(1), _pin(name, pinned.group(1)),
                              f"https://unpkg.com/{spec}/{file}", file))
    if not any(FONT_URL.fullmatch(m.url) for m in mirrors):
        raise BuildError(f"@sveltia/cms@{version} names no fontsource font; check the bundle "
                         "by hand before pinning it")
    return Lock(editor, tuple(mirrors), Lock.read().fonts)


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
    print(f"npm packages: fetched and checked {', '.join(fetched)}" if fetched
          else "npm packages: the pinned files are installed and checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
