"""A trained DQN at the controls: greedy on its Q-values, which the HUD shows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.rl.agent import load_agent


class DQNController(Controller):
    kind = "dqn"

    def __init__(self, model_path: Path) -> None:
        self.agent = load_agent(model_path)
        self.name = f"dqn {self.agent.label}"
        self.q_values = np.zeros(3, np.float32)

    @torch.inference_mode()
    def act(self, decision: DecisionInput) -> int:
        q = self.agent.network(torch.from_numpy(decision.observation[None]))[0]
        self.q_values = q.numpy().copy()
        return int(self.q_values.argmax())
