# Two commands for a fresh Debian machine, run as root from the repository root:
#   make demo   install, load the demo data, run web app + Celery worker + beat (Ctrl-C stops all)
#   make test   install (Chromium and CJK fonts too): `make lint` (ruff, layers, copy check), the whole
#               suite on SQLite and PostgreSQL (side by side), every benchmark at smoke size, then the fault tests
#               (tests/faults: they stop PostgreSQL and Redis, so they run last and alone)
# Everything Python lives in .venv; reinstalls happen only when pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -q -ra
# What the SQLite pass runs: what exists of these (web tests may not have landed yet). The page sweep
# is there because its browser walk is marked db_independent (the PostgreSQL pass leaves it out).
SQLITE_TESTS := $(wildcard tests/domain tests/web tests/test_*.py tests/browser/test_browser_pages.py)
# The second PostgreSQL pass, after the SQLite pass in the background, on a database of its own (made
# by tests/conftest.py when missing): tests that mostly wait on the processes they start (Celery
# workers and beat, an app server under schemathesis, racing API clients).
PG_SIDE_TESTS := $(wildcard tests/workers tests/api)
PG_SIDE_URL ?= $(or $(TRACKER_TEST_PG_URL),postgresql+psycopg://postgres@127.0.0.1:5432/test)_side
# What the copy check reads (pylint duplicate-code, configured in pyproject.toml).
COPYCHECK_PATHS := tracker/domain tracker/jobs tracker/models tracker/web $(wildcard tracker/workflow tracker/*.py) workers

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive

.PHONY: demo test lint browser-deps oidc-deps copycheck bench-smoke

demo: $(VENV)/.installed-demo
	$(BIN)/flask --app tracker demo

# Static checks, run first by `make test`: style (ruff), the layers and no-cycles contracts
# (import-linter) and the copy check (pylint duplicate-code), all configured in pyproject.toml.
# Each runs even when one before it failed; any failure fails the build like a failed test.
lint: $(VENV)/.installed-test
	@status=0; \
	echo "== Lint: ruff"; $(BIN)/ruff check . || status=$$?; \
	echo "== Layers and cycles: lint-imports"; $(BIN)/lint-imports || status=$$?; \
	$(MAKE) --no-print-directory copycheck || status=$$?; \
	exit $$status

# Two streams side by side (two cores; the one mostly computes, the other mostly waits on the
# database, the browser and the workers): in the background the SQLite pass, then the second
# PostgreSQL pass (PG_SIDE_TESTS, on a database of its own); in the foreground the PostgreSQL pass
# of everything else. The background's output is printed when both end.
# Tests marked db_independent (the database makes no difference to them) run in the SQLite pass only.
test: $(VENV)/.installed-test browser-deps oidc-deps
	@status=0; \
	$(MAKE) --no-print-directory lint || status=$$?; \
	side_log=$$(mktemp); \
	( SECONDS=0; TRACKER_TEST_DB=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS) -p no:cacheprovider \
		$(SQLITE_TESTS) > $$side_log 2>&1; side=$$?; \
	  echo "== SQLite pass took $${SECONDS}s" >> $$side_log; SECONDS=0; \
	  echo "== PostgreSQL, second pass ($(PG_SIDE_TESTS)) on its own database, after the SQLite pass" \
		>> $$side_log; \
	  TRACKER_TEST_DB=postgres TRACKER_TEST_PG_URL=$(PG_SIDE_URL) $(BIN)/python -m pytest $(PYTEST_ARGS) \
		-p no:cacheprovider -m "not db_independent" $(PG_SIDE_TESTS) >> $$side_log 2>&1 || side=1; \
	  echo "== Second PostgreSQL pass took $${SECONDS}s" >> $$side_log; echo $$side > $$side_log.status ) & \
	echo "== PostgreSQL: every test but the db_independent ones, $(PG_SIDE_TESTS) and tests/faults"; \
	SECONDS=0; TRACKER_TEST_DB=postgres $(BIN)/python -m pytest $(PYTEST_ARGS) -m "not db_independent" \
		--ignore=tests/faults $(addprefix --ignore=,$(PG_SIDE_TESTS)) tests || status=$$?; \
	echo "== PostgreSQL pass took $${SECONDS}s"; \
	wait; echo "== SQLite: $(SQLITE_TESTS), run beside the PostgreSQL pass, then the second PostgreSQL pass"; \
	cat $$side_log; [ "$$(cat $$side_log.status 2>/dev/null)" = 0 ] || status=1; \
	rm -f $$side_log $$side_log.status; \
	TRACKER_TEST_DB=postgres $(MAKE) --no-print-directory bench-smoke || status=$$?; \
	echo "== Faults: PostgreSQL stopped and started, Redis shut down (last: they break what else runs)"; \
	SECONDS=0; TRACKER_TEST_DB=postgres TRACKER_FAULT_TESTS=1 $(BIN)/python -m pytest $(PYTEST_ARGS) tests/faults \
		|| status=$$?; \
	echo "== Fault pass took $${SECONDS}s"; \
	exit $$status

# Copied blocks fail the build: pylint's duplicate-code check alone (see [tool.pylint] in pyproject.toml).
copycheck: $(VENV)/.installed-test
	@echo "== Copy check: pylint duplicate-code over $(COPYCHECK_PATHS)"
	$(BIN)/pylint $(COPYCHECK_PATHS)

# Every benchmark at a tiny size (bench/smoke.py), on SQLite and on PostgreSQL as the tests use it.
bench-smoke: $(VENV)/.installed-test
	@echo "== Benchmarks at smoke size (bench/smoke.py)"
	TRACKER_TEST_DB=$${TRACKER_TEST_DB:-postgres} $(BIN)/python -m bench.smoke

# Debian's python3 needs python3-venv for `-m venv`; a half-made .venv is removed first.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && apt-get update -qq \
		&& apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed-demo: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,postgres,dev,bench]'
	touch $@

# The single sign-on tests start a real OpenID provider (npm oidc-provider, tests/oidc/provider.mjs)
# on node; its packages come from tests/oidc/package-lock.json, never served by the app.
oidc-deps:
	@if [ ! -d tests/oidc/node_modules/oidc-provider ]; then \
		if command -v npm >/dev/null; then npm ci --prefix tests/oidc --no-audit --no-fund \
			|| echo "warning: npm ci in tests/oidc failed; the single sign-on tests will fail (CI) or skip"; \
		else echo "warning: node/npm missing; the single sign-on tests will fail (CI) or skip"; fi; \
	fi

# Browser tests drive Debian's chromium (never `playwright install`, which downloads its own);
# fonts-tibetan-machine draws the Tibetan original texts (藏文).
browser-deps:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk fonts-tibetan-machine >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fonts-tibetan-machine \
			|| echo "warning: could not install chromium and its fonts; browser tests will fail"; \
		else \
			echo "warning: chromium or its fonts (fonts-noto-cjk, fonts-tibetan-machine) missing and apt-get unusable here"; \
		fi; \
	fi
