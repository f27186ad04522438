"""What a finished game's decisions tell: the chicken's height over time, its crossings and collisions, and
where its time went (waiting, going up, stepping back, pushed back by a car). The after-game comparison
(app/comparison.py) draws two of these side by side.

Everything is read off what every game keeps anyway, decision by decision: the RAM before each decision (the
chicken's height is ram[14]), the action and the reward. A car that hits the chicken throws it back down
for a while, whatever is pressed: a collision is the first decision of such a fall, a stretch where the
height drops although the controller did not ask to go down and no point was scored (a crossing puts the
chicken back at the bottom, too).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossy_desktop.game.core import DOWN, EMULATOR_HZ, NOOP, PROTOCOL, RAM_CHICKEN_Y

DECISION_S = PROTOCOL.frames_per_decision / EMULATOR_HZ  # one decision: 4 emulator frames at 60 frames a second


@dataclass(frozen=True)
class GameStory:
    """One game as the comparison shows it. Times are in seconds of game time."""

    name: str  # who played
    heights: np.ndarray  # (T + 1,) the chicken's height before each decision and after the last
    crossings: np.ndarray  # the decisions that scored a point
    collisions: np.ndarray  # the decisions where a car hit the chicken (the first of its fall)
    pushed: np.ndarray  # (T,) bool: decisions spent being thrown back
    actions: np.ndarray  # (T,)

    @property
    def score(self) -> int:
        return len(self.crossings)

    @property
    def seconds(self) -> float:
        return len(self.actions) * DECISION_S

    @property
    def seconds_per_crossing(self) -> float | None:
        return self.seconds / self.score if self.score else None

    def time_spent(self) -> dict[str, float]:
        """Seconds spent pushed back, waiting (no key), going up and stepping down; they add up to the game."""
        free = ~self.pushed
        return {
            "pushed back": float(self.pushed.sum() * DECISION_S),
            "waiting": float((free & (self.actions == NOOP)).sum() * DECISION_S),
            "going up": float((free & (self.actions != NOOP) & (self.actions != DOWN)).sum() * DECISION_S),
            "stepping down": float((free & (self.actions == DOWN)).sum() * DECISION_S),
        }

    def progress(self) -> np.ndarray:
        """(T + 1,) crossings so far plus the share of the road behind the chicken: rises in steps of one."""
        scored = np.zeros(len(self.heights))
        scored[self.crossings + 1] = 1
        low, high = self.heights.min(), max(self.heights.max(), self.heights.min() + 1)
        return np.cumsum(scored) + (self.heights - low) / (high - low)


def game_story(name: str, rams: np.ndarray, actions: np.ndarray, rewards: np.ndarray) -> GameStory:
    """The story of one game from its (T + 1, 128) RAMs, (T,) actions and (T,) rewards."""
    heights = rams[:, RAM_CHICKEN_Y].astype(np.int32)
    actions = np.asarray(actions, np.int64)
    scored = np.asarray(rewards) > 0
    pushed = (np.diff(heights) < 0) & (actions != DOWN) & ~scored
    starts = np.flatnonzero(pushed & ~np.concatenate([[False], pushed[:-1]]))
    return GameStory(name, heights, np.flatnonzero(scored), starts, pushed, actions)
