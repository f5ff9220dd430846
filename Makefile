# fupin: the commands a person types. Every target sets up what it needs itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
# each suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database
# and data folder; TEST_WORKERS=1 runs it in one process. `--dist load` hands each worker its
# tests in collection order, where pytest-django puts the transactional tests (which empty the
# tables, the session's regions too) after the others; work stealing would break that order.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist load,)

RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

.PHONY: demo test test-sqlite test-postgresql lint bench serve clean

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEV): $(RUNTIME) pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(RUNTIME)  ## build the demo database and serve it on http://127.0.0.1:$(PORT)
	$(BIN)/fupin demo --port $(PORT)

serve: $(RUNTIME)
	$(BIN)/fupin serve --port $(PORT)

lint: $(DEV)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src/fupin/policy src/fupin/core src/fupin/exchange

test: lint $(DEV)  ## every test, on SQLite and on PostgreSQL
	FUPIN_DATA_DIR=$(CURDIR)/data/test $(BIN)/fupin makemigrations --check --dry-run
	$(MAKE) --no-print-directory --keep-going test-sqlite test-postgresql

test-sqlite: $(DEV)
	@echo "== every test on SQLite"
	@FUPIN_DATA_DIR=$(CURDIR)/data/test $(PYTEST) || { echo "== tests FAILED on SQLite"; exit 1; }

test-postgresql: $(DEV)
	@if $(BIN)/python scripts/pg_available.py "$(PG_TEST_URL)"; then \
	  echo "== every test but the browser tests on PostgreSQL ($(PG_TEST_URL))"; \
	  FUPIN_DATA_DIR=$(CURDIR)/data/test-pg FUPIN_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -m "not browser" \
	    || { echo "== tests FAILED on PostgreSQL"; exit 1; }; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL at $(PG_TEST_URL) is not reachable"; exit 1; \
	else echo "PostgreSQL at $(PG_TEST_URL) is not reachable: PostgreSQL run skipped (fails under CI=true)"; fi

bench: $(DEV)  ## fupin against plain pandas; MEMBERS=100000000 for the full size
	FUPIN_DATA_DIR=$(CURDIR)/data/bench $(BIN)/python -m bench $(if $(MEMBERS),--members $(MEMBERS),)

clean:
	rm -rf $(VENV) data
