"""What a Q-network is, as plain data: stored in every model file, readable without torch."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from crossy_desktop.config_fields import hp


@dataclass(frozen=True)
class NetworkSpec:
    """Enough to rebuild the network from a model file."""

    name: str = hp("nature-dueling", "the network's name in model files", cli=False)
    in_channels: int = hp(4, "stacked frames (the observation pipeline's)", cli=False)
    n_actions: int = hp(3, "actions (the game's)", cli=False)
    channels: int = hp(32, "filters of the first convolution, twice as many in the next two (Nature DQN: 32)")
    hidden: int = hp(512, "units in each head's hidden layer")
    dueling: bool = hp(True, "dueling heads: Q = V + A - mean(A)")
    input_norm: bool = hp(False, "per-pixel standardisation with statistics stored in the model (see QNetwork)")

    @property
    def features(self) -> int:
        """Outputs of the convolutions on an 84x84 input: the last one's channels x 7 x 7."""
        return 2 * self.channels * 7 * 7

    def to_dict(self) -> dict:
        return asdict(self)
