"""ONNX export: the file's Q-values in onnxruntime are the project's own, and a bad input is one line."""

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from helpers import run_cli

from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.play.games import record_game
from crossy_desktop.rl.agent_file import Backend, load_agent
from crossy_desktop.rl.onnx_export import INPUT, OUTPUT, export_onnx

MODEL = Path(__file__).parent.parent / "models" / "freeway-dqn.safetensors"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export_onnx(MODEL, tmp_path_factory.mktemp("onnx") / "freeway-dqn.onnx")


def game_stacks(seed: int) -> np.ndarray:
    """Every 16th observation of a real game, as the window's pipeline stacks them: (N, 4, 84, 84) uint8."""
    frames = record_game(ScriptedController(), seed).frames
    index = np.arange(3, len(frames), 16)
    return np.stack([frames[i - 3 : i + 1] for i in index])


def test_onnxruntime_gives_the_projects_q_values_within_1e_4(exported):
    session = onnxruntime.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == [INPUT] and [o.name for o in session.get_outputs()] == [OUTPUT]
    agent = load_agent(MODEL, backend=Backend.TORCH)
    pixels = np.concatenate([game_stacks(3), np.random.default_rng(0).integers(0, 256, (8, 4, 84, 84), np.uint8)])
    ours = agent.q_batch(pixels)
    theirs = session.run(None, {INPUT: pixels})[0]
    assert theirs.shape == (len(pixels), 3)
    assert np.abs(theirs - ours).max() < 1e-4
    one = session.run(None, {INPUT: pixels[:1]})[0]
    assert np.abs(one - ours[:1]).max() < 1e-4, "one decision at a time (batch 1) too"


def test_the_file_names_its_pipeline_and_actions(exported):
    props = {p.key: p.value for p in onnx.load(str(exported)).metadata_props}
    assert props["crossy.pipeline"] == "gray-area84-stack4" and props["crossy.actions"] == '["NOOP", "UP", "DOWN"]'
    assert props["crossy.source"] == MODEL.name


def test_crossy_export_never_overwrites_and_a_bad_model_is_one_line(exported, tmp_path):
    taken = run_cli("export", str(MODEL), "--onnx", str(exported))
    assert taken.returncode == 1 and "exists" in taken.stderr and len(taken.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a model")
    broken = run_cli("export", str(bad), "--onnx", str(tmp_path / "bad.onnx"))
    assert broken.returncode == 1 and len(broken.stderr.strip().splitlines()) == 1, broken.stderr
    assert not (tmp_path / "bad.onnx").exists()
    missing = run_cli("export", str(tmp_path / "none.safetensors"), "--onnx", str(tmp_path / "x.onnx"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_qr_dqn_model_exports_the_mean_of_its_quantiles(tmp_path):
    """A QR network's file gives a runtime Q-values, the quantiles' means, as play uses them."""
    import torch

    from crossy_desktop.rl.agent_file import save_agent
    from crossy_desktop.rl.network import NetworkSpec, QNetwork

    torch.manual_seed(3)
    model = tmp_path / "qr.safetensors"
    save_agent(model, QNetwork(NetworkSpec(hidden=64, quantiles=8)), training_decisions=0)
    session = onnxruntime.InferenceSession(
        str(export_onnx(model, tmp_path / "qr.onnx")), providers=["CPUExecutionProvider"]
    )
    pixels = np.random.default_rng(1).integers(0, 256, (6, 4, 84, 84), np.uint8)
    theirs = session.run(None, {INPUT: pixels})[0]
    assert theirs.shape == (6, 3)
    assert np.abs(theirs - load_agent(model, backend=Backend.TORCH).q_batch(pixels)).max() < 1e-4
