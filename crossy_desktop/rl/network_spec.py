"""What a Q-network is, as plain data: stored in every model file, readable without torch."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class NetworkSpec:
    """Enough to rebuild the network from a model file."""

    name: str = "nature-dueling"
    in_channels: int = 4
    n_actions: int = 3
    hidden: int = 512
    dueling: bool = True
    input_norm: bool = False  # per-pixel standardisation with statistics stored in the model (see QNetwork)

    def to_dict(self) -> dict:
        return asdict(self)
