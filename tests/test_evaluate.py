"""Evaluation: the protocol's raw score, the same for the same seed, the CLI's JSON shape."""

import json
import subprocess
import sys

import numpy as np
import pytest

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.play.games import bootstrap_ci, evaluate


class MostlyUp(Controller):
    """Random, seeded per game, so the score depends on the seed and on sticky actions."""

    name = kind = "mostly-up"

    def reset(self, seed=None):
        self.rng = np.random.default_rng(seed)

    def act(self, decision: DecisionInput) -> int:
        return int(self.rng.choice(3, p=[0.15, 0.75, 0.10]))


@pytest.mark.slow
def test_same_seed_same_scores_other_seed_other_scores():
    a = evaluate("mostly-up", MostlyUp(), episodes=2, seed=5)
    b = evaluate("mostly-up", MostlyUp(), episodes=2, seed=5)
    c = evaluate("mostly-up", MostlyUp(), episodes=2, seed=6)
    assert a.scores == b.scores
    assert min(a.scores) > 0
    assert a.scores != c.scores
    assert a.mean == np.mean(a.scores) and a.max == max(a.scores)


def test_bootstrap_interval_of_the_mean_holds_the_mean_and_narrows_with_more_games():
    assert bootstrap_ci(np.full(30, 31.0)) == (31.0, 31.0)
    rng = np.random.default_rng(1)
    few, many = rng.integers(26, 33, 10), rng.integers(26, 33, 300)
    (lo_few, hi_few), (lo_many, hi_many) = bootstrap_ci(few), bootstrap_ci(many)
    assert lo_few < few.mean() < hi_few and lo_many < many.mean() < hi_many
    assert hi_many - lo_many < (hi_few - lo_few) / 3, "30x the games: about 1/sqrt(30) the width"
    assert bootstrap_ci(few) == bootstrap_ci(few), "the same scores always get the same interval"


def test_cli_json_for_a_builtin_target():
    out = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "evaluate", "always-up", "--episodes", "1", "--seed", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {"target", "seed", "episodes", "mean", "std", "min", "max", "scores", "ci95"}
    assert result["target"] == "always-up" and result["episodes"] == 1 and result["seed"] == 2
    assert 20 <= result["scores"][0] <= 23, "always UP scores about 21"


def test_cli_reports_a_bad_model_in_one_line(tmp_path):
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"junk")
    out = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "evaluate", str(bad), "--episodes", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("crossy: bad.safetensors is not a readable model file")


@pytest.mark.slow
def test_stamp_writes_the_evaluation_into_a_copy_of_the_model(tmp_path):
    from crossy_desktop.rl.agent_file import load_agent, save_agent
    from crossy_desktop.rl.network import QNetwork

    model, stamped = tmp_path / "m.safetensors", tmp_path / "shipped.safetensors"
    save_agent(model, QNetwork(), training_decisions=77)
    out = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "evaluate", str(model), "--episodes", "1", "--stamp", str(stamped)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr
    meta = load_agent(stamped).metadata
    assert meta["training_decisions"] == 77
    assert meta["evaluation"]["episodes"] == 1 and meta["evaluation"]["target"] == str(model)


def test_stamp_works_without_torch_and_keeps_every_tensor(tmp_path):
    """The player bundle has no torch: --stamp copies tensors and metadata, adding only the evaluation."""
    from crossy_desktop.storage.model_file import load_model_file
    from crossy_desktop.storage.paths import models_dir

    model, stamped = models_dir() / "freeway-dqn.safetensors", tmp_path / "stamped.safetensors"
    code = (
        "import sys; sys.modules['torch'] = None\n"  # any `import torch` now fails
        "from crossy_desktop.cli import main\n"
        f"code = main(['evaluate', {str(model)!r}, '--episodes', '1', '--seed', '9', '--stamp', {str(stamped)!r}])\n"
        "print('torch' in sys.modules and sys.modules['torch'] is not None)\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False", "torch was never loaded"
    tensors, meta = load_model_file(stamped)
    original_tensors, original_meta = load_model_file(model)
    assert meta["evaluation"]["episodes"] == 1 and meta["evaluation"]["seed"] == 9
    assert {k: v for k, v in meta.items() if k != "evaluation"} == {
        k: v for k, v in original_meta.items() if k != "evaluation"
    }
    assert tensors.keys() == original_tensors.keys()
    for name in tensors:
        np.testing.assert_array_equal(tensors[name], original_tensors[name])
