"""`crossy train --algorithm pqn`: the online loop of training/online.py with PQN's learning in place of DQN's.

The games, the epsilon-greedy policy, the tests, checkpoints and `--resume` are the DQN trainer's; what
differs is what happens to the decisions (the two hooks it overrides). They go into a `Rollout` (rl/pqn.py)
of `rollout_decisions` per game instead of replay memory, and once it is full the learner fits the network to
its Q(lambda) returns at once, bootstrapping from what each game will see next (`GameLoop.next_observation`).
A rollout divides a game and the first emulator's game starts with the run, so a checkpoint, always taken at
the end of that game, never holds a rollout: there is none to save.

With games started together (`--game-starts together`) all the games of a rollout see the same stretch of
traffic (Freeway's cars do not depend on the seed: bench/traffic_sync.py); staggered, each sees its own.
"""

from __future__ import annotations

import numpy as np
import torch

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.play.loop import DecisionStep
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.rl.pqn import PQNLearner, Rollout
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.training.online import Trainer


class PQNTrainer(Trainer):
    learner: PQNLearner

    def make_replays(self) -> list[ReplayBuffer]:
        """No replay memory: the rollout is made in its place."""
        cfg = self.config
        self.rollout = Rollout(cfg.rollout_decisions, cfg.envs, (PIPELINE.stack, PIPELINE.size, PIPELINE.size))
        return []

    def make_learner(self, network: QNetwork | None = None) -> PQNLearner:
        cfg = self.config
        return PQNLearner(
            network or QNetwork(cfg.network), cfg.learner, torch.device(cfg.device),
            gamma=cfg.gamma, q_lambda=cfg.q_lambda, epochs=cfg.pqn_epochs, minibatches=cfg.pqn_minibatches,
        )  # fmt: skip

    def remember(self, inputs: list[DecisionInput], decisions: list[DecisionStep], rewards: list[float]) -> None:
        self.rollout.add(
            np.stack([decision.observation for decision in inputs]), [d.action for d in decisions], rewards,
            [d.game_over for d in decisions],
        )  # fmt: skip

    def learn(self, before: int) -> None:
        if self.rollout.full:  # a game just over bootstraps from nothing (its terminal), so any frame serves
            self._learn_rollout(np.stack([loop.next_observation() for loop in self.loops]))

    def _learn_rollout(self, bootstrap: np.ndarray) -> None:
        cfg, st = self.config, self.state
        self.learner.set_learning_rate(cfg.learning_rate(st.decisions, st.wall_s))
        self.note(self.learner.learn(self.rollout, bootstrap, self.rng))
        self.rollout.clear()

    def state_dict(self) -> dict:
        assert self.rollout.filled == 0, "a checkpoint is taken between games, when no rollout is waiting"
        return super().state_dict()
