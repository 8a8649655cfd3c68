"""`python -m generator COMMAND`: parse arguments, call one function, map errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build
from .errors import ContentError, GeneratorError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the project folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every content file, print one line per mistake")
    commands.add_parser("build", help="validate, then write the Markdown into build/docs")
    commands.add_parser("site", help="check, generate, build site/ with MkDocs and the PDFs")
    for name, (help_text, add_arguments, _) in EXTRA_COMMANDS.items():
        add_arguments(commands.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "check":
            site = build.check(root)
            print(f"OK: {len(site.exercises)} exercises checked, no errors")
        elif args.command == "build":
            print(f"Markdown in {build.DOCS}: {build.generate(root)}")
        elif args.command == "site":
            print(build.build_site(root))
        else:
            EXTRA_COMMANDS[args.command][2](root, args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return exc.exit_code
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


# name -> (help, add_arguments(parser), run(root, args)); the authoring commands register here.
EXTRA_COMMANDS: dict = {}

if __name__ == "__main__":
    sys.exit(main())
