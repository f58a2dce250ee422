# kaoping — two commands set up everything on a fresh machine:
#   make run    install, migrate the embedded SQLite database, load the demo with the national campaign (demo data: never in production), serve on 127.0.0.1:8000 with one background worker
#   make test   install, lint, type-check, import contracts and sizes, Django checks, the whole suite on SQLite and on PostgreSQL and the hostile-input harness (side by side)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
KAOPING := $(VENV)/bin/kaoping
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha1sum | cut -c1-12)
VENDOR_STAMP := src/kaoping/web/static/vendor/.stamp

.PHONY: run test lint bench hostile install static bytecode clean

$(PY):
	python3 -m venv $(VENV)

# uv fetches the locked packages in parallel (about a minute where pip took three and a half);
# where uv cannot be installed, pip installs the same lock file. Both leave compiled bytecode as
# a wheel installed by pip does (docs/deploy.md): uv does not by default, and where the
# environment sets PYTHONDONTWRITEBYTECODE every process — each worker, each command, each test
# run — compiled Django and the product from source again (a worker's start: 2.1 → 1.0 s CPU).
$(STAMP): pyproject.toml requirements.lock | $(PY)
	if $(PY) -m pip install -q uv==0.13.9; then \
	  $(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -r requirements.lock -e '.[test]'; \
	else \
	  $(PY) -m pip install -q --upgrade pip && \
	  $(PY) -m pip install -q -r requirements.lock && \
	  $(PY) -m pip install -q -e '.[test]'; \
	fi
	rm -f $(VENV)/.installed-* && touch $@

# The product's own modules, compiled as a wheel's are (an editable install leaves them as source).
bytecode: install
	$(PY) -m compileall -q -j 0 src

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR_STAMP): node_modules/.package-lock.json scripts/vendor_static.py
	$(PY) scripts/vendor_static.py
	touch $@

static: install bytecode $(VENDOR_STAMP)

# The demo's printed logins sign in with a password alone: the laptop run switches the
# administrators' second factor off (a deployment keeps it on: docs/deploy.md, 等保三级对照).
run: export KAOPING_REQUIRE_2FA = 0
run: static
	$(KAOPING) migrate --no-input
	$(KAOPING) demo --national
	@echo "kaoping: http://127.0.0.1:8000/ (with one background worker beside it: PDFs, exports, periodic work)"
	$(KAOPING) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; $(KAOPING) runserver --noreload 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_sizes.py
	$(KAOPING) check
	$(KAOPING) makemigrations --check --dry-run

test: static lint
	bash scripts/test.sh

# The hostile-input harness (tests/hostile) against a live gunicorn on PostgreSQL.
hostile: static
	KAOPING_DATABASE_URL="$${KAOPING_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}" \
	  $(VENV)/bin/pytest -m hostile -q tests/hostile

bench: static
	$(PY) -m pip install -q -e '.[test,bench]'
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) node_modules src/kaoping/web/static/vendor var
