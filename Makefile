# Tamkeen's two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app platform/tamkeen
TRANSLATIONS := platform/tamkeen/translations
BIND ?= $(or $(TAMKEEN_BIND),127.0.0.1:5000)
# The app prints links with the address gunicorn is bound to (addresses.py): both read it.
export TAMKEEN_BIND := $(BIND)
# One throwaway PostgreSQL database per checkout, so that clones do not share one.
PG_DB ?= tamkeen_test_$(shell basename "$(CURDIR)" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')

.PHONY: run test drill install install-dev translations messages lint serve

## make run: install, migrate, load the bundled courses, serve on http://127.0.0.1:5000
## (TAMKEEN_BIND=0.0.0.0:5000 make run serves a workshop room and prints its addresses)
run: install translations
	tools/debian-packages.sh run
	$(FLASK) db upgrade
	$(FLASK) certificates generate-key --if-missing
	$(FLASK) papers import courses/papers
	@# A workshop laptop's courses come from its kit: importing the bundled ones again would
	@# change them under the kit (docs/workshops.md).
	@if $(FLASK) workshop status --quiet; then \
		echo "Workshop laptop: its courses and people come from its kit."; \
	else \
		$(FLASK) courses import courses && $(FLASK) users first-admin-link; \
	fi
	$(MAKE) --no-print-directory serve

serve:
	@$(FLASK) workshop addresses
	@echo "(gunicorn's own log hides the addresses of the people who connect)"
	exec $(BIN)/gunicorn --config tools/gunicorn.conf.py --bind $(BIND) 'tamkeen:create_app()'

## make test: install what the tests need and run the whole suite on SQLite and PostgreSQL
test: install-dev translations
	tools/debian-packages.sh test
	tools/axe-core.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	tools/postgres.sh $(PG_DB) > .cache/postgres-url
	tools/run-suites.sh "$$(cat .cache/postgres-url)"

## make drill: the workshop sync's kill -9 drill as the issue asks, 100 cut syncs, on SQLite
## then PostgreSQL (the suite runs 2; TAMKEEN_SYNC_KILLS=N for another number)
drill: install-dev translations
	TAMKEEN_SYNC_KILLS=$${TAMKEEN_SYNC_KILLS:-100} $(BIN)/pytest -q -s -p no:cacheprovider \
	  tests/workshops/test_sync_drill.py
	tools/postgres.sh $(PG_DB) > .cache/postgres-url
	TAMKEEN_SYNC_KILLS=$${TAMKEEN_SYNC_KILLS:-100} \
	  TAMKEEN_TEST_DATABASE_URL="$$(cat .cache/postgres-url)" $(BIN)/pytest -q -s \
	  -p no:cacheprovider tests/workshops/test_sync_drill.py

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(BIN)/python:
	tools/debian-packages.sh python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	mkdir -p .cache
	touch $@

## make translations: compile the gettext catalogues (run by make run and make test)
translations: install
	$(BIN)/pybabel compile -d $(TRANSLATIONS)

## make messages: after changing interface strings, extract them and update the catalogues
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output --width 100 -o $(TRANSLATIONS)/messages.pot . templates/_macros
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --width 100

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
