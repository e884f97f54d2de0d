# Achterkant: `make run` starts the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What running needs (`make run`, the benchmarks), and on top of it the test and lint tools
# (`make test`, `make lint`). Each stamp is redone when pyproject.toml changes.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format bench bench-scale bench-api bench-zaken bench-notificaties bench-documenten bench-insights bench-triage clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[demo]"
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV_STAMP)

## Set up SQLite with demo data, then run the web server and the worker (Ctrl-C stops both).
run: $(STAMP)
	scripts/ensure-system-packages.sh runtime
	$(BIN)/achterkant demo

## The whole suite: import contracts, then pytest on SQLite and on PostgreSQL.
test: $(DEV_STAMP)
	scripts/ensure-system-packages.sh
	scripts/test.sh

## Speed figures for the hot paths (printed, never asserted; not part of `make test`).
bench: $(STAMP)
	rm -f var/bench.sqlite3*
	$(BIN)/python bench/desk_bench.py

## The hot paths at production size (1M cases, 5M contacts) through `achterkant serve`, with wrk.
## Loads the scale dataset into PostgreSQL once (SCALE_DATABASE_URL, SCALE=large); see docs/performance.md.
## Then the ZGW Zaken API's paths on the same dataset (bench-zaken; docs/api.md).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale_bench.py
	$(BIN)/python bench/zaken_api.py

## The API framework choice (issue 14): Django Ninja against Django REST framework, for the
## Zaken list by BSN on the scale database (read only); see docs/api.md.
bench-api: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[demo,bench-api]"
	$(BIN)/python bench/api_framework.py

## The Zaken API at production size: list by BSN, detail and create through `achterkant serve`,
## with wrk, beside raw PostgreSQL (needs the scale database of `make bench-scale`; docs/api.md).
bench-zaken: $(STAMP)
	$(BIN)/python bench/zaken_api.py

## Notificaties: 1,000 cases while the worker delivers to 10 local subscribers; intake rate
## and time to deliver all (BENCH_DATABASE_URL; docs/notifications.md).
bench-notificaties: $(STAMP)
	$(BIN)/python bench/notificaties_fanout.py

## Documenten API: upload (base64 JSON, bestandsdelen) and download of 1 MiB and 100 MiB
## files through `achterkant serve`, web worker RSS during a 100 MiB download, beside plain
## file I/O (BENCH_DATABASE_URL; docs/api-documenten.md, "Speed").
bench-documenten: $(STAMP)
	$(BIN)/python bench/documenten_api.py

## Inzicht at production size: rebuilding the daily aggregates, and the insight pages through
## `achterkant serve` with wrk, beside raw PostgreSQL (the scale database; docs/insights.md).
bench-insights: $(STAMP)
	$(BIN)/python bench/insights_bench.py

## Free-text triage: median time to classify one text (target <= 5 ms) and the training time
## of one organisation (own SQLite database under var/; docs/triage.md).
bench-triage: $(STAMP)
	$(BIN)/python bench/triage_bench.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/achterkant.sqlite3* var/mail
