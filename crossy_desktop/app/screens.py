"""The window's screens and panels, one handler object each: what it shows over the games, and the keys it
takes before the window's own table does (as SolarWolf gives each screen its handler).

A screen is where the game stands (start, playing, paused, game over); a panel (best scores, teach) is
opened over it and, while open, is the only text shown: a panel replaces the screen's overlay, never
overlaps it. The window (window.py) keeps the loop and decides which screen is current and which one
handler's text is drawn; the Teach panel takes its keys first.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import pygame

from crossy_desktop.app.hud import leaderboard_lines
from crossy_desktop.app.keys import KEYMAP, Command
from crossy_desktop.app.teaching import TeachPanel, TeachState
from crossy_desktop.app.window_state import FPS, Screen, Window

MAX_SPEED_BUDGET_S = 0.025  # emulate this long per window frame at max speed, then draw
AUTO_RESTART_FRAMES = 3 * FPS  # window frames on the game-over screen before an agent's next game


@dataclass(frozen=True)
class Overlay:
    """A shaded title and lines over the games, or a picture covering them (the after-game comparison)."""

    title: str
    lines: tuple[str, ...] = ()
    picture: pygame.Surface | None = None  # drawn over the whole game area instead of the text


class Handler:
    """One screen or panel: the overlay it shows (None: the games alone) and the keys it takes."""

    def overlay(self, app: Window) -> Overlay | None:
        return None

    def key(self, app: Window, key: int) -> bool:
        """A key pressed while this handler is in front: True if it used it (the window's table then does not)."""
        return False

    def tick(self, app: Window) -> None:
        """This screen's part of a window frame, before drawing."""

    def move(self, app: Window) -> None:
        """Up or Down pressed (the chicken itself hears them whatever the screen)."""

    def pause(self, app: Window) -> None:
        """P or Space."""


class StartScreen(Handler):
    def move(self, app: Window) -> None:
        app.show(Screen.PLAYING)

    def pause(self, app: Window) -> None:
        app.show(Screen.PLAYING)

    def overlay(self, app: Window) -> Overlay:
        who = "you play on the left" if app.versus else "H R D B pick who plays"
        return Overlay("CROSSY", ("Press Up or Space to start", who))


class PlayingScreen(Handler):
    def pause(self, app: Window) -> None:
        app.show(Screen.PAUSED)

    def tick(self, app: Window) -> None:
        """This window frame's emulator frames: one at 1x, more for a fast agent (max: a time budget's worth)."""
        per_tick = app.speed.frames_per_tick if app.session.controller.is_agent and not app.versus else 1
        deadline = time.perf_counter() + MAX_SPEED_BUDGET_S
        for n in itertools.count(1):
            step = (app.versus or app.session).advance()
            app.frames_stepped += 1
            if per_tick == 1:
                app.audio.feed(app.session.game.audio)
            if app.replay is not None and app.replay.finished(app.session, step.game_over):
                app.notices.say(app.replay.verdict, warning=not app.replay.matches)
                app.show_game_over()
                app.running = app.config.max_frames is None and app.running
                return
            if step.game_over:
                app.show_game_over()
                break
            if app.out_of_frames or n == per_tick or (per_tick is None and time.perf_counter() >= deadline):
                break
        if app.out_of_frames:
            app.running = False
        elif step.game_over and app.config.max_frames is not None:
            app.new_game()


class PausedScreen(Handler):
    def pause(self, app: Window) -> None:
        app.show(Screen.PLAYING)

    def overlay(self, app: Window) -> Overlay:
        return Overlay("PAUSED", ("P or Space to go on",))


class GameOverScreen(Handler):
    def pause(self, app: Window) -> None:
        app.new_game()

    def tick(self, app: Window) -> None:
        """A replay shows its verdict for a moment, then closes (or, dropped on the window, hands the chicken
        back); an agent starts its next game by itself."""
        app.over_frames += 1
        if app.over_frames >= AUTO_RESTART_FRAMES and app.replay is not None:
            if app.replay.then is None:
                app.running = False
            else:
                app.replay.then()
        elif app.session.controller.is_agent and app.over_frames >= AUTO_RESTART_FRAMES:
            app.new_game()

    def overlay(self, app: Window) -> Overlay:
        if app.versus is not None:
            left, right, winner = app.versus.left, app.versus.right, app.versus.winner
            title = "DRAW" if winner is None else ("YOU WIN" if winner == left.controller.name else f"{winner} WINS")
            return Overlay(title[:22].upper(), (f"{left.score}  :  {right.score}", "N or Space for a rematch"))
        again = "next game in a moment" if app.session.controller.is_agent else "N or Space for a new game"
        return Overlay("GAME OVER", (f"score {app.session.score}", again))


SCREENS: dict[Screen, Handler] = {
    Screen.START: StartScreen(),
    Screen.PLAYING: PlayingScreen(),
    Screen.PAUSED: PausedScreen(),
    Screen.OVER: GameOverScreen(),
}


class ScoresPanel(Handler):
    """Tab: the leaderboard, read once when opened (a database read is not for every frame); Tab closes it."""

    def __init__(self) -> None:
        self.lines: list[str] | None = None  # None: closed

    @property
    def is_open(self) -> bool:
        return self.lines is not None

    def toggle(self, app: Window) -> None:
        if self.lines is not None or app.session.scoreboard is None:
            self.lines = None
        else:
            self.lines = leaderboard_lines(app.session.scoreboard)

    def overlay(self, app: Window) -> Overlay:
        return Overlay("BEST SCORES", (*(self.lines or ()), "Tab to close"))


class TeachScreen(Handler):
    """The Teach panel (T): its plan, then the student's result. While it is open or teaching runs, T, Esc,
    Enter, D, V and C are its keys."""

    def __init__(self, panel: TeachPanel) -> None:
        self.panel = panel

    @property
    def is_open(self) -> bool:
        return self.panel.shows_overlay

    def overlay(self, app: Window) -> Overlay:
        return Overlay("TEACH" if self.panel.state is TeachState.PLAN else "STUDENT", tuple(self.panel.lines))

    def key(self, app: Window, key: int) -> bool:
        teach = self.panel
        if teach.state is TeachState.CLOSED or key not in KEYMAP:
            return False
        command = KEYMAP[key].command
        if command in (Command.TEACH, Command.QUIT):
            teach.close_panel()
        elif teach.state is TeachState.PLAN and key == pygame.K_RETURN:
            teach.start()
        elif teach.state is TeachState.FINISHED and teach.student and command in (Command.DQN, Command.VERSUS):
            teach.state = TeachState.CLOSED
            app.take_student(teach.student, versus=command is Command.VERSUS)
        elif teach.state is TeachState.FINISHED and teach.student and command is Command.COACH:
            teach.state = TeachState.CLOSED
            app.coaching.stop(app)
            app.coaching.start(app)  # the newest student: the one just taught
        else:
            return False
        return True
