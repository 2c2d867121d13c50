# Inside XNU — build entry points. `make html` and `make test` are the two
# commands a new machine needs; everything else is for working on the site.
SHELL      := /bin/bash
PYTHON     ?= python3.11
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.lock-installed
SPHINX     := $(BIN)/sphinx-build
SPHINXOPTS ?= -W -n --keep-going -q
# Reproducible output: a fixed timestamp unless the caller sets one.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1764028800)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: html pdf epub all test test-only venv system-deps html-deps node-deps clean fix-terms lint live \
        linkcheck xnu-index xnu-bump

html: html-deps $(STAMP) node-deps
	$(SPHINX) -b html -d build/doctrees/html $(SPHINXOPTS) source build/html

pdf: html-deps $(STAMP) node-deps
	$(SPHINX) -b latex -d build/doctrees/latex $(SPHINXOPTS) source build/latex
	$(MAKE) -C build/latex LATEXMKOPTS="-interaction=nonstopmode -halt-on-error -quiet" all-pdf
	rm -rf build/pdf && mkdir -p build/pdf && cp build/latex/inside-xnu.pdf build/pdf/

epub: html-deps $(STAMP) node-deps
	$(SPHINX) -b epub -d build/doctrees/epub $(SPHINXOPTS) source build/epub

all: html pdf epub

# The venv is (re)installed only when the lock changes.
$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==25.3
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	touch $@

venv: $(STAMP)

# What the system must provide: installed on Debian/Ubuntu; elsewhere checked,
# with one list of what is missing and how to install it (scripts/install-system-deps.sh).
system-deps:
	PYTHON=$(PYTHON) scripts/install-system-deps.sh
html-deps:
	@PYTHON=$(PYTHON) scripts/install-system-deps.sh diagrams

# Pinned npm tools (mermaid-cli) rendered with the system Chromium.
node-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json | html-deps
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: system-deps lint all test-only

test-only: $(STAMP)
	$(BIN)/python -m pytest

fix-terms: $(STAMP)
	PYTHONPATH=extensions $(BIN)/python -m inside_xnu.fixterms source

lint: $(STAMP)
	$(BIN)/sphinx-lint source
	$(BIN)/codespell --skip "source/_data/*" source extensions tests README.md
	$(BIN)/ruff check extensions tests bench scripts
	PYTHONPATH=extensions $(BIN)/python -m inside_xnu.lint source

# The committed XNU symbol index (source/_data/xnu-symbols.json), from an XNU
# checkout at xnu_tag: git clone https://github.com/apple-oss-distributions/xnu
# and git -C xnu checkout <xnu_tag>. Needs Universal Ctags (universal-ctags).
xnu-index: $(STAMP)
	@test -n "$(XNU_SRC)" || { echo "usage: make xnu-index XNU_SRC=<xnu checkout at xnu_tag>" >&2; exit 2; }
	$(BIN)/python scripts/xnu_index.py --src "$(XNU_SRC)"

# Move to another XNU release: regenerate the index, print the drift report
# (symbols vanished, moved or changed; {xnu} paths gone) and pin TAG in conf.py.
xnu-bump: $(STAMP)
	@test -n "$(XNU_SRC)" -a -n "$(TAG)" || { echo "usage: make xnu-bump TAG=<tag> XNU_SRC=<xnu checkout at TAG>" >&2; exit 2; }
	$(BIN)/python scripts/xnu_index.py --src "$(XNU_SRC)" --tag "$(TAG)" --bump

# Live preview on http://127.0.0.1:8000 (rebuilds only what changed).
live: html-deps $(STAMP) node-deps
	$(BIN)/sphinx-autobuild -b html -d build/doctrees/live -n --keep-going \
	  --ignore "*/_glossary/*~" --watch extensions source build/live

# Every internal link and anchor of the built HTML, offline; external links listed.
linkcheck: html
	$(BIN)/python scripts/check_links.py build/html

clean:
	rm -rf build
