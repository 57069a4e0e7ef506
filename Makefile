# make run   install into .venv, create instance/ and the database, load the shipped real elections, serve
# make serve as run, but with gunicorn (gunicorn.conf.py: HOST, PORT default 127.0.0.1:8000, WEB_CONCURRENCY)
# make test  install the dev requirements, lint (ruff), run the tests
# make lock  lock requirements.in and requirements-dev.in, with hashes, into the two requirements files
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test install translations browser clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt are locks: every package, transitive ones too, pinned and
# hashed (pip-compile, from requirements.in and requirements-dev.in: `make lock`).
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# After changing requirements.in or requirements-dev.in: lock again (needs the dev tools installed).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras
lock: $(VENV)/.installed-dev
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-dev.txt requirements-dev.in

install: $(VENV)/.installed translations

# The interface's French and Arabic catalogs, compiled for Flask-Babel (tracker/translations/*/LC_MESSAGES).
translations: $(VENV)/.installed
	$(BIN)/python -c "from tracker.i18n import compile_catalogs; compile_catalogs()"

run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(BIN)/python -m tracker.devserver --host $(HOST) --port $(PORT)  # Werkzeug, one Server header

# HOST and PORT reach gunicorn only from the environment: `PORT=9000 make serve`.
serve: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(VENV)/.installed-dev translations browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto --dist loadfile  # one worker per core; a test module stays on one worker

# The browser tests drive Debian's chromium with Playwright. Installed here when missing and this user
# may run apt-get (root, or sudo without a password), waiting up to ten minutes for another install
# to finish; otherwise those tests skip, saying why.
CHROMIUM_PACKAGES := chromium fonts-noto-core fonts-noto-ui-core
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(CHROMIUM_PACKAGES) >/dev/null \
	    || echo "Could not install chromium: the browser tests will be skipped."; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  sudo apt-get -o DPkg::Lock::Timeout=600 update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(CHROMIUM_PACKAGES) >/dev/null \
	    || echo "Could not install chromium: the browser tests will be skipped."; \
	else echo "chromium is not installed and cannot be installed here: the browser tests will be skipped."; fi

clean:
	rm -rf $(VENV)
