"""What the online and offline trainers share: seeding, torch threads, the learner, and greedy test games.

Both evaluate the network they are training in memory, through the same `GameLoop` the window uses (no model
file is written and read back just to be played); each then keeps the tested model as a file of its own.
"""

from __future__ import annotations

import numpy as np
import torch

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.play.games import Evaluation, evaluate
from crossy_desktop.rl.learner import DQNLearner, Learner
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.training.config import LearningConfig


class Greedy(Controller):
    """The learner's online network at the controls, greedy: what a test game plays."""

    name = "dqn-test"

    def __init__(self, learner: Learner) -> None:
        self.learner = learner

    def act(self, decision: DecisionInput) -> int:
        return int(self.learner.q_values(decision.observation).argmax())


class TrainerBase:
    """Seeds torch and numpy from `config.seed` and sets torch's threads, before any network is built."""

    learner: Learner  # each trainer makes its own (make_learner), once its network is ready

    def __init__(self, config: LearningConfig) -> None:
        self.config = config
        torch.set_num_threads(config.threads)
        torch.manual_seed(config.seed)
        self.rng = np.random.default_rng(config.seed)

    def make_learner(self, network: QNetwork | None = None) -> Learner:
        """The learner on `network` (default: a fresh one of the config's spec), on the config's device."""
        cfg = self.config
        return DQNLearner(network or QNetwork(cfg.network), cfg.learner, torch.device(cfg.device))

    def play_greedy(self, label: str, games: int, seed: int) -> Evaluation:
        """Greedy games of the network being trained, on their own emulator (training's game is untouched)."""
        return evaluate(label, Greedy(self.learner), games, seed)
