"""The game being played in the window: the one `GameLoop`, plus what a player's session adds around it.

No pygame here: the window drives a PlaySession one emulator frame at a time, and tests can too. The
loop (play/loop.py) owns the emulator, the frame stack, the decision clock and the recorder; the session
adds game numbering and seeds, session records, saving demonstrations and putting scores on the board.

Every game is collected decision by decision while it runs; with recording on (`record_dir` set) a game is
saved as a demonstration when it ends, so switching recording on mid-game keeps the game from its start.
A game left early (new game, quit) is saved marked truncated. With a `writer` (the window's), files are
written on its background thread, so a game over never stalls the frame loop; what to write is taken on
the frame loop, so the next game cannot change it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossy_desktop.controllers.base import Controller
from crossy_desktop.game.core import FreewayGame, Step
from crossy_desktop.game.starts import PreparedStarts
from crossy_desktop.play.game_story import GameStory, game_story
from crossy_desktop.play.loop import GameLoop
from crossy_desktop.play.recorder import GameRecorder, save_new_demo
from crossy_desktop.play.writer import BackgroundWriter
from crossy_desktop.storage.scoreboard import GameMode, GameRecord, Scoreboard, ScoreboardError


@dataclass
class SessionStats:
    best_score: int = 0


class PlaySession:
    def __init__(self, controller: Controller, seed: int | None = None, sound: bool = False) -> None:
        self.recorder = GameRecorder()
        self.loop = GameLoop(controller, sound=sound, recorder=self.recorder)
        self.base_seed = seed if seed is not None else random.randrange(2**31)
        self.game_number = 0  # 1-based once a game has started
        self.game_seed = self.base_seed
        self.stats = SessionStats()
        self.record_dir: Path | None = None  # recording is on while this is set
        self.saved: list[Path] = []  # demonstrations written this session
        self.save_error = ""
        self.scoreboard: Scoreboard | None = None  # every finished game goes here when set
        self.mode = GameMode.SOLO
        self.opponent: str | None = None
        self.score_error = ""
        self.last_game: tuple[int, np.ndarray] | None = None  # (seed, actions) of the last finished game
        self.last_story: GameStory | None = None  # and what it tells (the after-game comparison)
        self.writer: BackgroundWriter | None = None  # where file writes go; None: written at once
        self.starts: PreparedStarts | None = None  # games started from resets made ahead (the window's)

    # -- what the loop holds, as the window reads it ------------------------------------------
    @property
    def game(self) -> FreewayGame:
        return self.loop.game

    @property
    def controller(self) -> Controller:
        return self.loop.controller

    @property
    def score(self) -> int:
        """Rewards of this game: one per crossing."""
        return self.loop.score

    @property
    def action(self) -> int:
        return self.loop.action

    @property
    def seed(self) -> int:
        """The current game's seed (see new_game)."""
        return self.game_seed

    @property
    def in_game(self) -> bool:
        return self.game_number > 0 and not self.game.game_over

    # -- playing --------------------------------------------------------------------------------
    def new_game(self, seed: int | None = None) -> None:
        """The next game: seeded base_seed + k - 1 for game k, or `seed` (versus: both sides alike)."""
        if self.in_game:
            self.save_demo()
        self.game_number += 1
        self.game_seed = seed if seed is not None else self.base_seed + self.game_number - 1
        self.loop.reset(self.seed, None if self.starts is None else self.starts.take(self.seed))
        if self.starts is not None:
            self.starts.prepare(self.seed)  # versus may join this game
            self.starts.prepare(self.base_seed + self.game_number)  # the next game's

    def use(self, controller: Controller) -> None:
        """Hand the chicken to another controller; it takes over at the next decision."""
        self.loop.use(controller)

    def advance(self) -> Step:
        """One emulator frame (a decision first when one is due); a finished game is counted and saved."""
        step = self.loop.step_frame()
        if step.game_over:
            self._count(self.score)
            self.last_game = (self.seed, self.recorder.actions)
            player = self.recorder.controllers[-1] if self.recorder.controllers else self.controller.name
            self.last_story = game_story(player, *self.recorder.story_arrays(self.game.ram))
            self.save_score()
            self.save_demo()
        return step

    # -- what a finished game leaves behind ------------------------------------------------------
    def save_score(self) -> None:
        """Put the finished game on the scoreboard; a locked or corrupt database sets `score_error` only."""
        if self.scoreboard is None:
            return
        board = self.scoreboard
        record = GameRecord(
            controller="+".join(self.recorder.controllers) or self.controller.name,
            score=self.score,
            seed=self.seed,
            model=self.controller.model,
            mode=self.mode,
            opponent=self.opponent,
        )

        def write() -> None:
            try:
                board.add(record)
                self.score_error = ""
            except ScoreboardError as exc:
                self.score_error = str(exc)

        self._write(write)

    def save_demo(self) -> None:
        """Save the game so far if recording is on; a full disk or bad folder sets `save_error`, never raises."""
        if self.record_dir is None or self.recorder.decisions == 0:
            return
        folder, demo = self.record_dir, self.recorder.finish(self.game.ram)
        self.recorder.start(self.seed)  # saved once only

        def write() -> None:
            try:
                self.saved.append(save_new_demo(folder, demo))
                self.save_error = ""
            except OSError as exc:
                self.save_error = f"demonstration not saved: {exc}"

        self._write(write)

    def _write(self, job: Callable[[], None]) -> None:
        if self.writer is None:
            job()
        else:
            self.writer.submit(job)

    def flush(self) -> None:
        """Wait until every file handed to the writer is written."""
        if self.writer is not None:
            self.writer.drain()

    def close(self) -> None:
        """Quit: a game in progress is saved as truncated when recording; every pending write finishes."""
        if self.in_game:
            self.save_demo()
        self.flush()
        self.loop.close()

    def _count(self, score: int) -> None:
        self.stats.best_score = max(self.stats.best_score, score)
