"""Recording a game decision by decision into a demonstration, and saving it under a fresh name.

The `GameLoop` (play/loop.py) feeds a `GameRecorder` when one is attached, so a human's game in the window
and an agent's game in `crossy demos record` become the same kind of file (storage/demo_file.py). Frames
are the shared pipeline's, so a demonstration holds exactly what an agent trained on it sees.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from crossy_desktop import __version__
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.atomic import clean_leftovers, write_new
from crossy_desktop.storage.demo_file import RAM_BYTES, SUFFIX, DemoMeta, Demonstration, write_demo
from crossy_desktop.storage.names import numbered, slug


class GameRecorder:
    """Collects one game: `decide` at each decision, `reward` per frame, `finish` at the end.

    Frames and RAM go straight into preallocated arrays (a whole game's worth, grown if ever needed), so
    `finish` hands them over whole: building them from 2,048 separate arrays took 0.6 s on the game-over frame.
    """

    def __init__(self, capacity: int = 2048) -> None:
        size = PIPELINE.size
        self._frame_rows = np.zeros((capacity, size, size), np.uint8)
        self._ram_rows = np.zeros((capacity + 1, RAM_BYTES), np.uint8)
        self.start(seed=0)

    def start(self, seed: int) -> None:
        self.seed = seed
        self._actions: list[int] = []
        self._rewards: list[float] = []
        self._controllers: list[int] = []
        self._names: list[str] = []
        self.terminal = False

    @property
    def decisions(self) -> int:
        return len(self._actions)

    @property
    def actions(self) -> np.ndarray:
        return np.array(self._actions, np.uint8)

    @property
    def controllers(self) -> list[str]:
        """Who played this game so far, in order of first decision."""
        return list(self._names)

    @property
    def score(self) -> int:
        return int(sum(self._rewards))

    def decide(self, frame: np.ndarray, ram: np.ndarray, action: int, controller: str) -> None:
        if controller not in self._names:
            self._names.append(controller)
        t = self.decisions
        if t >= len(self._frame_rows):  # longer than a game (2,048 decisions fill it): room for as many again
            self._frame_rows = np.concatenate([self._frame_rows, np.zeros_like(self._frame_rows)])
            self._ram_rows = np.concatenate([self._ram_rows, np.zeros_like(self._ram_rows)])
        self._frame_rows[t] = frame
        self._ram_rows[t] = ram
        self._actions.append(action)
        self._rewards.append(0.0)
        self._controllers.append(self._names.index(controller))

    def reward(self, reward: float, game_over: bool) -> None:
        if self._rewards:
            self._rewards[-1] += reward
            self.terminal = self.terminal or game_over

    def story_arrays(self, final_ram: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The game so far as (T + 1, 128) RAMs, (T,) actions and (T,) rewards, copied (play/game_story.py)."""
        t = self.decisions
        rams = np.concatenate([self._ram_rows[:t], final_ram[None]])
        return rams, np.array(self._actions, np.uint8), np.array(self._rewards, np.float32)

    def finish(self, final_ram: np.ndarray) -> Demonstration:
        t = self.decisions
        terminals = np.zeros(t, np.bool_)
        if t and self.terminal:
            terminals[-1] = True
        meta = DemoMeta(
            protocol=PROTOCOL.describe(),
            pipeline=PIPELINE.name,
            seed=int(self.seed),
            controllers=list(self._names),
            score=self.score,
            decisions=t,
            date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            truncated=not self.terminal,
            app_version=__version__,
        )
        frames, rams = self._frame_rows[:t], self._ram_rows[: t + 1]
        rams[t] = final_ram
        # The demonstration keeps these arrays; the recorder takes fresh ones (np.zeros costs nothing until used).
        self._frame_rows = np.zeros(self._frame_rows.shape, np.uint8)
        self._ram_rows = np.zeros(self._ram_rows.shape, np.uint8)
        return Demonstration(
            meta=meta,
            frames=frames,
            actions=np.array(self._actions, np.uint8),
            rewards=np.array(self._rewards, np.float32),
            terminals=terminals,
            controllers=np.array(self._controllers, np.uint8),
            rams=rams,
        )


def demo_stem(meta: DemoMeta) -> str:
    """The file's name before its suffix: when, who (as a slug: the label itself is in the metadata), the
    seed and the score."""
    stamp = meta.date.replace(":", "").replace("-", "").replace("+0000", "").replace("+00:00", "")
    end = "-truncated" if meta.truncated else ""
    return f"{stamp}-{slug(meta.controller)}-seed{meta.seed}-{meta.score}pts{end}"


def save_new_demo(directory: Path, demo: Demonstration) -> Path:
    """Save under a fresh name in `directory`; never overwrites an earlier game, even one another process
    saves at the same moment (the name is claimed atomically, else the next number is tried)."""
    directory = Path(directory)
    clean_leftovers(directory)  # temp files of writers killed an hour or more ago
    return write_new(numbered(directory, demo_stem(demo.meta), SUFFIX), lambda tmp: write_demo(tmp, demo))
