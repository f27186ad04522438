"""What a finished game's decisions tell: the chicken's height over time, its crossings and collisions, and
where its time went (going up, waiting, stepping down, thrown back by a car, held after a point). The
after-game comparison (app/comparison.py) draws two of these side by side.

Everything is read off what every game keeps anyway, decision by decision: the RAM before each decision,
the action and the reward. The chicken's height is ram[14]. ram[106] counts down while the chicken cannot
move: a car's hit starts it at about 91 (the chicken is thrown back, then stunned), a point at about 142
(it is put back at the bottom and held a moment); a collision is the decision where a hit's count starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossy_desktop.game.core import (
    DOWN,
    EMULATOR_HZ,
    NOOP,
    PAUSE_AFTER_HIT,
    PAUSE_AFTER_POINT,
    PROTOCOL,
    RAM_CHICKEN_Y,
    RAM_PAUSE_TIMER,
)

DECISION_S = PROTOCOL.frames_per_decision / EMULATOR_HZ  # one decision: 4 emulator frames at 60 frames a second
HIT_OR_POINT = (PAUSE_AFTER_HIT + PAUSE_AFTER_POINT) / 2  # a count starting below this is a hit's


@dataclass(frozen=True)
class GameStory:
    """One game as the comparison shows it. Times are in seconds of game time."""

    name: str  # who played
    heights: np.ndarray  # (T + 1,) the chicken's height before each decision and after the last
    crossings: np.ndarray  # the decisions that scored a point
    collisions: np.ndarray  # the decisions where a car hit the chicken
    pushed: np.ndarray  # (T,) bool: decisions thrown back or stunned after a hit
    held: np.ndarray  # (T,) bool: decisions held at the bottom after a point
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
        """Seconds by what the chicken was doing; they add up to the game."""
        free = ~(self.pushed | self.held)
        spent = {
            "going up": free & (self.actions != NOOP) & (self.actions != DOWN),
            "waiting": free & (self.actions == NOOP),
            "stepping down": free & (self.actions == DOWN),
            "pushed back": self.pushed,
            "held after a point": self.held,
        }
        return {what: float(mask.sum() * DECISION_S) for what, mask in spent.items()}

    def progress(self) -> np.ndarray:
        """(T + 1,) crossings so far plus the share of the road behind the chicken: rises in steps of one."""
        scored = np.zeros(len(self.heights))
        scored[self.crossings + 1] = 1
        low, high = self.heights.min(), max(self.heights.max(), self.heights.min() + 1)
        return np.cumsum(scored) + (self.heights - low) / (high - low)


def game_story(name: str, rams: np.ndarray, actions: np.ndarray, rewards: np.ndarray) -> GameStory:
    """The story of one game from its (T + 1, 128) RAMs, (T,) actions and (T,) rewards."""
    timer = rams[:, RAM_PAUSE_TIMER].astype(np.int32)
    paused = timer > 0
    starts = np.flatnonzero(paused[1:] & ~paused[:-1]) + 1  # a count began before decision t
    hits = starts[timer[starts] < HIT_OR_POINT]
    from_hit = np.zeros(len(timer), bool)  # within a count that a hit started
    for start in starts:
        end = start + np.argmax(~paused[start:]) if (~paused[start:]).any() else len(timer)
        from_hit[start:end] = timer[start] < HIT_OR_POINT
    pushed = from_hit[:-1] | np.isin(np.arange(len(actions)), hits - 1)  # the decision it happened in, too
    held = paused[:-1] & ~from_hit[:-1]
    return GameStory(
        name=name,
        heights=rams[:, RAM_CHICKEN_Y].astype(np.int32),
        crossings=np.flatnonzero(np.asarray(rewards) > 0),
        collisions=hits - 1,  # the decision during which the car hit
        pushed=pushed,
        held=held & ~pushed,
        actions=np.asarray(actions, np.int64),
    )
