# chuangwen: `make run` serves the demo city, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
STAMP := $(VENV)/.installed

.PHONY: run setup test test-sqlite test-postgres test-browser lint format bench messages messages-check clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	chmod 600 var/secret_key

# The local demo serves plain HTTP on 127.0.0.1, hence HTTPS=0; production keeps the default.
# The demo runs without the second factor; `make run TWO_FACTOR_ROLES=office_admin,office_staff`
# asks it of the office roles (production's default).
TWO_FACTOR_ROLES ?=
RUN_ENV = SECRET_KEY="$$(cat var/secret_key)" HTTPS=0 TWO_FACTOR_ROLES="$(TWO_FACTOR_ROLES)"

setup: $(STAMP) var/secret_key
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v 0
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(RUN_ENV) $(PY) manage.py load_demo

run: setup
	@scripts/ensure_system_packages.sh --report
	@$(RUN_ENV) $(PY) manage.py demo_logins --url http://127.0.0.1:$(PORT)/
	$(RUN_ENV) PORT=$(PORT) WORKERS=$(WORKERS) PY=$(PY) scripts/serve.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	$(PY) manage.py makemessages --settings chuangwen.test_settings -l en --no-obsolete --add-location file -i 'static/*' -i '.venv/*' -i 'var/*'
	$(PY) manage.py compilemessages --settings chuangwen.test_settings -l en --ignore '.venv'

messages-check: $(STAMP)
	scripts/check_messages.sh

# The whole suite: lint, migrations in step with models, SQLite, PostgreSQL, then the browser.
test: $(STAMP) lint
	scripts/ensure_system_packages.sh
	scripts/ensure_postgres.sh
	$(PY) manage.py makemigrations --check --dry-run --settings chuangwen.test_settings
	$(MAKE) messages-check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-browser

test-sqlite: $(STAMP)
	$(VENV)/bin/pytest -m "not browser" -n 2 -q

test-postgres: $(STAMP)
	scripts/ensure_postgres.sh
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -m "not browser" -n 2 -q

test-browser: $(STAMP)
	scripts/ensure_system_packages.sh
	$(VENV)/bin/pytest -m browser -q

bench: $(STAMP)
	$(PY) bench/demo_load.py
	$(PY) bench/scoring.py
	$(PY) bench/export.py

clean:
	rm -rf var .pytest_cache .ruff_cache
