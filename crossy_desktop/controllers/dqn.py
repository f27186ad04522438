"""A trained DQN at the controls: greedy on its Q-values, which the HUD shows.

The network runs on torch where it is installed, else on numpy (the player bundle); same Q-values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from crossy_desktop.controllers.base import Controller, ControllerKind, DecisionInput, Sight
from crossy_desktop.rl.agent_file import Backend, load_agent


class DQNController(Controller):
    kind = ControllerKind.DQN

    def __init__(self, model_path: Path, backend: Backend | str | None = None) -> None:
        self.agent = load_agent(model_path, backend=backend)
        self.name = f"dqn {self.agent.label}"
        self.model_path = Path(model_path)
        self.model = self.model_path.name
        self.q_values = np.zeros(3, np.float32)
        self._seen: Sight | None = None

    def act(self, decision: DecisionInput) -> int:
        self.q_values = self.agent.q_values(decision.observation)
        self._seen = Sight(decision.observation, self.agent.q_batch)
        return int(self.q_values.argmax())

    def sight(self) -> Sight | None:
        return self._seen

    def reset(self, seed: int | None = None) -> None:
        self._seen = None
