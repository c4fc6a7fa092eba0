# navpartner — two commands on a fresh Debian 12 machine with Python 3.11, pip and apt:
#
#   make run    set everything up, load the demo, serve http://127.0.0.1:8000 (SQLite, tasks
#               in-process, e-mail to the console: navpartner.settings.local)
#   make test   set everything up, then lint (ruff, import layers, mypy), the fast suite
#               (SQLite + Chromium) and the integration suite (PostgreSQL 15 + Redis + Celery
#               worker, started and stopped)
#
# Every step is idempotent and cheap when already done. `make help` lists the smaller targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:

# Never let uv download a Python: use the machine's 3.11.
export UV_PYTHON_DOWNLOADS := never
# The uv command (installed with `pip install uv` if missing); "python3 -m uv" when uv is
# installed but not on PATH.
UV = $(shell scripts/ensure-uv.sh)
MANAGE = $(UV) run --frozen python manage.py
# Where `make run` serves; the links in the e-mails it sends (the demo's reminders included)
# point there too.
RUN_ADDR ?= 127.0.0.1:8000
RUN_ENV = NAVPARTNER_BASE_URL=http://$(RUN_ADDR)

# Debian packages the product needs at run time: gettext (compilemessages) and WeasyPrint's
# libraries (Pango with its FreeType back end, HarfBuzz subsetting for small PDFs, a font).
APT_RUN := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# ... and for the tests: Chromium (Norwegian locale for date inputs), Redis, PostgreSQL 15,
# poppler (PDF to text/pictures), LibreOffice Writer (the Word export must open in it; the
# baseline of bench/pdf.py).
APT_TEST := chromium chromium-driver chromium-l10n redis-server postgresql-15 poppler-utils \
	libreoffice-writer-nogui

.PHONY: help run test setup setup-test apt apt-test python messages oidc-provider migrate demo \
	lint test-fast test-browser test-integration services-start services-stop services-status

help:
	@echo "make run               set up, migrate, load the demo, serve http://127.0.0.1:8000"
	@echo "make test              set up, lint (ruff, import layers, mypy), fast suite,"
	@echo "                       integration suite (every step runs; the exit code is"
	@echo "                       non-zero if any failed)"
	@echo "make setup|setup-test  only the set-up (apt packages, uv, dependencies, translations)"
	@echo "make lint|test-fast|test-browser|test-integration   one step of make test, without the set-up"
	@echo "make services-start|services-stop|services-status   PostgreSQL, Redis, Celery worker"
	@echo "                       for the integration suite (state in .run/)"

## set-up --------------------------------------------------------------------------------

setup: apt python messages

setup-test: apt-test python messages oidc-provider

apt:
	scripts/apt-ensure.sh $(APT_RUN)

apt-test:
	scripts/apt-ensure.sh $(APT_RUN) $(APT_TEST)

python:
	$(UV) sync --frozen

# The OpenID Connect provider the browser tests log in through (tests/oidc, on the machine's
# Node): installed from the committed package-lock.json, again only when that changes.
oidc-provider: tests/oidc/node_modules/.package-lock.json

tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json tests/oidc/package.json
	npm ci --prefix tests/oidc --no-audit --no-fund
	touch $@

messages:
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

## make run --------------------------------------------------------------------------------

migrate:
	$(MANAGE) migrate --noinput

# The demo, then the day's reminders (the embedded set-up has no beat; cron would run
# send_reminders daily — running it twice sends nothing twice).
demo: migrate
	$(RUN_ENV) $(MANAGE) seed_demo
	$(RUN_ENV) $(MANAGE) send_reminders

run: setup demo
	@echo "==> serving http://$(RUN_ADDR) — demo users: see README.md (Ctrl-C stops)"
	$(RUN_ENV) $(MANAGE) runserver $(RUN_ADDR)

## make test -------------------------------------------------------------------------------

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen lint-imports --no-cache
	$(UV) run --frozen mypy

test-fast:
	$(UV) run --frozen pytest tests --ignore=tests/integration --ignore=tests/e2e

# Browser tests in their own process: Playwright keeps an event loop running in the test
# thread, which code using asyncio.run (pyHanko's signer) must not share.
test-browser:
	$(UV) run --frozen pytest tests/e2e

test-integration:
	scripts/test-integration.sh

# Runs every step even when one fails (a lint error should not hide a failing test), then
# reports and exits non-zero if any failed.
test: setup-test
	@failed=""; \
	for step in lint test-fast test-browser test-integration; do \
		echo "==> make $$step"; \
		start=$$SECONDS; \
		$(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
		echo "==> make $$step: $$((SECONDS - start)) s"; \
	done; \
	if [ -n "$$failed" ]; then echo "==> make test FAILED:$$failed"; exit 1; fi; \
	echo "==> make test: all passed"

## services for the integration suite -------------------------------------------------------

services-start:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

services-status:
	scripts/services.sh status
