"""Demonstrations: recording games decision by decision, and turning recorded games into replay memory.

The window (app/session.py) and `crossy demos record` both feed a `GameRecorder`, so a human's game and
an agent's game become the same kind of file (storage/demo_file.py). Frames are the shared pipeline's,
so a demonstration holds exactly what an agent trained on it sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np

from crossy_desktop import __version__
from crossy_desktop.controllers.base import Controller
from crossy_desktop.game.core import PROTOCOL, RAM_CHICKEN_Y
from crossy_desktop.rl.env import DecisionEnv
from crossy_desktop.rl.evaluate import play_game
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig
from crossy_desktop.storage.demo_file import (
    SUFFIX,
    DemoFileError,
    DemoMeta,
    Demonstration,
    DemoSet,
    load_demo_dir,
    save_demo,
)


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
    """Save under a fresh name in `directory`; never overwrites an earlier game."""
    directory = Path(directory)
    path = directory / demo_filename(demo.meta)
    n = 1
    while path.exists():
        n += 1
        path = directory / demo_filename(demo.meta).replace(SUFFIX, f"-{n}{SUFFIX}")
    return save_demo(path, demo)


def record_game(env: DecisionEnv, controller: Controller, seed: int) -> Demonstration:
    """One whole game of `controller`, recorded at decision granularity."""
    recorder = GameRecorder()
    play_game(env, controller, seed, recorder)
    return recorder.finish(env.game.ram)


def record_games(
    controller: Controller,
    games: int,
    seed: int,
    directory: Path,
    progress: Callable[[int, Path, Demonstration], None] | None = None,
) -> list[Path]:
    """Record `games` games (game i seeded seed + i), each saved as it ends."""
    env = DecisionEnv()
    paths = []
    for i in range(games):
        demo = record_game(env, controller, seed + i)
        paths.append(save_new_demo(directory, demo))
        if progress:
            progress(i + 1, paths[-1], demo)
    env.close()
    return paths


def load_training_demos(directory: Path, report: Callable[[str], None]) -> DemoSet:
    """The demonstrations in `directory` that this app's protocol and pipeline can train on.

    Each skipped file is reported by name; a folder with nothing usable is a DemoFileError.
    """
    found = load_demo_dir(directory, PROTOCOL.describe(), PIPELINE.name)
    for error in found.errors:
        report(f"skipped {error}")
    if not found.demos:
        raise DemoFileError(f"{directory}: none of the {len(found.errors)} demonstrations could be used")
    report(f"{len(found.demos)} demonstrations, {found.decisions} decisions")
    return found


def fill_replay(buffer: ReplayBuffer, demos: list[Demonstration], reward: RewardConfig) -> int:
    """Append demonstrations to `buffer` with training rewards recomputed from the stored heights."""
    added = 0
    for demo in demos:
        heights = demo.rams[:, RAM_CHICKEN_Y].astype(int)
        for t in range(len(demo)):
            terminal = bool(demo.terminals[t])
            r = reward(float(demo.rewards[t]), heights[t], heights[t + 1], terminal)
            buffer.add(demo.frames[t], int(demo.actions[t]), r, terminal, first=t == 0)
            added += 1
    return added
