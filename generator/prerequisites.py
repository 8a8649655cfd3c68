"""What `make site` needs of the machine besides Python, checked before anything else runs.

The Python packages come from requirements.lock and the editor's files and the PDFs' fonts
from the npm registry (editor_vendor), so what is left is the system libraries WeasyPrint
loads to lay out the worksheet PDFs. Each missing one is named in one message with the
command that installs it, rather than as WeasyPrint's banner at the PDF stage.
"""

from __future__ import annotations

import ctypes.util
import sys

# The libraries WeasyPrint opens (weasyprint/text/ffi.py), and the Debian package of each.
LIBRARIES = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz": "libharfbuzz0b",
    "harfbuzz-subset": "libharfbuzz-subset0",
    "fontconfig": "libfontconfig1",
    "gobject-2.0": "libglib2.0-0",
}


def missing(find=ctypes.util.find_library) -> list[tuple[str, str]]:
    """(library, package) of each library the machine lacks."""
    return [(library, package) for library, package in LIBRARIES.items() if find(library) is None]


def message(lacking: list[tuple[str, str]]) -> str:
    names = ", ".join(library for library, _ in lacking)
    packages = " ".join(package for _, package in lacking)
    return (f"the worksheet PDFs need system libraries this machine lacks ({names}); install "
            f"them with: sudo apt-get install {packages} (Fedora: sudo dnf install pango; "
            "macOS: brew install pango)")


def main() -> int:
    lacking = missing()
    if lacking:
        print(f"error: {message(lacking)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
