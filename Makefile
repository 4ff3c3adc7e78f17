# shegong — the two set-up commands are `make run` and `make test`.
VENV    := .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PG_URL  ?= postgres://postgres@127.0.0.1:5432/shegong

.PHONY: install run test test-pg bench lint fmt browser clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install  ## migrate, load regions and demo data, serve on 127.0.0.1:$PORT (default 8000)
	@bash scripts/run.sh

browser:  ## the system Chromium and CJK fonts for browser tests
	@bash scripts/ensure-browser.sh

test: install browser  ## the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -n 2 --dist loadfile

test-pg: install browser  ## the whole suite on PostgreSQL
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadfile

bench: install  ## benchmarks; figures are printed, never asserted
	-@bash scripts/ensure-wrk.sh  # the intake's HTTP load; without it the Python client runs alone
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy src

fmt: install
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

clean:
	rm -rf var build *.egg-info
