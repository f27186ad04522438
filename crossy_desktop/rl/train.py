"""`crossy train`: online DQN training against the emulator, with checkpoints and resume.

The loop reads top to bottom as in CleanRL: act epsilon-greedily, store the transition, every
`update_every` decisions sample a batch and take one learner step. A run directory holds config.json,
metrics.csv (one row per game), learning_curve.png, model files, and the latest full checkpoint
(learner, replay memory, random generators) that `--resume` continues from exactly.

With `demo_dir` set (`crossy train --demos DIR`), the recorded games sit in a second replay memory that
is never overwritten, as in DQfD: the learner first takes `demo_pretrain_updates` steps on them alone, then
every batch mixes `demo_fraction` demonstration rows (with the large-margin loss) into online rows.

Checkpoints are taken between games (every game is 2048 decisions), and a run ends with the game in
which it reaches `total_decisions`: ALE snapshots do not carry the sticky-action memory, so only a game
boundary can be resumed bit for bit.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from crossy_desktop.rl.agent import save_agent
from crossy_desktop.rl.env import DecisionEnv
from crossy_desktop.rl.learner import DQNLearner, LearnerConfig
from crossy_desktop.rl.network import NetworkSpec, QNetwork
from crossy_desktop.rl.plots import plot_learning_curve
from crossy_desktop.rl.replay import Batch, ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig, RewardMode
from crossy_desktop.storage.atomic import write_text
from crossy_desktop.storage.metrics_csv import append_row


@dataclass
class TrainConfig:
    total_decisions: int = 600_000
    seed: int = 1
    # replay and returns
    buffer_capacity: int = 300_000
    batch_size: int = 32
    n_step: int = 3
    gamma: float = 0.99
    # acting
    learning_starts: int = 10_000
    update_every: int = 4  # decisions per gradient update
    epsilon_start: float = 1.0
    epsilon_end: float = 0.01
    epsilon_decay_decisions: int = 100_000
    # reward (see rewards.py); evaluation always uses the raw score
    reward: str = RewardMode.HEIGHT_SHAPING.value
    step_penalty: float = 0.05
    # demonstrations (DQfD): kept in their own replay memory for the whole run
    demo_dir: str | None = None
    demo_fraction: float = 0.25  # share of each batch drawn from the demonstrations
    demo_pretrain_updates: int = 5_000  # updates on demonstrations alone before the first decision
    learner: LearnerConfig = field(default_factory=LearnerConfig)
    network: NetworkSpec = field(default_factory=NetworkSpec)
    # bookkeeping
    checkpoint_every: int = 25_000
    device: str = "cpu"
    threads: int = 2

    def epsilon(self, decisions: int) -> float:
        frac = min(1.0, decisions / max(1, self.epsilon_decay_decisions))
        return self.epsilon_start + frac * (self.epsilon_end - self.epsilon_start)

    def reward_config(self) -> RewardConfig:
        return RewardConfig(RewardMode(self.reward), self.step_penalty, self.gamma)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        d = dict(d)
        d["learner"] = LearnerConfig(**d.get("learner", {}))
        d["network"] = NetworkSpec(**d.get("network", {}))
        return cls(**d)


METRIC_FIELDS = ["game", "decisions", "score", "train_return", "epsilon", "loss", "q_mean", "decisions_per_s", "wall_s"]


@dataclass
class LoopState:
    """Everything the loop carries between decisions, saved in a checkpoint."""

    decisions: int = 0
    games: int = 0
    game_score: float = 0.0
    game_return: float = 0.0
    first: bool = True  # the next decision starts a game
    last_checkpoint: int = 0
    wall_s: float = 0.0
    last_score: int | None = None


class Trainer:
    def __init__(self, config: TrainConfig, run_dir: Path) -> None:
        self.config = config
        self.run_dir = Path(run_dir)
        torch.set_num_threads(config.threads)
        torch.manual_seed(config.seed)
        self.rng = np.random.default_rng(config.seed)
        self.env = DecisionEnv(reward=config.reward_config())
        self.replay = ReplayBuffer(config.buffer_capacity, n_step=config.n_step, gamma=config.gamma)
        self.learner = DQNLearner(QNetwork(config.network), config.learner, torch.device(config.device))
        self.demos = self._load_demos() if config.demo_dir else None
        self.state = LoopState()
        self.obs = self.env.reset(self._game_seed(0))
        self.recent_loss: list[float] = []
        self.recent_q: list[float] = []
        self._clock = (time.perf_counter(), 0, 0.0)  # (start time, decisions then, wall_s then) for rates

    def _load_demos(self) -> ReplayBuffer:
        from crossy_desktop.rl.demonstrations import fill_replay, load_training_demos

        found = load_training_demos(Path(self.config.demo_dir), tqdm.write)
        buffer = ReplayBuffer(found.decisions, n_step=self.config.n_step, gamma=self.config.gamma, demonstrations=True)
        fill_replay(buffer, found.demos, self.config.reward_config())
        return buffer

    def _batch(self) -> Batch:
        """An online batch, or with demonstrations a mixed one whose demonstration rows carry the margin loss."""
        cfg = self.config
        if self.demos is None:
            return self.replay.sample(cfg.batch_size, self.rng)
        n_demo = round(cfg.batch_size * cfg.demo_fraction)
        online = self.replay.sample(cfg.batch_size - n_demo, self.rng)
        return Batch.concat([online, self.demos.sample(n_demo, self.rng)])

    def pretrain(self) -> None:
        """DQfD's pre-training phase: learn from the demonstrations before playing."""
        assert self.demos is not None
        for _ in range(self.config.demo_pretrain_updates):
            self.learner.update(self.demos.sample(self.config.batch_size, self.rng))

    def _game_seed(self, game: int) -> int:
        return self.config.seed * 100_003 + game

    # -- the loop -----------------------------------------------------------------------------
    def run(self, progress: bool = True) -> None:
        """Train until the game in which `total_decisions` is reached ends, checkpointing between games."""
        cfg, st = self.config, self.state
        self.run_dir.mkdir(parents=True, exist_ok=True)
        write_text(self.run_dir / "config.json", json.dumps(asdict(cfg), indent=2))
        bar = tqdm(total=cfg.total_decisions, initial=st.decisions, disable=not progress, unit="dec", smoothing=0.05)
        if self.demos is not None and st.decisions == 0 and self.learner.updates == 0:
            tqdm.write(f"pre-training on demonstrations: {cfg.demo_pretrain_updates} updates")
            self.pretrain()
        self._clock = (time.perf_counter(), st.decisions, st.wall_s)
        while not (st.first and st.decisions >= cfg.total_decisions):
            game_over = self.step()
            bar.update(1)
            if game_over:
                bar.set_postfix(
                    dec_s=f"{self._rate():.0f}", score=st.last_score, eps=f"{cfg.epsilon(st.decisions):.3f}"
                )
                due = st.decisions // cfg.checkpoint_every > st.last_checkpoint // cfg.checkpoint_every
                if due or st.decisions >= cfg.total_decisions:
                    self.checkpoint()
        bar.close()

    def step(self) -> bool:
        """One decision: act epsilon-greedily, store it, learn every `update_every`. True when a game ended."""
        cfg, st = self.config, self.state
        epsilon = cfg.epsilon(st.decisions)
        if self.rng.random() < epsilon:
            action = int(self.rng.integers(0, cfg.network.n_actions))
        else:
            action = int(self.learner.q_values(self.obs).argmax())
        frame_before = self.env.frames.latest.copy()
        step = self.env.step(action)
        self.replay.add(frame_before, action, step.reward, step.done, st.first)
        st.first = False
        st.decisions += 1
        st.game_score += step.raw_reward
        st.game_return += step.reward
        self.obs = step.observation

        if st.decisions >= cfg.learning_starts and st.decisions % cfg.update_every == 0:
            info = self.learner.update(self._batch())
            self.recent_loss.append(info["loss"])
            self.recent_q.append(info["q_mean"])

        started, _, wall_before = self._clock
        st.wall_s = wall_before + time.perf_counter() - started
        if step.done:
            self._end_game(epsilon, self._rate())
        return step.done

    def _rate(self) -> float:
        started, start_decisions, _ = self._clock
        return (self.state.decisions - start_decisions) / max(1e-9, time.perf_counter() - started)

    def _end_game(self, epsilon: float, rate: float) -> None:
        st = self.state
        row = {
            "game": st.games,
            "decisions": st.decisions,
            "score": int(st.game_score),
            "train_return": round(st.game_return, 4),
            "epsilon": round(epsilon, 4),
            "loss": round(float(np.mean(self.recent_loss)), 6) if self.recent_loss else "",
            "q_mean": round(float(np.mean(self.recent_q)), 4) if self.recent_q else "",
            "decisions_per_s": round(rate, 1),
            "wall_s": round(st.wall_s, 1),
        }
        append_row(self.run_dir / "metrics.csv", METRIC_FIELDS, row)
        st.last_score = int(st.game_score)
        st.games += 1
        st.game_score = st.game_return = 0.0
        st.first = True
        self.recent_loss.clear()
        self.recent_q.clear()
        self.obs = self.env.reset(self._game_seed(st.games))

    # -- checkpoints ----------------------------------------------------------------------------
    def checkpoint(self) -> None:
        """Write a complete checkpoint into a fresh folder, then swap it in; a kill leaves the old one."""
        st = self.state
        st.last_checkpoint = st.decisions
        save_agent(self.run_dir / "models" / f"model_{st.decisions:08d}.safetensors", self.learner.online, st.decisions)
        tmp = self.run_dir / ".checkpoint.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        torch.save(self.learner.state_dict(), tmp / "learner.pt")
        self.replay.save(tmp / "replay.npz")
        loop = {
            **asdict(st),
            "rng": self.rng.bit_generator.state,
            "recent_loss": self.recent_loss,
            "recent_q": self.recent_q,
        }
        write_text(tmp / "loop.json", json.dumps(loop))
        final = self.run_dir / "checkpoint"
        old = self.run_dir / ".checkpoint.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        if (self.run_dir / "metrics.csv").exists():
            plot_learning_curve(self.run_dir / "metrics.csv", self.run_dir / "learning_curve.png")

    @classmethod
    def resume(cls, run_dir: Path) -> Trainer:
        run_dir = Path(run_dir)
        ckpt = run_dir / "checkpoint"
        if not ckpt.is_dir() and (run_dir / ".checkpoint.old").is_dir():
            ckpt = run_dir / ".checkpoint.old"  # killed while swapping checkpoints
        if not ckpt.is_dir():
            raise FileNotFoundError(f"{run_dir}: no checkpoint to resume from")
        config = TrainConfig.from_dict(json.loads((run_dir / "config.json").read_text()))
        trainer = cls(config, run_dir)
        trainer.learner.load_state_dict(torch.load(ckpt / "learner.pt", weights_only=True))
        trainer.replay = ReplayBuffer.load(ckpt / "replay.npz")
        loop = json.loads((ckpt / "loop.json").read_text())
        trainer.rng.bit_generator.state = loop.pop("rng")
        trainer.recent_loss, trainer.recent_q = loop.pop("recent_loss"), loop.pop("recent_q")
        trainer.state = LoopState(**loop)
        trainer.obs = trainer.env.reset(trainer._game_seed(trainer.state.games))
        # metrics.csv rows written after the checkpoint belong to the lost future: drop them.
        metrics = run_dir / "metrics.csv"
        if metrics.exists():
            with open(metrics, newline="") as f:
                rows = list(csv.DictReader(f))
            kept = [r for r in rows if int(r["decisions"]) <= trainer.state.decisions]
            if len(kept) != len(rows):
                with open(metrics, "w", newline="") as f:
                    writer = csv.DictWriter(f, fieldnames=METRIC_FIELDS)
                    writer.writeheader()
                    writer.writerows(kept)
        return trainer


def new_run_dir(root: Path = Path("runs")) -> Path:
    return Path(root) / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
