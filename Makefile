# The two set-up commands: `make run` (ingest seeds/ into the embedded store and serve the API)
# and `make test` (the whole test suite). Both create the environment themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store

.PHONY: run test install install-test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'

AIRWARS ?= ../shared/corpus/airwars/airwars_syria_incidents.jsonl

run: install
	if [ -f $(AIRWARS) ]; then $(BIN)/kg --store $(STORE) gazetteer import $(AIRWARS); fi
	$(BIN)/kg --store $(STORE) ingest seeds/
	$(BIN)/kg --store $(STORE) serve --host 127.0.0.1 --port 8000

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check kg api tests
	$(BIN)/mypy kg api
