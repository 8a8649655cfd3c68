"""`make serve`: MkDocs' own live-reloading server, in dirty mode, with the generator as a hook.

MkDocs watches content/, site_data.yaml and the templates (`watch:` in mkdocs.yml); on a save
it rebuilds, and the hook (generator/mkdocs_hooks.py) regenerates first. The writer only
rewrites Markdown whose text changed and `--dirty` makes MkDocs render only those pages, so a
save costs the changed pages, not the whole site. Strict mode is off while previewing because
MkDocs itself warns on every dirty build; `make site` stays strict.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from .build import DOCS
from .errors import UsageError


def serve(root: Path, host: str, port: int) -> None:
    """Replace this process with `mkdocs serve` on host:port; returns only on failure."""
    _refuse_busy(host, port)
    # MkDocs refuses to start without its docs folder; the hook fills it on the first build.
    (root / DOCS).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    os.chdir(root)
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                               "--dev-addr", f"{host}:{port}"], env)


def _refuse_busy(host: str, port: int) -> None:
    """MkDocs binds only after its first build and then dies with a traceback; ask first."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot serve on {host}:{port} ({exc.strerror}); is another "
                             "preview running? Stop it, or pick a free port with --port") \
                from None
