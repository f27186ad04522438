"""Training reward: what the learner optimises, computed from the raw game reward.

- raw: +1 per crossing, nothing else.
- step-penalty: the original notebook's -0.05 per decision. Every game lasts 2048 decisions, so this is a
  constant offset; it changes no policy and is kept for comparison.
- height-shaping: raw + gamma*phi(s') - phi(s) with phi the chicken's height in [0, 1]. Potential-based
  shaping keeps the optimal policy (Ng, Harada and Russell, 1999) and rewards every step up.
Evaluation always reports the raw game score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crossy_desktop.game.core import CHICKEN_Y_TOP


class RewardMode(StrEnum):
    RAW = "raw"
    STEP_PENALTY = "step-penalty"
    HEIGHT_SHAPING = "height-shaping"


@dataclass(frozen=True)
class RewardConfig:
    mode: RewardMode = RewardMode.HEIGHT_SHAPING
    step_penalty: float = 0.05
    gamma: float = 0.99  # must equal the learner's discount for shaping to keep the optimal policy

    def potential(self, chicken_y: int) -> float:
        return chicken_y / CHICKEN_Y_TOP

    def __call__(self, raw: float, y_before: int, y_after: int, terminal: bool) -> float:
        if self.mode is RewardMode.RAW:
            return raw
        if self.mode is RewardMode.STEP_PENALTY:
            return raw - self.step_penalty
        # A terminal state has potential 0, so the shaping terms of a whole game sum to -phi(s0).
        phi_next = 0.0 if terminal else self.potential(y_after)
        return raw + self.gamma * phi_next - self.potential(y_before)
