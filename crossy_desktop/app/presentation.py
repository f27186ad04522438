"""Presentation mode (`crossy present`, or F9): for a stand, a class or a meetup, with nobody at a terminal.

Fullscreen; while nobody touches it, an attract loop: agents play and explain themselves (the DQN with its
agent's eye on, the scripted bot, the random agent), each scene with a caption in the panel. Any key or pad
button starts a race against the best DQN (H: a game of your own); after a while with no input it goes back
to the loop. The panel keeps the session's tally of human-versus-agent races.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from crossy_desktop.app.config import Speed
from crossy_desktop.app.keys import Command
from crossy_desktop.app.window_state import FPS, Screen
from crossy_desktop.controllers.base import ControllerKind

if TYPE_CHECKING:  # types only: none of these import this module
    from crossy_desktop.app.eye_control import EyeControl
    from crossy_desktop.app.notices import Notices
    from crossy_desktop.play.session import PlaySession
    from crossy_desktop.play.versus import VersusMatch


@dataclass(frozen=True)
class Scene:
    """One part of the attract loop: who plays, with the agent's eye or not, and what the caption says."""

    controller: ControllerKind
    seconds: float
    caption: str
    eye: bool = False


ATTRACT: tuple[Scene, ...] = (
    Scene(ControllerKind.DQN, 60, "A DQN that learned from pixels. Red glow: where it looks. Any key: race it!", True),
    Scene(ControllerKind.SCRIPTED, 30, "A hand-written bot that reads the game's memory. Any key: race the DQN!"),
    Scene(ControllerKind.RANDOM, 15, "A random agent: this is where learning starts. Any key: race the DQN!"),
)


PASS_THROUGH = (Command.QUIT, Command.PRESENT, Command.FULLSCREEN, Command.MUTE, Command.VOLUME_UP, Command.VOLUME_DOWN)


@dataclass(frozen=True)
class PresentConfig:
    scenes: tuple[Scene, ...] = ATTRACT
    idle_s: float = 20.0  # no key or button this long in a human game: back to the attract loop


class Window(Protocol):
    """What presentation mode uses of the window."""

    session: PlaySession
    versus: VersusMatch | None
    notices: Notices
    eye: EyeControl
    screen_state: Screen

    def use(self, name: str) -> None: ...

    def set_speed(self, speed: Speed) -> None: ...

    def new_game(self) -> None: ...

    def start_versus(self, agent: str = ControllerKind.DQN) -> None: ...

    def stop_versus(self) -> None: ...


class Presentation:
    def __init__(self, config: PresentConfig | None = None) -> None:
        self.config = config
        self.attracting = False
        self.scene = 0
        self._frames_left = 0
        self._idle_frames = 0
        self.tally = {"humans": 0, "agents": 0, "draws": 0}

    @property
    def on(self) -> bool:
        return self.config is not None

    def toggle(self, app: Window) -> None:
        """F9: presentation mode on (the attract loop starts) or off (the window as it was)."""
        if self.on:
            self.config, self.attracting = None, False
            app.notices.say("presentation mode off")
        else:
            self.config = PresentConfig()
            self.attract(app)

    def attract(self, app: Window) -> None:
        """Back to the attract loop, from its first scene."""
        self.attracting, self.scene = True, -1
        app.stop_versus()
        self._next_scene(app)

    def _next_scene(self, app: Window) -> None:
        self.scene = (self.scene + 1) % len(self.config.scenes)
        scene = self.config.scenes[self.scene]
        app.set_speed(Speed.X1)  # agents explain themselves at the game's own pace
        app.use(scene.controller)
        if app.eye.on != scene.eye:
            app.eye.toggle(app)
        app.new_game()
        self._frames_left = round(scene.seconds * FPS)
        app.notices.say(f"{scene.caption}   {self.tally_line()}")

    def tally_line(self) -> str:
        t = self.tally
        return f"humans {t['humans']} : agents {t['agents']}" + (f" ({t['draws']} drawn)" if t["draws"] else "")

    def input(self, app: Window, command: Command | None) -> bool:
        """A key or a button pressed (`command`: what it is bound to, None for an unbound key): in the attract
        loop it starts a race against the DQN, H a game of one's own (True: used up here)."""
        self._idle_frames = 0
        if not self.attracting or command in PASS_THROUGH:
            return False
        if command is Command.HUMAN:
            self.human_alone(app)
            return True
        self.attracting = False
        if app.eye.on:
            app.eye.toggle(app)
        app.start_versus(ControllerKind.DQN)
        app.screen_state = Screen.PLAYING
        app.notices.say(f"you (left) against the DQN: hold Up to cross   {self.tally_line()}")
        return command not in (Command.MOVE_UP, Command.MOVE_DOWN)  # an arrow also moves the chicken at once

    def human_alone(self, app: Window) -> None:
        """H in the attract loop: a game of one's own instead of a race."""
        self.attracting = False
        if app.eye.on:
            app.eye.toggle(app)
        app.stop_versus()
        app.use(ControllerKind.HUMAN)
        app.new_game()

    def game_over(self, app: Window) -> None:
        """A race ended: the tally counts it."""
        if self.on and app.versus is not None:
            left, right = app.versus.left.score, app.versus.right.score
            self.tally["humans" if left > right else "agents" if right > left else "draws"] += 1
            app.notices.say(self.tally_line())

    def tick(self, app: Window, keys_held: bool) -> None:
        """Each window frame: the next scene when this one's time is up; back to the loop when idle."""
        if not self.on:
            return
        if self.attracting:
            self._frames_left -= 1
            if self._frames_left <= 0:
                self._next_scene(app)
            return
        self._idle_frames = 0 if keys_held else self._idle_frames + 1
        if self._idle_frames >= self.config.idle_s * FPS:
            self.attract(app)
