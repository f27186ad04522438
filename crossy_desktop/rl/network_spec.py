"""What a Q-network is, as plain data: stored in every model file, readable without torch."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from crossy_desktop.config_fields import hp


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

    @property
    def outputs_per_action(self) -> int:
        """Numbers the head gives each action: its quantiles, or one Q-value."""
        return max(1, self.quantiles)

    @property
    def features(self) -> int:
        """Outputs of the convolutions on an 84x84 input: the last one's channels x 7 x 7."""
        return 2 * self.channels * 7 * 7

    @property
    def name(self) -> str:
        """'cnn16-h256' for 16 first-layer filters and 256 hidden units; '-dueling', '-input-norm', '-qr32' (32
        quantiles) as they apply."""
        name = f"cnn{self.channels}-h{self.hidden}" + "-dueling" * self.dueling + "-input-norm" * self.input_norm
        return name + (f"-qr{self.quantiles}" if self.quantiles else "")

    def to_dict(self) -> dict:
        return {"name": self.name, **asdict(self)}

    @classmethod
    def from_dict(cls, d: dict) -> NetworkSpec:
        """From a model file or a config.json; a stored name (older files: always "nature-dueling") is not used."""
        if not isinstance(d, dict):
            raise TypeError(f"a network is described by an object of settings, not {type(d).__name__}")
        return cls(**{k: v for k, v in d.items() if k != "name"})
