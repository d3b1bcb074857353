# chanjiao — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run install install-test browser documents lint format test test-sqlite test-postgres demo clean bench-matching bench-ingest eval-ingest bench-api bench-reports bench-sharing

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when pyproject.toml changed, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## run: install, migrate, load the demo (and its sign-ins) only into an empty database, serve on
## 127.0.0.1:$(PORT) with gunicorn (DEBUG off) and a supervised job worker; creates no other account
run: install documents
	$(BIN)/chanjiao serve --port $(PORT)

demo: install
	$(BIN)/chanjiao demo

# Browser tests drive Debian's chromium; install it (and CJK fonts) when missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "installing chromium and fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# The annual report's PDF (WeasyPrint) needs Pango, and its Chinese needs Noto CJK; install them
# when missing.
documents:
	@if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "installing pango and fonts-noto-cjk (for PDF reports)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite runs on both cores (pytest-xdist, one test database per worker). Tests are handed
# out one at a time in pytest-django's order, so on each worker the tests in a real transaction
# (they end by emptying the database) still come after those that read what migrations installed.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -p no:cacheprovider -q -n $(TEST_WORKERS) --dist load

test-sqlite: install-test browser documents
	DATABASE_URL= $(PYTEST)

# The same suite again on PostgreSQL when it answers on 127.0.0.1:5432.
test-postgres: install-test browser documents
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL =="; DATABASE_URL=$(PG_URL) $(PYTEST); \
	else echo "PostgreSQL not reachable at $(PG_URL): skipped"; fi

test: lint test-sqlite test-postgres

## bench-matching: the matching engine against `matching`, networkx and bare OR-Tools at
## 1k–1M students (~5 min, not part of `make test`); SIZES=1k,10k runs a subset
bench-matching: install-test
	$(BIN)/python bench/bench_matching.py $(if $(SIZES),--sizes $(SIZES))

## bench-ingest: news extraction on one core — documents/s on ~3,000-character synthetic
## articles (target 100/s) and RSS over a batch of 10,000 (~2 min); DOCS=1000 for a short run
bench-ingest: install
	$(BIN)/python bench/bench_ingest.py $(if $(DOCS),--docs $(DOCS))

## eval-ingest: scores news ingest against a gold set (default ../shared/corpus), the development
## part and the sealed part (SEALED=file of article names) apart; CORPUS=DIR for your own set
## (CORPUS=bench/ingest_gold once its texts are in bench/ingest_gold/articles), PART=development
## to leave the sealed part unscored, FILES=1 for each article's figures
eval-ingest: install
	$(BIN)/python bench/eval_ingest.py $(if $(CORPUS),--corpus $(CORPUS)) $(if $(SEALED),--sealed $(SEALED)) $(if $(PART),--part $(PART)) $(if $(FILES),--files)

## bench-api: loads 1M organisations, 3M memberships and 200k events into the PostgreSQL
## database chanjiao_bench at $(PG_URL)'s server (once, ~7 min; reused after), then p50/p95 of
## the read endpoints beside raw SQL (~2 min); REQUESTS=50 for a shorter run
bench-api: install-test
	PG_URL=$(PG_URL) $(BIN)/python bench/bench_api.py $(if $(REQUESTS),--requests $(REQUESTS))

## bench-reports: loads 2,000 bodies (one with 10,000 members, 2,000 events and 2,000 submitted
## forms) into chanjiao_bench_reports at $(PG_URL)'s server (once), then times the annual
## report as .docx and PDF and the supervisor's table, beside the raw SQL counting the same
bench-reports: install-test documents
	PG_URL=$(PG_URL) $(BIN)/python bench/bench_reports.py $(if $(RUNS),--runs $(RUNS))

## bench-sharing: 16 concurrent clients hammer booking requests (API) on two exclusive and two
## counted resources in chanjiao_bench_sharing at $(PG_URL)'s server, then the same rule in raw
## SQL; prints bookings per second and the overbooked count (must be 0; non-zero exit if not),
## under a minute; DURATION=5 for a shorter run
bench-sharing: install-test
	PG_URL=$(PG_URL) $(BIN)/python bench/bench_sharing.py $(if $(DURATION),--seconds $(DURATION))

clean:
	rm -rf $(VENV) var/static
