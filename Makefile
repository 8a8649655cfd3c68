# The two set-up commands are `make site` and `make test`; everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material 9.7+ prints an end-of-life banner on every MkDocs run.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check generate serve bench deploy schema clean editor

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

## site: check the content, generate Markdown, build site/ (MkDocs --strict, PDFs), swap it in
site: $(STAMP) editor
	$(BIN)/python -m generator site

## test: the whole test suite
test: $(STAMP) editor
	$(BIN)/python -m pytest

## editor: fetch the browser editor pinned in generator/editor.lock.json (npm, checksum-checked);
##         to move to another version: .venv/bin/python -m generator.editor_vendor --update X.Y.Z
editor: $(STAMP)
	$(BIN)/python -m generator.editor_vendor

## check: validate every content file and print one line per mistake
##        (CHECK_ARGS=--github: also as GitHub annotations and a job summary)
check: $(STAMP)
	$(BIN)/python -m generator check $(CHECK_ARGS)

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
deploy: $(STAMP) editor
	$(BIN)/python -m generator deploy

## schema: rewrite schema/exercise.schema.json from the model
schema: $(STAMP)
	$(BIN)/python -m generator schema > schema/exercise.schema.json

clean:
	rm -rf build site
