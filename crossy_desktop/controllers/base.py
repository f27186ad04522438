"""What every controller sees and returns: one action per decision (every 4th emulator frame)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
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


@dataclass(frozen=True)
class Sight:
    """What a value-based agent chose its last action on: the observation and its Q-function over batches of
    observations (the window's agent's eye maps where it looks from these)."""

    observation: np.ndarray  # (4, 84, 84) uint8, the agent's own copy
    q_batch: Callable[[np.ndarray], np.ndarray]  # (B, 4, 84, 84) pixels 0-255 -> (B, n_actions)


class Controller(ABC):
    """Chooses the chicken's action. `name` is what the HUD shows."""

    name: str = "controller"
    kind: str = "agent"  # a ControllerKind for the app's own controllers: picks the HUD colour
    is_agent: bool = True
    q_values: np.ndarray | None = None  # set by value-based agents after each decision
    model: str | None = None  # the model file's name, for agents loaded from one (scoreboard)

    def sight(self) -> Sight | None:
        """What this agent last decided on, where it has a Q-function to look into; None for the others."""
        return None

    def reset(self, seed: int | None = None) -> None:  # noqa: B027 - optional hook, most controllers keep no state
        """A new game starts."""

    @abstractmethod
    def act(self, decision: DecisionInput) -> int: ...
