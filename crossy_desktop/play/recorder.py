"""Recording a game decision by decision into a demonstration, and saving it under a fresh name.

The `GameLoop` (play/loop.py) feeds a `GameRecorder` when one is attached, so a human's game in the window
and an agent's game in `crossy demos record` become the same kind of file (storage/demo_file.py). Frames
are the shared pipeline's, so a demonstration holds exactly what an agent trained on it sees.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np

from crossy_desktop import __version__
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.atomic import clean_leftovers, write_new
from crossy_desktop.storage.demo_file import SUFFIX, DemoMeta, Demonstration, write_demo


class GameRecorder:
    """Collects one game: `decide` at each decision, `reward` per frame, `finish` at the end."""

    def __init__(self) -> None:
        self.start(seed=0)

    def start(self, seed: int) -> None:
        self.seed = seed
        self._frames: list[np.ndarray] = []
        self._rams: list[np.ndarray] = []
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
        self._frames.append(frame.copy())
        self._rams.append(ram.copy())
        self._actions.append(action)
        self._rewards.append(0.0)
        self._controllers.append(self._names.index(controller))

    def reward(self, reward: float, game_over: bool) -> None:
        if self._rewards:
            self._rewards[-1] += reward
            self.terminal = self.terminal or game_over

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
        size = PIPELINE.size
        return Demonstration(
            meta=meta,
            frames=np.array(self._frames, np.uint8).reshape(t, size, size),
            actions=np.array(self._actions, np.uint8),
            rewards=np.array(self._rewards, np.float32),
            terminals=terminals,
            controllers=np.array(self._controllers, np.uint8),
            rams=np.array([*self._rams, final_ram], np.uint8).reshape(t + 1, -1),
        )


def demo_filename(meta: DemoMeta) -> str:
    stamp = meta.date.replace(":", "").replace("-", "").replace("+0000", "").replace("+00:00", "")
    end = "-truncated" if meta.truncated else ""
    return f"{stamp}-{meta.controller}-seed{meta.seed}-{meta.score}pts{end}{SUFFIX}"


def save_new_demo(directory: Path, demo: Demonstration) -> Path:
    """Save under a fresh name in `directory`; never overwrites an earlier game, even one another process
    saves at the same moment (the name is claimed atomically, else the next number is tried)."""
    directory = Path(directory)
    clean_leftovers(directory)  # temp files of writers killed an hour or more ago
    first = demo_filename(demo.meta)
    names = itertools.chain(
        [directory / first], (directory / first.replace(SUFFIX, f"-{n}{SUFFIX}") for n in itertools.count(2))
    )
    return write_new(names, lambda tmp: write_demo(tmp, demo))
