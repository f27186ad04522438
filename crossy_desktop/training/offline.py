"""`crossy train-offline`: a DQN learned from demonstrations alone (DQfD's loss, no environment steps).

Why DQfD and not plain DQN or CQL: recorded expert games hold (almost) only the expert's actions, so
TD targets alone never learn that the other actions are worse, and a greedy policy on such Q-values
picks whatever the untrained rows say. DQfD (Hester et al., 2018) adds a large-margin loss that keeps
every other action at least `margin` below the demonstrated one, and n-step TD propagates the game's
real returns along the demonstrated paths. It needs no behaviour model and adds one line to the learner;
CQL's log-sum-exp penalty does a similar job, softer, and would be the choice for mixed-quality data.

The loop reads top to bottom: sample a batch of demonstration transitions, take one learner step;
every `eval_every` updates (once past `eval_from`) play a few greedy games in the emulator (the only time it
runs) and save the model. The model with the best evaluation is copied to best.safetensors.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from crossy_desktop.rl.agent_file import save_agent
from crossy_desktop.rl.demo_replay import correction_rows, fill_replay
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.replay import Batch, ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig
from crossy_desktop.storage.demo_file import Demonstration
from crossy_desktop.training.config import FIT_LAG, OfflineConfig
from crossy_desktop.training.reaction_lag import fit_reaction_lag
from crossy_desktop.training.run_folder import RunFolder
from crossy_desktop.training.trainer_base import TrainerBase

METRIC_FIELDS = [
    "updates",
    "loss",
    "td_loss",
    "margin_loss",
    "q_mean",
    "greedy_agrees",
    "eval_mean",
    "updates_per_s",
    "wall_s",
]


@dataclass
class OfflineProgress:
    """What the trainer tells a watcher about once a second: enough for a progress bar and a curve."""

    updates: int
    total: int
    agreement: float  # recent batches: share of rows where the greedy action is the demonstrated one
    wall_s: float
    tests: list[tuple[float, float]] = field(default_factory=list)  # (wall_s, mean score) per evaluation


class OfflineTrainer(TrainerBase):
    config: OfflineConfig

    def __init__(
        self,
        config: OfflineConfig,
        demos: list[Demonstration],
        run_dir: Path,
        tensorboard: bool = True,
        imitate: str | None = None,
        start_from: dict[str, torch.Tensor] | None = None,
        play_lone_test: bool = True,
    ) -> None:
        """`tensorboard=False` writes no event files (the window's teaching: nobody opens them there).
        `imitate`: only that player's decisions carry the demonstration loss (coached games; default: all).
        `start_from`: weights to continue from (a student taught before: its input statistics are kept).
        `play_lone_test=False`: a run whose one evaluation chooses nothing saves its model there without
        playing the test games (teaching's final test scores the student anyway: a round's 3 games saved)."""
        if not demos:
            raise ValueError("offline training needs at least one demonstration")
        super().__init__(config)
        self.folder = RunFolder(run_dir, METRIC_FIELDS, step="updates", tensorboard=tensorboard)
        total = sum(len(d) for d in demos)
        self.replay = ReplayBuffer(total, n_step=config.n_step, gamma=config.gamma, demonstrations=True)
        reward = RewardConfig(config.reward, gamma=config.gamma)
        lag = config.reaction_lag
        self.reaction_lag = fit_reaction_lag(demos, imitate) if lag == FIT_LAG else lag
        fill_replay(self.replay, demos, reward, imitate, self.reaction_lag)
        # a coach's corrections can be drawn apart, `correction_share` of each batch (weighted up; off by default)
        corrections = (
            correction_rows(demos, imitate, self.reaction_lag) if imitate is not None else np.empty(0, np.int64)
        )
        self.corrections = corrections[self.replay.usable(corrections)]
        network = QNetwork(config.network)
        if start_from is not None:
            network.load_state_dict(start_from)
        elif config.network.input_norm:
            network.fit_input_norm([d.frames for d in demos])
        self.learner = self.make_learner(network)
        self.play_lone_test = play_lone_test
        self.best: tuple[float, Path] | None = None  # (evaluation mean, model file) of the best so far
        self.tests: list[tuple[float, float]] = []

    def run(
        self,
        progress: bool = True,
        watch: Callable[[OfflineProgress], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> Path | None:
        """Train; returns the best model's path (None when `stop` ended it before the first evaluation).

        `watch` hears about progress about once a second and after each evaluation; `stop` is asked
        before each update, so a cancel takes effect within one update (the best model so far stays).
        """
        cfg = self.config
        self.folder.write_config(asdict(cfg))
        stats: list[dict[str, float]] = []
        agrees: list[float] = []
        start = last_told = time.perf_counter()
        for update in tqdm(range(1, cfg.updates + 1), disable=not progress, unit="upd", smoothing=0.05):
            if stop is not None and stop():
                break
            stats.append(self.learner.update(self._batch()))
            agrees = [*agrees[-99:], stats[-1]["greedy_agrees"]]
            evaluate_now = cfg.evaluates_at(update)
            if evaluate_now:
                self._evaluate_and_save(update, stats, time.perf_counter() - start, say=progress)
                stats.clear()
            now = time.perf_counter()
            if watch is not None and (evaluate_now or now - last_told >= 1.0):
                last_told = now
                watch(OfflineProgress(update, cfg.updates, float(np.mean(agrees)), now - start, list(self.tests)))
        self.folder.close()
        if self.best is None:
            return None
        best = self.folder.path / "best.safetensors"
        shutil.copyfile(self.best[1], best)
        return best

    def _batch(self) -> Batch:
        """One batch: uniform over every decision, save `correction_share` of it drawn from the corrections."""
        size = self.config.batch_size
        weighted = round(self.config.correction_share * size) if len(self.corrections) else 0
        if weighted == 0:
            return self.replay.sample(size, self.rng)
        return Batch.concat([
            self.replay.sample(size - weighted, self.rng),
            self.replay.sample(weighted, self.rng, among=self.corrections),
        ])  # fmt: skip

    def _evaluate_and_save(self, update: int, stats: list[dict[str, float]], wall_s: float, say: bool) -> None:
        """Evaluate, save the model, append the metrics row; `say`: the evaluation's line on the terminal."""
        cfg = self.config
        path = self.folder.model_path(update)
        save_agent(path, self.learner.online, 0)
        if not (self.play_lone_test or cfg.tests_choose()):
            self.best = (math.nan, path)
            score = math.nan
        else:
            score = self.play_greedy(path.name, cfg.eval_games, cfg.eval_seed).mean
            if self.best is None or score >= self.best[0]:
                self.best = (score, path)
            self.tests.append((wall_s, score))
        row = {k: round(float(np.mean([s[k] for s in stats])), 5) for k in METRIC_FIELDS[1:6]}
        row |= {"updates": update, "eval_mean": round(score, 3), "updates_per_s": round(update / wall_s, 2)}
        row["wall_s"] = round(wall_s, 1)
        self.folder.append_metrics(row)
        if say:
            tqdm.write(f"updates {update}: eval mean {score:.2f} over {cfg.eval_games} games, loss {row['loss']}")
