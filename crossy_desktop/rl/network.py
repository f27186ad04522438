"""Q-networks for stacked 84x84 frames."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class NetworkSpec:
    """Enough to rebuild the network from a model file."""

    name: str = "nature-dueling"
    in_channels: int = 4
    n_actions: int = 3
    hidden: int = 512
    dueling: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


class QNetwork(nn.Module):
    """The Nature DQN torso with dueling heads: Q = V + A - mean(A).

    Input is uint8 pixels; scaling to [0, 1] happens here so every caller feeds the same thing.
    """

    def __init__(self, spec: NetworkSpec = NetworkSpec()) -> None:
        super().__init__()
        self.spec = spec
        self.torso = nn.Sequential(
            nn.Conv2d(spec.in_channels, 32, 8, stride=4),
            nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride=2),
            nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride=1),
            nn.ReLU(),
            nn.Flatten(),
        )
        features = 64 * 7 * 7
        self.advantage = nn.Sequential(
            nn.Linear(features, spec.hidden), nn.ReLU(), nn.Linear(spec.hidden, spec.n_actions)
        )
        self.value = (
            nn.Sequential(nn.Linear(features, spec.hidden), nn.ReLU(), nn.Linear(spec.hidden, 1))
            if spec.dueling
            else None
        )

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        h = self.torso(pixels.float() / 255.0)
        adv = self.advantage(h)
        if self.value is None:
            return adv
        return self.value(h) + adv - adv.mean(dim=1, keepdim=True)
