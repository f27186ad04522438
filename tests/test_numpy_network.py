"""The numpy forward pass (the player bundle's, without torch) gives torch's Q-values on the shipped models."""

import numpy as np
import pytest

from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.play.games import evaluate, record_game
from crossy_desktop.rl.agent_file import find_models, load_agent
from crossy_desktop.storage.paths import models_dir


@pytest.fixture(scope="module")
def observations():
    """Real stacks from a scripted game: 128 decisions spread over the whole game."""
    from crossy_desktop.rl.replay import ReplayBuffer

    demo = record_game(ScriptedController(), seed=21)
    buffer = ReplayBuffer(len(demo))
    for t in range(len(demo)):
        buffer.add(demo.frames[t], int(demo.actions[t]), 0.0, bool(demo.terminals[t]), t == 0)
    return buffer._stacks(np.linspace(0, len(demo) - 1, 128).astype(np.int64))


@pytest.mark.parametrize("model", find_models(models_dir()), ids=lambda p: p.stem)
def test_numpy_q_values_match_torch_on_every_shipped_model(model, observations):
    torch_agent = load_agent(model, backend="torch")
    numpy_agent = load_agent(model, backend="numpy")
    for obs in observations:
        expected = torch_agent.q_values(obs)
        got = numpy_agent.q_values(obs)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
        if np.sort(expected)[-1] - np.sort(expected)[-2] > 1e-4:  # no near-tie: the same greedy action
            assert got.argmax() == expected.argmax()


@pytest.mark.slow
def test_a_numpy_dqn_plays_a_whole_game_as_well_as_the_torch_one():
    model = find_models(models_dir())[0]
    numpy_score = evaluate("numpy", DQNController(model, backend="numpy"), episodes=1, seed=4).scores
    torch_score = evaluate("torch", DQNController(model, backend="torch"), episodes=1, seed=4).scores
    assert numpy_score == torch_score
    assert numpy_score[0] >= 25


@pytest.mark.parametrize(
    ("quantiles", "layer_norm"), [(0, False), (8, False), (0, True)], ids=["q-values", "qr-dqn", "pqn-layer-norm"]
)
def test_numpy_q_values_match_torch_on_a_smaller_torso(tmp_path, observations, quantiles, layer_norm):
    """And on a QR-DQN head (the quantiles' mean) and PQN's LayerNorm'd network, through a model file, whichever
    backend plays it."""
    import torch

    from crossy_desktop.rl.agent_file import save_agent
    from crossy_desktop.rl.network import NetworkSpec, QNetwork

    torch.manual_seed(5)
    path = tmp_path / "small.safetensors"
    spec = NetworkSpec(channels=16, hidden=64, dueling=True, quantiles=quantiles, layer_norm=layer_norm)
    network = QNetwork(spec)
    with torch.no_grad():  # every weight away from its start (norms start as the identity), so a misplaced one shows
        for weight in network.parameters():
            weight.add_(0.05 * torch.randn_like(weight))
    save_agent(path, network, training_decisions=0)
    torch_agent, numpy_agent = load_agent(path, backend="torch"), load_agent(path, backend="numpy")
    for obs in observations[:16]:
        np.testing.assert_allclose(numpy_agent.q_values(obs), torch_agent.q_values(obs), rtol=1e-4, atol=1e-5)
