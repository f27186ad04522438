"""The HUD's one-line note, and what reaches the terminal: a player who started the app from a terminal
hears of every failure there, and of a repeated one (a full disk at each game over) only once."""

from __future__ import annotations

import sys


class Notices:
    def __init__(self) -> None:
        self.message = ""  # shown in the HUD until the next one
        self.warning = False  # the message says something went wrong: drawn in red
        self._printed: set[str] = set()

    def say(self, message: str, warning: bool = False) -> None:
        """A note in the HUD until the next one ("" clears it)."""
        self.message, self.warning = message, warning

    def warn(self, message: str) -> None:
        """Shown in the HUD in red, and printed for whoever started the app from a terminal."""
        self.say(message, warning=True)
        print(f"crossy: {message}", file=sys.stderr, flush=True)

    def report(self, message: str, failed: bool) -> None:
        """For callbacks that tell of both outcomes (a GIF saved, or not)."""
        self.warn(message) if failed else self.say(message)

    def print_once(self, problem: str) -> None:
        """A problem the HUD already shows while it lasts (a locked scoreboard): the terminal hears of it once."""
        if problem and problem not in self._printed:
            self._printed.add(problem)
            print(f"crossy: {problem}", file=sys.stderr, flush=True)
