"""`python -m bench.floor SOURCE OUT`: the least any generator must do with the same files.

Parse every exercise file with PyYAML's C loader and write its bytes out unchanged: no
validation, no templating. The generator's cold run is judged against this.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yaml")):
        raw = path.read_bytes()
        yaml.load(raw, Loader=yaml.CSafeLoader)
        (out / path.name).write_bytes(raw)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
