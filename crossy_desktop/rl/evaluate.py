"""Evaluation: greedy play under the game protocol (sticky actions on), raw game score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.rl.env import DecisionEnv

if TYPE_CHECKING:
    from crossy_desktop.rl.demonstrations import GameRecorder


@dataclass
class Evaluation:
    target: str
    seed: int
    episodes: int
    mean: float
    std: float
    min: int
    max: int
    scores: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def play_game(env: DecisionEnv, controller: Controller, seed: int, recorder: GameRecorder | None = None) -> int:
    """One whole game; returns the raw score. A recorder, when given, collects every decision."""
    obs = env.reset(seed)
    controller.reset(seed)
    if recorder is not None:
        recorder.start(seed)
    score, done = 0.0, False
    while not done:
        ram = env.game.ram
        action = controller.act(DecisionInput(obs, ram))
        if recorder is not None:
            recorder.decide(env.frames.latest, ram, action, controller.name)
        step = env.step(action)
        if recorder is not None:
            recorder.reward(step.raw_reward, step.done)
        obs, done = step.observation, step.done
        score += step.raw_reward
    return int(score)


def evaluate(
    target: str,
    controller: Controller,
    episodes: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Game i is seeded with seed + i, so the same seed gives the same scores."""
    env = DecisionEnv()
    scores = []
    for i in range(episodes):
        scores.append(play_game(env, controller, seed + i))
        if progress:
            progress(i + 1, scores[-1])
    env.close()
    arr = np.array(scores, float)
    return Evaluation(
        target, seed, episodes, float(arr.mean()), float(arr.std()), int(arr.min()), int(arr.max()), scores
    )
