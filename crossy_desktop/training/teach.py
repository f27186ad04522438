"""Teaching: from a player's recorded games to a student agent in their own models folder.

One call, `teach(plan, ...)`, does what the window's Teach panel and `crossy teach` promise: offline DQfD
on the player's games (training/offline.py, with the teach defaults below: one torch thread, so a window
beside it keeps its 60 frames per second), then a short greedy test of the best model on fresh games, then
the student is written under a new name into the per-user models folder with where it came from in its
metadata. Progress goes to a callback as typed events (training/teach_events.py); the window reads them as JSON
lines from a separate process (app/teaching.py), the terminal shows them as a progress bar.

A cancel (`stop` returning True) ends the learning within one update; the best model tested so far is
still written, so nothing learned is lost, and nothing half-written is left behind.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from crossy_desktop.play.games import evaluate
from crossy_desktop.rl.demo_replay import imitated_rows, load_training_demos
from crossy_desktop.rl.minari_dataset import is_minari
from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.storage.atomic import write_new
from crossy_desktop.storage.demo_file import DemoFileError, Demonstration, load_demo, player_games
from crossy_desktop.storage.names import numbered, slug
from crossy_desktop.training.config import OfflineConfig
from crossy_desktop.training.teach_events import TeachEnded, TeachEvent, TeachProgress, TeachStarted, TeachTesting

if TYPE_CHECKING:  # torch is imported only when teaching runs (the player bundle has none)
    from crossy_desktop.training.offline import OfflineTrainer

MIN_GAMES = 2  # fewer recorded games teach too little to be worth the wait
# Teaching again from a student's weights: a short round (issue 29: at most a minute). 1,000 updates scored at
# least as well as 2,000 on 3 of 3 training seeds (30.50/28.93/30.37 against 30.07/28.63/29.23, 30 fresh games
# each) in 0.8-0.9 minutes against 1.3-1.4 (bench/bench_coach.py --short-round 1000, bench_coach_4.txt).
ROUND_UPDATES = 1_000
MAX_GAMES = 20  # the most recent games used by default (a game is 14 MB of replay memory)
FINAL_TEST_SEED = 70_000  # the student's own test games: away from training's and the usual test seeds


def enough_games(count: int) -> bool:
    """The one rule for whether a player's whole recorded games can teach (the panel and `crossy teach`)."""
    return count >= MIN_GAMES


def can_teach() -> bool:
    """The player bundle ships without torch: it can play agents but not teach one."""
    return importlib.util.find_spec("torch") is not None


def teach_config(**overrides) -> OfflineConfig:
    """The offline trainer's settings for teaching in the app: its own defaults on one torch thread, so the
    window beside it keeps its 60 frames per second on 2 cores."""
    return replace(OfflineConfig(threads=1), **overrides)


@dataclass
class TeachPlan:
    """What teaching will use: the player's games (their own, and those where they coached a student: only
    their decisions there are imitated), the trainer's settings, and the student to continue, if any."""

    player: str
    games: list[Demonstration]
    files: list[str]
    config: OfflineConfig
    final_games: int = 5  # greedy test games of the chosen model (its score in the models list)
    start_from: Path | None = None  # a student to teach again (a warm start), or None: a new one

    @property
    def solo(self) -> list[Demonstration]:
        """The games the player played alone: their scores are the teacher's."""
        return [g for g in self.games if g.meta.controllers == [self.player]]

    @property
    def corrections(self) -> int:
        """The player's decisions in games they shared with a student: what coaching taught."""
        shared = [g for g in self.games if g.meta.controllers != [self.player]]
        return int(sum(imitated_rows(g, self.player).sum() for g in shared))

    @property
    def teacher_mean(self) -> float:
        scores = [g.meta.score for g in self.solo or self.games]
        return float(np.mean(scores)) if scores else 0.0

    @property
    def teacher_best(self) -> int:
        return max((g.meta.score for g in self.solo or self.games), default=0)

    def problem(self) -> str:
        """Why teaching cannot start, in one line for the panel or the terminal; '' when it can."""
        if not enough_games(len(self.games)):
            have = f"{len(self.games)} recorded game{'s' * (len(self.games) != 1)} of {self.player}"
            return f"{have}: record at least {MIN_GAMES} (press F5, then play whole games)"
        return ""


def plan_teaching(
    directory: Path,
    player: str = "human",
    limit: int = MAX_GAMES,
    config: OfflineConfig | None = None,
    start_from: Path | None = None,
) -> TeachPlan:
    """The `limit` most recent whole games that `player` played in `directory` (chosen by header), alone or
    coaching (or in the Minari dataset `minari:ID`). With `start_from` (a student), teaching continues it: its
    network, `ROUND_UPDATES` updates unless `config` says otherwise. A file that cannot be loaded is left out, as
    the window's count leaves it.
    """
    from crossy_desktop.game.core import PROTOCOL
    from crossy_desktop.rl.observation import PIPELINE

    games, files = [], []
    if is_minari(directory):  # `--demos minari:ID`: a Minari dataset's episodes that the player played in
        games = [g for g in load_training_demos(directory, lambda line: None).demos if player in g.meta.controllers]
        games = games[-limit:]
        files = [f"{directory}#{i}" for i in range(len(games))]
    else:
        for path, _ in player_games(directory, player)[-limit:]:
            try:
                games.append(load_demo(path, PROTOCOL.describe(), PIPELINE.name))
                files.append(path.name)
            except DemoFileError:
                continue
    if config is None:
        config = teach_config(updates=ROUND_UPDATES) if start_from is not None else teach_config()
    if start_from is not None:
        config = replace(config, network=student_network(start_from))
    return TeachPlan(player, games, files, config, start_from=start_from)


def student_network(path: Path) -> NetworkSpec:
    """A student's network, from its model file's header: teaching it again needs the very same one. A file
    that is not a student (no teacher in its metadata) is a ValueError, said in one line."""
    from crossy_desktop.storage.model_file import read_model_metadata

    meta = read_model_metadata(path)
    if not isinstance(meta.get("teacher"), dict):
        raise ValueError(f"{path.name} is not a student (no teacher in its metadata): teach one first")
    return NetworkSpec.from_dict(meta["network"])


# Rates for a first estimate: one torch thread beside the window on these 2-core machines on a quiet day
# (bench/bench_teach.py and `crossy teach` alone, 2026-12-01: 8,000 updates and 29 test games in 3.4-3.6 minutes,
# the 16-channel network; 44 updates/s counting the test games). A busy or stalling
# machine takes longer; the panel's live "time left" then follows the measured pace.
UPDATES_PER_S = 60.0
TEST_GAME_S = 3.0


def remaining_test_games(config: OfflineConfig, final_games: int = 5, updates_done: int = 0) -> int:
    """The test games teaching still plays: its evaluations' (none when a lone one chooses nothing), then the
    student's own."""
    tests = config.evaluations_after(updates_done) * config.eval_games if config.tests_choose() else 0
    return tests + final_games


def estimate_seconds(config: OfflineConfig | None = None, final_games: int = 5, updates_done: int = 0) -> float:
    """Wall time still to come: updates left, plus the test games still to play (at the measured rates)."""
    cfg = config or teach_config()
    tests = remaining_test_games(cfg, final_games, updates_done)
    return (cfg.updates - updates_done) / UPDATES_PER_S + tests * TEST_GAME_S


def plan_summary(config: OfflineConfig | None = None) -> list[str]:
    """What teaching will do, in the words of the Teach panel."""
    cfg = config or teach_config()
    first = min(u for u in range(1, cfg.updates + 1) if cfg.evaluates_at(u))
    tests = (
        f"plays {cfg.eval_games} test games every {cfg.eval_every} updates from {first}, keeps its best;"
        if cfg.tests_choose()
        else "then plays its test games;"
    )
    return [
        f"A DQN learns from your moves and the game's points ({cfg.updates} updates),",
        tests,
        "it lands in your models: D watches it, V races it.",
    ]


def teach(
    plan: TeachPlan,
    run_dir: Path,
    out_dir: Path,
    tell: Callable[[TeachEvent], None],
    stop: Callable[[], bool] = lambda: False,
) -> Path | None:
    """Teach, test and save the student into `out_dir`; returns its path (None if cancelled before any test)."""
    import torch

    from crossy_desktop.controllers.dqn import DQNController
    from crossy_desktop.training.offline import OfflineProgress, OfflineTrainer

    if plan.problem():
        raise DemoFileError(plan.problem())
    start = time.perf_counter()
    tell(TeachStarted(len(plan.games), plan.teacher_mean, plan.teacher_best, plan.config.updates,
                      estimate_seconds(plan.config, plan.final_games)))  # fmt: skip
    weights = None
    if plan.start_from is not None:
        from crossy_desktop.rl.agent_file import Backend, load_agent

        weights = load_agent(plan.start_from, backend=Backend.TORCH).network.state_dict()
    trainer = OfflineTrainer(
        plan.config, plan.games, run_dir, tensorboard=False, imitate=plan.player, start_from=weights,
        play_lone_test=False,
    )  # fmt: skip
    whole = estimate_seconds(plan.config, plan.final_games)

    def progress(p: OfflineProgress) -> None:
        left = estimate_seconds(plan.config, plan.final_games, p.updates)
        if p.wall_s > 10:  # scaled by this machine's pace so far against the estimate's
            left *= p.wall_s / max(1.0, whole - left)
        test_score = p.tests[-1][1] if p.tests else None
        tell(TeachProgress(p.updates, p.total, p.agreement, test_score, time.perf_counter() - start, left, p.tests))

    best = trainer.run(progress=False, watch=progress, stop=stop)
    if best is None:
        tell(TeachEnded(cancelled=True, model=None, reason="cancelled before the first test: nothing to keep"))
        return None
    cancelled = stop()
    if cancelled and not math.isnan(trainer.best[0]):
        evaluation = {"mean": trainer.best[0], "episodes": plan.config.eval_games, "seed": plan.config.eval_seed}
    else:
        torch.set_num_threads(plan.config.threads)
        result = evaluate(
            best.name, DQNController(best), plan.final_games, FINAL_TEST_SEED,
            progress=lambda i, score: tell(TeachTesting(i, plan.final_games)),
        )  # fmt: skip
        evaluation = result.to_dict()
    student_round = 1 if plan.start_from is None else read_student_round(plan.start_from) + 1
    path = _save_student(plan, best, out_dir, evaluation, trainer, student_round)
    _tidy(run_dir)
    tell(TeachEnded(cancelled, str(path), student_mean=evaluation["mean"], student_games=evaluation["episodes"],
                    teacher_mean=plan.teacher_mean, games=len(plan.games), elapsed_s=time.perf_counter() - start,
                    curve=list(trainer.tests), round=student_round, corrections=plan.corrections))  # fmt: skip
    return path


def _save_student(
    plan: TeachPlan, best: Path, out_dir: Path, evaluation: dict, trainer: OfflineTrainer, student_round: int
) -> Path:
    """The student under a new name (never over another file), with where it came from in its metadata."""
    from crossy_desktop.storage.model_file import load_model_file, save_model_file

    tensors, metadata = load_model_file(best)
    now = dt.datetime.now()
    metadata |= {
        "title": f"{plan.player}'s student, {now:%d %b %H:%M}",
        "evaluation": evaluation,
        "training_updates": int(trainer.learner.updates),
        "reaction_lag": trainer.reaction_lag,  # the decisions by which the labels were shifted (fitted or given)
        "teacher": {"player": plan.player, "games": len(plan.games), "mean": round(plan.teacher_mean, 3),
                    "best": plan.teacher_best, "files": plan.files},
        "config": asdict(plan.config),
    }  # fmt: skip
    stem = f"student-of-{slug(plan.player)}-{now:%Y%m%d-%H%M%S}"  # the name as given is in the metadata
    if plan.start_from is not None:  # a round of teaching again: the first student's name, its round after
        metadata["round"] = student_round
        metadata |= {"parent": plan.start_from.name, "corrections": plan.corrections}
        stem = f"{_ROUND.sub('', plan.start_from.name.removesuffix('.safetensors'))}-r{metadata['round']}"
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_new(numbered(out_dir, stem, ".safetensors"), lambda tmp: save_model_file(tmp, tensors, metadata))


_ROUND = re.compile(r"-r\d+(-\d+)?$")  # "-r2", and "-r2-2" when a second student of the same round was named


def read_student_round(path: Path) -> int:
    """Which round of teaching made this student: 1 for one taught from scratch."""
    from crossy_desktop.storage.model_file import read_model_metadata

    return int(read_model_metadata(path).get("round", 1))


def _tidy(run_dir: Path) -> None:
    """Drop the run's intermediate models (2 MB each): its metrics, config and best.safetensors stay."""
    shutil.rmtree(run_dir / "models", ignore_errors=True)


def tidy_dead_runs(teaching_root: Path) -> int:
    """Tidy the teaching runs that were killed before their end (their intermediate models were never
    dropped), leaving each one's best.safetensors and metrics; a run still held by its process is left
    alone. Returns how many were tidied."""
    from crossy_desktop.storage.folder_lock import is_held

    tidied = 0
    for models in sorted(Path(teaching_root).glob("*/models")):
        if models.is_dir() and not is_held(models.parent):
            _tidy(models.parent)
            tidied += 1
    return tidied
