"""Who can take the chicken in the window: the player, the built-in agents and every DQN model found.

Controllers come from the one registry (controllers/registry.py). The roster keeps the player's own
`HumanController` (its key state lives on), loads each DQN once, and cycles through the models with
"D again". Every choice comes back as a `Pick`: a controller, or a one-line reason why there is none, so
a bad model file never takes the window down.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from crossy_desktop.controllers.base import Controller, ControllerKind
from crossy_desktop.controllers.builtin import HumanController
from crossy_desktop.controllers.registry import all_models, make_controller, no_model_message
from crossy_desktop.storage.model_file import ModelFileError

WINDOW_TORCH_THREADS = 1  # a DQN in the window thinks about one observation at a time


def _one_torch_thread() -> None:
    """A window's DQN runs torch on one thread. A second one gains nothing on a single observation and fights the
    window (and the X server) for the 2 cores: versus work p99 15.5 ms with 2 threads, 7.8 ms with 1 (median of
    3 looks of 3,000 frames each, bench_pacing.py --versus, 2026-12-01). torch is only touched where it is loaded
    already: the player bundle has none."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != WINDOW_TORCH_THREADS:
        torch.set_num_threads(WINDOW_TORCH_THREADS)


@dataclass
class Pick:
    controller: Controller | None
    error: str = ""  # why there is no controller: one line for the HUD


class Roster:
    def __init__(self, model: Path | None = None, seed: int | None = None) -> None:
        self.human = HumanController()
        self.seed = seed  # the random agent's
        self.model = model  # --model: leads the list of models
        self._dqns: dict[Path, Controller] = {}
        self._models: list[Path] | None = None
        self._model_index = -1
        self._refused = False  # the model last picked could not be loaded: D goes on to the next one

    def pick(self, name: str, current: Controller | None = None) -> Pick:
        """The controller for `name`; for a DQN, the next model when one is at the controls already."""
        if name == ControllerKind.HUMAN:
            return Pick(self.human)
        if name == ControllerKind.DQN:
            return self.next_dqn(again=current is not None and current.kind == ControllerKind.DQN)
        return Pick(make_controller(name, seed=self.seed))

    def next_dqn(self, again: bool = False) -> Pick:
        """The first model, or with `again` (or after a refused one) the one after the last picked."""
        models = self.models()
        if not models:
            return Pick(None, no_model_message())
        if again or self._model_index < 0 or self._refused:
            self._model_index = (self._model_index + 1) % len(models)
        pick = self.dqn(models[self._model_index])
        self._refused = pick.controller is None
        return pick

    def best_dqn(self) -> Pick:
        models = self.models()
        return self.dqn(models[0]) if models else Pick(None, no_model_message())

    def refresh(self, newest: Path | None = None, models: list[Path] | None = None) -> None:
        """Read the model folders again (or take `models`, read off the frame loop: `all_models()`); with
        `newest`, D picks that one next."""
        self._models = None if models is None else self._led(models)
        models = self.models()
        self._model_index = models.index(newest) if newest in models else -1
        self._refused = False

    def dqn(self, path: Path) -> Pick:
        """A DQN for a model file, loaded once. torch (where installed) loads here, never at start-up."""
        if path in self._dqns:
            return Pick(self._dqns[path])
        try:
            controller = make_controller(ControllerKind.DQN, model=path)
        except ModelFileError as exc:
            return Pick(None, f"cannot load model: {exc}")
        except Exception as exc:  # noqa: BLE001 - a broken model or torch install must never take the app down
            return Pick(None, f"cannot load model {path.name}: {type(exc).__name__}: {exc}")
        return Pick(self.adopt(path, controller))

    def adopt(self, path: Path, controller: Controller) -> Controller:
        """A DQN loaded elsewhere (a worker thread) for `path`; the one loaded before for it, if any."""
        if path not in self._dqns:
            _one_torch_thread()
            self._dqns[path] = controller
        return self._dqns[path]

    def models(self) -> list[Path]:
        """The models D cycles through: shipped and the player's own, best evaluated first (--model leads).

        Read once (headers only) and again after `refresh`, when teaching has added one.
        """
        if self._models is None:
            self._models = self._led(all_models())
        return self._models

    def _led(self, models: list[Path]) -> list[Path]:
        """`models` with --model's first."""
        return [self.model, *models] if self.model is not None else list(models)
