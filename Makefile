# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve worker cdn test install install-dev migrate demo lint format clean backup restore

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo --superuser

# The development server with a worker beside it (stopped with the server).
run: demo
	$(PY) manage.py work & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# A worker for background jobs (publishing at its minute, purges, renditions).
# Run as many as needed, on any machine that reaches the database.
worker: migrate
	exec $(PY) manage.py work

# Production server: DEBUG off unless set, SECRET_KEY and ALLOWED_HOSTS from the
# environment (settings refuse to start without a secret key), static files
# collected with hashed names for whitenoise, then gunicorn (newsroom/gunicorn.conf.py).
serve: export DEBUG ?= 0
serve: export PORT := $(PORT)
serve: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	exec $(VENV)/bin/gunicorn --config newsroom/gunicorn.conf.py newsroom.wsgi

test: install-dev
	$(PY) -m pytest

# Varnish (deploy/varnish/newsroom.vcl, vmod xkey) on CDN_PORT in front of
# `make serve` on PORT; start the app with PURGER=articles.purging.VarnishPurger
# VARNISH_URLS=http://127.0.0.1:$(CDN_PORT)/ so that changes are purged by key.
CDN_PORT ?= 6081
cdn:
	sed 's/.port = "8000"/.port = "$(PORT)"/' deploy/varnish/newsroom.vcl > /tmp/newsroom-varnish-$(CDN_PORT).vcl
	exec varnishd -F -a 127.0.0.1:$(CDN_PORT) -f /tmp/newsroom-varnish-$(CDN_PORT).vcl \
		-n /tmp/varnish-newsroom-$(CDN_PORT) -s malloc,64m

# Operations: the whole database to a new file, and back into an empty one.
# make backup [BACKUP_FILE=path]   (default: backups/newsroom-<UTC time>.*)
# make restore BACKUP_FILE=path    (DATABASE_URL must name an empty database)
backup: install
	$(PY) manage.py backup $(BACKUP_FILE)

restore: install
	@test -n "$(BACKUP_FILE)" || { echo "Say which backup: make restore BACKUP_FILE=path"; exit 2; }
	$(PY) manage.py restore "$(BACKUP_FILE)"

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles
