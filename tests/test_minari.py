"""Minari both ways: recorded games export as a dataset that keeps every frame and action and recovers the
registered environment; a dataset, ours or one made by Minari's own DataCollector, teaches."""

import shutil

import gymnasium as gym
import minari
import numpy as np
import pytest
from helpers import run_cli

from crossy_desktop import ENV_ID
from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.play.games import record_games
from crossy_desktop.rl.minari_dataset import load_minari
from crossy_desktop.storage.demo_file import load_demo_dir

pytestmark = pytest.mark.slow
TINY = ("--updates", "20", "--eval-every", "20", "--eval-games", "1")


@pytest.fixture
def datasets(tmp_path, monkeypatch):
    monkeypatch.setenv("MINARI_DATASETS_PATH", str(tmp_path / "minari"))
    return {"MINARI_DATASETS_PATH": str(tmp_path / "minari"), "CROSSY_DATA_DIR": str(tmp_path / "data")}


def test_an_export_keeps_every_frame_and_action_and_recovers_the_environment(scripted_demos, tmp_path, datasets):
    directory, _ = scripted_demos
    games = tmp_path / "games"
    games.mkdir()
    for path in sorted(directory.glob("*.demo.npz"))[:1]:
        shutil.copy(path, games / path.name)
    record_games(ScriptedController(), 1, 77, games)  # and one more, so the dataset holds two episodes
    result = run_cli("demos", "export", str(games), "--minari", "crossy/scripted-v0", env_extra=datasets)
    assert result.returncode == 0, result.stderr
    recorded = sorted(load_demo_dir(games).demos, key=lambda d: d.meta.seed)
    exported = sorted(load_minari("crossy/scripted-v0"), key=lambda d: d.meta.seed)
    assert len(exported) == len(recorded) == 2
    for ours, theirs in zip(recorded, exported, strict=True):
        for array in ("frames", "actions", "rewards", "terminals", "controllers"):
            assert np.array_equal(getattr(ours, array), getattr(theirs, array)), array
        assert np.array_equal(ours.rams[:, 14], theirs.rams[:, 14]), "the chicken's height, for training rewards"
        assert (theirs.meta.seed, theirs.meta.score, theirs.meta.controllers) == (
            ours.meta.seed, ours.meta.score, ours.meta.controllers)  # fmt: skip
    dataset = minari.load_dataset("crossy/scripted-v0")
    env = dataset.recover_environment()
    assert env.spec.id == ENV_ID
    first = next(dataset.iterate_episodes())
    assert first.observations.shape[1:] == (4, 84, 84) and len(first.observations) == len(first.actions) + 1
    again = run_cli("demos", "export", str(games), "--minari", "crossy/scripted-v0", env_extra=datasets)
    assert again.returncode == 1 and "exists" in again.stderr and len(again.stderr.strip().splitlines()) == 1


def test_a_dataset_made_by_minaris_data_collector_trains_offline_and_teaches(tmp_path, datasets):
    from minari import DataCollector

    env = DataCollector(gym.make(ENV_ID), record_infos=True)  # the infos carry the chicken's height
    planner = ScriptedController()
    for seed in (5, 6):
        env.reset(seed=seed)
        done = False
        while not done:
            ram = env.unwrapped.game.ram
            _, _, terminated, truncated, _ = env.step(planner.act(DecisionInput(np.zeros(0), ram)))
            done = terminated or truncated
    env.create_dataset("crossy/collected-v0", algorithm_name="scripted planner")
    env.close()
    run = tmp_path / "runs"
    trained = run_cli("train-offline", "--demos", "minari:crossy/collected-v0", "--run-dir", str(run), *TINY,
                      "--no-progress", env_extra=datasets, timeout=600)  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert (run / "best.safetensors").exists() or list(run.rglob("best.safetensors"))
    taught = run_cli("teach", "--demos", "minari:crossy/collected-v0", "--player", "minari:crossy/collected-v0",
                     "--out", str(tmp_path / "models"), "--test-games", "1", "--no-progress", *TINY,
                     env_extra=datasets, timeout=600)  # fmt: skip
    assert taught.returncode == 0, taught.stderr
    assert list((tmp_path / "models").glob("*.safetensors"))


def test_a_dataset_that_is_not_there_or_lacks_the_heights_is_one_line(tmp_path, datasets):
    missing = run_cli("train-offline", "--demos", "minari:crossy/none-v0", "--no-progress", env_extra=datasets)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1, missing.stderr
    from minari import DataCollector

    env = DataCollector(gym.make(ENV_ID))  # infos not recorded: Minari's default
    env.reset(seed=1)
    for _ in range(5):
        env.step(1)
    env.create_dataset("crossy/no-infos-v0", algorithm_name="always up")
    env.close()
    bare = run_cli("train-offline", "--demos", "minari:crossy/no-infos-v0", "--no-progress", env_extra=datasets)
    assert bare.returncode == 1 and "record_infos=True" in bare.stderr and len(bare.stderr.strip().splitlines()) == 1


def test_a_crafted_dataset_runs_no_code_it_names(tmp_path, datasets):
    """A dataset's metadata names the environment's entry point and wrappers: code that making that environment
    would import. Reading a dataset here never makes it (Minari's own recover_environment would)."""
    import json

    from minari import DataCollector

    env = DataCollector(gym.make(ENV_ID), record_infos=True)
    env.reset(seed=2)
    for _ in range(30):
        env.step(1)
    env.create_dataset("crossy/crafted-v0", algorithm_name="always up")
    env.close()
    sentinel = tmp_path / "ran"
    probe = tmp_path / "site"
    probe.mkdir()
    (probe / "crossy_probe_payload.py").write_text(f"open({str(sentinel)!r}, 'w').write('ran')\nclass Env: pass\n")
    meta_path = tmp_path / "minari" / "crossy" / "crafted-v0" / "data" / "metadata.json"
    meta = json.loads(meta_path.read_text())
    spec = json.loads(meta["env_spec"])
    spec["entry_point"] = "crossy_probe_payload:Env"  # the id stays: only the code it names changed
    meta["env_spec"] = json.dumps(spec)
    meta_path.write_text(json.dumps(meta))
    env_extra = {**datasets, "PYTHONPATH": str(probe)}
    trained = run_cli("train-offline", "--demos", "minari:crossy/crafted-v0", "--run-dir", str(tmp_path / "run"),
                      *TINY, "--no-progress", env_extra=env_extra, timeout=600)  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert not sentinel.exists(), "reading the dataset imported the module its metadata names"
    import subprocess
    import sys

    recovered = subprocess.run(  # the check can fail: Minari's own recover_environment imports it
        [sys.executable, "-c", "import minari; minari.load_dataset('crossy/crafted-v0').recover_environment()"],
        env={**__import__("os").environ, **env_extra}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert sentinel.exists(), recovered.stderr[-300:]
