"""A player's reaction lag, read off their recorded games: how many decisions after the road asks for a move
they make it.

People answer what they see 200-400 ms later (3-6 decisions at 15 per second); the simulated human, 1-2. A
row's recorded action is then the answer to a frame some decisions back, and imitating it on its own frame
teaches the student to react late too. The scripted planner (controllers/scripted.py) reads the road from the
same RAM the recording stores and says, at every decision, what the road asks for. Where its answer changes
(a gap opens, a car comes), the lag is the shift L at which the player's action at t + L most often equals
the planner's at t. Teaching can then imitate, on each row, the action taken L decisions later
(rl/demo_replay.py `lagged_labels`); TD learning keeps the actions as taken.
"""

from __future__ import annotations

import numpy as np

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.rl.demo_replay import imitated_rows
from crossy_desktop.storage.demo_file import Demonstration

MAX_LAG = 8  # decisions: a little over half a second, beyond anyone's reaction to a car in sight


def lag_agreement(demos: list[Demonstration], player: str | None, max_lag: int = MAX_LAG) -> np.ndarray:
    """(max_lag + 1,): for each shift L, the share of the planner's changes of mind at t that `player`'s
    action at t + L matches (over the decisions the player chose)."""
    planner = ScriptedController()
    hits = np.zeros(max_lag + 1)
    counts = np.zeros(max_lag + 1)
    for demo in demos:
        plan = np.array([planner.act(DecisionInput(None, ram)) for ram in demo.rams[: len(demo)]])
        actions, chosen = demo.actions.astype(np.int64), imitated_rows(demo, player)
        changes = np.flatnonzero(plan[1:] != plan[:-1]) + 1
        for lag in range(max_lag + 1):
            t = changes[changes + lag < len(demo)]
            t = t[chosen[t + lag]]
            hits[lag] += np.sum(actions[t + lag] == plan[t])
            counts[lag] += len(t)
    return hits / np.maximum(counts, 1)


def fit_reaction_lag(demos: list[Demonstration], player: str | None, max_lag: int = MAX_LAG) -> int:
    """The shift, in decisions, that best matches the player's actions to what the road asked for."""
    return int(np.argmax(lag_agreement(demos, player, max_lag)))
