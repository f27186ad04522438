"""`crossy train`: online DQN training against the emulator, with checkpoints and resume.

The loop reads top to bottom as in CleanRL: the `GameLoop` (play/loop.py, the one the window uses) asks
the epsilon-greedy policy for an action and plays the decision, the transition goes into replay memory,
and every `update_every` decisions the learner takes one step on a sampled batch. A run folder
(training/run_folder.py) holds config.json, metrics.csv (one row per game), learning_curve.png, model
files, and the latest full checkpoint (learner, replay memory, loop state, random generator) that
`--resume` continues from exactly.

With `demo_dir` set (`crossy train --demos DIR`), the run starts from a student taught on the recorded
games exactly as the window's Teach panel teaches (training/teach.py: offline DQfD with 10-step returns and
input standardised with the games' statistics; its best model after `demo_pretrain_updates` updates), and
explores at `epsilon_end` from the first decision. The games then sit in a second replay memory that is never
overwritten, as in DQfD: every batch mixes `demo_fraction` demonstration rows (with the large-margin loss)
into online rows. (Pre-training with the online recipe instead, 3-step returns on raw pixels, held the greedy
policy at always-UP for 20 minutes: bench/results/c16-h256-lr25-demos10-seed1/.)

Every `test_every` decisions (at the next game's end, and when the run ends) the greedy policy plays
`test_games` games on seeds away from training and from the usual test seeds; tests.csv gets the mean
score against decisions and wall time (the time to score), and the tested model is kept.

Checkpoints are taken between games (every game is 2048 decisions): every `checkpoint_minutes` of wall time
(or `checkpoint_every` decisions) and at the end. A run ends with the game in which it reaches
`total_decisions` (or its wall time): ALE snapshots do not carry the sticky-action memory, so only a game
boundary can be resumed bit for bit.

With `game_starts` staggered, game i of N begins i/N of a game into its first game (the policy plays that
part at the run's first step, inside its clock, and nothing learns from it), so the games end apart; "between
games" is then at the end of the first emulator's game, and a checkpoint there resumes with fresh games in the
others (their games in play are lost).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.game.core import DECISIONS_PER_GAME, RAM_CHICKEN_Y
from crossy_desktop.play.loop import DecisionStep, GameLoop
from crossy_desktop.rl.agent_file import Backend, load_agent, save_agent
from crossy_desktop.rl.demo_replay import fill_replay, load_training_demos
from crossy_desktop.rl.learner import Learner
from crossy_desktop.rl.replay import Batch, ReplayBuffer
from crossy_desktop.storage.demo_file import Demonstration
from crossy_desktop.training.config import GameStarts, TrainConfig
from crossy_desktop.training.offline import OfflineTrainer
from crossy_desktop.training.plots import plot_learning_curve
from crossy_desktop.training.run_folder import RunFolder
from crossy_desktop.training.teach import teach_config
from crossy_desktop.training.trainer_base import Greedy, TrainerBase

METRIC_FIELDS = ["game", "decisions", "score", "train_return", "epsilon", "loss", "q_mean", "decisions_per_s", "wall_s"]
TEST_FIELDS = ["decisions", "wall_s", "test_mean", "test_std", "test_min", "test_max", "games", "test_s", "model"]


@dataclass
class LoopState:
    """Everything the loop carries between decisions, saved in a checkpoint."""

    decisions: int = 0  # over all the run's games together
    games: int = 0
    game_score: list[float] = field(default_factory=lambda: [0.0])  # each game in play's, one per emulator
    game_return: list[float] = field(default_factory=lambda: [0.0])
    first: bool = True  # the next decision starts the first emulator's game (all games last 2,048 decisions)
    last_checkpoint: int = 0
    last_checkpoint_wall_s: float = 0.0
    last_test: int = 0
    wall_s: float = 0.0
    last_score: int | None = None

    def state_dict(self) -> dict:
        return asdict(self)

    def load_state_dict(self, state: dict) -> None:
        for name, value in state.items():
            setattr(
                self, name, [value] if name in ("game_score", "game_return") and not isinstance(value, list) else value
            )  # fmt: skip  (a checkpoint from before `envs` held one game's figures)


class EpsilonGreedy(Greedy):
    """The training policy, as a controller the game loop asks: random with probability epsilon, else greedy.
    `act_all` chooses for several games at once, one forward pass for all the greedy ones."""

    name = "dqn-training"

    def __init__(self, learner: Learner, rng: np.random.Generator, n_actions: int) -> None:
        super().__init__(learner)
        self.rng = rng
        self.n_actions = n_actions
        self.epsilon = 1.0

    def act(self, decision: DecisionInput) -> int:
        return self.act_all([decision])[0]

    def act_all(self, decisions: list[DecisionInput]) -> list[int]:
        """One action per game, the random draws made game by game in order (so one game draws as `act` does)."""
        actions = [int(self.rng.integers(0, self.n_actions)) if self.rng.random() < self.epsilon else -1
                   for _ in decisions]  # fmt: skip
        greedy = [i for i, a in enumerate(actions) if a < 0]
        if greedy:
            chosen = self.learner.greedy_actions(np.stack([decisions[i].observation for i in greedy]))
            for i, action in zip(greedy, chosen, strict=True):
                actions[i] = int(action)
        return actions


class Trainer(TrainerBase):
    config: TrainConfig

    def __init__(self, config: TrainConfig, run_dir: Path) -> None:
        super().__init__(config)
        self.folder = RunFolder(run_dir, METRIC_FIELDS, TEST_FIELDS)
        self.reward = config.reward_config()
        self.replays = self.make_replays()
        self.learner = self.make_learner()
        self.policy = EpsilonGreedy(self.learner, self.rng, config.network.n_actions)
        self.loops = [GameLoop(self.policy) for _ in range(config.envs)]
        loading = time.perf_counter()
        self.demo_games: list[Demonstration] = []  # what the starting student is taught on (until it is)
        self.demos = self._load_demos() if config.demo_dir else None
        self._demo_load_s = time.perf_counter() - loading  # part of the run's wall time (the time to score)
        self.state = LoopState(game_score=[0.0] * config.envs, game_return=[0.0] * config.envs)
        self.starting = [True] * config.envs  # each emulator's next decision starts its game
        self._reset_games()
        self.recent_loss: list[float] = []
        self.recent_q: list[float] = []
        self._clock = (time.perf_counter(), 0, 0.0)  # (start time, decisions then, wall_s then) for rates
        self.test_listeners: list[Callable[[dict], None]] = []  # called with each tests.csv row (a sweep reports it)

    def make_replays(self) -> list[ReplayBuffer]:
        """One emulator, and one replay memory holding its games in order, per game played side by side."""
        cfg = self.config
        return [ReplayBuffer(cfg.buffer_capacity // cfg.envs, n_step=cfg.n_step, gamma=cfg.gamma)
                for _ in range(cfg.envs)]  # fmt: skip

    @property
    def run_dir(self) -> Path:
        return self.folder.path

    def _load_demos(self) -> ReplayBuffer:
        found = load_training_demos(Path(self.config.demo_dir), tqdm.write)
        buffer = ReplayBuffer(found.decisions, n_step=self.config.n_step, gamma=self.config.gamma, demonstrations=True)
        fill_replay(buffer, found.demos, self.reward)
        self.demo_games = found.demos
        return buffer

    def _batch(self) -> Batch:
        """An online batch, or with demonstrations a mixed one whose demonstration rows carry the margin loss."""
        cfg = self.config
        n_demo = 0 if self.demos is None else round(cfg.batch_size * cfg.demo_fraction)
        n_online = cfg.batch_size - n_demo
        parts = [  # the online rows shared out among the emulators' memories, the first ones taking any remainder
            replay.sample(n_online // cfg.envs + (i < n_online % cfg.envs), self.rng)
            for i, replay in enumerate(self.replays)
        ]
        if self.demos is not None:
            parts.append(self.demos.sample(n_demo, self.rng))
        return parts[0] if len(parts) == 1 else Batch.concat(parts)

    def pretrain(self) -> None:
        """Teach the starting student on the demonstrations (the Teach panel's recipe, this run's network, seed
        and threads; its test games are the run's `test_games` on its own seeds); both networks take its best
        weights. Its models and metrics stay in the run folder's pretrain/. With no teaching updates the run
        starts untaught, but with the demonstrations' input statistics, as the student would have them."""
        cfg = self.config
        if cfg.demo_pretrain_updates > 0:
            teaching = teach_config(
                updates=cfg.demo_pretrain_updates, eval_games=max(1, cfg.test_games), seed=cfg.seed,
                network=cfg.network, device=cfg.device, threads=cfg.threads,
            )  # fmt: skip
            student = OfflineTrainer(teaching, self.demo_games, self.run_dir / "pretrain", tensorboard=False)
            best = student.run(progress=False)  # never None: without a stop the last update is evaluated
            assert best is not None
            weights = load_agent(best, backend=Backend.TORCH).network.state_dict()
        else:
            self.learner.online.fit_input_norm([d.frames for d in self.demo_games])
            weights = self.learner.online.state_dict()
        self.learner.start_from(weights)
        self.demo_games = []  # in the replay memory now; the list's copy is not needed again

    def _game_seed(self, game: int) -> int:
        return self.config.seed * 100_003 + game

    # -- the loop -----------------------------------------------------------------------------
    def run(self, progress: bool = True) -> None:
        """Train until the game in which `total_decisions` is reached ends, checkpointing between games."""
        cfg, st = self.config, self.state
        self.folder.write_config(asdict(cfg))
        bar = tqdm(total=cfg.total_decisions, initial=st.decisions, disable=not progress, unit="dec", smoothing=0.05)
        if self.demos is not None and st.decisions == 0 and self.learner.updates == 0:
            tqdm.write(f"teaching the starting student on the demonstrations: {cfg.demo_pretrain_updates} updates")
            started = time.perf_counter()
            self.pretrain()
            st.wall_s += self._demo_load_s + time.perf_counter() - started  # demonstrations cost time to score too
            self.test()  # the taught student's score, at the time it took
        self._clock = (time.perf_counter(), st.decisions, st.wall_s)
        while not (st.first and cfg.budget_spent(st.decisions, st.wall_s)):
            game_over = self.step()
            bar.update(cfg.envs)
            if game_over:
                bar.set_postfix(
                    dec_s=f"{self._rate():.0f}", score=st.last_score, eps=f"{cfg.epsilon(st.decisions):.3f}"
                )
                last = cfg.budget_spent(st.decisions, st.wall_s)
                if last or _crossed(cfg.test_every, st.last_test, st.decisions):
                    self.test()
                if last or self._checkpoint_due():
                    self.checkpoint()
        bar.close()
        self.folder.close()

    def step(self) -> bool:
        """One decision in each game: act epsilon-greedily (one forward pass for all), remember them, learn as
        due (`learn`: for DQN once every `update_every` decisions). True when the first emulator's game ended
        (with games started together, every game)."""
        cfg, st = self.config, self.state
        self.policy.epsilon = epsilon = cfg.epsilon(st.decisions)
        if self._starts_due:
            self._play_starts()
        inputs = [loop.begin_decision() for loop in self.loops]
        actions = self.policy.act_all(inputs)
        decisions, rewards = zip(*(self._finish(i, action) for i, action in enumerate(actions)), strict=True)
        over = [decision.game_over for decision in decisions]
        if cfg.game_starts is GameStarts.TOGETHER and any(over) and not all(over):
            raise RuntimeError("the games played side by side ended apart: a game is no longer 2,048 decisions")
        self.remember(inputs, list(decisions), list(rewards))
        st.first, self.starting = False, [False] * len(self.loops)
        before, st.decisions = st.decisions, st.decisions + cfg.envs
        self.learn(before)

        started, _, wall_before = self._clock
        st.wall_s = wall_before + time.perf_counter() - started
        rate = self._rate()
        for i in (i for i, game_over in enumerate(over) if game_over):
            self._end_game(i, epsilon, rate)
        if over[0]:
            st.first = True
            self.recent_loss.clear()
            self.recent_q.clear()
        return over[0]

    def _finish(self, i: int, action: int) -> tuple[DecisionStep, float]:
        """The second half of emulator i's decision, its score and shaped reward counted into its game."""
        loop, st = self.loops[i], self.state
        decision = loop.finish_decision(action)
        height = int(decision.ram[RAM_CHICKEN_Y])
        reward = self.reward(decision.reward, height, loop.game.chicken_y, decision.game_over)
        st.game_score[i] += decision.reward
        st.game_return[i] += reward
        return decision, reward

    # -- what DQN does with the decisions (a PQN run overrides these two, training/pqn.py) ------------
    def remember(self, inputs: list[DecisionInput], decisions: list[DecisionStep], rewards: list[float]) -> None:
        """Each game's decision into its own replay memory (its frame stored once, as Dopamine's memory does)."""
        for replay, decision, reward, first in zip(self.replays, decisions, rewards, self.starting, strict=True):
            replay.add(decision.frame, decision.action, reward, decision.game_over, first)

    def learn(self, before: int) -> None:
        """The updates due at the decisions just played, (before, decisions]: one every `update_every`."""
        cfg, st = self.config, self.state
        for due in range(before + 1, st.decisions + 1):
            if due >= cfg.learning_starts and due % cfg.update_every == 0:
                self.learner.set_learning_rate(cfg.learning_rate(st.decisions, st.wall_s))
                self.note(self.learner.update(self._batch()))

    def note(self, info: dict[str, float]) -> None:
        """An update's loss and mean Q, averaged into the game's metrics row."""
        self.recent_loss.append(info["loss"])
        self.recent_q.append(info["q_mean"])

    def _checkpoint_due(self) -> bool:
        """`checkpoint_minutes` of wall time or `checkpoint_every` decisions since the last checkpoint."""
        cfg, st = self.config, self.state
        by_time = cfg.checkpoint_minutes > 0 and st.wall_s - st.last_checkpoint_wall_s >= cfg.checkpoint_minutes * 60
        return by_time or _crossed(cfg.checkpoint_every, st.last_checkpoint, st.decisions)

    def _rate(self) -> float:
        started, start_decisions, _ = self._clock
        return (self.state.decisions - start_decisions) / max(1e-9, time.perf_counter() - started)

    def _end_game(self, i: int, epsilon: float, rate: float) -> None:
        """Emulator i's game ended: its metrics row (at the decisions of the whole run), then its next game, whose
        number follows every game in play (the games started together take `games`, `games + 1`, ... in order)."""
        st = self.state
        self.folder.append_metrics(
            {
                "game": st.games,
                "decisions": st.decisions,
                "score": int(st.game_score[i]),
                "train_return": round(st.game_return[i], 4),
                "epsilon": round(epsilon, 4),
                "loss": round(float(np.mean(self.recent_loss)), 6) if self.recent_loss else "",
                "q_mean": round(float(np.mean(self.recent_q)), 4) if self.recent_q else "",
                "decisions_per_s": round(rate, 1),
                "wall_s": round(st.wall_s, 1),
            }
        )
        st.last_score = int(st.game_score[i])
        st.games += 1
        self._new_game(i, st.games + len(self.loops) - 1)

    def _new_game(self, i: int, number: int) -> None:
        self.loops[i].reset(self._game_seed(number))
        self.state.game_score[i] = self.state.game_return[i] = 0.0
        self.starting[i] = True

    def _reset_games(self) -> None:
        """A new game in every emulator, game numbers `games`, `games + 1`, ...; staggered, their starts are due."""
        for i in range(len(self.loops)):
            self._new_game(i, self.state.games + i)
        self._starts_due = self.config.game_starts is GameStarts.STAGGERED

    def _play_starts(self) -> None:
        """Staggered games' starts, at the run's first step (so once, in its clock, however often the games are
        reset before it): game i is played i/N of the way in by the policy at the run's epsilon, one forward pass
        for all, nothing remembered or counted."""
        self._starts_due = False
        ahead = [i * DECISIONS_PER_GAME // len(self.loops) for i in range(len(self.loops))]
        for k in range(max(ahead)):
            playing = [i for i, decisions in enumerate(ahead) if decisions > k]
            actions = self.policy.act_all([self.loops[i].begin_decision() for i in playing])
            for i, action in zip(playing, actions, strict=True):
                self._finish(i, action)

    def test(self) -> None:
        """Greedy test games on their own emulator (the training game and its random generator untouched);
        the tested model is kept, so any point of the curve can be evaluated further."""
        cfg, st = self.config, self.state
        st.last_test = st.decisions
        if cfg.test_games == 0 or cfg.test_every == 0:
            return
        path = self.folder.model_path(st.decisions)
        save_agent(path, self.learner.online, st.decisions)
        started = time.perf_counter()
        result = self.play_greedy("test", cfg.test_games, cfg.test_seed)
        test_s = time.perf_counter() - started
        row = {
            "decisions": st.decisions,
            "wall_s": round(st.wall_s, 1),  # when the tested model was taken; the test's own time follows
            "test_mean": round(result.mean, 3),
            "test_std": round(result.std, 3),
            "test_min": result.min,
            "test_max": result.max,
            "games": cfg.test_games,
            "test_s": round(test_s, 1),
            "model": path.name,
        }
        self.folder.append_test(row)
        for listener in self.test_listeners:
            listener(row)
        tqdm.write(f"decisions {st.decisions}: test mean {result.mean:.2f} over {cfg.test_games} games, "
                   f"{st.wall_s / 60:.1f} min")  # fmt: skip

    # -- checkpoints ----------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """The checkpoint: each stateful part's state dict, under the file name it is stored as."""
        return {
            "learner.pt": self.learner.state_dict(),
            **{_replay_part(i): replay.state_dict() for i, replay in enumerate(self.replays)},
            "loop.json": {
                **self.state.state_dict(),
                "rng": self.rng.bit_generator.state,
                "recent_loss": self.recent_loss,
                "recent_q": self.recent_q,
            },
        }

    def load_state_dict(self, state: dict) -> None:
        self.learner.load_state_dict(state["learner.pt"])
        for i, replay in enumerate(self.replays):
            replay.load_state_dict(state[_replay_part(i)])
        loop = dict(state["loop.json"])
        self.rng.bit_generator.state = loop.pop("rng")
        self.recent_loss, self.recent_q = loop.pop("recent_loss"), loop.pop("recent_q")
        self.demo_games = []  # a resumed run's student was taught long ago
        self.state.load_state_dict(loop)
        self._reset_games()

    def checkpoint(self) -> None:
        """A model file for this point, and a complete checkpoint swapped in atomically."""
        st = self.state
        st.last_checkpoint, st.last_checkpoint_wall_s = st.decisions, st.wall_s
        if not self.folder.model_path(st.decisions).exists():  # a test at this point saved it already
            save_agent(self.folder.model_path(st.decisions), self.learner.online, st.decisions)
        self.folder.save_checkpoint(self.state_dict())
        if self.folder.metrics_csv.exists():
            plot_learning_curve(self.folder.metrics_csv, self.run_dir / "learning_curve.png", self.folder.tests_csv)

    @classmethod
    def resume(cls, run_dir: Path, report: Callable[[str], None] = tqdm.write) -> Trainer:
        """Continue a run from its newest whole checkpoint (a damaged one is reported and skipped)."""
        run = RunFolder(run_dir, METRIC_FIELDS, TEST_FIELDS)
        checkpoint = run.load_checkpoint(report)
        trainer = cls(TrainConfig.from_dict(run.read_config()), run_dir)
        trainer.load_state_dict(checkpoint)
        run.keep_metrics_until("decisions", trainer.state.decisions)
        return trainer


def _replay_part(emulator: int) -> str:
    """A checkpoint's file for one emulator's replay memory (the first keeps the name of one-emulator runs)."""
    return "replay.npz" if emulator == 0 else f"replay-{emulator}.npz"


def _crossed(every: int, before: int, now: int) -> bool:
    """True when a multiple of `every` lies in (before, now]: something due every so many decisions."""
    return every > 0 and now // every > before // every
