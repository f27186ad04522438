"""PQN (`crossy train --algorithm pqn`): its returns, its learner, and its runs, which resume as DQN's do."""

import csv
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch

from crossy_desktop.rl.learner_config import LearnerConfig
from crossy_desktop.rl.network import NetworkSpec, QNetwork
from crossy_desktop.rl.pqn import PQNLearner, Rollout, q_lambda_returns
from crossy_desktop.training.config import Algorithm, GameStarts, TrainConfig
from crossy_desktop.training.pqn import PQNTrainer
from crossy_desktop.training.preflight import config_problem
from crossy_desktop.training.trainers import new_trainer, resume_trainer

GAME = 2048


def test_q_lambda_returns_are_one_step_targets_at_lambda_0_and_discounted_sums_at_lambda_1():
    rewards = np.array([[1.0], [0.0], [2.0]], np.float32)
    values = np.array([[10.0], [20.0], [30.0]], np.float32)  # max Q of the state after each decision
    none = np.zeros((3, 1), np.bool_)
    g = 0.5
    np.testing.assert_allclose(q_lambda_returns(rewards, none, values, g, 0.0)[:, 0], [1 + g * 10, g * 20, 2 + g * 30])
    monte_carlo = [1 + g * 0 + g**2 * 2 + g**3 * 30, 0 + g * 2 + g**2 * 30, 2 + g * 30]
    np.testing.assert_allclose(q_lambda_returns(rewards, none, values, g, 1.0)[:, 0], monte_carlo)
    half = q_lambda_returns(rewards, none, values, g, 0.5)[:, 0]
    assert half[1] == pytest.approx(0 + g * (0.5 * (2 + g * 30) + 0.5 * 20))


def test_a_terminal_decision_returns_its_reward_alone_and_cuts_what_follows():
    rewards = np.array([[1.0], [5.0], [2.0]], np.float32)
    values = np.full((3, 1), 100.0, np.float32)
    terminals = np.array([[False], [True], [False]])
    returns = q_lambda_returns(rewards, terminals, values, 0.9, 0.65)[:, 0]
    assert returns[1] == 5.0  # the game ended: nothing after it counts
    assert returns[0] == pytest.approx(1 + 0.9 * (0.65 * 5.0 + 0.35 * 100.0))


def test_the_learner_fits_a_rollout_s_returns():
    """Many passes over one fixed rollout bring Q(s, a) of its decisions towards their returns."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    rollout = Rollout(8, 4, (4, 84, 84))
    for _ in range(8):
        rollout.add(rng.integers(0, 255, (4, 4, 84, 84), np.uint8), list(rng.integers(0, 3, 4)), [1.0] * 4, [False] * 4)
    assert rollout.full
    network = QNetwork(NetworkSpec(layer_norm=True))
    learner = PQNLearner(network, LearnerConfig(learning_rate=1e-3), torch.device("cpu"),
                         gamma=0.0, q_lambda=0.0, epochs=1, minibatches=4)  # fmt: skip
    first = learner.learn(rollout, rollout.observations[-1], rng)["loss"]
    for _ in range(30):
        last = learner.learn(rollout, rollout.observations[-1], rng)["loss"]
    assert learner.updates == 31 * 4
    assert last < 0.1 * first  # gamma 0: every return is the reward, 1


def tiny_pqn(total, envs=2):
    return TrainConfig(
        algorithm=Algorithm.PQN, envs=envs, total_decisions=total, seed=4, rollout_decisions=64, pqn_minibatches=4,
        epsilon_decay_decisions=3000, checkpoint_every=GAME * envs, test_every=GAME * envs, test_games=1, threads=1,
    )  # fmt: skip


def test_a_pqn_config_gets_the_layer_norm_network_and_refuses_what_it_cannot_run():
    assert tiny_pqn(GAME).network.layer_norm and not TrainConfig().network.layer_norm
    assert config_problem(tiny_pqn(GAME)) is None
    assert config_problem(replace(tiny_pqn(GAME), rollout_decisions=48)).option == "--rollout-decisions"
    assert config_problem(replace(tiny_pqn(GAME), pqn_minibatches=1000)).option == "--pqn-minibatches"
    assert config_problem(replace(tiny_pqn(GAME), network=NetworkSpec(quantiles=8))).option == "--quantiles"
    assert config_problem(replace(tiny_pqn(GAME), demo_dir="demos")).option == "--algorithm"


def test_the_command_line_refuses_a_rollout_that_does_not_divide_a_game_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "train", "--algorithm", "pqn", "--rollout-decisions", "48",
         "--run-dir", str(tmp_path / "run")], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "argument --rollout-decisions: must divide a game's 2048 decisions" in done.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_a_pqn_run_learns_every_rollout_and_resumes_bit_for_bit(tmp_path):
    straight = new_trainer(tiny_pqn(4 * GAME), tmp_path / "straight")
    assert isinstance(straight, PQNTrainer) and straight.replays == []
    straight.run(progress=False)
    rollouts = 2 * GAME // 64  # each of the 2 games' 2 rounds of 2,048 decisions, 64 at a time
    assert straight.learner.updates == rollouts * 2 * 4  # 2 epochs of 4 minibatches each
    with open(tmp_path / "straight" / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["decisions"]) for r in rows] == [2 * GAME, 2 * GAME, 4 * GAME, 4 * GAME]
    assert all(float(r["loss"]) > 0 for r in rows)

    first = new_trainer(tiny_pqn(2 * GAME), tmp_path / "killed")
    first.run(progress=False)
    del first
    resumed = resume_trainer(tmp_path / "killed", report=lambda line: None)
    assert isinstance(resumed, PQNTrainer) and resumed.state.decisions == 2 * GAME
    resumed.config.total_decisions = 4 * GAME
    resumed.run(progress=False)
    assert resumed.learner.updates == straight.learner.updates
    for name, weight in straight.learner.online.state_dict().items():
        assert torch.equal(weight, resumed.learner.online.state_dict()[name]), name
    assert straight.rng.bit_generator.state == resumed.rng.bit_generator.state


@pytest.mark.slow
def test_a_staggered_pqn_run_learns_across_the_games_ends_and_resumes_with_fresh_games(tmp_path):
    """Staggered, the second game ends in the middle of a rollout (its terminal cuts its returns there) and
    every rollout is still learned as soon as it is full; a checkpoint at the first game's end resumes with the
    second game started afresh (staggered again), so the run goes on to the same decisions and updates."""
    staggered = replace(tiny_pqn(4 * GAME), game_starts=GameStarts.STAGGERED, rollout_decisions=32)
    straight = new_trainer(staggered, tmp_path / "straight")
    straight.run(progress=False)
    assert straight.learner.updates == 4 * GAME // (2 * 32) * 2 * 4  # every rollout of 32 x 2 decisions learned
    with open(tmp_path / "straight" / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["decisions"]) for r in rows] == [GAME, 2 * GAME, 3 * GAME, 4 * GAME]

    first = new_trainer(replace(staggered, total_decisions=2 * GAME), tmp_path / "killed")
    first.run(progress=False)
    del first
    resumed = resume_trainer(tmp_path / "killed", report=lambda line: None)
    assert resumed.state.decisions == 2 * GAME and resumed._starts_due  # fresh games, staggered at its first step
    resumed.config.total_decisions = 4 * GAME
    resumed.run(progress=False)
    assert resumed.learner.updates == straight.learner.updates
    with open(tmp_path / "killed" / "metrics.csv", newline="") as f:
        assert [int(r["decisions"]) for r in csv.DictReader(f)] == [GAME, 2 * GAME, 3 * GAME, 4 * GAME]
