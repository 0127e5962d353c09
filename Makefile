# Grip op uitbesteding: two commands do everything.
#   make serve   set up, build and serve the site at http://127.0.0.1:8000
#   make test    set up (Chromium, Firefox ESR, WebKitGTK and Caddy included), build with --strict and run every
#                test (tests/engines/ runs the main journeys in all three engines)
# Also: make build (the site in site/ and its Caddyfile in build/deploy/, for publishing; set SITE_URL),
#       make preview (that build served by Caddy at http://127.0.0.1:8001/), make bench, make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DIST   := build/pyodide-dist
export NO_MKDOCS_2_WARNING := 1
export SE_OFFLINE := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1

PREVIEW := http://127.0.0.1:8001/

.PHONY: serve build preview test tools setup clean bench

serve: setup
	$(BIN)/mkdocs serve --no-livereload --dev-addr 127.0.0.1:8000

build: setup
	PRECOMPRESS=true $(BIN)/mkdocs build --strict
	$(BIN)/python -m grip_build.server site

# The published build, served by the production web server (Caddy) with its real headers.
preview: setup tools
	SITE_URL=$(PREVIEW) PRECOMPRESS=true $(BIN)/mkdocs build --strict
	$(BIN)/python -m grip_build.server site --address $(PREVIEW) --path / --run

test: setup tools $(DIST)/.done
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pytest --dist-dir=$(DIST) --runtime=node $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); set PYTHON=python3.11" % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20 or newer) is needed: install Node.js, then run make again"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

tools:
	@bash tools/ensure-tools

# The Pyodide runtime with our scoring wheel and the test wheels, for pytest-pyodide.
$(DIST)/.done: $(VENV)/.installed node_modules/.installed $(wildcard scoring/*.py) grip_build/runtime.py grip_build/testdist.py requirements.txt
	$(BIN)/python -m grip_build.testdist $(DIST)
	touch $@

clean:
	rm -rf site build

# The performance benchmark (not part of the test run): see bench/README.md.
bench: setup tools
	$(BIN)/python -m bench
