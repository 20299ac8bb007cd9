# The two commands in the README: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# axe-core, which the browser tests inject into pages to check accessibility, and Eleventy, which
# builds the sites the export and verification tests write.
NODE_MODULES := node_modules/.package-lock.json
SAMPLE_POSTS := sample_posts

.PHONY: run test install lint format bench clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

$(NODE_MODULES): package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "npm not found: the accessibility checks and the Eleventy builds in the tests will be skipped."; \
	elif ! npm ci --no-audit --no-fund --loglevel=error; then \
		echo "npm ci failed: the accessibility checks and the Eleventy builds in the tests will be skipped."; fi

install: $(INSTALLED) $(NODE_MODULES)

run: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_site
	@# Unchanged sample posts are skipped on later runs, and editors' changes are never overwritten.
	$(BIN)/python manage.py import_posts $(SAMPLE_POSTS) --assets $(SAMPLE_POSTS)
	$(BIN)/python manage.py ensure_admin
	@# The task worker (imports from the admin, Wagtail's own background work) runs beside the
	@# web server and is stopped with it; a running import is let finish (Ctrl+C again stops it,
	@# and the import can be picked up again from its page).
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/python -m pytest

# Import speed, page speed and a wrk load check on scratch databases; BENCH_N=200 for a quick run.
bench: $(INSTALLED)
	@# The load check drives wrk (a Debian package); without it the check says so and is skipped.
	@if ! command -v wrk >/dev/null && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi
	$(BIN)/python bench/run.py

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
