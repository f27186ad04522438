"""A rule-based demonstrator that reads the emulator's RAM: it crosses and waits for gaps in the traffic.

It sees what the screen shows, as numbers: the chicken's height (ram[14]) and each lane's car x
(ram[108..117], bottom lane first). Cars move at a fixed speed per lane, so their positions a few
frames ahead are known; the chicken moves 1 pixel per frame. Each decision the controller looks
ahead over a short horizon and takes the first plan that meets no car: keep going up, wait one
decision and then go up, step back down. Used as a built-in controller and as the source of test
demonstrations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossy_desktop.controllers.base import Controller, ControllerKind, DecisionInput
from crossy_desktop.game.core import CHICKEN_Y_TOP, DOWN, NOOP, PROTOCOL, RAM_CAR_X, RAM_CHICKEN_Y, UP

DECISION_FRAMES = PROTOCOL.frames_per_decision

# Pixels per emulator frame, bottom lane first (measured: constant in mode 0, difficulty 0).
LANE_SPEED = np.array([1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, -1, -1 / 2, -1 / 3, -1 / 4, -1 / 5])
LANE_PITCH = 16  # chicken heights between one lane and the next
SCREEN_WIDTH = 160  # car x wraps around at this value


@dataclass(frozen=True)
class ScriptedConfig:
    """Collision geometry: first measured from hits in recorded games, then tuned on seeds 100-103."""

    lane_low: int = 8  # the chicken is in lane j while 16 j + lane_low <= height <= 16 j + lane_high
    lane_high: int = 24
    car_left: int = 40  # a car hits the chicken while car_left <= car x <= car_right
    car_right: int = 53
    horizon: int = 16  # frames looked ahead


class ScriptedController(Controller):
    kind = ControllerKind.SCRIPTED
    name = kind.value

    def __init__(self, config: ScriptedConfig = ScriptedConfig()) -> None:
        self.config = config
        ticks = np.arange(1, config.horizon + 1)
        self._ticks = ticks
        self._car_shift = ticks[:, None] * LANE_SPEED[None, :]  # (horizon, lanes)
        self._lane_base = np.arange(len(LANE_SPEED)) * LANE_PITCH

    def _meets_car(self, heights: np.ndarray, cars: np.ndarray) -> bool:
        """Would a chicken at `heights` (one per future frame) share a lane and x range with a car?"""
        c = self.config
        offset = heights[:, None] - self._lane_base[None, :]
        in_lane = (offset >= c.lane_low) & (offset <= c.lane_high)
        car_x = (cars[None, :] + self._car_shift) % SCREEN_WIDTH
        hit = (car_x >= c.car_left) & (car_x <= c.car_right)
        return bool(np.any(in_lane & hit))

    def _heights(self, action: int, y: int) -> np.ndarray:
        """The chicken's height over the horizon: going up, standing, or one decision down and then standing."""
        t = self._ticks
        if action == UP:
            return np.minimum(y + t, CHICKEN_Y_TOP)
        if action == DOWN:
            return np.maximum(y - np.minimum(t, 4), 6)
        return np.full_like(t, y)

    def _plans(self, y: int) -> tuple[tuple[int, np.ndarray], ...]:
        """The plans tried in order, each as its first action and the chicken's heights over the horizon: keep
        going up, wait one decision and then go up, wait, step back down."""
        t = self._ticks
        return (
            (UP, self._heights(UP, y)),
            (NOOP, np.where(t <= 4, y, y + t - 4)),
            (NOOP, self._heights(NOOP, y)),
            (DOWN, self._heights(DOWN, y)),
        )

    def trapped_after(self, ram: np.ndarray, action: int) -> bool:
        """After `action` for one decision (4 frames), does every plan from there meet a car within the horizon?
        The simulated coach's test of a student's move: only a move that leaves no way out is an error (a
        move into a gap that the next decision must leave is not; a plain look-ahead of the move held for the
        whole horizon called most of the scripted planner's own moves errors)."""
        y = int(ram[RAM_CHICKEN_Y])
        cars = ram[RAM_CAR_X].astype(np.float64)
        first = self._heights(action, y)[:DECISION_FRAMES]
        after = int(first[-1])
        for _, heights in self._plans(after):
            path = np.concatenate([first, heights[: len(heights) - DECISION_FRAMES]])
            if not self._meets_car(path, cars):
                return False
        return True

    def safe_action(self, ram: np.ndarray) -> int | None:
        """The first plan's action that meets no car within the horizon; None when every plan does."""
        cars = ram[RAM_CAR_X].astype(np.float64)
        for action, heights in self._plans(int(ram[RAM_CHICKEN_Y])):
            if not self._meets_car(heights, cars):
                return action
        return None

    def act(self, decision: DecisionInput) -> int:
        action = self.safe_action(decision.ram)
        return NOOP if action is None else action
