"""What the window is asked to do at start: plain data, no pygame (the command line builds it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.storage.demo_file import Demonstration
from crossy_desktop.storage.settings import Settings


class Speed(StrEnum):
    """How fast an agent's game runs in the window (a human always plays at 1x)."""

    X1 = "1x"
    X2 = "2x"
    X4 = "4x"
    MAX = "max"  # as many frames as fit in a window frame's budget

    @property
    def frames_per_tick(self) -> int | None:
        """Emulator frames per window frame; None: as many as the time budget allows."""
        return {Speed.X1: 1, Speed.X2: 2, Speed.X4: 4, Speed.MAX: None}[self]


class Presenter(StrEnum):
    """How a frame reaches the screen (bench/bench_render.py measures both)."""

    SURFACE = "surface"  # pygame zooms each game frame into the window surface; only changed areas are sent
    RENDERER = "renderer"  # SDL's renderer zooms a 160x210 texture (on the GPU where there is one)


@dataclass
class AppConfig:
    seed: int | None = None
    controller: ControllerKind = ControllerKind.HUMAN  # who plays first
    model: Path | None = None  # the DQN's model file (default: the best one found)
    max_frames: int | None = None  # emulator frames, then quit (scripts, tests)
    scale: int = 4  # integer zoom; FIT_ZOOM (0, the settings' default): the largest that fits the screen
    window_size: tuple[int, int] | None = None  # a resized window's size from the settings (wins over scale)
    fullscreen: bool = False
    presenter: Presenter = Presenter.RENDERER
    mute: bool = False
    volume: float = 0.8
    speed: Speed = Speed.X1
    record: bool = False
    demos_dir: Path | None = None  # where recordings go (default: the per-user data directory)
    replay: Demonstration | None = None  # play this recorded game back instead, then quit
    scoreboard: Path | None = None  # SQLite scoreboard (default: the per-user data folder)
    versus: ControllerKind | None = None  # the player against this agent, side by side
    teach_args: tuple[str, ...] = ()  # extra `crossy teach` options for T (tests: a tiny update budget)
    prepare_starts: bool = True  # new games start from resets made ahead in a helper process (game/starts.py)
    spare_side: bool = True  # versus' agent side is built before the first frame (its emulator: 250 ms), not on V
    eye: bool = False  # the agent's eye (E) on from the start
    present: bool = False  # presentation mode (F9, `crossy present`): the attract loop from the start
    coach_grace_s: float = 0.5  # coaching: how long after you let go of the keys the student gets the chicken back
    settings: Settings | None = None  # the saved settings this run started from (kept where not changed)
    settings_path: Path | None = None  # where the window saves its settings on closing; None: it does not

    def __post_init__(self) -> None:
        self.controller = ControllerKind(self.controller)
        self.speed = Speed(self.speed)
        self.presenter = Presenter(self.presenter)
        self.versus = None if self.versus is None else ControllerKind(self.versus)
