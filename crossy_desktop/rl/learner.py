"""The DQN learner: the optimisation step the original notebook left empty.

Double-DQN n-step targets, Huber loss, Adam, gradient clipping, and a target network that is blended
towards the online one every `target_period` updates (tau=1 is the classic hard copy; tau<1 a soft update).

Optional advantage learning (Bellemare et al., 2016, "Increasing the Action Gap"): the target loses
alpha * (max_b Q_target(s, b) - Q_target(s, a)), so every action but the best is pushed down by its own gap
over 1 - alpha while the best action's value is unchanged. In Freeway waiting one decision costs about 0.01
of a Q near 1: a gap of the size of the network's error.

With a QR network (`NetworkSpec.quantiles`; Dabney et al., 2018, "Distributional RL with Quantile
Regression") the TD loss is QR-DQN's quantile Huber loss between the chosen action's quantiles and the n-step
target's (the next state's best action, by mean, picked as Double DQN picks it); everything else, margin and
advantage learning included, acts on the Q-values, the quantiles' means.

On demonstration rows the loss adds DQfD's large-margin term (Hester et al., 2018):
max_a [Q(s, a) + margin * (a != a_E)] - Q(s, a_E). Expert data holds no bad actions, so TD alone never
learns that the others are worse; the margin pushes them at least `margin` below the expert's choice.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn.functional as F

from crossy_desktop.rl.learner_config import DemoLoss, LearnerConfig
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.replay import Batch

FORWARD_CHUNK = 512  # stacks per no-grad forward pass (bounds its float copy of the pixels to 58 MB)


class Learner:
    """What every learner shares: the online network (the one that acts), its Adam optimiser, the update count,
    and the greedy choices play and training ask of it."""

    def __init__(self, online: QNetwork, config: LearnerConfig, device: torch.device) -> None:
        self.config = config
        self.device = device
        # channels_last: convolution weights laid out as oneDNN wants them on a CPU; measured per update
        # (batch 32, 2 threads, medians of 60): Nature-dueling 30.5 -> 24.5 ms, 16-channel torso 9.8 -> 9.1
        memory_format = torch.channels_last if device.type == "cpu" else torch.preserve_format
        self.online = online.to(device, memory_format=memory_format)
        # fused: one kernel for the whole step; measured 42 -> 22 ms per update (batch 32, 2 CPU threads)
        self.optimizer = torch.optim.Adam(
            self.online.parameters(), lr=config.learning_rate, eps=config.adam_eps, fused=True
        )
        self.updates = 0

    def set_learning_rate(self, learning_rate: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate

    def step(self, loss: torch.Tensor) -> None:
        """One gradient step on `loss`, its gradient's norm clipped."""
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.online.parameters(), self.config.max_grad_norm)
        self.optimizer.step()
        self.updates += 1

    def q_values(self, observation: np.ndarray) -> np.ndarray:
        """(n_actions,) Q-values of one (4, 84, 84) stack."""
        return self.batch_q_values(observation[None])[0]

    @torch.no_grad()
    def batch_q_values(self, observations: np.ndarray) -> np.ndarray:
        """(M, n_actions) Q-values of M stacks, in forward passes of at most FORWARD_CHUNK stacks (M = 0: one
        empty pass, so the result still has its shape)."""
        out = [self.online(torch.from_numpy(observations[i : i + FORWARD_CHUNK]).to(self.device))
               for i in range(0, max(1, len(observations)), FORWARD_CHUNK)]  # fmt: skip
        return torch.cat(out).cpu().numpy()

    def greedy_actions(self, observations: np.ndarray) -> np.ndarray:
        """The online network's best action for each of a batch of stacks."""
        return self.batch_q_values(observations).argmax(axis=1)

    def state_dict(self) -> dict:
        return {"online": self.online.state_dict(), "optimizer": self.optimizer.state_dict(), "updates": self.updates}

    def load_state_dict(self, state: dict) -> None:
        self.online.load_state_dict(state["online"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.updates = int(state["updates"])


class DQNLearner(Learner):
    """Replay-memory batches, n-step Double-DQN targets from a target network (module docstring)."""

    def __init__(self, online: QNetwork, config: LearnerConfig, device: torch.device) -> None:
        super().__init__(online, config, device)
        self.target = copy.deepcopy(self.online).eval()
        for p in self.target.parameters():
            p.requires_grad_(False)

    def _tensors(self, batch: Batch) -> tuple[torch.Tensor, ...]:
        d = self.device
        return (
            torch.from_numpy(batch.states).to(d),
            torch.from_numpy(batch.actions).to(d),
            torch.from_numpy(batch.returns).to(d),
            torch.from_numpy(batch.next_states).to(d),
            torch.from_numpy(batch.discounts).to(d),
        )

    def td_loss(self, batch: Batch) -> tuple[torch.Tensor, torch.Tensor]:
        """The n-step TD loss and all Q-values of the batch's states."""
        states, actions, returns, next_states, discounts = self._tensors(batch)
        z_all = self.online.quantile_values(states)  # (B, A, K): K quantiles, or K = 1 Q-value
        q_all = z_all.mean(dim=2)
        z = z_all[torch.arange(len(actions)), actions]  # (B, K)
        alpha = self.config.advantage_alpha
        with torch.no_grad():
            if alpha > 0:  # the target network over states and next states in one pass (not timed apart)
                here_target, next_target = self.target.quantile_values(torch.cat((states, next_states))).chunk(2)
            else:
                next_target = self.target.quantile_values(next_states)
            if self.config.double_dqn:
                best = self.online(next_states).argmax(dim=1)
            else:
                best = next_target.mean(dim=2).argmax(dim=1)
            target = returns[:, None] + discounts[:, None] * next_target[torch.arange(len(best)), best]
            if alpha > 0:
                q_here = here_target.mean(dim=2)
                gap = q_here.max(dim=1).values - q_here.gather(1, actions[:, None]).squeeze(1)
                target = target - alpha * gap[:, None]
        if not self.online.spec.quantiles:
            return F.smooth_l1_loss(z.squeeze(1), target.squeeze(1)), q_all
        return quantile_huber_loss(z, target, self.config.quantile_kappa), q_all

    def margin_loss(self, q_all: torch.Tensor, batch: Batch) -> torch.Tensor:
        """The demonstration loss, averaged over the batch's demonstration rows (0 if there are none).

        margin (DQfD): max_a [Q(s, a) + margin * (a != a_E)] - Q(s, a_E), zero once the expert leads by the margin.
        cql (CQL(H)): logsumexp_a Q(s, a) - Q(s, a_E), a softmax over Q-values: never quite zero, smoother.
        """
        demo = torch.from_numpy(batch.demo).to(self.device)
        if not bool(demo.any()):
            return q_all.new_zeros(())
        actions = torch.from_numpy(batch.expert).to(self.device)[demo]
        q = q_all[demo]
        if self.config.demo_loss is DemoLoss.CQL:
            return (torch.logsumexp(q, dim=1) - q.gather(1, actions[:, None]).squeeze(1)).mean()
        margins = torch.full_like(q, self.config.margin)
        margins.scatter_(1, actions[:, None], 0.0)
        return ((q + margins).max(dim=1).values - q.gather(1, actions[:, None]).squeeze(1)).mean()

    @torch.no_grad()
    def start_from(self, weights: dict[str, torch.Tensor]) -> None:
        """Begin from trained weights (a taught student): the online and target networks both take them."""
        self.online.load_state_dict(weights)
        self.target.load_state_dict(weights)

    def update(self, batch: Batch) -> dict[str, float]:
        td, q_all = self.td_loss(batch)
        margin = self.margin_loss(q_all, batch)
        loss = td + self.config.margin_weight * margin
        self.step(loss)
        if self.updates % self.config.target_period == 0:
            self.update_target()
        actions = torch.from_numpy(batch.actions).to(self.device)
        expert = torch.from_numpy(batch.expert).to(self.device)
        q = q_all.detach()
        return {
            "loss": loss.item(),
            "td_loss": td.item(),
            "margin_loss": margin.item(),
            "q_mean": q.gather(1, actions[:, None]).mean().item(),
            "greedy_agrees": (q.argmax(1) == expert).float().mean().item(),  # with the actions it imitates
        }

    @torch.no_grad()
    def update_target(self) -> None:
        tau = self.config.target_tau
        for t, o in zip(self.target.parameters(), self.online.parameters(), strict=True):
            t.mul_(1.0 - tau).add_(o, alpha=tau)

    def state_dict(self) -> dict:
        return {**super().state_dict(), "target": self.target.state_dict()}

    def load_state_dict(self, state: dict) -> None:
        super().load_state_dict(state)
        self.target.load_state_dict(state["target"])


def quantile_huber_loss(quantiles: torch.Tensor, targets: torch.Tensor, kappa: float) -> torch.Tensor:
    """QR-DQN's loss of predicted quantiles (B, N) against target samples (B, M): each pair's Huber loss (its
    threshold `kappa`, divided by it, so errors past it weigh 1 whatever kappa is) weighted by
    |tau_i - 1{target < prediction}|, tau_i = (2i + 1) / 2N the i-th quantile's midpoint; summed over the N
    predictions, averaged over the M targets and the batch. Errors well past kappa make it the quantile loss."""
    n = quantiles.shape[1]
    tau = (torch.arange(n, device=quantiles.device, dtype=quantiles.dtype) + 0.5) / n
    errors = targets[:, None, :] - quantiles[:, :, None]  # (B, N, M)
    predicted, wanted = quantiles[:, :, None].expand_as(errors), targets[:, None, :].expand_as(errors)
    huber = F.huber_loss(predicted, wanted, reduction="none", delta=kappa) / kappa
    weight = (tau[None, :, None] - (errors.detach() < 0).to(quantiles.dtype)).abs()
    return (weight * huber).mean(dim=2).sum(dim=1).mean()
