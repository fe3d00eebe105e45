# JPO Board tasks. `make help` lists them.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help serve seed db-stop test lint format browser migrations-check deploy-check audit

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.1"

$(VENV)/.prod: pyproject.toml | $(PY)
	$(PIP) install --quiet --group prod
	touch $@

$(VENV)/.test: pyproject.toml | $(PY)
	$(PIP) install --quiet --group test
	touch $@ $(VENV)/.prod

# Without DATABASE_URL every task runs on the checkout's embedded PostgreSQL (.pgdata/), started on first use.
serve: $(VENV)/.prod ## Install, migrate, load the five seed ToRs into an empty database, serve on http://127.0.0.1:8000
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed --if-empty
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

seed: $(VENV)/.prod ## Load the five seed ToRs again, over any edit of them
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed

db-stop: $(VENV)/.prod ## Stop the embedded PostgreSQL (its data stays in .pgdata/)
	$(PY) -m jpoboard.embedded_db stop

browser: ## Install Debian's Chromium for the browser tests (needs root or sudo)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# axe-core, for the accessibility checks of the browser tests (Debian's npm when there is none).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund
	touch $@

migrations-check: $(VENV)/.prod ## Fail when a model change has no migration
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

deploy-check: $(VENV)/.prod ## Django's deployment checklist with production settings (debug off, a real secret)
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=jpo.example.org DJANGO_SITE_URL=https://jpo.example.org $(PY) manage.py check --deploy --fail-level WARNING

audit: $(VENV)/.prod ## Lighthouse (SEO, Best Practices) and the Nu HTML checker on the served pages (tools/audit.sh)
	tools/audit.sh

lint: $(VENV)/.test ## ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test ## ruff: fix and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.test browser node_modules/axe-core/axe.min.js migrations-check ## Install, then run the whole test suite (DATABASE_URL picks the database)
	$(PY) -m pytest $(ARGS)
