"""`make deploy`: publish exactly the checked, PDF-complete site/ to the gh-pages branch.

`mkdocs gh-deploy` alone would rebuild the site without the worksheet PDFs, so the site is
built by the pipeline exactly as `make site` builds it, and MkDocs' own gh-deploy step
(ghp-import) only publishes it.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from . import build
from .errors import BuildError
from .progress import Progress


def deploy(root: Path, progress: Progress) -> str:
    """Build site/, then push it to the gh-pages branch of `origin`; raises BuildError."""
    from mkdocs.commands.gh_deploy import gh_deploy
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    built = build.run(root, build.Until.SITE, progress)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.chdir(root)  # gh-deploy runs git in the current folder
    try:
        gh_deploy(load_config(str(root / "mkdocs.yml")), force=True)
    except (MkDocsException, subprocess.CalledProcessError) as exc:
        detail = exc.format_message() if isinstance(exc, MkDocsException) else exc
        raise BuildError(f"deploy failed, nothing was published: {detail}") from exc
    return f"{built}; published to the gh-pages branch"
