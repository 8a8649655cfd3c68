"""The npm files (the browser editor, the PDFs' fonts) are fetched straight from the registry.

A local HTTP server on 127.0.0.1 stands in for the registry: a tarball with the pinned
checksum is installed (only the files the site uses), any other is refused, and a missing
package or a registry that cannot be reached is one line naming the host, the status or the
connection's error, and the proxy in use.
"""

from __future__ import annotations

import http.server
import io
import json
import socket
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import editor_vendor
from generator.editor_vendor import FontPackage, Lock, Package, integrity_of
from generator.errors import BuildError

PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY", "no_proxy", "NO_PROXY", "NPM_CONFIG_REGISTRY")


def tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.fixture
def served(monkeypatch) -> Iterator[dict[str, bytes]]:
    """The registry: the files put in the returned dict, by path, served on 127.0.0.1."""
    files: dict[str, bytes] = {}

    class Registry(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{server.server_port}")
    yield files
    server.shutdown()
    server.server_close()


EDITOR = {"dist/sveltia-cms.js": b"// editor\n", "dist/sveltia-cms.js.map": b"{}",
          "LICENSE.txt": b"MIT License\n", "schema/sveltia-cms.json": b"{}",
          "README.md": b"not served\n"}


def test_a_tarball_with_the_pinned_checksum_is_installed(served, tmp_path: Path):
    data = tarball(EDITOR)
    served["/@sveltia/cms/-/cms-9.9.9.tgz"] = data
    pinned = Lock(Package("@sveltia/cms", "9.9.9", integrity_of(data)), ())
    store = tmp_path / "store"
    assert editor_vendor.fetch(pinned, store) == ["@sveltia/cms@9.9.9"]
    installed = editor_vendor.files(pinned, store).editor
    assert sorted(p.relative_to(installed).as_posix() for p in installed.rglob("*")
                  if p.is_file()) == [".integrity", "LICENSE.txt", "dist/sveltia-cms.js",
                                      "schema/sveltia-cms.json"]
    served.clear()
    assert editor_vendor.fetch(pinned, store) == [], "a checked copy is not fetched again"


def test_a_font_package_installs_its_faces_with_their_ranges(served, tmp_path: Path):
    css = (b"@font-face {\n  src: url(./files/noto-sans-latin-400-normal.woff2);\n"
           b"  unicode-range: U+0000-00FF;\n}\n@font-face {\n"
           b"  src: url(./files/noto-sans-greek-400-normal.woff2) format('woff2');\n"
           b"  unicode-range: U+0370-0377,\n    U+037A-037F;\n}\n")
    data = tarball({"files/noto-sans-greek-400-normal.woff2": b"wOF2",
                    "files/noto-sans-greek-400-normal.woff": b"wOFF",
                    "files/noto-sans-latin-400-normal.woff2": b"wOF2", "400.css": css,
                    "greek-400.css": b"", "700.css": b"",
                    "LICENSE": b"SIL Open Font License\n"})
    served["/@fontsource/noto-sans/-/noto-sans-5.3.0.tgz"] = data
    font = FontPackage("@fontsource/noto-sans", "5.3.0", integrity_of(data), "Noto Sans",
                       ("greek",), (400,))
    lock = Lock(Package("@sveltia/cms", "9.9.9", integrity_of(tarball(EDITOR))), (), (font,))
    served["/@sveltia/cms/-/cms-9.9.9.tgz"] = tarball(EDITOR)
    editor_vendor.fetch(lock, tmp_path)
    [face] = editor_vendor.files(lock, tmp_path).faces()
    assert (face.family, face.weight, face.unicode_range) == ("Noto Sans", 400,
                                                              "U+0370-0377,U+037A-037F")
    assert sorted(p.name for p in face.path.parent.parent.rglob("*") if p.is_file()) == [
        ".integrity", "400.css", "LICENSE", "noto-sans-greek-400-normal.woff2"]
    latin = FontPackage(font.name, font.version, font.integrity, font.family, ("latin",),
                        (400,))
    wider = Lock(lock.editor, (), (latin,))
    assert editor_vendor.fetch(wider, tmp_path) == ["@fontsource/noto-sans@5.3.0"], (
        "another subset of the same tarball is unpacked again")
    assert (face.path.parent / "noto-sans-latin-400-normal.woff2").is_file()


def one_line(error: pytest.ExceptionInfo[BuildError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_wrong_checksum_is_one_line_and_installs_nothing(served, tmp_path: Path):
    served["/@sveltia/cms/-/cms-9.9.9.tgz"] = tarball(EDITOR)
    wrong = Lock(Package("@sveltia/cms", "9.9.9", integrity_of(b"other")), ())
    with pytest.raises(BuildError) as error:
        editor_vendor.fetch(wrong, tmp_path)
    assert "@sveltia/cms@9.9.9: the download's checksum is sha512-" in one_line(error)
    assert "nothing was installed" in one_line(error)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_package_names_the_host_and_the_status(served, tmp_path: Path):
    missing = Lock(Package("@sveltia/cms", "9.9.9", integrity_of(b"")), ())
    with pytest.raises(BuildError) as error:
        editor_vendor.fetch(missing, tmp_path)
    assert one_line(error).startswith("cannot download @sveltia/cms@9.9.9: 127.0.0.1:")
    assert "answered HTTP 404 Not Found for http://127.0.0.1:" in one_line(error)
    assert one_line(error).endswith("/@sveltia/cms/-/cms-9.9.9.tgz (no proxy)")


def test_a_refused_connection_names_the_host_and_the_proxy(served, monkeypatch,
                                                           tmp_path: Path):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{port}/")
    lock = Lock(Package("@sveltia/cms", "9.9.9", integrity_of(b"")), ())
    with pytest.raises(BuildError) as error:
        editor_vendor.fetch(lock, tmp_path)
    assert f"cannot connect to 127.0.0.1:{port} (Connection refused; no proxy)" in one_line(error)
    monkeypatch.setenv("http_proxy", f"http://user:secret@127.0.0.1:{port}")
    with pytest.raises(BuildError) as error:
        editor_vendor.fetch(lock, tmp_path)
    assert f"(Connection refused; proxy http://127.0.0.1:{port})" in one_line(error)
    assert "secret" not in one_line(error)


def test_update_reads_the_integrity_and_the_tarball_from_the_registry(served):
    bundle = (b'const fonts = "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/'
              b'latin-400-normal.woff2"; const deps = {immutable:`^5.1.9`};\n')
    data = tarball({"dist/sveltia-cms.js": bundle})
    served["/elsewhere/cms.tgz"] = data
    registry = editor_vendor.registry()
    served["/@sveltia%2Fcms/9.9.9"] = json.dumps(
        {"dist": {"integrity": integrity_of(data), "tarball": registry + "elsewhere/cms.tgz"}}
    ).encode()
    for path in ("/@fontsource%2Fnoto-mono/5.3.0", "/immutable/5.1.9"):
        served[path] = json.dumps({"dist": {"integrity": f"sha512-{path}"}}).encode()
    lock = editor_vendor.update("9.9.9")
    assert lock.editor == Package("@sveltia/cms", "9.9.9", integrity_of(data))
    assert [(m.spec, m.integrity) for m in lock.mirrors] == [
        ("@fontsource/noto-mono@5.3.0", "sha512-/@fontsource%2Fnoto-mono/5.3.0"),
        ("immutable@5.1.9", "sha512-/immutable/5.1.9")]
    assert lock.fonts == Lock.read().fonts, "the PDFs' fonts stay as pinned"
