"""Where the window stands (Screen), and what the screen handlers, the HUD and the settings on closing may
use of it: a Protocol that `CrossyApp` (window.py) meets, so those modules name the window's type without
importing window.py (the window imports them: importing it back would make a cycle)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # types only: none of these import this module
    from pathlib import Path

    from crossy_desktop.app.audio import AudioOut
    from crossy_desktop.app.coaching import Coaching
    from crossy_desktop.app.config import AppConfig, Speed
    from crossy_desktop.app.eye_control import EyeControl
    from crossy_desktop.app.gamepad import Gamepads
    from crossy_desktop.app.notices import Notices
    from crossy_desktop.app.pacer import FramePacer
    from crossy_desktop.app.roster import Roster
    from crossy_desktop.app.teaching import TeachPanel
    from crossy_desktop.app.view import View
    from crossy_desktop.play.playback_check import PlaybackCheck
    from crossy_desktop.play.session import PlaySession
    from crossy_desktop.play.versus import VersusMatch
    from crossy_desktop.play.writer import BackgroundWriter


FPS = 60  # window frames per second: the emulator's own rate, one emulator frame per window frame


class Screen(Enum):
    START = "start"
    PLAYING = "playing"
    PAUSED = "paused"
    OVER = "over"


class Window(Protocol):
    config: AppConfig
    session: PlaySession
    versus: VersusMatch | None
    replay: PlaybackCheck | None
    view: View
    audio: AudioOut
    clock: FramePacer
    pads: Gamepads
    notices: Notices
    writer: BackgroundWriter
    teach: TeachPanel
    coaching: Coaching
    eye: EyeControl
    roster: Roster
    speed: Speed
    screen_state: Screen
    running: bool
    frames_stepped: int
    over_frames: int

    @property
    def out_of_frames(self) -> bool: ...

    def show(self, state: Screen) -> None: ...

    def show_game_over(self) -> None: ...

    def new_game(self) -> None: ...

    def take_student(self, student: Path, versus: bool) -> None: ...

    def toggle_recording(self) -> None: ...

    def stop_versus(self) -> None: ...
