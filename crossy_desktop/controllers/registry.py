"""The one place controllers are built: by name for the window and `--controller`, by target for the tools.

Names a person can pick (`--controller`, `--versus`, the window's keys) are `PLAYABLE`; the tools that play
games headlessly (`evaluate`, `video`, `demos record`) take a `TARGET`: one of `BUILTIN_AGENTS` or a model
file. torch loads only when a DQN model is loaded (rl/agent_file.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crossy_desktop.controllers.base import Controller, ControllerKind
from crossy_desktop.controllers.builtin import AlwaysUpController, HumanController, RandomController
from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.rl.agent_file import find_models
from crossy_desktop.storage.model_file import ModelFileError
from crossy_desktop.storage.paths import model_folders

PLAYABLE: tuple[str, ...] = tuple(k.value for k in ControllerKind if k is not ControllerKind.REPLAY)
AGENTS: tuple[str, ...] = tuple(k for k in PLAYABLE if k != ControllerKind.HUMAN)
BUILTIN_AGENTS: tuple[str, ...] = tuple(k for k in AGENTS if k != ControllerKind.DQN)  # need no model file


def make_controller(name: str, seed: int | None = None, model: Path | None = None) -> Controller:
    """A new controller of kind `name`; `seed` drives the random agent, `model` is the DQN's file.

    A DQN without `model` takes the best evaluated model (best_model). A model that cannot be
    used raises ModelFileError (one line); an unknown name raises ValueError.
    """
    if name not in PLAYABLE:
        raise ValueError(f"unknown controller '{name}' (choose from {', '.join(PLAYABLE)})")
    return _BUILDERS[ControllerKind(name)](seed, model)


_BUILDERS: dict[ControllerKind, Callable[[int | None, Path | None], Controller]] = {
    ControllerKind.HUMAN: lambda seed, model: HumanController(),
    ControllerKind.RANDOM: lambda seed, model: RandomController(seed),
    ControllerKind.ALWAYS_UP: lambda seed, model: AlwaysUpController(),
    ControllerKind.SCRIPTED: lambda seed, model: ScriptedController(),
    ControllerKind.DQN: lambda seed, model: DQNController(model if model is not None else best_model()),
}


def controller_for_target(target: str, seed: int | None = None) -> Controller:
    """A command-line TARGET: a built-in agent's name, or else a model file."""
    if target in BUILTIN_AGENTS:
        return make_controller(target, seed=seed)
    return make_controller(ControllerKind.DQN, model=Path(target))


def all_models() -> list[Path]:
    """The shipped models and the player's own, best evaluated first."""
    return find_models(*model_folders())


def no_model_message() -> str:
    return f"no DQN model found in {' or '.join(str(f) for f in model_folders())}"


def best_model() -> Path:
    """The best evaluated model, shipped or the player's own, or ModelFileError when there is none."""
    models = all_models()
    if not models:
        raise ModelFileError(no_model_message())
    return models[0]
