# Two commands for a fresh machine: `make play` (set up, then open the game) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup play test lint bench package smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

play: setup
	$(BIN)/crossy

test: setup lint
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/bench_app.py
	$(BIN)/python bench/bench_training.py
	$(BIN)/python bench/bench_demos.py

package: setup
	$(BIN)/python -m pip install -q -e ".[package]"
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@echo "built dist/CrossyDesktop/ (run dist/CrossyDesktop/CrossyDesktop)"

smoke: package
	$(BIN)/python scripts/smoke_bundle.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
