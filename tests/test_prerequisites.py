"""`make site` names every missing system library, with its install command, in one message."""

from __future__ import annotations

import subprocess
import sys

from generator import prerequisites


def test_every_missing_library_is_named_with_its_package_in_one_line():
    lacking = prerequisites.missing(lambda name: None if name.startswith("pango") else name)
    assert lacking == [("pango-1.0", "libpango-1.0-0"), ("pangoft2-1.0", "libpangoft2-1.0-0")]
    text = prerequisites.message(lacking)
    assert "\n" not in text
    assert "(pango-1.0, pangoft2-1.0)" in text
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in text


def test_this_machine_has_what_the_site_needs():
    result = subprocess.run([sys.executable, "-m", "generator.prerequisites"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
