"""Stable-Baselines3 both ways: its DQN trains on the registered environment, and its model zip becomes a Crossy
model with the same Q-values, read without running any code the zip carries."""

import base64
import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch
from helpers import run_cli

from crossy_desktop import ENV_ID
from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.rl.agent_file import Backend, load_agent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sb3_zip(tmp_path_factory) -> tuple[Path, object, np.ndarray]:
    """An SB3 DQN that learned for 2,000 steps on CrossyDesktop/Freeway-v0: its zip, the model, observations."""
    from stable_baselines3 import DQN

    env = gym.make(ENV_ID)
    model = DQN("CnnPolicy", env, buffer_size=2_000, learning_starts=1_000, train_freq=4, seed=3, device="cpu")
    model.learn(2_000)
    assert model.num_timesteps == 2_000
    path = tmp_path_factory.mktemp("sb3") / "freeway-sb3.zip"
    model.save(path)
    observations = [env.reset(seed=9)[0]]
    for action in [1] * 40 + [0] * 20:
        observations.append(env.step(action)[0])
    env.close()
    return path, model, np.stack(observations)


def test_an_sb3_dqn_zip_becomes_a_model_with_its_q_values_that_plays(sb3_zip, tmp_path):
    path, model, observations = sb3_zip
    out = tmp_path / "converted.safetensors"
    result = run_cli("import-sb3", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with torch.no_grad():
        theirs = model.q_net(torch.as_tensor(observations)).numpy()
    for backend in (Backend.TORCH, Backend.NUMPY):  # the player bundle's numpy network too
        ours = load_agent(out, backend=backend).q_batch(observations)
        assert np.abs(ours - theirs).max() < 1e-4, backend
    controller = DQNController(out)
    assert controller.act(DecisionInput(observations[-1], np.zeros(128, np.uint8))) == int(theirs[-1].argmax())
    again = run_cli("import-sb3", str(path), "--out", str(out))
    assert again.returncode == 1 and "exists" in again.stderr, "never over a file"


class Evil:
    """Unpickling this runs a shell command that leaves a file behind."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self):
        return (os.system, (f"touch {self.sentinel}",))


def crafted_zip(path: Path, sentinel: Path, data: dict | None = None) -> Path:
    payload = base64.b64encode(pickle.dumps(Evil(sentinel))).decode()
    shape = {":type:": "<class 'gymnasium.spaces.box.Box'>", ":serialized:": payload, "dtype": "uint8",
             "_shape": "[4, 84, 84]"}  # fmt: skip
    policy = {":serialized:": payload, "__module__": "stable_baselines3.dqn.policies"}
    data = data or {"observation_space": shape, "action_space": {":serialized:": payload, "n": "3"},
                    "policy_class": policy}  # fmt: skip
    buffer = io.BytesIO()
    torch.save({"q_net.q_net.0.weight": Evil(sentinel)}, buffer)  # a pickle that runs code when loaded freely
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data", json.dumps(data))
        archive.writestr("policy.pth", buffer.getvalue())
    return path


def test_a_crafted_sb3_zip_runs_no_code_and_is_refused_in_one_line(tmp_path):
    sentinel = tmp_path / "pwned"
    crafted = crafted_zip(tmp_path / "crafted.zip", sentinel)
    result = run_cli("import-sb3", str(crafted), "--out", str(tmp_path / "x.safetensors"))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "refused" in result.stderr and not sentinel.exists() and not (tmp_path / "x.safetensors").exists()
    with zipfile.ZipFile(crafted) as archive:  # the check can fail: loaded freely, the same bytes do run code
        torch.load(io.BytesIO(archive.read("policy.pth")), weights_only=False)
    assert sentinel.exists()


def test_an_sb3_zip_dropped_on_the_window_is_converted_into_your_models_and_plays(sb3_zip, tmp_path, monkeypatch):
    import pygame
    from helpers import make_app, tick_until

    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    app = make_app(controller="human")
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(sb3_zip[0])))
    tick_until(app, lambda: app.session.controller.kind == "dqn", seconds=60)
    assert app.session.controller.model_path == tmp_path / "data" / "models" / "freeway-sb3.safetensors"
    app.session.use(app.roster.human)
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(sb3_zip[0])))  # the same zip again
    tick_until(app, lambda: app.session.controller.kind == "dqn", seconds=60)
    assert app.session.controller.model_path == tmp_path / "data" / "models" / "freeway-sb3.safetensors"
    assert [p.name for p in (tmp_path / "data" / "models").iterdir()] == ["freeway-sb3.safetensors"], "one copy"


def test_an_observation_that_does_not_match_is_named_in_one_line(tmp_path):
    data = {"observation_space": {"dtype": "uint8", "_shape": "[84, 84, 4]"}, "action_space": {"n": "3"}}
    result = run_cli("import-sb3", str(crafted_zip(tmp_path / "hwc.zip", tmp_path / "no", data)))
    assert result.returncode == 1 and "[84, 84, 4]" in result.stderr and "[4, 84, 84]" in result.stderr
    (tmp_path / "plain.zip").write_bytes(b"PK not really")
    broken = run_cli("import-sb3", str(tmp_path / "plain.zip"))
    assert broken.returncode == 1 and len(broken.stderr.strip().splitlines()) == 1
