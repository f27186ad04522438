"""Recorded games as replay memory: which demonstrations a run can use, and their rows with training rewards.

Training rewards are recomputed from each row's stored chicken heights (RAM), so one recording serves any
reward mode (rl/rewards.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from crossy_desktop.game.core import PROTOCOL, RAM_CHICKEN_Y
from crossy_desktop.rl.minari_dataset import dataset_id, is_minari, load_minari
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig
from crossy_desktop.storage.demo_file import DemoFileError, Demonstration, DemoSet, load_demo_dir


def load_training_demos(directory: Path, report: Callable[[str], None]) -> DemoSet:
    """The demonstrations in `directory` that this app's protocol and pipeline can train on.

    Each skipped file is reported by name; a folder with nothing usable is one DemoFileError that names
    the first file's problem. `minari:ID` reads a local Minari dataset instead (rl/minari_dataset.py).
    """
    if is_minari(directory):
        found = DemoSet(_minari_games(dataset_id(directory)), [])
    else:
        found = load_demo_dir(directory, PROTOCOL.describe(), PIPELINE.name)
    if not found.demos:
        first = f" (first: {found.errors[0]})" if found.errors else ""
        raise DemoFileError(f"{directory}: none of the {len(found.errors)} demonstrations could be used{first}")
    for error in found.errors:
        report(f"skipped {error}")
    report(f"{len(found.demos)} demonstrations, {found.decisions} decisions")
    return found


def _minari_games(dataset: str) -> list[Demonstration]:
    try:
        return load_minari(dataset)
    except ImportError as exc:
        raise DemoFileError(f"minari:{dataset}: reading it needs minari and h5py ({exc.name} is missing): "
                            "pip install 'crossy-desktop[formats]'") from None  # fmt: skip


def fill_replay(
    buffer: ReplayBuffer, demos: list[Demonstration], reward: RewardConfig, imitate: str | None = None, lag: int = 0
) -> int:
    """Append demonstrations to `buffer` with training rewards recomputed from the stored heights.

    With `imitate` (a controller's name), only the decisions that one chose are marked to imitate: in a
    coached game, the coach's corrections, never the student's own decisions (those still teach by their TD
    targets). Without, every decision is. With `lag`, each row imitates the action taken `lag` decisions
    later (a person's answer to what row t showed comes a reaction time after it); TD keeps the action taken.
    """
    added = 0
    for demo in demos:
        heights = demo.rams[:, RAM_CHICKEN_Y].astype(int)
        chosen, expert = lagged_labels(demo, imitate, lag)
        for t in range(len(demo)):
            terminal = bool(demo.terminals[t])
            r = reward(float(demo.rewards[t]), heights[t], heights[t + 1], terminal)
            buffer.add(demo.frames[t], int(demo.actions[t]), r, terminal, first=t == 0, imitate=bool(chosen[t]),
                       expert=int(expert[t]))  # fmt: skip
            added += 1
    return added


def imitated_rows(demo: Demonstration, player: str | None) -> np.ndarray:
    """(T,) bool: the decisions `player` chose (all of them when `player` is None)."""
    if player is None:
        return np.ones(len(demo), np.bool_)
    if player not in demo.meta.controllers:
        return np.zeros(len(demo), np.bool_)
    return demo.controllers == demo.meta.controllers.index(player)


def lagged_labels(demo: Demonstration, player: str | None, lag: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(T,) bool and (T,) actions: which rows teach by imitation, and the action each teaches: the one taken
    `lag` decisions later, when `player` chose it (the game's last `lag` rows have no answer and teach none)."""
    chosen = imitated_rows(demo, player)
    actions = demo.actions.astype(np.int64)
    if lag == 0:
        return chosen, actions
    later = np.zeros(len(demo), np.bool_)
    later[:-lag] = chosen[lag:]
    expert = actions.copy()
    expert[:-lag] = actions[lag:]
    return later, expert


def correction_rows(demos: list[Demonstration], player: str, lag: int = 0) -> np.ndarray:
    """Row numbers, in `fill_replay`'s order, of the rows imitating `player` in games shared with another
    controller: a coach's corrections of a student (their own games are not corrections, however they played)."""
    rows, start = [], 0
    for demo in demos:
        if demo.meta.controllers != [player]:
            rows.append(start + np.flatnonzero(lagged_labels(demo, player, lag)[0]))
        start += len(demo)
    return np.concatenate(rows) if rows else np.empty(0, np.int64)
