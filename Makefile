# Two commands set up a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1 DEMO_MODE=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint demo-data demo-totp clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Reference data comes with the migrations; then the site, the handbook, and last the demo
# accounts, so their sign-ins are the last thing printed before the server starts.
demo-data: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) LOG_LEVEL=WARNING $(PY) manage.py load_site
	$(DEV_ENV) LOG_LEVEL=WARNING $(PY) manage.py load_handbook
	$(DEV_ENV) $(PY) manage.py seed_demo

# The portal with demo data on the embedded default: SQLite and huey on SQLite under var/.
run: demo-data
	@echo "Starting the portal on http://$(HOST):$(PORT)/ and a huey consumer (Ctrl-C stops both)."
	@$(DEV_ENV) $(PY) manage.py run_huey -m 0.5 & huey_pid=$$!; \
	trap 'kill $$huey_pid 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The current code of a demo account's authenticator: make demo-totp EMAIL=staff@portal.example
# (DEMO_MODE only). No install step: it reads what `make run` set up.
demo-totp:
	@test -n "$(EMAIL)" || { echo "Say whose code: make demo-totp EMAIL=staff@portal.example" >&2; exit 2; }
	@$(DEV_ENV) $(PY) manage.py demo_totp "$(EMAIL)"

# The whole suite, browser tests included, one worker per core (pytest-xdist). --dist load
# hands tests out in collection order, where pytest-django puts the transactional tests (which
# empty every table, reference data included) last. DATABASE_URL and REDIS_URL pass through.
test: install
	$(VENV)/bin/pytest -n auto --dist load

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var/
