# VluchtelingenWerk Nederland — projects outside the Netherlands.
# `make run` to try the site, `make test` to run the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run serve release bench faults test lint format messages install clean map

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Compiled catalogues are build output; compile whenever a .po is newer. polib does it,
# so a machine without GNU gettext's msgfmt works too.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
# Installed once: a newer pyproject.toml is `make install`'s or `make release`'s business,
# so compiling catalogues and restarting the server never need the network.
INSTALLED_ONCE := $(if $(wildcard $(VENV)/.installed),,$(VENV)/.installed)
locale/%.mo: locale/%.po | $(INSTALLED_ONCE)
	$(BIN)/python -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

# Absolute URLs (canonical, sitemap, share links) are made from SITE_URL, never from
# the request's host: on a laptop, the address runserver listens on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install $(MO_FILES)
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_seed_content
	$(MANAGE) create_local_accounts
	@echo ""
	@echo "  Dutch page:    http://127.0.0.1:$(PORT)/nl/"
	@echo "  English page:  http://127.0.0.1:$(PORT)/en/"
	@echo "  Admin:         http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# As in production: production settings (SECRET_KEY, ALLOWED_HOSTS and SITE_URL from the
# environment), hashed and compressed static files, gunicorn on 127.0.0.1:$(PORT).
# Any warning of Django's deployment checklist (a weak SECRET_KEY, ...) stops it.
# Media is decided (and, without MEDIA_X_ACCEL_PREFIX, sent) by the site: operations/media.py.
# Starting (or restarting) needs no network: it installs only into a missing virtualenv;
# `make release` installs what a new pyproject.toml asks. `migrate` is safe on several
# machines at once and all or nothing on PostgreSQL (operations/management/commands/migrate.py).
serve release: export DJANGO_SETTINGS_MODULE = vwn_projects.settings.production
# The TLS proxy in front redirects http to https (docs/operations.md, Production); gunicorn itself
# answers plain http on 127.0.0.1, also for a look without a proxy.
serve release: export SECURE_SSL_REDIRECT ?= false
serve: export PORT := $(PORT)
# Pages cached in each worker's memory and in Redis are checked against the database's
# record of content changes (docs/operations.md, Page cache): any number of machines, nothing to set.
serve: $(MO_FILES) | $(INSTALLED_ONCE)
	mkdir -p .cache
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) collectstatic --no-input -v0
	$(MANAGE) migrate --no-input -v0
	@echo ""
	@echo "  Serving http://127.0.0.1:$(PORT)/nl/ with gunicorn (Ctrl-C stops)"
	@echo ""
	$(BIN)/gunicorn --config gunicorn.conf.py

# An upgrade's steps, without starting the server (docs/operations.md, Upgrading): install what
# pyproject.toml asks (network), compile the catalogues, collect static files, migrate,
# then what a release may need made again (each idempotent): photo sizes not made yet, the
# search index, the translation memory (new on databases of older releases).
release: install $(MO_FILES)
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) collectstatic --no-input -v0
	$(MANAGE) migrate --no-input
	$(MANAGE) make_renditions
	$(MANAGE) rebuild_search_index
	$(MANAGE) rebuild_translation_memory

# The site beside its peers (../shared/perf-anchors) in one run, as ratios (bench/README.md);
# about 20 minutes. `$(BIN)/python bench/run.py` is the older table against /healthz with CPU.
bench: install $(MO_FILES)
	$(BIN)/python bench/peers.py

# The production server under load while Redis, PostgreSQL and a worker fail, on private
# servers it starts itself (see bench/README.md, Faults under load); about 3 minutes.
faults: install $(MO_FILES)
	$(BIN)/python bench/faults.py --check

test: install $(MO_FILES)
	DJANGO_SETTINGS_MODULE=vwn_projects.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=vwn_projects.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extracting needs GNU gettext (apt-get install gettext); compiling does not. Only this
# project's own sources: not the virtualenv, tests, or collected and generated files.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=bench/data \
	--ignore=.cache --ignore=node_modules --ignore=test-artifacts
messages: install
	$(MANAGE) makemessages -l nl -l en $(MESSAGES_IGNORE) --no-obsolete
	$(MANAGE) makemessages -d djangojs -l nl -l en $(MESSAGES_IGNORE) --ignore=static/vendor \
		--no-obsolete
	$(MAKE) $(MO_FILES)

# Rebuild website/map_data.json from Natural Earth (npm package world-atlas); needs npm.
map: install
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz) \
		&& $(BIN)/python tools/build_map.py $$tmp/package/countries-50m.json && rm -rf $$tmp

clean:
	rm -rf $(VENV) staticfiles
