PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
CHAT_AS ?= 张伟

.PHONY: run serve test test-sqlite test-postgres install db demo bench schema clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

db: install
	$(BIN)/python -m bot db upgrade

demo: db
	$(BIN)/python -m bot demo --if-empty

# `make run GROUP=华东销售群` chats in that group chat instead of a single chat.
run: demo
	$(BIN)/python -m bot chat --as $(CHAT_AS) $(if $(GROUP),--group "$(GROUP)")

serve: db
	$(BIN)/gunicorn -c config/gunicorn.conf.py 'bot:create_app()'

test: test-sqlite test-postgres

test-sqlite: install
	env -u BOT_DATABASE_URL $(BIN)/python -m pytest -q

# Runs again on PostgreSQL when BOT_DATABASE_URL points at one or the local server answers.
test-postgres: install
	@url="$${BOT_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then url="$(PG_URL)"; fi; \
	case "$$url" in postgresql*) echo "== PostgreSQL: $$url"; BOT_DATABASE_URL="$$url" $(BIN)/python -m pytest -q ;; \
	*) echo "== PostgreSQL not reachable: skipped" ;; esac

bench: install
	for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# A schema change is a NEW revision (never regenerate 0001: real databases are at it): edit bot/storage/models.py,
# then `make schema MESSAGE="what changed"` writes the next numbered revision for review.
schema: install
	@test -n "$(MESSAGE)" || { echo 'usage: make schema MESSAGE="what changed"'; exit 2; }
	$(BIN)/python -m bot db revision -m "$(MESSAGE)"

clean:
	rm -rf $(VENV) instance .pytest_cache
