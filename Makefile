# Two commands for a fresh machine: `make play` (set up, then open the game) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SWEEP_STAMP := $(VENV)/.installed-sweep

.PHONY: setup setup-sweep play test test-fast lint bench package package-player smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# The sweep extra (Ray Tune, rliable, TensorBoard) and the formats one (ONNX): the tests need them, the game does not.
$(SWEEP_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,sweep,formats]"
	touch $(SWEEP_STAMP)

setup-sweep: $(SWEEP_STAMP)

play: setup
	$(BIN)/crossy

test: setup-sweep lint
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -q

# Everything but the slow tests (Ray sweeps, training and teaching in subprocesses, whole games) and the real
# X window, spread over every core (pytest-xdist): about 2.5 minutes on these 2-core machines, against about 17 for
# `make test`.
test-fast: setup-sweep lint
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -q -n auto -m "not slow and not xwindow"

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

package-player: setup
	$(BIN)/python -m pip install -q -e ".[package]"
	CROSSY_BUNDLE=player $(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@echo "built dist/CrossyDesktopPlayer/ (no torch; run dist/CrossyDesktopPlayer/CrossyDesktopPlayer)"

smoke: package package-player
	$(BIN)/python scripts/smoke_bundle.py --bundle dist/CrossyDesktop
	$(BIN)/python scripts/smoke_bundle.py --bundle dist/CrossyDesktopPlayer

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
