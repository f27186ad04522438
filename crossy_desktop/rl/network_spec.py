"""What a Q-network is, as plain data: stored in every model file, readable without torch."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import NamedTuple

from crossy_desktop.config_fields import hp
from crossy_desktop.rl.observation import PIPELINE

# The Nature DQN torso: (filters as a multiple of `channels`, kernel, stride) for each convolution
NATURE_CONVOLUTIONS = ((1, 8, 4), (2, 4, 2), (2, 3, 1))


class Convolution(NamedTuple):
    """One convolution of QNetwork's torso, with its tensor names: what torch builds and numpy checks."""

    prefix: str  # its weight and bias tensors' prefix
    in_channels: int
    out_channels: int
    kernel: int
    stride: int
    out_size: int  # output height and width on an 84x84 input
    norm: str | None  # its LayerNorm's prefix; None without

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """(channels, height, width) of its output: what its LayerNorm normalises."""
        return self.out_channels, self.out_size, self.out_size


@dataclass(frozen=True)
class NetworkSpec:
    """Enough to rebuild the network from a model file. Its name is derived from what it is, so it cannot
    disagree with the tensors (model files store it for other tools to read; loading ignores it)."""

    in_channels: int = hp(4, "stacked frames (the observation pipeline's)", cli=False)
    n_actions: int = hp(3, "actions (the game's)", cli=False)
    # a third of Nature's network (3.2 M multiply-adds against 11 M): measured best for time to score on 2 cores
    # (issue 14: 31.53 / 31.73 / 31.77 over 30 fresh games by 30 minutes, 3 training seeds)
    channels: int = hp(16, "filters of the first convolution, twice as many in the next two (Nature DQN: 32)")
    hidden: int = hp(256, "units in each head's hidden layer (Nature DQN: 512)")
    dueling: bool = hp(False, "dueling heads: Q = V + A - mean(A)")
    input_norm: bool = hp(False, "per-pixel standardisation with statistics stored in the model (see QNetwork)")
    quantiles: int = hp(
        0, "QR-DQN: quantiles of each action's return the head predicts, Q their mean (0: one Q-value each)",
        range="non-negative",
    )  # fmt: skip
    # PQN (Gallici et al. 2024) learns without a target network; LayerNorm is what keeps it stable there
    layer_norm: bool = hp(False, "LayerNorm after each convolution and hidden layer (PQN's network)")

    @property
    def outputs_per_action(self) -> int:
        """Numbers the head gives each action: its quantiles, or one Q-value."""
        return max(1, self.quantiles)

    @property
    def features(self) -> int:
        """Outputs of the convolutions on an 84x84 input: the last one's channels x height x width."""
        return math.prod(self.convolutions[-1].out_shape)

    @property
    def name(self) -> str:
        """'cnn16-h256' for 16 first-layer filters and 256 hidden units; '-dueling', '-input-norm', '-qr32' (32
        quantiles), '-ln' (LayerNorm) as they apply."""
        name = f"cnn{self.channels}-h{self.hidden}" + "-dueling" * self.dueling + "-input-norm" * self.input_norm
        return name + (f"-qr{self.quantiles}" if self.quantiles else "") + "-ln" * self.layer_norm

    @property
    def convolutions(self) -> tuple[Convolution, ...]:
        """The torso's convolutions in order, with their shapes and QNetwork's tensor names for them."""
        step = 3 if self.layer_norm else 2  # conv, [norm,] ReLU
        layers, inputs, size = [], self.in_channels, PIPELINE.size
        for i, (multiple, kernel, stride) in enumerate(NATURE_CONVOLUTIONS):
            size = (size - kernel) // stride + 1
            norm = f"torso.{i * step + 1}" if self.layer_norm else None
            layers.append(
                Convolution(f"torso.{i * step}", inputs, multiple * self.channels, kernel, stride, size, norm)
            )
            inputs = multiple * self.channels
        return tuple(layers)

    def head_layers(self, head: str) -> tuple[str, str | None, str]:
        """A head's ("advantage" or "value") hidden layer, its LayerNorm (None without) and output layer."""
        if self.layer_norm:
            return f"{head}.0", f"{head}.1", f"{head}.3"
        return f"{head}.0", None, f"{head}.2"

    def to_dict(self) -> dict:
        return {"name": self.name, **asdict(self)}

    @classmethod
    def from_dict(cls, d: dict) -> NetworkSpec:
        """From a model file or a config.json; a stored name (older files: always "nature-dueling") is not used."""
        if not isinstance(d, dict):
            raise TypeError(f"a network is described by an object of settings, not {type(d).__name__}")
        return cls(**{k: v for k, v in d.items() if k != "name"})
