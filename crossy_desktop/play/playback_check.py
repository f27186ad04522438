"""`crossy demos replay`: a recorded game played back from its seed and actions, and its score checked.

The window plays the stored actions through the same loop as any game; this object knows when the replay
is over (the game ends, or a truncated recording runs out of decisions) and whether the score came out as
recorded: the proof that a demonstration file holds exactly the game that was played.
"""

from __future__ import annotations

from collections.abc import Callable

from crossy_desktop.controllers.playback import PlaybackController
from crossy_desktop.play.session import PlaySession
from crossy_desktop.storage.demo_file import Demonstration


class PlaybackCheck:
    def __init__(self, demo: Demonstration, then: Callable[[], None] | None = None) -> None:
        """`then`: what the window does once the verdict has shown (None: it closes, as `crossy demos replay`
        does; a game dropped on the window hands the chicken back instead)."""
        self.demo = demo
        self.then = then
        self.controller = PlaybackController(demo.actions, f"replay {demo.meta.controller}")
        self.score: int | None = None  # the replayed score, once the replay is over

    def finished(self, session: PlaySession, game_over: bool) -> bool:
        """True once the game ends or, for a truncated recording, after its last stored decision."""
        out_of_actions = self.controller.finished and session.game.decision_due
        if (game_over or out_of_actions) and self.score is None:
            self.score = session.score
        return game_over or out_of_actions

    @property
    def matches(self) -> bool:
        return self.score == self.demo.meta.score

    @property
    def verdict(self) -> str:
        stored = self.demo.meta.score
        return f"replayed score {self.score} " + (
            "matches the recording" if self.matches else f"differs from the recorded {stored}"
        )
