"""Every dependency is pinned, and pyproject.toml agrees with requirements.lock."""

import re
import tomllib

from tests.conftest import ROOT


def locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock: each package's version and the sha256 of its files."""
    lock: dict[str, tuple[str, list[str]]] = {}
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
    for entry in re.split(r"\n(?=[A-Za-z])", text.strip()):
        pin, *hashes = entry.replace("\\\n", " ").split()
        name, _, version = pin.partition("==")
        name = name.partition("[")[0]  # `fonttools[woff]`: pip wants the extra WeasyPrint asks for
        lock[re.sub(r"[-_.]+", "-", name).lower()] = (
            version, [h.removeprefix("--hash=sha256:") for h in hashes])
    return lock


def test_every_locked_package_is_pinned_with_its_files_hashes():
    lock = locked()
    assert len(lock) > 50
    for name, (version, hashes) in lock.items():
        assert re.fullmatch(r"[0-9][0-9a-z.]*", version), name
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_direct_dependencies_are_pinned_and_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = {name: version for name, (version, _) in locked().items()}
    for requirement in direct:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement} is not pinned with =="
        assert lock.get(re.sub(r"[-_.]+", "-", name).lower()) == version, requirement
