"""A simulated coach, for tests and benchmarks of coaching (never offered in the window).

It watches the student as a person would: it sees the road a decision or two late (the simulated human's
reaction delays), and when the student's chosen action leaves the chicken no way past the cars within the
scripted planner's horizon (16 frames: 4 decisions; `ScriptedController.trapped_after`), it takes the
chicken. It then plays as the simulated human does (late, sometimes hesitant or slipping) and lets go once the
student's choice is safe again; the coached controller's grace hands the chicken back a few decisions later.

An earlier version called a move an error whenever the move, held for the whole horizon, met a car: it took
the scripted planner's own chicken about 500 decisions a game (49 takeovers) and lowered its score from 32 to
30, so most "corrections" it taught were a worse player's moves where the student had been right.
"""

from __future__ import annotations

import numpy as np

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.controllers.simulated_human import HumanHabits, LateView, SimulatedHuman


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

    def wants_control(self, decision: DecisionInput, student_action: int) -> bool:
        """Take over while the student's action, on the road as seen a moment late, leaves the chicken no way
        past the cars; the coached controller's grace keeps the chicken a moment after."""
        late = self.view.see(decision.ram, self.rng)
        return self.planner.trapped_after(late, student_action)

    def act(self, decision: DecisionInput) -> int:
        return self.player.act(decision)
