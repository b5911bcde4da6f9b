# Newsroom: the two Quickstart commands are `make run` and `make test`.
# Everything else here is a helper; `make help` lists them.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-x tests/articles"`.
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
# Reinstall only when a requirements file changed since the last install.
STAMP := $(VENV)/.requirements-installed

.DEFAULT_GOAL := help

.PHONY: help run test lint format migrate demo worker install browser-deps serve-prod check-deploy check-port clean messages compilemessages

help:
	@echo "Quickstart:"
	@echo "  make run           install, migrate, load the demo newsroom, serve at http://$(HOST):$(PORT) with the task worker"
	@echo "                     (port taken? make run PORT=8001)"
	@echo "  make test          the whole suite: ruff, makemigrations --check, pytest (honours DATABASE_URL)"
	@echo "Helpers:"
	@echo "  make install       create $(VENV) and install requirements-dev.txt (only when changed)"
	@echo "  make lint          ruff check + ruff format --check"
	@echo "  make format        ruff format + ruff check --fix"
	@echo "  make migrate       apply migrations"
	@echo "  make demo          load (or refresh) the demo content and its image renditions"
	@echo "  make worker        the background task worker (mail, renditions) on its own"
	@echo "  make messages      update the Russian and Arabic catalogues (locale/) from the code (needs GNU gettext)"
	@echo "  make compilemessages  compile the catalogues into the .mo files the site reads (needs GNU gettext)"
	@echo "  make browser-deps  Chromium, a Java runtime and the npm test tools for the browser tests"
	@echo "  make serve-prod    gunicorn with DEBUG off on $(HOST):$(PORT), to try the production path locally"
	@echo "  make check-deploy  python manage.py check --deploy with your production variables"
	@echo "  make check-port    whether $(HOST):$(PORT) is free for make run (PORT=… to check another)"
	@echo "  make clean         remove caches, collected static files and test artifacts (keeps $(VENV) and the db)"

# --- environment --------------------------------------------------------------

$(BIN)/python:
	@version=$$($(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); \
	if [ -z "$$version" ]; then echo "Newsroom needs Python 3.11 or newer, and '$(PYTHON)' was not found."; \
	elif ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
		echo "Newsroom needs Python 3.11 or newer; '$(PYTHON)' is Python $$version."; \
	else exit 0; fi; \
	echo "Install Python 3.11+ and run again with e.g. 'make run PYTHON=python3.12'."; exit 1
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.txt -r requirements-dev.txt
	@touch $@

install: $(STAMP)

# --- the two Quickstart commands -----------------------------------------------

# The task worker (workflow mail, image renditions) runs in the background of the same recipe
# and is stopped with the server: Ctrl-C ends both. Mail is printed by the worker on this console.
# The port is checked first, so a taken port fails in a second, not after the install.
run: check-port
	@$(MAKE) --no-print-directory install
	$(MANAGE) migrate --noinput
	$(MANAGE) loaddemo
	$(MANAGE) make_renditions
	@$(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Task worker started (pid $$worker); it stops with the server."; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# --- helpers -------------------------------------------------------------------

# Binds HOST:PORT as runserver does (SO_REUSEADDR); when it is taken, says so and names a free port instead.
check-port:
	@free() { $(PYTHON) -c 'import socket, sys; host, port = sys.argv[1], int(sys.argv[2]); \
		s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET); \
		s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((host, port))' $(HOST) $$1 2>/dev/null; }; \
	if ! command -v $(PYTHON) >/dev/null 2>&1 || free $(PORT); then exit 0; fi; \
	next=$$(($(PORT) + 1)); while [ $$next -lt $$(($(PORT) + 50)) ] && ! free $$next; do next=$$((next + 1)); done; \
	echo "Port $(PORT) on $(HOST) is already in use (another server?). Nothing was installed or started."; \
	echo "Pick another port, e.g.:  make run PORT=$$next"; exit 1

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(STAMP)
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) loaddemo
	$(MANAGE) make_renditions

# Translation catalogues (docs/i18n.md): one project catalogue per language in locale/. The compiled
# .mo files are committed, so `make run` works without gettext; `make test` checks they are current.
MESSAGES_FLAGS := -l ru -l ar --no-location --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench

messages: $(STAMP)
	$(MANAGE) makemessages $(MESSAGES_FLAGS)

compilemessages: $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# The task worker alone, e.g. beside `make serve-prod` in another terminal.
worker: $(STAMP)
	$(MANAGE) db_worker --no-reload

# Chromium, Java and GNU gettext (the catalogue tests) come from Debian (root only); axe-core and vnu.jar from npm.
# `--ignore-scripts`: vnu-jar ships its jar in the package; its postinstall would
# only try to download a Java runtime, which we take from Debian instead.
browser-deps:
	@missing=""; \
	[ -x "$${NEWSROOM_CHROMIUM:-/usr/bin/chromium}" ] || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -z "$$missing" ]; then echo "Chromium, java and gettext: present."; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else echo "Missing:$$missing. Install them with your package manager (Debian: sudo apt-get install$$missing)."; fi
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: install Node.js 18+ and npm, then run 'make browser-deps' again."; fi

# Production-like local server: DEBUG off, hashed static files, gunicorn (gunicorn.conf.py), the task worker beside it.
# Without CACHE_URL it runs one worker process (threads for concurrency) on a local-memory cache.
# Without NEWSROOM_FIELD_KEYS it uses the development key, so the `make run` database stays readable.
serve-prod: $(STAMP)
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-prod-key-$$(id -u)-not-for-real-use-0123456789abcdef} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost} DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
	NEWSROOM_FIELD_KEYS=$${NEWSROOM_FIELD_KEYS:-ZGV2ZWxvcG1lbnQtb25seS1ub3QtYS1zZWNyZXQtISE=} \
	CACHE_URL=$${CACHE_URL:-locmem://} WEB_CONCURRENCY=$${WEB_CONCURRENCY:-1} GUNICORN_THREADS=$${GUNICORN_THREADS:-4} \
	sh -c '$(MANAGE) collectstatic --noinput --verbosity 0 && $(MANAGE) migrate --noinput || exit 1; \
		$(MANAGE) db_worker --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(BIN)/gunicorn --bind $(HOST):$(PORT) newsroom.wsgi'

check-deploy: $(STAMP)
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf .pytest_cache .ruff_cache staticfiles test-artifacts
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
