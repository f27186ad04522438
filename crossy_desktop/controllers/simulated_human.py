"""A simulated human player, for tests and benchmarks of teaching (never offered in the window).

People do not play the scripted bot's perfect game: they see the road a moment late, hesitate at a gap
they could have taken, slip on a key and sometimes lose patience and run into traffic. This controller
is the scripted planner (it sees the same RAM the screen shows) with those four habits on top, each a
probability in `HumanHabits`, driven by its own seeded generator so a seed gives the same player.
Tuned so its mean over 30 sticky-action games lies between 25 and 30 (humans score 29.6 in the Nature
DQN paper); `bench/bench_teach.py` prints the measured mean.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.game.core import DOWN, NOOP, UP


@dataclass(frozen=True)
class HumanHabits:
    """How imperfect the player is; each probability is per decision (15 decisions per second)."""

    reaction_decisions: tuple[int, ...] = (1, 2)  # the road seen 1 or 2 decisions late (67-133 ms)
    hesitate: float = 0.01  # chance to start waiting although the way is clear
    hesitate_decisions: tuple[int, int] = (2, 8)  # how long a hesitation lasts
    slip: float = 0.01  # chance of pressing the wrong key for one decision
    impatient: float = 0.03  # chance to go up anyway when the planner says wait


class LateView:
    """The road as a person sees it: the RAM of a decision or two ago (a delay drawn per decision)."""

    def __init__(self, reaction_decisions: tuple[int, ...]) -> None:
        self.reaction_decisions = reaction_decisions
        self.seen: deque[np.ndarray] = deque(maxlen=max(reaction_decisions) + 1)

    def see(self, ram: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        self.seen.append(ram.copy())
        delay = int(rng.choice(self.reaction_decisions))
        return self.seen[max(0, len(self.seen) - 1 - delay)]


class SimulatedHuman(Controller):
    """The scripted planner, late, hesitant, slipping and impatient (see HumanHabits)."""

    kind = "human"  # drawn in the player's colour
    name = "simulated-human"
    is_agent = False

    def __init__(self, habits: HumanHabits = HumanHabits(), seed: int | None = None) -> None:
        self.habits = habits
        self.planner = ScriptedController()
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        self.rng = np.random.default_rng(seed)
        self.view = LateView(self.habits.reaction_decisions)
        self.waiting = 0

    def act(self, decision: DecisionInput) -> int:
        h, rng = self.habits, self.rng
        late = self.view.see(decision.ram, rng)
        planned = self.planner.act(DecisionInput(decision.observation, late))
        if self.waiting > 0:
            self.waiting -= 1
            return NOOP
        if rng.random() < h.slip:
            return int(rng.choice([NOOP, DOWN] if planned == UP else [UP, DOWN]))
        if planned == UP and rng.random() < h.hesitate:
            self.waiting = int(rng.integers(*h.hesitate_decisions))
            return NOOP
        if planned != UP and rng.random() < h.impatient:
            return UP
        return planned
