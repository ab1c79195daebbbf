# Jenga Uwezo: the public contract is `make run` and `make test` (see README.md).
PYTHON ?= python3.11
PORT ?= 8000
# The dev settings read PORT for the site's absolute address (certificate QR codes, emails).
export PORT
UV_DIR := .uv
UV := $(UV_DIR)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Two workers: the CI machine has two cores.
PYTEST_WORKERS ?= 2

.PHONY: run serve test test-unit test-e2e lint format install system-deps worker bench bench-soak clean

$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (or set PYTHON=/path/to/python3.11)."; exit 1; }
	$(PYTHON) -m venv $(UV_DIR)
	$(UV_DIR)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

# Debian packages (Pango for certificate PDFs; chromium for the browser journeys): installed
# when root or password-less sudo allows, otherwise the one apt-get command is printed.
system-deps:
	@scripts/system-deps

run: install system-deps
	$(MANAGE) migrate --no-input
	@if $(MANAGE) help load_content >/dev/null 2>&1; then $(MANAGE) load_content; fi
	@if $(MANAGE) help seed_demo >/dev/null 2>&1; then $(MANAGE) seed_demo; fi
	@echo "Jenga Uwezo is at http://127.0.0.1:$(PORT)/ (demo accounts: see README.md)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn + whitenoise, production settings (SECRET_KEY, ALLOWED_HOSTS and REDIS_URL required).
serve: install system-deps
	DJANGO_SETTINGS_MODULE=lms.settings.production $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_SETTINGS_MODULE=lms.settings.production $(MANAGE) migrate --no-input
	DJANGO_SETTINGS_MODULE=lms.settings.production $(VENV)/bin/gunicorn lms.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

worker: install
	$(MANAGE) db_worker

test: install
	@scripts/system-deps --tests
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not e2e"
	@scripts/run-e2e

test-unit: install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not e2e"

test-e2e: install
	@scripts/system-deps --tests
	@scripts/run-e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install system-deps
	$(PY) bench/run.py

bench-soak: install system-deps
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) $(UV_DIR) staticfiles .test-media
