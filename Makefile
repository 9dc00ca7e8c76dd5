# Наставник: `make run` serves the demo, `make test` runs every check (README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run install test lint typecheck migrations-check test-sqlite test-postgres test-browser system-deps bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools<81" wheel
	$(BIN)/pip install -q --no-build-isolation XStatic-Bootstrap==5.3.8.0
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --scale small --if-empty
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_logins
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

system-deps:
	bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy nastavnik

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest -q -n 2 nastavnik
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q browser_tests

test-postgres: install
	bash scripts/with-postgres.sh $(BIN)/pytest -q -n 2 nastavnik
	DJANGO_ALLOW_ASYNC_UNSAFE=true bash scripts/with-postgres.sh $(BIN)/pytest -q browser_tests

test: install system-deps lint typecheck migrations-check test-sqlite test-postgres

bench: install
	$(BIN)/python manage.py bench

clean:
	rm -rf $(VENV) staticfiles var
