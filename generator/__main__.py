"""`python -m generator COMMAND`: parse arguments, call one function, map errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build
from .errors import ContentError, GeneratorError, UsageError
from .progress import Progress


def _check(root: Path, args: argparse.Namespace) -> None:
    if args.github:  # annotations and a job summary for pull requests (generator/annotations.py)
        from . import annotations

        site = annotations.check(root)
    else:
        site = build.run(root, build.Until.CHECK).site
    print(f"OK: {site.counted()} and site_data.yaml checked, no errors")
    from . import layout

    unformatted = layout.unformatted(root, site)
    if unformatted:
        print(layout.advice(unformatted))


def _format(root: Path, args: argparse.Namespace) -> None:
    from . import layout

    changed, skipped = layout.format_all(root)
    for rel in changed:
        print(f"formatted {rel}")
    if skipped:
        print(f"left as they are, with mistakes to fix first (`python -m generator check`): "
              f"{', '.join(skipped)}")
    if not changed and not skipped:
        print("every exercise file is already in the editor's layout")


def _build(root: Path, args: argparse.Namespace) -> None:
    result = build.run(root, build.Until.MARKDOWN)
    print(f"Markdown in {build.DOCS}: {result.markdown}")


def _site(root: Path, args: argparse.Namespace) -> None:
    print(build.run(root, build.Until.SITE, Progress.to_stdout()))


def _deploy(root: Path, args: argparse.Namespace) -> None:
    from . import deploy

    print(deploy.deploy(root, Progress.to_stdout()))


def _new(root: Path, args: argparse.Namespace) -> None:
    from . import scaffold

    if args.translate:
        if args.title:
            raise UsageError("give either a title or --translate, not both: a translation "
                             "keeps the file name of the exercise it translates; translate the "
                             "title in the file")
        rel = scaffold.translation(root, args.translate, args.language)
    elif args.title:
        rel = scaffold.new(root, args.title, args.language)
    else:
        raise UsageError('give the new exercise\'s title, in quotes: new "Morning Check-in" '
                         "(or --translate with the file name of an exercise to translate)")
    print(f"Wrote {rel.as_posix()}: edit it, and see it at {scaffold.address(rel)} "
          "with `make serve`")
    if args.translate:
        print("Replace each text with its translation; keep the ids and numbers (difficulty, "
              "audience, tags, source, related, minutes) as they are: the site shows them in "
              "the translation's words.")


def _schema(root: Path, args: argparse.Namespace) -> None:
    from . import editor_schema

    sys.stdout.write(editor_schema.exercise_schema_text())


def _serve(root: Path, args: argparse.Namespace) -> None:
    from . import preview

    preview.serve(root, args.host, args.port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the project folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every content file, print one line per "
                                "mistake")
    check.add_argument("--github", action="store_true", help="also print each mistake as a "
                       "GitHub annotation and list them all in $GITHUB_STEP_SUMMARY")
    check.set_defaults(run=_check)
    commands.add_parser("build", help="validate, then write the Markdown into build/docs"
                        ).set_defaults(run=_build)
    commands.add_parser("site", help="check, generate, build site/ with MkDocs and the PDFs"
                        ).set_defaults(run=_site)
    commands.add_parser("deploy", help="build site/, then publish it to the gh-pages branch"
                        ).set_defaults(run=_deploy)
    new = commands.add_parser("new", help="write content/exercises/<slug>.yaml, ready to fill in")
    new.add_argument("title", nargs="?", help="the exercise's title, in quotes: "
                     '"The Secure Base Strategy"')
    new.add_argument("--language", help="write it in another of the site's languages, into "
                     "content/exercises/<language>/ (default: the site's main language)")
    new.add_argument("--translate", metavar="SLUG", help="start the --language translation of "
                     "content/exercises/SLUG.yaml from a copy of it, to replace its text")
    new.set_defaults(run=_new)
    commands.add_parser("format", help="rewrite every exercise file in the layout the browser "
                        "editor saves, so that its saves change only what was changed"
                        ).set_defaults(run=_format)
    commands.add_parser("schema", help="print the JSON Schema of an exercise file (for editors)"
                        ).set_defaults(run=_schema)
    serve = commands.add_parser("serve", help="live preview: rebuild and reload on every save")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        args.run(args.root.resolve(), args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return exc.exit_code
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
