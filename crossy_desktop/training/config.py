"""The trainers' settings, as plain data: importable without torch, so the command line can list them all.

Every field is a hyperparameter with its help text (config_fields.hp); `crossy train --help` and
`crossy train-offline --help` show them, and each run writes its config to config.json.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Self

from crossy_desktop.config_fields import hp
from crossy_desktop.rl.learner_config import LearnerConfig
from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.rl.rewards import RewardConfig, RewardMode

FIT_LAG = -1  # OfflineConfig.reaction_lag: read the player's lag off their games (training/reaction_lag.py)


class Device(StrEnum):
    CPU = "cpu"
    CUDA = "cuda"


class Algorithm(StrEnum):
    """How `crossy train` learns from its games."""

    DQN = "dqn"  # replay memory and a target network (training/online.py)
    PQN = "pqn"  # short rollouts of all the games, Q(lambda), no replay, no target (training/pqn.py)


class GameStarts(StrEnum):
    """When the games played side by side (`envs`) start. Freeway's traffic is the same in every game, a function
    of the time since its start (bench/traffic_sync.py), so games started together see one stretch of road."""

    TOGETHER = "together"  # all at once: they end together, and a checkpoint between games resumes bit for bit
    STAGGERED = "staggered"  # game i of N begins i/N of a game into its first game: N stretches of road at once


@dataclass
class LearningConfig:
    """What both trainers share, stated once: the seed, the batches and returns, the reward, the learner and the
    network (their defaults are LearnerConfig's and NetworkSpec's), and where the work runs."""

    seed: int = hp(
        1, "training seed: network and batch sampling (online: exploration and training games too)", range="seed"
    )
    batch_size: int = hp(32, "transitions per gradient update")
    n_step: int = hp(3, "decisions summed into each return before bootstrapping")
    gamma: float = hp(0.99, "discount per decision", range="fraction")
    # reward (see rewards.py; offline, recomputed from the recorded heights); evaluation always uses the raw score
    reward: RewardMode = hp(RewardMode.HEIGHT_SHAPING, "training reward (evaluation always reports the raw score)")
    learner: LearnerConfig = hp(factory=LearnerConfig)
    network: NetworkSpec = hp(factory=NetworkSpec)
    device: Device = hp(Device.CPU, "torch device")
    threads: int = hp(2, "torch CPU threads")

    def __post_init__(self) -> None:
        self.reward = RewardMode(self.reward)
        self.device = Device(self.device)

    @classmethod
    def from_dict(cls, d: dict) -> Self:
        """From config.json; unknown keys are an error (ValueError), not silently dropped."""
        unknown = set(d) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"config.json: unknown settings {sorted(unknown)}")
        d = dict(d)
        d["learner"] = LearnerConfig(**d.get("learner", {}))
        d["network"] = NetworkSpec.from_dict(d.get("network", {}))
        return cls(**d)


@dataclass
class TrainConfig(LearningConfig):
    """`crossy train`: online DQN against the emulator (training/online.py)."""

    algorithm: Algorithm = hp(Algorithm.DQN, "dqn (replay memory, target network) or pqn (no replay: rollouts of "
                              "--envs games, Q(lambda) returns, a LayerNorm'd network)")  # fmt: skip
    total_decisions: int = hp(600_000, "decisions to train for (the run ends with the game that reaches it)")
    wall_minutes: float = hp(
        0.0, "training wall time to stop after, at the next game's end (0: no limit)", range="non-negative"
    )
    # replay
    buffer_capacity: int = hp(300_000, "replay memory size, in decisions")
    # acting
    learning_starts: int = hp(10_000, "decisions played before the first update", range="non-negative")
    update_every: int = hp(4, "decisions per gradient update")
    envs: int = hp(
        1, "games played side by side, one emulator each, their decisions chosen in one forward pass (each keeps "
        "its own replay memory, a share of buffer_capacity)",
    )  # fmt: skip
    game_starts: GameStarts = hp(
        GameStarts.TOGETHER, "together, or staggered: game i of --envs N starts i/N of a game later (its first game "
        "is begun by the policy, unlearned), so the games see N stretches of traffic, not one; a staggered run "
        "resumes with fresh games beside the first",
    )  # fmt: skip
    # PQN (Gallici et al. 2024, rl/pqn.py): CleanRL's pqn_atari recipe has 128 games, 32-decision rollouts, 2
    # epochs of 32 minibatches (128 rows each) and lambda 0.65; here fewer games, minibatches of the same size
    rollout_decisions: int = hp(32, "PQN: decisions of each game per rollout (divides a game's 2,048)")
    pqn_epochs: int = hp(2, "PQN: passes over each rollout")
    pqn_minibatches: int = hp(8, "PQN: minibatches a pass (rollout_decisions x envs rows shared among them)")
    q_lambda: float = hp(0.65, "PQN: lambda of the Q(lambda) returns (0: one-step targets)", range="fraction")
    epsilon_start: float = hp(1.0, "exploration rate at the start", range="fraction")
    epsilon_end: float = hp(0.01, "exploration rate after the decay", range="fraction")
    epsilon_decay_decisions: int = hp(100_000, "decisions over which epsilon falls linearly")
    step_penalty: float = hp(0.05, "per-decision penalty of the step-penalty reward")
    # demonstrations (DQfD): the run starts from a student taught on them as the window's Teach panel teaches
    # (training/teach.py: offline DQfD, 10-step returns, standardised input), then keeps them in their own replay
    # memory for the whole run and explores at epsilon_end from the first decision, as DQfD does
    demo_dir: str | None = hp(None, "folder of recorded games kept in replay (DQfD)", cli=False)
    demo_fraction: float = hp(0.25, "share of each batch drawn from the demonstrations", range="fraction")
    demo_pretrain_updates: int = hp(
        8_000, "updates teaching the starting student on the demonstrations alone", range="non-negative"
    )
    # the one learner setting online training states apart: margin_weight only acts with --demos, and at DQfD's
    # 1.0 the online phase eroded the taught student (31.53 -> 29.60, seed 1); at 0.01 it held (seed 1: 31.83 at
    # 30 min; seed 2: 31.47 -> 31.33 at 252k decisions)
    learner: LearnerConfig = hp(factory=lambda: LearnerConfig(margin_weight=0.01))
    # an optional late fall of the learning rate; off: from seed 2's 29-minute checkpoint it gave 31.90 against
    # 31.93 at the constant rate (bench/results/seed2-lrdecay-from-475k/)
    lr_decay_start: float = hp(
        1.0, "share of the budget after which the learning rate falls linearly (1: never)", range="fraction"
    )
    lr_end_fraction: float = hp(
        1.0, "learning rate at the end of the budget, as a share of the initial one", range="fraction"
    )
    # greedy test games during training: the curve of test score against wall time (tests.csv)
    test_every: int = hp(50_000, "decisions between greedy test games (taken at the next game's end; 0: none)",
                         range="non-negative")  # fmt: skip
    test_games: int = hp(3, "greedy games per test")
    test_seed: int = hp(
        60_000, "test games use seeds test_seed.. (away from training games and the usual test seeds 0-29)",
        range="seed",
    )  # fmt: skip
    # bookkeeping
    # by wall time: a checkpoint holds the whole replay memory (2.1 GB at 300k decisions), 9 s a time on
    # 2026-12-03; every 25k decisions, as before, 24 of them took 5.9% of an --envs 8 run's hour
    checkpoint_minutes: float = hp(
        5.0, "wall minutes between checkpoints, taken at the next game's end (0: none by time)", range="non-negative"
    )
    checkpoint_every: int = hp(
        0, "decisions between checkpoints, taken at the next game's end (0: none by decisions)", range="non-negative"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        self.algorithm = Algorithm(self.algorithm)
        self.game_starts = GameStarts(self.game_starts)
        if self.algorithm is Algorithm.PQN and not self.network.layer_norm:
            # bootstrapping from the network being trained, with no target network: LayerNorm keeps it stable
            self.network = replace(self.network, layer_norm=True)
        if self.demo_dir and not self.network.input_norm:
            # the student taught on the demonstrations standardises its input with their statistics
            self.network = replace(self.network, input_norm=True)

    def epsilon(self, decisions: int) -> float:
        if self.demo_dir:  # a taught student needs no random start
            return self.epsilon_end
        frac = min(1.0, decisions / max(1, self.epsilon_decay_decisions))
        return self.epsilon_start + frac * (self.epsilon_end - self.epsilon_start)

    def budget_progress(self, decisions: int, wall_s: float) -> float:
        """How much of the budget is used, 0 to 1: decisions or wall time, whichever runs out first."""
        progress = decisions / max(1, self.total_decisions)
        if self.wall_minutes > 0:
            progress = max(progress, wall_s / (self.wall_minutes * 60))
        return min(1.0, progress)

    def learning_rate(self, decisions: int, wall_s: float) -> float:
        """Constant until `lr_decay_start` of the budget, then linear down to `lr_end_fraction` of it."""
        initial = self.learner.learning_rate
        progress = self.budget_progress(decisions, wall_s)
        if progress <= self.lr_decay_start:
            return initial
        falling = (progress - self.lr_decay_start) / (1.0 - self.lr_decay_start)
        return initial * (1.0 + falling * (self.lr_end_fraction - 1.0))

    def budget_spent(self, decisions: int, wall_s: float) -> bool:
        """True once the run has played its decisions or used its wall time (a sweep's budget per trial)."""
        return decisions >= self.total_decisions or 0 < self.wall_minutes * 60 <= wall_s

    def reward_config(self) -> RewardConfig:
        return RewardConfig(self.reward, self.step_penalty, self.gamma)


@dataclass
class OfflineConfig(LearningConfig):
    """`crossy train-offline` and the window's teaching (training/teach.py adds one torch thread): DQfD on
    recorded games. Its differences from online training, stated once: DQfD's 10-step returns, a standardised
    input, a target copied every 1,000 updates, no Double DQN, 8,000 updates of the 16-channel network, tested
    from 2,000 updates on (the 1,000-update model never scored best). Half the updates at twice the learning
    rate teach in half the time but less well (bench/bench_recipes.py, 2026-12-02, 10 simulated-human games,
    seeds 1-3: 31.57, 30.27, 30.60, against 31.23 and 31.47 for this recipe on seeds 1 and 2; results in
    bench/results/bench_recipes.txt): below teacher + 2 on one seed, which this recipe meets on every seed."""

    updates: int = hp(8_000, "gradient updates")
    n_step: int = hp(10, "DQfD's n: real returns over this many decisions")
    learner: LearnerConfig = hp(factory=lambda: LearnerConfig(target_period=1000, double_dqn=False))
    network: NetworkSpec = hp(factory=lambda: NetworkSpec(input_norm=True))
    reaction_lag: int = hp(
        0, f"imitate on each row the action taken this many decisions later ({FIT_LAG}: fit it to the player's games, "
        "training/reaction_lag.py; 0: as taken)", range="lag",
    )  # fmt: skip
    # weighting a coach's corrections up, as issue 29 proposed, measured worse: bench/bench_coach.py, 2 seeds, a round
    # at a quarter of each batch 27.50, 30.07 against 30.53, 29.90 drawn uniformly (bench/results/bench_coach_2.txt);
    # again with the corrected simulated coach: 29.00, 27.37 against 30.50, 28.93 (bench_coach_5.txt)
    correction_share: float = hp(
        0.0, "share of each batch drawn from a coach's corrections alone, when there are any (0: drawn with every "
        "other decision, about 8 in 100 rows for 2 coached games beside 3 recorded ones)", range="fraction",
    )  # fmt: skip
    eval_every: int = hp(1_000, "updates between evaluations (each saves a model)")
    eval_from: int = hp(
        1_000, "updates before evaluations begin (early models never scored best: their test games are time lost)",
        range="non-negative",
    )  # fmt: skip
    eval_games: int = hp(3, "greedy games per evaluation")
    eval_seed: int = hp(
        50_000, "evaluation games use seeds eval_seed.. (away from the usual test seeds 0-29)", range="seed"
    )

    def evaluates_at(self, update: int) -> bool:
        """Whether the trainer tests (and saves) the model after this update: every `eval_every` once past
        `eval_from`, and always after the last one."""
        return update == self.updates or (update % self.eval_every == 0 and update > self.eval_from)

    def evaluations_after(self, done: int) -> int:
        """How many evaluations are still to come once `done` updates are behind."""
        return sum(self.evaluates_at(u) for u in range(done + 1, self.updates + 1))

    def tests_choose(self) -> bool:
        """Whether the evaluations choose a model: a run with one, after its last update (a short round of
        teaching), has nothing to choose between."""
        return self.evaluations_after(0) > 1
