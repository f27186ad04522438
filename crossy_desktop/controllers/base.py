"""What every controller sees and returns: one action per decision (every 4th emulator frame)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class ControllerKind(StrEnum):
    """Who is at the controls; the HUD picks its colour by kind, the registry builds by kind."""

    HUMAN = "human"
    RANDOM = "random"
    ALWAYS_UP = "always-up"
    SCRIPTED = "scripted"
    DQN = "dqn"
    REPLAY = "replay"


@dataclass
class DecisionInput:
    observation: np.ndarray  # (4, 84, 84) uint8, from the shared pipeline
    ram: np.ndarray  # the emulator's 128 bytes of RAM


class Controller(ABC):
    """Chooses the chicken's action. `name` is what the HUD shows."""

    name: str = "controller"
    kind: str = "agent"  # a ControllerKind for the app's own controllers: picks the HUD colour
    is_agent: bool = True
    q_values: np.ndarray | None = None  # set by value-based agents after each decision
    model: str | None = None  # the model file's name, for agents loaded from one (scoreboard)

    def reset(self, seed: int | None = None) -> None:  # noqa: B027 - optional hook, most controllers keep no state
        """A new game starts."""

    @abstractmethod
    def act(self, decision: DecisionInput) -> int: ...
