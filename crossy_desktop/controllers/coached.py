"""A student at the controls with its coach beside it: the coach takes the chicken whenever it wants it.

Interactive imitation learning in the style of HG-DAgger (Kelly et al., 2019): the student plays, and the
expert takes over only where the student goes wrong; those takeovers are the labels. The coach takes the
chicken at the very next decision it asks for it and hands it back `grace_decisions` decisions after it
stops asking (a player lets go of the key, the danger has passed), so a brief release does not flip control
back and forth. Each decision is recorded under whoever chose it (`name` is that one's name after every
`act`), so a coached game's file says exactly which decisions were the coach's: the corrections.

Two coaches: the player at the keyboard (`KeyboardCoach`, the window's C key) and, for tests and benchmarks,
the simulated coach (controllers/simulated_coach.py).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from crossy_desktop.controllers.base import Controller, DecisionInput, Sight
from crossy_desktop.controllers.builtin import HumanController

DECISIONS_PER_SECOND = 15  # 60 emulator frames a second, one decision every 4


def grace_decisions(seconds: float) -> int:
    """A grace in seconds as whole decisions (half a second: 8; an hour at most)."""
    return max(0, round(min(seconds, 3600.0) * DECISIONS_PER_SECOND))


class Coach(Protocol):
    name: str

    def reset(self, seed: int | None = None) -> None: ...

    def wants_control(self, decision: DecisionInput, student_action: int) -> bool:
        """Asked every decision, with what the student would do."""
        ...

    def act(self, decision: DecisionInput) -> int: ...


class KeyboardCoach:
    """The player: holding an arrow key asks for the chicken; their keys then steer it as in any game."""

    def __init__(self, human: HumanController) -> None:
        self.human = human
        self.name = human.name

    def reset(self, seed: int | None = None) -> None:
        pass

    def wants_control(self, decision: DecisionInput, student_action: int) -> bool:
        return self.human.up or self.human.down

    def act(self, decision: DecisionInput) -> int:
        return self.human.act(decision)


class CoachedController(Controller):
    """`student` plays unless `coach` has the chicken; counts the coach's decisions and takeovers per game."""

    is_agent = False  # a person may take over at any moment: the game runs at 1x and waits after game over

    def __init__(self, student: Controller, coach: Coach, grace: int = grace_decisions(0.5)) -> None:
        self.student = student
        self.coach = coach
        self.grace = grace
        self.kind = student.kind
        self.model = student.model
        self.reset()

    @property
    def coach_has_it(self) -> bool:
        return self._chooser is self.coach

    @property
    def name(self) -> str:  # whoever chose the last decision: the recorder files the decision under it
        return self._chooser.name

    @property
    def q_values(self) -> np.ndarray | None:  # the student's, asked every decision: the HUD shows what it thinks
        return self.student.q_values

    def sight(self) -> Sight | None:  # the student's: it decides every decision, whoever has the chicken
        return self.student.sight()

    def reset(self, seed: int | None = None) -> None:
        self.student.reset(seed)
        self.coach.reset(seed)
        self._chooser: Controller | Coach = self.student
        self._grace_left = 0
        self.corrections = 0  # decisions the coach chose this game
        self.takeovers = 0  # times the coach took the chicken this game

    def act(self, decision: DecisionInput) -> int:
        student_action = self.student.act(decision)
        if self.coach.wants_control(decision, student_action):
            self._grace_left = self.grace
            take = True
        else:
            take = self.coach_has_it and self._grace_left > 0
            self._grace_left = max(0, self._grace_left - 1)
        if take and not self.coach_has_it:
            self.takeovers += 1
        self._chooser = self.coach if take else self.student
        if not take:
            return student_action
        self.corrections += 1
        return self.coach.act(decision)
