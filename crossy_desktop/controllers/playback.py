"""Plays a recorded game back: the stored actions, one per decision, from the stored seed."""

from __future__ import annotations

import numpy as np

from crossy_desktop.controllers.base import Controller, ControllerKind, DecisionInput
from crossy_desktop.game.core import NOOP


class PlaybackController(Controller):
    kind = ControllerKind.REPLAY

    def __init__(self, actions: np.ndarray, name: str = "replay") -> None:
        self.actions = np.asarray(actions, np.int64)
        self.name = name
        self.position = 0

    @property
    def finished(self) -> bool:
        return self.position >= len(self.actions)

    def reset(self, seed: int | None = None) -> None:
        self.position = 0

    def act(self, decision: DecisionInput) -> int:
        if self.finished:
            return NOOP
        self.position += 1
        return int(self.actions[self.position - 1])
