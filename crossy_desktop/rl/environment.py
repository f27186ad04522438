"""Crossy Desktop's Freeway as a gymnasium environment, so any library can train on exactly what ours sees.

`gymnasium.make("CrossyDesktop/Freeway-v0")` (after `import crossy_desktop`, or as
`gymnasium.make("crossy_desktop:CrossyDesktop/Freeway-v0")` without one) gives one decision per step under the
project's protocol (game/core.py: `ALE/Freeway-v5`, mode 0, difficulty 0, sticky actions 0.25, 4 frames a
decision, the 3 actions NOOP, UP, DOWN) and its observation pipeline (rl/observation.py: the last 4 decisions'
frames, greyscale 84x84, oldest first, shape (4, 84, 84) uint8, channels first as SB3's CnnPolicy reads them).
It is the same code the window and training run, not a copy: FreewayGame steps the emulator and FrameStack
stacks the frames, pushed at each decision as GameLoop pushes them (tests/test_environment.py checks a whole
episode against GameLoop bit for bit). A game is 2,048 decisions and ends `terminated` (the game's clock runs
out), never truncated.

Rewards are the game's own, +1 per crossing, unless `reward` names a training reward (rl/rewards.py, e.g.
"height-shaping"). `info` holds the score so far and the chicken's height.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np

from crossy_desktop import ENV_ID
from crossy_desktop.game.core import ACTION_NAMES, PROTOCOL, RAM_CHICKEN_Y, FreewayGame
from crossy_desktop.rl.observation import PIPELINE, FrameStack
from crossy_desktop.rl.rewards import RewardConfig, RewardMode

__all__ = ["ENV_ID", "FreewayEnv"]


class FreewayEnv(gym.Env):
    """One Freeway game per episode, a decision per step, observed through the project's pipeline."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 15}  # 15 decisions a second

    def __init__(self, reward: str = RewardMode.RAW.value, render_mode: str | None = None) -> None:
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode {render_mode!r}: this environment offers only 'rgb_array'")
        if reward not in set(RewardMode):
            raise ValueError(f"reward {reward!r}: expected one of {', '.join(RewardMode)}")
        self.reward_config = RewardConfig(RewardMode(reward))
        self.render_mode = render_mode
        self.game: FreewayGame | None = FreewayGame(PROTOCOL)
        self.frames = FrameStack(PIPELINE)
        shape = (PIPELINE.stack, PIPELINE.size, PIPELINE.size)
        self.observation_space = gym.spaces.Box(0, 255, shape, np.uint8)
        self.action_space = gym.spaces.Discrete(len(ACTION_NAMES))
        self.score = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        if seed is None:  # the emulator's own generator needs a seed: draw one from gymnasium's
            seed = int(self.np_random.integers(2**31 - 1))
        self.score = 0
        return self.frames.reset(self.game.reset(seed)), self._info()

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r}: expected one of 0..{self.action_space.n - 1} ({ACTION_NAMES})")
        before = self.game.chicken_y
        step = self.game.step_decision(int(action))
        self.score += int(step.reward)
        reward = self.reward_config(step.reward, before, self.game.chicken_y, step.game_over)
        return self.frames.push(step.frame), float(reward), step.game_over, False, self._info()

    def render(self) -> np.ndarray | None:
        return self.game.frame.copy() if self.render_mode == "rgb_array" else None

    def close(self) -> None:
        if self.game is not None:
            self.game.close()
            self.game = None
        super().close()

    def _info(self) -> dict[str, int]:
        return {"score": self.score, "chicken_y": int(self.game.ram[RAM_CHICKEN_Y])}
