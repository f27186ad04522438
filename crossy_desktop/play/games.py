"""Whole games without a window: evaluation (greedy play, raw score) and recorded datasets.

Both drive the one `GameLoop`, as the window does; game i of a series is seeded `seed + i`, so the same
seed gives the same games.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from crossy_desktop.background import give_way
from crossy_desktop.controllers.base import Controller
from crossy_desktop.errors import first_line
from crossy_desktop.play.loop import GameLoop
from crossy_desktop.play.recorder import GameRecorder, save_new_demo
from crossy_desktop.storage.demo_file import Demonstration


@dataclass
class Evaluation:
    """Scores of a series of games under the protocol (sticky actions on)."""

    target: str
    seed: int
    episodes: int
    mean: float
    std: float
    min: int
    max: int
    scores: list[int] = field(default_factory=list)
    ci95: tuple[float, float] = (0.0, 0.0)  # bootstrap 95% confidence interval of the mean

    def to_dict(self) -> dict:
        return asdict(self)


def evaluate(
    target: str,
    controller: Controller,
    episodes: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Play `episodes` games (game i seeded seed + i) and summarise their raw scores."""
    loop = GameLoop(controller)
    scores = []
    try:
        for i in range(episodes):
            scores.append(loop.play_game(seed + i))
            if progress:
                progress(i + 1, scores[-1])
    finally:
        loop.close()
    arr = np.array(scores, float)
    return Evaluation(
        target, seed, episodes, float(arr.mean()), float(arr.std()), int(arr.min()), int(arr.max()), scores,
        bootstrap_ci(arr),
    )  # fmt: skip


def bootstrap_ci(scores: np.ndarray, level: float = 0.95, resamples: int = 10_000) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean: games resampled with replacement (fixed generator, so a
    series of scores always gets the same interval). Says how far the mean of N games can be trusted."""
    scores = np.asarray(scores, float)
    rng = np.random.default_rng(0)
    means = scores[rng.integers(0, len(scores), (resamples, len(scores)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return round(float(low), 3), round(float(high), 3)


def record_game(controller: Controller, seed: int) -> Demonstration:
    """One whole game of `controller`, recorded at decision granularity."""
    loop = GameLoop(controller, recorder=GameRecorder())
    try:
        return _play_recorded(loop, seed)
    finally:
        loop.close()


def agent_game(model: Path, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A DQN's whole game on `seed`: its RAMs, actions and rewards (the window's comparison runs this in a process
    of its own, so the frame loop never waits for it)."""
    from crossy_desktop.controllers.dqn import DQNController

    give_way()  # its own process, beside the window's
    demo = record_game(DQNController(model), seed)
    return demo.rams, demo.actions, demo.rewards


def agent_game_into(results, model: Path, seed: int) -> None:
    """`agent_game` in a process of its own: its arrays, or the one line saying why not, into `results` (a queue)."""
    try:
        results.put(agent_game(model, seed))
    except Exception as exc:  # noqa: BLE001 - whatever went wrong is the window's one line
        results.put(first_line(exc))


def _play_recorded(loop: GameLoop, seed: int) -> Demonstration:
    assert loop.recorder is not None
    loop.play_game(seed)
    return loop.recorder.finish(loop.game.ram)


def record_games(
    controller: Controller,
    games: int,
    seed: int,
    directory: Path,
    progress: Callable[[int, Path, Demonstration], None] | None = None,
) -> list[Path]:
    """Record `games` games (game i seeded seed + i), each saved as it ends."""
    loop = GameLoop(controller, recorder=GameRecorder())
    paths = []
    try:
        for i in range(games):
            demo = _play_recorded(loop, seed + i)
            paths.append(save_new_demo(directory, demo))
            if progress:
                progress(i + 1, paths[-1], demo)
    finally:
        loop.close()
    return paths
