"""The optimisation step the notebook left empty: it learns."""

import numpy as np
import pytest
import torch

from crossy_desktop.rl.learner import DQNLearner, LearnerConfig
from crossy_desktop.rl.network import NetworkSpec, QNetwork
from crossy_desktop.rl.replay import Batch


def fixed_batch(n=16):
    rng = np.random.default_rng(0)
    return Batch(
        states=rng.integers(0, 255, (n, 4, 84, 84), dtype=np.uint8),
        actions=rng.integers(0, 3, n).astype(np.int64),
        returns=rng.normal(1.0, 0.5, n).astype(np.float32),
        next_states=rng.integers(0, 255, (n, 4, 84, 84), dtype=np.uint8),
        discounts=np.where(rng.random(n) < 0.2, 0.0, 0.99**3).astype(np.float32),
    )


@pytest.mark.parametrize("spec", [NetworkSpec(), NetworkSpec(hidden=64, quantiles=16)], ids=["dqn", "qr-dqn"])
def test_updates_lower_the_td_loss_on_a_fixed_batch(spec):
    torch.manual_seed(0)
    learner = DQNLearner(QNetwork(spec), LearnerConfig(learning_rate=1e-3, target_period=10_000), torch.device("cpu"))
    batch = fixed_batch()
    with torch.no_grad():
        before = learner.td_loss(batch)[0].item()
    for _ in range(10):
        learner.update(batch)
    with torch.no_grad():
        after = learner.td_loss(batch)[0].item()
    assert after < 0.5 * before


def test_target_network_hard_and_soft_updates():
    torch.manual_seed(0)
    hard = DQNLearner(QNetwork(), LearnerConfig(learning_rate=1e-3, target_period=2), torch.device("cpu"))
    batch = fixed_batch(4)
    hard.update(batch)
    w = lambda net: next(net.parameters()).detach().clone()  # noqa: E731
    assert not torch.equal(w(hard.online), w(hard.target)), "target lags between updates"
    hard.update(batch)
    assert torch.equal(w(hard.online), w(hard.target)), "tau=1 copies every target_period updates"

    soft = DQNLearner(
        QNetwork(), LearnerConfig(learning_rate=1e-3, target_period=1, target_tau=0.1), torch.device("cpu")
    )
    old_target = w(soft.target)
    soft.update(batch)
    expected = 0.9 * old_target + 0.1 * w(soft.online)
    assert torch.allclose(w(soft.target), expected, atol=1e-6)


def test_double_dqn_target_uses_the_online_argmax():
    torch.manual_seed(0)
    learner = DQNLearner(QNetwork(), LearnerConfig(), torch.device("cpu"))
    # make the target network differ from the online one
    with torch.no_grad():
        for p in learner.target.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    batch = fixed_batch(8)
    with torch.no_grad():
        nxt = torch.from_numpy(batch.next_states)
        best = learner.online(nxt).argmax(1, keepdim=True)
        boot = learner.target(nxt).gather(1, best).squeeze(1)
        target = torch.from_numpy(batch.returns) + torch.from_numpy(batch.discounts) * boot
        q = (
            learner.online(torch.from_numpy(batch.states))
            .gather(1, torch.from_numpy(batch.actions)[:, None])
            .squeeze(1)
        )
        want = torch.nn.functional.smooth_l1_loss(q, target)
        got = learner.td_loss(batch)[0]
    assert torch.allclose(got, want)


def test_input_statistics_from_several_games_match_the_plain_formula_and_leave_the_input_alone():
    rng = np.random.default_rng(1)
    games = [rng.integers(0, 256, (n, 84, 84), dtype=np.uint8) for n in (300, 120)]
    games[0][:, :5, :5] = 9  # pixels that never change: their spread is the floor alone
    network = QNetwork(NetworkSpec(input_norm=True))
    network.fit_input_norm(games)
    frames = torch.from_numpy(np.concatenate(games)).float()
    torch.testing.assert_close(network.input_mean, frames.mean(dim=0))
    torch.testing.assert_close(network.input_scale, 1.0 / (frames.std(dim=0) + QNetwork.STD_FLOOR))
    pixels = torch.from_numpy(np.stack([games[1][:4]]))
    before = pixels.clone()
    network(pixels)
    assert torch.equal(pixels, before)  # the forward pass scales a copy, never the caller's tensor


def test_a_smaller_torso_is_built_from_the_spec():
    spec = NetworkSpec(channels=16, hidden=256, dueling=False)
    network = QNetwork(spec)
    assert network.torso[0].out_channels == 16 and network.torso[4].out_channels == 32
    assert network(torch.zeros((2, 4, 84, 84), dtype=torch.uint8)).shape == (2, 3)


def test_advantage_learning_lowers_the_target_by_alpha_times_the_target_networks_gap():
    torch.manual_seed(0)
    plain = DQNLearner(QNetwork(), LearnerConfig(), torch.device("cpu"))
    al = DQNLearner(QNetwork(), LearnerConfig(advantage_alpha=0.9), torch.device("cpu"))
    al.start_from(plain.online.state_dict())
    with torch.no_grad():  # a target network that differs from the online one, the same in both learners
        for p in plain.target.parameters():
            p.add_(torch.randn_like(p) * 0.05)
        al.target.load_state_dict(plain.target.state_dict())
    batch = fixed_batch(8)
    states, actions = torch.from_numpy(batch.states), torch.from_numpy(batch.actions)
    with torch.no_grad():
        here = plain.target(states)
        gap = here.max(1).values - here.gather(1, actions[:, None]).squeeze(1)
        q = plain.online(states).gather(1, actions[:, None]).squeeze(1)
        # the plain target, recovered from the plain loss's own pieces, less alpha * gap
        nxt = torch.from_numpy(batch.next_states)
        boot = plain.target(nxt).gather(1, plain.online(nxt).argmax(1, keepdim=True)).squeeze(1)
        target = torch.from_numpy(batch.returns) + torch.from_numpy(batch.discounts) * boot
        want = torch.nn.functional.smooth_l1_loss(q, target - 0.9 * gap)
        got = al.td_loss(batch)[0]
    assert gap.max() > 0, "the batch must hold actions that are not the target's best"
    assert torch.allclose(got, want, atol=1e-6)
    assert not torch.allclose(got, plain.td_loss(batch)[0])


def test_the_quantile_loss_moves_each_quantile_to_its_place_in_the_targets():
    """QR-DQN's loss, minimised over free quantiles against fixed samples, puts the i-th at the samples'
    (2i + 1) / 2N quantile: here 0.1, 0.3, ..., 0.9 of 0..1 spread evenly. With kappa past the samples' spread
    it would fit something else (expectiles: 0.25, 0.40, 0.5, ... measured), hence the learner's small kappa."""
    from crossy_desktop.rl.learner import quantile_huber_loss

    targets = torch.linspace(0.0, 1.0, 201)[None, :]
    quantiles = torch.zeros(1, 5, requires_grad=True)
    optimizer = torch.optim.Adam([quantiles], lr=0.01)
    for _ in range(2_000):
        optimizer.zero_grad()
        quantile_huber_loss(quantiles, targets, kappa=0.01).backward()
        optimizer.step()
    np.testing.assert_allclose(quantiles.detach().numpy()[0], [0.1, 0.3, 0.5, 0.7, 0.9], atol=0.02)


def test_a_qr_network_gives_the_mean_of_its_quantiles():
    torch.manual_seed(0)
    spec = NetworkSpec(hidden=64, quantiles=16)
    net = QNetwork(spec)
    assert spec.name == "cnn16-h64-qr16"
    states = torch.from_numpy(fixed_batch().states)
    with torch.no_grad():
        values = net.quantile_values(states)
        assert values.shape == (16, 3, 16)
        assert torch.allclose(net(states), values.mean(dim=2))


def test_a_qr_target_is_the_return_plus_the_discounted_quantiles_of_the_online_networks_best_next_action():
    torch.manual_seed(0)
    learner = DQNLearner(QNetwork(NetworkSpec(hidden=64, quantiles=4)), LearnerConfig(), torch.device("cpu"))
    with torch.no_grad():
        for p in learner.target.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    batch = fixed_batch(8)
    with torch.no_grad():
        nxt, rows = torch.from_numpy(batch.next_states), torch.arange(8)
        best = learner.online(nxt).argmax(1)
        target = (
            torch.from_numpy(batch.returns)[:, None]
            + torch.from_numpy(batch.discounts)[:, None] * (learner.target.quantile_values(nxt)[rows, best])
        )
        chosen = learner.online.quantile_values(torch.from_numpy(batch.states))[rows, torch.from_numpy(batch.actions)]
        tau = (torch.arange(4) + 0.5) / 4
        want = 0.0
        for b in range(8):  # the loss written out pair by pair
            for i in range(4):
                for j in range(4):
                    u = (target[b, j] - chosen[b, i]).item()
                    kappa = learner.config.quantile_kappa
                    huber = (0.5 * u * u if abs(u) <= kappa else kappa * (abs(u) - 0.5 * kappa)) / kappa
                    want += abs(tau[i].item() - (u < 0)) * huber / 4 / 8
        got = learner.td_loss(batch)[0].item()
    assert abs(got - want) < 1e-5
