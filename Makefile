# The entry points for contributors and CI. `make run` and `make test` set up a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install run serve demo test test-fast lint fmt messages bench bench-search bench-load clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Set up the embedded database, load the demo data once, and serve on http://$(HOST)
run: install
	$(BIN)/crossroads migrate --no-input
	$(BIN)/crossroads collectstatic --no-input --verbosity 0
	$(BIN)/crossroads demo load --if-empty
	$(BIN)/crossroads runserver $(HOST)

## Update the French and Arabic catalogues from the code, then compile them (needs GNU
## gettext: apt-get install gettext). Translate the new entries in the .po files, and
## run it again to compile them; both the .po and the .mo files are committed.
messages: install
	cd src/crossroads && ../../$(BIN)/crossroads makemessages -l fr -l ar -e html,txt,py --no-location --no-obsolete
	cd src/crossroads && ../../$(BIN)/crossroads compilemessages

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install
	$(BIN)/pytest -n 2 -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@

## Search at 100,000 items on SQLite and PostgreSQL, against modelsearch; writes
## bench/results/search.json. Options: BENCH_SEARCH_ARGS="--quick" or "--sizes 100000,1000000";
## "--keep FOLDER" keeps the catalogues there, and measures them again on the next run
bench-search: $(VENV)/.bench-installed
	$(BIN)/python -m bench.search $(BENCH_SEARCH_ARGS)

## 200 people for 60 s against gunicorn, PostgreSQL and Redis on 127.0.0.1, one worker
## killed mid-way; writes bench/results/load.json. BENCH_LOAD_ARGS="--users 20 --duration 10"
bench-load: $(VENV)/.bench-installed
	$(BIN)/python -m bench.load $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
