"""Freeway at decision granularity, seen through the shared observation pipeline: what training steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossy_desktop.game.core import PROTOCOL, FreewayGame, Protocol
from crossy_desktop.rl.observation import PIPELINE, FrameStack, PipelineSpec
from crossy_desktop.rl.rewards import RewardConfig


@dataclass
class EnvStep:
    observation: np.ndarray  # (stack, 84, 84) uint8
    reward: float  # the training reward (see rewards.py)
    raw_reward: float  # the game's own reward: +1 per crossing
    done: bool


class DecisionEnv:
    def __init__(
        self,
        protocol: Protocol = PROTOCOL,
        reward: RewardConfig | None = None,
        pipeline: PipelineSpec = PIPELINE,
    ) -> None:
        self.game = FreewayGame(protocol)
        self.frames = FrameStack(pipeline)
        self.reward = reward or RewardConfig()

    def reset(self, seed: int | None = None) -> np.ndarray:
        return self.frames.reset(self.game.reset(seed))

    def step(self, action: int) -> EnvStep:
        y_before = self.game.chicken_y
        step = self.game.step_decision(action)
        reward = self.reward(step.reward, y_before, self.game.chicken_y, step.game_over)
        return EnvStep(self.frames.push(step.frame), reward, step.reward, step.game_over)

    @property
    def observation(self) -> np.ndarray:
        return self.frames.observation

    def close(self) -> None:
        self.game.close()
