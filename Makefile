# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT   ?= 8000
WORKERS ?= 1

.PHONY: run test lint format bench migrate clean

# The PDF letters (app/berichten) use DejaVu Sans for ë and ï: Debian's fonts-dejavu-core
# (without it they fall back to a core font, transliterated).
$(STAMP): pyproject.toml
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || ( SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core ) \
		|| echo "fonts-dejavu-core not installed: PDF letters fall back to a core font"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,postgres]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

migrate: $(STAMP)
	mkdir -p data
	$(BIN)/alembic upgrade head

run: migrate
	PORT=$(PORT) $(BIN)/methodisch welcome
	$(BIN)/uvicorn --factory app.main:create_app --http app.server:HttpProtocol --host 127.0.0.1 --port $(PORT) --workers $(WORKERS) --no-access-log --no-server-header

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every test on SQLite, then the database-touching ones again on a throwaway PostgreSQL.
test: lint
	command -v chromium >/dev/null || ( SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium )
	$(BIN)/pytest -n auto
	tests/with_postgres.sh $(BIN)/pytest -n auto api_tests tests/test_migrations.py tests/test_upkeep.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
