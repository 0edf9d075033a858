# Silta: `make run` serves the portal with demo data, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app portal
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test translations debian-packages chromium oidc-provider lint screenshots extract-messages clean bench

# The outbox worker runs beside the server and stops with it; in development mail goes to the log.
run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) outbox run & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	  $(FLASK) run --host $(HOST) --port $(PORT)

# The lint runs first: a red lint fails the tests as CI sees them.
test: lint translations debian-packages oidc-provider
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Compiled catalogues are build output, not source: compile them on every run (it takes a second).
translations: install
	$(BIN)/pybabel -q compile -d portal/translations

# What the tests run of Debian's own, installed by one apt-get call if any is missing: the
# browser tests drive its Chromium (Playwright never downloads a browser of its own), and
# tests/test_deploy runs the deploy/ files under its nginx and checks the units with
# systemd-analyze (package systemd). Each pair is a program and the package that brings it.
DEBIAN_PACKAGES := chromium:chromium nginx:nginx systemd-analyze:systemd
debian-packages:
	@missing=""; for pair in $(DEBIAN_PACKAGES); do \
	  program=$${pair%%:*}; \
	  command -v $$program > /dev/null || [ -x /usr/sbin/$$program ] || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing > /dev/null; \
	  else \
	    echo "The tests need Debian's$$missing: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

chromium: debian-packages

# The tests' OpenID Provider (npm's oidc-provider, pinned by tests/oidc/package-lock.json).
oidc-provider: tests/oidc/node_modules/.package-lock.json

tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json tests/oidc/package.json
	@command -v npm > /dev/null || { echo "The sign-in tests need Node.js 20 or later with npm" >&2; exit 1; }
	npm ci --prefix tests/oidc --no-audit --no-fund --silent
	touch $@

# Style, formatting, types and the security linter (its exceptions are explained in pyproject.toml).
lint: install-test
	$(BIN)/ruff check portal tests migrations scripts bench
	$(BIN)/ruff format --check portal tests migrations scripts bench
	$(BIN)/mypy
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive portal

# The portal against its floors on SQLite and PostgreSQL (README, "Benchmarks"); BENCH_SCALE=tenth
# by default. It drives the pages with Debian's wrk.
bench: install translations
	@command -v wrk > /dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk > /dev/null; \
	  else \
	    echo "make bench needs Debian's wrk: sudo apt-get install wrk" >&2; exit 1; \
	  fi; }
	$(BIN)/python bench/run.py

# Update the README's screenshots from the browser tests.
screenshots: install-test translations debian-packages oidc-provider
	PORTAL_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -m browser

# Collect new interface texts into the catalogues and list what still needs translating.
extract-messages: install
	$(BIN)/python scripts/update_catalogs.py

clean:
	rm -rf $(VENV) instance/portal.sqlite3
