"""A training run killed after a checkpoint resumes into exactly the state of an uninterrupted run."""

import json

import numpy as np
import torch

from crossy_desktop.training.config import TrainConfig
from crossy_desktop.training.online import Trainer

GAME = 2048  # decisions per game; checkpoints fall between games


def tiny_config(total):
    return TrainConfig(
        total_decisions=total,
        seed=3,
        buffer_capacity=5_000,
        batch_size=4,
        learning_starts=GAME - 200,
        update_every=16,
        epsilon_decay_decisions=3000,
        checkpoint_every=GAME,
        threads=1,
    )


def test_save_kill_resume_gives_the_same_state(tmp_path):
    straight = Trainer(tiny_config(2 * GAME), tmp_path / "straight")
    straight.run(progress=False)
    assert straight.state.games == 2

    first = Trainer(tiny_config(GAME), tmp_path / "killed")  # the process dies after its first checkpoint
    first.run(progress=False)
    del first
    resumed = Trainer.resume(tmp_path / "killed")
    assert resumed.state.decisions == GAME
    resumed.config.total_decisions = 2 * GAME
    resumed.run(progress=False)

    assert straight.learner.updates == resumed.learner.updates > 0
    straight_weights, resumed_weights = straight.learner.online.state_dict(), resumed.learner.online.state_dict()
    for name, weight in straight_weights.items():
        assert torch.equal(weight, resumed_weights[name]), name
    for name in ("frames", "actions", "rewards", "terminals", "firsts"):
        np.testing.assert_array_equal(getattr(straight.replay, name), getattr(resumed.replay, name))
    assert straight.rng.bit_generator.state == resumed.rng.bit_generator.state
    straight_rows = (tmp_path / "straight" / "metrics.csv").read_text().splitlines()
    resumed_rows = (tmp_path / "killed" / "metrics.csv").read_text().splitlines()
    strip_timing = lambda rows: [r.rsplit(",", 2)[0] for r in rows]  # noqa: E731 - drop the speed columns
    assert strip_timing(straight_rows) == strip_timing(resumed_rows)
    assert (tmp_path / "killed" / "models" / f"model_{2 * GAME:08d}.safetensors").exists()
    config = json.loads((tmp_path / "killed" / "config.json").read_text())
    assert config["learner"]["learning_rate"] == straight.config.learner.learning_rate
