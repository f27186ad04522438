"""Q-networks for stacked 84x84 frames."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.rl.observation import PIPELINE

__all__ = ["NetworkSpec", "QNetwork"]


def _head(spec: NetworkSpec, features: int, outputs: int) -> nn.Sequential:
    """One hidden layer (LayerNorm'd with `spec.layer_norm`) and a linear output."""
    norm = [nn.LayerNorm(spec.hidden)] if spec.layer_norm else []
    return nn.Sequential(nn.Linear(features, spec.hidden), *norm, nn.ReLU(), nn.Linear(spec.hidden, outputs))


class QNetwork(nn.Module):
    """The Nature DQN torso (its filters scaled by `spec.channels`) and, with `spec.dueling`, dueling heads,
    Q = V + A - mean(A); without, one head gives Q (its layers keep the name `advantage`, as model files
    have always called them).

    With `spec.quantiles` (QR-DQN, Dabney et al. 2018) each action gets that many quantiles of its return
    instead of one value; `quantile_values` gives them to the learner and `forward` their mean, the Q-value,
    so play, exports and the agent's eye use a QR network as any other.

    With `spec.layer_norm` (PQN's network) a LayerNorm follows each convolution and each hidden layer, before
    its ReLU; the layers' tensor names shift by one per norm (NetworkSpec.convolutions and head_layers name them).

    Input is uint8 pixels; scaling happens here so every caller feeds the same thing. By default pixels
    are scaled to [0, 1]. With `input_norm`, each pixel is standardised with a mean and spread measured on
    the training data and stored in the model file: Freeway's frames differ from one another in only a
    few pixels (the chicken, the cars; the per-pixel spread averages 4 of 255), and learning from 10
    demonstration games got nowhere in 6,000 updates on [0, 1] input, but reached 99% agreement with the
    demonstrator in 1,000 once standardised (measured with a cross-entropy probe, 2 CPU threads).
    """

    STD_FLOOR = 8.0  # added to each pixel's spread, so pixels that never change are not blown up

    def __init__(self, spec: NetworkSpec = NetworkSpec()) -> None:
        super().__init__()
        self.spec = spec
        torso: list[nn.Module] = []
        for conv in spec.convolutions:
            torso.append(nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel, stride=conv.stride))
            torso += [nn.LayerNorm(list(conv.out_shape)), nn.ReLU()] if spec.layer_norm else [nn.ReLU()]
        self.torso = nn.Sequential(*torso, nn.Flatten())
        features, k = spec.features, spec.outputs_per_action
        self.advantage = _head(spec, features, spec.n_actions * k)
        self.value = _head(spec, features, k) if spec.dueling else None
        if spec.input_norm:
            self.register_buffer("input_mean", torch.zeros(PIPELINE.size, PIPELINE.size))
            self.register_buffer("input_scale", torch.ones(PIPELINE.size, PIPELINE.size))

    @torch.no_grad()
    def fit_input_norm(self, frame_sets: list[np.ndarray]) -> None:
        """Per-pixel mean and (sample) spread of training frames, given as arrays of (N, 84, 84) uint8.

        Summed set by set in float64 rather than converted to one float tensor (10 games are 20,480
        frames: 580 MB as float32, seconds of work before teaching could start)."""
        count = sum(len(f) for f in frame_sets)
        total = sum(f.sum(axis=0, dtype=np.float64) for f in frame_sets)
        squares = sum(np.einsum("nij,nij->ij", f, f, dtype=np.float64) for f in frame_sets)
        mean = total / count
        std = np.sqrt(np.maximum(squares - count * mean**2, 0.0) / max(1, count - 1))
        self.input_mean.copy_(torch.from_numpy(mean.astype(np.float32)))
        self.input_scale.copy_(torch.from_numpy((1.0 / (std + self.STD_FLOOR)).astype(np.float32)))

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, n_actions) Q-values."""
        values = self.quantile_values(pixels)
        return values.mean(dim=2) if self.spec.quantiles else values.squeeze(2)

    def quantile_values(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, n_actions, quantiles) for a QR network; (B, n_actions, 1), the Q-values, for any other."""
        x = pixels.to(torch.float32, copy=True)  # a fresh tensor, so scaling it in place touches no caller's data
        if self.spec.input_norm:
            x.sub_(self.input_mean).mul_(self.input_scale)
        else:
            x.div_(255.0)
        h = self.torso(x)
        adv = self.advantage(h).unflatten(1, (self.spec.n_actions, self.spec.outputs_per_action))  # any batch size
        if self.value is None:
            return adv
        return self.value(h)[:, None, :] + adv - adv.mean(dim=1, keepdim=True)
