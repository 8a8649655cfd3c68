"""Every dependency is pinned, and pyproject.toml agrees with requirements.lock."""

import re
import tomllib

from tests.conftest import ROOT


def test_direct_dependencies_are_pinned_and_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[re.sub(r"[-_.]+", "-", name).lower()] = version
    for requirement in direct:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement} is not pinned with =="
        assert lock.get(re.sub(r"[-_.]+", "-", name).lower()) == version, requirement
