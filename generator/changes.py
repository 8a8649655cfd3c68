"""Which path the Site workflow takes for a change: `content` or `full`.

A change to the content alone (an exercise saved in /admin/, a page, site_data.yaml) cannot
break the generator, so the workflow gives it the short path: the content check with its
annotations, the strict site build and, from main, the deploy; the developer test suite,
which takes minutes and tests the code, not the content, is skipped. Anything else (the
generator, the templates, the stylesheets, a pinned version, the workflow itself) takes the
full path, as does a change that cannot be compared: a first push (an all-zero or empty base),
a base this clone does not have (a force-push), a manual run, an empty diff.

The short path trusts its base to have passed the full one. A pull request's base is main,
and main takes only what passed the required check when it is protected as the README says;
a push straight to main after a red full run, then a content-only push, would deploy code
whose tests failed (the strict build still runs on it).

site_data.yaml counts as content: it holds the site's words, books, tags and address, which
the content check validates against the schema and the strict build uses on every page; the
editor's configuration is made from it at build time. A mistake in it fails the check or the
build on the short path as surely as on the full one.

    python -m generator.changes BASE [HEAD]     (or `make changes BASE=origin/main`)

prints `content` or `full` and the files that decided it; with $GITHUB_OUTPUT set (in a
workflow) it also writes `path=content|full` there for the steps that follow.
Only the standard library: it runs before the project's environment is installed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

CONTENT_FOLDERS = ("content/",)
CONTENT_FILES = ("site_data.yaml",)
CONTENT, FULL = "content", "full"
OUTPUT_ENV = "GITHUB_OUTPUT"


def is_content(path: str) -> bool:
    return path.startswith(CONTENT_FOLDERS) or path in CONTENT_FILES


def path_for(changed: Iterable[str] | None) -> str:
    """`content` when every changed file is content; `full` otherwise, or when unknown."""
    files = list(changed or ())
    return CONTENT if files and all(is_content(name) for name in files) else FULL


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[str] | None:
    """The files that differ between `base` and `head` (both sides of a rename), or None
    when `base` is no commit this clone has (empty, all zeros, unknown)."""
    if not base.strip("0 "):
        return None
    known = subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{base}^{{commit}}"],
                           capture_output=True, check=False)
    if known.returncode != 0:
        return None
    diff = subprocess.run(["git", "-C", str(root), "diff", "--name-only", "--no-renames", "-z",
                           base, head], capture_output=True, text=True, check=True)
    return [name for name in diff.stdout.split("\0") if name]


def decide(root: Path, base: str, head: str = "HEAD") -> tuple[str, list[str] | None]:
    changed = changed_files(root, base, head)
    return path_for(changed), changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.changes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", nargs="?", default="",
                        help="the commit to compare with; empty or all zeros: the full path")
    parser.add_argument("head", nargs="?", default="HEAD")
    parser.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    path, changed = decide(args.root, args.base, args.head)
    if changed is None:
        why = f"no base commit to compare with ({args.base or 'none given'})"
    else:
        others = [name for name in changed if not is_content(name)]
        why = (f"{len(changed)} changed file(s), all content" if path == CONTENT else
               f"changed outside the content: {', '.join(others[:5]) or 'nothing changed'}"
               f"{' and more' if len(others) > 5 else ''}")
    print(f"{path}: {why}")
    output = os.environ.get(OUTPUT_ENV)
    if output:
        with open(output, "a", encoding="utf-8") as out:
            out.write(f"path={path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
