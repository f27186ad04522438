"""A simulated coach, for tests and benchmarks of coaching (never offered in the window).

It watches the student as a person would: it sees the road a decision or two late (the simulated human's
reaction delays), and when the scripted planner says the student's chosen action runs into a car within the
planner's horizon (16 frames: 4 decisions), it takes the chicken. It then plays as the simulated human does
(late, sometimes hesitant or slipping) and lets go once the planner's way up is clear again; the coached
controller's grace hands the chicken back a few decisions later.
"""

from __future__ import annotations

import numpy as np

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.controllers.simulated_human import HumanHabits, LateView, SimulatedHuman
from crossy_desktop.game.core import UP


class SimulatedCoach:
    """The simulated human as a coach: takes over when it sees the student heading into a car."""

    def __init__(self, habits: HumanHabits = HumanHabits(), seed: int | None = None) -> None:
        self.player = SimulatedHuman(habits, seed)
        self.name = self.player.name
        self.planner = ScriptedController()
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        self.player.reset(seed)
        self.rng = np.random.default_rng(None if seed is None else (seed, 1))
        self.view = LateView(self.player.habits.reaction_decisions)
        self.holding = False

    def wants_control(self, decision: DecisionInput, student_action: int) -> bool:
        """Take over when the student's action meets a car on the road as seen a moment late; hold on until
        the way up is clear."""
        late = self.view.see(decision.ram, self.rng)
        danger = self.planner.meets_car(late, student_action)
        self.holding = danger or (self.holding and self.planner.meets_car(late, UP))
        return self.holding

    def act(self, decision: DecisionInput) -> int:
        return self.player.act(decision)
