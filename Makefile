# Two commands set everything up on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := portal

.PHONY: run test test-sqlite test-postgres install lock translations extract-messages system-packages browser bench bench-scale screenshots clean

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
	@echo "Praktikportalen on http://127.0.0.1:5000  (Ctrl+C stops it)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install translations browser
	$(BIN)/pytest
	./scripts/with-postgres.sh $(BIN)/pytest

# The suite against SQLite only, without the PostgreSQL run (quicker while working).
test-sqlite: install translations browser
	$(BIN)/pytest

# For reviewing a change to the look: the main pages of each role at 320 and 1280 px, in Swedish
# and English, from a throwaway demo database, in instance/screenshots/ (git-ignored): open
# index.html there; overflow.txt names every page that scrolls sideways at 320 px.
screenshots: install translations browser
	$(BIN)/python scripts/screenshots.py --out instance/screenshots

install: $(VENV)/.installed

# Exactly the versions in requirements.lock, each checked against its hash; then the portal itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(MAKE) --no-print-directory system-packages
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# After changing a dependency in pyproject.toml: pin every package, direct or not, with its hashes.
lock: install
	$(BIN)/pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra test -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra test --extra bench -c requirements.lock -o bench/requirements.lock pyproject.toml

# WeasyPrint needs Pango and HarfBuzz's subsetter (it warns without it, and the suite turns
# warnings into errors); everything else comes from PyPI.
system-packages:
	@if ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset; then \
		$(call apt_install,libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core); fi

# Debian's chromium for the browser tests (Playwright cannot download its own here), poppler's
# pdfsig (and NSS's certutil for its trust store) as the independent judge of signed PDFs, and
# PostgreSQL for the second run of the suite.
browser:
	@if [ ! -x /usr/bin/chromium ]; then $(call apt_install,chromium fonts-dejavu-core); fi
	@if [ ! -x /usr/bin/pdfsig ] || [ ! -x /usr/bin/certutil ]; then $(call apt_install,poppler-utils libnss3-tools); fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then $(call apt_install,postgresql); fi

# The Swedish and English catalogues (portal/translations/*/messages.po), compiled to .mo.
translations: install
	$(BIN)/pybabel compile --statistics -d portal/translations

# After changing texts: extract them, then translate the new entries in portal/translations/sv.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o portal/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --ignore-obsolete --no-fuzzy-matching

# Seeds 100,000 placements into SQLite and into a throwaway PostgreSQL cluster, serves each with
# gunicorn, loads it with locust and wrk, times single operations, and writes bench/RESULTS.md.
bench: install translations $(VENV)/.bench-installed
	@if ! command -v wrk >/dev/null; then $(call apt_install,wrk); fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then $(call apt_install,postgresql); fi
	mkdir -p bench/out
	$(BIN)/python bench/run.py --out bench/out/sqlite.json
	./scripts/with-postgres.sh $(BIN)/python bench/run.py --out bench/out/postgresql.json
	$(BIN)/python bench/ops.py --out bench/out/ops.json
	$(BIN)/python bench/report.py bench/out bench/RESULTS.md

# The scaling curve (issue 17): the same run on PostgreSQL at 10,000, 100,000 and 1,000,000
# placements, each in its own throwaway cluster (about 15 minutes), written into bench/RESULTS.md.
bench-scale: install translations $(VENV)/.bench-installed
	@if ! command -v wrk >/dev/null; then $(call apt_install,wrk); fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then $(call apt_install,postgresql); fi
	mkdir -p bench/out
	for n in $$($(BIN)/python bench/scale.py); do \
		./scripts/with-postgres.sh $(BIN)/python bench/run.py --scale $$n --out bench/out/scale-$$n.json || exit 1; done
	$(BIN)/python bench/scale.py report bench/out bench/RESULTS.md

# The load generator (locust) only for `make bench`: pyproject's optional `bench` group.
$(VENV)/.bench-installed: $(VENV)/.installed bench/requirements.lock
	$(BIN)/pip install --quiet --require-hashes -r bench/requirements.lock
	touch $@

clean:
	rm -rf $(VENV)
	find portal/translations -name '*.mo' -delete

define apt_install
	echo "Installing Debian packages: $(1)"; \
	SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null
endef
