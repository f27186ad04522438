"""Controllers that need no model: the human at the keyboard and the baseline agents."""

from __future__ import annotations

import numpy as np

from crossy_desktop.controllers.base import Controller, ControllerKind, DecisionInput
from crossy_desktop.game.core import DOWN, NOOP, UP


class HumanController(Controller):
    """Holds whatever the keyboard says; the app sets `up`/`down` from key state."""

    kind = ControllerKind.HUMAN
    name = kind.value
    is_agent = False

    def __init__(self) -> None:
        self.up = False
        self.down = False

    def act(self, decision: DecisionInput) -> int:
        if self.up and not self.down:
            return UP
        if self.down and not self.up:
            return DOWN
        return NOOP


class RandomController(Controller):
    kind = ControllerKind.RANDOM
    name = kind.value

    def __init__(self, seed: int | None = None) -> None:
        self._seed = seed
        self._rng = np.random.default_rng(seed)

    def reset(self, seed: int | None = None) -> None:
        if seed is not None:
            self._rng = np.random.default_rng(seed if self._seed is None else (self._seed, seed))

    def act(self, decision: DecisionInput) -> int:
        return int(self._rng.integers(0, 3))


class AlwaysUpController(Controller):
    """The baseline a DQN must beat to have learned anything: 21 points a game."""

    kind = ControllerKind.ALWAYS_UP
    name = kind.value

    def act(self, decision: DecisionInput) -> int:
        return UP
