"""Versus: the player's game and an agent's game from the same seed, stepped in lockstep.

Both emulators start from one seed, so both chickens face the same traffic (Freeway's cars do not
depend on the seed at all; the seed drives the sticky actions, which differ only by what each side
presses). Each window frame advances both by one emulator frame, and each side decides on the same
every-4th frame, so neither gets more time or more decisions than the other.
"""

from __future__ import annotations

from crossy_desktop.controllers.base import Controller
from crossy_desktop.controllers.builtin import RandomController
from crossy_desktop.game.core import Step
from crossy_desktop.play.session import PlaySession
from crossy_desktop.storage.scoreboard import GameMode


class VersusMatch:
    def __init__(self, left: PlaySession, agent: Controller, right: PlaySession | None = None) -> None:
        """`right`: a session made ahead for the agent's side (its emulator takes 250 ms to build: the window
        makes one before its first frame, not when V is pressed)."""
        self.left = left
        self.right = right if right is not None else spare_side()
        self.right.use(agent)
        self.right.base_seed, self.right.last_story = left.base_seed, None
        self.right.scoreboard, self.right.writer, self.right.starts = left.scoreboard, left.writer, left.starts
        left.mode = self.right.mode = GameMode.VERSUS
        left.opponent = agent.name
        self.right.opponent = left.controller.name

    def new_game(self) -> None:
        self.left.new_game()
        self.right.new_game(seed=self.left.seed)

    def advance(self) -> Step:
        """One emulator frame on both sides; the games are the same length, so they end together."""
        step = self.left.advance()
        if not self.right.game.game_over:
            self.right.advance()
        return step

    @property
    def winner(self) -> str | None:
        """The winning side's controller name, or None for a draw."""
        if self.left.score == self.right.score:
            return None
        return self.left.controller.name if self.left.score > self.right.score else self.right.controller.name

    def close(self) -> PlaySession:
        """Back to solo play: the player's game goes on; the agent's side ends its game (saved where recording)
        and is handed back, emulator and all, for the next versus."""
        if self.right.in_game:
            self.right.save_demo()  # handed to the writer: V does not wait for it (quitting does)
        self.left.mode, self.left.opponent = GameMode.SOLO, None
        return self.right


def spare_side() -> PlaySession:
    """A session for versus' agent side, its emulator built and waiting (the agent is set when versus starts)."""
    return PlaySession(RandomController(), sound=False)
