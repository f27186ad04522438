"""A training run killed after a checkpoint resumes into exactly the state of an uninterrupted run."""

import csv
import json
from dataclasses import replace

import numpy as np
import pytest
import torch

from crossy_desktop.game.core import RAM_CAR_X
from crossy_desktop.training.config import GameStarts, TrainConfig
from crossy_desktop.training.online import Trainer

GAME = 2048  # decisions per game; checkpoints fall between games


def tiny_config(total, envs=1):
    return TrainConfig(
        envs=envs,
        total_decisions=total,
        seed=3,
        buffer_capacity=5_000,
        batch_size=4,
        learning_starts=GAME - 200,
        update_every=16,
        epsilon_decay_decisions=3000,
        checkpoint_every=GAME,
        test_every=GAME,
        test_games=1,
        threads=1,
    )


@pytest.mark.slow
@pytest.mark.parametrize("envs", [1, 2])
def test_save_kill_resume_gives_the_same_state(tmp_path, envs):
    straight = Trainer(tiny_config(2 * GAME * envs, envs), tmp_path / "straight")
    straight.run(progress=False)
    assert straight.state.games == 2 * envs

    first = Trainer(tiny_config(GAME * envs, envs), tmp_path / "killed")  # the process dies after its first checkpoint
    first.run(progress=False)
    del first
    resumed = Trainer.resume(tmp_path / "killed")
    assert resumed.state.decisions == GAME * envs
    resumed.config.total_decisions = 2 * GAME * envs
    resumed.run(progress=False)

    assert straight.learner.updates == resumed.learner.updates > 0
    straight_weights, resumed_weights = straight.learner.online.state_dict(), resumed.learner.online.state_dict()
    for name, weight in straight_weights.items():
        assert torch.equal(weight, resumed_weights[name]), name
    for name in ("frames", "actions", "rewards", "terminals", "firsts"):
        for straight_replay, resumed_replay in zip(straight.replays, resumed.replays, strict=True):
            np.testing.assert_array_equal(getattr(straight_replay, name), getattr(resumed_replay, name))
    assert straight.rng.bit_generator.state == resumed.rng.bit_generator.state
    straight_rows = (tmp_path / "straight" / "metrics.csv").read_text().splitlines()
    resumed_rows = (tmp_path / "killed" / "metrics.csv").read_text().splitlines()
    strip_timing = lambda rows: [r.rsplit(",", 2)[0] for r in rows]  # noqa: E731 - drop the speed columns
    assert strip_timing(straight_rows) == strip_timing(resumed_rows)
    assert (tmp_path / "killed" / "models" / f"model_{2 * GAME * envs:08d}.safetensors").exists()

    def tests(run):  # decisions and scores; wall and test times differ
        lines = (tmp_path / run / "tests.csv").read_text().splitlines()
        return [line.split(",")[0:1] + line.split(",")[2:7] for line in lines]

    assert tests("straight") == tests("killed")
    config = json.loads((tmp_path / "killed" / "config.json").read_text())
    assert config["learner"]["learning_rate"] == straight.config.learner.learning_rate


@pytest.mark.slow
def test_greedy_tests_write_the_curve_and_leave_training_untouched(tmp_path):
    """Test games play on their own emulator: a run with them learns exactly what a run without them does."""
    tested = Trainer(tiny_config(2 * GAME), tmp_path / "tested")
    tested.run(progress=False)
    untested = Trainer(replace(tiny_config(2 * GAME), test_every=0), tmp_path / "untested")
    untested.run(progress=False)

    for name, weight in tested.learner.online.state_dict().items():
        assert torch.equal(weight, untested.learner.online.state_dict()[name]), name
    assert tested.rng.bit_generator.state == untested.rng.bit_generator.state
    with open(tmp_path / "tested" / "tests.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["decisions"]) for r in rows] == [GAME, 2 * GAME]
    assert all(0 <= float(r["test_mean"]) <= 40 and int(r["games"]) == 1 for r in rows)
    assert [float(r["wall_s"]) for r in rows] == sorted(float(r["wall_s"]) for r in rows)
    assert all((tmp_path / "tested" / "models" / r["model"]).exists() for r in rows)
    assert not (tmp_path / "untested" / "tests.csv").exists()
    assert (tmp_path / "tested" / "learning_curve.png").stat().st_size > 0


def test_checkpoints_fall_every_checkpoint_minutes_of_wall_time_or_every_checkpoint_every_decisions(tmp_path):
    """A checkpoint writes the whole replay memory (seconds at full size), so by default it is due by wall time."""
    trainer = Trainer(replace(tiny_config(GAME), checkpoint_every=0, checkpoint_minutes=5.0), tmp_path / "run")
    st = trainer.state
    st.decisions, st.wall_s = 10 * GAME, 299.0
    assert not trainer._checkpoint_due()
    st.wall_s = 300.0
    assert trainer._checkpoint_due()
    trainer.checkpoint()
    assert (st.last_checkpoint, st.last_checkpoint_wall_s) == (10 * GAME, 300.0)
    assert trainer.folder.load_checkpoint()["loop.json"]["last_checkpoint_wall_s"] == 300.0  # kept for --resume
    st.decisions, st.wall_s = 20 * GAME, 599.0  # however many decisions
    assert not trainer._checkpoint_due()
    st.wall_s = 600.0
    assert trainer._checkpoint_due()

    trainer.config = replace(trainer.config, checkpoint_minutes=0.0, checkpoint_every=GAME)  # by decisions alone
    st.decisions, st.wall_s = 10 * GAME, 10_000.0
    assert not trainer._checkpoint_due()
    st.decisions += GAME
    assert trainer._checkpoint_due()


def test_learning_rate_falls_late_in_the_budget_whichever_budget_runs_out_first():
    config = replace(tiny_config(1000), wall_minutes=10.0, lr_decay_start=0.5, lr_end_fraction=0.1)
    initial = config.learner.learning_rate
    assert config.learning_rate(0, 0.0) == config.learning_rate(500, 0.0) == initial
    assert np.isclose(config.learning_rate(750, 0.0), initial * 0.55)
    assert np.isclose(config.learning_rate(0, 450.0), initial * 0.55)  # three quarters of the wall time
    assert np.isclose(config.learning_rate(1000, 0.0), initial * 0.1)
    assert np.isclose(config.learning_rate(5000, 9999.0), initial * 0.1)  # no lower after the budget
    assert tiny_config(1000).learning_rate(1000, 0.0) == initial  # the default: constant


def test_the_trainer_applies_the_schedule_to_its_optimizer(tmp_path):
    config = replace(tiny_config(GAME), test_every=0, lr_decay_start=0.0, lr_end_fraction=0.2)
    trainer = Trainer(config, tmp_path / "run")
    trainer.run(progress=False)
    (group,) = trainer.learner.optimizer.param_groups
    last_update = GAME - GAME % config.update_every
    assert np.isclose(group["lr"], config.learning_rate(last_update, 0.0))
    assert group["lr"] < 0.25 * config.learner.learning_rate


@pytest.mark.slow
def test_games_side_by_side_each_keep_their_own_memory_and_share_the_updates(tmp_path):
    """Two emulators: two different games at once, each stored whole and in order in its own replay memory, a
    metrics row each, and the learner updating once every `update_every` decisions of both together."""
    config = replace(tiny_config(2 * GAME, envs=2), test_every=0)
    trainer = Trainer(config, tmp_path / "run")
    trainer.run(progress=False)

    assert trainer.state.decisions == 2 * GAME and trainer.state.games == 2
    for replay in trainer.replays:
        assert len(replay) == GAME and replay.capacity == config.buffer_capacity // 2
        assert replay.firsts[:GAME].nonzero()[0].tolist() == [0]
        assert replay.terminals[:GAME].nonzero()[0].tolist() == [GAME - 1]
    first, second = trainer.replays
    assert not np.array_equal(first.frames[:GAME], second.frames[:GAME])  # their own seeds: different games
    due = range(config.learning_starts, 2 * GAME + 1)
    assert trainer.learner.updates == sum(d % config.update_every == 0 for d in due)
    with open(tmp_path / "run" / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(int(r["game"]), int(r["decisions"])) for r in rows] == [(0, 2 * GAME), (1, 2 * GAME)]
    batch = trainer._batch()
    assert len(batch.actions) == config.batch_size


def test_staggered_games_see_different_traffic_and_together_games_the_same(tmp_path):
    """Freeway's cars depend only on the time since the game started (bench/traffic_sync.py): games started
    together drive the same traffic, staggered ones a quarter of a game apart each drive their own."""
    cars = lambda trainer: [tuple(loop.game.ram[RAM_CAR_X]) for loop in trainer.loops]  # noqa: E731
    together = Trainer(replace(tiny_config(GAME, envs=4), test_every=0), tmp_path / "together")
    staggered = Trainer(
        replace(tiny_config(GAME, envs=4), test_every=0, game_starts=GameStarts.STAGGERED), tmp_path / "staggered"
    )
    assert [loop.game.frame_index for loop in staggered.loops] == [0] * 4  # the starts are the first step's
    together.step()
    staggered.step()
    assert len(set(cars(together))) == 1
    assert len(set(cars(staggered))) == 4
    assert [loop.game.frame_index // 4 for loop in staggered.loops] == [1, 513, 1025, 1537]
    assert staggered.state.decisions == 4 and len(staggered.replays[0]) == 1  # the starts counted nothing
    assert staggered.state.game_score[0] == 0


@pytest.mark.slow
def test_staggered_games_end_apart_each_stored_whole_from_where_it_joined(tmp_path):
    """Two staggered emulators: the second joins half way through its first game, so its replay memory starts
    there (a start: its stacks and returns never reach back), its game ends after 1,024 decisions and the next
    one starts at once; a metrics row each time a game ends, the run ending with the first emulator's game."""
    config = replace(tiny_config(2 * GAME, envs=2), test_every=0, game_starts=GameStarts.STAGGERED)
    trainer = Trainer(config, tmp_path / "run")
    trainer.run(progress=False)

    first, second = trainer.replays
    assert first.firsts[:GAME].nonzero()[0].tolist() == [0]
    assert first.terminals[:GAME].nonzero()[0].tolist() == [GAME - 1]
    assert second.firsts[:GAME].nonzero()[0].tolist() == [0, GAME // 2]
    assert second.terminals[:GAME].nonzero()[0].tolist() == [GAME // 2 - 1]
    with open(tmp_path / "run" / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(int(r["game"]), int(r["decisions"])) for r in rows] == [(0, GAME), (1, 2 * GAME)]
    assert trainer.state.games == 2 and trainer.loops[1].game.frame_index // 4 == GAME // 2
