"""PQN's learner (Gallici et al. 2024, "Simplifying Deep Temporal Difference Learning"): Q-learning without
replay memory or target network.

Many games play side by side for a short rollout (`Rollout`: the last `decisions` of each); then every
decision's return is the Q(lambda) return computed backwards through the rollout from the network's own
greedy values, G_t = r_t + gamma (1 - done_t) [lambda G_t+1 + (1 - lambda) max_a Q(s_t+1, a)], and the network
is fitted to them with a squared loss for a few epochs of shuffled minibatches; the rollout is then dropped.
Each decision is learned from `epochs` times (2 by default: a quarter of the QR recipe's 4 sampled rows a
decision, an eighth of CleanRL DQN's 8), which is what makes a decision cheap. LayerNorm in the network
(NetworkSpec.layer_norm) is what keeps bootstrapping from the network being trained stable without a target.
"""

from __future__ import annotations

import numpy as np
import torch

from crossy_desktop.rl.learner import Learner


class Rollout:
    """The last `decisions` decisions of `envs` games played side by side: what each game saw (its stacked
    observation), did and got. Filled row by row, one row a decision of every game."""

    def __init__(self, decisions: int, envs: int, observation_shape: tuple[int, ...]) -> None:
        self.observations = np.zeros((decisions, envs, *observation_shape), np.uint8)
        self.actions = np.zeros((decisions, envs), np.int64)
        self.rewards = np.zeros((decisions, envs), np.float32)
        self.terminals = np.zeros((decisions, envs), np.bool_)
        self.filled = 0

    @property
    def full(self) -> bool:
        return self.filled == len(self.actions)

    def add(self, observations: np.ndarray, actions: list[int], rewards: list[float], terminals: list[bool]) -> None:
        t = self.filled
        self.observations[t], self.actions[t], self.rewards[t], self.terminals[t] = (
            observations, actions, rewards, terminals
        )  # fmt: skip
        self.filled += 1

    def clear(self) -> None:
        self.filled = 0


def q_lambda_returns(
    rewards: np.ndarray, terminals: np.ndarray, next_values: np.ndarray, gamma: float, lam: float
) -> np.ndarray:
    """(T, N) Q(lambda) returns: `next_values[t]` is max_a Q(s_t+1, a) (after the rollout's last decision, of the
    state it bootstraps from); a terminal decision's return is its reward alone."""
    returns = np.zeros_like(rewards)
    ahead = next_values[-1]  # beyond the rollout, the greedy value is all there is
    for t in reversed(range(len(rewards))):
        blended = lam * ahead + (1.0 - lam) * next_values[t]
        returns[t] = rewards[t] + gamma * (~terminals[t]) * blended
        ahead = returns[t]
    return returns


class PQNLearner(Learner):
    """Fits the online network to a rollout's Q(lambda) returns; nothing else is kept between rollouts."""

    def __init__(self, online, config, device, *, gamma: float, q_lambda: float, epochs: int, minibatches: int):
        super().__init__(online, config, device)
        self.gamma, self.q_lambda, self.epochs, self.minibatches = gamma, q_lambda, epochs, minibatches

    def learn(self, rollout: Rollout, bootstrap: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
        """`epochs` passes of shuffled minibatches over the full rollout; `bootstrap` (N, 4, 84, 84) is what each
        game sees after the rollout's last decision (ignored where that decision ended its game)."""
        steps, envs = rollout.actions.shape
        stacks = rollout.observations.reshape(steps * envs, *rollout.observations.shape[2:])
        # valued apart and joined as Q-values, not pixels: joining the stacks would copy the whole rollout
        next_q = np.concatenate((self.batch_q_values(stacks[envs:]), self.batch_q_values(bootstrap)))
        values = next_q.max(axis=1).reshape(steps, envs)
        returns = q_lambda_returns(rollout.rewards, rollout.terminals, values, self.gamma, self.q_lambda).ravel()
        actions = rollout.actions.ravel()
        losses, q_means = [], []
        for _ in range(self.epochs):
            for rows in np.array_split(rng.permutation(steps * envs), self.minibatches):
                q_all = self.online(torch.from_numpy(stacks[rows]).to(self.device))
                q = q_all.gather(1, torch.from_numpy(actions[rows]).to(self.device)[:, None]).squeeze(1)
                loss = 0.5 * (q - torch.from_numpy(returns[rows]).to(self.device)).square().mean()
                self.step(loss)
                losses.append(loss.item())
                q_means.append(q.detach().mean().item())
        return {"loss": float(np.mean(losses)), "q_mean": float(np.mean(q_means))}
